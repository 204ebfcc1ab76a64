package main

import (
	"os"
	"strconv"

	"golang.org/x/term"

	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/core/render"
	"github.com/spanlens/spanlens/core/tree"
)

func init() {
	commands["tree"] = command{
		usage: "[FILE]",
		help:  "Print the span tree with durations, status, tokens and cost.",
		run:   (*cli).tree,
	}
	commands["timeline"] = command{
		usage: "[FILE]",
		help:  "Print a timeline with one bar per span, scaled to the terminal.",
		run:   (*cli).timeline,
	}
}

func (c *cli) textOptions() render.Options {
	return render.Options{Color: c.useColor(), Width: c.termWidth()}
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

func (c *cli) tree(args []string) error { return c.drawText(args, render.Tree) }

func (c *cli) timeline(args []string) error { return c.drawText(args, render.Timeline) }

// drawText loads the one FILE argument and writes it with draw, or as the
// tree's JSON with --json.
func (c *cli) drawText(args []string, draw func([]byte, *tree.Forest, render.Options) []byte) error {
	path, err := c.oneFile(args)
	if err != nil {
		return err
	}
	f, err := c.load(path)
	if err != nil {
		return err
	}
	if c.common.json {
		return c.writeJSON(treeJSON(f))
	}
	_, err = c.stdout.Write(draw(nil, f, c.textOptions()))
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
	Start    int64  `json:"startUnixNano"`
	Duration int64  `json:"durationNano"`
	Flags    uint8  `json:"flags,omitempty"`
}

// treeJSON lists every span in tree (pre-)order.
func treeJSON(f *tree.Forest) map[string]any {
	nodes := make([]spanNode, 0, len(f.Order))
	for _, i := range f.Order {
		s := &f.Batch.Spans[i]
		nodes = append(nodes, spanNode{
			Index: i, Parent: f.Parent[i], Depth: f.Depth[i],
			TraceID: s.TraceID.String(), SpanID: s.ID.String(),
			Name: s.Name, Service: s.Service, Kind: s.Kind.String(), Status: s.Status.Code.String(),
			Start: f.Start[i], Duration: f.Duration(i), Flags: uint8(f.Flags[i]),
		})
	}
	warnings := make([]string, 0, len(f.Batch.Warnings)+len(f.Warnings))
	for _, w := range append(append([]model.Warning(nil), f.Batch.Warnings...), f.Warnings...) {
		warnings = append(warnings, w.Message)
	}
	return map[string]any{"format": f.Batch.Format, "spans": nodes, "warnings": warnings}
}
