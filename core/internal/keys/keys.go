// Package keys names the tags and arguments through which formats without
// a field for some model value carry it: the kind, status and scope that
// Jaeger, Zipkin and Chrome keep in tags (named as OpenTelemetry's Jaeger
// and Zipkin translators name them), and the ids and lanes a Chrome event
// keeps in its args. Encoders write these names and decoders read them
// back, so both take them from here.
package keys

// Tags that stand for span fields.
const (
	SpanKind     = "span.kind"
	Error        = "error"
	StatusCode   = "otel.status_code"
	StatusDesc   = "otel.status_description"
	ScopeName    = "otel.scope.name"
	ScopeVersion = "otel.scope.version"
	LibName      = "otel.library.name" // the scope's name before semconv 1.18
	LibVersion   = "otel.library.version"
)

// Chrome trace-event args and attributes.
const (
	ChromeTraceID  = "trace_id"        // 32 hex digits, on every X event spanlens writes
	ChromeSpanID   = "span_id"         // 16 hex digits
	ChromeParentID = "parent_span_id"  // 16 hex digits, absent for a root
	ChromeCategory = "chrome.category" // the event's cat
	ThreadID       = "thread.id"       // the event's tid, which lanes replace on export
	ProcessID      = "process.pid"     // the event's pid, on the resource
)
