package layout

// Bar flags.
const (
	FlagError     uint8 = 1 << iota // the span (or one span of a dense block) failed
	FlagSelected                    // the selected span
	FlagCritical                    // on the critical path
	FlagMatch                       // matched by the search
	FlagDense                       // a merged block of Count spans too narrow to draw alone
	FlagCollapsed                   // waterfall: the span's children are hidden
	FlagParent                      // waterfall: the span has children
	FlagOffscreen                   // waterfall: the row is visible but its bar is outside the window
)

// Viewport is the on-screen area to lay out.
type Viewport struct {
	Width    float64 // pixels
	FirstRow int     // first row (waterfall) or lane (flame) shown
	Rows     int     // rows or lanes shown
	// MinBarPx is the narrowest bar drawn alone; narrower neighbours merge
	// into dense blocks (default 1).
	MinBarPx float64
}

func (vp Viewport) minPx() float64 {
	if vp.MinBarPx > 0 {
		return vp.MinBarPx
	}
	return 1
}

// Bars is a layout result as parallel arrays, one entry per rectangle.
type Bars struct {
	Span  []int32   // the span drawn (the first span of a dense block)
	Row   []int32   // waterfall row or flame lane
	X     []float32 // left edge in pixels (may be < 0 when clipped)
	W     []float32 // width in pixels
	Depth []int32   // tree depth of Span
	Color []uint8   // palette index
	Flags []uint8
	Count []int32 // spans represented (1 for a plain bar)
}

// Len returns the number of rectangles.
func (b *Bars) Len() int { return len(b.Span) }

func (b *Bars) add(span, row int32, x, w float64, depth int32, color, flags uint8, count int32) {
	b.Span = append(b.Span, span)
	b.Row = append(b.Row, row)
	b.X = append(b.X, float32(x))
	b.W = append(b.W, float32(w))
	b.Depth = append(b.Depth, depth)
	b.Color = append(b.Color, color)
	b.Flags = append(b.Flags, flags)
	b.Count = append(b.Count, count)
}
