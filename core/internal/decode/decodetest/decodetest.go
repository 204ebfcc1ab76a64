// Package decodetest holds what the decoders' tests share: the checks a
// fuzzed decode must pass, and readers of the samples in testdata/, which
// the tests pass as an fs.FS because core/ does not import os.
package decodetest

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"testing"

	"github.com/spanlens/spanlens/core/internal/decode"
	"github.com/spanlens/spanlens/core/model"
)

// Func decodes as ingest.Decode does: ingest.Decode itself, or a codec's
// format.Decode.
type Func func(data []byte, opts decode.Options) (*model.Batch, error)

// FuzzLimits are small enough that fuzzed inputs reach every limit.
var FuzzLimits = decode.Limits{MaxSpans: 1000, MaxAttrsPerSpan: 16, MaxAttrValueBytes: 256, MaxEventsPerSpan: 8, MaxDepth: 24}

// Check decodes data with dec in format f (detected when "", if dec
// detects) with lim and
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
func Check(t *testing.T, dec Func, data []byte, f model.Format, lim decode.Limits) *model.Batch {
	t.Helper()
	input := bytes.Clone(data)
	b, err := dec(input, decode.Options{Format: f, Limits: lim})
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
	dump := Dump(b)
	clear(input)
	if got := Dump(b); !bytes.Equal(dump, got) {
		t.Fatalf("the batch aliases its input")
	}
	again, err := dec(data, decode.Options{Format: f, Limits: lim})
	if err != nil || !bytes.Equal(dump, Dump(again)) {
		t.Fatalf("a second decode differs (%v)", err)
	}
	return b
}

// SmallSeeds returns the files of samples/<dir> of at most max bytes:
// fuzzing makes progress from small inputs, and spends its time
// minimizing big ones.
func SmallSeeds(f *testing.F, samples fs.FS, dir string, max int) [][]byte {
	paths, err := fs.Glob(samples, path.Join(dir, "*"))
	if err != nil {
		f.Fatal(err)
	}
	var out [][]byte
	for _, p := range paths {
		if path.Ext(p) == ".golden" || path.Ext(p) == ".txtpb" {
			continue
		}
		data, err := fs.ReadFile(samples, p)
		if err != nil {
			f.Fatal(err)
		}
		if len(data) <= max {
			out = append(out, data)
		}
	}
	return out
}

// Attr returns the attribute key of sp, failing the test when it is
// missing.
func Attr(t *testing.T, sp *model.Span, key string) model.Value {
	t.Helper()
	v, ok := sp.Attrs.Get(key)
	if !ok {
		t.Fatalf("span %q has no attribute %q; has %v", sp.Name, key, sp.Attrs)
	}
	return v
}

