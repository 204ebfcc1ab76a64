package analyze

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAgentGraphMultiAgent(t *testing.T) {
	f := forestOf(multiAgent()...)
	u := Usages(f.Batch, nil)
	g := AgentGraph(f, Options{Usage: u})

	// The two "chat gpt-4o" calls under the planner (spans 1 and 7) fold
	// into node 1: 1000+1300 ns, one error. Self times as in statsBatch.
	gptUsage := u[1]
	gptUsage.Add(&u[7])
	want := []GraphNode{
		{ID: 0, Parent: -1, Depth: 0, Role: RoleAgent, Service: "agents", Name: "invoke_agent planner", Calls: 1, Total: 10000, Self: 500},
		{ID: 1, Parent: 0, Depth: 1, Role: RoleLLM, Service: "agents", Name: "chat gpt-4o", Calls: 2, Errors: 1, Total: 2300, Self: 2300, Usage: gptUsage},
		{ID: 2, Parent: 0, Depth: 1, Role: RoleAgent, Service: "agents", Name: "invoke_agent researcher", Calls: 1, Total: 6800, Self: 400},
		{ID: 3, Parent: 2, Depth: 2, Role: RoleLLM, Service: "agents", Name: "chat claude-sonnet-4-5", Calls: 1, Total: 1700, Self: 1700, Usage: u[3]},
		{ID: 4, Parent: 2, Depth: 2, Role: RoleTool, Service: "tools", Name: "execute_tool search", Calls: 1, Total: 900, Self: 900},
		{ID: 5, Parent: 2, Depth: 2, Role: RoleLLM, Service: "agents", Name: "chat o3-mini", Calls: 1, Total: 3800, Self: 3800, Usage: u[5]},
		{ID: 6, Parent: 0, Depth: 1, Role: RoleLLM, Service: "agents", Name: "chat acme-llm-1", Calls: 1, Total: 400, Self: 400, Usage: u[6]},
	}
	require.Len(t, g.Nodes, len(want))
	for i := range want {
		want[i].Usage.Model = "" // aggregates carry no model
		assert.InDelta(t, want[i].Usage.Cost, g.Nodes[i].Usage.Cost, 1e-12)
		g.Nodes[i].Usage.Cost, want[i].Usage.Cost = 0, 0
	}
	assert.Equal(t, want, g.Nodes)
	assert.Equal(t, []GraphEdge{{0, 1, 2}, {0, 2, 1}, {2, 3, 1}, {2, 4, 1}, {2, 5, 1}, {0, 6, 1}}, g.Edges)
	assert.Equal(t, []int32{0, 1, 2, 3, 4, 5, 6, 1}, g.Node)
}

func TestAgentGraphLoopsAndTraces(t *testing.T) {
	// Two runs of an agent loop: run 1 takes three steps, run 2 two; each
	// step calls a tool. Steps fold into one node, across both traces;
	// the same tool name under another parent stays a separate node.
	step := func(trace byte, id, parent int, start int64) []sp {
		return []sp{
			{trace: trace, id: id, parent: parent, svc: "a", name: "step", start: start, end: start + 10,
				attrs: attrs("traceloop.span.kind", "task")},
			{trace: trace, id: id + 1, parent: id, svc: "a", name: "search", start: start + 1, end: start + 5,
				attrs: attrs("traceloop.span.kind", "tool")},
		}
	}
	spans := []sp{{trace: 1, id: 1, svc: "a", name: "run", start: 0, end: 100, attrs: attrs("traceloop.span.kind", "agent")}}
	spans = append(spans, step(1, 10, 1, 0)...)
	spans = append(spans, step(1, 20, 1, 20)...)
	spans = append(spans, step(1, 30, 1, 40)...)
	spans = append(spans, sp{trace: 1, id: 40, parent: 1, svc: "a", name: "search", start: 60, end: 70,
		attrs: attrs("traceloop.span.kind", "tool")})
	spans = append(spans, sp{trace: 2, id: 1, svc: "a", name: "run", start: 200, end: 300, attrs: attrs("traceloop.span.kind", "agent")})
	spans = append(spans, step(2, 10, 1, 200)...)
	spans = append(spans, step(2, 20, 1, 220)...)
	g := AgentGraph(forestOf(spans...), Options{})

	type brief struct {
		Parent      int32
		Role        Role
		Name        string
		Calls       int
		Total, Self int64
	}
	var got []brief
	for _, n := range g.Nodes {
		got = append(got, brief{n.Parent, n.Role, n.Name, n.Calls, n.Total, n.Self})
	}
	// run: 2 calls of 100; self 100-30-10 = 60 and 100-20 = 80 → 140.
	// step: 5 calls of 10, each with 4 of search: self 5×6 = 30.
	assert.Equal(t, []brief{
		{-1, RoleAgent, "run", 2, 200, 140},
		{0, RoleChain, "step", 5, 50, 30},
		{1, RoleTool, "search", 5, 20, 20},
		{0, RoleTool, "search", 1, 10, 10},
	}, got)
	assert.Equal(t, []GraphEdge{{0, 1, 5}, {1, 2, 5}, {0, 3, 1}}, g.Edges)
}
