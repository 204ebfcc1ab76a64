package decode

import (
	"encoding/binary"
	"math/bits"
	"unicode/utf8"
	"unsafe"

	"github.com/spanlens/spanlens/core/model"
)

// This file holds what the OTLP/JSON and OTLP/protobuf decoders share: enum
// mapping, the service name rule, and the arenas (which the Jaeger, Zipkin
// and Chrome decoders use too) and string table that keep per-span slices
// and strings out of the allocator.

// OTLPSpanKind maps an OTLP SpanKind number to the model. Protobuf enums are
// open, so numbers this version does not know read as unspecified.
func OTLPSpanKind(n int64) model.SpanKind {
	if n < 0 || n > int64(model.KindConsumer) {
		return model.KindUnspecified
	}
	return model.SpanKind(n)
}

// OTLPSpanKindName maps a SpanKind enum name such as "SPAN_KIND_SERVER" to the
// model. The "SPAN_KIND_" prefix is optional and case is ignored, because
// hand-written and non-Go exporters vary ("SERVER", "server").
func OTLPSpanKindName(name []byte) (model.SpanKind, bool) {
	var kinds = [...]string{"UNSPECIFIED", "INTERNAL", "SERVER", "CLIENT", "PRODUCER", "CONSUMER"}
	rest := trimPrefixFold(name, "SPAN_KIND_")
	for i, k := range kinds {
		if EqualFold(rest, k) {
			return model.SpanKind(i), true
		}
	}
	return model.KindUnspecified, false
}

// OTLPStatusCode maps an OTLP StatusCode number to the model; unknown
// numbers read as unset.
func OTLPStatusCode(n int64) model.StatusCode {
	if n < 0 || n > int64(model.StatusError) {
		return model.StatusUnset
	}
	return model.StatusCode(n)
}

// OTLPStatusCodeName maps a StatusCode enum name such as "STATUS_CODE_ERROR"
// to the model, with the same leniency as otlpSpanKindName.
func OTLPStatusCodeName(name []byte) (model.StatusCode, bool) {
	var codes = [...]string{"UNSET", "OK", "ERROR"}
	rest := trimPrefixFold(name, "STATUS_CODE_")
	for i, c := range codes {
		if EqualFold(rest, c) {
			return model.StatusCode(i), true
		}
	}
	return model.StatusUnset, false
}

// OTLPServiceName returns the service.name resource attribute, or "".
func OTLPServiceName(attrs model.Attrs) string {
	v, _ := attrs.Get(model.ServiceNameKey)
	return v.Str()
}

// trimPrefixFold removes prefix from b, ignoring ASCII case.
func trimPrefixFold(b []byte, prefix string) []byte {
	if len(b) >= len(prefix) && EqualFold(b[:len(prefix)], prefix) {
		return b[len(prefix):]
	}
	return b
}

// EqualFold reports whether b equals the upper-case ASCII string s,
// ignoring ASCII case.
func EqualFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range b {
		c := b[i]
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		if c != s[i] {
			return false
		}
	}
	return true
}

// Arena hands out many short slices (the attributes of one span, the events
// of another) carved from a few large backing arrays, so that a decode does
// one allocation per few thousand elements instead of one per span.
//
// Only one run is open at a time: begin, then add elements, then end, which
// returns them as a slice with its capacity clipped (appending to it copies
// instead of overwriting the next run). Runs must not interleave; a value
// nested inside a run (a kvlist attribute) needs its own storage.
type Arena[T any] struct {
	Buf  []T
	mark int // start of the open run in buf
}

// arenaMaxChunk caps how many elements one backing array holds; chunks grow
// from small (for small inputs) to this size.
const arenaMaxChunk = 8192

// Begin opens a run.
func (a *Arena[T]) Begin() { a.mark = len(a.Buf) }

// Add appends v to the open run. When the chunk is full, the run so far
// moves to a new, larger chunk; earlier runs keep the old one.
func (a *Arena[T]) Add(v T) {
	if len(a.Buf) == cap(a.Buf) {
		a.grow()
	}
	a.Buf = append(a.Buf, v)
}

// Push appends a zero element to the open run and returns it, for a
// decoder to fill in place rather than pass a large value along; Pop takes
// it back when the decoder gives up.
func (a *Arena[T]) Push() *T {
	if len(a.Buf) == cap(a.Buf) {
		a.grow()
	}
	a.Buf = a.Buf[:len(a.Buf)+1]
	return &a.Buf[len(a.Buf)-1]
}

// Pop removes the element Push returned last, leaving its room zero.
func (a *Arena[T]) Pop() {
	var zero T
	a.Buf[len(a.Buf)-1] = zero
	a.Buf = a.Buf[:len(a.Buf)-1]
}

func (a *Arena[T]) grow() {
	run := a.Buf[a.mark:]
	n := min(max(2*cap(a.Buf), 64), arenaMaxChunk)
	n = max(n, 2*len(run))
	nb := make([]T, len(run), n)
	copy(nb, run)
	a.Buf, a.mark = nb, 0
}

