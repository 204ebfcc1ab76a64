package layout

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/core/tree"
)

// checkTicks asserts ticks are ascending, inside [t0, t1] and [0, width].
func checkTicks(t *testing.T, ticks []Tick, t0, t1 int64, width float64) {
	t.Helper()
	for k, tk := range ticks {
		assert.True(t, tk.T >= t0 && tk.T <= t1, "tick %d at %d outside [%d, %d]", k, tk.T, t0, t1)
		assert.True(t, tk.X >= 0 && tk.X <= width*(1+1e-12), "tick %d at x=%v outside [0, %v]", k, tk.X, width)
		if k > 0 {
			assert.Greater(t, tk.T, ticks[k-1].T, "tick %d", k)
		}
	}
}

func TestTicksNearInt64Limits(t *testing.T) {
	// 0..MaxInt64 over 1000px at ≥ 80px: 80px is 7.4e17 ns, so the step is
	// 1e18 and ticks fall at 0, 1e18, …, 9e18 (10e18 > MaxInt64).
	ticks := Ticks(0, math.MaxInt64, 1000, 80)
	require.Len(t, ticks, 10)
	assert.Equal(t, int64(9e18), ticks[9].T)
	assert.Equal(t, "150000000m", ticks[9].Label)
	checkTicks(t, ticks, 0, math.MaxInt64, 1000)

	// The last 1000 ns before MaxInt64 at 100px, ≥ 10px apart: step 100;
	// the first multiple of 100 at or after MaxInt64−1000 (…774807) is
	// …774900, the last before MaxInt64 (…775807) is …775800, and the step
	// after it would wrap around.
	ticks = Ticks(math.MaxInt64-1000, math.MaxInt64, 100, 10)
	require.Len(t, ticks, 10)
	assert.Equal(t, int64(9223372036854774900), ticks[0].T)
	assert.InDelta(t, 9.3, ticks[0].X, 1e-9, "(…4900 − …4807) × 100px / 1000ns")
	assert.Equal(t, int64(9223372036854775800), ticks[9].T)
	checkTicks(t, ticks, math.MaxInt64-1000, math.MaxInt64, 100)

	// The whole int64 range, whose width does not fit in an int64: 2^64 ns
	// × 80/1000 is 1.5e18, so the step is 2e18, from −8e18 to 8e18.
	ticks = Ticks(math.MinInt64, math.MaxInt64, 1000, 80)
	require.Len(t, ticks, 9)
	assert.Equal(t, int64(-8e18), ticks[0].T)
	assert.Equal(t, int64(8e18), ticks[8].T)
	assert.InDelta(t, 500, ticks[4].X, 1e-9, "t = 0 is half way")
	checkTicks(t, ticks, math.MinInt64, math.MaxInt64, 1000)
}

func TestTicksBoundedByCap(t *testing.T) {
	for _, tt := range []struct {
		name          string
		t0, t1        int64
		width, minGap float64
		want          int
	}{
		// A gap of 1e-9px would ask for 1e21 ticks; the gap is raised to
		// width/(MaxTicks−1), so the step is ≥ 1e12/999 ns, i.e. 2e9: 501 ticks.
		{"tiny gap", 0, 1e12, 1e12, 1e-9, 501},
		// The same at 1e300px: the step is ≥ 1e9/999 ns, i.e. 2e6: 501 ticks.
		{"huge width", 0, 1e9, 1e300, 80, 501},
		// A gap wider than any step: one tick, at 0.
		{"huge gap", 0, 1e9, 1000, 1e300, 1},
		{"NaN width", 0, 1e9, math.NaN(), 80, 0},
		{"infinite width", 0, 1e9, math.Inf(1), 80, 0},
		{"NaN gap", 0, 1e9, 1000, math.NaN(), 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ticks := Ticks(tt.t0, tt.t1, tt.width, tt.minGap)
			assert.Len(t, ticks, tt.want)
			assert.LessOrEqual(t, len(ticks), MaxTicks)
			if tt.want > 0 {
				checkTicks(t, ticks, tt.t0, tt.t1, tt.width)
			}
		})
	}
}

