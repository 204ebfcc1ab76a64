package mamba

import (
	"github.com/spanlens/spanlens/core/format"
	"github.com/spanlens/spanlens/core/model"
)

// Codec is the Mamba format: its sniffer and its decoder.
var Codec = format.Codec{Name: model.Mamba, Sniff: sniffMamba, Decode: mambaDecoder{}.Decode}
