package chrome

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

// fuzzLimits are small enough that fuzzed inputs reach every limit.
var fuzzLimits = decodetest.FuzzLimits

// fuzzDecode checks decodetest.Check's invariants on data.
func fuzzDecode(t *testing.T, data []byte, f model.Format, lim decode.Limits) *model.Batch {
	t.Helper()
	return decodetest.Check(t, testDecode, data, f, lim)
}
