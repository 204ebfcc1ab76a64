package main

import (
	"os"
	"strconv"

	"golang.org/x/term"

	"github.com/spanlens/spanlens"
)

func init() {
	commands["tree"] = command{
		flags: readsTrace | jsonFlag | colorFlag,
		usage: "[FILE]",
		help:  "Print the span tree with durations, status, tokens and cost.",
		run:   (*cli).tree,
	}
	commands["timeline"] = command{
		flags: readsTrace | jsonFlag | colorFlag,
		usage: "[FILE]",
		help:  "Print a timeline with one bar per span, scaled to the terminal.",
		run:   (*cli).timeline,
	}
}

// termWidth is the terminal's width, $COLUMNS, or 100.
func (c *cli) termWidth() int {
	if f, ok := c.stdout.(*os.File); ok {
		if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 0 {
			return w
		}
	}
	if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n > 0 {
		return n
	}
	return 100
}

func (c *cli) tree(args []string) error { return c.drawText(args, "tree") }

func (c *cli) timeline(args []string) error { return c.drawText(args, "timeline") }

// foldRuns is the shortest run of look-alike siblings the terminal views
// fold by default: a loop of five calls reads better as one line.
const foldRuns = 5

// drawText loads the one FILE argument and draws it as view, or writes
// the tree's JSON with --json.
func (c *cli) drawText(args []string, view string) error {
	depth := c.flags.Int("depth", 0, "show this many levels; deeper subtrees fold into a count (0: all)")
	maxLines := c.flags.Int("max-lines", 1000, "stop each trace after this many lines, saying how many spans are left")
	all := c.flags.Bool("all", false, "show every span: no line limit, no folding of look-alike siblings")
	path, err := c.oneFile(args)
	if err != nil {
		return err
	}
	d, err := c.load(path)
	if err != nil {
		return err
	}
	if c.common.json {
		return c.writeJSON(treeJSON(d))
	}
	if *depth < 0 || *maxLines < 0 {
		return usagef("--depth and --max-lines take a number ≥ 0")
	}
	o := spanlens.TextOptions{View: view, Color: c.useColor(), Width: c.termWidth(),
		MaxDepth: *depth, MaxLines: *maxLines, FoldRuns: foldRuns, LinesKnob: "--max-lines or use --all"}
	if *all {
		o.MaxLines, o.FoldRuns = 0, 0
	}
	out, err := d.Text(o)
	if err != nil {
		return err
	}
	_, err = c.stdout.Write(out)
	return err
}

// spanNode is one span of `tree --json`.
type spanNode struct {
	Index    int32  `json:"index"`
	Parent   int32  `json:"parent"`
	Depth    int32  `json:"depth"`
	TraceID  string `json:"traceId"`
	SpanID   string `json:"spanId"`
	Name     string `json:"name"`
	Service  string `json:"service"`
	Kind     string `json:"kind"`
	Status   string `json:"status"`
	Failed   bool   `json:"failed"`
	Start    int64  `json:"startUnixNano"`
	Duration int64  `json:"durationNano"`
	Flags    uint8  `json:"flags,omitempty"`
}

func nodeOf(d *spanlens.Document, i int32) spanNode {
	f, s := d.Tree(), &d.Batch().Spans[i]
	return spanNode{
		Index: i, Parent: f.Parent[i], Depth: f.Depth[i],
		TraceID: s.TraceID.String(), SpanID: s.ID.String(),
		Name: s.Name, Service: s.Service, Kind: s.Kind.String(), Status: s.Status.Code.String(), Failed: d.Failed(i),
		Start: f.Start[i], Duration: f.Duration(i), Flags: uint8(f.Flags[i]),
	}
}

// treeJSON lists every span in tree (pre-)order.
func treeJSON(d *spanlens.Document) map[string]any {
	f := d.Tree()
	nodes := make([]spanNode, 0, len(f.Order))
	for _, i := range f.Order {
		nodes = append(nodes, nodeOf(d, i))
	}
	warnings := make([]string, 0)
	for _, w := range d.Warnings() {
		warnings = append(warnings, w.Message)
	}
	return map[string]any{"format": d.Format(), "spans": nodes, "warnings": warnings}
}
