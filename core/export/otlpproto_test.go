package export_test

import (
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spanlens/spanlens/core/export"
	"github.com/spanlens/spanlens/core/ingest"
	"github.com/spanlens/spanlens/core/model"
)

// TestOTLPProtoBytes checks the encoding of one small span against bytes
// worked out from trace.proto by hand.
func TestOTLPProtoBytes(t *testing.T) {
	b := &model.Batch{Spans: []model.Span{{
		TraceID: model.TraceID{15: 1}, ID: model.SpanID{7: 2}, Name: "a", Kind: model.KindServer,
		Start: 1, End: 2, Resource: -1, Scope: -1,
		Attrs: model.Attrs{{Key: "k", Value: model.IntValue(5)}},
	}}}
	want := "0a42" + // TracesData.resource_spans, 66 bytes
		"0a00" + // ResourceSpans.resource: empty (no service)
		"123e" + // ResourceSpans.scope_spans, 62 bytes, no scope
		"123c" + // ScopeSpans.spans, 60 bytes
		"0a10" + "00000000000000000000000000000001" + // trace_id
		"1208" + "0000000000000002" + // span_id
		"2a0161" + // name "a"
		"3002" + // kind SPAN_KIND_SERVER
		"390100000000000000" + // start_time_unix_nano, fixed64 little-endian
		"410200000000000000" + // end_time_unix_nano
		"4a07" + "0a016b" + "1202" + "1805" // attributes: key "k", value {int_value: 5}
	got := encode(t, b, export.OTLPProto)
	require.Equal(t, want, hex.EncodeToString(got))
}

// TestOTLPProtoCarriesWhatOTLPJSONCarries converts every sample of every
// format to OTLP/protobuf and to OTLP/JSON: decoding the two must give the
// same model, and for OTLP samples the model of the source.
func TestOTLPProtoCarriesWhatOTLPJSONCarries(t *testing.T) {
	for _, f := range ingest.Formats() {
		for _, path := range samples(t, export.Format(f)) {
			t.Run(string(f)+"/"+filepath.Base(path), func(t *testing.T) {
				data, err := os.ReadFile(path)
				require.NoError(t, err)
				src := decode(t, data, export.Format(f))
				viaProto := decode(t, encode(t, src, export.OTLPProto), export.OTLPProto)
				viaJSON := decode(t, encode(t, src, export.OTLPJSON), export.OTLPJSON)
				requireSameModel(t, viaJSON, viaProto)
				if f == ingest.OTLPJSON || f == ingest.OTLPProto {
					requireSameModel(t, src, viaProto)
				}
			})
		}
	}
}

// FuzzOTLPProtoRoundTrip decodes any input as OTLP/protobuf, seeded with
// every sample converted to it: whatever decodes must encode to bytes
// that decode to the same model and encode to the same bytes.
func FuzzOTLPProtoRoundTrip(f *testing.F) {
	for _, fm := range ingest.Formats() {
		for _, path := range samples(f, export.Format(fm)) {
			data, err := os.ReadFile(path)
			require.NoError(f, err)
			f.Add(encode(f, decode(f, data, export.Format(fm)), export.OTLPProto))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		b1, err := ingest.Decode(data, ingest.Options{Format: ingest.OTLPProto})
		if err != nil {
			return
		}
		out1 := encode(t, b1, export.OTLPProto)
		b2 := decode(t, out1, export.OTLPProto)
		requireSameModel(t, b1, b2)
		require.Equal(t, out1, encode(t, b2, export.OTLPProto))
	})
}
