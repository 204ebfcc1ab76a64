package model

// SpanKind says what role a span plays in a remote call, as OpenTelemetry
// defines it. The numeric values match OTLP's.
type SpanKind uint8

const (
	KindUnspecified SpanKind = iota
	KindInternal
	KindServer
	KindClient
	KindProducer
	KindConsumer
)

var kindNames = [...]string{"unspecified", "internal", "server", "client", "producer", "consumer"}

// String returns the lowercase kind name, e.g. "server".
func (k SpanKind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unspecified"
}

// ParseSpanKind accepts the lowercase names returned by String, and reports
// false for anything else.
func ParseSpanKind(s string) (SpanKind, bool) {
	for i, n := range kindNames {
		if n == s {
			return SpanKind(i), true
		}
	}
	return KindUnspecified, false
}

// StatusCode is a span's outcome. The numeric values match OTLP's.
type StatusCode uint8

const (
	StatusUnset StatusCode = iota
	StatusOK
	StatusError
)

var statusNames = [...]string{"unset", "ok", "error"}

// String returns "unset", "ok" or "error".
func (c StatusCode) String() string {
	if int(c) < len(statusNames) {
		return statusNames[c]
	}
	return "unset"
}

// Status is a span's outcome with an optional message.
type Status struct {
	Code    StatusCode
	Message string
}
