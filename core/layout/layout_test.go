package layout

import (
	"encoding/binary"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/core/tree"
)

// span makes a span of trace 1 with numeric ids.
func span(id, parent uint64, start, end int64, svc string) model.Span {
	s := model.Span{Start: start, End: end, Name: "op", Service: svc, Resource: -1, Scope: -1}
	s.TraceID[15] = 1
	binary.BigEndian.PutUint64(s.ID[:], id)
	binary.BigEndian.PutUint64(s.ParentID[:], parent)
	return s
}

// fanout is A[0,1000] with children B[0,400], C[200,600] (overlapping B)
// and D[700,1000]; B has a child E[100,200]. Spans are indexed A0 B1 C2 D3 E4.
func fanout() *Scene {
	b := &model.Batch{Spans: []model.Span{
		span(1, 0, 0, 1000, "api"),
		span(2, 1, 0, 400, "db"),
		span(3, 1, 200, 600, "cache"),
		span(4, 1, 700, 1000, "api"),
		span(5, 2, 100, 200, "db"),
	}}
	b.Spans[2].Status.Code = model.StatusError
	return NewScene(tree.Build(b, tree.Options{}))
}

func TestWaterfall(t *testing.T) {
	s := fanout()
	w := NewWaterfall(s, 0, nil)
	assert.Equal(t, []int32{0, 1, 4, 2, 3}, w.Rows, "rows in tree order: A B E C D")

	collapsed := make([]bool, 5)
	collapsed[1] = true
	w = NewWaterfall(s, 0, collapsed)
	assert.Equal(t, []int32{0, 1, 2, 3}, w.Rows, "E hidden under collapsed B")

	v := NewView(0, 1000)
	bars := w.Layout(v, Viewport{Width: 100, FirstRow: 1, Rows: 2}, Marks{Selected: 2})
	require.Equal(t, 2, bars.Len())
	assert.Equal(t, []int32{1, 2}, bars.Span)
	assert.Equal(t, []int32{1, 2}, bars.Row)
	assert.Equal(t, []float32{0, 20}, bars.X)
	assert.Equal(t, []float32{40, 40}, bars.W)
	assert.Equal(t, []int32{1, 1}, bars.Depth)
	assert.Equal(t, FlagParent|FlagCollapsed, bars.Flags[0])
	assert.Equal(t, FlagError|FlagSelected, bars.Flags[1])

	// Zoomed to [500, 1000]: B is off screen, C is clipped at the left.
	bars = w.Layout(View{T0: 500, T1: 1000, Min: 0, Max: 1000}, Viewport{Width: 100, Rows: 4}, Marks{Selected: -1})
	assert.Equal(t, FlagParent|FlagCollapsed|FlagOffscreen, bars.Flags[1])
	assert.Equal(t, float32(-1), bars.X[2])
	assert.Equal(t, float32(21), bars.W[2], "C spans -1..20px after clipping")
}

func TestFlameLanes(t *testing.T) {
	s := fanout()
	fl := NewFlame(s, -1)
	// A lane 0; B lane 1; E under B lane 2; C overlaps B so it cannot share
	// lane 1 and takes lane 2, free again after E ends at 200; D fits lane 1.
	assert.Equal(t, []int32{0, 1, 2, 1, 2}, fl.Lane)
	assert.Equal(t, 3, fl.Lanes())

	bars := fl.Layout(NewView(0, 1000), Viewport{Width: 1000, Rows: 3}, Marks{Selected: -1})
	assert.Equal(t, []int32{0, 1, 3, 4, 2}, bars.Span)
	assert.Equal(t, []int32{0, 1, 1, 2, 2}, bars.Row)
	assert.Equal(t, []int32{1, 1, 1, 1, 1}, bars.Count)
}

// comb is a root [0, 1e6] with tiny 100ns children every 1000ns, except
// that child 500 is 20000ns long and replaces children 501..519.
func comb() *Scene {
	b := &model.Batch{Spans: []model.Span{span(1, 0, 0, 1e6, "agent")}}
	for k := int64(0); k < 1000; k++ {
		switch {
		case k == 500:
			b.Spans = append(b.Spans, span(uint64(k+2), 1, 500_000, 520_000, "llm"))
		case k > 500 && k < 520:
		default:
			b.Spans = append(b.Spans, span(uint64(k+2), 1, k*1000, k*1000+100, "tool"))
		}
	}
	b.Spans[10].Status.Code = model.StatusError // child 9, in the first block
	return NewScene(tree.Build(b, tree.Options{}))
}

func TestFlameLevelOfDetail(t *testing.T) {
	fl := NewFlame(comb(), 0)
	require.Equal(t, 2, fl.Lanes())
	// 100px for 1ms: 10µs per pixel, so each 100ns child is 0.01px wide.
	bars := fl.Layout(NewView(0, 1e6), Viewport{Width: 100, Rows: 2}, Marks{Selected: -1})
	require.Equal(t, 4, bars.Len(), "root, a dense block, the wide child, a dense block")
	assert.Equal(t, []int32{1, 500, 1, 480}, bars.Count)
	assert.Equal(t, []uint8{0, FlagDense | FlagError, 0, FlagDense}, bars.Flags)
	assert.Equal(t, float32(50), bars.X[2])
	assert.Equal(t, float32(2), bars.W[2])
	assert.InDelta(t, 49.91, bars.W[1], 0.01, "first block runs from 0 to child 499's end at 499.1µs")

	// Zoomed in on [0, 5000] ns at 100px: 50ns per pixel, every child is
	// 2px wide and drawn alone.
	bars = fl.Layout(View{T0: 0, T1: 5000, Min: 0, Max: 1e6}, Viewport{Width: 100, FirstRow: 1, Rows: 1}, Marks{Selected: -1})
	assert.Equal(t, []int32{1, 1, 1, 1, 1, 1}, bars.Count, "children 0..5 start inside the window")
	assert.Equal(t, float32(20), bars.X[1])
	assert.Equal(t, float32(2), bars.W[1])
}

func TestDensity(t *testing.T) {
	s := fanout()
	active, errs := Density(s.Forest, 0, 1000, 10)
	// Columns of 100ns: A everywhere; B 0..4; E 1..2; C 2..6; D 7..9.
	assert.Equal(t, []uint32{2, 3, 4, 3, 3, 2, 2, 2, 2, 2}, active)
	assert.Equal(t, []uint32{0, 0, 1, 1, 1, 1, 1, 0, 0, 0}, errs)
}
