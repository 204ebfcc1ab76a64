package otlpjson

import (
	"bytes"
	"encoding/base64"
	"errors"
	"strconv"

	"github.com/spanlens/spanlens/core/internal/decode"
	"github.com/spanlens/spanlens/core/internal/jsonscan"
	"github.com/spanlens/spanlens/core/model"
)

// otlpJSONDecoder reads OTLP/JSON TracesData (and ExportTraceServiceRequest,
// which has the same shape). It also reads what real tools write instead:
// Grafana Tempo's base64 ids, "batches" spelling and {"trace":{...}}
// wrapper, Jaeger v2's {"result":{...}} envelope, the legacy
// instrumentationLibrarySpans, and the Collector file exporter's JSON
// lines (several documents one after another).
type otlpJSONDecoder struct{}

// sniffOTLPJSON finds OTLP/JSON's member names: TracesData's, and the
// Tempo ("batches") and pre-0.19 ("instrumentationLibrarySpans") variants.
func sniffOTLPJSON(data []byte) int {
	return decode.SniffMembers(data, []string{`"resourceSpans"`, `"scopeSpans"`, `"batches"`, `"instrumentationLibrarySpans"`}, nil)
}

func (otlpJSONDecoder) Format() model.Format { return model.OTLPJSON }

func (otlpJSONDecoder) Decode(data []byte, opts decode.Options) (*model.Batch, error) {
	st := decode.NewState(model.OTLPJSON, data, opts)
	d := otlpJSON{st: st, s: st.Scanner(data), size: len(data)}
	d.strs.Init(d.st.In)
	if err := d.documents(); err != nil {
		return nil, d.fail(err)
	}
	return d.st.Done(), nil
}

// otlpJSON is one OTLP/JSON decode. Its methods each read one message type
// at the scanner's position.
type otlpJSON struct {
	st     *decode.State
	s      *jsonscan.Scanner
	attrs  decode.Arena[model.Attr]
	events decode.Arena[model.Event]
	links  decode.Arena[model.Link]
	strs   decode.StringTable
	b64    []byte // bytesValue decoding buffer
	stream bool   // the input is read a chunk at a time: its size is unknown
	// size is the whole input's length, and base the offset in it of the
	// scanner's data (above 0 when an incremental decode has consumed the
	// input before it).
	size, base int
}

// documents reads every top-level TracesData in the input: one for a plain
// file, one per line for the Collector's JSON lines.
func (d *otlpJSON) documents() error {
	s := d.s
	if s.AtEnd() {
		return &decode.Error{Format: model.OTLPJSON, Offset: -1, Msg: "empty input"}
	}
	found := false
	for !s.AtEnd() {
		ok, err := d.tracesData()
		if err != nil {
			return err
		}
		found = found || ok
	}
	if !found {
		return &decode.Error{Format: model.OTLPJSON, Offset: -1, Msg: `no "resourceSpans" member: not OTLP/JSON TracesData`}
	}
	return nil
}

// tracesData reads {"resourceSpans":[...]} or one of its variants, and
// reports whether it held any known member.
func (d *otlpJSON) tracesData() (found bool, err error) {
	s := d.s
	err = s.Object(func(key []byte) error {
		if d.null() {
			return nil
		}
		switch string(key) {
		case "resourceSpans", "batches":
			found = true
			return s.Array(func(int) error { return d.resourceSpans() })
		case "trace", // Tempo v2 API wrapper; its sibling "status" is skipped
			"result": // Jaeger v2's api_v3 (gRPC-gateway) envelope, one per streamed chunk
			ok, err := d.tracesData()
			found = found || ok
			return err
		}
		return s.Skip()
	})
	return found, err
}

func (d *otlpJSON) resourceSpans() error {
	s, b := d.s, d.st.Batch
	first := len(b.Spans)
	res, service := int32(-1), ""
	err := s.Object(func(key []byte) error {
		if d.null() {
			return nil
		}
		switch string(key) {
		case "resource":
			var err error
			res, service, err = d.resource(first)
			return err
		case "scopeSpans", "instrumentationLibrarySpans":
			return s.Array(func(int) error { return d.scopeSpans(res, service) })
		}
		return s.Skip()
	})
	return err
}

