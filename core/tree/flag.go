package tree

import "strings"

var flagNames = [...]string{"orphan", "duplicate", "cycle-broken", "skewed", "adjusted", "failed"}

// String returns the names of the set flags joined by "|", e.g.
// "orphan|skewed", or "" when none is set.
func (f Flag) String() string {
	var b strings.Builder
	for i, name := range flagNames {
		if f&(1<<i) == 0 {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('|')
		}
		b.WriteString(name)
	}
	return b.String()
}
