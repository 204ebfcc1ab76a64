package ingest

import (
	"bytes"
	"fmt"
	"io"

	"github.com/spanlens/spanlens/core/model"
)

// Options control one decode.
type Options struct {
	// Format forces a decoder; "" detects the format from the input.
	Format Format
	Limits Limits
	// Progress, if set, is called from time to time during long decodes.
	Progress func(Progress)
}

// Progress is how far a decode has got.
type Progress struct {
	Bytes      int64 // bytes read (DecodeReader) or decoded so far
	TotalBytes int64 // input size, or -1 when unknown while reading
	Spans      int   // spans decoded so far
}

// progressEvery is how many spans pass between Progress calls.
const progressEvery = 1 << 16

// Decode decodes data in the format opts.Format, or in the format Detect
// finds.
func Decode(data []byte, opts Options) (*model.Batch, error) {
	opts.Limits = opts.Limits.WithDefaults()
	f := opts.Format
	if int64(len(data)) > opts.Limits.MaxBytes {
		return nil, &LimitError{Format: f, Limit: "MaxBytes", Max: opts.Limits.MaxBytes}
	}
	if f == "" {
		var err error
		if f, err = Detect(data); err != nil {
			return nil, err
		}
	}
	d, ok := Lookup(f)
	if !ok {
		return nil, fmt.Errorf("ingest: no decoder for format %q (have %v)", f, Formats())
	}
	b, err := d.Decode(data, opts)
	if err != nil {
		return nil, wrap(f, 0, err)
	}
	b.Format = f
	if opts.Progress != nil {
		opts.Progress(Progress{Bytes: int64(len(data)), TotalBytes: int64(len(data)), Spans: len(b.Spans)})
	}
	return b, nil
}

// DecodeReader reads r (at most opts.Limits.MaxBytes) and decodes it.
func DecodeReader(r io.Reader, opts Options) (*model.Batch, error) {
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
			return nil, fmt.Errorf("ingest: reading input: %w", err)
		}
	}
	return Decode(buf.Bytes(), opts)
}
