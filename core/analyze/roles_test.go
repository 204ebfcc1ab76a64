package analyze

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spanlens/spanlens/core/model"
)

func str(k, v string) model.Attr { return model.Attr{Key: k, Value: model.StringValue(v)} }

func TestRoles(t *testing.T) {
	tests := []struct {
		name  string
		attrs model.Attrs
		want  Role
	}{
		{"no attributes", nil, RoleOther},
		{"genai chat", model.Attrs{str("gen_ai.operation.name", "chat")}, RoleLLM},
		{"genai text_completion", model.Attrs{str("gen_ai.operation.name", "text_completion")}, RoleLLM},
		{"genai generate_content", model.Attrs{str("gen_ai.operation.name", "generate_content")}, RoleLLM},
		{"genai embeddings", model.Attrs{str("gen_ai.operation.name", "embeddings")}, RoleEmbedding},
		{"genai retrieval", model.Attrs{str("gen_ai.operation.name", "retrieval")}, RoleRetriever},
		{"genai execute_tool", model.Attrs{str("gen_ai.operation.name", "execute_tool")}, RoleTool},
		{"genai create_agent", model.Attrs{str("gen_ai.operation.name", "create_agent")}, RoleAgent},
		{"genai invoke_agent", model.Attrs{str("gen_ai.operation.name", "invoke_agent")}, RoleAgent},
		{"genai invoke_workflow", model.Attrs{str("gen_ai.operation.name", "invoke_workflow")}, RoleChain},
		{"agent span carrying a provider stays agent", model.Attrs{
			str("gen_ai.provider.name", "openai"), str("gen_ai.operation.name", "invoke_agent")}, RoleAgent},
		{"provider alone", model.Attrs{str("gen_ai.provider.name", "anthropic")}, RoleLLM},
		{"deprecated system", model.Attrs{str("gen_ai.system", "openai")}, RoleLLM},
		{"request model alone (the tutorial's llm spans)", model.Attrs{str("gen_ai.request.model", "gpt-4")}, RoleLLM},
		{"openinference model name alone", model.Attrs{str("llm.model_name", "gpt-4o")}, RoleLLM},
		{"openinference LLM", model.Attrs{str("openinference.span.kind", "LLM")}, RoleLLM},
		{"openinference reranker", model.Attrs{str("openinference.span.kind", "RERANKER")}, RoleReranker},
		{"openinference guardrail", model.Attrs{str("openinference.span.kind", "GUARDRAIL")}, RoleGuardrail},
		{"openinference evaluator", model.Attrs{str("openinference.span.kind", "EVALUATOR")}, RoleEvaluator},
		{"openinference lowercase", model.Attrs{str("openinference.span.kind", "retriever")}, RoleRetriever},
		{"openinference chain", model.Attrs{str("openinference.span.kind", "CHAIN")}, RoleChain},
		{"traceloop workflow", model.Attrs{str("traceloop.span.kind", "workflow")}, RoleChain},
		{"traceloop task", model.Attrs{str("traceloop.span.kind", "task")}, RoleChain},
		{"traceloop agent", model.Attrs{str("traceloop.span.kind", "agent")}, RoleAgent},
		{"traceloop tool", model.Attrs{str("traceloop.span.kind", "tool")}, RoleTool},
		{"tmam memory", model.Attrs{str("role", "memory")}, RoleMemory},
		{"tmam vectordb", model.Attrs{str("role", "vectordb")}, RoleVectorDB},
		{"tmam framework", model.Attrs{str("role", "framework")}, RoleChain},
		{"tmam custom beats http", model.Attrs{str("http.method", "GET"), str("role", "custom")}, RoleOther},
		{"chat message role is not a hint", model.Attrs{str("role", "assistant")}, RoleOther},
		{"spanforge tool_call", model.Attrs{str("spanforge.span_type", "tool_call")}, RoleTool},
		{"spanforge agent_run", model.Attrs{str("spanforge.span_type", "agent_run")}, RoleAgent},
		{"spanforge llm_call", model.Attrs{str("spanforge.span_type", "llm_call")}, RoleLLM},
		{"http new", model.Attrs{str("http.request.method", "POST")}, RoleHTTP},
		{"http old", model.Attrs{str("http.method", "GET")}, RoleHTTP},
		{"url only", model.Attrs{str("url.full", "https://x")}, RoleHTTP},
		{"llm over http", model.Attrs{str("http.request.method", "POST"), str("gen_ai.system", "openai")}, RoleLLM},
		{"db", model.Attrs{str("db.system", "postgresql")}, RoleDB},
		{"db new key", model.Attrs{str("db.system.name", "mysql")}, RoleDB},
		{"vector db", model.Attrs{str("db.system", "qdrant")}, RoleVectorDB},
		{"messaging", model.Attrs{str("messaging.system", "kafka")}, RoleMessaging},
		{"db beats http", model.Attrs{str("url.full", "x"), str("db.system", "redis")}, RoleDB},
		{"int-valued presence", model.Attrs{{Key: "http.method", Value: model.IntValue(1)}}, RoleHTTP},
		{"unknown operation falls through", model.Attrs{
			str("gen_ai.operation.name", "dance"), str("http.method", "GET")}, RoleHTTP},
	}
	b := &model.Batch{}
	for _, tt := range tests {
		b.Spans = append(b.Spans, model.Span{Attrs: tt.attrs})
	}
	got := Roles(b)
	require.Len(t, got, len(tests))
	for i, tt := range tests {
		assert.Equal(t, tt.want, got[i], "%s: got %v; want %v", tt.name, got[i], tt.want)
	}
}

