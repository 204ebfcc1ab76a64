package layout

import (
	"math"
	"sort"
)

// Flame lays spans out in lanes by depth, as Perfetto's and speedscope's
// flame charts do: a child sits in a lane below its parent; siblings that
// overlap in time (async fan-out) are packed into extra lanes instead of
// being drawn on top of each other.
type Flame struct {
	scene *Scene
	Lane  []int32 // lane of each span
	lanes []lane
}

// lane holds the spans of one lane, sorted by start and never overlapping,
// so that a viewport is found by binary search.
type lane struct {
	spans  []int32
	starts []int64
	ends   []int64
	errs   []int32 // errs[k] = error spans among spans[:k]
}

// NewFlame packs the spans of trace (an index into Forest.Traces, or -1 for
// every trace) into lanes; spans of other traces get lane -1.
func NewFlame(s *Scene, trace int) *Flame {
	f := s.Forest
	order := f.Order
	if trace >= 0 && trace < len(f.Traces) {
		t := f.Traces[trace]
		order = order[t.First : t.First+t.Count]
	}
	fl := &Flame{scene: s, Lane: make([]int32, len(f.Parent))}
	if len(order) < len(f.Order) {
		for i := range fl.Lane {
			fl.Lane[i] = -1
		}
	}
	var laneEnd []int64 // end of the last span placed in each lane
	for _, i := range order {
		r := int32(0)
		if p := f.Parent[i]; p >= 0 {
			r = fl.Lane[p] + 1
		}
		for int(r) < len(laneEnd) && laneEnd[r] > f.Start[i] {
			r++
		}
		if int(r) == len(laneEnd) {
			laneEnd = append(laneEnd, 0)
			fl.lanes = append(fl.lanes, lane{})
		}
		end := max(f.End[i], f.Start[i])
		laneEnd[r] = end
		fl.Lane[i] = r
		l := &fl.lanes[r]
		l.spans = append(l.spans, i)
		l.starts = append(l.starts, f.Start[i])
		l.ends = append(l.ends, end)
	}
	for k := range fl.lanes {
		l := &fl.lanes[k]
		l.errs = make([]int32, len(l.spans)+1)
		for j, i := range l.spans {
			l.errs[j+1] = l.errs[j]
			if s.Base[i]&FlagError != 0 {
				l.errs[j+1]++
			}
		}
	}
	return fl
}

// Lanes returns the number of lanes.
func (fl *Flame) Lanes() int { return len(fl.lanes) }

// Layout returns the bars of the lanes in vp's row window inside the view.
// Runs of bars narrower than MinBarPx merge into dense blocks, found by
// binary search, so the work and the output are bounded by the viewport's
// pixels rather than by the number of spans. Dense blocks carry FlagError
// when any span in them failed; selection, critical-path and search marks
// apply to plain bars only. Bars inside the window do not overlap and
// each is at least MinBarPx wide or followed by a gap of MinBarPx, so a
// lane holds at most about 2·Width/MinBarPx of them. A viewport or view
// that fails Validate gets no bars.
func (fl *Flame) Layout(v View, vp Viewport, m Marks) *Bars {
	b := &Bars{}
	if vp.Validate() != nil || v.Validate() != nil {
		return b
	}
	first, last := rowWindow(vp, len(fl.lanes))
	for r := first; r < last; r++ {
		fl.layoutLane(b, int32(r), v, vp, &m)
	}
	return b
}

func (fl *Flame) layoutLane(b *Bars, r int32, v View, vp Viewport, m *Marks) {
	f := fl.scene.Forest
	l := &fl.lanes[r]
	n := len(l.spans)
	minPx := vp.minPx()
	width := vp.Width
	i := sort.Search(n, func(k int) bool { return l.ends[k] >= v.T0 })
	for i < n && l.starts[i] <= v.T1 {
		x0, x1 := v.X(l.starts[i], width), v.X(l.ends[i], width)
		s := l.spans[i]
		if x1-x0 >= minPx {
			b.add(s, r, max(x0, -1), min(x1, width+1)-max(x0, -1), f.Depth[s], fl.scene.Color[s], fl.scene.flags(s, m), 1)
			i++
			continue
		}
		// A dense run: skip whole pixel columns of tiny spans at a time.
		// Spans in a lane do not overlap, so all spans starting inside a
		// column end inside it except possibly the last one.
		runStart, runEnd, from := x0, x1, i
		for i < n && l.starts[i] <= v.T1 {
			xs := v.X(l.starts[i], width)
			if xs > runEnd+minPx || v.X(l.ends[i], width)-xs >= minPx {
				break
			}
			next := v.T(math.Trunc(xs)+minPx, width)
			j := i + 1 + sort.Search(n-i-1, func(k int) bool { return l.starts[i+1+k] >= next })
			if last := j - 1; last > i && v.X(l.ends[last], width)-v.X(l.starts[last], width) >= minPx {
				j = last // a wide span ends the run; draw it on its own
			}
			runEnd = max(runEnd, v.X(l.ends[j-1], width))
			i = j
		}
		fl.addDense(b, r, from, i, runStart, runEnd, minPx, width)
	}
}

// addDense emits spans[from:to] of lane r as one block (or a plain bar when
// the run holds one span).
func (fl *Flame) addDense(b *Bars, r int32, from, to int, x0, x1, minPx, width float64) {
	l := &fl.lanes[r]
	s := l.spans[from]
	x0 = max(x0, -1)
	w := max(min(x1, width+1)-x0, minPx)
	var flags uint8
	if l.errs[to]-l.errs[from] > 0 {
		flags |= FlagError
	}
	count := int32(to - from)
	if count > 1 {
		flags |= FlagDense
	}
	b.add(s, r, x0, w, fl.scene.Forest.Depth[s], fl.scene.Color[s], flags, count)
}
