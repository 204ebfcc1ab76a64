package svg

import (
	"github.com/spanlens/spanlens/core/layout"
	"github.com/spanlens/spanlens/core/model"
)

// flameLaneCap bounds the lanes drawn, so that a pathological depth cannot
// make the picture unbounded.
const flameLaneCap = 200

// trackH is the height of a track's label line above its lanes.
const trackH = 16

// flame draws lanes by depth across the full width, names inside bars wide
// enough to hold them and merged dense blocks for the rest. With more than
// one track (a Chrome trace's threads) each band of lanes opens with its
// label, as Perfetto's track names do. The window is the flame's Extent:
// leading idle time is not drawn; a metric flame's axis is in tokens or
// dollars.
func (d *drawing) flame() {
	f := d.s.Forest
	fl := layout.NewFlame(d.s, d.opts.Trace)
	if d.metric != layout.MetricTime {
		fl = layout.NewMetricFlame(d.s, d.opts.Trace, d.metric, d.opts.Usage)
	}
	lanes := min(fl.Lanes(), flameLaneCap)
	tracks := fl.Tracks()
	labelled := len(tracks) > 1
	// laneY[r] is the top of lane r below the axis: the lanes above it
	// and, when tracks are labelled, a label line per track begun so far.
	laneY := make([]int, lanes+1)
	var heads []layout.Track
	y, next := 0, 0
	for r := 0; r <= lanes; r++ {
		for ; labelled && r < lanes && next < len(tracks) && int(tracks[next].FirstLane) <= r; next++ {
			if tracks[next].Lanes > 0 { // a track that kept no span has no band
				y += trackH
				heads = append(heads, tracks[next])
			}
		}
		laneY[r] = y
		y += rowH
	}
	x0, barsW := 10.0, d.width-20
	top := headerH + axisH
	bottom := top + laneY[lanes]
	height := bottom + 10
	lo, hi := fl.Extent()
	if d.metric != layout.MetricTime {
		d.total = d.measure(hi)
	} else if w := layout.SatSub(hi, lo); w < layout.SatSub(d.t1, d.t0) {
		// The axis starts at the first span that lasts: say what it shows
		// of the whole.
		d.total = layout.ShortDuration(w) + " of " + d.total
	}
	d.t0, d.t1 = lo, hi
	d.open(height)
	d.axis(x0, barsW, headerH+12, bottom, d.metric.Ticks(0, layout.SatSub(hi, lo), barsW, 90))
	for _, t := range heads {
		y := top + laneY[t.FirstLane] - trackH
		d.printf(`<line x1="0" y1="%d" x2="%d" y2="%d" stroke="%s"/><text x="10" y="%d" font-weight="600" fill="%s">`,
			y+1, d.opts.Width, y+1, d.th.grid, y+12, d.th.muted)
		d.text(t.Label, d.width-20)
		d.buf = append(d.buf, "</text>\n"...)
	}
	v := layout.View{T0: lo, T1: hi, Min: lo, Max: hi}
	bars := fl.Layout(v, layout.Viewport{Width: barsW, Rows: lanes}, layout.Marks{Selected: -1})
	for k := range bars.Len() {
		i := bars.Span[k]
		x := x0 + float64(bars.X[k])
		w := float64(bars.W[k])
		y := float64(top + laneY[bars.Row[k]])
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
	r, g, b := channel(fill, 1), channel(fill, 3), channel(fill, 5)
	if 0.2126*r+0.7152*g+0.0722*b > 150 {
		return "#111111"
	}
	return "#ffffff"
}

// channel reads the two hex digits of fill at i as 0..255, or 0 when
// fill is not "#rrggbb" or they are not hex. (Not fmt.Sscanf: fmt's
// scanner adds 25 kB to the gzipped WebAssembly module.)
func channel(fill string, i int) float64 {
	var v [1]byte
	if len(fill) != 7 || fill[0] != '#' || !model.DecodeHex(v[:], fill[i:i+2]) {
		return 0
	}
	return float64(v[0])
}
