package ingest

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

// seedSpanKeys names the members in which the two span shapes differ.
type seedSpanKeys struct {
	parent string // the parent id: "parent_span_id" (tutorial) or "parent_id" (mamba-agents)
	errMsg bool   // "error" holds an error message (mamba-agents); else it is skipped
}

// seedSpan is one span object as read.
type seedSpan struct {
	sp     model.Span
	status string // the status word
	errMsg string // the "error" member, when keys.errMsg
	ended  bool   // an end time, or a duration, was given
}

// documents calls trace for every top-level document, or for every
// element of a top-level array of them.
func (c *seedCtx) documents(trace func() error) error {
	s := c.s
	if s.AtEnd() {
		return &Error{Format: c.st.format, Offset: -1, Msg: "empty input"}
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

// readSpan reads one span object. It must have a span_id and a
// start_time; a duration_ms stands in for a missing end_time.
func (c *seedCtx) readSpan(keys seedSpanKeys) (seedSpan, error) {
	s := c.s
	at := s.Offset()
	r := seedSpan{sp: model.Span{Kind: model.KindInternal, Resource: -1, Scope: -1}}
	sp := &r.sp
	var hasID, hasStart, hasDur bool
	var durMs float64
	err := s.Object(func(key []byte) error {
		var err error
		switch string(key) {
		case "span_id":
			sp.ID, err = c.optSpanID()
			hasID = !sp.ID.IsZero()
		case keys.parent:
			sp.ParentID, err = c.optSpanID()
		case "trace_id":
			sp.TraceID, err = c.optTraceID()
		case "name":
			sp.Name, err = c.text()
		case "start_time":
			sp.Start, hasStart, err = c.time()
		case "end_time":
			sp.End, r.ended, err = c.time()
		case "duration_ms":
			if !s.Null() {
				durMs, err = s.Float64()
				hasDur = true
			}
		case "status":
			r.status, err = c.text()
		case "error":
			if keys.errMsg {
				r.errMsg, err = c.text()
			} else {
				err = s.Skip()
			}
		case "attributes":
			sp.Attrs, err = c.attrs(sp.Attrs, "")
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
		return r, errAt(s, at, "missing span_id")
	}
	if !hasStart {
		return r, errAt(s, at, "missing start_time")
	}
	if !r.ended && hasDur {
		sp.End, r.ended = seedEnd(sp.Start, durMs)
	}
	return r, nil
}

// add appends a span read by readSpan to the batch; one that has not
// ended gets End = Start and a warning.
func (c *seedCtx) add(r *seedSpan) error {
	i, err := c.st.addSpan(r.sp)
	if err != nil {
		return err
	}
	if !r.ended {
		c.unfinished(i)
	}
	return nil
}
