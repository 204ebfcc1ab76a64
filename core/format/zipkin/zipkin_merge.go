package zipkin

import (
	"cmp"
	"encoding/hex"
	"slices"
	"strconv"

	"github.com/spanlens/spanlens/core/model"
)

// This file turns Zipkin pieces into spans. Zipkin lets one span arrive in
// several pieces with the same id, and lets an RPC server reuse its
// client's span id (B3's shared spans). Zipkin Lens sorts these out in
// span-cleaner.js (mergeV2ById) and span-node.js; we follow its rules but
// express the result as parent links:
//
//   - Pieces with the same trace and span id, on the same side (client or
//     server) and with compatible local endpoints are parts of one span and
//     are merged: the first name, kind, parent, timestamp and duration
//     found win, tags are united (later values win), and annotations are
//     united, deduplicated and sorted by time.
//   - A server half is a piece marked shared (unless it is a CLIENT or
//     PRODUCER), or a SERVER or CONSUMER piece next to a CLIENT or PRODUCER
//     one with the same id, as Lens backfills a missing shared flag. It
//     becomes a span of its own, id model.HashSpanID("<id>/server"), whose
//     parent is the client half.
//   - Spans whose parentId names a shared id were started while serving,
//     so they become children of the server half, unless they run in the
//     client's service and not in any server half's.
//   - Pieces with no kind and no shared flag (late annotations, say) join
//     the half of the same service, else the client half.
//   - A half with no timestamp folds into a half with one (see
//     foldIncomplete); two spans remain only when both halves have times.
//   - A shared span whose client never arrived keeps its id and parentId.
//
// Pieces of one class (see sameClass) are merged as they are read, so the
// pieces held are as many as the distinct spans, whatever the records.

// zipkinKey names a span id within a trace.
type zipkinKey struct {
	trace model.TraceID
	id    model.SpanID
}

// zipkinShared records the halves split off one shared id.
type zipkinShared struct {
	client  string // the client half's service
	servers []zipkinServer
}

type zipkinServer struct {
	id      model.SpanID
	service string
}

// zipkinHalf is one side of a shared span, merged from its pieces.
type zipkinHalf struct {
	zipkinPiece
	server bool
}

// assemble merges and splits the pieces read into spans.
func (d *zipkinDec) assemble() error {
	d.unifyTraceIDs()
	if d.joins == 0 {
		// Every piece is a span of its own, the usual case, so each span
		// is written back to its own slot: the pieces' span array becomes
		// the batch's, and no second one is made.
		d.st.Batch.Spans = d.spans[:0]
	} else {
		d.st.Batch.Spans = make([]model.Span, 0, len(d.spans))
	}
	for i := range d.pieces {
		m := &d.pieces[i]
		var err error
		switch {
		case m.member:
		case m.next < 0:
			p := d.pieceAt(int32(i))
			_, err = d.emit(&p)
		default:
			d.splitTraces(int32(i))
			err = d.resolve(int32(i))
		}
		if err != nil {
			return err
		}
	}
	d.spans, d.pieces = nil, nil
	d.reparent()
	if d.overflows > 0 {
		d.st.Warn(-1, "zipkin: span id %s had more than %d pieces that differ in kind or local endpoint; each piece past a full group began a new group, merged only within itself (new groups begun: %d)",
			d.firstOverflow, maxGroup, d.overflows)
	}
	if d.badAddrs > 0 {
		d.st.Warn(-1, "zipkin: %d spans have a local endpoint whose ipv4 or ipv6 is not an IP address (%q the first); dropped", d.badAddrs, d.firstBadAddr)
	}
	return nil
}

