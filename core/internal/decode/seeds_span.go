package decode

import (
	"github.com/spanlens/spanlens/core/internal/jsonscan"
	"github.com/spanlens/spanlens/core/model"
)

// This file reads the documents and span objects that the tracing tutorial
// and mamba-agents write alike: {"trace_id", "spans": [{"span_id", parent,
// "trace_id", "name", "start_time", "end_time", "duration_ms", "status",
// "attributes", "events"}]}, one document after another or in an array.
// The two differ only in the parent's member name and mamba-agents'
// "error"; each decoder maps the status itself.

// SeedSpanKeys names the members in which the two span shapes differ.
type SeedSpanKeys struct {
	Parent string // the parent id: "parent_span_id" (tutorial) or "parent_id" (mamba-agents)
	ErrMsg bool   // "error" holds an error message (mamba-agents); else it is skipped
}

// seedSpan is one span object as read.
type seedSpan struct {
	Sp     model.Span
	Status string // the status word
	ErrMsg string // the "error" member, when keys.errMsg
	ended  bool   // an end time, or a duration, was given
}

// Documents calls trace for every top-level document, or for every
// element of a top-level array of them.
func (c *SeedCtx) Documents(trace func() error) error {
	s := c.Scan
	if s.AtEnd() {
		return &Error{Format: c.State.format, Offset: -1, Msg: "empty input"}
	}
	for !s.AtEnd() {
		var err error
		if s.Peek() == jsonscan.Array {
			err = s.Array(func(int) error { return trace() })
		} else {
			err = trace()
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// ReadSpan reads one span object. It must have a span_id and a
// start_time; a duration_ms stands in for a missing end_time.
func (c *SeedCtx) ReadSpan(keys SeedSpanKeys) (seedSpan, error) {
	s := c.Scan
	at := s.Offset()
	r := seedSpan{Sp: model.Span{Kind: model.KindInternal, Resource: -1, Scope: -1}}
	sp := &r.Sp
	var hasID, hasStart, hasDur bool
	var durMs float64
	err := s.Object(func(key []byte) error {
		var err error
		switch string(key) {
		case "span_id":
			sp.ID, err = c.OptSpanID()
			hasID = !sp.ID.IsZero()
		case keys.Parent:
			sp.ParentID, err = c.OptSpanID()
		case "trace_id":
			sp.TraceID, err = c.OptTraceID()
		case "name":
			sp.Name, err = c.Text()
		case "start_time":
			sp.Start, hasStart, err = c.Time()
		case "end_time":
			sp.End, r.ended, err = c.Time()
		case "duration_ms":
			if !s.Null() {
				durMs, err = s.Float64()
				hasDur = true
			}
		case "status":
			r.Status, err = c.Text()
		case "error":
			if keys.ErrMsg {
				r.ErrMsg, err = c.Text()
			} else {
				err = s.Skip()
			}
		case "attributes":
			sp.Attrs, err = c.Attrs(sp.Attrs, "")
		case "events":
			sp.Events, err = c.events()
		default:
			err = s.Skip()
		}
		return err
	})
	if err != nil {
		return r, err
	}
	if !hasID {
		return r, ErrAt(s, at, "missing span_id")
	}
	if !hasStart {
		return r, ErrAt(s, at, "missing start_time")
	}
	if !r.ended && hasDur {
		sp.End, r.ended = SeedEnd(sp.Start, durMs)
	}
	return r, nil
}

// Add appends a span read by readSpan to the batch; one that has not
// ended gets End = Start and a warning.
func (c *SeedCtx) Add(r *seedSpan) error {
	i, err := c.State.AddSpan(r.Sp)
	if err != nil {
		return err
	}
	if !r.ended {
		c.Unfinished(i)
	}
	return nil
}
