// Package svg draws a trace as a static SVG document for docs pages,
// READMEs and Worker responses: a waterfall (one row per span, as Jaeger
// shows a trace) or a flame chart, with span labels, durations, service
// colours and legend, error marks, a time axis and an optional critical-path
// highlight.
//
// Output is deterministic and bounded by the picture's size, not by the
// span count: the waterfall stops after MaxRows rows and says how many it
// left out, and the flame chart merges bars narrower than a pixel into
// dense blocks (see core/layout).
package svg

import (
	"math"
	"sort"
	"unicode/utf8"

	"github.com/spanlens/spanlens/core/analyze"
	"github.com/spanlens/spanlens/core/layout"
	"github.com/spanlens/spanlens/core/tree"
	"github.com/spanlens/spanlens/internal/msg"
)

// Options control Append.
type Options struct {
	Width    int    // pixels, MinWidth..MaxWidth; default 1200
	View     string // "waterfall" (default) or "flame"
	Theme    string // "light" (default) or "dark"
	Trace    int    // index into Forest.Traces; -1 draws every trace
	MaxRows  int    // waterfall rows drawn at most, 1..MaxRowsLimit; default 400
	Critical []bool // spans to highlight as the critical path; may be nil
	Title    string // default: the first root's service and name
	// RowsKnob is how the caller's surface names MaxRows, for the note
	// under a cut waterfall: "--max-rows" on the command line; default
	// "maxRows".
	RowsKnob string
	// Metric is what the flame's widths measure: "time" (default),
	// "tokens" or "cost" (layout.ParseMetric); the last two need Usage,
	// each span's rolled-up usage (analyze.Rollup of analyze.Usages).
	Metric string
	Usage  []analyze.Usage
}

// Limits on Options, so that a drawing's size is bounded by its picture.
const (
	MinWidth     = 300    // pixels: narrower leaves the waterfall no room for bars
	MaxWidth     = 20_000 // pixels
	MaxRowsLimit = 5_000  // the most waterfall rows Options.MaxRows may ask for
	// MaxTextRunes bounds every string taken from the trace or the options
	// (titles, tooltips, labels, services) to that many characters, so a
	// 50 MB span name costs a few hundred bytes of SVG.
	MaxTextRunes = 200
)

// Validate reports whether o is within the limits, naming the offending
// option as a request spells it (width, maxRows, view, theme). The trace
// index is checked against the forest by Append.
func (o Options) Validate() error {
	switch {
	case o.Width != 0 && (o.Width < MinWidth || o.Width > MaxWidth):
		return msg.Errorf("svg: width %d out of range (want 0 for the default 1200, or %d..%d px)", o.Width, MinWidth, MaxWidth)
	case o.MaxRows < 0 || o.MaxRows > MaxRowsLimit:
		return msg.Errorf("svg: maxRows %d out of range (want 0 for the default 400, or 1..%d)", o.MaxRows, MaxRowsLimit)
	}
	if _, ok := themes[orDefault(o.Theme, "light")]; !ok {
		return msg.Errorf("svg: unknown theme %q (want light or dark)", o.Theme)
	}
	if v := orDefault(o.View, "waterfall"); v != "waterfall" && v != "flame" {
		return msg.Errorf("svg: unknown view %q (want waterfall or flame)", o.View)
	}
	m, err := layout.ParseMetric(o.Metric)
	if err != nil {
		return msg.Errorf("svg: %w", err)
	}
	if m != layout.MetricTime && o.View != "flame" {
		return msg.Errorf("svg: metric %s needs the flame view (view %q)", m, orDefault(o.View, "waterfall"))
	}
	return nil
}

const (
	rowH     = 20
	barH     = 12
	headerH  = 52 // title and legend
	axisH    = 22
	charW    = 6.4 // average glyph width of the 11px label font
	fontSize = 11
)

type theme struct{ bg, text, muted, grid string }

var themes = map[string]theme{
	"light": {bg: "#ffffff", text: "#1f2328", muted: "#656d76", grid: "#e6e8eb"},
	"dark":  {bg: "#0d1117", text: "#e6edf3", muted: "#8d96a0", grid: "#262c36"},
}

