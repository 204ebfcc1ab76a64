package layout

import (
	"math"

	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/internal/msg"
)

// Limits on a layout request. Every layout's work and output are bounded
// by these and by the viewport, whatever the trace's times are: a request
// outside them is refused by Validate, and the layout functions draw
// nothing for it rather than grow without bound.
const (
	// MaxWidth is the widest viewport in pixels (a 4K screen at 3× is
	// about 11,500).
	MaxWidth = 100_000
	// MaxRows is the most rows or lanes one viewport asks for.
	MaxRows = 10_000
	// MinBarPxFloor is the smallest MinBarPx accepted, other than 0 for
	// the default: it bounds a flame lane to about 2·Width/MinBarPx bars.
	MinBarPxFloor = 0.1
	// MinTickGap is the smallest gap between axis ticks in pixels a
	// request may ask for.
	MinTickGap = 10
	// MaxTicks is the most ticks Ticks returns, whatever the width and gap.
	MaxTicks = 1000
	// MaxColumns is the most minimap columns Density computes.
	MaxColumns = 1 << 16
)

// Validate reports whether vp is within the limits, naming the offending
// argument as a request spells it (width, rows, firstRow, minBarPx).
func (vp Viewport) Validate() error {
	switch {
	case !(vp.Width > 0 && vp.Width <= MaxWidth): // also catches NaN
		return msg.Errorf("layout: width %v out of range (want 0 < width ≤ %d px)", vp.Width, MaxWidth)
	case vp.Rows < 0 || vp.Rows > MaxRows:
		return msg.Errorf("layout: rows %d out of range (want 0..%d)", vp.Rows, MaxRows)
	case vp.FirstRow < 0:
		return msg.Errorf("layout: firstRow %d out of range (want ≥ 0)", vp.FirstRow)
	case vp.MinBarPx != 0 && !(vp.MinBarPx >= MinBarPxFloor && vp.MinBarPx <= MaxWidth):
		return msg.Errorf("layout: minBarPx %v out of range (want 0 for the default 1, or %v..%d px)", vp.MinBarPx, MinBarPxFloor, MaxWidth)
	}
	return nil
}

// Validate reports whether v is a non-empty window inside ordered bounds,
// naming the request's arguments t0 and t1.
func (v View) Validate() error {
	if v.T1 <= v.T0 {
		return msg.Errorf("layout: t1 %d must be greater than t0 %d", v.T1, v.T0)
	}
	if v.Max < v.Min {
		return msg.Errorf("layout: view bounds out of order: max %d < min %d", v.Max, v.Min)
	}
	return nil
}

// ValidateTickGap reports whether gap (pixels between axis ticks, the
// request's tickGap) is within MinTickGap..MaxWidth.
func ValidateTickGap(gap float64) error {
	if !(gap >= MinTickGap && gap <= MaxWidth) {
		return msg.Errorf("layout: tickGap %v out of range (want %d..%d px)", gap, MinTickGap, MaxWidth)
	}
	return nil
}

// ValidateColumns reports whether cols (the minimap's columns) is within
// 1..MaxColumns.
func ValidateColumns(cols int) error {
	if cols < 1 || cols > MaxColumns {
		return msg.Errorf("layout: columns %d out of range (want 1..%d)", cols, MaxColumns)
	}
	return nil
}

// RelativeView builds the window [base+t0, base+t1] inside [lo, hi] from a
// request's t0 and t1, which arrive as float64 ns relative to base because
// epoch nanoseconds exceed what JSON and JavaScript numbers hold exactly.
// It refuses NaN, infinities and values whose sum with base leaves the
// int64 range, instead of converting them (Go leaves such conversions to
// the platform), then checks the view with Validate.
func RelativeView(base int64, t0, t1 float64, lo, hi int64) (View, error) {
	a, err := relative("t0", base, t0)
	if err != nil {
		return View{}, err
	}
	b, err := relative("t1", base, t1)
	if err != nil {
		return View{}, err
	}
	v := View{T0: a, T1: b, Min: lo, Max: hi}
	return v, v.Validate()
}

func relative(name string, base int64, x float64) (int64, error) {
	// 2^63 is the first float64 outside int64; -2^63 is the last inside.
	if !(x >= -0x1p63 && x < 0x1p63) {
		return 0, msg.Errorf("layout: %s %v out of range (want a finite number of ns within ±9.2e18)", name, x)
	}
	d := int64(x)
	t := base + d
	if (t < base) != (d < 0) { // wrapped around
		return 0, msg.Errorf("layout: %s %v out of range: base %d + %s leaves the int64 range of ns", name, x, base, name)
	}
	return t, nil
}

// SubFloat returns a-b as a float64 without wrapping around when the exact
// difference leaves the int64 range; it equals float64(a-b) whenever that
// does not overflow. Positions on screen are computed from it.
func SubFloat(a, b int64) float64 {
	d := a - b
	if (d < a) != (b > 0) {
		return float64(a) - float64(b)
	}
	return float64(d)
}

// SatAdd returns a+b clamped to the int64 range (model.SatAdd).
func SatAdd(a, b int64) int64 { return model.SatAdd(a, b) }

// SatSub returns a-b clamped to the int64 range: durations of spans and
// traces whose times lie near the int64 limits (model.SatSub).
func SatSub(a, b int64) int64 { return model.SatSub(a, b) }

// nanos converts x to int64 ns, clamped to the int64 range (NaN is 0):
// unlike a plain conversion it is defined for every float64.
func nanos(x float64) int64 {
	switch {
	case x != x:
		return 0
	case x >= 0x1p63:
		return math.MaxInt64
	case x <= -0x1p63:
		return math.MinInt64
	}
	return int64(x)
}

// addFloat returns t+d clamped to the int64 range: exact while d fits an
// int64, in floating point beyond (a window wider than an int64 holds).
func addFloat(t int64, d float64) int64 {
	if d >= -0x1p63 && d < 0x1p63 {
		return SatAdd(t, int64(d))
	}
	return nanos(float64(t) + d)
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
