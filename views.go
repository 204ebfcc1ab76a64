package spanlens

import (
	"slices"
	"strings"
	"sync"

	"github.com/spanlens/spanlens/core/analyze"
	"github.com/spanlens/spanlens/core/layout"
	"github.com/spanlens/spanlens/core/render"
	"github.com/spanlens/spanlens/core/render/svg"
)

// viewCache holds what drawing a document needs, built on first use: the
// scene, the flame lanes of each trace drawn, and the last waterfall
// (rebuilt when the trace or the collapsed set changes).
type viewCache struct {
	once      sync.Once
	scene     *layout.Scene
	mu        sync.Mutex
	flames    map[flameKey]*layout.Flame
	wfKey     waterfallKey
	waterfall *layout.Waterfall
}

// waterfallKey is what a waterfall is built from. The fold list may hold
// every span ("collapse all"), and comes with every layout request: it is
// compared as numbers, not made into a string each time.
type waterfallKey struct {
	trace  int
	filter string
	folds  []int32
}

func (k *waterfallKey) is(trace int, filter string, folds []int32) bool {
	return k.trace == trace && k.filter == filter && slices.Equal(k.folds, folds)
}

func (d *Document) scene() *layout.Scene {
	d.views.once.Do(func() { d.views.scene = layout.NewScene(d.forest) })
	return d.views.scene
}

type flameKey struct {
	trace  int
	metric layout.Metric
}

func (d *Document) flame(trace int, m layout.Metric) *layout.Flame {
	v := d.views
	v.mu.Lock()
	defer v.mu.Unlock()
	k := flameKey{trace, m}
	fl := v.flames[k]
	if fl == nil {
		if v.flames == nil {
			v.flames = map[flameKey]*layout.Flame{}
		}
		if m == layout.MetricTime {
			fl = layout.NewFlame(d.scene(), trace)
		} else {
			fl = layout.NewMetricFlame(d.scene(), trace, m, d.rolledUsage())
		}
		v.flames[k] = fl
	}
	return fl
}

// rolledUsage is each span's usage with its subtree's (metric flames, span
// details), computed once.
func (d *Document) rolledUsage() []analyze.Usage {
	d.rollOnce.Do(func() { d.rolled = analyze.Rollup(d.forest, d.analysisInputs().Usage) })
	return d.rolled
}

func (d *Document) waterfall(trace int, collapsed []int32, filter string) (*layout.Waterfall, error) {
	v := d.views
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.waterfall != nil && v.wfKey.is(trace, filter, collapsed) {
		return v.waterfall, nil
	}
	fold, err := d.spanSet("collapsed", collapsed)
	if err != nil {
		return nil, err
	}
	var only []bool
	if filter != "" {
		hits, err := analyze.Search(d.forest, filter)
		if err != nil {
			return nil, argErrorf("layout", "filter: %v", err)
		}
		if only, err = d.spanSet("filter", hits); err != nil {
			return nil, err
		}
	}
	v.waterfall = layout.NewFilteredWaterfall(d.scene(), trace, fold, only)
	v.wfKey = waterfallKey{trace, filter, slices.Clone(collapsed)}
	return v.waterfall, nil
}

// spanSet turns a list of span indexes into a membership slice (nil for
// nil).
func (d *Document) spanSet(name string, idx []int32) ([]bool, error) {
	if idx == nil {
		return nil, nil
	}
	set := make([]bool, len(d.batch.Spans))
	for _, i := range idx {
		if i < 0 || int(i) >= len(set) {
			return nil, argErrorf("layout", "%s span %d out of range (have %d spans)", name, i, len(set))
		}
		set[i] = true
	}
	return set, nil
}

// LayoutOptions is one viewport of a waterfall or flame view. Times are
// nanoseconds since Base.
type LayoutOptions struct {
	View      string  `json:"view"`  // "waterfall" (default) or "flame"
	Trace     int     `json:"trace"` // which trace; -1 lays out all
	T0        float64 `json:"t0"`    // the visible window
	T1        float64 `json:"t1"`
	Width     float64 `json:"width"` // pixels
	FirstRow  int     `json:"firstRow"`
	Rows      int     `json:"rows"`
	MinBarPx  float64 `json:"minBarPx"`
	Collapsed []int32 `json:"collapsed"` // spans whose subtrees are folded
	// Filter, a search query, shows only the matching spans and their
	// ancestors in the waterfall ("matches only").
	Filter   string  `json:"filter"`
	Selected *int32  `json:"selected"`
	Critical []int32 `json:"critical"` // spans drawn as on the critical path
	Match    []int32 `json:"match"`    // spans drawn as search matches
	TickGap  float64 `json:"tickGap"`  // min pixels between axis ticks; default 80
	// Metric is what a flame's widths measure: "time" (default), "tokens"
	// or "cost" (each span's rolled-up usage). For the last two, T0 and T1
	// are in the metric's units from 0 (layout.TokenUnits per token,
	// layout.CostUnits per USD), not ns since Base.
	Metric string `json:"metric"`
}