// Append draws the scene's trace(s) and appends the SVG document to dst.
// It refuses options that fail Validate. Whatever the trace's times and
// strings, the document is well-formed XML and its size is bounded by the
// picture: rows (or lanes) × width, each label at most MaxTextRunes.
func Append(dst []byte, s *layout.Scene, opts Options) ([]byte, error) {
	if err := opts.Validate(); err != nil {
		return dst, err
	}
	if opts.Width == 0 {
		opts.Width = 1200
	}
	if opts.MaxRows == 0 {
		opts.MaxRows = 400
	}
	th := themes[orDefault(opts.Theme, "light")]
	palette := layout.LightPalette
	if opts.Theme == "dark" {
		palette = layout.DarkPalette
	}
	f := s.Forest
	if opts.Trace < -1 || opts.Trace >= len(f.Traces) {
		return dst, msg.Errorf("svg: trace %d out of range (have %d)", opts.Trace, len(f.Traces))
	}
	t0, t1 := extent(f, opts.Trace)
	d := &drawing{buf: dst, th: th, palette: palette, s: s, opts: opts, t0: t0, t1: t1, width: float64(opts.Width)}
	d.metric, _ = layout.ParseMetric(opts.Metric) // checked by Validate
	if d.metric != layout.MetricTime && len(opts.Usage) != len(f.Parent) {
		return dst, msg.Errorf("svg: metric %s needs the usage of each span (have %d of %d spans)", d.metric, len(opts.Usage), len(f.Parent))
	}
	d.total = layout.ShortDuration(t1 - t0)
	if orDefault(opts.View, "waterfall") == "flame" {
		d.flame()
	} else {
		d.waterfall()
	}
	return d.buf, nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// extent returns the time range of one trace, or of all: at least 1 ns
// and at most MaxInt64 ns wide (a range wider than that, from times near
// both int64 limits, is cut at the right), so that the axis and the bars
// measure it alike.
func extent(f *tree.Forest, trace int) (int64, int64) {
	if len(f.Traces) == 0 {
		return 0, 1
	}
	var lo, hi int64
	if trace >= 0 {
		lo, hi = f.Traces[trace].Start, f.Traces[trace].End
	} else {
		lo, hi = f.Traces[0].Start, f.Traces[0].End
		for _, t := range f.Traces[1:] {
			lo, hi = min(lo, t.Start), max(hi, t.End)
		}
	}
	if lo == math.MaxInt64 {
		lo--
	}
	return lo, min(max(hi, lo+1), layout.SatAdd(lo, math.MaxInt64))
}

// drawing accumulates one document.
type drawing struct {
	buf     []byte
	th      theme
	palette []string
	s       *layout.Scene
	opts    Options
	t0, t1  int64
	width   float64
	metric  layout.Metric
	total   string // the header's measure: the trace's duration, or the flame's total
}

func (d *drawing) printf(format string, args ...any) { d.buf = msg.Appendf(d.buf, format, args...) }

// text appends s as escaped XML character data, cut to fit maxW pixels
// and MaxTextRunes.
func (d *drawing) text(s string, maxW float64) {
	d.buf = appendEscaped(d.buf, truncate(s, maxW))
}

func (d *drawing) open(height int) {
	d.printf(`<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="ui-sans-serif,system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif" font-size="%d">`+"\n",
		d.opts.Width, height, d.opts.Width, height, fontSize)
	d.printf(`<rect width="100%%" height="100%%" fill="%s"/>`+"\n", d.th.bg)
	d.header()
}

func (d *drawing) close() { d.buf = append(d.buf, "</svg>\n"...) }

// header draws the title, a summary line and the service legend.
func (d *drawing) header() {
	f := d.s.Forest
	title := d.opts.Title
	spans := len(f.Order)
	if d.opts.Trace >= 0 {
		spans = int(f.Traces[d.opts.Trace].Count)
	}
	if title == "" && len(f.Traces) > 0 && len(f.Traces[max(d.opts.Trace, 0)].Roots) > 0 {
		r := &f.Batch.Spans[f.Traces[max(d.opts.Trace, 0)].Roots[0]]
		title = r.Service + ": " + r.Name
	}
	d.printf(`<text x="10" y="18" font-size="14" font-weight="600" fill="%s">`, d.th.text)
	d.text(title, d.width*0.6)
	d.printf(`</text><text x="%d" y="18" text-anchor="end" fill="%s">%s · %d spans</text>`+"\n",
		d.opts.Width-10, d.th.muted, d.total, spans)
	x := 10.0
	for _, svc := range d.services() {
		w := 18 + float64(utf8.RuneCountInString(svc))*charW
		if x+w > d.width-10 {
			d.printf(`<text x="%.0f" y="40" fill="%s">…</text>`+"\n", x, d.th.muted)
			break
		}
		d.printf(`<rect x="%.0f" y="31" width="10" height="10" rx="2" fill="%s"/><text x="%.0f" y="40" fill="%s">`,
			x, d.palette[d.s.Services[svc]], x+14, d.th.text)
		d.text(svc, w)
		d.buf = append(d.buf, "</text>\n"...)
		x += w + 12
	}
}

// services lists the services of the scene, sorted.
func (d *drawing) services() []string {
	out := make([]string, 0, len(d.s.Services))
	for s := range d.s.Services {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// axis draws the ticks' labels at y and grid lines from y down to bottom,
// across the band [x0, x0+w].
func (d *drawing) axis(x0, w float64, y, bottom int, ticks []layout.Tick) {
	for _, tk := range ticks {
		x := x0 + tk.X
		d.printf(`<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="%s"/>`, x, y+4, x, bottom, d.th.grid)
		d.printf(`<text x="%.1f" y="%d" text-anchor="middle" fill="%s">%s</text>`+"\n", x, y, d.th.muted, tk.Label)
	}
}

// measure formats v, in the metric's units, as the header and tooltips
// show it: whole tokens, dollars to four places.
func (d *drawing) measure(v int64) string {
	switch d.metric {
	case layout.MetricTokens:
		return d.metric.Format(v, layout.TokenUnits) + " tokens"
	case layout.MetricCost:
		return d.metric.Format(v, layout.CostUnits/10_000)
	}
	return layout.ShortDuration(v)
}

func (d *drawing) critical(i int32) bool {
	return d.opts.Critical != nil && int(i) < len(d.opts.Critical) && d.opts.Critical[i]
}

// bar draws one span's rectangle (or a merged block's, count > 1) with
// its tooltip and marks.
func (d *drawing) bar(i int32, x, y, w float64, color uint8, flags uint8, count int32) {
	f := d.s.Forest
	sp := &f.Batch.Spans[i]
	fill := d.palette[color]
	if flags&layout.FlagError != 0 && flags&layout.FlagDense == 0 {
		fill = layout.ErrorColor
	}
	// data-span names the bar's span (the first of a merged block) for
	// pages that add their own hover details (wasm/docs).
	d.printf(`<g data-span="%d"`, i)
	if count > 1 {
		d.printf(` data-count="%d"`, count)
	}
	d.buf = append(d.buf, "><title>"...)
	if count > 1 {
		d.printf("%d spans", count)
	} else {
		d.buf = appendEscaped(d.buf, cut(sp.Service, MaxTextRunes))
		d.buf = append(d.buf, ": "...)
		d.buf = appendEscaped(d.buf, cut(sp.Name, MaxTextRunes))
		d.buf = append(d.buf, " ("+layout.ShortDuration(f.Duration(i))...)
		if d.metric != layout.MetricTime {
			d.buf = append(d.buf, " · "+d.measure(d.metric.Units(&d.opts.Usage[i]))...)
		}
		d.buf = append(d.buf, ')')
	}
	d.printf(`</title><rect x="%.1f" y="%.1f" width="%.1f" height="%d" rx="2" fill="%s"`, x, y, max(w, 1), barH, fill)
	if flags&layout.FlagDense != 0 {
		d.buf = append(d.buf, ` fill-opacity="0.55"`...)
	}
	if flags&layout.FlagError != 0 {
		d.printf(` stroke="%s" stroke-width="1.5"`, layout.ErrorColor)
	}
	d.buf = append(d.buf, "/>"...)
	if count == 1 && d.critical(i) {
		d.printf(`<rect x="%.1f" y="%.1f" width="%.1f" height="3" fill="%s"/>`, x, y+barH-3, max(w, 1), d.th.text)
	}
	d.buf = append(d.buf, "</g>\n"...)
}

// truncate cuts s to about maxW pixels of label text and at most
// MaxTextRunes, ending in "…".
func truncate(s string, maxW float64) string {
	if !(maxW >= charW) {
		return ""
	}
	return cut(s, int(min(maxW/charW, MaxTextRunes)))
}

// cut returns s if it has at most n runes, else its first n−1 and "…". It
// reads no further than it keeps, however long s is.
func cut(s string, n int) string {
	if n < 1 {
		return ""
	}
	k, end := 0, 0 // runes seen; the byte offset after the first n−1 of them
	for i := range s {
		if k == n-1 {
			end = i
		}
		if k == n {
			return s[:end] + "…"
		}
		k++
	}
	return s
}

// appendEscaped appends s as XML character data: markup characters
// escaped, characters XML forbids (controls, invalid UTF-8) replaced.
func appendEscaped(dst []byte, s string) []byte {
	for _, r := range s {
		switch {
		case r == '&':
			dst = append(dst, "&amp;"...)
		case r == '<':
			dst = append(dst, "&lt;"...)
		case r == '>':
			dst = append(dst, "&gt;"...)
		case r == '"':
			dst = append(dst, "&quot;"...)
		case r == utf8.RuneError, r < 0x20 && r != '\t', r == 0xFFFE, r == 0xFFFF:
			dst = append(dst, "\uFFFD"...)
		default:
			dst = utf8.AppendRune(dst, r)
		}
	}
	return dst
}
