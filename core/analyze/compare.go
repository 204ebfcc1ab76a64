package analyze

import (
	"cmp"
	"slices"

	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/core/tree"
)

// Side is one trace to compare: a forest, the index of the trace in
// f.Traces, and the spans' usage (nil: Usages with DefaultPrices).
type Side struct {
	Forest *tree.Forest
	Trace  int
	Usage  []Usage
}

// Comparison aligns the spans of two traces, A (before) and B (after).
// Deltas are B minus A.
type Comparison struct {
	// Matched pairs the aligned spans, in A's pre-order.
	Matched []SpanPair `json:"matched"`
	// Removed lists A's spans with no counterpart, Added B's, each in
	// pre-order. A span without counterpart takes its subtree with it.
	Removed []int32 `json:"removed"`
	Added   []int32 `json:"added"`
	// Ops sums both traces per operation (service and name), largest
	// duration change first.
	Ops []OpDelta `json:"ops"`
	// A and B are the two traces' totals.
	A TraceTotals `json:"a"`
	B TraceTotals `json:"b"`
}

// TraceTotals are one side's wall-clock duration, span count and usage.
type TraceTotals struct {
	Duration int64   `json:"duration"`
	Spans    int     `json:"spans"`
	Tokens   int64   `json:"tokens"`
	Cost     float64 `json:"cost"`
}

// SpanPair is a span of A aligned with a span of B.
type SpanPair struct {
	A        int32   `json:"a"`
	B        int32   `json:"b"`
	Duration int64   `json:"duration"` // B's duration minus A's
	Tokens   int64   `json:"tokens"`
	Cost     float64 `json:"cost"`
}

// OpDelta compares one operation across the two traces.
type OpDelta struct {
	Service string `json:"service"`
	Name    string `json:"name"`
	// CountA and CountB count its spans; Removed and Added those without
	// counterpart. Durations are totals over its spans.
	CountA    int     `json:"count_a"`
	CountB    int     `json:"count_b"`
	Removed   int     `json:"removed"`
	Added     int     `json:"added"`
	DurationA int64   `json:"duration_a"`
	DurationB int64   `json:"duration_b"`
	TokensA   int64   `json:"tokens_a"`
	TokensB   int64   `json:"tokens_b"`
	CostA     float64 `json:"cost_a"`
	CostB     float64 `json:"cost_b"`
}

// maxLCSCells bounds the dynamic-programming table of one sibling
// alignment (4M cells, 16 MB); wider fan-outs pair siblings by occurrence
// of their key instead.
const maxLCSCells = 1 << 22

