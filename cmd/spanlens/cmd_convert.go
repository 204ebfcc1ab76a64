package main

import (
	"bufio"
	"slices"

	"github.com/spanlens/spanlens"
)

func init() {
	commands["convert"] = command{
		flags: readsTrace,
		usage: "--to FORMAT [FILE]",
		help:  "Convert a trace to otlp-json, otlp-proto (binary), jaeger, zipkin or chrome (opens in Perfetto).",
		run:   (*cli).convert,
	}
}

func (c *cli) convert(args []string) error {
	to := c.flags.String("to", "", "output format: otlp-json (or otlp), otlp-proto, jaeger, zipkin, chrome")
	path, err := c.oneFile(args)
	if err != nil {
		return err
	}
	f := spanlens.Format(*to)
	if f == "otlp" {
		f = "otlp-json"
	}
	if !slices.Contains(spanlens.ConvertFormats(), f) {
		return usagef("--to must be one of %v", spanlens.ConvertFormats())
	}
	d, err := c.load(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(c.stdout, 1<<20)
	if err := d.Convert(f, w); err != nil {
		return err
	}
	return w.Flush()
}
