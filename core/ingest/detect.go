package ingest

import (
	"bytes"
	"errors"

	"github.com/spanlens/spanlens/core/internal/decode"
)

// errEmpty reports input with nothing but whitespace.
var errEmpty = errors.New("ingest: empty input")

// Detect names the format of data from its first bytes. It does not parse
// the input: it asks every format's sniffer and takes the format whose
// evidence starts first. JSON formats are told apart by the member names
// that appear first, so a Chrome trace whose args mention "resourceSpans"
// is still Chrome; OTLP/protobuf by the shape of its first fields.
func Detect(data []byte) (Format, error) {
	best, at := Format(""), -1
	for _, c := range codecs {
		if i := c.sniff(data); i >= 0 && (at < 0 || i < at) {
			best, at = c.dec.Format(), i
		}
	}
	if at >= 0 {
		return best, nil
	}
	if len(bytes.TrimLeft(decode.TrimBOM(data[:min(len(data), decode.SniffLen)]), " \t\r\n")) == 0 {
		return "", errEmpty
	}
	return "", decode.ErrUnknownFormat
}
