package layout

import "math"

// firstFit holds the end of the last span placed in each lane of a track
// and finds the lane a span is packed into: the first at or after a given
// lane whose last span ends by the span's start. A scan over the lanes
// made packing quadratic in the lanes, which overlapping siblings (a
// fan-out of n async calls) make n of; a tree of the lanes' minimum ends
// answers in O(log lanes).
type firstFit struct {
	n    int     // lanes
	ends []int64 // a heap-ordered min tree: ends[1] the root, leaves from len(ends)/2
}

// reset empties f for a new track. Only the leaves of the lanes used and
// their ancestors were written: clearing those alone keeps a run of small
// tracks after a wide one from clearing the wide one's tree each time.
func (f *firstFit) reset() {
	lo, hi := len(f.ends)/2, len(f.ends)/2+f.n
	for ; lo > 0 && lo < hi; lo, hi = lo/2, (hi+1)/2 {
		for i := lo; i < hi; i++ {
			f.ends[i] = math.MaxInt64
		}
	}
	f.n = 0
}

// find returns the first lane r >= from whose end is at most start, or
// f.n when there is none (a new lane).
func (f *firstFit) find(from int, start int64) int {
	if from >= f.n {
		return f.n
	}
	leaves := len(f.ends) / 2
	// Climb from the leaf before from until a right sibling holds an end
	// at most start, then descend into its leftmost such leaf.
	i := leaves + from
	if f.ends[i] <= start {
		return from
	}
	for {
		for i&1 == 1 { // a right child: its right neighbours are elsewhere
			i >>= 1
		}
		if i == 0 {
			return f.n
		}
		i++ // the right sibling
		if f.ends[i] <= start {
			break
		}
	}
	for i < leaves {
		if i *= 2; f.ends[i] > start {
			i++
		}
	}
	// Unused leaves hold MaxInt64, which a start of MaxInt64 would take.
	return min(i-leaves, f.n)
}

// set records end as lane r's, r <= f.n (f.n adds a lane).
func (f *firstFit) set(r int, end int64) {
	if r == f.n {
		f.n++
		if f.n > len(f.ends)/2 {
			f.grow()
		}
	}
	i := len(f.ends)/2 + r
	f.ends[i] = end
	for i >>= 1; i > 0; i >>= 1 {
		f.ends[i] = min(f.ends[2*i], f.ends[2*i+1])
	}
}

// grow doubles the leaves, keeping the lanes' ends.
func (f *firstFit) grow() {
	old := f.ends
	leaves := max(len(old), 8) // twice the old leaves
	f.ends = make([]int64, 2*leaves)
	for i := range f.ends {
		f.ends[i] = math.MaxInt64
	}
	copy(f.ends[leaves:], old[len(old)/2:])
	for i := leaves - 1; i > 0; i-- {
		f.ends[i] = min(f.ends[2*i], f.ends[2*i+1])
	}
}
