package otlpproto

import (
	"encoding/binary"
	"iter"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/spanlens/spanlens/core/internal/decode"
	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/internal/msg"
	"github.com/spanlens/spanlens/internal/wire"
)

// This file decodes OTLP/protobuf: a TracesData message, or the
// ExportTraceServiceRequest that OTLP/HTTP and gRPC carry, whose wire form is
// the same (field 1, repeated ResourceSpans). It walks the wire format with
// internal/wire (protowire's reading, without fmt) straight into the
// model. There are no generated message types: nothing is allocated per
// field, and a WebAssembly build stays small.
//
// Field numbers are those of opentelemetry-proto's trace/v1/trace.proto,
// common/v1/common.proto and resource/v1/resource.proto. Repeated
// occurrences of a field merge as protobuf specifies (scalars: last wins;
// messages: merged), so the result equals what a generated decoder reads.

// sniffOTLPProto matches at offset 0 an input that looksLikeOTLPProto.
func sniffOTLPProto(data []byte) int {
	if looksLikeOTLPProto(data) {
		return 0
	}
	return -1
}

type otlpProtoDecoder struct{}

func (otlpProtoDecoder) Format() model.Format { return model.OTLPProto }

func (otlpProtoDecoder) Decode(data []byte, opts decode.Options) (*model.Batch, error) {
	st := decode.NewState(model.OTLPProto, data, opts)
	d := &protoDecoder{st: st, data: data, maxDepth: st.Limits.MaxDepth, frames: make([]protoFrame, 0, 16)}
	d.strs.Init(st.In)
	st.Batch.Spans = make([]model.Span, 0, min(protoCountSpans(data), st.Limits.MaxSpans))
	if err := d.tracesData(); err != nil {
		return nil, err
	}
	return st.Done(), nil
}

// protoCountSpans counts the spans in data, reading only the field headers
// above them, so that the span slice is allocated once at its final size.
// Legacy ScopeSpans count too, even where ignored; malformed input just
// ends the count early, for the decode proper to report.
func protoCountSpans(data []byte) int {
	n := 0
	for rs := range protoBytesFields(data, 1) {
		for ss := range protoBytesFields(rs, 2) {
			for range protoBytesFields(ss, 2) {
				n++
			}
		}
		for ss := range protoBytesFields(rs, 1000) {
			for range protoBytesFields(ss, 2) {
				n++
			}
		}
	}
	return n
}

// protoBytesFields yields the payload of each length-delimited field num
// in msg, and stops at the first malformed field.
func protoBytesFields(msg []byte, num wire.Number) iter.Seq[[]byte] {
	return func(yield func([]byte) bool) {
		for len(msg) > 0 {
			if t := msg[0]; t >= 8 && t < 0x80 && wire.Type(t&7) == wire.BytesType {
				// The usual one-byte tag, read inline.
				lo, hi, ok := protoFastLen(msg, 1)
				if !ok {
					return
				}
				if wire.Number(t>>3) == num && !yield(msg[lo:hi]) {
					return
				}
				msg = msg[hi:]
				continue
			}
			n, typ, tn := wire.ConsumeTag(msg)
			if tn < 0 {
				return
			}
			m := wire.ConsumeFieldValue(n, typ, msg[tn:])
			if m < 0 {
				return
			}
			if n == num && typ == wire.BytesType {
				v, _ := wire.ConsumeBytes(msg[tn:])
				if !yield(v) {
					return
				}
			}
			msg = msg[tn+m:]
		}
	}
}

// protoDecoder holds one decode's position in the message tree.
//
// Lists go straight into arena runs: each list that can be open while
// another is read (a span's attributes while its events are read) has an
// arena of its own. Kvlist and array values nest in themselves, so their
// elements collect on stacks and move to their arenas when complete.
type protoDecoder struct {
	st       *decode.State
	data     []byte
	maxDepth int
	frames   []protoFrame // path of the message being read, for errors
	strs     decode.StringTable

	attrs      decode.Arena[model.Attr] // of spans, resources and scopes
	eventAttrs decode.Arena[model.Attr]
	linkAttrs  decode.Arena[model.Attr]
	events     decode.Arena[model.Event]
	links      decode.Arena[model.Link]
	kvStack    []model.Attr
	kvs        decode.Arena[model.Attr]
	valStack   []model.Value
	vals       decode.Arena[model.Value]
}

// protoFrame is one step of an error path: a field name and, for an element
// of a repeated field, its index (else -1).
type protoFrame struct {
	name  string
	index int
}