// LayoutResult is the bars of one viewport, the axis ticks, and the number
// of rows (or lanes) there are in all, for a scrollbar. A flame also has
// its tracks (bands of lanes with labels) and its default window, in the
// units of T0 and T1: from the first span that lasts, so leading idle
// time is not shown.
type LayoutResult struct {
	Bars   *layout.Bars
	Rows   int
	Ticks  []layout.Tick
	Tracks []layout.Track
	Extent [2]float64
}

// Layout lays out one viewport. Work is bounded by the viewport, not by the
// number of spans.
func (d *Document) Layout(o LayoutOptions) (*LayoutResult, error) {
	if o.Trace < -1 || o.Trace >= len(d.forest.Traces) {
		return nil, argErrorf("layout", "trace %d out of range (have %d; -1 is all)", o.Trace, len(d.forest.Traces))
	}
	vp := layout.Viewport{Width: o.Width, FirstRow: o.FirstRow, Rows: o.Rows, MinBarPx: o.MinBarPx}
	if err := vp.Validate(); err != nil {
		return nil, layoutArgError(err)
	}
	m, err := layout.ParseMetric(o.Metric)
	if err != nil {
		return nil, layoutArgError(err)
	}
	var fl *layout.Flame
	base, lo, hi := d.base, int64(0), int64(0)
	switch {
	case o.View == "flame":
		fl = d.flame(o.Trace, m)
		if m != layout.MetricTime {
			base = 0
			lo, hi = fl.Extent()
		} else {
			lo, hi = d.extent()
		}
	case m != layout.MetricTime:
		return nil, argErrorf("layout", "metric %s needs the flame view (view %q)", m, o.View)
	default:
		lo, hi = d.extent()
	}
	v, err := layout.RelativeView(base, o.T0, o.T1, lo, hi)
	if err != nil {
		return nil, layoutArgError(err)
	}
	gap := o.TickGap
	if gap == 0 {
		gap = 80
	}
	if err := layout.ValidateTickGap(gap); err != nil {
		return nil, layoutArgError(err)
	}
	marks := layout.Marks{Selected: -1}
	if o.Selected != nil {
		marks.Selected = *o.Selected
	}
	if marks.Critical, err = d.spanSet("critical", o.Critical); err != nil {
		return nil, err
	}
	if marks.Match, err = d.spanSet("match", o.Match); err != nil {
		return nil, err
	}
	r := &LayoutResult{}
	switch o.View {
	case "", "waterfall":
		w, err := d.waterfall(o.Trace, o.Collapsed, o.Filter)
		if err != nil {
			return nil, err
		}
		r.Bars, r.Rows = w.Layout(v, vp, marks), len(w.Rows)
	case "flame":
		r.Bars, r.Rows, r.Tracks = fl.Layout(v, vp, marks), fl.Lanes(), fl.Tracks()
		a, b := fl.Extent()
		r.Extent = [2]float64{layout.SubFloat(a, base), layout.SubFloat(b, base)}
	default:
		return nil, argErrorf("layout", "unknown view %q (want waterfall or flame)", o.View)
	}
	r.Ticks = m.Ticks(layout.SatSub(v.T0, base), layout.SatSub(v.T1, base), o.Width, gap)
	return r, nil
}

func layoutArgError(err error) error { return validationError("layout", err) }

// extent returns the earliest start and latest end of the document.
func (d *Document) extent() (int64, int64) {
	f := d.forest
	if len(f.Traces) == 0 {
		return 0, 0
	}
	lo, hi := f.Traces[0].Start, f.Traces[0].End
	for _, t := range f.Traces[1:] {
		lo, hi = min(lo, t.Start), max(hi, t.End)
	}
	return lo, hi
}

// Overview returns the minimap across the whole document: per column, the
// spans active in it and how many of them failed.
func (d *Document) Overview(columns int) (active, failed []uint32, err error) {
	if err := layout.ValidateColumns(columns); err != nil {
		return nil, nil, validationError("overview", err)
	}
	lo, hi := d.extent()
	active, failed = layout.Density(d.forest, lo, max(hi, lo+1), columns)
	return active, failed, nil
}

// Names is the string tables a front end labels bars with: each span's
// name and service as indexes into two small tables, and each service's
// palette colour.
type Names struct {
	Names         []string `json:"names"`
	Services      []string `json:"services"`
	ServiceColors []int    `json:"serviceColors"` // palette indexes (not []uint8, which JSON writes as base64)
	Name          []int32  `json:"-"`             // per span, into Names
	Service       []int32  `json:"-"`             // per span, into Services
}

