// Package jaeger is the wire format Jaeger query-API JSON
// ({"data":[trace...]}). Its Codec is registered by core/format/all.
package jaeger

import (
	"github.com/spanlens/spanlens/core/format"
	"github.com/spanlens/spanlens/core/model"
)

// Codec is the Jaeger format: its sniffer, its decoder and its encoder.
var Codec = format.Codec{Name: model.Jaeger, Sniff: sniffJaeger, Decode: jaegerDecoder{}.Decode, Encode: encodeJaeger}
