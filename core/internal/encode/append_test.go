package encode

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/spanlens/spanlens/core/internal/keys"
	"github.com/spanlens/spanlens/core/model"
)

func TestAppendMicrosExact(t *testing.T) {
	tests := []struct {
		name string
		ns   int64
		want string
	}{
		{"zero", 0, "0"},
		{"whole micros", 5_000, "5"},
		{"sub-micro", 1, "0.001"},
		{"trailing zeros trimmed", 1_250, "1.25"},
		{"three digits", 1_700_000_000_001_000_250, "1700000000001000.25"},
		{"negative", -1_500, "-1.5"},
		{"min int64", math.MinInt64, "-9223372036854775.808"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, string(AppendMicrosExact(nil, tt.ns)))
		})
	}
}

func TestMicros(t *testing.T) {
	tests := []struct {
		ns, want int64
	}{
		{0, 0}, {999, 0}, {1_000, 1}, {1_999, 1}, {-1, -1}, {-1_000, -1}, {-1_001, -2},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, Micros(tt.ns), "micros(%d)", tt.ns)
	}
}

func TestAppendDouble(t *testing.T) {
	tests := []struct {
		f    float64
		want string
	}{
		{0, "0.0"}, {2, "2.0"}, {-3, "-3.0"}, {0.25, "0.25"}, {1e21, "1e+21"}, {1.5e-7, "1.5e-07"},
		{math.NaN(), `"NaN"`}, {math.Inf(1), `"Infinity"`}, {math.Inf(-1), `"-Infinity"`},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, string(AppendDouble(nil, tt.f)), "appendDouble(%v)", tt.f)
	}
}

func TestAppendStringTag(t *testing.T) {
	tests := []struct {
		name string
		v    model.Value
		want string
	}{
		{"string", model.StringValue("a\"b"), `"a\"b"`},
		{"int", model.IntValue(-42), `"-42"`},
		{"bool", model.BoolValue(true), `"true"`},
		{"double", model.DoubleValue(1), `"1.0"`},
		{"nan", model.DoubleValue(math.NaN()), `"NaN"`},
		{"bytes", model.BytesValue([]byte("hi")), `"aGk="`},
		{"empty", model.Value{}, `""`},
		{"array", model.ArrayValue(model.IntValue(1), model.StringValue("x")), `"[1,\"x\"]"`},
		{"escapes in a map", model.MapValue(model.Attr{Key: "q\"", Value: model.StringValue("a\\b\n")}), `"{\"q\\\"\":\"a\\\\b\\n\"}"`},
		{"empty array", model.ArrayValue(), `"[]"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, string(AppendStringTag(nil, tt.v)))
		})
	}
}

func TestExtraTags(t *testing.T) {
	b := &model.Batch{Scopes: []model.Scope{{Name: "lib", Version: "1.2"}}}
	failed := model.Span{Kind: model.KindServer, Scope: 0, Status: model.Status{Code: model.StatusError, Message: "boom"}}
	internal := model.Span{Kind: model.KindInternal, Scope: -1, Status: model.Status{Code: model.StatusError}}
	ok := model.Span{Scope: -1, Status: model.Status{Code: model.StatusOK}}
	tests := []struct {
		name  string
		sp    model.Span
		style TagStyle
		want  []ExtraTag
	}{
		{"jaeger error", failed, JaegerStyle, []ExtraTag{
			{keys.SpanKind, "server", false}, {keys.ScopeName, "lib", false}, {keys.ScopeVersion, "1.2", false},
			{keys.StatusCode, "ERROR", false}, {keys.StatusDesc, "boom", false}, {keys.Error, "true", true},
		}},
		{"zipkin error", failed, ZipkinStyle, []ExtraTag{
			{keys.ScopeName, "lib", false}, {keys.ScopeVersion, "1.2", false},
			{keys.StatusCode, "ERROR", false}, {keys.Error, "boom", false},
		}},
		{"chrome error", failed, ChromeStyle, []ExtraTag{
			{keys.SpanKind, "server", false}, {keys.ScopeName, "lib", false}, {keys.ScopeVersion, "1.2", false},
			{keys.Error, "boom", false},
		}},
		{"jaeger internal error without message", internal, JaegerStyle, []ExtraTag{
			{keys.SpanKind, "internal", false}, {keys.StatusCode, "ERROR", false}, {keys.Error, "true", true},
		}},
		{"zipkin error without message", internal, ZipkinStyle, []ExtraTag{
			{keys.StatusCode, "ERROR", false}, {keys.Error, "", false},
		}},
		{"chrome internal error without message", internal, ChromeStyle, []ExtraTag{{keys.Error, "", false}}},
		{"ok", ok, ChromeStyle, []ExtraTag{{keys.StatusCode, "OK", false}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, ExtraTags(nil, b, &tt.sp, tt.style))
		})
	}
}

func TestExtraTagsSkipsExistingAttributes(t *testing.T) {
	b := &model.Batch{}
	sp := &model.Span{
		Kind: model.KindServer, Scope: -1, Status: model.Status{Code: model.StatusError, Message: "boom"},
		Attrs: model.Attrs{{Key: "error", Value: model.BoolValue(true)}, {Key: "span.kind", Value: model.StringValue("server")}},
	}
	assert.Equal(t, []ExtraTag{
		{keys.StatusCode, "ERROR", false},
		{keys.StatusDesc, "boom", false},
	}, ExtraTags(nil, b, sp, JaegerStyle))
}
