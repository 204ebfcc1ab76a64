package analyze

import (
	"cmp"
	_ "embed"
	"slices"
	"strings"
	"sync"

	"github.com/spanlens/spanlens/core/internal/structjson"
	"github.com/spanlens/spanlens/core/pattern"
	"github.com/spanlens/spanlens/internal/msg"
)

// pricesJSON is the built-in price table. Prices drift: the table carries
// the date they were taken, and LoadPrices lets callers correct or extend it.
//
//go:embed prices.json
var pricesJSON []byte

// PriceFormatVersion is the price-table format this package reads.
const PriceFormatVersion = 1

// PriceTable maps model names to token prices. Models are tried in order
// and the first whose pattern matches the model name wins, so more
// specific patterns come first.
type PriceTable struct {
	Version int
	Date    string // when the prices were taken
	Source  string
	Models  []ModelPrice
}

// ModelPrice is the price of one model in USD per million tokens.
type ModelPrice struct {
	Name  string
	Match *pattern.Regexp
	Rates
	// Tiers replace the base rates when a request's input (cached tokens
	// included) exceeds their threshold, as Gemini and Claude long-context
	// pricing does. Sorted by threshold, highest first.
	Tiers []PriceTier
}

// Rates are the per-million-token prices of one tier. CachedInput and
// CacheWrite equal Input when the table gives no separate price. Reasoning
// tokens are billed at Output unless HasReasoning.
type Rates struct {
	Input, CachedInput, CacheWrite, Output float64
	Reasoning                              float64
	HasReasoning                           bool
}

// PriceTier is a price band for requests above AboveInputTokens input tokens.
type PriceTier struct {
	AboveInputTokens int64
	Rates
}

// The JSON document, with optional prices as pointers.
type priceFile struct {
	Version int         `json:"version"`
	Date    string      `json:"date"`
	Source  string      `json:"source"`
	Models  []priceJSON `json:"models"`
}

type priceJSON struct {
	Name  string `json:"name"`
	Match string `json:"match"`
	ratesJSON
	Tiers []struct {
		AboveInputTokens int64 `json:"above_input_tokens"`
		ratesJSON
	} `json:"tiers"`
}

type ratesJSON struct {
	Input       *float64 `json:"input"`
	CachedInput *float64 `json:"cached_input"`
	CacheWrite  *float64 `json:"cache_write"`
	Output      *float64 `json:"output"`
	Reasoning   *float64 `json:"reasoning"`
}

var defaultPrices = sync.OnceValue(func() *PriceTable {
	t, err := ParsePrices(pricesJSON)
	if err != nil {
		panic("analyze: built-in prices.json: " + err.Error())
	}
	return t
})

// DefaultPrices returns the built-in price table. It is shared: do not
// modify it.
func DefaultPrices() *PriceTable { return defaultPrices() }

// ParsePrices decodes a price table document:
//
//	{"version": 1, "date": "2026-11-25", "models": [{"name": "gpt-4o",
//	  "match": "(?i)^gpt-4o$", "input": 2.5, "cached_input": 1.25,
//	  "cache_write": 2.5, "output": 10, "reasoning": 10,
//	  "tiers": [{"above_input_tokens": 200000, "input": 5, "output": 20}]}]}
//
// Prices are USD per million tokens, 0..MaxPrice; every model needs a
// name, a pattern (Go regexp syntax, as core/pattern reads it) and input
// and output prices. A tier's missing prices are the base entry's.
func ParsePrices(data []byte) (*PriceTable, error) {
	var pf priceFile
	if err := structjson.Unmarshal(data, &pf); err != nil {
		return nil, msg.Errorf("analyze: prices: %w", err)
	}
	if pf.Version != PriceFormatVersion {
		return nil, msg.Errorf("analyze: prices: version %d, want %d", pf.Version, PriceFormatVersion)
	}
	t := &PriceTable{Version: pf.Version, Date: pf.Date, Source: pf.Source, Models: make([]ModelPrice, 0, len(pf.Models))}
	for i, m := range pf.Models {
		where := msg.Sprintf("analyze: prices: models[%d]", i)
		if m.Name == "" {
			return nil, msg.Errorf("%s: want a name", where)
		}
		where += msg.Sprintf(" (%s)", m.Name)
		if m.Match == "" {
			return nil, msg.Errorf("%s: match: want a pattern", where)
		}
		re, err := pattern.Compile(m.Match)
		if err != nil {
			return nil, msg.Errorf("%s: match: %w", where, err)
		}
		if m.Input == nil || m.Output == nil {
			return nil, msg.Errorf("%s: want input and output prices", where)
		}
		if err := m.ratesJSON.check(); err != nil {
			return nil, msg.Errorf("%s: %w", where, err)
		}
		mp := ModelPrice{Name: m.Name, Match: re, Rates: m.ratesJSON.resolve(nil)}
		for j, tr := range m.Tiers {
			if tr.AboveInputTokens <= 0 {
				return nil, msg.Errorf("%s: tiers[%d]: above_input_tokens: want > 0, got %d", where, j, tr.AboveInputTokens)
			}
			if err := tr.ratesJSON.check(); err != nil {
				return nil, msg.Errorf("%s: tiers[%d]: %w", where, j, err)
			}
			mp.Tiers = append(mp.Tiers, PriceTier{AboveInputTokens: tr.AboveInputTokens, Rates: tr.ratesJSON.resolve(&mp.Rates)})
		}
		sortTiers(mp.Tiers)
		t.Models = append(t.Models, mp)
	}
	return t, nil
}

