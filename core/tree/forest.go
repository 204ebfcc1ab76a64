package tree

import "github.com/spanlens/spanlens/core/model"

// Flag marks something notable about one span's place in the tree.
type Flag uint8

const (
	// Orphan: the span names a parent that is not in the batch.
	Orphan Flag = 1 << iota
	// Duplicate: another span in the same trace has the same id.
	Duplicate
	// CycleBroken: the span's parent link was dropped to break a cycle.
	CycleBroken
	// Skewed: the span starts before or ends after its parent on another
	// service (clock skew), detected whether or not it was adjusted.
	Skewed
	// Adjusted: the span's times were shifted by skew adjustment.
	Adjusted
	// Failed: the span failed, by model.Span.Failed, the one error rule;
	// views read this flag rather than the span's status.
	Failed
)

// Forest is the span tree of every trace in a batch. All slices are indexed
// by span index (the position in Batch.Spans) unless said otherwise; -1
// means "none".
type Forest struct {
	Batch *model.Batch

	Parent      []int32 // parent span, -1 for roots and orphans
	FirstChild  []int32 // first child in start order
	NextSibling []int32 // next sibling in start order
	ChildCount  []int32
	Depth       []int32 // 0 for roots
	Size        []int32 // spans in the subtree, the span included
	Pos         []int32 // position of the span in Order
	Flags       []Flag

	// Order lists every span in depth-first pre-order, trace by trace; a
	// subtree is the contiguous run Order[Pos[i] : Pos[i]+Size[i]].
	Order []int32

	// Start and End are the effective times: the raw span times, or the
	// skew-adjusted ones when Options.AdjustSkew was set. Shift holds the
	// applied offset per span (nil when nothing was adjusted), so raw time
	// = Start[i] - Shift[i]; event times shift by the same amount. A span
	// with no start time (0) starts with its parent, as in jaeger-ui, and
	// a span ending before its start ends at its start.
	Start []int64
	End   []int64
	Shift []int64

	Traces   []Trace
	Skews    []Skew          // every detected skew, adjusted or not
	Warnings []model.Warning // duplicates, cycles, orphans, bad times, skew

	// Links holds one Edge per model.Link, in span order and then link
	// order, so the k-th edge from a span is its k-th link. These are the
	// non-tree edges: FOLLOWS_FROM references, OTLP links.
	Links []Edge
}

// Edge is a link from span From to span To, or to -1 when the linked span
// is not in the batch.
type Edge struct {
	From, To int32
}

// Trace is one trace of the forest.
type Trace struct {
	ID    model.TraceID
	Roots []int32 // root spans (orphans included) sorted by start
	// First and Count give the trace's run in Order.
	First int32
	Count int32
	Start int64 // earliest effective start
	End   int64 // latest effective end
}

// Skew is clock skew found between a span and its parent.
type Skew struct {
	Span  int32
	Delta int64 // the shift the adjuster computes (ns); applied only if Adjusted
	// Adjusted reports whether the shift was applied.
	Adjusted bool
}

// Options control Build.
type Options struct {
	// AdjustSkew shifts child subtrees that clock skew placed outside their
	// parent, as Jaeger's and Zipkin's adjusters do.
	AdjustSkew bool
}

// Children calls fn for each child of span i in start order.
func (f *Forest) Children(i int32, fn func(c int32)) {
	for c := f.FirstChild[i]; c >= 0; c = f.NextSibling[c] {
		fn(c)
	}
}

// Subtree returns the spans of i's subtree in pre-order, i first.
func (f *Forest) Subtree(i int32) []int32 {
	p := f.Pos[i]
	return f.Order[p : p+f.Size[i]]
}

// Duration returns the effective duration of span i (0 if it ends before
// it starts).
func (f *Forest) Duration(i int32) int64 {
	if d := model.SatSub(f.End[i], f.Start[i]); d > 0 {
		return d
	}
	return 0
}
