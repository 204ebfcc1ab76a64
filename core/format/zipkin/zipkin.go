package zipkin

import (
	"github.com/spanlens/spanlens/core/internal/decode"
	"github.com/spanlens/spanlens/core/internal/jsonscan"
	"github.com/spanlens/spanlens/core/model"
)

// This file reads Zipkin v2 JSON, an array of spans, into pieces; see
// zipkin_merge.go for how pieces become spans.
//
// Fields map as follows: localEndpoint.serviceName is the service, and the
// local endpoint's service and address are the resource (attributes
// service.name and network.local.address, from ipv4 or else ipv6 when it
// is an IP literal: anything else is dropped with a warning); its
// port is the span attribute network.local.port. The remote endpoint
// becomes the span attributes peer.service, network.peer.address (ipv4,
// else ipv6) and network.peer.port, today's OpenTelemetry names. Tags
// become string attributes, except those that stand for span fields (see
// fieldTags): an error tag is an error status whose message is the tag's
// value. Annotations become events. A missing kind is KindUnspecified
// (Zipkin's "local span"). The debug flag is dropped.

type zipkinDecoder struct{}

// sniffZipkin finds Zipkin v2 span member names in an array of spans.
func sniffZipkin(data []byte) int {
	return decode.SniffMembers(data, nil, []string{`"traceId"`, `"localEndpoint"`})
}

func (zipkinDecoder) Format() model.Format { return model.Zipkin }

func (zipkinDecoder) Decode(data []byte, opts decode.Options) (*model.Batch, error) {
	d := newZipkinDec(data, opts)
	if err := d.read(); err != nil {
		return nil, decode.Wrap(model.Zipkin, 0, err)
	}
	// The pieces are chained and their endpoints indexed: free the maps.
	d.groups, d.endpointAt = nil, nil
	if err := d.assemble(); err != nil {
		return nil, decode.Wrap(model.Zipkin, 0, err)
	}
	return d.st.Done(), nil
}

func newZipkinDec(data []byte, opts decode.Options) *zipkinDec {
	st := decode.NewState(model.Zipkin, data, opts)
	// A Zipkin span takes a few hundred bytes of JSON; guessing low only
	// costs one more growth of the arrays and the group table, and the cap
	// keeps a file of a few huge spans from reserving memory it will not
	// use. It is high enough for a million spans: growing arrays that
	// large copies them several times over.
	n := min(len(data)/512+1, st.Limits.MaxSpans, 1<<20)
	return &zipkinDec{
		st:         st,
		s:          st.Scanner(data),
		spans:      make([]model.Span, 0, n),
		pieces:     make([]zipkinMeta, 0, n),
		groups:     newGroupTable(n),
		resources:  map[string]int32{},
		scopes:     decode.ScopeIndex{},
		endpoints:  []zipkinEndpoint{{}},
		endpointAt: map[zipkinEndpoint]int32{},
	}
}

// Attribute keys for Zipkin endpoints.
const (
	keyPeerService  = "peer.service"
	keyPeerAddress  = "network.peer.address"
	keyPeerPort     = "network.peer.port"
	keyLocalAddress = "network.local.address"
	keyLocalPort    = "network.local.port"
)

// zipkinDec is one Zipkin decode.
type zipkinDec struct {
	st     *decode.State
	s      *jsonscan.Scanner
	attrs  decode.Arena[model.Attr]
	events decode.Arena[model.Event]
	// The pieces read, as two arrays index for index: their spans, which
	// become the batch's in place when no piece joined another (see
	// assemble), and the rest.
	spans  []model.Span
	pieces []zipkinMeta
	joins  int // pieces that joined a group
	// The distinct endpoints, the empty one first, and their indexes.
	endpoints    []zipkinEndpoint
	endpointAt   map[zipkinEndpoint]int32
	lastEndpoint int32
	short        bool             // some trace id has 64 bits (see unifyTraceIDs)
	groups       *groupTable      // the newest group of each key
	records      int              // elements of the input array read
	halves       []zipkinHalf     // scratch for resolve
	resources    map[string]int32 // local endpoint key → resource index
	scopes       decode.ScopeIndex
	key          []byte // scratch

	badAddrs     int    // spans whose local ipv4 or ipv6 was no IP address
	firstBadAddr string // the first such address, for the warning

	overflows     int          // pieces that found their group full
	firstOverflow model.SpanID // the first one's id, for the warning

	// servers lists, by the id they share with their client, the server
	// halves split off shared spans (see zipkin_merge.go).
	servers map[zipkinKey]*zipkinShared
}

