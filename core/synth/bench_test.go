package synth

import "testing"

func BenchmarkGenerate(b *testing.B) {
	for _, sh := range []Shape{Balanced, DeepChain, WideFanout, AgentLoop} {
		b.Run(sh.String(), func(b *testing.B) {
			cfg := Config{Seed: 1, Spans: 100_000, Traces: 100, Shape: sh, EventsEvery: 10, ErrorEvery: 50}
			b.ReportMetric(float64(cfg.Spans), "spans/op")
			for b.Loop() {
				Generate(cfg)
			}
		})
	}
}
