package structjson

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// FuzzUnmarshal: no input panics, and what is read writes back as JSON
// that reads back as the same value.
func FuzzUnmarshal(f *testing.F) {
	for _, s := range []string{
		`{}`, `null`, `{"a": 1, "b": "x", "view": "flame", "trace": -1, "width": 1.5e3}`,
		`{"selected": 3, "list": [1, 2], "names": ["a", "\u00e9"], "other": 4294967295}`,
		`{"on": true, "pair": [127, -128], "bytes": "AP9o", "limits": {"Max": 9007199254740993}}`,
		`{"tiers": [null, {"above": 2, "input": 1.5}], "unknown": [{"deep": [1, 2, {"x": null}]}]}`,
		`{"list": [2147483648]}`, `{"view": "a\"b\\c\ud83d\ude00"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var a testArgs
		if err := Unmarshal(data, &a); err != nil {
			return
		}
		out, err := Append(nil, a)
		require.NoError(t, err)
		var b testArgs
		require.NoError(t, UnmarshalStrict(out, &b), string(out))
		assert.Equal(t, a, b, string(out))
	})
}
