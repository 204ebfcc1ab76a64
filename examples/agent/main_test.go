package main

import (
	"context"
	"math"
	"strings"
	"testing"
)

// The example's figures, worked out from the price table
// (core/analyze/prices.json, USD per 1M tokens):
//
//	plan     gpt-4o          1200 in × 2.50 + 300 out × 10 = 0.0030 + 0.0030 = 0.0060
//	research gpt-4o-mini     2000 in × 0.15 + 500 out × 0.60 = 0.0003 + 0.0003 = 0.0006
//	write    claude-sonnet-4 1500 in × 3    + 800 out × 15   = 0.0045 + 0.0120 = 0.0165
//	final    gpt-4o           400 in × 2.50 + 100 out × 10   = 0.0010 + 0.0010 = 0.0020
//	total    5100 in, 1700 out, $0.0251
func TestExampleSummary(t *testing.T) {
	tr := run(context.Background(), 0)
	s := tr.Summary()
	if s.Spans != 11 || s.Errors != 1 {
		t.Errorf("%d spans, %d errors; want 11 and 1 (fetch_url)", s.Spans, s.Errors)
	}
	if s.Usage.Input != 5100 || s.Usage.Output != 1700 || math.Abs(s.Usage.Cost-0.0251) > 1e-12 {
		t.Errorf("usage %+v; want 5100 in, 1700 out, $0.0251", s.Usage)
	}
	roles := map[string]int{}
	for _, g := range s.Roles {
		roles[g.Name] = g.Count
	}
	want := map[string]int{"agent": 3, "llm": 4, "tool": 2, "memory": 1, "other": 1}
	for r, n := range want {
		if roles[r] != n {
			t.Errorf("role %s: %d spans; want %d (all: %v)", r, roles[r], n, roles)
		}
	}
	if ws := tr.Warnings(); len(ws) != 0 {
		t.Errorf("warnings %q", ws)
	}
	var out strings.Builder
	if err := report(&out, tr); err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{"spans 11 · errors 1 · tokens in 5100, out 1700 · cost $0.0251", "execute_tool fetch_url", "invoke_agent writer"} {
		if !strings.Contains(out.String(), line) {
			t.Errorf("report lacks %q:\n%s", line, out.String())
		}
	}
}
