package otlpproto

import (
	"errors"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spanlens/spanlens/core/internal/decode"
	"github.com/spanlens/spanlens/core/model"
)

// TestModelBudget checks the memory budget on a protobuf span with 1000
// empty events: 2 input bytes each (tag 0x5a, length 0) become a 48-byte
// model.Event each (time 8, name 16, attributes 24), so the model is about
// 24 bytes per input byte.
func TestModelBudget(t *testing.T) {
	span := pbSpan()
	for range 1000 {
		span = span.msg(11, nil)
	}
	input := pbTraces(span)
	require.Equal(t, int64(48), decode.EventBytes)
	size := decode.SpanBytes + int64(len("op")) + 1000*decode.EventBytes
	ratio := float64(size) / float64(len(input))
	require.InDelta(t, 23.5, ratio, 1, "the case is what the comment says")

	tests := []struct {
		name   string
		limits decode.Limits
		limit  string
		max    int64
	}{
		{"ratio refuses", decode.Limits{MaxModelBytesPerInputByte: 16}, "MaxModelBytesPerInputByte", 16},
		{"ratio accepts", decode.Limits{MaxModelBytesPerInputByte: 32}, "", 0},
		{"absolute refuses", decode.Limits{MaxModelBytes: size - 1}, "MaxModelBytes", size - 1},
		{"absolute accepts", decode.Limits{MaxModelBytes: size}, "", 0},
		{"the smaller bound names itself", decode.Limits{MaxModelBytesPerInputByte: 16, MaxModelBytes: 100}, "MaxModelBytes", 100},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := testDecode(input, decode.Options{Format: model.OTLPProto, Limits: tc.limits})
			if tc.limit == "" {
				require.NoError(t, err)
				assert.Len(t, b.Spans[0].Events, 1000)
				return
			}
			var le *decode.LimitError
			require.True(t, errors.As(err, &le), "%T: %v", err, err)
			assert.Equal(t, tc.limit, le.Limit)
			assert.Equal(t, tc.max, le.Max)
			assert.Contains(t, err.Error(), "span 0: model ≈ ")
			assert.Contains(t, err.Error(), "input exceeds Limits."+tc.limit)
		})
	}
}

func TestModelBudgetLimits(t *testing.T) {
	d := decode.Limits{}.WithDefaults()
	assert.Equal(t, 64, d.MaxModelBytesPerInputByte)
	if runtime.GOARCH == "wasm" {
		assert.Equal(t, int64(1<<30), d.MaxModelBytes, "a module dies near 4 GiB")
	} else {
		assert.Equal(t, int64(8<<30), d.MaxModelBytes)
	}
	got := decode.Limits{MaxModelBytesPerInputByte: 1000, MaxModelBytes: 1 << 40}.Within(decode.Limits{MaxModelBytesPerInputByte: 8, MaxModelBytes: 1 << 20})
	assert.Equal(t, 8, got.MaxModelBytesPerInputByte, "a request cannot raise the ratio")
	assert.Equal(t, int64(1<<20), got.MaxModelBytes, "nor the bound")

	// A ratio too large to multiply leaves the absolute bound in charge.
	st := decode.NewState(model.Zipkin, make([]byte, 1<<20), decode.Options{Limits: decode.Limits{MaxModelBytesPerInputByte: 1 << 62}})
	assert.Equal(t, d.MaxModelBytes, st.Budget)
	assert.False(t, st.Ratio)
}
