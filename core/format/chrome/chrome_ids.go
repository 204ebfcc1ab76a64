package chrome

import (
	"github.com/spanlens/spanlens/core/internal/keys"
	"github.com/spanlens/spanlens/core/model"
)

// This file reads the span ids that some Chrome traces carry in their
// events' args: core/export's Chrome encoder writes trace_id (32 hex),
// span_id (16 hex) and parent_span_id (16 hex, absent for a root) on every
// X event, so that a trace converted to Chrome and back keeps its ids and
// its tree, even where a span overlaps a sibling and had to move to
// another thread.

// chromeIDs are the ids an X or B event's args gave its span.
type chromeIDs struct {
	ok     bool
	trace  model.TraceID
	id     model.SpanID
	parent model.SpanID // zero for a root
}

// readIDs records the ids of every X and B span whose args hold them: a
// non-zero trace_id of 32 hex digits, a non-zero span_id of 16, and a
// parent_span_id of 16 that may be absent or empty. A span without all of
// them keeps its synthesized id, and the args stay attributes.
func (d *chrome) readIDs() {
	for k := range d.spans {
		ev := &d.events[d.spans[k].ev]
		if ev.ph != 'X' && ev.ph != 'B' {
			continue
		}
		ids := chromeArgIDs(ev.args)
		if !ids.ok {
			continue
		}
		if d.ids == nil {
			d.ids = make([]chromeIDs, len(d.spans))
		}
		d.ids[k] = ids
	}
}

// chromeArgIDs reads the ids from a span's args.
func chromeArgIDs(args []model.Attr) chromeIDs {
	var ids chromeIDs
	haveTrace, haveSpan, parentOK := false, false, true
	for _, a := range args {
		switch a.Key {
		case keys.ChromeTraceID:
			haveTrace = a.Value.Type() == model.TypeString && model.DecodeHex(ids.trace[:], a.Value.Str()) && !ids.trace.IsZero()
		case keys.ChromeSpanID:
			haveSpan = a.Value.Type() == model.TypeString && model.DecodeHex(ids.id[:], a.Value.Str()) && !ids.id.IsZero()
		case keys.ChromeParentID:
			ids.parent = model.SpanID{}
			parentOK = a.Value.Type() == model.TypeString && (a.Value.Str() == "" || model.DecodeHex(ids.parent[:], a.Value.Str()))
		}
	}
	ids.ok = haveTrace && haveSpan && parentOK
	return ids
}

// idsOf returns the ids of span k, or nil when it has none of its own.
func (d *chrome) idsOf(k int32) *chromeIDs {
	if int(k) < len(d.ids) && d.ids[k].ok {
		return &d.ids[k]
	}
	return nil
}

// appendArgs appends the args of span k to dst, without the ones that gave
// it its ids.
func (d *chrome) appendArgs(dst []model.Attr, k int32, args []model.Attr) []model.Attr {
	if d.idsOf(k) == nil {
		return append(dst, args...)
	}
	for _, a := range args {
		if !isIDArg(a.Key) {
			dst = append(dst, a)
		}
	}
	return dst
}

// isIDArg reports whether an arg is one of the ids readIDs takes.
func isIDArg(key string) bool {
	return key == keys.ChromeTraceID || key == keys.ChromeSpanID || key == keys.ChromeParentID
}

// traceIDs returns the trace id of every span: its own when its args gave
// it ids, else that of its nearest ancestor whose did (so that a span
// nested in time under it joins its trace), else chromeTraceID.
func (d *chrome) traceIDs() []model.TraceID {
	out := make([]model.TraceID, len(d.spans))
	done := make([]bool, len(d.spans))
	var path []int32
	for k := range d.spans {
		j := int32(k)
		for !done[j] {
			if ids := d.idsOf(j); ids != nil {
				out[j], done[j] = ids.trace, true
			} else if p := d.spans[j].parent; p < 0 {
				out[j], done[j] = chromeTraceID, true
			} else {
				path = append(path, j)
				j = p
			}
		}
		for _, q := range path {
			out[q], done[q] = out[j], true
		}
		path = path[:0]
	}
	return out
}