// Compare aligns trace a with trace b.
//
// When both are the same trace (the same trace id, as when two exporters
// or two backends wrote it), spans are first paired by span id: an id is
// the span's identity, whatever service name each exporter gave it. Ids
// held by more than one span of a side (Zipkin's shared client/server
// halves) are left to the path alignment.
//
// The rest is aligned by path. Spans are keyed by (service, name); the
// unpaired roots are aligned with each other, then the unpaired children
// of every pair, by a longest common subsequence of their keys in start
// order, so that repeated loop steps line up in order and an extra
// iteration shows as added rather than shifting every later step. The walk
// is iterative.
func Compare(a, b Side) *Comparison {
	for _, s := range []*Side{&a, &b} {
		if s.Usage == nil {
			s.Usage = Usages(s.Forest.Batch, nil)
		}
	}
	k := newKeyer()
	fa, fb := a.Forest, b.Forest
	ta, tb := fa.Traces[a.Trace], fb.Traces[b.Trace]
	pairOf := make(map[int32]int32) // A span → B span
	matchedB := make(map[int32]bool)
	var byID [][2]int32
	if ta.ID == tb.ID {
		byID = pairByID(fa, ta, fb, tb)
		for _, p := range byID {
			pairOf[p[0]], matchedB[p[1]] = p[1], true
		}
	}
	unpairedA := func(xs []int32) []int32 {
		return slices.DeleteFunc(xs, func(x int32) bool { _, ok := pairOf[x]; return ok })
	}
	unpairedB := func(ys []int32) []int32 {
		return slices.DeleteFunc(ys, func(y int32) bool { return matchedB[y] })
	}

	type job struct{ xs, ys []int32 }
	stack := []job{{unpairedA(slices.Clone(ta.Roots)), unpairedB(slices.Clone(tb.Roots))}}
	for _, p := range byID {
		stack = append(stack, job{unpairedA(children(fa, p[0])), unpairedB(children(fb, p[1]))})
	}
	for len(stack) > 0 {
		j := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, p := range alignSiblings(k.keys(fa, j.xs), k.keys(fb, j.ys)) {
			x, y := j.xs[p[0]], j.ys[p[1]]
			pairOf[x], matchedB[y] = y, true
			stack = append(stack, job{unpairedA(children(fa, x)), unpairedB(children(fb, y))})
		}
	}

	c := &Comparison{Matched: []SpanPair{}, Removed: []int32{}, Added: []int32{}}
	ops := map[int32]*OpDelta{}
	op := func(f *tree.Forest, i int32) *OpDelta {
		key := k.key(f, i)
		d := ops[key]
		if d == nil {
			s := &f.Batch.Spans[i]
			d = &OpDelta{Service: s.Service, Name: s.Name}
			ops[key] = d
		}
		return d
	}
	for _, x := range fa.Order[ta.First : ta.First+ta.Count] {
		d := op(fa, x)
		d.CountA++
		d.DurationA += fa.Duration(x)
		d.TokensA += a.Usage[x].Total
		d.CostA += a.Usage[x].Cost
		y, ok := pairOf[x]
		if !ok {
			d.Removed++
			c.Removed = append(c.Removed, x)
			continue
		}
		c.Matched = append(c.Matched, SpanPair{A: x, B: y,
			Duration: fb.Duration(y) - fa.Duration(x),
			Tokens:   b.Usage[y].Total - a.Usage[x].Total,
			Cost:     b.Usage[y].Cost - a.Usage[x].Cost})
	}
	for _, y := range fb.Order[tb.First : tb.First+tb.Count] {
		d := op(fb, y)
		d.CountB++
		d.DurationB += fb.Duration(y)
		d.TokensB += b.Usage[y].Total
		d.CostB += b.Usage[y].Cost
		if !matchedB[y] {
			d.Added++
			c.Added = append(c.Added, y)
		}
	}
	for _, d := range ops {
		c.Ops = append(c.Ops, *d)
		c.A.Tokens += d.TokensA
		c.A.Cost += d.CostA
		c.B.Tokens += d.TokensB
		c.B.Cost += d.CostB
	}
	slices.SortFunc(c.Ops, func(p, q OpDelta) int {
		if c := cmp.Compare(abs(q.DurationB-q.DurationA), abs(p.DurationB-p.DurationA)); c != 0 {
			return c
		}
		if c := cmp.Compare(p.Service, q.Service); c != 0 {
			return c
		}
		return cmp.Compare(p.Name, q.Name)
	})
	c.A.Duration, c.A.Spans = max(ta.End-ta.Start, 0), int(ta.Count)
	c.B.Duration, c.B.Spans = max(tb.End-tb.Start, 0), int(tb.Count)
	return c
}

// pairByID pairs the spans of trace ta in fa and tb in fb that carry the
// same span id, among ids held by one span on each side, in A's
// pre-order.
func pairByID(fa *tree.Forest, ta tree.Trace, fb *tree.Forest, tb tree.Trace) [][2]int32 {
	const shared = -1
	index := func(f *tree.Forest, t tree.Trace) map[model.SpanID]int32 {
		at := make(map[model.SpanID]int32, t.Count)
		for _, i := range f.Order[t.First : t.First+t.Count] {
			id := f.Batch.Spans[i].ID
			if id.IsZero() { // no id, no identity
				continue
			}
			if _, dup := at[id]; dup {
				at[id] = shared
			} else {
				at[id] = i
			}
		}
		return at
	}
	inB := index(fb, tb)
	var out [][2]int32
	for id, x := range index(fa, ta) {
		if y, ok := inB[id]; ok && x != shared && y != shared {
			out = append(out, [2]int32{x, y})
		}
	}
	slices.SortFunc(out, func(p, q [2]int32) int { return cmp.Compare(fa.Pos[p[0]], fa.Pos[q[0]]) })
	return out
}

