package spanforge

import (
	"github.com/spanlens/spanlens/core/format"
	"github.com/spanlens/spanlens/core/model"
)

// Codec is the Spanforge format: its sniffer and its decoder.
var Codec = format.Codec{Name: model.Spanforge, Sniff: sniffSpanforge, Decode: spanforgeDecoder{}.Decode}
