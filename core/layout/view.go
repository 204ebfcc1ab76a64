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
		if min > math.MaxInt64-MinViewSpan {
			min = math.MaxInt64 - MinViewSpan
		}
		max = min + MinViewSpan
	}
	return View{T0: min, T1: max, Min: min, Max: max}
}

// Span returns the visible duration, clamped to MaxInt64 for a window
// wider than an int64 holds.
func (v View) Span() int64 { return SatSub(v.T1, v.T0) }

// X maps time t to a pixel offset across width pixels.
func (v View) X(t int64, width float64) float64 {
	return SubFloat(t, v.T0) * width / SubFloat(v.T1, v.T0)
}

// T maps a pixel offset across width pixels to a time, clamped to the
// int64 range.
func (v View) T(x, width float64) int64 {
	return addFloat(v.T0, math.Round(x*SubFloat(v.T1, v.T0)/width))
}

// ZoomAt zooms by factor (> 1 zooms in) keeping the time under pixel x
// fixed, as a mouse-wheel zoom does. Non-finite arguments leave v as it is.
func (v View) ZoomAt(x, width, factor float64) View {
	if !(factor > 0) || !(width > 0) || !finite(x) || !finite(width) || !finite(factor) {
		return v
	}
	at := v.T(x, width)
	span := SubFloat(v.T1, v.T0) / factor
	frac := x / width
	v.T0 = addFloat(at, -math.Round(span*frac))
	v.T1 = addFloat(v.T0, math.Round(span))
	return v.Clamp()
}

// PanBy moves the window by dx pixels (positive shows later times).
func (v View) PanBy(dx, width float64) View {
	if !(width > 0) || !finite(dx) || !finite(width) {
		return v
	}
	d := nanos(math.Round(dx * SubFloat(v.T1, v.T0) / width))
	// Stop at the bounds, so that neither end wraps around.
	if d > 0 {
		d = min(d, max(SatSub(v.Max, v.T1), 0))
	} else {
		d = max(d, min(SatSub(v.Min, v.T0), 0))
	}
	v.T0 += d
	v.T1 += d
	return v.Clamp()
}

// Fit shows [start, end] with pad (a fraction of its duration) on each
// side, as "zoom to span" does.
func (v View) Fit(start, end int64, pad float64) View {
	d := max(SatSub(end, start), MinViewSpan)
	p := int64(0)
	if pad > 0 && finite(pad) {
		p = nanos(float64(d) * pad)
	}
	v.T0, v.T1 = SatSub(start, p), SatAdd(SatAdd(start, d), p)
	return v.Clamp()
}

// Clamp keeps the window inside the bounds and at least MinViewSpan wide,
// preserving its width where it can. Bounds narrower than MinViewSpan
// leave the window running past Max, or before Min at the top of the int64
// range.
func (v View) Clamp() View {
	full := SatSub(v.Max, v.Min)
	span := min(max(v.Span(), MinViewSpan), max(full, MinViewSpan))
	if v.T0 < v.Min {
		v.T0 = v.Min
	}
	if SatAdd(v.T0, span) > v.Max && full >= span {
		v.T0 = v.Max - span
	}
	v.T0 = min(v.T0, math.MaxInt64-span)
	v.T1 = v.T0 + span
	return v
}
