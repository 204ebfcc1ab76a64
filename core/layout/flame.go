package layout

import (
	"math"
	"sort"
	"strconv"
)

// Flame lays spans out in lanes by depth, as Perfetto's and speedscope's
// flame charts do: a child sits in a lane below its parent; siblings that
// overlap (async fan-out) are packed into extra lanes instead of being
// drawn on top of each other.
//
// Lanes are grouped into tracks, one band per thread as Perfetto draws a
// Chrome trace: async roots (with a chrome.id) go to the track of their
// (process, name), roots with a thread.id attribute to the track of their
// (process, thread), every other root to the track of its (trace,
// service). A span stays in its root's track, so a tree is never
// split across bands. Tracks are ordered by their process's first start,
// then by their own.
//
// Positions are times (NewFlame) or a rolled-up metric (NewMetricFlame):
// either way Layout reads them through a View, in the flame's own units.
type Flame struct {
	scene  *Scene
	Lane   []int32 // lane of each span; -1 when not drawn
	lanes  []lane
	tracks []Track
	metric Metric
	lo, hi int64
	roots  [][]int32 // per track, while building
}

// Track is one band of lanes: FirstLane up to FirstLane+Lanes.
type Track struct {
	Label     string `json:"label"` // "node · main 9556", or the service
	FirstLane int32  `json:"firstLane"`
	Lanes     int32  `json:"lanes"`
}

// lane holds the spans of one lane, sorted by start and never overlapping,
// so that a viewport is found by binary search.
type lane struct {
	spans  []int32
	starts []int64
	ends   []int64
	errs   []int32 // errs[k] = error spans among spans[:k]
}

// ThreadIDKey and ThreadNameKey are the span attributes (OpenTelemetry's
// thread.id and thread.name, which the Chrome decoder writes from tid and
// thread_name) that put a root in its thread's track.
// AsyncIDKey is the id of a Chrome async event (b/e/n), which the
// decoder writes.
const (
	ThreadIDKey   = "thread.id"
	ThreadNameKey = "thread.name"
	AsyncIDKey    = "chrome.id"
)

// NewFlame packs the spans of trace (an index into Forest.Traces, or -1 for
// every trace) into tracks of lanes by time; spans of other traces get lane
// -1.
func NewFlame(s *Scene, trace int) *Flame {
	f := s.Forest
	fl := newFlame(s, trace)
	fl.pack(f.Start, f.End, nil)
	// The default window starts at the first span that lasts: instants
	// and metadata before it (Node's nodeStart, 70 ms ahead of the
	// first V8 span) would otherwise open the picture with idle time.
	fl.lo, fl.hi = math.MaxInt64, math.MinInt64
	first := int64(math.MaxInt64)
	for _, t := range fl.tracks {
		for r := t.FirstLane; r < t.FirstLane+t.Lanes; r++ {
			l := &fl.lanes[r]
			for k := range l.spans {
				first = min(first, l.starts[k])
				if l.ends[k] > l.starts[k] {
					fl.lo = min(fl.lo, l.starts[k])
				}
				fl.hi = max(fl.hi, l.ends[k])
			}
		}
	}
	if fl.lo > fl.hi {
		fl.lo = first
	}
	switch {
	case fl.lo > fl.hi: // no spans
		fl.lo, fl.hi = 0, 1
	case fl.lo == fl.hi: // instants only: a window 1 ns wide that ends inside the int64 range
		fl.lo = min(fl.lo, math.MaxInt64-1)
		fl.hi = fl.lo + 1
	}
	return fl
}

