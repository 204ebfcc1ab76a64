package analyze

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spanlens/spanlens/core/model"
)

// multiAgent is a planner agent that calls an LLM, a nested researcher
// agent (two LLM calls and a tool), a model missing from the price table
// and an LLM call with an explicit cost. Span indexes:
//
//	0 invoke_agent planner               [0, 10000]
//	1   chat gpt-4o                      [100, 1100]
//	2   invoke_agent researcher          [1200, 8000]
//	3     chat claude-sonnet-4-5         [1300, 3000]
//	4     execute_tool search            [3100, 4000]
//	5     chat o3-mini (OpenInference)   [4100, 7900]
//	6   chat acme-llm-1                  [8100, 8500]
//	7   chat gpt-4o, explicit cost       [8600, 9900]
//
// Costs, USD per 1M tokens from prices.json:
//
//	1: gpt-4o-2024-08-06 (response model wins over the request model):
//	   (1000-200)×2.50 + 200×1.25 + 500×10 = 2000+250+5000 = 7250 → 0.007250
//	3: claude-sonnet-4-5: (3000-1000-500)×3 + 1000×0.30 + 500×3.75 + 400×15
//	   = 4500+300+1875+6000 = 12675 → 0.012675
//	5: o3-mini, reasoning billed as output: 2000×1.10 + 1000×4.40
//	   = 2200+4400 = 6600 → 0.006600
//	6: acme-llm-1 is not in the table: unpriced, cost unknown
//	7: llm.cost.total = 0.5 wins over the table
//
// Rollups:
//
//	2 researcher: input 3000+2000 = 5000, output 400+1000 = 1400,
//	  cache read 1000, cache write 500, reasoning 600,
//	  cost 0.012675+0.006600 = 0.019275
//	0 planner: input 1000+5000+100+10 = 6110, output 500+1400+50+10 = 1960,
//	  cache read 200+1000 = 1200, cache write 500, reasoning 600,
//	  cost 0.007250+0.019275+0.5 = 0.526525, unpriced (span 6)
func multiAgent() []sp {
	return []sp{
		{id: 1, svc: "agents", name: "invoke_agent planner", start: 0, end: 10000,
			attrs: attrs("gen_ai.operation.name", "invoke_agent", "gen_ai.agent.name", "planner")},
		{id: 2, parent: 1, svc: "agents", name: "chat gpt-4o", start: 100, end: 1100,
			attrs: attrs("gen_ai.operation.name", "chat", "gen_ai.request.model", "gpt-4o",
				"gen_ai.response.model", "gpt-4o-2024-08-06", "gen_ai.usage.input_tokens", 1000,
				"gen_ai.usage.cache_read.input_tokens", 200, "gen_ai.usage.output_tokens", 500)},
		{id: 3, parent: 1, svc: "agents", name: "invoke_agent researcher", start: 1200, end: 8000,
			attrs: attrs("gen_ai.operation.name", "invoke_agent", "gen_ai.agent.name", "researcher")},
		{id: 4, parent: 3, svc: "agents", name: "chat claude-sonnet-4-5", start: 1300, end: 3000,
			attrs: attrs("gen_ai.operation.name", "chat", "gen_ai.request.model", "claude-sonnet-4-5",
				"gen_ai.usage.input_tokens", 3000, "gen_ai.usage.cache_read.input_tokens", 1000,
				"gen_ai.usage.cache_creation.input_tokens", 500, "gen_ai.usage.output_tokens", 400)},
		{id: 5, parent: 3, svc: "tools", name: "execute_tool search", start: 3100, end: 4000,
			attrs: attrs("gen_ai.operation.name", "execute_tool", "gen_ai.tool.name", "search")},
		{id: 6, parent: 3, svc: "agents", name: "chat o3-mini", start: 4100, end: 7900,
			attrs: attrs("openinference.span.kind", "LLM", "llm.model_name", "o3-mini",
				"llm.token_count.prompt", 2000, "llm.token_count.completion", 1000,
				"llm.token_count.total", 3000, "llm.token_count.completion_details.reasoning", 600)},
		{id: 7, parent: 1, svc: "agents", name: "chat acme-llm-1", start: 8100, end: 8500,
			attrs: attrs("gen_ai.operation.name", "chat", "gen_ai.request.model", "acme-llm-1",
				"gen_ai.usage.input_tokens", 100, "gen_ai.usage.output_tokens", 50)},
		{id: 8, parent: 1, svc: "agents", name: "chat gpt-4o", start: 8600, end: 9900, status: model.StatusError,
			attrs: attrs("gen_ai.operation.name", "chat", "gen_ai.request.model", "gpt-4o",
				"gen_ai.usage.input_tokens", "10", "gen_ai.usage.output_tokens", 10, "llm.cost.total", 0.5)},
	}
}

