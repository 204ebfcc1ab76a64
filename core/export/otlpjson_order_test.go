package export_test

import (
	"testing"

	"github.com/spanlens/spanlens/core/export"
	"github.com/stretchr/testify/assert"
)

// TestOTLPJSONKeepsSpanOrder is FuzzRoundTrip's finding: a scopeSpans
// without a scope before one with a scope, or a resourceSpans without a
// resource before one with, came back reordered, since groups were sorted
// by index with "none" last. Groups now follow first appearance.
func TestOTLPJSONKeepsSpanOrder(t *testing.T) {
	span := func(id string) string {
		return `{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"` + id + `","name":"s` + id[15:] + `"}`
	}
	tests := []struct{ name, doc string }{
		{"scope-less scopeSpans first", `{"resourceSpans":[{"scopeSpans":[` +
			`{"spans":[` + span("0000000000000001") + `]},` +
			`{"scope":{"name":"lib"},"spans":[` + span("0000000000000002") + `]}]}]}`},
		{"resource-less resourceSpans first", `{"resourceSpans":[` +
			`{"scopeSpans":[{"spans":[` + span("0000000000000001") + `]}]},` +
			`{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"a"}}]},"scopeSpans":[{"spans":[` + span("0000000000000002") + `]}]}]}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b1 := decode(t, []byte(tc.doc), export.OTLPJSON)
			b2 := decode(t, encode(t, b1, export.OTLPJSON), export.OTLPJSON)
			var names []string
			for _, sp := range b2.Spans {
				names = append(names, sp.Name)
			}
			want := []string{"s1", "s2"}
			assert.Equal(t, want, names)
			requireSameModel(t, b1, b2)
		})
	}
}
