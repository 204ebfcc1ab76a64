package render

import (
	"strings"
	"unicode/utf8"

	"github.com/spanlens/spanlens/core/layout"
	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/core/tree"
)

// Timeline appends a bar chart of every trace in f, one line per span in
// tree order, like the agent tutorial's to_timeline but scaled to
// opts.Width columns and drawn with eighth-block characters for sub-column
// precision:
//
//   - agent        2.10s |████████████████████████████████|
//   - chat     300ms   |█████                           |
func Timeline(dst []byte, f *tree.Forest, opts Options) []byte {
	width := opts.width()
	labelW := min(width*2/5, 48)
	barW := width - labelW - 3
	folded := false
	budget := newBudget(opts)
	for ti, t := range f.Traces {
		if ti > 0 {
			dst = append(dst, '\n')
		}
		if budget.spent() {
			dst = append(dst, opts.style(dim, opts.restNote(f, ti))...)
			dst = append(dst, '\n')
			break
		}
		// In floating point: a trace can be wider than an int64 holds.
		span := max(layout.SubFloat(t.End, t.Start), 1)
		axis := layout.ShortDuration(layout.SatSub(t.End, t.Start))
		dst = append(dst, opts.style(bold, pad("trace "+t.ID.Short(), labelW))...)
		dst = append(dst, " 0"...)
		dst = append(dst, strings.Repeat(" ", max(barW-1-len(axis), 1))...)
		dst = append(dst, axis...)
		dst = append(dst, '\n')
		lines, cut := budget.take(f, t, opts)
		for _, l := range lines {
			folded = folded || l.Fold > 0
			i := l.Span
			s := &f.Batch.Spans[i]
			icon := "?"
			failed := f.Flags[i]&tree.Failed != 0
			start, end := f.Start[i], f.End[i]
			text := Printable(s.Name)
			switch {
			case l.Fold > 0:
				failed, start, end = l.Failed > 0, l.Start, l.End
				text = "… " + Count(int64(l.Fold)) + " more like " + text
				icon = "…"
			case failed:
				icon = opts.style(red, "x")
			case s.Status.Code == model.StatusOK:
				icon = opts.style(green, "+")
			}
			if l.Fold > 0 && failed {
				icon = opts.style(red, "x")
			}
			indent := strings.Repeat(" ", min(int(f.Depth[i]), 12))
			dur := " " + layout.ShortDuration(layout.SatSub(end, start))
			if l.Below > 0 {
				dur += " +" + Count(int64(l.Below))
			}
			name := truncate(text, labelW-len(indent)-2-utf8.RuneCountInString(dur))
			label := indent + "? " + name + dur
			dst = append(dst, indent...)
			dst = append(dst, icon...)
			dst = append(dst, ' ')
			dst = append(dst, name...)
			dst = append(dst, opts.style(dim, dur)...)
			dst = append(dst, strings.Repeat(" ", max(labelW-utf8.RuneCountInString(label), 0))...)
			dst = append(dst, " |"...)
			bar := bar(layout.SubFloat(start, t.Start)/span*float64(barW), layout.SubFloat(end, t.Start)/span*float64(barW), barW, opts.ASCII)
			if failed {
				bar = opts.style(red, bar)
			}
			dst = append(dst, bar...)
			dst = append(dst, "|\n"...)
		}
		if cut > 0 {
			dst = append(dst, opts.style(dim, opts.cutNote(cut))...)
			dst = append(dst, '\n')
		}
	}
	if len(f.Traces) > 0 {
		legend := "+ ok  x error  ? status unset"
		if folded {
			legend += "  … look-alike siblings folded"
		}
		dst = append(dst, opts.style(dim, legend)...)
		dst = append(dst, '\n')
	}
	return dst
}

// eighths are the left-aligned partial blocks, 1/8 to 7/8 of a column.
var eighths = []string{"▏", "▎", "▍", "▌", "▋", "▊", "▉"}

// bar draws [x0, x1) (in columns) across w columns. Every span gets at
// least one visible mark.
func bar(x0, x1 float64, w int, ascii bool) string {
	x0 = min(max(x0, 0), float64(w))
	x1 = min(max(x1, x0), float64(w))
	var b strings.Builder
	col := int(x0)
	b.WriteString(strings.Repeat(" ", col))
	full, frac := "█", eighths
	if ascii {
		full = "="
	}
	end := x1
	if end-float64(col) < 1.0/8 { // too short to draw: one thin mark
		end = float64(col) + 1.0/8
	}
	for ; float64(col+1) <= end && col < w; col++ {
		b.WriteString(full)
	}
	if col < w {
		if r := end - float64(col); r >= 1.0/8 {
			if ascii {
				b.WriteString("=")
			} else {
				b.WriteString(frac[min(int(r*8), 7)-1])
			}
			col++
		}
	}
	b.WriteString(strings.Repeat(" ", max(w-col, 0)))
	return b.String()
}

// pad left-aligns s in n columns.
func pad(s string, n int) string {
	s = truncate(s, n)
	return s + strings.Repeat(" ", n-utf8.RuneCountInString(s))
}

// truncate cuts s to n columns, ending in "…".
func truncate(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
