package otelstdout

import (
	"bytes"
	"encoding/base64"
	"errors"
	"strings"

	"github.com/spanlens/spanlens/core/internal/decode"
	"github.com/spanlens/spanlens/core/internal/jsonscan"
	"github.com/spanlens/spanlens/core/model"
)

// otelStdoutDecoder reads what the OpenTelemetry Go SDK's stdouttrace
// exporter writes: one SpanStub per span, encoded with encoding/json, one
// object per line (the default) or indented (WithPrettyPrint) and
// concatenated; older releases wrote an array of them, which is read too.
//
//	{"Name", "SpanContext": {"TraceID", "SpanID", "TraceFlags",
//	 "TraceState", "Remote"}, "Parent": {…}, "SpanKind": 2,
//	 "StartTime": "2026-12-01T19:43:53.864668101Z", "EndTime",
//	 "Attributes": [{"Key", "Value": {"Type": "INT64", "Value": 502}}],
//	 "Events": [{"Name", "Attributes", "Time"}], "Links": [{"SpanContext",
//	 "Attributes"}], "Status": {"Code": "Error", "Description"},
//	 "Resource": [attributes], "InstrumentationScope": {"Name",
//	 "Version", "SchemaURL", "Attributes"}, "Dropped…", "ChildSpanCount"}
//
// Every span repeats its resource; identical resources become one. Values
// keep the type the SDK names (BOOL, INT64, FLOAT64, STRING, their
// …SLICE arrays, BYTESLICE as base64, SLICE of typed values, MAP of
// attributes, EMPTY); a Value written before its Type is read by its JSON
// type. SpanKind numbers are OTLP's; a parent with a zero SpanID means a
// root; Go's zero time (year 1) means "not ended".
type otelStdoutDecoder struct{}

// sniffOTelStdout finds the stdouttrace exporter's "SpanContext", in one
// span object per line or in an array of them.
func sniffOTelStdout(data []byte) int {
	return decode.SniffMembers(data, []string{`"SpanContext"`}, []string{`"SpanContext"`})
}

func (otelStdoutDecoder) Format() model.Format { return model.OTelStdout }

func (otelStdoutDecoder) Decode(data []byte, opts decode.Options) (*model.Batch, error) {
	d := otelStdout{
		SeedCtx:   decode.NewSeedCtx(model.OTelStdout, data, opts),
		resources: map[string]int32{},
		scopes:    decode.ScopeIndex{},
	}
	if err := d.Documents(d.span); err != nil {
		return nil, onLine(model.OTelStdout, data, err)
	}
	if len(d.State.Batch.Spans) == 0 {
		return nil, &decode.Error{Format: model.OTelStdout, Offset: -1, Msg: `no span with a "SpanContext": not stdouttrace output`}
	}
	return d.State.Done(), nil
}

// onLine places a scanner error by line: the spans are top-level
// documents, so a path alone ("Attributes[0].Value") would not say which
// span of a file it is in.
func onLine(f model.Format, data []byte, err error) error {
	var se *jsonscan.Error
	if !errors.As(err, &se) || se.Offset < 0 || se.Offset > len(data) {
		return err
	}
	head := data[:se.Offset]
	start := bytes.LastIndexByte(head, '\n') + 1
	return &decode.Error{Format: f, Line: 1 + bytes.Count(head, []byte("\n")), Path: se.Path, Offset: se.Offset - start, Msg: se.Msg}
}

// otelStdout is one stdouttrace decode.
type otelStdout struct {
	decode.SeedCtx
	resources map[string]int32 // resource JSON text → index
	scopes    decode.ScopeIndex
	b64       []byte
	badType   bool // warned about an unknown value type
}

