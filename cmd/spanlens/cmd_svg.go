package main

import "github.com/spanlens/spanlens"

func init() {
	commands["svg"] = command{
		flags: readsTrace,
		usage: "[FILE] > trace.svg",
		help:  "Draw a trace as a static SVG (waterfall or flame) for docs pages.",
		run:   (*cli).svg,
	}
}

func (c *cli) svg(args []string) error {
	width := c.flags.Int("width", 1200, "picture width in pixels")
	view := c.flags.String("view", "waterfall", "waterfall or flame")
	theme := c.flags.String("theme", "light", "light or dark")
	metric := c.flags.String("metric", "time", "what flame widths measure: time, tokens or cost (rolled up per subtree)")
	critical := c.flags.Bool("critical-path", false, "highlight the critical path of each trace")
	trace := c.flags.Int("trace", 0, "which trace of the file to draw (0 is the first; -1 draws all)")
	maxRows := c.flags.Int("max-rows", 400, "waterfall rows drawn at most")
	path, err := c.oneFile(args)
	if err != nil {
		return err
	}
	d, err := c.load(path)
	if err != nil {
		return err
	}
	if n := len(d.Tree().Traces); *trace >= n {
		return usagef("--trace %d: the file holds %d traces", *trace, n)
	}
	out, err := d.SVG(spanlens.SVGOptions{Width: *width, View: *view, Theme: *theme, Trace: *trace, MaxRows: *maxRows, CriticalPath: *critical, RowsKnob: "--max-rows", Metric: *metric})
	if err != nil {
		return err
	}
	_, err = c.stdout.Write(out)
	return err
}
