package tree

import (
	"testing"

	"github.com/spanlens/spanlens/core/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// shape is the expected structure of a forest, worked out by hand.
type shape struct {
	Parent, FirstChild, NextSibling, ChildCount, Depth, Size, Pos, Order []int32
}

func shapeOf(f *Forest) shape {
	return shape{f.Parent, f.FirstChild, f.NextSibling, f.ChildCount, f.Depth, f.Size, f.Pos, f.Order}
}

func TestBuildShape(t *testing.T) {
	tests := []struct {
		name     string
		spans    []model.Span
		want     shape
		flags    []Flag
		traces   []Trace
		warnings []model.Warning
	}{
		{
			name: "single root",
			spans: []model.Span{
				sp(1, 0, 100, 200),
				sp(2, 1, 150, 180),
				sp(3, 1, 110, 140),
				sp(4, 3, 120, 130),
			},
			want: shape{
				Parent:      []int32{-1, 0, 0, 2},
				FirstChild:  []int32{2, -1, 3, -1},
				NextSibling: []int32{-1, -1, 1, -1},
				ChildCount:  []int32{2, 0, 1, 0},
				Depth:       []int32{0, 1, 1, 2},
				Size:        []int32{4, 1, 2, 1},
				Pos:         []int32{0, 3, 1, 2},
				Order:       []int32{0, 2, 3, 1},
			},
			flags:  []Flag{0, 0, 0, 0},
			traces: []Trace{{ID: tid(1), Roots: []int32{0}, First: 0, Count: 4, Start: 100, End: 200}},
		},
		{
			name: "multiple roots sorted by start then end",
			spans: []model.Span{
				sp(1, 0, 300, 400),
				sp(2, 0, 100, 500),
				sp(3, 0, 100, 200),
				sp(4, 2, 150, 160),
			},
			want: shape{
				Parent:      []int32{-1, -1, -1, 1},
				FirstChild:  []int32{-1, 3, -1, -1},
				NextSibling: []int32{-1, -1, -1, -1},
				ChildCount:  []int32{0, 1, 0, 0},
				Depth:       []int32{0, 0, 0, 1},
				Size:        []int32{1, 2, 1, 1},
				Pos:         []int32{3, 1, 0, 2},
				Order:       []int32{2, 1, 3, 0},
			},
			flags:  []Flag{0, 0, 0, 0},
			traces: []Trace{{ID: tid(1), Roots: []int32{2, 1, 0}, First: 0, Count: 4, Start: 100, End: 500}},
		},
		{
			name: "children sorted by start, end, then id bytes",
			spans: []model.Span{
				sp(1, 0, 1000, 2000),
				sp(5, 1, 1100, 1500),
				sp(3, 1, 1100, 1500),
				sp(9, 1, 1100, 1200),
				sp(0x0100, 1, 1050, 1900),
			},
			want: shape{
				Parent:      []int32{-1, 0, 0, 0, 0},
				FirstChild:  []int32{4, -1, -1, -1, -1},
				NextSibling: []int32{-1, -1, 1, 2, 3},
				ChildCount:  []int32{4, 0, 0, 0, 0},
				Depth:       []int32{0, 1, 1, 1, 1},
				Size:        []int32{5, 1, 1, 1, 1},
				Pos:         []int32{0, 4, 3, 2, 1},
				Order:       []int32{0, 4, 3, 2, 1},
			},
			flags:  []Flag{0, 0, 0, 0, 0},
			traces: []Trace{{ID: tid(1), Roots: []int32{0}, First: 0, Count: 5, Start: 1000, End: 2000}},
		},
		{
			name: "orphans become roots with one warning",
			spans: []model.Span{
				sp(1, 0, 100, 200),
				sp(2, 0x99, 150, 160),
				sp(3, 0x98, 50, 60),
				sp(4, 2, 151, 152),
			},
			want: shape{
				Parent:      []int32{-1, -1, -1, 1},
				FirstChild:  []int32{-1, 3, -1, -1},
				NextSibling: []int32{-1, -1, -1, -1},
				ChildCount:  []int32{0, 1, 0, 0},
				Depth:       []int32{0, 0, 0, 1},
				Size:        []int32{1, 2, 1, 1},
				Pos:         []int32{1, 2, 0, 3},
				Order:       []int32{2, 0, 1, 3},
			},
			flags:  []Flag{0, Orphan, Orphan, 0},
			traces: []Trace{{ID: tid(1), Roots: []int32{2, 0, 1}, First: 0, Count: 4, Start: 50, End: 200}},
			warnings: []model.Warning{{Span: 2, Message: "trace 0000000000000001: 2 spans with a parent not in the batch, " +
				"shown as roots (first: span 0000000000000003, parent 0000000000000098)"}},
		},
		{
			name: "duplicate id kept, children attach to the first",
			spans: []model.Span{
				sp(1, 0, 100, 200),
				sp(2, 1, 110, 150),
				sp(2, 1, 120, 180),
				sp(3, 2, 130, 140),
			},
			want: shape{
				Parent:      []int32{-1, 0, 0, 1},
				FirstChild:  []int32{1, 3, -1, -1},
				NextSibling: []int32{-1, 2, -1, -1},
				ChildCount:  []int32{2, 1, 0, 0},
				Depth:       []int32{0, 1, 1, 2},
				Size:        []int32{4, 2, 1, 1},
				Pos:         []int32{0, 1, 3, 2},
				Order:       []int32{0, 1, 3, 2},
			},
			flags:  []Flag{0, 0, Duplicate, 0},
			traces: []Trace{{ID: tid(1), Roots: []int32{0}, First: 0, Count: 4, Start: 100, End: 200}},
			warnings: []model.Warning{{Span: 2, Message: "trace 0000000000000001: 1 span reusing an earlier span id, kept; " +
				"children attach to the first span with the id (first: span 0000000000000002)"}},
		},
		{
			name: "self parent",
			spans: []model.Span{
				sp(1, 0, 100, 200),
				sp(2, 2, 110, 150),
				sp(3, 2, 120, 130),
			},
			want: shape{
				Parent:      []int32{-1, -1, 1},
				FirstChild:  []int32{-1, 2, -1},
				NextSibling: []int32{-1, -1, -1},
				ChildCount:  []int32{0, 1, 0},
				Depth:       []int32{0, 0, 1},
				Size:        []int32{1, 2, 1},
				Pos:         []int32{0, 1, 2},
				Order:       []int32{0, 1, 2},
			},
			flags:  []Flag{0, CycleBroken, 0},
			traces: []Trace{{ID: tid(1), Roots: []int32{0, 1}, First: 0, Count: 3, Start: 100, End: 200}},
			warnings: []model.Warning{{Span: 1, Message: "trace 0000000000000001: 1 parent cycle broken, " +
				"the earliest span of each made a root (first: span 0000000000000002)"}},
		},
		{
			name: "2-cycle broken at its earliest span",
			spans: []model.Span{
				sp(1, 2, 200, 300),
				sp(2, 1, 100, 400),
				sp(3, 1, 210, 220),
			},
			want: shape{
				Parent:      []int32{1, -1, 0},
				FirstChild:  []int32{2, 0, -1},
				NextSibling: []int32{-1, -1, -1},
				ChildCount:  []int32{1, 1, 0},
				Depth:       []int32{1, 0, 2},
				Size:        []int32{2, 3, 1},
				Pos:         []int32{1, 0, 2},
				Order:       []int32{1, 0, 2},
			},
			flags:  []Flag{0, CycleBroken, 0},
			traces: []Trace{{ID: tid(1), Roots: []int32{1}, First: 0, Count: 3, Start: 100, End: 400}},
			warnings: []model.Warning{{Span: 1, Message: "trace 0000000000000001: 1 parent cycle broken, " +
				"the earliest span of each made a root (first: span 0000000000000002)"}},
		},
		{
			name: "3-cycle with a tail, beside a normal root",
			spans: []model.Span{
				sp(1, 3, 300, 400),
				sp(2, 1, 200, 500),
				sp(3, 2, 250, 260),
				sp(4, 3, 255, 258),
				sp(5, 0, 50, 60),
			},
			want: shape{
				Parent:      []int32{2, -1, 1, 2, -1},
				FirstChild:  []int32{-1, 2, 3, -1, -1},
				NextSibling: []int32{-1, -1, -1, 0, -1},
				ChildCount:  []int32{0, 1, 2, 0, 0},
				Depth:       []int32{2, 0, 1, 2, 0},
				Size:        []int32{1, 4, 3, 1, 1},
				Pos:         []int32{4, 1, 2, 3, 0},
				Order:       []int32{4, 1, 2, 3, 0},
			},
			flags:  []Flag{0, CycleBroken, 0, 0, 0},
			traces: []Trace{{ID: tid(1), Roots: []int32{4, 1}, First: 0, Count: 5, Start: 50, End: 500}},
			warnings: []model.Warning{{Span: 1, Message: "trace 0000000000000001: 1 parent cycle broken, " +
				"the earliest span of each made a root (first: span 0000000000000002)"}},
		},
		{
			name: "two cycles, one warning",
			spans: []model.Span{
				sp(1, 2, 10, 20),
				sp(2, 1, 15, 20),
				sp(3, 3, 5, 30),
			},
			want: shape{
				Parent:      []int32{-1, 0, -1},
				FirstChild:  []int32{1, -1, -1},
				NextSibling: []int32{-1, -1, -1},
				ChildCount:  []int32{1, 0, 0},
				Depth:       []int32{0, 1, 0},
				Size:        []int32{2, 1, 1},
				Pos:         []int32{1, 2, 0},
				Order:       []int32{2, 0, 1},
			},
			flags:  []Flag{CycleBroken, 0, CycleBroken},
			traces: []Trace{{ID: tid(1), Roots: []int32{2, 0}, First: 0, Count: 3, Start: 5, End: 30}},
			warnings: []model.Warning{{Span: 2, Message: "trace 0000000000000001: 2 parent cycles broken, " +
				"the earliest span of each made a root (first: span 0000000000000003)"}},
		},
		{
			name: "traces interleaved in input, ordered by start then id",
			spans: []model.Span{
				in(2, sp(1, 0, 500, 600)),
				in(1, sp(1, 0, 100, 200)),
				in(2, sp(2, 1, 510, 520)),
				in(1, sp(2, 1, 110, 120)),
				in(3, sp(1, 0, 100, 300)),
			},
			want: shape{
				Parent:      []int32{-1, -1, 0, 1, -1},
				FirstChild:  []int32{2, 3, -1, -1, -1},
				NextSibling: []int32{-1, -1, -1, -1, -1},
				ChildCount:  []int32{1, 1, 0, 0, 0},
				Depth:       []int32{0, 0, 1, 1, 0},
				Size:        []int32{2, 2, 1, 1, 1},
				Pos:         []int32{3, 0, 4, 1, 2},
				Order:       []int32{1, 3, 4, 0, 2},
			},
			flags: []Flag{0, 0, 0, 0, 0},
			traces: []Trace{
				{ID: tid(1), Roots: []int32{1}, First: 0, Count: 2, Start: 100, End: 200},
				{ID: tid(3), Roots: []int32{4}, First: 2, Count: 1, Start: 100, End: 300},
				{ID: tid(2), Roots: []int32{0}, First: 3, Count: 2, Start: 500, End: 600},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Build(batch(tt.spans...), Options{})
			assert.Equal(t, tt.want, shapeOf(f))
			assert.Equal(t, tt.flags, f.Flags)
			assert.Equal(t, tt.traces, f.Traces)
			assert.Equal(t, tt.warnings, f.Warnings)
			assert.Empty(t, f.Skews)
			assert.Nil(t, f.Shift)
		})
	}
}

func TestBuildEmpty(t *testing.T) {
	f := Build(&model.Batch{}, Options{AdjustSkew: true})
	assert.Empty(t, f.Order)
	assert.Empty(t, f.Traces)
	assert.Empty(t, f.Warnings)
	assert.Nil(t, f.Links)
}

func TestBuildTimeFixes(t *testing.T) {
	spans := []model.Span{
		sp(1, 0, 1000, 2000),
		sp(2, 1, 0, 1500),    // no start: takes the parent's
		sp(3, 2, 0, 0),       // no start, and its end falls before it
		sp(4, 1, 1600, 1550), // ends before it starts
	}
	f := Build(batch(spans...), Options{})
	assert.Equal(t, []int64{1000, 1000, 1000, 1600}, f.Start)
	assert.Equal(t, []int64{2000, 1500, 1000, 1600}, f.End)
	assert.Equal(t, []int32{0, 1, 2, 3}, f.Order)
	assert.Equal(t, []model.Warning{
		{Span: 1, Message: "trace 0000000000000001: 2 spans without a start time, placed at their parent's start (first: span 0000000000000002)"},
		{Span: 2, Message: "trace 0000000000000001: 2 spans ending before they start, end set to start (first: span 0000000000000003)"},
	}, f.Warnings)
	assert.Nil(t, f.Shift)
}

func TestBuildLinks(t *testing.T) {
	s0 := sp(1, 0, 100, 200)
	s0.Links = []model.Link{{TraceID: tid(1), SpanID: sid(2)}, {TraceID: tid(1), SpanID: sid(9)}}
	s1 := sp(2, 1, 110, 120)
	s1.Links = []model.Link{{TraceID: tid(2), SpanID: sid(1)}, {SpanID: sid(1)}}
	s2 := in(2, sp(1, 0, 300, 400))
	s2.Links = []model.Link{{TraceID: tid(3), SpanID: sid(1)}}
	f := Build(batch(s0, s1, s2), Options{})
	assert.Equal(t, []Edge{{0, 1}, {0, -1}, {1, 2}, {1, 0}, {2, -1}}, f.Links)
}

func TestForestMethods(t *testing.T) {
	f := Build(batch(
		sp(1, 0, 100, 200),
		sp(2, 1, 150, 180),
		sp(3, 1, 110, 140),
		sp(4, 3, 120, 130),
		sp(5, 1, 190, 185),
	), Options{})
	var kids []int32
	f.Children(0, func(c int32) { kids = append(kids, c) })
	assert.Equal(t, []int32{2, 1, 4}, kids)
	assert.Equal(t, []int32{2, 3}, f.Subtree(2))
	assert.Equal(t, []int32{0, 2, 3, 1, 4}, f.Subtree(0))
	assert.Equal(t, int64(30), f.Duration(1))
	assert.Equal(t, int64(0), f.Duration(4))
}

// TestBuildDeepChain builds, walks and drops a million-deep parent chain,
// given leaf first so that every parent is resolved ahead of its index.
func TestBuildDeepChain(t *testing.T) {
	n := int32(1_000_000)
	if testing.Short() { // under WASM; the full chain runs natively
		n = 100_000
	}
	spans := make([]model.Span, n)
	for k := range spans {
		id := uint64(int(n) - k) // the root (id 1) is last
		spans[k] = sp(id, id-1, int64(id), 2*int64(n)-int64(id))
	}
	f := Build(batch(spans...), Options{})
	require.Len(t, f.Traces, 1)
	assert.Equal(t, []int32{n - 1}, f.Traces[0].Roots)
	assert.Equal(t, n, f.Size[n-1])
	assert.Equal(t, n-1, f.Depth[0])
	assert.Equal(t, int32(1), f.Size[0])
	for j, v := range f.Order {
		if v != n-1-int32(j) || f.Pos[v] != int32(j) || f.Depth[v] != int32(j) {
			t.Fatalf("Order[%d] = %d (pos %d, depth %d); want %d", j, v, f.Pos[v], f.Depth[v], int(n)-1-j)
		}
	}
	depth := 0
	for v := n - 1; v >= 0; v = f.FirstChild[v] {
		depth++
	}
	assert.Equal(t, int(n), depth)
	assert.Len(t, f.Subtree(n-1), int(n))
	assert.Empty(t, f.Warnings)
}
