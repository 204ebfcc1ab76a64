package analyze

import (
	"math"
	"slices"
	"testing"

	"github.com/spanlens/spanlens/core/internal/comparetest"
	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/core/tree"
)

// fuzzBatch builds a messy batch from fuzzed bytes, 6 per span (at most
// 48 spans): parent (any id, so orphans, self-parents and cycles happen),
// start and duration, kind, status, trace, an exception event, name and
// service, and token usage. One span gets the extreme end time far (when
// not 0) and every span with usage reports tokens input tokens.
func fuzzBatch(data []byte, far int64, tokens float64) *model.Batch {
	n := min(len(data)/6, 48)
	b := &model.Batch{Format: "fuzz", Spans: make([]model.Span, n)}
	for k := range n {
		d := data[6*k : 6*k+6]
		s := &b.Spans[k]
		*s = model.Span{
			TraceID: traceID(d[4]>>4%3 + 1), ID: spanID(k + 1), ParentID: spanID(int(d[0]) % (n + 2)),
			Start: int64(int8(d[1])) * 10, Name: "op" + string(rune('a'+d[5]%4)), Service: "svc" + string(rune('a'+d[5]>>2%3)),
			Kind: model.SpanKind(d[3] % 6), Status: model.Status{Code: model.StatusCode(d[4] % 3)}, Resource: -1, Scope: -1,
		}
		s.End = s.Start + int64(d[2])*5
		if d[3]&0x80 != 0 { // a negative duration now and then
			s.End = s.Start - int64(d[2])
		}
		if d[4]&0x08 != 0 {
			s.Events = []model.Event{{Name: "exception", Attrs: attrs("exception.type", "E")}}
		}
		if d[5]&0x80 != 0 {
			m := "gpt-4o"
			if d[5]&0x40 != 0 {
				m = "no-such-model"
			}
			s.Attrs = attrs("gen_ai.request.model", m, "gen_ai.usage.input_tokens", tokens, "gen_ai.usage.output_tokens", int(d[2]))
		}
	}
	if n > 0 && far != 0 {
		s := &b.Spans[int(data[0])%n]
		s.End = far
	}
	return b
}

func finiteNonNeg(x float64) bool { return x >= 0 && !math.IsInf(x, 1) }

// rootOf climbs from span i to its root.
func rootOf(f *tree.Forest, i int32) int32 {
	for f.Parent[i] >= 0 {
		i = f.Parent[i]
	}
	return i
}

var fuzzBatchSeeds = [][]byte{
	{0, 0, 100, 2, 0, 0, 1, 10, 20, 0, 0, 1, 1, 40, 30, 3, 2, 2, 2, 50, 5, 4, 0, 3},
	{0, 0, 50, 1, 0, 0x80, 1, 5, 10, 3, 0x10, 0x81, 9, 20, 10, 0, 0x28, 0xc2, 2, 30, 40, 0x83, 1, 3},
	{3, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3},
}

// FuzzCriticalPath checks both critical-path rules on messy forests:
// CriticalPath's segments tile their root's (clipped) window exactly, in
// order, each on a span of the root's subtree; TraceCriticalPath is a
// sequence of whole root paths, the last the latest-ending root's, their
// windows in order without overlap, so its length is the trace's duration
// less the idle time between those roots. (Roots with empty windows have
// empty paths and never end it.)
func FuzzCriticalPath(f *testing.F) {
	for _, s := range fuzzBatchSeeds {
		f.Add(s, int64(0), false)
		f.Add(s, int64(math.MaxInt64), true)
	}
	f.Add(fuzzBatchSeeds[0], int64(math.MinInt64), false)
	f.Fuzz(func(t *testing.T, data []byte, far int64, adjust bool) {
		forest := tree.Build(fuzzBatch(data, far, 0), tree.Options{AdjustSkew: adjust})
		pathOf := map[int32][]Segment{}
		for tr := range forest.Traces {
			for _, r := range forest.Traces[tr].Roots {
				p := CriticalPath(forest, r)
				checkRootPath(t, forest, r, p)
				pathOf[r] = p
			}
		}
		for tr, x := range forest.Traces {
			path := TraceCriticalPath(forest, tr)
			latest := int64(math.MinInt64)
			for _, r := range x.Roots {
				if forest.Duration(r) > 0 { // an empty root has an empty path
					latest = max(latest, forest.Start[r]+forest.Duration(r))
				}
			}
			var used []int32
			for k := 0; k < len(path); {
				r := rootOf(forest, path[k].Span)
				want := pathOf[r]
				if slices.Contains(used, r) || !slices.Contains(x.Roots, r) || len(path)-k < len(want) || !slices.Equal(path[k:k+len(want)], want) {
					t.Fatalf("trace %d: segments from %d are not root %d's whole path %v: %v", tr, k, r, want, path)
				}
				if len(used) > 0 {
					if prev := used[len(used)-1]; forest.Start[prev]+forest.Duration(prev) > forest.Start[r] {
						t.Fatalf("trace %d: roots %d and %d on the path overlap", tr, prev, r)
					}
				}
				used = append(used, r)
				k += len(want)
			}
			if len(used) > 0 {
				if last := used[len(used)-1]; forest.Start[last]+forest.Duration(last) != latest {
					t.Fatalf("trace %d: path ends with root %d, not the latest-ending root (end %d)", tr, last, latest)
				}
			}
		}
	})
}