// protoField is one field as read from the wire.
type protoField struct {
	num wire.Number
	typ wire.Type
	at  int    // offset of the tag in the input
	val uint64 // varint, fixed32 or fixed64 value
	lo  int    // bytes payload is data[lo:hi]
	hi  int
}

// next reads the field at pos, which is before end, and returns the
// position after it. Groups (unused by OTLP) are skipped whole.
//
// Nearly every OTLP field has a one-byte tag and, if length-delimited or
// a varint, a one-byte length or value; next reads those inline and leaves
// the rest, and every malformed field, to nextSlow.
func (d *protoDecoder) next(pos, end int, f *protoField) (int, error) {
	if pos+2 <= end {
		t := d.data[pos]
		if t >= 8 && t < 0x80 { // one byte, field number ≥ 1
			switch typ := wire.Type(t & 7); typ {
			case wire.BytesType:
				if n := d.data[pos+1]; n < 0x80 && pos+2+int(n) <= end {
					f.num, f.typ, f.at = wire.Number(t>>3), typ, pos
					f.lo, f.hi = pos+2, pos+2+int(n)
					return f.hi, nil
				}
			case wire.VarintType:
				if v := d.data[pos+1]; v < 0x80 {
					f.num, f.typ, f.at, f.val = wire.Number(t>>3), typ, pos, uint64(v)
					return pos + 2, nil
				}
			case wire.Fixed64Type:
				if pos+9 <= end {
					f.num, f.typ, f.at = wire.Number(t>>3), typ, pos
					f.val = binary.LittleEndian.Uint64(d.data[pos+1:])
					return pos + 9, nil
				}
			}
		}
	}
	return d.nextSlow(pos, end, f)
}

// nextSlow is next for any field.
func (d *protoDecoder) nextSlow(pos, end int, f *protoField) (int, error) {
	b := d.data[pos:end]
	num, typ, n := wire.ConsumeTag(b)
	if n < 0 {
		return 0, d.malformed(pos, "tag", wire.ParseError(n).Error())
	}
	if num > wire.MaxValidNumber {
		return 0, d.malformed(pos, "tag", "invalid field number "+strconv.Itoa(int(num)))
	}
	f.num, f.typ, f.at = num, typ, pos
	b = b[n:]
	var m int
	switch typ {
	case wire.VarintType:
		f.val, m = wire.ConsumeVarint(b)
	case wire.Fixed64Type:
		f.val, m = wire.ConsumeFixed64(b)
	case wire.Fixed32Type:
		var v uint32
		v, m = wire.ConsumeFixed32(b)
		f.val = uint64(v)
	case wire.BytesType:
		var v []byte
		v, m = wire.ConsumeBytes(b)
		f.hi = pos + n + m
		f.lo = f.hi - len(v)
	default:
		m = wire.ConsumeFieldValue(num, typ, b)
	}
	if m < 0 {
		return 0, d.malformed(pos, "field "+strconv.Itoa(int(num)), wire.ParseError(m).Error())
	}
	return pos + n + m, nil
}

// malformed reports a wire format error in the field whose tag is at pos.
// The offset is in the message only when a path is shown, since Error
// shows it when there is none.
func (d *protoDecoder) malformed(pos int, what, msg string) error {
	err := d.errorf(pos, "", "malformed %s: %s", what, msg).(*decode.Error)
	if err.Path != "" {
		err.Msg += " at offset " + strconv.Itoa(pos)
	}
	return err
}

// want checks that f has wire type t; field names f in errors.
func (d *protoDecoder) want(f *protoField, t wire.Type, field string) error {
	if f.typ != t {
		return d.wrongType(f, t, field)
	}
	return nil
}

func (d *protoDecoder) wrongType(f *protoField, t wire.Type, field string) error {
	return d.errorf(f.at, field, "wrong wire type: want %s, got %s", protoWireTypeName(t), protoWireTypeName(f.typ))
}

func protoWireTypeName(t wire.Type) string {
	switch t {
	case wire.VarintType:
		return "varint"
	case wire.Fixed32Type:
		return "fixed32"
	case wire.Fixed64Type:
		return "fixed64"
	case wire.BytesType:
		return "bytes"
	case wire.StartGroupType:
		return "group"
	}
	return "wire type " + strconv.Itoa(int(t))
}

// open checks that f, a field named name, holds a message (wire type
// bytes) and descends into it as element index of a repeated field (-1
// when not repeated), enforcing Limits.MaxDepth.
func (d *protoDecoder) open(f *protoField, name string, index int) error {
	if f.typ != wire.BytesType {
		return d.wrongType(f, wire.BytesType, name)
	}
	d.frames = append(d.frames, protoFrame{name, index})
	if len(d.frames) > d.maxDepth {
		return &decode.LimitError{Format: model.OTLPProto, Limit: "MaxDepth", Max: int64(d.maxDepth), Where: d.path("")}
	}
	return nil
}

