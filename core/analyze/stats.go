package analyze

import (
	"cmp"
	"slices"

	"github.com/spanlens/spanlens/core/tree"
)

// Options control Summarize and AgentGraph. Per-span inputs left nil are computed; pass
// them when already at hand to avoid the work.
type Options struct {
	Prices *PriceTable // nil: DefaultPrices
	Rules  []RoleRule  // nil: DefaultRoleRules

	Self  []int64 // SelfTimes(f)
	Roles []Role  // ClassifyRoles(f.Batch, Rules)
	Usage []Usage // Usages(f.Batch, Prices)
}

// fill computes the inputs o lacks.
func (o Options) fill(f *tree.Forest) Options {
	if o.Prices == nil {
		o.Prices = DefaultPrices()
	}
	if o.Rules == nil {
		o.Rules = DefaultRoleRules
	}
	if o.Self == nil {
		o.Self = SelfTimes(f)
	}
	if o.Roles == nil {
		o.Roles = ClassifyRoles(f.Batch, o.Rules)
	}
	if o.Usage == nil {
		o.Usage = Usages(f.Batch, o.Prices)
	}
	return o
}

// Summary is the statistics of a whole batch, ready to encode as JSON.
// Times are nanoseconds.
type Summary struct {
	Spans  int   `json:"spans"`
	Errors int   `json:"errors"`
	Usage  Usage `json:"usage"`
	// Unpriced lists the models whose tokens could not be priced, so the
	// batch's cost is a lower bound when it is not empty.
	Unpriced  []UnpricedModel `json:"unpriced,omitempty"`
	PriceDate string          `json:"price_date"`

	Traces     []TraceSummary `json:"traces"`
	Services   []GroupStats   `json:"services"`
	Operations []GroupStats   `json:"operations"`
	Roles      []GroupStats   `json:"roles"`
	Models     []GroupStats   `json:"models"`
}

// TraceSummary describes one trace of the forest.
type TraceSummary struct {
	ID    string `json:"id"`
	Root  int32  `json:"root"` // the earliest root span
	Start int64  `json:"start"`
	// Duration is wall-clock: the latest end minus the earliest start,
	// never a sum of span durations.
	Duration int64 `json:"duration"`
	Spans    int   `json:"spans"`
	Services int   `json:"services"`
	Errors   int   `json:"errors"`
	// Depth is the number of levels: 1 for a trace of roots only.
	Depth    int             `json:"depth"`
	Usage    Usage           `json:"usage"`
	Unpriced []UnpricedModel `json:"unpriced,omitempty"`
}

// UnpricedModel is a model the price table lacks, with what it consumed.
type UnpricedModel struct {
	Model  string `json:"model"`
	Spans  int    `json:"spans"`
	Input  int64  `json:"input"`
	Output int64  `json:"output"`
	Total  int64  `json:"total"`
}

// GroupStats aggregates the spans of one service, operation, role or
// model. Total sums durations (nested spans count in each), Self sums
// self times (each instant counted once per trace); the duration
// percentiles are nearest-rank.
type GroupStats struct {
	Service string `json:"service,omitempty"`
	// Name is the operation name, role or model, by grouping.
	Name   string `json:"name,omitempty"`
	Count  int    `json:"count"`
	Errors int    `json:"errors"`
	Total  int64  `json:"total"`
	Self   int64  `json:"self"`
	Min    int64  `json:"min"`
	Mean   int64  `json:"mean"`
	P50    int64  `json:"p50"`
	P90    int64  `json:"p90"`
	P99    int64  `json:"p99"`
	Max    int64  `json:"max"`
	Usage  Usage  `json:"usage"`
}

// Summarize computes the batch statistics: per trace, and grouped by
// service, by operation (service and name), by role and by model, across
// all traces. Groups are ordered by total time, largest first.
func Summarize(f *tree.Forest, opts Options) *Summary {
	opts = opts.fill(f)
	spans := f.Batch.Spans
	n := len(spans)
	failed := make([]bool, n)
	s := &Summary{Spans: n, PriceDate: opts.Prices.Date}
	for i := range spans {
		failed[i] = spans[i].Failed()
		if failed[i] {
			s.Errors++
		}
		s.Usage.Add(&opts.Usage[i])
	}
	s.Unpriced = unpriced(opts.Usage, f.Order)
	// Spans are numbered by service, name and model once, and grouped by
	// those numbers: a map of strings per span and grouping hashed every
	// byte of every name four times over, a fifth of the summary in
	// WebAssembly, which has no hashing instructions.
	svc := numberStrings(n, func(i int) (string, bool) { return spans[i].Service, true })
	s.Traces = traceSummaries(f, failed, opts.Usage, svc)

	g := grouper{f: f, failed: failed, self: opts.Self, usage: opts.Usage, durs: make([]int64, n)}
	s.Services = g.groups(svc.id, len(svc.names), func(k int32) groupKey { return groupKey{svc.names[k], ""} })
	name := numberStrings(n, func(i int) (string, bool) { return spans[i].Name, true })
	op, pairs := numberPairs(svc.id, name.id)
	s.Operations = g.groups(op, len(pairs), func(k int32) groupKey { return groupKey{svc.names[pairs[k][0]], name.names[pairs[k][1]]} })
	role := numberStrings(n, func(i int) (string, bool) { return opts.Roles[i].String(), true })
	s.Roles = g.groups(role.id, len(role.names), func(k int32) groupKey { return groupKey{"", role.names[k]} })
	models := numberStrings(n, func(i int) (string, bool) {
		u := &opts.Usage[i]
		return u.Model, u.Model != "" || u.Total > 0
	})
	s.Models = g.groups(models.id, len(models.names), func(k int32) groupKey { return groupKey{"", models.names[k]} })
	return s
}

