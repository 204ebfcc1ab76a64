package export

import (
	"io"
	"slices"
)

// sink is where an encoder's output goes: a buffer that grows to hold all
// of it (the Append functions), or a writer fed in chunks (Encode), so that
// encoding a large batch to a file needs no buffer the size of the output.
//
// Encoders call next before each span. A growing buffer is sized once from
// the first spans' average, because doubling a 500 MB buffer zeroes and
// copies every byte several times, which costs more than encoding it.
type sink struct {
	buf   []byte
	w     io.Writer
	err   error // the first write error; later output is dropped
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

func newSink(dst []byte, spans int) *sink {
	return &sink{buf: dst, start: len(dst), spans: spans}
}

func newWriterSink(w io.Writer, spans int) *sink {
	return &sink{buf: make([]byte, 0, chunkSize+spanRoom), w: w, spans: spans}
}

// next prepares for the next span. It reports false once a write has
// failed, so that the encoder can stop.
func (s *sink) next() bool {
	s.seen++
	if s.w != nil {
		if len(s.buf) >= chunkSize {
			s.flush()
		}
		return s.err == nil
	}
	if s.seen == estimateAfter && s.spans > s.seen {
		avg := (len(s.buf) - s.start) / s.seen
		s.buf = slices.Grow(s.buf, avg*(s.spans-s.seen)/8*9+spanRoom)
	}
	if cap(s.buf)-len(s.buf) < spanRoom {
		// The estimate fell short: at least double, never grow by 1.25×.
		s.buf = slices.Grow(s.buf, max(spanRoom, len(s.buf)))
	}
	return true
}

// flush writes the buffered output.
func (s *sink) flush() {
	if s.w != nil && s.err == nil && len(s.buf) > 0 {
		_, s.err = s.w.Write(s.buf)
	}
	s.buf = s.buf[:0]
}
