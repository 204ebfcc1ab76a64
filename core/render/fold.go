package render

import (
	"github.com/spanlens/spanlens/core/tree"
)

// A trace of 20,000 spans must not print 20,000 lines unasked. Tree and
// Timeline walk a trace through a folder, which yields the lines to print:
// one per span, or one for a folded run of look-alike siblings ("item 1",
// "item 2", … of one service), or one for subtrees cut at MaxDepth, and it
// stops after MaxLines. Each fold says what it hides.

// line is one line of a folded trace: span Span, and when Fold > 0 the
// number of look-alike siblings folded after it (Span is then the run's
// last, for the tree guides), their extent [Start, End) and failures.
type line struct {
	Span        int32
	Fold        int
	Start, End  int64
	Failed      int
	Below       int32 // spans under Span not shown, cut at MaxDepth
	runFirstPos int32 // for a fold: Pos of the run's second member
}

// sameShape reports whether names a and b differ only in their digits.
func sameShape(a, b string) bool {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		da, db := isDigit(a[i]), isDigit(b[j])
		switch {
		case da && db:
			for i < len(a) && isDigit(a[i]) {
				i++
			}
			for j < len(b) && isDigit(b[j]) {
				j++
			}
		case a[i] != b[j]:
			return false
		default:
			i++
			j++
		}
	}
	return i == len(a) && j == len(b)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// foldLines returns the lines of trace t, at most maxLines of them (0:
// any number), and how many spans that limit left out.
func foldLines(f *tree.Forest, t tree.Trace, opts Options, maxLines int) (lines []line, cut int) {
	order := f.Order[t.First : t.First+t.Count]
	spans := f.Batch.Spans
	alike := func(a, b int32) bool {
		return spans[a].Service == spans[b].Service && sameShape(spans[a].Name, spans[b].Name)
	}
	// pending holds the folds waiting for their first member's subtree to
	// be printed: at position end the fold line comes, then the walk
	// jumps to skip.
	type pend struct {
		at, skip int32
		l        line
	}
	var pending []pend
	base := f.Pos[order[0]]
	k := int32(0)
	for k < int32(len(order)) {
		for len(pending) > 0 && pending[len(pending)-1].at == k {
			p := pending[len(pending)-1]
			pending = pending[:len(pending)-1]
			if maxLines > 0 && len(lines) >= maxLines {
				return lines, int(int32(len(order)) - k)
			}
			lines = append(lines, p.l)
			k = p.skip
		}
		if k >= int32(len(order)) {
			break
		}
		if maxLines > 0 && len(lines) >= maxLines {
			return lines, int(int32(len(order)) - k)
		}
		i := order[k]
		l := line{Span: i}
		next := k + 1
		if opts.MaxDepth > 0 && int(f.Depth[i]) >= opts.MaxDepth-1 && f.Size[i] > 1 {
			l.Below = f.Size[i] - 1
			next = k + f.Size[i]
		}
		if opts.FoldRuns > 1 {
			// Is i the first of a run of look-alike siblings?
			n, last := 1, i
			for s := f.NextSibling[i]; s >= 0 && alike(i, s); s = f.NextSibling[s] {
				n, last = n+1, s
			}
			if n >= opts.FoldRuns {
				fl := line{Span: last, Fold: n - 1, Start: f.Start[f.NextSibling[i]], End: f.End[last]}
				for s := f.NextSibling[i]; ; s = f.NextSibling[s] {
					fl.Start, fl.End = min(fl.Start, f.Start[s]), max(fl.End, f.End[s])
					if f.Flags[s]&tree.Failed != 0 {
						fl.Failed++
					}
					if s == last {
						break
					}
				}
				at := k + f.Size[i]
				pending = append(pending, pend{at: at, skip: f.Pos[last] - base + f.Size[last], l: fl})
			}
		}
		lines = append(lines, l)
		k = next
	}
	for len(pending) > 0 { // folds whose run ends the trace
		p := pending[len(pending)-1]
		pending = pending[:len(pending)-1]
		if maxLines > 0 && len(lines) >= maxLines {
			return lines, 0
		}
		lines = append(lines, p.l)
	}
	return lines, 0
}

// lineBudget shares Options.MaxLines among the traces of one output.
type lineBudget struct {
	left    int // lines left; 0 with limit is spent
	limited bool
}

func newBudget(o Options) *lineBudget { return &lineBudget{left: o.MaxLines, limited: o.MaxLines > 0} }

// take returns the lines of trace t within the budget and charges them.
func (b *lineBudget) take(f *tree.Forest, t tree.Trace, o Options) ([]line, int) {
	if !b.limited {
		return foldLines(f, t, o, 0)
	}
	lines, cut := foldLines(f, t, o, b.left)
	b.left -= len(lines)
	return lines, cut
}

// spent reports whether no line is left for another trace.
func (b *lineBudget) spent() bool { return b.limited && b.left <= 0 }

// restNote is the line for the traces a spent budget leaves out.
func (o Options) restNote(f *tree.Forest, from int) string {
	spans := 0
	for _, t := range f.Traces[from:] {
		spans += int(t.Count)
	}
	knob := o.LinesKnob
	if knob == "" {
		knob = "the line limit"
	}
	return "… " + Plural(len(f.Traces)-from, "more trace") + " (" + Count(int64(spans)) + " spans) not shown (raise " + knob + " to see them)"
}
