package engine

import (
	"strconv"
	"sync"

	"github.com/spanlens/spanlens/core/export"
	"github.com/spanlens/spanlens/core/layout"
	"github.com/spanlens/spanlens/core/render/svg"
)

// views caches what drawing a document needs, built on first use: the
// scene, the flame lanes of each trace drawn, and the last waterfall
// (rebuilt when the trace or the collapsed set changes).
type views struct {
	once      sync.Once
	scene     *layout.Scene
	mu        sync.Mutex
	flames    map[int]*layout.Flame
	wfKey     string
	waterfall *layout.Waterfall
}

func (d *Doc) scene() *layout.Scene {
	d.views.once.Do(func() { d.views.scene = layout.NewScene(d.Forest) })
	return d.views.scene
}

func (d *Doc) flame(trace int) *layout.Flame {
	d.views.mu.Lock()
	defer d.views.mu.Unlock()
	fl := d.views.flames[trace]
	if fl == nil {
		if d.views.flames == nil {
			d.views.flames = map[int]*layout.Flame{}
		}
		fl = layout.NewFlame(d.scene(), trace)
		d.views.flames[trace] = fl
	}
	return fl
}

func (d *Doc) waterfall(trace int, collapsed []int32) (*layout.Waterfall, error) {
	key := strconv.Itoa(trace)
	for _, c := range collapsed {
		key += "," + strconv.Itoa(int(c))
	}
	d.views.mu.Lock()
	defer d.views.mu.Unlock()
	if d.views.waterfall != nil && d.views.wfKey == key {
		return d.views.waterfall, nil
	}
	var fold []bool
	if len(collapsed) > 0 {
		fold = make([]bool, len(d.Batch.Spans))
		for _, c := range collapsed {
			if c < 0 || int(c) >= len(fold) {
				return nil, typeErrorf("layout: collapsed span %d out of range", c)
			}
			fold[c] = true
		}
	}
	d.views.waterfall = layout.NewWaterfall(d.scene(), trace, fold)
	d.views.wfKey = key
	return d.views.waterfall, nil
}

type layoutArgs struct {
	View      string  `json:"view"`  // "waterfall" (default) or "flame"
	Trace     *int    `json:"trace"` // which trace; default 0, -1 all
	T0        float64 `json:"t0"`    // visible window, ns relative to the document base
	T1        float64 `json:"t1"`
	Width     float64 `json:"width"`
	FirstRow  int     `json:"firstRow"`
	Rows      int     `json:"rows"`
	MinBarPx  float64 `json:"minBarPx"`
	Collapsed []int32 `json:"collapsed"`
	Selected  *int32  `json:"selected"`
	Critical  []int32 `json:"critical"` // spans on the critical path
	Match     []int32 `json:"match"`    // spans matched by a search
	TickGap   float64 `json:"tickGap"`  // min pixels between axis ticks; default 80
}

// cmdLayout lays out one viewport: bars as typed arrays, plus the axis
// ticks and the row/lane count for the scrollbar.
func cmdLayout(c *call) (Result, error) {
	var a layoutArgs
	if err := c.args(&a); err != nil {
		return Result{}, err
	}
	d := c.doc
	if a.Width <= 0 || a.Rows < 0 || a.T1 <= a.T0 {
		return Result{}, typeErrorf("layout: want width > 0, rows ≥ 0 and t1 > t0")
	}
	b := base(d.Forest)
	lo, hi := extent(d)
	v := layout.View{T0: b + int64(a.T0), T1: b + int64(a.T1), Min: lo, Max: hi}
	vp := layout.Viewport{Width: a.Width, FirstRow: a.FirstRow, Rows: a.Rows, MinBarPx: a.MinBarPx}
	m := layout.Marks{Selected: -1}
	if a.Selected != nil {
		m.Selected = *a.Selected
	}
	n := len(d.Batch.Spans)
	var err error
	if m.Critical, err = spanSet("critical", a.Critical, n); err != nil {
		return Result{}, err
	}
	if m.Match, err = spanSet("match", a.Match, n); err != nil {
		return Result{}, err
	}
	trace := 0
	if a.Trace != nil {
		trace = *a.Trace
	}
	if trace < -1 || trace >= len(d.Forest.Traces) {
		return Result{}, typeErrorf("layout: trace %d out of range (have %d; -1 is all)", trace, len(d.Forest.Traces))
	}
	var bars *layout.Bars
	total := 0
	switch a.View {
	case "", "waterfall":
		w, err := d.waterfall(trace, a.Collapsed)
		if err != nil {
			return Result{}, err
		}
		bars, total = w.Layout(v, vp, m), len(w.Rows)
	case "flame":
		fl := d.flame(trace)
		bars, total = fl.Layout(v, vp, m), fl.Lanes()
	default:
		return Result{}, typeErrorf("layout: unknown view %q (want waterfall or flame)", a.View)
	}
	gap := a.TickGap
	if gap <= 0 {
		gap = 80
	}
	return Result{
		JSON: map[string]any{
			"bars":  bars.Len(),
			"rows":  total,
			"ticks": layout.Ticks(int64(a.T0), int64(a.T1), a.Width, gap),
		},
		Arrays: []Array{
			I32("span", bars.Span), I32("row", bars.Row), F32("x", bars.X), F32("w", bars.W),
			I32("depth", bars.Depth), U8("color", bars.Color), U8("flags", bars.Flags), I32("count", bars.Count),
		},
	}, nil
}

