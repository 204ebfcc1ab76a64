package record

import (
	"context"
	"fmt"

	"github.com/spanlens/spanlens/core/model"
)

// The helpers below name spans as the OpenTelemetry GenAI conventions do
// ("{operation} {target}") and set the attributes core/analyze reads:
// gen_ai.operation.name decides the role first (chat: llm, execute_tool:
// tool, invoke_agent: agent), gen_ai.request.model and the
// gen_ai.usage.* counts decide the model and the cost.

// LLMCall starts a model call (role llm, kind client). An empty model is
// the trace's ModelID.
func LLMCall(ctx context.Context, modelName string, opts ...StartOption) (context.Context, *Span) {
	if modelName == "" {
		if s := SpanFrom(ctx); s != nil {
			modelName = s.rec.modelID(s)
		}
	}
	name := "chat"
	if modelName != "" {
		name += " " + modelName
	}
	ctx, s := Start(ctx, name, append([]StartOption{Kind(model.KindClient)}, opts...)...)
	s.setAttrs("gen_ai.operation.name", "chat")
	if modelName != "" {
		s.setAttrs("gen_ai.request.model", modelName)
	}
	return ctx, s
}

// modelID returns the agent.model_id of the nearest run above s.
func (r *recorder) modelID(s *Span) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	for ; s != nil; s = s.parent {
		if v, ok := s.sp.Attrs.Get("agent.model_id"); ok {
			return v.Str()
		}
	}
	return ""
}

// ToolCall starts a tool invocation (role tool).
func ToolCall(ctx context.Context, tool string, opts ...StartOption) (context.Context, *Span) {
	ctx, s := Start(ctx, "execute_tool "+tool, opts...)
	s.setAttrs("gen_ai.operation.name", "execute_tool", "gen_ai.tool.name", tool)
	return ctx, s
}

// Agent starts an agent run inside the current one (role agent), such as
// a sub-agent the coordinator calls.
func Agent(ctx context.Context, agentName string, opts ...StartOption) (context.Context, *Span) {
	ctx, s := Start(ctx, "invoke_agent "+agentName, opts...)
	s.setAttrs("gen_ai.operation.name", "invoke_agent", "gen_ai.agent.name", agentName)
	return ctx, s
}

// Memory starts a memory operation such as "read" or "write" (role
// memory; attribute memory.operation).
func Memory(ctx context.Context, op string, opts ...StartOption) (context.Context, *Span) {
	ctx, s := Start(ctx, "memory "+op, append([]StartOption{Role("memory")}, opts...)...)
	s.setAttrs("memory.operation", op)
	return ctx, s
}

// Decision starts an agent decision (attribute decision.type). The
// analysis has no decision role, so it counts as role other; record the
// outcome with SetAttribute("decision.chosen", ...).
func Decision(ctx context.Context, name string, opts ...StartOption) (context.Context, *Span) {
	ctx, s := Start(ctx, "decision "+name, opts...)
	s.setAttrs("decision.type", name)
	return ctx, s
}

// SetTokenUsage records the tokens a model call consumed
// (gen_ai.usage.input_tokens and output_tokens); the analysis prices them
// by the span's model.
func (s *Span) SetTokenUsage(input, output int64) {
	if s == nil {
		return
	}
	s.mu().Lock()
	defer s.mu().Unlock()
	if input < 0 || output < 0 {
		s.rec.warnLocked(fmt.Sprintf("SetTokenUsage on span %q: negative token count (%d, %d); ignored", s.sp.Name, input, output))
		return
	}
	if s.usableLocked("SetTokenUsage") {
		s.setLocked("gen_ai.usage.input_tokens", model.IntValue(input))
		s.setLocked("gen_ai.usage.output_tokens", model.IntValue(output))
	}
}

// SetCacheTokens records the input tokens read from and written to a
// prompt cache; they are part of the input count, as OpenTelemetry counts
// them.
func (s *Span) SetCacheTokens(read, write int64) {
	s.SetAttribute("gen_ai.usage.cache_read.input_tokens", read)
	s.SetAttribute("gen_ai.usage.cache_creation.input_tokens", write)
}

// SetResponseModel records the model that answered, which the analysis
// prices first.
func (s *Span) SetResponseModel(m string) { s.SetAttribute("gen_ai.response.model", m) }

// SetCost records a cost in USD the provider reported; it wins over the
// price table.
func (s *Span) SetCost(usd float64) { s.SetAttribute("gen_ai.usage.cost", usd) }