// zipkinPiece is one element of the input array (a whole span, or one
// piece of a span reported in several: client and server halves sharing an
// id, or a late piece with more annotations), merged with the later
// elements of its class (see sameClass).
type zipkinPiece struct {
	sp     model.Span // ids, name, kind, tags and annotations
	ts     int64      // start (ns), 0 when absent
	dur    int64      // duration (ns), 0 when absent
	shared bool
	local  zipkinEndpoint
	remote zipkinEndpoint
	next   int32 // the next piece of its group, or -1
	member bool  // a later piece of a group headed by an earlier one
}

// zipkinMeta is what d.pieces keeps of a piece besides its span. Its
// endpoints index d.endpoints: a trace has few distinct ones, and kept
// once each they leave the pieces with no pointers for the collector to
// follow.
type zipkinMeta struct {
	ts, dur       int64
	local, remote int32
	next          int32
	shared        bool
	member        bool
}

type zipkinEndpoint struct {
	service, ipv4, ipv6 string
	port                int64
}

// maxGroup bounds the pieces a group holds, all of different classes:
// matching a record against its group's classes, and merging a group into
// spans, cost the square of their number. A real span has a few pieces (a
// client, a server, late annotations); a piece past the bound begins a new
// group of its span id, which then is merged only within itself.
const maxGroup = 32

// group is a group's first and last piece.
type group struct{ head, tail int32 }

// groupKey names a group: the pieces of one span id, chained as they are
// read, the first heading them and the others members. The key is the low
// half of a trace id and a span id; the low half because a 64-bit trace id
// may yet take the high half of the 128-bit trace it belongs to
// (unifyTraceIDs); assemble splits off the pieces of other traces that
// share the low half.
type groupKey struct {
	traceLow [8]byte
	id       model.SpanID
}

// read reads the array of spans into d.spans and d.pieces.
func (d *zipkinDec) read() error {
	s := d.s
	if k := s.Peek(); k != jsonscan.Array {
		return s.Errorf("want a Zipkin v2 JSON array of spans, got %s", k)
	}
	if err := s.Array(func(int) error { return d.piece() }); err != nil {
		return err
	}
	return s.End()
}

// piece reads one span object.
func (d *zipkinDec) piece() error {
	s, st := d.s, d.st
	// Every record counts, merged or not, so that an input of many copies
	// is refused as it is read.
	if d.records >= st.Limits.MaxSpans {
		return &decode.LimitError{Format: model.Zipkin, Limit: "MaxSpans", Max: int64(st.Limits.MaxSpans)}
	}
	d.records++
	p := zipkinPiece{next: -1}
	p.sp.Resource, p.sp.Scope = -1, -1
	var hasTrace, hasID bool
	err := s.Object(func(key []byte) error {
		var err error
		switch string(key) {
		case "traceId":
			p.sp.TraceID, err = d.traceID()
			hasTrace = err == nil
			d.short = d.short || [8]byte(p.sp.TraceID[:8]) == [8]byte{}
		case "id":
			var ok bool
			p.sp.ID, ok, err = d.spanID()
			hasID = ok
		case "parentId":
			p.sp.ParentID, _, err = d.spanID()
		case "name":
			if !s.Null() {
				p.sp.Name, err = st.Str(s)
			}
		case "kind":
			p.sp.Kind, err = d.kind()
		case "timestamp":
			if !s.Null() {
				p.ts, err = decode.Micros(s)
			}
		case "duration":
			if !s.Null() {
				p.dur, err = decode.Micros(s)
			}
		case "shared":
			if !s.Null() {
				p.shared, err = s.Bool()
			}
		case "localEndpoint":
			p.local, err = d.endpoint()
		case "remoteEndpoint":
			p.remote, err = d.endpoint()
		case "annotations":
			p.sp.Events, err = d.annotations()
		case "tags":
			p.sp.Attrs, err = d.tags()
		case "binaryAnnotations":
			err = s.Errorf("this is Zipkin v1 JSON; want v2 (/api/v2/trace)")
		default:
			err = s.Skip()
		}
		return err
	})
	if err != nil {
		return err
	}
	if !hasTrace {
		return s.Errorf("span has no traceId")
	}
	if !hasID {
		return s.Errorf("span has no id")
	}
	return d.add(&p)
}