func TestNiceStepSaturates(t *testing.T) {
	assert.Equal(t, int64(5e18), NiceStep(1e300), "the largest 1-2-5 step an int64 holds")
	assert.Equal(t, int64(5e18), NiceStep(math.Inf(1)))
	assert.Equal(t, int64(1), NiceStep(math.NaN()))
}

func TestFormatDurationExtremes(t *testing.T) {
	// 2^63 ns is 9223372036.85s, printed at the 1s precision a step of
	// 1ns below a second's unit rounds to.
	assert.Equal(t, "-9223372037s", FormatDuration(math.MinInt64, 1))
	assert.Equal(t, "9223372037s", FormatDuration(math.MaxInt64, 1))
	assert.Equal(t, "153722867m", FormatDuration(9223372020e9, 60e9), "153722867 × 60s = 9223372020s")
	assert.Equal(t, "-9223372037s", ShortDuration(math.MinInt64))
	assert.Equal(t, "9223372036.85s", ShortDuration(math.MaxInt64))
}

func TestViewNearInt64Limits(t *testing.T) {
	// One span from 1 to MaxInt64.
	v := NewView(1, math.MaxInt64)
	assert.Equal(t, 1000.0, v.X(math.MaxInt64, 1000))
	assert.Equal(t, 0.0, v.X(1, 1000))
	assert.Equal(t, int64(math.MaxInt64), v.T(1000, 1000))

	// The whole int64 range: its span does not fit an int64.
	all := NewView(math.MinInt64, math.MaxInt64)
	assert.Equal(t, 500.0, all.X(0, 1000))
	assert.Equal(t, int64(math.MaxInt64), all.Span(), "saturated")
	assert.Equal(t, int64(math.MinInt64), all.T(0, 1000))
	assert.Equal(t, int64(math.MaxInt64), all.T(1000, 1000))

	// Zooming, panning and fitting stay inside the bounds and ordered.
	for name, got := range map[string]View{
		"zoom in":   all.ZoomAt(500, 1000, 4),
		"zoom out":  v.ZoomAt(500, 1000, 1e-300),
		"pan right": v.ZoomAt(0, 1000, 2).PanBy(1e300, 1000),
		"pan left":  v.ZoomAt(0, 1000, 2).PanBy(-1e300, 1000),
		"fit all":   all.Fit(math.MinInt64, math.MaxInt64, 0.5),
		"fit top":   v.Fit(math.MaxInt64-10, math.MaxInt64, 1e300),
		"NaN zoom":  v.ZoomAt(math.NaN(), 1000, 2),
		"NaN pan":   v.PanBy(math.NaN(), 1000),
	} {
		assert.NoError(t, got.Validate(), name)
		assert.True(t, got.T0 >= got.Min && got.T1 <= got.Max, "%s: %+v outside its bounds", name, got)
	}
	// Half of 1..MaxInt64 after panning to the right end.
	assert.Equal(t, int64(math.MaxInt64), v.ZoomAt(0, 1000, 2).PanBy(1e300, 1000).T1)
	assert.Equal(t, View{T0: 1, T1: math.MaxInt64, Min: 1, Max: math.MaxInt64}, v.ZoomAt(500, 1000, 1e-300))
}

// Found by FuzzLayout: bounds narrower than MinViewSpan at the top of the
// int64 range, zoomed in at the right edge, gave the empty window
// [MaxInt64, MaxInt64]; the window now moves left to stay MinViewSpan wide.
func TestClampAtMaxInt64(t *testing.T) {
	v := NewView(math.MaxInt64-10, math.MaxInt64)
	want := View{T0: math.MaxInt64 - MinViewSpan, T1: math.MaxInt64, Min: math.MaxInt64 - 10, Max: math.MaxInt64}
	assert.Equal(t, want, v.ZoomAt(50, 50, 60))
	assert.Equal(t, want, v.Fit(math.MaxInt64, math.MaxInt64, 0))
	assert.Equal(t, View{T0: math.MaxInt64 - MinViewSpan, T1: math.MaxInt64, Min: math.MaxInt64 - MinViewSpan, Max: math.MaxInt64}, NewView(math.MaxInt64, math.MaxInt64))
}

