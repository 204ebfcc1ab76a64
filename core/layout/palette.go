package layout

import (
	"hash/fnv"
	"slices"
)

// Palette holds the service colours for one theme. Entry i of Light and
// Dark is the same hue, tuned for the background.
//
// The hues are Paul Tol's "muted" qualitative scheme, chosen because it
// stays distinguishable for the common forms of colour blindness.
var (
	LightPalette = []string{
		"#332288", "#117733", "#44AA99", "#88CCEE", "#DDCC77", "#CC6677",
		"#AA4499", "#882255", "#6699CC", "#999933", "#661100", "#4477AA",
	}
	DarkPalette = []string{
		"#7F6FD1", "#3DB86A", "#5FC8B6", "#A5DCF3", "#E8DA94", "#E08A99",
		"#CF72BF", "#C25585", "#8FB6E0", "#C4C45A", "#C4622E", "#7AA6D6",
	}
)

// ErrorColor marks error spans in both themes.
const ErrorColor = "#D62728"

// ColorIndex returns the preferred palette index of a service: a hash of
// its name, so a service keeps its colour across traces, sessions and front
// ends.
func ColorIndex(service string) uint8 {
	h := fnv.New32a()
	h.Write([]byte(service))
	return uint8(h.Sum32() % uint32(len(LightPalette)))
}

// AssignColors gives each service its preferred colour unless an earlier
// service (in name order) took it, in which case it takes the next free
// one; only when every colour is in use do services share. The result
// depends only on the set of services, so every front end agrees, and a
// service keeps its colour wherever it does not collide.
func AssignColors(services []string) map[string]uint8 {
	sorted := slices.Clone(services)
	slices.Sort(sorted)
	sorted = slices.Compact(sorted)
	n := len(LightPalette)
	out := make(map[string]uint8, len(sorted))
	used := make([]int, n) // services per colour
	for _, s := range sorted {
		pref := int(ColorIndex(s))
		c := pref
		for k := 1; k < n; k++ {
			if j := (pref + k) % n; used[j] < used[c] {
				c = j
			}
		}
		used[c]++
		out[s] = uint8(c)
	}
	return out
}
