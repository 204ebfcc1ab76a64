package otlpjson

import (
	"strconv"

	"github.com/spanlens/spanlens/core/internal/encode"
	"github.com/spanlens/spanlens/core/model"
)

// encodeOTLPJSON writes b as one OTLP/JSON TracesData object:
// hex ids, times as decimal strings of nanoseconds, intValue as a string,
// typed attribute values (arrays, kvlists, base64 bytes), kind and status
// code as numbers.
//
// Spans are grouped as OTLP requires: one resourceSpans per resource, or
// per service for spans without a resource (its only attribute is
// service.name); inside it one scopeSpans per scope (one for spans without
// a scope); inside that the spans in batch order. Resources come in the
// order their first spans do, and scopes within a resource likewise, so a
// batch whose spans already run resource by resource and scope by scope,
// as every batch decoded from OTLP does, comes back in the same order.
// Resources without spans are not written.
func encodeOTLPJSON(s *encode.Sink, b *model.Batch) {
	groups, order := encode.OTLPGroups(b)
	s.Buf = append(s.Buf, `{"resourceSpans":[`...)
	for gi := 0; gi < len(groups); {
		res := groups[gi].Res
		if gi > 0 {
			s.Buf = append(s.Buf, ',')
		}
		s.Buf = appendOTLPResource(s.Buf, b, groups[gi])
		s.Buf = append(s.Buf, `,"scopeSpans":[`...)
		for first := true; gi < len(groups) && groups[gi].Res == res; gi++ {
			g := groups[gi]
			if !first {
				s.Buf = append(s.Buf, ',')
			}
			first = false
			s.Buf = append(s.Buf, '{')
			if g.Scope < len(b.Scopes) {
				s.Buf = appendOTLPScope(s.Buf, &b.Scopes[g.Scope])
				s.Buf = append(s.Buf, ',')
			}
			s.Buf = append(s.Buf, `"spans":[`...)
			for i, si := range order[g.First : g.First+g.Count] {
				if i > 0 {
					s.Buf = append(s.Buf, ',')
				}
				if !s.Next() {
					return
				}
				s.Buf = appendOTLPSpan(s.Buf, &b.Spans[si])
			}
			s.Buf = append(s.Buf, "]}"...)
		}
		s.Buf = append(s.Buf, "]}"...)
	}
	s.Buf = append(s.Buf, "]}"...)
}

// appendOTLPResource appends `{"resource":{...}` (left open for scopeSpans).
// A resource that names its service only in Resource.Service gets a
// service.name attribute, so that the service survives the round trip.
func appendOTLPResource(dst []byte, b *model.Batch, g encode.OTLPGroup) []byte {
	dst = append(dst, `{"resource":{"attributes":[`...)
	if g.Res < len(b.Resources) {
		r := &b.Resources[g.Res]
		first := true
		if _, ok := r.Attrs.Get(model.ServiceNameKey); !ok && r.Service != "" {
			dst = appendOTLPStringAttr(dst, model.ServiceNameKey, r.Service)
			first = false
		}
		if len(r.Attrs) > 0 && !first {
			dst = append(dst, ',')
		}
		dst = appendOTLPAttrList(dst, r.Attrs)
	} else if g.Service != "" {
		dst = appendOTLPStringAttr(dst, model.ServiceNameKey, g.Service)
	}
	return append(dst, "]}"...)
}

// appendOTLPScope appends the "scope" member.
func appendOTLPScope(dst []byte, s *model.Scope) []byte {
	dst = append(dst, `"scope":{"name":`...)
	dst = model.AppendJSONString(dst, s.Name)
	if s.Version != "" {
		dst = append(dst, `,"version":`...)
		dst = model.AppendJSONString(dst, s.Version)
	}
	dst = appendOTLPAttrs(dst, s.Attrs)
	return append(dst, '}')
}

