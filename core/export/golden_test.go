package export

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/internal/golden"
	"github.com/stretchr/testify/require"
)

// TestGolden compares each encoder's output for sampleBatch with a golden
// file, byte for byte. Run with -update after a deliberate change and read
// the diff.
func TestGolden(t *testing.T) {
	for _, f := range Formats() {
		t.Run(string(f), func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, Encode(&buf, sampleBatch(), f))
			got := buf.Bytes()
			ext := ".json"
			if f == OTLPProto {
				ext = ".pb"
			} else {
				require.True(t, json.Valid(got), "invalid JSON: %s", got)
			}
			path := filepath.Join("testdata", "sample."+string(f)+ext)
			golden.Check(t, path, got)
		})
	}
}

func TestEncodeUnknownFormat(t *testing.T) {
	err := Encode(&bytes.Buffer{}, sampleBatch(), "csv")
	require.EqualError(t, err, `export: unknown format "csv" (have [otlp-json otlp-proto jaeger zipkin chrome])`)
}

func TestDeterministic(t *testing.T) {
	for _, f := range Formats() {
		a, err := Append(nil, sampleBatch(), f)
		require.NoError(t, err)
		b, err := Append(nil, sampleBatch(), f)
		require.NoError(t, err)
		require.Equal(t, a, b, string(f))
	}
}

func TestEmptyBatch(t *testing.T) {
	tests := []struct {
		f    Format
		want string
	}{
		{OTLPJSON, `{"resourceSpans":[]}`},
		{OTLPProto, ``},
		{Jaeger, `{"data":[],"total":0,"limit":0,"offset":0,"errors":null}`},
		{Zipkin, `[]`},
		{Chrome, `{"traceEvents":[],"displayTimeUnit":"ms"}`},
	}
	for _, tt := range tests {
		t.Run(string(tt.f), func(t *testing.T) {
			got, err := Append(nil, &model.Batch{}, tt.f)
			require.NoError(t, err)
			require.Equal(t, tt.want, string(got))
		})
	}
}