// unifyTraceIDs gives 64-bit trace ids the high half of a 128-bit id with
// the same low half, since instrumentation that only propagates 64 bits
// still belongs to the 128-bit trace (Zipkin's non-strict trace ids).
func (d *zipkinDec) unifyTraceIDs() {
	if !d.short {
		return
	}
	var highs map[[8]byte][8]byte
	for i := range d.spans {
		t := &d.spans[i].TraceID
		if [8]byte(t[:8]) == ([8]byte{}) {
			continue
		}
		if highs == nil {
			highs = map[[8]byte][8]byte{}
		}
		if _, ok := highs[[8]byte(t[8:])]; !ok {
			highs[[8]byte(t[8:])] = [8]byte(t[:8])
		}
	}
	if highs == nil {
		return
	}
	for i := range d.spans {
		t := &d.spans[i].TraceID
		if [8]byte(t[:8]) != ([8]byte{}) {
			continue
		}
		if h, ok := highs[[8]byte(t[8:])]; ok {
			copy(t[:8], h[:])
		}
	}
}

// splitTraces leaves in the group headed by head only the pieces of
// head's trace, and chains the others into a group of their own, headed by
// the first of them: a group is read by the low half of its trace id (see
// groupKey), and its pieces' trace ids may differ in the high half.
func (d *zipkinDec) splitTraces(head int32) {
	trace := d.spans[head].TraceID
	last, rest, restLast := head, int32(-1), int32(-1)
	i := d.pieces[head].next
	d.pieces[head].next = -1
	for i >= 0 {
		p := &d.pieces[i]
		next := p.next
		p.next = -1
		switch {
		case d.spans[i].TraceID == trace:
			d.pieces[last].next, last = i, i
		case rest < 0:
			rest, restLast, p.member = i, i, false
		default:
			d.pieces[restLast].next, restLast = i, i
		}
		i = next
	}
}

// resolve emits the spans of a group of pieces sharing one id.
func (d *zipkinDec) resolve(head int32) error {
	caller := false
	for i := head; i >= 0; i = d.pieces[i].next {
		if k := d.spans[i].Kind; k == model.KindClient || k == model.KindProducer {
			caller = true
		}
	}
	halves := d.halves[:0]
	defer func() { d.halves = halves[:0] }()
	// A piece is copied out (pieceAt) only in the pass that places it.
	loose := func(i int32) bool { return d.spans[i].Kind == model.KindUnspecified && !d.pieces[i].shared }
	for i := head; i >= 0; i = d.pieces[i].next {
		if !loose(i) {
			p := d.pieceAt(i)
			halves = place(halves, &p, isServerHalf(&p, caller), false)
		}
	}
	for i := head; i >= 0; i = d.pieces[i].next {
		if loose(i) {
			p := d.pieceAt(i)
			halves = place(halves, &p, false, true)
		}
	}

	halves = foldIncomplete(halves)

	primary := slices.IndexFunc(halves, func(h zipkinHalf) bool { return !h.server })
	if primary < 0 {
		primary = 0
		halves[0].server = false
	}
	id := halves[primary].sp.ID
	for i := range halves {
		if !halves[i].server {
			if _, err := d.emit(&halves[i].zipkinPiece); err != nil {
				return err
			}
		}
	}
	n := 0
	for i := range halves {
		h := &halves[i]
		if !h.server {
			continue
		}
		n++
		h.sp.ID, h.sp.ParentID = d.serverID(id, n), id
		idx, err := d.emit(&h.zipkinPiece)
		if err != nil {
			return err
		}
		if n == 2 {
			d.st.Warn(idx, "zipkin: span id %s is shared by more than one server span", id)
		}
		if d.servers == nil {
			d.servers = map[zipkinKey]*zipkinShared{}
		}
		k := zipkinKey{h.sp.TraceID, id}
		sh := d.servers[k]
		if sh == nil {
			sh = &zipkinShared{client: halves[primary].local.service}
			d.servers[k] = sh
		}
		// Children choose among the servers (see reparent); the first
		// maxGroup are as many as a group holds.
		if len(sh.servers) < maxGroup {
			sh.servers = append(sh.servers, zipkinServer{id: h.sp.ID, service: h.local.service})
		}
	}
	return nil
}

