package export

import "github.com/spanlens/spanlens/core/model"

// Keys of the tags that carry model fields through formats that have no
// place for them, named as OpenTelemetry's Jaeger and Zipkin translators
// name them.
const (
	spanKindKey     = "span.kind"
	scopeNameKey    = "otel.scope.name"
	scopeVersionKey = "otel.scope.version"
	statusCodeKey   = "otel.status_code"
	statusDescKey   = "otel.status_description"
	errorKey        = "error"
)

// extraTag is a tag derived from a model field rather than an attribute.
type extraTag struct {
	key  string
	val  string
	flag bool // Jaeger writes it as a bool (the error tag)
}

// extraTags returns the derived tags of sp in the order the formats write
// them after the span's own attributes: span.kind (unless the format has a
// kind field), the scope, the status code and description, and error. A
// tag the span already has as an attribute is not repeated. The message
// of an error status goes into the error tag when errMessage is set
// (Zipkin's convention: any error tag, even "", marks an error, and its
// value is the message) and into otel.status_description otherwise.
func extraTags(dst []extraTag, b *model.Batch, sp *model.Span, withKind, errMessage bool) []extraTag {
	add := func(key, val string, flag bool) {
		if _, ok := sp.Attrs.Get(key); !ok {
			dst = append(dst, extraTag{key, val, flag})
		}
	}
	if withKind && sp.Kind != model.KindUnspecified {
		add(spanKindKey, sp.Kind.String(), false)
	}
	if sp.Scope >= 0 && int(sp.Scope) < len(b.Scopes) {
		if sc := &b.Scopes[sp.Scope]; sc.Name != "" {
			add(scopeNameKey, sc.Name, false)
			if sc.Version != "" {
				add(scopeVersionKey, sc.Version, false)
			}
		}
	}
	switch sp.Status.Code {
	case model.StatusOK:
		add(statusCodeKey, "OK", false)
	case model.StatusError:
		add(statusCodeKey, "ERROR", false)
	}
	msg := sp.Status.Message
	if msg != "" && !(errMessage && sp.Status.Code == model.StatusError) {
		add(statusDescKey, msg, false)
	}
	if sp.Status.Code == model.StatusError {
		if errMessage {
			add(errorKey, msg, false)
		} else {
			add(errorKey, "true", true)
		}
	}
	return dst
}
