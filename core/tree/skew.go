package tree

// hostKey is the resource attribute naming the host a span ran on.
const hostKey = "host.name"

// sameProcess reports whether spans a and b read the same clock: same
// service and, when both resources name their host, the same host. Only a
// process change can show clock skew; within one process a child outside
// its parent is real (asynchronous work), not skew. Two spans without a
// service count as one process: agent SDKs often set none, and their
// background tasks routinely outlive the span that started them.
func (bl *builder) sameProcess(a, b int32) bool {
	sa, sb := &bl.b.Spans[a], &bl.b.Spans[b]
	if sa.Service != sb.Service {
		return false
	}
	ha, hb := bl.host(sa.Resource), bl.host(sb.Resource)
	return ha == "" || hb == "" || ha == hb
}

// host returns the host name of resource r, or "".
func (bl *builder) host(r int32) string {
	res := bl.b.Resources
	if r < 0 || int(r) >= len(res) {
		return ""
	}
	if bl.hosts == nil {
		bl.hosts = make([]string, len(res))
		for i := range res {
			if v, ok := res[i].Attrs.Get(hostKey); ok {
				bl.hosts[i] = v.AsString()
			}
		}
	}
	return bl.hosts[r]
}

// skew judges span v against its placed parent p on another process. A
// skewed span is flagged and recorded; skew returns the shift to apply,
// which is the skew's delta with Options.AdjustSkew and 0 without.
func (bl *builder) skew(v, p int32) int64 {
	s := &bl.b.Spans[v]
	delta, skewed := skewDelta(bl.f.Start[p], bl.f.End[p], s.Start, max(s.End, s.Start))
	if !skewed {
		return 0
	}
	f := bl.f
	f.Flags[v] |= Skewed
	f.Skews = append(f.Skews, Skew{Span: v, Delta: delta, Adjusted: bl.opts.AdjustSkew})
	bl.note(noteSkew, v)
	if !bl.opts.AdjustSkew {
		return 0
	}
	return delta
}

// skewDelta decides whether a child [cs, ce] on another process than its
// parent [ps, pe] is skewed and returns the shift that best places it
// inside the parent, as Jaeger's adjuster does:
//
//   - a child longer than its parent cannot fit: if it starts first it moves
//     to start with the parent; if it starts inside the parent it is taken
//     as work that outlived its caller (asynchronous, or the caller timed
//     out), not as skew;
//   - otherwise a child sticking out on either side is centred in the
//     parent, assuming the network latency splits evenly between request
//     and response.
func skewDelta(ps, pe, cs, ce int64) (delta int64, skewed bool) {
	pd, cd := pe-ps, ce-cs
	if cd > pd {
		if cs < ps {
			return ps - cs, true
		}
		return 0, false
	}
	if cs >= ps && ce <= pe {
		return 0, false
	}
	return ps + (pd-cd)/2 - cs, true
}
