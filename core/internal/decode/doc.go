// Package decode is what every format's decoder shares: the Options,
// Limits and errors of a decode, the State that builds a batch within the
// limits, the sniffing helpers, and the pieces two or more formats have in
// common (OTLP's enums and arenas for OTLP/JSON and OTLP/protobuf, the
// OpenTracing conventions of Jaeger and Zipkin, the agent SDKs' JSON
// readers for spanforge, the tutorial and mamba-agents). core/ingest
// re-exports the parts its callers name.
package decode
