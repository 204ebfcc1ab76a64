package spanforge

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/spanlens/spanlens/core/model"
)

func TestSpanforgeModelAndUsageFields(t *testing.T) {
	extra := `,"model":{"system":"_custom","custom_system_name":"acme-llm","name":"acme-7b","version":"3"},` +
		`"token_usage":{"prompt_tokens":10,"completion_tokens":4,"total_tokens":14,"cache_creation_tokens":6,"image_tokens":2},` +
		`"cost":{"input_cost_usd":0,"output_cost_usd":0,"total_cost_usd":0,"currency":"EUR"},` +
		`"session_id":"s-1","user_id":"u-9","max_tokens":256,"top_p":0.9,"finish_reason":["length"]`
	b := seedDecode(t, model.Spanforge, sfLine("llm.trace.span.completed", sfPayload("00f067aa0ba902b7", "llm_call:acme", sfBase, sfBase+sfMs, extra)))
	sp := &b.Spans[0]
	for key, want := range map[string]model.Value{
		"gen_ai.provider.name":                     model.StringValue("acme-llm"),
		"gen_ai.request.model":                     model.StringValue("acme-7b"),
		"spanforge.model.version":                  model.StringValue("3"),
		"gen_ai.usage.input_tokens":                model.IntValue(10),
		"gen_ai.usage.output_tokens":               model.IntValue(4),
		"gen_ai.usage.cache_creation.input_tokens": model.IntValue(6),
		"spanforge.token_usage.image_tokens":       model.IntValue(2),
		"llm.cost.total":                           model.DoubleValue(0), // an int 0 becomes a double
		"spanforge.cost.currency":                  model.StringValue("EUR"),
		"session.id":                               model.StringValue("s-1"),
		"user.id":                                  model.StringValue("u-9"),
		"gen_ai.request.max_tokens":                model.IntValue(256),
		"gen_ai.request.top_p":                     model.DoubleValue(0.9),
		"gen_ai.response.finish_reasons":           model.ArrayValue(model.StringValue("length")),
	} {
		got := seedAttr(t, sp, key)
		assert.Truef(t, want.Equal(got), "%s = %s (%s); want %s (%s)", key, got.AsString(), got.Type(), want.AsString(), want.Type())
	}
}

func TestSpanforgeInputTokensCountTheCache(t *testing.T) {
	tests := []struct {
		name      string
		system    string
		usage     string
		wantInput int64
		raw       int64 // spanforge.token_usage.input_tokens, 0 when absent
	}{
		{"openai input already counts cached tokens", "openai", `{"input_tokens":100,"output_tokens":5,"total_tokens":105,"cached_tokens":20}`, 100, 0},
		{"anthropic input excludes cache reads", "anthropic", `{"input_tokens":800,"output_tokens":5,"total_tokens":805,"cached_tokens":200}`, 1000, 800},
		{"anthropic with cache writes too", "anthropic", `{"cache_creation_tokens":50,"cached_tokens":200,"input_tokens":800,"output_tokens":5,"total_tokens":805}`, 1050, 800},
		{"anthropic without cache", "anthropic", `{"input_tokens":800,"output_tokens":5,"total_tokens":805}`, 800, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// token_usage before model: the provider is only known at the end.
			extra := `,"token_usage":` + tt.usage + `,"model":{"system":"` + tt.system + `","name":"m"}`
			b := seedDecode(t, model.Spanforge, sfLine("llm.trace.span.completed", sfPayload("00f067aa0ba902b7", "llm_call:m", sfBase, sfBase+sfMs, extra)))
			sp := &b.Spans[0]
			assert.Equal(t, tt.wantInput, seedAttr(t, sp, "gen_ai.usage.input_tokens").Int())
			raw, ok := sp.Attrs.Get("spanforge.token_usage.input_tokens")
			assert.Equal(t, tt.raw != 0, ok)
			assert.Equal(t, tt.raw, raw.Int())
		})
	}
}
