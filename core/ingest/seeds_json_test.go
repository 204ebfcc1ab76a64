package ingest

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spanlens/spanlens/core/internal/decode"
	"github.com/spanlens/spanlens/core/model"
)

func TestSeedValueTypes(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want model.Value
	}{
		{"string", `"gpt-4"`, model.StringValue("gpt-4")},
		{"int", `42`, model.IntValue(42)},
		{"negative int", `-7`, model.IntValue(-7)},
		{"float with zero fraction stays a double", `4.0`, model.DoubleValue(4)},
		{"exponent is a double", `1e3`, model.DoubleValue(1000)},
		{"int beyond int64 becomes a double", `9223372036854775808`, model.DoubleValue(9223372036854775808)},
		{"bool", `true`, model.BoolValue(true)},
		{"null is empty", `null`, model.Value{}},
		{"array keeps element types", `[1, "a", 0.5, false]`,
			model.ArrayValue(model.IntValue(1), model.StringValue("a"), model.DoubleValue(0.5), model.BoolValue(false))},
		{"object becomes a map", `{"type": "react", "limits": {"steps": 10}}`,
			model.MapValue(
				model.Attr{Key: "type", Value: model.StringValue("react")},
				model.Attr{Key: "limits", Value: model.MapValue(model.Attr{Key: "steps", Value: model.IntValue(10)})})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := decode.NewSeedCtx(Tutorial, []byte(tt.in), decode.Options{})
			v, err := c.Value()
			require.NoError(t, err)
			assert.Truef(t, tt.want.Equal(v), "got %s (%s); want %s (%s)", v.AsString(), v.Type(), tt.want.AsString(), tt.want.Type())
		})
	}
}

func TestSeedValueErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		lim  decode.Limits
		want string
	}{
		{"bad literal", `{"a": nope}`, decode.Limits{}, `a: want null, got "nope}"`},
		{"NaN is not JSON", `{"a": [NaN]}`, decode.Limits{}, `a[0]: want a value, got "NaN]}"`},
		{"long string", `{"a": "0123456789"}`, decode.Limits{MaxAttrValueBytes: 4},
			`ingest: tutorial: a: input exceeds Limits.MaxAttrValueBytes (4); raise the limit to accept it`},
		{"too many members", `{"a": 1, "b": 2, "c": 3}`, decode.Limits{MaxAttrsPerSpan: 2},
			`ingest: tutorial: c: input exceeds Limits.MaxAttrsPerSpan (2); raise the limit to accept it`},
		{"too deep", `{"a": {"b": {"c": 1}}}`, decode.Limits{MaxDepth: 2}, `a.b: nesting deeper than 2 levels (raise Limits.MaxDepth)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := decode.NewSeedCtx(Tutorial, []byte(tt.in), decode.Options{Limits: tt.lim})
			_, err := c.Attrs(nil, "")
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
		})
	}
}

func TestSeedIDs(t *testing.T) {
	const uuid = "0f8fad5b-d9cb-469f-a165-70867728950e"
	tests := []struct {
		name      string
		trace     string
		span      string
		wantTrace string
		wantSpan  string
		hashed    bool
	}{
		{"hex ids parse", "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
			"4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", false},
		{"uuid trace id loses its dashes", uuid, "a3ce929d0e0e4736",
			"0f8fad5bd9cb469fa16570867728950e", "a3ce929d0e0e4736", false},
		{"short hex is left-padded", "abc", "1", "00000000000000000000000000000abc", "0000000000000001", false},
		{"uuid span id is hashed", uuid, uuid,
			"0f8fad5bd9cb469fa16570867728950e", model.HashSpanID([]byte(uuid)).String(), true},
		{"names are hashed", "run-42", "step one",
			model.HashTraceID([]byte("run-42")).String(), model.HashSpanID([]byte("step one")).String(), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := decode.NewSeedCtx(Tutorial, nil, decode.Options{})
			assert.Equal(t, tt.wantTrace, c.TraceID([]byte(tt.trace)).String())
			assert.Equal(t, tt.wantSpan, c.SpanID([]byte(tt.span)).String())
			assert.Equal(t, tt.hashed, c.Hashed)
			c.Finish()
			assert.Equal(t, tt.hashed, len(c.State.Batch.Warnings) == 1)
		})
	}
	c := decode.NewSeedCtx(Tutorial, nil, decode.Options{})
	assert.True(t, c.TraceID(nil).IsZero(), "empty trace id")
	assert.True(t, c.SpanID([]byte{}).IsZero(), "empty span id")
	assert.False(t, c.Hashed)
}

func TestSeedTime(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    int64
		present bool
		err     string
	}{
		{"iso string", `{"t": "2024-01-15T10:30:00.5"}`, 1705314600500000000, true, ""},
		{"unix seconds", `{"t": 1705314600.5}`, 1705314600500000000, true, ""},
		{"null", `{"t": null}`, 0, false, ""},
		{"bad string", `{"t": "soon"}`, 0, false, `t: want an ISO-8601 date-time such as "2024-01-15T10:30:00.123456", got "soon"`},
		{"seconds out of range", `{"t": 1e300}`, 0, false, `t: want Unix seconds, got 1e+300 (out of range)`},
		{"wrong type", `{"t": true}`, 0, false, `t: want a date-time string or Unix seconds, got boolean`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := decode.NewSeedCtx(Tutorial, []byte(tt.in), decode.Options{})
			var got int64
			var present bool
			err := c.Scan.Object(func([]byte) error {
				var err error
				got, present, err = c.Time()
				return err
			})
			if tt.err != "" {
				require.Error(t, err)
				assert.Equal(t, tt.err, err.Error())
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.present, present)
		})
	}
}

func TestNumberValueNonFinite(t *testing.T) {
	v := decode.NumberValue([]byte("1e999"))
	assert.True(t, math.IsInf(v.Double(), 1))
}
