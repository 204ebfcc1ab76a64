package analyze

import (
	"fmt"
	"sync"
	"testing"

	"github.com/spanlens/spanlens/core/synth"
	"github.com/spanlens/spanlens/core/tree"
)

// benchSizes are the span counts every analysis is measured at.
var benchSizes = []int{100_000, 1_000_000}

var (
	benchMu      sync.Mutex
	benchForests = map[string]*tree.Forest{}
)

// benchForest builds (once per process) a batch of agent runs, 1,000 spans
// per trace, with errors and events, or one deep chain.
func benchForest(b *testing.B, n int, shape synth.Shape, seed int64) *tree.Forest {
	b.Helper()
	key := fmt.Sprint(n, shape, seed)
	benchMu.Lock()
	defer benchMu.Unlock()
	if f, ok := benchForests[key]; ok {
		return f
	}
	traces := max(n/1000, 1)
	if shape == synth.DeepChain {
		traces = 1
	}
	batch := synth.Generate(synth.Config{Seed: seed, Spans: n, Traces: traces, Shape: shape, ErrorEvery: 50, EventsEvery: 20})
	f := tree.Build(batch, tree.Options{})
	benchForests[key] = f
	return f
}

func benchEach(b *testing.B, shape synth.Shape, run func(b *testing.B, f *tree.Forest)) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("%s/%d", shape, n), func(b *testing.B) {
			f := benchForest(b, n, shape, 1)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				run(b, f)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/span")
		})
	}
}

func BenchmarkSelfTimes(b *testing.B) {
	benchEach(b, synth.AgentLoop, func(b *testing.B, f *tree.Forest) { SelfTimes(f) })
}

func BenchmarkCriticalPath(b *testing.B) {
	run := func(b *testing.B, f *tree.Forest) {
		for _, tr := range f.Traces {
			for _, r := range tr.Roots {
				CriticalPath(f, r)
			}
		}
	}
	benchEach(b, synth.AgentLoop, run)
	benchEach(b, synth.DeepChain, run)
}

func BenchmarkRoles(b *testing.B) {
	benchEach(b, synth.AgentLoop, func(b *testing.B, f *tree.Forest) { Roles(f.Batch) })
}

func BenchmarkUsages(b *testing.B) {
	benchEach(b, synth.AgentLoop, func(b *testing.B, f *tree.Forest) { Usages(f.Batch, nil) })
}

func BenchmarkRollup(b *testing.B) {
	var u []Usage
	benchEach(b, synth.AgentLoop, func(b *testing.B, f *tree.Forest) {
		if len(u) != len(f.Start) {
			b.StopTimer()
			u = Usages(f.Batch, nil)
			b.StartTimer()
		}
		Rollup(f, u)
	})
}

func BenchmarkSummarize(b *testing.B) {
	benchEach(b, synth.AgentLoop, func(b *testing.B, f *tree.Forest) { Summarize(f, Options{}) })
}

func BenchmarkErrors(b *testing.B) {
	benchEach(b, synth.AgentLoop, func(b *testing.B, f *tree.Forest) { Errors(f) })
}

func BenchmarkAgentGraph(b *testing.B) {
	benchEach(b, synth.AgentLoop, func(b *testing.B, f *tree.Forest) { AgentGraph(f, Options{}) })
}

func BenchmarkSearch(b *testing.B) {
	for _, q := range []string{
		"service:checkout status:error duration>250ms",
		`name~"chat*" role:llm tokens>1000`,
		"attr.gen_ai.request.model=gpt-4o OR -kind:internal",
		"timeout",
	} {
		b.Run(q, func(b *testing.B) {
			benchEach(b, synth.AgentLoop, func(b *testing.B, f *tree.Forest) {
				if _, err := Search(f, q); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}

func BenchmarkCompare(b *testing.B) {
	// Two different batches of the same size, compared as one trace each:
	// build them as single traces so that the whole size is aligned.
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			one := func(seed int64) Side {
				batch := synth.Generate(synth.Config{Seed: seed, Spans: n, Traces: 1, Shape: synth.AgentLoop})
				f := tree.Build(batch, tree.Options{})
				return Side{Forest: f, Usage: Usages(batch, nil)}
			}
			a, c := one(1), one(2)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				Compare(a, c)
			}
		})
	}
}
