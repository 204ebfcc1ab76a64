package svg

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spanlens/spanlens/core/analyze"
	"github.com/spanlens/spanlens/core/ingest"
	"github.com/spanlens/spanlens/core/layout"
	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/core/tree"
	"github.com/spanlens/spanlens/internal/golden"
)

func scene(t *testing.T, path string) *layout.Scene {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("../../../testdata", path))
	require.NoError(t, err)
	b, err := ingest.Decode(data, ingest.Options{})
	require.NoError(t, err)
	return layout.NewScene(tree.Build(b, tree.Options{}))
}

// rolled returns the rolled-up usage of every span of s, for a metric
// flame.
func rolled(s *layout.Scene) []analyze.Usage {
	return analyze.Rollup(s.Forest, analyze.Usages(s.Forest.Batch, analyze.DefaultPrices()))
}

// TestGolden compares drawings of sample traces with SVGs that were
// rendered to PNG and looked at (testdata/svg/*.svg): an agent, Node's
// trace events (a band per thread, from the first span that lasts), and
// an agent with two services in the light theme.
func TestGolden(t *testing.T) {
	agent := scene(t, "otlp-json/genai-agent.json")
	node := scene(t, "chrome/node-fs-timers.json")
	support := scene(t, "otlp-proto/agent.pb")
	for _, tt := range []struct {
		name string
		s    *layout.Scene
		opts Options
	}{
		{"agent-waterfall-light", agent, Options{Width: 1000, Trace: 0}},
		{"agent-flame-dark", agent, Options{Width: 1000, Trace: 0, View: "flame", Theme: "dark"}},
		{"agent-cost-flame-light", agent, Options{Width: 1000, Trace: 0, View: "flame", Metric: "cost", Usage: rolled(agent)}},
		{"node-fs-flame-dark", node, Options{Width: 1200, Trace: 0, View: "flame", Theme: "dark"}},
		{"support-agent-waterfall-light", support, Options{Width: 1000, Trace: 0}},
		{"support-agent-flame-dark", support, Options{Width: 1000, Trace: 0, View: "flame", Theme: "dark"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Append(nil, tt.s, tt.opts)
			require.NoError(t, err)
			golden.Check(t, filepath.Join("../../../testdata/svg", tt.name+".svg"), got)
		})
	}
}

