package spanlens_test

import (
	"math"
	"testing"
)

// A span's details carry its own usage and its subtree's: multi_agent.jsonl's
// coordinator calls gpt-4o (100 in, 50 out, $0.000725) and a researcher
// whose claude call takes 800 in, 400 out for $0.0084.
func TestSpanUsageTotal(t *testing.T) {
	d := open("testdata/spanforge/multi_agent.jsonl")
	for i, sp := range d.Batch().Spans {
		if sp.Name != "agent_run:coordinator" {
			continue
		}
		s, err := d.Span(int32(i))
		if err != nil {
			t.Fatal(err)
		}
		if s.Usage.Total != 0 {
			t.Errorf("own tokens %d; want 0 (the agent span calls no model itself)", s.Usage.Total)
		}
		u := s.UsageTotal
		if u.Input != 900 || u.Output != 450 || u.Total != 1350 || math.Abs(u.Cost-0.009125) > 1e-12 {
			t.Errorf("with descendants: %+v; want 900 in, 450 out, 1350 in all, $0.009125", u)
		}
		return
	}
	t.Fatal("no coordinator span")
}
