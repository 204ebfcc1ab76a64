package otlpproto

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spanlens/spanlens/core/internal/decode"
	"github.com/spanlens/spanlens/core/internal/decode/decodetest"
	"github.com/spanlens/spanlens/core/model"
)

// TestOTLPProtoFastKeyValue covers the KeyValues fastKeyValue reads
// (either field order: pdata writes the value first) and the ones it must
// leave to the general reading, which then reports the same errors.
func TestOTLPProtoFastKeyValue(t *testing.T) {
	const span = "resourceSpans[0].scopeSpans[0].spans[0]"
	valueFirst := func(key string, v pb) pb { return pb(nil).msg(2, v).str(1, key) }
	b, err := pbDecode(pbTraces(pbSpan().
		msg(9, valueFirst("s", pbStr("GET"))).
		msg(9, valueFirst("b", pbBool(true))).
		msg(9, valueFirst("i", pbInt(-3))).
		msg(9, valueFirst("d", pbDouble(0.5))).
		msg(9, pbKV("big", pbInt(300))).                    // a two-byte varint
		msg(9, pbKV("twice", pbStr("x")).str(1, "again"))), // key repeated: last wins
		decode.Limits{})
	require.NoError(t, err)
	require.Len(t, b.Spans, 1)
	attrs := b.Spans[0].Attrs
	require.Len(t, attrs, 6)
	decodetest.Same(t, model.Attr{Key: "s", Value: model.StringValue("GET")}, attrs[0])
	assert.Equal(t, model.Attr{Key: "b", Value: model.BoolValue(true)}, attrs[1])
	assert.Equal(t, model.Attr{Key: "i", Value: model.IntValue(-3)}, attrs[2])
	assert.Equal(t, math.Float64bits(0.5), math.Float64bits(attrs[3].Value.Double()))
	assert.Equal(t, model.Attr{Key: "big", Value: model.IntValue(300)}, attrs[4])
	decodetest.Same(t, model.Attr{Key: "again", Value: model.StringValue("x")}, attrs[5])

	bad := string([]byte{0xff, 0xfe})
	for _, tt := range []struct {
		name  string
		input []byte
		want  string
	}{
		{"bad key, value first", pbTraces(pbSpan().msg(9, valueFirst(bad, pbStr("v")))),
			span + ".attributes[0].key: invalid UTF-8 in string"},
		{"bad value, value first", pbTraces(pbSpan().msg(9, valueFirst("k", pbStr(bad)))),
			span + ".attributes[0].value.stringValue: invalid UTF-8 in string"},
		{"bad key, cached value", pbTraces(pbSpan().msg(9, pbKV("k", pbStr("v"))).msg(9, pbKV(bad, pbStr("v")))),
			span + ".attributes[1].key: invalid UTF-8 in string"},
		{"bool as fixed64", pbTraces(pbSpan().msg(9, pbKV("k", pb(nil).fixed64(2, 1)))),
			span + ".attributes[0].value.boolValue: wrong wire type: want varint, got fixed64"},
	} {
		_, err := pbDecode(tt.input, decode.Limits{})
		require.Error(t, err, tt.name)
		assert.Contains(t, err.Error(), tt.want, tt.name)
	}
}
