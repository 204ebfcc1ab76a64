package pdata

import (
	"runtime"
	"testing"
	"time"

	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/spanlens/spanlens/core/export"
	"github.com/spanlens/spanlens/core/ingest"
	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/core/synth"
)

// inputs returns the 100,000-span trace the issue measured (core/synth,
// request trees, three extra attributes a span, an event on every 10th
// span, 2% errors) as OTLP/JSON written by spanlens, and the same trace as
// OTLP/protobuf written by pdata's marshaler from pdata's reading of that
// JSON, so both decoders read bytes neither wrote for itself.
func inputs(tb testing.TB) (jsonData, protoData []byte) {
	tb.Helper()
	batch := synth.Generate(synth.Config{
		Seed: 1, Spans: 100_000, Traces: 100, Shape: synth.Balanced,
		AttrsPerSpan: 3, EventsEvery: 10, ErrorEvery: 50,
	})
	jsonData, err := export.Append(nil, batch, export.Format(model.OTLPJSON))
	if err != nil {
		tb.Fatal(err)
	}
	td, err := (&ptrace.JSONUnmarshaler{}).UnmarshalTraces(jsonData)
	if err != nil {
		tb.Fatal(err)
	}
	protoData, err = (&ptrace.ProtoMarshaler{}).MarshalTraces(td)
	if err != nil {
		tb.Fatal(err)
	}
	return jsonData, protoData
}

// pair is one encoding with the pdata unmarshaler of it.
type pair struct {
	format model.Format
	data   []byte
	pdata  func([]byte) (ptrace.Traces, error)
}

func cases(jsonData, protoData []byte) []pair {
	return []pair{
		{model.OTLPJSON, jsonData, (&ptrace.JSONUnmarshaler{}).UnmarshalTraces},
		{model.OTLPProto, protoData, (&ptrace.ProtoUnmarshaler{}).UnmarshalTraces},
	}
}

// TestSameSpans checks that both decoders read every span of both inputs,
// so the benchmark compares equal work.
func TestSameSpans(t *testing.T) {
	jsonData, protoData := inputs(t)
	for _, c := range cases(jsonData, protoData) {
		b, err := ingest.Decode(c.data, ingest.Options{Format: ingest.Format(c.format)})
		if err != nil {
			t.Fatalf("%s: spanlens: %v", c.format, err)
		}
		td, err := c.pdata(c.data)
		if err != nil {
			t.Fatalf("%s: pdata: %v", c.format, err)
		}
		if len(b.Spans) != 100_000 || td.SpanCount() != 100_000 {
			t.Errorf("%s: spanlens read %d spans, pdata %d, want 100000 each", c.format, len(b.Spans), td.SpanCount())
		}
	}
}

// BenchmarkAgainstPdata decodes the same bytes with spanlens (the full
// model, through ingest.Decode) and with pdata's unmarshaler, alternately
// in each iteration, so both see the same machine load; it reports each
// one's MB/s and spanlens's speed over pdata's. Each timed decode starts
// after a collection (not timed): otherwise each one's collector work
// would include the other's garbage, and a decode run after pdata's 119
// MB of objects paid for them.
func BenchmarkAgainstPdata(b *testing.B) {
	jsonData, protoData := inputs(b)
	for _, c := range cases(jsonData, protoData) {
		b.Run(string(c.format), func(b *testing.B) {
			opts := ingest.Options{Format: ingest.Format(c.format)}
			var ours, theirs time.Duration
			for b.Loop() {
				runtime.GC()
				t0 := time.Now()
				if _, err := ingest.Decode(c.data, opts); err != nil {
					b.Fatal(err)
				}
				ours += time.Since(t0)
				runtime.GC()
				t1 := time.Now()
				if _, err := c.pdata(c.data); err != nil {
					b.Fatal(err)
				}
				theirs += time.Since(t1)
			}
			mb := float64(len(c.data)) * float64(b.N) / 1e6
			b.ReportMetric(mb/ours.Seconds(), "spanlens-MB/s")
			b.ReportMetric(mb/theirs.Seconds(), "pdata-MB/s")
			b.ReportMetric(theirs.Seconds()/ours.Seconds(), "ratio")
			b.ReportMetric(float64(len(c.data))/1e6, "input-MB")
		})
	}
}

// BenchmarkDecode times each decoder on its own, for profiling one of
// them (-cpuprofile); BenchmarkAgainstPdata is the comparison.
func BenchmarkDecode(b *testing.B) {
	jsonData, protoData := inputs(b)
	for _, c := range cases(jsonData, protoData) {
		b.Run(string(c.format)+"/spanlens", func(b *testing.B) {
			opts := ingest.Options{Format: ingest.Format(c.format)}
			b.SetBytes(int64(len(c.data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ingest.Decode(c.data, opts); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(string(c.format)+"/pdata", func(b *testing.B) {
			b.SetBytes(int64(len(c.data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.pdata(c.data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
