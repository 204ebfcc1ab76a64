package otelstdout

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spanlens/spanlens/core/internal/decode"
	"github.com/spanlens/spanlens/core/internal/decode/decodetest"
	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/internal/golden"
)

// TestOTelStdoutPretty checks the pretty-printed sample against the values
// the run printed. Both samples were written by real runs of a small
// program on stdouttrace v1.47.0 and sdk v1.47.0 (in a module of its own:
// otel is no dependency of spanlens), once with WithPrettyPrint and once
// with the default one-line output: a server span with an attribute of
// every type, an internal child, a client call that links to that child,
// has a child of its own and records an error, and a producer with an
// event. The spans come as they ended: children first.
func TestOTelStdoutPretty(t *testing.T) {
	b := decodetest.Decode(t, testDecode, model.OTelStdout, string(decodetest.Testdata(t, samples, "otel-stdout")["pretty.json"]))
	assert.Equal(t, "otel-stdout", string(b.Format))
	assert.Empty(t, b.Warnings)
	require.Len(t, b.Spans, 5)

	// Every span repeats the resource; it is kept once.
	require.Len(t, b.Resources, 1)
	decodetest.Same(t, model.Resource{Service: "checkout", Attrs: model.Attrs{
		{Key: "host.name", Value: model.StringValue("web-1")},
		{Key: "service.name", Value: model.StringValue("checkout")},
		{Key: "service.version", Value: model.StringValue("1.4.2")},
	}}, b.Resources[0])
	require.Len(t, b.Scopes, 1)
	assert.Equal(t, model.Scope{Name: "example.com/checkout", Version: "0.3.0"}, b.Scopes[0])

	// 2026-12-01T19:44:10Z is Unix 1796154250.
	const sec = 1796154250_000000000
	const root = "2aef30ee9c0bcb60"
	tests := []struct {
		name, id, parent string
		kind             model.SpanKind
		start, end       int64
		status           model.Status
	}{
		{"price cart", "59f494d64b4fddca", root, model.KindInternal, sec + 332265209, sec + 334431429, model.Status{}},
		{"SELECT payments", "50f4180284439e2f", "394788afffb833dc", model.KindInternal, sec + 334734046, sec + 335815044, model.Status{}},
		{"POST payments", "394788afffb833dc", root, model.KindClient, sec + 334731951, sec + 339004101,
			model.Status{Code: model.StatusError, Message: "payment gateway: 502 Bad Gateway"}},
		{"publish order.failed", "42278ae0bab200c3", root, model.KindProducer, sec + 339047413, sec + 339048390,
			model.Status{Code: model.StatusOK}},
		{"POST /checkout", root, "0000000000000000", model.KindServer, sec + 332259743, sec + 339090215,
			model.Status{Code: model.StatusError, Message: "payment failed"}},
	}
	for i, tt := range tests {
		sp := &b.Spans[i]
		assert.Equal(t, "9f0be67f078827c2ef49fffce85a1d45", sp.TraceID.String(), tt.name)
		assert.Equal(t, tt.name, sp.Name)
		assert.Equal(t, tt.id, sp.ID.String(), tt.name)
		assert.Equal(t, tt.parent, sp.ParentID.String(), tt.name)
		assert.Equal(t, tt.kind, sp.Kind, tt.name)
		assert.Equal(t, tt.start, sp.Start, tt.name)
		assert.Equal(t, tt.end, sp.End, tt.name)
		assert.Equal(t, tt.status, sp.Status, tt.name)
		assert.Equal(t, "checkout", sp.Service, tt.name)
		assert.Equal(t, int32(0), sp.Resource, tt.name)
		assert.Equal(t, int32(0), sp.Scope, tt.name)
	}

	// Every attribute type the SDK has, on the root.
	decodetest.Same(t, model.Attrs{
		{Key: "http.request.method", Value: model.StringValue("POST")},
		{Key: "http.response.status_code", Value: model.IntValue(502)},
		{Key: "retry", Value: model.BoolValue(true)},
		{Key: "cart.total", Value: model.DoubleValue(42.5)},
		{Key: "cart.items", Value: model.ArrayValue(model.StringValue("book"), model.StringValue("pen"))},
		{Key: "cart.quantities", Value: model.ArrayValue(model.IntValue(1), model.IntValue(3))},
		{Key: "cart.gift", Value: model.ArrayValue(model.BoolValue(false), model.BoolValue(true))},
		// 30 is written without a fraction; FLOAT64SLICE keeps it a double.
		{Key: "cart.prices", Value: model.ArrayValue(model.DoubleValue(30), model.DoubleValue(4.25))},
		// "yv4B" is base64 for ca fe 01.
		{Key: "cart.token", Value: model.BytesValue([]byte{0xca, 0xfe, 0x01})},
		{Key: "cart.mixed", Value: model.ArrayValue(model.StringValue("a"), model.IntValue(2))},
		{Key: "cart.owner", Value: model.MapValue(
			model.Attr{Key: "id", Value: model.StringValue("u-17")},
			model.Attr{Key: "vip", Value: model.BoolValue(false)})},
		{Key: "cart.note", Value: model.Value{}},
	}, b.Spans[4].Attrs)

	// The payment call links to the pricing span and recorded the error.
	call := &b.Spans[2]
	require.Len(t, call.Links, 1)
	assert.Equal(t, "9f0be67f078827c2ef49fffce85a1d45", call.Links[0].TraceID.String())
	assert.Equal(t, "59f494d64b4fddca", call.Links[0].SpanID.String())
	decodetest.Same(t, model.Attrs{{Key: "link.reason", Value: model.StringValue("priced by")}}, call.Links[0].Attrs)
	require.Len(t, call.Events, 1)
	decodetest.Same(t, model.Event{Name: "exception", Time: sec + 339003403, Attrs: model.Attrs{
		{Key: "exception.type", Value: model.StringValue("*errors.errorString")},
		{Key: "exception.message", Value: model.StringValue("payment gateway: 502 Bad Gateway")},
	}}, call.Events[0])
	assert.Equal(t, []model.Event{{Name: "enqueued", Time: sec + 339048207,
		Attrs: model.Attrs{{Key: "queue.depth", Value: model.IntValue(7)}}}}, b.Spans[3].Events)
}

