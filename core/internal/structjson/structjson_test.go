package structjson

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type role int

func (r role) MarshalText() ([]byte, error) { return []byte([]string{"agent", "llm"}[r]), nil }

type raw []byte

func (r raw) MarshalJSON() ([]byte, error) { return r, nil }

type inner struct {
	A int    `json:"a"`
	B string `json:"b,omitempty"`
}

type rates struct {
	Input  *float64 `json:"input"`
	Output *float64 `json:"output"`
}

type outer struct {
	inner
	rates
	Name    string             `json:"name"`
	B       int                `json:"b"` // hides inner.B
	Skip    int                `json:"-"`
	hidden  int                //nolint:unused // unexported: never written
	Plain   bool               // no tag: its Go name
	Ptr     *inner             `json:"ptr"`
	NilPtr  *inner             `json:"nilPtr"`
	Omitted *inner             `json:"omitted,omitempty"`
	List    []int32            `json:"list"`
	NilList []int32            `json:"nilList"`
	Empty   []string           `json:"empty,omitempty"`
	Pair    [2]float64         `json:"pair"`
	Map     map[string]any     `json:"map"`
	NilMap  map[string]int     `json:"nilMap"`
	Bytes   []byte             `json:"bytes"`
	Role    role               `json:"role"`
	Roles   map[string]role    `json:"roles"`
	Raw     raw                `json:"raw"`
	Any     any                `json:"any"`
	Floats  []float64          `json:"floats"`
	F32     float32            `json:"f32"`
	Uints   []uint64           `json:"uints"`
	Text    string             `json:"text"`
	Nested  map[string][]inner `json:"nested"`
}

func sample() outer {
	in, out := 2.5, 10.0
	return outer{
		inner: inner{A: 1, B: "hidden by outer.B"},
		rates: rates{Input: &in, Output: &out},
		Name:  "gpt-4o", B: 7, Skip: 9, hidden: 3, Plain: true,
		Ptr: &inner{A: 2}, List: []int32{1, -2, math.MaxInt32}, Empty: []string{},
		Pair:  [2]float64{0.5, -1e300},
		Map:   map[string]any{"z": 1, "a": "x", "m": []any{true, nil}},
		Bytes: []byte("\x00\xffhi"), Role: 1, Roles: map[string]role{"b": 0, "a": 1},
		Raw: raw(`{"k":[1,2]}`), Any: map[string]any{"n": 3.25},
		Floats: []float64{0, 1, -0.0000001, 1e-6, 123456789, 1e20, 1e21, 1.5e-300, 0.1 + 0.2},
		F32:    0.1, Uints: []uint64{0, math.MaxUint64},
		Text:   "quote \" backslash \\ tab \t nl \n ctl \x01 é ✓ \u2028",
		Nested: map[string][]inner{"x": {{A: 1}, {B: "y"}}},
	}
}

// TestAppendMatchesEncodingJSON: what Append writes reads back as
// exactly what encoding/json writes for the same value.
func TestAppendMatchesEncodingJSON(t *testing.T) {
	v := sample()
	got, err := Append(nil, v)
	require.NoError(t, err)
	want, err := json.Marshal(v)
	require.NoError(t, err)
	var g, w any
	require.NoError(t, json.Unmarshal(got, &g), string(got))
	require.NoError(t, json.Unmarshal(want, &w))
	assert.Equal(t, w, g)
	// Member order and number text are encoding/json's too: only string
	// escaping may differ, and this value's strings differ only in U+2028.
	assert.Equal(t, string(want), replaceLS(string(got)))
	m, err := Marshal(v)
	require.NoError(t, err)
	assert.Equal(t, string(got), string(m), "Marshal writes what Append does")
}

// TestFirstUseConcurrent: goroutines that meet a type at once all get
// its complete encoder, never one still being made.
func TestFirstUseConcurrent(t *testing.T) {
	type tree struct {
		Name string  `json:"name"`
		Kids []*tree `json:"kids,omitempty"`
	}
	v := &tree{Name: "a", Kids: []*tree{{Name: "b"}, {Name: "c", Kids: []*tree{{Name: "d"}}}}}
	const want = `{"name":"a","kids":[{"name":"b"},{"name":"c","kids":[{"name":"d"}]}]}`
	var wg sync.WaitGroup
	got := make([]string, 8)
	for i := range got {
		wg.Go(func() {
			b, err := Marshal(v)
			assert.NoError(t, err)
			got[i] = string(b)
		})
	}
	wg.Wait()
	for _, g := range got {
		assert.Equal(t, want, g)
	}
}

