package analyze

import (
	"strings"
	"unsafe"

	"github.com/spanlens/spanlens/core/model"
)

// Role is what a span does in an application or agent run, as far as its
// attributes tell.
type Role uint8

const (
	RoleOther Role = iota
	RoleAgent
	RoleLLM
	RoleTool
	RoleRetriever
	RoleEmbedding
	RoleReranker
	RoleGuardrail
	RoleEvaluator
	RoleMemory
	RoleVectorDB
	RoleChain
	RoleHTTP
	RoleDB
	RoleMessaging
)

var roleNames = [...]string{
	"other", "agent", "llm", "tool", "retriever", "embedding", "reranker", "guardrail",
	"evaluator", "memory", "vectordb", "chain", "http", "db", "messaging",
}

// String returns the lowercase role name, e.g. "llm".
func (r Role) String() string {
	if int(r) < len(roleNames) {
		return roleNames[r]
	}
	return "other"
}

// ParseRole accepts the names returned by String, in any case.
func ParseRole(s string) (Role, bool) {
	for i, n := range roleNames {
		if strings.EqualFold(n, s) {
			return Role(i), true
		}
	}
	return RoleOther, false
}

// MarshalText makes roles appear by name in JSON.
func (r Role) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// RoleRule assigns Role to spans whose attribute Key has Value (compared
// case-insensitively), or has any value when Value is "*".
type RoleRule struct {
	Key   string
	Value string
	Role  Role
}

// DefaultRoleRules is the classification table, highest priority first: a
// span takes the role of the first rule it matches. Explicit kinds from
// the agent conventions come before presence hints, which come before the
// generic HTTP, database and messaging conventions, so an LLM call made
// over HTTP is an llm span.
var DefaultRoleRules = []RoleRule{
	// OpenTelemetry GenAI operation names.
	{"gen_ai.operation.name", "chat", RoleLLM},
	{"gen_ai.operation.name", "text_completion", RoleLLM},
	{"gen_ai.operation.name", "generate_content", RoleLLM},
	{"gen_ai.operation.name", "embeddings", RoleEmbedding},
	{"gen_ai.operation.name", "retrieval", RoleRetriever},
	{"gen_ai.operation.name", "execute_tool", RoleTool},
	{"gen_ai.operation.name", "create_agent", RoleAgent},
	{"gen_ai.operation.name", "invoke_agent", RoleAgent},
	{"gen_ai.operation.name", "invoke_workflow", RoleChain},

	// OpenInference span kinds.
	{"openinference.span.kind", "LLM", RoleLLM},
	{"openinference.span.kind", "EMBEDDING", RoleEmbedding},
	{"openinference.span.kind", "CHAIN", RoleChain},
	{"openinference.span.kind", "RETRIEVER", RoleRetriever},
	{"openinference.span.kind", "RERANKER", RoleReranker},
	{"openinference.span.kind", "TOOL", RoleTool},
	{"openinference.span.kind", "AGENT", RoleAgent},
	{"openinference.span.kind", "GUARDRAIL", RoleGuardrail},
	{"openinference.span.kind", "EVALUATOR", RoleEvaluator},

	// Traceloop / OpenLLMetry span kinds.
	{"traceloop.span.kind", "workflow", RoleChain},
	{"traceloop.span.kind", "task", RoleChain},
	{"traceloop.span.kind", "agent", RoleAgent},
	{"traceloop.span.kind", "tool", RoleTool},

	// Seed SDK hints: tmam's role attribute, spanforge's span type.
	{"role", "agent", RoleAgent},
	{"role", "tool", RoleTool},
	{"role", "llm", RoleLLM},
	{"role", "memory", RoleMemory},
	{"role", "embedding", RoleEmbedding},
	{"role", "vectordb", RoleVectorDB},
	{"role", "framework", RoleChain},
	{"role", "custom", RoleOther},
	{"spanforge.span_type", "llm_call", RoleLLM},
	{"spanforge.span_type", "tool_call", RoleTool},
	{"spanforge.span_type", "agent_run", RoleAgent},

	// Presence hints.
	{"gen_ai.tool.name", "*", RoleTool},
	{"gen_ai.provider.name", "*", RoleLLM},
	{"gen_ai.system", "*", RoleLLM},
	{"gen_ai.request.model", "*", RoleLLM},
	{"llm.model_name", "*", RoleLLM},

	// Vector stores speak the database conventions; name the common ones.
	{"db.system", "pinecone", RoleVectorDB},
	{"db.system", "qdrant", RoleVectorDB},
	{"db.system", "chroma", RoleVectorDB},
	{"db.system", "weaviate", RoleVectorDB},
	{"db.system", "milvus", RoleVectorDB},
	{"db.system.name", "pinecone", RoleVectorDB},
	{"db.system.name", "qdrant", RoleVectorDB},
	{"db.system.name", "chroma", RoleVectorDB},
	{"db.system.name", "weaviate", RoleVectorDB},
	{"db.system.name", "milvus", RoleVectorDB},

	// Generic OpenTelemetry semantic conventions.
	{"db.system", "*", RoleDB},
	{"db.system.name", "*", RoleDB},
	{"messaging.system", "*", RoleMessaging},
	{"http.request.method", "*", RoleHTTP},
	{"http.method", "*", RoleHTTP},
	{"url.full", "*", RoleHTTP},
}

