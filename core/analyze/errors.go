package analyze

import (
	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/core/tree"
)

// ErrorSpan is a span that failed, by model.Span.Failed.
type ErrorSpan struct {
	Span int32 `json:"span"`
	// Path lists the spans from the root down to Span, both included. It is
	// nil once the paths of earlier errors have used MaxErrorPathSpans.
	Path []int32 `json:"path"`
	// Status reports an error status; Exceptions counts the events named
	// "exception".
	Status     bool `json:"status"`
	Exceptions int  `json:"exceptions,omitempty"`
	// Type and Message describe the first exception (exception.type,
	// exception.message), else the error.type attribute and the status
	// message.
	Type    string `json:"type,omitempty"`
	Message string `json:"message,omitempty"`
	// Origin reports that no descendant of the span failed: the error
	// started here rather than propagating up from below.
	Origin bool `json:"origin"`
}

// MaxErrorPathSpans bounds the total length of the paths Errors returns,
// so that a deep trace failing at every level stays linear in memory.
const MaxErrorPathSpans = 1 << 22

// Errors returns the failed spans in pre-order (trace by trace, parents
// before children) with their paths from the root.
func Errors(f *tree.Forest) []ErrorSpan {
	spans := f.Batch.Spans
	failed := make([]bool, len(spans))
	below := make([]bool, len(spans)) // a descendant failed
	count := 0
	for k := len(f.Order) - 1; k >= 0; k-- {
		i := f.Order[k]
		if spans[i].Failed() {
			failed[i] = true
			count++
		}
		if p := f.Parent[i]; p >= 0 && (failed[i] || below[i]) {
			below[p] = true
		}
	}
	if count == 0 {
		return nil
	}

	out := make([]ErrorSpan, 0, count)
	// stack[d] is the current ancestor at depth d while walking pre-order.
	stack := make([]int32, 0, 64)
	budget := MaxErrorPathSpans
	for _, i := range f.Order {
		d := int(f.Depth[i])
		stack = append(stack[:d], i)
		if !failed[i] {
			continue
		}
		e := describeError(&spans[i])
		e.Span, e.Origin = i, !below[i]
		if len(stack) <= budget {
			e.Path = append([]int32(nil), stack...)
			budget -= len(stack)
		}
		out = append(out, e)
	}
	return out
}

func describeError(s *model.Span) ErrorSpan {
	e := ErrorSpan{Status: s.Status.Code == model.StatusError}
	for k := range s.Events {
		ev := &s.Events[k]
		if ev.Name != "exception" {
			continue
		}
		e.Exceptions++
		if e.Exceptions == 1 {
			if v, ok := ev.Attrs.Get("exception.type"); ok {
				e.Type = v.AsString()
			}
			if v, ok := ev.Attrs.Get("exception.message"); ok {
				e.Message = v.AsString()
			}
		}
	}
	if e.Type == "" {
		if v, ok := s.Attrs.Get("error.type"); ok {
			e.Type = v.AsString()
		}
	}
	if e.Message == "" {
		e.Message = s.Status.Message
	}
	return e
}
