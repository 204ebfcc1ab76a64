package decode

import (
	"unsafe"

	"github.com/spanlens/spanlens/core/internal/jsonscan"
	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/internal/msg"
)

// State is what every decoder shares during one decode: the batch being
// filled, the string interner, the limits and progress reporting.
type State struct {
	format   model.Format
	Limits   Limits
	Batch    *model.Batch
	In       *model.Interner
	names    *StringTable // Value's cache in front of In, made on first use
	progress func(Progress)
	size     int64

	warned map[string]*warnKind // by format string or text
	kinds  []*warnKind          // warned's values, in the order first seen

	model  int64 // estimated bytes of the spans added so far
	Budget int64 // the bound on model (Limits.MaxModelBytes*)
	Ratio  bool  // whether the budget is the ratio's, not the absolute bound
}

func NewState(f model.Format, data []byte, opts Options) *State {
	st := &State{
		format:   f,
		Limits:   opts.Limits.WithDefaults(),
		Batch:    &model.Batch{Format: f},
		In:       model.NewInterner(),
		progress: opts.Progress,
		size:     int64(len(data)),
	}
	st.budget()
	return st
}

// NewStreamState is NewState for an input decoded as it is read, whose
// size is not known in advance: the memory budget's ratio applies to the
// input read so far, which Read raises. A stream whose early part builds
// a denser model than the rest can therefore stop where the whole input,
// decoded at once, would not; in exchange the model never outgrows the
// ratio of what has been read. Progress is the reader's to report.
func NewStreamState(f model.Format, opts Options) *State {
	opts.Progress = nil
	return NewState(f, nil, opts)
}

// Read records that the input read so far is n bytes long.
func (st *State) Read(n int64) {
	st.size = n
	st.budget()
}

// budget sets Budget to the smaller of the two memory bounds.
func (st *State) budget() {
	st.Budget, st.Ratio = st.Limits.MaxModelBytes, false
	if r := int64(st.Limits.MaxModelBytesPerInputByte); st.size == 0 || r <= st.Budget/st.size {
		st.Budget, st.Ratio = r*st.size, true
	}
}

// Sizes of the model's parts, for the memory budget.
const (
	SpanBytes  = int64(unsafe.Sizeof(model.Span{}))
	attrBytes  = int64(unsafe.Sizeof(model.Attr{}))
	EventBytes = int64(unsafe.Sizeof(model.Event{}))
	linkBytes  = int64(unsafe.Sizeof(model.Link{}))
)

// ModelBytes estimates what sp adds to the model (see Limits).
func ModelBytes(sp *model.Span) int64 {
	n := SpanBytes + int64(len(sp.Name)) + int64(len(sp.Attrs))*attrBytes
	for i := range sp.Events {
		n += EventBytes + int64(len(sp.Events[i].Attrs))*attrBytes
	}
	for i := range sp.Links {
		n += linkBytes + int64(len(sp.Links[i].Attrs))*attrBytes
	}
	return n
}

// Scanner returns a JSON scanner over data that enforces Limits.MaxDepth.
func (st *State) Scanner(data []byte) *jsonscan.Scanner {
	s := jsonscan.New(data)
	s.SetMaxDepth(st.Limits.MaxDepth)
	return s
}

// AddSpan appends sp, enforcing MaxSpans, and returns its index.
func (st *State) AddSpan(sp model.Span) (int32, error) {
	b := st.Batch
	if len(b.Spans) >= st.Limits.MaxSpans {
		return -1, &LimitError{Format: st.format, Limit: "MaxSpans", Max: int64(st.Limits.MaxSpans)}
	}
	if st.model += ModelBytes(&sp); st.model > st.Budget {
		where := msg.Sprintf("span %d: model ≈ %d bytes from %d input bytes", len(b.Spans), st.model, st.size)
		if st.Ratio {
			return -1, &LimitError{Format: st.format, Limit: "MaxModelBytesPerInputByte", Max: int64(st.Limits.MaxModelBytesPerInputByte), Where: where}
		}
		return -1, &LimitError{Format: st.format, Limit: "MaxModelBytes", Max: st.Limits.MaxModelBytes, Where: where}
	}
	b.Spans = append(b.Spans, sp)
	n := len(b.Spans)
	if st.progress != nil && n%progressEvery == 0 {
		st.progress(Progress{Bytes: -1, TotalBytes: st.size, Spans: n})
	}
	return int32(n - 1), nil
}

