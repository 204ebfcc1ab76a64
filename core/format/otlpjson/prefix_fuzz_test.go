package otlpjson

import (
	"testing"

	"github.com/spanlens/spanlens/core/internal/decode/decodetest"
)

// FuzzPrefix: an OTLP/JSON prefix is the input up to a cut, closed. (A
// cut between two links, which the pattern cannot tell from two spans,
// makes a prefix that fails to decode: the preview is then skipped, so
// decoding is not asked of it here.)
func FuzzPrefix(f *testing.F) {
	decodetest.FuzzPrefix(f, samples, "otlp-json", prefix, []string{"]}]}]}", "]}"}, nil)
}
