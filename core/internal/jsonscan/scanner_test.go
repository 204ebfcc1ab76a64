package jsonscan

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPathInErrors(t *testing.T) {
	s := New([]byte(`{"a":[{"b":1},{"b":"x"}]}`))
	err := s.Object(func(k []byte) error {
		return s.Array(func(int) error {
			return s.Object(func(k []byte) error {
				_, err := s.Int64()
				return err
			})
		})
	})
	require.EqualError(t, err, `a[1].b: want an integer, got "x"`)
}

// TestPathCutsLongNames checks that a long member name is shown by its
// first 64 bytes, so that an error under it is not as long as the name.
func TestPathCutsLongNames(t *testing.T) {
	long := strings.Repeat("k", 100)
	s := New([]byte(`{"` + long + `":"x"}`))
	err := s.Object(func([]byte) error {
		_, err := s.Int64()
		return err
	})
	require.EqualError(t, err, strings.Repeat("k", 64)+`...: want an integer, got "x"`)
}

func TestStrings(t *testing.T) {
	tests := []struct {
		name, in, want, err string
	}{
		{name: "plain", in: `"abc"`, want: "abc"},
		{name: "escapes", in: `"a\"b\\c\/\n\t"`, want: "a\"b\\c/\n\t"},
		{name: "unicode", in: `"\u00e9\ud83d\ude00"`, want: "é😀"},
		{name: "lone surrogate", in: `"\ud83d"`, want: "\ufffd"},
		{name: "raw utf8", in: `"héllo"`, want: "héllo"},
		{name: "invalid utf8", in: "\"a\xffb\"", err: "offset 1: invalid UTF-8 in string"},
		{name: "control", in: "\"a\nb\"", err: "offset 2: control character 0x0a in string"},
		{name: "truncated", in: `"abc`, err: "offset 4: unterminated string (truncated?)"},
		{name: "bad escape", in: `"\q"`, err: `offset 1: bad escape \q`},
		{name: "not a string", in: `12`, err: "offset 0: want string, got number"},
		{name: "empty input", in: ``, err: "offset 0: want string, got end of input (truncated?)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := New([]byte(tt.in)).String()
			if tt.err != "" {
				require.EqualError(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestNumbers(t *testing.T) {
	tests := []struct {
		name, in string
		want     int64
		err      string
	}{
		{name: "number", in: `1700000000000000001`, want: 1700000000000000001},
		{name: "string above 2^53 stays exact", in: `"9007199254740993"`, want: 9007199254740993},
		{name: "negative", in: `-42`, want: -42},
		{name: "exponent whole", in: `1.5e3`, want: 1500},
		{name: "fraction", in: `1.5`, err: `offset 0: want an integer, got "1.5"`},
		{name: "leading zero", in: `012`, err: `offset 0: malformed number "012"`},
		{name: "overflow", in: `"99999999999999999999"`, err: `offset 0: want an integer, got "99999999999999999999"`},
		{name: "bool", in: `true`, err: `offset 0: want number, got boolean`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := New([]byte(tt.in)).Int64()
			if tt.err != "" {
				require.EqualError(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
	f, err := New([]byte(`"1.25"`)).Float64()
	require.NoError(t, err)
	assert.Equal(t, 1.25, f)
}

func TestSkipAndStructure(t *testing.T) {
	s := New([]byte(` {"x": [1, -2.5e-3, "s", true, false, null, {"y": {}} , []], "z": 3} `))
	var z int64
	err := s.Object(func(k []byte) error {
		if string(k) == "z" {
			var err error
			z, err = s.Int64()
			return err
		}
		return s.Skip()
	})
	require.NoError(t, err)
	require.NoError(t, s.End())
	assert.Equal(t, int64(3), z)

	for in, want := range map[string]string{
		// A bad or missing member name is reported at its object, naming
		// the member before it; an error in a value names its member.
		`{"a":1,}`:          `offset 7: want member name after "a", got "}"`,
		`{"a":1,`:           `offset 7: want member name after "a", got end of input`,
		`{"x":{"a":1,}}`:    `x: want member name after "a", got "}}"`,
		`[{"a":1,"b":2,3}]`: `[0]: want member name after "b", got "3}]"`,
		`{"x":{1:2}}`:       `x: want member name, got "1:2}}"`,
		`{"a":1,"b\q":2}`:   `offset 9: member name: bad escape \q`,
		`{"a" 1}`:           `offset 5: want ':' after member name "a", got "1}"`,
		`{"x":{"a" 1}}`:     `x: want ':' after member name "a", got "1}}"`,
		`{"a":1,"b":tru}`:   `b: want boolean, got "tru}"`,
		`[1 2]`:             `[0]: want ',' or ']', got "2]"`,
		`{"a":[1,2`:         `a[1]: want ',' or ']', got end of input (truncated?)`,
		`{"a":1} x`:         `offset 8: unexpected "x" after the top-level value`,
		`{"a":nul}`:         `a: want null, got "nul}"`,
		`[[[[1]]]]`:         `[0][0][0]: nesting deeper than 3 levels (raise Limits.MaxDepth)`,
		`{"a":tru}`:         `a: want boolean, got "tru}"`,
		`{"a":-}`:           `a: malformed number "-}"`,
		`{"a":1.e5}`:        `a: malformed number "1.e5}"`,
	} {
		s := New([]byte(in))
		s.SetMaxDepth(3)
		err := s.Skip()
		if err == nil {
			err = s.End()
		}
		assert.EqualError(t, err, want, in)
	}
}

func FuzzSkip(f *testing.F) {
	for _, seed := range []string{`{"a":[1,"b",{"c":null}]}`, `[1.5e10,-0,"\u0041"]`, `"\ud800\udc00"`, `{`} {
		f.Add([]byte(seed))
	}
	// The oracle is encoding/json.Valid, except that the scanner rejects
	// invalid UTF-8 on purpose (Valid takes it), so there it may only be
	// stricter.
	f.Fuzz(func(t *testing.T, data []byte) {
		s := New(data)
		s.SetMaxDepth(10000) // encoding/json's bound, not ours
		ok := s.Skip() == nil && s.End() == nil
		switch valid := json.Valid(data); {
		case ok && !valid:
			t.Fatalf("accepted what encoding/json rejects: %q", data)
		case !ok && valid && utf8.Valid(data):
			t.Fatalf("rejected valid JSON: %q", data)
		}
	})
}

func TestOpenEndedArray(t *testing.T) {
	tests := []struct {
		name, in string
		want     []int64
		err      string
	}{
		{name: "closed", in: `[1,2]`, want: []int64{1, 2}},
		{name: "empty closed", in: ` [ ] `, want: nil},
		{name: "unclosed", in: `[1,2`, want: []int64{1, 2}},
		{name: "unclosed after comma", in: "[1,2,\n", want: []int64{1, 2}},
		{name: "only bracket", in: `[`, want: nil},
		{name: "truncated element", in: `[1,"ab`, err: `[1]: unterminated string (truncated?)`},
		{name: "comma before bracket", in: `[1,]`, err: `[1]: want number, got "]"`},
		{name: "garbage", in: `[1 2`, err: `[0]: want ',' or ']', got "2"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New([]byte(tt.in))
			var got []int64
			err := s.OpenEndedArray(func(int) error {
				v, err := s.Int64()
				got = append(got, v)
				return err
			})
			if err == nil {
				err = s.End()
			}
			if tt.err != "" {
				require.EqualError(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}