func TestEscapesUserText(t *testing.T) {
	b := &model.Batch{Spans: []model.Span{{Name: `<script>alert("x")</script> & co` + "\x01", Service: "a&b", Start: 0, End: 10, Resource: -1, Scope: -1}}}
	b.Spans[0].TraceID[0], b.Spans[0].ID[0] = 1, 1
	out, err := Append(nil, layout.NewScene(tree.Build(b, tree.Options{})), Options{Trace: 0})
	require.NoError(t, err)
	s := string(out)
	assert.NotContains(t, s, "<script>")
	assert.Contains(t, s, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co\uFFFD")
	assert.Contains(t, s, ">a&amp;b</text>")
}

func TestBoundedBySize(t *testing.T) {
	// 20,000 sequential children under one root: the waterfall stops at
	// MaxRows and the flame merges the children into dense blocks.
	n := int64(20_000)
	if testing.Short() { // under WASM, where the scale tests run natively
		n = 4_000
	}
	b := &model.Batch{}
	root := model.Span{Name: "root", Service: "svc", Start: 0, End: n * 1000, Resource: -1, Scope: -1}
	root.TraceID[0], root.ID[7] = 1, 1
	b.Spans = append(b.Spans, root)
	for k := int64(0); k < n; k++ {
		c := model.Span{Name: "child", Service: "svc", Start: k * 1000, End: k*1000 + 500, Resource: -1, Scope: -1}
		c.TraceID[0] = 1
		c.ID[0], c.ID[6], c.ID[7] = 2, byte(k>>8), byte(k)
		c.ID[5] = byte(k >> 16)
		c.ParentID[7] = 1
		b.Spans = append(b.Spans, c)
	}
	s := layout.NewScene(tree.Build(b, tree.Options{}))
	wf, err := Append(nil, s, Options{Width: 800, Trace: 0, MaxRows: 100})
	require.NoError(t, err)
	assert.Contains(t, string(wf), fmt.Sprintf("… %d more spans not drawn", n+1-100))
	assert.Equal(t, 100, strings.Count(string(wf), "<rect x=")-strings.Count(string(wf), `fill-opacity="0.35"`)-strings.Count(string(wf), `width="10" height="10"`))
	fl, err := Append(nil, s, Options{Width: 800, Trace: 0, View: "flame"})
	require.NoError(t, err)
	assert.Less(t, len(fl), 20_000, "flame SVG of %d spans stays small: %d bytes", n, len(fl))
	assert.Contains(t, string(fl), "spans</title>")
}

// oneSpan is one span.
func oneSpan() *layout.Scene {
	b := &model.Batch{Spans: []model.Span{{Name: "a", Service: "s", Start: 1, End: 2, Resource: -1, Scope: -1}}}
	b.Spans[0].TraceID[0], b.Spans[0].ID[0] = 1, 1
	return layout.NewScene(tree.Build(b, tree.Options{}))
}

func TestBadOptions(t *testing.T) {
	s := layout.NewScene(tree.Build(&model.Batch{}, tree.Options{}))
	_, err := Append(nil, s, Options{View: "pie", Trace: -1})
	assert.EqualError(t, err, `svg: unknown view "pie" (want waterfall or flame)`)
	_, err = Append(nil, s, Options{Theme: "neon", Trace: -1})
	assert.EqualError(t, err, `svg: unknown theme "neon" (want light or dark)`)
	_, err = Append(nil, s, Options{Trace: 3})
	assert.EqualError(t, err, `svg: trace 3 out of range (have 0)`)
	_, err = Append(nil, s, Options{Metric: "money", View: "flame", Trace: -1})
	assert.EqualError(t, err, `svg: layout: unknown metric "money" (want time, tokens or cost)`)
	_, err = Append(nil, s, Options{Metric: "cost", Trace: -1})
	assert.EqualError(t, err, `svg: metric cost needs the flame view (view "waterfall")`)
	_, err = Append(nil, oneSpan(), Options{Metric: "tokens", View: "flame", Trace: -1})
	assert.EqualError(t, err, `svg: metric tokens needs the usage of each span (have 0 of 1 spans)`)
}

// TestBarsNameTheirSpan checks that each bar's group carries the index of
// its span (and a merged block its span count), so that a page can show
// a span's details on hover without parsing the tooltip text.
func TestBarsNameTheirSpan(t *testing.T) {
	// Spans stored out of drawing order: rows are root (1), early (2),
	// late (0).
	b := &model.Batch{Spans: []model.Span{
		{Name: "late", Service: "svc", Start: 50, End: 90, Resource: -1, Scope: -1},
		{Name: "root", Service: "svc", Start: 0, End: 100, Resource: -1, Scope: -1},
		{Name: "early", Service: "svc", Start: 10, End: 40, Resource: -1, Scope: -1},
	}}
	for i := range b.Spans {
		b.Spans[i].TraceID[0] = 1
		b.Spans[i].ID[0] = byte(i + 1)
		if i != 1 {
			b.Spans[i].ParentID[0] = 2
		}
	}
	s := layout.NewScene(tree.Build(b, tree.Options{}))
	out, err := Append(nil, s, Options{Trace: 0})
	require.NoError(t, err)
	wf := string(out)
	assert.Equal(t, 3, strings.Count(wf, "<g "))
	root, early, late := strings.Index(wf, `<g data-span="1"><title>svc: root (`), strings.Index(wf, `<g data-span="2"><title>svc: early (`), strings.Index(wf, `<g data-span="0"><title>svc: late (`)
	assert.True(t, root >= 0 && early > root && late > early, "bars in row order root, early, late: at %d, %d, %d", root, early, late)

	// 3,000 children of 1 ns under a 3 µs root, 800 px wide: the flame
	// merges them, and a merged block says how many spans it holds.
	n := 3000
	b = &model.Batch{Spans: []model.Span{{Name: "root", Service: "svc", Start: 0, End: int64(n), Resource: -1, Scope: -1}}}
	b.Spans[0].TraceID[0], b.Spans[0].ID[7] = 1, 1
	for k := range n {
		c := model.Span{Name: "child", Service: "svc", Start: int64(k), End: int64(k) + 1, Resource: -1, Scope: -1}
		c.TraceID[0], c.ID[0], c.ID[6], c.ID[7], c.ParentID[7] = 1, 2, byte(k>>8), byte(k), 1
		b.Spans = append(b.Spans, c)
	}
	out, err = Append(nil, layout.NewScene(tree.Build(b, tree.Options{})), Options{Width: 800, Trace: 0, View: "flame"})
	require.NoError(t, err)
	fl := string(out)
	assert.Equal(t, strings.Count(fl, "<g "), strings.Count(fl, "<g data-span="), "every bar names a span")
	assert.Contains(t, fl, `<g data-span="0"><title>svc: root (`)
	merged := strings.Count(fl, ` spans</title>`)
	assert.Positive(t, merged)
	assert.Equal(t, merged, strings.Count(fl, `" data-count="`), "every merged block counts its spans")
}

// The label colour on a flame bar: dark on light fills, white on dark ones
// and on anything that is not "#rrggbb" (luminances worked by hand).
func TestLabelOn(t *testing.T) {
	for _, c := range []struct{ fill, want string }{
		{"#ffffff", "#111111"}, // 255
		{"#000000", "#ffffff"}, // 0
		{"#969696", "#ffffff"}, // 150: not above
		{"#979797", "#111111"}, // 151
		{"#00ff00", "#111111"}, // 0.7152·255 = 182.4
		{"#ff0000", "#ffffff"}, // 0.2126·255 = 54.2
		{"#FFFF00", "#111111"}, // 236.5, upper case
		{"#fff", "#ffffff"},    // not #rrggbb: read as black
		{"ffffff", "#ffffff"},
		{"#ffgfff", "#ffffff"}, // a bad pair reads 0: 0.2126·255+0.0722·255 = 72.6
		{"#ff00ff", "#ffffff"}, // the same, well formed
		{"#00ffff", "#111111"}, // 0.7152·255+0.0722·255 = 200.8
		{"", "#ffffff"},
	} {
		if got := labelOn(c.fill); got != c.want {
			t.Errorf("labelOn(%q) = %s, want %s", c.fill, got, c.want)
		}
	}
}
