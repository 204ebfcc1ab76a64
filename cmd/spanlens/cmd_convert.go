package main

import (
	"bufio"

	"github.com/spanlens/spanlens/core/export"
)

func init() {
	commands["convert"] = command{
		usage: "--to FORMAT [FILE]",
		help:  "Convert a trace to otlp-json, jaeger, zipkin or chrome (opens in Perfetto).",
		run:   (*cli).convert,
	}
}

func (c *cli) convert(args []string) error {
	to := c.flags.String("to", "", "output format: otlp-json (or otlp), jaeger, zipkin, chrome")
	path, err := c.oneFile(args)
	if err != nil {
		return err
	}
	f := export.Format(*to)
	if f == "otlp" {
		f = export.OTLPJSON
	}
	if !known(f) {
		return usagef("--to must be one of %v", export.Formats())
	}
	forest, err := c.load(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(c.stdout, 1<<20)
	if err := export.Encode(w, forest.Batch, f); err != nil {
		return err
	}
	return w.Flush()
}

func known(f export.Format) bool {
	for _, g := range export.Formats() {
		if g == f {
			return true
		}
	}
	return false
}
