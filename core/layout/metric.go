package layout

import (
	"math"
	"strconv"

	"github.com/spanlens/spanlens/core/analyze"
	"github.com/spanlens/spanlens/internal/msg"
)

// Metric is what a flame's widths measure: time, or what the spans
// consumed, so that an agent developer sees at a glance which sub-agent or
// tool loop spends the tokens or the money.
type Metric uint8

const (
	MetricTime   Metric = iota // duration (the default)
	MetricTokens               // tokens, input plus output
	MetricCost                 // cost in USD
)

// Units of a metric flame's positions: integers, so that the View and the
// level-of-detail merging work on them as on nanoseconds.
const (
	TokenUnits = 1000 // per token: a window may zoom to a tenth of one (MinViewSpan)
	CostUnits  = 1e9  // per USD: nano-dollars
)

// String returns the name ParseMetric reads.
func (m Metric) String() string {
	switch m {
	case MetricTokens:
		return "tokens"
	case MetricCost:
		return "cost"
	}
	return "time"
}

// ParseMetric reads "time" (or ""), "tokens" or "cost".
func ParseMetric(s string) (Metric, error) {
	switch s {
	case "", "time":
		return MetricTime, nil
	case "tokens":
		return MetricTokens, nil
	case "cost":
		return MetricCost, nil
	}
	return 0, msg.Errorf("layout: unknown metric %q (want time, tokens or cost)", s)
}

// Units returns the usage u in m's integer units (0 for time).
func (m Metric) Units(u *analyze.Usage) int64 {
	switch m {
	case MetricTokens:
		return satMul(u.Total, TokenUnits)
	case MetricCost:
		return nanos(math.Round(u.Cost * CostUnits))
	}
	return 0
}

// satMul returns a·b clamped to the int64 range, for b > 0.
func satMul(a, b int64) int64 {
	switch {
	case a > math.MaxInt64/b:
		return math.MaxInt64
	case a < math.MinInt64/b:
		return math.MinInt64
	}
	return a * b
}

// NewMetricFlame lays out the spans of trace (as NewFlame) with widths
// proportional to rolled[i] (analyze.Rollup of analyze.Usages: what each
// subtree consumed) in metric m instead of time: each track's roots side by
// side from 0 in start order, each span's children left to right inside it
// in start order (speedscope's time-ordered flame), so a parent is as wide
// as its children and what it spent itself. Spans whose subtree spent
// nothing are dropped. m = MetricTime gives NewFlame.
func NewMetricFlame(s *Scene, trace int, m Metric, rolled []analyze.Usage) *Flame {
	if m == MetricTime || len(rolled) != len(s.Forest.Parent) {
		return NewFlame(s, trace)
	}
	f := s.Forest
	fl := newFlame(s, trace)
	fl.metric = m
	n := len(f.Parent)
	start, end := make([]int64, n), make([]int64, n)
	next := make([]int64, n) // where the next child of span i starts
	drop := make([]bool, n)
	for _, roots := range fl.roots {
		var x int64 // the track's cursor
		for _, root := range roots {
			for _, i := range f.Subtree(root) {
				w := m.Units(&rolled[i])
				if p := f.Parent[i]; p >= 0 {
					if drop[p] {
						drop[i] = true
						continue
					}
					// Rounding each subtree's cost to units may make the
					// children a unit wider than their parent: clip.
					start[i] = next[p]
					w = min(w, SatSub(end[p], start[i]))
				} else {
					start[i] = x
				}
				if w <= 0 {
					drop[i] = true
					continue
				}
				end[i] = SatAdd(start[i], w)
				next[i] = start[i]
				if p := f.Parent[i]; p >= 0 {
					next[p] = end[i]
				} else {
					x = end[i]
				}
			}
		}
		fl.hi = max(fl.hi, x)
	}
	fl.pack(start, end, drop)
	fl.hi = max(fl.hi, 1)
	return fl
}

// Ticks returns the axis marks of [t0, t1] in the flame's units: times as
// Ticks labels them, tokens as "1.5k", cost as "$0.002".
func (m Metric) Ticks(t0, t1 int64, width, minGap float64) []Tick {
	ticks := Ticks(t0, t1, width, minGap)
	if m == MetricTime || len(ticks) < 1 {
		return ticks
	}
	step := NiceStep(SubFloat(t1, t0))
	if len(ticks) > 1 {
		step = ticks[1].T - ticks[0].T
	}
	for k := range ticks {
		ticks[k].Label = m.Format(ticks[k].T, step)
	}
	return ticks
}

// Format renders v (in m's units) with the precision step needs: "1.5k"
// tokens, "$0.0025", and 0 bare ("0", "$0") as the time axis starts; for
// time, FormatDuration.
func (m Metric) Format(v, step int64) string {
	if v == 0 && m != MetricTime {
		if m == MetricCost {
			return "$0"
		}
		return "0"
	}
	switch m {
	case MetricTokens:
		x, st := float64(v)/TokenUnits, float64(step)/TokenUnits
		switch {
		case math.Abs(x) >= 1e6 && st >= 1e5:
			return trimDecimal(x/1e6, st/1e6) + "M"
		case math.Abs(x) >= 1e3 && st >= 100:
			return trimDecimal(x/1e3, st/1e3) + "k"
		}
		return trimDecimal(x, st)
	case MetricCost:
		return "$" + trimDecimal(float64(v)/CostUnits, float64(step)/CostUnits)
	}
	return FormatDuration(v, step)
}

// trimDecimal prints x with as many decimals as step needs (at most 9).
func trimDecimal(x, step float64) string {
	dec := 0
	for r := step; math.Abs(r-math.Round(r)) > 1e-9*max(1, r) && dec < 9; r *= 10 {
		dec++
	}
	return strconv.FormatFloat(x, 'f', dec, 64)
}
