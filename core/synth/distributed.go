package synth

import "github.com/spanlens/spanlens/core/model"

// Roles of spans in distributed traces.
const (
	roleServer   uint8 = iota // an HTTP server span, on a new service
	roleClient                // an HTTP client span; its children are servers
	roleDB                    // a database call (a leaf)
	roleInternal              // in-process work
	roleProducer              // a message sent; its children are consumers
	roleConsumer              // a message processed, on a new service
)

// distTrace is the per-trace state of a distributed trace: the role of
// each span, its parent and, for clients and producers, the service (and topic) their
// children run on. Indices are relative to the trace's first span.
type distTrace struct {
	first  int32
	parent []int32
	role   []uint8
	target []int32
	topic  []uint8
	step   int64 // DeepChain: how much each level may shrink on each side
}

// distributedTrace appends one trace of n spans in breadth-first order.
// The spans are their own queue: span i gets its children when the loop
// reaches it, and its content once its child count is known (a database
// call is only ever a leaf).
func (g *gen) distributedTrace(tid model.TraceID, n int, start int64) {
	dur := ms(50) + g.jitter(ms(450)) + int64(n)*us(20)
	t := &distTrace{
		first:  int32(len(g.b.Spans)),
		parent: make([]int32, n),
		role:   make([]uint8, n),
		target: make([]int32, n),
		topic:  make([]uint8, n),
		step:   dur / int64(2*n+2),
	}
	g.newSpan(tid, -1, 0, start, start+dur)
	created := 1
	for i := t.first; i < int32(len(g.b.Spans)); i++ {
		k := 0
		switch g.cfg.Shape {
		case Balanced:
			k = 2 + g.r.IntN(4)
		case DeepChain:
			k = 1
		case WideFanout:
			if i == t.first {
				k = n - 1
			}
		}
		k = min(k, n-created)
		g.distContent(t, i, k)
		if k > 0 {
			g.distChildren(tid, t, i, k)
			created += k
		}
	}
}

// distChildren appends k children of span i inside its window: one after
// another, or (for WideFanout and a third of Balanced parents) staggered so
// that each overlaps the next few, as async fan-out does.
func (g *gen) distChildren(tid model.TraceID, t *distTrace, i int32, k int) {
	p := &g.b.Spans[i]
	s, e := p.Start, p.End
	svc := int(p.Resource)
	if r := t.role[i-t.first]; r == roleClient || r == roleProducer {
		svc = int(t.target[i-t.first])
	}
	if g.cfg.Shape == DeepChain {
		half := t.step / 2
		t.add(g.newSpan(tid, i, svc, s+half+g.jitter(half), e-half-g.jitter(half)), i)
		return
	}
	margin := (e - s) / 20
	u := e - s - 2*margin
	if g.cfg.Shape == WideFanout || g.r.IntN(3) == 0 {
		slot := u / int64(k+3)
		for j := range int64(k) {
			cs := s + margin + j*slot + g.jitter(slot/2)
			t.add(g.newSpan(tid, i, svc, cs, cs+slot*int64(1+g.r.IntN(3))+g.jitter(slot/2)), i)
		}
		return
	}
	slot := u / int64(k)
	for j := range int64(k) {
		cs := s + margin + j*slot + g.jitter(slot/8)
		ce := s + margin + (j+1)*slot - g.jitter(slot/8)
		t.add(g.newSpan(tid, i, svc, cs, max(cs, ce)), i)
	}
}

// add records that span c's parent is span p.
func (t *distTrace) add(c, p int32) { t.parent[c-t.first] = p - t.first }

