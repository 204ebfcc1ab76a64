// Package tutorial is the wire format the agent-tracing tutorial's to_json
// trace (read only). Its Codec is registered by core/format/all.
package tutorial

import (
	"github.com/spanlens/spanlens/core/format"
	"github.com/spanlens/spanlens/core/model"
)

// Codec is the tutorial format: its sniffer and its decoder.
var Codec = format.Codec{Name: model.Tutorial, Sniff: sniffTutorial, Decode: tutorialDecoder{}.Decode}