// MaxPrice is the highest price a table may give, in USD per million
// tokens: with counts up to MaxUsage, every cost stays finite.
const MaxPrice = 1e6

// check reports a price outside 0..MaxPrice.
func (r ratesJSON) check() error {
	for _, p := range []struct {
		name string
		v    *float64
	}{{"input", r.Input}, {"cached_input", r.CachedInput}, {"cache_write", r.CacheWrite}, {"output", r.Output}, {"reasoning", r.Reasoning}} {
		if p.v != nil && !(*p.v >= 0 && *p.v <= MaxPrice) {
			return msg.Errorf("%s: want 0..%g USD per million tokens, got %g", p.name, float64(MaxPrice), *p.v)
		}
	}
	return nil
}

// resolve fills the rates from r, falling back to base for missing prices,
// or, when base is nil (a model's own entry), to the input price.
func (r ratesJSON) resolve(base *Rates) Rates {
	if base == nil {
		in := *r.Input
		base = &Rates{Input: in, CachedInput: in, CacheWrite: in, Output: *r.Output}
	}
	pick := func(p *float64, def float64) float64 {
		if p != nil {
			return *p
		}
		return def
	}
	out := Rates{
		Input:       pick(r.Input, base.Input),
		CachedInput: pick(r.CachedInput, base.CachedInput),
		CacheWrite:  pick(r.CacheWrite, base.CacheWrite),
		Output:      pick(r.Output, base.Output),
	}
	out.Reasoning, out.HasReasoning = base.Reasoning, base.HasReasoning
	if r.Reasoning != nil {
		out.Reasoning, out.HasReasoning = *r.Reasoning, true
	}
	return out
}

func sortTiers(ts []PriceTier) {
	slices.SortFunc(ts, func(a, b PriceTier) int { return cmp.Compare(b.AboveInputTokens, a.AboveInputTokens) })
}

// LoadPrices returns the built-in table extended by the document data
// (see ParsePrices): data's models come first, so they win over built-in
// patterns that would also match, and a built-in model with the same name
// as one of data's is dropped. Date and Source are data's when given.
func LoadPrices(data []byte) (*PriceTable, error) {
	own, err := ParsePrices(data)
	if err != nil {
		return nil, err
	}
	return own.Merge(DefaultPrices()), nil
}

// Merge returns t's models followed by those of base whose names t does
// not use.
func (t *PriceTable) Merge(base *PriceTable) *PriceTable {
	out := &PriceTable{Version: t.Version, Date: t.Date, Source: t.Source}
	if out.Date == "" {
		out.Date, out.Source = base.Date, base.Source
	}
	names := make(map[string]bool, len(t.Models))
	out.Models = append(out.Models, t.Models...)
	for _, m := range t.Models {
		names[m.Name] = true
	}
	for _, m := range base.Models {
		if !names[m.Name] {
			out.Models = append(out.Models, m)
		}
	}
	return out
}

// Lookup returns the first model that covers name, or nil.
func (t *PriceTable) Lookup(name string) *ModelPrice {
	if name == "" {
		return nil
	}
	for i := range t.Models {
		if t.Models[i].Covers(name) {
			return &t.Models[i]
		}
	}
	return nil
}

// Named returns the model whose Name is name, ignoring case, or nil.
func (t *PriceTable) Named(name string) *ModelPrice {
	for i := range t.Models {
		if strings.EqualFold(t.Models[i].Name, name) {
			return &t.Models[i]
		}
	}
	return nil
}

// Covers reports whether model name belongs to m's family: whether m's
// pattern matches it, dated snapshots (gpt-4o-2024-08-06) and provider
// prefixes (openai/gpt-4o) included. It is the one family rule: pricing
// (Lookup) and search's model: field both use it. A name longer than
// MaxModelName is no model's: matching a trace's megabyte-long "model"
// against every pattern would take seconds a name.
func (m *ModelPrice) Covers(name string) bool {
	return len(name) <= MaxModelName && m.Match.MatchString(name)
}

// MaxModelName is the longest model name a price table covers, in bytes.
const MaxModelName = 256

// RatesFor returns the rates that apply to a request with input tokens
// (cached ones included).
func (m *ModelPrice) RatesFor(input int64) Rates {
	for _, t := range m.Tiers {
		if input > t.AboveInputTokens {
			return t.Rates
		}
	}
	return m.Rates
}

// Cost prices u's tokens in USD. Cached and cache-write tokens are parts
// of Input and reasoning tokens part of Output, so each token is billed
// once: uncached input at Input, cache reads at CachedInput, cache writes
// at CacheWrite, and output at Output (reasoning at Reasoning when the
// model has that price).
func (m *ModelPrice) Cost(u *Usage) float64 {
	r := m.RatesFor(u.Input)
	uncached := max(u.Input-u.CacheRead-u.CacheWrite, 0)
	out := float64(u.Output) * r.Output
	if r.HasReasoning {
		reasoning := min(u.Reasoning, u.Output)
		out = float64(u.Output-reasoning)*r.Output + float64(reasoning)*r.Reasoning
	}
	return (float64(uncached)*r.Input + float64(u.CacheRead)*r.CachedInput +
		float64(u.CacheWrite)*r.CacheWrite + out) / 1e6
}
