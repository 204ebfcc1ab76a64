package ingest

import (
	"bufio"
	"bytes"
	"io"

	"github.com/spanlens/spanlens/core/format"
	"github.com/spanlens/spanlens/core/internal/decode"
	"github.com/spanlens/spanlens/core/internal/jsonscan"
	"github.com/spanlens/spanlens/core/model"
)

// lineReader cuts an input into format.Chunks as it reads it, holding the
// chunk being decoded and a read buffer, never the whole input.
type lineReader struct {
	r      *bufio.Reader
	max    int64 // Limits.MaxBytes
	read   int64 // bytes taken from r
	line   int   // the line of the next byte
	eof    bool  // nothing but whitespace is left
	begun  bool  // the blank lines at the start were skipped
	buf    []byte
	follow []byte // what follows buf, for error messages
	peak   int    // the largest the chunk buffer grew, for the memory test
}

func newLineReader(r io.Reader, max int64) *lineReader {
	return &lineReader{r: bufio.NewReaderSize(r, decode.SniffLen), max: max, line: 1}
}

// next returns the next chunk, or false at the end of the input. f is the
// format the caller asked for, for the MaxBytes error.
func (lr *lineReader) next(f model.Format) (format.Chunk, bool, error) {
	if !lr.begun {
		lr.begun = true
		if err := lr.skipBlank(f); err != nil {
			return format.Chunk{}, false, err
		}
	}
	for !lr.eof {
		c := format.Chunk{Line: lr.line}
		lr.buf = lr.buf[:0]
		var v valueEnd
		for {
			frag, err := lr.r.ReadSlice('\n')
			lr.buf = append(lr.buf, frag...)
			if err := lr.took(f, frag); err != nil {
				return c, false, err
			}
			v.scan(frag)
			if err == io.EOF || err == nil && v.at() {
				break
			}
			if err != nil && err != bufio.ErrBufferFull {
				return c, false, readError(err)
			}
		}
		lr.peak = max(lr.peak, cap(lr.buf))
		c.Read = lr.read
		next, err := lr.r.Peek(jsonscan.DescribeLen)
		if err != nil && err != io.EOF {
			return c, false, readError(err)
		}
		lr.follow = append(lr.follow[:0], next...)
		if err := lr.skipBlank(f); err != nil {
			return c, false, err
		}
		if len(bytes.TrimLeft(lr.buf, " \t\r\n")) == 0 {
			continue // a blank line longer than the read buffer
		}
		c.Data, c.Last, c.Next = lr.buf, lr.eof, lr.follow
		return c, true, nil
	}
	return format.Chunk{}, false, nil
}

// took counts b, just taken from r, against MaxBytes and the lines.
func (lr *lineReader) took(f model.Format, b []byte) error {
	lr.read += int64(len(b))
	lr.line += bytes.Count(b, []byte{'\n'})
	if lr.read > lr.max {
		return &LimitError{Format: f, Limit: "MaxBytes", Max: lr.max}
	}
	return nil
}

// skipBlank takes the lines of only whitespace ahead, so that the next
// chunk starts at a line with content, and sets eof when none is left. It
// peeks what is buffered, and fills the buffer (which moves what it holds)
// only for more of a blank line, scanning each byte once.
func (lr *lineReader) skipBlank(f model.Format) error {
	blank := 0 // buffered bytes known to be whitespace without a newline
	for {
		b, err := lr.r.Peek(max(lr.r.Buffered(), blank+1))
		rest := b[blank:]
		if i := bytes.IndexFunc(rest, func(r rune) bool { return !isSpace(r) }); i >= 0 {
			return lr.discard(f, b[:lineEnd(b, blank, blank+i)])
		}
		switch {
		case err == io.EOF:
			lr.eof = true
			return lr.discard(f, b)
		case err != nil:
			return readError(err)
		}
		n := lineEnd(b, blank, len(b))
		if err := lr.discard(f, b[:n]); err != nil {
			return err
		}
		if blank = len(b) - n; blank == lr.r.Size() {
			return nil // a blank line longer than the buffer: next reads it
		}
	}
}

// lineEnd returns the end of the last line that ends in b[from:to], or 0
// when none does (b[:from] holds no newline).
func lineEnd(b []byte, from, to int) int {
	if i := bytes.LastIndexByte(b[from:to], '\n'); i >= 0 {
		return from + i + 1
	}
	return 0
}

// discard takes b, the head of the read buffer.
func (lr *lineReader) discard(f model.Format, b []byte) error {
	if err := lr.took(f, b); err != nil {
		return err
	}
	_, err := lr.r.Discard(len(b))
	return err
}

func isSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\r' || r == '\n' }

// drain reads the rest of the input after err ended the decode, so that an
// input over MaxBytes fails with that limit whatever it holds, as Decode
// checks the size first.
func (lr *lineReader) drain(f model.Format, err error) error {
	n, rerr := io.Copy(io.Discard, io.LimitReader(lr.r, lr.max-lr.read+1))
	lr.read += n
	switch {
	case rerr != nil:
		return readError(rerr)
	case lr.read > lr.max:
		return &LimitError{Format: f, Limit: "MaxBytes", Max: lr.max}
	}
	return err
}

// valueEnd follows JSON's strings and brackets over a chunk's bytes, so
// that a chunk ends only at a line end outside every value: where the
// whole input's decode would be between two top-level values.
type valueEnd struct {
	depth       int
	str, escape bool
}

func (v *valueEnd) scan(b []byte) {
	for _, c := range b {
		switch {
		case v.escape:
			v.escape = false
		case v.str:
			v.escape = c == '\\'
			v.str = c != '"'
		case c == '"':
			v.str = true
		case c == '{' || c == '[':
			v.depth++
		case c == '}' || c == ']':
			v.depth--
		}
	}
}

// at reports whether the bytes so far end outside every value. Closing
// brackets with no opening one are the decoder's error to report.
func (v *valueEnd) at() bool { return !v.str && v.depth <= 0 }
