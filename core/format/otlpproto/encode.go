package otlpproto

import (
	"math"

	"github.com/spanlens/spanlens/core/internal/encode"
	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/internal/wire"
)

// This file writes OTLP/protobuf TracesData (the wire form of an
// ExportTraceServiceRequest too) by hand with protowire, field numbers as in
// opentelemetry/proto/trace/v1/trace.proto and common/v1/common.proto.
//
// A message's length comes before it, so every message's size is worked
// out before it is written: spans' sizes once, up front, because a
// ResourceSpans holding a million spans must state its length before its
// first span, and Encode may already have written that span's predecessors
// when it flushes.

// encodeOTLPProto writes b as OTLP/protobuf TracesData, grouped and
// ordered as AppendOTLPJSON groups and orders it. Ids are bytes, times
// fixed64 nanoseconds, attribute values typed (arrays, kvlists and bytes
// included). Fields the model does not keep (span trace state, flags and
// dropped counts) are not written.
func encodeOTLPProto(s *encode.Sink, b *model.Batch) {
	groups, order := encode.OTLPGroups(b)
	sizes := make([]int, len(b.Spans))
	for i := range b.Spans {
		sizes[i] = pbSpanSize(&b.Spans[i])
	}
	// scopeSize is the size of a group's ScopeSpans message.
	scopeSize := func(g encode.OTLPGroup) int {
		n := 0
		if g.Scope < len(b.Scopes) {
			n += pbMessageSize(1, pbScopeSize(&b.Scopes[g.Scope]))
		}
		for _, si := range order[g.First : g.First+g.Count] {
			n += pbMessageSize(2, sizes[si])
		}
		return n
	}
	for gi := 0; gi < len(groups); {
		res := groups[gi].Res
		end := gi
		for end < len(groups) && groups[end].Res == res {
			end++
		}
		resAttrs := pbResourceAttrs(b, groups[gi])
		n := pbMessageSize(1, pbAttrsSize(1, resAttrs))
		for _, g := range groups[gi:end] {
			n += pbMessageSize(2, scopeSize(g))
		}
		s.Buf = pbAppendHeader(s.Buf, 1, n) // TracesData.resource_spans
		s.Buf = pbAppendHeader(s.Buf, 1, pbAttrsSize(1, resAttrs))
		s.Buf = pbAppendAttrs(s.Buf, 1, resAttrs)
		for _, g := range groups[gi:end] {
			s.Buf = pbAppendHeader(s.Buf, 2, scopeSize(g)) // ResourceSpans.scope_spans
			if g.Scope < len(b.Scopes) {
				sc := &b.Scopes[g.Scope]
				s.Buf = pbAppendHeader(s.Buf, 1, pbScopeSize(sc))
				s.Buf = pbAppendScope(s.Buf, sc)
			}
			for _, si := range order[g.First : g.First+g.Count] {
				if !s.Next() {
					return
				}
				s.Buf = pbAppendHeader(s.Buf, 2, sizes[si])
				s.Buf = pbAppendSpan(s.Buf, &b.Spans[si])
			}
		}
		gi = end
	}
}

// pbResourceAttrs returns the attributes of a group's Resource: as
// appendOTLPResource writes them, with service.name first when the model
// names the service only in Resource.Service (or, for spans without a
// resource, in Span.Service).
func pbResourceAttrs(b *model.Batch, g encode.OTLPGroup) model.Attrs {
	if g.Res >= len(b.Resources) {
		if g.Service == "" {
			return nil
		}
		return model.Attrs{{Key: model.ServiceNameKey, Value: model.StringValue(g.Service)}}
	}
	r := &b.Resources[g.Res]
	if _, ok := r.Attrs.Get(model.ServiceNameKey); ok || r.Service == "" {
		return r.Attrs
	}
	out := make(model.Attrs, 0, len(r.Attrs)+1)
	out = append(out, model.Attr{Key: model.ServiceNameKey, Value: model.StringValue(r.Service)})
	return append(out, r.Attrs...)
}

// pbMessageSize is the size of a length-delimited field num of n bytes.
func pbMessageSize(num wire.Number, n int) int {
	return wire.SizeTag(num) + wire.SizeBytes(n)
}

// pbAppendHeader appends the tag and length of a length-delimited field.
func pbAppendHeader(dst []byte, num wire.Number, n int) []byte {
	dst = wire.AppendTag(dst, num, wire.BytesType)
	return wire.AppendVarint(dst, uint64(n))
}

func pbAppendString(dst []byte, num wire.Number, s string) []byte {
	dst = wire.AppendTag(dst, num, wire.BytesType)
	return wire.AppendString(dst, s)
}

