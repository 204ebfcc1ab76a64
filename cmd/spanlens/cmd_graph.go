package main

import (
	"github.com/spanlens/spanlens"
)

func init() {
	commands["graph"] = command{
		flags: readsTrace | jsonFlag | colorFlag,
		usage: "[FILE]",
		help:  "The agent call graph: agents, LLM calls and tools folded by path, with calls, time, tokens and cost.",
		run:   (*cli).graph,
	}
}

func (c *cli) graph(args []string) error {
	as := c.flags.String("as", "text", "text, mermaid (for docs pages) or dot (Graphviz)")
	path, err := c.oneFile(args)
	if err != nil {
		return err
	}
	view := *as
	switch view {
	case "text":
		view = "graph"
	case "mermaid", "dot":
	default:
		return usagef("--as %q: want text, mermaid or dot", *as)
	}
	d, err := c.load(path)
	if err != nil {
		return err
	}
	if c.common.json {
		return c.writeJSON(d.AgentGraph())
	}
	out, err := d.Text(spanlens.TextOptions{View: view, Color: c.useColor(), Width: c.termWidth()})
	if err != nil {
		return err
	}
	_, err = c.stdout.Write(out)
	return err
}
