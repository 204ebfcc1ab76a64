package layout

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestAssignColors(t *testing.T) {
	svcs := []string{"frontend", "customer", "driver", "mysql", "redis-manual", "route"}
	got := AssignColors(svcs)
	assert.Len(t, got, 6)
	seen := map[uint8]string{}
	for s, c := range got {
		assert.NotContains(t, seen, c, "%s and %s share a colour", s, seen[c])
		seen[c] = s
	}
	// The first service in name order always gets its preferred colour,
	// and the assignment depends only on the set, not the order.
	assert.Equal(t, ColorIndex("customer"), got["customer"])
	assert.Equal(t, got, AssignColors([]string{"route", "mysql", "route", "driver", "customer", "redis-manual", "frontend"}))
	// Thirteen services on twelve colours: exactly one colour is shared.
	many := AssignColors([]string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m"})
	counts := map[uint8]int{}
	for _, c := range many {
		counts[c]++
	}
	assert.Len(t, counts, 12)
}
