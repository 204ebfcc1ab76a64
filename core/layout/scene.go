package layout

import (
	"github.com/spanlens/spanlens/core/tree"
)

// Scene holds what every layout of a forest needs per span: its palette
// colour and base flags. Build it once per document.
type Scene struct {
	Forest *tree.Forest
	Color  []uint8 // palette index (by service)
	Base   []uint8 // FlagError where the span failed
	// Services maps each service to its palette index (AssignColors).
	Services map[string]uint8
}

// NewScene prepares f for layout.
func NewScene(f *tree.Forest) *Scene {
	n := len(f.Parent)
	s := &Scene{Forest: f, Color: make([]uint8, n), Base: make([]uint8, n)}
	seen := map[string]bool{}
	var names []string
	for i := range f.Batch.Spans {
		if svc := f.Batch.Spans[i].Service; !seen[svc] {
			seen[svc] = true
			names = append(names, svc)
		}
	}
	s.Services = AssignColors(names)
	for i := range f.Batch.Spans {
		sp := &f.Batch.Spans[i]
		s.Color[i] = s.Services[sp.Service]
		if f.Flags[i]&tree.Failed != 0 {
			s.Base[i] = FlagError
		}
	}
	return s
}

// Marks are per-request highlights. Slices are indexed by span and may be
// nil.
type Marks struct {
	Selected int32  // -1 for none
	Critical []bool // on the critical path
	Match    []bool // matched by the current search
}

// flags returns span i's flags under m.
func (s *Scene) flags(i int32, m *Marks) uint8 {
	fl := s.Base[i]
	if i == m.Selected {
		fl |= FlagSelected
	}
	if m.Critical != nil && m.Critical[i] {
		fl |= FlagCritical
	}
	if m.Match != nil && m.Match[i] {
		fl |= FlagMatch
	}
	return fl
}
