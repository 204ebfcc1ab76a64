package layout

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spanlens/spanlens/core/analyze"
	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/core/tree"
)

// onThread puts s on thread tid (named name, or unnamed) of process
// resource res.
func onThread(s model.Span, res int32, tid int64, name string) model.Span {
	s.Resource = res
	s.Attrs = model.Attrs{{Key: ThreadIDKey, Value: model.IntValue(tid)}}
	if name != "" {
		s.Attrs = append(s.Attrs, model.Attr{Key: ThreadNameKey, Value: model.StringValue(name)})
	}
	return s
}

// threads is a Chrome-like trace: an instant at 0 on the main thread, long
// before anything lasts; main's spans M1[100,200] with child M2[110,150],
// M3[300,400]; a worker thread's W1[150,350] (overlapping main in time),
// and process 2's P1[120,130]. Indexes: I0 M1 M2 M3 W1 P1.
func threads() *Scene {
	b := &model.Batch{Resources: []model.Resource{{Service: "node"}, {Service: "gpu"}}, Spans: []model.Span{
		onThread(span(1, 0, 0, 0, "node"), 0, 7, "main"),
		onThread(span(2, 0, 100, 200, "node"), 0, 7, "main"),
		onThread(span(3, 2, 110, 150, "node"), 0, 7, "main"),
		onThread(span(4, 0, 300, 400, "node"), 0, 7, "main"),
		onThread(span(5, 0, 150, 350, "node"), 0, 8, ""),
		onThread(span(6, 0, 120, 130, "gpu"), 1, 7, ""),
	}}
	return NewScene(tree.Build(b, tree.Options{}))
}

func TestFlameTracks(t *testing.T) {
	fl := NewFlame(threads(), 0)
	// Process node first (it starts at 0): main (from 0), then the
	// worker (from 150); then process gpu. Main holds the roots I0, M1,
	// M3 in lane 0 and M2 in lane 1.
	assert.Equal(t, []Track{
		{Label: "node · main 7", FirstLane: 0, Lanes: 2},
		{Label: "node · tid 8", FirstLane: 2, Lanes: 1},
		{Label: "gpu · tid 7", FirstLane: 3, Lanes: 1},
	}, fl.Tracks())
	assert.Equal(t, []int32{0, 0, 1, 0, 2, 3}, fl.Lane)
	// Without tracks the worker's W1 would have shared lane 1 with M2
	// and the gpu's P1 been pushed below them; the default window starts
	// at the first span that lasts (M1 at 100), not at the instant.
	lo, hi := fl.Extent()
	assert.Equal(t, []int64{100, 400}, []int64{lo, hi})
	bars := fl.Layout(NewView(lo, hi), Viewport{Width: 300, Rows: 4}, Marks{Selected: -1})
	assert.Equal(t, []int32{1, 3, 2, 4, 5}, bars.Span, "the instant at 0 is left of the window")
	assert.Equal(t, []int32{0, 0, 1, 2, 3}, bars.Row)
	assert.Equal(t, []float32{0, 200, 10, 50, 20}, bars.X)
	assert.Equal(t, []float32{100, 100, 40, 200, 10}, bars.W)
}

// TestFlameTracksByService: without thread attributes, a root's track is
// its (trace, service); with every trace laid out, labels name the trace.
func TestFlameTracksByService(t *testing.T) {
	a, b := span(1, 0, 0, 100, "api"), span(2, 0, 50, 150, "api")
	b.TraceID[15] = 2
	c := span(3, 1, 10, 20, "db")
	fl := NewFlame(NewScene(tree.Build(&model.Batch{Spans: []model.Span{a, b, c}}, tree.Options{})), -1)
	assert.Equal(t, []Track{
		{Label: "api · trace 0000000000000001", FirstLane: 0, Lanes: 2},
		{Label: "api · trace 0000000000000002", FirstLane: 2, Lanes: 1},
	}, fl.Tracks())
	assert.Equal(t, []int32{0, 2, 1}, fl.Lane, "the child on db stays in its root's track")
	fl = NewFlame(NewScene(tree.Build(&model.Batch{Spans: []model.Span{a, c}}, tree.Options{})), 0)
	assert.Equal(t, []Track{{Label: "api", FirstLane: 0, Lanes: 2}}, fl.Tracks())
}

