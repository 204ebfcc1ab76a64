package tree

// resolveParents fills Parent from the (trace, parent id) of each span,
// flagging later spans that repeat an id (Duplicate) and spans whose parent
// is not in the batch (Orphan).
func (bl *builder) resolveParents() {
	spans, f := bl.b.Spans, bl.f
	bl.index = make(map[spanKey]int32, len(spans))
	for i := range spans {
		k := spanKey{bl.trace[i], spans[i].ID}
		if _, dup := bl.index[k]; dup {
			f.Flags[i] |= Duplicate
			bl.note(noteDuplicate, int32(i))
			continue
		}
		bl.index[k] = int32(i)
	}
	for i := range spans {
		f.Parent[i] = -1
		pid := spans[i].ParentID
		if pid.IsZero() {
			continue
		}
		p, ok := bl.index[spanKey{bl.trace[i], pid}]
		if !ok {
			f.Flags[i] |= Orphan
			bl.note(noteOrphan, int32(i))
			continue
		}
		f.Parent[i] = p
	}
}

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
// root (ties go to the lower index).
func (bl *builder) breakCycle(v int32) {
	spans, parent := bl.b.Spans, bl.f.Parent
	cut := v
	for u := parent[v]; u != v; u = parent[u] {
		if s, c := spans[u].Start, spans[cut].Start; s < c || s == c && u < cut {
			cut = u
		}
	}
	parent[cut] = -1
	bl.f.Flags[cut] |= CycleBroken
	bl.note(noteCycle, cut)
}
