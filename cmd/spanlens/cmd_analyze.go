package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spanlens/spanlens/core/analyze"
	"github.com/spanlens/spanlens/core/layout"
	"github.com/spanlens/spanlens/core/render"
	"github.com/spanlens/spanlens/core/tree"
)

func init() {
	commands["summary"] = command{
		usage: "[FILE]",
		help:  "Statistics per trace, service, operation, role and model, with tokens and cost.",
		run:   (*cli).summary,
	}
	commands["critical-path"] = command{
		usage: "[FILE]",
		help:  "The chain of span segments that determined each trace's end.",
		run:   (*cli).criticalPath,
	}
	commands["errors"] = command{
		usage: "[FILE]",
		help:  "Failed spans with exception type and message, and the path from the root.",
		run:   (*cli).errors,
	}
	commands["search"] = command{
		usage: "QUERY [FILE]",
		help:  "Spans matching a query, e.g. 'service:checkout status:error duration>250ms'.",
		run:   (*cli).search,
	}
}

// pricesFlag registers --prices, a JSON price table merged over the
// embedded one.
func (c *cli) pricesFlag() *string {
	return c.flags.String("prices", "", "JSON file of model prices to use over the embedded table")
}

func (c *cli) prices(path string) (*analyze.PriceTable, error) {
	if path == "" {
		return nil, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	t, err := analyze.LoadPrices(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return t, nil
}

func (c *cli) summary(args []string) error {
	pricesPath := c.pricesFlag()
	path, err := c.oneFile(args)
	if err != nil {
		return err
	}
	prices, err := c.prices(*pricesPath)
	if err != nil {
		return err
	}
	f, err := c.load(path)
	if err != nil {
		return err
	}
	s := analyze.Summarize(f, analyze.Options{Prices: prices})
	if c.common.json {
		return c.writeJSON(s)
	}
	return writeSummary(c.stdout, f, s)
}

func writeSummary(w io.Writer, f *tree.Forest, s *analyze.Summary) error {
	fmt.Fprintf(w, "%s · %d traces · %d spans · %d errors", f.Batch.Format, len(s.Traces), s.Spans, s.Errors)
	if u := usageLine(&s.Usage); u != "" {
		fmt.Fprintf(w, " · %s", u)
	}
	fmt.Fprintf(w, "\nprices as of %s\n", s.PriceDate)
	for _, m := range s.Unpriced {
		fmt.Fprintf(w, "unpriced: %s (%d spans, %s tokens): cost unknown, not $0\n", m.Model, m.Spans, render.Count(m.Total))
	}
	tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "\nTRACE\tROOT\tDURATION\tSPANS\tSERVICES\tDEPTH\tERRORS\tTOKENS\tCOST")
	for _, t := range s.Traces {
		root := ""
		if t.Root >= 0 {
			root = f.Batch.Spans[t.Root].Name
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%d\t%s\t%s\n", shortID(t.ID), root, layout.ShortDuration(t.Duration),
			t.Spans, t.Services, t.Depth, t.Errors, tokens(&t.Usage), cost(&t.Usage))
	}
	for _, g := range []struct {
		title string
		rows  []analyze.GroupStats
	}{{"SERVICE", s.Services}, {"OPERATION", s.Operations}, {"ROLE", s.Roles}, {"MODEL", s.Models}} {
		if len(g.rows) == 0 {
			continue
		}
		fmt.Fprintf(tw, "\n%s\tCOUNT\tERRORS\tTOTAL\tSELF\tP50\tP90\tP99\tMAX\tTOKENS\tCOST\n", g.title)
		for _, r := range g.rows {
			name := r.Name
			if g.title == "SERVICE" {
				name = r.Service
			} else if g.title == "OPERATION" {
				name = r.Service + " " + r.Name
			}
			fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", name, r.Count, r.Errors,
				layout.ShortDuration(r.Total), layout.ShortDuration(r.Self), layout.ShortDuration(r.P50),
				layout.ShortDuration(r.P90), layout.ShortDuration(r.P99), layout.ShortDuration(r.Max), tokens(&r.Usage), cost(&r.Usage))
		}
	}
	return tw.Flush()
}

func shortID(id string) string {
	if len(id) > 16 {
		return id[:16] + "…"
	}
	return id
}

func tokens(u *analyze.Usage) string {
	if !u.Tokens() {
		return "-"
	}
	return render.Count(u.Total)
}

func cost(u *analyze.Usage) string {
	switch {
	case u.Unpriced && u.CostKnown:
		return render.Cost(u.Cost) + "+?"
	case u.Unpriced:
		return "?"
	case u.CostKnown:
		return render.Cost(u.Cost)
	}
	return "-"
}

