package structjson

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type fuzzArgs struct {
	inner
	View     string              `json:"view"`
	Trace    int                 `json:"trace"`
	Width    float64             `json:"width"`
	Selected *int32              `json:"selected"`
	List     []int32             `json:"list"`
	Names    []string            `json:"names"`
	Other    uint32              `json:"other"`
	On       bool                `json:"on"`
	Pair     [2]int8             `json:"pair"`
	Bytes    []byte              `json:"bytes"`
	Limits   struct{ Max int64 } `json:"limits"`
	Tiers    []*inner            `json:"tiers"`
}

// FuzzUnmarshal: no input panics, and what is read writes back as JSON
// that reads back as the same value.
func FuzzUnmarshal(f *testing.F) {
	for _, s := range []string{
		`{}`, `null`, `{"a": 1, "b": "x", "view": "flame", "trace": -1, "width": 1.5e3}`,
		`{"selected": 3, "list": [1, 2], "names": ["a", "\u00e9"], "other": 4294967295}`,
		`{"on": true, "pair": [127, -128], "bytes": "AP9o", "limits": {"Max": 9007199254740993}}`,
		`{"tiers": [null, {"a": 2}], "unknown": [{"deep": [1, 2, {"x": null}]}]}`,
		`{"list": [2147483648]}`, `{"view": "a\"b\\c\ud83d\ude00"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var a fuzzArgs
		if err := Unmarshal(data, &a); err != nil {
			return
		}
		out, err := Append(nil, a)
		require.NoError(t, err)
		var b fuzzArgs
		require.NoError(t, UnmarshalStrict(out, &b), string(out))
		assert.Equal(t, a, b, string(out))
	})
}
