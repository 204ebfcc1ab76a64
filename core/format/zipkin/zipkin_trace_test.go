package zipkin

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spanlens/spanlens/core/internal/decode"
	"github.com/spanlens/spanlens/core/internal/decode/decodetest"
	"github.com/spanlens/spanlens/core/model"
)

// Pieces are grouped by span id before 64-bit trace ids take their
// 128-bit trace's high half (unifyTraceIDs), so grouping must still keep
// apart traces that share only their low half.
func TestZipkinTraceHalves(t *testing.T) {
	const (
		t1  = "000000000000000100000000000000aa"
		t2  = "000000000000000200000000000000aa"
		t64 = "00000000000000aa"
	)
	type got struct {
		trace, id, parent string
		kind              model.SpanKind
		events            int
	}
	tests := []struct {
		name  string
		spans []string
		want  []got
	}{
		{
			name: "one id in two 128-bit traces with one low half stays two spans",
			spans: []string{
				`{"traceId":"` + t1 + `","id":"02","timestamp":1}`,
				`{"traceId":"` + t2 + `","id":"02","timestamp":1}`,
			},
			want: []got{{t1, "02", "", 0, 0}, {t2, "02", "", 0, 0}},
		},
		{
			name: "a 64-bit server half joins its 128-bit client",
			spans: []string{
				`{"traceId":"` + t1 + `","id":"02","kind":"CLIENT","timestamp":1,"localEndpoint":{"serviceName":"a"}}`,
				`{"traceId":"` + t64 + `","id":"02","kind":"SERVER","timestamp":2,"localEndpoint":{"serviceName":"b"}}`,
			},
			want: []got{{t1, "02", "", model.KindClient, 0}, {t1, "srv", "02", model.KindServer, 0}},
		},
		{
			name: "a 64-bit late piece joins the first 128-bit trace of its low half",
			spans: []string{
				`{"traceId":"` + t1 + `","id":"02","timestamp":1}`,
				`{"traceId":"` + t2 + `","id":"02","timestamp":1}`,
				`{"traceId":"` + t64 + `","id":"02","annotations":[{"timestamp":5,"value":"late"}]}`,
			},
			want: []got{{t1, "02", "", 0, 1}, {t2, "02", "", 0, 0}},
		},
		{
			name: "the 64-bit piece may come first",
			spans: []string{
				`{"traceId":"` + t64 + `","id":"02","annotations":[{"timestamp":5,"value":"late"}]}`,
				`{"traceId":"` + t2 + `","id":"02","timestamp":1}`,
			},
			want: []got{{t2, "02", "", 0, 1}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := decodeZipkin(zdoc(tt.spans...), decode.Limits{})
			require.NoError(t, err)
			assert.Empty(t, b.Warnings)
			var spans []got
			for _, sp := range b.Spans {
				spans = append(spans, got{sp.TraceID.String(), halfID(sp.ID), halfID(sp.ParentID), sp.Kind, len(sp.Events)})
			}
			for i := range tt.want {
				tt.want[i].trace = decodetest.TraceID(tt.want[i].trace).String()
			}
			assert.Equal(t, tt.want, spans)
		})
	}
}

// halfID writes an id as shortID does, and the server half of 02 as "srv".
func halfID(id model.SpanID) string {
	switch id {
	case model.SpanID{}:
		return ""
	case zipkinServerID("02", ""):
		return "srv"
	}
	return shortID(id)
}
