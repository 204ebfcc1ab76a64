// Package ingest decodes trace files into a model.Batch.
//
// Each supported format is a package under core/format (its decoder, its
// sniffer and, where it has one, its encoder), registered with the
// core/format registry by core/format/all. Detect names the format of some
// bytes by asking every format's sniffer about their first kilobytes, and
// Decode picks the decoder (or uses the one the caller forces). Every
// error names the format, where in the input it happened (a JSON path, a
// line number or a byte offset) and what was expected; decoders never
// panic on bad input. Limits bound the work a hostile input can cause.
//
// The large formats (OTLP/JSON, OTLP/protobuf, Jaeger, Zipkin, Chrome) are
// decoded by walking the bytes straight into the model (see
// core/internal/jsonscan and internal/wire), which is several times faster than
// decoding into intermediate structs.
package ingest
