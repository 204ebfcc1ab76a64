package decode

import (
	"bytes"

	"github.com/spanlens/spanlens/core/internal/jsonscan"
	"github.com/spanlens/spanlens/core/model"
)

// SeedCtx holds what the agent-SDK ("seed") decoders share: spanforge,
// the tracing tutorial and mamba-agents all write plain JSON objects whose
// attribute values keep their JSON types, UUID-ish ids and Python
// timestamps.
type SeedCtx struct {
	State  *State
	Scan   *jsonscan.Scanner
	Hashed bool   // some id was not hex and was hashed
	key    []byte // attribute key being built from a prefix and a name
	id     []byte // id with its dashes removed
}

func NewSeedCtx(f model.Format, data []byte, opts Options) SeedCtx {
	st := NewState(f, data, opts)
	return SeedCtx{State: st, Scan: st.Scanner(data)}
}

// Finish gives spans without a trace id their format's MissingTraceID and
// records the warnings that concern the whole decode.
func (c *SeedCtx) Finish() {
	c.State.fillTraceIDs()
	if c.Hashed {
		c.State.Warn(-1, "some ids are not hex (UUID strings?); they were hashed into trace and span ids")
	}
}

// undash returns b without its dashes, so that a UUID string
// ("0f8fad5b-d9cb-469f-a165-70867728950e") reads as 32 hex characters.
func (c *SeedCtx) undash(b []byte) []byte {
	if bytes.IndexByte(b, '-') < 0 {
		return b
	}
	c.id = AppendNoDashes(c.id[:0], b)
	return c.id
}

// TraceID turns a written trace id into a TraceID: hex (dashes removed) is
// parsed, anything else is hashed. An empty id is the zero TraceID.
func (c *SeedCtx) TraceID(b []byte) model.TraceID {
	if len(b) == 0 {
		return model.TraceID{}
	}
	if id, ok := model.ParseTraceID(c.undash(b)); ok {
		return id
	}
	c.Hashed = true
	return model.HashTraceID(b)
}

// SpanID turns a written span id into a SpanID as traceID does. Hex ids
// longer than 16 digits (a whole UUID) are hashed.
func (c *SeedCtx) SpanID(b []byte) model.SpanID {
	if len(b) == 0 {
		return model.SpanID{}
	}
	if id, ok := model.ParseSpanID(c.undash(b)); ok {
		return id
	}
	c.Hashed = true
	return model.HashSpanID(b)
}

// optStr reads a string or null; null gives nil.
func (c *SeedCtx) optStr() ([]byte, error) {
	if c.Scan.Null() {
		return nil, nil
	}
	return c.Scan.Str()
}

// OptTraceID reads a trace id string or null.
func (c *SeedCtx) OptTraceID() (model.TraceID, error) {
	b, err := c.optStr()
	return c.TraceID(b), err
}

// OptSpanID reads a span id string or null.
func (c *SeedCtx) OptSpanID() (model.SpanID, error) {
	b, err := c.optStr()
	return c.SpanID(b), err
}

// Text reads a string or null as an interned string, enforcing
// MaxAttrValueBytes.
func (c *SeedCtx) Text() (string, error) {
	b, err := c.optStr()
	if err != nil {
		return "", err
	}
	return c.intern(b)
}

// intern interns b, enforcing MaxAttrValueBytes.
func (c *SeedCtx) intern(b []byte) (string, error) {
	return c.State.Value(c.Scan, b)
}

// KeyOf returns prefix+name as an interned attribute key, enforcing
// MaxAttrValueBytes as on every string the model keeps.
func (c *SeedCtx) KeyOf(prefix string, name []byte) (string, error) {
	if prefix != "" {
		c.key = append(append(c.key[:0], prefix...), name...)
		name = c.key
	}
	return c.State.Value(c.Scan, name)
}

