package spanforge

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spanlens/spanlens/core/internal/decode"
	"github.com/spanlens/spanlens/core/internal/decode/decodetest"
	"github.com/spanlens/spanlens/core/model"
)

const sfBase = int64(1718000000000000000) // 2024-06-10T06:13:20Z, the samples' start
const sfMs = int64(1e6)

// sfSpanByName returns the span named name.
func sfSpanByName(t *testing.T, b *model.Batch, name string) *model.Span {
	t.Helper()
	for i := range b.Spans {
		if b.Spans[i].Name == name {
			return &b.Spans[i]
		}
	}
	t.Fatalf("no span named %q", name)
	return nil
}

// sfLine is one envelope line with the given event type and payload.
func sfLine(eventType, payload string) string {
	return `{"event_type":"` + eventType + `","payload":` + payload + `,"source":"agent@0.1.0","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"}`
}

// sfPayload is a span payload with the given id, name, times and extras.
func sfPayload(id, name string, start, end int64, extra string) string {
	return `{"span_id":"` + id + `","span_name":"` + name + `","operation":"chat","span_kind":"CLIENT","status":"ok",` +
		`"start_time_unix_nano":` + strconv.FormatInt(start, 10) + `,"end_time_unix_nano":` + strconv.FormatInt(end, 10) + extra + `}`
}