// span reads one SpanStub.
func (d *otelStdout) span() error {
	s := d.Scan
	at := s.Offset()
	sp := model.Span{Resource: -1, Scope: -1}
	var (
		hasContext, ended bool
		scope, library    model.Scope
		hasScope, hasLib  bool
		err               error
	)
	err = s.Object(func(key []byte) error {
		if s.Null() {
			return nil
		}
		var err error
		switch string(key) {
		case "Name":
			sp.Name, err = d.Text()
		case "SpanContext":
			hasContext = true
			sp.TraceID, sp.ID, _, err = d.spanContext()
		case "Parent":
			_, sp.ParentID, _, err = d.spanContext()
		case "SpanKind":
			var n int64
			n, err = s.Int64()
			sp.Kind = decode.OTLPSpanKind(n)
		case "StartTime":
			sp.Start, _, err = d.goTime()
		case "EndTime":
			sp.End, ended, err = d.goTime()
		case "Attributes":
			sp.Attrs, err = d.attrList()
		case "Events":
			sp.Events, err = d.events(len(sp.Links))
		case "Links":
			sp.Links, err = d.links(len(sp.Events))
		case "Status":
			sp.Status, err = d.status()
		case "Resource":
			sp.Resource, err = d.resource()
		case "InstrumentationScope":
			scope, err = d.scope()
			hasScope = true
		case "InstrumentationLibrary": // the deprecated copy of the scope
			library, err = d.scope()
			hasLib = true
		default: // Dropped…, ChildSpanCount
			err = s.Skip()
		}
		return err
	})
	if err != nil {
		return err
	}
	if !hasContext {
		return decode.ErrAt(s, at, `missing "SpanContext": not a stdouttrace span`)
	}
	if sp.ID.IsZero() {
		return decode.ErrAt(s, at, "span %q has a zero SpanID", sp.Name)
	}
	if sp.TraceID.IsZero() {
		return decode.ErrAt(s, at, "span %q has a zero TraceID", sp.Name)
	}
	if !hasScope {
		scope, hasScope = library, hasLib
	}
	if hasScope {
		b := d.State.Batch
		sp.Scope = d.scopes.Get(b, scope.Name, scope.Version)
		if b.Scopes[sp.Scope].Attrs == nil {
			b.Scopes[sp.Scope].Attrs = scope.Attrs
		}
	}
	if sp.Resource >= 0 {
		sp.Service = d.State.Batch.Resources[sp.Resource].Service
	}
	i, err := d.State.AddSpan(sp)
	if err != nil {
		return err
	}
	if !ended {
		d.Unfinished(i)
	}
	return nil
}

// spanContext reads {"TraceID", "SpanID", "TraceState", …}. Ids are hex;
// all zeros (a root's Parent) is the zero id.
func (d *otelStdout) spanContext() (trace model.TraceID, span model.SpanID, state string, err error) {
	s := d.Scan
	err = s.Object(func(key []byte) error {
		if s.Null() {
			return nil
		}
		switch string(key) {
		case "TraceID":
			at := s.Offset()
			b, err := s.Str()
			if err != nil {
				return err
			}
			var ok bool
			if trace, ok = model.ParseTraceID(b); !ok || len(b) != 32 {
				return decode.ErrAt(s, at, "want 32 hex digits, got %s", jsonscan.Quote(b))
			}
		case "SpanID":
			at := s.Offset()
			b, err := s.Str()
			if err != nil {
				return err
			}
			var ok bool
			if span, ok = model.ParseSpanID(b); !ok || len(b) != 16 {
				return decode.ErrAt(s, at, "want 16 hex digits, got %s", jsonscan.Quote(b))
			}
		case "TraceState":
			var err error
			state, err = d.Text()
			return err
		default: // TraceFlags, Remote
			return s.Skip()
		}
		return nil
	})
	return trace, span, state, err
}

// goTime reads a time.Time as encoding/json writes it (RFC 3339 with
// nanoseconds). Go's zero time, written for a span that has not ended,
// reports false.
func (d *otelStdout) goTime() (int64, bool, error) {
	s := d.Scan
	at := s.Offset()
	b, err := s.Str()
	if err != nil {
		return 0, false, err
	}
	if bytes.HasPrefix(b, []byte("0001-01-01T00:00:00")) {
		return 0, false, nil
	}
	ns, ok := decode.SeedParseISO(b)
	if !ok {
		return 0, false, decode.ErrAt(s, at, "want an RFC 3339 time such as \"2026-01-15T10:30:00.123456789Z\", got %s", jsonscan.Quote(b))
	}
	return ns, true, nil
}

