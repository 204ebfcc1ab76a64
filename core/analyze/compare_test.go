package analyze

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spanlens/spanlens/core/model"
)

func mini(in, out int) model.Attrs {
	return attrs("gen_ai.request.model", "gpt-4o-mini", "gen_ai.usage.input_tokens", in, "gen_ai.usage.output_tokens", out)
}

// Run A: plan, two loop steps (each one chat), answer, validate. Run B,
// another trace (so that its small ids are not taken as A's):
// plan, three steps (the third also searches), answer, log; B's second
// chat reads 1200 tokens instead of 1000. gpt-4o-mini costs 0.15 in and
// 0.60 out per 1M: plan 100×0.15 = 15 → 0.000015; a chat of 1000 in and
// 100 out 150+60 = 210 → 0.00021; with 1200 in 180+60 = 240 → 0.00024.
func compareRuns() (a, b Side) {
	fa := forestOf(
		sp{id: 1, svc: "agent", name: "run", start: 0, end: 100},
		sp{id: 2, parent: 1, svc: "agent", name: "plan", start: 0, end: 10, attrs: mini(100, 0)},
		sp{id: 3, parent: 1, svc: "agent", name: "step", start: 10, end: 30},
		sp{id: 4, parent: 3, svc: "llm", name: "chat", start: 12, end: 28, attrs: mini(1000, 100)},
		sp{id: 5, parent: 1, svc: "agent", name: "step", start: 30, end: 50},
		sp{id: 6, parent: 5, svc: "llm", name: "chat", start: 32, end: 48, attrs: mini(1000, 100)},
		sp{id: 7, parent: 1, svc: "agent", name: "answer", start: 50, end: 60},
		sp{id: 8, parent: 1, svc: "agent", name: "validate", start: 60, end: 70},
	)
	fb := forestOf(
		sp{id: 1, svc: "agent", name: "run", start: 0, end: 150, trace: 2},
		sp{id: 2, parent: 1, svc: "agent", name: "plan", start: 0, end: 10, attrs: mini(100, 0), trace: 2},
		sp{id: 3, parent: 1, svc: "agent", name: "step", start: 10, end: 30, trace: 2},
		sp{id: 4, parent: 3, svc: "llm", name: "chat", start: 12, end: 28, attrs: mini(1000, 100), trace: 2},
		sp{id: 5, parent: 1, svc: "agent", name: "step", start: 30, end: 50, trace: 2},
		sp{id: 6, parent: 5, svc: "llm", name: "chat", start: 32, end: 49, attrs: mini(1200, 100), trace: 2},
		sp{id: 7, parent: 1, svc: "agent", name: "step", start: 50, end: 80, trace: 2},
		sp{id: 8, parent: 7, svc: "llm", name: "chat", start: 52, end: 70, attrs: mini(1000, 100), trace: 2},
		sp{id: 9, parent: 7, svc: "tools", name: "search", start: 70, end: 79, trace: 2},
		sp{id: 10, parent: 1, svc: "agent", name: "answer", start: 80, end: 90, trace: 2},
		sp{id: 11, parent: 1, svc: "agent", name: "log", start: 90, end: 95, trace: 2},
	)
	return Side{Forest: fa}, Side{Forest: fb}
}

