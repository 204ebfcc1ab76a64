package model

import (
	"math"
	"strconv"
	"unicode/utf8"
	"unsafe"
)

// ValueType is the type of an attribute value. Types are kept as the source
// format wrote them: an int stays an int, never a stringified number.
type ValueType uint8

const (
	TypeEmpty ValueType = iota
	TypeString
	TypeInt
	TypeDouble
	TypeBool
	TypeBytes
	TypeArray
	TypeMap
)

var typeNames = [...]string{"empty", "string", "int", "double", "bool", "bytes", "array", "map"}

// String returns the lowercase type name, e.g. "int".
func (t ValueType) String() string {
	if int(t) < len(typeNames) {
		return typeNames[t]
	}
	return "empty"
}

// Value is a typed attribute value. The zero Value is empty.
//
// A Value is 16 bytes, one pointer and one word, because a trace holds
// millions of them (an Attr is 32 bytes; it was 56 when Value kept a type,
// a number, a string and a pointer side by side): p is a string's bytes,
// an array's or a map's *composite, or, for an int, a double or a bool, a
// marker in scalarTypes that says which; n is the number, or a string's
// length with the type in its top byte. Values are compared with Equal:
// == would compare where strings live, not what they hold, so the empty
// func array (no bytes) makes it a compile error; reflect.DeepEqual still
// compares addresses.
type Value struct {
	_ [0]func()
	p unsafe.Pointer
	n uint64
}

type composite struct {
	arr []Value
	kvs []Attr
}

// Attr is one key/value attribute.
type Attr struct {
	Key   string
	Value Value
}

// scalarTypes holds one marker byte per type: a Value whose p points at
// scalarTypes[t] is a scalar of type t. No string's bytes can be there.
var scalarTypes [TypeMap + 1]byte

// typeShift places a type in the top byte of n, above a length.
const typeShift = 56

func scalar(t ValueType, bits uint64) Value {
	return Value{p: unsafe.Pointer(&scalarTypes[t]), n: bits}
}

func text(t ValueType, s string) Value {
	if len(s) == 0 {
		return Value{n: uint64(t) << typeShift}
	}
	return Value{p: unsafe.Pointer(unsafe.StringData(s)), n: uint64(t)<<typeShift | uint64(len(s))}
}

func StringValue(s string) Value  { return text(TypeString, s) }
func IntValue(i int64) Value      { return scalar(TypeInt, uint64(i)) }
func DoubleValue(f float64) Value { return scalar(TypeDouble, math.Float64bits(f)) }
func BytesValue(b []byte) Value   { return text(TypeBytes, string(b)) }
func ArrayValue(vs ...Value) Value {
	return Value{p: unsafe.Pointer(&composite{arr: vs}), n: uint64(TypeArray) << typeShift}
}
func MapValue(kvs ...Attr) Value {
	return Value{p: unsafe.Pointer(&composite{kvs: kvs}), n: uint64(TypeMap) << typeShift}
}
func BoolValue(b bool) Value {
	if b {
		return scalar(TypeBool, 1)
	}
	return scalar(TypeBool, 0)
}

// str is the string of a string or bytes value.
func (v Value) str() string {
	return unsafe.String((*byte)(v.p), int(v.n&(1<<typeShift-1)))
}

// comp is the composite of an array or map value.
func (v Value) comp() *composite { return (*composite)(v.p) }

// Type returns the value's type.
func (v Value) Type() ValueType {
	if k := uintptr(v.p) - uintptr(unsafe.Pointer(&scalarTypes[0])); k < uintptr(len(scalarTypes)) {
		return ValueType(k)
	}
	return ValueType(v.n >> typeShift)
}

// Str returns the string of a TypeString value, and "" for other types.
func (v Value) Str() string {
	if v.Type() == TypeString {
		return v.str()
	}
	return ""
}

// Int returns the integer of a TypeInt value, and 0 for other types.
func (v Value) Int() int64 {
	if v.Type() == TypeInt {
		return int64(v.n)
	}
	return 0
}

// Double returns the number of a TypeDouble value, and 0 for other types.
func (v Value) Double() float64 {
	if v.Type() == TypeDouble {
		return math.Float64frombits(v.n)
	}
	return 0
}

// Bool returns the boolean of a TypeBool value, and false for other types.
func (v Value) Bool() bool { return v.Type() == TypeBool && v.n != 0 }

// Bytes returns the bytes of a TypeBytes value, and nil for other types.
func (v Value) Bytes() []byte {
	if v.Type() == TypeBytes {
		return []byte(v.str())
	}
	return nil
}

