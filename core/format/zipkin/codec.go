package zipkin

import (
	"github.com/spanlens/spanlens/core/format"
	"github.com/spanlens/spanlens/core/model"
)

// Codec is the Zipkin format: its sniffer, its decoder and its encoder.
var Codec = format.Codec{Name: model.Zipkin, Sniff: sniffZipkin, Decode: zipkinDecoder{}.Decode, Encode: encodeZipkin}