func TestValidate(t *testing.T) {
	for _, tt := range []struct {
		vp   Viewport
		want string
	}{
		{Viewport{Width: 800, Rows: 60}, ""},
		{Viewport{Width: MaxWidth, Rows: MaxRows, MinBarPx: MinBarPxFloor}, ""},
		{Viewport{Width: 0, Rows: 1}, "layout: width 0 out of range (want 0 < width ≤ 100000 px)"},
		{Viewport{Width: 1e12, Rows: 1}, "layout: width 1e+12 out of range (want 0 < width ≤ 100000 px)"},
		{Viewport{Width: math.NaN(), Rows: 1}, "layout: width NaN out of range (want 0 < width ≤ 100000 px)"},
		{Viewport{Width: 800, Rows: -1}, "layout: rows -1 out of range (want 0..10000)"},
		{Viewport{Width: 800, Rows: 1 << 40}, "layout: rows 1099511627776 out of range (want 0..10000)"},
		{Viewport{Width: 800, FirstRow: -5}, "layout: firstRow -5 out of range (want ≥ 0)"},
		{Viewport{Width: 800, MinBarPx: 1e-9}, "layout: minBarPx 1e-09 out of range (want 0 for the default 1, or 0.1..100000 px)"},
		{Viewport{Width: 800, MinBarPx: math.Inf(1)}, "layout: minBarPx +Inf out of range (want 0 for the default 1, or 0.1..100000 px)"},
	} {
		err := tt.vp.Validate()
		if tt.want == "" {
			assert.NoError(t, err, "%+v", tt.vp)
		} else {
			assert.EqualError(t, err, tt.want, "%+v", tt.vp)
		}
	}
	assert.NoError(t, View{T0: 0, T1: 1, Min: 0, Max: 1}.Validate())
	assert.EqualError(t, View{T0: 5, T1: 5}.Validate(), "layout: t1 5 must be greater than t0 5")
	assert.EqualError(t, View{T0: 0, T1: 5, Min: 3, Max: 2}.Validate(), "layout: view bounds out of order: max 2 < min 3")
	assert.NoError(t, ValidateTickGap(80))
	assert.EqualError(t, ValidateTickGap(1e-9), "layout: tickGap 1e-09 out of range (want 10..100000 px)")
	assert.EqualError(t, ValidateTickGap(math.NaN()), "layout: tickGap NaN out of range (want 10..100000 px)")
	assert.NoError(t, ValidateColumns(MaxColumns))
	assert.EqualError(t, ValidateColumns(0), "layout: columns 0 out of range (want 1..65536)")
	assert.EqualError(t, ValidateColumns(1<<20), "layout: columns 1048576 out of range (want 1..65536)")
}

func TestRelativeView(t *testing.T) {
	const base = 1_735_689_600_000_000_000
	v, err := RelativeView(base, 250, 1e6, base, base+2e6)
	require.NoError(t, err)
	assert.Equal(t, View{T0: base + 250, T1: base + 1e6, Min: base, Max: base + 2e6}, v)
	for _, tt := range []struct {
		t0, t1 float64
		want   string
	}{
		{math.NaN(), 1, "layout: t0 NaN out of range (want a finite number of ns within ±9.2e18)"},
		{0, math.Inf(1), "layout: t1 +Inf out of range (want a finite number of ns within ±9.2e18)"},
		{0, 1e300, "layout: t1 1e+300 out of range (want a finite number of ns within ±9.2e18)"},
		{0, 9e18, "layout: t1 9e+18 out of range: base 1735689600000000000 + t1 leaves the int64 range of ns"},
		{10, 5, "layout: t1 1735689600000000005 must be greater than t0 1735689600000000010"},
	} {
		_, err := RelativeView(base, tt.t0, tt.t1, base, base+2e6)
		assert.EqualError(t, err, tt.want)
	}
}

