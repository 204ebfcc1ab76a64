package record

import (
	"context"
	"fmt"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/spanlens/spanlens/core/model"
)

// Status codes for SetStatus.
const (
	StatusUnset = model.StatusUnset
	StatusOK    = model.StatusOK
	StatusError = model.StatusError
)

// Span is one timed operation of a recording. Its methods are safe for
// concurrent use, and a nil *Span (what Start returns outside any
// recording) ignores every call.
type Span struct {
	rec    *recorder
	trace  *Trace // the run the span belongs to
	parent *Span
	sp     model.Span // guarded by rec.mu

	baggage  []Member // inherited and own; replaced, never modified in place
	ended    bool
	recorded bool // in rec.spans
	lazy     bool // a LazyStart root not yet recorded
}

func (s *Span) mu() *sync.Mutex { return &s.rec.mu }

// newSpan makes a span under parent (nil for a root); not yet recorded.
func (r *recorder) newSpan(parent *Span, name string, kind model.SpanKind) *Span {
	s := &Span{rec: r, parent: parent, sp: model.Span{
		TraceID: r.id, ID: newSpanID(), Name: name, Kind: kind, Start: r.now().UnixNano(),
		Resource: 0, Scope: 0,
	}}
	if parent != nil {
		s.sp.ParentID = parent.sp.ID
		s.trace = parent.trace
	}
	return s
}

type ctxKey struct{}

// ContextWithSpan returns ctx carrying s as the current span; browsers
// and callers that keep spans themselves pass parents this way.
func ContextWithSpan(ctx context.Context, s *Span) context.Context {
	if ctx == nil {
		ctx = context.Background()
	}
	if s == nil {
		return ctx
	}
	return context.WithValue(ctx, ctxKey{}, s)
}

// SpanFrom returns the current span of ctx, or nil.
func SpanFrom(ctx context.Context) *Span {
	if ctx == nil {
		return nil
	}
	s, _ := ctx.Value(ctxKey{}).(*Span)
	return s
}

// TraceFrom returns the run the current span of ctx belongs to, or nil.
func TraceFrom(ctx context.Context) *Trace {
	if s := SpanFrom(ctx); s != nil {
		return s.trace
	}
	return nil
}

// StartOption configures Start and the helpers.
type StartOption func(*startConfig)

type startConfig struct {
	kind   model.SpanKind
	role   string
	attrs  []any
	parent *Span
}

// Role classifies the span as tmam's role attribute does: "agent", "tool",
// "llm", "memory", "embedding", "vectordb", "framework" (a chain), or any
// custom string (role other). "retriever", "reranker", "guardrail",
// "evaluator" and "chain" are set as OpenInference span kinds, which is
// how the analysis knows them.
func Role(role string) StartOption { return func(c *startConfig) { c.role = role } }

// Attrs adds attributes as alternating keys and values, like log/slog:
// Attrs("docs.retrieved", 3, "query", q).
func Attrs(kv ...any) StartOption { return func(c *startConfig) { c.attrs = append(c.attrs, kv...) } }

// Kind sets the span kind (default internal).
func Kind(k model.SpanKind) StartOption { return func(c *startConfig) { c.kind = k } }

// Parent makes p the parent instead of the current span of ctx.
func Parent(p *Span) StartOption { return func(c *startConfig) { c.parent = p } }

// Start starts a child of the current span of ctx and returns a context
// carrying it. Outside any recording it returns ctx and a nil span, which
// ignores every call.
func Start(ctx context.Context, name string, opts ...StartOption) (context.Context, *Span) {
	if ctx == nil {
		ctx = context.Background()
	}
	c := startConfig{kind: model.KindInternal}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	cur := SpanFrom(ctx)
	parent := cur
	if c.parent != nil {
		parent = c.parent
	}
	if parent == nil {
		return ctx, nil
	}
	s := parent.start(cur, name, &c)
	if s == nil {
		return ctx, nil
	}
	return ContextWithSpan(ctx, s), s
}