func (d *protoDecoder) leave() { d.frames = d.frames[:len(d.frames)-1] }

// path renders the current message path, followed by field if not "".
func (d *protoDecoder) path(field string) string {
	var b []byte
	for _, f := range d.frames {
		if len(b) > 0 {
			b = append(b, '.')
		}
		b = append(b, f.name...)
		if f.index >= 0 {
			b = append(b, '[')
			b = strconv.AppendInt(b, int64(f.index), 10)
			b = append(b, ']')
		}
	}
	if field != "" {
		if len(b) > 0 {
			b = append(b, '.')
		}
		b = append(b, field...)
	}
	return string(b)
}

func (d *protoDecoder) errorf(at int, field, format string, args ...any) error {
	return &decode.Error{Format: model.OTLPProto, Path: d.path(field), Offset: at, Msg: msg.Sprintf(format, args...)}
}

// str returns the payload of a string field, which must be valid UTF-8.
func (d *protoDecoder) str(f *protoField, field string) ([]byte, error) {
	if err := d.want(f, wire.BytesType, field); err != nil {
		return nil, err
	}
	b := d.data[f.lo:f.hi]
	if !utf8.Valid(b) {
		return nil, d.errorf(f.at, field, "invalid UTF-8 in string")
	}
	return b, nil
}

// name returns a string field interned: names and keys repeat.
func (d *protoDecoder) name(f *protoField, field string) (string, error) {
	b, err := d.str(f, field)
	if err != nil {
		return "", err
	}
	if err := d.checkValueSize(f, field); err != nil {
		return "", err
	}
	return d.strs.Name(b), nil
}

// id copies a bytes field of exactly len(dst) bytes into dst. A parent id
// (parent true) may be empty or zeros, meaning a root; any other id must be
// non-zero, as OTLP/JSON requires.
func (d *protoDecoder) id(f *protoField, dst []byte, field string, parent bool) error {
	if err := d.want(f, wire.BytesType, field); err != nil {
		return err
	}
	n := f.hi - f.lo
	if n != len(dst) && !(n == 0 && parent) {
		return d.errorf(f.at, field, "want %d bytes, got %d", len(dst), n)
	}
	copy(dst, d.data[f.lo:f.hi])
	if !parent && !slices.ContainsFunc(dst, func(c byte) bool { return c != 0 }) {
		what := "span"
		if len(dst) == len(model.TraceID{}) {
			what = "trace"
		}
		// A copy, so that dst (part of a span on the stack) does not escape.
		return d.errorf(f.at, field, "want a non-zero %s id, got %x", what, slices.Clone(dst))
	}
	return nil
}

// missingIDs reports a span or link without a trace id or span id at the
// message being read, in OTLP/JSON's words.
func (d *protoDecoder) missingIDs(hasTrace, hasID bool, at int) error {
	switch {
	case !hasTrace:
		return d.errorf(at, "", "missing traceId")
	case !hasID:
		return d.errorf(at, "", "missing spanId")
	}
	return nil
}

// tracesData reads the top level: field 1, repeated ResourceSpans.
func (d *protoDecoder) tracesData() error {
	var f protoField
	n := 0
	for pos, end := 0, len(d.data); pos < end; {
		var err error
		if pos, err = d.next(pos, end, &f); err != nil {
			return err
		}
		if f.num != 1 {
			continue
		}
		if err := d.open(&f, "resourceSpans", n); err != nil {
			return err
		}
		if err := d.resourceSpans(f.lo, f.hi); err != nil {
			return err
		}
		d.leave()
		n++
	}
	return nil
}

