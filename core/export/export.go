package export

import (
	"fmt"
	"io"

	"github.com/spanlens/spanlens/core/model"
)

// Format names an output format. The names match the ingest package's, so a
// file written in Format f decodes with ingest.Options{Format: f}.
type Format string

const (
	OTLPJSON Format = "otlp-json" // OTLP/JSON TracesData
	Jaeger   Format = "jaeger"    // Jaeger query API JSON ({"data":[trace...]})
	Zipkin   Format = "zipkin"    // Zipkin v2 JSON (an array of spans)
	Chrome   Format = "chrome"    // Chrome trace-event JSON ({"traceEvents":[...]})
)

// Formats returns the formats Encode writes.
func Formats() []Format { return []Format{OTLPJSON, Jaeger, Zipkin, Chrome} }

// Append appends b to dst in format f.
func Append(dst []byte, b *model.Batch, f Format) ([]byte, error) {
	switch f {
	case OTLPJSON:
		return AppendOTLPJSON(dst, b), nil
	case Jaeger:
		return AppendJaeger(dst, b), nil
	case Zipkin:
		return AppendZipkin(dst, b), nil
	case Chrome:
		return AppendChrome(dst, b), nil
	}
	return dst, fmt.Errorf("export: unknown format %q (have %v)", f, Formats())
}

// Encode writes b to w in format f.
func Encode(w io.Writer, b *model.Batch, f Format) error {
	out, err := Append(nil, b, f)
	if err != nil {
		return err
	}
	if _, err := w.Write(out); err != nil {
		return fmt.Errorf("export: %s: writing output: %w", f, err)
	}
	return nil
}
