package jaeger

import (
	"os"
	"path/filepath"
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

// samples is the module's testdata directory.
var samples = os.DirFS(filepath.Join("..", "..", "..", "testdata"))

// fuzzLimits are small enough that fuzzed inputs reach every limit.
var fuzzLimits = decodetest.FuzzLimits

// fuzzDecode checks decodetest.Check's invariants on data.
func fuzzDecode(t *testing.T, data []byte, f model.Format, lim decode.Limits) *model.Batch {
	t.Helper()
	return decodetest.Check(t, testDecode, data, f, lim)
}

// smallSeeds returns the files of testdata/<dir> of at most max bytes.
func smallSeeds(f *testing.F, dir string, max int) [][]byte {
	return decodetest.SmallSeeds(f, samples, dir, max)
}

// readFormatSample reads testdata/<format>/<name>.
func readFormatSample(t testing.TB, format, name string) []byte {
	t.Helper()
	return decodetest.Sample(t, samples, format, name)
}

// spanIDHex parses a hex span id.
func spanIDHex(s string) model.SpanID { return decodetest.SpanID(s) }

// traceIDHex parses a hex trace id.
func traceIDHex(s string) model.TraceID { return decodetest.TraceID(s) }

// strV is a string value.
func strV(s string) model.Value { return decodetest.Str(s) }

// checkBatchIndexes checks that every span's resource and scope index is
// valid.
func checkBatchIndexes(t *testing.T, b *model.Batch) {
	t.Helper()
	decodetest.CheckIndexes(t, b)
}
