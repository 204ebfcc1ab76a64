package ingest

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/spanlens/spanlens/core/internal/decode"
)

// seedDetectAll returns what the three sniffers say about head.
func seedDetectAll(head []byte) [3]bool {
	return [3]bool{decode.LooksLikeSpanforge(head), decode.LooksLikeTutorial(head), decode.LooksLikeMamba(head)}
}

func TestSeedDetectSamples(t *testing.T) {
	want := map[string][3]bool{
		"spanforge": {true, false, false},
		"tutorial":  {false, true, false},
		"mamba":     {false, false, true},
		// Every other format's samples must match none of them.
		"otlp-json":  {},
		"otlp-proto": {},
		"jaeger":     {},
		"zipkin":     {},
		"chrome":     {},
	}
	for dir, w := range want {
		for name, data := range seedTestdata(t, dir) {
			for _, n := range []int{4096, 512} {
				head := data[:min(n, len(data))]
				assert.Equalf(t, w, seedDetectAll(head), "%s/%s, first %d bytes (spanforge, tutorial, mamba)", dir, name, n)
			}
		}
	}
}

func TestSeedDetectShapes(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want [3]bool
	}{
		{"spanforge envelope, not sorted", `{"schema_version":"2.0","event_type":"decision.made","payload" : {}}`, [3]bool{true, false, false}},
		{"spanforge Trace.to_json", "{\n  \"agent_name\": \"a\",\n  \"spans\": [{\"span_name\": \"llm_call\", \"parent_span_id\": null, \"start_time_unix_nano\": 1}]}", [3]bool{true, false, false}},
		{"tutorial after a byte-order mark", "\ufeff  {\"trace_id\": \"x\", \"spans\": [{\"span_id\": \"a\", \"parent_span_id\": null}]}", [3]bool{false, true, false}},
		{"tutorial documents in an array", `[{"trace_id":"x","spans":[{"span_id":"a","parent_span_id":"b"}]}]`, [3]bool{false, true, false}},
		{"mamba", `{"trace_id":"x","spans":[{"name":"a","span_id":"b","parent_id":null}]}`, [3]bool{false, false, true}},
		{"OTLP with agent attribute keys as values",
			`{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"x","attributes":[{"key":"event_type","value":{"stringValue":"llm.trace.span.completed"}},` +
				`{"key":"payload","value":{}},{"key":"span_name"},{"key":"start_time_unix_nano"},{"key":"parent_id"},{"key":"span_id"}]}]}]}]}`, [3]bool{}},
		{"OTLP with protobuf field names", `{"resource_spans":[{"scope_spans":[{"spans":[{"trace_id":"a","span_id":"b","parent_span_id":"c",` +
			`"name":"x","start_time_unix_nano":"1"}]}]}]}`, [3]bool{}},
		{"Tempo batches with snake_case spans", `{"batches":[{"spans":[{"span_id":"b","parent_span_id":"c"}]}]}`, [3]bool{}},
		{"Jaeger with agent tag keys", `{"data":[{"traceID":"a","spans":[{"spanID":"b","tags":[{"key":"parent_id","value":"x"},` +
			`{"key":"parent_span_id","value":"y"},{"key":"span_id","value":"z"}]}]}]}`, [3]bool{}},
		{"Zipkin", `[{"traceId":"a","id":"b","parentId":"c","name":"get","timestamp":1,"duration":2}]`, [3]bool{}},
		{"Chrome with free-form args", `{"traceEvents":[{"name":"spans","ph":"X","args":{"spans":2,"span_id":"a","parent_id":"b","parent_span_id":"c"}}]}`, [3]bool{}},
		{"Chrome array with free-form args", `[{"name":"x","ph":"X","ts":1,"args":{"spans":1,"span_id":"a","parent_id":"b"}}]`, [3]bool{}},
		{"Chrome with spanforge-like args", `{"traceEvents":[{"ph":"i","args":{"event_type":"llm.x","payload":{},"span_name":"s","start_time_unix_nano":1}}]}`, [3]bool{}},
		{"tutorial with other formats' names in later attributes",
			`{"trace_id":"x","spans":[{"span_id":"a","parent_span_id":null,"name":"n","attributes":{"traceId":"t","parent_id":"p"}}]}`, [3]bool{false, true, false}},
		{"mamba with other formats' names in later attributes",
			`{"trace_id":"x","spans":[{"name":"a","span_id":"b","parent_id":null,"attributes":{"ph":1,"parent_span_id":"c"}}]}`, [3]bool{false, false, true}},
		{"empty", ``, [3]bool{}},
		{"text", `event_type: payload`, [3]bool{}},
		{"member name without a colon", `{"x":["spans","parent_span_id"]}`, [3]bool{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, seedDetectAll([]byte(tt.in)))
		})
	}
}