// checkRootPath checks that p tiles root r's window.
func checkRootPath(t *testing.T, f *tree.Forest, r int32, p []Segment) {
	t.Helper()
	start, end := f.Start[r], f.Start[r]+f.Duration(r)
	if end <= start {
		if len(p) != 0 {
			t.Fatalf("root %d: empty window, path %v", r, p)
		}
		return
	}
	if len(p) == 0 || p[0].Start != start || p[len(p)-1].End != end {
		t.Fatalf("root %d [%d, %d): path %v does not cover it", r, start, end, p)
	}
	for k, s := range p {
		if s.Start >= s.End || rootOf(f, s.Span) != r || k > 0 && s.Start != p[k-1].End {
			t.Fatalf("root %d: segment %d %+v: empty, outside the subtree or not adjacent: %v", r, k, s, p)
		}
	}
}

// FuzzCompare compares messy traces with each other and with themselves.
// Matched, removed and added must partition both traces' spans, each span
// listed once, and the deltas be B minus A; a trace compared with itself
// must match every span with itself.
func FuzzCompare(f *testing.F) {
	for _, a := range fuzzBatchSeeds {
		for _, b := range fuzzBatchSeeds {
			f.Add(a, b, uint8(0))
		}
	}
	f.Fuzz(func(t *testing.T, da, db []byte, traces uint8) {
		fa, fb := tree.Build(fuzzBatch(da, 0, 100), tree.Options{}), tree.Build(fuzzBatch(db, 0, 100), tree.Options{})
		if len(fa.Traces) == 0 || len(fb.Traces) == 0 {
			return
		}
		ta, tb := int(traces%4)%len(fa.Traces), int(traces>>4)%len(fb.Traces)
		ua, ub := Usages(fa.Batch, nil), Usages(fb.Batch, nil)
		c := Compare(Side{fa, ta, ua}, Side{fb, tb, ub})
		checkPartition(t, c, fa, ta, fb, tb)
		for _, p := range c.Matched {
			if p.Duration != fb.Duration(p.B)-fa.Duration(p.A) || p.Tokens != ub[p.B].Total-ua[p.A].Total {
				t.Fatalf("pair %+v: deltas are not B minus A", p)
			}
		}

		self := Compare(Side{fa, ta, ua}, Side{fa, ta, ua})
		checkPartition(t, self, fa, ta, fa, ta)
		if len(self.Removed) != 0 || len(self.Added) != 0 {
			t.Fatalf("trace compared with itself: removed %v, added %v", self.Removed, self.Added)
		}
		for _, p := range self.Matched {
			if p.A != p.B {
				t.Fatalf("trace compared with itself: span %d matched with %d", p.A, p.B)
			}
		}
	})
}

// checkPartition: the comparison accounts for every span of both traces
// once (comparetest.Partition).
func checkPartition(t *testing.T, c *Comparison, fa *tree.Forest, ta int, fb *tree.Forest, tb int) {
	t.Helper()
	pairs := make([][2]int32, len(c.Matched))
	for k, p := range c.Matched {
		pairs[k] = [2]int32{p.A, p.B}
	}
	if err := comparetest.Partition(fa, ta, fb, tb, pairs, c.Removed, c.Added, c.A.Spans, c.B.Spans); err != nil {
		t.Fatalf("%v: %+v", err, c)
	}
}

