// Package otlpproto is the wire format OTLP/protobuf: TracesData or
// ExportTraceServiceRequest, decoded and encoded with protowire and no
// generated types. Its Codec is registered by core/format/all.
package otlpproto

import (
	"github.com/spanlens/spanlens/core/format"
	"github.com/spanlens/spanlens/core/model"
)

// Codec is the OTLP/protobuf format: its sniffer, its decoder and its
// encoder.
var Codec = format.Codec{Name: model.OTLPProto, Sniff: sniffOTLPProto, Decode: otlpProtoDecoder{}.Decode, Encode: encodeOTLPProto}
