package ingest

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/spanlens/spanlens/core/internal/decode"

	"github.com/spanlens/spanlens/core/model"
)

// fuzzLimits are small enough that fuzzed inputs reach every limit.
var fuzzLimits = decode.Limits{MaxSpans: 1000, MaxAttrsPerSpan: 16, MaxAttrValueBytes: 256, MaxEventsPerSpan: 8, MaxDepth: 24}

// fuzzDecode decodes data in format f (detected when "") with lim and
// checks what every decoder promises, whatever the input:
//   - a failure is an *Error or a *LimitError, with no batch;
//   - every index (resource, scope, warning span) is in range, and no
//     span, list or string exceeds its limit (strings: names, services,
//     keys, string values, event names);
//   - the model's estimate is within the budget;
//   - the batch does not alias the input, and decoding again gives the
//     same batch.
//
// It returns the batch, or nil when decoding failed.
func fuzzDecode(t *testing.T, data []byte, f Format, lim decode.Limits) *model.Batch {
	t.Helper()
	input := bytes.Clone(data)
	b, err := Decode(input, decode.Options{Format: f, Limits: lim})
	if err != nil {
		var ie *decode.Error
		var le *decode.LimitError
		if !errors.As(err, &ie) && !errors.As(err, &le) {
			t.Fatalf("error of type %T: %v", err, err)
		}
		if b != nil {
			t.Fatalf("a batch beside the error %v", err)
		}
		return nil
	}
	lim = lim.WithDefaults()
	long := func(s string) bool { return len(s) > lim.MaxAttrValueBytes }
	longAttrs := func(attrs model.Attrs) bool {
		for _, a := range attrs {
			if long(a.Key) || a.Value.Type() == model.TypeString && long(a.Value.Str()) {
				return true
			}
		}
		return len(attrs) > lim.MaxAttrsPerSpan
	}
	if len(b.Spans) > lim.MaxSpans {
		t.Fatalf("%d spans, limit %d", len(b.Spans), lim.MaxSpans)
	}
	var est int64
	for i := range b.Spans {
		sp := &b.Spans[i]
		est += decode.ModelBytes(sp)
		switch {
		case sp.Resource < -1 || int(sp.Resource) >= len(b.Resources):
			t.Fatalf("span %d: resource %d of %d", i, sp.Resource, len(b.Resources))
		case sp.Scope < -1 || int(sp.Scope) >= len(b.Scopes):
			t.Fatalf("span %d: scope %d of %d", i, sp.Scope, len(b.Scopes))
		case long(sp.Name) || long(sp.Service) || longAttrs(sp.Attrs):
			t.Fatalf("span %d: a string or the attributes exceed the limits", i)
		case len(sp.Events) > lim.MaxEventsPerSpan || len(sp.Links) > lim.MaxEventsPerSpan:
			t.Fatalf("span %d: %d events, %d links, limit %d", i, len(sp.Events), len(sp.Links), lim.MaxEventsPerSpan)
		}
		for _, e := range sp.Events {
			if long(e.Name) || longAttrs(e.Attrs) {
				t.Fatalf("span %d: an event exceeds the limits", i)
			}
		}
	}
	if budget := int64(lim.MaxModelBytesPerInputByte) * int64(len(data)); est > budget {
		t.Fatalf("model ≈ %d bytes, over the budget %d", est, budget)
	}
	for _, w := range b.Warnings {
		if w.Span < -1 || int(w.Span) >= len(b.Spans) {
			t.Fatalf("warning for span %d of %d: %s", w.Span, len(b.Spans), w.Message)
		}
	}
	dump := dumpBatch(b)
	clear(input)
	if got := dumpBatch(b); !bytes.Equal(dump, got) {
		t.Fatalf("the batch aliases its input")
	}
	again, err := Decode(data, decode.Options{Format: f, Limits: lim})
	if err != nil || !bytes.Equal(dump, dumpBatch(again)) {
		t.Fatalf("a second decode differs (%v)", err)
	}
	return b
}

// smallSeeds returns the files of testdata/<dir> of at most max bytes:
// fuzzing makes progress from small inputs, and spends its time
// minimizing big ones.
func smallSeeds(f *testing.F, dir string, max int) [][]byte {
	paths, err := filepath.Glob(filepath.Join("..", "..", "testdata", dir, "*"))
	if err != nil {
		f.Fatal(err)
	}
	var out [][]byte
	for _, p := range paths {
		if filepath.Ext(p) == ".golden" || filepath.Ext(p) == ".txtpb" {
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		if len(data) <= max {
			out = append(out, data)
		}
	}
	return out
}
