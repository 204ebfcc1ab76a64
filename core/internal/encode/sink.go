package encode

import (
	"io"
	"slices"
)

// Sink is where an encoder's output goes: a buffer that grows to hold all
// of it (the Append functions), or a writer fed in chunks (Encode), so that
// encoding a large batch to a file needs no buffer the size of the output.
//
// Encoders call next before each span. A growing buffer is sized once from
// the first spans' average, because doubling a 500 MB buffer zeroes and
// copies every byte several times, which costs more than encoding it.
type Sink struct {
	Buf   []byte
	w     io.Writer
	Err   error // the first write error; later output is dropped
	start int   // len(buf) before encoding
	spans int   // spans to encode
	seen  int   // spans begun so far
}

const (
	// chunkSize is how much Encode buffers before writing.
	chunkSize = 1 << 20
	// estimateAfter is how many spans pass before the buffer is sized
	// for the rest.
	estimateAfter = 256
	// spanRoom is the room made before each span: more than most spans
	// take, so that appends within a span rarely grow the buffer.
	spanRoom = 2048
)

func NewSink(dst []byte, spans int) *Sink {
	return &Sink{Buf: dst, start: len(dst), spans: spans}
}

func NewWriterSink(w io.Writer, spans int) *Sink {
	return &Sink{Buf: make([]byte, 0, chunkSize+spanRoom), w: w, spans: spans}
}

// Next prepares for the next span. It reports false once a write has
// failed, so that the encoder can stop.
func (s *Sink) Next() bool {
	s.seen++
	if s.w != nil {
		if len(s.Buf) >= chunkSize {
			s.Flush()
		}
		return s.Err == nil
	}
	if s.seen == estimateAfter && s.spans > s.seen {
		avg := (len(s.Buf) - s.start) / s.seen
		s.Buf = slices.Grow(s.Buf, avg*(s.spans-s.seen)/8*9+spanRoom)
	}
	if cap(s.Buf)-len(s.Buf) < spanRoom {
		// The estimate fell short: at least double, never grow by 1.25×.
		s.Buf = slices.Grow(s.Buf, max(spanRoom, len(s.Buf)))
	}
	return true
}

// Flush writes the buffered output.
func (s *Sink) Flush() {
	if s.w != nil && s.Err == nil && len(s.Buf) > 0 {
		_, s.Err = s.w.Write(s.Buf)
	}
	s.Buf = s.Buf[:0]
}
