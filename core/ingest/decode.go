package ingest

import (
	"bytes"
	"io"

	"github.com/spanlens/spanlens/core/format"
	"github.com/spanlens/spanlens/core/internal/decode"
	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/internal/msg"
)

// Decode decodes data in the format opts.Format, or in the format Detect
// finds.
func Decode(data []byte, opts Options) (*model.Batch, error) {
	f := opts.Format
	if lim := opts.Limits.WithDefaults(); int64(len(data)) > lim.MaxBytes {
		return nil, &LimitError{Format: f, Limit: "MaxBytes", Max: lim.MaxBytes}
	}
	if f == "" {
		var err error
		if f, err = Detect(data); err != nil {
			return nil, err
		}
	}
	c, ok := Lookup(f)
	if !ok {
		return nil, msg.Errorf("ingest: no decoder for format %q (have %v)", f, Formats())
	}
	return format.Decode(c, data, opts)
}

// DecodeReader reads r (at most opts.Limits.MaxBytes) and decodes it, with
// Decode's result for the same bytes. A line-delimited format (one whose
// Codec has Stream: OTLP/JSON lines, spanforge NDJSON), given or detected
// from the first decode.SniffLen bytes, is decoded as it is read, holding
// one chunk of lines at a time (see format.Chunk), with the memory budget
// of decode.NewStreamState; other inputs are read whole first. Progress
// is called as the input is read.
func DecodeReader(r io.Reader, opts Options) (*model.Batch, error) {
	return decodeReader(newLineReader(r, opts.Limits.WithDefaults().MaxBytes), opts)
}

func decodeReader(lr *lineReader, opts Options) (*model.Batch, error) {
	head, err := lr.r.Peek(decode.SniffLen)
	if err != nil && err != io.EOF {
		return nil, readError(err)
	}
	f := opts.Format
	if f == "" {
		if f, err = Detect(head); err != nil {
			return decodeWhole(lr.r, opts)
		}
	}
	c, ok := Lookup(f)
	if !ok || c.Stream == nil {
		return decodeWhole(lr.r, opts)
	}
	ld := c.Stream(opts)
	reported := int64(0)
	for {
		ch, ok, err := lr.next(opts.Format)
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		if err := ld.Line(ch); err != nil {
			return nil, lr.drain(opts.Format, decode.Wrap(c.Name, 0, err))
		}
		if opts.Progress != nil && ch.Read-reported >= progressBytes {
			reported = ch.Read
			opts.Progress(Progress{Bytes: ch.Read, TotalBytes: -1, Spans: ld.Spans()})
		}
	}
	b, err := ld.Finish()
	if err != nil {
		return nil, decode.Wrap(c.Name, 0, err)
	}
	b.Format = c.Name
	if opts.Progress != nil {
		opts.Progress(Progress{Bytes: lr.read, TotalBytes: lr.read, Spans: len(b.Spans)})
	}
	return b, nil
}

// progressBytes is how much input a stream reads between Progress calls.
const progressBytes = 64 << 10

// decodeWhole reads all of r, then decodes it.
func decodeWhole(r io.Reader, opts Options) (*model.Batch, error) {
	lim := opts.Limits.WithDefaults()
	var buf bytes.Buffer
	chunk := make([]byte, 1<<20)
	for {
		n, err := r.Read(chunk)
		buf.Write(chunk[:n])
		if int64(buf.Len()) > lim.MaxBytes {
			return nil, &LimitError{Format: opts.Format, Limit: "MaxBytes", Max: lim.MaxBytes}
		}
		if opts.Progress != nil && n > 0 {
			opts.Progress(Progress{Bytes: int64(buf.Len()), TotalBytes: -1})
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, readError(err)
		}
	}
	return Decode(buf.Bytes(), opts)
}

func readError(err error) error { return msg.Errorf("ingest: reading input: %w", err) }
