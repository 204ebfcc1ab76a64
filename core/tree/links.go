package tree

// resolveLinks fills Links with one edge per span link, resolving the
// linked span through the same (trace, span id) index as parents. A link
// with a zero trace id points into its own span's trace.
func (bl *builder) resolveLinks() {
	spans := bl.b.Spans
	total := 0
	for i := range spans {
		total += len(spans[i].Links)
	}
	if total == 0 {
		return
	}
	f := bl.f
	f.Links = make([]Edge, 0, total)
	for i := range spans {
		for k := range spans[i].Links {
			l := &spans[i].Links[k]
			to := int32(-1)
			t, ok := bl.trace[i], true
			if !l.TraceID.IsZero() && l.TraceID != bl.ids[t] {
				t, ok = bl.byID[l.TraceID]
			}
			if ok {
				if j, found := bl.index[spanKey{t, l.SpanID}]; found {
					to = j
				}
			}
			f.Links = append(f.Links, Edge{From: int32(i), To: to})
		}
	}
}
