package spanforge

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

// seedAttr returns the attribute key of sp, failing the test when it is
// missing.
func seedAttr(t *testing.T, sp *model.Span, key string) model.Value {
	t.Helper()
	return decodetest.Attr(t, sp, key)
}

// seedDecode decodes data as format f with default limits.
func seedDecode(t *testing.T, f model.Format, data string) *model.Batch {
	t.Helper()
	return decodetest.Decode(t, testDecode, f, data)
}

// seedTestdata reads every file of testdata/<dir>.
func seedTestdata(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	return decodetest.Testdata(t, samples, dir)
}

// seedFuzz fuzzes the decoder of format f from the samples in
// testdata/<dir>.
func seedFuzz(f *testing.F, format model.Format, dir string) {
	decodetest.Fuzz(f, samples, testDecode, format, dir)
}
