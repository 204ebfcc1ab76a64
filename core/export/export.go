package export

import (
	"io"

	"github.com/spanlens/spanlens/core/format"
	_ "github.com/spanlens/spanlens/core/format/all" // every format registers itself
	"github.com/spanlens/spanlens/core/internal/encode"
	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/internal/msg"
)

// Format names an output format. It is the model's type, which ingest uses
// too, so a file written in Format f decodes with ingest.Options{Format: f}.
type Format = model.Format

// The formats Encode writes, as core/model names them.
const (
	OTLPJSON  = model.OTLPJSON  // OTLP/JSON TracesData
	OTLPProto = model.OTLPProto // OTLP/protobuf TracesData (binary)
	Jaeger    = model.Jaeger    // Jaeger query API JSON ({"data":[trace...]})
	Zipkin    = model.Zipkin    // Zipkin v2 JSON (an array of spans)
	Chrome    = model.Chrome    // Chrome trace-event JSON ({"traceEvents":[...]})
)

// Formats returns the formats Encode writes, in ingest's order.
func Formats() []Format { return format.Encoders() }

// lookup returns the encoder of f.
func lookup(f Format) (func(*encode.Sink, *model.Batch), bool) {
	c, ok := format.Lookup(f)
	return c.Encode, ok && c.Encode != nil
}

// Append appends b to dst in format f.
func Append(dst []byte, b *model.Batch, f Format) ([]byte, error) {
	enc, ok := lookup(f)
	if !ok {
		return dst, unknown(f)
	}
	s := encode.NewSink(dst, len(b.Spans))
	enc(s, b)
	return s.Buf, nil
}

// Encode writes b to w in format f, in chunks of about a megabyte.
func Encode(w io.Writer, b *model.Batch, f Format) error {
	enc, ok := lookup(f)
	if !ok {
		return unknown(f)
	}
	s := encode.NewWriterSink(w, len(b.Spans))
	enc(s, b)
	s.Flush()
	if s.Err != nil {
		return msg.Errorf("export: %s: writing output: %w", f, s.Err)
	}
	return nil
}

func unknown(f Format) error {
	return msg.Errorf("export: unknown format %q (have %v)", f, Formats())
}

// AppendOTLPJSON appends b to dst as one OTLP/JSON TracesData object (see
// core/format/otlpjson for what it writes).
func AppendOTLPJSON(dst []byte, b *model.Batch) []byte {
	out, _ := Append(dst, b, OTLPJSON)
	return out
}

// AppendOTLPProto appends b to dst as OTLP/protobuf (see
// core/format/otlpproto for what it writes).
func AppendOTLPProto(dst []byte, b *model.Batch) []byte {
	out, _ := Append(dst, b, OTLPProto)
	return out
}

// AppendJaeger appends b to dst as Jaeger (see core/format/jaeger for what
// it writes).
func AppendJaeger(dst []byte, b *model.Batch) []byte {
	out, _ := Append(dst, b, Jaeger)
	return out
}

// AppendZipkin appends b to dst as Zipkin v2 (see core/format/zipkin for
// what it writes).
func AppendZipkin(dst []byte, b *model.Batch) []byte {
	out, _ := Append(dst, b, Zipkin)
	return out
}

// AppendChrome appends b to dst as Chrome trace-event (see
// core/format/chrome for what it writes).
func AppendChrome(dst []byte, b *model.Batch) []byte {
	out, _ := Append(dst, b, Chrome)
	return out
}