// numbered is a string per span, as numbers: id[i] is the index in names
// of span i's string, or -1 for a span that has none.
type numbered struct {
	id    []int32
	names []string // in the order first met
}

// numberStrings numbers the strings get gives the n spans. Neighbouring
// spans mostly share a string (a service's spans come together, as do a
// run of tool calls), which is compared, not hashed: the same string of a
// decoder's string table compares by its pointer.
func numberStrings(n int, get func(i int) (string, bool)) numbered {
	out := numbered{id: make([]int32, n)}
	index := map[string]int32{}
	last, lastID := "", int32(-1)
	for i := range n {
		str, ok := get(i)
		switch {
		case !ok:
			out.id[i] = -1
			continue
		case lastID >= 0 && str == last:
		default:
			k, seen := index[str]
			if !seen {
				k = int32(len(out.names))
				index[str] = k
				out.names = append(out.names, str)
			}
			last, lastID = str, k
		}
		out.id[i] = lastID
	}
	return out
}

// numberPairs numbers the pairs (a[i], b[i]) of two numberings in the
// order first met; a span without either has none (-1).
func numberPairs(a, b []int32) (id []int32, pairs [][2]int32) {
	id = make([]int32, len(a))
	index := map[[2]int32]int32{}
	for i := range a {
		if a[i] < 0 || b[i] < 0 {
			id[i] = -1
			continue
		}
		p := [2]int32{a[i], b[i]}
		k, seen := index[p]
		if !seen {
			k = int32(len(pairs))
			index[p] = k
			pairs = append(pairs, p)
		}
		id[i] = k
	}
	return id, pairs
}

func traceSummaries(f *tree.Forest, failed []bool, usage []Usage, svc numbered) []TraceSummary {
	out := make([]TraceSummary, len(f.Traces))
	// seen[k] is the last trace that counted service k.
	seen := make([]int32, len(svc.names))
	for k := range seen {
		seen[k] = -1
	}
	for t, tr := range f.Traces {
		ts := &out[t]
		ts.ID = tr.ID.String()
		ts.Start, ts.Duration = tr.Start, max(tr.End-tr.Start, 0)
		ts.Spans = int(tr.Count)
		ts.Root = -1
		if len(tr.Roots) > 0 {
			ts.Root = tr.Roots[0]
		}
		run := f.Order[tr.First : tr.First+tr.Count]
		for _, i := range run {
			if k := svc.id[i]; seen[k] != int32(t) {
				seen[k] = int32(t)
				ts.Services++
			}
			if failed[i] {
				ts.Errors++
			}
			ts.Depth = max(ts.Depth, int(f.Depth[i])+1)
			ts.Usage.Add(&usage[i])
		}
		ts.Unpriced = unpriced(usage, run)
	}
	return out
}

// unpriced lists the unpriced models among the spans, sorted by name.
func unpriced(usage []Usage, spans []int32) []UnpricedModel {
	var out []UnpricedModel
	at := map[string]int{}
	for _, i := range spans {
		u := &usage[i]
		if !u.Unpriced {
			continue
		}
		k, ok := at[u.Model]
		if !ok {
			k = len(out)
			at[u.Model] = k
			out = append(out, UnpricedModel{Model: u.Model})
		}
		m := &out[k]
		m.Spans++
		m.Input += u.Input
		m.Output += u.Output
		m.Total += u.Total
	}
	slices.SortFunc(out, func(a, b UnpricedModel) int { return cmp.Compare(a.Model, b.Model) })
	return out
}

// grouper aggregates spans by a key, reusing one buffer of durations.
type grouper struct {
	f      *tree.Forest
	failed []bool
	self   []int64
	usage  []Usage
	durs   []int64
}

type groupKey struct{ service, name string }

// groups aggregates the spans by their group numbers id (-1: in none),
// of groups 0..count-1 whose names key gives.
func (g *grouper) groups(id []int32, count int, key func(k int32) groupKey) []GroupStats {
	out := make([]GroupStats, count)
	for k := range out {
		gk := key(int32(k))
		out[k].Service, out[k].Name = gk.service, gk.name
	}
	for i, k := range id {
		if k < 0 {
			continue
		}
		st := &out[k]
		d := g.f.Duration(int32(i))
		st.Count++
		st.Total += d
		st.Self += g.self[i]
		if g.failed[i] {
			st.Errors++
		}
		st.Usage.Add(&g.usage[i])
	}
	// Counting sort of durations by group; each group's run then gives
	// its order statistics.
	at := make([]int, len(out)+1)
	for k := range out {
		at[k+1] = at[k] + out[k].Count
	}
	fill := slices.Clone(at[:len(out)])
	for i, k := range id {
		if k >= 0 {
			g.durs[fill[k]] = g.f.Duration(int32(i))
			fill[k]++
		}
	}
	for k := range out {
		st := &out[k]
		st.Min, st.P50, st.P90, st.P99, st.Max = durationStats(g.durs[at[k]:at[k+1]])
		st.Mean = st.Total / int64(st.Count)
	}
	slices.SortStableFunc(out, func(a, b GroupStats) int {
		if c := cmp.Compare(b.Total, a.Total); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Service, b.Service); c != 0 {
			return c
		}
		return cmp.Compare(a.Name, b.Name)
	})
	return out
}