func abs(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

func children(f *tree.Forest, i int32) []int32 {
	out := make([]int32, 0, f.ChildCount[i])
	for c := f.FirstChild[i]; c >= 0; c = f.NextSibling[c] {
		out = append(out, c)
	}
	return out
}

// keyer numbers (service, name) pairs across both forests.
type keyer struct{ ids map[[2]string]int32 }

func newKeyer() *keyer { return &keyer{ids: map[[2]string]int32{}} }

func (k *keyer) key(f *tree.Forest, i int32) int32 {
	s := &f.Batch.Spans[i]
	key := [2]string{s.Service, s.Name}
	id, ok := k.ids[key]
	if !ok {
		id = int32(len(k.ids))
		k.ids[key] = id
	}
	return id
}

func (k *keyer) keys(f *tree.Forest, spans []int32) []int32 {
	out := make([]int32, len(spans))
	for n, i := range spans {
		out[n] = k.key(f, i)
	}
	return out
}

// alignSiblings returns index pairs of a longest common subsequence of xs
// and ys, preferring earlier matches: the common prefix and suffix are
// matched directly, the middle by dynamic programming when it is small
// enough, else by pairing the n-th occurrence of each key on both sides.
func alignSiblings(xs, ys []int32) [][2]int {
	var pairs [][2]int
	lo := 0
	for lo < len(xs) && lo < len(ys) && xs[lo] == ys[lo] {
		pairs = append(pairs, [2]int{lo, lo})
		lo++
	}
	hx, hy := len(xs), len(ys)
	var tail [][2]int
	for hx > lo && hy > lo && xs[hx-1] == ys[hy-1] {
		hx, hy = hx-1, hy-1
		tail = append(tail, [2]int{hx, hy})
	}
	mx, my := xs[lo:hx], ys[lo:hy]
	var mid [][2]int
	if len(mx)*len(my) <= maxLCSCells {
		mid = lcs(mx, my)
	} else {
		mid = byOccurrence(mx, my)
	}
	for _, p := range mid {
		pairs = append(pairs, [2]int{p[0] + lo, p[1] + lo})
	}
	slices.Reverse(tail)
	return append(pairs, tail...)
}

// lcs computes L[i][j], the LCS length of xs[i:] and ys[j:], then walks
// forward taking equal heads (always optimal) and otherwise skipping the
// side that keeps L larger, skipping ys on ties.
func lcs(xs, ys []int32) [][2]int {
	n, m := len(xs), len(ys)
	if n == 0 || m == 0 {
		return nil
	}
	w := m + 1
	L := make([]int32, (n+1)*w)
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			switch {
			case xs[i] == ys[j]:
				L[i*w+j] = L[(i+1)*w+j+1] + 1
			case L[(i+1)*w+j] >= L[i*w+j+1]:
				L[i*w+j] = L[(i+1)*w+j]
			default:
				L[i*w+j] = L[i*w+j+1]
			}
		}
	}
	var out [][2]int
	for i, j := 0, 0; i < n && j < m; {
		switch {
		case xs[i] == ys[j]:
			out = append(out, [2]int{i, j})
			i, j = i+1, j+1
		case L[(i+1)*w+j] > L[i*w+j+1]:
			i++
		default:
			j++
		}
	}
	return out
}

// byOccurrence pairs the n-th xs element of each key with the n-th ys
// element of that key, keeping only pairs in increasing order on both
// sides so that the result is still a common subsequence.
func byOccurrence(xs, ys []int32) [][2]int {
	at := map[int32][]int{}
	for j, k := range ys {
		at[k] = append(at[k], j)
	}
	var out [][2]int
	last := -1
	for i, k := range xs {
		js := at[k]
		for len(js) > 0 && js[0] <= last {
			js = js[1:]
		}
		if len(js) == 0 {
			continue
		}
		out = append(out, [2]int{i, js[0]})
		last = js[0]
		at[k] = js[1:]
	}
	return out
}