// Array returns the elements of a TypeArray value, and nil for other types.
func (v Value) Array() []Value {
	if v.Type() == TypeArray {
		return v.comp().arr
	}
	return nil
}

// Map returns the entries of a TypeMap value, and nil for other types.
func (v Value) Map() []Attr {
	if v.Type() == TypeMap {
		return v.comp().kvs
	}
	return nil
}

// Number returns an int or double value as a float64, and whether v was
// numeric. Strings holding a number are accepted too, because several agent
// SDKs write token counts as strings.
func (v Value) Number() (float64, bool) {
	switch v.Type() {
	case TypeInt:
		return float64(int64(v.n)), true
	case TypeDouble:
		return math.Float64frombits(v.n), true
	case TypeString:
		f, err := strconv.ParseFloat(v.str(), 64)
		return f, err == nil
	}
	return 0, false
}

// Equal reports whether v and w have the same type and contents.
func (v Value) Equal(w Value) bool {
	t := v.Type()
	if t != w.Type() {
		return false
	}
	switch t {
	case TypeEmpty:
		return true
	case TypeString, TypeBytes:
		return v.str() == w.str()
	case TypeArray:
		a, b := v.comp().arr, w.comp().arr
		if len(a) != len(b) {
			return false
		}
		for i := range a {
			if !a[i].Equal(b[i]) {
				return false
			}
		}
		return true
	case TypeMap:
		return AttrsEqual(v.comp().kvs, w.comp().kvs)
	}
	return v.n == w.n
}

// AttrsEqual reports whether a and b hold the same attributes in the same
// order.
func AttrsEqual(a, b []Attr) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Key != b[i].Key || !a[i].Value.Equal(b[i].Value) {
			return false
		}
	}
	return true
}

// AsString renders v for display: strings as they are, other scalars in
// their usual text form, bytes as hex, arrays and maps as JSON.
func (v Value) AsString() string {
	if v.Type() == TypeString {
		return v.str()
	}
	return string(v.AppendJSON(nil))
}

// String renders v with its type, e.g. `int 3` or `string "GET"`, for
// tests and debugging.
func (v Value) String() string {
	b := append([]byte(v.Type().String()), ' ')
	return string(v.AppendJSON(b))
}

// AppendJSON appends v to dst as a JSON value. Bytes are written as a hex
// string; non-finite doubles as strings, since JSON has no NaN.
func (v Value) AppendJSON(dst []byte) []byte {
	switch v.Type() {
	case TypeEmpty:
		return append(dst, "null"...)
	case TypeString:
		return AppendJSONString(dst, v.str())
	case TypeInt:
		return strconv.AppendInt(dst, int64(v.n), 10)
	case TypeDouble:
		f := math.Float64frombits(v.n)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return AppendJSONString(dst, strconv.FormatFloat(f, 'g', -1, 64))
		}
		return strconv.AppendFloat(dst, f, 'g', -1, 64)
	case TypeBool:
		return strconv.AppendBool(dst, v.n != 0)
	case TypeBytes:
		dst = append(dst, '"')
		const digits = "0123456789abcdef"
		for i := 0; i < len(v.str()); i++ {
			dst = append(dst, digits[v.str()[i]>>4], digits[v.str()[i]&15])
		}
		return append(dst, '"')
	case TypeArray:
		dst = append(dst, '[')
		for i, e := range v.comp().arr {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = e.AppendJSON(dst)
		}
		return append(dst, ']')
	case TypeMap:
		dst = append(dst, '{')
		for i, kv := range v.comp().kvs {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = AppendJSONString(dst, kv.Key)
			dst = append(dst, ':')
			dst = kv.Value.AppendJSON(dst)
		}
		return append(dst, '}')
	}
	return dst
}

// AppendJSONString appends s to dst as a quoted JSON string. Invalid UTF-8
// is replaced by U+FFFD so the output is always valid JSON.
func AppendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < 0x80 {
			i++
			continue
		}
		if c < 0x80 {
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', "0123456789abcdef"[c>>4], "0123456789abcdef"[c&15])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, "\ufffd"...)
			i++
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// Attrs is a list of attributes with lookup by key.
type Attrs []Attr

// Get returns the value of the first attribute named key.
func (a Attrs) Get(key string) (Value, bool) {
	for i := range a {
		if a[i].Key == key {
			return a[i].Value, true
		}
	}
	return Value{}, false
}
