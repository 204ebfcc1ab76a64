package chrome

import (
	"cmp"
	"math"
	"slices"

	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/core/tree"
)

// chromePlacement is where each span goes in a Chrome trace: pid and tid
// per span index, and the service of each pid (pid = index+1).
type chromePlacement struct {
	pid, tid []int32
	services []string
}

// chromeLanes gives each service a pid and each span a tid (a lane) so that
// the X events of one thread nest properly: any two either are disjoint or
// one contains the other. Viewers nest slices on a thread by time alone and
// mis-draw (or move to an overflow track) slices that overlap without
// nesting, which async fan-out produces all the time.
//
// Within one pid, spans are placed in order of start (longer first, parents
// before children on ties). A span goes on its parent's lane when the parent
// is in the same process, contains it, and is still the innermost open
// slice there, so it is drawn under its parent. Otherwise (a root, a child
// of another service, a child overlapping an earlier sibling that is still
// running, a child outliving its parent) it goes on the lowest-numbered
// lane that is free at its start, or on a new one. A subtree therefore
// stays on one lane until a sibling overlaps it, and only overlapping
// async work costs lanes. Each span costs O(log lanes), plus one sort.
//
// Simpler choices fail: one tid per trace breaks on the first concurrent
// siblings, and one per span makes a flat list that shows no nesting.
func chromeLanes(b *model.Batch) chromePlacement {
	n := len(b.Spans)
	pl := chromePlacement{pid: make([]int32, n), tid: make([]int32, n)}
	svc := map[string]int32{}
	for i := range b.Spans {
		s := b.Spans[i].Service
		p, ok := svc[s]
		if !ok {
			pl.services = append(pl.services, s)
			p = int32(len(pl.services))
			svc[s] = p
		}
		pl.pid[i] = p
	}
	// The tree supplies parents (cycles broken, duplicates resolved as
	// everywhere else) and depths, which break ties between equal slices.
	f := tree.Build(b, tree.Options{})
	parent, depth := f.Parent, f.Depth
	end := func(i int32) int64 { return max(b.Spans[i].End, b.Spans[i].Start) }
	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(x, y int32) int {
		if c := cmp.Compare(pl.pid[x], pl.pid[y]); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Spans[x].Start, b.Spans[y].Start); c != 0 {
			return c
		}
		if c := cmp.Compare(end(y), end(x)); c != 0 {
			return c
		}
		if c := cmp.Compare(depth[x], depth[y]); c != 0 {
			return c
		}
		return cmp.Compare(x, y)
	})

	var ls laneSet
	for k, i := range order {
		if k == 0 || pl.pid[i] != pl.pid[order[k-1]] {
			ls.reset()
		}
		s, e := b.Spans[i].Start, end(i)
		if p := parent[i]; p >= 0 && pl.pid[p] == pl.pid[i] && pl.tid[p] > 0 {
			l := &ls.lanes[pl.tid[p]-1]
			for len(l.stack) > 0 && !overlaps(b, l.stack[len(l.stack)-1], s, e) {
				l.stack = l.stack[:len(l.stack)-1]
			}
			if len(l.stack) > 0 && l.stack[len(l.stack)-1] == p && e <= end(p) {
				l.stack = append(l.stack, i)
				if e == s {
					l.zero = s
				}
				pl.tid[i] = pl.tid[p]
				continue
			}
		}
		pl.tid[i] = ls.take(i, s, e) + 1
	}
	return pl
}

// overlaps reports whether slice j (already placed, starting no later than
// s) still holds a slice [s, e] placed after it. Slices that only touch do
// not overlap, except where a zero-length slice is involved: readers that
// nest by closed-interval containment put a zero-length slice at t inside
// any slice that starts or ends at t.
func overlaps(b *model.Batch, j int32, s, e int64) bool {
	je := max(b.Spans[j].End, b.Spans[j].Start)
	return je > s || je == s && (e == s || b.Spans[j].Start == je)
}

// laneSet is the lanes of one process: each lane's stack of open slices,
// the busy lanes in a min-heap by the time they become free, and the idle
// ones in a min-heap by index. Spans arrive in start order, so a lane that
// is idle stays idle until taken.
type laneSet struct {
	lanes []lane
	busy  laneHeap
	idle  laneHeap
}

type lane struct {
	stack []int32 // open slices, outermost first
	free  int64   // latest end of any slice placed on the lane
	zero  int64   // latest time of a zero-length slice on the lane
}

func (ls *laneSet) reset() {
	ls.lanes = ls.lanes[:0]
	ls.busy = laneHeap{less: func(a, b int32) bool {
		fa, fb := ls.lanes[a].free, ls.lanes[b].free
		return fa < fb || fa == fb && a < b
	}}
	ls.idle = laneHeap{less: func(a, b int32) bool { return a < b }}
}

// take puts span i ([s, e]) at the bottom of a lane free at s, or of a new
// lane, and returns the lane. Lanes free before s are idle and the
// lowest-numbered is taken; a lane whose last slice ends exactly at s is
// taken only when no zero-length slice makes the two touch (see overlaps).
func (ls *laneSet) take(i int32, s, e int64) int32 {
	for len(ls.busy.a) > 0 && ls.lanes[ls.busy.a[0]].free < s {
		ls.idle.push(ls.busy.pop())
	}
	var l int32
	switch {
	case len(ls.idle.a) > 0:
		l = ls.idle.pop()
	case len(ls.busy.a) > 0 && ls.lanes[ls.busy.a[0]].free == s && e > s && ls.lanes[ls.busy.a[0]].zero != s:
		l = ls.busy.pop()
	default:
		l = int32(len(ls.lanes))
		ls.lanes = append(ls.lanes, lane{zero: math.MinInt64})
	}
	ln := &ls.lanes[l]
	ln.stack = append(ln.stack[:0], i)
	ln.free = e
	if e == s {
		ln.zero = s
	}
	ls.busy.push(l)
	return l
}

// laneHeap is a binary min-heap of lane indices.
type laneHeap struct {
	a    []int32
	less func(a, b int32) bool
}

func (h *laneHeap) push(l int32) {
	h.a = append(h.a, l)
	for j := len(h.a) - 1; j > 0; {
		p := (j - 1) / 2
		if !h.less(h.a[j], h.a[p]) {
			break
		}
		h.a[j], h.a[p] = h.a[p], h.a[j]
		j = p
	}
}

func (h *laneHeap) pop() int32 {
	top := h.a[0]
	n := len(h.a) - 1
	h.a[0] = h.a[n]
	h.a = h.a[:n]
	for j := 0; ; {
		c := 2*j + 1
		if c >= n {
			break
		}
		if c+1 < n && h.less(h.a[c+1], h.a[c]) {
			c++
		}
		if !h.less(h.a[c], h.a[j]) {
			break
		}
		h.a[j], h.a[c] = h.a[c], h.a[j]
		j = c
	}
	return top
}
