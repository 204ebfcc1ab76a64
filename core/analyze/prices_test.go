package analyze

import (
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDefaultPricesLookup(t *testing.T) {
	tests := []struct{ model, want string }{
		{"gpt-4o", "gpt-4o"},
		{"gpt-4o-2024-08-06", "gpt-4o"},
		{"openai/gpt-4o", "gpt-4o"},
		{"GPT-4O", "gpt-4o"},
		{"gpt-4o-2024-05-13", "gpt-4o-2024-05-13"},
		{"gpt-4o-mini", "gpt-4o-mini"},
		{"gpt-4o-mini-2024-07-18", "gpt-4o-mini"},
		{"gpt-4o-audio-preview", ""},
		{"gpt-4.1", "gpt-4.1"},
		{"azure/openai/gpt-4.1-nano", "gpt-4.1-nano"},
		{"gpt-4.1-mini-2025-04-14", "gpt-4.1-mini"},
		{"o1", "o1"},
		{"o1-mini", "o1-mini"},
		{"o1-preview", ""},
		{"o3", "o3"},
		{"o3-mini-2025-01-31", "o3-mini"},
		{"o4-mini", "o4-mini"},
		{"gpt-5", "gpt-5"},
		{"gpt-5-2025-08-07", "gpt-5"},
		{"gpt-5.1", "gpt-5"},
		{"gpt-5-chat-latest", "gpt-5"},
		{"gpt-5-mini", "gpt-5-mini"},
		{"gpt-5-nano", "gpt-5-nano"},
		{"gpt-5.2", "gpt-5.2"},
		{"claude-3-5-sonnet-20241022", "claude-3.5-sonnet"},
		{"claude-3-5-sonnet-latest", "claude-3.5-sonnet"},
		{"anthropic.claude-3-5-sonnet-20241022-v2:0", "claude-3.5-sonnet"},
		{"claude-3-5-sonnet-v2@20241022", "claude-3.5-sonnet"},
		{"us.anthropic.claude-3-7-sonnet-20250219-v1:0", "claude-3.7-sonnet"},
		{"claude-sonnet-4-20250514", "claude-sonnet-4"},
		{"claude-sonnet-4@20250514", "claude-sonnet-4"},
		{"claude-sonnet-4-5", "claude-sonnet-4"},
		{"anthropic/claude-sonnet-4-5-20250929", "claude-sonnet-4"},
		{"claude-opus-4-20250514", "claude-opus-4"},
		{"claude-opus-4-1-20250805", "claude-opus-4"},
		{"claude-opus-4-5-20251101", "claude-opus-4.5"},
		{"claude-3-5-haiku-20241022", "claude-3.5-haiku"},
		{"claude-haiku-4-5-20251001", "claude-haiku-4.5"},
		{"claude-3-haiku-20240307", ""},
		{"gemini-2.5-pro", "gemini-2.5-pro"},
		{"models/gemini-2.5-flash", "gemini-2.5-flash"},
		{"gemini-2.5-flash-preview-05-20", "gemini-2.5-flash"},
		{"gemini-2.5-flash-lite", "gemini-2.5-flash-lite"},
		{"gemini-2.0-flash-001", "gemini-2.0-flash"},
		{"gemini-2.0-flash-lite", "gemini-2.0-flash-lite"},
		{"gemini-1.5-pro-002", "gemini-1.5-pro"},
		{"google/gemini-1.5-flash", "gemini-1.5-flash"},
		{"mistral-large-latest", "mistral-large"},
		{"mistral-large-2411", "mistral-large-2411"},
		{"mistral/mistral-small-latest", "mistral-small"},
		{"mistral-small-2503", "mistral-small-3"},
		{"meta-llama/Llama-3.3-70B-Instruct", "llama-3-70b"},
		{"llama-3.3-70b-versatile", "llama-3-70b"},
		{"meta.llama3-1-8b-instruct-v1:0", "llama-3-8b"},
		{"llama-3.1-405b-instruct", "llama-3-405b"},
		{"deepseek-chat", "deepseek-chat"},
		{"deepseek/deepseek-reasoner", "deepseek-chat"},
		{"acme-llm-1", ""},
		{"", ""},
		{strings.Repeat("a/", 127) + "gpt-4o", ""},       // 260 bytes: past MaxModelName
		{strings.Repeat("a/", 125) + "gpt-4o", "gpt-4o"}, // 256 bytes
	}
	prices := DefaultPrices()
	require.Equal(t, PriceFormatVersion, prices.Version)
	require.NotEmpty(t, prices.Date)
	for _, tt := range tests {
		got := ""
		if m := prices.Lookup(tt.model); m != nil {
			got = m.Name
		}
		assert.Equal(t, tt.want, got, "model %q: got entry %q; want %q", tt.model, got, tt.want)
	}
}

func TestModelPriceCost(t *testing.T) {
	p := DefaultPrices()
	tests := []struct {
		name  string
		model string
		u     Usage
		want  float64
	}{
		// (800×2.50 + 200×1.25 + 500×10) / 1e6 = (2000+250+5000)/1e6.
		{"cached input is part of input", "gpt-4o", Usage{Input: 1000, CacheRead: 200, Output: 500}, 0.00725},
		// (1500×3 + 1000×0.30 + 500×3.75 + 400×15) / 1e6 = (4500+300+1875+6000)/1e6.
		{"cache writes", "claude-sonnet-4-5", Usage{Input: 3000, CacheRead: 1000, CacheWrite: 500, Output: 400}, 0.012675},
		// No reasoning price: all 1000 output tokens at 4.40. (2200+4400)/1e6.
		{"reasoning at output price", "o3-mini", Usage{Input: 2000, Output: 1000, Reasoning: 600}, 0.0066},
		// 100k input ≤ 200k: (100000×1.25 + 1000×10)/1e6.
		{"gemini below the tier", "gemini-2.5-pro", Usage{Input: 100000, Output: 1000}, 0.135},
		// 250k input > 200k: (250000×2.50 + 1000×15)/1e6.
		{"gemini above the tier", "gemini-2.5-pro", Usage{Input: 250000, Output: 1000}, 0.64},
		// Tier cached price: (240000×2.5 + 10000×0.25 + 0×15)/1e6 = 0.6025.
		{"tier cached price", "gemini-2.5-pro", Usage{Input: 250000, CacheRead: 10000}, 0.6025},
		// Parts larger than the whole: uncached clamps at 0. 300×1.25/1e6.
		{"inconsistent cache count", "gpt-4o", Usage{Input: 100, CacheRead: 300}, 0.000375},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := p.Lookup(tt.model)
			require.NotNil(t, m)
			assert.InDelta(t, tt.want, m.Cost(&tt.u), 1e-12)
		})
	}
}

