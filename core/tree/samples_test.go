package tree_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spanlens/spanlens/core/ingest"
	"github.com/spanlens/spanlens/core/tree"
	"github.com/spanlens/spanlens/internal/golden"
)

// TestSampleTrees decodes every sample in testdata and compares its tree
// (pre-order, depth, span id, parent id, name, flags) with its outline in
// testdata/trees, written once and checked by hand against the sample.
func TestSampleTrees(t *testing.T) {
	files, err := filepath.Glob("../../testdata/*/*")
	require.NoError(t, err)
	n := 0
	for _, file := range files {
		switch filepath.Ext(file) {
		case ".golden", ".txtpb", ".svg", ".txt":
			continue
		}
		// Not samples: drawings, goldens, and the root package's fuzz corpus.
		if strings.Contains(file, "/svg/") || strings.Contains(file, "/render/") || strings.Contains(file, "/trees/") || strings.Contains(file, "/fuzz/") {
			continue
		}
		n++
		t.Run(strings.TrimPrefix(file, "../../testdata/"), func(t *testing.T) {
			data, err := os.ReadFile(file)
			require.NoError(t, err)
			b, err := ingest.Decode(data, ingest.Options{})
			require.NoError(t, err)
			got := outline(tree.Build(b, tree.Options{}))
			goldenPath := filepath.Join("../../testdata/trees", strings.TrimPrefix(file, "../../testdata/")+".tree")
			golden.Check(t, goldenPath, []byte(got))
		})
	}
	assert.Greater(t, n, 20)
}

// outline renders a forest one span per line, indented by depth.
func outline(f *tree.Forest) string {
	var b strings.Builder
	for _, t := range f.Traces {
		fmt.Fprintf(&b, "trace %s\n", t.ID)
		for _, i := range f.Order[t.First : t.First+t.Count] {
			s := &f.Batch.Spans[i]
			parent := "-"
			if !s.ParentID.IsZero() {
				parent = s.ParentID.String()
			}
			fmt.Fprintf(&b, "%s%s (parent %s) %s/%s", strings.Repeat("  ", int(f.Depth[i])), s.ID, parent, s.Service, s.Name)
			// The outline is the tree's structure; failure is shown by the
			// render goldens.
			if fl := f.Flags[i] &^ tree.Failed; fl != 0 {
				fmt.Fprintf(&b, " flags=%d", fl)
			}
			b.WriteByte('\n')
		}
	}
	return b.String()
}
