package chrome

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spanlens/spanlens/core/internal/decode"
	"github.com/spanlens/spanlens/core/internal/decode/decodetest"
)

// FuzzPrefix cuts traces (the samples, or anything) at a fuzzed offset:
// a prefix is the input up to the end of an event plus the brackets that
// close it, valid JSON; cut from a trace that decodes, it decodes too.
func FuzzPrefix(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("..", "..", "..", "testdata", "chrome", "*"))
	require.NoError(f, err)
	for _, name := range files {
		data, err := os.ReadFile(name)
		require.NoError(f, err)
		f.Add(data, uint32(len(data)/2))
	}
	f.Add([]byte(`{"traceEvents":[{"ph":"X","args":{"a":"]},{"}},{"ph"`), uint32(40))
	f.Fuzz(func(t *testing.T, data []byte, cut uint32) {
		whole := data
		data = data[:int(cut)%(len(data)+1)]
		p := prefix(data)
		if p == nil {
			return
		}
		body, ok := bytes.CutSuffix(p, []byte("]}"))
		if !ok {
			body, ok = bytes.CutSuffix(p, []byte("]"))
		}
		if !ok || !bytes.HasPrefix(data, body) {
			t.Fatalf("prefix %q is not a start of %q closed", p, data)
		}
		if !json.Valid(p) {
			t.Fatalf("prefix %q is not JSON", p)
		}
		if _, err := testDecode(whole, decode.Options{Limits: decodetest.FuzzLimits}); err != nil {
			return
		}
		if _, err := testDecode(p, decode.Options{Limits: decodetest.FuzzLimits}); err != nil {
			t.Fatalf("the prefix %q of a trace that decodes does not: %v", p, err)
		}
	})
}