// distContent gives span i (with k children) its role, name, kind, scope,
// service and attributes.
func (g *gen) distContent(t *distTrace, i int32, k int) {
	sp := &g.b.Spans[i]
	rel := i - t.first
	role := roleServer
	if rel > 0 {
		prel := t.parent[rel]
		switch t.role[prel] {
		case roleClient:
			role = roleServer
		case roleProducer:
			role = roleConsumer
			t.topic[rel] = t.topic[prel]
		default:
			role = g.pickRole(k > 0)
			if g.cfg.Shape == WideFanout && g.pick(10) < 3 {
				// A call through an uninstrumented client: the server
				// span hangs straight under the caller.
				role = roleServer
				svc := g.otherService(int(sp.Resource))
				sp.Resource, sp.Service = int32(svc), g.services[svc]
			}
		}
	}
	t.role[rel] = role
	f := g.fails(3) // not the LLM rate limit
	switch role {
	case roleServer:
		rt := &routes[g.pick(len(routes))]
		status := int64(200)
		if f != nil {
			status = 500
		}
		sp.Name, sp.Kind, sp.Scope = rt.name, model.KindServer, scopeHTTP
		sp.Attrs = append(g.attrs(5, f),
			model.Attr{Key: "http.request.method", Value: model.StringValue(rt.method)},
			model.Attr{Key: "http.route", Value: model.StringValue(rt.path)},
			model.Attr{Key: "url.scheme", Value: model.StringValue("http")},
			model.Attr{Key: "server.port", Value: model.IntValue(8080)},
			model.Attr{Key: "http.response.status_code", Value: model.IntValue(status)},
		)
		g.finish(i, f, "auth.checked", model.Attr{Key: "enduser.id", Value: model.StringValue(appStrings[g.pick(len(appStrings))])})
	case roleClient:
		rt := &routes[g.pick(len(routes))]
		host, port := "", int64(8080)
		if k > 0 {
			target := g.otherService(int(sp.Resource))
			t.target[rel] = int32(target)
			host = g.services[target]
		} else {
			host, port = externalHosts[g.pick(len(externalHosts))], 443
		}
		g.clientAttrs(sp, rt.method, host, port, f)
		g.finish(i, f, "http.retry", model.Attr{Key: "http.request.resend_count", Value: model.IntValue(1)})
	case roleDB:
		g.dbAttrs(sp, &queries[g.pick(len(queries))], f)
		g.finish(i, f, "db.pool.wait", model.Attr{Key: "db.client.connection.pool.name", Value: model.StringValue("primary")})
	case roleInternal:
		fn := functions[g.pick(len(functions))]
		sp.Name, sp.Kind, sp.Scope = fn, model.KindInternal, scopeApp
		sp.Attrs = append(g.attrs(1, f), model.Attr{Key: "code.function.name", Value: model.StringValue(fn)})
		g.finish(i, f, "cache.miss", model.Attr{Key: "cache.key", Value: model.StringValue(fn)})
	case roleProducer, roleConsumer:
		if role == roleProducer {
			t.topic[rel] = uint8(g.pick(len(topics)))
			t.target[rel] = int32(g.otherService(int(sp.Resource)))
		}
		tp := &topics[t.topic[rel]]
		sp.Name, sp.Kind = tp.send, model.KindProducer
		op := "send"
		if role == roleConsumer {
			sp.Name, sp.Kind, op = tp.process, model.KindConsumer, "process"
		}
		sp.Scope = scopeMessaging
		sp.Attrs = append(g.attrs(3, f),
			model.Attr{Key: "messaging.system", Value: model.StringValue(tp.system)},
			model.Attr{Key: "messaging.destination.name", Value: model.StringValue(tp.name)},
			model.Attr{Key: "messaging.operation.type", Value: model.StringValue(op)},
		)
		g.finish(i, f, "message.acked", model.Attr{Key: "messaging.message.body.size", Value: model.IntValue(int64(64 + g.pick(4096)))})
	}
}

// pickRole chooses the role of a span whose parent runs it in-process.
func (g *gen) pickRole(hasChildren bool) uint8 {
	n := g.pick(100)
	if hasChildren {
		switch {
		case n < 45:
			return roleClient
		case n < 85:
			return roleInternal
		}
		return roleProducer
	}
	switch {
	case n < 40:
		return roleDB
	case n < 70:
		return roleInternal
	case n < 90:
		return roleClient
	}
	return roleProducer
}

// otherService returns a random service other than svc (when there is one).
func (g *gen) otherService(svc int) int {
	n := len(g.services)
	if n == 1 {
		return 0
	}
	return (svc + 1 + g.pick(n-1)) % n
}

func (g *gen) clientAttrs(sp *model.Span, method, host string, port int64, f *failure) {
	status := int64(200)
	if f != nil {
		status = 503
	}
	sp.Name, sp.Kind, sp.Scope = method, model.KindClient, scopeHTTP
	sp.Attrs = append(g.attrs(4, f),
		model.Attr{Key: "http.request.method", Value: model.StringValue(method)},
		model.Attr{Key: "server.address", Value: model.StringValue(host)},
		model.Attr{Key: "server.port", Value: model.IntValue(port)},
		model.Attr{Key: "http.response.status_code", Value: model.IntValue(status)},
	)
}

func (g *gen) dbAttrs(sp *model.Span, q *dbQuery, f *failure) {
	sp.Name, sp.Kind, sp.Scope = q.name, model.KindClient, scopeSQL
	sp.Attrs = append(g.attrs(4, f),
		model.Attr{Key: "db.system.name", Value: model.StringValue(q.system)},
		model.Attr{Key: "db.operation.name", Value: model.StringValue(q.op)},
		model.Attr{Key: "db.collection.name", Value: model.StringValue(q.table)},
		model.Attr{Key: "db.query.text", Value: model.StringValue(q.text)},
	)
}
