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
	// Ten services on nine colours: exactly one colour is shared.
	many := AssignColors([]string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"})
	counts := map[uint8]int{}
	for _, c := range many {
		counts[c]++
	}
	assert.Len(t, counts, 9)
}

// TestPaletteDistinct: any two services may be drawn side by side (the
// colour follows the name's hash), so every pair of palette colours must
// read as different, for normal vision and under simulated colour vision
// deficiency, and every colour must stand out from its theme's background.
func TestPaletteDistinct(t *testing.T) {
	const (
		minDE     = 15  // CIEDE2000 between two colours, normal vision
		minCVD    = 10  // the same under each simulated dichromacy
		minBgDE   = 15  // CIEDE2000 between a colour and the background
		minBgCont = 1.5 // WCAG contrast ratio against the background
	)
	for _, tt := range []struct {
		theme   string
		palette []string
		bg      string
	}{
		{"light", LightPalette, "#ffffff"},
		{"dark", DarkPalette, "#0d1117"},
	} {
		t.Run(tt.theme, func(t *testing.T) {
			bg := parseHex(tt.bg)
			for i, a := range tt.palette {
				ca := parseHex(a)
				assert.GreaterOrEqual(t, contrast(ca, bg), minBgCont, "%s on %s", a, tt.bg)
				assert.GreaterOrEqual(t, deltaE2000(ca.lab(), bg.lab()), float64(minBgDE), "%s on %s", a, tt.bg)
				for _, b := range tt.palette[i+1:] {
					cb := parseHex(b)
					assert.GreaterOrEqual(t, deltaE2000(ca.lab(), cb.lab()), float64(minDE), "%s vs %s", a, b)
					for name, m := range cvd {
						assert.GreaterOrEqual(t, deltaE2000(ca.simulate(m).lab(), cb.simulate(m).lab()), float64(minCVD), "%s vs %s under %s", a, b, name)
					}
				}
			}
		})
	}
	assert.Len(t, DarkPalette, len(LightPalette))
}

// TestNeighbourServicesDistinct: the services of the samples, in legend
// order, get colours that differ from their neighbours'. The synthetic
// agent sample (core/synth) drew two of them in near-identical blues
// (#6699CC and #4477AA, CIEDE2000 12).
func TestNeighbourServicesDistinct(t *testing.T) {
	for _, svcs := range [][]string{
		{"assistant-api", "billing", "code-sandbox", "memory-store", "research-agent", "tool-gateway", "vector-store", "web-fetcher"},
		{"frontend", "customer", "driver", "mysql", "redis-manual", "route"},
		{"orders-api", "support-agent"},
		{"checkout", "email", "frontend", "payments"},
	} {
		got := AssignColors(svcs)
		for k := 1; k < len(svcs); k++ {
			for _, pal := range [][]string{LightPalette, DarkPalette} {
				a, b := parseHex(pal[got[svcs[k-1]]]), parseHex(pal[got[svcs[k]]])
				assert.GreaterOrEqual(t, deltaE2000(a.lab(), b.lab()), 15.0, "%s and %s", svcs[k-1], svcs[k])
			}
		}
	}
}

// TestDeltaE2000 checks the colour difference against pairs from Sharma,
// Wu and Dalal's CIEDE2000 test data.
func TestDeltaE2000(t *testing.T) {
	assert.InDelta(t, 2.0425, deltaE2000(lab{50, 2.6772, -79.7751}, lab{50, 0, -82.7485}), 1e-4)
	assert.InDelta(t, 27.1492, deltaE2000(lab{50, 2.5, 0}, lab{73, 25, -18}), 1e-4)
	assert.InDelta(t, 0.9082, deltaE2000(lab{2.0776, 0.0795, -1.1350}, lab{0.9033, -0.0636, -0.5514}), 1e-4)
	// Contrast of black on white is 21:1.
	assert.InDelta(t, 21, contrast(parseHex("#000000"), parseHex("#ffffff")), 1e-9)
}