func TestSpanforgeMultiAgent(t *testing.T) {
	data := decodetest.Testdata(t, samples, "spanforge")["multi_agent.jsonl"]
	b, err := testDecode(data, decode.Options{Format: model.Spanforge})
	require.NoError(t, err)
	require.Len(t, b.Spans, 5, "3 spans from 7 span events, and 2 agent runs")
	assert.Equal(t, "spanforge", string(b.Format))
	assert.Equal(t, []model.Warning{{Span: -1, Message: `line 3: events of type "llm.cost.token.recorded" skipped (they are not spans)`}}, b.Warnings)

	require.Len(t, b.Resources, 1)
	assert.Equal(t, "orchestrator", b.Resources[0].Service)
	assert.Equal(t, "1.2.0", b.Resources[0].Attrs[1].Value.Str())

	coord := sfSpanByName(t, b, "agent_run:coordinator")
	researcher := sfSpanByName(t, b, "agent_run:researcher")
	gpt := sfSpanByName(t, b, "llm_call:gpt-4o")
	claude := sfSpanByName(t, b, "llm_call:claude-3-5-sonnet-20241022")
	tool := sfSpanByName(t, b, "tool_call:web_search")

	// The tree: coordinator → {gpt-4o, researcher → {claude, web_search}}.
	// gpt-4o, claude and web_search carry only their run's agent_run_id.
	tests := []struct {
		span       *model.Span
		id, parent string
		start, end int64
		kind       model.SpanKind
		status     model.Status
		typ, op    string
	}{
		{coord, "c1d2e3f4a5b6c7d8", "0000000000000000", sfBase, sfBase + 2100*sfMs, model.KindInternal,
			model.Status{Code: model.StatusOK}, "agent_run", "invoke_agent"},
		{gpt, "1a2b3c4d5e6f7081", "c1d2e3f4a5b6c7d8", sfBase + 50*sfMs, sfBase + 350*sfMs, model.KindClient,
			model.Status{Code: model.StatusOK}, "llm_call", "chat"},
		{researcher, "d4c3b2a1f0e9d8c7", "c1d2e3f4a5b6c7d8", sfBase + 400*sfMs, sfBase + 2050*sfMs, model.KindInternal,
			model.Status{Code: model.StatusOK}, "agent_run", "invoke_agent"},
		{claude, "2b3c4d5e6f708192", "d4c3b2a1f0e9d8c7", sfBase + 450*sfMs, sfBase + 1600*sfMs, model.KindClient,
			model.Status{Code: model.StatusOK}, "llm_call", "chat"},
		{tool, "3c4d5e6f708192a3", "d4c3b2a1f0e9d8c7", sfBase + 1650*sfMs, sfBase + 1950*sfMs, model.KindClient,
			model.Status{Code: model.StatusError, Message: "503 Service Unavailable"}, "tool_call", "execute_tool"},
	}
	for _, tt := range tests {
		t.Run(tt.span.Name, func(t *testing.T) {
			sp := tt.span
			assert.Equal(t, "4bf92f3577b34da6a3ce929d0e0e4736", sp.TraceID.String())
			assert.Equal(t, tt.id, sp.ID.String())
			assert.Equal(t, tt.parent, sp.ParentID.String())
			assert.Equal(t, tt.start, sp.Start)
			assert.Equal(t, tt.end, sp.End)
			assert.Equal(t, tt.kind, sp.Kind)
			assert.Equal(t, tt.status, sp.Status)
			assert.Equal(t, "orchestrator", sp.Service)
			assert.Equal(t, int32(0), sp.Resource)
			assert.Equal(t, int32(-1), sp.Scope)
			assert.Equal(t, tt.typ, decodetest.Attr(t, sp, "spanforge.span_type").Str())
			assert.Equal(t, tt.op, decodetest.Attr(t, sp, "gen_ai.operation.name").Str())
			assert.Equal(t, "production", decodetest.Attr(t, sp, "spanforge.tags.env").Str())
		})
	}

	// The started and completed events of gpt-4o merged: the model's
	// response_model and the usage only came with the completed one.
	for key, want := range map[string]model.Value{
		"gen_ai.provider.name":                 model.StringValue("openai"),
		"gen_ai.request.model":                 model.StringValue("gpt-4o"),
		"gen_ai.response.model":                model.StringValue("gpt-4o-2024-08-06"),
		"gen_ai.usage.input_tokens":            model.IntValue(100),
		"gen_ai.usage.output_tokens":           model.IntValue(50),
		"gen_ai.usage.cache_read.input_tokens": model.IntValue(20),
		"llm.token_count.total":                model.IntValue(150),
		"llm.cost.prompt":                      model.DoubleValue(0.00025),
		"llm.cost.completion":                  model.DoubleValue(0.0005),
		"llm.cost.total":                       model.DoubleValue(0.000725),
		"spanforge.cost.cached_discount_usd":   model.DoubleValue(0.000025),
		"spanforge.cost.pricing_date":          model.StringValue("2024-06-01"),
		"gen_ai.response.finish_reasons":       model.ArrayValue(model.StringValue("stop")),
		"gen_ai.request.temperature":           model.DoubleValue(0.2),
		"spanforge.agent_run_id":               model.StringValue("9f1c2d3e4a5b6c7d"),
		"prompt_chars":                         model.IntValue(812),
		"cache":                                model.BoolValue(true),
	} {
		got := decodetest.Attr(t, gpt, key)
		assert.Truef(t, want.Equal(got), "%s = %s (%s); want %s", key, got.AsString(), got.Type(), want.AsString())
	}
	keys := map[string]int{}
	for _, a := range gpt.Attrs {
		keys[a.Key]++
	}
	for k, n := range keys {
		assert.Equalf(t, 1, n, "attribute %s appears %d times after the merge", k, n)
	}
	_, hasTools := gpt.Attrs.Get("spanforge.tool_calls")
	assert.False(t, hasTools, "empty tool_calls lists are dropped")

	assert.Equal(t, "web_search", decodetest.Attr(t, tool, "gen_ai.tool.name").Str())
	assert.Equal(t, "HTTPError", decodetest.Attr(t, tool, "error.type").Str())
	assert.Equal(t, "tool_error", decodetest.Attr(t, tool, "spanforge.error_category").Str())
	require.Len(t, tool.Events, 1)
	assert.Equal(t, "retry", tool.Events[0].Name)
	assert.Equal(t, sfBase+1800*sfMs, tool.Events[0].Time)
	assert.Equal(t, int64(1), decodetest.Attr(t, &model.Span{Attrs: tool.Events[0].Attrs}, "attempt").Int())

	assert.Equal(t, "coordinator", decodetest.Attr(t, coord, "gen_ai.agent.name").Str())
	assert.InDelta(t, 0.00915, decodetest.Attr(t, coord, "spanforge.total_cost.total_cost_usd").Double(), 1e-12)
	assert.Equal(t, int64(100), decodetest.Attr(t, coord, "spanforge.total_token_usage.input_tokens").Int())
	_, hasUsage := coord.Attrs.Get("gen_ai.usage.input_tokens")
	assert.False(t, hasUsage, "run totals must not look like the run's own usage")
}

