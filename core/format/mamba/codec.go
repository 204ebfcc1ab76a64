// Package mamba is the wire format mamba-agents TraceContext JSON (read
// only). Its Codec is registered by core/format/all.
package mamba

import (
	"github.com/spanlens/spanlens/core/format"
	"github.com/spanlens/spanlens/core/model"
)

// Codec is the mamba-agents format: its sniffer and its decoder.
var Codec = format.Codec{Name: model.Mamba, Sniff: sniffMamba, Decode: mambaDecoder{}.Decode}
