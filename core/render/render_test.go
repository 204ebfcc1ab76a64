package render

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spanlens/spanlens/core/ingest"
	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/core/tree"
	"github.com/spanlens/spanlens/internal/golden"
)

func forest(t *testing.T, path string) *tree.Forest {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("../../testdata", path))
	require.NoError(t, err)
	b, err := ingest.Decode(data, ingest.Options{})
	require.NoError(t, err)
	return tree.Build(b, tree.Options{})
}

// TestGolden compares renderings with files in testdata/render that were
// checked by hand: the spanforge multi-agent run's rollup (gpt-4o 100 in ×
// $2.50/M + 50 out × $10/M = $0.00075; claude-3.5-sonnet 800 × $3/M + 400
// × $15/M = $0.0084; coordinator Σ = $0.00915) and HotROD's timeline.
func TestGolden(t *testing.T) {
	for _, tt := range []struct {
		golden, input string
		draw          func([]byte, *tree.Forest, Options) []byte
		opts          Options
	}{
		{"multi_agent.tree.txt", "spanforge/multi_agent.jsonl", Tree, Options{}},
		{"multi_agent.tree.ascii.txt", "spanforge/multi_agent.jsonl", Tree, Options{ASCII: true}},
		{"multi_agent.tree.color.txt", "spanforge/multi_agent.jsonl", Tree, Options{Color: true}},
		{"http.tree.txt", "otlp-json/http-multiservice.json", Tree, Options{}},
		{"hotrod.timeline.txt", "jaeger/hotrod.json", Timeline, Options{Width: 100}},
		{"hotrod.timeline.ascii.txt", "jaeger/hotrod.json", Timeline, Options{Width: 60, ASCII: true}},
	} {
		t.Run(tt.golden, func(t *testing.T) {
			got := tt.draw(nil, forest(t, tt.input), tt.opts)
			path := filepath.Join("../../testdata/render", tt.golden)
			golden.Check(t, path, got)
		})
	}
}

func TestFormats(t *testing.T) {
	assert.Equal(t, "12,345,678", Count(12345678))
	assert.Equal(t, "-1,000", Count(-1000))
	assert.Equal(t, "999", Count(999))
	assert.Equal(t, "$0.0031", Cost(0.0031))
	assert.Equal(t, "$12.40", Cost(12.4))
	assert.Equal(t, "$4e-06", Cost(0.000004))
	assert.Equal(t, "$0", Cost(0))
}

func TestBar(t *testing.T) {
	assert.Equal(t, "██▌       ", bar(0, 2.5, 10, false))
	assert.Equal(t, "   ▏      ", bar(3, 3, 10, false), "a zero-length span still shows")
	assert.Equal(t, "     █████", bar(5, 12, 10, false), "clipped at the right edge")
	assert.Equal(t, "==        ", bar(0, 1.5, 10, true))
}

// A deep chain renders in linear time: guides stop at maxIndent.
func TestDeepChain(t *testing.T) {
	n := 20_000
	if testing.Short() { // under WASM, where the scale tests run natively
		n = 2_000
	}
	b := &model.Batch{Spans: make([]model.Span, n)}
	for i := range n {
		s := &b.Spans[i]
		s.TraceID[0] = 1
		s.ID[6], s.ID[7], s.ID[5] = byte((i+1)>>8), byte(i+1), byte((i+1)>>16)
		if i > 0 {
			s.ParentID[6], s.ParentID[7], s.ParentID[5] = byte(i>>8), byte(i), byte(i>>16)
		}
		s.Name, s.Start, s.End, s.Resource, s.Scope = "s", int64(i), int64(2*n-i), -1, -1
	}
	out := Tree(nil, tree.Build(b, tree.Options{}), Options{ASCII: true})
	assert.Less(t, len(out), n*(maxIndent*4+60))
	assert.Contains(t, string(out), fmt.Sprintf("%d spans", n))
}