func TestSpanforgeSavedTrace(t *testing.T) {
	b := decodetest.Decode(t, testDecode, model.Spanforge, string(decodetest.Testdata(t, samples, "spanforge")["saved_trace.jsonl"]))
	require.Len(t, b.Spans, 2)
	assert.Empty(t, b.Warnings)
	mini, fetch := &b.Spans[0], &b.Spans[1]
	assert.Equal(t, "llm_call:gpt-4o-mini", mini.Name)
	assert.Equal(t, "spanforge", mini.Service, "Trace.save() lines have no source")
	assert.Equal(t, int32(-1), mini.Resource)
	assert.True(t, mini.ParentID.IsZero(), "the run's own event is not in the file")
	assert.Equal(t, int64(64), decodetest.Attr(t, mini, "llm.token_count.completion_details.reasoning").Int())
	assert.Equal(t, int64(712), decodetest.Attr(t, mini, "llm.token_count.total").Int())
	assert.Equal(t, model.Status{Code: model.StatusError, Message: "timeout: Span timed out after 4.000s"}, fetch.Status)
	assert.Equal(t, int64(4000)*sfMs, fetch.Duration())
	assert.Equal(t, "timeout_error", decodetest.Attr(t, fetch, "spanforge.error_category").Str())
}

func TestSpanforgeToJSONDocument(t *testing.T) {
	doc := `{
  "agent_name": "research_agent",
  "spans": [
    ` + sfPayload("00f067aa0ba902b7", "llm_call:gpt-4o", sfBase, sfBase+5*sfMs, `,"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"`) + `,
    ` + sfPayload("00f067aa0ba902b8", "tool_call:search", sfBase+6*sfMs, sfBase+9*sfMs, `,"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","parent_span_id":"00f067aa0ba902b7","operation":"tool"`) + `
  ],
  "start_time": 1718000000.0,
  "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
}`
	b := decodetest.Decode(t, testDecode, model.Spanforge, doc)
	require.Len(t, b.Spans, 2)
	assert.Empty(t, b.Warnings)
	assert.Equal(t, "00f067aa0ba902b7", b.Spans[1].ParentID.String())
	assert.Equal(t, "tool_call", decodetest.Attr(t, &b.Spans[1], "spanforge.span_type").Str())
}