// extent returns the earliest start and latest end of the document.
func extent(d *Doc) (int64, int64) {
	f := d.Forest
	if len(f.Traces) == 0 {
		return 0, 0
	}
	lo, hi := f.Traces[0].Start, f.Traces[0].End
	for _, t := range f.Traces[1:] {
		lo, hi = min(lo, t.Start), max(hi, t.End)
	}
	return lo, hi
}

// spanSet turns a list of span indexes into a membership slice.
func spanSet(name string, idx []int32, n int) ([]bool, error) {
	if idx == nil {
		return nil, nil
	}
	set := make([]bool, n)
	for _, i := range idx {
		if i < 0 || int(i) >= n {
			return nil, typeErrorf("layout: %s span %d out of range", name, i)
		}
		set[i] = true
	}
	return set, nil
}

// cmdOverview returns the minimap: spans and errors active per column
// across the whole document.
func cmdOverview(c *call) (Result, error) {
	var a struct {
		Columns int `json:"columns"`
	}
	if err := c.args(&a); err != nil {
		return Result{}, err
	}
	if a.Columns <= 0 || a.Columns > 1<<16 {
		return Result{}, typeErrorf("overview: columns must be 1..65536")
	}
	lo, hi := extent(c.doc)
	active, errs := layout.Density(c.doc.Forest, lo, max(hi, lo+1), a.Columns)
	return Result{JSON: map[string]any{"columns": a.Columns}, Arrays: []Array{U32("active", active), U32("errors", errs)}}, nil
}

// cmdNames returns the string tables a front end labels bars with: each
// span's name and service as indexes into two small tables.
func cmdNames(c *call) (Result, error) {
	if err := c.args(&struct{}{}); err != nil {
		return Result{}, err
	}
	spans := c.doc.Batch.Spans
	nameID, svcID := make([]int32, len(spans)), make([]int32, len(spans))
	var names, services []string
	nm, sm := map[string]int32{}, map[string]int32{}
	for i := range spans {
		nameID[i] = intern(nm, &names, spans[i].Name)
		svcID[i] = intern(sm, &services, spans[i].Service)
	}
	colors := make([]uint8, len(services))
	for k, s := range services {
		colors[k] = c.doc.scene().Services[s]
	}
	return Result{
		JSON: map[string]any{
			"names": names, "services": services, "serviceColors": colors,
			"palette": map[string]any{"light": layout.LightPalette, "dark": layout.DarkPalette, "error": layout.ErrorColor},
		},
		Arrays: []Array{I32("name", nameID), I32("service", svcID)},
	}, nil
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

// cmdSVG draws the document as an SVG string.
func cmdSVG(c *call) (Result, error) {
	var a struct {
		Width        int    `json:"width"`
		View         string `json:"view"`
		Theme        string `json:"theme"`
		Trace        *int   `json:"trace"`
		MaxRows      int    `json:"maxRows"`
		CriticalPath bool   `json:"criticalPath"`
		Title        string `json:"title"`
	}
	if err := c.args(&a); err != nil {
		return Result{}, err
	}
	opts := svg.Options{Width: a.Width, View: a.View, Theme: a.Theme, MaxRows: a.MaxRows, Title: a.Title}
	if a.Trace != nil {
		opts.Trace = *a.Trace
	}
	if a.CriticalPath {
		opts.Critical = c.doc.criticalSet()
	}
	out, err := svg.Append(nil, c.doc.scene(), opts)
	if err != nil {
		return Result{}, typeErrorf("%v", err)
	}
	return Result{JSON: string(out)}, nil
}

// cmdConvert encodes the document in another format; the bytes travel as
// the u8 array "data".
func cmdConvert(c *call) (Result, error) {
	var a struct {
		To string `json:"to"`
	}
	if err := c.args(&a); err != nil {
		return Result{}, err
	}
	out, err := export.Append(nil, c.doc.Batch, export.Format(a.To))
	if err != nil {
		return Result{}, typeErrorf("convert: %v", err)
	}
	return Result{JSON: map[string]any{"format": a.To, "bytes": len(out)}, Arrays: []Array{U8("data", out)}}, nil
}
