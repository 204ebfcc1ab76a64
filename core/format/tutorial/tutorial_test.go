package tutorial

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spanlens/spanlens/core/internal/decode"
	"github.com/spanlens/spanlens/core/internal/decode/decodetest"
	"github.com/spanlens/spanlens/core/model"
)

// tutSec is 2026-11-25T22:29:47Z, the second the samples were recorded in.
const tutSec = int64(1795645787) * 1e9

// tutID is the SpanID the decoder derives from a uuid4 span id.
func tutID(uuid string) model.SpanID { return model.HashSpanID([]byte(uuid)) }

func TestTutorialExampleUsage(t *testing.T) {
	// The tutorial's own "Example usage": process_query → {validate, llm_call → generate}.
	b := decodetest.Decode(t, testDecode, model.Tutorial, string(decodetest.Testdata(t, samples, "tutorial")["example_usage.json"]))
	require.Len(t, b.Spans, 4)
	assert.Equal(t, "tutorial", string(b.Format))
	assert.Equal(t, []model.Warning{{Span: -1, Message: "some ids are not hex (UUID strings?); they were hashed into trace and span ids"}}, b.Warnings)

	root := tutID("e2d83c7f-ed77-4c7a-b95b-96065b1d6d80")
	llm := tutID("8e005e84-3782-4b36-b2f5-1e3a983c0adb")
	tests := []struct {
		name       string
		id, parent model.SpanID
		start, end int64
		status     model.StatusCode
	}{
		{"process_query", root, model.SpanID{}, tutSec + 337328000, tutSec + 347640000, model.StatusUnset},
		{"validate", tutID("dd10b29e-231c-4111-b16f-261fbbcbe088"), root, tutSec + 337374000, tutSec + 337385000, model.StatusOK},
		{"llm_call", llm, root, tutSec + 337454000, tutSec + 347629000, model.StatusOK},
		{"generate", tutID("403fefc6-bfba-4bc2-a504-ba356edb304a"), llm, tutSec + 337467000, tutSec + 347594000, model.StatusOK},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sp := &b.Spans[i]
			assert.Equal(t, tt.name, sp.Name)
			assert.Equal(t, "6f144a8765dc4e24950032e57e22168b", sp.TraceID.String(), "uuid4 trace id without its dashes")
			assert.Equal(t, tt.id, sp.ID)
			assert.Equal(t, tt.parent, sp.ParentID)
			assert.Equal(t, tt.start, sp.Start)
			assert.Equal(t, tt.end, sp.End)
			assert.Equal(t, model.Status{Code: tt.status}, sp.Status)
			assert.Equal(t, "agent_service", sp.Service)
			assert.Equal(t, model.KindInternal, sp.Kind)
			assert.Equal(t, int32(-1), sp.Resource)
		})
	}
	require.Len(t, b.Spans[1].Events, 1)
	assert.Equal(t, model.Event{Time: tutSec + 337378000, Name: "validation_passed"}, b.Spans[1].Events[0])
	assert.Equal(t, "gpt-4", decodetest.Attr(t, &b.Spans[2], "model").Str())
	assert.Equal(t, int64(500), decodetest.Attr(t, &b.Spans[3], "tokens").Int())
}

