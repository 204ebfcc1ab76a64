package ingest

import "github.com/spanlens/spanlens/core/model"

// Format names a trace file format.
type Format string

const (
	OTLPJSON  Format = "otlp-json"  // OTLP/JSON TracesData, also JSON lines
	OTLPProto Format = "otlp-proto" // OTLP/protobuf TracesData or ExportTraceServiceRequest
	Jaeger    Format = "jaeger"     // Jaeger query API JSON
	Zipkin    Format = "zipkin"     // Zipkin v2 JSON
	Chrome    Format = "chrome"     // Chrome trace-event JSON (Perfetto, chrome://tracing)
	Spanforge Format = "spanforge"  // spanforge NDJSON event envelopes
	Tutorial  Format = "tutorial"   // the agent-tracing tutorial's to_json trace
	Mamba     Format = "mamba"      // mamba-agents TraceContext JSON

	OTelStdout Format = "otel-stdout" // the OpenTelemetry Go SDK's stdouttrace exporter output
)

// Decoder decodes one format.
type Decoder interface {
	// Format names the format the decoder reads.
	Format() Format
	// Decode decodes data. It returns an *Error or a *LimitError on failure.
	Decode(data []byte, opts Options) (*model.Batch, error)
}

// decoders lists every decoder; each format's file registers itself here.
var decoders = map[Format]Decoder{}

func register(d Decoder) { decoders[d.Format()] = d }

// Formats returns the names of all supported formats.
func Formats() []Format {
	return []Format{OTLPJSON, OTLPProto, Jaeger, Zipkin, Chrome, Spanforge, Tutorial, Mamba, OTelStdout}
}

// Lookup returns the decoder for f.
func Lookup(f Format) (Decoder, bool) {
	d, ok := decoders[f]
	return d, ok
}