func replaceLS(s string) string {
	out := []rune{}
	for _, r := range s {
		if r == '\u2028' {
			out = append(out, []rune(`\u2028`)...)
			continue
		}
		out = append(out, r)
	}
	return string(out)
}

func TestAppendFloats(t *testing.T) {
	for _, tt := range []struct {
		f    float64
		want string
	}{
		{0, "0"}, {1, "1"}, {-2.5, "-2.5"}, {1e-7, "1e-7"}, {1e-6, "0.000001"},
		{1e20, "100000000000000000000"}, {1e21, "1e+21"}, {1.5e-300, "1.5e-300"},
	} {
		got, err := Append(nil, tt.f)
		require.NoError(t, err)
		assert.Equal(t, tt.want, string(got), tt.f)
	}
	got, err := Append(nil, float32(0.1))
	require.NoError(t, err)
	assert.Equal(t, "0.1", string(got))
	for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		_, err := Append(nil, struct{ F float64 }{f})
		assert.ErrorContains(t, err, "unsupported value")
	}
}

func TestAppendErrors(t *testing.T) {
	_, err := Append(nil, map[int]int{1: 2})
	assert.ErrorContains(t, err, "unsupported map key type int")
	_, err = Append(nil, struct{ C chan int }{})
	assert.ErrorContains(t, err, "unsupported type chan int")
	type node struct{ Next *node }
	n := &node{}
	n.Next = n
	_, err = Append(nil, n)
	assert.ErrorContains(t, err, "nesting deeper than 1000 levels")
}

// testArgs is shaped as the engine's arguments and the price file are:
// embedded structs, pointers, lists, unsigned and small ints, bytes.
type testArgs struct {
	inner
	rates
	View     string              `json:"view"`
	Trace    int                 `json:"trace"`
	Width    float64             `json:"width"`
	Selected *int32              `json:"selected"`
	List     []int32             `json:"list"`
	Names    []string            `json:"names"`
	Other    uint32              `json:"other"`
	Big      uint64              `json:"big"`
	On       bool                `json:"on"`
	Pair     [2]int8             `json:"pair"`
	Bytes    []byte              `json:"bytes"`
	Limits   struct{ Max int64 } `json:"limits"`
	Tiers    []struct {
		Above int64 `json:"above"`
		rates
	} `json:"tiers"`
}

func TestUnmarshalRoundTrip(t *testing.T) {
	in := `{"a": 4, "input": 1.5, "view": "flame", "trace": -1, "width": 800.5,
		"selected": 3, "list": [1, 2, 3], "names": [], "other": 4294967295,
		"big": 18446744073709551615, "on": true, "pair": [1, 2], "bytes": "AP9oaQ==",
		"tiers": [{"above": 200000, "output": 20}]}`
	var a testArgs
	require.NoError(t, UnmarshalStrict([]byte(in), &a))
	var w testArgs
	require.NoError(t, json.Unmarshal([]byte(in), &w))
	assert.Equal(t, w, a)
	assert.Equal(t, 4, a.A)
	assert.Equal(t, 1.5, *a.Input)
	assert.Nil(t, a.Output)
	assert.Equal(t, int32(3), *a.Selected)
	assert.Equal(t, []string{}, a.Names)
	assert.Equal(t, uint64(math.MaxUint64), a.Big)
	assert.Equal(t, 20.0, *a.Tiers[0].Output)
}

func TestUnmarshalNull(t *testing.T) {
	v := struct {
		P *int  `json:"p"`
		L []int `json:"l"`
		N int   `json:"n"`
	}{P: new(int), L: []int{1}, N: 5}
	require.NoError(t, Unmarshal([]byte(`{"p": null, "l": null, "n": null}`), &v))
	assert.Nil(t, v.P)
	assert.Nil(t, v.L)
	assert.Equal(t, 5, v.N, "null leaves a number as it was, as encoding/json does")
}

