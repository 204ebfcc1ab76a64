package analyze

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/core/tree"
)

func TestSearch(t *testing.T) {
	f := forestOf(statsBatch()...)
	b := f.Batch
	res := b.AddResource(model.Resource{Service: "web", Attrs: attrs("deployment.environment", "prod")})
	b.Spans[8].Resource, b.Spans[9].Resource = res, res

	all := []int32{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}
	tests := []struct {
		q    string
		want []int32
	}{
		{"", all},
		{"   ", all},
		{"service:agents", []int32{0, 1, 2, 3, 5, 6, 7}},
		{"service:AGENTS", []int32{0, 1, 2, 3, 5, 6, 7}},
		{"service=AGENTS", nil},
		{"service=agents", []int32{0, 1, 2, 3, 5, 6, 7}},
		{"service!=agents", []int32{4, 8, 9}},
		{"service:to*", []int32{4}},
		{"status:error", []int32{7, 8}},
		{"status:ok", nil},
		{"status:unset", []int32{0, 1, 2, 3, 4, 5, 6, 9}},
		{"status!=error", []int32{0, 1, 2, 3, 4, 5, 6, 9}},
		{"-status:error", []int32{0, 1, 2, 3, 4, 5, 6, 9}},
		// Durations (ns): 10000 1000 6800 1700 900 3800 400 1300 300 200.
		{"duration>1.5us", []int32{0, 2, 3, 5}},
		{"duration>=1700ns duration<=3800ns", []int32{3, 5}},
		{"duration:300ns", []int32{8}},
		{"duration!=300ns role:http", nil},
		{"duration<0.0005ms", []int32{6, 8, 9}},
		// Self times: 500 1000 400 1700 900 3800 400 1300 100 200.
		{"self<600ns", []int32{0, 2, 6, 8, 9}},
		{`name~"chat*"`, []int32{1, 3, 5, 6, 7}},
		{`name~"CHAT ?PT*"`, []int32{1, 7}},
		{"name~chat", nil},
		{"name:chat*", []int32{1, 3, 5, 6, 7}},
		{`name="GET /search"`, []int32{8}},
		{"role:tool", []int32{4}},
		{"role:LLM OR role:agent", []int32{0, 1, 2, 3, 5, 6, 7}},
		{"role!=llm role!=agent", []int32{4, 8, 9}},
		{"kind:server", []int32{8}},
		{"kind:CLIENT", []int32{9}},
		{"kind!=internal", all},
		{"attr.gen_ai.request.model=gpt-4o", []int32{1, 7}},
		{"attr.gen_ai.usage.input_tokens>=1000", []int32{1, 3}},
		// Span 7 holds the string "10": equal as text, and < as a number.
		{"attr.gen_ai.usage.input_tokens=10", []int32{7}},
		{"attr.gen_ai.usage.input_tokens<11", []int32{7}},
		{"attr.gen_ai.usage.input_tokens:1000", []int32{1}},
		{"attr.llm.cost.total=0.5", []int32{7}},
		{"attr.db.system:*", []int32{9}},
		{"attr.db.system~POSTGRES*", []int32{9}},
		{"attr.gen_ai.agent.name!=planner", []int32{1, 2, 3, 4, 5, 6, 7, 8, 9}},
		{"attr.deployment.environment=prod", []int32{8, 9}},
		{"model:o3-mini", []int32{5}},
		{"model~gpt-4o*", []int32{1, 7}},
		// Totals: 1500 3400 3000 150 20.
		{"tokens>=3000", []int32{3, 5}},
		// Costs: 0.00725 0.012675 0.0066 unknown 0.5.
		{"cost>0.01", []int32{3, 7}},
		{"cost!=0.5", []int32{0, 1, 2, 3, 4, 5, 6, 8, 9}},
		{"trace:2", []int32{8, 9}},
		{"trace:0000", all},
		{"trace=0000", nil},
		{"trace:00000000000000000000000000000001", []int32{0, 1, 2, 3, 4, 5, 6, 7}},
		{"trace!=1", []int32{8, 9}},
		{"span:1", []int32{0, 8}},
		{"span:1 trace:2", []int32{8}},
		{"planner", []int32{0}},
		{"SEARCH", []int32{2, 4, 8}}, // "researcher" too
		{`"GET /search"`, []int32{8}},
		{"postgres", []int32{9}},
		{"3000", []int32{3, 5}},
		{"0.5", []int32{7}},
		{"(role:llm OR role:tool) service:tools", []int32{4}},
		{"role:llm OR role:tool service:tools", []int32{1, 3, 4, 5, 6, 7}},
		{"role:llm OR role:tool AND service:tools", []int32{1, 3, 4, 5, 6, 7}},
		{"NOT role:llm AND NOT service:agents", []int32{4, 8, 9}},
		{"role:llm -name~*gpt*", []int32{3, 5, 6}},
		{"NOT (role:llm OR role:agent)", []int32{4, 8, 9}},
		{"NOT NOT role:tool", []int32{4}},
		{"(((role:tool)))", []int32{4}},
		{"wow!", nil},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			got, err := Search(f, tt.q)
			require.NoError(t, err)
			if tt.want == nil {
				tt.want = []int32{}
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestSearchErrors(t *testing.T) {
	tests := []struct{ q, want string }{
		{"duration>", `query: col 10: want a value after "duration>"`},
		{"service:checkout duration>", `query: col 27: want a value after "duration>"`},
		{"duration>250", `query: col 10: want a duration such as 250ms (units ns, us, µs, ms, s, m, h), got "250"`},
		{"duration>-5ms", `query: col 10: want a duration such as 250ms (units ns, us, µs, ms, s, m, h), got "-5ms"`},
		{"foo:bar", `query: col 1: unknown field "foo" (want ` + fieldList + `, or quote the text)`},
		{"attr.:x", `query: col 1: unknown field "attr."`},
		{"status<error", `query: col 7: status takes : = !=, not "<"`},
		{"name>x", `query: col 5: name takes : = != ~, not ">"`},
		{"(role:llm", `query: col 10: want ")" to close "(" at col 1`},
		{"role:llm)", `query: col 9: unexpected ")"`},
		{`name:"chat`, `query: col 6: unterminated string`},
		{`"oops`, `query: col 1: unterminated string`},
		{"kind:weird", `query: col 6: want kind server, client, producer, consumer, internal or unspecified, got "weird"`},
		{"status:bad", `query: col 8: want status error, ok or unset, got "bad"`},
		{"role:wizard", `query: col 6: want a role (other, agent, llm,`},
		{"NOT", `query: col 4: want a term at end of query`},
		{"a OR", `query: col 5: want a term at end of query`},
		{"a AND OR b", `query: col 7: want a term, got "OR"`},
		{")", `query: col 1: want a term, got ")"`},
		{"attr.x>big", `query: col 8: want a number after "attr.x>", got "big"`},
		{"tokens>lots", `query: col 8: want a number, got "lots"`},
		{"trace:xyz", `query: col 7: want a trace id of up to 32 hex digits, got "xyz"`},
		{"span:00112233445566778", `query: col 6: want a span id of up to 16 hex digits`},
		// Columns count characters, not bytes.
		{"service:é dur>1", `query: col 11: unknown field "dur"`},
		{strings.Repeat("(", 101) + "x", "query: col 101: nested deeper than 100"},
	}
	f := forestOf(sp{id: 1, start: 0, end: 1})
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			_, err := Search(f, tt.q)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			var qe *QueryError
			assert.ErrorAs(t, err, &qe)
		})
	}
}

