// Package otelstdout is the wire format what the OpenTelemetry Go SDK's
// stdouttrace exporter writes (read only). Its Codec is registered by
// core/format/all.
package otelstdout

import (
	"github.com/spanlens/spanlens/core/format"
	"github.com/spanlens/spanlens/core/model"
)

// Codec is the otel-stdout format: its sniffer and its decoder.
var Codec = format.Codec{Name: model.OTelStdout, Sniff: sniffOTelStdout, Decode: otelStdoutDecoder{}.Decode}
