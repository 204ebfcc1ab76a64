package jaeger

import (
	"encoding/base64"
	"math"
	"strconv"

	"github.com/spanlens/spanlens/core/internal/decode"
	"github.com/spanlens/spanlens/core/internal/jsonscan"
	"github.com/spanlens/spanlens/core/model"
)

// This file decodes Jaeger tags and log fields: {key, type, value} with
// type string, bool, int64, float64 or binary. The members may come in any
// order, so the value is held until the object ends and then converted to
// the declared type. Values the declared type does not fit are errors, with
// one exception: exporters that label every tag "string" (as hand-rolled
// Python ones do) keep numbers, booleans, objects and arrays as they are.

// jaegerType is a tag's declared type; jaegerAny when absent.
type jaegerType uint8

const (
	jaegerAny jaegerType = iota
	jaegerString
	jaegerBool
	jaegerInt64
	jaegerFloat64
	jaegerBinary
)

var jaegerTypeNames = [...]string{"", "string", "bool", "int64", "float64", "binary"}

func parseJaegerType(b []byte) (jaegerType, bool) {
	for i, n := range jaegerTypeNames[1:] {
		if string(b) == n {
			return jaegerType(i + 1), true
		}
	}
	return jaegerAny, false
}

// jaegerValue is a tag value as read, before conversion.
type jaegerValue struct {
	kind jsonscan.Kind // jsonscan.Invalid when absent
	at   int           // offset of the value
	text []byte        // string or number text
	b    bool
	v    model.Value // an object or array, already converted
}

// tags reads a tag list (or null) into the attribute arena.
func (d *jaegerDec) tags() (model.Attrs, error) {
	s, st := d.s, d.st
	if s.Null() {
		return nil, nil
	}
	d.attrs.Begin()
	err := s.Array(func(int) error {
		if d.attrs.Len() >= st.Limits.MaxAttrsPerSpan {
			return st.CheckAttrs(d.attrs.Len()+1, s.Path())
		}
		// Read in place: an attribute is large to pass by value.
		a := d.attrs.Push()
		if fastTags && d.fastTag(a) {
			return nil
		}
		if err := d.tag(a); err != nil {
			d.attrs.Pop()
			return err
		}
		return nil
	})
	return d.attrs.End(), err
}

// fastTags turns fastTag on; the tests turn it off to check that the
// general reading gives the same batch or error.
var fastTags = true

// fastTag reads into a the tag Jaeger's own JSON writer writes, compact
// and in its order, {"key":"K","type":"string","value":"V"} (or an int64
// or bool), in one pass over the bytes without member callbacks. It reads
// nothing and reports false for any other shape, spacing or type, an
// escape, a string at a limit, or nesting at the depth bound, which tag
// then reads, so that every error is tag's.
func (d *jaegerDec) fastTag(a *model.Attr) bool {
	s, st := d.s, d.st
	data, limit := s.Data(), st.Limits.MaxAttrValueBytes
	if !s.Room(1) {
		return false
	}
	key, i, ok := decode.PlainKeyAt(data, s.Offset(), limit, `","type":"`)
	if !ok {
		return false
	}
	v, str, isStr, i, ok := decode.PlainScalarAt(data, i, limit, &jaegerShapes)
	if !ok || !decode.HasAt(data, i, "}") {
		return false
	}
	// Strings are kept only once the whole tag has matched.
	if isStr {
		val, _ := st.AttrValue(s, str) // within the limit: no error
		v = model.StringValue(val)
	}
	a.Key, _ = st.Value(s, key) // within the limit: no error
	a.Value = v
	s.Consumed(i + 1)
	return true
}

// jaegerShapes are the scalar tags fastTag reads, after "type":".
var jaegerShapes = decode.ScalarShapes{String: `string","value":"`, Int: `int64","value":`, Bool: `bool","value":`}

// tag reads one {key, type, value} into a.
func (d *jaegerDec) tag(a *model.Attr) error {
	s := d.s
	var (
		typ jaegerType
		v   jaegerValue
	)
	err := s.Object(func(key []byte) error {
		switch string(key) {
		case "key":
			var err error
			a.Key, err = d.st.Str(s)
			return err
		case "type":
			at := s.Offset()
			b, err := s.Str()
			if err != nil {
				return err
			}
			var ok bool
			if typ, ok = parseJaegerType(b); !ok {
				return decode.ErrAt(s, at, "want string, bool, int64, float64 or binary, got %q", b)
			}
			return nil
		case "value":
			return d.rawValue(&v)
		}
		return s.Skip()
	})
	if err != nil {
		return err
	}
	a.Value, err = d.convert(typ, &v)
	return err
}

// rawValue reads a tag value without interpreting it. Strings are copied,
// since the scanner's buffer may be reused before the tag ends.
func (d *jaegerDec) rawValue(v *jaegerValue) error {
	s := d.s
	var err error
	v.kind = s.Peek()
	v.at = s.Offset()
	switch v.kind {
	case jsonscan.String:
		var b []byte
		if b, err = s.Str(); err == nil {
			d.val = append(d.val[:0], b...)
			v.text = d.val
		}
	case jsonscan.Number:
		v.text, err = s.NumberText()
	case jsonscan.Bool:
		v.b, err = s.Bool()
	case jsonscan.Object, jsonscan.Array:
		v.v, err = d.anyValue()
	default:
		err = s.Skip()
		v.kind = jsonscan.Null
	}
	return err
}

