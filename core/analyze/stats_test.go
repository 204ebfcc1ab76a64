package analyze

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spanlens/spanlens/core/model"
)

// statsBatch is multiAgent (trace 1, spans 0-7) plus a web request that
// queries a database (trace 2, spans 8-9).
//
// Durations and self times (ns):
//
//	0 planner     10000, self 10000-(1000+6800+400+1300) = 500
//	1 chat gpt-4o  1000
//	2 researcher   6800, self 6800-(1700+900+3800) = 400
//	3 chat claude  1700
//	4 tool          900 (service tools)
//	5 chat o3-mini 3800
//	6 chat acme     400
//	7 chat gpt-4o  1300, error
//	8 GET /search   300, self 300-200 = 100, exception event
//	9 SELECT        200
func statsBatch() []sp {
	spans := multiAgent()
	return append(spans,
		sp{id: 1, trace: 2, svc: "web", name: "GET /search", start: 0, end: 300, kind: model.KindServer,
			attrs: attrs("http.request.method", "GET"), events: []model.Event{exception("KeyError", "q")}},
		sp{id: 2, parent: 1, trace: 2, svc: "db", name: "SELECT", start: 50, end: 250, kind: model.KindClient,
			attrs: attrs("db.system", "postgresql")},
	)
}

// multiAgentTotal is the usage of every span of multiAgent (see its doc):
// one model is unpriced, so the cost is a lower bound, not known.
var multiAgentTotal = Usage{Input: 6110, Output: 1960, CacheRead: 1200, CacheWrite: 500, Reasoning: 600,
	Total: 8070, Cost: 0.526525, Unpriced: true}

func TestSummarize(t *testing.T) {
	f := forestOf(statsBatch()...)
	s := Summarize(f, Options{})

	assert.Equal(t, 10, s.Spans)
	assert.Equal(t, 2, s.Errors)
	assert.Equal(t, DefaultPrices().Date, s.PriceDate)
	assertUsages(t, []Usage{multiAgentTotal}, []Usage{s.Usage})
	acme := []UnpricedModel{{Model: "acme-llm-1", Spans: 1, Input: 100, Output: 50, Total: 150}}
	assert.Equal(t, acme, s.Unpriced)

	require.Len(t, s.Traces, 2)
	tr := s.Traces[0]
	assertUsages(t, []Usage{multiAgentTotal}, []Usage{tr.Usage})
	tr.Usage = Usage{}
	assert.Equal(t, TraceSummary{ID: "00000000000000000000000000000001", Root: 0, Start: 0, Duration: 10000,
		Spans: 8, Services: 2, Errors: 1, Depth: 3, Unpriced: acme}, tr)
	assert.Equal(t, TraceSummary{ID: "00000000000000000000000000000002", Root: 8, Start: 0, Duration: 300,
		Spans: 2, Services: 2, Errors: 1, Depth: 2}, s.Traces[1])

	// agents: 10000+1000+6800+1700+3800+400+1300 = 25000, self
	// 500+1000+400+1700+3800+400+1300 = 9100; sorted durations 400 1000
	// 1300 1700 3800 6800 10000: p50 = 4th = 1700, p90 = p99 = 7th;
	// mean 25000/7 = 3571.
	assertGroups(t, []GroupStats{
		{Service: "agents", Count: 7, Errors: 1, Total: 25000, Self: 9100, Min: 400, Mean: 3571,
			P50: 1700, P90: 10000, P99: 10000, Max: 10000, Usage: multiAgentTotal},
		{Service: "tools", Count: 1, Total: 900, Self: 900, Min: 900, Mean: 900, P50: 900, P90: 900, P99: 900, Max: 900},
		{Service: "web", Count: 1, Errors: 1, Total: 300, Self: 100, Min: 300, Mean: 300, P50: 300, P90: 300, P99: 300, Max: 300},
		{Service: "db", Count: 1, Total: 200, Self: 200, Min: 200, Mean: 200, P50: 200, P90: 200, P99: 200, Max: 200},
	}, s.Services)

	one := func(svc, name string, d, self int64, u Usage) GroupStats {
		return GroupStats{Service: svc, Name: name, Count: 1, Total: d, Self: self, Min: d, Mean: d, P50: d, P90: d, P99: d, Max: d, Usage: u}
	}
	usage := Usages(f.Batch, nil)
	// The two "chat gpt-4o" calls: 1000 and 1300; p50 = 1st, p90 = 2nd.
	gpt := GroupStats{Service: "agents", Name: "chat gpt-4o", Count: 2, Errors: 1, Total: 2300, Self: 2300,
		Min: 1000, Mean: 1150, P50: 1000, P90: 1300, P99: 1300, Max: 1300,
		Usage: Usage{Input: 1010, Output: 510, CacheRead: 200, Total: 1520, Cost: 0.50725, CostKnown: true}}
	assertGroups(t, []GroupStats{
		one("agents", "invoke_agent planner", 10000, 500, Usage{}),
		one("agents", "invoke_agent researcher", 6800, 400, Usage{}),
		one("agents", "chat o3-mini", 3800, 3800, usage[5]),
		gpt,
		one("agents", "chat claude-sonnet-4-5", 1700, 1700, usage[3]),
		one("tools", "execute_tool search", 900, 900, Usage{}),
		one("agents", "chat acme-llm-1", 400, 400, usage[6]),
		withErrors(one("web", "GET /search", 300, 100, Usage{}), 1),
		one("db", "SELECT", 200, 200, Usage{}),
	}, s.Operations)

	// llm: 1000+1700+3800+400+1300 = 8200, sorted 400 1000 1300 1700
	// 3800: p50 = 3rd = 1300, p90 = 5th; mean 1640.
	assertGroups(t, []GroupStats{
		{Name: "agent", Count: 2, Total: 16800, Self: 900, Min: 6800, Mean: 8400, P50: 6800, P90: 10000, P99: 10000, Max: 10000},
		{Name: "llm", Count: 5, Errors: 1, Total: 8200, Self: 8200, Min: 400, Mean: 1640, P50: 1300, P90: 3800, P99: 3800, Max: 3800,
			Usage: multiAgentTotal},
		one("", "tool", 900, 900, Usage{}),
		{Name: "http", Count: 1, Errors: 1, Total: 300, Self: 100, Min: 300, Mean: 300, P50: 300, P90: 300, P99: 300, Max: 300},
		one("", "db", 200, 200, Usage{}),
	}, s.Roles)

	assertGroups(t, []GroupStats{
		one("", "o3-mini", 3800, 3800, usage[5]),
		one("", "claude-sonnet-4-5", 1700, 1700, usage[3]),
		withErrors(one("", "gpt-4o", 1300, 1300, usage[7]), 1),
		one("", "gpt-4o-2024-08-06", 1000, 1000, usage[1]),
		one("", "acme-llm-1", 400, 400, usage[6]),
	}, s.Models)

	_, err := json.Marshal(s)
	require.NoError(t, err)
}

