package ingest

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spanlens/spanlens/core/internal/decode"
)

// TestStringLimitEveryDecoder checks that names and services, which some
// decoders once took whole (issue 9: a 50 MB Zipkin name), are held to
// Limits.MaxAttrValueBytes like attribute values, at the place they are.
func TestStringLimitEveryDecoder(t *testing.T) {
	long := strings.Repeat("x", 17)
	tests := []struct {
		name   string
		format Format
		input  string
		where  string
	}{
		{"zipkin name", Zipkin, `[{"traceId":"1","id":"1","name":"` + long + `"}]`, "[0].name"},
		{"zipkin service", Zipkin, `[{"traceId":"1","id":"1","localEndpoint":{"serviceName":"` + long + `"}}]`,
			"[0].localEndpoint.serviceName"},
		{"zipkin remote address", Zipkin, `[{"traceId":"1","id":"1","remoteEndpoint":{"ipv6":"` + long + `"}}]`,
			"[0].remoteEndpoint.ipv6"},
		{"zipkin tag key", Zipkin, `[{"traceId":"1","id":"1","tags":{"` + long + `":"v"}}]`, "[0].tags." + long},
		{"jaeger operation", Jaeger, `{"data":[{"traceID":"1","spans":[{"traceID":"1","spanID":"1","operationName":"` + long + `"}]}]}`,
			"data[0].spans[0].operationName"},
		{"jaeger service", Jaeger, `{"data":[{"traceID":"1","spans":[{"spanID":"1","processID":"p1"}],"processes":{"p1":{"serviceName":"` + long + `"}}}]}`,
			"data[0].processes.p1.serviceName"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode([]byte(tc.input), decode.Options{Format: tc.format, Limits: decode.Limits{MaxAttrValueBytes: 16}})
			var le *decode.LimitError
			require.True(t, errors.As(err, &le), "%T: %v", err, err)
			assert.Equal(t, "MaxAttrValueBytes", le.Limit)
			assert.Equal(t, int64(16), le.Max)
			assert.Equal(t, tc.where, le.Where)
			assert.Equal(t, tc.format, le.Format)
			_, err = Decode([]byte(strings.ReplaceAll(tc.input, long, long[1:])), decode.Options{Format: tc.format, Limits: decode.Limits{MaxAttrValueBytes: 16}})
			require.NoError(t, err, "a string at the limit is accepted")
		})
	}
}
