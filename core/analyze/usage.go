package analyze

import (
	"slices"

	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/core/tree"
)

// Usage is what one span (or, after Rollup, one subtree) consumed: tokens
// and their cost in USD.
//
// CacheRead and CacheWrite are parts of Input, and Reasoning is part of
// Output, as OpenTelemetry and OpenInference count them; they are never
// added on top.
type Usage struct {
	Input      int64 `json:"input,omitempty"`
	Output     int64 `json:"output,omitempty"`
	CacheRead  int64 `json:"cache_read,omitempty"`
	CacheWrite int64 `json:"cache_write,omitempty"`
	Reasoning  int64 `json:"reasoning,omitempty"`
	// Total is Input+Output, or the span's own total when it reports
	// nothing else.
	Total int64   `json:"total,omitempty"`
	Cost  float64 `json:"cost,omitempty"`
	// CostKnown reports that Cost is the whole cost: explicit on the
	// span, or computed from a price. After Add and Rollup: true when some
	// part's cost is known and no part is Unpriced; with an unpriced part,
	// Cost is a lower bound.
	CostKnown bool `json:"cost_known,omitempty"`
	// Model is the model name the span reports (response model first).
	// Sums (Add, group statistics) leave it empty; Rollup keeps the
	// span's own.
	Model string `json:"model,omitempty"`
	// Unpriced reports tokens whose cost could not be computed: the model
	// is missing from the price table, or unnamed. Their cost is unknown,
	// not zero. After Rollup: true if any part was unpriced.
	Unpriced bool `json:"unpriced,omitempty"`
	// Priced reports that some of Cost was computed from the price table
	// rather than read from the span, so the table's date matters.
	Priced bool `json:"priced,omitempty"`
}

// MaxUsage is the largest token count or cost (USD) read from one span.
// Larger values are not usage any request had and are ignored, as negative
// ones are, so that the sums over every span a document may hold
// (ingest.DefaultLimits.MaxSpans, 4M) stay exact in int64 and finite.
const MaxUsage = 1e12

// Tokens reports whether u counts any token.
func (u *Usage) Tokens() bool { return u.Total > 0 }

// Add adds v's tokens and cost to u; Model is kept.
func (u *Usage) Add(v *Usage) {
	u.Input += v.Input
	u.Output += v.Output
	u.CacheRead += v.CacheRead
	u.CacheWrite += v.CacheWrite
	u.Reasoning += v.Reasoning
	u.Total += v.Total
	u.Cost += v.Cost
	u.Unpriced = u.Unpriced || v.Unpriced
	u.Priced = u.Priced || v.Priced
	u.CostKnown = (u.CostKnown || v.CostKnown) && !u.Unpriced
}

// The numeric usage fields read from attributes.
const (
	fInput = iota
	fOutput
	fCacheRead
	fCacheWrite
	fReasoning
	fTotal
	fCostTotal
	fCostPrompt
	fCostCompletion
	fModel
	numUsageFields
)

// usageKey places an attribute in a field; of several keys for one field
// the lowest rank wins.
type usageKey struct{ field, rank int8 }

// usageKeyOf places the attributes read, per convention: OpenTelemetry
// GenAI (current and deprecated names), OpenInference, Traceloop, and
// OpenLIT's explicit cost. A switch, not a map: it compares lengths first
// and hashes nothing, and in WebAssembly (no AES instructions) every map
// lookup hashes its key byte by byte, once for each attribute of each span.
func usageKeyOf(key string) (usageKey, bool) {
	switch key {
	case "gen_ai.usage.input_tokens":
		return usageKey{fInput, 0}, true
	case "gen_ai.usage.prompt_tokens":
		return usageKey{fInput, 1}, true
	case "llm.token_count.prompt":
		return usageKey{fInput, 2}, true
	case "llm.usage.prompt_tokens":
		return usageKey{fInput, 3}, true
	case "gen_ai.usage.output_tokens":
		return usageKey{fOutput, 0}, true
	case "gen_ai.usage.completion_tokens":
		return usageKey{fOutput, 1}, true
	case "llm.token_count.completion":
		return usageKey{fOutput, 2}, true
	case "llm.usage.completion_tokens":
		return usageKey{fOutput, 3}, true
	case "gen_ai.usage.cache_read.input_tokens":
		return usageKey{fCacheRead, 0}, true
	case "llm.token_count.prompt_details.cache_read":
		return usageKey{fCacheRead, 1}, true
	case "gen_ai.usage.cache_creation.input_tokens":
		return usageKey{fCacheWrite, 0}, true
	case "llm.token_count.prompt_details.cache_write":
		return usageKey{fCacheWrite, 1}, true
	case "llm.token_count.completion_details.reasoning":
		return usageKey{fReasoning, 0}, true
	case "llm.token_count.total":
		return usageKey{fTotal, 0}, true
	case "llm.usage.total_tokens":
		return usageKey{fTotal, 1}, true
	case "llm.cost.total":
		return usageKey{fCostTotal, 0}, true
	case "gen_ai.usage.cost":
		return usageKey{fCostTotal, 1}, true
	case "llm.cost.prompt":
		return usageKey{fCostPrompt, 0}, true
	case "llm.cost.completion":
		return usageKey{fCostCompletion, 0}, true
	case "gen_ai.response.model":
		return usageKey{fModel, 0}, true
	case "gen_ai.request.model":
		return usageKey{fModel, 1}, true
	case "llm.model_name":
		return usageKey{fModel, 2}, true
	}
	return usageKey{}, false
}

