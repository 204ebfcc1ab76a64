package layout

import (
	"math"
	"strconv"
)

// Tick is one labelled mark on the time axis.
type Tick struct {
	X     float64 `json:"x"`     // pixels from the left edge
	T     int64   `json:"t"`     // ns since the axis origin
	Label string  `json:"label"` // e.g. "250ms", "1.5s"
}

// Ticks returns marks for the time range [t0, t1] (ns since the axis
// origin, usually the trace start) drawn across width pixels, at a "nice"
// step of 1, 2 or 5 × 10^k ns chosen so that marks are at least minGap
// pixels apart.
func Ticks(t0, t1 int64, width, minGap float64) []Tick {
	if t1 <= t0 || width <= 0 || minGap <= 0 {
		return nil
	}
	step := NiceStep(float64(t1-t0) * minGap / width)
	first := int64(math.Ceil(float64(t0)/float64(step))) * step
	scale := width / float64(t1-t0)
	var out []Tick
	for t := first; t <= t1; t += step {
		out = append(out, Tick{X: float64(t-t0) * scale, T: t, Label: FormatDuration(t, step)})
	}
	return out
}

// NiceStep returns the smallest 1, 2 or 5 × 10^k ns that is ≥ min (and at
// least 1 ns).
func NiceStep(min float64) int64 {
	if min <= 1 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(min)))
	for _, m := range []float64{1, 2, 5, 10} {
		if s := m * p; s >= min-1e-9 {
			return int64(math.Round(s))
		}
	}
	return int64(10 * p)
}

// FormatDuration renders ns in the unit that suits step (the precision the
// reader needs): "0", "750µs", "1.25ms", "2s", "1m30s".
func FormatDuration(ns, step int64) string {
	if ns == 0 {
		return "0"
	}
	neg := ns < 0
	if neg {
		ns = -ns
	}
	var s string
	switch {
	case ns >= 60e9 && step >= 1e9:
		m := ns / 60e9
		rest := ns - m*60e9
		s = strconv.FormatInt(m, 10) + "m"
		if rest > 0 {
			s += trimFloat(float64(rest)/1e9, step, 1e9) + "s"
		}
	case ns >= 1e9 || step >= 1e9:
		s = trimFloat(float64(ns)/1e9, step, 1e9) + "s"
	case ns >= 1e6 || step >= 1e6:
		s = trimFloat(float64(ns)/1e6, step, 1e6) + "ms"
	case ns >= 1e3 || step >= 1e3:
		s = trimFloat(float64(ns)/1e3, step, 1e3) + "µs"
	default:
		s = strconv.FormatInt(ns, 10) + "ns"
	}
	if neg {
		s = "-" + s
	}
	return s
}

// trimFloat prints v with as many decimals as step/unit needs to be
// written exactly.
func trimFloat(v float64, step, unit int64) string {
	dec := 0
	for r := float64(step) / float64(unit); math.Abs(r-math.Round(r)) > 1e-9 && dec < 6; r *= 10 {
		dec++
	}
	return strconv.FormatFloat(v, 'f', dec, 64)
}

// ShortDuration formats a span duration with about three significant
// digits: "1.10s", "300ms", "12.5µs", "950ns".
func ShortDuration(ns int64) string {
	switch {
	case ns >= 1e9:
		return strconv.FormatFloat(float64(ns)/1e9, 'f', 2, 64) + "s"
	case ns >= 10e6:
		return strconv.FormatInt(ns/1e6, 10) + "ms"
	case ns >= 1e6:
		return strconv.FormatFloat(float64(ns)/1e6, 'f', 1, 64) + "ms"
	case ns >= 100e3:
		return strconv.FormatInt(ns/1e3, 10) + "µs"
	case ns >= 1e3:
		return strconv.FormatFloat(float64(ns)/1e3, 'f', 1, 64) + "µs"
	}
	return FormatDuration(ns, 1)
}