// foldIncomplete merges each half with no timestamp into a half with one
// (the first, the other side's if there is one), or, when none has one,
// into the first half: a half with no interval can be neither drawn nor
// judged for skew, and zipkin-js writes a client whose answer came after
// its span was written as a CLIENT piece holding only a "finish"
// annotation. As in Lens's merge, the complete half's name and times win
// and annotations are united; the piece takes that half's service.
func foldIncomplete(halves []zipkinHalf) []zipkinHalf {
	incomplete := func(h zipkinHalf) bool { return h.ts == 0 }
	if len(halves) < 2 || !slices.ContainsFunc(halves, incomplete) {
		return halves
	}
	var kept []zipkinHalf
	for _, h := range halves {
		if !incomplete(h) {
			kept = append(kept, h)
		}
	}
	rest := halves
	if len(kept) == 0 {
		kept, rest = append(kept, halves[0]), halves[1:]
	}
	for i := range rest {
		if h := &rest[i]; incomplete(*h) {
			t := max(slices.IndexFunc(kept, func(k zipkinHalf) bool { return k.server != h.server }), 0)
			mergePiece(&kept[t].zipkinPiece, &h.zipkinPiece)
		}
	}
	return kept
}

// isServerHalf reports whether p is the server side of a shared id.
func isServerHalf(p *zipkinPiece, caller bool) bool {
	switch p.sp.Kind {
	case model.KindClient, model.KindProducer:
		return false
	case model.KindServer, model.KindConsumer:
		return p.shared || caller
	}
	return p.shared
}

// place merges p into the half it belongs to, or starts a new half. A
// loose piece (no kind, not shared) goes to the half of its service, else
// to a compatible client half, else to any compatible half.
func place(halves []zipkinHalf, p *zipkinPiece, server, loose bool) []zipkinHalf {
	mergeInto := func(ok func(h *zipkinHalf) bool) bool {
		for i := range halves {
			if ok(&halves[i]) {
				mergePiece(&halves[i].zipkinPiece, p)
				return true
			}
		}
		return false
	}
	fits := func(h *zipkinHalf) bool {
		return h.local.compatible(p.local) &&
			(h.sp.Kind == p.sp.Kind || h.sp.Kind == model.KindUnspecified || p.sp.Kind == model.KindUnspecified)
	}
	switch {
	case loose && p.local.service != "" && mergeInto(func(h *zipkinHalf) bool { return h.local.service == p.local.service }):
	case mergeInto(func(h *zipkinHalf) bool { return h.server == server && fits(h) }):
	case loose && mergeInto(fits):
	default:
		halves = append(halves, zipkinHalf{zipkinPiece: *p, server: server})
	}
	return halves
}

// compatible reports whether two endpoints can be the same process: no
// field set in both differs (Lens's tryMerge).
func (e zipkinEndpoint) compatible(o zipkinEndpoint) bool {
	differ := func(a, b string) bool { return a != "" && b != "" && a != b }
	return !differ(e.service, o.service) && !differ(e.ipv4, o.ipv4) && !differ(e.ipv6, o.ipv6) &&
		(e.port == 0 || o.port == 0 || e.port == o.port)
}

// fill sets the fields of e that are empty from o.
func (e *zipkinEndpoint) fill(o zipkinEndpoint) {
	e.service = cmp.Or(e.service, o.service)
	e.ipv4 = cmp.Or(e.ipv4, o.ipv4)
	e.ipv6 = cmp.Or(e.ipv6, o.ipv6)
	e.port = cmp.Or(e.port, o.port)
}

