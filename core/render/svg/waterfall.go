package svg

import (
	"github.com/spanlens/spanlens/core/layout"
)

// waterfall draws one row per span: an indented label column on the left,
// bars on a shared time axis on the right, as Jaeger's trace view does.
func (d *drawing) waterfall() {
	f := d.s.Forest
	w := layout.NewWaterfall(d.s, d.opts.Trace, nil)
	rows := min(len(w.Rows), d.opts.MaxRows)
	more := len(w.Rows) - rows
	labelW := max(d.width*0.3, 180)
	x0 := labelW + 10
	barsW := d.width - x0 - 10
	top := headerH + axisH
	height := top + rows*rowH + 10
	if more > 0 {
		height += rowH
	}
	d.open(height)
	d.axis(x0, barsW, headerH+12, top+rows*rowH, layout.Ticks(0, d.t1-d.t0, barsW, 90))
	v := layout.View{T0: d.t0, T1: d.t1, Min: d.t0, Max: d.t1}
	bars := w.Layout(v, layout.Viewport{Width: barsW, Rows: rows}, layout.Marks{Selected: -1})
	for k := range bars.Len() {
		i := bars.Span[k]
		sp := &f.Batch.Spans[i]
		y := float64(top + k*rowH)
		if k%2 == 1 {
			d.printf(`<rect x="0" y="%.0f" width="%d" height="%d" fill="%s" fill-opacity="0.35"/>`+"\n", y, d.opts.Width, rowH, d.th.grid)
		}
		indent := 10 + float64(min(f.Depth[i], 20))*12
		d.printf(`<text x="%.0f" y="%.0f" fill="%s">`, indent, y+14, d.th.text)
		if bars.Flags[k]&layout.FlagError != 0 {
			d.printf(`<tspan fill="%s" font-weight="700">! </tspan>`, layout.ErrorColor)
		}
		d.text(sp.Name, labelW-indent-4-charW*2)
		d.buf = append(d.buf, "</text>\n"...)
		bx := x0 + float64(bars.X[k])
		bw := float64(bars.W[k])
		d.bar(i, bx, y+4, bw, bars.Color[k], bars.Flags[k], 1)
		label := layout.ShortDuration(f.Duration(i))
		if lw := float64(len(label)) * charW; bx+bw+4+lw < d.width-4 {
			d.printf(`<text x="%.1f" y="%.0f" fill="%s">%s</text>`+"\n", bx+bw+4, y+14, d.th.muted, label)
		} else {
			d.printf(`<text x="%.1f" y="%.0f" text-anchor="end" fill="%s">%s</text>`+"\n", bx-4, y+14, d.th.muted, label)
		}
	}
	if more > 0 {
		knob := d.opts.RowsKnob
		if knob == "" {
			knob = "maxRows"
		}
		d.printf(`<text x="10" y="%d" fill="%s">… %d more spans not drawn (raise %s, or use the flame view)</text>`+"\n",
			top+rows*rowH+14, d.th.muted, more, appendEscaped(nil, cut(knob, 40)))
	}
	d.close()
}