func usageLine(u *analyze.Usage) string {
	if !u.Tokens() && !u.CostKnown {
		return ""
	}
	return fmt.Sprintf("%s tokens (in %s, out %s) · %s", render.Count(u.Total), render.Count(u.Input), render.Count(u.Output), cost(u))
}

func (c *cli) criticalPath(args []string) error {
	path, err := c.oneFile(args)
	if err != nil {
		return err
	}
	f, err := c.load(path)
	if err != nil {
		return err
	}
	type segment struct {
		Span     int32  `json:"span"`
		Name     string `json:"name"`
		Service  string `json:"service"`
		Start    int64  `json:"startUnixNano"`
		Duration int64  `json:"durationNano"`
	}
	type tracePath struct {
		TraceID  string    `json:"traceId"`
		Segments []segment `json:"segments"`
	}
	var out []tracePath
	for _, t := range f.Traces {
		if len(t.Roots) == 0 {
			continue
		}
		tp := tracePath{TraceID: t.ID.String()}
		for _, s := range analyze.CriticalPath(f, t.Roots[0]) {
			sp := &f.Batch.Spans[s.Span]
			tp.Segments = append(tp.Segments, segment{s.Span, sp.Name, sp.Service, s.Start, s.End - s.Start})
		}
		out = append(out, tp)
	}
	if c.common.json {
		return c.writeJSON(out)
	}
	tw := tabwriter.NewWriter(c.stdout, 2, 8, 2, ' ', 0)
	for k, tp := range out {
		if k > 0 {
			fmt.Fprintln(tw)
		}
		t := f.Traces[k]
		fmt.Fprintf(tw, "trace %s · %s wall clock\nAT\tFOR\tSERVICE\tSPAN\n", shortID(tp.TraceID), layout.ShortDuration(t.End-t.Start))
		for _, s := range tp.Segments {
			fmt.Fprintf(tw, "+%s\t%s\t%s\t%s\n", layout.ShortDuration(s.Start-t.Start), layout.ShortDuration(s.Duration), s.Service, s.Name)
		}
	}
	return tw.Flush()
}

func (c *cli) errors(args []string) error {
	path, err := c.oneFile(args)
	if err != nil {
		return err
	}
	f, err := c.load(path)
	if err != nil {
		return err
	}
	errs := analyze.Errors(f)
	if c.common.json {
		return c.writeJSON(errs)
	}
	if len(errs) == 0 {
		fmt.Fprintln(c.stdout, "no errors")
		return nil
	}
	for _, e := range errs {
		sp := &f.Batch.Spans[e.Span]
		origin := ""
		if e.Origin {
			origin = " (origin)"
		}
		fmt.Fprintf(c.stdout, "%s: %s%s\n", sp.Service, sp.Name, origin)
		switch {
		case e.Type != "":
			fmt.Fprintf(c.stdout, "  %s: %s\n", e.Type, strings.TrimSpace(e.Message))
		case e.Message != "":
			fmt.Fprintf(c.stdout, "  %s\n", strings.TrimSpace(e.Message))
		}
		names := make([]string, len(e.Path))
		for k, p := range e.Path {
			names[k] = f.Batch.Spans[p].Name
		}
		fmt.Fprintf(c.stdout, "  path: %s\n", strings.Join(names, " → "))
	}
	return nil
}

func (c *cli) search(args []string) error {
	if err := c.flags.Parse(args); err != nil {
		return err
	}
	if c.flags.NArg() < 1 || c.flags.NArg() > 2 {
		return usagef("want QUERY and at most one FILE")
	}
	query, path := c.flags.Arg(0), c.flags.Arg(1)
	f, err := c.load(path)
	if err != nil {
		return err
	}
	hits, err := analyze.Search(f, query)
	if err != nil {
		return err
	}
	if c.common.json {
		nodes := treeJSON(f)["spans"].([]spanNode)
		byIndex := make(map[int32]spanNode, len(nodes))
		for _, n := range nodes {
			byIndex[n.Index] = n
		}
		out := make([]spanNode, len(hits))
		for k, h := range hits {
			out[k] = byIndex[h]
		}
		return c.writeJSON(out)
	}
	tw := tabwriter.NewWriter(c.stdout, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "SPAN\tSERVICE\tNAME\tDURATION\tSTATUS")
	for _, h := range hits {
		sp := &f.Batch.Spans[h]
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", sp.ID, sp.Service, sp.Name, layout.ShortDuration(f.Duration(h)), sp.Status.Code)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err = fmt.Fprintf(c.stdout, "%d of %d spans match\n", len(hits), len(f.Batch.Spans))
	return err
}
