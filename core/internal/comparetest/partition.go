// Package comparetest holds a check that the tests of core/analyze and
// core/engine share: that a comparison of two traces accounts for every
// span once, whether it is an analyze.Comparison or the root package's
// copy of one.
package comparetest

import (
	"fmt"

	"github.com/spanlens/spanlens/core/tree"
)

// Partition reports whether a comparison of trace ta of fa (A) with trace
// tb of fb (B) accounts for every span once: matched pairs an A span with
// a B span, removed lists A spans and added B spans, and together they name
// each span of the two traces exactly once; spansA and spansB are the
// comparison's span totals, which must be the traces' span counts.
func Partition(fa *tree.Forest, ta int, fb *tree.Forest, tb int, matched [][2]int32, removed, added []int32, spansA, spansB int) error {
	in := func(f *tree.Forest, tr int) map[int32]bool {
		x := f.Traces[tr]
		set := map[int32]bool{}
		for _, i := range f.Order[x.First : x.First+x.Count] {
			set[i] = true
		}
		return set
	}
	sa, sb := in(fa, ta), in(fb, tb)
	seenA, seenB := map[int32]bool{}, map[int32]bool{}
	take := func(side string, set, seen map[int32]bool, i int32) error {
		if !set[i] || seen[i] {
			return fmt.Errorf("%s span %d is outside its trace or listed twice", side, i)
		}
		seen[i] = true
		return nil
	}
	for _, p := range matched {
		if err := take("A", sa, seenA, p[0]); err != nil {
			return err
		}
		if err := take("B", sb, seenB, p[1]); err != nil {
			return err
		}
	}
	for _, i := range removed {
		if err := take("A", sa, seenA, i); err != nil {
			return err
		}
	}
	for _, i := range added {
		if err := take("B", sb, seenB, i); err != nil {
			return err
		}
	}
	if len(seenA) != len(sa) || len(seenB) != len(sb) || spansA != len(sa) || spansB != len(sb) {
		return fmt.Errorf("%d of %d A spans and %d of %d B spans accounted for (totals %d, %d)", len(seenA), len(sa), len(seenB), len(sb), spansA, spansB)
	}
	return nil
}
