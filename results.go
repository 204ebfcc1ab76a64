package spanlens

import "github.com/spanlens/spanlens/core/analyze"

// The result types below are the wire format of every surface. Leaf types
// convert from their analyze counterparts with a plain conversion, so a
// field added there fails to compile here until the wire type has it too.

// TraceInfo describes one trace of a document.
type TraceInfo struct {
	ID       string `json:"id"`
	Root     int32  `json:"root"` // first root span, -1 for none
	Name     string `json:"name"` // the first root's name and service
	Service  string `json:"service"`
	Start    int64  `json:"start"`
	Duration int64  `json:"duration"`
	Spans    int32  `json:"spans"`
	Roots    int    `json:"roots"`
	Errors   int    `json:"errors"`
}

// Warning is a problem found while decoding or building the tree; Span is
// -1 when it concerns no one span.
type Warning struct {
	Span    int32  `json:"span"`
	Message string `json:"message"`
}

// Usage is token usage and cost, as analyze.Usage.
type Usage struct {
	Input      int64   `json:"input,omitempty"`
	Output     int64   `json:"output,omitempty"`
	CacheRead  int64   `json:"cacheRead,omitempty"`
	CacheWrite int64   `json:"cacheWrite,omitempty"`
	Reasoning  int64   `json:"reasoning,omitempty"`
	Total      int64   `json:"total,omitempty"`
	Cost       float64 `json:"cost,omitempty"`
	CostKnown  bool    `json:"costKnown,omitempty"`
	Model      string  `json:"model,omitempty"`
	Unpriced   bool    `json:"unpriced,omitempty"`
	Priced     bool    `json:"priced,omitempty"` // some cost came from the price table
}

// Summary is the statistics of a document, as analyze.Summary.
type Summary struct {
	Spans      int             `json:"spans"`
	Errors     int             `json:"errors"`
	Usage      Usage           `json:"usage"`
	Unpriced   []UnpricedModel `json:"unpriced,omitempty"`
	PriceDate  string          `json:"priceDate"`
	Traces     []TraceSummary  `json:"traces"`
	Services   []GroupStats    `json:"services"`
	Operations []GroupStats    `json:"operations"`
	Roles      []GroupStats    `json:"roles"`
	Models     []GroupStats    `json:"models"`
}

// TraceSummary is one trace's statistics; Name and Service are its root's.
type TraceSummary struct {
	ID       string          `json:"id"`
	Root     int32           `json:"root"`
	Name     string          `json:"name"`
	Service  string          `json:"service"`
	Start    int64           `json:"start"`
	Duration int64           `json:"duration"`
	Spans    int             `json:"spans"`
	Services int             `json:"services"`
	Errors   int             `json:"errors"`
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

// GroupStats aggregates the spans of one service, operation, role or model.
type GroupStats struct {
	Service string `json:"service,omitempty"`
	Name    string `json:"name,omitempty"`
	Count   int    `json:"count"`
	Errors  int    `json:"errors"`
	Total   int64  `json:"total"`
	Self    int64  `json:"self"`
	Min     int64  `json:"min"`
	Mean    int64  `json:"mean"`
	P50     int64  `json:"p50"`
	P90     int64  `json:"p90"`
	P99     int64  `json:"p99"`
	Max     int64  `json:"max"`
	Usage   Usage  `json:"usage"`
}

// Segment is a stretch [Start, End) of the critical path spent in Span,
// with the span's name and service for clients without the document.
type Segment struct {
	Span    int32  `json:"span"`
	Start   int64  `json:"start"`
	End     int64  `json:"end"`
	Name    string `json:"name"`
	Service string `json:"service"`
}

// ErrorSpan is a failed span with its path from the root, as
// analyze.ErrorSpan, and its name and service.
type ErrorSpan struct {
	Span       int32   `json:"span"`
	Name       string  `json:"name"`
	Service    string  `json:"service"`
	Path       []int32 `json:"path"`
	Status     bool    `json:"status"`
	Exceptions int     `json:"exceptions,omitempty"`
	Type       string  `json:"type,omitempty"`
	Message    string  `json:"message,omitempty"`
	Origin     bool    `json:"origin"`
}

// Graph is the agent/call graph, as analyze.Graph; Node maps each span to
// its node.
type Graph struct {
	Nodes []GraphNode `json:"nodes"`
	Edges []GraphEdge `json:"edges"`
	Node  []int32     `json:"-"`
}

// GraphNode is one (role, service, name) node of the graph.
type GraphNode struct {
	ID      int32        `json:"id"`
	Parent  int32        `json:"parent"`
	Depth   int32        `json:"depth"`
	Role    analyze.Role `json:"role"`
	Service string       `json:"service"`
	Name    string       `json:"name"`
	Calls   int          `json:"calls"`
	Errors  int          `json:"errors"`
	Total   int64        `json:"total"`
	Self    int64        `json:"self"`
	Usage   Usage        `json:"usage"`
}

// GraphEdge counts the calls from one node to another.
type GraphEdge struct {
	From  int32 `json:"from"`
	To    int32 `json:"to"`
	Calls int   `json:"calls"`
}

// Comparison aligns two traces, as analyze.Comparison; deltas are B minus A.
type Comparison struct {
	Matched []SpanPair  `json:"matched"`
	Removed []int32     `json:"removed"`
	Added   []int32     `json:"added"`
	Ops     []OpDelta   `json:"ops"`
	A       TraceTotals `json:"a"`
	B       TraceTotals `json:"b"`
}

// TraceTotals are one side's wall-clock duration, span count and usage.
type TraceTotals struct {
	Duration int64   `json:"duration"`
	Spans    int     `json:"spans"`
	Tokens   int64   `json:"tokens"`
	Cost     float64 `json:"cost"`
}

// SpanPair is a span of A aligned with a span of B.
type SpanPair struct {
	A        int32   `json:"a"`
	B        int32   `json:"b"`
	Duration int64   `json:"duration"`
	Tokens   int64   `json:"tokens"`
	Cost     float64 `json:"cost"`
}

// OpDelta compares one operation across the two traces.
type OpDelta struct {
	Service   string  `json:"service"`
	Name      string  `json:"name"`
	CountA    int     `json:"countA"`
	CountB    int     `json:"countB"`
	Removed   int     `json:"removed"`
	Added     int     `json:"added"`
	DurationA int64   `json:"durationA"`
	DurationB int64   `json:"durationB"`
	TokensA   int64   `json:"tokensA"`
	TokensB   int64   `json:"tokensB"`
	CostA     float64 `json:"costA"`
	CostB     float64 `json:"costB"`
}

func usageOf(u analyze.Usage) Usage { return Usage(u) }

func groupsOf(gs []analyze.GroupStats) []GroupStats {
	out := make([]GroupStats, len(gs))
	for k, g := range gs {
		out[k] = GroupStats{g.Service, g.Name, g.Count, g.Errors, g.Total, g.Self, g.Min, g.Mean, g.P50, g.P90, g.P99, g.Max, usageOf(g.Usage)}
	}
	return out
}

func unpricedOf(us []analyze.UnpricedModel) []UnpricedModel {
	if us == nil {
		return nil
	}
	out := make([]UnpricedModel, len(us))
	for k, u := range us {
		out[k] = UnpricedModel(u)
	}
	return out
}
