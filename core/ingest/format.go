package ingest

import "github.com/spanlens/spanlens/core/model"

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
	Decode(data []byte, opts Options) (*model.Batch, error)
}

// decoders lists every decoder; each format's file registers itself here.
var decoders = map[Format]Decoder{}

func register(d Decoder) { decoders[d.Format()] = d }

// Formats returns the names of all supported formats.
func Formats() []Format {
	return []Format{OTLPJSON, OTLPProto, Jaeger, Zipkin, Chrome, Spanforge, Tutorial, Mamba, OTelStdout}
}

// Lookup returns the decoder for f.
func Lookup(f Format) (Decoder, bool) {
	d, ok := decoders[f]
	return d, ok
}
