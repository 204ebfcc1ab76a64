package layout

// Waterfall lays out one row per visible span in tree order, as Jaeger's
// trace view does. Spans under a collapsed span are hidden.
type Waterfall struct {
	scene     *Scene
	collapsed []bool
	// Rows lists the visible spans, top to bottom.
	Rows []int32
}

// NewWaterfall lays out trace (an index into Forest.Traces, or -1 for every
// trace) with the spans whose collapsed entry is true folded. collapsed may
// be nil.
func NewWaterfall(s *Scene, trace int, collapsed []bool) *Waterfall {
	return NewFilteredWaterfall(s, trace, collapsed, nil)
}

// NewFilteredWaterfall is NewWaterfall showing only the spans whose only
// entry is true and their ancestors, the path that leads to them (nil
// shows every span): a search's "matches only".
func NewFilteredWaterfall(s *Scene, trace int, collapsed, only []bool) *Waterfall {
	f := s.Forest
	order := f.Order
	if trace >= 0 && trace < len(f.Traces) {
		t := f.Traces[trace]
		order = order[t.First : t.First+t.Count]
	}
	var keep []bool
	if only != nil {
		// Backwards through the pre-order, children come before parents.
		keep = make([]bool, len(f.Parent))
		for k := len(order) - 1; k >= 0; k-- {
			i := order[k]
			if only[i] {
				keep[i] = true
			}
			if p := f.Parent[i]; keep[i] && p >= 0 {
				keep[p] = true
			}
		}
	}
	w := &Waterfall{scene: s, collapsed: collapsed, Rows: make([]int32, 0, len(order))}
	for k := 0; k < len(order); {
		i := order[k]
		if keep != nil && !keep[i] {
			k += int(f.Size[i]) // nothing kept below a span not kept
			continue
		}
		w.Rows = append(w.Rows, i)
		if collapsed != nil && collapsed[i] {
			k += int(f.Size[i]) // skip the hidden subtree
			continue
		}
		k++
	}
	return w
}

// Layout returns one bar per row in vp's row window, clipped to the view.
// Bars narrower than MinBarPx are widened to it so that every span stays
// visible. A viewport or view that fails Validate gets no bars.
func (w *Waterfall) Layout(v View, vp Viewport, m Marks) *Bars {
	b := &Bars{}
	if vp.Validate() != nil || v.Validate() != nil {
		return b
	}
	f := w.scene.Forest
	first, last := rowWindow(vp, len(w.Rows))
	minPx := vp.minPx()
	for r := first; r < last; r++ {
		i := w.Rows[r]
		x0, x1 := v.X(f.Start[i], vp.Width), v.X(f.End[i], vp.Width)
		fl := w.scene.flags(i, &m)
		if f.ChildCount[i] > 0 {
			fl |= FlagParent
			if w.collapsed != nil && w.collapsed[i] {
				fl |= FlagCollapsed
			}
		}
		if x1 < 0 || x0 > vp.Width {
			fl |= FlagOffscreen
		}
		x0, x1 = max(x0, -1), min(x1, vp.Width+1)
		if x1-x0 < minPx {
			x1 = x0 + minPx
		}
		b.add(i, int32(r), x0, x1-x0, f.Depth[i], w.scene.Color[i], fl, 1)
	}
	return b
}

// rowWindow returns the rows [first, last) of n that vp shows.
func rowWindow(vp Viewport, n int) (first, last int) {
	first = min(vp.FirstRow, n)
	return first, first + min(vp.Rows, n-first)
}

// RowOf returns the row showing span i, or -1 if it is hidden.
func (w *Waterfall) RowOf(i int32) int {
	for r, s := range w.Rows {
		if s == i {
			return r
		}
	}
	return -1
}