// agents is a root agent R[0,1000] that spent $0.01 itself, with two
// sub-agents in start order: S2[100,300] with own cost $0.02 and a tool
// T[120,200] costing nothing, and S1[400,900] with a model call
// L[500,800] costing $0.07; a last tool Z[950,990] spends nothing.
// Indexes: R0 S2 T2 S1 L4 Z5.
func agents() (*Scene, []analyze.Usage) {
	b := &model.Batch{Spans: []model.Span{
		span(1, 0, 0, 1000, "agent"),
		span(2, 1, 100, 300, "agent"),
		span(3, 2, 120, 200, "tools"),
		span(4, 1, 400, 900, "agent"),
		span(5, 4, 500, 800, "llm"),
		span(6, 1, 950, 990, "tools"),
	}}
	f := tree.Build(b, tree.Options{})
	own := make([]analyze.Usage, 6)
	own[0] = analyze.Usage{Cost: 0.01, Total: 100}
	own[1] = analyze.Usage{Cost: 0.02, Total: 200}
	own[4] = analyze.Usage{Cost: 0.07, Total: 700}
	return NewScene(f), analyze.Rollup(f, own)
}

func TestMetricFlame(t *testing.T) {
	s, rolled := agents()
	fl := NewMetricFlame(s, 0, MetricCost, rolled)
	// R spans $0.10 (its own 0.01 + S2's 0.02 + S1's 0.07): 0 to 1e8 n$.
	// S2 starts at 0, $0.02 wide; S1 follows at $0.02, $0.07 wide, and L
	// fills it. T and Z spent nothing: dropped.
	lo, hi := fl.Extent()
	assert.Equal(t, []int64{0, 100_000_000}, []int64{lo, hi})
	assert.Equal(t, MetricCost, fl.Metric())
	assert.Equal(t, []int32{0, 1, -1, 1, 2, -1}, fl.Lane)
	bars := fl.Layout(NewView(lo, hi), Viewport{Width: 1000, Rows: 3}, Marks{Selected: -1})
	assert.Equal(t, []int32{0, 1, 3, 4}, bars.Span)
	assert.Equal(t, []float32{0, 0, 200, 200}, bars.X)
	assert.Equal(t, []float32{1000, 200, 700, 700}, bars.W)

	// Tokens: R 1000, S2 200, S1 700 (L 700); the same proportions.
	fl = NewMetricFlame(s, 0, MetricTokens, rolled)
	lo, hi = fl.Extent()
	assert.Equal(t, []int64{0, 1000 * TokenUnits}, []int64{lo, hi})
	bars = fl.Layout(NewView(lo, hi), Viewport{Width: 1000, Rows: 3}, Marks{Selected: -1})
	assert.Equal(t, []float32{0, 0, 200, 200}, bars.X)
	assert.Equal(t, []float32{1000, 200, 700, 700}, bars.W)

	// Ticks in dollars: $0.10 over 1000 px, at least 200 px apart.
	ticks := MetricCost.Ticks(lo, 100_000_000, 1000, 200)
	require.Len(t, ticks, 6)
	assert.Equal(t, "$0", ticks[0].Label)
	assert.Equal(t, "$0.02", ticks[1].Label)
	assert.InDelta(t, 200, ticks[1].X, 1e-9)
	assert.Equal(t, "1.5k", MetricTokens.Format(1500*TokenUnits, 500*TokenUnits))
	assert.Equal(t, "250", MetricTokens.Format(250*TokenUnits, 50*TokenUnits))
	assert.Equal(t, "2M", MetricTokens.Format(2e6*TokenUnits, 1e6*TokenUnits))
}

func TestParseMetric(t *testing.T) {
	for s, want := range map[string]Metric{"": MetricTime, "time": MetricTime, "tokens": MetricTokens, "cost": MetricCost} {
		m, err := ParseMetric(s)
		require.NoError(t, err)
		assert.Equal(t, want, m)
		if s != "" {
			assert.Equal(t, s, m.String())
		}
	}
	_, err := ParseMetric("money")
	assert.EqualError(t, err, `layout: unknown metric "money" (want time, tokens or cost)`)
}

// TestFlameAsyncTracks: Chrome async slices (with a chrome.id) that
// overlap on one thread go to a track per process and name, not into the
// thread's lanes. Indexes: M0 on main, P1 and P2 two overlapping PROMISEs.
func TestFlameAsyncTracks(t *testing.T) {
	async := func(s model.Span, id string) model.Span {
		s = onThread(s, 0, 7, "main")
		s.Name = "PROMISE"
		s.Attrs = append(s.Attrs, model.Attr{Key: AsyncIDKey, Value: model.StringValue(id)})
		return s
	}
	b := &model.Batch{Resources: []model.Resource{{Service: "node"}}, Spans: []model.Span{
		onThread(span(1, 0, 0, 100, "node"), 0, 7, "main"),
		async(span(2, 0, 10, 90, "node"), "0x1"),
		async(span(3, 0, 20, 80, "node"), "0x2"),
	}}
	fl := NewFlame(NewScene(tree.Build(b, tree.Options{})), 0)
	assert.Equal(t, []Track{
		{Label: "node · main 7", FirstLane: 0, Lanes: 1},
		{Label: "node · PROMISE", FirstLane: 1, Lanes: 2},
	}, fl.Tracks())
	assert.Equal(t, []int32{0, 1, 2}, fl.Lane)
}
