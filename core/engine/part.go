package engine

import (
	"encoding/binary"
	"errors"
	"math"

	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/internal/msg"
)

// A part is a decoded model.Batch in a compact binary form, for a parallel
// load: helper engines (other Web Workers) decode pieces of one input and
// send them to the engine that keeps the document, which reads them back
// far faster than it could decode their source. Strings are stored once
// each in one region, which the reader turns into one Go string and slices,
// so a part's strings cost one allocation.
//
//	"SLP1" | uvarint len(strings) | strings | uvarint n | n × uvarint string lengths | body
//
// The body is uvarints (zigzag for signed values) and raw ids; see
// partWriter for the order. A part is produced and consumed by the same
// build of the engine, so it has no version beyond its magic.
var partMagic = []byte("SLP1")

type partWriter struct {
	strs  []byte
	lens  []int
	index map[string]uint64
	body  []byte
}

func (w *partWriter) uint(v uint64) { w.body = binary.AppendUvarint(w.body, v) }
func (w *partWriter) int(v int64)   { w.body = binary.AppendVarint(w.body, v) }

func (w *partWriter) str(s string) {
	i, ok := w.index[s]
	if !ok {
		i = uint64(len(w.lens))
		w.index[s] = i
		w.lens = append(w.lens, len(s))
		w.strs = append(w.strs, s...)
	}
	w.uint(i)
}

func (w *partWriter) attrs(as model.Attrs) {
	w.uint(uint64(len(as)))
	for _, a := range as {
		w.str(a.Key)
		w.value(a.Value)
	}
}

func (w *partWriter) value(v model.Value) {
	t := v.Type()
	w.body = append(w.body, byte(t))
	switch t {
	case model.TypeString:
		w.str(v.Str())
	case model.TypeBytes:
		w.str(string(v.Bytes()))
	case model.TypeInt:
		w.int(v.Int())
	case model.TypeDouble:
		w.body = binary.LittleEndian.AppendUint64(w.body, math.Float64bits(v.Double()))
	case model.TypeBool:
		b := byte(0)
		if v.Bool() {
			b = 1
		}
		w.body = append(w.body, b)
	case model.TypeArray:
		arr := v.Array()
		w.uint(uint64(len(arr)))
		for _, x := range arr {
			w.value(x)
		}
	case model.TypeMap:
		w.attrs(v.Map())
	}
}

// appendPart encodes b as a part.
func appendPart(dst []byte, b *model.Batch) []byte {
	w := &partWriter{index: map[string]uint64{}, body: make([]byte, 0, 64*len(b.Spans)+64)}
	w.str(string(b.Format))
	w.uint(uint64(len(b.Resources)))
	for _, r := range b.Resources {
		w.str(r.Service)
		w.attrs(r.Attrs)
	}
	w.uint(uint64(len(b.Scopes)))
	for _, s := range b.Scopes {
		w.str(s.Name)
		w.str(s.Version)
		w.attrs(s.Attrs)
	}
	nattrs := 0
	for i := range b.Spans {
		nattrs += len(b.Spans[i].Attrs)
	}
	w.uint(uint64(len(b.Spans)))
	w.uint(uint64(nattrs))
	for i := range b.Spans {
		s := &b.Spans[i]
		w.body = append(w.body, s.TraceID[:]...)
		w.body = append(w.body, s.ID[:]...)
		w.body = append(w.body, s.ParentID[:]...)
		w.int(s.Start)
		w.int(s.End - s.Start)
		w.str(s.Name)
		w.str(s.Service)
		w.body = append(w.body, byte(s.Kind), byte(s.Status.Code))
		w.str(s.Status.Message)
		w.int(int64(s.Resource))
		w.int(int64(s.Scope))
		w.attrs(s.Attrs)
		w.uint(uint64(len(s.Events)))
		for _, e := range s.Events {
			w.int(e.Time - s.Start)
			w.str(e.Name)
			w.attrs(e.Attrs)
		}
		w.uint(uint64(len(s.Links)))
		for _, l := range s.Links {
			w.body = append(w.body, l.TraceID[:]...)
			w.body = append(w.body, l.SpanID[:]...)
			w.str(l.TraceState)
			w.attrs(l.Attrs)
		}
	}
	w.uint(uint64(len(b.Warnings)))
	for _, x := range b.Warnings {
		w.int(int64(x.Span))
		w.str(x.Message)
	}
	dst = append(dst, partMagic...)
	dst = binary.AppendUvarint(dst, uint64(len(w.strs)))
	dst = append(dst, w.strs...)
	dst = binary.AppendUvarint(dst, uint64(len(w.lens)))
	for _, n := range w.lens {
		dst = binary.AppendUvarint(dst, uint64(n))
	}
	return append(dst, w.body...)
}

var errPart = errors.New("truncated or corrupt")

type partReader struct {
	b    []byte
	strs []string
	err  error
	slab []model.Attr // span attributes, allocated at once
}

func (r *partReader) fail() {
	if r.err == nil {
		r.err = errPart
	}
	r.b = nil
}

func (r *partReader) uint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *partReader) int() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

// count reads a length, refusing one that could not fit in what is left
// (each element takes at least a byte), so a corrupt part cannot make the
// reader allocate without bound.
func (r *partReader) count() int {
	n := r.uint()
	if n > uint64(len(r.b)) {
		r.fail()
		return 0
	}
	return int(n)
}

