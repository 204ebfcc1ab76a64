package analyze

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSelfTimes(t *testing.T) {
	tests := []struct {
		name  string
		spans []sp
		want  []int64
	}{
		{
			name:  "leaf",
			spans: []sp{{id: 1, start: 0, end: 100}},
			want:  []int64{100},
		},
		{
			// Children A [10,40], B [20,60], C [50,70] overlap into one
			// run [10,70] = 60; D [80,120] is clipped to [80,100] = 20; E
			// ends before the root starts and covers nothing. Root self =
			// 100 - 60 - 20 = 20. A's child A1 [15,25] leaves A 30-10 = 20.
			name: "async fan-out with overlapping children",
			spans: []sp{
				{id: 1, start: 0, end: 100},
				{id: 2, parent: 1, start: 10, end: 40},
				{id: 3, parent: 1, start: 20, end: 60},
				{id: 4, parent: 1, start: 50, end: 70},
				{id: 5, parent: 1, start: 80, end: 120},
				{id: 6, parent: 1, start: -20, end: -5},
				{id: 7, parent: 2, start: 15, end: 25},
			},
			want: []int64{20, 20, 40, 20, 40, 15, 10},
		},
		{
			// Y inside X: the union is X alone, [0,50].
			name: "child contained in a sibling",
			spans: []sp{
				{id: 1, start: 0, end: 100},
				{id: 2, parent: 1, start: 0, end: 50},
				{id: 3, parent: 1, start: 10, end: 20},
			},
			want: []int64{50, 50, 10},
		},
		{
			// Sequential children touching end to start cover [10,50].
			name: "sequential children",
			spans: []sp{
				{id: 1, start: 0, end: 60},
				{id: 2, parent: 1, start: 10, end: 30},
				{id: 3, parent: 1, start: 30, end: 50},
			},
			want: []int64{20, 20, 20},
		},
		{
			// An unfinished span (end before start) has no duration, and
			// its children count for nothing in it.
			name: "unfinished parent",
			spans: []sp{
				{id: 1, start: 100, end: 0},
				{id: 2, parent: 1, start: 110, end: 120},
			},
			want: []int64{0, 10},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, SelfTimes(forestOf(tt.spans...)))
		})
	}
}

func TestSelfTimesDeepChain(t *testing.T) {
	// Span k runs [k, 2n-k] around its child [k+1, 2n-k-1]: self time
	// (2n-2k) - (2n-2k-2) = 2; the innermost span, [n-1, n+1], has no
	// child and is 2 wide too.
	const n = 100000
	self := SelfTimes(chain(n))
	for k, s := range self {
		if s != 2 {
			t.Fatalf("span %d: got self time %d; want 2", k, s)
		}
	}
}
