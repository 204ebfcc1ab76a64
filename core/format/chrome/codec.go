// Package chrome is the wire format Chrome trace-event JSON (catapult's
// Trace Event Format, as Perfetto and chrome://tracing read it). Its Codec
// is registered by core/format/all.
package chrome

import (
	"github.com/spanlens/spanlens/core/format"
	"github.com/spanlens/spanlens/core/model"
)

// Codec is the Chrome trace-event format: its sniffer, its decoder and its
// encoder.
var Codec = format.Codec{Name: model.Chrome, Sniff: sniffChrome, Decode: chromeDecoder{}.Decode, Encode: encodeChrome, Prefix: prefix}
