package spanlens

import (
	"encoding/json"
	"strconv"

	"github.com/spanlens/spanlens/core/model"
)

// Attr is an attribute with its type kept: Value is the JSON of the typed
// value (a string, number, boolean, array or object).
type Attr struct {
	Key   string          `json:"key"`
	Type  string          `json:"type"`
	Value json.RawMessage `json:"value"`
}

// SpanEvent is an event of a span; Time is relative to Base and shifted
// with its span by skew adjustment.
type SpanEvent struct {
	Time       int64  `json:"time"`
	Name       string `json:"name"`
	Attributes []Attr `json:"attributes"`
}

// SpanLink is a link from a span to another span; Span is that span's
// index, or -1 when it is not in the document.
type SpanLink struct {
	TraceID    string `json:"traceId"`
	SpanID     string `json:"spanId"`
	Span       int32  `json:"span"`
	Attributes []Attr `json:"attributes"`
}

// SpanScope is the instrumentation scope that recorded a span.
type SpanScope struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// SpanDetails is everything a details panel shows of one span. Start and
// End are the effective times relative to Base; the raw ones are kept as
// decimal strings of Unix nanoseconds.
type SpanDetails struct {
	Index            int32       `json:"index"`
	TraceID          string      `json:"traceId"`
	SpanID           string      `json:"spanId"`
	ParentSpanID     string      `json:"parentSpanId"`
	Parent           int32       `json:"parent"`
	Name             string      `json:"name"`
	Service          string      `json:"service"`
	Kind             string      `json:"kind"`
	Status           string      `json:"status"`
	StatusMessage    string      `json:"statusMessage"`
	Failed           bool        `json:"failed"`
	Start            int64       `json:"start"`
	End              int64       `json:"end"`
	Shift            int64       `json:"shift"` // skew adjustment applied, ns
	Self             int64       `json:"self"`  // self time, ns
	RawStartUnixNano string      `json:"rawStartUnixNano"`
	RawEndUnixNano   string      `json:"rawEndUnixNano"`
	Depth            int32       `json:"depth"`
	Flags            uint8       `json:"flags"`
	Usage            Usage       `json:"usage"`      // the span's own
	UsageTotal       Usage       `json:"usageTotal"` // the span's and its descendants' (analyze.Rollup)
	Attributes       []Attr      `json:"attributes"`
	Events           []SpanEvent `json:"events"`
	Links            []SpanLink  `json:"links"`
	Resource         []Attr      `json:"resource,omitempty"`
	Scope            *SpanScope  `json:"scope,omitempty"`
}

func attrsOf(as model.Attrs) []Attr {
	out := make([]Attr, len(as))
	for i, a := range as {
		out[i] = Attr{a.Key, a.Value.Type().String(), a.Value.AppendJSON(nil)}
	}
	return out
}

// Span returns the details of span i.
func (d *Document) Span(i int32) (*SpanDetails, error) {
	if i < 0 || int(i) >= len(d.batch.Spans) {
		return nil, argErrorf("span", "index must be 0..%d, got %d", len(d.batch.Spans)-1, i)
	}
	s := &d.batch.Spans[i]
	f := d.forest
	in := d.analysisInputs()
	out := &SpanDetails{
		Index: i, TraceID: s.TraceID.String(), SpanID: s.ID.String(), Parent: f.Parent[i],
		Name: s.Name, Service: s.Service, Kind: s.Kind.String(),
		Status: s.Status.Code.String(), StatusMessage: s.Status.Message, Failed: d.Failed(i),
		Start: f.Start[i] - d.base, End: f.End[i] - d.base, Self: in.Self[i],
		RawStartUnixNano: strconv.FormatInt(s.Start, 10), RawEndUnixNano: strconv.FormatInt(s.End, 10),
		Depth: f.Depth[i], Flags: uint8(f.Flags[i]), Usage: usageOf(in.Usage[i]), UsageTotal: usageOf(d.rolledUsage()[i]),
		Attributes: attrsOf(s.Attrs), Events: make([]SpanEvent, len(s.Events)), Links: make([]SpanLink, len(s.Links)),
	}
	if f.Shift != nil {
		out.Shift = f.Shift[i]
	}
	if !s.ParentID.IsZero() {
		out.ParentSpanID = s.ParentID.String()
	}
	for k, e := range s.Events {
		out.Events[k] = SpanEvent{e.Time + out.Shift - d.base, e.Name, attrsOf(e.Attrs)}
	}
	// The k-th link edge of a span is its k-th link (tree.Forest.Links).
	edges := d.linkEdges(i)
	for k, l := range s.Links {
		to := int32(-1)
		if k < len(edges) {
			to = edges[k]
		}
		out.Links[k] = SpanLink{l.TraceID.String(), l.SpanID.String(), to, attrsOf(l.Attrs)}
	}
	if s.Resource >= 0 && int(s.Resource) < len(d.batch.Resources) {
		out.Resource = attrsOf(d.batch.Resources[s.Resource].Attrs)
	}
	if s.Scope >= 0 && int(s.Scope) < len(d.batch.Scopes) {
		sc := d.batch.Scopes[s.Scope]
		out.Scope = &SpanScope{sc.Name, sc.Version}
	}
	return out, nil
}

// linkEdges returns the targets of span i's links, in link order.
func (d *Document) linkEdges(i int32) []int32 {
	ls := d.forest.Links
	// Edges are in span order; find i's run by binary search.
	lo, hi := 0, len(ls)
	for lo < hi {
		m := (lo + hi) / 2
		if ls[m].From < i {
			lo = m + 1
		} else {
			hi = m
		}
	}
	var out []int32
	for k := lo; k < len(ls) && ls[k].From == i; k++ {
		out = append(out, ls[k].To)
	}
	return out
}
