package spanforge

import (
	"strings"

	"github.com/spanlens/spanlens/core/internal/jsonscan"
	"github.com/spanlens/spanlens/core/model"
)

// This file maps spanforge's payload fields (spanforge.namespaces.trace:
// SpanPayload, AgentStepPayload, AgentRunPayload and their ModelInfo,
// TokenUsage and CostBreakdown) to the standard agent attribute keys.

// payloadMember reads one member of a SpanPayload, AgentStepPayload or
// AgentRunPayload (spanforge.namespaces.trace), and reports whether it
// knew the member.
func (d *spanforge) payloadMember(key []byte) (bool, error) {
	s := d.Scan
	ev := &d.ev
	var err error
	switch string(key) {
	case "span_name", "step_name":
		ev.isSpan = true
		ev.name, err = d.Text()
	case "agent_name":
		ev.agentName, err = d.Text()
	case "operation":
		ev.op, err = d.Text()
	case "span_kind":
		var k string
		if k, err = d.Text(); err == nil {
			ev.spanKind, ev.kindSet = model.ParseSpanKind(strings.ToLower(k))
		}
	case "status":
		ev.status, err = d.Text()
	case "error":
		ev.errMsg, err = d.Text()
	case "agent_run_id":
		ev.agentRun, err = d.Text()
	case "start_time_unix_nano":
		ev.isSpan = true
		ev.start, err = s.Int64()
		ev.hasStart = true
	case "end_time_unix_nano":
		if !s.Null() {
			ev.end, err = s.Int64()
			ev.hasEnd = true
		}
	case "duration_ms":
		if !s.Null() {
			ev.durMs, err = s.Float64()
			ev.hasDur = true
		}
	case "trace_id":
		var id model.TraceID
		if id, err = d.OptTraceID(); !id.IsZero() {
			ev.trace = id
		}
	case "span_id", "root_span_id":
		var id model.SpanID
		if id, err = d.OptSpanID(); !id.IsZero() {
			ev.span, ev.hasSpan = id, true
		}
	case "parent_span_id":
		var id model.SpanID
		if id, err = d.OptSpanID(); !id.IsZero() {
			ev.parent = id
		}
	case "model":
		err = d.model()
	case "token_usage":
		err = d.tokenUsage()
	case "cost":
		err = d.cost()
	case "total_token_usage", "total_cost":
		// Run totals include child runs and every step: kept under
		// spanforge's own names so that sums over spans don't count them.
		var prefix string
		if prefix, err = d.KeyOf("spanforge.", key); err == nil {
			ev.attrs, err = d.Attrs(ev.attrs, prefix+".")
		}
	case "attributes":
		ev.attrs, err = d.Attrs(ev.attrs, "")
	case "events":
		err = d.spanEvents()
	case "finish_reason":
		var v model.Value
		if v, err = d.Value(); v.Type() == model.TypeString {
			v = model.ArrayValue(v)
		}
		d.add("gen_ai.response.finish_reasons", v)
	case "error_type":
		err = d.attr("error.type")
	case "temperature":
		err = d.attr("gen_ai.request.temperature")
	case "top_p":
		err = d.attr("gen_ai.request.top_p")
	case "max_tokens":
		err = d.attr("gen_ai.request.max_tokens")
	case "session_id":
		err = d.attr("session.id")
	case "user_id":
		err = d.attr("user.id")
	case "error_category", "termination_reason", "total_steps", "total_model_calls",
		"total_tool_calls", "step_index", "incoming_traceparent":
		err = d.attrAs("spanforge.", key)
	case "tool_calls", "reasoning_steps", "decision_points":
		var v model.Value
		if v, err = d.Value(); err == nil && len(v.Array()) > 0 {
			var k string
			if k, err = d.KeyOf("spanforge.", key); err == nil {
				d.add(k, v)
			}
		}
	default:
		return false, nil
	}
	return true, err
}

// attr reads a value into the attribute key; null adds nothing.
func (d *spanforge) attr(key string) error {
	v, err := d.Value()
	d.add(key, v)
	return err
}

// attrAs reads the value as an attribute named prefix+key.
func (d *spanforge) attrAs(prefix string, key []byte) error {
	k, err := d.KeyOf(prefix, key)
	if err != nil {
		return err
	}
	return d.attr(k)
}

// add appends a non-empty attribute to the event.
func (d *spanforge) add(key string, v model.Value) {
	if v.Type() != model.TypeEmpty {
		d.ev.attrs = append(d.ev.attrs, model.Attr{Key: key, Value: v})
	}
}