func pbAppendFixed64(dst []byte, num wire.Number, v int64) []byte {
	dst = wire.AppendTag(dst, num, wire.Fixed64Type)
	return wire.AppendFixed64(dst, uint64(v))
}

func pbAppendVarint(dst []byte, num wire.Number, v uint64) []byte {
	dst = wire.AppendTag(dst, num, wire.VarintType)
	return wire.AppendVarint(dst, v)
}

// pbStringSize is the size of string field num holding s, or 0 when s is
// empty and so not written.
func pbStringSize(num wire.Number, s string) int {
	if s == "" {
		return 0
	}
	return pbMessageSize(num, len(s))
}

// pbScopeSize is the size of InstrumentationScope{name=1, version=2,
// attributes=3}.
func pbScopeSize(sc *model.Scope) int {
	return pbStringSize(1, sc.Name) + pbStringSize(2, sc.Version) + pbAttrsSize(3, sc.Attrs)
}

func pbAppendScope(dst []byte, sc *model.Scope) []byte {
	if sc.Name != "" {
		dst = pbAppendString(dst, 1, sc.Name)
	}
	if sc.Version != "" {
		dst = pbAppendString(dst, 2, sc.Version)
	}
	return pbAppendAttrs(dst, 3, sc.Attrs)
}

// pbSpanSize is the size of a Span message as pbAppendSpan writes it.
func pbSpanSize(sp *model.Span) int {
	n := pbMessageSize(1, 16) + pbMessageSize(2, 8) // trace_id, span_id
	if !sp.ParentID.IsZero() {
		n += pbMessageSize(4, 8)
	}
	n += pbStringSize(5, sp.Name)
	if sp.Kind != model.KindUnspecified {
		n += wire.SizeTag(6) + wire.SizeVarint(uint64(sp.Kind))
	}
	n += 2 * (wire.SizeTag(7) + 8) // start and end, fixed64
	n += pbAttrsSize(9, sp.Attrs)
	for i := range sp.Events {
		n += pbMessageSize(11, pbEventSize(&sp.Events[i]))
	}
	for i := range sp.Links {
		n += pbMessageSize(13, pbLinkSize(&sp.Links[i]))
	}
	if st := pbStatusSize(sp.Status); st >= 0 {
		n += pbMessageSize(15, st)
	}
	return n
}

// pbAppendSpan appends Span{trace_id=1, span_id=2, parent_span_id=4,
// name=5, kind=6, start_time_unix_nano=7, end_time_unix_nano=8,
// attributes=9, events=11, links=13, status=15}, fields in number order
// and empty ones left out, as protobuf encoders write them.
func pbAppendSpan(dst []byte, sp *model.Span) []byte {
	dst = pbAppendHeader(dst, 1, 16)
	dst = append(dst, sp.TraceID[:]...)
	dst = pbAppendHeader(dst, 2, 8)
	dst = append(dst, sp.ID[:]...)
	if !sp.ParentID.IsZero() {
		dst = pbAppendHeader(dst, 4, 8)
		dst = append(dst, sp.ParentID[:]...)
	}
	if sp.Name != "" {
		dst = pbAppendString(dst, 5, sp.Name)
	}
	if sp.Kind != model.KindUnspecified {
		dst = pbAppendVarint(dst, 6, uint64(sp.Kind))
	}
	dst = pbAppendFixed64(dst, 7, sp.Start)
	dst = pbAppendFixed64(dst, 8, sp.End)
	dst = pbAppendAttrs(dst, 9, sp.Attrs)
	for i := range sp.Events {
		e := &sp.Events[i]
		dst = pbAppendHeader(dst, 11, pbEventSize(e))
		dst = pbAppendFixed64(dst, 1, e.Time)
		if e.Name != "" {
			dst = pbAppendString(dst, 2, e.Name)
		}
		dst = pbAppendAttrs(dst, 3, e.Attrs)
	}
	for i := range sp.Links {
		l := &sp.Links[i]
		dst = pbAppendHeader(dst, 13, pbLinkSize(l))
		dst = pbAppendHeader(dst, 1, 16)
		dst = append(dst, l.TraceID[:]...)
		dst = pbAppendHeader(dst, 2, 8)
		dst = append(dst, l.SpanID[:]...)
		if l.TraceState != "" {
			dst = pbAppendString(dst, 3, l.TraceState)
		}
		dst = pbAppendAttrs(dst, 4, l.Attrs)
	}
	if n := pbStatusSize(sp.Status); n >= 0 {
		dst = pbAppendHeader(dst, 15, n)
		if sp.Status.Message != "" {
			dst = pbAppendString(dst, 2, sp.Status.Message)
		}
		if sp.Status.Code != model.StatusUnset {
			dst = pbAppendVarint(dst, 3, uint64(sp.Status.Code))
		}
	}
	return dst
}

