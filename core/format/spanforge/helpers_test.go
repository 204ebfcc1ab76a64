package spanforge

import (
	"os"
	"path/filepath"

	"github.com/spanlens/spanlens/core/format"
	"github.com/spanlens/spanlens/core/internal/decode"
	"github.com/spanlens/spanlens/core/model"
)

// testDecode decodes data as core/ingest does, with this package's codec;
// the decodetest helpers take it, and samples, the module's testdata.
func testDecode(data []byte, opts decode.Options) (*model.Batch, error) {
	return format.Decode(Codec, data, opts)
}

var samples = os.DirFS(filepath.Join("..", "..", "..", "testdata"))
