package structjson

import (
	"encoding"
	"errors"
	"math"
	"reflect"
	"slices"
	"strconv"
	"sync"

	"github.com/spanlens/spanlens/core/internal/encode"
	"github.com/spanlens/spanlens/core/model"
)

// Marshaler is a type that writes its own JSON, as encoding/json.Marshaler.
type Marshaler interface {
	MarshalJSON() ([]byte, error)
}

var (
	marshalerType     = reflect.TypeFor[Marshaler]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
)

// maxDepth bounds nesting while writing, so that a cycle through pointers
// is an error rather than a stack overflow.
const maxDepth = 1000

// Marshal returns the JSON of v. It writes into a buffer kept for the
// next call and returns a copy of the exact size, as encoding/json does:
// growing a fresh buffer by doubling cost more than the writing.
func Marshal(v any) ([]byte, error) {
	bp := buffers.Get().(*[]byte)
	b, err := Append((*bp)[:0], v)
	out := append([]byte(nil), b...)
	if cap(b) <= maxPooled {
		*bp = b
		buffers.Put(bp)
	}
	return out, err
}

var buffers = sync.Pool{New: func() any { return new([]byte) }}

// maxPooled is the largest buffer kept: one huge result should not pin
// its memory for the rest of the session.
const maxPooled = 16 << 20

// Append appends the JSON of v to dst.
func Append(dst []byte, v any) ([]byte, error) {
	if v == nil {
		return append(dst, "null"...), nil
	}
	rv := reflect.ValueOf(v)
	return encoderFor(rv.Type())(dst, rv, 0)
}

// encoderFunc appends the JSON of v, a value of the type it was made for.
type encoderFunc func(dst []byte, v reflect.Value, depth int) ([]byte, error)

// An encoder is made once per type, as encoding/json does: deciding a
// type's encoding for each value (its methods, its fields) would take
// three times as long as writing it.
var (
	encoders sync.Map // reflect.Type → encoderFunc, published when complete
	building struct {
		sync.Mutex
		types map[reflect.Type]*encoderFunc // being made; a recursive type finds itself here
	}
)

func encoderFor(t reflect.Type) encoderFunc {
	if f, ok := encoders.Load(t); ok {
		return f.(encoderFunc)
	}
	building.Lock()
	defer building.Unlock()
	return encoderLocked(t)
}

func encoderLocked(t reflect.Type) encoderFunc {
	if f, ok := encoders.Load(t); ok {
		return f.(encoderFunc)
	}
	if p, ok := building.types[t]; ok {
		return func(dst []byte, v reflect.Value, depth int) ([]byte, error) { return (*p)(dst, v, depth) }
	}
	if building.types == nil {
		building.types = map[reflect.Type]*encoderFunc{}
	}
	f := new(encoderFunc)
	building.types[t] = f
	*f = newEncoder(t)
	delete(building.types, t)
	encoders.Store(t, *f)
	return *f
}