// add merges p into the piece of its class, or appends it to its group;
// to a new group when its group is full (see maxGroup).
func (d *zipkinDec) add(p *zipkinPiece) error {
	k := groupKey{[8]byte(p.sp.TraceID[8:]), p.sp.ID}
	at := int32(len(d.pieces))
	m := d.meta(p)
	g, join := d.groups.at(k)
	if join {
		n := 0
		for i := g.head; i >= 0; i = d.pieces[i].next {
			if d.sameClass(i, p, &m) {
				return d.merge(i, p)
			}
			n++
		}
		if join = n < maxGroup; !join {
			if d.overflows++; d.overflows == 1 {
				d.firstOverflow = p.sp.ID
			}
		}
	}
	if join {
		m.member = true
		d.joins++
		d.pieces[g.tail].next = at
		g.tail = at
	} else {
		*g = group{at, at}
	}
	d.spans = append(d.spans, p.sp)
	d.pieces = append(d.pieces, m)
	return nil
}

// pieceAt returns a copy of piece i.
func (d *zipkinDec) pieceAt(i int32) zipkinPiece {
	m := &d.pieces[i]
	return zipkinPiece{
		sp: d.spans[i], ts: m.ts, dur: m.dur, shared: m.shared,
		local: d.endpoints[m.local], remote: d.endpoints[m.remote],
		next: m.next, member: m.member,
	}
}

// meta returns what d.pieces keeps of p.
func (d *zipkinDec) meta(p *zipkinPiece) zipkinMeta {
	return zipkinMeta{
		ts: p.ts, dur: p.dur, shared: p.shared,
		local: d.endpointIndex(p.local), remote: d.endpointIndex(p.remote),
		next: p.next, member: p.member,
	}
}

// endpointIndex returns the index of e in d.endpoints, adding it if new.
// Consecutive spans mostly share their endpoints, so the one found last
// is tried before the map.
func (d *zipkinDec) endpointIndex(e zipkinEndpoint) int32 {
	if e == (zipkinEndpoint{}) {
		return 0
	}
	if d.endpoints[d.lastEndpoint] == e {
		return d.lastEndpoint
	}
	i, ok := d.endpointAt[e]
	if !ok {
		i = int32(len(d.endpoints))
		d.endpoints = append(d.endpoints, e)
		d.endpointAt[e] = i
	}
	d.lastEndpoint = i
	return i
}

// sameClass reports whether piece i and p are of one class: the same trace and
// span id, kind, shared flag and the very same local endpoint. Pieces of
// one class always land in the same half (see zipkin_merge.go), so they
// are merged as they are read: that gives the spans merging them late
// would, while what the decode holds grows with distinct spans, not with
// records: two million copies of one record are one piece.
func (d *zipkinDec) sameClass(i int32, p *zipkinPiece, pm *zipkinMeta) bool {
	h, m := &d.spans[i], &d.pieces[i]
	return h.TraceID == p.sp.TraceID && h.Kind == p.sp.Kind && m.shared == pm.shared && m.local == pm.local
}

// merge merges p into piece i, of its class.
func (d *zipkinDec) merge(i int32, p *zipkinPiece) error {
	h := d.pieceAt(i)
	mergePiece(&h, p)
	d.spans[i], d.pieces[i] = h.sp, d.meta(&h)
	// mergePiece copied p's tags and annotations; give their room back.
	d.attrs.Drop(p.sp.Attrs)
	d.events.Drop(p.sp.Events)
	if len(h.sp.Attrs) > d.st.Limits.MaxAttrsPerSpan {
		return d.st.CheckAttrs(len(h.sp.Attrs), "span "+h.sp.ID.String())
	}
	return d.st.CheckEvents(len(h.sp.Events), "span "+h.sp.ID.String())
}

// traceID reads 16 or 32 hex digits (shorter ids are left-padded, as
// Zipkin does).
func (d *zipkinDec) traceID() (model.TraceID, error) {
	s := d.s
	at := s.Offset()
	b, err := s.Str()
	if err != nil {
		return model.TraceID{}, err
	}
	id, ok := model.ParseTraceID(b)
	if !ok {
		return id, decode.ErrAt(s, at, "want 16 or 32 hex chars, got %s", jsonscan.Quote(b))
	}
	if id.IsZero() {
		return id, decode.ErrAt(s, at, "want a non-zero trace id, got %s", jsonscan.Quote(b))
	}
	return id, nil
}