func TestSaturatingArithmetic(t *testing.T) {
	assert.Equal(t, int64(math.MaxInt64), SatAdd(math.MaxInt64, 1))
	assert.Equal(t, int64(math.MinInt64), SatAdd(math.MinInt64, -1))
	assert.Equal(t, int64(math.MaxInt64), SatSub(0, math.MinInt64))
	assert.Equal(t, int64(math.MaxInt64), SatSub(-1, math.MinInt64), "−1 + 2^63 is exactly MaxInt64")
	assert.Equal(t, int64(math.MinInt64), SatSub(math.MinInt64, 1))
	assert.Equal(t, int64(-3), SatSub(2, 5))
	assert.Equal(t, 0x1p64, SubFloat(math.MaxInt64, math.MinInt64))
	assert.Equal(t, 3.0, SubFloat(5, 2))
}

// edge lays out a forest of one span per [start, end] pair.
func edge(times ...int64) *Scene {
	b := &model.Batch{}
	for k := 0; k < len(times); k += 2 {
		b.Spans = append(b.Spans, span(uint64(k/2+1), 0, times[k], times[k+1], "svc"))
	}
	return NewScene(tree.Build(b, tree.Options{}))
}

func TestLayoutOneSpanToMaxInt64(t *testing.T) {
	// One OTLP span from "1" to "9223372036854775807".
	s := edge(1, math.MaxInt64)
	v := NewView(1, math.MaxInt64)
	vp := Viewport{Width: 1000, Rows: 10}
	w := NewWaterfall(s, -1, nil).Layout(v, vp, Marks{Selected: -1})
	assert.Equal(t, []float32{0}, w.X)
	assert.Equal(t, []float32{1000}, w.W)
	fl := NewFlame(s, -1).Layout(v, vp, Marks{Selected: -1})
	assert.Equal(t, []float32{0}, fl.X)
	assert.Equal(t, []float32{1000}, fl.W)
}

func TestLayoutRefusesInvalidRequests(t *testing.T) {
	s := comb()
	w, fl := NewWaterfall(s, 0, nil), NewFlame(s, 0)
	v := NewView(0, 1e6)
	for _, vp := range []Viewport{
		{Width: 1e300, Rows: 2},
		{Width: math.NaN(), Rows: 2},
		{Width: 100, Rows: math.MaxInt},
		{Width: 100, Rows: 2, FirstRow: -1},
		{Width: 100, Rows: 2, MinBarPx: 1e-9},
	} {
		require.Error(t, vp.Validate())
		assert.Zero(t, w.Layout(v, vp, Marks{Selected: -1}).Len(), "waterfall %+v", vp)
		assert.Zero(t, fl.Layout(v, vp, Marks{Selected: -1}).Len(), "flame %+v", vp)
	}
	past := Viewport{Width: 100, Rows: MaxRows, FirstRow: math.MaxInt}
	require.NoError(t, past.Validate())
	assert.Zero(t, w.Layout(v, past, Marks{Selected: -1}).Len(), "rows past the end")
	assert.Zero(t, fl.Layout(v, past, Marks{Selected: -1}).Len(), "lanes past the end")
	vp := Viewport{Width: 100, Rows: 2}
	for _, v := range []View{{T0: 5, T1: 5}, {T0: 10, T1: 0}} {
		assert.Zero(t, w.Layout(v, vp, Marks{Selected: -1}).Len(), "waterfall %+v", v)
		assert.Zero(t, fl.Layout(v, vp, Marks{Selected: -1}).Len(), "flame %+v", v)
	}
}

func TestDensityExtremes(t *testing.T) {
	// The whole int64 range in 4 columns of 2^62 ns: [0, 10] falls in
	// column 2, which starts at 0.
	s := edge(0, 10)
	active, _ := Density(s.Forest, math.MinInt64, math.MaxInt64, 4)
	assert.Equal(t, []uint32{0, 0, 1, 0}, active)

	a, e := Density(s.Forest, 0, 1000, 1<<40)
	assert.Nil(t, a, "columns beyond MaxColumns draw nothing")
	assert.Nil(t, e)
}

func TestShortDurationUnits(t *testing.T) {
	for ns, want := range map[int64]string{
		950: "950ns", 2500: "2.5µs", 30_000: "30µs", 512_000: "512µs",
		5_100_000: "5.1ms", 48_000_000: "48ms", 2_100_000_000: "2.10s",
	} {
		assert.Equal(t, want, ShortDuration(ns), "%d ns", ns)
	}
}
