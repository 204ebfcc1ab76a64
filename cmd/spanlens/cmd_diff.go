package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/spanlens/spanlens/core/layout"
	"github.com/spanlens/spanlens/core/render"
)

func init() {
	commands["diff"] = command{
		flags: readsTrace | jsonFlag,
		usage: "A B",
		help:  "Compare two traces (e.g. two runs of one agent): added and removed operations, duration, token and cost deltas.",
		run:   (*cli).diff,
	}
}

func (c *cli) diff(args []string) error {
	ta := c.flags.Int("trace-a", 0, "which trace of A to compare")
	tb := c.flags.Int("trace-b", 0, "which trace of B to compare")
	if err := c.parse(args); err != nil {
		return err
	}
	if c.flags.NArg() != 2 {
		return usagef("want two files, A and B")
	}
	da, err := c.load(c.flags.Arg(0))
	if err != nil {
		return err
	}
	db, err := c.load(c.flags.Arg(1))
	if err != nil {
		return err
	}
	na, nb := len(da.Tree().Traces), len(db.Tree().Traces)
	if *ta < 0 || *ta >= na || *tb < 0 || *tb >= nb {
		return usagef("--trace-a/--trace-b out of range (A has %d traces, B has %d)", na, nb)
	}
	cmp, err := da.Compare(*ta, db, *tb)
	if err != nil {
		return err
	}
	if c.common.json {
		return c.writeJSON(cmp)
	}
	fmt.Fprintf(c.stdout, "A: %s, %d spans, %s tokens, %s\n", layout.ShortDuration(cmp.A.Duration), cmp.A.Spans, render.Count(cmp.A.Tokens), render.Cost(cmp.A.Cost))
	fmt.Fprintf(c.stdout, "B: %s, %d spans, %s tokens, %s\n", layout.ShortDuration(cmp.B.Duration), cmp.B.Spans, render.Count(cmp.B.Tokens), render.Cost(cmp.B.Cost))
	fmt.Fprintf(c.stdout, "%d spans matched, %d removed, %d added\n\n", len(cmp.Matched), len(cmp.Removed), len(cmp.Added))
	tw := tabwriter.NewWriter(c.stdout, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "OPERATION\tCOUNT A→B\tDURATION A→B\tΔ\tTOKENS Δ\tCOST Δ")
	for _, op := range cmp.Ops {
		fmt.Fprintf(tw, "%s %s\t%d→%d\t%s→%s\t%s\t%s\t%s\n", render.Printable(op.Service), render.Printable(op.Name), op.CountA, op.CountB,
			layout.ShortDuration(op.DurationA), layout.ShortDuration(op.DurationB), signed(op.DurationB-op.DurationA),
			signedCount(op.TokensB-op.TokensA), signedCost(op.CostB-op.CostA))
	}
	return tw.Flush()
}

func signed(ns int64) string {
	if ns < 0 {
		return "-" + layout.ShortDuration(-ns)
	}
	return "+" + layout.ShortDuration(ns)
}

func signedCount(n int64) string {
	if n > 0 {
		return "+" + render.Count(n)
	}
	return render.Count(n)
}

func signedCost(usd float64) string {
	if usd < 0 {
		return "-" + render.Cost(-usd)
	}
	return "+" + render.Cost(usd)
}
