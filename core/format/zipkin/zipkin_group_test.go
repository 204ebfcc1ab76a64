package zipkin

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spanlens/spanlens/core/internal/decode"
	"github.com/spanlens/spanlens/core/model"
)

// A span id's pieces are merged with each other, which costs the square
// of their number; a group holds at most maxGroup pieces that differ in
// class, so that records sharing one id cannot make a decode quadratic
// (40,000 such records, 3.5 MB, took 50 s).
func TestZipkinGroupBound(t *testing.T) {
	piece := func(i int) string {
		return fmt.Sprintf(`{"traceId":"aa","id":"02","timestamp":1,"localEndpoint":{"serviceName":"s%d"}}`, i)
	}
	late := `{"traceId":"aa","id":"02","annotations":[{"timestamp":5,"value":"late"}]}`
	overflow := fmt.Sprintf("zipkin: span id 0000000000000002 had more than %d pieces that differ in kind or local endpoint; each piece past a full group began a new group, merged only within itself (new groups begun: 1)", maxGroup)

	t.Run("a late piece fills a group and joins its first half", func(t *testing.T) {
		spans := make([]string, maxGroup-1)
		for i := range spans {
			spans[i] = piece(i)
		}
		b, err := decodeZipkin(zdoc(append(spans, late)...), decode.Limits{})
		require.NoError(t, err)
		require.Len(t, b.Spans, maxGroup-1)
		assert.Equal(t, []model.Event{{Time: 5000, Name: "late"}}, b.Spans[0].Events)
		assert.Empty(t, b.Warnings)
	})
	t.Run("past a full group, pieces begin another", func(t *testing.T) {
		spans := make([]string, maxGroup+1)
		for i := range spans {
			spans[i] = piece(i)
		}
		b, err := decodeZipkin(zdoc(append(spans, late)...), decode.Limits{})
		require.NoError(t, err)
		require.Len(t, b.Spans, maxGroup+1, "the late piece joins the second group's half")
		assert.Empty(t, b.Spans[0].Events)
		assert.Equal(t, "s32", b.Spans[maxGroup].Service)
		assert.Equal(t, []model.Event{{Time: 5000, Name: "late"}}, b.Spans[maxGroup].Events)
		var warnings []string
		for _, w := range b.Warnings {
			warnings = append(warnings, w.Message)
		}
		assert.Equal(t, []string{overflow}, warnings)
	})
	// Each of these was quadratic: in the chain of classes a record is
	// matched against, or in merging a group's pieces.
	for name, rec := range map[string]func(i int) string{
		"services": piece,
		"traces sharing a low half": func(i int) string {
			return fmt.Sprintf(`{"traceId":"%016x00000000000000aa","id":"02","timestamp":1}`, i)
		},
		"server halves": func(i int) string {
			return fmt.Sprintf(`{"traceId":"aa","id":"02","kind":"SERVER","shared":true,"timestamp":1,"localEndpoint":{"serviceName":"s%d"}},{"traceId":"aa","id":"%x","parentId":"02","timestamp":1}`, i, i+16)
		},
	} {
		t.Run(name, func(t *testing.T) {
			n := 100_000
			if testing.Short() {
				n = 10_000
			}
			recs := make([]string, n)
			for i := range recs {
				recs[i] = rec(i + 1)
			}
			b, err := decodeZipkin("["+strings.Join(recs, ",")+"]", decode.Limits{MaxSpans: 2 * n})
			require.NoError(t, err)
			assert.GreaterOrEqual(t, len(b.Spans), n)
		})
	}
}

// TestZipkinWarningsCounted: spans without timestamps each have their
// warning up to decode.MaxWarningsPerKind; the rest are counted in one.
func TestZipkinWarningsCounted(t *testing.T) {
	n := decode.MaxWarningsPerKind + 50
	recs := make([]string, n)
	for i := range recs {
		recs[i] = fmt.Sprintf(`{"traceId":"aa","id":"%x"}`, i+1)
	}
	b, err := decodeZipkin(zdoc(recs...), decode.Limits{})
	require.NoError(t, err)
	require.Len(t, b.Spans, n)
	require.Len(t, b.Warnings, decode.MaxWarningsPerKind+1)
	for i, w := range b.Warnings[:decode.MaxWarningsPerKind] {
		require.Equal(t, model.Warning{Span: int32(i), Message: "zipkin: span has no timestamp"}, w)
	}
	assert.Equal(t, model.Warning{Span: -1, Message: "zipkin: span has no timestamp; and 50 more like it, not listed"}, b.Warnings[decode.MaxWarningsPerKind])
}