// resource reads a resourceSpans element's "resource" and adds it, giving
// it to the element's spans read before it (from first on).
func (d *otlpJSON) resource(first int) (int32, string, error) {
	s, b := d.s, d.st.Batch
	var attrs model.Attrs
	err := s.Object(func(key []byte) error {
		if string(key) != "attributes" {
			return s.Skip()
		}
		if d.null() {
			return nil
		}
		var err error
		attrs, err = d.attributes()
		return err
	})
	if err != nil {
		return -1, "", err
	}
	service := decode.OTLPServiceName(attrs)
	res := b.AddResource(model.Resource{Service: service, Attrs: attrs})
	// Writers may put "resource" after the spans it describes.
	for i := first; i < len(b.Spans); i++ {
		b.Spans[i].Resource, b.Spans[i].Service = res, service
	}
	return res, service, nil
}

func (d *otlpJSON) scopeSpans(res int32, service string) error {
	s, b := d.s, d.st.Batch
	first := len(b.Spans)
	scope := int32(-1)
	return s.Object(func(key []byte) error {
		if d.null() {
			return nil
		}
		switch string(key) {
		case "scope", "instrumentationLibrary":
			var err error
			scope, err = d.addScope(first)
			return err
		case "spans":
			return s.Array(func(int) error { return d.span(res, service, scope) })
		}
		return s.Skip()
	})
}

// addScope reads a scopeSpans element's "scope" and adds it, giving it
// to the element's spans read before it (from first on).
func (d *otlpJSON) addScope(first int) (int32, error) {
	sc, err := d.scope()
	if err != nil {
		return -1, err
	}
	b := d.st.Batch
	scope := b.AddScope(sc)
	for i := first; i < len(b.Spans); i++ {
		b.Spans[i].Scope = scope
	}
	return scope, nil
}

func (d *otlpJSON) scope() (model.Scope, error) {
	s := d.s
	var sc model.Scope
	err := s.Object(func(key []byte) error {
		if d.null() {
			return nil
		}
		var err error
		switch string(key) {
		case "name":
			sc.Name, err = d.shortString()
		case "version":
			sc.Version, err = d.shortString()
		case "attributes":
			sc.Attrs, err = d.attributes()
		default:
			err = s.Skip()
		}
		return err
	})
	return sc, err
}

func (d *otlpJSON) span(res int32, service string, scope int32) error {
	s := d.s
	sp := model.Span{Resource: res, Scope: scope, Service: service}
	var haveTrace, haveSpan bool
	err := s.Object(func(key []byte) error {
		if d.null() {
			return nil
		}
		var err error
		switch string(key) {
		case "traceId":
			sp.TraceID, err = d.traceID()
			haveTrace = true
		case "spanId":
			sp.ID, err = d.spanID(false)
			haveSpan = true
		case "parentSpanId":
			sp.ParentID, err = d.spanID(true)
		case "name":
			sp.Name, err = d.shortString()
		case "kind":
			sp.Kind, err = d.kind()
		case "startTimeUnixNano":
			sp.Start, err = s.Int64()
		case "endTimeUnixNano":
			sp.End, err = s.Int64()
		case "attributes":
			sp.Attrs, err = d.attributes()
		case "events":
			sp.Events, err = d.spanEvents()
		case "links":
			sp.Links, err = d.spanLinks()
		case "status":
			sp.Status, err = d.status()
		default: // traceState, flags, dropped*Count and anything newer
			err = s.Skip()
		}
		return err
	})
	if err != nil {
		return err
	}
	if !haveTrace {
		return s.Errorf("missing traceId")
	}
	if !haveSpan {
		return s.Errorf("missing spanId")
	}
	d.reserveSpans()
	_, err = d.st.AddSpan(sp)
	return err
}

// reserveSpans grows the span slice, when it is full, to the number of
// spans the input will hold at the density seen so far, so that a large
// input is not copied at every doubling. A stream, whose size is unknown,
// doubles it instead, since append's steps for a large slice are smaller.
func (d *otlpJSON) reserveSpans() {
	spans := d.st.Batch.Spans
	n := len(spans)
	at := d.base + d.s.Offset()
	if n < 256 || n < cap(spans) || at == 0 && !d.stream {
		return
	}
	if d.stream {
		grown := make([]model.Span, n, min(2*n, d.st.Limits.MaxSpans))
		copy(grown, spans)
		d.st.Batch.Spans = grown
		return
	}
	size := d.size
	est := int(int64(n) * int64(size) / int64(at))
	// No span takes fewer than 48 bytes, which bounds a bad estimate (small
	// spans first, big ones after) to a few times the input size.
	est = min(est+est/8, size/48, d.st.Limits.MaxSpans)
	if est > n+n/4 {
		grown := make([]model.Span, n, est)
		copy(grown, spans)
		d.st.Batch.Spans = grown
	}
}