// start records a child of p; nil when the recording no longer takes
// spans.
func (p *Span) start(cur *Span, name string, c *startConfig) (s *Span) {
	defer guard(p)
	r := p.rec
	if name == "" {
		name = "span"
		r.warn("Start: empty span name; \"span\" is used")
	}
	s = r.newSpan(p, name, c.kind)
	attrs, bad := toAttrs(c.attrs)
	r.mu.Lock()
	defer r.mu.Unlock()
	if cur != nil && cur.rec != r {
		r.warnLocked(fmt.Sprintf("span %q: parent %s of trace %s given in a context of trace %s; the explicit parent wins", name, p.sp.ID, r.id, cur.rec.id))
	}
	if r.ended {
		r.warnLocked(fmt.Sprintf("span %q started after trace %s ended; dropped", name, r.id))
		return nil
	}
	if p.ended {
		r.warnLocked(fmt.Sprintf("span %q started under span %q, which had ended", name, p.sp.Name))
	}
	if top := r.top.root; top.lazy {
		// The first span of a LazyStart trace makes the trace real.
		top.lazy = false
		top.sp.Start = s.sp.Start
		r.recordLocked(top)
	}
	if !r.recordLocked(s) {
		return nil
	}
	s.baggage = p.baggage
	for _, m := range s.baggage {
		s.setLocked(m.Key, model.StringValue(m.Value))
	}
	if c.role != "" {
		s.roleLocked(c.role)
	}
	s.setAllLocked(attrs, bad)
	return s
}

// roleLocked sets the attributes that give the span role.
func (s *Span) roleLocked(role string) {
	s.setLocked("role", model.StringValue(role))
	switch strings.ToLower(role) {
	case "retriever", "reranker", "guardrail", "evaluator", "chain":
		s.setLocked("openinference.span.kind", model.StringValue(strings.ToUpper(role)))
	}
}

// guard turns a panic inside the recorder (a user type whose String method
// panics, say) into a warning, so recording never breaks the caller.
func guard(s *Span) {
	if v := recover(); v != nil && s != nil {
		s.rec.warn(fmt.Sprintf("recorder panic recovered: %v", v))
	}
}

// usable reports whether calls on s may change it, warning about calls on
// an ended span; mu must be held.
func (s *Span) usableLocked(op string) bool {
	if s.ended {
		s.rec.warnLocked(fmt.Sprintf("%s on span %q after it ended; ignored", op, s.sp.Name))
		return false
	}
	return true
}

// setLocked sets (or replaces) attribute key; mu must be held.
func (s *Span) setLocked(key string, v model.Value) {
	for i := range s.sp.Attrs {
		if s.sp.Attrs[i].Key == key {
			s.sp.Attrs[i].Value = v
			return
		}
	}
	s.sp.Attrs = append(s.sp.Attrs, model.Attr{Key: key, Value: v})
}

// toAttrs converts alternating keys and values, outside any lock since
// values may be user types with String methods; it returns what was wrong
// with the pairs as warnings.
func toAttrs(kv []any) (model.Attrs, []string) {
	var out model.Attrs
	var bad []string
	for i := 0; i < len(kv); i += 2 {
		key, ok := kv[i].(string)
		if !ok || key == "" {
			bad = append(bad, fmt.Sprintf("attribute key %v (%T) is not a non-empty string; pair skipped", kv[i], kv[i]))
			continue
		}
		if i+1 == len(kv) {
			bad = append(bad, fmt.Sprintf("attribute %q has no value; skipped", key))
			break
		}
		out = append(out, model.Attr{Key: key, Value: toValue(kv[i+1])})
	}
	return out, bad
}

// setAllLocked sets attrs and records bad as warnings; mu must be held.
func (s *Span) setAllLocked(attrs model.Attrs, bad []string) {
	for _, a := range attrs {
		s.setLocked(a.Key, a.Value)
	}
	for _, m := range bad {
		s.rec.warnLocked(fmt.Sprintf("span %q: %s", s.sp.Name, m))
	}
}

func (s *Span) setAttrs(kv ...any) {
	if s == nil || len(kv) == 0 {
		return
	}
	defer guard(s)
	attrs, bad := toAttrs(kv)
	s.mu().Lock()
	defer s.mu().Unlock()
	s.setAllLocked(attrs, bad)
}

// ID is the span id as 16 hex digits ("" for a nil span).
func (s *Span) ID() string {
	if s == nil {
		return ""
	}
	return s.sp.ID.String()
}

// TraceID is the span's trace id as 32 hex digits.
func (s *Span) TraceID() string {
	if s == nil {
		return ""
	}
	return s.sp.TraceID.String()
}

// Trace is the run the span belongs to.
func (s *Span) Trace() *Trace {
	if s == nil {
		return nil
	}
	return s.trace
}

// SetName renames the span.
func (s *Span) SetName(name string) {
	if s == nil || name == "" {
		return
	}
	s.mu().Lock()
	defer s.mu().Unlock()
	if s.usableLocked("SetName") {
		s.sp.Name = name
	}
}