// TestOTelStdoutLines: the default output (one object per line) of the
// same program decodes to the same trace shape.
func TestOTelStdoutLines(t *testing.T) {
	files := decodetest.Testdata(t, samples, "otel-stdout")
	pretty := decodetest.Decode(t, testDecode, model.OTelStdout, string(files["pretty.json"]))
	lines := decodetest.Decode(t, testDecode, model.OTelStdout, string(files["lines.jsonl"]))
	assert.Equal(t, 5, strings.Count(string(files["lines.jsonl"]), "\n"), "one span per line")
	require.Len(t, lines.Spans, len(pretty.Spans))
	decodetest.Same(t, pretty.Resources, lines.Resources)
	assert.Equal(t, pretty.Scopes, lines.Scopes)
	for i := range pretty.Spans {
		p, l := pretty.Spans[i], lines.Spans[i]
		assert.Equal(t, p.Name, l.Name)
		assert.Equal(t, p.Kind, l.Kind)
		assert.Equal(t, p.Status, l.Status)
		decodetest.Same(t, p.Attrs, l.Attrs)
		assert.Equal(t, len(p.Events), len(l.Events))
		assert.Equal(t, len(p.Links), len(l.Links))
		assert.Equal(t, p.ParentID.IsZero(), l.ParentID.IsZero())
	}
}

// TestOTelStdoutGolden compares a dump of each sample with its golden file
// (go test -run OTelStdoutGolden -update).
func TestOTelStdoutGolden(t *testing.T) {
	for name, data := range decodetest.Testdata(t, samples, "otel-stdout") {
		if filepath.Ext(name) == ".golden" {
			continue
		}
		t.Run(name, func(t *testing.T) {
			b, err := testDecode(data, decode.Options{})
			require.NoError(t, err)
			got := decodetest.Dump(b)
			golden.Check(t, filepath.Join("../../../testdata/otel-stdout", name+".golden"), got)
		})
	}
}