// Drop gives back the room of run, the last run returned by end, when no
// other run has been opened since; otherwise it does nothing.
func (a *Arena[T]) Drop(run []T) {
	if n := len(run); n > 0 && n <= len(a.Buf) && &a.Buf[len(a.Buf)-n] == &run[0] {
		clear(a.Buf[len(a.Buf)-n:])
		a.Buf = a.Buf[:len(a.Buf)-n]
		a.mark = len(a.Buf)
	}
}

// Len returns the number of elements in the open run.
func (a *Arena[T]) Len() int { return len(a.Buf) - a.mark }

// End closes the run and returns it, or nil when it is empty.
func (a *Arena[T]) End() []T {
	if len(a.Buf) == a.mark {
		return nil
	}
	return a.Buf[a.mark:len(a.Buf):len(a.Buf)]
}

// Flush moves the list that starts at mark of a stack into the arena as one
// run and returns it (nil when empty). The elements of nested lists (the
// values of an array inside an array) collect on a stack and are flushed
// when their list is complete, so that runs never interleave.
func (a *Arena[T]) Flush(stack *[]T, mark int) []T {
	s := *stack
	a.Begin()
	for _, v := range s[mark:] {
		a.Add(v)
	}
	clear(s[mark:])
	*stack = s[:mark]
	return a.End()
}

// StringTable turns decoded bytes into strings cheaply. Names and keys go
// through the Interner, behind a small direct-mapped cache that answers most
// lookups without hashing into the map. Attribute values are not interned
// (a million distinct URLs would only grow the map): repeated short values
// are shared through a second cache, and the rest are copied into large
// byte chunks, so that a span's strings cost no allocation of their own.
//
// The caches are indexed by a cheap unseeded hash: a collision, even a
// contrived one, costs only a miss, since a hit compares the whole string.
type StringTable struct {
	in     *model.Interner
	names  [512]string
	values [4096]string
	chunk  []byte
}

const (
	stringCacheMax = 64       // longest string the caches hold
	stringChunk    = 64 << 10 // bytes per value chunk
)

// Init readies t to intern names through in.
func (t *StringTable) Init(in *model.Interner) { t.in = in }

// cacheHash hashes b, of 1 to stringCacheMax bytes, from its length and
// its first and last eight bytes (keys such as "app.attr.0" and
// "app.attr.1" differ only at the end).
func cacheHash(b []byte) uint64 {
	n := len(b)
	var h uint64
	if n >= 8 {
		h = binary.LittleEndian.Uint64(b) ^ bits.RotateLeft64(binary.LittleEndian.Uint64(b[n-8:]), 31)
	} else {
		for _, c := range b {
			h = h<<8 | uint64(c)
		}
	}
	h = (h ^ uint64(n)) * 0x9e3779b97f4a7c15
	return h >> 32
}

// Name returns the interned string equal to b.
func (t *StringTable) Name(b []byte) string {
	if len(b) == 0 || len(b) > stringCacheMax {
		return t.in.Bytes(b)
	}
	slot := &t.names[cacheHash(b)%uint64(len(t.names))]
	if *slot == string(b) {
		return *slot
	}
	*slot = t.in.Bytes(b)
	return *slot
}

// ValidName is Name for bytes not yet checked to be UTF-8: ok is false,
// and nothing is interned, when b is not valid UTF-8. A cached string is
// not checked again, so a table used through ValidName must be given only
// valid strings through Name.
func (t *StringTable) ValidName(b []byte) (s string, ok bool) {
	if len(b) > 0 && len(b) <= stringCacheMax {
		if slot := &t.names[cacheHash(b)%uint64(len(t.names))]; *slot == string(b) {
			return *slot, true
		}
	}
	if !utf8.Valid(b) {
		return "", false
	}
	return t.Name(b), true
}

// Value returns a string equal to b whose storage is shared with other
// values. Its chunk stays alive as long as any string in it does.
func (t *StringTable) Value(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > stringCacheMax {
		return t.copy(b)
	}
	slot := &t.values[cacheHash(b)%uint64(len(t.values))]
	if *slot != string(b) {
		*slot = t.copy(b)
	}
	return *slot
}

// ValidValue is Value for bytes not yet checked to be UTF-8, as ValidName
// is Name's.
func (t *StringTable) ValidValue(b []byte) (s string, ok bool) {
	if len(b) > 0 && len(b) <= stringCacheMax {
		if slot := &t.values[cacheHash(b)%uint64(len(t.values))]; *slot == string(b) {
			return *slot, true
		}
	}
	if !utf8.Valid(b) {
		return "", false
	}
	return t.Value(b), true
}

// copy copies b into the current chunk. Chunks are never written again
// where a string points, so the strings stay immutable.
func (t *StringTable) copy(b []byte) string {
	if len(b) > stringChunk/8 {
		return string(b)
	}
	if cap(t.chunk)-len(t.chunk) < len(b) {
		t.chunk = make([]byte, 0, stringChunk)
	}
	start := len(t.chunk)
	t.chunk = append(t.chunk, b...)
	return unsafe.String(&t.chunk[start], len(b))
}