// SetAttribute sets an attribute, keeping its Go type: strings, booleans,
// integers, floats, byte slices, slices and string-keyed maps of those,
// time.Duration (nanoseconds), errors and fmt.Stringers (their text);
// anything else is formatted with %v.
func (s *Span) SetAttribute(key string, value any) {
	if s == nil {
		return
	}
	defer guard(s)
	v := toValue(value)
	s.mu().Lock()
	defer s.mu().Unlock()
	if key == "" {
		s.rec.warnLocked(fmt.Sprintf("SetAttribute on span %q: empty key; ignored", s.sp.Name))
		return
	}
	if s.usableLocked("SetAttribute") {
		s.setLocked(key, v)
	}
}

// AddEvent adds a point-in-time event with attributes as alternating keys
// and values.
func (s *Span) AddEvent(name string, kv ...any) {
	if s == nil {
		return
	}
	defer guard(s)
	attrs, bad := toAttrs(kv)
	e := model.Event{Time: s.rec.now().UnixNano(), Name: name, Attrs: attrs}
	s.mu().Lock()
	defer s.mu().Unlock()
	s.setAllLocked(nil, bad)
	if s.usableLocked("AddEvent") {
		s.sp.Events = append(s.sp.Events, e)
	}
}

// RecordError adds an OpenTelemetry "exception" event (exception.type,
// exception.message, exception.stacktrace) and sets the status to error
// with the error's message. A nil error is ignored.
func (s *Span) RecordError(err error) {
	if s == nil || err == nil {
		return
	}
	defer guard(s)
	s.exception(fmt.Sprintf("%T", err), err.Error(), string(debug.Stack()))
}

func (s *Span) exception(typ, msg, stack string) {
	e := model.Event{Time: s.rec.now().UnixNano(), Name: "exception", Attrs: model.Attrs{
		{Key: "exception.type", Value: model.StringValue(typ)},
		{Key: "exception.message", Value: model.StringValue(msg)},
		{Key: "exception.stacktrace", Value: model.StringValue(stack)},
	}}
	s.mu().Lock()
	defer s.mu().Unlock()
	if s.usableLocked("RecordError") {
		s.sp.Events = append(s.sp.Events, e)
		s.sp.Status = model.Status{Code: model.StatusError, Message: msg}
	}
}

// SetStatus sets the outcome; the message is kept for errors only, as
// OpenTelemetry does.
func (s *Span) SetStatus(code model.StatusCode, msg string) {
	if s == nil {
		return
	}
	s.mu().Lock()
	defer s.mu().Unlock()
	if code > model.StatusError {
		s.rec.warnLocked(fmt.Sprintf("SetStatus on span %q: unknown code %d; ignored", s.sp.Name, code))
		return
	}
	if !s.usableLocked("SetStatus") {
		return
	}
	if code != model.StatusError {
		msg = ""
	}
	s.sp.Status = model.Status{Code: code, Message: msg}
}

// End ends the span now. Ending twice is a warning; the first end stands.
func (s *Span) End() {
	if s == nil {
		return
	}
	now := s.rec.now().UnixNano()
	s.mu().Lock()
	defer s.mu().Unlock()
	if s.ended {
		s.rec.warnLocked(fmt.Sprintf("span %q (%s) ended twice; the first end stands", s.sp.Name, s.sp.ID))
		return
	}
	s.endLocked(now)
}

func (s *Span) endLocked(now int64) {
	s.ended = true
	s.sp.End = max(now, s.sp.Start)
}

// Member is one W3C baggage entry.
type Member struct {
	Key, Value string
}

// SetBaggage sets key on the span and on every span started under it from
// now on, as an attribute of that name, and sends it downstream in the W3C
// baggage header (Inject).
func (s *Span) SetBaggage(key, value string) {
	if s == nil {
		return
	}
	s.mu().Lock()
	defer s.mu().Unlock()
	if key == "" {
		s.rec.warnLocked(fmt.Sprintf("SetBaggage on span %q: empty key; ignored", s.sp.Name))
		return
	}
	bag := make([]Member, 0, len(s.baggage)+1)
	for _, m := range s.baggage {
		if m.Key != key {
			bag = append(bag, m)
		}
	}
	s.baggage = append(bag, Member{key, value})
	if !s.ended {
		s.setLocked(key, model.StringValue(value))
	}
}

// Baggage returns the span's baggage, inherited entries first.
func (s *Span) Baggage() []Member {
	if s == nil {
		return nil
	}
	s.mu().Lock()
	defer s.mu().Unlock()
	return append([]Member(nil), s.baggage...)
}