// Decode decodes data with dec as format f with default limits.
func Decode(t *testing.T, dec Func, f model.Format, data string) *model.Batch {
	t.Helper()
	b, err := dec([]byte(data), decode.Options{Format: f})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Testdata reads every file of samples/<dir>.
func Testdata(t testing.TB, samples fs.FS, dir string) map[string][]byte {
	t.Helper()
	paths, err := fs.Glob(samples, path.Join(dir, "*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatalf("no testdata in %s", dir)
	}
	files := map[string][]byte{}
	for _, p := range paths {
		data, err := fs.ReadFile(samples, p)
		if err != nil {
			t.Fatal(err)
		}
		files[path.Base(p)] = data
	}
	return files
}

// Fuzz fuzzes dec as format f from the samples in
// samples/<dir>, checking Check's invariants.
func Fuzz(f *testing.F, samples fs.FS, dec Func, format model.Format, dir string) {
	for _, data := range Testdata(f, samples, dir) {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		Check(t, dec, data, format, FuzzLimits)
	})
}

// Dump renders a batch one line per span, for golden files.
func Dump(b *model.Batch) []byte {
	var w bytes.Buffer
	fmt.Fprintf(&w, "format %s: %d spans, %d resources, %d scopes, %d warnings\n", b.Format, len(b.Spans), len(b.Resources), len(b.Scopes), len(b.Warnings))
	for i, r := range b.Resources {
		fmt.Fprintf(&w, "resource %d %q %s\n", i, r.Service, attrsText(r.Attrs))
	}
	for i, s := range b.Scopes {
		fmt.Fprintf(&w, "scope %d %q %q %s\n", i, s.Name, s.Version, attrsText(s.Attrs))
	}
	for i, sp := range b.Spans {
		fmt.Fprintf(&w, "span %d %s %s parent=%s %q svc=%q kind=%s status=%s %q res=%d scope=%d start=%d end=%d\n  attrs %s\n",
			i, sp.TraceID, sp.ID, sp.ParentID, sp.Name, sp.Service, sp.Kind, sp.Status.Code, sp.Status.Message,
			sp.Resource, sp.Scope, sp.Start, sp.End, attrsText(sp.Attrs))
		for _, e := range sp.Events {
			fmt.Fprintf(&w, "  event %d %q %s\n", e.Time, e.Name, attrsText(e.Attrs))
		}
		for _, l := range sp.Links {
			fmt.Fprintf(&w, "  link %s %s %q %s\n", l.TraceID, l.SpanID, l.TraceState, attrsText(l.Attrs))
		}
	}
	for _, wn := range b.Warnings {
		fmt.Fprintf(&w, "warning span=%d %s\n", wn.Span, wn.Message)
	}
	return w.Bytes()
}

// attrsText renders attributes with their types, e.g. {"n":int 3}.
func attrsText(attrs model.Attrs) string {
	var b []byte
	b = append(b, '{')
	for i, a := range attrs {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = strconv.AppendQuote(b, a.Key)
		b = append(b, ':')
		b = append(b, a.Value.String()...)
	}
	return string(append(b, '}'))
}

// FuzzPrefix fuzzes a Codec.Prefix from the samples in samples/<dir> of at
// most 16 KB (and anything), each cut at a fuzzed offset: a prefix is the
// cut input up to some point plus one of tails, the brackets that close
// it. check, if not nil, adds the format's own invariants, given the whole
// input and the prefix.
func FuzzPrefix(f *testing.F, samples fs.FS, dir string, prefix func([]byte) []byte, tails []string, check func(t *testing.T, whole, p []byte)) {
	for _, data := range SmallSeeds(f, samples, dir, 16<<10) {
		f.Add(data, uint32(len(data)/2))
	}
	f.Fuzz(func(t *testing.T, whole []byte, cut uint32) {
		data := whole[:int(cut)%(len(whole)+1)]
		p := prefix(data)
		if p == nil {
			return
		}
		for _, tail := range tails {
			if body, ok := bytes.CutSuffix(p, []byte(tail)); ok && bytes.HasPrefix(data, body) {
				if check != nil {
					check(t, whole, p)
				}
				return
			}
		}
		t.Fatalf("prefix %q is not a start of %q closed by one of %q", p, data, tails)
	})
}

// Same fails unless want and got (model values, or anything holding
// them) print alike with %+v, where a model.Value prints as its type and
// contents: == and reflect.DeepEqual, and so testify's Equal, compare where
// a Value's string lives, not what it holds. what, if given, says what is
// compared.
func Same(t testing.TB, want, got any, what ...any) {
	t.Helper()
	if w, g := fmt.Sprintf("%+v", want), fmt.Sprintf("%+v", got); w != g {
		t.Errorf("%s: not the same:\nwant %s\n got %s", fmt.Sprint(what...), w, g)
	}
}

// SameBothWays decodes data with *fast off and then on, and fails unless
// both give the same batch (as Dump writes it) or the same error: a
// decoder's fast path for a common shape must agree with its general
// reading on any input.
func SameBothWays(t *testing.T, dec Func, data []byte, f model.Format, lim decode.Limits, fast *bool) {
	t.Helper()
	opts := decode.Options{Format: f, Limits: lim}
	*fast = false
	slow, slowErr := dec(data, opts)
	*fast = true
	quick, quickErr := dec(data, opts)
	if fmt.Sprint(quickErr) != fmt.Sprint(slowErr) || quickErr == nil && !bytes.Equal(Dump(quick), Dump(slow)) {
		t.Fatalf("the fast path reads %q otherwise than the general one: %v / %v", data, quickErr, slowErr)
	}
}
