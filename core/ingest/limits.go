package ingest

import "fmt"

// Limits bound what one decode may consume, so that a hostile upload cannot
// exhaust a Worker or a browser tab. A zero field means its default.
type Limits struct {
	MaxBytes          int64 // input size; default 512 MiB
	MaxSpans          int   // spans in one input; default 4,000,000
	MaxAttrsPerSpan   int   // attributes on one span, event or link; default 1024
	MaxAttrValueBytes int   // bytes in one attribute value; default 1 MiB
	MaxEventsPerSpan  int   // events and links on one span; default 10,000
	MaxDepth          int   // JSON nesting depth; default 64
}

// DefaultLimits are generous enough for any real trace a desktop can hold.
var DefaultLimits = Limits{
	MaxBytes:          512 << 20,
	MaxSpans:          4_000_000,
	MaxAttrsPerSpan:   1024,
	MaxAttrValueBytes: 1 << 20,
	MaxEventsPerSpan:  10_000,
	MaxDepth:          64,
}

// withDefaults fills zero fields from DefaultLimits.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	if l.MaxBytes > 0 {
		d.MaxBytes = l.MaxBytes
	}
	if l.MaxSpans > 0 {
		d.MaxSpans = l.MaxSpans
	}
	if l.MaxAttrsPerSpan > 0 {
		d.MaxAttrsPerSpan = l.MaxAttrsPerSpan
	}
	if l.MaxAttrValueBytes > 0 {
		d.MaxAttrValueBytes = l.MaxAttrValueBytes
	}
	if l.MaxEventsPerSpan > 0 {
		d.MaxEventsPerSpan = l.MaxEventsPerSpan
	}
	if l.MaxDepth > 0 {
		d.MaxDepth = l.MaxDepth
	}
	return d
}

// LimitError reports an input that exceeds one of the Limits.
type LimitError struct {
	Format Format
	Limit  string // the Limits field, e.g. "MaxSpans"
	Max    int64
	Where  string // where it was exceeded, if known
}

func (e *LimitError) Error() string {
	where := ""
	if e.Where != "" {
		where = e.Where + ": "
	}
	return fmt.Sprintf("ingest: %s: %sinput exceeds Limits.%s (%d); raise the limit to accept it", e.Format, where, e.Limit, e.Max)
}
