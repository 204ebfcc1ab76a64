package ingest

import (
	"github.com/spanlens/spanlens/core/format"
	"github.com/spanlens/spanlens/core/format/chrome"
	"github.com/spanlens/spanlens/core/format/jaeger"
	"github.com/spanlens/spanlens/core/format/mamba"
	"github.com/spanlens/spanlens/core/format/otelstdout"
	"github.com/spanlens/spanlens/core/format/otlpjson"
	"github.com/spanlens/spanlens/core/format/otlpproto"
	"github.com/spanlens/spanlens/core/format/spanforge"
	"github.com/spanlens/spanlens/core/format/tutorial"
	"github.com/spanlens/spanlens/core/format/zipkin"
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

// codecs are the formats still decoded here, registered in the order
// Formats lists them (the order of core/model's constants) and Detect
// breaks ties in: the formats told apart by the shape of the whole input
// (OTLP/protobuf; the agent SDKs' JSON, whose member names other formats
// may also use) match at offset 0, ahead of any member name, and the
// earlier one wins.
var codecs = []format.Codec{
	otlpjson.Codec,
	otlpproto.Codec,
	jaeger.Codec,
	zipkin.Codec,
	chrome.Codec,
	spanforge.Codec,
	tutorial.Codec,
	mamba.Codec,
	otelstdout.Codec,
}

func init() {
	for _, c := range codecs {
		format.Register(c)
	}
}

// Formats returns the names of all supported formats.
func Formats() []Format { return format.Formats() }

// Lookup returns the codec of f.
func Lookup(f Format) (format.Codec, bool) { return format.Lookup(f) }