// FuzzSummarize checks that the statistics of messy forests add up: every
// grouping counts every span once, errors agree, percentiles are ordered,
// and costs and token counts are finite and not negative, whatever the
// token counts the spans report.
func FuzzSummarize(f *testing.F) {
	for _, s := range fuzzBatchSeeds {
		f.Add(s, 1000.0)
	}
	f.Add(fuzzBatchSeeds[1], 1e300)
	f.Add(fuzzBatchSeeds[1], 9.3e18)
	f.Fuzz(func(t *testing.T, data []byte, tokens float64) {
		forest := tree.Build(fuzzBatch(data, 0, tokens), tree.Options{})
		s := Summarize(forest, Options{})
		n := len(forest.Batch.Spans)
		if s.Spans != n || s.Errors < 0 || s.Errors > n {
			t.Fatalf("%d spans (want %d), %d errors", s.Spans, n, s.Errors)
		}
		checkUsage(t, "batch", &s.Usage)
		for _, g := range [][]GroupStats{s.Services, s.Operations, s.Roles} {
			count, errs := 0, 0
			for _, st := range g {
				count += st.Count
				errs += st.Errors
				if st.Errors > st.Count || !(st.Min <= st.P50 && st.P50 <= st.P90 && st.P90 <= st.P99 && st.P99 <= st.Max) ||
					st.Mean < st.Min || st.Mean > st.Max || st.Min < 0 {
					t.Fatalf("group %+v", st)
				}
				checkUsage(t, st.Name, &st.Usage)
			}
			if count != n || errs != s.Errors {
				t.Fatalf("groups count %d spans and %d errors, want %d and %d", count, errs, n, s.Errors)
			}
		}
		spans := 0
		for _, tr := range s.Traces {
			spans += tr.Spans
			if tr.Errors > tr.Spans || tr.Duration < 0 || tr.Depth < 1 {
				t.Fatalf("trace %+v", tr)
			}
			checkUsage(t, tr.ID, &tr.Usage)
		}
		if spans != n {
			t.Fatalf("traces hold %d spans of %d", spans, n)
		}
	})
}

func checkUsage(t *testing.T, where string, u *Usage) {
	t.Helper()
	if !finiteNonNeg(u.Cost) || u.Input < 0 || u.Output < 0 || u.Total < 0 || u.CacheRead < 0 || u.CacheWrite < 0 || u.Reasoning < 0 {
		t.Fatalf("%s: usage %+v: want finite, non-negative", where, u)
	}
}

// FuzzMergePrices merges two fuzzed price tables: the result holds t's
// models first, in order, then base's whose names t does not use, in
// order; a name t's models cover is priced by t.
func FuzzMergePrices(f *testing.F) {
	f.Add([]byte(`{"version": 1, "date": "d", "models": [{"name": "m", "match": "^m", "input": 1, "output": 2}]}`), pricesJSON, "m-1")
	f.Add([]byte(`{"version": 1, "models": [{"name": "gpt-4o", "match": "x", "input": 1, "output": 2}, {"name": "gpt-4o", "match": "y", "input": 1, "output": 2}]}`), pricesJSON, "gpt-4o")
	f.Fuzz(func(t *testing.T, own, base []byte, name string) {
		to, err := ParsePrices(own)
		if err != nil {
			return
		}
		tb, err := ParsePrices(base)
		if err != nil {
			return
		}
		m := to.Merge(tb)
		names := map[string]bool{}
		for _, x := range to.Models {
			names[x.Name] = true
		}
		var want []string
		for _, x := range to.Models {
			want = append(want, x.Name)
		}
		for _, x := range tb.Models {
			if !names[x.Name] {
				want = append(want, x.Name)
			}
		}
		var got []string
		for _, x := range m.Models {
			got = append(got, x.Name)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("merged models %q, want %q", got, want)
		}
		if wantDate := to.Date; m.Date != wantDate && !(wantDate == "" && m.Date == tb.Date) {
			t.Fatalf("date %q from %q over %q", m.Date, to.Date, tb.Date)
		}
		if own := to.Lookup(name); own != nil && m.Lookup(name).Name != own.Name {
			t.Fatalf("%q: priced by %q after the merge, by %q before", name, m.Lookup(name).Name, own.Name)
		}
	})
}
