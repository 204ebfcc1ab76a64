package decode

import (
	"reflect"

	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/internal/msg"
)

// Limits bound what one decode may consume, so that a hostile upload cannot
// exhaust a Worker or a browser tab. A zero field means its default.
type Limits struct {
	MaxBytes          int64 `json:"maxBytes,omitempty"`          // input size; default 512 MiB
	MaxSpans          int   `json:"maxSpans,omitempty"`          // spans in one input; default 4,000,000
	MaxAttrsPerSpan   int   `json:"maxAttrsPerSpan,omitempty"`   // attributes on one span, event or link; default 1024
	MaxAttrValueBytes int   `json:"maxAttrValueBytes,omitempty"` // bytes in one attribute value; default 1 MiB
	MaxEventsPerSpan  int   `json:"maxEventsPerSpan,omitempty"`  // events and links on one span; default 10,000
	MaxDepth          int   `json:"maxDepth,omitempty"`          // nesting of JSON objects and arrays, or of protobuf messages; default 64

	// The memory budget. A decode estimates the size of the model it builds
	// as it goes (per span: a fixed size, its name, and a fixed size per
	// attribute, event and link; other strings are bounded by the input,
	// which holds them) and stops at the smaller of these two bounds, so
	// that no format lets a small input become a large model.
	MaxModelBytesPerInputByte int   `json:"maxModelBytesPerInputByte,omitempty"` // estimated model bytes per input byte; default 64
	MaxModelBytes             int64 `json:"maxModelBytes,omitempty"`             // estimated model bytes in all; default 8 GiB, 1 GiB under WebAssembly
}

// DefaultLimits are generous enough for any real trace a desktop can hold.
var DefaultLimits = Limits{
	MaxBytes:          512 << 20,
	MaxSpans:          4_000_000,
	MaxAttrsPerSpan:   1024,
	MaxAttrValueBytes: 1 << 20,
	MaxEventsPerSpan:  10_000,
	MaxDepth:          64,

	MaxModelBytesPerInputByte: 64,
	MaxModelBytes:             defaultMaxModelBytes,
}

// WithDefaults fills zero fields from DefaultLimits.
func (l Limits) WithDefaults() Limits {
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
	if l.MaxModelBytesPerInputByte > 0 {
		d.MaxModelBytesPerInputByte = l.MaxModelBytesPerInputByte
	}
	if l.MaxModelBytes > 0 {
		d.MaxModelBytes = l.MaxModelBytes
	}
	return d
}

// LimitField describes one field of Limits, for the surfaces that let a
// user set it: the CLI makes a flag of each, the engine takes JSON.
type LimitField struct {
	Name string // the Limits field, e.g. "MaxSpans"
	JSON string // its name in requests, e.g. "maxSpans"
	Doc  string // what it bounds, for help texts
}

// LimitFields lists every field of Limits.
var LimitFields = []LimitField{
	{"MaxBytes", "maxBytes", "input size in bytes"},
	{"MaxSpans", "maxSpans", "spans in one input"},
	{"MaxAttrsPerSpan", "maxAttrsPerSpan", "attributes on one span, event or link"},
	{"MaxAttrValueBytes", "maxAttrValueBytes", "bytes in one string from the input: attribute value, name, key"},
	{"MaxEventsPerSpan", "maxEventsPerSpan", "events and links on one span"},
	{"MaxDepth", "maxDepth", "nesting of JSON objects and arrays, or of protobuf messages"},
	{"MaxModelBytesPerInputByte", "maxModelBytesPerInputByte", "estimated model bytes per input byte"},
	{"MaxModelBytes", "maxModelBytes", "estimated model bytes in all"},
}

// Flag is the field's name as a command-line flag: "max-spans".
func (lf LimitField) Flag() string {
	var b []byte
	for i := 0; i < len(lf.JSON); i++ {
		c := lf.JSON[i]
		if 'A' <= c && c <= 'Z' {
			b = append(b, '-', c+'a'-'A')
			continue
		}
		b = append(b, c)
	}
	return string(b)
}

// LookupLimit returns the LimitField of the Limits field named name.
func LookupLimit(name string) (LimitField, bool) {
	for _, lf := range LimitFields {
		if lf.Name == name {
			return lf, true
		}
	}
	return LimitField{}, false
}

// Get returns the value of the field named name (a LimitField.Name).
func (l Limits) Get(name string) int64 {
	return reflect.ValueOf(l).FieldByName(name).Int()
}

// Set sets the field named name (a LimitField.Name) to v.
func (l *Limits) Set(name string, v int64) {
	reflect.ValueOf(l).Elem().FieldByName(name).SetInt(v)
}

// LimitError reports an input that exceeds one of the Limits.
type LimitError struct {
	Format model.Format
	Limit  string // the Limits field, e.g. "MaxSpans"
	Max    int64
	Where  string // where it was exceeded, if known
	// Knob, when set, is how the surface that raised the error lets a user
	// change the limit (the CLI's "--max-spans", the JS package's
	// "limits.maxSpans"); the message names it instead of the Go field.
	Knob string
}

func (e *LimitError) Error() string {
	where := ""
	if e.Where != "" {
		where = e.Where + ": "
	}
	format := ""
	if e.Format != "" {
		format = string(e.Format) + ": "
	}
	knob := e.Knob
	if knob == "" {
		knob = "Limits." + e.Limit
	}
	return msg.Sprintf("ingest: %s%sinput exceeds %s (%d); raise the limit to accept it", format, where, knob, e.Max)
}

// Within returns l with every field lowered to at most max's (both after
// defaults), so that a caller can tighten a server's limits but not raise
// them.
func (l Limits) Within(max Limits) Limits {
	l, max = l.WithDefaults(), max.WithDefaults()
	l.MaxBytes = min(l.MaxBytes, max.MaxBytes)
	l.MaxSpans = min(l.MaxSpans, max.MaxSpans)
	l.MaxAttrsPerSpan = min(l.MaxAttrsPerSpan, max.MaxAttrsPerSpan)
	l.MaxAttrValueBytes = min(l.MaxAttrValueBytes, max.MaxAttrValueBytes)
	l.MaxEventsPerSpan = min(l.MaxEventsPerSpan, max.MaxEventsPerSpan)
	l.MaxDepth = min(l.MaxDepth, max.MaxDepth)
	l.MaxModelBytesPerInputByte = min(l.MaxModelBytesPerInputByte, max.MaxModelBytesPerInputByte)
	l.MaxModelBytes = min(l.MaxModelBytes, max.MaxModelBytes)
	return l
}
