package svg

import (
	"fmt"

	"github.com/spanlens/spanlens/core/layout"
)

// flameLaneCap bounds the lanes drawn, so that a pathological depth cannot
// make the picture unbounded.
const flameLaneCap = 200

// flame draws lanes by depth across the full width, names inside bars wide
// enough to hold them and merged dense blocks for the rest.
func (d *drawing) flame() {
	f := d.s.Forest
	fl := layout.NewFlame(d.s, d.opts.Trace)
	lanes := min(fl.Lanes(), flameLaneCap)
	x0, barsW := 10.0, d.width-20
	top := headerH + axisH
	height := top + lanes*rowH + 10
	d.open(height)
	d.axis(x0, barsW, headerH+12, top+lanes*rowH)
	v := layout.View{T0: d.t0, T1: d.t1, Min: d.t0, Max: d.t1}
	bars := fl.Layout(v, layout.Viewport{Width: barsW, Rows: lanes}, layout.Marks{Selected: -1})
	for k := range bars.Len() {
		i := bars.Span[k]
		x := x0 + float64(bars.X[k])
		w := float64(bars.W[k])
		y := float64(top + int(bars.Row[k])*rowH)
		d.bar(i, x, y+4, w, bars.Color[k], bars.Flags[k], bars.Count[k])
		if bars.Count[k] == 1 && w > 4*charW {
			d.printf(`<text x="%.1f" y="%.0f" fill="%s">`, x+3, y+14, labelOn(d.palette[bars.Color[k]]))
			d.text(f.Batch.Spans[i].Name, w-6)
			d.buf = append(d.buf, "</text>\n"...)
		}
	}
	if fl.Lanes() > lanes {
		d.printf(`<text x="10" y="%d" fill="%s">… %d deeper lanes not drawn</text>`+"\n", height-2, d.th.muted, fl.Lanes()-lanes)
	}
	d.close()
}

// labelOn returns black or white, whichever reads better on fill (a
// "#rrggbb" colour), by its relative luminance.
func labelOn(fill string) string {
	var r, g, b int
	fmt.Sscanf(fill, "#%02x%02x%02x", &r, &g, &b)
	if 0.2126*float64(r)+0.7152*float64(g)+0.0722*float64(b) > 150 {
		return "#111111"
	}
	return "#ffffff"
}