func (d *otlpJSON) spanEvents() ([]model.Event, error) {
	s, a := d.s, &d.events
	a.Begin()
	err := s.Array(func(int) error {
		if err := d.st.CheckEvents(a.Len()+1, ""); err != nil {
			return decode.LimitAt(s, err)
		}
		var ev model.Event
		err := s.Object(func(key []byte) error {
			if d.null() {
				return nil
			}
			var err error
			switch string(key) {
			case "timeUnixNano":
				ev.Time, err = s.Int64()
			case "name":
				ev.Name, err = d.shortString()
			case "attributes":
				ev.Attrs, err = d.attributes()
			default:
				err = s.Skip()
			}
			return err
		})
		a.Add(ev)
		return err
	})
	return a.End(), err
}

func (d *otlpJSON) spanLinks() ([]model.Link, error) {
	s, a := d.s, &d.links
	a.Begin()
	err := s.Array(func(int) error {
		if err := d.st.CheckEvents(a.Len()+1, ""); err != nil {
			return decode.LimitAt(s, err)
		}
		var l model.Link
		var haveTrace, haveSpan bool
		err := s.Object(func(key []byte) error {
			if d.null() {
				return nil
			}
			var err error
			switch string(key) {
			case "traceId":
				l.TraceID, err = d.traceID()
				haveTrace = true
			case "spanId":
				l.SpanID, err = d.spanID(false)
				haveSpan = true
			case "traceState":
				l.TraceState, err = d.stringValue()
			case "attributes":
				l.Attrs, err = d.attributes()
			default:
				err = s.Skip()
			}
			return err
		})
		switch {
		case err != nil:
			return err
		case !haveTrace:
			return s.Errorf("missing traceId")
		case !haveSpan:
			return s.Errorf("missing spanId")
		}
		a.Add(l)
		return nil
	})
	return a.End(), err
}

func (d *otlpJSON) status() (model.Status, error) {
	s := d.s
	var st model.Status
	err := s.Object(func(key []byte) error {
		if d.null() {
			return nil
		}
		var err error
		switch string(key) {
		case "code":
			st.Code, err = d.statusCode()
		case "message":
			st.Message, err = d.stringValue()
		default: // deprecatedCode and anything newer
			err = s.Skip()
		}
		return err
	})
	return st, err
}

// kind reads a SpanKind as a number or an enum name.
func (d *otlpJSON) kind() (model.SpanKind, error) {
	return otlpEnum(d.s, decode.OTLPSpanKindName, decode.OTLPSpanKind, `a span kind number or name such as "SPAN_KIND_SERVER"`)
}

// statusCode reads a StatusCode as a number or an enum name.
func (d *otlpJSON) statusCode() (model.StatusCode, error) {
	return otlpEnum(d.s, decode.OTLPStatusCodeName, decode.OTLPStatusCode, `a status code number or name such as "STATUS_CODE_ERROR"`)
}

// otlpEnum reads an enum as protobuf JSON writes it: a number, a string
// holding a number, or the value's name (looked up by byName). want
// describes the value for errors.
func otlpEnum[E any](s *jsonscan.Scanner, byName func([]byte) (E, bool), byNumber func(int64) E, want string) (E, error) {
	if s.Peek() != jsonscan.String {
		n, err := s.Int64()
		return byNumber(n), err
	}
	var zero E
	b, err := s.Str()
	if err != nil {
		return zero, err
	}
	if e, ok := byName(b); ok {
		return e, nil
	}
	if n, err := strconv.ParseInt(string(b), 10, 64); err == nil {
		return byNumber(n), nil
	}
	return zero, s.Errorf("want %s, got %s", want, jsonscan.Quote(b))
}

// attributes reads a KeyValue list into the attribute arena.
func (d *otlpJSON) attributes() (model.Attrs, error) {
	s, a := d.s, &d.attrs
	a.Begin()
	err := s.Array(func(int) error {
		if err := d.st.CheckAttrs(a.Len()+1, ""); err != nil {
			return decode.LimitAt(s, err)
		}
		if fastKeyValues {
			if kv, ok := d.fastKeyValue(); ok {
				a.Add(kv)
				return nil
			}
		}
		kv, err := d.keyValue()
		a.Add(kv)
		return err
	})
	return a.End(), err
}

// fastKeyValues turns fastKeyValue's answers on; the tests turn them off
// to check that the general reading gives the same batch or error.
var fastKeyValues = true