func TestUsagesMultiAgent(t *testing.T) {
	f := forestOf(multiAgent()...)
	u := Usages(f.Batch, nil)
	want := []Usage{
		{},
		{Input: 1000, Output: 500, CacheRead: 200, Total: 1500, Cost: 0.00725, CostKnown: true, Model: "gpt-4o-2024-08-06"},
		{},
		{Input: 3000, Output: 400, CacheRead: 1000, CacheWrite: 500, Total: 3400, Cost: 0.012675, CostKnown: true, Model: "claude-sonnet-4-5"},
		{},
		{Input: 2000, Output: 1000, Reasoning: 600, Total: 3000, Cost: 0.0066, CostKnown: true, Model: "o3-mini"},
		{Input: 100, Output: 50, Total: 150, Model: "acme-llm-1", Unpriced: true},
		{Input: 10, Output: 10, Total: 20, Cost: 0.5, CostKnown: true, Model: "gpt-4o"},
	}
	assertUsages(t, want, u)

	before := slices.Clone(u)
	r := Rollup(f, u)
	wantRollup := slicesWith(want, map[int]Usage{
		0: {Input: 6110, Output: 1960, CacheRead: 1200, CacheWrite: 500, Reasoning: 600, Total: 8070,
			Cost: 0.526525, Unpriced: true}, // a lower bound: one model is unpriced
		2: {Input: 5000, Output: 1400, CacheRead: 1000, CacheWrite: 500, Reasoning: 600, Total: 6400,
			Cost: 0.019275, CostKnown: true},
	})
	assertUsages(t, wantRollup, r)
	assert.Equal(t, before, u, "Rollup must not modify its input")
}

// TestPriced checks which usages took their cost from the price table:
// the three priced models and every rollup above them, not the explicit
// $0.50 span nor the unpriced one.
func TestPriced(t *testing.T) {
	f := forestOf(multiAgent()...)
	u := Usages(f.Batch, nil)
	var priced []int
	for i := range u {
		if u[i].Priced {
			priced = append(priced, i)
		}
	}
	assert.Equal(t, []int{1, 3, 5}, priced)
	r := Rollup(f, u)
	assert.True(t, r[0].Priced)
	assert.True(t, r[2].Priced)
}

func slicesWith(base []Usage, set map[int]Usage) []Usage {
	out := append([]Usage(nil), base...)
	for i, u := range set {
		out[i] = u
	}
	return out
}

func assertUsages(t *testing.T, want, got []Usage) {
	t.Helper()
	require.Len(t, got, len(want))
	for i := range want {
		assert.InDelta(t, want[i].Cost, got[i].Cost, 1e-12, "span %d cost", i)
		w, g := want[i], got[i]
		// Priced has a test of its own (TestPriced).
		w.Cost, g.Cost, g.Priced = 0, 0, false
		assert.Equal(t, w, g, "span %d", i)
	}
}