// mergePiece merges piece p into h.
func mergePiece(h, p *zipkinPiece) {
	if h.sp.Name == "" || (h.sp.Name == "unknown" && p.sp.Name != "") {
		h.sp.Name = p.sp.Name
	}
	h.sp.Kind = cmp.Or(h.sp.Kind, p.sp.Kind)
	if h.sp.ParentID.IsZero() {
		h.sp.ParentID = p.sp.ParentID
	}
	h.ts = cmp.Or(h.ts, p.ts)
	h.dur = cmp.Or(h.dur, p.dur)
	h.shared = h.shared || p.shared
	h.local.fill(p.local)
	h.remote.fill(p.remote)

	// Repeats of a record add nothing: skip the copies, which for many
	// repeats of a record with many tags would be most of the work.
	newAttrs := slices.ContainsFunc(p.sp.Attrs, func(a model.Attr) bool {
		v, ok := h.sp.Attrs.Get(a.Key)
		return !ok || !v.Equal(a.Value)
	})
	newEvents := len(p.sp.Events) > 0 && !slices.IsSortedFunc(h.sp.Events, compareEvents) ||
		slices.ContainsFunc(p.sp.Events, func(e model.Event) bool {
			_, found := slices.BinarySearchFunc(h.sp.Events, e, compareEvents)
			return !found
		})
	if newAttrs {
		attrs := make(model.Attrs, len(h.sp.Attrs), len(h.sp.Attrs)+len(p.sp.Attrs))
		copy(attrs, h.sp.Attrs)
	next:
		for _, a := range p.sp.Attrs {
			for i := range attrs {
				if attrs[i].Key == a.Key {
					attrs[i].Value = a.Value
					continue next
				}
			}
			attrs = append(attrs, a)
		}
		h.sp.Attrs = attrs
	}

	if newEvents {
		evs := make([]model.Event, 0, len(h.sp.Events)+len(p.sp.Events))
		evs = append(append(evs, h.sp.Events...), p.sp.Events...)
		slices.SortStableFunc(evs, compareEvents)
		h.sp.Events = slices.CompactFunc(evs, func(a, b model.Event) bool { return a.Time == b.Time && a.Name == b.Name })
	}
}

// compareEvents orders annotations by time, then value.
func compareEvents(a, b model.Event) int {
	return cmp.Or(cmp.Compare(a.Time, b.Time), cmp.Compare(a.Name, b.Name))
}

// serverID derives the id of the n-th server half sharing id.
func (d *zipkinDec) serverID(id model.SpanID, n int) model.SpanID {
	d.key = hex.AppendEncode(d.key[:0], id[:])
	d.key = append(d.key, "/server"...)
	if n > 1 {
		d.key = append(d.key, '/')
		d.key = strconv.AppendInt(d.key, int64(n), 10)
	}
	return model.HashSpanID(d.key)
}

// emit turns a (merged) piece into a span and appends it.
func (d *zipkinDec) emit(p *zipkinPiece) (int32, error) {
	st := d.st
	sp := p.sp
	noTimestamp := p.ts == 0
	switch {
	case !noTimestamp:
		sp.Start, sp.End = p.ts, p.ts+p.dur
	case len(sp.Events) > 0:
		// Zipkin's v1 conversion does the same: the annotations bound the span.
		sp.Start, sp.End = sp.Events[0].Time, sp.Events[0].Time
		for _, e := range sp.Events[1:] {
			sp.Start, sp.End = min(sp.Start, e.Time), max(sp.End, e.Time)
		}
		if p.dur != 0 {
			sp.End = sp.Start + p.dur
		}
	default:
		sp.End = p.dur
	}
	selfParent := sp.ParentID == sp.ID
	if selfParent {
		sp.ParentID = model.SpanID{}
	}
	sp.Service = p.local.service
	sp.Resource = d.resource(d.localIPs(p.local))
	sp.Attrs = d.endpointAttrs(sp.Attrs, p.local.port, p.remote)
	st.FieldTags(&sp, d.scopes, true)
	if len(sp.Attrs) > st.Limits.MaxAttrsPerSpan {
		return -1, st.CheckAttrs(len(sp.Attrs), "span "+sp.ID.String())
	}
	if len(sp.Events) > st.Limits.MaxEventsPerSpan {
		return -1, st.CheckEvents(len(sp.Events), "span "+sp.ID.String())
	}
	idx, err := st.AddSpan(sp)
	if err != nil {
		return -1, err
	}
	if noTimestamp {
		if len(sp.Events) > 0 {
			st.Warn(idx, "zipkin: span has no timestamp; its annotations give its times")
		} else {
			st.Warn(idx, "zipkin: span has no timestamp")
		}
	}
	if selfParent {
		st.Warn(idx, "zipkin: span names itself as its parent; made a root")
	}
	return idx, nil
}

