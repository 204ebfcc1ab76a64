package chrome

import (
	"encoding/json"
	"testing"

	"github.com/spanlens/spanlens/core/internal/decode"
	"github.com/spanlens/spanlens/core/internal/decode/decodetest"
)

// FuzzPrefix: a Chrome prefix is the input up to the end of an event,
// closed, and valid JSON; cut from a trace that decodes, it decodes too.
func FuzzPrefix(f *testing.F) {
	f.Add([]byte(`{"traceEvents":[{"ph":"X","args":{"a":"]},{"}},{"ph"`), uint32(40))
	decodetest.FuzzPrefix(f, samples, "chrome", prefix, []string{"]}", "]"}, func(t *testing.T, whole, p []byte) {
		if !json.Valid(p) {
			t.Fatalf("prefix %q is not JSON", p)
		}
		opts := decode.Options{Limits: decodetest.FuzzLimits}
		if _, err := testDecode(whole, opts); err != nil {
			return
		}
		if _, err := testDecode(p, opts); err != nil {
			t.Fatalf("the prefix %q of a trace that decodes does not: %v", p, err)
		}
	})
}
