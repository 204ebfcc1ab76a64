// Package zipkin is the wire format Zipkin v2 JSON (an array of spans),
// whose client and server halves of a shared span are merged on decode. Its
// Codec is registered by core/format/all.
package zipkin

import (
	"github.com/spanlens/spanlens/core/format"
	"github.com/spanlens/spanlens/core/model"
)

// Codec is the Zipkin v2 format: its sniffer, its decoder and its encoder.
var Codec = format.Codec{Name: model.Zipkin, Sniff: sniffZipkin, Decode: zipkinDecoder{}.Decode, Encode: encodeZipkin}
