package tree

import (
	"bytes"
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/spanlens/spanlens/core/model"
)

// refParents resolves parents the slow, obvious way: first span with the
// id in its trace, then each cycle cut at its earliest-starting span
// (ties to the lower index).
func refParents(spans []model.Span) (parent []int32, flags []Flag) {
	type key struct {
		t model.TraceID
		s model.SpanID
	}
	first := map[key]int32{}
	flags = make([]Flag, len(spans))
	for i, s := range spans {
		if _, ok := first[key{s.TraceID, s.ID}]; ok {
			flags[i] |= Duplicate
		} else {
			first[key{s.TraceID, s.ID}] = int32(i)
		}
	}
	parent = make([]int32, len(spans))
	for i, s := range spans {
		parent[i] = -1
		if s.ParentID.IsZero() {
			continue
		}
		if p, ok := first[key{s.TraceID, s.ParentID}]; ok {
			parent[i] = p
		} else {
			flags[i] |= Orphan
		}
	}
	// Cycles are disjoint and cutting one makes no other, so one pass
	// over the spans finds them all.
	for v := range parent {
		u := int32(v)
		for range len(parent) {
			if u < 0 {
				break
			}
			u = parent[u]
		}
		if u < 0 {
			continue
		}
		// n steps without reaching a root: u is on a cycle.
		cut := u
		for w := parent[u]; w != u; w = parent[w] {
			if c := cmp.Compare(spans[w].Start, spans[cut].Start); c < 0 || c == 0 && w < cut {
				cut = w
			}
		}
		parent[cut] = -1
		flags[cut] |= CycleBroken
	}
	return parent, flags
}

// checkForest verifies the invariants every forest must hold, and the
// parents and flags against refParents. It returns the first violation.
func checkForest(f *Forest) error {
	spans := f.Batch.Spans
	n := len(spans)
	parent, flags := refParents(spans)
	if !slices.Equal(parent, f.Parent) {
		return fmt.Errorf("Parent = %v; want %v", f.Parent, parent)
	}
	for i := range flags {
		if got := f.Flags[i] &^ (Skewed | Adjusted); got != flags[i] {
			return fmt.Errorf("Flags[%d] = %b; want %b", i, got, flags[i])
		}
	}
	if len(f.Order) != n {
		return fmt.Errorf("len(Order) = %d; want %d", len(f.Order), n)
	}
	for k, v := range f.Order {
		if f.Pos[v] != int32(k) {
			return fmt.Errorf("Pos[Order[%d]] = %d", k, f.Pos[v])
		}
	}
	total := int32(0)
	for k, tr := range f.Traces {
		if tr.First != total {
			return fmt.Errorf("Traces[%d].First = %d; want %d", k, tr.First, total)
		}
		total += tr.Count
		if k > 0 {
			prev := f.Traces[k-1]
			if c := cmp.Or(cmp.Compare(prev.Start, tr.Start), bytes.Compare(prev.ID[:], tr.ID[:])); c >= 0 {
				return fmt.Errorf("Traces %d and %d out of order", k-1, k)
			}
		}
		for _, v := range f.Order[tr.First : tr.First+tr.Count] {
			if spans[v].TraceID != tr.ID {
				return fmt.Errorf("span %d in the run of trace %d", v, k)
			}
			if f.Start[v] < tr.Start || f.End[v] > tr.End {
				return fmt.Errorf("span %d outside trace %d extent", v, k)
			}
		}
		for j, r := range tr.Roots {
			if f.Parent[r] != -1 || f.Depth[r] != 0 || f.NextSibling[r] != -1 {
				return fmt.Errorf("root %d: parent %d depth %d", r, f.Parent[r], f.Depth[r])
			}
			if j > 0 && siblingCmp(f, tr.Roots[j-1], r) >= 0 {
				return fmt.Errorf("roots %d, %d out of order", tr.Roots[j-1], r)
			}
		}
	}
	if total != int32(n) {
		return fmt.Errorf("traces hold %d spans; want %d", total, n)
	}
	for v := range int32(n) {
		if f.End[v] < f.Start[v] {
			return fmt.Errorf("span %d ends at %d before its start %d", v, f.End[v], f.Start[v])
		}
		size, count, prev := int32(1), int32(0), int32(-1)
		for c := f.FirstChild[v]; c >= 0; c = f.NextSibling[c] {
			if f.Parent[c] != v || f.Depth[c] != f.Depth[v]+1 {
				return fmt.Errorf("child %d of %d: parent %d, depth %d", c, v, f.Parent[c], f.Depth[c])
			}
			if prev >= 0 && siblingCmp(f, prev, c) >= 0 {
				return fmt.Errorf("children %d, %d of %d out of order", prev, c, v)
			}
			if f.Pos[c] != f.Pos[v]+size {
				return fmt.Errorf("child %d of %d at pos %d; want %d", c, v, f.Pos[c], f.Pos[v]+size)
			}
			size += f.Size[c]
			count++
			prev = c
		}
		if size != f.Size[v] || count != f.ChildCount[v] {
			return fmt.Errorf("span %d: size %d, %d children; want %d, %d", v, f.Size[v], f.ChildCount[v], size, count)
		}
		if s := f.Shift; s != nil && spans[v].Start != 0 && f.Start[v]-s[v] != spans[v].Start {
			return fmt.Errorf("span %d: start %d - shift %d != raw %d", v, f.Start[v], s[v], spans[v].Start)
		}
	}
	return nil
}

