package main

import (
	stdjson "encoding/json"
	"io"
	"sync"
	"testing"

	gojson "github.com/goccy/go-json"

	"github.com/spanlens/spanlens/core/analyze"
	"github.com/spanlens/spanlens/core/ingest"
	"github.com/spanlens/spanlens/core/synth"
	"github.com/spanlens/spanlens/core/tree"
)

// The numbers behind the JSON choices in docs/benchmarks.md: the core
// decodes with its own pull scanner (core/internal/jsonscan), and only the
// native CLI's --json output uses goccy/go-json. These benchmarks compare
// the scanner's full decode into the model with encoding/json and goccy
// unmarshalling the same 100,000-span OTLP/JSON file into small structs
// (no id parsing, no interning, no model) and into map[string]any, and the
// two encoders on the summary the CLI prints.

// otlpDoc is the part of OTLP/JSON TracesData a viewer needs.
type otlpDoc struct {
	ResourceSpans []struct {
		Resource struct {
			Attributes []otlpKV `json:"attributes"`
		} `json:"resource"`
		ScopeSpans []struct {
			Scope struct {
				Name    string `json:"name"`
				Version string `json:"version"`
			} `json:"scope"`
			Spans []otlpSpan `json:"spans"`
		} `json:"scopeSpans"`
	} `json:"resourceSpans"`
}

type otlpSpan struct {
	TraceID      string   `json:"traceId"`
	SpanID       string   `json:"spanId"`
	ParentSpanID string   `json:"parentSpanId"`
	Name         string   `json:"name"`
	Kind         int      `json:"kind"`
	Start        string   `json:"startTimeUnixNano"`
	End          string   `json:"endTimeUnixNano"`
	Attributes   []otlpKV `json:"attributes"`
	Events       []struct {
		Time       string   `json:"timeUnixNano"`
		Name       string   `json:"name"`
		Attributes []otlpKV `json:"attributes"`
	} `json:"events"`
	Status struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"status"`
}

type otlpKV struct {
	Key   string    `json:"key"`
	Value otlpValue `json:"value"`
}

type otlpValue struct {
	StringValue *string  `json:"stringValue"`
	IntValue    *string  `json:"intValue"`
	DoubleValue *float64 `json:"doubleValue"`
	BoolValue   *bool    `json:"boolValue"`
	ArrayValue  *struct {
		Values []otlpValue `json:"values"`
	} `json:"arrayValue"`
}

var jsonInput = sync.OnceValue(func() []byte {
	return synth.OTLPJSON(synth.Config{
		Seed: 1, Spans: 100_000, Traces: 100, Shape: synth.AgentLoop,
		AttrsPerSpan: 1, EventsEvery: 20, ErrorEvery: 50,
	})
})

func BenchmarkJSONDecode(b *testing.B) {
	cases := []struct {
		name string
		run  func([]byte) error
	}{
		{"scanner-to-model", func(d []byte) error {
			_, err := ingest.Decode(d, ingest.Options{Format: ingest.OTLPJSON})
			return err
		}},
		{"encoding-json-structs", func(d []byte) error { var v otlpDoc; return stdjson.Unmarshal(d, &v) }},
		{"goccy-structs", func(d []byte) error { var v otlpDoc; return gojson.Unmarshal(d, &v) }},
		{"encoding-json-map", func(d []byte) error { var v map[string]any; return stdjson.Unmarshal(d, &v) }},
		{"goccy-map", func(d []byte) error { var v map[string]any; return gojson.Unmarshal(d, &v) }},
	}
	data := jsonInput()
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if err := c.run(data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkJSONEncodeSummary encodes the summary of the same file, as
// `spanlens summary --json` prints it, with each encoder.
func BenchmarkJSONEncodeSummary(b *testing.B) {
	batch, err := ingest.Decode(jsonInput(), ingest.Options{Format: ingest.OTLPJSON})
	if err != nil {
		b.Fatal(err)
	}
	s := analyze.Summarize(tree.Build(batch, tree.Options{}), analyze.Options{})
	encoders := []struct {
		name string
		enc  func(io.Writer) interface{ Encode(any) error }
	}{
		{"encoding-json", func(w io.Writer) interface{ Encode(any) error } { return stdjson.NewEncoder(w) }},
		{"goccy", func(w io.Writer) interface{ Encode(any) error } { return gojson.NewEncoder(w) }},
	}
	for _, e := range encoders {
		b.Run(e.name, func(b *testing.B) {
			var n countWriter
			if err := e.enc(&n).Encode(s); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(n))
			b.ReportAllocs()
			for b.Loop() {
				if err := e.enc(io.Discard).Encode(s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

type countWriter int

func (c *countWriter) Write(p []byte) (int, error) {
	*c += countWriter(len(p))
	return len(p), nil
}
