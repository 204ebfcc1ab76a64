package ingest

import (
	"testing"

	"github.com/spanlens/spanlens/core/internal/decode"
	"github.com/spanlens/spanlens/core/internal/decode/decodetest"
	"github.com/spanlens/spanlens/core/model"
)

// fuzzLimits are small enough that fuzzed inputs reach every limit.
var fuzzLimits = decodetest.FuzzLimits

// fuzzDecode checks decodetest.Check's invariants on data.
func fuzzDecode(t *testing.T, data []byte, f model.Format, lim decode.Limits) *model.Batch {
	t.Helper()
	return decodetest.Check(t, Decode, data, f, lim)
}

// seedAttr returns the attribute key of sp, failing the test when it is
// missing.
func seedAttr(t *testing.T, sp *model.Span, key string) model.Value {
	t.Helper()
	return decodetest.Attr(t, sp, key)
}

// seedDecode decodes data as format f with default limits.
func seedDecode(t *testing.T, f model.Format, data string) *model.Batch {
	t.Helper()
	return decodetest.Decode(t, Decode, f, data)
}

// seedTestdata reads every file of testdata/<dir>.
func seedTestdata(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	return decodetest.Testdata(t, dir)
}

// seedFuzz fuzzes the decoder of format f from the samples in
// testdata/<dir>.
func seedFuzz(f *testing.F, format model.Format, dir string) { decodetest.Fuzz(f, Decode, format, dir) }

// dumpBatch renders a batch one line per span, for golden files.
func dumpBatch(b *model.Batch) []byte { return decodetest.Dump(b) }