// appendOTLPSpan appends one span object. Empty members are left out, as
// protobuf JSON does.
func appendOTLPSpan(dst []byte, sp *model.Span) []byte {
	dst = append(dst, `{"traceId":`...)
	dst = encode.AppendQuotedHex(dst, sp.TraceID[:])
	dst = append(dst, `,"spanId":`...)
	dst = encode.AppendQuotedHex(dst, sp.ID[:])
	if !sp.ParentID.IsZero() {
		dst = append(dst, `,"parentSpanId":`...)
		dst = encode.AppendQuotedHex(dst, sp.ParentID[:])
	}
	dst = append(dst, `,"name":`...)
	dst = model.AppendJSONString(dst, sp.Name)
	if sp.Kind != model.KindUnspecified {
		dst = append(dst, `,"kind":`...)
		dst = strconv.AppendUint(dst, uint64(sp.Kind), 10)
	}
	dst = append(dst, `,"startTimeUnixNano":`...)
	dst = encode.AppendQuotedInt(dst, sp.Start)
	dst = append(dst, `,"endTimeUnixNano":`...)
	dst = encode.AppendQuotedInt(dst, sp.End)
	dst = appendOTLPAttrs(dst, sp.Attrs)
	if len(sp.Events) > 0 {
		dst = append(dst, `,"events":[`...)
		for i := range sp.Events {
			e := &sp.Events[i]
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, `{"timeUnixNano":`...)
			dst = encode.AppendQuotedInt(dst, e.Time)
			dst = append(dst, `,"name":`...)
			dst = model.AppendJSONString(dst, e.Name)
			dst = appendOTLPAttrs(dst, e.Attrs)
			dst = append(dst, '}')
		}
		dst = append(dst, ']')
	}
	if len(sp.Links) > 0 {
		dst = append(dst, `,"links":[`...)
		for i := range sp.Links {
			l := &sp.Links[i]
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, `{"traceId":`...)
			dst = encode.AppendQuotedHex(dst, l.TraceID[:])
			dst = append(dst, `,"spanId":`...)
			dst = encode.AppendQuotedHex(dst, l.SpanID[:])
			if l.TraceState != "" {
				dst = append(dst, `,"traceState":`...)
				dst = model.AppendJSONString(dst, l.TraceState)
			}
			dst = appendOTLPAttrs(dst, l.Attrs)
			dst = append(dst, '}')
		}
		dst = append(dst, ']')
	}
	if sp.Status.Code != model.StatusUnset || sp.Status.Message != "" {
		dst = append(dst, `,"status":{`...)
		if sp.Status.Message != "" {
			dst = append(dst, `"message":`...)
			dst = model.AppendJSONString(dst, sp.Status.Message)
			if sp.Status.Code != model.StatusUnset {
				dst = append(dst, ',')
			}
		}
		if sp.Status.Code != model.StatusUnset {
			dst = append(dst, `"code":`...)
			dst = strconv.AppendUint(dst, uint64(sp.Status.Code), 10)
		}
		dst = append(dst, '}')
	}
	return append(dst, '}')
}

// appendOTLPAttrs appends `,"attributes":[...]` when a is not empty.
func appendOTLPAttrs(dst []byte, a model.Attrs) []byte {
	if len(a) == 0 {
		return dst
	}
	dst = append(dst, `,"attributes":[`...)
	dst = appendOTLPAttrList(dst, a)
	return append(dst, ']')
}

// appendOTLPAttrList appends the key/value objects of a, comma-separated.
func appendOTLPAttrList(dst []byte, a []model.Attr) []byte {
	for i := range a {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"key":`...)
		dst = model.AppendJSONString(dst, a[i].Key)
		dst = append(dst, `,"value":`...)
		dst = appendOTLPValue(dst, a[i].Value)
		dst = append(dst, '}')
	}
	return dst
}

func appendOTLPStringAttr(dst []byte, key, val string) []byte {
	dst = append(dst, `{"key":`...)
	dst = model.AppendJSONString(dst, key)
	dst = append(dst, `,"value":{"stringValue":`...)
	dst = model.AppendJSONString(dst, val)
	return append(dst, "}}"...)
}

// appendOTLPValue appends an AnyValue object.
func appendOTLPValue(dst []byte, v model.Value) []byte {
	switch v.Type() {
	case model.TypeString:
		dst = append(dst, `{"stringValue":`...)
		dst = model.AppendJSONString(dst, v.Str())
	case model.TypeInt:
		dst = append(dst, `{"intValue":`...)
		dst = encode.AppendQuotedInt(dst, v.Int())
	case model.TypeDouble:
		dst = append(dst, `{"doubleValue":`...)
		dst = encode.AppendDouble(dst, v.Double())
	case model.TypeBool:
		dst = append(dst, `{"boolValue":`...)
		dst = strconv.AppendBool(dst, v.Bool())
	case model.TypeBytes:
		dst = append(dst, `{"bytesValue":`...)
		dst = encode.AppendBase64(dst, v.Bytes())
	case model.TypeArray:
		dst = append(dst, `{"arrayValue":{"values":[`...)
		for i, e := range v.Array() {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendOTLPValue(dst, e)
		}
		dst = append(dst, "]}"...)
	case model.TypeMap:
		dst = append(dst, `{"kvlistValue":{"values":[`...)
		dst = appendOTLPAttrList(dst, v.Map())
		dst = append(dst, "]}"...)
	default:
		return append(dst, "{}"...)
	}
	return append(dst, '}')
}
