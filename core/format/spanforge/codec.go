// Package spanforge is the wire format spanforge NDJSON event envelopes
// (read only). Its Codec is registered by core/format/all.
package spanforge

import (
	"github.com/spanlens/spanlens/core/format"
	"github.com/spanlens/spanlens/core/model"
)

// Codec is the spanforge format: its sniffer and its decoder.
var Codec = format.Codec{Name: model.Spanforge, Sniff: sniffSpanforge, Decode: spanforgeDecoder{}.Decode, Stream: newSpanforgeStream}
