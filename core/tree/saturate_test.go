package tree

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestDurationSaturates: a span wider than an int64 holds lasts MaxInt64,
// not a wrapped-around negative difference reported as 0.
func TestDurationSaturates(t *testing.T) {
	f := Build(batch(sp(1, 0, -10, math.MaxInt64)), Options{})
	assert.Equal(t, int64(math.MaxInt64), f.Duration(0))
}

// TestSkewShiftSaturates: a child on another service, longer than its
// parent near the top of the int64 range and starting long before it,
// moves by a delta (top-50 - -1000) wider than an int64: the delta stops
// at MaxInt64, the child then starts at -1000 + MaxInt64 and its end stops
// at MaxInt64 instead of wrapping to the far past.
func TestSkewShiftSaturates(t *testing.T) {
	top := int64(math.MaxInt64 - 100)
	f := Build(batch(
		on("a", sp(1, 0, top-50, top)),
		on("b", sp(2, 1, -1000, math.MaxInt64/2)), // longer than its parent, starts first: moves to its start
	), Options{AdjustSkew: true})
	assert.Equal(t, int64(math.MaxInt64-1000), f.Start[1])
	assert.Equal(t, int64(math.MaxInt64), f.End[1])
	assert.LessOrEqual(t, f.Start[1], f.End[1])
}

func TestSkewDeltaSaturates(t *testing.T) {
	for _, tt := range []struct {
		name           string
		ps, pe, cs, ce int64
		delta          int64
		skewed         bool
	}{
		// The parent's duration overflows: the child fits inside it.
		{"wide parent", math.MinInt64 + 1, math.MaxInt64, 0, 10, 0, false},
		// The child is longer than an int64 and starts first: it moves to
		// the parent's start, a delta of 100 - (MinInt64+1) clamped.
		{"wide child early", 100, 200, math.MinInt64 + 1, math.MaxInt64, math.MaxInt64, true},
		// Centring a child far before its parent: ps - cs overflows.
		{"far early child", math.MaxInt64 - 100, math.MaxInt64, math.MinInt64 + 1, math.MinInt64 + 11, math.MaxInt64, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d, s := skewDelta(tt.ps, tt.pe, tt.cs, tt.ce)
			assert.Equal(t, tt.skewed, s)
			assert.Equal(t, tt.delta, d)
		})
	}
}
