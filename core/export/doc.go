// Package export writes a model.Batch in the wire formats spanlens reads:
// OTLP/JSON, OTLP/protobuf, Jaeger query-API JSON, Zipkin v2 JSON and
// Chrome trace-event JSON (which opens in Perfetto and chrome://tracing).
//
// The encoders live beside their decoders, one package per format under
// core/format; export writes through the core/format registry. They
// append their output by hand (JSON without encoding/json,
// protobuf with internal/wire and no generated types): the
// output is deterministic byte for byte (attributes keep their order, and
// anything grouped through a map is emitted in first-appearance or index
// order), it is several times faster, and the WebAssembly build stays small.
//
// What each format can carry differs, so a decode → encode → decode round
// trip keeps ids, names, kinds and status in every format; times exactly in
// OTLP and Chrome (whose timestamps are written as exact decimals) and to the
// microsecond in Jaeger and Zipkin; attribute types in OTLP and Jaeger only
// (Zipkin tags are strings). Each encoder's doc comment (in its format's
// package) lists what it drops.
package export