// pbEventSize is the size of Span.Event{time_unix_nano=1, name=2,
// attributes=3}.
func pbEventSize(e *model.Event) int {
	return wire.SizeTag(1) + 8 + pbStringSize(2, e.Name) + pbAttrsSize(3, e.Attrs)
}

// pbLinkSize is the size of Span.Link{trace_id=1, span_id=2,
// trace_state=3, attributes=4}.
func pbLinkSize(l *model.Link) int {
	return pbMessageSize(1, 16) + pbMessageSize(2, 8) + pbStringSize(3, l.TraceState) + pbAttrsSize(4, l.Attrs)
}

// pbStatusSize is the size of Status{message=2, code=3}, or -1 for an
// unset status without a message, which is not written.
func pbStatusSize(st model.Status) int {
	if st.Code == model.StatusUnset && st.Message == "" {
		return -1
	}
	n := pbStringSize(2, st.Message)
	if st.Code != model.StatusUnset {
		n += wire.SizeTag(3) + wire.SizeVarint(uint64(st.Code))
	}
	return n
}

// pbAttrsSize is the size of the repeated KeyValue field num holding a.
func pbAttrsSize(num wire.Number, a []model.Attr) int {
	n := 0
	for i := range a {
		n += pbMessageSize(num, pbKeyValueSize(&a[i]))
	}
	return n
}

func pbAppendAttrs(dst []byte, num wire.Number, a []model.Attr) []byte {
	for i := range a {
		dst = pbAppendHeader(dst, num, pbKeyValueSize(&a[i]))
		dst = pbAppendString(dst, 1, a[i].Key)
		dst = pbAppendHeader(dst, 2, pbValueSize(a[i].Value))
		dst = pbAppendValue(dst, a[i].Value)
	}
	return dst
}

// pbKeyValueSize is the size of KeyValue{key=1, value=2}. Both are always
// written, so that an empty key or an empty value reads back as one.
func pbKeyValueSize(a *model.Attr) int {
	return pbMessageSize(1, len(a.Key)) + pbMessageSize(2, pbValueSize(a.Value))
}

// pbValueSize is the size of the AnyValue v: one field of its oneof
// (string_value=1, bool_value=2, int_value=3, double_value=4,
// array_value=5, kvlist_value=6, bytes_value=7), written even when it holds
// its type's zero, since the field says the type; none for an empty value.
func pbValueSize(v model.Value) int {
	switch v.Type() {
	case model.TypeString:
		return pbMessageSize(1, len(v.Str()))
	case model.TypeBool:
		return wire.SizeTag(2) + 1
	case model.TypeInt:
		return wire.SizeTag(3) + wire.SizeVarint(uint64(v.Int()))
	case model.TypeDouble:
		return wire.SizeTag(4) + 8
	case model.TypeArray:
		return pbMessageSize(5, pbArraySize(v.Array()))
	case model.TypeMap:
		return pbMessageSize(6, pbAttrsSize(1, v.Map()))
	case model.TypeBytes:
		return pbMessageSize(7, len(v.Bytes()))
	}
	return 0
}

// pbArraySize is the size of ArrayValue{values=1}.
func pbArraySize(vs []model.Value) int {
	n := 0
	for _, e := range vs {
		n += pbMessageSize(1, pbValueSize(e))
	}
	return n
}

func pbAppendValue(dst []byte, v model.Value) []byte {
	switch v.Type() {
	case model.TypeString:
		return pbAppendString(dst, 1, v.Str())
	case model.TypeBool:
		var x uint64
		if v.Bool() {
			x = 1
		}
		return pbAppendVarint(dst, 2, x)
	case model.TypeInt:
		return pbAppendVarint(dst, 3, uint64(v.Int()))
	case model.TypeDouble:
		dst = wire.AppendTag(dst, 4, wire.Fixed64Type)
		return wire.AppendFixed64(dst, math.Float64bits(v.Double()))
	case model.TypeArray:
		vs := v.Array()
		dst = pbAppendHeader(dst, 5, pbArraySize(vs))
		for _, e := range vs {
			dst = pbAppendHeader(dst, 1, pbValueSize(e))
			dst = pbAppendValue(dst, e)
		}
		return dst
	case model.TypeMap:
		kvs := v.Map()
		dst = pbAppendHeader(dst, 6, pbAttrsSize(1, kvs))
		return pbAppendAttrs(dst, 1, kvs)
	case model.TypeBytes:
		dst = wire.AppendTag(dst, 7, wire.BytesType)
		return wire.AppendBytes(dst, v.Bytes())
	}
	return dst
}
