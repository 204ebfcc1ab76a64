// Package analyze computes what people ask of a trace once it is a tree:
// where the time went (self time, critical path), what each span is (agent,
// LLM call, tool, database query...), what the run cost in tokens and
// dollars, per-service and per-operation statistics, errors and the path
// to them, the folded agent call graph, span search and trace comparison.
//
// Every analysis reads a tree.Forest and returns plain data indexed by span
// (slices the length of Batch.Spans) or small JSON-friendly structs. None
// of them recurses, so million-span and million-deep traces are safe, and
// none of them needs more than O(n log n) time.
package analyze
