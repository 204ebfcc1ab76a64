package ingest

import (
	"bytes"

	"github.com/spanlens/spanlens/core/internal/jsonscan"
	"github.com/spanlens/spanlens/core/model"
)

// seedCtx holds what the agent-SDK ("seed") decoders share: spanforge,
// the tracing tutorial and mamba-agents all write plain JSON objects whose
// attribute values keep their JSON types, UUID-ish ids and Python
// timestamps.
type seedCtx struct {
	st     *state
	s      *jsonscan.Scanner
	hashed bool   // some id was not hex and was hashed
	key    []byte // attribute key being built from a prefix and a name
	id     []byte // id with its dashes removed
}

func newSeedCtx(f Format, data []byte, opts Options) seedCtx {
	st := newState(f, data, opts)
	return seedCtx{st: st, s: st.scanner(data)}
}

// finish records the warnings that concern the whole decode.
func (c *seedCtx) finish() {
	if c.hashed {
		c.st.warn(-1, "some ids are not hex (UUID strings?); they were hashed into trace and span ids")
	}
}

// undash returns b without its dashes, so that a UUID string
// ("0f8fad5b-d9cb-469f-a165-70867728950e") reads as 32 hex characters.
func (c *seedCtx) undash(b []byte) []byte {
	if bytes.IndexByte(b, '-') < 0 {
		return b
	}
	c.id = appendNoDashes(c.id[:0], b)
	return c.id
}

// traceID turns a written trace id into a TraceID: hex (dashes removed) is
// parsed, anything else is hashed. An empty id is the zero TraceID.
func (c *seedCtx) traceID(b []byte) model.TraceID {
	if len(b) == 0 {
		return model.TraceID{}
	}
	if id, ok := model.ParseTraceID(c.undash(b)); ok {
		return id
	}
	c.hashed = true
	return model.HashTraceID(b)
}

// spanID turns a written span id into a SpanID as traceID does. Hex ids
// longer than 16 digits (a whole UUID) are hashed.
func (c *seedCtx) spanID(b []byte) model.SpanID {
	if len(b) == 0 {
		return model.SpanID{}
	}
	if id, ok := model.ParseSpanID(c.undash(b)); ok {
		return id
	}
	c.hashed = true
	return model.HashSpanID(b)
}

// optStr reads a string or null; null gives nil.
func (c *seedCtx) optStr() ([]byte, error) {
	if c.s.Null() {
		return nil, nil
	}
	return c.s.Str()
}

// optTraceID reads a trace id string or null.
func (c *seedCtx) optTraceID() (model.TraceID, error) {
	b, err := c.optStr()
	return c.traceID(b), err
}

// optSpanID reads a span id string or null.
func (c *seedCtx) optSpanID() (model.SpanID, error) {
	b, err := c.optStr()
	return c.spanID(b), err
}

// text reads a string or null as an interned string, enforcing
// MaxAttrValueBytes.
func (c *seedCtx) text() (string, error) {
	b, err := c.optStr()
	if err != nil {
		return "", err
	}
	return c.intern(b)
}

// intern interns b, enforcing MaxAttrValueBytes.
func (c *seedCtx) intern(b []byte) (string, error) {
	return c.st.value(c.s, b)
}

// keyOf returns prefix+name as an interned attribute key.
func (c *seedCtx) keyOf(prefix string, name []byte) string {
	if prefix == "" {
		return c.st.in.Bytes(name)
	}
	c.key = append(append(c.key[:0], prefix...), name...)
	return c.st.in.Bytes(c.key)
}

// value reads any JSON value as a typed attribute value: strings, integers
// (numbers written without a fraction or exponent), doubles, booleans,
// arrays and objects (as maps) keep their JSON types; null is the empty
// Value.
func (c *seedCtx) value() (model.Value, error) {
	s := c.s
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
		return numberValue(b), nil
	case jsonscan.Bool:
		v, err := s.Bool()
		return model.BoolValue(v), err
	case jsonscan.Array:
		var vs []model.Value
		err := s.Array(func(int) error {
			v, err := c.value()
			vs = append(vs, v)
			return err
		})
		return model.ArrayValue(vs...), err
	case jsonscan.Object:
		kvs, err := c.attrs(nil, "")
		return model.MapValue(kvs...), err
	case jsonscan.Null:
		if s.Null() {
			return model.Value{}, nil
		}
	}
	return model.Value{}, s.Skip() // reports the syntax error
}

// attrs reads an object (or null) and appends its members to dst as
// attributes named prefix+member, enforcing MaxAttrsPerSpan.
func (c *seedCtx) attrs(dst model.Attrs, prefix string) (model.Attrs, error) {
	s := c.s
	if s.Null() {
		return dst, nil
	}
	err := s.Object(func(name []byte) error {
		if err := c.st.checkAttrs(len(dst)+1, s.Path()); err != nil {
			return err
		}
		key := c.keyOf(prefix, name)
		v, err := c.value()
		dst = append(dst, model.Attr{Key: key, Value: v})
		return err
	})
	return dst, err
}

// time reads a timestamp written as an ISO-8601 string or as Unix seconds
// (a number), or null. It reports whether there was one.
func (c *seedCtx) time() (int64, bool, error) {
	s := c.s
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
		ns, ok := seedEpochNanos(f)
		if !ok {
			return 0, false, errAt(s, at, "want Unix seconds, got %v (out of range)", f)
		}
		return ns, true, nil
	case jsonscan.String:
		at := s.Offset()
		b, err := s.Str()
		if err != nil {
			return 0, false, err
		}
		ns, ok := seedParseISO(b)
		if !ok {
			return 0, false, errAt(s, at, "want an ISO-8601 date-time such as \"2024-01-15T10:30:00.123456\", got %s", jsonscan.Quote(b))
		}
		return ns, true, nil
	}
	return 0, false, s.Errorf("want a date-time string or Unix seconds, got %s", s.Peek())
}

// events reads a span's events, [{"name", "timestamp", "attributes"}],
// as the tutorial and mamba-agents both write them.
func (c *seedCtx) events() ([]model.Event, error) {
	s := c.s
	var events []model.Event
	if s.Null() {
		return nil, nil
	}
	err := s.Array(func(int) error {
		if err := c.st.checkEvents(len(events)+1, s.Path()); err != nil {
			return err
		}
		var e model.Event
		err := s.Object(func(key []byte) error {
			var err error
			switch string(key) {
			case "name":
				e.Name, err = c.text()
			case "timestamp":
				e.Time, _, err = c.time()
			case "attributes":
				e.Attrs, err = c.attrs(e.Attrs, "")
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

// unfinished records that span i has no end, which is then set to its
// start.
func (c *seedCtx) unfinished(i int32) {
	sp := &c.st.batch.Spans[i]
	sp.End = sp.Start
	c.st.warn(i, "span %q has no end time (still running when written?); drawn with zero duration", sp.Name)
}

// seedStatus maps the status words the agent SDKs write.
func seedStatus(word string) (model.StatusCode, bool) {
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

// seedStrAttr returns the string attribute key of attrs, or def.
func seedStrAttr(attrs model.Attrs, key, def string) string {
	if v, ok := attrs.Get(key); ok && v.Str() != "" {
		return v.Str()
	}
	return def
}
