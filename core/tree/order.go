package tree

import (
	"bytes"
	"cmp"
	"math"
	"slices"
)

// linkChildren groups children by parent and roots by trace (counting
// sorts, so children keep batch order until order sorts them) and fills
// ChildCount.
func (bl *builder) linkChildren() {
	f := bl.f
	n := len(f.Parent)
	bl.kidsAt = make([]int32, n+1)
	bl.rootsAt = make([]int32, len(bl.ids)+1)
	for i, p := range f.Parent {
		if p >= 0 {
			bl.kidsAt[p]++
		} else {
			bl.rootsAt[bl.trace[i]]++
		}
	}
	copy(f.ChildCount, bl.kidsAt[:n])
	nroots := prefixSum(bl.rootsAt)
	bl.kids = make([]int32, prefixSum(bl.kidsAt))
	bl.roots = make([]int32, nroots)
	// Filling backwards from each group's end leaves every group in batch
	// order and kidsAt[p] (rootsAt[t]) at the group's start.
	for i := n - 1; i >= 0; i-- {
		if p := f.Parent[i]; p >= 0 {
			bl.kidsAt[p]--
			bl.kids[bl.kidsAt[p]] = int32(i)
		} else {
			t := bl.trace[i]
			bl.rootsAt[t]--
			bl.roots[bl.rootsAt[t]] = int32(i)
		}
	}
}

// prefixSum turns counts a[0:len-1] into running totals ending each group,
// sets the last element to the total and returns it.
func prefixSum(a []int32) int32 {
	var sum int32
	for i := range a[:len(a)-1] {
		sum += a[i]
		a[i] = sum
	}
	a[len(a)-1] = sum
	return sum
}

// children returns the children of span p in their current order.
func (bl *builder) children(p int32) []int32 {
	return bl.kids[bl.kidsAt[p]:bl.kidsAt[p+1]]
}

// order sorts siblings and traces by effective time and lays the forest out
// in depth-first pre-order: Order, Pos, Size, FirstChild, NextSibling and
// Traces.
func (bl *builder) order() {
	f := bl.f
	traces := bl.traceExtents()

	byTime := func(a, b int32) int {
		if c := cmp.Compare(f.Start[a], f.Start[b]); c != 0 {
			return c
		}
		if c := cmp.Compare(f.End[a], f.End[b]); c != 0 {
			return c
		}
		ia, ib := &bl.b.Spans[a].ID, &bl.b.Spans[b].ID
		if c := bytes.Compare(ia[:], ib[:]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	}
	for p := range f.Parent {
		kids := bl.children(int32(p))
		if len(kids) == 0 {
			f.FirstChild[p] = -1
			continue
		}
		slices.SortFunc(kids, byTime)
		f.FirstChild[p] = kids[0]
		for k := 1; k < len(kids); k++ {
			f.NextSibling[kids[k-1]] = kids[k]
		}
		f.NextSibling[kids[len(kids)-1]] = -1
	}
	for t := range traces {
		roots := bl.roots[bl.rootsAt[t]:bl.rootsAt[t+1]:bl.rootsAt[t+1]]
		slices.SortFunc(roots, byTime)
		for _, r := range roots {
			f.NextSibling[r] = -1
		}
		traces[t].Roots = roots
	}

	slices.SortFunc(traces, func(a, b Trace) int {
		if c := cmp.Compare(a.Start, b.Start); c != 0 {
			return c
		}
		return bytes.Compare(a.ID[:], b.ID[:])
	})
	f.Traces = traces

	stack := bl.queue[:0]
	for t := range traces {
		tr := &traces[t]
		tr.First = int32(len(f.Order))
		for k := len(tr.Roots) - 1; k >= 0; k-- {
			stack = append(stack, tr.Roots[k])
		}
		for len(stack) > 0 {
			v := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			f.Pos[v] = int32(len(f.Order))
			f.Order = append(f.Order, v)
			kids := bl.children(v)
			for k := len(kids) - 1; k >= 0; k-- {
				stack = append(stack, kids[k])
			}
		}
		tr.Count = int32(len(f.Order)) - tr.First
	}

	// In reverse pre-order every span comes after its whole subtree.
	for k := len(f.Order) - 1; k >= 0; k-- {
		v := f.Order[k]
		f.Size[v]++
		if p := f.Parent[v]; p >= 0 {
			f.Size[p] += f.Size[v]
		}
	}
	slices.SortFunc(f.Skews, func(a, b Skew) int { return cmp.Compare(f.Pos[a.Span], f.Pos[b.Span]) })
}

// traceExtents returns one Trace per trace number with its id and its
// earliest effective start and latest effective end.
func (bl *builder) traceExtents() []Trace {
	f := bl.f
	traces := make([]Trace, len(bl.ids))
	for t := range traces {
		traces[t] = Trace{ID: bl.ids[t], Start: math.MaxInt64, End: math.MinInt64}
	}
	for i, t := range bl.trace {
		tr := &traces[t]
		tr.Start = min(tr.Start, f.Start[i])
		tr.End = max(tr.End, f.End[i])
	}
	return traces
}
