package analyze

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spanlens/spanlens/core/model"
)

func TestCriticalPath(t *testing.T) {
	tests := []struct {
		name  string
		spans []sp
		want  []Segment
	}{
		{
			// Jaeger UI's example: walking back from 100 the root hands
			// over to C (ends 90), then to B (ends 40, before C's start).
			name: "sequential children with gaps",
			spans: []sp{
				{id: 1, svc: "a", start: 0, end: 100},
				{id: 2, parent: 1, svc: "a", start: 10, end: 40},
				{id: 3, parent: 1, svc: "a", start: 50, end: 90},
			},
			want: []Segment{{0, 0, 10}, {1, 10, 40}, {0, 40, 50}, {2, 50, 90}, {0, 90, 100}},
		},
		{
			// frontend F calls checkout C, which calls payment P (which
			// calls fraud R) and then the db D. Back from 200: F keeps
			// [180,200]; C's last-finishing child is D (170): C [170,180],
			// D [110,170]; back in C at 110, P (ends 100) is next: C
			// [100,110]; P hands over to R: P [90,100], R [40,90], P
			// [20,40]; C [10,20]; F [0,10]. 10+10+20+50+10+10+60+10+20=200.
			name: "path jumps between services",
			spans: []sp{
				{id: 1, svc: "frontend", name: "GET /buy", start: 0, end: 200},
				{id: 2, parent: 1, svc: "checkout", name: "checkout", start: 10, end: 180},
				{id: 3, parent: 2, svc: "payment", name: "charge", start: 20, end: 100},
				{id: 4, parent: 2, svc: "db", name: "INSERT", start: 110, end: 170},
				{id: 5, parent: 3, svc: "fraud", name: "score", start: 40, end: 90},
			},
			want: []Segment{
				{0, 0, 10}, {1, 10, 20}, {2, 20, 40}, {4, 40, 90}, {2, 90, 100},
				{1, 100, 110}, {3, 110, 170}, {1, 170, 180}, {0, 180, 200},
			},
		},
		{
			// Overlapping children: after D takes [30,170] from C, P (ends
			// 100) no longer ends before the point (30) and is skipped.
			name: "overlapping child is not on the path",
			spans: []sp{
				{id: 1, start: 0, end: 200},
				{id: 2, parent: 1, start: 10, end: 180},
				{id: 3, parent: 2, start: 20, end: 100},
				{id: 4, parent: 2, start: 30, end: 170},
			},
			want: []Segment{{0, 0, 10}, {1, 10, 30}, {3, 30, 170}, {1, 170, 180}, {0, 180, 200}},
		},
		{
			// The consumer under the producer is asynchronous: dropped,
			// the producer keeps its whole window.
			name: "producer to consumer is non-blocking",
			spans: []sp{
				{id: 1, start: 0, end: 100, kind: model.KindServer},
				{id: 2, parent: 1, start: 10, end: 20, kind: model.KindProducer},
				{id: 3, parent: 2, start: 12, end: 19, kind: model.KindConsumer},
			},
			want: []Segment{{0, 0, 10}, {1, 10, 20}, {0, 20, 100}},
		},
		{
			// A consumer under anything else blocks as usual.
			name: "consumer under a client blocks",
			spans: []sp{
				{id: 1, start: 0, end: 100, kind: model.KindClient},
				{id: 2, parent: 1, start: 10, end: 20, kind: model.KindConsumer},
			},
			want: []Segment{{0, 0, 10}, {1, 10, 20}, {0, 20, 100}},
		},
		{
			// X [50,150] is clipped to [50,100], Y [-10,30] to [0,30], and
			// Z starts when the root ends: dropped, with its child.
			name: "children clipped to the parent",
			spans: []sp{
				{id: 1, start: 0, end: 100},
				{id: 2, parent: 1, start: 50, end: 150},
				{id: 3, parent: 1, start: -10, end: 30},
				{id: 4, parent: 1, start: 100, end: 120},
				{id: 5, parent: 4, start: 105, end: 110},
			},
			want: []Segment{{2, 0, 30}, {0, 30, 50}, {1, 50, 100}},
		},
		{
			// The grandchild is clipped to the child's clipped window
			// [50,100], not the child's raw [50,150].
			name: "clipping cascades",
			spans: []sp{
				{id: 1, start: 0, end: 100},
				{id: 2, parent: 1, start: 50, end: 150},
				{id: 3, parent: 2, start: 90, end: 140},
			},
			want: []Segment{{0, 0, 50}, {1, 50, 90}, {2, 90, 100}},
		},
		{
			// Steps that touch end to start are all taken (Jaeger UI's
			// strict comparison would give B's and A's time to the root).
			name: "touching sequential steps",
			spans: []sp{
				{id: 1, start: 0, end: 30},
				{id: 2, parent: 1, start: 0, end: 10},
				{id: 3, parent: 1, start: 10, end: 20},
				{id: 4, parent: 1, start: 20, end: 30},
			},
			want: []Segment{{1, 0, 10}, {2, 10, 20}, {3, 20, 30}},
		},
		{
			// Two children end together: the earlier-starting one is taken
			// first, as in Jaeger UI, and the other one is then skipped.
			name: "tie on end",
			spans: []sp{
				{id: 1, start: 0, end: 100},
				{id: 2, parent: 1, start: 20, end: 80},
				{id: 3, parent: 1, start: 40, end: 80},
			},
			want: []Segment{{0, 0, 20}, {1, 20, 80}, {0, 80, 100}},
		},
		{
			name:  "zero-duration root",
			spans: []sp{{id: 1, start: 5, end: 5}},
			want:  nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := forestOf(tt.spans...)
			got := CriticalPath(f, 0)
			assert.Equal(t, tt.want, got)
			assertTiles(t, got, f.Start[0], f.Start[0]+f.Duration(0))
		})
	}
}