// attrList reads [{"Key", "Value": {"Type", "Value"}}], enforcing
// MaxAttrsPerSpan.
func (d *otelStdout) attrList() (model.Attrs, error) {
	s := d.Scan
	var attrs model.Attrs
	err := s.Array(func(int) error {
		if err := d.State.CheckAttrs(len(attrs)+1, s.Path()); err != nil {
			return err
		}
		var a model.Attr
		err := s.Object(func(key []byte) error {
			switch string(key) {
			case "Key":
				b, err := s.Str()
				a.Key = d.State.In.Bytes(b)
				return err
			case "Value":
				var err error
				a.Value, err = d.typed()
				return err
			}
			return s.Skip()
		})
		attrs = append(attrs, a)
		return err
	})
	return attrs, err
}

// typed reads {"Type", "Value"} (or null, the empty value).
func (d *otelStdout) typed() (model.Value, error) {
	s := d.Scan
	var v model.Value
	typ := ""
	err := s.Object(func(key []byte) error {
		switch string(key) {
		case "Type":
			b, err := s.Str()
			typ = d.State.In.Bytes(b)
			return err
		case "Value":
			var err error
			v, err = d.valueOf(typ)
			return err
		}
		return s.Skip()
	})
	return v, err
}

// valueOf reads a value of the SDK's attribute type typ.
func (d *otelStdout) valueOf(typ string) (model.Value, error) {
	s := d.Scan
	if s.Null() {
		if strings.HasSuffix(typ, "SLICE") && typ != "BYTESLICE" {
			return model.ArrayValue(), nil // a nil slice
		}
		return model.Value{}, nil
	}
	switch typ {
	case "BOOL":
		b, err := s.Bool()
		return model.BoolValue(b), err
	case "INT64":
		return d.int64Value()
	case "FLOAT64":
		f, err := s.Float64()
		return model.DoubleValue(f), err
	case "STRING":
		str, err := d.Text()
		return model.StringValue(str), err
	case "BYTESLICE":
		return d.bytesValue()
	case "BOOLSLICE", "INT64SLICE", "FLOAT64SLICE", "STRINGSLICE":
		elem := typ[:len(typ)-len("SLICE")]
		return d.array(func() (model.Value, error) { return d.valueOf(elem) })
	case "SLICE":
		return d.array(d.typed)
	case "MAP":
		kvs, err := d.attrList()
		return model.MapValue(kvs...), err
	case "":
		return d.Value() // Value before Type: keep the JSON type
	}
	if !d.badType {
		d.badType = true
		d.State.Warn(-1, "otel-stdout: %s: unknown attribute type %s; read by its JSON type", s.Path(), jsonscan.Quote([]byte(typ)))
	}
	return d.Value()
}

// int64Value reads an INT64, which must be an integer.
func (d *otelStdout) int64Value() (model.Value, error) {
	s := d.Scan
	at := s.Offset()
	b, err := s.NumberText()
	if err != nil {
		return model.Value{}, err
	}
	n, ok := decode.Atoi(b)
	if !ok {
		return model.Value{}, decode.ErrAt(s, at, "INT64: want an integer, got %s", b)
	}
	return model.IntValue(n), nil
}

// bytesValue reads a BYTESLICE, which encoding/json writes as standard
// base64.
func (d *otelStdout) bytesValue() (model.Value, error) {
	s := d.Scan
	at := s.Offset()
	b, err := s.Str()
	if err != nil {
		return model.Value{}, err
	}
	enc := base64.StdEncoding
	if n := enc.DecodedLen(len(b)); n > d.State.Limits.MaxAttrValueBytes {
		return model.Value{}, decode.LimitAt(s, &decode.LimitError{Format: model.OTelStdout, Limit: "MaxAttrValueBytes", Max: int64(d.State.Limits.MaxAttrValueBytes)})
	}
	d.b64 = d.b64[:0]
	out, err := enc.AppendDecode(d.b64, b)
	if err != nil {
		return model.Value{}, decode.ErrAt(s, at, "BYTESLICE: want base64, got %s", jsonscan.Quote(b))
	}
	d.b64 = out
	return model.BytesValue(out), nil
}

