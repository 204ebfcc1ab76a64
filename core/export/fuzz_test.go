package export_test

import (
	"os"
	"testing"

	"github.com/spanlens/spanlens/core/export"
	"github.com/spanlens/spanlens/core/ingest"
	"github.com/stretchr/testify/require"
)

// FuzzRoundTrip decodes any input in one of the formats; whatever decodes
// must encode to output that decodes again to the same model, and encodes
// to the same bytes. A Chrome input's first encoding chooses new lanes and
// replaces args named like the fields it writes, so for Chrome that holds
// from the second encoding on.
func FuzzRoundTrip(f *testing.F) {
	formats := export.Formats()
	for i, fm := range formats {
		for _, path := range samples(f, fm) {
			data, err := os.ReadFile(path)
			require.NoError(f, err)
			f.Add(byte(i), data)
		}
	}
	f.Fuzz(func(t *testing.T, which byte, data []byte) {
		fm := formats[int(which)%len(formats)]
		b1, err := ingest.Decode(data, ingest.Options{Format: ingest.Format(fm)})
		if err != nil {
			return
		}
		out1 := encode(t, b1, fm)
		b2 := decode(t, out1, fm)
		if fm == export.Chrome {
			out2 := encode(t, b2, fm)
			b3 := decode(t, out2, fm)
			requireSameModel(t, chromeView(b2), chromeView(b3))
			require.Equal(t, string(out2), string(encode(t, b3, fm)))
			return
		}
		requireSameModel(t, b1, b2)
		require.Equal(t, string(out1), string(encode(t, b2, fm)))
	})
}
