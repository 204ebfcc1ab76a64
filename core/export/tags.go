package export

import (
	"github.com/spanlens/spanlens/core/internal/keys"
	"github.com/spanlens/spanlens/core/model"
)

// tagStyle is how a format carries the kind and the status in tags.
type tagStyle uint8

const (
	// jaegerStyle: span.kind; otel.status_code OK or ERROR; the message in
	// otel.status_description; error=true (a bool) for an error.
	jaegerStyle tagStyle = iota
	// zipkinStyle: no span.kind (Zipkin has a kind field); otel.status_code
	// OK or ERROR; error=<message> for an error, where any error tag, even
	// "", marks an error.
	zipkinStyle
	// chromeStyle: span.kind except for internal spans (a Chrome reader
	// makes every span internal); otel.status_code only for OK;
	// error=<message> for an error, as the Chrome decoder reads it.
	chromeStyle
)

// extraTag is a tag derived from a model field rather than an attribute.
type extraTag struct {
	key  string
	val  string
	flag bool // Jaeger writes it as a bool (the error tag)
}

// extraTags appends to dst the derived tags of sp in the order the formats
// write them after the span's own attributes: the kind, the scope, the
// status code and description, and error. A tag the span already has as
// an attribute is not repeated.
func extraTags(dst []extraTag, b *model.Batch, sp *model.Span, style tagStyle) []extraTag {
	add := func(key, val string, flag bool) {
		if _, ok := sp.Attrs.Get(key); !ok {
			dst = append(dst, extraTag{key, val, flag})
		}
	}
	switch {
	case sp.Kind == model.KindUnspecified, style == zipkinStyle:
	case style == chromeStyle && sp.Kind == model.KindInternal:
	default:
		add(keys.SpanKind, sp.Kind.String(), false)
	}
	if sp.Scope >= 0 && int(sp.Scope) < len(b.Scopes) {
		if sc := &b.Scopes[sp.Scope]; sc.Name != "" {
			add(keys.ScopeName, sc.Name, false)
			if sc.Version != "" {
				add(keys.ScopeVersion, sc.Version, false)
			}
		}
	}
	msg := sp.Status.Message
	switch sp.Status.Code {
	case model.StatusOK:
		add(keys.StatusCode, "OK", false)
		if msg != "" {
			add(keys.StatusDesc, msg, false)
		}
	case model.StatusError:
		switch style {
		case jaegerStyle:
			add(keys.StatusCode, "ERROR", false)
			if msg != "" {
				add(keys.StatusDesc, msg, false)
			}
			add(keys.Error, "true", true)
		case zipkinStyle:
			add(keys.StatusCode, "ERROR", false)
			add(keys.Error, msg, false)
		case chromeStyle:
			add(keys.Error, msg, false)
		}
	default:
		if msg != "" {
			add(keys.StatusDesc, msg, false)
		}
	}
	return dst
}
