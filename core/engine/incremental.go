package engine

import (
	"github.com/spanlens/spanlens/core/ingest"
	"github.com/spanlens/spanlens/core/internal/decode"
	"github.com/spanlens/spanlens/internal/msg"
)

// An incremental staged load (loadBegin with incremental and a size)
// decodes its input as the chunks arrive, where the format has a
// format.Incremental reading (compact OTLP/JSON), and keeps only the bytes
// not decoded yet: a 660 MB file is never in memory whole beside its
// model. Until the first bytes are consumed it can still turn into a plain
// staged load (another format, another layout); after, an input it cannot
// read so (or a wrong one) ends the load with an IncrementalError, and
// the host loads it again without incremental for the whole input's
// result or error, as the JS package does with a Blob.

// incrementalStart is how much input an incremental load holds, with none
// of it consumed, before it gives up and keeps the whole input: the first
// resourceSpans elements of any file worth decoding so end well before.
const incrementalStart = 4 << 20

// incrementalBuffer is the buffer an incremental load starts with: one JS
// batch (web/src/stream.js BATCH) and the undecoded rest of the one before.
const incrementalBuffer = 16 << 20

// begin makes the load's Incremental once its first bytes name the format.
func (s *staged) begin(e *Engine) {
	f := ingest.Format(s.args.Format)
	if f == "" {
		var err error
		if f, err = ingest.Detect(s.buf[:min(len(s.buf), decode.SniffLen)]); err != nil {
			s.keepWhole()
			return
		}
	}
	c, ok := ingest.Lookup(f)
	if !ok || c.Incremental == nil {
		s.keepWhole()
		return
	}
	s.inc = c.Incremental(decode.Options{Format: f, Limits: s.args.Limits.Within(e.cfg.Limits)}, s.size)
}

// feed decodes what the buffer holds complete and drops it.
func (s *staged) feed(e *Engine, load uint32) error {
	if s.inc == nil {
		s.begin(e)
		if s.inc == nil {
			return nil
		}
	}
	used, err := s.inc.Feed(s.buf)
	switch {
	case err != nil && s.consumed == 0:
		s.keepWhole()
	case err != nil:
		return s.incrementalError(load, err)
	case used > 0:
		s.consumed += int64(used)
		s.buf = s.buf[:copy(s.buf, s.buf[used:])]
	case s.consumed == 0 && len(s.buf) >= incrementalStart:
		s.keepWhole()
	}
	return nil
}

// keepWhole turns the load into a plain staged one, whose buffer holds
// the whole input.
func (s *staged) keepWhole() {
	s.incremental, s.inc = false, nil
	if s.lift != nil {
		s.lift() // the whole input and its model would not fit the cap
		s.lift = nil
	}
	if int64(cap(s.buf)) < s.size {
		s.buf = append(make([]byte, 0, s.size), s.buf...)
	}
}

func (s *staged) incrementalError(load uint32, err error) error {
	return &Error{Kind: "IncrementalError", Message: msg.Sprintf("spanlens: load %d cannot be decoded as it arrives past byte %d (%v); load it again without incremental for the whole input's result", load, s.consumed, err)}
}

// end decodes the rest of an incremental load and makes its document.
func (s *staged) end(c *call, load uint32) (Result, error) {
	if s.received != s.size {
		return Result{}, s.incrementalError(load, msg.Errorf("%d bytes received where loadBegin said %d", s.received, s.size))
	}
	b, err := s.inc.Finish(s.buf)
	s.buf = nil
	if err != nil {
		return Result{}, s.incrementalError(load, err)
	}
	return c.e.document(b, s.args)
}