// stdoutSpan is a minimal stdouttrace span with extra members.
func stdoutSpan(extra string) string {
	return `{"Name":"a","SpanContext":{"TraceID":"0af7651916cd43dd8448eb211c80319c","SpanID":"b7ad6b7169203331"},` +
		`"Parent":{"TraceID":"00000000000000000000000000000000","SpanID":"0000000000000000"},` +
		`"StartTime":"2024-01-01T00:00:00Z","EndTime":"2024-01-01T00:00:01+01:00"` + extra + `}`
}

func TestOTelStdoutShapes(t *testing.T) {
	// 2024-01-01T00:00:00Z is Unix 1704067200; 00:00:01+01:00 is
	// 23:00:01Z the day before, 3599 s earlier.
	const start, end = 1704067200_000000000, 1704067200_000000000 - 3600_000000000 + 1_000000000
	t.Run("array of spans", func(t *testing.T) {
		b := decodetest.Decode(t, testDecode, model.OTelStdout, "["+stdoutSpan("")+","+stdoutSpan(`,"Name":"b"`)+"]")
		require.Len(t, b.Spans, 2)
		assert.Equal(t, "b", b.Spans[1].Name)
		assert.Equal(t, int64(start), b.Spans[0].Start)
		assert.Equal(t, int64(end), b.Spans[0].End)
	})
	t.Run("not ended", func(t *testing.T) {
		b := decodetest.Decode(t, testDecode, model.OTelStdout, strings.Replace(stdoutSpan(""), "2024-01-01T00:00:01+01:00", "0001-01-01T00:00:00Z", 1))
		assert.Equal(t, b.Spans[0].Start, b.Spans[0].End)
		assert.Equal(t, []model.Warning{{Span: 0, Message: `span "a" has no end time (still running when written?); drawn with zero duration`}}, b.Warnings)
	})
	t.Run("library without scope", func(t *testing.T) {
		b := decodetest.Decode(t, testDecode, model.OTelStdout, stdoutSpan(`,"InstrumentationLibrary":{"Name":"lib","Version":"1"}`))
		assert.Equal(t, []model.Scope{{Name: "lib", Version: "1"}}, b.Scopes)
	})
	t.Run("value before type", func(t *testing.T) {
		b := decodetest.Decode(t, testDecode, model.OTelStdout, stdoutSpan(`,"Attributes":[{"Key":"k","Value":{"Value":3,"Type":"INT64"}}]`))
		assert.Equal(t, model.Attrs{{Key: "k", Value: model.IntValue(3)}}, b.Spans[0].Attrs)
	})
	t.Run("nil slice", func(t *testing.T) {
		b := decodetest.Decode(t, testDecode, model.OTelStdout, stdoutSpan(`,"Attributes":[{"Key":"k","Value":{"Type":"STRINGSLICE","Value":null}}]`))
		decodetest.Same(t, model.Attrs{{Key: "k", Value: model.ArrayValue()}}, b.Spans[0].Attrs)
	})
	t.Run("unknown type", func(t *testing.T) {
		b := decodetest.Decode(t, testDecode, model.OTelStdout, stdoutSpan(`,"Attributes":[{"Key":"k","Value":{"Type":"INT128","Value":"9"}}]`))
		decodetest.Same(t, model.Attrs{{Key: "k", Value: model.StringValue("9")}}, b.Spans[0].Attrs)
		assert.Equal(t, []model.Warning{{Span: -1, Message: `otel-stdout: Attributes[0].Value.Value: unknown attribute type "INT128"; read by its JSON type`}}, b.Warnings)
	})
	t.Run("numeric status", func(t *testing.T) {
		b := decodetest.Decode(t, testDecode, model.OTelStdout, stdoutSpan(`,"Status":{"Code":2,"Description":"x"}`))
		assert.Equal(t, model.Status{Code: model.StatusError, Message: "x"}, b.Spans[0].Status)
	})
}

func TestOTelStdoutErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"no span context", `{"Name":"a"}`,
			`ingest: otel-stdout: line 1: missing "SpanContext": not a stdouttrace span`},
		{"short trace id", strings.Replace(stdoutSpan(""), "0af7651916cd43dd8448eb211c80319c", "0af7", 1),
			`ingest: otel-stdout: line 1: SpanContext.TraceID: want 32 hex digits, got "0af7"`},
		{"bad span id", strings.Replace(stdoutSpan(""), "b7ad6b7169203331", "b7ad6b716920333x", 1),
			`ingest: otel-stdout: line 1: SpanContext.SpanID: want 16 hex digits, got "b7ad6b716920333x"`},
		{"zero span id", strings.Replace(stdoutSpan(""), "b7ad6b7169203331", "0000000000000000", 1),
			`ingest: otel-stdout: line 1: span "a" has a zero SpanID`},
		{"bad time", strings.Replace(stdoutSpan(""), "2024-01-01T00:00:00Z", "yesterday", 1),
			`ingest: otel-stdout: line 1: StartTime: want an RFC 3339 time such as "2026-01-15T10:30:00.123456789Z", got "yesterday"`},
		{"fractional int", stdoutSpan(`,"Attributes":[{"Key":"k","Value":{"Type":"INT64","Value":1.5}}]`),
			`ingest: otel-stdout: line 1: Attributes[0].Value.Value: INT64: want an integer, got 1.5`},
		{"bad base64", stdoutSpan(`,"Attributes":[{"Key":"k","Value":{"Type":"BYTESLICE","Value":"%%"}}]`),
			`ingest: otel-stdout: line 1: Attributes[0].Value.Value: BYTESLICE: want base64, got "%%"`},
		{"bool slice of strings", stdoutSpan(`,"Attributes":[{"Key":"k","Value":{"Type":"BOOLSLICE","Value":["x"]}}]`),
			`ingest: otel-stdout: line 1: Attributes[0].Value.Value[0]: want boolean, got string`},
		{"bad status", stdoutSpan(`,"Status":{"Code":"Maybe"}`),
			`ingest: otel-stdout: line 1: Status.Code: want Unset, Ok or Error, got "Maybe"`},
		{"no spans", `[]`, `ingest: otel-stdout: no span with a "SpanContext": not stdouttrace output`},
		{"second document", stdoutSpan("") + "\n{\"Name\":", `ingest: otel-stdout: line 2: Name: want string, got end of input (truncated?)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := testDecode([]byte(tt.in), decode.Options{Format: model.OTelStdout})
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
		})
	}
}

func TestOTelStdoutLimits(t *testing.T) {
	attrs := `,"Attributes":[{"Key":"a","Value":{"Type":"STRING","Value":"xyz"}},{"Key":"b","Value":{"Type":"BOOL","Value":true}}]`
	events := `,"Events":[{"Name":"e","Time":"2024-01-01T00:00:00Z"}],"Links":[{"SpanContext":{"SpanID":"b7ad6b7169203332"}}]`
	tests := []struct {
		name   string
		in     string
		limits decode.Limits
		want   string
	}{
		{"attributes", stdoutSpan(attrs), decode.Limits{MaxAttrsPerSpan: 1},
			"MaxAttrsPerSpan"},
		{"value bytes", stdoutSpan(attrs), decode.Limits{MaxAttrValueBytes: 2},
			"MaxAttrValueBytes"},
		{"events and links", stdoutSpan(events), decode.Limits{MaxEventsPerSpan: 1},
			"MaxEventsPerSpan"},
		{"spans", stdoutSpan("") + stdoutSpan(""), decode.Limits{MaxSpans: 1},
			"MaxSpans"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := testDecode([]byte(tt.in), decode.Options{Format: model.OTelStdout, Limits: tt.limits})
			var le *decode.LimitError
			require.ErrorAs(t, err, &le)
			assert.Equal(t, tt.want, le.Limit)
			assert.Equal(t, model.OTelStdout, le.Format)
		})
	}
}

func FuzzOTelStdout(f *testing.F) {
	decodetest.Fuzz(f, samples, testDecode, model.OTelStdout, "otel-stdout")
}
