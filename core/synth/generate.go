package synth

import (
	"encoding/binary"
	"math/rand/v2"
	"strconv"

	"github.com/spanlens/spanlens/core/export"
	"github.com/spanlens/spanlens/core/model"
)

// Generate returns cfg.Spans spans in cfg.Traces traces. Equal configs give
// equal batches, and so byte-identical encodings.
func Generate(cfg Config) *model.Batch {
	cfg = cfg.withDefaults()
	g := newGen(cfg)
	per, extra := cfg.Spans/cfg.Traces, cfg.Spans%cfg.Traces
	start := cfg.Start
	for t := range cfg.Traces {
		n := per
		if t < extra {
			n++
		}
		tid := g.traceID(t)
		if cfg.Shape == AgentLoop {
			g.agentTrace(tid, n, start)
		} else {
			g.distributedTrace(tid, n, start)
		}
		// Traces arrive every few hundred milliseconds and may overlap.
		start += ms(10) + g.jitter(ms(800))
	}
	return g.b
}

// OTLPJSON returns Generate(cfg) encoded as OTLP/JSON.
func OTLPJSON(cfg Config) []byte { return export.AppendOTLPJSON(nil, Generate(cfg)) }

// gen is one generation run.
type gen struct {
	cfg      Config
	r        *rand.Rand
	b        *model.Batch
	arena    []model.Attr // attribute storage handed out to spans in runs
	spanKey  uint64       // ids are mix(key+counter): unique and random-looking
	traceKey uint64
	spans    uint64 // span ids handed out
	services []string
	appKeys  []string // "app.attr.0", ...
}

func newGen(cfg Config) *gen {
	g := &gen{
		cfg: cfg,
		r:   rand.New(rand.NewPCG(uint64(cfg.Seed), 0x5eed_5a1e_ca75_0001)),
		b:   &model.Batch{Format: "synthetic", Spans: make([]model.Span, 0, cfg.Spans)},
	}
	// Keys below 2^63 keep key+counter from wrapping to 0, the one input
	// mix maps to the zero (invalid) id.
	g.spanKey = g.r.Uint64() >> 1
	g.traceKey = g.r.Uint64() >> 1
	names := distServices
	if cfg.Shape == AgentLoop {
		names = agentServices
	}
	for i := range cfg.Services {
		name := names[i%len(names)]
		if i >= len(names) {
			name += "-" + strconv.Itoa(i/len(names)+1)
		}
		g.services = append(g.services, name)
		g.b.AddResource(g.resource(i, name))
	}
	g.b.Scopes = append(g.b.Scopes, scopes...)
	for i := range cfg.AttrsPerSpan {
		g.appKeys = append(g.appKeys, "app.attr."+strconv.Itoa(i))
	}
	return g
}

// resource describes service i as an OpenTelemetry SDK in Kubernetes would.
func (g *gen) resource(i int, name string) model.Resource {
	pod := name + "-" + strconv.FormatUint(g.r.Uint64N(1<<40), 36)
	return model.Resource{Service: name, Attrs: model.Attrs{
		{Key: model.ServiceNameKey, Value: model.StringValue(name)},
		{Key: "service.version", Value: model.StringValue("1." + strconv.Itoa(i%7) + "." + strconv.Itoa(g.r.IntN(20)))},
		{Key: "deployment.environment.name", Value: model.StringValue("production")},
		{Key: "telemetry.sdk.name", Value: model.StringValue("opentelemetry")},
		{Key: "telemetry.sdk.language", Value: model.StringValue(languages[i%len(languages)])},
		{Key: "k8s.pod.name", Value: model.StringValue(pod)},
	}}
}

// mix is splitmix64's finalizer, a bijection on uint64.
func mix(z uint64) uint64 {
	z ^= z >> 30
	z *= 0xbf58476d1ce4e5b9
	z ^= z >> 27
	z *= 0x94d049bb133111eb
	return z ^ z>>31
}

