package ingest_test

import (
	"testing"

	"github.com/spanlens/spanlens/core/export"
	"github.com/spanlens/spanlens/core/ingest"
	"github.com/spanlens/spanlens/core/synth"
)

// BenchmarkDecodeFormats decodes the same 100,000 generated spans (100
// traces, three extra attributes a span, events and errors) as each export
// encoder writes them, so that MB/s and ns/span compare the formats on
// equal content. It mirrors core/export's encode benchmarks. There is no
// OTLP/protobuf encoder; BenchmarkDecodeOTLPProto covers that decoder.
func BenchmarkDecodeFormats(b *testing.B) {
	for _, sh := range []synth.Shape{synth.Balanced, synth.AgentLoop} {
		batch := synth.Generate(synth.Config{
			Seed: 1, Spans: 100_000, Traces: 100, Shape: sh,
			AttrsPerSpan: 3, EventsEvery: 10, ErrorEvery: 50,
		})
		for _, f := range export.Formats() {
			b.Run(string(f)+"/"+sh.String(), func(b *testing.B) {
				data, err := export.Append(nil, batch, f)
				if err != nil {
					b.Fatal(err)
				}
				opts := ingest.Options{Format: ingest.Format(f)}
				b.SetBytes(int64(len(data)))
				b.ReportAllocs()
				var spans int
				for b.Loop() {
					out, err := ingest.Decode(data, opts)
					if err != nil {
						b.Fatal(err)
					}
					spans = len(out.Spans)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(spans), "ns/span")
				b.ReportMetric(float64(len(data))/float64(spans), "input-B/span")
			})
		}
	}
}
