package layout

import (
	"github.com/spanlens/spanlens/core/tree"
)

// Density counts, for each of cols pixel columns across [t0, t1], how many
// spans are active in it and how many of those failed: the minimap above a
// trace view. It is O(spans + cols). Columns outside 1..MaxColumns
// (ValidateColumns) or an empty range give nil.
func Density(f *tree.Forest, t0, t1 int64, cols int) (active, errors []uint32) {
	if ValidateColumns(cols) != nil || t1 <= t0 {
		return nil, nil
	}
	da := make([]int64, cols+1)
	de := make([]int64, cols+1)
	scale := float64(cols) / SubFloat(t1, t0)
	col := func(t int64) int {
		// Clamped as a float: a far-off time does not fit an int.
		c := min(max(SubFloat(t, t0)*scale, 0), float64(cols-1))
		return int(c)
	}
	for i := range f.Start {
		s, e := f.Start[i], f.End[i]
		if e < t0 || s > t1 {
			continue
		}
		c0, c1 := col(s), col(e)
		da[c0]++
		da[c1+1]--
		if f.Flags[i]&tree.Failed != 0 {
			de[c0]++
			de[c1+1]--
		}
	}
	active, errors = make([]uint32, cols), make([]uint32, cols)
	var a, e int64
	for c := range cols {
		a += da[c]
		e += de[c]
		active[c], errors[c] = uint32(a), uint32(e)
	}
	return active, errors
}
