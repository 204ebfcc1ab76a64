package ingest

import "github.com/spanlens/spanlens/core/format"

// Detect names the format of data from its first bytes. It does not parse
// the input: it asks every format's sniffer and takes the format whose
// evidence starts first. JSON formats are told apart by the member names
// that appear first, so a Chrome trace whose args mention "resourceSpans"
// is still Chrome; OTLP/protobuf by the shape of its first fields.
func Detect(data []byte) (Format, error) { return format.Detect(data) }
