package render

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/spanlens/spanlens/core/analyze"
)

// graphOf is a coordinator node calling a tool node three times, one of
// them failing; the tool's name is hostile to every output.
func graphOf() *analyze.Graph {
	return &analyze.Graph{
		Nodes: []analyze.GraphNode{
			{ID: 0, Parent: -1, Role: analyze.RoleAgent, Service: "svc", Name: "coordinator", Calls: 1, Total: 2e9},
			{ID: 1, Parent: 0, Depth: 1, Role: analyze.RoleTool, Service: "svc", Name: "say \"hi\" <script>|#\x0a\x1b[2J", Calls: 3, Errors: 1, Total: 3e8},
		},
		Edges: []analyze.GraphEdge{{From: 0, To: 1, Calls: 3}},
	}
}

func TestGraphText(t *testing.T) {
	got := string(GraphText(nil, graphOf(), Options{}))
	want := "coordinator  agent · svc · 1 call · 2.00s\n" +
		`└── say "hi" <script>|#\x0a\x1b[2J  tool · svc · 3 calls · 300ms · 1 error` + "\n"
	assert.Equal(t, want, got)
}

func TestGraphMermaid(t *testing.T) {
	got := string(GraphMermaid(nil, graphOf()))
	assert.Contains(t, got, "flowchart TD\n")
	assert.Contains(t, got, `  n1["say #quot;hi#quot; #lt;script#gt;#124;#35;\x0a\x1b[2J<br/><small>tool · svc · 3 calls · 300ms · 1 error</small>"]`+"\n")
	assert.Contains(t, got, "  class n1 failed\n")
	assert.Contains(t, got, "  n0 -->|3| n1\n")
	assert.NotContains(t, got, "\x1b")
}

func TestGraphDOT(t *testing.T) {
	got := string(GraphDOT(nil, graphOf()))
	assert.True(t, strings.HasPrefix(got, "digraph agents {\n"))
	assert.Contains(t, got, `  n1 [label="say \"hi\" <script>|#\\x0a\\x1b[2J\ntool · svc · 3 calls · 300ms · 1 error", color="#D62728"];`+"\n")
	assert.Contains(t, got, "  n0 -> n1 [label=\"3\"];\n")
	assert.True(t, strings.HasSuffix(got, "}\n"))
}