// spanID reads up to 16 hex digits. null, "" and zeros read as no id.
func (d *zipkinDec) spanID() (model.SpanID, bool, error) {
	s := d.s
	if s.Null() {
		return model.SpanID{}, false, nil
	}
	at := s.Offset()
	b, err := s.Str()
	if err != nil || len(b) == 0 {
		return model.SpanID{}, false, err
	}
	id, ok := model.ParseSpanID(b)
	if !ok {
		return id, false, decode.ErrAt(s, at, "want 16 hex chars, got %s", jsonscan.Quote(b))
	}
	return id, !id.IsZero(), nil
}

// kind reads CLIENT, SERVER, PRODUCER or CONSUMER (any case), or null.
func (d *zipkinDec) kind() (model.SpanKind, error) {
	s := d.s
	if s.Null() {
		return model.KindUnspecified, nil
	}
	at := s.Offset()
	b, err := s.Str()
	if err != nil {
		return model.KindUnspecified, err
	}
	switch {
	case decode.EqualFold(b, "CLIENT"):
		return model.KindClient, nil
	case decode.EqualFold(b, "SERVER"):
		return model.KindServer, nil
	case decode.EqualFold(b, "PRODUCER"):
		return model.KindProducer, nil
	case decode.EqualFold(b, "CONSUMER"):
		return model.KindConsumer, nil
	}
	return model.KindUnspecified, decode.ErrAt(s, at, "want CLIENT, SERVER, PRODUCER or CONSUMER, got %s", jsonscan.Quote(b))
}

// endpoint reads {serviceName, ipv4, ipv6, port}, or null.
func (d *zipkinDec) endpoint() (zipkinEndpoint, error) {
	s, st := d.s, d.st
	var e zipkinEndpoint
	if s.Null() {
		return e, nil
	}
	err := s.Object(func(key []byte) error {
		if s.Null() {
			return nil
		}
		var err error
		switch string(key) {
		case "serviceName":
			e.service, err = st.Str(s)
		case "ipv4":
			e.ipv4, err = st.Str(s)
		case "ipv6":
			e.ipv6, err = st.Str(s)
		case "port":
			e.port, err = s.Int64()
		default:
			err = s.Skip()
		}
		return err
	})
	return e, err
}

// annotations reads [{timestamp, value}] as events.
func (d *zipkinDec) annotations() ([]model.Event, error) {
	s, st := d.s, d.st
	if s.Null() {
		return nil, nil
	}
	d.events.Begin()
	err := s.Array(func(int) error {
		if d.events.Len() >= st.Limits.MaxEventsPerSpan {
			return st.CheckEvents(d.events.Len()+1, s.Path())
		}
		var ev model.Event
		err := s.Object(func(key []byte) error {
			switch string(key) {
			case "timestamp":
				var err error
				ev.Time, err = decode.Micros(s)
				return err
			case "value":
				b, err := s.Str()
				if err != nil {
					return err
				}
				ev.Name, err = d.value(b)
				return err
			}
			return s.Skip()
		})
		d.events.Add(ev)
		return err
	})
	return d.events.End(), err
}

// tags reads the string→string tag map as string attributes. Numbers and
// booleans, which some clients write, keep their JSON text.
func (d *zipkinDec) tags() (model.Attrs, error) {
	s, st := d.s, d.st
	if s.Null() {
		return nil, nil
	}
	d.attrs.Begin()
	err := s.Object(func(key []byte) error {
		if d.attrs.Len() >= st.Limits.MaxAttrsPerSpan {
			return st.CheckAttrs(d.attrs.Len()+1, s.Path())
		}
		k, err := d.value(key)
		if err != nil {
			return err
		}
		var b []byte
		switch s.Peek() {
		case jsonscan.String:
			b, err = s.Str()
		case jsonscan.Null:
			return s.Skip()
		default:
			b, err = s.Raw()
		}
		if err != nil {
			return err
		}
		v, err := d.st.AttrValue(d.s, b)
		d.attrs.Add(model.Attr{Key: k, Value: model.StringValue(v)})
		return err
	})
	return d.attrs.End(), err
}

// value interns a string, enforcing MaxAttrValueBytes.
func (d *zipkinDec) value(b []byte) (string, error) {
	return d.st.Value(d.s, b)
}
