package layout

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestNiceStep(t *testing.T) {
	for _, tt := range []struct {
		min  float64
		want int64
	}{
		{0.5, 1}, {1, 1}, {1.5, 2}, {3, 5}, {7, 10}, {120, 200}, {2.5e6, 5e6}, {4.9e9, 5e9}, {5.1e9, 1e10},
	} {
		assert.Equal(t, tt.want, NiceStep(tt.min), "NiceStep(%v)", tt.min)
	}
}

func TestFormatDuration(t *testing.T) {
	for _, tt := range []struct {
		ns, step int64
		want     string
	}{
		{0, 1e6, "0"},
		{250e6, 50e6, "250ms"},
		{1_500e6, 500e6, "1.5s"},
		{1_250_000, 250_000, "1.25ms"},
		{750_000, 250_000, "750µs"},
		{90e9, 10e9, "1m30s"},
		{120e9, 60e9, "2m"},
		{42, 1, "42ns"},
		{-2e6, 1e6, "-2ms"},
	} {
		assert.Equal(t, tt.want, FormatDuration(tt.ns, tt.step), "FormatDuration(%d, %d)", tt.ns, tt.step)
	}
}

func TestTicks(t *testing.T) {
	// 0..1s across 1000px with at least 80px between ticks: 80px is 80ms,
	// so the step is 100ms and ticks fall every 100px.
	ticks := Ticks(0, 1e9, 1000, 80)
	assert.Len(t, ticks, 11)
	assert.Equal(t, Tick{X: 0, T: 0, Label: "0"}, ticks[0])
	assert.Equal(t, Tick{X: 300, T: 300e6, Label: "300ms"}, ticks[3])
	assert.Equal(t, Tick{X: 1000, T: 1e9, Label: "1.0s"}, ticks[10])

	// A window that starts mid-step begins at the next multiple.
	ticks = Ticks(130e6, 530e6, 400, 150) // 150px = 150ms: step 200ms
	assert.Equal(t, []Tick{
		{X: 70, T: 200e6, Label: "200ms"},
		{X: 270, T: 400e6, Label: "400ms"},
	}, ticks)
	assert.Nil(t, Ticks(5, 5, 100, 10))
}

func TestView(t *testing.T) {
	v := NewView(0, 1000)
	// Zooming 2x around the middle keeps the middle fixed.
	z := v.ZoomAt(50, 100, 2)
	assert.Equal(t, View{T0: 250, T1: 750, Min: 0, Max: 1000}, z)
	// Zooming around the left edge keeps the left edge.
	assert.Equal(t, int64(0), v.ZoomAt(0, 100, 4).T0)
	assert.Equal(t, int64(250), v.ZoomAt(0, 100, 4).T1)
	// Panning is clamped to the bounds, keeping the width.
	assert.Equal(t, View{T0: 500, T1: 1000, Min: 0, Max: 1000}, z.PanBy(1000, 100))
	assert.Equal(t, View{T0: 350, T1: 850, Min: 0, Max: 1000}, z.PanBy(20, 100))
	// Zooming out past the bounds shows everything.
	assert.Equal(t, v, z.ZoomAt(50, 100, 0.1))
	// Zoom in stops at MinViewSpan.
	assert.Equal(t, int64(MinViewSpan), v.ZoomAt(50, 100, 1e6).Span())
	// Fit a span with 10% padding.
	assert.Equal(t, View{T0: 190, T1: 410, Min: 0, Max: 1000}, v.Fit(200, 400, 0.05))
	assert.InDelta(t, 25.0, z.X(375, 100), 1e-9)
	assert.Equal(t, int64(375), z.T(25, 100))
}

func TestColorIndexStable(t *testing.T) {
	assert.Equal(t, ColorIndex("checkout"), ColorIndex("checkout"))
	assert.Less(t, int(ColorIndex("frontend")), len(LightPalette))
	assert.Len(t, DarkPalette, len(LightPalette))
	seen := map[uint8]bool{}
	for _, s := range []string{"frontend", "checkout", "payment", "cart", "email", "shipping", "ad", "currency"} {
		seen[ColorIndex(s)] = true
	}
	assert.GreaterOrEqual(t, len(seen), 5, "eight services should spread over the palette")
}