// resourceSpans reads ResourceSpans{resource=1, scope_spans=2,
// schema_url=3, instrumentation_library_spans=1000 (before OTLP 0.19)}.
// The resource is read first, wherever it is, because every span names
// its service. As the Collector does, the legacy field counts only when
// scope_spans is absent.
func (d *protoDecoder) resourceSpans(lo, hi int) error {
	var f protoField
	d.attrs.Begin()
	hasResource, hasScopeSpans := false, false
	for pos := lo; pos < hi; {
		var err error
		if pos, err = d.next(pos, hi, &f); err != nil {
			return err
		}
		switch f.num {
		case 1: // resource: Resource{attributes=1}
			if err := d.open(&f, "resource", -1); err != nil {
				return err
			}
			if err := d.resource(f.lo, f.hi); err != nil {
				return err
			}
			d.leave()
			hasResource = true
		case 2:
			hasScopeSpans = true
		case 3:
			if _, err := d.str(&f, "schemaUrl"); err != nil {
				return err
			}
		}
	}
	res, service := int32(-1), ""
	if hasResource {
		attrs := model.Attrs(d.attrs.End())
		service = decode.OTLPServiceName(attrs)
		res = d.st.Batch.AddResource(model.Resource{Service: service, Attrs: attrs})
	}
	nScope, nLegacy := 0, 0
	for pos := lo; pos < hi; {
		var err error
		if pos, err = d.next(pos, hi, &f); err != nil {
			return err
		}
		name, index := "scopeSpans", nScope
		switch {
		case f.num == 2:
			nScope++
		case f.num == 1000 && !hasScopeSpans:
			name, index = "instrumentationLibrarySpans", nLegacy
			nLegacy++
		default:
			continue
		}
		if err := d.open(&f, name, index); err != nil {
			return err
		}
		if err := d.scopeSpans(f.lo, f.hi, res, service, f.num == 1000); err != nil {
			return err
		}
		d.leave()
	}
	return nil
}

// scopeSpans reads ScopeSpans{scope=1, spans=2, schema_url=3}, and the
// legacy InstrumentationLibrarySpans with the same numbers. The scope is
// read first, wherever it is.
func (d *protoDecoder) scopeSpans(lo, hi int, res int32, service string, legacy bool) error {
	var f protoField
	scopeName := "scope"
	if legacy {
		scopeName = "instrumentationLibrary"
	}
	var sc model.Scope
	d.attrs.Begin()
	hasScope := false
	for pos := lo; pos < hi; {
		var err error
		if pos, err = d.next(pos, hi, &f); err != nil {
			return err
		}
		switch f.num {
		case 1:
			if err := d.open(&f, scopeName, -1); err != nil {
				return err
			}
			if err := d.scope(f.lo, f.hi, &sc); err != nil {
				return err
			}
			d.leave()
			hasScope = true
		case 3:
			if _, err := d.str(&f, "schemaUrl"); err != nil {
				return err
			}
		}
	}
	scope := int32(-1)
	if hasScope {
		sc.Attrs = d.attrs.End()
		scope = d.st.Batch.AddScope(sc)
	}
	n := 0
	for pos := lo; pos < hi; {
		var err error
		if pos, err = d.next(pos, hi, &f); err != nil {
			return err
		}
		if f.num != 2 {
			continue
		}
		if err := d.open(&f, "spans", n); err != nil {
			return err
		}
		if err := d.span(&f, res, scope, service); err != nil {
			return err
		}
		d.leave()
		n++
	}
	return nil
}

// scope reads InstrumentationScope{name=1, version=2, attributes=3} into
// sc, adding the attributes to the open run of d.attrs.
func (d *protoDecoder) scope(lo, hi int, sc *model.Scope) error {
	var f protoField
	for pos := lo; pos < hi; {
		var err error
		if pos, err = d.next(pos, hi, &f); err != nil {
			return err
		}
		switch f.num {
		case 1:
			if sc.Name, err = d.name(&f, "name"); err != nil {
				return err
			}
		case 2:
			if sc.Version, err = d.name(&f, "version"); err != nil {
				return err
			}
		case 3:
			if err := d.attrTo(&d.attrs, &f, "attributes"); err != nil {
				return err
			}
		}
	}
	return nil
}

// resource reads Resource{attributes=1}, adding the attributes to the
// open run of d.attrs.
func (d *protoDecoder) resource(lo, hi int) error {
	var f protoField
	for pos := lo; pos < hi; {
		var err error
		if pos, err = d.next(pos, hi, &f); err != nil {
			return err
		}
		if f.num == 1 {
			if err := d.attrTo(&d.attrs, &f, "attributes"); err != nil {
				return err
			}
		}
	}
	return nil
}

// attrTo reads the KeyValue in f, the next element of the list named
// field, into the open run of ar.
func (d *protoDecoder) attrTo(ar *decode.Arena[model.Attr], f *protoField, field string) error {
	if d.fastAttrOK(f, ar.Len()) {
		if d.fastKeyValue(f.lo, f.hi, ar.Push()) {
			return nil
		}
		ar.Pop()
	}
	a, err := d.attr(f, field, ar.Len())
	if err != nil {
		return err
	}
	ar.Add(a)
	return nil
}