// newFlame groups the roots of trace into tracks; pack fills them.
func newFlame(s *Scene, trace int) *Flame {
	f := s.Forest
	fl := &Flame{scene: s, Lane: make([]int32, len(f.Parent))}
	for i := range fl.Lane {
		fl.Lane[i] = -1
	}
	traces := f.Traces
	if trace >= 0 && trace < len(traces) {
		traces = traces[trace : trace+1]
	}
	type band struct {
		key, group string
		label      string
		roots      []int32
		first      int64
	}
	var bands []*band
	byKey := map[string]*band{}
	groupFirst := map[string]int64{}
	for ti := range traces {
		t := &traces[ti]
		for _, r := range t.Roots {
			sp := &f.Batch.Spans[r]
			var key, group, label string
			if id, ok := sp.Attrs.Get(AsyncIDKey); ok && id.AsString() != "" {
				// Async slices ride a track per process and name, as
				// Perfetto draws them, not their emitting thread's.
				group = "p" + strconv.Itoa(int(sp.Resource)) + "\x00" + sp.Service
				key = group + "\x00a" + sp.Name
				label = sp.Service + " · " + sp.Name
			} else if tid, ok := sp.Attrs.Get(ThreadIDKey); ok {
				group = "p" + strconv.Itoa(int(sp.Resource)) + "\x00" + sp.Service
				key = group + "\x00" + tid.AsString()
				label = sp.Service + " · "
				if name, ok := sp.Attrs.Get(ThreadNameKey); ok && name.AsString() != "" {
					label += name.AsString() + " "
				} else {
					label += "tid "
				}
				label += tid.AsString()
			} else {
				key = "t" + strconv.Itoa(ti) + "\x00" + sp.Service
				group = key
				label = sp.Service
				if len(traces) > 1 {
					label += " · trace " + t.ID.Short()
				}
			}
			b := byKey[key]
			if b == nil {
				b = &band{key: key, group: group, label: label, first: f.Start[r]}
				byKey[key] = b
				bands = append(bands, b)
			}
			b.roots = append(b.roots, r)
			b.first = min(b.first, f.Start[r])
			if g, ok := groupFirst[group]; !ok || f.Start[r] < g {
				groupFirst[group] = f.Start[r]
			}
		}
	}
	sort.SliceStable(bands, func(a, b int) bool {
		ga, gb := groupFirst[bands[a].group], groupFirst[bands[b].group]
		if ga != gb {
			return ga < gb
		}
		if bands[a].group != bands[b].group {
			return bands[a].group < bands[b].group
		}
		return bands[a].first < bands[b].first
	})
	fl.roots = make([][]int32, len(bands))
	fl.tracks = make([]Track, len(bands))
	for k, b := range bands {
		fl.roots[k] = b.roots
		fl.tracks[k].Label = b.label
	}
	return fl
}

// pack places the subtrees of each track's roots into the track's lanes,
// by the positions [start[i], end[i]]; spans for which drop is true (and
// their subtrees) are left out.
func (fl *Flame) pack(start, end []int64, drop []bool) {
	f := fl.scene.Forest
	var fit firstFit
	for k, roots := range fl.roots {
		first := int32(len(fl.lanes))
		fit.reset()
		for _, root := range roots {
			for _, i := range f.Subtree(root) {
				r := int32(0)
				if p := f.Parent[i]; p >= 0 {
					if fl.Lane[p] < 0 {
						continue // under a dropped span
					}
					r = fl.Lane[p] - first + 1
				}
				if drop != nil && drop[i] {
					continue
				}
				r = int32(fit.find(int(r), start[i]))
				if int(r) == fit.n {
					fl.lanes = append(fl.lanes, lane{})
				}
				e := max(end[i], start[i])
				fit.set(int(r), e)
				fl.Lane[i] = first + r
				l := &fl.lanes[first+r]
				l.spans = append(l.spans, i)
				l.starts = append(l.starts, start[i])
				l.ends = append(l.ends, e)
			}
		}
		fl.tracks[k].FirstLane, fl.tracks[k].Lanes = first, int32(len(fl.lanes))-first
	}
	fl.roots = nil
	for k := range fl.lanes {
		l := &fl.lanes[k]
		l.errs = make([]int32, len(l.spans)+1)
		for j, i := range l.spans {
			l.errs[j+1] = l.errs[j]
			if fl.scene.Base[i]&FlagError != 0 {
				l.errs[j+1]++
			}
		}
	}
}

// Tracks returns the bands of lanes, in drawing order; they cover the
// lanes from 0 up without gaps. A track whose spans were all dropped (a
// metric flame's thread that spent nothing) has no lanes.
func (fl *Flame) Tracks() []Track { return fl.tracks }

// Extent returns the flame's default window [lo, hi] (lo < hi) in its own
// units: for
// a time flame from the first span that lasts (leading instants and idle
// time trimmed) to the last end, in the forest's time base; for a metric
// flame from 0 to the widest track's total (at least 1).
func (fl *Flame) Extent() (lo, hi int64) { return fl.lo, fl.hi }

// Metric returns what the flame's widths measure.
func (fl *Flame) Metric() Metric { return fl.metric }

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