// Usages reads every span's token usage and prices it with prices (nil
// means DefaultPrices). An explicit cost on the span wins over the price
// table; tokens of a model the table lacks are marked Unpriced.
func Usages(b *model.Batch, prices *PriceTable) []Usage {
	if prices == nil {
		prices = DefaultPrices()
	}
	lookup := map[string]*ModelPrice{}
	out := make([]Usage, len(b.Spans))
	for i := range b.Spans {
		out[i] = spanUsage(b.Spans[i].Attrs, prices, lookup)
	}
	return out
}

func spanUsage(attrs model.Attrs, prices *PriceTable, lookup map[string]*ModelPrice) Usage {
	var (
		num  [numUsageFields]float64
		rank [numUsageFields]int8
		set  [numUsageFields]bool
		u    Usage
	)
	for k := range attrs {
		a := &attrs[k]
		key, ok := usageKeyOf(a.Key)
		if !ok || set[key.field] && key.rank >= rank[key.field] {
			continue
		}
		if key.field == fModel {
			s := a.Value.Str()
			if s == "" {
				continue
			}
			u.Model = s
		} else {
			v, ok := a.Value.Number()
			if !ok || !(v >= 0 && v <= MaxUsage) {
				continue
			}
			num[key.field] = v
		}
		set[key.field], rank[key.field] = true, key.rank
	}

	u.Input, u.Output = int64(num[fInput]), int64(num[fOutput])
	u.CacheRead, u.CacheWrite = int64(num[fCacheRead]), int64(num[fCacheWrite])
	u.Reasoning = int64(num[fReasoning])
	total := int64(num[fTotal])
	// A total fills in the one missing side, or stands alone.
	switch {
	case set[fTotal] && set[fInput] && !set[fOutput]:
		u.Output = max(total-u.Input, 0)
	case set[fTotal] && set[fOutput] && !set[fInput]:
		u.Input = max(total-u.Output, 0)
	}
	u.Total = u.Input + u.Output
	if u.Total == 0 {
		u.Total = total
	}

	switch {
	case set[fCostTotal]:
		u.Cost, u.CostKnown = num[fCostTotal], true
	case set[fCostPrompt] || set[fCostCompletion]:
		u.Cost, u.CostKnown = num[fCostPrompt]+num[fCostCompletion], true
	case u.Total > 0:
		p, seen := lookup[u.Model]
		if !seen {
			p = prices.Lookup(u.Model)
			lookup[u.Model] = p
		}
		if p == nil || u.Input+u.Output == 0 {
			u.Unpriced = true
			break
		}
		u.Cost, u.CostKnown, u.Priced = p.Cost(&u), true, true
	}
	return u
}

// Rollup returns subtree totals: each span's usage plus that of all its
// descendants, so a root (or an agent span) shows what its whole run
// consumed, nested agents included. It walks the forest's pre-order
// backwards, so every child is complete before it is added to its parent.
func Rollup(f *tree.Forest, u []Usage) []Usage {
	r := slices.Clone(u)
	for k := len(f.Order) - 1; k >= 0; k-- {
		i := f.Order[k]
		if p := f.Parent[i]; p >= 0 {
			r[p].Add(&r[i])
		}
	}
	return r
}
