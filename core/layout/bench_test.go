package layout_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/spanlens/spanlens/core/layout"
	"github.com/spanlens/spanlens/core/synth"
	"github.com/spanlens/spanlens/core/tree"
)

var layoutSizes = []int{10_000, 100_000, 1_000_000}

var (
	scenesMu sync.Mutex
	scenes   = map[int]*layout.Scene{}
)

// benchScene is one generated trace of n spans (balanced request tree, 2%
// errors) ready for layout, built once per process: a single huge trace is
// the worst case for both views.
func benchScene(b *testing.B, n int) *layout.Scene {
	b.Helper()
	if n >= 1_000_000 && testing.Short() {
		b.Skip("1M spans under -short")
	}
	scenesMu.Lock()
	defer scenesMu.Unlock()
	if s, ok := scenes[n]; ok {
		return s
	}
	batch := synth.Generate(synth.Config{Seed: 1, Spans: n, Shape: synth.Balanced, ErrorEvery: 50})
	s := layout.NewScene(tree.Build(batch, tree.Options{}))
	scenes[n] = s
	return s
}

// bounds is the trace's whole time range.
func bounds(s *layout.Scene) layout.View {
	f := s.Forest
	lo, hi := f.Start[0], f.End[0]
	for i := range f.Start {
		lo, hi = min(lo, f.Start[i]), max(hi, f.End[i])
	}
	return layout.NewView(lo, hi)
}

// zoomed is the middle 1% of v.
func zoomed(v layout.View) layout.View {
	mid, d := v.T0+v.Span()/2, v.Span()/200
	v.T0, v.T1 = mid-d, mid+d
	return v
}

func reportBars(b *testing.B, bars *layout.Bars) {
	b.ReportMetric(float64(bars.Len()), "bars/op")
}

// BenchmarkWaterfallViewport lays out one screen (60 rows of 1,600 px) in
// the middle of the trace's rows, over the whole time range and zoomed to
// 1% of it. The rows are built once per trace and collapse state
// (BenchmarkNewWaterfall).
func BenchmarkWaterfallViewport(b *testing.B) {
	for _, n := range layoutSizes {
		for _, zoom := range []bool{false, true} {
			b.Run(fmt.Sprintf("spans=%d/zoom=%v", n, zoom), func(b *testing.B) {
				s := benchScene(b, n)
				w := layout.NewWaterfall(s, 0, nil)
				v := bounds(s)
				if zoom {
					v = zoomed(v)
				}
				vp := layout.Viewport{Width: 1600, FirstRow: len(w.Rows) / 2, Rows: 60}
				b.ReportAllocs()
				var bars *layout.Bars
				for b.Loop() {
					bars = w.Layout(v, vp, layout.Marks{Selected: -1})
				}
				reportBars(b, bars)
			})
		}
	}
}

// BenchmarkFlameViewport lays out the flame chart across 1,600 px, over the
// whole time range (where most spans merge into dense blocks) and zoomed to
// 1% of it, for one screen of 50 lanes from the top and for every lane
// (overlapping siblings make hundreds at 1M spans). The lanes are built
// once per document (BenchmarkNewFlame).
func BenchmarkFlameViewport(b *testing.B) {
	for _, n := range layoutSizes {
		for _, zoom := range []bool{false, true} {
			for _, all := range []bool{false, true} {
				lanes := "50"
				if all {
					lanes = "all"
				}
				b.Run(fmt.Sprintf("spans=%d/zoom=%v/lanes=%s", n, zoom, lanes), func(b *testing.B) {
					s := benchScene(b, n)
					fl := layout.NewFlame(s, -1)
					v := bounds(s)
					if zoom {
						v = zoomed(v)
					}
					vp := layout.Viewport{Width: 1600, Rows: 50}
					if all {
						vp.Rows = fl.Lanes()
					}
					b.ReportAllocs()
					var bars *layout.Bars
					for b.Loop() {
						bars = fl.Layout(v, vp, layout.Marks{Selected: -1})
					}
					reportBars(b, bars)
					b.ReportMetric(float64(min(vp.Rows, fl.Lanes())), "lanes")
				})
			}
		}
	}
}

// BenchmarkNewScene is the per-document preparation: colours and error
// flags per span.
func BenchmarkNewScene(b *testing.B) {
	for _, n := range layoutSizes {
		b.Run(fmt.Sprintf("spans=%d", n), func(b *testing.B) {
			f := benchScene(b, n).Forest
			b.ReportAllocs()
			for b.Loop() {
				layout.NewScene(f)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/span")
		})
	}
}

// BenchmarkNewFlame packs every span into lanes, once per document.
func BenchmarkNewFlame(b *testing.B) {
	for _, n := range layoutSizes {
		b.Run(fmt.Sprintf("spans=%d", n), func(b *testing.B) {
			s := benchScene(b, n)
			b.ReportAllocs()
			for b.Loop() {
				layout.NewFlame(s, -1)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/span")
		})
	}
}

// BenchmarkNewWaterfall lists the visible rows, once per trace and
// collapse state.
func BenchmarkNewWaterfall(b *testing.B) {
	for _, n := range layoutSizes {
		b.Run(fmt.Sprintf("spans=%d", n), func(b *testing.B) {
			s := benchScene(b, n)
			b.ReportAllocs()
			for b.Loop() {
				layout.NewWaterfall(s, 0, nil)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/span")
		})
	}
}
