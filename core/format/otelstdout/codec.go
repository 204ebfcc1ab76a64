package otelstdout

import (
	"github.com/spanlens/spanlens/core/format"
	"github.com/spanlens/spanlens/core/model"
)

// Codec is the OTelStdout format: its sniffer and its decoder.
var Codec = format.Codec{Name: model.OTelStdout, Sniff: sniffOTelStdout, Decode: otelStdoutDecoder{}.Decode}
