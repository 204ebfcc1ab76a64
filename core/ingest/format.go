package ingest

import (
	"github.com/spanlens/spanlens/core/internal/decode"
	"github.com/spanlens/spanlens/core/model"
)

// Format names a trace file format; it is the model's type.
type Format = model.Format

// The formats, as core/model names them.
const (
	OTLPJSON   = model.OTLPJSON
	OTLPProto  = model.OTLPProto
	Jaeger     = model.Jaeger
	Zipkin     = model.Zipkin
	Chrome     = model.Chrome
	Spanforge  = model.Spanforge
	Tutorial   = model.Tutorial
	Mamba      = model.Mamba
	OTelStdout = model.OTelStdout
)

// Decoder decodes one format.
type Decoder interface {
	// Format names the format the decoder reads.
	Format() Format
	// Decode decodes data. It returns an *Error or a *LimitError on failure.
	Decode(data []byte, opts decode.Options) (*model.Batch, error)
}

// A sniffer reports where in data (after a byte-order mark and leading
// whitespace, for JSON) the evidence of its format starts, or -1 when it
// finds none. Detect takes the format whose evidence comes first.
type sniffer func(data []byte) int

// codec is one format: its decoder and its sniffer, both in the format's
// file.
type codec struct {
	dec   Decoder
	sniff sniffer
}

// codecs is the registry, in the order Formats lists the formats (the
// order of core/model's constants) and Detect breaks ties in: the formats
// told apart by the shape of the whole input (OTLP/protobuf; the agent
// SDKs' JSON, whose member names other formats may also use) match at
// offset 0, ahead of any member name, and the earlier one here wins.
var codecs = []codec{
	{otlpJSONDecoder{}, sniffOTLPJSON},
	{otlpProtoDecoder{}, sniffOTLPProto},
	{jaegerDecoder{}, sniffJaeger},
	{zipkinDecoder{}, sniffZipkin},
	{chromeDecoder{}, sniffChrome},
	{spanforgeDecoder{}, sniffSpanforge},
	{tutorialDecoder{}, sniffTutorial},
	{mambaDecoder{}, sniffMamba},
	{otelStdoutDecoder{}, sniffOTelStdout},
}

// Formats returns the names of all supported formats.
func Formats() []Format {
	out := make([]Format, len(codecs))
	for i, c := range codecs {
		out[i] = c.dec.Format()
	}
	return out
}

// Lookup returns the decoder for f.
func Lookup(f Format) (Decoder, bool) {
	for _, c := range codecs {
		if c.dec.Format() == f {
			return c.dec, true
		}
	}
	return nil, false
}
