package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spanlens/spanlens"
	"github.com/spanlens/spanlens/core/analyze"
	"github.com/spanlens/spanlens/core/layout"
	"github.com/spanlens/spanlens/core/render"
)

func init() {
	commands["summary"] = command{
		flags: readsTrace | jsonFlag,
		usage: "[FILE]",
		help:  "Statistics per trace, service, operation, role and model, with tokens and cost.",
		run:   (*cli).summary,
	}
	commands["critical-path"] = command{
		flags: readsTrace | jsonFlag,
		usage: "[FILE]",
		help:  "The chain of span segments that determined each trace's end.",
		run:   (*cli).criticalPath,
	}
	commands["errors"] = command{
		flags: readsTrace | jsonFlag,
		usage: "[FILE]",
		help:  "Failed spans with exception type and message, and the path from the root.",
		run:   (*cli).errors,
	}
	commands["search"] = command{
		flags: readsTrace | jsonFlag,
		usage: "QUERY [FILE]",
		help:  "Spans matching a query, e.g. 'service:checkout status:error duration>250ms'.",
		run:   (*cli).search,
	}
}

// pricesFlag registers --prices, a JSON price table merged over the
// embedded one; readPrices must run before the input is loaded.
func (c *cli) pricesFlag() *string {
	return c.flags.String("prices", "", "JSON file of model prices to use over the embedded table")
}

func (c *cli) readPrices(path string) error {
	if path == "" {
		return nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	t, err := spanlens.LoadPrices(data)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	c.priceTable = t
	return nil
}

// summaryTop is how many rows each summary table shows by default.
const summaryTop = 20

func (c *cli) summary(args []string) error {
	pricesPath := c.pricesFlag()
	top := c.flags.Int("top", summaryTop, "rows per table, largest total time first")
	all := c.flags.Bool("all", false, "every row of every table")
	path, err := c.oneFile(args)
	if err != nil {
		return err
	}
	if err := c.readPrices(*pricesPath); err != nil {
		return err
	}
	d, err := c.load(path)
	if err != nil {
		return err
	}
	s := d.Summary()
	if c.common.json {
		return c.writeJSON(s)
	}
	if *top < 1 {
		return usagef("--top %d: want at least 1", *top)
	}
	if *all {
		*top = 0
	}
	return writeSummary(c.stdout, d, s, *top)
}

// writeSummary writes the summary's tables, each cut after top rows (0:
// all) with a line saying how many are left.
func writeSummary(w io.Writer, d *spanlens.Document, s *spanlens.Summary, top int) error {
	more := func(tw io.Writer, n int) {
		if top > 0 && n > top {
			fmt.Fprintf(tw, "… %s more (--top N or --all)\n", render.Count(int64(n-top)))
		}
	}
	cut := func(n int) int {
		if top > 0 {
			return min(n, top)
		}
		return n
	}
	fmt.Fprintf(w, "%s · %s · %s · %s", d.Format(), render.Plural(len(s.Traces), "trace"), render.Plural(s.Spans, "span"), render.Plural(s.Errors, "error"))
	if u := usageLine(&s.Usage); u != "" {
		fmt.Fprintf(w, " · %s", u)
	}
	fmt.Fprintln(w)
	// The table's date matters only when some cost came from it.
	if s.Usage.Priced {
		fmt.Fprintf(w, "prices as of %s\n", s.PriceDate)
	}
	for _, m := range s.Unpriced {
		fmt.Fprintf(w, "unpriced: %s (%d spans, %s tokens): cost unknown, not $0\n", render.Printable(m.Model), m.Spans, render.Count(m.Total))
	}
	tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "\nTRACE\tROOT\tDURATION\tSPANS\tSERVICES\tDEPTH\tERRORS\tTOKENS\tCOST")
	for _, t := range s.Traces[:cut(len(s.Traces))] {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%d\t%s\t%s\n", shortID(t.ID), render.Printable(t.Name), layout.ShortDuration(t.Duration),
			t.Spans, t.Services, t.Depth, t.Errors, tokens(&t.Usage), cost(&t.Usage))
	}
	more(tw, len(s.Traces))
	for _, g := range []struct {
		title string
		rows  []spanlens.GroupStats
	}{{"SERVICE", s.Services}, {"OPERATION", s.Operations}, {"ROLE", s.Roles}, {"MODEL", s.Models}} {
		if len(g.rows) == 0 {
			continue
		}
		fmt.Fprintf(tw, "\n%s\tCOUNT\tERRORS\tTOTAL\tSELF\tP50\tP90\tP99\tMAX\tTOKENS\tCOST\n", g.title)
		for _, r := range g.rows[:cut(len(g.rows))] {
			name := r.Name
			if g.title == "SERVICE" {
				name = r.Service
			} else if g.title == "OPERATION" {
				name = r.Service + " " + r.Name
			}
			name = render.Printable(name)
			fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", name, r.Count, r.Errors,
				layout.ShortDuration(r.Total), layout.ShortDuration(r.Self), layout.ShortDuration(r.P50),
				layout.ShortDuration(r.P90), layout.ShortDuration(r.P99), layout.ShortDuration(r.Max), tokens(&r.Usage), cost(&r.Usage))
		}
		more(tw, len(g.rows))
	}
	return tw.Flush()
}

