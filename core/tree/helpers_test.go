package tree

import (
	"encoding/binary"

	"github.com/spanlens/spanlens/core/model"
)

// tid returns the trace id whose low 8 bytes are n.
func tid(n uint64) model.TraceID {
	var t model.TraceID
	binary.BigEndian.PutUint64(t[8:], n)
	return t
}

// sid returns the span id n (0 is "none").
func sid(n uint64) model.SpanID {
	var s model.SpanID
	binary.BigEndian.PutUint64(s[:], n)
	return s
}

// sp is a span of trace 1 with id, parent id (0 for none), times and
// service "svc".
func sp(id, parent uint64, start, end int64) model.Span {
	return model.Span{
		TraceID: tid(1), ID: sid(id), ParentID: sid(parent),
		Start: start, End: end, Service: "svc", Resource: -1, Scope: -1,
	}
}

// in returns s moved to trace t.
func in(t uint64, s model.Span) model.Span {
	s.TraceID = tid(t)
	return s
}

// on returns s with service svc.
func on(svc string, s model.Span) model.Span {
	s.Service = svc
	return s
}

func batch(spans ...model.Span) *model.Batch {
	return &model.Batch{Format: "test", Spans: spans}
}
