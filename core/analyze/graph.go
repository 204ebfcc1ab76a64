package analyze

import "github.com/spanlens/spanlens/core/tree"

// Graph is the call graph of a batch folded by ancestral path, as Jaeger
// UI's TraceDag folds traces: two spans share a node when they have the
// same (role, service, name) and their parents share a node. An agent's
// loop of ten LLM calls becomes one node with ten calls; the same tool
// called by two different agents stays two nodes. Roots with equal keys
// merge across traces, so a batch of runs folds into one graph.
type Graph struct {
	Nodes []GraphNode `json:"nodes"` // parents before children
	Edges []GraphEdge `json:"edges"`
	// Node is the node of each span, indexed by span.
	Node []int32 `json:"-"`
}

// GraphNode aggregates the spans folded into it. Times are nanoseconds.
type GraphNode struct {
	ID      int32  `json:"id"`
	Parent  int32  `json:"parent"` // -1 for roots
	Depth   int32  `json:"depth"`
	Role    Role   `json:"role"`
	Service string `json:"service"`
	Name    string `json:"name"`
	Calls   int    `json:"calls"`
	Errors  int    `json:"errors"`
	Total   int64  `json:"total"`
	Self    int64  `json:"self"`
	Usage   Usage  `json:"usage"` // the node's own spans, not their subtrees
}

// GraphEdge is a parent→child node pair with the number of child calls.
type GraphEdge struct {
	From  int32 `json:"from"`
	To    int32 `json:"to"`
	Calls int   `json:"calls"`
}

type graphKey struct {
	parent        int32
	role          Role
	service, name string
}

// AgentGraph folds the forest into a Graph. It uses opts.Self, opts.Roles
// and opts.Usage when given and computes them otherwise.
func AgentGraph(f *tree.Forest, opts Options) *Graph {
	opts = opts.fill(f)
	spans := f.Batch.Spans
	g := &Graph{Node: make([]int32, len(spans))}
	index := map[graphKey]int32{}
	for _, i := range f.Order {
		parent := int32(-1)
		if p := f.Parent[i]; p >= 0 {
			parent = g.Node[p]
		}
		s := &spans[i]
		key := graphKey{parent, opts.Roles[i], s.Service, s.Name}
		id, ok := index[key]
		if !ok {
			id = int32(len(g.Nodes))
			index[key] = id
			depth := int32(0)
			if parent >= 0 {
				depth = g.Nodes[parent].Depth + 1
			}
			g.Nodes = append(g.Nodes, GraphNode{ID: id, Parent: parent, Depth: depth,
				Role: key.role, Service: s.Service, Name: s.Name})
		}
		g.Node[i] = id
		n := &g.Nodes[id]
		n.Calls++
		if s.Failed() {
			n.Errors++
		}
		n.Total += f.Duration(i)
		n.Self += opts.Self[i]
		n.Usage.Add(&opts.Usage[i])
	}
	for _, n := range g.Nodes {
		if n.Parent >= 0 {
			g.Edges = append(g.Edges, GraphEdge{From: n.Parent, To: n.ID, Calls: n.Calls})
		}
	}
	return g
}