func shortID(id string) string {
	if len(id) > 16 {
		return id[:16] + "…"
	}
	return id
}

func tokens(u *spanlens.Usage) string {
	if u.Total <= 0 {
		return "-"
	}
	return render.Count(u.Total)
}

func cost(u *spanlens.Usage) string {
	au := analyze.Usage(*u)
	return render.UsageCost(&au)
}

func usageLine(u *spanlens.Usage) string {
	if u.Total <= 0 && !u.CostKnown {
		return ""
	}
	return fmt.Sprintf("%s tokens (in %s, out %s) · %s", render.Count(u.Total), render.Count(u.Input), render.Count(u.Output), cost(u))
}

// tracePath is one trace's critical path, as `critical-path --json`
// writes it.
type tracePath struct {
	TraceID string `json:"traceId"`
	// Duration is the trace's wall clock; Path sums the segments, which
	// is less when several roots leave idle time between them.
	Duration int64              `json:"duration"`
	Path     int64              `json:"path"`
	Segments []spanlens.Segment `json:"segments"`
}

func (c *cli) criticalPath(args []string) error {
	path, err := c.oneFile(args)
	if err != nil {
		return err
	}
	d, err := c.load(path)
	if err != nil {
		return err
	}
	traces := d.Traces()
	out := make([]tracePath, len(traces))
	for k, t := range traces {
		segs, err := d.CriticalPath(k)
		if err != nil {
			return err
		}
		tp := tracePath{TraceID: t.ID, Duration: t.Duration, Segments: segs}
		for _, s := range segs {
			tp.Path += s.End - s.Start
		}
		out[k] = tp
	}
	if c.common.json {
		return c.writeJSON(out)
	}
	tw := tabwriter.NewWriter(c.stdout, 2, 8, 2, ' ', 0)
	for k, tp := range out {
		if k > 0 {
			fmt.Fprintln(tw)
		}
		t := traces[k]
		fmt.Fprintf(tw, "trace %s · critical path %s of %s wall clock, from the start of %s\nAT\tFOR\tSERVICE\tSPAN\n",
			shortID(tp.TraceID), layout.ShortDuration(tp.Path), layout.ShortDuration(tp.Duration), render.Printable(t.Name))
		for _, s := range tp.Segments {
			fmt.Fprintf(tw, "+%s\t%s\t%s\t%s\n", layout.ShortDuration(s.Start-t.Start), layout.ShortDuration(s.End-s.Start), render.Printable(s.Service), render.Printable(s.Name))
		}
	}
	return tw.Flush()
}

func (c *cli) errors(args []string) error {
	path, err := c.oneFile(args)
	if err != nil {
		return err
	}
	d, err := c.load(path)
	if err != nil {
		return err
	}
	errs := d.Errors()
	if c.common.json {
		return c.writeJSON(errs)
	}
	if len(errs) == 0 {
		fmt.Fprintln(c.stdout, "no errors")
		return nil
	}
	spans := d.Batch().Spans
	for _, e := range errs {
		origin := ""
		if e.Origin {
			origin = " (origin)"
		}
		fmt.Fprintf(c.stdout, "%s: %s%s\n", render.Printable(e.Service), render.Printable(e.Name), origin)
		switch {
		case e.Type != "":
			fmt.Fprintf(c.stdout, "  %s: %s\n", render.Printable(e.Type), render.Printable(strings.TrimSpace(e.Message)))
		case e.Message != "":
			fmt.Fprintf(c.stdout, "  %s\n", render.Printable(strings.TrimSpace(e.Message)))
		}
		names := make([]string, len(e.Path))
		for k, p := range e.Path {
			names[k] = render.Printable(spans[p].Name)
		}
		fmt.Fprintf(c.stdout, "  path: %s\n", strings.Join(names, " → "))
	}
	return nil
}

func (c *cli) search(args []string) error {
	if err := c.parse(args); err != nil {
		return err
	}
	if c.flags.NArg() < 1 || c.flags.NArg() > 2 {
		return usagef("want QUERY and at most one FILE")
	}
	query, path := c.flags.Arg(0), c.flags.Arg(1)
	d, err := c.load(path)
	if err != nil {
		return err
	}
	hits, err := d.Search(query)
	if err != nil {
		return err
	}
	if c.common.json {
		out := make([]spanNode, len(hits))
		for k, h := range hits {
			out[k] = nodeOf(d, h)
		}
		return c.writeJSON(out)
	}
	f := d.Tree()
	tw := tabwriter.NewWriter(c.stdout, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "SPAN\tSERVICE\tNAME\tDURATION\tSTATUS")
	for _, h := range hits {
		sp := &d.Batch().Spans[h]
		status := sp.Status.Code.String()
		if d.Failed(h) {
			status = "error"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", sp.ID, render.Printable(sp.Service), render.Printable(sp.Name), layout.ShortDuration(f.Duration(h)), status)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err = fmt.Fprintf(c.stdout, "%d of %d spans match\n", len(hits), d.Len())
	return err
}
