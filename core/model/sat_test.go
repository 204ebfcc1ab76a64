package model

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSaturating(t *testing.T) {
	const maxI, minI = math.MaxInt64, math.MinInt64
	for _, tt := range []struct {
		name      string
		a, b      int64
		sum, diff int64
	}{
		{"small", 5, 3, 8, 2},
		{"top", maxI, 1, maxI, maxI - 1},
		{"bottom", minI, -1, minI, minI + 1},
		{"wide", maxI, minI, -1, maxI},
		{"neg wide", minI, maxI, -1, minI},
		{"minus min", -1, minI, minI, maxI},
		{"zero minus min", 0, minI, minI, maxI},
	} {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.sum, SatAdd(tt.a, tt.b), "SatAdd(%d, %d)", tt.a, tt.b)
			assert.Equal(t, tt.diff, SatSub(tt.a, tt.b), "SatSub(%d, %d)", tt.a, tt.b)
		})
	}
}

func TestSpanDurationSaturates(t *testing.T) {
	s := Span{Start: -10, End: math.MaxInt64}
	assert.Equal(t, int64(math.MaxInt64), s.Duration())
}
