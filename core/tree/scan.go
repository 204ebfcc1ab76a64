package tree

import "github.com/spanlens/spanlens/core/model"

// hostKey is the resource attribute naming the host a span ran on.
const hostKey = "host.name"

// scan reads the spans once, in order: it numbers the traces, copies the
// raw times into Start and End, numbers processes, sets every Parent to
// -1, flags failed spans, creates one Edge per link, and returns the keys to resolve: every
// span's own id, the parent ids, and the link targets (whose at is the
// edge).
func (bl *builder) scan() (own, parents, links []keyed) {
	spans, f := bl.b.Spans, bl.f
	bl.trace = make([]int32, len(spans))
	bl.byID = make(map[model.TraceID]int32)
	bl.proc = make([]uint64, len(spans))
	bl.kind = make([]uint8, len(spans))
	own = make([]keyed, len(spans))
	parents = make([]keyed, 0, len(spans))
	hosts := bl.hostNumbers()
	services := make(map[string]uint64)
	cur, lastSvc, svc := int32(-1), "", uint64(0)
	var later [][2]int32 // edge and link number of links to traces not numbered yet
	for i := range spans {
		s := &spans[i]
		// Spans of one trace and of one service usually come together, so
		// the maps are consulted only on a change.
		if cur < 0 || bl.ids[cur] != s.TraceID {
			cur = bl.traceNumber(s.TraceID)
		}
		if i == 0 || s.Service != lastSvc {
			var ok bool
			if svc, ok = services[s.Service]; !ok {
				svc = uint64(len(services))
				services[s.Service] = svc
			}
			lastSvc = s.Service
		}
		var host uint64
		if s.Resource >= 0 && int(s.Resource) < len(hosts) {
			host = hosts[s.Resource]
		}
		bl.trace[i] = cur
		bl.proc[i] = svc<<32 | host
		bl.kind[i] = uint8(s.Kind)
		f.Start[i], f.End[i] = s.Start, s.End
		f.Parent[i] = -1
		if s.Failed() {
			f.Flags[i] = Failed
		}
		own[i] = keyed{id: s.ID, trace: cur, at: int32(i)}
		if !s.ParentID.IsZero() {
			parents = append(parents, keyed{id: s.ParentID, trace: cur, at: int32(i)})
		}
		for k := range s.Links {
			l := &s.Links[k]
			f.Links = append(f.Links, Edge{From: int32(i), To: -1})
			if followsParent(s, l) {
				bl.kind[i] |= followsParentBit
			}
			t, ok := cur, true
			if !l.TraceID.IsZero() && l.TraceID != bl.ids[cur] {
				t, ok = bl.byID[l.TraceID]
			}
			if ok {
				links = append(links, keyed{id: l.SpanID, trace: t, at: int32(len(f.Links) - 1)})
			} else {
				later = append(later, [2]int32{int32(len(f.Links) - 1), int32(k)})
			}
		}
	}
	// A link may name a trace that first appears after it, or none at all.
	for _, el := range later {
		l := &spans[f.Links[el[0]].From].Links[el[1]]
		if t, ok := bl.byID[l.TraceID]; ok {
			links = append(links, keyed{id: l.SpanID, trace: t, at: el[0]})
		}
	}
	return own, parents, links
}

// followsParentBit marks, in builder.kind, a span whose parent is a
// FOLLOWS_FROM reference.
const followsParentBit = 0x80

// followsParent reports whether link l of span s says that s follows from
// its parent: OpenTelemetry's Jaeger translator keeps a FOLLOWS_FROM
// parent reference as a link to the parent tagged model.RefTypeKey.
func followsParent(s *model.Span, l *model.Link) bool {
	if l.SpanID != s.ParentID || (!l.TraceID.IsZero() && l.TraceID != s.TraceID) {
		return false
	}
	v, ok := l.Attrs.Get(model.RefTypeKey)
	return ok && v.Str() == "follows_from"
}

// traceNumber returns the number of trace id, numbering it if new.
func (bl *builder) traceNumber(id model.TraceID) int32 {
	t, ok := bl.byID[id]
	if !ok {
		t = int32(len(bl.ids))
		bl.byID[id] = t
		bl.ids = append(bl.ids, id)
	}
	return t
}

// hostNumbers numbers the host of each resource from 1, 0 for unknown.
func (bl *builder) hostNumbers() []uint64 {
	res := bl.b.Resources
	hosts := make([]uint64, len(res))
	seen := make(map[string]uint64)
	for i := range res {
		v, ok := res[i].Attrs.Get(hostKey)
		if !ok || v.AsString() == "" {
			continue
		}
		h, ok := seen[v.AsString()]
		if !ok {
			h = uint64(len(seen) + 1)
			seen[v.AsString()] = h
		}
		hosts[i] = h
	}
	return hosts
}
