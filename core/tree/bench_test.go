package tree

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"
	"unsafe"

	"github.com/spanlens/spanlens/core/model"
)

// synthBatch returns a seeded random trace of n spans with fan-out about 5
// over three services, with about 1% of the spans skewed against their
// parent. Spans come parents first, roughly breadth first, unless shuffle
// is set.
func synthBatch(n int, shuffle bool) *model.Batch {
	r := rand.New(rand.NewPCG(1, uint64(n)))
	spans := make([]model.Span, n)
	services := []string{"api", "db", "cache"}
	for i := range spans {
		s := model.Span{TraceID: tid(7), ID: sid(uint64(i) + 1), Resource: -1, Scope: -1}
		if i == 0 {
			s.Start, s.End = 1e18, 1e18+1e12
		} else {
			// Parents 0..i-1 with fan-out 5 on average: (i-1)/5 ± 2.
			p := max(0, min(i-1, (i-1)/5+r.IntN(5)-2))
			ps := &spans[p]
			d := ps.End - ps.Start
			s.ParentID = ps.ID
			s.Start = ps.Start + r.Int64N(d/2+1)
			s.End = s.Start + r.Int64N(ps.End-s.Start+1)
			if r.IntN(100) == 0 {
				s.Start -= d / 10
			}
		}
		s.Service = services[r.IntN(len(services))]
		spans[i] = s
	}
	if shuffle {
		r.Shuffle(n, func(i, j int) { spans[i], spans[j] = spans[j], spans[i] })
	}
	return &model.Batch{Format: "synthetic", Spans: spans}
}

// forestBytes is the size of the forest's per-span arrays.
func forestBytes(f *Forest) int {
	i32 := len(f.Parent) + len(f.FirstChild) + len(f.NextSibling) + len(f.ChildCount) +
		len(f.Depth) + len(f.Size) + len(f.Pos) + len(f.Order)
	i64 := len(f.Start) + len(f.End) + len(f.Shift)
	return 4*i32 + 8*i64 + len(f.Flags) + int(unsafe.Sizeof(Skew{}))*len(f.Skews)
}

// BenchmarkBuild reports the build time per span and the size of the
// forest's arrays per span, for spans in generation order and shuffled
// (the worst case for memory locality), without and with skew adjustment.
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{10_000, 100_000, 1_000_000} {
		for _, shuffle := range []bool{false, true} {
			for _, adjust := range []bool{false, true} {
				name := fmt.Sprintf("spans=%d/shuffled=%v/adjust=%v", n, shuffle, adjust)
				b.Run(name, func(b *testing.B) {
					bt := synthBatch(n, shuffle)
					runtime.GC() // not the generator's garbage
					b.ReportAllocs()
					var f *Forest
					for b.Loop() {
						f = Build(bt, Options{AdjustSkew: adjust})
					}
					b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/span")
					b.ReportMetric(float64(forestBytes(f))/float64(n), "forest-B/span")
				})
			}
		}
	}
}