func TestTutorialAgentRun(t *testing.T) {
	// The tutorial's TracedAgentExecutor: the second search timed out, and
	// an export_report span was still open when the trace was written.
	b := decodetest.Decode(t, testDecode, model.Tutorial, string(decodetest.Testdata(t, samples, "tutorial")["agent_run.json"]))
	require.Len(t, b.Spans, 10)
	assert.Equal(t, []model.Warning{
		{Span: 9, Message: `span "export_report" has no end time (still running when written?); drawn with zero duration`},
		{Span: -1, Message: "some ids are not hex (UUID strings?); they were hashed into trace and span ids"},
	}, b.Warnings)

	run, iter1, llm1, tool1, iter2, tool2, report := &b.Spans[0], &b.Spans[1], &b.Spans[2], &b.Spans[4], &b.Spans[5], &b.Spans[8], &b.Spans[9]
	assert.Equal(t, "agent_run", run.Name)
	assert.Equal(t, "research-agent", run.Service)
	assert.Equal(t, model.Status{Code: model.StatusError, Message: "search timed out after 5s"}, run.Status)
	assert.Equal(t, tutSec+349328000, run.Start)
	assert.Equal(t, tutSec+394276000, run.End)
	assert.Equal(t, run.ID, iter1.ParentID)
	assert.Equal(t, iter1.ID, llm1.ParentID)
	assert.Equal(t, run.ID, iter2.ParentID)
	assert.Equal(t, iter2.ID, tool2.ParentID)
	assert.Equal(t, model.Status{Code: model.StatusOK}, tool1.Status)
	assert.Equal(t, model.Status{Code: model.StatusError, Message: "search timed out after 5s"}, tool2.Status)

	// JSON types survive: ints, doubles, bools, strings, arrays and maps.
	assert.Equal(t, int64(56), decodetest.Attr(t, run, "task.length").Int())
	assert.Equal(t, "react", decodetest.Attr(t, run, "agent_type").Str())
	assert.Equal(t, int64(1000), decodetest.Attr(t, llm1, "llm.prompt_tokens").Int())
	assert.Equal(t, 0.7, decodetest.Attr(t, llm1, "llm.temperature").Double())
	assert.InDelta(t, 12.547, decodetest.Attr(t, llm1, "llm.duration_ms").Double(), 0.001)
	assert.True(t, decodetest.Attr(t, tool1, "tool.success").Bool())
	require.Len(t, run.Events, 2)
	started := run.Events[0]
	assert.Equal(t, "agent_started", started.Name)
	assert.Equal(t, tutSec+349338000, started.Time)
	cfg := decodetest.Attr(t, &model.Span{Attrs: started.Attrs}, "config")
	want := model.MapValue(
		model.Attr{Key: "type", Value: model.StringValue("react")},
		model.Attr{Key: "model", Value: model.StringValue("gpt-4")},
		model.Attr{Key: "max_iterations", Value: model.IntValue(3)})
	assert.Truef(t, want.Equal(cfg), "config = %s", cfg.AsString())
	keys := decodetest.Attr(t, &model.Span{Attrs: tool2.Events[0].Attrs}, "input_keys")
	assert.True(t, model.ArrayValue(model.StringValue("query")).Equal(keys))

	// The tutorial's own names gain the standard keys beside them.
	assert.Equal(t, "gpt-4", decodetest.Attr(t, llm1, "gen_ai.request.model").Str())
	assert.Equal(t, int64(1000), decodetest.Attr(t, llm1, "gen_ai.usage.input_tokens").Int())
	assert.Equal(t, int64(200), decodetest.Attr(t, llm1, "gen_ai.usage.output_tokens").Int())
	assert.Equal(t, "search", decodetest.Attr(t, tool1, "gen_ai.tool.name").Str())

	assert.Equal(t, "export_report", report.Name)
	assert.True(t, report.ParentID.IsZero())
	assert.Equal(t, tutSec+394748000, report.Start)
	assert.Equal(t, report.Start, report.End)
	assert.Equal(t, model.StatusUnset, report.Status.Code)
}

// tutSpan is a to_json span with the given id, parent and extra members.
func tutSpan(id, parent, extra string) string {
	return `{"span_id":"` + id + `","parent_span_id":` + parent + `,"name":"s` + id + `","start_time":"2024-01-15T10:30:00",` +
		`"end_time":"2024-01-15T10:30:01.5","duration_ms":1500.0,"status":"ok","attributes":{},"events":[]` + extra + `}`
}

