package jaeger

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spanlens/spanlens/core/internal/decode"
)

// TestJaegerWarningsByText: the warnings a Jaeger span carries are
// counted past decode.MaxWarningsPerKind by their text, not lumped
// together as one kind: a text repeated on every span is cut short, and
// another listed still.
func TestJaegerWarningsByText(t *testing.T) {
	n := decode.MaxWarningsPerKind + 20
	spans := make([]string, n)
	for i := range spans {
		w := `"warnings":["clock skew"]`
		if i == n-1 {
			w = `"warnings":["clock skew","late"]`
		}
		spans[i] = jaegerSpan(fmt.Sprintf("%x", i+1), w)
	}
	b, err := decodeJaeger(jaegerDoc(spans...), decode.Limits{})
	require.NoError(t, err)
	var msgs []string
	for _, w := range b.Warnings {
		msgs = append(msgs, w.Message)
	}
	require.Len(t, msgs, decode.MaxWarningsPerKind+2)
	for _, m := range msgs[:decode.MaxWarningsPerKind] {
		require.Equal(t, "jaeger: clock skew", m)
	}
	assert.Equal(t, []string{"jaeger: late", "jaeger: clock skew; and 20 more like it, not listed"}, msgs[decode.MaxWarningsPerKind:])
}