func TestCompare(t *testing.T) {
	c := Compare(compareRuns())

	// Root children keyed plan step step answer validate (A) and plan
	// step step step answer log (B): A's steps pair with B's first two,
	// B's third step is added, answer pairs with answer.
	wantPairs := []SpanPair{
		{A: 0, B: 0, Duration: 50}, {A: 1, B: 1}, {A: 2, B: 2}, {A: 3, B: 3}, {A: 4, B: 4},
		{A: 5, B: 5, Duration: 1, Tokens: 200, Cost: 0.00003}, {A: 6, B: 9},
	}
	require.Len(t, c.Matched, len(wantPairs))
	for k, w := range wantPairs {
		g := c.Matched[k]
		assert.InDelta(t, w.Cost, g.Cost, 1e-12, "pair %d", k)
		g.Cost, w.Cost = 0, 0
		assert.Equal(t, w, g, "pair %d", k)
	}
	assert.Equal(t, []int32{7}, c.Removed)
	assert.Equal(t, []int32{6, 7, 8, 10}, c.Added)

	// Largest |duration change| first: run +50, step 40→70, chat
	// 16+16 = 32 → 16+17+18 = 51, validate -10, search +9, log +5; then
	// the unchanged answer and plan by name.
	wantOps := []OpDelta{
		{Service: "agent", Name: "run", CountA: 1, CountB: 1, DurationA: 100, DurationB: 150},
		{Service: "agent", Name: "step", CountA: 2, CountB: 3, Added: 1, DurationA: 40, DurationB: 70},
		{Service: "llm", Name: "chat", CountA: 2, CountB: 3, Added: 1, DurationA: 32, DurationB: 51,
			TokensA: 2200, TokensB: 3500, CostA: 0.00042, CostB: 0.00066},
		{Service: "agent", Name: "validate", CountA: 1, Removed: 1, DurationA: 10},
		{Service: "tools", Name: "search", CountB: 1, Added: 1, DurationB: 9},
		{Service: "agent", Name: "log", CountB: 1, Added: 1, DurationB: 5},
		{Service: "agent", Name: "answer", CountA: 1, CountB: 1, DurationA: 10, DurationB: 10},
		{Service: "agent", Name: "plan", CountA: 1, CountB: 1, DurationA: 10, DurationB: 10,
			TokensA: 100, TokensB: 100, CostA: 0.000015, CostB: 0.000015},
	}
	require.Len(t, c.Ops, len(wantOps))
	for k, w := range wantOps {
		g := c.Ops[k]
		assert.InDelta(t, w.CostA, g.CostA, 1e-12, "op %d", k)
		assert.InDelta(t, w.CostB, g.CostB, 1e-12, "op %d", k)
		g.CostA, g.CostB, w.CostA, w.CostB = 0, 0, 0, 0
		assert.Equal(t, w, g, "op %d", k)
	}

	// A: 100 ns, 8 spans, 100+1100+1100 tokens, 0.000015+2×0.00021.
	// B: 150 ns, 11 spans, 100+1100+1300+1100, 0.000015+0.00021+0.00024+0.00021.
	assert.Equal(t, TraceTotals{Duration: 100, Spans: 8, Tokens: 2300}, withoutCost(c.A))
	assert.Equal(t, TraceTotals{Duration: 150, Spans: 11, Tokens: 3600}, withoutCost(c.B))
	assert.InDelta(t, 0.000435, c.A.Cost, 1e-12)
	assert.InDelta(t, 0.000675, c.B.Cost, 1e-12)
}

func withoutCost(t TraceTotals) TraceTotals {
	t.Cost = 0
	return t
}

func TestCompareSameTrace(t *testing.T) {
	a, _ := compareRuns()
	c := Compare(a, a)
	assert.Len(t, c.Matched, 8)
	assert.Empty(t, c.Added)
	assert.Empty(t, c.Removed)
	for _, p := range c.Matched {
		assert.Equal(t, p.A, p.B)
		assert.Zero(t, p.Duration)
	}
}

func TestAlignSiblings(t *testing.T) {
	tests := []struct {
		name   string
		xs, ys []int32
		want   [][2]int
	}{
		{"equal", []int32{1, 2, 3}, []int32{1, 2, 3}, [][2]int{{0, 0}, {1, 1}, {2, 2}}},
		{"prefix and suffix around a change", []int32{5, 5, 5}, []int32{5, 9, 5}, [][2]int{{0, 0}, {2, 2}}},
		{"extra loop step at the end", []int32{1, 2, 2, 3}, []int32{1, 2, 2, 2, 3}, [][2]int{{0, 0}, {1, 1}, {2, 2}, {3, 4}}},
		{"missing step in the middle", []int32{1, 2, 4, 2, 3}, []int32{1, 2, 2, 3}, [][2]int{{0, 0}, {1, 1}, {3, 2}, {4, 3}}},
		// LCS of ABCBDAB and BDCABA has length 4; walking forward from
		// the start gives B C B A at (1,0) (2,2) (3,4) (5,5).
		{"classic", []int32{'A', 'B', 'C', 'B', 'D', 'A', 'B'}, []int32{'B', 'D', 'C', 'A', 'B', 'A'},
			[][2]int{{1, 0}, {2, 2}, {3, 4}, {5, 5}}},
		{"disjoint", []int32{1, 2}, []int32{3, 4}, nil},
		{"empty", nil, []int32{1}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, alignSiblings(tt.xs, tt.ys))
		})
	}
}

