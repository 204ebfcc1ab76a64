package analyze

import (
	"cmp"
	"slices"

	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/core/tree"
)

// Segment is a stretch of time [Start, End) during which span Span was on
// the critical path: the work that, had it been faster, would have made
// the root finish sooner.
type Segment struct {
	Span       int32
	Start, End int64
}

// CriticalPath returns the critical path of root's subtree in time order.
// The segments tile the root's window exactly, so their lengths sum to the
// root's duration.
//
// It follows Jaeger UI's algorithm: consumer spans under a producer are
// dropped as non-blocking, with their subtrees; every child is clipped to
// its (clipped) parent's window, and children wholly outside it are dropped;
// then, walking back from the root's end, each span hands the path to its
// last-finishing child that ends no later than the current point, and keeps
// for itself the gaps between such children.
//
// Unlike Jaeger UI it walks iteratively (a million-deep chain is fine),
// sorts each span's children by end once instead of rescanning them, and
// builds the result back to front and reverses it once: O(n log n) in the
// subtree size. A child ending exactly where the next one starts (a
// sequential step) is taken, where Jaeger UI's strict "ends before" skips it
// and charges its time to the parent.
func CriticalPath(f *tree.Forest, root int32) []Segment {
	sub := f.Subtree(root)
	n := len(sub)
	base := f.Pos[root]
	spans := f.Batch.Spans

	// Clipped windows, indexed by position in sub. A dropped span gets an
	// empty window with end < start.
	times := make([]int64, 2*n)
	start, end := times[:n], times[n:]
	kept := func(l int32) bool { return end[l] >= start[l] }
	// parent: local parent; off: l's kept children are kids[off[l]:off[l+1]];
	// next: per span, the cursor into its children during the walk.
	ints := make([]int32, 4*n+1)
	parent, off, kids, next := ints[:n], ints[n:2*n+1], ints[2*n+1:3*n+1], ints[3*n+1:]

	start[0], end[0], parent[0] = f.Start[root], f.Start[root]+f.Duration(root), -1
	for l := 1; l < n; l++ {
		s := sub[l]
		lp := f.Pos[f.Parent[s]] - base
		parent[l] = lp
		start[l], end[l] = 0, -1
		if !kept(lp) || spans[sub[lp]].Kind == model.KindProducer && spans[s].Kind == model.KindConsumer {
			continue
		}
		cs, ce := f.Start[s], f.Start[s]+f.Duration(s)
		ps, pe := start[lp], end[lp]
		if cs >= pe || ce <= ps && cs < ps {
			continue
		}
		start[l], end[l] = max(cs, ps), min(ce, pe)
		off[lp+1]++
	}
	for l := 1; l <= n; l++ {
		off[l] += off[l-1]
	}
	copy(next, off[:n])
	for l := int32(1); l < int32(n); l++ {
		if kept(l) {
			lp := parent[l]
			kids[next[lp]] = l
			next[lp]++
		}
	}
	// Each span's children, latest end first; ties keep start order, so the
	// earliest-starting child is taken first, as in Jaeger UI.
	byEndDesc := func(a, b int32) int { return cmp.Compare(end[b], end[a]) }
	for l := range n {
		if k := kids[off[l]:off[l+1]]; len(k) > 1 {
			slices.SortStableFunc(k, byEndDesc)
		}
	}
	copy(next, off[:n])

	// Walk back from the root's end. A child passed over (ending after the
	// current point) can never qualify later, because the point only moves
	// back, so each span's cursor only advances.
	var path []Segment
	emit := func(l int32, from, to int64) {
		if from >= to {
			return
		}
		s := sub[l]
		if k := len(path) - 1; k >= 0 && path[k].Span == s && path[k].Start == to {
			path[k].Start = from
			return
		}
		path = append(path, Segment{Span: s, Start: from, End: to})
	}
	cur, point := int32(0), end[0]
	for {
		child := int32(-1)
		for next[cur] < off[cur+1] {
			k := kids[next[cur]]
			next[cur]++
			if end[k] <= point {
				child = k
				break
			}
		}
		if child >= 0 {
			emit(cur, end[child], point)
			point, cur = end[child], child
			continue
		}
		emit(cur, start[cur], point)
		point = start[cur]
		if cur == 0 {
			break
		}
		cur = parent[cur]
	}
	slices.Reverse(path)
	return path
}

// TraceCriticalPath returns the critical path of trace t of the forest:
// the rule for which roots a trace's path covers. A trace with one root
// has that root's path. With several roots (orphaned subtrees, traces
// stitched from several services), the roots stand as the children of the
// trace's window and are walked as CriticalPath walks children: from the
// trace's end, the path takes the last-finishing root that ends no later
// than the current point, that root's own path, then the next root ending
// before it started, and so on. Time between such roots, covered by no
// root, is idle and on no segment, so the segments' lengths sum to the
// trace's duration less that idle time.
func TraceCriticalPath(f *tree.Forest, t int) []Segment {
	roots := slices.Clone(f.Traces[t].Roots)
	end := func(r int32) int64 { return f.Start[r] + f.Duration(r) }
	// Latest end first; ties keep start order, as for children.
	slices.SortStableFunc(roots, func(a, b int32) int { return cmp.Compare(end(b), end(a)) })
	var parts [][]Segment
	point := int64(0)
	for k, r := range roots {
		if k > 0 && end(r) > point {
			continue
		}
		parts = append(parts, CriticalPath(f, r))
		point = f.Start[r]
	}
	slices.Reverse(parts)
	return slices.Concat(parts...)
}
