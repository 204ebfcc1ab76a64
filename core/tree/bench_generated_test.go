package tree_test

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/spanlens/spanlens/core/ingest"
	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/core/synth"
	"github.com/spanlens/spanlens/core/tree"
)

// heapGrowth returns f's result and what it keeps on the heap: HeapAlloc
// after collections, minus HeapAlloc before. Two collections each time
// empty sync.Pools, whose buffers a decoder keeps for the next call.
func heapGrowth[T any](f func() T) (T, int64) {
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&m0)
	v := f()
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&m1)
	return v, int64(m1.HeapAlloc) - int64(m0.HeapAlloc)
}

// BenchmarkBuildGenerated decodes generated OTLP/JSON (traces of 1,000
// spans, one extra attribute a span, an event every 20th, 2% errors) and
// times tree.Build on it. It reports the build time per span and what the
// decoded model (model-B/span) and the forest (forest-B/span) keep on the
// heap per span, and their sum (B/span): the memory a loaded document costs
// beyond its input bytes, which the decoder does not retain.
func BenchmarkBuildGenerated(b *testing.B) {
	for _, sh := range []synth.Shape{synth.Balanced, synth.AgentLoop} {
		for _, n := range []int{10_000, 100_000, 1_000_000} {
			b.Run(fmt.Sprintf("%s/spans=%d", sh, n), func(b *testing.B) {
				if n >= 1_000_000 && testing.Short() {
					b.Skip("1M spans under -short")
				}
				data := synth.OTLPJSON(synth.Config{
					Seed: 1, Spans: n, Traces: max(1, n/1000), Shape: sh,
					AttrsPerSpan: 1, EventsEvery: 20, ErrorEvery: 50,
				})
				batch, modelBytes := heapGrowth(func() *model.Batch {
					// 1M spans of OTLP/JSON are over the default 512 MiB.
					opts := ingest.Options{Format: ingest.OTLPJSON, Limits: ingest.Limits{MaxBytes: 2 << 30}}
					bt, err := ingest.Decode(data, opts)
					if err != nil {
						b.Fatal(err)
					}
					return bt
				})
				_, forestBytes := heapGrowth(func() *tree.Forest { return tree.Build(batch, tree.Options{}) })
				b.ReportAllocs()
				b.ResetTimer()
				for b.Loop() {
					tree.Build(batch, tree.Options{})
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/span")
				b.ReportMetric(float64(len(data))/float64(n), "input-B/span")
				b.ReportMetric(float64(modelBytes)/float64(n), "model-B/span")
				b.ReportMetric(float64(forestBytes)/float64(n), "forest-B/span")
				b.ReportMetric(float64(modelBytes+forestBytes)/float64(n), "B/span")
				runtime.KeepAlive(data) // else it may die during the decode and offset the growth
			})
		}
	}
}
