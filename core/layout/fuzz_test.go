package layout

import (
	"math"
	"testing"

	"github.com/spanlens/spanlens/core/analyze"
	"github.com/spanlens/spanlens/core/synth"
	"github.com/spanlens/spanlens/core/tree"
)

// FuzzLayout lays out a small synthetic forest, two of whose spans get
// fuzzed (possibly extreme) times, through fuzzed viewport numbers. It
// checks that requests failing Validate draw nothing, that valid ones are
// bounded by the viewport (one bar per waterfall row, about 2·width/minPx
// per flame lane), that ticks stay under MaxTicks inside their range, that
// the minimap counts are consistent, and that zoom and pan keep a valid
// view inside its bounds (or MinViewSpan wide when the bounds are
// narrower).
func FuzzLayout(f *testing.F) {
	const mx, mn = math.MaxInt64, math.MinInt64
	for _, s := range []struct {
		seed                 int64
		n, shape             uint8
		s0, e0, s1, e1       int64
		t0, t1               int64
		width, minPx, gap, x float64
		rows, first, cols    int
	}{
		{1, 20, 0, 0, 0, 0, 0, 0, 1e6, 800, 0, 80, 400, 30, 0, 100},
		{2, 8, 3, 1, mx, 1, mx, 1, mx, 1000, 1, 80, 500, 10, 0, 200},               // one span from "1" to MaxInt64
		{3, 8, 2, mn, mx, -1, mx, mn, mx, 1000, 0, 80, 0, 10, 0, 64},               // wider than an int64
		{4, 8, 1, mx - 10, mx, mx - 5, mx, mx - 1000, mx, 100, 0, 10, 50, 5, 0, 3}, // at the top
		{5, 8, 0, -5e9, -1e9, -4e9, -2e9, -5e9, -1e9, 300, 0.5, 20, 7, 8, 1, 10},   // negative times
		{6, 8, 0, 0, 0, 0, 0, 0, 1e12, 1e12, 0, 1e-9, 0, 8, 0, 1 << 40},            // width=1e12, tickGap=1e-9
		{7, 8, 0, 0, 0, 0, 0, 0, 1e9, 1e300, 1e-9, 1e300, 1e300, 1 << 40, 1 << 40, -1},
		{8, 8, 0, 0, 0, 0, 0, 5, 5, math.NaN(), math.NaN(), math.NaN(), math.Inf(1), 8, 0, 0},
	} {
		f.Add(s.seed, s.n, s.shape, s.s0, s.e0, s.s1, s.e1, s.t0, s.t1, s.width, s.minPx, s.gap, s.x, s.rows, s.first, s.cols)
	}
	f.Fuzz(func(t *testing.T, seed int64, n, shape uint8, s0, e0, s1, e1, t0, t1 int64, width, minPx, gap, x float64, rows, first, cols int) {
		b := synth.Generate(synth.Config{Seed: seed, Spans: int(n%64) + 1, Shape: synth.Shape(shape % 4), ErrorEvery: 3, Start: 1})
		if s0 != 0 || e0 != 0 {
			b.Spans[0].Start, b.Spans[0].End = s0, e0
		}
		if k := int(n) % len(b.Spans); s1 != 0 || e1 != 0 {
			b.Spans[k].Start, b.Spans[k].End = s1, e1
		}
		forest := tree.Build(b, tree.Options{})
		s := NewScene(forest)
		lo, hi := forest.Start[0], forest.End[0]
		for i := range forest.Start {
			lo, hi = min(lo, forest.Start[i]), max(hi, forest.End[i])
		}
		v := View{T0: t0, T1: t1, Min: lo, Max: hi}
		vp := Viewport{Width: width, FirstRow: first, Rows: rows, MinBarPx: minPx}
		valid := vp.Validate() == nil && v.Validate() == nil

		wf := NewWaterfall(s, -1, nil)
		bars := wf.Layout(v, vp, Marks{Selected: -1})
		checkBars(t, "waterfall", bars, vp, valid, 1)
		fl := NewFlame(s, -1)
		perLane := 0
		if valid {
			perLane = 2*int(math.Ceil((width+2)/vp.minPx())) + 3
		}
		checkBars(t, "flame", fl.Layout(v, vp, Marks{Selected: -1}), vp, valid, perLane)
		// The same span times as token counts: a metric flame of any
		// sizes stays inside its extent and its lanes.
		usage := make([]analyze.Usage, len(b.Spans))
		for i := range usage {
			usage[i].Total = max(forest.Start[i]%1_000_000_007, 0)
		}
		mf := NewMetricFlame(s, -1, MetricTokens, analyze.Rollup(forest, usage))
		mlo, mhi := mf.Extent()
		if mlo >= mhi {
			t.Fatalf("metric flame extent [%d, %d] empty", mlo, mhi)
		}
		checkBars(t, "metric flame", mf.Layout(View{T0: t0, T1: t1, Min: mlo, Max: mhi}, vp, Marks{Selected: -1}), vp, valid, perLane)

		ticks := Ticks(t0, t1, width, gap)
		if len(ticks) > MaxTicks {
			t.Fatalf("%d ticks, over MaxTicks", len(ticks))
		}
		for k, tk := range ticks {
			if tk.T < t0 || tk.T > t1 || (k > 0 && tk.T <= ticks[k-1].T) {
				t.Fatalf("tick %d at %d: outside [%d, %d] or out of order", k, tk.T, t0, t1)
			}
		}

		active, errs := Density(forest, t0, t1, cols)
		if ValidateColumns(cols) != nil || t1 <= t0 {
			if active != nil || errs != nil {
				t.Fatalf("Density(%d columns, [%d, %d]) drew something", cols, t0, t1)
			}
		} else {
			if len(active) != cols || len(errs) != cols {
				t.Fatalf("Density: %d and %d columns, want %d", len(active), len(errs), cols)
			}
			for c := range active {
				if errs[c] > active[c] || int(active[c]) > len(b.Spans) {
					t.Fatalf("column %d: %d errors, %d active of %d spans", c, errs[c], active[c], len(b.Spans))
				}
			}
		}

		all := NewView(lo, hi)
		for _, got := range []View{all.ZoomAt(x, width, gap), all.ZoomAt(x, width, gap).PanBy(x, width), all.Fit(t0, t1, minPx), all.Clamp()} {
			inside := got.T0 >= got.Min && got.T1 <= got.Max
			if got.Validate() != nil || !inside && (got.Span() != MinViewSpan || SatSub(got.Max, got.Min) >= MinViewSpan) {
				t.Fatalf("view %+v invalid, or outside bounds at least MinViewSpan wide", got)
			}
		}
	})
}

// checkBars asserts that an invalid request drew nothing and a valid one at
// most perRow bars per row, all inside the row window.
func checkBars(t *testing.T, name string, b *Bars, vp Viewport, valid bool, perRow int) {
	t.Helper()
	if !valid {
		if b.Len() != 0 {
			t.Fatalf("%s: %d bars for an invalid request", name, b.Len())
		}
		return
	}
	if b.Len() > vp.Rows*perRow {
		t.Fatalf("%s: %d bars for %d rows of %v px", name, b.Len(), vp.Rows, vp.Width)
	}
	for k := range b.Len() {
		if r := int(b.Row[k]); r < vp.FirstRow || r >= vp.FirstRow+vp.Rows || b.Count[k] < 1 {
			t.Fatalf("%s: bar %d in row %d (window %d+%d), count %d", name, k, r, vp.FirstRow, vp.Rows, b.Count[k])
		}
	}
}
