package encode

import (
	"github.com/spanlens/spanlens/core/internal/keys"
	"github.com/spanlens/spanlens/core/model"
)

// TagStyle is how a format carries the kind and the status in tags.
type TagStyle uint8

const (
	// JaegerStyle: span.kind; otel.status_code OK or ERROR; the message in
	// otel.status_description; error=true (a bool) for an error.
	JaegerStyle TagStyle = iota
	// ZipkinStyle: no span.kind (Zipkin has a kind field); otel.status_code
	// OK or ERROR; error=<message> for an error, where any error tag, even
	// "", marks an error.
	ZipkinStyle
	// ChromeStyle: span.kind except for internal spans (a Chrome reader
	// makes every span internal); otel.status_code only for OK;
	// error=<message> for an error, as the Chrome decoder reads it.
	ChromeStyle
)

// ExtraTag is a tag derived from a model field rather than an attribute.
type ExtraTag struct {
	Key  string
	Val  string
	Flag bool // Jaeger writes it as a bool (the error tag)
}

// ExtraTags appends to dst the derived tags of sp in the order the formats
// write them after the span's own attributes: the kind, the scope, the
// status code and description, and error. A tag the span already has as
// an attribute is not repeated.
func ExtraTags(dst []ExtraTag, b *model.Batch, sp *model.Span, style TagStyle) []ExtraTag {
	add := func(key, val string, flag bool) {
		if _, ok := sp.Attrs.Get(key); !ok {
			dst = append(dst, ExtraTag{key, val, flag})
		}
	}
	switch {
	case sp.Kind == model.KindUnspecified, style == ZipkinStyle:
	case style == ChromeStyle && sp.Kind == model.KindInternal:
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
		case JaegerStyle:
			add(keys.StatusCode, "ERROR", false)
			if msg != "" {
				add(keys.StatusDesc, msg, false)
			}
			add(keys.Error, "true", true)
		case ZipkinStyle:
			add(keys.StatusCode, "ERROR", false)
			add(keys.Error, msg, false)
		case ChromeStyle:
			add(keys.Error, msg, false)
		}
	default:
		if msg != "" {
			add(keys.StatusDesc, msg, false)
		}
	}
	return dst
}
