package render

import (
	"strconv"
	"strings"

	"github.com/spanlens/spanlens/core/analyze"
	"github.com/spanlens/spanlens/core/layout"
)

// nodeLabel is what every graph drawing says of a node: "name", then
// "role · service · 3 calls · 1.2s" with errors and cost when there are
// any.
func nodeLabel(n *analyze.GraphNode) (name, facts string) {
	parts := []string{n.Role.String()}
	if n.Service != "" {
		parts = append(parts, n.Service)
	}
	parts = append(parts, Plural(n.Calls, "call"), layout.ShortDuration(n.Total))
	if n.Errors > 0 {
		parts = append(parts, Plural(n.Errors, "error"))
	}
	if u := usageText(&n.Usage); u != "" {
		parts = append(parts, u)
	}
	return n.Name, strings.Join(parts, " · ")
}

// GraphText draws the agent graph as an indented tree of nodes, children
// under their parent, for a terminal.
func GraphText(dst []byte, g *analyze.Graph, opts Options) []byte {
	kids := make([][]int32, len(g.Nodes))
	var roots []int32
	for _, n := range g.Nodes {
		if n.Parent < 0 {
			roots = append(roots, n.ID)
		} else {
			kids[n.Parent] = append(kids[n.Parent], n.ID)
		}
	}
	// An explicit stack: graphs can be as deep as traces.
	type item struct {
		id     int32
		prefix string
		last   bool
		root   bool
	}
	stack := make([]item, 0, len(roots))
	for k := len(roots) - 1; k >= 0; k-- {
		stack = append(stack, item{id: roots[k], root: true})
	}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := &g.Nodes[it.id]
		name, facts := nodeLabel(n)
		childPrefix := it.prefix
		if !it.root {
			branch, cont := "├── ", "│   "
			if it.last {
				branch, cont = "└── ", "    "
			}
			if opts.ASCII {
				branch, cont = "|-- ", "|   "
				if it.last {
					branch, cont = "`-- ", "    "
				}
			}
			dst = append(dst, opts.style(dim, it.prefix+branch)...)
			if int(n.Depth) <= maxIndent {
				childPrefix += cont
			}
		}
		dst = append(dst, Printable(name)...)
		dst = append(dst, "  "...)
		dst = append(dst, opts.style(dim, Printable(facts))...)
		dst = append(dst, '\n')
		ks := kids[it.id]
		for k := len(ks) - 1; k >= 0; k-- {
			stack = append(stack, item{id: ks[k], prefix: childPrefix, last: k == len(ks)-1})
		}
	}
	return dst
}

// GraphMermaid writes the graph as a Mermaid flowchart, which docs pages
// (GitHub, GitLab, MkDocs) render. Labels are quoted, with the characters
// Mermaid would read as markup written as its entity codes.
func GraphMermaid(dst []byte, g *analyze.Graph) []byte {
	dst = append(dst, "flowchart TD\n"...)
	for k := range g.Nodes {
		n := &g.Nodes[k]
		name, facts := nodeLabel(n)
		dst = append(dst, "  n"...)
		dst = strconv.AppendInt(dst, int64(n.ID), 10)
		dst = append(dst, `["`...)
		dst = append(dst, mermaidText(name)...)
		dst = append(dst, "<br/><small>"...)
		dst = append(dst, mermaidText(facts)...)
		dst = append(dst, "</small>\"]\n"...)
		if n.Errors > 0 {
			dst = append(dst, "  class n"...)
			dst = strconv.AppendInt(dst, int64(n.ID), 10)
			dst = append(dst, " failed\n"...)
		}
	}
	for _, e := range g.Edges {
		dst = append(dst, "  n"...)
		dst = strconv.AppendInt(dst, int64(e.From), 10)
		dst = append(dst, " -->|"...)
		dst = strconv.AppendInt(dst, int64(e.Calls), 10)
		dst = append(dst, "| n"...)
		dst = strconv.AppendInt(dst, int64(e.To), 10)
		dst = append(dst, '\n')
	}
	return append(dst, "  classDef failed stroke:#D62728,stroke-width:2px\n"...)
}

var mermaidEscaper = strings.NewReplacer(`"`, "#quot;", "<", "#lt;", ">", "#gt;", "&", "#amp;", "#", "#35;", "|", "#124;")

func mermaidText(s string) string { return mermaidEscaper.Replace(Printable(s)) }

// GraphDOT writes the graph in Graphviz's DOT language.
func GraphDOT(dst []byte, g *analyze.Graph) []byte {
	dst = append(dst, "digraph agents {\n  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n"...)
	for k := range g.Nodes {
		n := &g.Nodes[k]
		name, facts := nodeLabel(n)
		dst = append(dst, "  n"...)
		dst = strconv.AppendInt(dst, int64(n.ID), 10)
		dst = append(dst, ` [label="`...)
		dst = append(dst, dotText(name)...)
		dst = append(dst, `\n`...)
		dst = append(dst, dotText(facts)...)
		dst = append(dst, '"')
		if n.Errors > 0 {
			dst = append(dst, `, color="#D62728"`...)
		}
		dst = append(dst, "];\n"...)
	}
	for _, e := range g.Edges {
		dst = append(dst, "  n"...)
		dst = strconv.AppendInt(dst, int64(e.From), 10)
		dst = append(dst, " -> n"...)
		dst = strconv.AppendInt(dst, int64(e.To), 10)
		dst = append(dst, ` [label="`...)
		dst = strconv.AppendInt(dst, int64(e.Calls), 10)
		dst = append(dst, "\"];\n"...)
	}
	return append(dst, "}\n"...)
}

var dotEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`)

func dotText(s string) string { return dotEscaper.Replace(Printable(s)) }