func (r *partReader) bytes(n int) []byte {
	if len(r.b) < n {
		r.fail()
		return make([]byte, n)
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

func (r *partReader) byte() byte { return r.bytes(1)[0] }

func (r *partReader) str() string {
	i := r.uint()
	if i >= uint64(len(r.strs)) {
		r.fail()
		return ""
	}
	return r.strs[i]
}

func (r *partReader) attrs(slab bool) model.Attrs {
	n := r.count()
	if n == 0 {
		return nil
	}
	var as model.Attrs
	if slab && len(r.slab) >= n {
		as, r.slab = r.slab[:n:n], r.slab[n:]
	} else {
		as = make(model.Attrs, n)
	}
	for i := range as {
		as[i].Key = r.str()
		as[i].Value = r.value(0)
	}
	return as
}

func (r *partReader) value(depth int) model.Value {
	if depth > 64 {
		r.fail()
		return model.Value{}
	}
	switch model.ValueType(r.byte()) {
	case model.TypeEmpty:
		return model.Value{}
	case model.TypeString:
		return model.StringValue(r.str())
	case model.TypeBytes:
		return model.BytesValue([]byte(r.str()))
	case model.TypeInt:
		return model.IntValue(r.int())
	case model.TypeDouble:
		return model.DoubleValue(math.Float64frombits(binary.LittleEndian.Uint64(r.bytes(8))))
	case model.TypeBool:
		return model.BoolValue(r.byte() != 0)
	case model.TypeArray:
		var vs []model.Value
		if n := r.count(); n > 0 {
			vs = make([]model.Value, n)
		}
		for i := range vs {
			vs[i] = r.value(depth + 1)
		}
		return model.ArrayValue(vs...)
	case model.TypeMap:
		return model.MapValue(r.attrs(false)...)
	}
	r.fail()
	return model.Value{}
}

// readPart decodes a part written by appendPart.
func readPart(data []byte) (*model.Batch, error) {
	b := &model.Batch{}
	if err := readPartInto(b, data, 0); err != nil {
		return nil, err
	}
	return b, nil
}

// readPartInto appends the part in data to b, as mergeParts would: its
// spans' resource, scope and warning indexes renumbered past b's. Reading
// straight into the document's batch saves a copy of every span. b grows
// once to hold at least want spans. On error b holds some of the part.
func readPartInto(b *model.Batch, data []byte, want int) error {
	if len(data) < len(partMagic) || string(data[:len(partMagic)]) != string(partMagic) {
		return msg.Errorf("spanlens: part: not a part (no %q magic)", partMagic)
	}
	r := &partReader{b: data[len(partMagic):]}
	arena := string(r.bytes(r.count()))
	r.strs = make([]string, r.count())
	at := 0
	for i := range r.strs {
		n := int(r.uint())
		if n > len(arena)-at {
			r.fail()
			break
		}
		r.strs[i] = arena[at : at+n]
		at += n
	}
	format := r.str()
	if b.Format == "" {
		b.Format = model.Format(format)
	}
	base, rbase, sbase := int32(len(b.Spans)), int32(len(b.Resources)), int32(len(b.Scopes))
	for range r.count() {
		b.Resources = append(b.Resources, model.Resource{Service: r.str(), Attrs: r.attrs(false)})
	}
	for range r.count() {
		b.Scopes = append(b.Scopes, model.Scope{Name: r.str(), Version: r.str(), Attrs: r.attrs(false)})
	}
	n := r.count()
	if need := len(b.Spans) + max(n, want); need > cap(b.Spans) {
		spans := make([]model.Span, len(b.Spans), need)
		copy(spans, b.Spans)
		b.Spans = spans
	}
	r.slab = make([]model.Attr, r.count())
	for range n {
		b.Spans = append(b.Spans, model.Span{})
		s := &b.Spans[len(b.Spans)-1]
		copy(s.TraceID[:], r.bytes(16))
		copy(s.ID[:], r.bytes(8))
		copy(s.ParentID[:], r.bytes(8))
		s.Start = r.int()
		s.End = s.Start + r.int()
		s.Name = r.str()
		s.Service = r.str()
		s.Kind = model.SpanKind(r.byte())
		s.Status.Code = model.StatusCode(r.byte())
		s.Status.Message = r.str()
		if s.Resource = int32(r.int()); s.Resource >= 0 {
			s.Resource += rbase
		}
		if s.Scope = int32(r.int()); s.Scope >= 0 {
			s.Scope += sbase
		}
		s.Attrs = r.attrs(true)
		if n := r.count(); n > 0 {
			s.Events = make([]model.Event, n)
			for k := range s.Events {
				s.Events[k] = model.Event{Time: s.Start + r.int(), Name: r.str(), Attrs: r.attrs(false)}
			}
		}
		if n := r.count(); n > 0 {
			s.Links = make([]model.Link, n)
			for k := range s.Links {
				l := &s.Links[k]
				copy(l.TraceID[:], r.bytes(16))
				copy(l.SpanID[:], r.bytes(8))
				l.TraceState = r.str()
				l.Attrs = r.attrs(false)
			}
		}
		if r.err != nil {
			break
		}
	}
	for range r.count() {
		w := model.Warning{Span: int32(r.int()), Message: r.str()}
		if w.Span >= 0 {
			w.Span += base
		}
		b.Warnings = append(b.Warnings, w)
	}
	if r.err == nil && len(r.b) != 0 {
		r.err = msg.Errorf("%d bytes after the end", len(r.b))
	}
	if r.err != nil {
		return msg.Errorf("spanlens: part: %w", r.err)
	}
	return nil
}
