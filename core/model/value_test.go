package model

import (
	"math"
	"strings"
	"testing"
	"unsafe"
)

func TestValueSize(t *testing.T) {
	// Traces hold millions of attributes: these sizes are the model's
	// memory (docs/benchmarks.md).
	if n := unsafe.Sizeof(Value{}); n != 16 {
		t.Errorf("Value is %d bytes, want 16", n)
	}
	if n := unsafe.Sizeof(Attr{}); n != 32 {
		t.Errorf("Attr is %d bytes, want 32", n)
	}
}

func TestValueKinds(t *testing.T) {
	arr := ArrayValue(IntValue(1), StringValue("x"))
	m := MapValue(Attr{Key: "k", Value: BoolValue(true)})
	for _, c := range []struct {
		v    Value
		typ  ValueType
		text string // String()
	}{
		{Value{}, TypeEmpty, "empty null"},
		{StringValue(""), TypeString, `string ""`},
		{StringValue("GET"), TypeString, `string "GET"`},
		{IntValue(0), TypeInt, "int 0"},
		{IntValue(-42), TypeInt, "int -42"},
		{IntValue(math.MaxInt64), TypeInt, "int 9223372036854775807"},
		{IntValue(math.MinInt64), TypeInt, "int -9223372036854775808"},
		{DoubleValue(1.5), TypeDouble, "double 1.5"},
		{DoubleValue(math.Inf(-1)), TypeDouble, `double "-Inf"`},
		{BoolValue(true), TypeBool, "bool true"},
		{BoolValue(false), TypeBool, "bool false"},
		{BytesValue(nil), TypeBytes, `bytes ""`},
		{BytesValue([]byte{0xde, 0xad}), TypeBytes, `bytes "dead"`},
		{arr, TypeArray, `array [1,"x"]`},
		{m, TypeMap, `map {"k":true}`},
	} {
		if got := c.v.Type(); got != c.typ {
			t.Errorf("%s: Type() = %s, want %s", c.text, got, c.typ)
		}
		if got := c.v.String(); got != c.text {
			t.Errorf("String() = %s, want %s", got, c.text)
		}
	}
}

func TestValueAccessors(t *testing.T) {
	// Each accessor answers for its own type and gives the zero value for
	// every other: an int whose bits look like a string length is no string.
	big := IntValue(1<<56 | 3)
	if big.Str() != "" || big.Int() != 1<<56|3 || big.Type() != TypeInt {
		t.Errorf("int 1<<56|3: Str %q Int %d Type %s", big.Str(), big.Int(), big.Type())
	}
	s := StringValue("hello")
	if s.Str() != "hello" || s.Int() != 0 || s.Double() != 0 || s.Bool() || s.Bytes() != nil || s.Array() != nil || s.Map() != nil {
		t.Errorf("string: wrong accessors")
	}
	if got := DoubleValue(-0.25).Double(); got != -0.25 {
		t.Errorf("Double() = %v", got)
	}
	if !BoolValue(true).Bool() || BoolValue(false).Bool() || IntValue(1).Bool() {
		t.Errorf("Bool() wrong")
	}
	if got := string(BytesValue([]byte("ab")).Bytes()); got != "ab" {
		t.Errorf("Bytes() = %q", got)
	}
	if StringValue("ab").Bytes() != nil || BytesValue([]byte("ab")).Str() != "" {
		t.Errorf("string and bytes values answer for each other")
	}
	if a := ArrayValue(IntValue(7)).Array(); len(a) != 1 || a[0].Int() != 7 {
		t.Errorf("Array() = %v", a)
	}
	if kv := MapValue(Attr{Key: "a", Value: IntValue(2)}).Map(); len(kv) != 1 || kv[0].Key != "a" || kv[0].Value.Int() != 2 {
		t.Errorf("Map() = %v", kv)
	}
	if n, ok := StringValue("12.5").Number(); !ok || n != 12.5 {
		t.Errorf(`Number() of "12.5" = %v, %v`, n, ok)
	}
}

func TestValueEqual(t *testing.T) {
	// Equal compares contents: the same text in two places is equal.
	a := StringValue(strings.Repeat("ab", 3))
	b := StringValue("ab" + strings.Repeat("ab", 2))
	if unsafe.StringData(a.Str()) == unsafe.StringData(b.Str()) {
		t.Fatal("the test wants two copies of the text")
	}
	for _, c := range []struct {
		v, w Value
		want bool
	}{
		{a, b, true},
		{StringValue(""), StringValue(""), true},
		{StringValue(""), Value{}, false},
		{StringValue("1"), IntValue(1), false},
		{StringValue("ab"), BytesValue([]byte("ab")), false},
		{IntValue(1), IntValue(1), true},
		{IntValue(1), IntValue(2), false},
		{IntValue(1), BoolValue(true), false},
		{IntValue(0), DoubleValue(0), false},
		{DoubleValue(2.5), DoubleValue(2.5), true},
		{BoolValue(false), BoolValue(false), true},
		{Value{}, Value{}, true},
		{ArrayValue(a), ArrayValue(b), true},
		{ArrayValue(a), ArrayValue(a, a), false},
		{MapValue(Attr{Key: "k", Value: a}), MapValue(Attr{Key: "k", Value: b}), true},
		{MapValue(Attr{Key: "k", Value: a}), MapValue(Attr{Key: "j", Value: a}), false},
		{ArrayValue(), MapValue(), false},
	} {
		if got := c.v.Equal(c.w); got != c.want {
			t.Errorf("%s.Equal(%s) = %v, want %v", c.v, c.w, got, c.want)
		}
	}
}