func newEncoder(t reflect.Type) encoderFunc {
	switch {
	case t.Implements(marshalerType):
		return nilOr(t, func(dst []byte, v reflect.Value, _ int) ([]byte, error) {
			b, err := v.Interface().(Marshaler).MarshalJSON()
			return append(dst, b...), err
		})
	case t.Implements(textMarshalerType):
		return nilOr(t, func(dst []byte, v reflect.Value, _ int) ([]byte, error) {
			b, err := v.Interface().(encoding.TextMarshaler).MarshalText()
			return model.AppendJSONString(dst, string(b)), err
		})
	}
	switch t.Kind() {
	case reflect.Bool:
		return func(dst []byte, v reflect.Value, _ int) ([]byte, error) {
			return strconv.AppendBool(dst, v.Bool()), nil
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return func(dst []byte, v reflect.Value, _ int) ([]byte, error) {
			return strconv.AppendInt(dst, v.Int(), 10), nil
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return func(dst []byte, v reflect.Value, _ int) ([]byte, error) {
			return strconv.AppendUint(dst, v.Uint(), 10), nil
		}
	case reflect.Float32, reflect.Float64:
		bits := t.Bits()
		return func(dst []byte, v reflect.Value, _ int) ([]byte, error) { return appendFloat(dst, v.Float(), bits) }
	case reflect.String:
		return func(dst []byte, v reflect.Value, _ int) ([]byte, error) {
			return model.AppendJSONString(dst, v.String()), nil
		}
	case reflect.Interface:
		return func(dst []byte, v reflect.Value, depth int) ([]byte, error) {
			if v.IsNil() {
				return append(dst, "null"...), nil
			}
			e := v.Elem()
			return encoderFor(e.Type())(dst, e, depth+1)
		}
	case reflect.Pointer:
		elem := encoderLocked(t.Elem())
		return func(dst []byte, v reflect.Value, depth int) ([]byte, error) {
			if v.IsNil() {
				return append(dst, "null"...), nil
			}
			if depth > maxDepth {
				return dst, errors.New("structjson: nesting deeper than 1000 levels (a cycle?)")
			}
			return elem(dst, v.Elem(), depth+1)
		}
	case reflect.Struct:
		return structEncoder(t)
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			return unsupported("map key type " + t.Key().String())
		}
		return mapEncoder(t)
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 && !t.Elem().Implements(marshalerType) && !t.Elem().Implements(textMarshalerType) {
			return func(dst []byte, v reflect.Value, _ int) ([]byte, error) {
				if v.IsNil() {
					return append(dst, "null"...), nil
				}
				return encode.AppendBase64(dst, v.Bytes()), nil
			}
		}
		list := listEncoder(t)
		return func(dst []byte, v reflect.Value, depth int) ([]byte, error) {
			if v.IsNil() {
				return append(dst, "null"...), nil
			}
			return list(dst, v, depth)
		}
	case reflect.Array:
		return listEncoder(t)
	}
	return unsupported("type " + t.String())
}

// nilOr writes null for a nil pointer or interface, which has no method
// to call, and calls f otherwise.
func nilOr(t reflect.Type, f encoderFunc) encoderFunc {
	if t.Kind() != reflect.Pointer && t.Kind() != reflect.Interface {
		return f
	}
	return func(dst []byte, v reflect.Value, depth int) ([]byte, error) {
		if v.IsNil() {
			return append(dst, "null"...), nil
		}
		return f(dst, v, depth)
	}
}

func unsupported(what string) encoderFunc {
	err := errors.New("structjson: unsupported " + what)
	return func(dst []byte, _ reflect.Value, _ int) ([]byte, error) { return dst, err }
}

func listEncoder(t reflect.Type) encoderFunc {
	elem := encoderLocked(t.Elem())
	return func(dst []byte, v reflect.Value, depth int) ([]byte, error) {
		dst = append(dst, '[')
		for i := range v.Len() {
			if i > 0 {
				dst = append(dst, ',')
			}
			var err error
			if dst, err = elem(dst, v.Index(i), depth+1); err != nil {
				return dst, err
			}
		}
		return append(dst, ']'), nil
	}
}

func structEncoder(t reflect.Type) encoderFunc {
	type member struct {
		field
		enc encoderFunc
	}
	fs := fields(t)
	ms := make([]member, len(fs))
	for i, f := range fs {
		ms[i] = member{f, encoderLocked(t.FieldByIndex(f.index).Type)}
	}
	return func(dst []byte, v reflect.Value, depth int) ([]byte, error) {
		dst = append(dst, '{')
		first := true
		for i := range ms {
			m := &ms[i]
			var fv reflect.Value
			if len(m.index) == 1 {
				fv = v.Field(m.index[0])
			} else if fv = fieldByIndex(v, m.index); !fv.IsValid() {
				continue
			}
			if m.omitEmpty && isEmpty(fv) {
				continue
			}
			if !first {
				dst = append(dst, ',')
			}
			first = false
			dst = append(dst, m.key...)
			var err error
			if dst, err = m.enc(dst, fv, depth+1); err != nil {
				return dst, err
			}
		}
		return append(dst, '}'), nil
	}
}

// fieldByIndex is v.FieldByIndex, except that a field behind a nil
// embedded pointer is absent (encoding/json skips it): the zero Value.
func fieldByIndex(v reflect.Value, index []int) reflect.Value {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return reflect.Value{}
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v
}

func mapEncoder(t reflect.Type) encoderFunc {
	kt := t.Key()
	elem := encoderLocked(t.Elem())
	return func(dst []byte, v reflect.Value, depth int) ([]byte, error) {
		if v.IsNil() {
			return append(dst, "null"...), nil
		}
		// Keys are sorted as plain strings, which the module sorts elsewhere
		// too: one more sort instantiation would cost more code than this.
		keys := make([]string, 0, v.Len())
		for it := v.MapRange(); it.Next(); {
			keys = append(keys, it.Key().String())
		}
		slices.Sort(keys)
		dst = append(dst, '{')
		for i, k := range keys {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = model.AppendJSONString(dst, k)
			dst = append(dst, ':')
			var err error
			if dst, err = elem(dst, v.MapIndex(reflect.ValueOf(k).Convert(kt)), depth+1); err != nil {
				return dst, err
			}
		}
		return append(dst, '}'), nil
	}
}

// appendFloat writes f as encoding/json does: the shortest decimal that
// reads back as f, in exponent form only below 1e-6 or from 1e21 up, with
// a two-digit exponent's leading zero dropped (1e-07 → 1e-7).
func appendFloat(dst []byte, f float64, bits int) ([]byte, error) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return dst, errors.New("structjson: unsupported value " + strconv.FormatFloat(f, 'g', -1, bits))
	}
	format := byte('f')
	if a := math.Abs(f); a != 0 {
		if bits == 64 && (a < 1e-6 || a >= 1e21) || bits == 32 && (float32(a) < 1e-6 || float32(a) >= 1e21) {
			format = 'e'
		}
	}
	dst = strconv.AppendFloat(dst, f, format, -1, bits)
	if format == 'e' {
		if n := len(dst); n >= 4 && dst[n-4] == 'e' && dst[n-3] == '-' && dst[n-2] == '0' {
			dst[n-2] = dst[n-1]
			dst = dst[:n-1]
		}
	}
	return dst, nil
}

// isEmpty is encoding/json's test for omitempty.
func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool:
		return !v.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() == 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() == 0
	case reflect.Float32, reflect.Float64:
		return v.Float() == 0
	case reflect.Interface, reflect.Pointer:
		return v.IsNil()
	}
	return false
}
