package tree

import "github.com/spanlens/spanlens/core/model"

// sameProcess reports whether spans a and b read the same clock: same
// service and, when both resources name their host, the same host. Only a
// process change can show clock skew; within one process a child outside
// its parent is real (asynchronous work), not skew. Two spans without a
// service count as one process: agent SDKs often set none, and their
// background tasks routinely outlive the span that started them.
func (bl *builder) sameProcess(a, b int32) bool {
	pa, pb := bl.proc[a], bl.proc[b]
	if pa>>32 != pb>>32 {
		return false
	}
	ha, hb := uint32(pa), uint32(pb)
	return ha == 0 || hb == 0 || ha == hb
}

// async reports whether span v runs asynchronously from its parent p: a
// consumer, a child of a producer, or a span that follows from its parent.
// Such a child may start or end anywhere relative to its parent, so it is
// not judged for skew; Jaeger's adjuster and Zipkin Lens judge only
// synchronous calls (Lens only a server under its client).
func (bl *builder) async(v, p int32) bool {
	kv, kp := bl.kind[v], bl.kind[p]
	return kv&followsParentBit != 0 ||
		model.SpanKind(kv&^followsParentBit) == model.KindConsumer ||
		model.SpanKind(kp&^followsParentBit) == model.KindProducer
}

// skew judges span v, with raw times [start, end], against its placed
// parent p on another process. A skewed span is flagged and recorded; skew
// returns the shift to apply, which is the skew's delta with
// Options.AdjustSkew and 0 without.
func (bl *builder) skew(v, p int32, start, end int64) int64 {
	delta, skewed := skewDelta(bl.f.Start[p], bl.f.End[p], start, end)
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
	pd, cd := model.SatSub(pe, ps), model.SatSub(ce, cs)
	if cd > pd {
		if cs < ps {
			return model.SatSub(ps, cs), true
		}
		return 0, false
	}
	if cs >= ps && ce <= pe {
		return 0, false
	}
	return model.SatSub(model.SatAdd(ps, (pd-cd)/2), cs), true
}