// array reads a JSON array whose elements elem reads, enforcing
// MaxAttrsPerSpan on its length.
func (d *otelStdout) array(elem func() (model.Value, error)) (model.Value, error) {
	s := d.Scan
	vs := []model.Value{}
	err := s.Array(func(int) error {
		if err := d.State.CheckAttrs(len(vs)+1, s.Path()); err != nil {
			return err
		}
		v, err := elem()
		vs = append(vs, v)
		return err
	})
	return model.ArrayValue(vs...), err
}

// events reads [{"Name", "Attributes", "Time"}]; links already holds
// links, which share MaxEventsPerSpan.
func (d *otelStdout) events(links int) ([]model.Event, error) {
	s := d.Scan
	var events []model.Event
	err := s.Array(func(int) error {
		if err := d.State.CheckEvents(links+len(events)+1, s.Path()); err != nil {
			return err
		}
		var e model.Event
		err := s.Object(func(key []byte) error {
			if s.Null() {
				return nil
			}
			var err error
			switch string(key) {
			case "Name":
				e.Name, err = d.Text()
			case "Time":
				e.Time, _, err = d.goTime()
			case "Attributes":
				e.Attrs, err = d.attrList()
			default:
				err = s.Skip()
			}
			return err
		})
		events = append(events, e)
		return err
	})
	return events, err
}

// links reads [{"SpanContext", "Attributes"}]; events already holds
// events.
func (d *otelStdout) links(events int) ([]model.Link, error) {
	s := d.Scan
	var links []model.Link
	err := s.Array(func(int) error {
		if err := d.State.CheckEvents(events+len(links)+1, s.Path()); err != nil {
			return err
		}
		var l model.Link
		err := s.Object(func(key []byte) error {
			if s.Null() {
				return nil
			}
			var err error
			switch string(key) {
			case "SpanContext":
				l.TraceID, l.SpanID, l.TraceState, err = d.spanContext()
			case "Attributes":
				l.Attrs, err = d.attrList()
			default:
				err = s.Skip()
			}
			return err
		})
		links = append(links, l)
		return err
	})
	return links, err
}

// status reads {"Code": "Unset" | "Ok" | "Error", "Description"}.
func (d *otelStdout) status() (model.Status, error) {
	s := d.Scan
	var st model.Status
	err := s.Object(func(key []byte) error {
		if s.Null() {
			return nil
		}
		switch string(key) {
		case "Code":
			if s.Peek() == jsonscan.Number {
				n, err := s.Int64()
				st.Code = decode.OTLPStatusCode(n)
				return err
			}
			at := s.Offset()
			b, err := s.Str()
			if err != nil {
				return err
			}
			var ok bool
			if st.Code, ok = decode.OTLPStatusCodeName(b); !ok {
				return decode.ErrAt(s, at, "want Unset, Ok or Error, got %s", jsonscan.Quote(b))
			}
		case "Description":
			var err error
			st.Message, err = d.Text()
			return err
		default:
			return s.Skip()
		}
		return nil
	})
	return st, err
}

// resource reads the span's resource attributes and returns the index of
// the resource, shared with every span whose resource is written the same.
func (d *otelStdout) resource() (int32, error) {
	s := d.Scan
	at := s.Offset()
	attrs, err := d.attrList()
	if err != nil {
		return -1, err
	}
	text := s.Data()[at:s.Offset()]
	if i, ok := d.resources[string(text)]; ok {
		return i, nil
	}
	i := d.State.Batch.AddResource(model.Resource{Service: decode.OTLPServiceName(attrs), Attrs: attrs})
	d.resources[string(text)] = i
	return i, nil
}

// scope reads {"Name", "Version", "SchemaURL", "Attributes"}.
func (d *otelStdout) scope() (model.Scope, error) {
	s := d.Scan
	var sc model.Scope
	err := s.Object(func(key []byte) error {
		if s.Null() {
			return nil
		}
		var err error
		switch string(key) {
		case "Name":
			sc.Name, err = d.Text()
		case "Version":
			sc.Version, err = d.Text()
		case "Attributes":
			sc.Attrs, err = d.attrList()
		default:
			err = s.Skip()
		}
		return err
	})
	return sc, err
}
