package engine

import (
	"encoding/json"
	"strconv"

	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/core/tree"
)

// traceInfo describes one trace of a document.
type traceInfo struct {
	ID       string `json:"id"`
	Root     int32  `json:"root"` // first root span
	Name     string `json:"name"`
	Service  string `json:"service"`
	Start    int64  `json:"start"` // ns relative to the document's base time
	Duration int64  `json:"duration"`
	Spans    int32  `json:"spans"`
	Roots    int    `json:"roots"`
	Errors   int    `json:"errors"`
}

// base is the earliest effective start in the document: times cross the
// boundary relative to it, because epoch nanoseconds exceed 2^53.
func base(f *tree.Forest) int64 {
	if len(f.Traces) == 0 {
		return 0
	}
	b := f.Traces[0].Start
	for _, t := range f.Traces[1:] {
		b = min(b, t.Start)
	}
	return b
}

func traceList(d *Doc) []traceInfo {
	f := d.Forest
	b := base(f)
	out := make([]traceInfo, 0, len(f.Traces))
	for _, t := range f.Traces {
		ti := traceInfo{ID: t.ID.String(), Root: -1, Start: t.Start - b, Duration: t.End - t.Start, Spans: t.Count, Roots: len(t.Roots)}
		if len(t.Roots) > 0 {
			r := &d.Batch.Spans[t.Roots[0]]
			ti.Root, ti.Name, ti.Service = t.Roots[0], r.Name, r.Service
		}
		for _, i := range f.Order[t.First : t.First+t.Count] {
			if d.Batch.Spans[i].Status.Code == model.StatusError {
				ti.Errors++
			}
		}
		out = append(out, ti)
	}
	return out
}

type warningInfo struct {
	Span    int32  `json:"span"`
	Message string `json:"message"`
}

func warningList(d *Doc) []warningInfo {
	var out []warningInfo
	for _, ws := range [][]model.Warning{d.Batch.Warnings, d.Forest.Warnings} {
		for _, w := range ws {
			out = append(out, warningInfo{w.Span, w.Message})
		}
	}
	return out
}

func cmdTraces(c *call) (Result, error) {
	if err := c.args(&struct{}{}); err != nil {
		return Result{}, err
	}
	return Result{JSON: traceList(c.doc)}, nil
}

func cmdTree(c *call) (Result, error) {
	if err := c.args(&struct{}{}); err != nil {
		return Result{}, err
	}
	f := c.doc.Forest
	b := base(f)
	n := len(f.Start)
	start, end := make([]float64, n), make([]float64, n)
	for i := range n {
		start[i] = float64(f.Start[i] - b)
		end[i] = float64(f.End[i] - b)
	}
	flags := make([]uint8, n)
	for i, fl := range f.Flags {
		flags[i] = uint8(fl)
	}
	return Result{
		JSON: map[string]any{"spans": n, "base": strconv.FormatInt(b, 10)},
		Arrays: []Array{
			I32("parent", f.Parent), I32("depth", f.Depth), I32("order", f.Order),
			I32("childCount", f.ChildCount), I32("size", f.Size),
			F64("start", start), F64("end", end), U8("flags", flags),
		},
	}, nil
}

// attrJSON is an attribute with its type kept.
type attrJSON struct {
	Key   string          `json:"key"`
	Type  string          `json:"type"`
	Value json.RawMessage `json:"value"`
}

func attrsJSON(as model.Attrs) []attrJSON {
	out := make([]attrJSON, len(as))
	for i, a := range as {
		out[i] = attrJSON{a.Key, a.Value.Type().String(), a.Value.AppendJSON(nil)}
	}
	return out
}

func cmdSpan(c *call) (Result, error) {
	var a struct {
		Index *int32 `json:"index"`
	}
	if err := c.args(&a); err != nil {
		return Result{}, err
	}
	d := c.doc
	if a.Index == nil || *a.Index < 0 || int(*a.Index) >= len(d.Batch.Spans) {
		return Result{}, typeErrorf("span: index must be 0..%d", len(d.Batch.Spans)-1)
	}
	return Result{JSON: spanJSON(d, *a.Index)}, nil
}

// spanJSON renders span i with everything a details panel shows.
func spanJSON(d *Doc, i int32) map[string]any {
	s := &d.Batch.Spans[i]
	f := d.Forest
	b := base(f)
	shift := int64(0)
	if f.Shift != nil {
		shift = f.Shift[i]
	}
	events := make([]map[string]any, len(s.Events))
	for k, e := range s.Events {
		events[k] = map[string]any{"time": e.Time + shift - b, "name": e.Name, "attributes": attrsJSON(e.Attrs)}
	}
	links := make([]map[string]any, len(s.Links))
	for k, l := range s.Links {
		links[k] = map[string]any{"traceId": l.TraceID.String(), "spanId": l.SpanID.String(), "attributes": attrsJSON(l.Attrs)}
	}
	out := map[string]any{
		"index":            i,
		"traceId":          s.TraceID.String(),
		"spanId":           s.ID.String(),
		"parentSpanId":     "",
		"parent":           f.Parent[i],
		"name":             s.Name,
		"service":          s.Service,
		"kind":             s.Kind.String(),
		"status":           s.Status.Code.String(),
		"statusMessage":    s.Status.Message,
		"start":            f.Start[i] - b,
		"end":              f.End[i] - b,
		"rawStartUnixNano": strconv.FormatInt(s.Start, 10),
		"rawEndUnixNano":   strconv.FormatInt(s.End, 10),
		"depth":            f.Depth[i],
		"flags":            f.Flags[i],
		"attributes":       attrsJSON(s.Attrs),
		"events":           events,
		"links":            links,
	}
	if !s.ParentID.IsZero() {
		out["parentSpanId"] = s.ParentID.String()
	}
	if s.Resource >= 0 && int(s.Resource) < len(d.Batch.Resources) {
		out["resource"] = attrsJSON(d.Batch.Resources[s.Resource].Attrs)
	}
	if s.Scope >= 0 && int(s.Scope) < len(d.Batch.Scopes) {
		sc := d.Batch.Scopes[s.Scope]
		out["scope"] = map[string]any{"name": sc.Name, "version": sc.Version}
	}
	return out
}
