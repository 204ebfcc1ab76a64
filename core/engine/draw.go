package engine

import (
	"github.com/spanlens/spanlens"
	"github.com/spanlens/spanlens/core/layout"
)

// cmdLayout lays out one viewport: bars as typed arrays, plus the axis
// ticks and the row/lane count for the scrollbar.
func cmdLayout(c *call) (Result, error) {
	var a spanlens.LayoutOptions
	if err := c.args(&a); err != nil {
		return Result{}, err
	}
	r, err := c.doc.Layout(a)
	if err != nil {
		return Result{}, err
	}
	bars := r.Bars
	return Result{
		JSON: layoutJSON(r),
		Arrays: []Array{
			I32("span", bars.Span), I32("row", bars.Row), F32("x", bars.X), F32("w", bars.W),
			I32("depth", bars.Depth), U8("color", bars.Color), U8("flags", bars.Flags), I32("count", bars.Count),
		},
	}, nil
}

// layoutJSON is the layout response's JSON part; a flame adds its tracks
// and default window.
func layoutJSON(r *spanlens.LayoutResult) map[string]any {
	out := map[string]any{"bars": r.Bars.Len(), "rows": r.Rows, "ticks": r.Ticks}
	if r.Tracks != nil {
		out["tracks"], out["extent"] = r.Tracks, r.Extent
	}
	return out
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
	active, failed, err := c.doc.Overview(a.Columns)
	if err != nil {
		return Result{}, err
	}
	return Result{JSON: map[string]any{"columns": a.Columns}, Arrays: []Array{U32("active", active), U32("errors", failed)}}, nil
}

// cmdNames returns the string tables a front end labels bars with.
func cmdNames(c *call) (Result, error) {
	if err := c.args(&struct{}{}); err != nil {
		return Result{}, err
	}
	n := c.doc.Names()
	return Result{
		JSON: map[string]any{
			"names": n.Names, "services": n.Services, "serviceColors": n.ServiceColors,
			"palette": map[string]any{"light": layout.LightPalette, "dark": layout.DarkPalette, "error": layout.ErrorColor},
		},
		Arrays: []Array{I32("name", n.Name), I32("service", n.Service)},
	}, nil
}

func cmdSVG(c *call) (Result, error) {
	var a spanlens.SVGOptions
	if err := c.args(&a); err != nil {
		return Result{}, err
	}
	out, err := c.doc.SVG(a)
	if err != nil {
		return Result{}, err
	}
	return Result{JSON: string(out)}, nil
}

// cmdConvert: the bytes travel as the u8 array "data".
func cmdConvert(c *call) (Result, error) {
	var a struct {
		To string `json:"to"`
	}
	if err := c.args(&a); err != nil {
		return Result{}, err
	}
	out, err := c.doc.AppendConvert(nil, spanlens.Format(a.To))
	if err != nil {
		return Result{}, typeErrorf("convert: %v", err)
	}
	return Result{JSON: map[string]any{"format": a.To, "bytes": len(out)}, Arrays: []Array{U8("data", out)}}, nil
}