func siblingCmp(f *Forest, a, b int32) int {
	ia, ib := f.Batch.Spans[a].ID, f.Batch.Spans[b].ID
	return cmp.Or(cmp.Compare(f.Start[a], f.Start[b]), cmp.Compare(f.End[a], f.End[b]), bytes.Compare(ia[:], ib[:]), cmp.Compare(a, b))
}

// messyBatch decodes data into spans with ids drawn from a small range,
// so that duplicates, orphans and cycles are common: 6 bytes per span.
func messyBatch(data []byte) *model.Batch {
	services := []string{"", "a", "b"}
	b := &model.Batch{Resources: []model.Resource{
		{Attrs: model.Attrs{{Key: hostKey, Value: model.StringValue("h1")}}},
		{Attrs: model.Attrs{{Key: hostKey, Value: model.StringValue("h2")}}},
	}}
	for ; len(data) >= 6; data = data[6:] {
		s := model.Span{
			TraceID:  tid(uint64(data[0] % 3)),
			ID:       sid(uint64(data[1] % 24)),
			ParentID: sid(uint64(data[2] % 26)),
			Start:    int64(data[3]) * 10,
			Service:  services[data[5]%3],
			Resource: int32(data[5]/3%3) - 1,
			Scope:    -1,
		}
		s.End = s.Start + int64(data[4])*3 - 40
		if data[4]&1 == 1 {
			s.Links = []model.Link{{TraceID: tid(uint64(data[2] % 4)), SpanID: sid(uint64(data[0] % 24))}}
		}
		b.Spans = append(b.Spans, s)
	}
	return b
}

func TestBuildRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for iter := range 300 {
		data := make([]byte, 6*r.IntN(200))
		for i := range data {
			data[i] = byte(r.Uint32())
		}
		for _, adjust := range []bool{false, true} {
			f := Build(messyBatch(data), Options{AdjustSkew: adjust})
			if err := checkForest(f); err != nil {
				t.Fatalf("iteration %d, adjust %v: %v", iter, adjust, err)
			}
		}
	}
}

// TestBuildPartitioned checks a batch large enough to be resolved in
// several partitions, with duplicates and orphans among them.
func TestBuildPartitioned(t *testing.T) {
	const n = 5 * runLen
	spans := make([]model.Span, n)
	for i := range spans {
		id := uint64(i%(n-100)) + 1 // the last 100 repeat the first ids
		spans[i] = sp(id, id/5, int64(10*n-id), int64(10*n+id))
		if i%1000 == 999 {
			spans[i].ParentID = sid(uint64(n + i)) // orphan
		}
	}
	spans[7].TraceID = tid(2) // an orphan root in another trace
	f := Build(batch(spans...), Options{})
	if err := checkForest(f); err != nil {
		t.Fatal(err)
	}
}

func FuzzBuild(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{0, 1, 0, 10, 50, 1, 0, 2, 1, 12, 20, 2, 0, 3, 2, 11, 10, 0})
	f.Add([]byte{0, 1, 2, 10, 50, 1, 0, 2, 1, 12, 20, 2, 1, 1, 1, 0, 0, 5})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 6*128 {
			return
		}
		for _, adjust := range []bool{false, true} {
			if err := checkForest(Build(messyBatch(data), Options{AdjustSkew: adjust})); err != nil {
				t.Fatal(err)
			}
		}
	})
}