func withErrors(g GroupStats, n int) GroupStats {
	g.Errors = n
	return g
}

func assertGroups(t *testing.T, want, got []GroupStats) {
	t.Helper()
	require.Len(t, got, len(want))
	for i := range want {
		w, g := want[i], got[i]
		w.Usage.Model = "" // aggregates carry no model
		assert.InDelta(t, w.Usage.Cost, g.Usage.Cost, 1e-12, "group %d (%s %s) cost", i, w.Service, w.Name)
		w.Usage.Cost, g.Usage.Cost = 0, 0
		w.Usage.Priced, g.Usage.Priced = false, false // see TestPriced
		assert.Equal(t, w, g, "group %d", i)
	}
}

func TestRank(t *testing.T) {
	d := []int64{10, 20, 30, 40, 50, 60, 70, 80, 90, 100}
	at := func(p int) int64 { return d[rank(len(d), p)] }
	assert.Equal(t, int64(50), at(50))
	assert.Equal(t, int64(90), at(90))
	assert.Equal(t, int64(100), at(99))
	assert.Equal(t, int64(10), at(0))
	assert.Equal(t, 0, rank(1, 50))
}

func TestNumberStrings(t *testing.T) {
	in := []string{"a", "a", "b", "", "a", "c", "b", "b"}
	// Span 3 has none; "a" after "b" is found again by its first number,
	// not numbered anew.
	got := numberStrings(len(in), func(i int) (string, bool) { return in[i], i != 3 })
	assert.Equal(t, []int32{0, 0, 1, -1, 0, 2, 1, 1}, got.id)
	assert.Equal(t, []string{"a", "b", "c"}, got.names)

	// The empty string is a string like any other when it is given.
	got = numberStrings(3, func(i int) (string, bool) { return []string{"", "x", ""}[i], true })
	assert.Equal(t, []int32{0, 1, 0}, got.id)
	assert.Equal(t, []string{"", "x"}, got.names)
}

func TestNumberPairs(t *testing.T) {
	id, pairs := numberPairs([]int32{0, 0, 1, -1, 0, 1}, []int32{0, 1, 0, 0, 0, -1})
	assert.Equal(t, []int32{0, 1, 2, -1, 0, -1}, id)
	assert.Equal(t, [][2]int32{{0, 0}, {0, 1}, {1, 0}}, pairs)
}
