package export_test

import (
	"testing"

	"github.com/spanlens/spanlens/core/export"
	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/core/synth"
)

// benchBatch is 100,000 generated spans in 100 traces, with some extra
// attributes, events and errors.
func benchBatch(sh synth.Shape) *model.Batch {
	return synth.Generate(synth.Config{
		Seed: 1, Spans: 100_000, Traces: 100, Shape: sh,
		AttrsPerSpan: 3, EventsEvery: 10, ErrorEvery: 50,
	})
}

func benchmarkEncode(b *testing.B, f export.Format) {
	for _, sh := range []synth.Shape{synth.Balanced, synth.AgentLoop} {
		b.Run(sh.String(), func(b *testing.B) {
			batch := benchBatch(sh)
			out, err := export.Append(nil, batch, f)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(out)))
			b.ReportMetric(float64(len(batch.Spans)), "spans/op")
			b.ResetTimer()
			for b.Loop() {
				out, _ = export.Append(out[:0], batch, f)
			}
		})
	}
}

func BenchmarkEncodeOTLPJSON(b *testing.B) { benchmarkEncode(b, export.OTLPJSON) }
func BenchmarkEncodeJaeger(b *testing.B)   { benchmarkEncode(b, export.Jaeger) }
func BenchmarkEncodeZipkin(b *testing.B)   { benchmarkEncode(b, export.Zipkin) }
func BenchmarkEncodeChrome(b *testing.B)   { benchmarkEncode(b, export.Chrome) }