// Names returns the label tables.
func (d *Document) Names() *Names {
	spans := d.batch.Spans
	n := &Names{Name: make([]int32, len(spans)), Service: make([]int32, len(spans))}
	nm, sm := map[string]int32{}, map[string]int32{}
	for i := range spans {
		n.Name[i] = intern(nm, &n.Names, spans[i].Name)
		n.Service[i] = intern(sm, &n.Services, spans[i].Service)
	}
	n.ServiceColors = make([]int, len(n.Services))
	sc := d.scene()
	for k, s := range n.Services {
		n.ServiceColors[k] = int(sc.Services[s])
	}
	return n
}

func intern(m map[string]int32, list *[]string, s string) int32 {
	if id, ok := m[s]; ok {
		return id
	}
	id := int32(len(*list))
	m[s] = id
	*list = append(*list, s)
	return id
}

// SVGOptions control SVG.
type SVGOptions struct {
	Width        int    `json:"width"` // pixels; default 1200
	View         string `json:"view"`  // "waterfall" (default) or "flame"
	Theme        string `json:"theme"` // "light" (default) or "dark"
	Trace        int    `json:"trace"` // which trace; -1 draws all
	MaxRows      int    `json:"maxRows"`
	CriticalPath bool   `json:"criticalPath"` // highlight the critical path
	Title        string `json:"title"`
	// Metric is what the flame's widths measure: "time" (default),
	// "tokens" or "cost".
	Metric string `json:"metric"`
	// RowsKnob is how the caller names MaxRows in the note under a cut
	// waterfall ("--max-rows"); default "maxRows".
	RowsKnob string `json:"-"`
}

// SVG draws the document as a static SVG.
func (d *Document) SVG(o SVGOptions) ([]byte, error) {
	if o.Trace < -1 || o.Trace >= len(d.forest.Traces) {
		return nil, argErrorf("svg", "trace %d out of range (have %d; -1 is all)", o.Trace, len(d.forest.Traces))
	}
	opts := svg.Options{Width: o.Width, View: o.View, Theme: o.Theme, Trace: o.Trace, MaxRows: o.MaxRows, Title: o.Title, RowsKnob: o.RowsKnob, Metric: o.Metric}
	if o.Metric != "" && o.Metric != "time" {
		opts.Usage = d.rolledUsage()
	}
	if o.CriticalPath {
		opts.Critical = d.OnCriticalPath()
	}
	if err := opts.Validate(); err != nil {
		return nil, validationError("svg", err)
	}
	out, err := svg.Append(nil, d.scene(), opts)
	if err != nil {
		return nil, validationError("svg", err)
	}
	return out, nil
}

// TextOptions control Text.
type TextOptions struct {
	// View is "tree" (default), "timeline", or the agent graph as "graph"
	// (indented text), "mermaid" or "dot" (Graphviz).
	View  string
	Color bool // ANSI colours
	ASCII bool // ASCII instead of box-drawing characters
	Width int  // columns; default 100
	// Folding of the tree and timeline (render.Options): cut subtrees
	// below MaxDepth levels, stop each trace after MaxLines lines, fold
	// runs of at least FoldRuns look-alike siblings; zero shows all.
	// LinesKnob names what raises MaxLines in the caller's words.
	MaxDepth, MaxLines, FoldRuns int
	LinesKnob                    string
}

// TextViews lists the views Text draws.
var TextViews = []string{"tree", "timeline", "graph", "mermaid", "dot"}

// Text draws the document as text: for a terminal, the span tree with
// durations, status, tokens and cost, a timeline, or the agent graph; for
// docs pages, the agent graph as a Mermaid flowchart or in Graphviz DOT.
func (d *Document) Text(o TextOptions) ([]byte, error) {
	ro := render.Options{Color: o.Color, ASCII: o.ASCII, Width: o.Width, Prices: d.prices,
		MaxDepth: o.MaxDepth, MaxLines: o.MaxLines, FoldRuns: o.FoldRuns, LinesKnob: o.LinesKnob}
	switch o.View {
	case "", "tree":
		return render.Tree(nil, d.forest, ro), nil
	case "timeline":
		return render.Timeline(nil, d.forest, ro), nil
	case "graph":
		return render.GraphText(nil, d.agentGraph(), ro), nil
	case "mermaid":
		return render.GraphMermaid(nil, d.agentGraph()), nil
	case "dot":
		return render.GraphDOT(nil, d.agentGraph()), nil
	}
	return nil, argErrorf("text", "unknown view %q (want one of %s)", o.View, strings.Join(TextViews, ", "))
}
