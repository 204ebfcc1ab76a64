package structjson

import (
	"encoding/base64"
	"errors"
	"math"
	"reflect"
	"strconv"

	"github.com/spanlens/spanlens/core/internal/jsonscan"
)

// rawMessageType is read as its bytes. A type's own UnmarshalJSON is not
// called: an interface call to it would keep that method of every type
// the module converts to an interface, and time.Time's brings all of
// time.Parse (19 KB of the gzipped module).
var rawMessageType = reflect.TypeFor[RawMessage]()

// Unmarshal reads the JSON document data into v, a non-nil pointer.
// Members that match no field are skipped.
func Unmarshal(data []byte, v any) error { return unmarshal(data, v, false) }

// UnmarshalStrict is Unmarshal, but a member that matches no field is an
// error (`unknown field "x"`).
func UnmarshalStrict(data []byte, v any) error { return unmarshal(data, v, true) }

func unmarshal(data []byte, v any, strict bool) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return errors.New("structjson: Unmarshal needs a non-nil pointer")
	}
	d := decoder{s: jsonscan.New(data), strict: strict}
	d.s.SetDepthKnob("") // arguments and price files nest a few levels; no option raises the bound
	if err := d.value(rv.Elem()); err != nil {
		return err
	}
	return d.s.End()
}

type decoder struct {
	s      *jsonscan.Scanner
	strict bool
}

func (d *decoder) value(v reflect.Value) error {
	s := d.s
	if v.Type() == rawMessageType {
		raw, err := s.Raw()
		if err != nil {
			return err
		}
		v.SetBytes(append([]byte(nil), raw...))
		return nil
	}
	if s.Peek() == jsonscan.Null {
		s.Null()
		switch v.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
			v.SetZero()
		}
		return nil
	}
	switch v.Kind() {
	case reflect.Bool:
		b, err := s.Bool()
		v.SetBool(b)
		return err
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if s.Peek() != jsonscan.Number {
			return d.want("an integer")
		}
		n, err := s.Int64()
		if err != nil {
			return err
		}
		if v.OverflowInt(n) {
			return s.Errorf("%d overflows %s", n, v.Type())
		}
		v.SetInt(n)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if s.Peek() != jsonscan.Number {
			return d.want("an unsigned integer")
		}
		at := s.Offset()
		n, err := s.Int64()
		if err == nil && n < 0 {
			err = s.Errorf("want an unsigned integer, got %d", n)
		}
		if err != nil {
			s.Consumed(at)
			u, uerr := s.Uint64() // beyond int64
			if uerr != nil {
				return err
			}
			if v.OverflowUint(u) {
				return s.Errorf("%d overflows %s", u, v.Type())
			}
			v.SetUint(u)
			return nil
		}
		if v.OverflowUint(uint64(n)) {
			return s.Errorf("%d overflows %s", n, v.Type())
		}
		v.SetUint(uint64(n))
	case reflect.Float32, reflect.Float64:
		if s.Peek() != jsonscan.Number {
			return d.want("a number")
		}
		f, err := s.Float64()
		if err != nil {
			return err
		}
		if v.OverflowFloat(f) || math.IsInf(f, 0) {
			return s.Errorf("%s overflows %s", strconv.FormatFloat(f, 'g', -1, 64), v.Type())
		}
		v.SetFloat(f)
	case reflect.String:
		if s.Peek() != jsonscan.String {
			return d.want("a string")
		}
		str, err := s.String()
		v.SetString(str)
		return err
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		return d.value(v.Elem())
	case reflect.Struct:
		return d.object(v)
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			if s.Peek() != jsonscan.String {
				return d.want("a base64 string")
			}
			str, err := s.Str()
			if err != nil {
				return err
			}
			b, err := base64.StdEncoding.AppendDecode(nil, str)
			if err != nil {
				return s.Errorf("want a base64 string: %v", err)
			}
			v.SetBytes(b)
			return nil
		}
		if s.Peek() != jsonscan.Array {
			return d.want("an array")
		}
		if v.IsNil() {
			v.Set(reflect.MakeSlice(v.Type(), 0, 0))
		}
		v.SetLen(0)
		return s.Array(func(i int) error {
			v.Grow(1)
			v.SetLen(i + 1)
			return d.value(v.Index(i))
		})
	case reflect.Array:
		if s.Peek() != jsonscan.Array {
			return d.want("an array")
		}
		err := s.Array(func(i int) error {
			if i >= v.Len() {
				return s.Errorf("want at most %d elements", v.Len())
			}
			return d.value(v.Index(i))
		})
		return err
	default:
		return s.Errorf("structjson: cannot read into %s", v.Type())
	}
	return nil
}

// want reports a value of the wrong JSON type, or the syntax error that
// is not a value at all, as the scanner describes it.
func (d *decoder) want(what string) error {
	k := d.s.Peek()
	if k == jsonscan.Invalid {
		if err := d.s.Skip(); err != nil {
			return err
		}
	}
	return d.s.Errorf("want %s, got %s", what, k)
}

func (d *decoder) object(v reflect.Value) error {
	s := d.s
	if s.Peek() != jsonscan.Object {
		return d.want("an object")
	}
	fs := fields(v.Type())
	var path string // the object's own, for an unknown member
	if d.strict {
		path = s.Path()
	}
	return s.Object(func(key []byte) error {
		f := lookup(fs, key)
		if f == nil {
			if d.strict {
				msg := "unknown field " + jsonscan.Quote(key)
				if path == "" {
					return errors.New(msg)
				}
				return &jsonscan.Error{Path: path, Offset: s.Offset(), Msg: msg}
			}
			return s.Skip()
		}
		fv, ok := allocField(v, f.index)
		if !ok {
			return s.Errorf("structjson: cannot fill %s through its nil unexported embedded pointer", v.Type())
		}
		return d.value(fv)
	})
}

// allocField is v.FieldByIndex, allocating nil embedded pointers on the
// way; false when one of them is of an unexported type, which reflect
// cannot set (encoding/json refuses it too).
func allocField(v reflect.Value, index []int) (reflect.Value, bool) {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				if !v.CanSet() {
					return reflect.Value{}, false
				}
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v, true
}

// RawMessage is a JSON value kept as its bytes, as encoding/json's.
type RawMessage []byte

// MarshalJSON returns m, or null for none.
func (m RawMessage) MarshalJSON() ([]byte, error) {
	if m == nil {
		return []byte("null"), nil
	}
	return m, nil
}

// Field returns the field of the addressable struct s that the member
// name reads into, allocating nil embedded pointers on the way, as
// reading that member would; false when no field has that name, or it
// cannot be reached.
func Field(s reflect.Value, name string) (reflect.Value, bool) {
	f := lookup(fields(s.Type()), []byte(name))
	if f == nil {
		return reflect.Value{}, false
	}
	return allocField(s, f.index)
}