// model reads ModelInfo {system, name, response_model, version,
// custom_system_name}.
func (d *spanforge) model() error {
	var system, custom string
	err := d.Scan.Object(func(k []byte) error {
		var err error
		switch string(k) {
		case "system":
			system, err = d.Text()
		case "custom_system_name":
			custom, err = d.Text()
		case "name":
			err = d.attr("gen_ai.request.model")
		case "response_model":
			err = d.attr("gen_ai.response.model")
		case "version":
			err = d.attr("spanforge.model.version")
		default:
			err = d.Scan.Skip()
		}
		return err
	})
	if system == "_custom" && custom != "" {
		system = custom
	}
	if system != "" {
		d.ev.system = system
		d.add("gen_ai.provider.name", model.StringValue(system))
	}
	return err
}

// tokenUsage reads TokenUsage. The input count is mapped once the provider
// is known (see usage).
func (d *spanforge) tokenUsage() error {
	return d.Scan.Object(func(k []byte) error {
		var err error
		switch string(k) {
		case "input_tokens", "prompt_tokens":
			d.ev.input, err = d.Value()
			return err
		case "output_tokens", "completion_tokens":
			return d.attr("gen_ai.usage.output_tokens")
		case "total_tokens":
			return d.attr("llm.token_count.total")
		case "cached_tokens":
			d.ev.cached, err = d.Value()
			d.add("gen_ai.usage.cache_read.input_tokens", d.ev.cached)
			return err
		case "cache_creation_tokens":
			d.ev.cacheNew, err = d.Value()
			d.add("gen_ai.usage.cache_creation.input_tokens", d.ev.cacheNew)
			return err
		case "reasoning_tokens":
			return d.attr("llm.token_count.completion_details.reasoning")
		}
		return d.attrAs("spanforge.token_usage.", k)
	})
}

// cost reads CostBreakdown; the three totals become OpenInference's
// llm.cost.* doubles.
func (d *spanforge) cost() error {
	return d.Scan.Object(func(k []byte) error {
		switch string(k) {
		case "input_cost_usd":
			return d.usd("llm.cost.prompt")
		case "output_cost_usd":
			return d.usd("llm.cost.completion")
		case "total_cost_usd":
			return d.usd("llm.cost.total")
		}
		return d.attrAs("spanforge.cost.", k)
	})
}

// usd reads an amount as a double even when Python wrote an int (0).
func (d *spanforge) usd(key string) error {
	if d.Scan.Peek() != jsonscan.Number {
		return d.attr(key)
	}
	f, err := d.Scan.Float64()
	d.add(key, model.DoubleValue(f))
	return err
}

// spanEvents reads SpanEvent objects {name, timestamp_ns, metadata}.
func (d *spanforge) spanEvents() error {
	s := d.Scan
	if s.Null() {
		return nil
	}
	return s.Array(func(int) error {
		if err := d.State.CheckEvents(len(d.ev.events)+1, s.Path()); err != nil {
			return err
		}
		var e model.Event
		err := s.Object(func(k []byte) error {
			var err error
			switch string(k) {
			case "name":
				e.Name, err = d.Text()
			case "timestamp_ns":
				e.Time, err = s.Int64()
			case "metadata", "attributes":
				e.Attrs, err = d.Attrs(e.Attrs, "")
			default:
				err = s.Skip()
			}
			return err
		})
		d.ev.events = append(d.ev.events, e)
		return err
	})
}

// usage appends gen_ai.usage.input_tokens, which counts cached tokens too.
// OpenAI's prompt_tokens, and so spanforge's input_tokens for OpenAI,
// already include them; Anthropic's input_tokens don't, and spanforge's
// Anthropic integration copies them as they are, so the cache counts are
// added back (the count as written is kept as
// spanforge.token_usage.input_tokens).
func (d *spanforge) usage(attrs model.Attrs) model.Attrs {
	ev := &d.ev
	in := ev.input
	if in.Type() == model.TypeEmpty {
		return attrs
	}
	if ev.system == "anthropic" && in.Type() == model.TypeInt {
		if sum := in.Int() + ev.cached.Int() + ev.cacheNew.Int(); sum != in.Int() {
			attrs = append(attrs, model.Attr{Key: "spanforge.token_usage.input_tokens", Value: in})
			in = model.IntValue(sum)
		}
	}
	return append(attrs, model.Attr{Key: "gen_ai.usage.input_tokens", Value: in})
}
