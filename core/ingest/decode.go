package ingest

import (
	"bytes"
	"fmt"
	"io"

	"github.com/spanlens/spanlens/core/format"
	"github.com/spanlens/spanlens/core/model"
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
		return nil, fmt.Errorf("ingest: no decoder for format %q (have %v)", f, Formats())
	}
	return format.Decode(c, data, opts)
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
