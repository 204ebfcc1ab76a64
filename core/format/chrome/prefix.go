package chrome

import (
	"slices"

	"github.com/spanlens/spanlens/core/internal/jsonscan"
)

// prefix returns a copy of the complete trace events at the start of buf
// as a Chrome trace of their own, or nil (Codec.Prefix): a JSON array of
// events, or an object whose "traceEvents" member is one. Unlike OTLP/JSON
// no key marks where an event begins (args nest objects and arrays of any
// shape), so the events are scanned; a cut between a B event and its E
// leaves the B unfinished, which a first screen can show.
func prefix(buf []byte) []byte {
	s := jsonscan.New(buf)
	end := -1
	events := func() error {
		return s.Array(func(int) error {
			if err := s.Skip(); err != nil {
				return err
			}
			end = s.Offset()
			return nil
		})
	}
	tail := "]"
	switch s.Peek() {
	case jsonscan.Array:
		_ = events() // the error is where buf was cut
	case jsonscan.Object:
		tail = "]}"
		_ = s.Object(func(key []byte) error {
			if string(key) != "traceEvents" {
				return s.Skip()
			}
			if err := events(); err != nil {
				return err
			}
			return errDone // what follows the events is not needed
		})
	}
	if end < 0 {
		return nil
	}
	return slices.Concat(buf[:end], []byte(tail))
}

// errDone stops prefix's scan once the events are read.
var errDone = &jsonscan.Error{Msg: "done"}