// fastKeyValue reads the KeyValue nearly every writer writes, compact and
// in this order, {"key":"K","value":{"stringValue":"V"}} (or intValue, as
// a quoted or bare integer, or boolValue), in one pass over the bytes,
// without the general reading's member callbacks: attributes are most of
// a span, and each callback is a closure call (an indirect call, in
// WebAssembly). It reads nothing and reports false for any other shape or
// spacing, an escape, a string at a limit, or nesting at the depth bound,
// which keyValue then reads, so that every error is keyValue's.
func (d *otlpJSON) fastKeyValue() (model.Attr, bool) {
	s := d.s
	data, limit := s.Data(), d.st.Limits.MaxAttrValueBytes
	if !s.Room(2) {
		return model.Attr{}, false
	}
	key, i, ok := decode.PlainKeyAt(data, s.Offset(), limit, `","value":{"`)
	if !ok {
		return model.Attr{}, false
	}
	v, str, isStr, i, ok := decode.PlainScalarAt(data, i, limit, &otlpShapes)
	if !ok || !decode.HasAt(data, i, "}}") {
		return model.Attr{}, false
	}
	// Strings are kept only once the whole KeyValue has matched.
	if isStr {
		v = model.StringValue(d.strs.Value(str))
	}
	s.Consumed(i + 2)
	return model.Attr{Key: d.strs.Name(key), Value: v}, true
}

// otlpShapes are the scalar AnyValues fastKeyValue reads, after {".
var otlpShapes = decode.ScalarShapes{String: `stringValue":"`, Int: `intValue":`, Bool: `boolValue":`}

func (d *otlpJSON) keyValue() (model.Attr, error) {
	s := d.s
	var kv model.Attr
	err := s.Object(func(key []byte) error {
		if d.null() {
			return nil
		}
		var err error
		switch string(key) {
		case "key":
			kv.Key, err = d.shortString()
		case "value":
			kv.Value, err = d.anyValue()
		default:
			err = s.Skip()
		}
		return err
	})
	return kv, err
}

// anyValue reads an AnyValue. An empty object (or null) is the empty value.
func (d *otlpJSON) anyValue() (model.Value, error) {
	s := d.s
	var v model.Value
	err := s.Object(func(key []byte) error {
		if d.null() {
			return nil
		}
		switch string(key) {
		case "stringValue":
			b, err := s.Str()
			if err != nil {
				return err
			}
			str, err := d.value(b)
			v = model.StringValue(str)
			return err
		case "intValue":
			n, err := s.Int64()
			v = model.IntValue(n)
			return err
		case "doubleValue":
			f, err := s.Float64()
			v = model.DoubleValue(f)
			return err
		case "boolValue":
			t, err := s.Bool()
			v = model.BoolValue(t)
			return err
		case "bytesValue":
			b, err := d.bytesValue()
			v = model.BytesValue(b)
			return err
		case "arrayValue":
			vs, err := d.arrayValue()
			v = model.ArrayValue(vs...)
			return err
		case "kvlistValue":
			kvs, err := d.kvlistValue()
			v = model.MapValue(kvs...)
			return err
		}
		return s.Skip()
	})
	return v, err
}

// arrayValue reads an ArrayValue {"values":[AnyValue...]}. Nested values
// get their own slices: the arena's run belongs to the enclosing list.
func (d *otlpJSON) arrayValue() ([]model.Value, error) {
	s := d.s
	var vs []model.Value
	err := s.Object(func(key []byte) error {
		if string(key) != "values" {
			return s.Skip()
		}
		if d.null() {
			return nil
		}
		return s.Array(func(int) error {
			v, err := d.anyValue()
			vs = append(vs, v)
			return err
		})
	})
	return vs, err
}

// kvlistValue reads a KeyValueList {"values":[KeyValue...]}.
func (d *otlpJSON) kvlistValue() ([]model.Attr, error) {
	s := d.s
	var kvs []model.Attr
	err := s.Object(func(key []byte) error {
		if string(key) != "values" {
			return s.Skip()
		}
		if d.null() {
			return nil
		}
		return s.Array(func(int) error {
			if err := d.st.CheckAttrs(len(kvs)+1, ""); err != nil {
				return decode.LimitAt(s, err)
			}
			kv, err := d.keyValue()
			kvs = append(kvs, kv)
			return err
		})
	})
	return kvs, err
}

// bytesValue reads base64 (standard or URL alphabet, padded or not), as
// protobuf JSON allows. The result is valid until the next call.
func (d *otlpJSON) bytesValue() ([]byte, error) {
	s := d.s
	b, err := s.Str()
	if err != nil {
		return nil, err
	}
	enc := base64Encoding(b)
	n := enc.DecodedLen(len(b))
	if err := d.st.CheckString(n); err != nil {
		return nil, decode.LimitAt(d.s, err)
	}
	if cap(d.b64) < n {
		d.b64 = make([]byte, n)
	}
	n, err = enc.Decode(d.b64[:n], b)
	if err != nil {
		return nil, s.Errorf("want base64, got %s", jsonscan.Quote(b))
	}
	return d.b64[:n], nil
}

