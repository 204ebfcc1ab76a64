package tree

// breakCycles cuts every parent cycle (a span that is its own parent, or
// A→B→A and longer) so that every span leads up to a root. Each span is
// walked once: a walk climbs parents, stamping spans with its number, and
// stops at a root, at a span an earlier walk stamped (which leads to a
// root), or at its own stamp, which closes a cycle.
func (bl *builder) breakCycles() {
	parent := bl.f.Parent
	// Pos is scratch here (all zero); order fills it later.
	mark := bl.f.Pos
	for s := range parent {
		if mark[s] != 0 {
			continue
		}
		stamp := int32(s) + 1
		v := int32(s)
		for {
			mark[v] = stamp
			p := parent[v]
			if p < 0 {
				break
			}
			if mark[p] == stamp {
				bl.breakCycle(p)
				break
			}
			if mark[p] != 0 {
				break
			}
			v = p
		}
	}
	clear(mark)
}

// breakCycle makes the earliest-starting span of the cycle through v a
// root (ties go to the lower index). Start still holds the raw times.
func (bl *builder) breakCycle(v int32) {
	start, parent := bl.f.Start, bl.f.Parent
	cut := v
	for u := parent[v]; u != v; u = parent[u] {
		if start[u] < start[cut] || start[u] == start[cut] && u < cut {
			cut = u
		}
	}
	parent[cut] = -1
	bl.f.Flags[cut] |= CycleBroken
	bl.note(noteCycle, cut)
}