// endpointAttrs returns attrs with the local port and the remote endpoint
// added as attributes, unless tags already set them. The result is carved
// from the attribute arena rather than grown span by span.
func (d *zipkinDec) endpointAttrs(attrs model.Attrs, localPort int64, e zipkinEndpoint) model.Attrs {
	if localPort == 0 && e == (zipkinEndpoint{}) {
		return attrs
	}
	d.attrs.Begin()
	for _, a := range attrs {
		d.attrs.Add(a)
	}
	add := func(k string, v model.Value) {
		if _, ok := attrs.Get(k); !ok {
			d.attrs.Add(model.Attr{Key: k, Value: v})
		}
	}
	if localPort != 0 {
		add(keyLocalPort, model.IntValue(localPort))
	}
	if e.service != "" {
		add(keyPeerService, model.StringValue(e.service))
	}
	if addr := cmp.Or(e.ipv4, e.ipv6); addr != "" {
		add(keyPeerAddress, model.StringValue(addr))
	}
	if e.port != 0 {
		add(keyPeerPort, model.IntValue(e.port))
	}
	return d.attrs.End()
}

// localIPs returns e without an ipv4 or ipv6 that is not an IP literal,
// counting them: only literals become network.local.address, since only
// they can be written back (see encode.go).
func (d *zipkinDec) localIPs(e zipkinEndpoint) zipkinEndpoint {
	bad := ""
	if e.ipv4 != "" && !isIPv4(e.ipv4) {
		bad, e.ipv4 = e.ipv4, ""
	}
	if e.ipv6 != "" && !isIPv6(e.ipv6) {
		bad, e.ipv6 = cmp.Or(bad, e.ipv6), ""
	}
	if bad != "" {
		if d.badAddrs++; d.badAddrs == 1 {
			d.firstBadAddr = bad
		}
	}
	return e
}

// resource returns the resource of a local endpoint: its service and
// address, shared by all spans with the same two, or -1 when both are
// empty. The port is not part of it: a server's spans carry its listening
// port while the same process's client spans do not.
func (d *zipkinDec) resource(e zipkinEndpoint) int32 {
	if e.service == "" && e.ipv4 == "" && e.ipv6 == "" {
		return -1
	}
	d.key = append(append(d.key[:0], e.service...), 0)
	d.key = append(append(d.key, e.ipv4...), 0)
	d.key = append(d.key, e.ipv6...)
	if i, ok := d.resources[string(d.key)]; ok {
		return i
	}
	var attrs model.Attrs
	if e.service != "" {
		attrs = append(attrs, model.Attr{Key: model.ServiceNameKey, Value: model.StringValue(e.service)})
	}
	if addr := cmp.Or(e.ipv4, e.ipv6); addr != "" {
		attrs = append(attrs, model.Attr{Key: keyLocalAddress, Value: model.StringValue(addr)})
	}
	i := d.st.Batch.AddResource(model.Resource{Service: e.service, Attrs: attrs})
	d.resources[string(d.key)] = i
	return i
}

// reparent moves the children of shared ids under the server halves (see
// the file comment).
func (d *zipkinDec) reparent() {
	if len(d.servers) == 0 {
		return
	}
	spans := d.st.Batch.Spans
	for i := range spans {
		sp := &spans[i]
		if sp.ParentID.IsZero() {
			continue
		}
		sh, ok := d.servers[zipkinKey{sp.TraceID, sp.ParentID}]
		if !ok {
			continue
		}
		pick := -1
		for j, srv := range sh.servers {
			if srv.id == sp.ID {
				pick = -2 // a server half itself: its parent is the client
				break
			}
			if pick == -1 && srv.service == sp.Service {
				pick = j
			}
		}
		switch {
		case pick == -2:
			continue
		case pick == -1 && sp.Service != "" && sp.Service == sh.client:
			continue
		case pick == -1:
			pick = 0
		}
		sp.ParentID = sh.servers[pick].id
	}
}
