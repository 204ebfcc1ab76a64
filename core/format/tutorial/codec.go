package tutorial

import (
	"github.com/spanlens/spanlens/core/format"
	"github.com/spanlens/spanlens/core/model"
)

// Codec is the Tutorial format: its sniffer and its decoder.
var Codec = format.Codec{Name: model.Tutorial, Sniff: sniffTutorial, Decode: tutorialDecoder{}.Decode}