func TestClassifyRolesCustomRules(t *testing.T) {
	rules := append([]RoleRule{{"app.kind", "planner", RoleAgent}}, DefaultRoleRules...)
	b := &model.Batch{Spans: []model.Span{
		{Attrs: model.Attrs{str("http.method", "GET"), str("app.kind", "planner")}},
		{Attrs: model.Attrs{str("http.method", "GET")}},
	}}
	assert.Equal(t, []Role{RoleAgent, RoleHTTP}, ClassifyRoles(b, rules))
}

// Classifying through the cache of keys by address gives what the rules
// say, for keys that share their bytes (as interned ones do), for copies
// of them, and for more distinct keys than the cache has slots.
func TestClassifyRolesKeysByAddress(t *testing.T) {
	var keys []string
	for _, r := range DefaultRoleRules {
		keys = append(keys, r.Key)
	}
	for i := range 600 {
		keys = append(keys, "app.key."+strings.Repeat("x", i%7)+strconv.Itoa(i))
	}
	values := []string{"llm", "AGENT", "pinecone", "GET", "other", ""}
	rng := rand.New(rand.NewPCG(1, 2))
	b := &model.Batch{}
	for range 3000 {
		var attrs model.Attrs
		for range rng.IntN(6) {
			k := keys[rng.IntN(len(keys))]
			if rng.IntN(2) == 0 {
				k = strings.Clone(k) // the same key at another address
			}
			attrs = append(attrs, str(k, values[rng.IntN(len(values))]))
		}
		b.Spans = append(b.Spans, model.Span{Attrs: attrs})
	}
	// The rules' meaning, read off the list: the first rule, in priority
	// order, that some attribute matches ("*": any value, and all these
	// are strings, empty ones too).
	want := func(attrs model.Attrs) Role {
		for _, r := range DefaultRoleRules {
			for _, a := range attrs {
				if a.Key == r.Key && (r.Value == "*" || strings.EqualFold(a.Value.Str(), r.Value)) {
					return r.Role
				}
			}
		}
		return RoleOther
	}
	got := Roles(b)
	for i := range b.Spans {
		if w := want(b.Spans[i].Attrs); got[i] != w {
			t.Fatalf("span %d %v: %v, want %v", i, b.Spans[i].Attrs, got[i], w)
		}
	}
}

func TestRoleNames(t *testing.T) {
	for r := RoleOther; r <= RoleMessaging; r++ {
		p, ok := ParseRole(r.String())
		require.True(t, ok, r.String())
		assert.Equal(t, r, p)
	}
	assert.Equal(t, "vectordb", RoleVectorDB.String())
	assert.Equal(t, "other", Role(200).String())
	_, ok := ParseRole("wizard")
	assert.False(t, ok)
	r, ok := ParseRole("LLM")
	assert.True(t, ok)
	assert.Equal(t, RoleLLM, r)
}
