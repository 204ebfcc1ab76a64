package ingest

import (
	"github.com/spanlens/spanlens/core/format"
	_ "github.com/spanlens/spanlens/core/format/all" // every format registers itself
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

// Formats returns the names of all supported formats, in the order
// Detect breaks ties in.
func Formats() []Format { return format.Formats() }

// Lookup returns the codec of f.
func Lookup(f Format) (format.Codec, bool) { return format.Lookup(f) }