func TestUsageConventions(t *testing.T) {
	tests := []struct {
		name  string
		attrs model.Attrs
		want  Usage
	}{
		{"deprecated genai names", attrs("gen_ai.request.model", "gpt-4o-mini",
			"gen_ai.usage.prompt_tokens", 1000, "gen_ai.usage.completion_tokens", 100),
			// 1000×0.15 + 100×0.60 = 150+60 → 0.00021
			Usage{Input: 1000, Output: 100, Total: 1100, Cost: 0.00021, CostKnown: true, Model: "gpt-4o-mini"}},
		{"current name wins over deprecated", attrs("gen_ai.usage.prompt_tokens", 5,
			"gen_ai.usage.input_tokens", 7, "gen_ai.request.model", "gpt-4o-mini"),
			// 7×0.15 → 1.05e-6
			Usage{Input: 7, Total: 7, Cost: 1.05e-6, CostKnown: true, Model: "gpt-4o-mini"}},
		{"traceloop", attrs("gen_ai.request.model", "gpt-4.1", "llm.usage.prompt_tokens", 100,
			"llm.usage.completion_tokens", 10, "llm.usage.total_tokens", 110),
			// 100×2 + 10×8 = 280 → 0.00028
			Usage{Input: 100, Output: 10, Total: 110, Cost: 0.00028, CostKnown: true, Model: "gpt-4.1"}},
		{"openinference cache details", attrs("llm.model_name", "claude-3-5-haiku-20241022",
			"llm.token_count.prompt", 1000, "llm.token_count.prompt_details.cache_read", 600,
			"llm.token_count.prompt_details.cache_write", 100, "llm.token_count.completion", 10),
			// 300×0.80 + 600×0.08 + 100×1.00 + 10×4 = 240+48+100+40 = 428 → 0.000428
			Usage{Input: 1000, Output: 10, CacheRead: 600, CacheWrite: 100, Total: 1010,
				Cost: 0.000428, CostKnown: true, Model: "claude-3-5-haiku-20241022"}},
		{"total fills the missing side", attrs("llm.model_name", "gpt-4o",
			"llm.token_count.prompt", 100, "llm.token_count.total", 150),
			// 100×2.5 + 50×10 = 750 → 0.00075
			Usage{Input: 100, Output: 50, Total: 150, Cost: 0.00075, CostKnown: true, Model: "gpt-4o"}},
		{"total alone cannot be priced", attrs("llm.model_name", "gpt-4o", "llm.token_count.total", 150),
			Usage{Total: 150, Model: "gpt-4o", Unpriced: true}},
		{"tokens without a model", attrs("gen_ai.usage.input_tokens", 5),
			Usage{Input: 5, Total: 5, Unpriced: true}},
		{"prompt and completion costs", attrs("llm.cost.prompt", 0.25, "llm.cost.completion", 0.5),
			Usage{Cost: 0.75, CostKnown: true}},
		{"openlit cost", attrs("gen_ai.usage.cost", 0.125, "gen_ai.usage.input_tokens", 4, "gen_ai.request.model", "x"),
			Usage{Input: 4, Total: 4, Cost: 0.125, CostKnown: true, Model: "x"}},
		{"no usage", attrs("http.method", "GET"), Usage{}},
		{"negative and non-numeric counts are ignored", attrs("gen_ai.usage.input_tokens", -5,
			"gen_ai.usage.output_tokens", "many"), Usage{}},
		// A count past int64 once converted to MinInt64, and two near it
		// overflowed Total; a cost of 1e308 made two spans' sum +Inf.
		{"counts and costs above MaxUsage are ignored", attrs("gen_ai.usage.input_tokens", 1e300,
			"gen_ai.usage.output_tokens", 9.3e18, "llm.cost.total", 1e308), Usage{}},
		{"MaxUsage itself is a count", attrs("gen_ai.usage.input_tokens", 1e12), Usage{Input: 1e12, Total: 1e12, Unpriced: true}},
	}
	b := &model.Batch{}
	for _, tt := range tests {
		b.Spans = append(b.Spans, model.Span{Attrs: tt.attrs})
	}
	got := Usages(b, nil)
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertUsages(t, []Usage{tt.want}, got[i:i+1])
		})
	}
}