// base64Encoding picks the alphabet and padding that b is written in.
func base64Encoding(b []byte) *base64.Encoding {
	url := bytes.ContainsAny(b, "-_")
	padded := len(b)%4 == 0
	switch {
	case url && padded:
		return base64.URLEncoding
	case url:
		return base64.RawURLEncoding
	case padded:
		return base64.StdEncoding
	}
	return base64.RawStdEncoding
}

// shortString reads a string that is likely to repeat (a name, a key) and
// interns it.
func (d *otlpJSON) shortString() (string, error) {
	b, err := d.s.Str()
	if err != nil {
		return "", err
	}
	if err := d.st.CheckString(len(b)); err != nil {
		return "", decode.LimitAt(d.s, err)
	}
	return d.strs.Name(b), nil
}

// stringValue reads a string that rarely repeats whole (a trace state).
func (d *otlpJSON) stringValue() (string, error) {
	b, err := d.s.Str()
	if err != nil {
		return "", err
	}
	return d.value(b)
}

// value keeps an attribute value or message, enforcing MaxAttrValueBytes.
func (d *otlpJSON) value(b []byte) (string, error) {
	if err := d.st.CheckString(len(b)); err != nil {
		return "", decode.LimitAt(d.s, err)
	}
	return d.strs.Value(b), nil
}

// null consumes a null value. It runs for every member and real writers
// never write null, so it looks at the next byte before asking the scanner.
func (d *otlpJSON) null() bool {
	data, i := d.s.Data(), d.s.Offset()
	return i < len(data) && (data[i] == 'n' || data[i] <= ' ') && d.s.Null()
}

func (d *otlpJSON) traceID() (model.TraceID, error) {
	b, err := d.s.Str()
	if err != nil {
		return model.TraceID{}, err
	}
	var t model.TraceID
	ok := false
	switch {
	case len(b) == 32 && model.DecodeHex(t[:], b):
		ok = true
	case len(b) == 16 && model.DecodeHex(t[8:], b): // a 64-bit id, left-padded
		ok = true
	default:
		ok = decodeBase64ID(t[:], b)
	}
	if !ok {
		return t, d.s.Errorf("want 32 hex chars or base64 of 16 bytes, got %s", jsonscan.Quote(b))
	}
	if t.IsZero() {
		return t, d.s.Errorf("want a non-zero trace id, got %s", jsonscan.Quote(b))
	}
	return t, nil
}

// spanID reads a span id. A parent id may be empty or all zeros, meaning
// the span is a root; a span's own id may not.
func (d *otlpJSON) spanID(parent bool) (model.SpanID, error) {
	var id model.SpanID
	b, err := d.s.Str()
	if err != nil || parent && len(b) == 0 {
		return id, err
	}
	if !(len(b) == 16 && model.DecodeHex(id[:], b) || decodeBase64ID(id[:], b)) {
		return id, d.s.Errorf("want 16 hex chars or base64 of 8 bytes, got %s", jsonscan.Quote(b))
	}
	if !parent && id.IsZero() {
		return id, d.s.Errorf("want a non-zero span id, got %s", jsonscan.Quote(b))
	}
	return id, nil
}

// decodeBase64ID decodes src into dst when it is base64 of exactly
// len(dst) bytes, as protobuf-JSON writers and Tempo encode ids.
func decodeBase64ID(dst, src []byte) bool {
	var buf [24]byte
	enc := base64Encoding(src)
	if len(src) == 0 || enc.DecodedLen(len(src)) > len(buf) {
		return false
	}
	n, err := enc.Decode(buf[:], src)
	if err != nil || n != len(dst) {
		return false
	}
	copy(dst, buf[:n])
	return true
}

// fail adds a line number to a scanner error when the input has several
// lines (JSON lines, or pretty-printed JSON), where a path alone is hard
// to find.
func (d *otlpJSON) fail(err error) error {
	var se *jsonscan.Error
	data := d.s.Data()
	if !errors.As(err, &se) || bytes.IndexByte(bytes.TrimRight(data, " \t\r\n"), '\n') < 0 {
		return err
	}
	off := min(max(se.Offset, 0), len(data))
	lineStart := bytes.LastIndexByte(data[:off], '\n') + 1
	line := bytes.Count(data[:off], []byte{'\n'}) + 1
	return &decode.Error{Format: model.OTLPJSON, Line: line, Path: se.Path, Offset: off - lineStart, Msg: se.Msg}
}
