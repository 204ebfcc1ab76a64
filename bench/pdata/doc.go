// Package pdata benchmarks spanlens's OTLP decoders against the
// OpenTelemetry Collector's pdata unmarshalers on the same bytes. It is a
// module of its own so that the main module never depends on the
// Collector; `make bench-pdata` runs it.
package pdata
