package chrome

import (
	"github.com/spanlens/spanlens/core/format"
	"github.com/spanlens/spanlens/core/model"
)

// Codec is the Chrome format: its sniffer, its decoder and its encoder.
var Codec = format.Codec{Name: model.Chrome, Sniff: sniffChrome, Decode: chromeDecoder{}.Decode, Encode: encodeChrome}
