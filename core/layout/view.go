package layout

import "math"

// MinViewSpan is the narrowest time window a View zooms to, in ns.
const MinViewSpan = 100

// View is the visible time window [T0, T1] within the bounds [Min, Max]
// (all ns, in the forest's time base). All zoom and pan arithmetic lives
// here so that every front end behaves the same.
type View struct {
	T0, T1   int64
	Min, Max int64
}

// NewView shows the whole range [min, max].
func NewView(min, max int64) View {
	if max <= min {
		max = min + MinViewSpan
	}
	return View{T0: min, T1: max, Min: min, Max: max}
}

// Span returns the visible duration.
func (v View) Span() int64 { return v.T1 - v.T0 }

// X maps time t to a pixel offset across width pixels.
func (v View) X(t int64, width float64) float64 {
	return float64(t-v.T0) * width / float64(v.Span())
}

// T maps a pixel offset across width pixels to a time.
func (v View) T(x, width float64) int64 {
	return v.T0 + int64(math.Round(x*float64(v.Span())/width))
}

// ZoomAt zooms by factor (> 1 zooms in) keeping the time under pixel x
// fixed, as a mouse-wheel zoom does.
func (v View) ZoomAt(x, width, factor float64) View {
	if factor <= 0 || width <= 0 {
		return v
	}
	at := v.T(x, width)
	span := float64(v.Span()) / factor
	frac := x / width
	v.T0 = at - int64(math.Round(span*frac))
	v.T1 = v.T0 + int64(math.Round(span))
	return v.Clamp()
}

// PanBy moves the window by dx pixels (positive shows later times).
func (v View) PanBy(dx, width float64) View {
	if width <= 0 {
		return v
	}
	d := int64(math.Round(dx * float64(v.Span()) / width))
	v.T0 += d
	v.T1 += d
	return v.Clamp()
}

// Fit shows [start, end] with pad (a fraction of its duration) on each
// side, as "zoom to span" does.
func (v View) Fit(start, end int64, pad float64) View {
	d := max(end-start, MinViewSpan)
	p := int64(float64(d) * pad)
	v.T0, v.T1 = start-p, start+d+p
	return v.Clamp()
}

// Clamp keeps the window inside the bounds and at least MinViewSpan wide,
// preserving its width where it can.
func (v View) Clamp() View {
	full := v.Max - v.Min
	span := min(max(v.Span(), MinViewSpan), max(full, MinViewSpan))
	if v.T0 < v.Min {
		v.T0 = v.Min
	}
	if v.T0+span > v.Max && full >= span {
		v.T0 = v.Max - span
	}
	v.T1 = v.T0 + span
	return v
}
