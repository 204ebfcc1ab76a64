package otlpjson

import (
	"testing"

	"github.com/spanlens/spanlens/core/format"
	"github.com/spanlens/spanlens/core/internal/decode"
	"github.com/spanlens/spanlens/core/internal/decode/decodetest"
	"github.com/spanlens/spanlens/core/model"
)

// testDecode decodes data as core/ingest does, with this package's codec.
func testDecode(data []byte, opts decode.Options) (*model.Batch, error) {
	return format.Decode(Codec, data, opts)
}

// fuzzDecode checks decodetest.Check's invariants on data.
func fuzzDecode(t *testing.T, data []byte, f model.Format, lim decode.Limits) *model.Batch {
	t.Helper()
	return decodetest.Check(t, testDecode, data, f, lim)
}

// seedDecode decodes data as format f with default limits.
func seedDecode(t *testing.T, f model.Format, data string) *model.Batch {
	t.Helper()
	return decodetest.Decode(t, testDecode, f, data)
}

// seedTestdata reads every file of testdata/<dir>.
func seedTestdata(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	return decodetest.Testdata(t, dir)
}

// dumpBatch renders a batch one line per span, for golden files.
func dumpBatch(b *model.Batch) []byte { return decodetest.Dump(b) }
