package synth

import (
	"strconv"

	"github.com/spanlens/spanlens/core/model"
)

// maxAgentNesting bounds sub-agents within sub-agents.
const maxAgentNesting = 2

// agentTrace appends one agent run of n spans in depth-first order.
func (g *gen) agentTrace(tid model.TraceID, n int, start int64) {
	conv := model.StringValue("conv_" + strconv.FormatUint(g.r.Uint64(), 36))
	g.agent(tid, -1, 0, n, start, 0, conv)
}

// agent appends an invoke_agent span and budget-1 descendants starting at
// start, and returns its end. The run alternates a chat call with one to
// three tool calls (run one after another, or in parallel half the time),
// always ending with a chat call that answers. One tool call in ten, above
// the nesting bound, is a sub-agent; tools may make HTTP or database calls.
// Token counts grow as the conversation does, and later calls read the
// earlier prompt from the provider's cache.
func (g *gen) agent(tid model.TraceID, parent int32, depth, budget int, start int64, svc int, conv model.Value) int64 {
	an := &agentNames[g.pick(len(agentNames))]
	m := &models[g.pick(len(models))]
	f := g.fails(3)
	idx := g.newSpan(tid, parent, svc, start, start)
	sp := &g.b.Spans[idx]
	sp.Name, sp.Kind, sp.Scope = an.spanName, model.KindInternal, scopeAgents
	sp.Attrs = append(g.attrs(5, f),
		model.Attr{Key: "gen_ai.operation.name", Value: model.StringValue("invoke_agent")},
		model.Attr{Key: "gen_ai.agent.name", Value: model.StringValue(an.name)},
		model.Attr{Key: "gen_ai.provider.name", Value: model.StringValue(m.provider)},
		model.Attr{Key: "gen_ai.request.model", Value: model.StringValue(m.request)},
		model.Attr{Key: "gen_ai.conversation.id", Value: conv},
	)
	t := start + ms(1) + g.jitter(ms(4))
	input, cached := int64(800+g.pick(2500)), int64(0)
	for r := budget - 1; r > 0; {
		r--
		final := r == 0
		out := int64(20 + g.pick(400))
		if final {
			out = int64(150 + g.pick(900))
		}
		t = g.chat(tid, idx, svc, m, t, input, cached, out, final) + us(200) + g.jitter(ms(2))
		if final {
			break
		}
		// Keep one span for the final chat call.
		k := min(1+g.pick(3), r-1)
		parallel := k > 1 && g.pick(2) == 0
		t0, latest := t, t
		for j := range k {
			avail := r - 1 - (k - j - 1) // leave one span for each later tool
			cs := t
			if parallel {
				cs = t0 + g.jitter(ms(2))
			}
			var ce int64
			used := 1
			if depth < maxAgentNesting && avail >= 3 && g.pick(10) == 0 {
				used = 2 + g.pick(min(avail-1, 30))
				sub := svc
				if g.pick(2) == 0 {
					sub = g.otherService(svc)
				}
				ce = g.agent(tid, idx, depth+1, used, cs, sub, conv)
			} else {
				ce, used = g.tool(tid, idx, svc, cs, avail)
			}
			r -= used
			if parallel {
				latest = max(latest, ce)
			} else {
				t = ce + us(100) + g.jitter(ms(1))
			}
		}
		if parallel {
			t = latest + us(100) + g.jitter(ms(1))
		}
		cached = input / 128 * 128 // the next call re-reads this prompt
		input += out + int64(100+g.pick(3000))
		input = min(input, 180_000)
	}
	end := t + g.jitter(ms(2))
	g.b.Spans[idx].End = end
	g.finish(idx, f, "gen_ai.agent.handoff", model.Attr{Key: "gen_ai.agent.name", Value: model.StringValue(an.name)})
	return end
}