func TestGlob(t *testing.T) {
	tests := []struct {
		pat, s string
		want   bool
	}{
		{"a*b?c", "AxxbYc", true},
		{"*", "", true},
		{"?", "", false},
		{"", "", true},
		{"", "a", false},
		{"é*", "Été", true},
		{"a*a*a*b", "aaaaaaaaaaaaaaaaaaaa", false},
		{"*x*", "abcxdef", true},
		{"ab", "abc", false},
		{"*c", "abc", true},
		{"a?c", "aéc", true},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, newGlob(tt.pat).match(tt.s), "glob %q on %q", tt.pat, tt.s)
	}
}

func TestContainsFold(t *testing.T) {
	tests := []struct {
		h, needle string
		want      bool
	}{
		{"Hello World", "o w", true},
		{"Hello", "hello", true},
		{"Hello", "help", false},
		{"ÉCOLE normale", "école", true},
		{"abc", "", true},
		{"ab", "abc", false},
		{"xxAbC", "abc", true},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, containsFold(tt.h, tt.needle), "%q in %q", tt.needle, tt.h)
	}
}

// checkHits: matches are spans of the forest, each once, in pre-order.
func checkHits(t *testing.T, forest *tree.Forest, q string, hits []int32) {
	t.Helper()
	for k, i := range hits {
		if i < 0 || int(i) >= len(forest.Order) {
			t.Fatalf("query %q: match %d is span %d of %d", q, k, i, len(forest.Order))
		}
		if k > 0 && forest.Pos[i] <= forest.Pos[hits[k-1]] {
			t.Fatalf("query %q: matches %d and %d (spans %d, %d) not in pre-order or repeated", q, k-1, k, hits[k-1], i)
		}
	}
}

// FuzzSearch: a query either fails with a column inside it, or matches
// spans in pre-order, each once; with its negation it partitions the
// spans.
func FuzzSearch(f *testing.F) {
	for _, q := range []string{
		"service:checkout status:error duration>250ms", `name~"chat*" (role:llm OR role:tool) -kind:internal`,
		"attr.gen_ai.request.model=gpt-4o tokens>=1000 trace:4bf9", `"quoted \" phrase"`, "NOT (a OR b) AND c",
		"self<=1.5s cost!=0.1 span:00ff", "((x", "duration>", "é~*?", "attr.x<=-1e3",
	} {
		f.Add(q)
	}
	forest := forestOf(statsBatch()...)
	f.Fuzz(func(t *testing.T, q string) {
		got, err := Search(forest, q)
		if err != nil {
			var qe *QueryError
			if !errors.As(err, &qe) || qe.Col < 1 || qe.Col > utf8.RuneCountInString(q)+1 {
				t.Fatalf("query %q: bad error %v", q, err)
			}
			return
		}
		checkHits(t, forest, q, got)
		// NOT (q) matches exactly the spans q does not, when it parses
		// (it cannot when q is nested as deep as allowed).
		neg, err := Search(forest, "NOT ("+q+")")
		if err != nil {
			return
		}
		checkHits(t, forest, "NOT ("+q+")", neg)
		in := map[int32]bool{}
		for _, i := range got {
			in[i] = true
		}
		for _, i := range neg {
			if in[i] {
				t.Fatalf("span %d matches both %q and its negation", i, q)
			}
		}
		if len(got)+len(neg) != len(forest.Order) {
			t.Fatalf("%q and its negation match %d and %d of %d spans", q, len(got), len(neg), len(forest.Order))
		}
	})
}
