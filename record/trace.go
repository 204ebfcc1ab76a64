package record

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/spanlens/spanlens/core/model"
)

// DefaultMaxSpans is how many spans a trace records unless MaxSpans says
// otherwise; later spans are dropped with a warning.
const DefaultMaxSpans = 100_000

// maxWarnings bounds the warnings one trace keeps, so misuse in a loop
// cannot grow memory without bound.
const maxWarnings = 100

// Trace is one recording: a root span, the spans under it, and what went
// wrong while recording. A Trace returned by StartTrace inside another
// recording is a sub-agent run: its root is a child span of the current
// span in the same recording, so its cost rolls up into its parent's.
type Trace struct {
	rec  *recorder
	root *Span
}

// recorder holds the spans of one recording; every field is guarded by mu.
type recorder struct {
	mu       sync.Mutex
	id       model.TraceID
	service  string
	resource model.Attrs
	now      func() time.Time
	maxSpans int
	onEnd    []func(*Trace)
	export   []Exporter

	spans    []*Span // recorded spans, in start order
	dropped  int     // spans not recorded because the buffer was full
	warnings []string
	lost     int // warnings beyond maxWarnings
	ended    bool
	top      *Trace
}

// TraceOption configures StartTrace.
type TraceOption func(*traceConfig)

type traceConfig struct {
	tags     []string
	metadata model.Attrs
	modelID  string
	version  string
	service  string
	id       model.TraceID
	lazy     bool
	remote   SpanContext
	now      func() time.Time
	maxSpans int
	onEnd    []func(*Trace)
	export   []Exporter
	attrs    []any
	bad      []string // option misuse, reported once the trace exists
}

// Tags labels the trace for filtering (tracium's tags); they are the root
// span's attribute "tags", a string array.
func Tags(tags ...string) TraceOption {
	return func(c *traceConfig) { c.tags = append(c.tags, tags...) }
}

// Metadata adds contextual data as root span attributes "metadata.<key>".
func Metadata(m map[string]any) TraceOption {
	return func(c *traceConfig) {
		for _, k := range sortedKeys(m) {
			c.metadata = append(c.metadata, model.Attr{Key: "metadata." + k, Value: toValue(m[k])})
		}
	}
}

// ModelID names the model the agent uses: the root span's attribute
// agent.model_id (kept out of the usage keys, so the agent span is not
// counted as a model call), and the model of LLMCall(ctx, "").
func ModelID(id string) TraceOption { return func(c *traceConfig) { c.modelID = id } }

// Version is the application's version, the resource's service.version.
func Version(v string) TraceOption { return func(c *traceConfig) { c.version = v } }

// Service names the service (resource service.name); default: the agent
// name.
func Service(name string) TraceOption { return func(c *traceConfig) { c.service = name } }

// TraceID sets the trace id: 32 hex digits, or any other string, which is
// hashed to a stable id (model.HashTraceID), as agent SDKs' UUIDs are.
func TraceID(id string) TraceOption {
	return func(c *traceConfig) {
		if id == "" {
			c.bad = append(c.bad, "TraceID: empty id; a random one is used")
			return
		}
		t, ok := model.ParseTraceID([]byte(id))
		if !ok || len(id) != 32 {
			t = model.HashTraceID([]byte(id))
		}
		c.id = t
	}
}

// LazyStart defers the trace until its first child span: a trace that
// starts no span records nothing, exports nothing and saves no spans.
func LazyStart() TraceOption { return func(c *traceConfig) { c.lazy = true } }

// RemoteParent continues a trace begun in another process (Extract): the
// trace id is sc's, the root span's parent is sc's span, and sc's baggage
// reaches every span.
func RemoteParent(sc SpanContext) TraceOption { return func(c *traceConfig) { c.remote = sc } }

// Clock replaces time.Now, for reproducible recordings in tests and demos.
func Clock(now func() time.Time) TraceOption { return func(c *traceConfig) { c.now = now } }

// MaxSpans bounds the spans recorded (default DefaultMaxSpans); later ones
// are dropped and counted in a warning.
func MaxSpans(n int) TraceOption { return func(c *traceConfig) { c.maxSpans = n } }

// OnEnd calls f with the trace once it has ended, after its exporters.
func OnEnd(f func(*Trace)) TraceOption { return func(c *traceConfig) { c.onEnd = append(c.onEnd, f) } }

// Export hands the finished trace to e (see OTLPExporter).
func Export(e Exporter) TraceOption { return func(c *traceConfig) { c.export = append(c.export, e) } }

// TraceAttrs adds key/value pairs to the root span, as Attrs does.
func TraceAttrs(kv ...any) TraceOption {
	return func(c *traceConfig) { c.attrs = append(c.attrs, kv...) }
}

// Exporter receives finished traces. Export must return quickly and never
// block the caller; problems are reported with Trace.Warn.
type Exporter interface {
	Export(*Trace)
}