// chat appends an LLM call starting at start and returns its end. Its
// duration is time to first token plus the output at 5–20 ms a token.
func (g *gen) chat(tid model.TraceID, parent int32, svc int, m *llmModel, start, input, cached, out int64, final bool) int64 {
	var f *failure
	if g.fails(1) != nil {
		f = &failures[3] // rate limited
	}
	end := start + ms(200) + g.jitter(ms(600))
	if f == nil {
		end += out * (ms(5) + g.jitter(ms(15)))
	}
	idx := g.newSpan(tid, parent, svc, start, end)
	sp := &g.b.Spans[idx]
	sp.Name, sp.Kind, sp.Scope = m.chatName, model.KindClient, int32(m.scope)
	sp.Attrs = append(g.attrs(10, f),
		model.Attr{Key: "gen_ai.operation.name", Value: model.StringValue("chat")},
		model.Attr{Key: "gen_ai.provider.name", Value: model.StringValue(m.provider)},
		model.Attr{Key: "gen_ai.request.model", Value: model.StringValue(m.request)},
		model.Attr{Key: "gen_ai.request.temperature", Value: model.DoubleValue(0.2)},
	)
	if f == nil {
		finish := finishToolCalls
		if final {
			finish = finishStop
		}
		sp.Attrs = append(sp.Attrs,
			model.Attr{Key: "gen_ai.response.model", Value: model.StringValue(m.response)},
			model.Attr{Key: "gen_ai.response.finish_reasons", Value: finish},
			model.Attr{Key: "gen_ai.usage.input_tokens", Value: model.IntValue(input)},
			model.Attr{Key: "gen_ai.usage.output_tokens", Value: model.IntValue(out)},
		)
		if cached >= 1024 {
			sp.Attrs = append(sp.Attrs, model.Attr{Key: "gen_ai.usage.cache_read.input_tokens", Value: model.IntValue(cached)})
		}
		if m.reasoning {
			sp.Attrs = append(sp.Attrs, model.Attr{Key: "llm.token_count.completion_details.reasoning", Value: model.IntValue(out / 2)})
		}
	}
	g.finish(idx, f, "gen_ai.choice", model.Attr{Key: "gen_ai.response.finish_reasons", Value: finishToolCalls})
	return end
}

// tool appends an execute_tool span starting at start, with up to avail-1
// HTTP or database calls under it when the tool makes them, and returns its
// end and the spans it used.
func (g *gen) tool(tid model.TraceID, parent int32, svc int, start int64, avail int) (int64, int) {
	tl := &tools[g.pick(len(tools))]
	f := g.fails(3)
	idx := g.newSpan(tid, parent, svc, start, start)
	sp := &g.b.Spans[idx]
	sp.Name, sp.Kind, sp.Scope = tl.spanName, model.KindInternal, scopeAgents
	sp.Attrs = append(g.attrs(4, f),
		model.Attr{Key: "gen_ai.operation.name", Value: model.StringValue("execute_tool")},
		model.Attr{Key: "gen_ai.tool.name", Value: model.StringValue(tl.name)},
		model.Attr{Key: "gen_ai.tool.type", Value: model.StringValue("function")},
		model.Attr{Key: "gen_ai.tool.call.id", Value: model.StringValue("call_" + strconv.FormatUint(g.r.Uint64N(1<<48), 36))},
	)
	t := start + us(100) + g.jitter(ms(1))
	calls := 0
	if tl.child != toolNone {
		calls = min(g.pick(3), avail-1)
	}
	for range calls {
		f := g.fails(2)
		end := t + ms(5) + g.jitter(ms(800))
		c := g.newSpan(tid, idx, svc, t, end)
		if tl.child == toolHTTP {
			g.clientAttrs(&g.b.Spans[c], "GET", externalHosts[g.pick(len(externalHosts))], 443, f)
			g.finish(c, f, "http.retry", model.Attr{Key: "http.request.resend_count", Value: model.IntValue(1)})
		} else {
			g.dbAttrs(&g.b.Spans[c], &queries[g.pick(len(queries))], f)
			g.finish(c, f, "db.pool.wait", model.Attr{Key: "db.client.connection.pool.name", Value: model.StringValue("primary")})
		}
		t = end + g.jitter(ms(2))
	}
	end := t + ms(1) + g.jitter(ms(300))
	g.b.Spans[idx].End = end
	g.finish(idx, f, "tool.output", model.Attr{Key: "tool.output.bytes", Value: model.IntValue(int64(16 + g.pick(8192)))})
	return end, 1 + calls
}
