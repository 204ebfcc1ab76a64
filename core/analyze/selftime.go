package analyze

import "github.com/spanlens/spanlens/core/tree"

// SelfTimes returns, per span, the time the span spent outside all of its
// children: its duration minus the union of its children's intervals
// clipped to the span. Overlapping (async, fan-out) children are counted
// once, as Jaeger UI's compute-span-self-time does.
//
// Children are in start order in the forest, so one sweep per span merges
// their intervals; the whole pass is O(n).
func SelfTimes(f *tree.Forest) []int64 {
	self := make([]int64, len(f.Start))
	for i := range self {
		self[i] = selfTime(f, int32(i))
	}
	return self
}

// selfTime sweeps the children of s, merging their clipped intervals.
func selfTime(f *tree.Forest, s int32) int64 {
	lo, hi := f.Start[s], f.Start[s]+f.Duration(s)
	var covered int64
	// [runStart, runEnd) is the union of the children seen so far that may
	// still grow; it is flushed when a gap opens.
	runStart, runEnd := lo, lo
	for c := f.FirstChild[s]; c >= 0; c = f.NextSibling[c] {
		cs, ce := max(f.Start[c], lo), min(f.Start[c]+f.Duration(c), hi)
		if ce <= cs {
			continue
		}
		if cs > runEnd {
			covered += runEnd - runStart
			runStart, runEnd = cs, ce
			continue
		}
		runEnd = max(runEnd, ce)
	}
	covered += runEnd - runStart
	return hi - lo - covered
}
