package chrome

import (
	"github.com/spanlens/spanlens/core/format"
	"github.com/spanlens/spanlens/core/model"
)

// Codec is the Chrome format: its sniffer and its decoder.
var Codec = format.Codec{Name: model.Chrome, Sniff: sniffChrome, Decode: chromeDecoder{}.Decode}