// attr reads the KeyValue in f, element index of the list named field,
// enforcing Limits.MaxAttrsPerSpan.
func (d *protoDecoder) attr(f *protoField, field string, index int) (model.Attr, error) {
	if d.fastAttrOK(f, index) {
		var a model.Attr
		if d.fastKeyValue(f.lo, f.hi, &a) {
			return a, nil
		}
	}
	if err := d.open(f, field, index); err != nil {
		return model.Attr{}, err
	}
	if index >= d.st.Limits.MaxAttrsPerSpan {
		return model.Attr{}, d.st.CheckAttrs(index+1, d.path(""))
	}
	a, err := d.keyValue(f.lo, f.hi)
	if err != nil {
		return a, err
	}
	d.leave()
	return a, nil
}

// fastAttrOK reports whether the KeyValue in f, element index of its
// list, may be read by fastKeyValue: the general reading opens two
// messages (the KeyValue and its AnyValue), so both must fit in MaxDepth,
// and the list must have room under MaxAttrsPerSpan.
func (d *protoDecoder) fastAttrOK(f *protoField, index int) bool {
	return f.typ == wire.BytesType && len(d.frames)+2 <= d.maxDepth && index < d.st.Limits.MaxAttrsPerSpan
}

// fastKeyValue reads the KeyValue in d.data[lo:hi] when it has the usual
// form: a key and a value (in either order: pdata writes the value first)
// holding one string, bool, int or double, all well formed and within
// Limits.MaxAttrValueBytes. It reports false for anything else, which attr
// then reads the general way (and reports the errors of), so the two read
// every input alike. It changes nothing but a and the string table's
// caches.
func (d *protoDecoder) fastKeyValue(lo, hi int, a *model.Attr) bool {
	data := d.data[:hi]
	var key []byte
	hasKey, hasValue, ok := false, false, false
	for pos := lo; pos < hi; {
		tag := data[pos]
		var plo, phi int
		plo, phi, ok = protoFastLen(data, pos+1)
		switch {
		case !ok:
			return false
		case tag == 0x0a && !hasKey: // key: field 1, bytes
			key, hasKey = data[plo:phi], true
		case tag == 0x12 && !hasValue: // value: field 2, bytes
			if !d.fastAnyValue(plo, phi, &a.Value) {
				return false
			}
			hasValue = true
		default:
			return false
		}
		pos = phi
	}
	if !hasKey || !hasValue || len(key) > d.st.Limits.MaxAttrValueBytes {
		return false
	}
	a.Key, ok = d.strs.ValidName(key)
	return ok
}

// fastAnyValue reads, for fastKeyValue, the AnyValue in d.data[lo:hi]
// when it is one string, bool, int or double field.
func (d *protoDecoder) fastAnyValue(lo, hi int, v *model.Value) bool {
	data := d.data[:hi]
	if lo >= hi {
		return false
	}
	switch data[lo] {
	case 0x0a: // string_value
		slo, shi, ok := protoFastLen(data, lo+1)
		if !ok || shi != hi || shi-slo > d.st.Limits.MaxAttrValueBytes {
			return false
		}
		s, ok := d.strs.ValidValue(data[slo:shi])
		*v = model.StringValue(s)
		return ok
	case 0x10, 0x18: // bool_value, int_value
		x, n := wire.ConsumeVarint(data[lo+1 : hi])
		if n < 0 || lo+1+n != hi {
			return false
		}
		if data[lo] == 0x10 {
			*v = model.BoolValue(x != 0)
			return true
		}
		*v = model.IntValue(int64(x))
		return true
	case 0x21: // double_value
		if lo+9 != hi {
			return false
		}
		*v = model.DoubleValue(math.Float64frombits(binary.LittleEndian.Uint64(data[lo+1:])))
		return true
	}
	return false
}

// protoFastLen reads the length varint at data[pos:] and returns the
// bounds of the payload after it; ok is false if either does not fit in
// data.
func protoFastLen(data []byte, pos int) (lo, hi int, ok bool) {
	if pos >= len(data) {
		return 0, 0, false
	}
	n, m := uint64(data[pos]), 1
	if n >= 0x80 && pos+1 < len(data) && data[pos+1] < 0x80 {
		n, m = n&0x7f|uint64(data[pos+1])<<7, 2
	} else if n >= 0x80 {
		if n, m = wire.ConsumeVarint(data[pos:]); m < 0 {
			return 0, 0, false
		}
	}
	lo = pos + m
	if n > uint64(len(data)-lo) {
		return 0, 0, false
	}
	return lo, lo + int(n), true
}

