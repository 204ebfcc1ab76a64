package analyze

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// durationStats agrees with sorting and reading the nearest ranks, on
// shapes that defeat naive pivots (sorted, reversed, organ pipe, all
// equal, few distinct values) and random ones, of every small length.
func TestDurationStats(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	shapes := map[string]func(i, n int) int64{
		"sorted":   func(i, n int) int64 { return int64(i) },
		"reversed": func(i, n int) int64 { return int64(n - i) },
		"organ":    func(i, n int) int64 { return int64(min(i, n-i)) },
		"equal":    func(i, n int) int64 { return 7 },
		"few":      func(i, n int) int64 { return int64(r.IntN(3)) },
		"random":   func(i, n int) int64 { return r.Int64N(1000) - 500 },
	}
	for name, shape := range shapes {
		for _, n := range []int{1, 2, 3, 4, 5, 7, 10, 99, 100, 101, 1000, 4097} {
			d := make([]int64, n)
			for i := range d {
				d[i] = shape(i, n)
			}
			sorted := slices.Sorted(slices.Values(d))
			at := func(p int) int64 { return sorted[rank(n, p)] }
			lo, p50, p90, p99, hi := durationStats(slices.Clone(d))
			if got, want := [5]int64{lo, p50, p90, p99, hi}, [5]int64{sorted[0], at(50), at(90), at(99), sorted[n-1]}; got != want {
				t.Errorf("%s, %d values: got %v, want %v", name, n, got, want)
			}
		}
	}
	// Nearest rank, by hand: of 1..10, p50 is 5, p90 9, p99 10.
	if _, p50, p90, p99, _ := durationStats([]int64{10, 1, 9, 2, 8, 3, 7, 4, 6, 5}); p50 != 5 || p90 != 9 || p99 != 10 {
		t.Errorf("1..10: p50 %d, p90 %d, p99 %d; want 5, 9, 10", p50, p90, p99)
	}
}
