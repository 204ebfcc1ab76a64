// Package model defines the in-memory trace model that every input format
// decodes into and every analysis, layout and encoder reads from.
//
// A Batch holds everything decoded from one input: the spans of one or more
// traces, the resources and instrumentation scopes they came from, the name
// of the source format and the warnings collected while decoding. Spans are
// stored by value in one slice and referred to by index everywhere else, so
// that later layers (tree, analyze, layout) work on flat arrays and results
// cross the WASM boundary in bulk.
//
// The model is sized for large traces: a Span is under 200 bytes plus its
// attribute payload, and decoders intern repeated strings (service names,
// span names, attribute keys) through an Interner so that a million spans
// share a few thousand distinct strings.
package model
