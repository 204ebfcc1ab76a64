package ingest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/spanlens/spanlens/core/internal/decode"
	"github.com/spanlens/spanlens/core/internal/decode/decodetest"
	"github.com/spanlens/spanlens/core/model"
)

// samples is the module's testdata directory.
var samples = os.DirFS(filepath.Join("..", "..", "testdata"))

// fuzzLimits are small enough that fuzzed inputs reach every limit.
var fuzzLimits = decodetest.FuzzLimits

// fuzzDecode checks decodetest.Check's invariants on data.
func fuzzDecode(t *testing.T, data []byte, f model.Format, lim decode.Limits) *model.Batch {
	t.Helper()
	return decodetest.Check(t, Decode, data, f, lim)
}

// seedTestdata reads every file of testdata/<dir>.
func seedTestdata(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	return decodetest.Testdata(t, samples, dir)
}

// dumpBatch renders a batch one line per span, for golden files.
func dumpBatch(b *model.Batch) []byte { return decodetest.Dump(b) }
