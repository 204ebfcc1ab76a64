package tree

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/spanlens/spanlens/core/model"
)

// noteKind is a kind of problem found while building. Problems are
// reported as one warning per trace and kind, not per span: a broken
// exporter can orphan a hundred thousand spans.
type noteKind uint8

const (
	noteOrphan noteKind = iota
	noteDuplicate
	noteCycle
	noteNoStart
	noteEndBeforeStart
	noteSkew
)

// note is one problem with one span.
type note struct {
	span int32
	kind noteKind
}

func (bl *builder) note(k noteKind, span int32) {
	bl.notes = append(bl.notes, note{span: span, kind: k})
}

// warn turns the notes into Forest.Warnings: per trace in forest order,
// one warning per kind, naming the count and the first span concerned in
// pre-order.
func (bl *builder) warn() {
	if len(bl.notes) == 0 {
		return
	}
	f := bl.f
	pos := make([]int32, len(bl.ids)) // trace number → index in f.Traces
	for k := range f.Traces {
		pos[bl.byID[f.Traces[k].ID]] = int32(k)
	}
	key := func(n note) (int32, noteKind, int32) { return pos[bl.trace[n.span]], n.kind, f.Pos[n.span] }
	slices.SortFunc(bl.notes, func(a, b note) int {
		ta, ka, pa := key(a)
		tb, kb, pb := key(b)
		return cmp.Or(cmp.Compare(ta, tb), cmp.Compare(ka, kb), cmp.Compare(pa, pb))
	})
	for i := 0; i < len(bl.notes); {
		j := i + 1
		for j < len(bl.notes) && bl.notes[j].kind == bl.notes[i].kind && bl.trace[bl.notes[j].span] == bl.trace[bl.notes[i].span] {
			j++
		}
		first := bl.notes[i].span
		f.Warnings = append(f.Warnings, model.Warning{Span: first, Message: bl.message(bl.notes[i].kind, first, j-i)})
		i = j
	}
}

// message describes count problems of kind k in the trace of span first.
func (bl *builder) message(k noteKind, first int32, count int) string {
	s := &bl.b.Spans[first]
	var what string
	switch k {
	case noteOrphan:
		what = plural(count, "span") + " with a parent not in the batch, shown as roots (first: span " +
			s.ID.String() + ", parent " + s.ParentID.String() + ")"
	case noteDuplicate:
		what = plural(count, "span") + " reusing an earlier span id, kept; children attach to the first span with the id (first: span " +
			s.ID.String() + ")"
	case noteCycle:
		what = plural(count, "parent cycle") + " broken, the earliest span of each made a root (first: span " + s.ID.String() + ")"
	case noteNoStart:
		what = plural(count, "span") + " without a start time, placed at their parent's start (first: span " + s.ID.String() + ")"
	case noteEndBeforeStart:
		what = plural(count, "span") + " ending before they start, end set to start (first: span " + s.ID.String() + ")"
	case noteSkew:
		done := "not adjusted"
		if bl.opts.AdjustSkew {
			done = "adjusted"
		}
		what = plural(count, "span") + " outside a parent on another service (clock skew), " + done +
			" (first: span " + s.ID.String() + ")"
	}
	return "trace " + s.TraceID.Short() + ": " + what
}

// plural returns "1 span", "2 spans".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
