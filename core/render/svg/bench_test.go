package svg_test

import (
	"testing"

	"github.com/spanlens/spanlens/core/layout"
	"github.com/spanlens/spanlens/core/render/svg"
	"github.com/spanlens/spanlens/core/synth"
	"github.com/spanlens/spanlens/core/tree"
)

// BenchmarkSVG draws one generated trace of 100,000 spans (an agent run
// with its tool calls, 2% errors) in each view and reports the document's
// size (svg-B): the waterfall stops at MaxRows rows and the flame chart
// merges sub-pixel bars, so the size stays bounded by the picture.
func BenchmarkSVG(b *testing.B) {
	batch := synth.Generate(synth.Config{Seed: 1, Spans: 100_000, Shape: synth.AgentLoop, EventsEvery: 20, ErrorEvery: 50})
	scene := layout.NewScene(tree.Build(batch, tree.Options{}))
	for _, view := range []string{"waterfall", "flame"} {
		b.Run(view, func(b *testing.B) {
			opts := svg.Options{View: view, Trace: 0}
			b.ReportAllocs()
			var out []byte
			for b.Loop() {
				var err error
				if out, err = svg.Append(out[:0], scene, opts); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(out)), "svg-B")
		})
	}
}
