package ingest

import (
	"fmt"
	"unsafe"

	"github.com/spanlens/spanlens/core/internal/jsonscan"
	"github.com/spanlens/spanlens/core/model"
)

// state is what every decoder shares during one decode: the batch being
// filled, the string interner, the limits and progress reporting.
type state struct {
	format   Format
	limits   Limits
	batch    *model.Batch
	in       *model.Interner
	progress func(Progress)
	size     int64

	model  int64 // estimated bytes of the spans added so far
	budget int64 // the bound on model (Limits.MaxModelBytes*)
	ratio  bool  // whether the budget is the ratio's, not the absolute bound
}

func newState(f Format, data []byte, opts Options) *state {
	st := &state{
		format:   f,
		limits:   opts.Limits.WithDefaults(),
		batch:    &model.Batch{Format: f},
		in:       model.NewInterner(),
		progress: opts.Progress,
		size:     int64(len(data)),
	}
	st.budget, st.ratio = st.limits.MaxModelBytes, false
	if r := int64(st.limits.MaxModelBytesPerInputByte); st.size == 0 || r <= st.budget/st.size {
		st.budget, st.ratio = r*st.size, true
	}
	return st
}

// Sizes of the model's parts, for the memory budget.
const (
	spanBytes  = int64(unsafe.Sizeof(model.Span{}))
	attrBytes  = int64(unsafe.Sizeof(model.Attr{}))
	eventBytes = int64(unsafe.Sizeof(model.Event{}))
	linkBytes  = int64(unsafe.Sizeof(model.Link{}))
)

// modelBytes estimates what sp adds to the model (see Limits).
func modelBytes(sp *model.Span) int64 {
	n := spanBytes + int64(len(sp.Name)) + int64(len(sp.Attrs))*attrBytes
	for i := range sp.Events {
		n += eventBytes + int64(len(sp.Events[i].Attrs))*attrBytes
	}
	for i := range sp.Links {
		n += linkBytes + int64(len(sp.Links[i].Attrs))*attrBytes
	}
	return n
}

// scanner returns a JSON scanner over data that enforces Limits.MaxDepth.
func (st *state) scanner(data []byte) *jsonscan.Scanner {
	s := jsonscan.New(data)
	s.SetMaxDepth(st.limits.MaxDepth)
	return s
}

// addSpan appends sp, enforcing MaxSpans, and returns its index.
func (st *state) addSpan(sp model.Span) (int32, error) {
	b := st.batch
	if len(b.Spans) >= st.limits.MaxSpans {
		return -1, &LimitError{Format: st.format, Limit: "MaxSpans", Max: int64(st.limits.MaxSpans)}
	}
	if st.model += modelBytes(&sp); st.model > st.budget {
		where := fmt.Sprintf("span %d: model ≈ %d bytes from %d input bytes", len(b.Spans), st.model, st.size)
		if st.ratio {
			return -1, &LimitError{Format: st.format, Limit: "MaxModelBytesPerInputByte", Max: int64(st.limits.MaxModelBytesPerInputByte), Where: where}
		}
		return -1, &LimitError{Format: st.format, Limit: "MaxModelBytes", Max: st.limits.MaxModelBytes, Where: where}
	}
	b.Spans = append(b.Spans, sp)
	n := len(b.Spans)
	if st.progress != nil && n%progressEvery == 0 {
		st.progress(Progress{Bytes: -1, TotalBytes: st.size, Spans: n})
	}
	return int32(n - 1), nil
}

// checkAttrs enforces MaxAttrsPerSpan for a list about to hold n entries.
func (st *state) checkAttrs(n int, where string) error {
	if n > st.limits.MaxAttrsPerSpan {
		return &LimitError{Format: st.format, Limit: "MaxAttrsPerSpan", Max: int64(st.limits.MaxAttrsPerSpan), Where: where}
	}
	return nil
}

// checkEvents enforces MaxEventsPerSpan for a list about to hold n entries.
func (st *state) checkEvents(n int, where string) error {
	if n > st.limits.MaxEventsPerSpan {
		return &LimitError{Format: st.format, Limit: "MaxEventsPerSpan", Max: int64(st.limits.MaxEventsPerSpan), Where: where}
	}
	return nil
}

// checkString enforces Limits.MaxAttrValueBytes on a string of n bytes
// read from input. It is the one bound on every string a decoder keeps
// (span and service names, keys, values, messages, endpoints) in every
// format, so that no field is a way around it. The error names no place:
// JSON callers add the scanner's path with limitAt, protobuf its field path.
func (st *state) checkString(n int) error {
	if n > st.limits.MaxAttrValueBytes {
		return &LimitError{Format: st.format, Limit: "MaxAttrValueBytes", Max: int64(st.limits.MaxAttrValueBytes)}
	}
	return nil
}

// value returns a string read by s (a name, a key, a value), enforcing
// checkString. Strings are interned: names and enum-like values repeat
// across spans.
func (st *state) value(s *jsonscan.Scanner, b []byte) (string, error) {
	if err := st.checkString(len(b)); err != nil {
		return "", limitAt(s, err)
	}
	return st.in.Bytes(b), nil
}

// str reads a string with s and returns it as value does.
func (st *state) str(s *jsonscan.Scanner) (string, error) {
	b, err := s.Str()
	if err != nil {
		return "", err
	}
	return st.value(s, b)
}

// warn records a decode warning.
func (st *state) warn(span int32, format string, args ...any) {
	st.batch.Warn(span, fmt.Sprintf(format, args...))
}