// convert turns a raw value into the declared type.
func (d *jaegerDec) convert(typ jaegerType, v *jaegerValue) (model.Value, error) {
	switch v.kind {
	case jsonscan.Invalid, jsonscan.Null:
		return model.Value{}, nil
	case jsonscan.Object, jsonscan.Array:
		return v.v, nil
	}
	switch typ {
	case jaegerAny, jaegerString:
		switch v.kind {
		case jsonscan.String:
			return d.stringValue(v.text)
		case jsonscan.Number:
			return decode.NumberValue(v.text), nil
		}
		return model.BoolValue(v.b), nil
	case jaegerBool:
		switch {
		case v.kind == jsonscan.Bool:
			return model.BoolValue(v.b), nil
		case v.kind == jsonscan.String && (string(v.text) == "true" || string(v.text) == "false"):
			return model.BoolValue(string(v.text) == "true"), nil
		}
	case jaegerInt64:
		if v.kind != jsonscan.Bool {
			if n, ok := decode.Atoi(v.text); ok {
				return model.IntValue(n), nil
			}
			if f, err := strconv.ParseFloat(string(v.text), 64); err == nil && f == math.Trunc(f) && math.Abs(f) < 1<<63 {
				return model.IntValue(int64(f)), nil
			}
		}
	case jaegerFloat64:
		if v.kind != jsonscan.Bool {
			if f, err := strconv.ParseFloat(string(v.text), 64); err == nil {
				return model.DoubleValue(f), nil
			}
		}
	case jaegerBinary:
		if v.kind == jsonscan.String {
			return d.binaryValue(v)
		}
	}
	return model.Value{}, d.valueErr(v, "want %s, got %s", jaegerTypeNames[typ], describeValue(v))
}

// binaryValue decodes base64, padded or not.
func (d *jaegerDec) binaryValue(v *jaegerValue) (model.Value, error) {
	enc := base64.StdEncoding
	if len(v.text)%4 != 0 {
		enc = base64.RawStdEncoding
	}
	buf := make([]byte, enc.DecodedLen(len(v.text)))
	n, err := enc.Decode(buf, v.text)
	if err != nil {
		return model.Value{}, d.valueErr(v, "want base64, got %s", describeValue(v))
	}
	if err := d.st.CheckString(n); err != nil {
		err.(*decode.LimitError).Where = d.s.Path() + ".value"
		return model.Value{}, err
	}
	return model.BytesValue(buf[:n]), nil
}

// valueErr reports a bad value of the tag just read.
func (d *jaegerDec) valueErr(v *jaegerValue, format string, args ...any) error {
	err := d.s.Errorf(format, args...).(*jsonscan.Error)
	err.Path += ".value"
	err.Offset = v.at
	return err
}

// describeValue quotes a bad value for an error message, shortened.
func describeValue(v *jaegerValue) string {
	if v.kind == jsonscan.Bool {
		return strconv.FormatBool(v.b)
	}
	if v.kind == jsonscan.String {
		return jsonscan.Quote(v.text)
	}
	return string(v.text[:min(len(v.text), 40)])
}

// stringValue keeps a string value, enforcing MaxAttrValueBytes.
func (d *jaegerDec) stringValue(b []byte) (model.Value, error) {
	str, err := d.st.AttrValue(d.s, b)
	if err != nil {
		return model.Value{}, err
	}
	return model.StringValue(str), nil
}

// anyValue reads any JSON value as a model value: objects become maps,
// arrays become arrays, and null the empty value.
func (d *jaegerDec) anyValue() (model.Value, error) {
	s, st := d.s, d.st
	switch s.Peek() {
	case jsonscan.Object:
		var kvs []model.Attr
		err := s.Object(func(key []byte) error {
			if len(kvs) >= st.Limits.MaxAttrsPerSpan {
				return st.CheckAttrs(len(kvs)+1, s.Path())
			}
			k, err := st.Value(s, key)
			if err != nil {
				return err
			}
			v, err := d.anyValue()
			kvs = append(kvs, model.Attr{Key: k, Value: v})
			return err
		})
		return model.MapValue(kvs...), err
	case jsonscan.Array:
		var vs []model.Value
		err := s.Array(func(int) error {
			if len(vs) >= st.Limits.MaxAttrsPerSpan {
				return st.CheckAttrs(len(vs)+1, s.Path())
			}
			v, err := d.anyValue()
			vs = append(vs, v)
			return err
		})
		return model.ArrayValue(vs...), err
	case jsonscan.String:
		b, err := s.Str()
		if err != nil {
			return model.Value{}, err
		}
		return d.stringValue(b)
	case jsonscan.Number:
		b, err := s.NumberText()
		return decode.NumberValue(b), err
	case jsonscan.Bool:
		b, err := s.Bool()
		return model.BoolValue(b), err
	}
	if s.Null() {
		return model.Value{}, nil
	}
	return model.Value{}, s.Skip()
}
