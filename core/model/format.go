package model

// Format names a trace wire format. It is the one type for format names:
// Batch.Format records the format a batch was decoded from, and the ingest
// and export packages take it to choose a decoder or an encoder.
type Format string

// The formats spanlens reads, in the order the ingest and export packages
// list them (which is also the order the JS package's FORMATS is generated
// in, by cmd/build).
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