// CheckAttrs enforces MaxAttrsPerSpan for a list about to hold n entries.
func (st *State) CheckAttrs(n int, where string) error {
	if n > st.Limits.MaxAttrsPerSpan {
		return &LimitError{Format: st.format, Limit: "MaxAttrsPerSpan", Max: int64(st.Limits.MaxAttrsPerSpan), Where: where}
	}
	return nil
}

// CheckEvents enforces MaxEventsPerSpan for a list about to hold n entries.
func (st *State) CheckEvents(n int, where string) error {
	if n > st.Limits.MaxEventsPerSpan {
		return &LimitError{Format: st.format, Limit: "MaxEventsPerSpan", Max: int64(st.Limits.MaxEventsPerSpan), Where: where}
	}
	return nil
}

// CheckString enforces Limits.MaxAttrValueBytes on a string of n bytes
// read from input. It is the one bound on every string a decoder keeps
// (span and service names, keys, values, messages, endpoints) in every
// format, so that no field is a way around it. The error names no place:
// JSON callers add the scanner's path with limitAt, protobuf its field path.
func (st *State) CheckString(n int) error {
	if n > st.Limits.MaxAttrValueBytes {
		return &LimitError{Format: st.format, Limit: "MaxAttrValueBytes", Max: int64(st.Limits.MaxAttrValueBytes)}
	}
	return nil
}

// Value returns a string read by s (a name, a key, a value), enforcing
// checkString. Strings are interned: names and enum-like values repeat
// across spans. A StringTable's cache answers most of them without a map
// lookup.
func (st *State) Value(s *jsonscan.Scanner, b []byte) (string, error) {
	if err := st.CheckString(len(b)); err != nil {
		return "", LimitAt(s, err)
	}
	if st.names == nil {
		st.names = new(StringTable)
		st.names.Init(st.In)
	}
	return st.names.Name(b), nil
}

// AttrValue is Value for attribute values, which repeat less than names:
// they are not interned (a million distinct URLs would only grow the
// Interner's map) but shared through the StringTable's value cache and
// chunks.
func (st *State) AttrValue(s *jsonscan.Scanner, b []byte) (string, error) {
	if err := st.CheckString(len(b)); err != nil {
		return "", LimitAt(s, err)
	}
	if st.names == nil {
		st.names = new(StringTable)
		st.names.Init(st.In)
	}
	return st.names.Value(b), nil
}

// Str reads a string with s and returns it as value does.
func (st *State) Str(s *jsonscan.Scanner) (string, error) {
	b, err := s.Str()
	if err != nil {
		return "", err
	}
	return st.Value(s, b)
}

// MaxWarningsPerKind is how many warnings of one kind a decode lists: of
// one format string, or of one text for those the input wrote itself
// (WarnText). Some are one per span ("span has no timestamp"), and a
// million of them would cost more than the spans, travel in every load
// result and fill a terminal, for nothing a count does not say.
const MaxWarningsPerKind = 100

// warnKind counts the warnings of one kind.
type warnKind struct {
	n     int
	first string // the first one's message
}

// Warn records a decode warning, or counts it past MaxWarningsPerKind.
// Its kind is format.
func (st *State) Warn(span int32, format string, args ...any) {
	if k := st.kind(format); k.n <= MaxWarningsPerKind {
		st.list(k, span, msg.Sprintf(format, args...))
	}
}

// WarnText is Warn for a warning whose text the input wrote (Jaeger's
// own warnings, passed on with "jaeger: " before them): the text is its
// kind, since one format would lump different warnings together.
func (st *State) WarnText(span int32, msg string) {
	if k := st.kind(msg); k.n <= MaxWarningsPerKind {
		st.list(k, span, msg)
	}
}

// kind counts one more warning of kind key.
func (st *State) kind(key string) *warnKind {
	k := st.warned[key]
	if k == nil {
		if st.warned == nil {
			st.warned = map[string]*warnKind{}
		}
		k = &warnKind{}
		st.warned[key] = k
		st.kinds = append(st.kinds, k)
	}
	k.n++
	return k
}

// list adds a listed warning of kind k.
func (st *State) list(k *warnKind, span int32, msg string) {
	if k.n == 1 {
		k.first = msg
	}
	st.Batch.Warn(span, msg)
}

// Done returns the batch, with a warning for each kind that went past
// MaxWarningsPerKind saying how many were left out. Every decoder returns
// its batch through it.
func (st *State) Done() *model.Batch {
	for _, k := range st.kinds {
		if k.n > MaxWarningsPerKind {
			st.Batch.Warn(-1, msg.Sprintf("%s; and %d more like it, not listed", k.first, k.n-MaxWarningsPerKind))
		}
	}
	st.kinds = nil
	return st.Batch
}
