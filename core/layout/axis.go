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
// pixels apart. It returns at most MaxTicks marks, widening the gap when
// width/minGap asks for more, and none when width or minGap is not a
// positive finite number; times anywhere in the int64 range are safe.
func Ticks(t0, t1 int64, width, minGap float64) []Tick {
	if t1 <= t0 || !(width > 0) || !(minGap > 0) || !finite(width) || !finite(minGap) {
		return nil
	}
	span := SubFloat(t1, t0)
	gap := max(minGap, width/(MaxTicks-1))
	step := NiceStep(span * gap / width)
	// The first multiple of step at or after t0, in integers: a float
	// would round epoch nanoseconds.
	q := t0 / step
	if t0 > 0 && t0%step != 0 {
		q++
	}
	if q > math.MaxInt64/step {
		return nil // the next multiple is past the int64 range
	}
	scale := width / span
	var out []Tick
	for t := q * step; t <= t1 && len(out) < MaxTicks; t += step {
		out = append(out, Tick{X: SubFloat(t, t0) * scale, T: t, Label: FormatDuration(t, step)})
		if t > math.MaxInt64-step {
			break // the next step would wrap around
		}
	}
	return out
}

// maxStep is the largest 1, 2 or 5 × 10^k an int64 holds.
const maxStep = 5e18

// NiceStep returns the smallest 1, 2 or 5 × 10^k ns that is ≥ min (and at
// least 1 ns, at most maxStep).
func NiceStep(min float64) int64 {
	if !(min > 1) { // also NaN
		return 1
	}
	if min >= maxStep {
		return maxStep
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
	// The magnitude as uint64, since −MinInt64 does not fit an int64.
	u := uint64(ns)
	if neg {
		u = -u
	}
	var s string
	switch {
	case u >= 60e9 && step >= 1e9:
		m := u / 60e9
		rest := u - m*60e9
		s = strconv.FormatUint(m, 10) + "m"
		if rest > 0 {
			s += trimFloat(float64(rest)/1e9, step, 1e9) + "s"
		}
	case u >= 1e9 || step >= 1e9:
		s = trimFloat(float64(u)/1e9, step, 1e9) + "s"
	case u >= 1e6 || step >= 1e6:
		s = trimFloat(float64(u)/1e6, step, 1e6) + "ms"
	case u >= 1e3 || step >= 1e3:
		s = trimFloat(float64(u)/1e3, step, 1e3) + "µs"
	default:
		s = strconv.FormatUint(u, 10) + "ns"
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

// ShortDuration formats a span duration compactly: seconds with two
// decimals ("1.10s"); milliseconds and microseconds whole from 10 up
// ("300ms", "30µs") and with one decimal below ("5.1ms", "2.5µs");
// nanoseconds whole ("950ns").
func ShortDuration(ns int64) string {
	switch {
	case ns >= 1e9:
		return strconv.FormatFloat(float64(ns)/1e9, 'f', 2, 64) + "s"
	case ns >= 10e6:
		return strconv.FormatInt(ns/1e6, 10) + "ms"
	case ns >= 1e6:
		return strconv.FormatFloat(float64(ns)/1e6, 'f', 1, 64) + "ms"
	case ns >= 10e3: // as milliseconds: whole from 10 up, so "30µs" sits beside "48ms"
		return strconv.FormatInt(ns/1e3, 10) + "µs"
	case ns >= 1e3:
		return strconv.FormatFloat(float64(ns)/1e3, 'f', 1, 64) + "µs"
	}
	return FormatDuration(ns, 1)
}
