package render

import (
	"github.com/spanlens/spanlens/core/analyze"
	"github.com/spanlens/spanlens/core/tree"
)

// Options control the text renderings.
type Options struct {
	Color bool // ANSI colours
	ASCII bool // ASCII instead of box-drawing and block characters
	Width int  // columns available, 40..MaxWidth; default 100
	// Prices prices token usage; nil means analyze.DefaultPrices().
	Prices *analyze.PriceTable

	// Folding, for traces too big to read line by line; zero values
	// show everything. MaxDepth cuts subtrees below that many levels,
	// saying how many spans each cut hides; MaxLines stops each trace
	// after that many lines, saying how many spans are left; FoldRuns
	// folds a run of at least that many look-alike siblings (one
	// service, names equal but for their digits: "item 1", "item 2", …)
	// into its first member and one line for the rest.
	MaxDepth int
	MaxLines int
	FoldRuns int
	// LinesKnob names, in the caller's words, what raises MaxLines
	// ("--max-lines"); default "the line limit".
	LinesKnob string
}

// cutNote is the line after a trace MaxLines cut short.
func (o Options) cutNote(cut int) string {
	knob := o.LinesKnob
	if knob == "" {
		knob = "the line limit"
	}
	return "… " + Plural(cut, "more span") + " not shown (raise " + knob + " to see them)"
}

// maxIndent bounds the depth drawn as tree guides, so that a million-deep
// chain prints in linear time; deeper spans show their depth instead.
const maxIndent = 48

// MaxWidth is the widest text output in columns; wider Options.Width
// values (a COLUMNS from the environment) are clamped to it, so a line's
// size never depends on a caller's number alone.
const MaxWidth = 1000

func (o Options) width() int {
	if o.Width <= 0 {
		return 100
	}
	return min(max(o.Width, 40), MaxWidth)
}

// ANSI styles.
const (
	reset = "\x1b[0m"
	bold  = "\x1b[1m"
	dim   = "\x1b[2m"
	red   = "\x1b[31m"
	green = "\x1b[32m"
	cyan  = "\x1b[36m"
	yel   = "\x1b[33m"
)

// style wraps s in an ANSI style when colour is on.
func (o Options) style(code, s string) string {
	if !o.Color || s == "" {
		return s
	}
	return code + s + reset
}

// guides draws the tree prefix for a span at depth d whose ancestors at
// depths 1..d-1 are last children where last[k] is true.
type guides struct {
	last []bool
	o    Options
}

func (g *guides) prefix(f *tree.Forest, i int32) string {
	d := int(f.Depth[i])
	for len(g.last) <= d {
		g.last = append(g.last, false)
	}
	g.last[d] = f.NextSibling[i] < 0
	if d == 0 {
		return ""
	}
	vert, tee, elbow, blank := "│   ", "├── ", "└── ", "    "
	if g.o.ASCII {
		vert, tee, elbow, blank = "|   ", "|-- ", "`-- ", "    "
	}
	var b []byte
	if d > maxIndent {
		b = append(b, "… "...)
	}
	for k := max(1, d-maxIndent+1); k < d; k++ {
		if g.last[k] {
			b = append(b, blank...)
		} else {
			b = append(b, vert...)
		}
	}
	if g.last[d] {
		b = append(b, elbow...)
	} else {
		b = append(b, tee...)
	}
	return g.o.style(dim, string(b))
}
