package engine

import (
	"encoding/json"
	"testing"

	"github.com/spanlens/spanlens"
	"github.com/spanlens/spanlens/core/internal/structjson"
	"github.com/spanlens/spanlens/core/synth"
)

// BenchmarkResultJSON writes the largest results a viewer asks for (the
// summary and the traces list of 100,000 spans in 2,000 traces) with
// structjson and, as the baseline in the same run, encoding/json.
func BenchmarkResultJSON(b *testing.B) {
	data := synth.OTLPJSON(synth.Config{Seed: 1, Spans: 100_000, Traces: 2_000, Shape: synth.AgentLoop, AttrsPerSpan: 1, ErrorEvery: 50})
	d, err := spanlens.Open(data, spanlens.Options{})
	if err != nil {
		b.Fatal(err)
	}
	for _, r := range []struct {
		name string
		v    any
	}{{"summary", d.Summary()}, {"traces", d.Traces()}} {
		for _, enc := range []struct {
			name    string
			marshal func(any) ([]byte, error)
		}{{"structjson", structjson.Marshal}, {"encoding-json", json.Marshal}} {
			b.Run(r.name+"/"+enc.name, func(b *testing.B) {
				var n int
				for b.Loop() {
					out, err := enc.marshal(r.v)
					if err != nil {
						b.Fatal(err)
					}
					n = len(out)
				}
				b.SetBytes(int64(n))
			})
		}
	}
}
