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
	bl.resolve(bl.scan())
	bl.breakCycles()
	bl.linkChildren()
	bl.place()
	bl.order()
	bl.warn()
	return f
}

// builder holds the scratch state of one Build.
//
// Build is laid out for large batches, where a random access to a span
// (some 200 bytes) or to a big table costs a cache miss: one sequential
// pass (scan) copies what the later steps need from the spans into compact
// arrays, and ids are resolved by partitioned hashing (resolve).
type builder struct {
	b    *model.Batch
	f    *Forest
	opts Options

	// trace is the trace number of each span; trace numbers follow first
	// appearance in the batch and index ids.
	trace []int32
	ids   []model.TraceID
	byID  map[model.TraceID]int32

	// proc identifies the process of each span for skew detection: service
	// number in the high half, host number (0 for unknown) in the low.
	proc []uint64
	// kind is each span's kind, with followsParent set when the span's
	// parent is a FOLLOWS_FROM reference: what tells a synchronous call
	// from asynchronous work, for skew detection.
	kind []uint8

	// kids lists the children of span p at kids[kidsAt[p]:kidsAt[p+1]],
	// and roots the roots of trace t at roots[rootsAt[t]:rootsAt[t+1]].
	kids, kidsAt   []int32
	roots, rootsAt []int32

	// queue is n spans of scratch: the top-down queue, then the DFS stack.
	queue []int32
	// notes are the problems found, reported per trace by warn.
	notes []note
}
