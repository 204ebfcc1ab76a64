package record

import (
	"strconv"
	"strings"

	"github.com/spanlens/spanlens/core/analyze"
	"github.com/spanlens/spanlens/core/model"
)

// This file writes spanforge's Trace.save() format: one bare span payload
// per line (spanforge.namespaces.trace.SpanPayload), which spanforge's own
// tools and spanlens's spanforge decoder read. The model, the token counts
// and the operation go in spanforge's fields; every other attribute goes
// in "attributes" under its own key, so the decoder gives it back.
//
// spanforge calls every span that is not a tool call or an agent run an
// llm_call; where that would change a span's role, the span also gets the
// attribute that keeps it ("role", or an OpenInference span kind). Roles
// neither can say (http, db, messaging) come back as other: save as .json
// (OTLP/JSON) to keep everything.

// spanforgeFields are the attributes written as spanforge fields.
var spanforgeFields = map[string]bool{
	"gen_ai.operation.name":      true,
	"gen_ai.agent.name":          true,
	"gen_ai.request.model":       true,
	"gen_ai.response.model":      true,
	"gen_ai.provider.name":       true,
	"gen_ai.usage.input_tokens":  true,
	"gen_ai.usage.output_tokens": true,
}

// appendSpanforge appends b as spanforge NDJSON.
func appendSpanforge(dst []byte, b *model.Batch) []byte {
	roles := analyze.Roles(b)
	for i := range b.Spans {
		dst = appendSpanforgeSpan(dst, b, &b.Spans[i], roles[i])
		dst = append(dst, '\n')
	}
	return dst
}

func appendSpanforgeSpan(dst []byte, b *model.Batch, sp *model.Span, role analyze.Role) []byte {
	str := func(dst []byte, key, v string) []byte {
		dst = append(dst, ',')
		dst = model.AppendJSONString(dst, key)
		dst = append(dst, ':')
		return model.AppendJSONString(dst, v)
	}
	get := func(key string) string {
		v, _ := sp.Attrs.Get(key)
		return v.Str()
	}
	dst = append(dst, `{"trace_id":`...)
	dst = model.AppendJSONString(dst, sp.TraceID.String())
	dst = str(dst, "span_id", sp.ID.String())
	if !sp.ParentID.IsZero() {
		dst = str(dst, "parent_span_id", sp.ParentID.String())
	}
	dst = str(dst, "span_name", sp.Name)
	dst = str(dst, "span_kind", strings.ToUpper(sp.Kind.String()))
	if sp.Resource >= 0 && int(sp.Resource) < len(b.Resources) {
		source := b.Resources[sp.Resource].Service
		if v, ok := b.Resources[sp.Resource].Attrs.Get("service.version"); ok && v.Str() != "" {
			source += "@" + v.Str()
		}
		dst = str(dst, "service", source)
	}
	op := get("gen_ai.operation.name")
	if op != "" {
		dst = str(dst, "operation", op)
	}
	if a := get("gen_ai.agent.name"); a != "" {
		dst = str(dst, "agent_name", a)
	}
	dst = str(dst, "status", sp.Status.Code.String())
	if sp.Status.Message != "" {
		dst = str(dst, "error", sp.Status.Message)
	}
	dst = append(dst, `,"start_time_unix_nano":`...)
	dst = strconv.AppendInt(dst, sp.Start, 10)
	dst = append(dst, `,"end_time_unix_nano":`...)
	dst = strconv.AppendInt(dst, sp.End, 10)
	dst = append(dst, `,"duration_ms":`...)
	dst = strconv.AppendFloat(dst, float64(sp.Duration())/1e6, 'f', -1, 64)

	if m, rm, p := get("gen_ai.request.model"), get("gen_ai.response.model"), get("gen_ai.provider.name"); m != "" || rm != "" || p != "" {
		dst = append(dst, `,"model":{`...)
		first := true
		for _, kv := range [][2]string{{"name", m}, {"response_model", rm}, {"system", p}} {
			if kv[1] == "" {
				continue
			}
			if !first {
				dst = append(dst, ',')
			}
			first = false
			dst = model.AppendJSONString(dst, kv[0])
			dst = append(dst, ':')
			dst = model.AppendJSONString(dst, kv[1])
		}
		dst = append(dst, '}')
	}
	in, hasIn := sp.Attrs.Get("gen_ai.usage.input_tokens")
	out, hasOut := sp.Attrs.Get("gen_ai.usage.output_tokens")
	if hasIn || hasOut {
		dst = append(dst, `,"token_usage":{`...)
		if hasIn {
			dst = append(dst, `"input_tokens":`...)
			dst = in.AppendJSON(dst)
		}
		if hasOut {
			if hasIn {
				dst = append(dst, ',')
			}
			dst = append(dst, `"output_tokens":`...)
			dst = out.AppendJSON(dst)
		}
		dst = append(dst, '}')
	}

	dst = append(dst, `,"attributes":{`...)
	first := true
	attr := func(key string, v model.Value) {
		if !first {
			dst = append(dst, ',')
		}
		first = false
		dst = model.AppendJSONString(dst, key)
		dst = append(dst, ':')
		dst = v.AppendJSON(dst)
	}
	for _, a := range sp.Attrs {
		if !spanforgeFields[a.Key] {
			attr(a.Key, a.Value)
		}
	}
	if key, v := keepRole(sp, op, role); key != "" {
		attr(key, model.StringValue(v))
	}
	dst = append(dst, '}')

	if len(sp.Events) > 0 {
		dst = append(dst, `,"events":[`...)
		for k, e := range sp.Events {
			if k > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, `{"name":`...)
			dst = model.AppendJSONString(dst, e.Name)
			dst = append(dst, `,"timestamp_ns":`...)
			dst = strconv.AppendInt(dst, e.Time, 10)
			dst = append(dst, `,"metadata":`...)
			dst = model.MapValue(e.Attrs...).AppendJSON(dst)
			dst = append(dst, '}')
		}
		dst = append(dst, ']')
	}
	return append(dst, '}')
}

// keepRole returns the attribute that keeps the span's role once the
// spanforge decoder has added its span type, or "" when none is needed or
// none can.
func keepRole(sp *model.Span, op string, role analyze.Role) (string, string) {
	typ := "llm_call"
	if op == "execute_tool" || strings.HasPrefix(sp.Name, "tool_call") {
		typ = "tool_call"
	}
	decoded := append(sp.Attrs[:len(sp.Attrs):len(sp.Attrs)], model.Attr{Key: "spanforge.span_type", Value: model.StringValue(typ)})
	one := &model.Batch{Spans: []model.Span{{Attrs: decoded}}}
	if analyze.Roles(one)[0] == role {
		return "", ""
	}
	switch role {
	case analyze.RoleAgent, analyze.RoleTool, analyze.RoleLLM, analyze.RoleMemory, analyze.RoleEmbedding, analyze.RoleVectorDB:
		return "role", role.String()
	case analyze.RoleChain:
		return "role", "framework"
	case analyze.RoleRetriever, analyze.RoleReranker, analyze.RoleGuardrail, analyze.RoleEvaluator:
		return "openinference.span.kind", strings.ToUpper(role.String())
	}
	return "role", "custom"
}