// keyValue reads KeyValue{key=1, value=2}.
func (d *protoDecoder) keyValue(lo, hi int) (model.Attr, error) {
	var a model.Attr
	var f protoField
	for pos := lo; pos < hi; {
		var err error
		if pos, err = d.next(pos, hi, &f); err != nil {
			return a, err
		}
		switch f.num {
		case 1:
			if a.Key, err = d.name(&f, "key"); err != nil {
				return a, err
			}
		case 2:
			if err := d.open(&f, "value", -1); err != nil {
				return a, err
			}
			v, err := d.anyValue(f.lo, f.hi)
			if err != nil {
				return a, err
			}
			d.leave()
			a.Value = protoMergeValue(a.Value, v)
		}
	}
	return a, nil
}

// anyValue reads AnyValue, a oneof of string_value=1, bool_value=2,
// int_value=3, double_value=4, array_value=5, kvlist_value=6,
// bytes_value=7. None set is the empty value.
func (d *protoDecoder) anyValue(lo, hi int) (model.Value, error) {
	var v model.Value
	var f protoField
	for pos := lo; pos < hi; {
		var err error
		if pos, err = d.next(pos, hi, &f); err != nil {
			return v, err
		}
		var x model.Value
		switch f.num {
		case 1:
			if err := d.want(&f, wire.BytesType, "stringValue"); err != nil {
				return v, err
			}
			if err := d.checkValueSize(&f, "stringValue"); err != nil {
				return v, err
			}
			b, err := d.str(&f, "stringValue")
			if err != nil {
				return v, err
			}
			x = model.StringValue(d.strs.Value(b))
		case 2:
			if err := d.want(&f, wire.VarintType, "boolValue"); err != nil {
				return v, err
			}
			x = model.BoolValue(f.val != 0)
		case 3:
			if err := d.want(&f, wire.VarintType, "intValue"); err != nil {
				return v, err
			}
			x = model.IntValue(int64(f.val))
		case 4:
			if err := d.want(&f, wire.Fixed64Type, "doubleValue"); err != nil {
				return v, err
			}
			x = model.DoubleValue(math.Float64frombits(f.val))
		case 5:
			if x, err = d.arrayValue(&f); err != nil {
				return v, err
			}
		case 6:
			if x, err = d.kvlistValue(&f); err != nil {
				return v, err
			}
		case 7:
			if err := d.want(&f, wire.BytesType, "bytesValue"); err != nil {
				return v, err
			}
			if err := d.checkValueSize(&f, "bytesValue"); err != nil {
				return v, err
			}
			x = model.BytesValue(d.data[f.lo:f.hi])
		default:
			continue
		}
		if v.Type() == model.TypeEmpty {
			v = x // the usual case: one field set
		} else {
			v = protoMergeValue(v, x)
		}
	}
	return v, nil
}

// checkValueSize enforces the string limit (state.checkString) on a bytes
// payload.
func (d *protoDecoder) checkValueSize(f *protoField, field string) error {
	if err := d.st.CheckString(f.hi - f.lo); err != nil {
		err.(*decode.LimitError).Where = d.path(field)
		return err
	}
	return nil
}

// arrayValue reads ArrayValue{values=1}.
func (d *protoDecoder) arrayValue(f *protoField) (model.Value, error) {
	if err := d.open(f, "arrayValue", -1); err != nil {
		return model.Value{}, err
	}
	mark := len(d.valStack)
	var e protoField
	for pos := f.lo; pos < f.hi; {
		var err error
		if pos, err = d.next(pos, f.hi, &e); err != nil {
			return model.Value{}, err
		}
		if e.num != 1 {
			continue
		}
		if err := d.open(&e, "values", len(d.valStack)-mark); err != nil {
			return model.Value{}, err
		}
		v, err := d.anyValue(e.lo, e.hi)
		if err != nil {
			return model.Value{}, err
		}
		d.leave()
		d.valStack = append(d.valStack, v)
	}
	d.leave()
	return model.ArrayValue(d.vals.Flush(&d.valStack, mark)...), nil
}

// kvlistValue reads KeyValueList{values=1}.
func (d *protoDecoder) kvlistValue(f *protoField) (model.Value, error) {
	if err := d.open(f, "kvlistValue", -1); err != nil {
		return model.Value{}, err
	}
	mark := len(d.kvStack)
	var e protoField
	for pos := f.lo; pos < f.hi; {
		var err error
		if pos, err = d.next(pos, f.hi, &e); err != nil {
			return model.Value{}, err
		}
		if e.num != 1 {
			continue
		}
		a, err := d.attr(&e, "values", len(d.kvStack)-mark)
		if err != nil {
			return model.Value{}, err
		}
		d.kvStack = append(d.kvStack, a)
	}
	d.leave()
	return model.MapValue(d.kvs.Flush(&d.kvStack, mark)...), nil
}