func (g *gen) traceID(t int) model.TraceID {
	var id model.TraceID
	binary.BigEndian.PutUint64(id[:8], g.r.Uint64())
	binary.BigEndian.PutUint64(id[8:], mix(g.traceKey+uint64(t)+1))
	return id
}

// newSpan appends a span of trace tid under parent (-1 for a root) on
// service svc and returns its index.
func (g *gen) newSpan(tid model.TraceID, parent int32, svc int, start, end int64) int32 {
	g.spans++
	// Fill the span in place: Spans has room for every span, and copying
	// a whole Span in would cost a bulk write barrier while the GC runs.
	n := len(g.b.Spans)
	g.b.Spans = append(g.b.Spans, model.Span{})
	sp := &g.b.Spans[n]
	sp.TraceID, sp.Start, sp.End = tid, start, end
	sp.Resource, sp.Scope, sp.Service = int32(svc), -1, g.services[svc]
	binary.BigEndian.PutUint64(sp.ID[:], mix(g.spanKey+g.spans))
	if parent >= 0 {
		sp.ParentID = g.b.Spans[parent].ID
	}
	return int32(n)
}

// attrs returns an empty attribute list with room for n semantic
// attributes plus the app attributes and (if f is set) the error.type
// attribute finish adds.
func (g *gen) attrs(n int, f *failure) model.Attrs {
	n += len(g.appKeys)
	if f != nil {
		n++
	}
	if len(g.arena)+n > cap(g.arena) {
		g.arena = make([]model.Attr, 0, max(n, 8192))
	}
	l := len(g.arena)
	g.arena = g.arena[:l+n]
	return g.arena[l : l : l+n]
}

// fails returns, for about one call in cfg.ErrorEvery, one of the first n
// failures; otherwise nil.
func (g *gen) fails(n int) *failure {
	if g.cfg.ErrorEvery > 0 && g.r.IntN(g.cfg.ErrorEvery) == 0 {
		return &failures[g.pick(n)]
	}
	return nil
}

// finish adds the app attributes, the periodic event and, when f is not
// nil, an error status with an exception event.
func (g *gen) finish(i int32, f *failure, event string, eventAttr model.Attr) {
	sp := &g.b.Spans[i]
	for j, k := range g.appKeys {
		var v model.Value
		switch j % 5 {
		case 0:
			v = model.StringValue(appStrings[g.r.IntN(len(appStrings))])
		case 1:
			v = model.IntValue(g.r.Int64N(100_000))
		case 2:
			v = model.DoubleValue(float64(g.r.IntN(10_000)) / 100)
		case 3:
			v = model.BoolValue(g.r.IntN(2) == 0)
		default:
			v = tagValues[g.r.IntN(len(tagValues))]
		}
		sp.Attrs = append(sp.Attrs, model.Attr{Key: k, Value: v})
	}
	if g.cfg.EventsEvery > 0 && g.spans%uint64(g.cfg.EventsEvery) == 0 {
		sp.Events = append(sp.Events, model.Event{
			Time: sp.Start + (sp.End-sp.Start)/2, Name: event, Attrs: model.Attrs{eventAttr},
		})
	}
	if f != nil {
		sp.Status = model.Status{Code: model.StatusError, Message: f.message}
		sp.Attrs = append(sp.Attrs, model.Attr{Key: "error.type", Value: model.StringValue(f.typ)})
		sp.Events = append(sp.Events, model.Event{
			Time: sp.End - (sp.End-sp.Start)/10, Name: "exception", Attrs: model.Attrs{
				{Key: "exception.type", Value: model.StringValue(f.typ)},
				{Key: "exception.message", Value: model.StringValue(f.message)},
				{Key: "exception.stacktrace", Value: model.StringValue(f.stack)},
			},
		})
	}
}

// jitter returns a random duration in [0, d), or 0 when d <= 0.
func (g *gen) jitter(d int64) int64 {
	if d <= 0 {
		return 0
	}
	return g.r.Int64N(d)
}

// pick returns a random index below n.
func (g *gen) pick(n int) int { return g.r.IntN(n) }

func ms(n int64) int64 { return n * 1_000_000 }
func us(n int64) int64 { return n * 1_000 }
