package model

// Span is one timed operation. Times are integer nanoseconds since the Unix
// epoch, so that OTLP's fixed64 timestamps survive exactly.
type Span struct {
	TraceID  TraceID
	ID       SpanID
	ParentID SpanID // zero for a root
	Start    int64
	End      int64
	Name     string
	Service  string
	Kind     SpanKind
	Status   Status
	// Resource and Scope index Batch.Resources and Batch.Scopes, or are -1.
	Resource int32
	Scope    int32
	Attrs    Attrs
	Events   []Event
	Links    []Link
}

// Duration returns End-Start in nanoseconds (at most MaxInt64), and 0 when
// End is before Start (an unfinished span).
func (s *Span) Duration() int64 {
	if s.End < s.Start {
		return 0
	}
	return SatSub(s.End, s.Start)
}

// Event is a timestamped annotation on a span (an OTLP event, a Jaeger log,
// a Zipkin annotation).
type Event struct {
	Time  int64
	Name  string
	Attrs Attrs
}

// Link is a reference from a span to another span that is not its parent:
// an OTLP link, or a Jaeger reference other than the one chosen as parent.
// Jaeger's reference types are kept in the attribute RefTypeKey.
type Link struct {
	TraceID    TraceID
	SpanID     SpanID
	TraceState string
	Attrs      Attrs
}

// RefTypeKey is the link attribute that records a Jaeger/OpenTracing
// reference type ("child_of" or "follows_from"), as OpenTelemetry's Jaeger
// translator names it.
const RefTypeKey = "opentracing.ref_type"