func TestTutorialShapes(t *testing.T) {
	const start = int64(1705314600) * 1e9
	tests := []struct {
		name   string
		in     string
		spans  int
		check  func(t *testing.T, b *model.Batch)
		warned []string
	}{
		{"sorted keys put spans before trace_id", `{"spans":[` + tutSpan("1", "null", "") + `],"trace_id":"abc"}`, 1,
			func(t *testing.T, b *model.Batch) {
				assert.Equal(t, "00000000000000000000000000000abc", b.Spans[0].TraceID.String())
				assert.Equal(t, start+1500*1e6, b.Spans[0].End)
			}, nil},
		{"several documents", `{"trace_id":"a","spans":[` + tutSpan("1", "null", "") + `]}` + "\n" +
			`[{"trace_id":"b","spans":[` + tutSpan("2", `"1"`, "") + `]}]`, 2,
			func(t *testing.T, b *model.Batch) {
				assert.Equal(t, "0000000000000000000000000000000b", b.Spans[1].TraceID.String())
				assert.Equal(t, "0000000000000001", b.Spans[1].ParentID.String())
			}, nil},
		{"end from duration when end_time is null", `{"trace_id":"a","spans":[` +
			strings.Replace(tutSpan("1", "null", ""), `"2024-01-15T10:30:01.5"`, "null", 1) + `]}`, 1,
			func(t *testing.T, b *model.Batch) { assert.Equal(t, start+1500*1e6, b.Spans[0].End) }, nil},
		{"aware times and epoch seconds", `{"trace_id":"a","spans":[` +
			strings.Replace(strings.Replace(tutSpan("1", "null", ""), `"2024-01-15T10:30:00"`, `"2024-01-15T11:30:00+01:00"`, 1),
				`"2024-01-15T10:30:01.5"`, `1705314601.5`, 1) + `]}`, 1,
			func(t *testing.T, b *model.Batch) {
				assert.Equal(t, start, b.Spans[0].Start)
				assert.Equal(t, start+1500*1e6, b.Spans[0].End)
			}, nil},
		{"no service.name", `{"trace_id":"a","spans":[` + tutSpan("1", "null", "") + `]}`, 1,
			func(t *testing.T, b *model.Batch) { assert.Equal(t, "unknown", b.Spans[0].Service) }, nil},
		{"standard keys already there are kept", `{"trace_id":"a","spans":[` +
			strings.Replace(tutSpan("1", "null", ""), `"attributes":{}`, `"attributes":{"llm.model":"a","gen_ai.request.model":"b"}`, 1) + `]}`, 1,
			func(t *testing.T, b *model.Batch) {
				assert.Len(t, b.Spans[0].Attrs, 2)
				assert.Equal(t, "b", decodetest.Attr(t, &b.Spans[0], "gen_ai.request.model").Str())
			}, nil},
		{"unknown status", `{"trace_id":"a","spans":[` + strings.Replace(tutSpan("1", "null", ""), `"ok"`, `"STATUS_OK"`, 1) + `]}`, 1,
			func(t *testing.T, b *model.Batch) { assert.Equal(t, model.StatusUnset, b.Spans[0].Status.Code) },
			[]string{`unknown span status "STATUS_OK" (want unset, ok or error); read as unset`}},
		{"no trace id", `{"spans":[` + tutSpan("1", "null", "") + `]}`, 1,
			func(t *testing.T, b *model.Batch) {
				assert.Equal(t, "4fd4480107659b92245ab9d57d16743f", b.Spans[0].TraceID.String()) // decode.MissingTraceID
			},
			[]string{"1 span(s) without trace_id; they share trace 4fd4480107659b92245ab9d57d16743f"}},
		{"status_description only names errors", `{"trace_id":"a","spans":[` +
			strings.Replace(tutSpan("1", "null", ""), `"attributes":{}`, `"attributes":{"status_description":"fine"}`, 1) + `]}`, 1,
			func(t *testing.T, b *model.Batch) {
				assert.Equal(t, model.Status{Code: model.StatusOK}, b.Spans[0].Status)
			}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := decodetest.Decode(t, testDecode, model.Tutorial, tt.in)
			require.Len(t, b.Spans, tt.spans)
			tt.check(t, b)
			var got []string
			for _, w := range b.Warnings {
				got = append(got, w.Message)
			}
			assert.Equal(t, tt.warned, got)
		})
	}
}

func TestTutorialErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"bad start time", `{"trace_id":"a","spans":[` + tutSpan("1", "null", "") + `,` +
			strings.Replace(tutSpan("2", "null", ""), `"2024-01-15T10:30:00"`, `"15/01/2024"`, 1) + `]}`,
			`ingest: tutorial: spans[1].start_time: want an ISO-8601 date-time such as "2024-01-15T10:30:00.123456", got "15/01/2024"`},
		{"missing span id", `{"trace_id":"a","spans":[{"name":"x","start_time":"2024-01-15T10:30:00"}]}`,
			`ingest: tutorial: spans[0]: missing span_id`},
		{"missing start", `{"trace_id":"a","spans":[{"span_id":"1","name":"x"}]}`,
			`ingest: tutorial: spans[0]: missing start_time`},
		{"attributes not an object", `{"trace_id":"a","spans":[` +
			strings.Replace(tutSpan("1", "null", ""), `"attributes":{}`, `"attributes":[]`, 1) + `]}`,
			`ingest: tutorial: spans[0].attributes: want object, got array`},
		{"not a tutorial trace", `{"data":[]}`, `ingest: tutorial: no "spans" member: not a tutorial trace`},
		{"empty", "", `ingest: tutorial: empty input`},
		{"truncated", `{"trace_id":"a","spans":[` + tutSpan("1", "null", ""), `ingest: tutorial: spans[0]: want ',' or ']', got end of input (truncated?)`},
		{"too many spans", `{"trace_id":"a","spans":[` + tutSpan("1", "null", "") + `,` + tutSpan("2", "null", "") + `]}`,
			`ingest: tutorial: input exceeds Limits.MaxSpans (1); raise the limit to accept it`},
		{"too many events", `{"trace_id":"a","spans":[` +
			strings.Replace(tutSpan("1", "null", ""), `"events":[]`, `"events":[{"name":"a"},{"name":"b"}]`, 1) + `]}`,
			`ingest: tutorial: spans[0].events[1]: input exceeds Limits.MaxEventsPerSpan (1); raise the limit to accept it`},
		// Found by FuzzTutorial: attribute keys escaped the limit that
		// every other string of the model keeps.
		{"attribute key too long", `{"trace_id":"a","spans":[` +
			strings.Replace(tutSpan("1", "null", ""), `"attributes":{}`, `"attributes":{"`+strings.Repeat("k", 65)+`":true}`, 1) + `]}`,
			`ingest: tutorial: spans[0].attributes.` + strings.Repeat("k", 64) + `...: input exceeds Limits.MaxAttrValueBytes (64); raise the limit to accept it`},
		{"event attribute key too long", `{"trace_id":"a","spans":[` +
			strings.Replace(tutSpan("1", "null", ""), `"events":[]`, `"events":[{"name":"a","attributes":{"`+strings.Repeat("k", 65)+`":1}}]`, 1) + `]}`,
			`ingest: tutorial: spans[0].events[0].attributes.` + strings.Repeat("k", 64) + `...: input exceeds Limits.MaxAttrValueBytes (64); raise the limit to accept it`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := testDecode([]byte(tt.in), decode.Options{Format: model.Tutorial, Limits: decode.Limits{MaxSpans: 1, MaxEventsPerSpan: 1, MaxAttrValueBytes: 64}})
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
		})
	}
}

func FuzzTutorial(f *testing.F) {
	decodetest.Fuzz(f, samples, testDecode, model.Tutorial, "tutorial")
}

func BenchmarkDecodeTutorial(b *testing.B) {
	data := decodetest.Testdata(b, samples, "tutorial")["agent_run.json"]
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := testDecode(data, decode.Options{Format: model.Tutorial}); err != nil {
			b.Fatal(err)
		}
	}
}