func TestUnmarshalErrors(t *testing.T) {
	type lim struct {
		MaxBytes int64 `json:"maxBytes"`
	}
	type args struct {
		Width  float64 `json:"width"`
		Rows   int32   `json:"rows"`
		Other  uint32  `json:"other"`
		List   []int32 `json:"list"`
		View   string  `json:"view"`
		Limits lim     `json:"limits"`
		Pair   [1]int  `json:"pair"`
	}
	for _, tt := range []struct{ in, want string }{
		{`{"fromat": 1}`, `unknown field "fromat"`},
		{`{"limits": {"maxByte": 1}}`, `limits: unknown field "maxByte"`},
		{`{"width": "800"}`, `width: want a number, got string`},
		{`{"rows": 2147483648}`, `rows: 2147483648 overflows int32`},
		{`{"rows": 1.5}`, `rows: want an integer, got "1.5"`},
		{`{"other": -1}`, `other: want an unsigned integer, got -1`},
		{`{"other": 4294967296}`, `other: 4294967296 overflows uint32`},
		{`{"list": [1, "2"]}`, `list[1]: want an integer, got string`},
		{`{"list": {}}`, `list: want an array, got object`},
		{`{"view": 1}`, `view: want a string, got number`},
		{`{"pair": [1, 2]}`, `pair[1]: want at most 1 elements`},
		{`{"width": 1e400}`, `width: want a number, got "1e400"`},
		{`[]`, `want an object, got array`},
		{`{"view": "x"} x`, `unexpected "x" after the top-level value`},
		{`{"view": "x"`, `want ',' or '}', got end of input`},
		{`{"list": [1, }`, `list[1]: want a value, got "}"`},
		{``, `want a value, got end of input`},
	} {
		var a args
		err := UnmarshalStrict([]byte(tt.in), &a)
		if assert.Error(t, err, tt.in) {
			assert.Contains(t, err.Error(), tt.want, tt.in)
		}
	}
	var a args
	assert.NoError(t, Unmarshal([]byte(`{"fromat": {"deep": [1]}, "view": "x"}`), &a), "lenient: unknown members are skipped")
	assert.Equal(t, "x", a.View)
	assert.ErrorContains(t, Unmarshal([]byte(`{}`), a), "non-nil pointer")
	// Past the depth bound, even in a skipped member, with no option named:
	// none raises it for arguments and price files.
	deep := `{"x": ` + strings.Repeat("[", 70) + strings.Repeat("]", 70) + `}`
	err := Unmarshal([]byte(deep), &a)
	if assert.Error(t, err) {
		assert.Contains(t, err.Error(), "nesting deeper than 64 levels")
		assert.NotContains(t, err.Error(), "raise")
	}
}

func TestRawMessage(t *testing.T) {
	in := []byte(`{"cmd": "layout", "args": {"t0": 0, "rows": [1, 2]}, "none": null}`)
	var h struct {
		Cmd  string     `json:"cmd"`
		Args RawMessage `json:"args"`
		None RawMessage `json:"none"`
	}
	require.NoError(t, UnmarshalStrict(in, &h))
	assert.Equal(t, `{"t0": 0, "rows": [1, 2]}`, string(h.Args))
	assert.Equal(t, `null`, string(h.None))
	in[len(`{"cmd": "layout", "args": {"`)] = 'X'
	assert.Equal(t, `{"t0": 0, "rows": [1, 2]}`, string(h.Args), "a copy, not the input")
	out, err := Marshal(h)
	require.NoError(t, err)
	assert.Equal(t, `{"cmd":"layout","args":{"t0": 0, "rows": [1, 2]},"none":null}`, string(out))
}

// Inner is embedded by pointer: exported, so reflect can allocate it.
type Inner struct {
	A int `json:"a"`
}

func TestField(t *testing.T) {
	type args struct {
		*Inner
		List []int32 `json:"list"`
		Go   int
	}
	var a args
	v := reflect.ValueOf(&a).Elem()
	f, ok := Field(v, "list")
	require.True(t, ok)
	f.Set(reflect.ValueOf([]int32{7}))
	assert.Equal(t, []int32{7}, a.List)
	f, ok = Field(v, "a") // inner.A, through a nil embedded pointer it allocates
	require.True(t, ok)
	f.SetInt(3)
	assert.Equal(t, 3, a.Inner.A)
	_, ok = Field(v, "Go")
	assert.True(t, ok, "an untagged field by its Go name")
	for _, name := range []string{"List", "nope", ""} {
		_, ok = Field(v, name)
		assert.False(t, ok, name)
	}
}

// TestUnexportedEmbeddedPointer: a member behind a nil embedded pointer
// of an unexported type is an error, not reflect's panic.
func TestUnexportedEmbeddedPointer(t *testing.T) {
	var v struct{ *inner }
	err := Unmarshal([]byte(`{"a": 1}`), &v)
	assert.ErrorContains(t, err, "cannot fill")
	_, ok := Field(reflect.ValueOf(&v).Elem(), "a")
	assert.False(t, ok)
	v.inner = &inner{}
	require.NoError(t, Unmarshal([]byte(`{"a": 1}`), &v), "allocated already, it is filled")
	assert.Equal(t, 1, v.A)
}
