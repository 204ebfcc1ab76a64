// Package record records traces in-process, the way agent SDKs do
// (tmam's @trace and start_trace, tracium's agent_trace, spanforge's
// start_trace with llm_call and tool_call, mamba-agents' RequestTracer),
// and hands the finished recording to spanlens as a Document, so every
// analysis, drawing and export works on it unchanged.
//
//	ctx, tr := record.StartTrace(ctx, "coordinator", record.ModelID("gpt-4o"))
//	defer tr.End()
//	ctx, llm := record.LLMCall(ctx, "gpt-4o")
//	llm.SetTokenUsage(100, 50)
//	llm.End()
//	tr.End()
//	tr.PrintTree(os.Stdout)
//
// The parent of a span travels in the context.Context, so goroutines that
// receive the context nest under the right span. Helpers set exactly the
// attributes spanlens's analysis reads (core/analyze: roles.go, usage.go):
// gen_ai.operation.name, gen_ai.request.model, gen_ai.tool.name,
// gen_ai.agent.name, gen_ai.usage.input_tokens and output_tokens, and the
// role attribute of tmam.
//
// Recording is fail-safe: no call panics or returns an error into the
// caller's path, and a nil *Span or *Trace is a valid no-op. Misuse (a
// span ended twice, a span started after its trace ended, a full span
// buffer, an export that failed) becomes a warning on the trace
// (Trace.Warnings, Document().Warnings(), and the root span's attribute
// spanlens.record.warnings, which survives saving and exporting).
package record
