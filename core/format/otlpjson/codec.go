// Package otlpjson is the wire format OTLP/JSON: TracesData objects, one
// document or Collector JSON lines. Its Codec is registered by
// core/format/all.
package otlpjson

import (
	"github.com/spanlens/spanlens/core/format"
	"github.com/spanlens/spanlens/core/model"
)

// Codec is the OTLP/JSON format: its sniffer, its decoder and its encoder.
var Codec = format.Codec{Name: model.OTLPJSON, Sniff: sniffOTLPJSON, Decode: otlpJSONDecoder{}.Decode, Encode: encodeOTLPJSON, Stream: newOTLPJSONStream, Prefix: prefix, Incremental: newIncremental}
