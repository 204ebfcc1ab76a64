package otlpjson

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestPrefix(t *testing.T) {
	assert.Nil(t, prefix([]byte(`{"data":[`)))
	assert.Nil(t, prefix([]byte(`{"resourceSpans":[{"resource":{}`)))
	assert.Equal(t, `{"resourceSpans":[{"resource":{}}]}`, string(prefix([]byte(`{"resourceSpans":[{"resource":{}},{"resource":{"att`))))
	// Between spans: the spans array, its scopeSpans element and array, its
	// resource and the document are closed.
	assert.Equal(t, `{"resourceSpans":[{"resource":{},"scopeSpans":[{"spans":[{"traceId":"a"}]}]}]}`,
		string(prefix([]byte(`{"resourceSpans":[{"resource":{},"scopeSpans":[{"spans":[{"traceId":"a"},{"traceId":"b","na`))))
}