func TestSpanforgeStartedAndCompleted(t *testing.T) {
	started := sfLine("llm.trace.span.started", sfPayload("00f067aa0ba902b7", "llm_call:draft", sfBase, sfBase, `,"attributes":{"phase":"start","k":1}`))
	completed := sfLine("llm.trace.span.completed", sfPayload("00f067aa0ba902b7", "llm_call:final", sfBase, sfBase+7*sfMs, `,"attributes":{"phase":"end"}`))
	failed := sfLine("llm.trace.span.failed", sfPayload("00f067aa0ba902b7", "llm_call:final", sfBase, sfBase+8*sfMs, `,"status":"error","error":"boom"`))
	tests := []struct {
		name   string
		lines  []string
		want   model.Span
		phase  string
		warned string
	}{
		{"started then completed", []string{started, completed},
			model.Span{Name: "llm_call:final", Start: sfBase, End: sfBase + 7*sfMs, Status: model.Status{Code: model.StatusOK}}, "end", ""},
		{"completed then started: completed still wins", []string{completed, started},
			model.Span{Name: "llm_call:final", Start: sfBase, End: sfBase + 7*sfMs, Status: model.Status{Code: model.StatusOK}}, "end", ""},
		{"started only: unfinished", []string{started},
			model.Span{Name: "llm_call:draft", Start: sfBase, End: sfBase}, "start",
			`span "llm_call:draft" has no end time (still running when written?); drawn with zero duration`},
		{"closed twice: the later wins", []string{completed, failed},
			model.Span{Name: "llm_call:final", Start: sfBase, End: sfBase + 8*sfMs, Status: model.Status{Code: model.StatusError, Message: "boom"}}, "end",
			"line 2: span 00f067aa0ba902b7 closed twice; the later event wins"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := decodetest.Decode(t, testDecode, model.Spanforge, strings.Join(tt.lines, "\n"))
			require.Len(t, b.Spans, 1)
			sp := &b.Spans[0]
			assert.Equal(t, tt.want.Name, sp.Name)
			assert.Equal(t, tt.want.Start, sp.Start)
			assert.Equal(t, tt.want.End, sp.End)
			assert.Equal(t, tt.want.Status, sp.Status)
			assert.Equal(t, tt.phase, decodetest.Attr(t, sp, "phase").Str())
			if tt.warned == "" {
				assert.Empty(t, b.Warnings)
			} else {
				assert.Equal(t, []model.Warning{{Span: 0, Message: tt.warned}}, b.Warnings)
			}
		})
	}
}

func TestSpanforgeStatus(t *testing.T) {
	tests := []struct {
		name      string
		eventType string
		extra     string
		want      model.Status
	}{
		{"ok", "llm.trace.span.completed", ``, model.Status{Code: model.StatusOK}},
		{"error", "llm.trace.span.failed", `,"status":"error","error":"rate limited"`, model.Status{Code: model.StatusError, Message: "rate limited"}},
		{"timeout without text", "llm.trace.span.failed", `,"status":"timeout"`, model.Status{Code: model.StatusError, Message: "timeout"}},
		{"failed event without status", "llm.trace.span.failed", `,"status":null`, model.Status{Code: model.StatusError}},
		{"unknown status kept as an attribute", "llm.trace.span.completed", `,"status":"cancelled"`, model.Status{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The status member comes later than sfPayload's "ok", and wins.
			b := decodetest.Decode(t, testDecode, model.Spanforge, sfLine(tt.eventType, sfPayload("00f067aa0ba902b7", "llm_call:x", sfBase, sfBase+sfMs, tt.extra)))
			require.Len(t, b.Spans, 1)
			assert.Equal(t, tt.want, b.Spans[0].Status)
		})
	}
	b := decodetest.Decode(t, testDecode, model.Spanforge, sfLine("llm.trace.span.completed", sfPayload("00f067aa0ba902b7", "x", sfBase, sfBase+sfMs, `,"status":"cancelled"`)))
	assert.Equal(t, "cancelled", decodetest.Attr(t, &b.Spans[0], "spanforge.status").Str())
}