// protoMergeValue merges AnyValue x into v as protobuf merges a oneof: an
// empty x changes nothing, arrays and kvlists concatenate, anything else
// replaces.
func protoMergeValue(v, x model.Value) model.Value {
	switch {
	case x.Type() == model.TypeEmpty:
		return v
	case v.Type() == model.TypeArray && x.Type() == model.TypeArray:
		return model.ArrayValue(append(v.Array()[:len(v.Array()):len(v.Array())], x.Array()...)...)
	case v.Type() == model.TypeMap && x.Type() == model.TypeMap:
		return model.MapValue(append(v.Map()[:len(v.Map()):len(v.Map())], x.Map()...)...)
	}
	return x
}

// span reads Span{trace_id=1, span_id=2, trace_state=3, parent_span_id=4,
// name=5, kind=6, start_time_unix_nano=7, end_time_unix_nano=8,
// attributes=9, dropped_attributes_count=10, events=11,
// dropped_events_count=12, links=13, dropped_links_count=14, status=15,
// flags=16}. The model keeps no trace state, flags or dropped counts; they
// are checked and skipped.
func (d *protoDecoder) span(m *protoField, res, scope int32, service string) error {
	lo, hi := m.lo, m.hi
	sp := model.Span{Service: service, Resource: res, Scope: scope}
	d.attrs.Begin()
	d.events.Begin()
	d.links.Begin()
	hasTrace, hasID := false, false
	var f protoField
	for pos := lo; pos < hi; {
		var err error
		if pos, err = d.next(pos, hi, &f); err != nil {
			return err
		}
		switch f.num {
		case 1:
			if err := d.id(&f, sp.TraceID[:], "traceId", false); err != nil {
				return err
			}
			hasTrace = true
		case 2:
			if err := d.id(&f, sp.ID[:], "spanId", false); err != nil {
				return err
			}
			hasID = true
		case 3:
			if _, err := d.str(&f, "traceState"); err != nil {
				return err
			}
		case 4:
			sp.ParentID = model.SpanID{}
			if err := d.id(&f, sp.ParentID[:], "parentSpanId", true); err != nil {
				return err
			}
		case 5:
			if sp.Name, err = d.name(&f, "name"); err != nil {
				return err
			}
		case 6:
			if err := d.want(&f, wire.VarintType, "kind"); err != nil {
				return err
			}
			sp.Kind = decode.OTLPSpanKind(int64(int32(f.val))) // enums are int32 on the wire
		case 7:
			if err := d.want(&f, wire.Fixed64Type, "startTimeUnixNano"); err != nil {
				return err
			}
			sp.Start = int64(f.val)
		case 8:
			if err := d.want(&f, wire.Fixed64Type, "endTimeUnixNano"); err != nil {
				return err
			}
			sp.End = int64(f.val)
		case 9:
			if err := d.attrTo(&d.attrs, &f, "attributes"); err != nil {
				return err
			}
		case 10, 12, 14:
			if err := d.want(&f, wire.VarintType, protoDroppedName(f.num)); err != nil {
				return err
			}
		case 11:
			if err := d.event(&f); err != nil {
				return err
			}
		case 13:
			if err := d.link(&f); err != nil {
				return err
			}
		case 15:
			if err := d.status(&f, &sp.Status); err != nil {
				return err
			}
		case 16:
			if err := d.want(&f, wire.Fixed32Type, "flags"); err != nil {
				return err
			}
		}
	}
	if err := d.missingIDs(hasTrace, hasID, m.at); err != nil {
		return err
	}
	sp.Attrs = d.attrs.End()
	sp.Events = d.events.End()
	sp.Links = d.links.End()
	_, err := d.st.AddSpan(sp)
	return err
}

func protoDroppedName(n wire.Number) string {
	switch n {
	case 10:
		return "droppedAttributesCount"
	case 12:
		return "droppedEventsCount"
	}
	return "droppedLinksCount"
}

// status reads Status{message=2, code=3} into st, merging.
func (d *protoDecoder) status(f *protoField, st *model.Status) error {
	if err := d.open(f, "status", -1); err != nil {
		return err
	}
	var g protoField
	for pos := f.lo; pos < f.hi; {
		var err error
		if pos, err = d.next(pos, f.hi, &g); err != nil {
			return err
		}
		switch g.num {
		case 2:
			b, err := d.str(&g, "message")
			if err != nil {
				return err
			}
			st.Message = d.strs.Value(b)
		case 3:
			if err := d.want(&g, wire.VarintType, "code"); err != nil {
				return err
			}
			st.Code = decode.OTLPStatusCode(int64(int32(g.val)))
		}
	}
	d.leave()
	return nil
}