// StartTrace starts a recording of one agent run named agentName and
// returns a context carrying its root span.
//
// Inside an open span of another recording, StartTrace starts a sub-agent
// run instead: a child agent span of the current span, in the same trace,
// with the trace options that concern the root span (tags, metadata,
// model id, attributes) applied to it; End ends only that run.
func StartTrace(ctx context.Context, agentName string, opts ...TraceOption) (context.Context, *Trace) {
	if ctx == nil {
		ctx = context.Background()
	}
	var c traceConfig
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	if agentName == "" {
		agentName = "agent"
		c.bad = append(c.bad, "StartTrace: empty agent name; \"agent\" is used")
	}
	if parent := SpanFrom(ctx); parent != nil && !c.remote.Valid() {
		return subTrace(ctx, parent, agentName, &c)
	}

	rec := &recorder{id: c.id, service: c.service, now: c.now, maxSpans: c.maxSpans, onEnd: c.onEnd, export: c.export}
	if rec.id.IsZero() {
		rec.id = c.remote.TraceID
	}
	if rec.id.IsZero() {
		rec.id = newTraceID()
	}
	if rec.service == "" {
		rec.service = agentName
	}
	if rec.now == nil {
		rec.now = time.Now
	}
	if rec.maxSpans <= 0 {
		rec.maxSpans = DefaultMaxSpans
	}
	rec.resource = model.Attrs{{Key: model.ServiceNameKey, Value: model.StringValue(rec.service)}}
	if c.version != "" {
		rec.resource = append(rec.resource, model.Attr{Key: "service.version", Value: model.StringValue(c.version)})
	}
	t := &Trace{rec: rec}
	rec.top = t
	root := rec.newSpan(nil, agentName, model.KindInternal)
	root.sp.ParentID = c.remote.SpanID
	root.baggage = c.remote.Baggage
	root.trace = t
	t.root = root
	rootAttrs(root, agentName, &c)
	rec.mu.Lock()
	for _, m := range c.bad {
		rec.warnLocked(m)
	}
	if c.lazy {
		root.lazy = true
	} else {
		rec.recordLocked(root)
	}
	rec.mu.Unlock()
	return ContextWithSpan(ctx, root), t
}

// subTrace starts a sub-agent run under parent.
func subTrace(ctx context.Context, parent *Span, agentName string, c *traceConfig) (context.Context, *Trace) {
	ctx, sp := Agent(ctx, agentName)
	if sp == nil {
		return ctx, nil
	}
	rec := sp.rec
	t := &Trace{rec: rec, root: sp}
	rec.mu.Lock()
	sp.trace = t
	for _, m := range c.bad {
		rec.warnLocked(m)
	}
	if c.lazy || !c.id.IsZero() || c.version != "" || c.service != "" || c.now != nil || c.maxSpans != 0 || len(c.onEnd) > 0 || len(c.export) > 0 {
		rec.warnLocked(fmt.Sprintf("StartTrace %q inside trace %s: a sub-agent run takes only tags, metadata, model id and attributes; the other options are ignored", agentName, rec.id))
	}
	rec.mu.Unlock()
	rootAttrs(sp, agentName, c)
	return ctx, t
}

// rootAttrs sets the attributes a trace option puts on a run's root span.
func rootAttrs(root *Span, agentName string, c *traceConfig) {
	root.setAttrs(
		"gen_ai.operation.name", "invoke_agent",
		"gen_ai.agent.name", agentName,
	)
	if len(c.tags) > 0 {
		root.SetAttribute("tags", c.tags)
	}
	if c.modelID != "" {
		root.SetAttribute("agent.model_id", c.modelID)
	}
	root.mu().Lock()
	for _, a := range c.metadata {
		root.setLocked(a.Key, a.Value)
	}
	root.mu().Unlock()
	root.setAttrs(c.attrs...)
}

func newTraceID() model.TraceID {
	var t model.TraceID
	for t.IsZero() {
		putUint64(t[:8], rand.Uint64())
		putUint64(t[8:], rand.Uint64())
	}
	return t
}

func newSpanID() model.SpanID {
	var s model.SpanID
	for s.IsZero() {
		putUint64(s[:], rand.Uint64())
	}
	return s
}

func putUint64(b []byte, v uint64) {
	for i := 7; i >= 0; i-- {
		b[i] = byte(v)
		v >>= 8
	}
}

// warnLocked records a warning; mu must be held.
func (r *recorder) warnLocked(msg string) {
	if len(r.warnings) >= maxWarnings {
		r.lost++
		return
	}
	r.warnings = append(r.warnings, "record: "+msg)
}

func (r *recorder) warn(msg string) {
	r.mu.Lock()
	r.warnLocked(msg)
	r.mu.Unlock()
}

// recordLocked adds s to the recording, or drops it when the buffer is
// full; mu must be held.
func (r *recorder) recordLocked(s *Span) bool {
	if len(r.spans) >= r.maxSpans {
		r.dropped++
		return false
	}
	s.recorded = true
	r.spans = append(r.spans, s)
	return true
}

