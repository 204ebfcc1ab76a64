package render

import (
	"sort"
	"strconv"
	"strings"

	"github.com/spanlens/spanlens/core/analyze"
	"github.com/spanlens/spanlens/core/layout"
	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/core/tree"
	"github.com/spanlens/spanlens/internal/msg"
)

// Tree appends the span tree of every trace in f, one line per span:
//
//	coordinator [agent]  ok  2.10s  Σ in=900 out=450 tok  $0.0092
//	├── chat gpt-4o [llm gpt-4o]  ok  300ms  in=100 out=50 tok  $0.0008
//
// Spans with children show their subtree's tokens and cost (Σ), leaves
// their own; a foot line gives the trace's wall-clock duration and totals,
// and names models that could not be priced.
func Tree(dst []byte, f *tree.Forest, opts Options) []byte {
	prices := opts.Prices
	if prices == nil {
		prices = analyze.DefaultPrices()
	}
	own := analyze.Usages(f.Batch, prices)
	sub := analyze.Rollup(f, own)
	roles := analyze.Roles(f.Batch)
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
		dst = append(dst, opts.style(bold, "trace "+t.ID.Short())...)
		if len(t.Roots) > 1 {
			dst = msg.Appendf(dst, " (%d roots)", len(t.Roots))
		}
		dst = append(dst, '\n')
		g := guides{o: opts}
		lines, cut := budget.take(f, t, opts)
		for _, l := range lines {
			i := l.Span
			dst = append(dst, g.prefix(f, i)...)
			if l.Fold > 0 {
				dst = foldLine(dst, f, l, opts)
			} else {
				dst = spanLine(dst, f, i, roles[i], &own[i], &sub[i], opts)
				if l.Below > 0 {
					dst = append(dst, opts.style(dim, "  (+"+Count(int64(l.Below))+" below)")...)
				}
			}
			dst = append(dst, '\n')
		}
		if cut > 0 {
			dst = append(dst, opts.style(dim, opts.cutNote(cut))...)
			dst = append(dst, '\n')
		}
		dst = traceFoot(dst, f, t, own, opts)
	}
	return dst
}

func spanLine(dst []byte, f *tree.Forest, i int32, role analyze.Role, own, sub *analyze.Usage, opts Options) []byte {
	s := &f.Batch.Spans[i]
	dst = AppendPrintable(dst, s.Name)
	tag := role.String()
	if own.Model != "" {
		tag += " " + Printable(own.Model)
	}
	dst = append(dst, opts.style(cyan, " ["+tag+"]")...)
	failed := f.Flags[i]&tree.Failed != 0
	switch {
	case failed:
		dst = append(dst, "  "...)
		dst = append(dst, opts.style(red, "error")...)
	case s.Status.Code == model.StatusOK:
		dst = append(dst, "  "...)
		dst = append(dst, opts.style(green, "ok")...)
	}
	dst = append(dst, "  "...)
	dst = append(dst, layout.ShortDuration(f.Duration(i))...)
	if f.ChildCount[i] > 0 && (sub.Total != own.Total || sub.Cost != own.Cost) {
		if u := usageText(sub); u != "" {
			dst = append(dst, "  Σ "...)
			dst = append(dst, u...)
		}
	} else if u := usageText(own); u != "" {
		dst = append(dst, "  "...)
		dst = append(dst, u...)
	}
	if failed && s.Status.Message != "" {
		// %q escapes controls and bidi overrides as Printable does.
		dst = append(dst, "  "...)
		dst = append(dst, opts.style(red, msg.Sprintf("%q", firstLine(s.Status.Message, 80)))...)
	}
	fl := f.Flags[i]
	var notes []string
	if fl&tree.Orphan != 0 {
		notes = append(notes, "orphan: parent "+s.ParentID.String()+" missing")
	}
	if fl&tree.Duplicate != 0 {
		notes = append(notes, "duplicate id")
	}
	if fl&tree.CycleBroken != 0 {
		notes = append(notes, "parent cycle broken")
	}
	if fl&tree.Adjusted != 0 {
		notes = append(notes, "clock skew adjusted")
	} else if fl&tree.Skewed != 0 {
		notes = append(notes, "clock skew")
	}
	if len(notes) > 0 {
		dst = append(dst, "  "...)
		dst = append(dst, opts.style(yel, "⚠ "+strings.Join(notes, ", "))...)
	}
	return dst
}

// foldLine says what a folded run of look-alike siblings holds:
// "… 4,998 more like "item 5000" · 12.3s · 2 errors".
func foldLine(dst []byte, f *tree.Forest, l line, opts Options) []byte {
	text := "… " + Count(int64(l.Fold)) + " more like " + strconv.Quote(Printable(f.Batch.Spans[l.Span].Name)) +
		" · " + layout.ShortDuration(layout.SatSub(l.End, l.Start))
	dst = append(dst, opts.style(dim, text)...)
	if l.Failed > 0 {
		dst = append(dst, " · "...)
		dst = append(dst, opts.style(red, Plural(l.Failed, "error"))...)
	}
	return dst
}

func firstLine(s string, n int) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > n {
		s = s[:n] + "…"
	}
	return s
}

// traceFoot sums a trace: span count, wall-clock duration (end − start,
// never a sum of durations), errors, tokens and cost, unpriced models.
func traceFoot(dst []byte, f *tree.Forest, t tree.Trace, own []analyze.Usage, opts Options) []byte {
	var total analyze.Usage
	errs := 0
	unpriced := map[string]int64{}
	for _, i := range f.Order[t.First : t.First+t.Count] {
		total.Add(&own[i])
		if own[i].Unpriced {
			name := own[i].Model
			if name == "" {
				name = "(unnamed model)"
			}
			unpriced[name] += own[i].Total
		}
		if f.Flags[i]&tree.Failed != 0 {
			errs++
		}
	}
	line := Plural(int(t.Count), "span") + " · " + layout.ShortDuration(layout.SatSub(t.End, t.Start)) + " wall clock"
	if errs > 0 {
		line += " · " + Plural(errs, "error")
	}
	if u := usageText(&total); u != "" {
		line += " · total " + u
	}
	rule := "──"
	if opts.ASCII {
		rule = "--"
	}
	dst = append(dst, opts.style(dim, rule)...)
	dst = append(dst, ' ')
	dst = append(dst, opts.style(bold, line)...)
	dst = append(dst, '\n')
	if len(unpriced) > 0 {
		names := make([]string, 0, len(unpriced))
		for n := range unpriced {
			names = append(names, n)
		}
		sort.Strings(names)
		parts := make([]string, len(names))
		for k, n := range names {
			parts[k] = msg.Sprintf("%s (%s tok)", Printable(n), Count(unpriced[n]))
		}
		dst = append(dst, opts.style(yel, "   unpriced (cost unknown, not $0): "+strings.Join(parts, ", "))...)
		dst = append(dst, '\n')
	}
	return dst
}
