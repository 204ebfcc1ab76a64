package tree

import "github.com/spanlens/spanlens/core/model"

// Build returns the forest of every trace in b. It never modifies b: the raw
// span times stay in b.Spans, the effective ones go to Forest.Start and
// Forest.End.
//
// Spans are grouped by trace id, and traces are ordered by their earliest
// effective start, ties by id. A span's parent is the first span of its
// trace with the span's ParentID; spans naming no parent, a parent not in
// the batch (Orphan) or a parent on a cycle they close (CycleBroken) are the
// roots of their trace. Children and roots are ordered by effective start,
// then end, then span id. Every step is iterative and the whole build is
// O(n log n), so arbitrarily deep traces are safe.
func Build(b *model.Batch, opts Options) *Forest {
	n := len(b.Spans)
	f := &Forest{
		Batch:       b,
		Parent:      make([]int32, n),
		FirstChild:  make([]int32, n),
		NextSibling: make([]int32, n),
		ChildCount:  make([]int32, n),
		Depth:       make([]int32, n),
		Size:        make([]int32, n),
		Pos:         make([]int32, n),
		Flags:       make([]Flag, n),
		Order:       make([]int32, 0, n),
		Start:       make([]int64, n),
		End:         make([]int64, n),
	}
	bl := &builder{b: b, f: f, opts: opts}
	bl.groupTraces()
	bl.resolveParents()
	bl.breakCycles()
	bl.linkChildren()
	bl.place()
	bl.order()
	bl.resolveLinks()
	bl.warn()
	return f
}

// builder holds the scratch state of one Build.
type builder struct {
	b    *model.Batch
	f    *Forest
	opts Options

	// trace is the trace number of each span; trace numbers follow first
	// appearance in the batch and index ids.
	trace []int32
	ids   []model.TraceID
	byID  map[model.TraceID]int32

	// index maps (trace number, span id) to the first span with that id.
	index map[spanKey]int32

	// kids lists the children of span p at kids[kidsAt[p]:kidsAt[p+1]],
	// and roots the roots of trace t at roots[rootsAt[t]:rootsAt[t+1]].
	kids, kidsAt   []int32
	roots, rootsAt []int32

	// queue is n spans of scratch: the top-down queue, then the DFS stack.
	queue []int32
	// hosts caches the host name of each resource, for skew detection.
	hosts []string
	// notes are the problems found, reported per trace by warn.
	notes []note
}

type spanKey struct {
	trace int32
	id    model.SpanID
}

// groupTraces numbers the traces in order of first appearance. Spans of
// one trace usually come together, so the map is consulted only when the
// trace id changes.
func (bl *builder) groupTraces() {
	spans := bl.b.Spans
	bl.trace = make([]int32, len(spans))
	bl.byID = make(map[model.TraceID]int32)
	cur := int32(-1)
	for i := range spans {
		id := spans[i].TraceID
		if cur < 0 || bl.ids[cur] != id {
			t, ok := bl.byID[id]
			if !ok {
				t = int32(len(bl.ids))
				bl.byID[id] = t
				bl.ids = append(bl.ids, id)
			}
			cur = t
		}
		bl.trace[i] = cur
	}
}
