package tree

import "github.com/spanlens/spanlens/core/model"

// place walks every trace top-down (parents before children, breadth
// first) and fills Depth and the effective times Start, End and Shift.
//
// Effective times are the raw ones with three corrections. A span with no
// start time (0) starts with its parent, as jaeger-ui does. A span ending
// before it starts ends at its start. And with Options.AdjustSkew, spans
// move by their Shift: a span judged skewed against its parent on another
// process moves by the skew's delta, and a span on its parent's process
// moves with its parent, since it read the same clock. An asynchronous
// child on another process (see async) is not judged and does not move.
func (bl *builder) place() {
	f := bl.f
	bl.queue = make([]int32, 0, len(f.Parent))
	queue := append(bl.queue, bl.roots...)
	for h := 0; h < len(queue); h++ {
		v := queue[h]
		bl.placeSpan(v)
		queue = append(queue, bl.children(v)...)
	}
}

// placeSpan places v, whose parent is already placed.
func (bl *builder) placeSpan(v int32) {
	f := bl.f
	start, end := f.Start[v], f.End[v] // raw until placed
	var shift int64
	if p := f.Parent[v]; p >= 0 {
		f.Depth[v] = f.Depth[p] + 1
		switch {
		case !bl.sameProcess(v, p):
			if start != 0 && !bl.async(v, p) {
				shift = bl.skew(v, p, start, max(end, start))
			}
		case f.Shift != nil:
			shift = f.Shift[p]
		}
		if start == 0 {
			start = model.SatSub(f.Start[p], shift)
			bl.note(noteNoStart, v)
		}
	}
	start = model.SatAdd(start, shift)
	end = model.SatAdd(end, shift)
	if end < start {
		end = start
		bl.note(noteEndBeforeStart, v)
	}
	f.Start[v], f.End[v] = start, end
	if shift != 0 {
		if f.Shift == nil {
			f.Shift = make([]int64, len(f.Parent))
		}
		f.Shift[v] = shift
		f.Flags[v] |= Adjusted
	}
}
