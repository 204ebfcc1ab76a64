package analyze

import (
	"math/bits"
	"slices"
)

// durationStats returns the minimum, the nearest-rank 50th, 90th and 99th
// percentiles and the maximum of d (not empty), reordering d. Selection,
// not a sort: a grouping's durations need only these five order
// statistics, and sorting each group's run for each of Summarize's four
// groupings took a third of its time in WebAssembly.
func durationStats(d []int64) (lo, p50, p90, p99, hi int64) {
	lo, hi = d[0], d[0]
	for _, v := range d[1:] {
		lo, hi = min(lo, v), max(hi, v)
	}
	r50, r90, r99 := rank(len(d), 50), rank(len(d), 90), rank(len(d), 99)
	selectNth(d, r50)
	selectNth(d[r50+1:], r90-r50-1)
	selectNth(d[r90+1:], r99-r90-1)
	return lo, d[r50], d[r90], d[r99], hi
}

// rank is the 0-based index of the nearest-rank p-th percentile of n
// sorted values: the smallest with at least p% of them at or below it.
func rank(n, p int) int {
	r := (p*n + 99) / 100 // ceil(p/100 × n)
	return max(r, 1) - 1
}

// selectNth reorders d so that d[k] holds the value a sort would put
// there, with no larger value before it and no smaller one after (Hoare's
// selection, median-of-three pivots). Past a budget of partitions (input
// shaped to defeat the pivots) it sorts what is left, so it never costs
// much more than a sort. k outside d does nothing.
func selectNth(d []int64, k int) {
	if k < 0 || k >= len(d) {
		return
	}
	lo, hi := 0, len(d)-1
	for budget := 2 * bits.Len(uint(len(d))); lo < hi; budget-- {
		if budget == 0 {
			slices.Sort(d[lo : hi+1])
			return
		}
		m := lo + (hi-lo)/2
		if d[m] < d[lo] {
			d[m], d[lo] = d[lo], d[m]
		}
		if d[hi] < d[lo] {
			d[hi], d[lo] = d[lo], d[hi]
		}
		if d[hi] < d[m] {
			d[hi], d[m] = d[m], d[hi]
		}
		p := d[m]
		i, j := lo, hi
		for i <= j {
			for d[i] < p {
				i++
			}
			for d[j] > p {
				j--
			}
			if i <= j {
				d[i], d[j] = d[j], d[i]
				i++
				j--
			}
		}
		// d[lo..j] <= p <= d[i..hi], and what lies between equals p.
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return
		}
	}
}