// assertTiles checks the invariant: segments in time order, each non-empty,
// covering [start, end) without gap or overlap, so they sum to the root's
// duration.
func assertTiles(t *testing.T, path []Segment, start, end int64) {
	t.Helper()
	var sum int64
	at := start
	for i, s := range path {
		require.Equal(t, at, s.Start, "segment %d starts at %d; want %d", i, s.Start, at)
		require.Less(t, s.Start, s.End, "segment %d is empty", i)
		sum += s.End - s.Start
		at = s.End
	}
	if len(path) > 0 {
		require.Equal(t, end, at)
	}
	require.Equal(t, end-start, sum)
}

func TestCriticalPathSecondRoot(t *testing.T) {
	// Two traces; the second root's path refers to its own spans.
	f := forestOf(
		sp{id: 1, start: 0, end: 10, trace: 1},
		sp{id: 1, start: 100, end: 150, trace: 2},
		sp{id: 2, parent: 1, start: 110, end: 120, trace: 2},
	)
	root := f.Traces[1].Roots[0]
	require.Equal(t, int32(1), root)
	assert.Equal(t, []Segment{{1, 100, 110}, {2, 110, 120}, {1, 120, 150}}, CriticalPath(f, root))
}

func TestCriticalPathDeepChain(t *testing.T) {
	// Span k runs [k, 2n-k]: going down, each span keeps [2n-k-1, 2n-k];
	// the innermost keeps [n-1, n+1]; coming back up each keeps [k, k+1].
	const n = 200000
	f := chain(n)
	path := CriticalPath(f, 0)
	require.Len(t, path, 2*n-1)
	assert.Equal(t, Segment{0, 0, 1}, path[0])
	assert.Equal(t, Segment{n - 1, n - 1, n + 1}, path[n-1])
	assert.Equal(t, Segment{0, 2*n - 1, 2 * n}, path[2*n-2])
	assertTiles(t, path, 0, 2*n)
}

func TestTraceCriticalPathSeveralRoots(t *testing.T) {
	// Root A [0,50]; orphans B [60,100] (child C [70,90]) and D [20,95].
	// Back from 100: B ends last and takes [60,100] (B, C, B); D ends
	// after 60 and is skipped; A ends at 50 and takes [0,50]; [50,60] is
	// idle.
	f := forestOf(
		sp{id: 1, start: 0, end: 50},
		sp{id: 2, parent: 98, start: 60, end: 100},
		sp{id: 3, parent: 2, start: 70, end: 90},
		sp{id: 4, parent: 99, start: 20, end: 95},
	)
	require.Len(t, f.Traces, 1)
	require.Len(t, f.Traces[0].Roots, 3)
	want := []Segment{{0, 0, 50}, {1, 60, 70}, {2, 70, 90}, {1, 90, 100}}
	assert.Equal(t, want, TraceCriticalPath(f, 0))
}

func TestTraceCriticalPathOneRoot(t *testing.T) {
	f := forestOf(
		sp{id: 1, start: 0, end: 100},
		sp{id: 2, parent: 1, start: 10, end: 40},
	)
	assert.Equal(t, []Segment{{0, 0, 10}, {1, 10, 40}, {0, 40, 100}}, TraceCriticalPath(f, 0))
}
