package otlpjson

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// FuzzPrefix cuts documents (the samples, or anything) at a fuzzed
// offset: a prefix is the input up to a cut plus the brackets that close
// it, never longer. (A cut between two links, which the pattern cannot
// tell from two spans, makes a prefix that fails to decode: the preview
// is then skipped, so decoding is not asked of it here.)
func FuzzPrefix(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("..", "..", "..", "testdata", "otlp-json", "*.json"))
	require.NoError(f, err)
	for _, name := range files {
		data, err := os.ReadFile(name)
		require.NoError(f, err)
		f.Add(data, uint32(len(data)/2))
	}
	f.Fuzz(func(t *testing.T, data []byte, cut uint32) {
		data = data[:int(cut)%(len(data)+1)]
		p := prefix(data)
		if p == nil {
			return
		}
		body, ok := bytes.CutSuffix(p, []byte("]}]}]}"))
		if !ok {
			body, ok = bytes.CutSuffix(p, []byte("]}"))
		}
		if !ok || !bytes.HasPrefix(data, body) || !bytes.HasPrefix(body, otlpJSONHead) {
			t.Fatalf("prefix %q is not a start of %q closed", p, data)
		}
	})
}
