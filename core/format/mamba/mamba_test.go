package mamba

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spanlens/spanlens/core/internal/decode"
	"github.com/spanlens/spanlens/core/internal/decode/decodetest"
	"github.com/spanlens/spanlens/core/model"
)

func TestMambaRequestTrace(t *testing.T) {
	// RequestTracer appends spans as they end: the children come first,
	// then agent.run, their parent.
	b := decodetest.Decode(t, testDecode, model.Mamba, string(decodetest.Testdata(t, samples, "mamba")["request_trace.json"]))
	require.Len(t, b.Spans, 4)
	assert.Equal(t, "mamba", string(b.Format))
	assert.Empty(t, b.Warnings, "hex ids, every span ended")

	require.Len(t, b.Resources, 1)
	res := b.Resources[0]
	assert.Equal(t, "mamba-agents", res.Service)
	decodetest.Same(t, model.Attrs{
		{Key: "request_id", Value: model.StringValue("req-42")},
		{Key: "user", Value: model.StringValue("alice")},
	}, res.Attrs)

	// Times are time.time() floats rounded to the microsecond: 1795646020.2694185 s
	// is 1795646020269418.5 µs, which rounds up.
	const run = "4a53ba87488a4f1a"
	tests := []struct {
		name, id, parent string
		start, end       int64
		status           model.Status
	}{
		{"llm.request", "ae88aa82f9d84424", run, 1795646020269419000, 1795646020283803000, model.Status{Code: model.StatusOK}},
		{"tool.read_file", "c5bac93729e34fe3", run, 1795646020283883000, 1795646020287149000,
			model.Status{Code: model.StatusError, Message: "FileNotFoundError: /etc/app.toml"}},
		{"llm.request", "4f1f9deb6f2442e2", run, 1795646020287227000, 1795646020295467000, model.Status{Code: model.StatusOK}},
		{"agent.run", run, "0000000000000000", 1795646020269406000, 1795646020295477000, model.Status{Code: model.StatusOK}},
	}
	for i, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			sp := &b.Spans[i]
			assert.Equal(t, tt.name, sp.Name)
			assert.Equal(t, "f78fabe9631743b98bcf15b04ed5718f", sp.TraceID.String())
			assert.Equal(t, tt.id, sp.ID.String())
			assert.Equal(t, tt.parent, sp.ParentID.String())
			assert.Equal(t, tt.start, sp.Start)
			assert.Equal(t, tt.end, sp.End)
			assert.Equal(t, tt.status, sp.Status)
			assert.Equal(t, "mamba-agents", sp.Service)
			assert.Equal(t, int32(0), sp.Resource)
			assert.Equal(t, model.KindInternal, sp.Kind)
		})
	}
	llm, tool, llm2, agent := &b.Spans[0], &b.Spans[1], &b.Spans[2], &b.Spans[3]
	assert.Equal(t, int64(1500), decodetest.Attr(t, llm, "tokens").Int())
	assert.Equal(t, 0.0125, decodetest.Attr(t, llm, "cost_usd").Double())
	assert.Equal(t, int64(812), decodetest.Attr(t, agent, "prompt_chars").Int())
	assert.True(t, decodetest.Attr(t, llm2, "streamed").Bool())
	assert.True(t, model.ArrayValue(model.StringValue("\n\n"), model.StringValue("END")).Equal(decodetest.Attr(t, llm2, "stop")))
	require.Len(t, tool.Events, 1)
	assert.Equal(t, "retry", tool.Events[0].Name)
	assert.Equal(t, int64(1795646020283892000), tool.Events[0].Time)
	decodetest.Same(t, model.Attrs{
		{Key: "attempt", Value: model.IntValue(1)},
		{Key: "reason", Value: model.StringValue("EAGAIN")},
	}, tool.Events[0].Attrs)
}

func TestMambaPropagatedTrace(t *testing.T) {
	// RequestTracer.from_header("00-4bf92f...-00f067aa0ba902b7-01"): the root's
	// parent is the remote caller's span, which is not in the file.
	b := decodetest.Decode(t, testDecode, model.Mamba, string(decodetest.Testdata(t, samples, "mamba")["propagated.json"]))
	require.Len(t, b.Spans, 2)
	child, root := &b.Spans[0], &b.Spans[1]
	assert.Equal(t, "handle_request", root.Name)
	assert.Equal(t, "00f067aa0ba902b7", root.ParentID.String())
	assert.Equal(t, root.ID, child.ParentID)
	assert.Equal(t, "4bf92f3577b34da6a3ce929d0e0e4736", root.TraceID.String())
	assert.Equal(t, int64(1795646020296706000), root.Start)
	assert.Equal(t, int64(1795646020296722000), root.End)
	assert.Empty(t, b.Resources[0].Attrs)
}

// mambaSpan is a SpanData object with the given id and extra members.
func mambaSpan(id, extra string) string {
	return `{"name":"op","span_id":"` + id + `","parent_id":null,"start_time":1705314600.25,"end_time":1705314601.0,` +
		`"attributes":{},"events":[],"status":"ok","error":null` + extra + `}`
}

