// Package spanlens opens traces of distributed systems and AI agents and
// answers everything spanlens shows about them: the span tree, statistics,
// the critical path, errors, token usage and cost, search, the agent graph,
// a comparison of two runs, viewport layouts, text and SVG drawings, and
// conversions to other formats.
//
// A Document is the one place where spanlens decides its rules, so that the
// CLI, the engine protocol (and with it the WebAssembly module and the
// JavaScript package), the HTTP server and the recorder agree:
//
//   - A span is an error by model.Span.Failed: an error status; never with
//     an ok status; with an unset status, an exception event or an HTTP or
//     gRPC status that the OpenTelemetry conventions call an error.
//   - A trace's critical path covers all its roots (analyze.TraceCriticalPath).
//   - Times in results are nanoseconds since the document's base time,
//     Document.Base: the earliest start of any trace. Epoch nanoseconds do
//     not fit a JavaScript number; offsets from the base do.
//   - Every view uses the effective times of the tree: the raw span times,
//     or the skew-adjusted ones when Options.AdjustSkew is set. Raw times
//     stay in the batch and in SpanDetails.
//
// Result types carry JSON tags in one convention (camelCase); they are the
// wire format of every surface (docs/protocol.md).
package spanlens
