// Package format is the registry of wire formats. Each format is a package
// under core/format holding its decoder, its content sniffer and, where the
// format can be written, its encoder, and exports them as one Codec;
// core/format/all registers every Codec, in priority order. core/ingest
// decodes and core/export encodes through the registry.
package format

import (
	"bytes"

	"github.com/spanlens/spanlens/core/internal/decode"
	"github.com/spanlens/spanlens/core/internal/encode"
	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/internal/msg"
)

// Codec is one wire format.
type Codec struct {
	Name model.Format
	// Sniff reports where in data (after a byte-order mark and leading
	// whitespace, for JSON) the evidence of the format starts, or -1 when
	// it finds none. Detect takes the format whose evidence comes first.
	Sniff func(data []byte) int
	// Decode decodes data. It returns a *decode.Error or a
	// *decode.LimitError on failure.
	Decode func(data []byte, opts decode.Options) (*model.Batch, error)
	// Encode writes b to s; nil when the format is read only.
	Encode func(s *encode.Sink, b *model.Batch)
	// Stream, for a line-delimited format (JSON lines), returns a decoder
	// that is fed the input a chunk of lines at a time as it is read; nil
	// when the format is decoded only whole. Its result must be Decode's
	// for the same input. opts.Progress is not called: the reader reports.
	Stream func(opts decode.Options) LineDecoder
	// Prefix returns a copy of the complete records at the start of data,
	// an input cut short, as a document of the format of their own, or nil
	// when data holds none; nil when the format has no such cut. A staged
	// load decodes it as a preview, a first screen while the rest arrives:
	// a wrong cut only fails to decode, which skips the preview.
	Prefix func(data []byte) []byte
	// Incremental returns a decoder that is fed one input of size bytes
	// as it arrives, so that the bytes it has decoded need not be kept;
	// nil when the format is decoded only whole.
	Incremental func(opts decode.Options, size int64) Incremental
}

// Incremental decodes one input of a known size as it arrives. It reads
// only the shape the format's writers usually emit, and only records it
// can tell are complete; anything else is an error that means "decode the
// input whole", which gives the exact result or error. A Finish without
// an error returns Decode's batch for the same input. After an error the
// decoder is not used again.
type Incremental interface {
	// Feed decodes the complete records at the start of data (the input
	// not consumed so far followed by what arrived since) and returns how
	// many bytes of it they took; the caller passes the rest again, with
	// more. An error before any byte is consumed means only that the input
	// is not of the shape read so, and can still be decoded whole.
	Feed(data []byte) (int, error)
	// Spans is how many spans are decoded so far.
	Spans() int
	// Finish decodes data, the rest of the input, and returns the batch.
	Finish(data []byte) (*model.Batch, error)
}

// LineDecoder decodes an input one Chunk at a time, keeping its state (the
// batch, spans still to be completed by later lines) between chunks.
type LineDecoder interface {
	// Line decodes the next chunk. Its errors are Decode's: a
	// *decode.Error with the line and the offset into it, or a
	// *decode.LimitError. After an error the decoder is not used again.
	Line(c Chunk) error
	// Spans is how many spans the chunks so far have decoded.
	Spans() int
	// Finish ends the input and returns the batch.
	Finish() (*model.Batch, error)
}

// Chunk is a piece of a line-delimited input: one or more whole lines
// that end where a top-level JSON value does (a value spread over lines,
// as pretty-printed JSON is, makes one chunk of them all). Lines of only
// whitespace between chunks are not passed.
type Chunk struct {
	Data []byte // the lines, each with its newline (the last one at the end of input may lack it)
	Line int    // the 1-based line of Data[0]
	Read int64  // bytes of input read up to the end of Data
	Last bool   // nothing but whitespace follows Data
	// Next holds the bytes that follow Data, up to jsonscan.DescribeLen,
	// for error messages to quote as the whole decode's do.
	Next []byte
}

// codecs is the registry, in the order of registration: the order Formats
// lists the formats in and Detect breaks ties in.
var codecs []Codec

// Register adds c after the codecs registered so far. It panics when c's
// format is registered already.
func Register(c Codec) {
	if _, ok := Lookup(c.Name); ok {
		panic(msg.Sprintf("format: %s registered twice", c.Name))
	}
	codecs = append(codecs, c)
}

// Lookup returns the codec of f.
func Lookup(f model.Format) (Codec, bool) {
	for _, c := range codecs {
		if c.Name == f {
			return c, true
		}
	}
	return Codec{}, false
}

// Formats returns the registered formats, in registration order.
func Formats() []model.Format {
	out := make([]model.Format, len(codecs))
	for i, c := range codecs {
		out[i] = c.Name
	}
	return out
}

// Encoders returns the registered formats that can be written, in
// registration order.
func Encoders() []model.Format {
	var out []model.Format
	for _, c := range codecs {
		if c.Encode != nil {
			out = append(out, c.Name)
		}
	}
	return out
}

// Detect names the format of data from its first bytes. It does not parse
// the input: it asks every registered sniffer and takes the format whose
// evidence starts first, the earlier registered on a tie. JSON formats are
// told apart by the member names that appear first, so a Chrome trace
// whose args mention "resourceSpans" is still Chrome; OTLP/protobuf by the
// shape of its first fields.
func Detect(data []byte) (model.Format, error) {
	best, at := model.Format(""), -1
	for _, c := range codecs {
		if i := c.Sniff(data); i >= 0 && (at < 0 || i < at) {
			best, at = c.Name, i
		}
	}
	if at >= 0 {
		return best, nil
	}
	if len(bytes.TrimLeft(decode.TrimBOM(data[:min(len(data), decode.SniffLen)]), " \t\r\n")) == 0 {
		return "", decode.ErrEmpty
	}
	return "", decode.ErrUnknownFormat
}

// Decode decodes data with c as core/ingest does once it knows the format:
// within opts.Limits (after defaults), with errors naming c's format, and
// with a last Progress call for the whole input. opts.Format is not read.
func Decode(c Codec, data []byte, opts decode.Options) (*model.Batch, error) {
	opts.Limits = opts.Limits.WithDefaults()
	if int64(len(data)) > opts.Limits.MaxBytes {
		return nil, &decode.LimitError{Format: c.Name, Limit: "MaxBytes", Max: opts.Limits.MaxBytes}
	}
	b, err := c.Decode(data, opts)
	if err != nil {
		return nil, decode.Wrap(c.Name, 0, err)
	}
	b.Format = c.Name
	if opts.Progress != nil {
		opts.Progress(decode.Progress{Bytes: int64(len(data)), TotalBytes: int64(len(data)), Spans: len(b.Spans)})
	}
	return b, nil
}
