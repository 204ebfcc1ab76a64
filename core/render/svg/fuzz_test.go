package svg

import (
	"math"
	"testing"

	"github.com/spanlens/spanlens/core/layout"
	"github.com/spanlens/spanlens/core/synth"
	"github.com/spanlens/spanlens/core/tree"
)

// FuzzAppend draws a small synthetic forest, one span of which gets a
// fuzzed name, service and times, with fuzzed options. Options failing
// Validate must be refused; otherwise the SVG must be well-formed XML and
// no larger than its picture allows, however long the strings are.
func FuzzAppend(f *testing.F) {
	const mx, mn = math.MaxInt64, math.MinInt64
	for _, s := range []struct {
		seed                 int64
		n                    uint8
		name, service, title string
		start, end           int64
		width, maxRows       int
		trace                int
		flame, dark          bool
	}{
		{1, 20, "GET /cart", "frontend", "", 0, 0, 1000, 0, 0, false, false},
		{2, 8, "one to max", "svc", "", 1, mx, 0, 0, 0, true, false},
		{3, 8, "wide", "svc", "", mn, mx, 1200, 10, -1, false, true},
		{4, 8, "<script>&\"\x01\x1b\u202e\xff\uFFFE", "a&b\x00", "t\x07<", 5, 5, 300, 1, 0, true, true},
		{5, 8, "n", "s", "", 0, 0, 2_000_000_000, 1 << 30, -2, false, false},
		{6, 8, "top", "svc", "", mx, mx, MaxWidth, MaxRowsLimit, 0, true, false},
	} {
		f.Add(s.seed, s.n, s.name, s.service, s.title, s.start, s.end, s.width, s.maxRows, s.trace, s.flame, s.dark)
	}
	f.Fuzz(func(t *testing.T, seed int64, n uint8, name, service, title string, start, end int64, width, maxRows, trace int, flame, dark bool) {
		b := synth.Generate(synth.Config{Seed: seed, Spans: int(n%64) + 1, Traces: 2, ErrorEvery: 3, Start: 1})
		sp := &b.Spans[int(n)%len(b.Spans)]
		sp.Name, sp.Service = name, service
		if start != 0 || end != 0 {
			sp.Start, sp.End = start, end
		}
		s := layout.NewScene(tree.Build(b, tree.Options{}))
		opts := Options{Width: width, MaxRows: maxRows, Trace: trace, Title: title, View: "waterfall", Theme: "light", Critical: make([]bool, len(b.Spans))}
		if flame {
			opts.View = "flame"
		}
		if dark {
			opts.Theme = "dark"
		}
		out, err := Append(nil, s, opts)
		if opts.Validate() != nil || trace < -1 || trace >= len(s.Forest.Traces) {
			if err == nil {
				t.Fatalf("options %+v accepted", opts)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		wellFormed(t, out)
		if w := max(width, 1200); len(out) > maxBytes(w, len(b.Spans)) {
			t.Fatalf("%d bytes for %d spans %d px wide, over %d", len(out), len(b.Spans), w, maxBytes(w, len(b.Spans)))
		}
	})
}

// maxBytes bounds an SVG of items bars width pixels wide: a header with
// title and legend (each legend entry at least 24 px plus a 12 px gap),
// the axis (a tick per 90 px), and per bar a row stripe, a label, a
// tooltip and a duration, each text at most MaxTextRunes runes escaped to
// at most 6 bytes ("&quot;").
func maxBytes(width, items int) int {
	text := 6 * MaxTextRunes
	header := 2000 + text + (width/36+1)*(200+text)
	axis := (width/90 + 2) * 250
	return header + axis + items*(1000+3*text)
}
