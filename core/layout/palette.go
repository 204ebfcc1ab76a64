package layout

import (
	"hash/fnv"
	"slices"
)

// Palette holds the service colours for one theme. Entry i of Light and
// Dark is the same hue, tuned for the background.
//
// Light is Paul Tol's "muted" qualitative scheme, which stays
// distinguishable for the common forms of colour blindness; Dark is the
// same hues lightened for a dark background. Both keep every pair of
// colours apart (CIEDE2000 ≥ 15 for normal vision, ≥ 10 under simulated
// protanopia, deuteranopia and tritanopia; palette_test.go checks it), so
// any two services drawn side by side read as different: more hues than
// these nine cannot keep that, so beyond nine services colours repeat.
var (
	LightPalette = []string{
		"#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77",
		"#CC6677", "#882255", "#AA4499",
	}
	DarkPalette = []string{
		"#8763EA", "#C3EBFC", "#20D5B8", "#25A74C", "#BDC920", "#F9DEA1",
		"#FA8296", "#DF368A", "#BC83BD",
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