// ID is the trace id as 32 hex digits ("" for a nil trace).
func (t *Trace) ID() string {
	if t == nil {
		return ""
	}
	return t.rec.id.String()
}

// Root is the run's root span.
func (t *Trace) Root() *Span {
	if t == nil {
		return nil
	}
	return t.root
}

// SetAttribute sets an attribute on the run's root span.
func (t *Trace) SetAttribute(key string, value any) { t.Root().SetAttribute(key, value) }

// AddTags adds tags to the root span's "tags" attribute.
func (t *Trace) AddTags(tags ...string) {
	defer guard(t.Root())
	if t == nil || len(tags) == 0 {
		return
	}
	s := t.root
	s.mu().Lock()
	defer s.mu().Unlock()
	var have []model.Value
	if v, ok := s.sp.Attrs.Get("tags"); ok {
		have = v.Array()
	}
	all := append([]model.Value(nil), have...)
	for _, tag := range tags {
		all = append(all, model.StringValue(tag))
	}
	s.setLocked("tags", model.ArrayValue(all...))
}

// SetSummary records an outcome summary as root span attributes
// "summary.<key>" (tracium's set_summary).
func (t *Trace) SetSummary(m map[string]any) {
	defer guard(t.Root())
	if t == nil {
		return
	}
	s := t.root
	s.mu().Lock()
	defer s.mu().Unlock()
	for _, k := range sortedKeys(m) {
		s.setLocked("summary."+k, toValue(m[k]))
	}
}

// MarkFailed sets the root span's status to error with msg.
func (t *Trace) MarkFailed(msg string) { t.Root().SetStatus(StatusError, msg) }

// SetBaggage sets baggage on the root span (Span.SetBaggage).
func (t *Trace) SetBaggage(key, value string) { t.Root().SetBaggage(key, value) }

// Warn records a warning on the trace, as the recorder does for misuse;
// exporters report failures with it.
func (t *Trace) Warn(msg string) {
	if t == nil {
		return
	}
	t.rec.warn(msg)
}

// Warnings lists what went wrong while recording and exporting.
func (t *Trace) Warnings() []string {
	if t == nil {
		return nil
	}
	r := t.rec
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.warningsLocked()
}

func (r *recorder) warningsLocked() []string {
	out := append([]string(nil), r.warnings...)
	if r.dropped > 0 {
		out = append(out, fmt.Sprintf("record: span buffer full (MaxSpans %d): %d spans dropped", r.maxSpans, r.dropped))
	}
	if r.lost > 0 {
		out = append(out, fmt.Sprintf("record: %d more warnings dropped (at most %d kept)", r.lost, maxWarnings))
	}
	return out
}

// Ended reports whether the trace (for a sub-agent run: the whole
// recording) has ended.
func (t *Trace) Ended() bool {
	if t == nil {
		return false
	}
	t.rec.mu.Lock()
	defer t.rec.mu.Unlock()
	return t.rec.ended
}

// End ends the run. For a whole trace, spans still open end with it (with
// a warning each), the root span gets the warnings as its attribute
// spanlens.record.warnings, and the trace goes to its exporters and OnEnd
// functions. Ending a trace twice is a warning.
func (t *Trace) End() {
	if t == nil {
		return
	}
	if t.rec.top != t {
		t.root.End()
		return
	}
	defer guard(t.root)
	r := t.rec
	r.mu.Lock()
	if r.ended {
		r.warnLocked(fmt.Sprintf("trace %s ended twice; the first end stands", r.id))
		r.mu.Unlock()
		return
	}
	now := r.now().UnixNano()
	for _, s := range r.spans {
		if !s.ended && s != t.root {
			r.warnLocked(fmt.Sprintf("span %q (%s) still open when the trace ended; ended with it", s.sp.Name, s.sp.ID))
			s.endLocked(now)
		}
	}
	if !t.root.ended {
		t.root.endLocked(now)
	}
	r.ended = true
	if ws := r.warningsLocked(); len(ws) > 0 && t.root.recorded {
		t.root.setLocked("spanlens.record.warnings", toValue(ws))
	}
	export, onEnd := r.export, r.onEnd
	r.mu.Unlock()
	for _, e := range export {
		callExporter(t, e)
	}
	for _, f := range onEnd {
		callOnEnd(t, f)
	}
}

// callExporter runs one exporter, turning its panic into a warning.
func callExporter(t *Trace, e Exporter) {
	defer func() {
		if v := recover(); v != nil {
			t.Warn(fmt.Sprintf("exporter %T panicked: %v", e, v))
		}
	}()
	if e != nil {
		e.Export(t)
	}
}

func callOnEnd(t *Trace, f func(*Trace)) {
	defer func() {
		if v := recover(); v != nil {
			t.Warn(fmt.Sprintf("OnEnd function panicked: %v", v))
		}
	}()
	if f != nil {
		f(t)
	}
}