func TestLoadPrices(t *testing.T) {
	table, err := LoadPrices([]byte(`{"version": 1, "date": "2027-01-01", "models": [
		{"name": "gpt-4o", "match": "(?i)^gpt-4o$", "input": 1, "output": 2},
		{"name": "acme-llm", "match": "(?i)^acme-llm-\\d+$", "input": 1, "output": 2, "reasoning": 3,
		 "tiers": [{"above_input_tokens": 1000, "input": 10}]}
	]}`))
	require.NoError(t, err)
	assert.Equal(t, "2027-01-01", table.Date)
	assert.Len(t, table.Models, len(DefaultPrices().Models)+1, "gpt-4o replaced, acme-llm added")

	// The caller's gpt-4o replaced the built-in one, dated ids included
	// (the caller's pattern does not match them, and the built-in entry is gone).
	assert.Equal(t, 1.0, table.Lookup("gpt-4o").Input)
	assert.Nil(t, table.Lookup("gpt-4o-2024-08-06"))
	assert.Equal(t, 0.15, table.Lookup("gpt-4o-mini").Input)

	acme := table.Lookup("acme-llm-7")
	require.NotNil(t, acme)
	// (100×1 + 30×2 + 20×3)/1e6: reasoning has its own price.
	assert.InDelta(t, 0.00022, acme.Cost(&Usage{Input: 100, Output: 50, Reasoning: 20}), 1e-12)
	// Above 1000 input the tier's input price applies; the rest is the base's.
	// (2000×10 + 50×2)/1e6.
	assert.InDelta(t, 0.0201, acme.Cost(&Usage{Input: 2000, Output: 50}), 1e-12)
	assert.Equal(t, 1.0, acme.Tiers[0].CachedInput, "a tier's missing price is the base entry's")
	assert.Equal(t, 3.0, acme.Tiers[0].Reasoning)
}