// event reads Span.Event{time_unix_nano=1, name=2, attributes=3} into the
// open run of d.events.
func (d *protoDecoder) event(f *protoField) error {
	index := d.events.Len()
	if err := d.open(f, "events", index); err != nil {
		return err
	}
	if index >= d.st.Limits.MaxEventsPerSpan {
		return d.st.CheckEvents(index+1, d.path(""))
	}
	var ev model.Event
	d.eventAttrs.Begin()
	var g protoField
	for pos := f.lo; pos < f.hi; {
		var err error
		if pos, err = d.next(pos, f.hi, &g); err != nil {
			return err
		}
		switch g.num {
		case 1:
			if err := d.want(&g, wire.Fixed64Type, "timeUnixNano"); err != nil {
				return err
			}
			ev.Time = int64(g.val)
		case 2:
			if ev.Name, err = d.name(&g, "name"); err != nil {
				return err
			}
		case 3:
			if err := d.attrTo(&d.eventAttrs, &g, "attributes"); err != nil {
				return err
			}
		}
	}
	ev.Attrs = d.eventAttrs.End()
	d.events.Add(ev)
	d.leave()
	return nil
}

// link reads Span.Link{trace_id=1, span_id=2, trace_state=3,
// attributes=4, flags=6} into the open run of d.links.
func (d *protoDecoder) link(f *protoField) error {
	index := d.links.Len()
	if err := d.open(f, "links", index); err != nil {
		return err
	}
	if index >= d.st.Limits.MaxEventsPerSpan {
		return d.st.CheckEvents(index+1, d.path(""))
	}
	var l model.Link
	d.linkAttrs.Begin()
	hasTrace, hasID := false, false
	var g protoField
	for pos := f.lo; pos < f.hi; {
		var err error
		if pos, err = d.next(pos, f.hi, &g); err != nil {
			return err
		}
		switch g.num {
		case 1:
			if err := d.id(&g, l.TraceID[:], "traceId", false); err != nil {
				return err
			}
			hasTrace = true
		case 2:
			if err := d.id(&g, l.SpanID[:], "spanId", false); err != nil {
				return err
			}
			hasID = true
		case 3:
			if l.TraceState, err = d.name(&g, "traceState"); err != nil {
				return err
			}
		case 4:
			if err := d.attrTo(&d.linkAttrs, &g, "attributes"); err != nil {
				return err
			}
		case 6:
			if err := d.want(&g, wire.Fixed32Type, "flags"); err != nil {
				return err
			}
		}
	}
	if err := d.missingIDs(hasTrace, hasID, f.at); err != nil {
		return err
	}
	l.Attrs = d.linkAttrs.End()
	d.links.Add(l)
	d.leave()
	return nil
}

// looksLikeOTLPProto reports whether data, a whole input, looks like an
// OTLP TracesData or ExportTraceServiceRequest. Its first field must be
// field 1 (resource_spans) holding a ResourceSpans that fits in data; that
// must start with field 1 (resource), 2 (scope_spans) or 1000 (legacy),
// itself starting with a message field (attributes, scope or spans), and
// parse as fields to its end. Only field headers are read, so the check is
// cheap at any size.
//
// JSON fails: '{', '[' and '"' are not a tag for field 1, and JSON that
// starts with newlines (0x0a, the tag) has no valid ResourceSpans after
// them. A prefix of a protobuf input usually fails too, since the first
// ResourceSpans is often most of the input.
func looksLikeOTLPProto(data []byte) bool {
	num, rs, ok := protoPayload(data)
	if !ok || num != 1 || len(rs) < 2 {
		return false
	}
	num, first, ok := protoPayload(rs)
	if !ok || num != 1 && num != 2 && num != 1000 {
		return false
	}
	if len(first) > 0 {
		if num, _, ok := protoPayload(first); !ok || num < 1 || num > 3 {
			return false
		}
	}
	for len(rs) > 0 {
		_, _, n := wire.ConsumeField(rs)
		if n < 0 {
			return false
		}
		rs = rs[n:]
	}
	return true
}

// protoPayload reads the length-delimited field at the start of data and
// returns its number and payload; ok is false if data does not start with
// a whole one.
func protoPayload(data []byte) (num wire.Number, payload []byte, ok bool) {
	num, typ, n := wire.ConsumeTag(data)
	if n < 0 || typ != wire.BytesType {
		return 0, nil, false
	}
	payload, m := wire.ConsumeBytes(data[n:])
	return num, payload, m >= 0
}
