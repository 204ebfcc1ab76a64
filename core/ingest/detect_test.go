package ingest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spanlens/spanlens/core/internal/decode"
)

// TestDetectSamples re-detects every sample in testdata as an unknown
// input: the folder names the format it must be detected as.
func TestDetectSamples(t *testing.T) {
	folders := map[string]Format{
		"otlp-json": OTLPJSON, "otlp-proto": OTLPProto, "jaeger": Jaeger, "zipkin": Zipkin,
		"chrome": Chrome, "spanforge": Spanforge, "tutorial": Tutorial, "mamba": Mamba,
		"otel-stdout": OTelStdout,
	}
	seen := 0
	for dir, want := range folders {
		files, _ := filepath.Glob(filepath.Join("../../testdata", dir, "*"))
		for _, file := range files {
			if filepath.Ext(file) == ".golden" || filepath.Ext(file) == ".txtpb" {
				continue
			}
			data, err := os.ReadFile(file)
			require.NoError(t, err)
			got, err := Detect(data)
			if assert.NoError(t, err, file) {
				assert.Equal(t, want, got, file)
			}
			seen++
		}
	}
	assert.Greater(t, seen, 15)
}

func TestDetectEdgeCases(t *testing.T) {
	for _, tt := range []struct {
		name, in string
		want     Format
		err      string
	}{
		{name: "empty", in: "", err: "ingest: empty input"},
		{name: "blank", in: " \n\t ", err: "ingest: empty input"},
		{name: "text", in: "hello", err: decode.ErrUnknownFormat.Error()},
		{name: "bom", in: "\xef\xbb\xbf{\"resourceSpans\":[]}", want: OTLPJSON},
		{name: "tempo wrapper", in: `{"trace":{"resourceSpans":[]}}`, want: OTLPJSON},
		{name: "tempo batches", in: `{"batches":[]}`, want: OTLPJSON},
		{name: "jaeger v2 api_v3 envelope", in: `{"result":{"resourceSpans":[]}}`, want: OTLPJSON},
		{name: "stdouttrace", in: `{"Name":"a","SpanContext":{"TraceID":"0a","SpanID":"0b"}}`, want: OTelStdout},
		{name: "stdouttrace array", in: `[{"Name":"a","SpanContext":{}}]`, want: OTelStdout},
		{name: "jaeger api", in: `{"data":[{"traceID":"1","spans":[]}]}`, want: Jaeger},
		{name: "chrome object", in: `{"traceEvents":[{"ph":"X"}]}`, want: Chrome},
		{name: "chrome array", in: `[{"name":"a","ph":"B","ts":1}]`, want: Chrome},
		{name: "zipkin", in: `[{"traceId":"1","id":"2"}]`, want: Zipkin},
		{name: "key named as a value is not a member", in: `{"traceEvents":[{"args":{"k":"resourceSpans"},"ph":"X"}]}`, want: Chrome},
		{name: "earliest member wins", in: `{"traceEvents":[{"args":{"resourceSpans":1}}]}`, want: Chrome},
		{name: "unknown object", in: `{"hello":"world"}`, err: decode.ErrUnknownFormat.Error()},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Detect([]byte(tt.in))
			if tt.err != "" {
				assert.EqualError(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}