func TestSpanforgeAgentStepAndRun(t *testing.T) {
	run := `{"event_type":"llm.trace.agent.completed","span_id":"aaaaaaaaaaaaaaaa","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","payload":{` +
		`"agent_run_id":"01HRUN","agent_name":"planner","root_span_id":"aaaaaaaaaaaaaaaa","status":"max_steps_exceeded",` +
		`"start_time_unix_nano":` + strconv.FormatInt(sfBase, 10) + `,"end_time_unix_nano":` + strconv.FormatInt(sfBase+50*sfMs, 10) + `,"duration_ms":50.0,` +
		`"total_steps":3,"termination_reason":"step limit"}}`
	step := `{"event_type":"llm.trace.agent.step","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","payload":{` +
		`"agent_run_id":"01HRUN","step_index":0,"span_id":"bbbbbbbbbbbbbbbb","operation":"invoke_agent","status":"ok",` +
		`"start_time_unix_nano":` + strconv.FormatInt(sfBase+sfMs, 10) + `,"duration_ms":2.5,"step_name":"plan",` +
		`"tool_calls":[{"tool_call_id":"c1","function_name":"search","status":"success"}]}}`
	b := decodetest.Decode(t, testDecode, model.Spanforge, step+"\n"+run)
	require.Len(t, b.Spans, 2)
	stepSpan, runSpan := &b.Spans[0], &b.Spans[1]
	assert.Equal(t, "plan", stepSpan.Name)
	assert.Equal(t, "aaaaaaaaaaaaaaaa", stepSpan.ParentID.String(), "linked to its run by agent_run_id")
	assert.Equal(t, sfBase+sfMs+2500000, stepSpan.End, "end from duration_ms")
	assert.Equal(t, "agent_step", decodetest.Attr(t, stepSpan, "spanforge.span_type").Str())
	assert.Equal(t, int64(0), decodetest.Attr(t, stepSpan, "spanforge.step_index").Int())
	calls := decodetest.Attr(t, stepSpan, "spanforge.tool_calls").Array()
	require.Len(t, calls, 1)
	assert.Equal(t, "agent_run:planner", runSpan.Name)
	assert.Equal(t, model.Status{Code: model.StatusError, Message: "max_steps_exceeded"}, runSpan.Status)
	assert.Equal(t, "step limit", decodetest.Attr(t, runSpan, "spanforge.termination_reason").Str())
	assert.Equal(t, int64(3), decodetest.Attr(t, runSpan, "spanforge.total_steps").Int())
	assert.Equal(t, "spanforge", runSpan.Service, "no source: the default service")
}

func TestSpanforgeSkippedEventTypes(t *testing.T) {
	cost := `{"event_type":"llm.cost.token.recorded","payload":{"cost":"not even a cost object"},"span_id":"00f067aa0ba902b7"}`
	eval := `{"event_type":"llm.eval.score.recorded","payload":{"score":0.9}}`
	span := sfLine("llm.trace.span.completed", sfPayload("00f067aa0ba902b7", "llm_call:x", sfBase, sfBase+sfMs, ""))
	b := decodetest.Decode(t, testDecode, model.Spanforge, strings.Join([]string{cost, span, cost, eval, `{"hello":"world"}`}, "\n"))
	require.Len(t, b.Spans, 1, "the cost event shares the span's id but must not touch it")
	assert.Equal(t, "llm_call:x", b.Spans[0].Name)
	assert.Equal(t, []model.Warning{
		{Span: -1, Message: `line 1: events of type "llm.cost.token.recorded" skipped (they are not spans)`},
		{Span: -1, Message: `line 4: events of type "llm.eval.score.recorded" skipped (they are not spans)`},
		{Span: -1, Message: `line 5: object with neither event_type nor span_name skipped`},
	}, b.Warnings)
}

func TestSpanforgePayloadBeforeEventType(t *testing.T) {
	good := `{"payload":` + sfPayload("00f067aa0ba902b7", "llm_call:x", sfBase, sfBase+sfMs, "") + `,"event_type":"llm.trace.span.completed"}`
	b := decodetest.Decode(t, testDecode, model.Spanforge, good)
	require.Len(t, b.Spans, 1)
	assert.Equal(t, "llm_call:x", b.Spans[0].Name)

	skipped := `{"payload":{"cost":[1,2]},"event_type":"llm.cost.session.recorded"}`
	b = decodetest.Decode(t, testDecode, model.Spanforge, skipped)
	assert.Empty(t, b.Spans)
	assert.Len(t, b.Warnings, 1)
}

