package ingest

import (
	"bytes"
	"fmt"
	"io"

	"github.com/spanlens/spanlens/core/internal/decode"

	"github.com/spanlens/spanlens/core/model"
)

// Decode decodes data in the format opts.Format, or in the format Detect
// finds.
func Decode(data []byte, opts decode.Options) (*model.Batch, error) {
	opts.Limits = opts.Limits.WithDefaults()
	f := opts.Format
	if int64(len(data)) > opts.Limits.MaxBytes {
		return nil, &decode.LimitError{Format: f, Limit: "MaxBytes", Max: opts.Limits.MaxBytes}
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
		return nil, decode.Wrap(f, 0, err)
	}
	b.Format = f
	if opts.Progress != nil {
		opts.Progress(decode.Progress{Bytes: int64(len(data)), TotalBytes: int64(len(data)), Spans: len(b.Spans)})
	}
	return b, nil
}

// DecodeReader reads r (at most opts.Limits.MaxBytes) and decodes it.
func DecodeReader(r io.Reader, opts decode.Options) (*model.Batch, error) {
	lim := opts.Limits.WithDefaults()
	var buf bytes.Buffer
	chunk := make([]byte, 1<<20)
	for {
		n, err := r.Read(chunk)
		buf.Write(chunk[:n])
		if int64(buf.Len()) > lim.MaxBytes {
			return nil, &decode.LimitError{Format: opts.Format, Limit: "MaxBytes", Max: lim.MaxBytes}
		}
		if opts.Progress != nil && n > 0 {
			opts.Progress(decode.Progress{Bytes: int64(buf.Len()), TotalBytes: -1})
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