func TestMambaShapes(t *testing.T) {
	const start = int64(1705314600250000000)
	tests := []struct {
		name   string
		in     string
		check  func(t *testing.T, b *model.Batch)
		warned []string
	}{
		{"service from the trace attributes", `{"trace_id":"ab","spans":[` + mambaSpan("01", "") + `],"attributes":{"service.name":"support-bot"}}`,
			func(t *testing.T, b *model.Batch) { assert.Equal(t, "support-bot", b.Spans[0].Service) }, nil},
		{"service_name spelling", `{"spans":[` + mambaSpan("01", "") + `],"attributes":{"service_name":"bot"},"trace_id":"ab"}`,
			func(t *testing.T, b *model.Batch) {
				assert.Equal(t, "bot", b.Spans[0].Service)
				assert.Equal(t, "000000000000000000000000000000ab", b.Spans[0].TraceID.String(), "trace id after the spans")
			}, nil},
		{"unfinished span", `{"trace_id":"ab","spans":[` + strings.Replace(mambaSpan("01", ""), `1705314601.0`, `null`, 1) + `]}`,
			func(t *testing.T, b *model.Batch) { assert.Equal(t, start, b.Spans[0].End) },
			[]string{`span "op" has no end time (still running when written?); drawn with zero duration`}},
		{"end from a duration_ms property", `{"trace_id":"ab","spans":[` +
			strings.Replace(mambaSpan("01", `,"duration_ms":250.5`), `1705314601.0`, `null`, 1) + `]}`,
			func(t *testing.T, b *model.Batch) { assert.Equal(t, start+250500000, b.Spans[0].End) }, nil},
		{"error text without status", `{"trace_id":"ab","spans":[` + mambaSpan("01", `,"error":"boom"`) + `]}`,
			func(t *testing.T, b *model.Batch) {
				assert.Equal(t, model.Status{Code: model.StatusError, Message: "boom"}, b.Spans[0].Status)
			}, nil},
		{"several traces", `[{"trace_id":"a","spans":[` + mambaSpan("01", "") + `]},{"trace_id":"b","spans":[` + mambaSpan("02", "") + `]}]` +
			"\n" + `{"trace_id":"c","spans":[]}`,
			func(t *testing.T, b *model.Batch) {
				require.Len(t, b.Spans, 2)
				assert.Len(t, b.Resources, 2, "no resource for a trace without spans")
				assert.Equal(t, int32(1), b.Spans[1].Resource)
				assert.Equal(t, "0000000000000000000000000000000b", b.Spans[1].TraceID.String())
			}, nil},
		{"ISO times", `{"trace_id":"ab","spans":[` + strings.Replace(mambaSpan("01", ""), `1705314600.25`, `"2024-01-15T10:30:00.25Z"`, 1) + `]}`,
			func(t *testing.T, b *model.Batch) { assert.Equal(t, start, b.Spans[0].Start) }, nil},
		{"unknown status", `{"trace_id":"ab","spans":[` + mambaSpan("01", `,"status":"cancelled"`) + `]}`,
			func(t *testing.T, b *model.Batch) { assert.Equal(t, model.StatusUnset, b.Spans[0].Status.Code) },
			[]string{`unknown span status "cancelled" (want ok or error); read as unset`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := decodetest.Decode(t, testDecode, model.Mamba, tt.in)
			tt.check(t, b)
			var got []string
			for _, w := range b.Warnings {
				got = append(got, w.Message)
			}
			assert.Equal(t, tt.warned, got)
		})
	}
}

func TestMambaErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"start time not a number", `{"trace_id":"ab","spans":[` + mambaSpan("01", "") + `,` +
			strings.Replace(mambaSpan("02", ""), `1705314600.25`, `"noon"`, 1) + `]}`,
			`ingest: mamba: spans[1].start_time: want an ISO-8601 date-time such as "2024-01-15T10:30:00.123456", got "noon"`},
		{"start time out of range", `{"trace_id":"ab","spans":[` + strings.Replace(mambaSpan("01", ""), `1705314600.25`, `1.7e12`, 1) + `]}`,
			`ingest: mamba: spans[0].start_time: want Unix seconds, got 1.7e+12 (out of range)`},
		{"missing span id", `{"trace_id":"ab","spans":[{"name":"x","start_time":1}]}`, `ingest: mamba: spans[0]: missing span_id`},
		{"missing start", `{"trace_id":"ab","spans":[{"name":"x","span_id":"01"}]}`, `ingest: mamba: spans[0]: missing start_time`},
		{"spans not an array", `{"trace_id":"ab","spans":{}}`, `ingest: mamba: spans: want array, got object`},
		{"not a mamba trace", `{"traceEvents":[]}`, `ingest: mamba: no "spans" member: not a mamba-agents trace`},
		{"empty", "\n", `ingest: mamba: empty input`},
		{"too many spans", `{"trace_id":"ab","spans":[` + mambaSpan("01", "") + `,` + mambaSpan("02", "") + `]}`,
			`ingest: mamba: input exceeds Limits.MaxSpans (1); raise the limit to accept it`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := testDecode([]byte(tt.in), decode.Options{Format: model.Mamba, Limits: decode.Limits{MaxSpans: 1}})
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
		})
	}
}

func FuzzMamba(f *testing.F) {
	decodetest.Fuzz(f, samples, testDecode, model.Mamba, "mamba")
}

func BenchmarkDecodeMamba(b *testing.B) {
	data := decodetest.Testdata(b, samples, "mamba")["request_trace.json"]
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := testDecode(data, decode.Options{Format: model.Mamba}); err != nil {
			b.Fatal(err)
		}
	}
}