// Value reads any JSON value as a typed attribute value: strings, integers
// (numbers written without a fraction or exponent), doubles, booleans,
// arrays and objects (as maps) keep their JSON types; null is the empty
// Value.
func (c *SeedCtx) Value() (model.Value, error) {
	s := c.Scan
	switch s.Peek() {
	case jsonscan.String:
		b, err := s.Str()
		if err != nil {
			return model.Value{}, err
		}
		str, err := c.intern(b)
		return model.StringValue(str), err
	case jsonscan.Number:
		b, err := s.NumberText()
		if err != nil {
			return model.Value{}, err
		}
		return NumberValue(b), nil
	case jsonscan.Bool:
		v, err := s.Bool()
		return model.BoolValue(v), err
	case jsonscan.Array:
		var vs []model.Value
		err := s.Array(func(int) error {
			v, err := c.Value()
			vs = append(vs, v)
			return err
		})
		return model.ArrayValue(vs...), err
	case jsonscan.Object:
		kvs, err := c.Attrs(nil, "")
		return model.MapValue(kvs...), err
	case jsonscan.Null:
		if s.Null() {
			return model.Value{}, nil
		}
	}
	return model.Value{}, s.Skip() // reports the syntax error
}

// Attrs reads an object (or null) and appends its members to dst as
// attributes named prefix+member, enforcing MaxAttrsPerSpan.
func (c *SeedCtx) Attrs(dst model.Attrs, prefix string) (model.Attrs, error) {
	s := c.Scan
	if s.Null() {
		return dst, nil
	}
	err := s.Object(func(name []byte) error {
		if err := c.State.CheckAttrs(len(dst)+1, s.Path()); err != nil {
			return err
		}
		key, err := c.KeyOf(prefix, name)
		if err != nil {
			return err
		}
		v, err := c.Value()
		dst = append(dst, model.Attr{Key: key, Value: v})
		return err
	})
	return dst, err
}

// Time reads a timestamp written as an ISO-8601 string or as Unix seconds
// (a number), or null. It reports whether there was one.
func (c *SeedCtx) Time() (int64, bool, error) {
	s := c.Scan
	switch s.Peek() {
	case jsonscan.Null:
		s.Null()
		return 0, false, nil
	case jsonscan.Number:
		at := s.Offset()
		f, err := s.Float64()
		if err != nil {
			return 0, false, err
		}
		ns, ok := SeedEpochNanos(f)
		if !ok {
			return 0, false, ErrAt(s, at, "want Unix seconds, got %v (out of range)", f)
		}
		return ns, true, nil
	case jsonscan.String:
		at := s.Offset()
		b, err := s.Str()
		if err != nil {
			return 0, false, err
		}
		ns, ok := SeedParseISO(b)
		if !ok {
			return 0, false, ErrAt(s, at, "want an ISO-8601 date-time such as \"2024-01-15T10:30:00.123456\", got %s", jsonscan.Quote(b))
		}
		return ns, true, nil
	}
	return 0, false, s.Errorf("want a date-time string or Unix seconds, got %s", s.Peek())
}

// events reads a span's events, [{"name", "timestamp", "attributes"}],
// as the tutorial and mamba-agents both write them.
func (c *SeedCtx) events() ([]model.Event, error) {
	s := c.Scan
	var events []model.Event
	if s.Null() {
		return nil, nil
	}
	err := s.Array(func(int) error {
		if err := c.State.CheckEvents(len(events)+1, s.Path()); err != nil {
			return err
		}
		var e model.Event
		err := s.Object(func(key []byte) error {
			var err error
			switch string(key) {
			case "name":
				e.Name, err = c.Text()
			case "timestamp":
				e.Time, _, err = c.Time()
			case "attributes":
				e.Attrs, err = c.Attrs(e.Attrs, "")
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

// Unfinished records that span i has no end, which is then set to its
// start.
func (c *SeedCtx) Unfinished(i int32) {
	sp := &c.State.Batch.Spans[i]
	sp.End = sp.Start
	c.State.Warn(i, "span %q has no end time (still running when written?); drawn with zero duration", sp.Name)
}

// SeedStatus maps the status words the agent SDKs write.
func SeedStatus(word string) (model.StatusCode, bool) {
	switch word {
	case "ok", "OK", "success":
		return model.StatusOK, true
	case "error", "ERROR", "failed", "timeout":
		return model.StatusError, true
	case "unset", "UNSET", "":
		return model.StatusUnset, true
	}
	return model.StatusUnset, false
}

// SeedStrAttr returns the string attribute key of attrs, or def.
func SeedStrAttr(attrs model.Attrs, key, def string) string {
	if v, ok := attrs.Get(key); ok && v.Str() != "" {
		return v.Str()
	}
	return def
}
