package spanlens

import (
	"strings"
	"sync"

	"github.com/spanlens/spanlens/core/analyze"
	"github.com/spanlens/spanlens/internal/msg"
)

// pathCache holds the critical path of each trace, computed once.
type pathCache struct {
	once  sync.Once
	paths [][]analyze.Segment
	on    []bool // spans on any trace's path
}

func (d *Document) criticalPaths() *pathCache {
	c := d.paths
	c.once.Do(func() {
		f := d.forest
		c.paths = make([][]analyze.Segment, len(f.Traces))
		c.on = make([]bool, len(d.batch.Spans))
		for t := range f.Traces {
			c.paths[t] = analyze.TraceCriticalPath(f, t)
			for _, s := range c.paths[t] {
				c.on[s.Span] = true
			}
		}
	})
	return c
}

// Traces lists the document's traces, earliest first.
func (d *Document) Traces() []TraceInfo {
	f := d.forest
	out := make([]TraceInfo, len(f.Traces))
	for k, t := range f.Traces {
		ti := TraceInfo{ID: t.ID.String(), Root: -1, Start: t.Start - d.base, Duration: t.End - t.Start, Spans: t.Count, Roots: len(t.Roots)}
		if len(t.Roots) > 0 {
			r := &d.batch.Spans[t.Roots[0]]
			ti.Root, ti.Name, ti.Service = t.Roots[0], r.Name, r.Service
		}
		for _, i := range f.Order[t.First : t.First+t.Count] {
			if d.Failed(i) {
				ti.Errors++
			}
		}
		out[k] = ti
	}
	return out
}

// Warnings lists what decoding and tree building found wrong.
func (d *Document) Warnings() []Warning {
	out := make([]Warning, 0, len(d.batch.Warnings)+len(d.forest.Warnings))
	for _, w := range d.batch.Warnings {
		out = append(out, Warning(w))
	}
	for _, w := range d.forest.Warnings {
		out = append(out, Warning(w))
	}
	return out
}

// checkTrace validates a trace index argument.
func (d *Document) checkTrace(op string, t int) error {
	if t < 0 || t >= len(d.forest.Traces) {
		return argErrorf(op, "trace %d out of range (have %d)", t, len(d.forest.Traces))
	}
	return nil
}

// CriticalPath returns the critical path of trace t (analyze.TraceCriticalPath).
func (d *Document) CriticalPath(t int) ([]Segment, error) {
	if err := d.checkTrace("criticalPath", t); err != nil {
		return nil, err
	}
	path := d.criticalPaths().paths[t]
	out := make([]Segment, len(path))
	for k, s := range path {
		sp := &d.batch.Spans[s.Span]
		out[k] = Segment{s.Span, s.Start - d.base, s.End - d.base, sp.Name, sp.Service}
	}
	return out, nil
}

// OnCriticalPath reports, per span, whether it is on its trace's critical
// path.
func (d *Document) OnCriticalPath() []bool { return d.criticalPaths().on }

// Summary returns the statistics per trace, service, operation, role and
// model.
func (d *Document) Summary() *Summary {
	s := analyze.Summarize(d.forest, d.analysisInputs())
	out := &Summary{
		Spans: s.Spans, Errors: s.Errors, Usage: usageOf(s.Usage), Unpriced: unpricedOf(s.Unpriced), PriceDate: s.PriceDate,
		Traces:   make([]TraceSummary, len(s.Traces)),
		Services: groupsOf(s.Services), Operations: groupsOf(s.Operations), Roles: groupsOf(s.Roles), Models: groupsOf(s.Models),
	}
	for k, t := range s.Traces {
		ts := TraceSummary{ID: t.ID, Root: t.Root, Start: t.Start - d.base, Duration: t.Duration, Spans: t.Spans, Services: t.Services,
			Errors: t.Errors, Depth: t.Depth, Usage: usageOf(t.Usage), Unpriced: unpricedOf(t.Unpriced)}
		if t.Root >= 0 {
			r := &d.batch.Spans[t.Root]
			ts.Name, ts.Service = r.Name, r.Service
		}
		out.Traces[k] = ts
	}
	return out
}

