package chrome

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestPrefix(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`[{"ph":"X","args":{"a":[{"b":1}]}},{"ph":"B","na`, `[{"ph":"X","args":{"a":[{"b":1}]}}]`},
		{`{"displayTimeUnit":"ms","traceEvents":[{"ph":"B"},{"ph":"E"},{"ph"`, `{"displayTimeUnit":"ms","traceEvents":[{"ph":"B"},{"ph":"E"}]}`},
		// Whole: the events' array closed again, what follows it dropped.
		{`{"traceEvents":[{"ph":"i"}],"metadata":{"x":`, `{"traceEvents":[{"ph":"i"}]}`},
		{`{"traceEvents":[{"ph":"X","name":"cut inside`, ``},
		{`{"otherData":{"v":1}`, ``},
		{`{"resourceSpans":[{"resource":{}}]}`, ``},
		// Nesting past the scanner's depth bound is refused, not recursed into.
		{`[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[`, ``},
	} {
		got := prefix([]byte(tc.in))
		if tc.want == "" {
			assert.Nil(t, got, tc.in)
		} else {
			assert.Equal(t, tc.want, string(got), tc.in)
		}
	}
}