func TestByOccurrence(t *testing.T) {
	// key 1: xs 0 ↔ ys 1; key 2 at xs 1 would need ys 0, before ys 1:
	// skipped; key 1 again: xs 2 ↔ ys 2; key 3: xs 3 ↔ ys 3.
	assert.Equal(t, [][2]int{{0, 1}, {2, 2}, {3, 3}}, byOccurrence([]int32{1, 2, 1, 3}, []int32{2, 1, 1, 3}))
}

// exporterPair is one trace as two exporters wrote it: B names service b
// "backend", and B's second call got a fresh id (14), with a child of its
// own (15, A's 5 is gone) and an extra retry (7). Pre-order is index order
// on both sides.
func exporterPair(traceB byte) (a, b Side) {
	fa := forestOf(
		sp{id: 1, svc: "a", name: "run", start: 0, end: 100},
		sp{id: 2, parent: 1, svc: "a", name: "call", start: 10, end: 40},
		sp{id: 3, parent: 2, svc: "b", name: "handle", start: 12, end: 38},
		sp{id: 4, parent: 1, svc: "a", name: "call", start: 50, end: 90},
		sp{id: 5, parent: 4, svc: "b", name: "handle", start: 52, end: 88},
	)
	fb := forestOf(
		sp{id: 1, svc: "a", name: "run", start: 0, end: 110, trace: traceB},
		sp{id: 2, parent: 1, svc: "a", name: "call", start: 10, end: 45, trace: traceB},
		sp{id: 3, parent: 2, svc: "backend", name: "handle", start: 12, end: 40, trace: traceB},
		sp{id: 14, parent: 1, svc: "a", name: "call", start: 50, end: 95, trace: traceB},
		sp{id: 15, parent: 14, svc: "backend", name: "handle", start: 52, end: 90, trace: traceB},
		sp{id: 7, parent: 1, svc: "a", name: "retry", start: 96, end: 100, trace: traceB},
	)
	return Side{Forest: fa}, Side{Forest: fb}
}

func TestCompareByID(t *testing.T) {
	// Same trace id: 1, 2 and 3 pair by id although 3's service differs;
	// A's 4 and B's 14 share no id but pair by path under the paired
	// root; A's 5 (b/handle) and B's 15 (backend/handle) do not.
	// Durations: run 110-100, call 35-30, handle 28-26, call 45-40.
	c := Compare(exporterPair(1))
	assert.Equal(t, []SpanPair{{A: 0, B: 0, Duration: 10}, {A: 1, B: 1, Duration: 5},
		{A: 2, B: 2, Duration: 2}, {A: 3, B: 3, Duration: 5}}, c.Matched)
	assert.Equal(t, []int32{4}, c.Removed)
	assert.Equal(t, []int32{4, 5}, c.Added)
}

func TestCompareOtherTraceIgnoresIDs(t *testing.T) {
	// Another trace: ids are not evidence, so the handles differing in
	// service stay apart and only path pairs.
	c := Compare(exporterPair(2))
	assert.Equal(t, []SpanPair{{A: 0, B: 0, Duration: 10}, {A: 1, B: 1, Duration: 5},
		{A: 3, B: 3, Duration: 5}}, c.Matched)
	assert.Equal(t, []int32{2, 4}, c.Removed)
	assert.Equal(t, []int32{2, 4, 5}, c.Added)
}

func TestCompareDuplicateIDs(t *testing.T) {
	// Zipkin's shared RPC form: B's client and server halves both carry
	// id 2. An id held twice is no evidence: 2 pairs by path with the
	// client half (same key), and the server half is added.
	fa := forestOf(
		sp{id: 1, svc: "a", name: "run", start: 0, end: 100},
		sp{id: 2, parent: 1, svc: "a", name: "call", start: 10, end: 40},
	)
	fb := forestOf(
		sp{id: 1, svc: "a", name: "run", start: 0, end: 100},
		sp{id: 2, parent: 1, svc: "a", name: "call", start: 10, end: 40, kind: model.KindClient},
		sp{id: 2, parent: 1, svc: "b", name: "call", start: 12, end: 38, kind: model.KindServer},
	)
	c := Compare(Side{Forest: fa}, Side{Forest: fb})
	require.Len(t, c.Matched, 2)
	assert.Equal(t, int32(1), c.Matched[1].A)
	assert.Equal(t, "a", fb.Batch.Spans[c.Matched[1].B].Service)
	assert.Len(t, c.Added, 1)
	assert.Equal(t, "b", fb.Batch.Spans[c.Added[0]].Service)
}
