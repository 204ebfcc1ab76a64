package main

import (
	"github.com/spanlens/spanlens/core/analyze"
	"github.com/spanlens/spanlens/core/layout"
	"github.com/spanlens/spanlens/core/render/svg"
)

func init() {
	commands["svg"] = command{
		usage: "[FILE] > trace.svg",
		help:  "Draw a trace as a static SVG (waterfall or flame) for docs pages.",
		run:   (*cli).svg,
	}
}

func (c *cli) svg(args []string) error {
	width := c.flags.Int("width", 1200, "picture width in pixels")
	view := c.flags.String("view", "waterfall", "waterfall or flame")
	theme := c.flags.String("theme", "light", "light or dark")
	critical := c.flags.Bool("critical-path", false, "highlight the critical path of each trace")
	trace := c.flags.Int("trace", 0, "which trace of the file to draw (0 is the first; -1 draws all)")
	maxRows := c.flags.Int("max-rows", 400, "waterfall rows drawn at most")
	path, err := c.oneFile(args)
	if err != nil {
		return err
	}
	f, err := c.load(path)
	if err != nil {
		return err
	}
	if *trace >= len(f.Traces) {
		return usagef("--trace %d: the file holds %d traces", *trace, len(f.Traces))
	}
	opts := svg.Options{Width: *width, View: *view, Theme: *theme, Trace: *trace, MaxRows: *maxRows}
	if *critical {
		opts.Critical = make([]bool, len(f.Parent))
		for _, t := range f.Traces {
			for _, r := range t.Roots {
				for _, seg := range analyze.CriticalPath(f, r) {
					opts.Critical[seg.Span] = true
				}
			}
		}
	}
	out, err := svg.Append(nil, layout.NewScene(f), opts)
	if err != nil {
		return usagef("%v", err)
	}
	_, err = c.stdout.Write(out)
	return err
}
