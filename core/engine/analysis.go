package engine

import (
	"sync"

	"github.com/spanlens/spanlens/core/analyze"
)

// analysis caches per-document analysis results, computed on first use.
type analysis struct {
	criticalOnce sync.Once
	critical     [][]analyze.Segment // per trace, the path of its first root

	mu    sync.Mutex
	opts  analyze.Options // per-span self times, roles and usage
	ready bool
}

// options returns the per-span inputs of the analyses, computed once with
// the default price table; a request with its own prices recomputes usage.
func (d *Doc) options(prices *analyze.PriceTable) analyze.Options {
	a := &d.analysis
	a.mu.Lock()
	if !a.ready {
		a.opts = analyze.Options{Prices: analyze.DefaultPrices()}
		a.opts.Self = analyze.SelfTimes(d.Forest)
		a.opts.Roles = analyze.ClassifyRoles(d.Batch, analyze.DefaultRoleRules)
		a.opts.Usage = analyze.Usages(d.Batch, a.opts.Prices)
		a.ready = true
	}
	o := a.opts
	a.mu.Unlock()
	if prices != nil {
		o.Prices = prices
		o.Usage = analyze.Usages(d.Batch, prices)
	}
	return o
}

// pricesArg parses an optional price table override (JSON, as
// analyze.LoadPrices reads it), merged over the default table.
func pricesArg(cmd string, doc string) (*analyze.PriceTable, error) {
	if doc == "" {
		return nil, nil
	}
	t, err := analyze.LoadPrices([]byte(doc))
	if err != nil {
		return nil, typeErrorf("%s: prices: %v", cmd, err)
	}
	return t, nil
}

// cmdSummary returns the batch statistics; trace start times are relative
// to the document base.
func cmdSummary(c *call) (Result, error) {
	var a struct {
		Prices string `json:"prices"`
	}
	if err := c.args(&a); err != nil {
		return Result{}, err
	}
	p, err := pricesArg("summary", a.Prices)
	if err != nil {
		return Result{}, err
	}
	s := analyze.Summarize(c.doc.Forest, c.doc.options(p))
	b := base(c.doc.Forest)
	for k := range s.Traces {
		s.Traces[k].Start -= b
	}
	return Result{JSON: s}, nil
}

// cmdErrors lists failed spans with their paths from the root.
func cmdErrors(c *call) (Result, error) {
	if err := c.args(&struct{}{}); err != nil {
		return Result{}, err
	}
	return Result{JSON: analyze.Errors(c.doc.Forest)}, nil
}

// cmdAgentGraph folds the document into its agent/call graph; the node of
// each span travels as the i32 array "node".
func cmdAgentGraph(c *call) (Result, error) {
	var a struct {
		Prices string `json:"prices"`
	}
	if err := c.args(&a); err != nil {
		return Result{}, err
	}
	p, err := pricesArg("agentGraph", a.Prices)
	if err != nil {
		return Result{}, err
	}
	g := analyze.AgentGraph(c.doc.Forest, c.doc.options(p))
	return Result{JSON: g, Arrays: []Array{I32("node", g.Node)}}, nil
}

// criticalPaths returns the critical path of each trace (of its first
// root).
func (d *Doc) criticalPaths() [][]analyze.Segment {
	d.analysis.criticalOnce.Do(func() {
		f := d.Forest
		d.analysis.critical = make([][]analyze.Segment, len(f.Traces))
		for t, tr := range f.Traces {
			if len(tr.Roots) > 0 {
				d.analysis.critical[t] = analyze.CriticalPath(f, tr.Roots[0])
			}
		}
	})
	return d.analysis.critical
}

// criticalSet marks the spans on any trace's critical path.
func (d *Doc) criticalSet() []bool {
	set := make([]bool, len(d.Batch.Spans))
	for _, path := range d.criticalPaths() {
		for _, s := range path {
			set[s.Span] = true
		}
	}
	return set
}

// cmdCriticalPath returns the segments of one trace's critical path, times
// relative to the document base.
func cmdCriticalPath(c *call) (Result, error) {
	var a struct {
		Trace int `json:"trace"`
	}
	if err := c.args(&a); err != nil {
		return Result{}, err
	}
	paths := c.doc.criticalPaths()
	if a.Trace < 0 || a.Trace >= len(paths) {
		return Result{}, typeErrorf("criticalPath: trace %d out of range (have %d)", a.Trace, len(paths))
	}
	b := base(c.doc.Forest)
	type seg struct {
		Span  int32 `json:"span"`
		Start int64 `json:"start"`
		End   int64 `json:"end"`
	}
	out := make([]seg, len(paths[a.Trace]))
	for k, s := range paths[a.Trace] {
		out[k] = seg{s.Span, s.Start - b, s.End - b}
	}
	return Result{JSON: out}, nil
}

// cmdSearch evaluates a query over the document's spans; the matching span
// indexes travel as the i32 array "spans".
func cmdSearch(c *call) (Result, error) {
	var a struct {
		Query string `json:"query"`
	}
	if err := c.args(&a); err != nil {
		return Result{}, err
	}
	hits, err := analyze.Search(c.doc.Forest, a.Query)
	if err != nil {
		return Result{}, typeErrorf("search: %v", err)
	}
	return Result{JSON: map[string]any{"matches": len(hits)}, Arrays: []Array{I32("spans", hits)}}, nil
}

// cmdCompare aligns trace `trace` of this document with trace
// `otherTrace` of the document `other` (B), and reports B minus A.
func cmdCompare(c *call) (Result, error) {
	var a struct {
		Other      uint32 `json:"other"`
		Trace      int    `json:"trace"`
		OtherTrace int    `json:"otherTrace"`
	}
	if err := c.args(&a); err != nil {
		return Result{}, err
	}
	c.e.mu.Lock()
	other := c.e.docs[a.Other]
	c.e.mu.Unlock()
	if other == nil {
		return Result{}, typeErrorf("compare: other handle %d is not loaded", a.Other)
	}
	if a.Trace < 0 || a.Trace >= len(c.doc.Forest.Traces) || a.OtherTrace < 0 || a.OtherTrace >= len(other.Forest.Traces) {
		return Result{}, typeErrorf("compare: trace index out of range")
	}
	cmp := analyze.Compare(
		analyze.Side{Forest: c.doc.Forest, Trace: a.Trace, Usage: c.doc.options(nil).Usage},
		analyze.Side{Forest: other.Forest, Trace: a.OtherTrace, Usage: other.options(nil).Usage},
	)
	return Result{JSON: cmp}, nil
}