// Errors lists the failed spans in pre-order with their paths from the
// root.
func (d *Document) Errors() []ErrorSpan {
	es := analyze.Errors(d.forest)
	out := make([]ErrorSpan, len(es))
	for k, e := range es {
		sp := &d.batch.Spans[e.Span]
		out[k] = ErrorSpan{e.Span, sp.Name, sp.Service, e.Path, e.Status, e.Exceptions, e.Type, e.Message, e.Origin}
	}
	return out
}

// Search returns the spans matching query (the search language of
// analyze.ParseQuery) in tree pre-order.
func (d *Document) Search(query string) ([]int32, error) {
	hits, err := analyze.Search(d.forest, query)
	if err != nil {
		return nil, argErrorf("search", "%v", err)
	}
	return hits, nil
}

func (d *Document) agentGraph() *analyze.Graph {
	return analyze.AgentGraph(d.forest, d.analysisInputs())
}

// AgentGraph folds the document into its agent/call graph
// (analyze.AgentGraph).
func (d *Document) AgentGraph() *Graph {
	g := d.agentGraph()
	out := &Graph{Nodes: make([]GraphNode, len(g.Nodes)), Edges: make([]GraphEdge, len(g.Edges)), Node: g.Node}
	for k, n := range g.Nodes {
		out.Nodes[k] = GraphNode{n.ID, n.Parent, n.Depth, n.Role, n.Service, n.Name, n.Calls, n.Errors, n.Total, n.Self, usageOf(n.Usage)}
	}
	for k, e := range g.Edges {
		out.Edges[k] = GraphEdge(e)
	}
	return out
}

// Compare aligns trace t of d (A, before) with trace otherTrace of other
// (B, after); deltas are B minus A.
func (d *Document) Compare(t int, other *Document, otherTrace int) (*Comparison, error) {
	if err := d.checkTrace("compare", t); err != nil {
		return nil, err
	}
	if err := other.checkTrace("compare: other", otherTrace); err != nil {
		return nil, err
	}
	c := analyze.Compare(
		analyze.Side{Forest: d.forest, Trace: t, Usage: d.analysisInputs().Usage},
		analyze.Side{Forest: other.forest, Trace: otherTrace, Usage: other.analysisInputs().Usage},
	)
	out := &Comparison{Matched: make([]SpanPair, len(c.Matched)), Removed: c.Removed, Added: c.Added,
		Ops: make([]OpDelta, len(c.Ops)), A: TraceTotals(c.A), B: TraceTotals(c.B)}
	for k, p := range c.Matched {
		out.Matched[k] = SpanPair(p)
	}
	for k, o := range c.Ops {
		out.Ops[k] = OpDelta(o)
	}
	return out, nil
}

// ArgError is a call with an argument out of its range or malformed; the
// engine reports it as a TypeError.
type ArgError struct {
	Op string // the method or command, e.g. "layout"
	// Arg names the argument as a request spells it ("width", "maxRows"),
	// when Msg starts with it, so a surface can say it in its own words
	// (the CLI's --max-rows).
	Arg string
	Msg string
}

func (e *ArgError) Error() string { return "spanlens: " + e.Op + ": " + e.Msg }

func argErrorf(op, format string, args ...any) error {
	return &ArgError{Op: op, Msg: msg.Sprintf(format, args...)}
}

// validationError makes the error of a core validator, which reads
// "pkg: arg value out of range (…)", an ArgError of op naming arg.
func validationError(op string, err error) error {
	msg := err.Error()
	if pkg, rest, ok := strings.Cut(msg, ": "); ok && !strings.Contains(pkg, " ") {
		msg = rest
	}
	arg, _, _ := strings.Cut(msg, " ")
	return &ArgError{Op: op, Arg: arg, Msg: msg}
}
