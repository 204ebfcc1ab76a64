// Package synth generates synthetic traces for tests, benchmarks and demos:
// realistic-looking batches of any size and shape, the same bytes for the
// same seed.
//
// Distributed shapes (Balanced, DeepChain, WideFanout) are HTTP services
// calling each other, databases and message queues, with OpenTelemetry
// semantic-convention attributes. AgentLoop is an AI agent run: an
// invoke_agent span whose children alternate LLM calls (chat, with
// gen_ai.* models and token usage) and tool executions, some of which are
// sub-agents. Children always lie inside their parents; some siblings run
// concurrently.
//
// Generation is fast enough for benchmarks (about half a second for a
// million spans on the 2-core development machine) because attributes come
// from fixed vocabularies and live in one shared arena, and randomness
// comes from a single PCG generator. Span ids are a bijective mix of a
// seeded key and a counter, so they are unique without a lookup table.
package synth
