package chrome

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/spanlens/spanlens/core/model"
)

// laneSpan is a span for lane tests: id, parent id, service, start, end.
type laneSpan struct {
	id, parent byte
	service    string
	start, end int64
}

func laneBatch(spans ...laneSpan) *model.Batch {
	b := &model.Batch{}
	for _, s := range spans {
		b.Spans = append(b.Spans, model.Span{
			TraceID: trace1, ID: model.SpanID{7: s.id}, ParentID: model.SpanID{7: s.parent},
			Service: s.service, Start: s.start, End: s.end, Resource: -1, Scope: -1,
		})
	}
	return b
}

func TestChromeLanes(t *testing.T) {
	tests := []struct {
		name     string
		spans    []laneSpan
		wantPid  []int32
		wantTid  []int32
		services []string
	}{
		{
			// P [0,100] has A [10,50], B [30,80] (overlaps A) and C [60,90]
			// (after A ended, overlapping B). B moves to lane 2; C goes back
			// under P; D, B's child, follows B; E, A's child on another
			// service, starts that process's lane 1.
			name: "overlapping siblings",
			spans: []laneSpan{
				{1, 0, "a", 0, 100},
				{2, 1, "a", 10, 50},
				{3, 1, "a", 30, 80},
				{4, 1, "a", 60, 90},
				{5, 3, "a", 35, 40},
				{6, 2, "b", 12, 20},
			},
			wantPid:  []int32{1, 1, 1, 1, 1, 2},
			wantTid:  []int32{1, 1, 2, 1, 2, 1},
			services: []string{"a", "b"},
		},
		{
			// The second root starts after both lanes are free and takes
			// the lowest-numbered one, not the one free the longest.
			name: "lowest free lane",
			spans: []laneSpan{
				{1, 0, "a", 0, 100},
				{2, 1, "a", 10, 50},
				{3, 1, "a", 30, 80},
				{9, 0, "a", 200, 300},
			},
			wantPid:  []int32{1, 1, 1, 1},
			wantTid:  []int32{1, 1, 2, 1},
			services: []string{"a"},
		},
		{
			// A child with its parent's exact times (listed first) still
			// nests under it; a child outliving its parent cannot.
			name: "equal times and outliving child",
			spans: []laneSpan{
				{2, 1, "a", 0, 10},
				{1, 0, "a", 0, 10},
				{3, 1, "a", 5, 20},
			},
			wantPid:  []int32{1, 1, 1},
			wantTid:  []int32{1, 1, 2},
			services: []string{"a"},
		},
		{
			// Two roots overlapping in one service need two lanes. A
			// zero-length child at its parent's end nests in it, as
			// readers nesting by closed intervals see it.
			name: "overlapping roots and zero-length child",
			spans: []laneSpan{
				{1, 0, "a", 0, 10},
				{2, 0, "a", 5, 15},
				{3, 2, "a", 15, 15},
			},
			wantPid:  []int32{1, 1, 1},
			wantTid:  []int32{1, 2, 2},
			services: []string{"a"},
		},
		{
			// Touching slices share a lane (2 follows 1 on lane 1), but
			// not when one is zero-length: 3 at 10 would nest in 1 or 2
			// for a closed-interval reader, and 4 starts where 3 is.
			name: "touching",
			spans: []laneSpan{
				{1, 0, "a", 0, 10},
				{2, 0, "a", 10, 20},
				{3, 0, "a", 10, 10},
				{4, 0, "a", 10, 15},
			},
			wantPid:  []int32{1, 1, 1, 1},
			wantTid:  []int32{1, 1, 3, 2},
			services: []string{"a"},
		},
		{
			// A parent cycle neither hangs nor breaks nesting.
			name: "cycle",
			spans: []laneSpan{
				{1, 2, "a", 0, 10},
				{2, 1, "a", 2, 8},
			},
			wantPid:  []int32{1, 1},
			wantTid:  []int32{1, 1},
			services: []string{"a"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pl := chromeLanes(laneBatch(tt.spans...))
			assert.Equal(t, tt.wantPid, pl.pid, "pid")
			assert.Equal(t, tt.wantTid, pl.tid, "tid")
			assert.Equal(t, tt.services, pl.services)
		})
	}
}

// trace1 is a 128-bit trace id.
var trace1 = model.TraceID{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}
