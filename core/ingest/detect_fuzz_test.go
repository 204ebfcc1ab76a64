package ingest

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/spanlens/spanlens/core/internal/decode"
)

// FuzzDetect checks that whatever Detect answers can be acted on: an
// unknown input is ErrUnknownFormat (or empty), and a detected one decodes
// in that format, or fails with a decoding error, exactly as Decode with
// no format does. The seeds are the samples, each of which must be
// detected as the format its folder names.
func FuzzDetect(f *testing.F) {
	folders := map[string]Format{
		"otlp-json": OTLPJSON, "otlp-proto": OTLPProto, "jaeger": Jaeger, "zipkin": Zipkin,
		"chrome": Chrome, "spanforge": Spanforge, "tutorial": Tutorial, "mamba": Mamba,
	}
	for dir, want := range folders {
		paths, err := filepath.Glob(filepath.Join("..", "..", "testdata", dir, "*"))
		if err != nil || len(paths) == 0 {
			f.Fatalf("no samples in %s: %v", dir, err)
		}
		for _, p := range paths {
			if filepath.Ext(p) == ".golden" || filepath.Ext(p) == ".txtpb" {
				continue
			}
			data, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			if got, err := Detect(data); err != nil || got != want {
				f.Fatalf("%s: detected as %q (%v), want %q", p, got, err, want)
			}
			if len(data) <= 4096 {
				f.Add(data)
			}
		}
	}
	f.Add([]byte(`[{"traceId":"1","id":"2"}]`))
	f.Add([]byte(`{"trace":{"resourceSpans":[]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		format, err := Detect(data)
		if err != nil {
			if !errors.Is(err, decode.ErrUnknownFormat) && !errors.Is(err, decode.ErrEmpty) {
				t.Fatalf("Detect: unexpected error %v", err)
			}
			if _, derr := Decode(data, decode.Options{Limits: fuzzLimits}); derr == nil || derr.Error() != err.Error() {
				t.Fatalf("Detect says %v, Decode says %v", err, derr)
			}
			return
		}
		if _, ok := Lookup(format); !ok {
			t.Fatalf("Detect answered %q, which has no decoder", format)
		}
		b := fuzzDecode(t, data, format, fuzzLimits)
		auto, err := Decode(data, decode.Options{Limits: fuzzLimits})
		switch {
		case (b == nil) != (err != nil):
			t.Fatalf("detected %s: forced decode ok=%v, auto decode err=%v", format, b != nil, err)
		case b != nil && (auto.Format != format || !bytes.Equal(dumpBatch(b), dumpBatch(auto))):
			t.Fatalf("detected %s: the auto decode differs", format)
		}
	})
}
