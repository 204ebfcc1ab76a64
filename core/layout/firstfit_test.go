package layout

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/core/tree"
)

// TestFirstFit checks firstFit against the scan it replaces, over tracks
// of up to a few hundred lanes (through several growths), with starts
// drawn from a small range so that lanes are often full, and MaxInt64.
func TestFirstFit(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var f firstFit
	for track := range 200 {
		f.reset()
		for i := 1; i < len(f.ends); i++ {
			if f.ends[i] != math.MaxInt64 {
				t.Fatalf("track %d: after reset, node %d holds %d", track, i, f.ends[i])
			}
		}
		var ends []int64
		for range rng.IntN(600) {
			from := rng.IntN(len(ends) + 1)
			start := rng.Int64N(100)
			if rng.IntN(50) == 0 {
				start = math.MaxInt64
			}
			want := from
			for want < len(ends) && ends[want] > start {
				want++
			}
			got := f.find(from, start)
			require.Equal(t, want, got, "track %d, lanes %d, from %d, start %d", track, len(ends), from, start)
			end := start + rng.Int64N(100)
			if start == math.MaxInt64 {
				end = start
			}
			if got == len(ends) {
				ends = append(ends, 0)
			}
			ends[got] = end
			f.set(got, end)
			require.Equal(t, len(ends), f.n)
		}
	}
}

// TestFlameWideFanOut: n children that all overlap take a lane each
// under their parent, and children that follow one another share one.
// Packing scanned the lanes for each span: at 80,000 such children a
// flame took 5.6 s.
func TestFlameWideFanOut(t *testing.T) {
	n := 100_000
	if testing.Short() {
		n = 10_000
	}
	spans := []model.Span{span(1, 0, 0, 100, "api")}
	for k := range n {
		spans = append(spans, span(uint64(k+2), 1, 10, 20, "api"))
	}
	// Three after them, in the first two lanes freed at 20.
	spans = append(spans, span(uint64(n+2), 1, 20, 30, "api"), span(uint64(n+3), 1, 25, 40, "api"), span(uint64(n+4), 1, 30, 50, "api"))
	fl := NewFlame(NewScene(tree.Build(&model.Batch{Spans: spans}, tree.Options{})), 0)
	require.Equal(t, []Track{{Label: "api", FirstLane: 0, Lanes: int32(n + 1)}}, fl.Tracks())
	for k := range n {
		if fl.Lane[k+1] != int32(k+1) {
			t.Fatalf("child %d is in lane %d, want %d", k, fl.Lane[k+1], k+1)
		}
	}
	assert.Equal(t, []int32{1, 2, 1}, fl.Lane[n+1:n+4])
}

// TestFlameWideThenNarrow: tracks after a wide one start from empty lanes.
// Resetting the lanes' tree once cleared all of it for each track: the
// wide track below and 20,000 one-span traces after it took 4.2 s.
func TestFlameWideThenNarrow(t *testing.T) {
	wide, narrow := 100_000, 20_000
	if testing.Short() {
		wide, narrow = 10_000, 2_000
	}
	spans := []model.Span{span(1, 0, 0, 100, "api")}
	for k := range wide {
		spans = append(spans, span(uint64(k+2), 1, 10, 20, "api"))
	}
	for k := range narrow {
		s := span(uint64(wide+10+k), 0, 0, 1, "api")
		s.TraceID[0], s.TraceID[1] = byte(k>>8)+1, byte(k)
		spans = append(spans, s)
	}
	fl := NewFlame(NewScene(tree.Build(&model.Batch{Spans: spans}, tree.Options{})), -1)
	tracks := fl.Tracks()
	require.Len(t, tracks, narrow+1)
	lanes := map[int32]int{}
	for _, tr := range tracks {
		lanes[tr.Lanes]++
	}
	assert.Equal(t, map[int32]int{int32(wide + 1): 1, 1: narrow}, lanes)
	for i := wide + 1; i < len(spans); i++ {
		if tr := trackOf(tracks, fl.Lane[i]); tr.Lanes != 1 || fl.Lane[i] != tr.FirstLane {
			t.Fatalf("span %d is in lane %d of track %+v", i, fl.Lane[i], tr)
		}
	}
}

// trackOf returns the track that holds lane r.
func trackOf(tracks []Track, r int32) Track {
	for _, tr := range tracks {
		if r >= tr.FirstLane && r < tr.FirstLane+tr.Lanes {
			return tr
		}
	}
	return Track{}
}