func TestParsePricesErrors(t *testing.T) {
	tests := []struct{ name, doc, want string }{
		{"bad json", `{"version": 1, "models": [}`, `analyze: prices: models[0]: want a value, got "}"`},
		{"version", `{"version": 2, "models": []}`, "analyze: prices: version 2, want 1"},
		{"no name", `{"version": 1, "models": [{"match": "x", "input": 1, "output": 1}]}`, "analyze: prices: models[0]: want a name"},
		{"bad pattern", `{"version": 1, "models": [{"name": "m", "match": "(", "input": 1, "output": 1}]}`,
			`analyze: prices: models[0] (m): match: pattern "(": missing closing ) for the group at offset 0`},
		{"no output", `{"version": 1, "models": [{"name": "m", "match": "m", "input": 1}]}`,
			"analyze: prices: models[0] (m): want input and output prices"},
		{"negative price", `{"version": 1, "models": [{"name": "m", "match": "m", "input": -1, "output": 1}]}`,
			"analyze: prices: models[0] (m): input: want 0..1e+06 USD per million tokens, got -1"},
		{"absurd tier price", `{"version": 1, "models": [{"name": "m", "match": "m", "input": 1, "output": 1, "tiers": [{"above_input_tokens": 5, "reasoning": 1e300}]}]}`,
			"analyze: prices: models[0] (m): tiers[0]: reasoning: want 0..1e+06 USD per million tokens, got 1e+300"},
		{"bad tier", `{"version": 1, "models": [{"name": "m", "match": "m", "input": 1, "output": 1, "tiers": [{"input": 2}]}]}`,
			"analyze: prices: models[0] (m): tiers[0]: above_input_tokens: want > 0, got 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParsePrices([]byte(tt.doc))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

// FuzzParsePrices: a table that parses prices any usage a span can
// report (each count 0..MaxUsage) at a finite, non-negative cost.
func FuzzParsePrices(f *testing.F) {
	f.Add(pricesJSON, int64(300000), int64(10), int64(5), int64(7), int64(20))
	f.Add([]byte(`{"version": 1, "models": [{"name": "m", "match": "^m$", "input": 1, "output": 2, "tiers": [{"above_input_tokens": 10}]}]}`),
		int64(MaxUsage), int64(MaxUsage), int64(0), int64(MaxUsage), int64(MaxUsage))
	f.Add([]byte(`{"version": 1, "models": [{"name": "m", "match": "m", "input": -1, "output": 1e308, "reasoning": -0}]}`),
		int64(1), int64(2), int64(3), int64(4), int64(5))
	f.Fuzz(func(t *testing.T, data []byte, in, out, cacheRead, cacheWrite, reasoning int64) {
		table, err := ParsePrices(data)
		if err != nil {
			return
		}
		count := func(n int64) int64 { return min(max(n, -n, 0), MaxUsage) }
		u := Usage{Input: count(in), Output: count(out), CacheRead: count(cacheRead), CacheWrite: count(cacheWrite), Reasoning: count(reasoning)}
		for _, m := range table.Models {
			if c := m.Cost(&u); !(c >= 0) || math.IsInf(c, 1) {
				t.Fatalf("model %q prices %+v at %v", m.Name, u, c)
			}
		}
	})
}