// Roles classifies every span of b with DefaultRoleRules.
func Roles(b *model.Batch) []Role { return ClassifyRoles(b, DefaultRoleRules) }

// ClassifyRoles classifies every span of b with rules (highest priority
// first); spans matching no rule are RoleOther.
func ClassifyRoles(b *model.Batch, rules []RoleRule) []Role {
	c := newRoleClassifier(rules)
	out := make([]Role, len(b.Spans))
	for i := range b.Spans {
		out[i] = c.classify(b.Spans[i].Attrs)
	}
	return out
}

// roleClassifier indexes rules by attribute key.
type roleClassifier struct {
	rules []RoleRule
	byKey map[string][]int32 // rule indexes, ascending
	seen  [256]seenKey
}

// seenKey is byKey's answer for one string, known by the address and
// length of its bytes. Decoders intern attribute keys, so every span's
// "http.method" shares one array of bytes, and a hit costs a comparison of
// two words where a map lookup hashes the key byte by byte (in
// WebAssembly, which has no AES instructions: a third of the summary's
// time there went to these lookups). A string with the same bytes at
// another address only misses; one at the same address and length has
// the same bytes, since strings are immutable and this holds the address.
type seenKey struct {
	p     *byte
	n     int
	rules []int32
}

// rulesOf returns byKey[key], through seen.
func (c *roleClassifier) rulesOf(key string) []int32 {
	p := unsafe.StringData(key)
	if p == nil {
		return c.byKey[key]
	}
	s := &c.seen[uint64(uintptr(unsafe.Pointer(p)))*0x9e3779b97f4a7c15>>56]
	if s.p != p || s.n != len(key) {
		*s = seenKey{p, len(key), c.byKey[key]}
	}
	return s.rules
}

func newRoleClassifier(rules []RoleRule) *roleClassifier {
	c := &roleClassifier{rules: rules, byKey: make(map[string][]int32, len(rules))}
	for i, r := range rules {
		c.byKey[r.Key] = append(c.byKey[r.Key], int32(i))
	}
	return c
}

// classify returns the role of the first rule the attributes match.
func (c *roleClassifier) classify(attrs model.Attrs) Role {
	best := int32(len(c.rules))
	for k := range attrs {
		a := &attrs[k]
		for _, ri := range c.rulesOf(a.Key) {
			if ri >= best {
				break
			}
			if ruleMatches(c.rules[ri].Value, a.Value) {
				best = ri
				break
			}
		}
	}
	if best < int32(len(c.rules)) {
		return c.rules[best].Role
	}
	return RoleOther
}

func ruleMatches(want string, v model.Value) bool {
	if want == "*" {
		return v.Type() != model.TypeEmpty
	}
	return v.Type() == model.TypeString && strings.EqualFold(v.Str(), want)
}
