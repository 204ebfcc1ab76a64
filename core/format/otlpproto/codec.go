package otlpproto

import (
	"github.com/spanlens/spanlens/core/format"
	"github.com/spanlens/spanlens/core/model"
)

// Codec is the OTLPProto format: its sniffer, its decoder and its encoder.
var Codec = format.Codec{Name: model.OTLPProto, Sniff: sniffOTLPProto, Decode: otlpProtoDecoder{}.Decode, Encode: encodeOTLPProto}
