package render

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/core/tree"
)

// loop is a root (0–1000 ns) calling "item 1" … "item 10" one after
// another, 100 ns each; item 7 fails and item 3 has a child "db".
func loop() *tree.Forest {
	b := &model.Batch{}
	add := func(name string, parent int, start, end int64) {
		sp := model.Span{Name: name, Service: "svc", Start: start, End: end, Resource: -1, Scope: -1}
		sp.TraceID[0] = 1
		sp.ID[7] = byte(len(b.Spans) + 1)
		if parent >= 0 {
			sp.ParentID[7] = byte(parent + 1)
		}
		b.Spans = append(b.Spans, sp)
	}
	add("root", -1, 1, 1001)
	for k := 1; k <= 10; k++ {
		add("item "+strconv.Itoa(k), 0, int64(k-1)*100+1, int64(k)*100+1)
	}
	b.Spans[7].Status.Code = model.StatusError
	add("db", 3, 211, 261)
	return tree.Build(b, tree.Options{})
}

func TestTreeFoldsLookAlikeSiblings(t *testing.T) {
	out := string(Tree(nil, loop(), Options{FoldRuns: 4}))
	// item 1 stands for the run; items 2–10 (900 ns from item 2's start
	// at 101 to item 10's end at 1001, one error) fold into one line, and
	// item 3's child goes with them.
	want := "root [other]  1.0µs\n" +
		"├── item 1 [other]  100ns\n" +
		"└── … 9 more like \"item 10\" · 900ns · 1 error\n"
	assert.True(t, strings.HasPrefix(out, "trace ")) // the header
	assert.Contains(t, out, want)
	assert.Contains(t, out, "── 12 spans · 1.0µs wall clock · 1 error")

	// Runs shorter than FoldRuns stay as they are.
	assert.Equal(t, 15, len(strings.Split(string(Tree(nil, loop(), Options{FoldRuns: 11})), "\n"))) // header, 12 spans, foot, ""
}

func TestTreeMaxDepthAndLines(t *testing.T) {
	out := string(Tree(nil, loop(), Options{MaxDepth: 1}))
	assert.Contains(t, out, "root [other]  1.0µs  (+11 below)\n──")

	out = string(Tree(nil, loop(), Options{MaxLines: 3, LinesKnob: "--max-lines"}))
	// root, item 1, item 2; the other 9 spans are left out.
	assert.Contains(t, out, "├── item 2 [other]  100ns\n… 9 more spans not shown (raise --max-lines to see them)\n")
}

func TestTimelineFolds(t *testing.T) {
	out := string(Timeline(nil, loop(), Options{FoldRuns: 4, Width: 80}))
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	// the axis, root, item 1, the fold, the legend
	assert.Len(t, lines, 5)
	assert.True(t, strings.HasPrefix(lines[3], " x … 9 more like item 10 900ns"), lines[3])
	assert.Equal(t, "+ ok  x error  ? status unset  … look-alike siblings folded", lines[4])
}

func TestSameShape(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{"item 1", "item 22", true},
		{"GET /users/17", "GET /users/204", true},
		{"item 1", "item", false},
		{"llm_call:gpt-4o", "llm_call:gpt-5o", true},
		{"chat", "chat", true},
		{"chat", "chats", false},
		{"a1b", "a2c", false},
	} {
		assert.Equal(t, tt.want, sameShape(tt.a, tt.b), "%q vs %q", tt.a, tt.b)
	}
}