func TestSpanforgeUUIDIDs(t *testing.T) {
	line := `{"event_type":"llm.trace.span.completed","trace_id":"0f8fad5b-d9cb-469f-a165-70867728950e","payload":` +
		sfPayload("7c9e6679-7425-40de-944b-e07fc1f90ae7", "llm_call:x", sfBase, sfBase+sfMs, `,"parent_span_id":"run-1"`) + `}`
	b := decodetest.Decode(t, testDecode, model.Spanforge, line)
	require.Len(t, b.Spans, 1)
	assert.Equal(t, "0f8fad5bd9cb469fa16570867728950e", b.Spans[0].TraceID.String())
	assert.Equal(t, model.HashSpanID([]byte("7c9e6679-7425-40de-944b-e07fc1f90ae7")), b.Spans[0].ID)
	assert.Equal(t, model.HashSpanID([]byte("run-1")), b.Spans[0].ParentID)
	assert.Equal(t, []model.Warning{{Span: -1, Message: "some ids are not hex (UUID strings?); they were hashed into trace and span ids"}}, b.Warnings)
}

func TestSpanforgeErrors(t *testing.T) {
	ok := sfLine("llm.trace.span.completed", sfPayload("00f067aa0ba902b7", "llm_call:x", sfBase, sfBase+sfMs, ""))
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"bad start time names the line", ok + "\n" + ok + "\n" +
			sfLine("llm.trace.span.completed", `{"span_id":"00f067aa0ba902b8","span_name":"y","start_time_unix_nano":"x"}`),
			`ingest: spanforge: line 3: payload.start_time_unix_nano: want an integer, got "x"`},
		{"bad start time in a payload read before its event_type",
			ok + "\n\n" + `{"payload":{"span_id":"00f067aa0ba902b8","start_time_unix_nano":1.5},"event_type":"llm.trace.span.started"}`,
			`ingest: spanforge: line 3: payload.start_time_unix_nano: want an integer, got "1.5"`},
		{"missing span id", sfLine("llm.trace.span.completed", `{"span_name":"y","start_time_unix_nano":1}`),
			`ingest: spanforge: line 1: payload.span_id: missing: a span needs an id`},
		{"missing start", sfLine("llm.trace.span.completed", `{"span_id":"00f067aa0ba902b8"}`),
			`ingest: spanforge: line 1: payload.start_time_unix_nano: missing: a span needs a start time`},
		{"not an object", ok + "\n42\n", `ingest: spanforge: line 2: want a JSON object (one spanforge event per line), got number`},
		{"garbage line", ok + "\n{oops}\n" + ok, `ingest: spanforge: line 2: want member name, got "oops}\n{\"even"`},
		{"truncated only line", `{"event_type":"llm.trace.span.completed","payload":{"span_id":"00f0`,
			`ingest: spanforge: line 1: payload.span_id: unterminated string (truncated?)`},
		{"bad attributes", sfLine("llm.trace.span.completed", sfPayload("00f067aa0ba902b7", "x", 1, 2, `,"attributes":[1]`)),
			`ingest: spanforge: line 1: payload.attributes: want object, got array`},
		{"empty", " \n ", `ingest: spanforge: empty input`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := testDecode([]byte(tt.in), decode.Options{Format: model.Spanforge})
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
		})
	}
}

func TestSpanforgeErrorPosition(t *testing.T) {
	in := sfLine("llm.trace.span.completed", sfPayload("00f067aa0ba902b7", "x", 1, 2, "")) + "\n" +
		`{"event_type":"llm.trace.span.completed","payload":{"start_time_unix_nano":"x"}}`
	_, err := testDecode([]byte(in), decode.Options{Format: model.Spanforge})
	var ie *decode.Error
	require.True(t, errors.As(err, &ie))
	assert.Equal(t, 2, ie.Line)
	assert.Equal(t, strings.Index(strings.Split(in, "\n")[1], `"x"`), ie.Offset, "offset into the line, at the bad value")
}

func TestSpanforgeTruncatedLastLine(t *testing.T) {
	ok := sfLine("llm.trace.span.completed", sfPayload("00f067aa0ba902b7", "llm_call:x", sfBase, sfBase+sfMs, ""))
	b := decodetest.Decode(t, testDecode, model.Spanforge, ok+"\n"+ok[:len(ok)/2])
	require.Len(t, b.Spans, 1)
	assert.Equal(t, []model.Warning{{Span: -1, Message: "line 2: the last line is cut short (file still being written?); ignored"}}, b.Warnings)
}

func TestSpanforgeLimits(t *testing.T) {
	a := sfLine("llm.trace.span.completed", sfPayload("00f067aa0ba902b7", "a", sfBase, sfBase+sfMs, ""))
	// a has 2 attributes (span type, operation); c has those and 4 of its own.
	c := sfLine("llm.trace.span.completed", sfPayload("00f067aa0ba902b8", "c", sfBase, sfBase+sfMs, `,"attributes":{"k1":1,"k2":2,"k3":3,"k4":4}`))
	tests := []struct {
		name string
		lim  decode.Limits
		want string
	}{
		{"spans", decode.Limits{MaxSpans: 1}, `ingest: spanforge: line 2: input exceeds Limits.MaxSpans (1); raise the limit to accept it`},
		{"attributes while reading", decode.Limits{MaxAttrsPerSpan: 3},
			`ingest: spanforge: line 2: payload.attributes.k4: input exceeds Limits.MaxAttrsPerSpan (3); raise the limit to accept it`},
		{"attributes with the mapped ones", decode.Limits{MaxAttrsPerSpan: 4},
			`ingest: spanforge: line 2: span 00f067aa0ba902b8: input exceeds Limits.MaxAttrsPerSpan (4); raise the limit to accept it`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := testDecode([]byte(a+"\n"+c), decode.Options{Format: model.Spanforge, Limits: tt.lim})
			var le *decode.LimitError
			require.True(t, errors.As(err, &le), "got %v", err)
			assert.Equal(t, tt.want, err.Error())
		})
	}
}

func TestSpanforgeArrayOfEvents(t *testing.T) {
	a := sfLine("llm.trace.span.completed", sfPayload("00f067aa0ba902b7", "a", sfBase, sfBase+sfMs, ""))
	c := sfLine("llm.trace.span.completed", sfPayload("00f067aa0ba902b8", "c", sfBase, sfBase+sfMs, ""))
	b := decodetest.Decode(t, testDecode, model.Spanforge, "[\n"+a+",\n"+c+"\n]")
	require.Len(t, b.Spans, 2)
	assert.Equal(t, "c", b.Spans[1].Name)
}

func FuzzSpanforge(f *testing.F) {
	decodetest.Fuzz(f, samples, testDecode, model.Spanforge, "spanforge")
}

func BenchmarkDecodeSpanforge(b *testing.B) {
	data := decodetest.Testdata(b, samples, "spanforge")["multi_agent.jsonl"]
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := testDecode(data, decode.Options{Format: model.Spanforge}); err != nil {
			b.Fatal(err)
		}
	}
}

// A key made of a prefix and the input's member name counts whole against
// MaxAttrValueBytes, like every string the model keeps.
func TestSpanforgeKeyLimit(t *testing.T) {
	long := strings.Repeat("t", 30) // "spanforge.token_usage." is 22 bytes: 52 in all
	in := sfLine("llm.trace.span.completed", sfPayload("00f067aa0ba902b7", "a", sfBase, sfBase+sfMs, `,"token_usage":{"`+long+`":1}`))
	_, err := testDecode([]byte(in), decode.Options{Format: model.Spanforge, Limits: decode.Limits{MaxAttrValueBytes: 51}})
	var le *decode.LimitError
	require.True(t, errors.As(err, &le), "got %v", err)
	assert.Equal(t, "MaxAttrValueBytes", le.Limit)
	b, err := testDecode([]byte(in), decode.Options{Format: model.Spanforge, Limits: decode.Limits{MaxAttrValueBytes: 52}})
	require.NoError(t, err)
	_, ok := b.Spans[0].Attrs.Get("spanforge.token_usage." + long)
	assert.True(t, ok)
}
