package otlpjson

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spanlens/spanlens/core/format"
	"github.com/spanlens/spanlens/core/format/otelstdout"
	"github.com/spanlens/spanlens/core/internal/decode"
	"github.com/spanlens/spanlens/core/internal/decode/decodetest"
	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/internal/golden"
)

func decodeOTLPJSON(data string, lim decode.Limits) (*model.Batch, error) {
	return testDecode([]byte(data), decode.Options{Format: model.OTLPJSON, Limits: lim})
}

// spanDoc wraps span JSON objects in one resource and one scope.
func spanDoc(spans ...string) string {
	return `{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]},` +
		`"scopeSpans":[{"scope":{"name":"lib","version":"1.0"},"spans":[` + strings.Join(spans, ",") + `]}]}]}`
}

// spanWith is a valid span with extra members appended (later members win).
func spanWith(extra string) string {
	s := `{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","name":"op"`
	if extra != "" {
		s += "," + extra
	}
	return s + "}"
}

// attrDoc is a document whose only span has one attribute "k" with the given
// AnyValue JSON.
func attrDoc(value string) string {
	return spanDoc(spanWith(`"attributes":[{"key":"k","value":` + value + `}]`))
}

var (
	traceA = model.TraceID{0x0a, 0xf7, 0x65, 0x19, 0x16, 0xcd, 0x43, 0xdd, 0x84, 0x48, 0xeb, 0x21, 0x1c, 0x80, 0x31, 0x9c}
	spanB  = model.SpanID{0xb7, 0xad, 0x6b, 0x71, 0x69, 0x20, 0x33, 0x31}
)

func TestOTLPJSONSpanFields(t *testing.T) {
	tests := []struct {
		name  string
		doc   string
		check func(t *testing.T, sp model.Span)
	}{
		{
			name: "hex ids upper case",
			doc:  spanDoc(`{"traceId":"0AF7651916CD43DD8448EB211C80319C","spanId":"B7AD6B7169203331","parentSpanId":"00F067AA0BA902B7"}`),
			check: func(t *testing.T, sp model.Span) {
				assert.Equal(t, traceA, sp.TraceID)
				assert.Equal(t, spanB, sp.ID)
				assert.Equal(t, "00f067aa0ba902b7", sp.ParentID.String())
			},
		},
		{
			name: "base64 ids as Tempo writes them",
			doc:  spanDoc(`{"traceId":"CvdlGRbNQ92ESOshHIAxnA==","spanId":"t61rcWkgMzE=","parentSpanId":"APBnqgupArc="}`),
			check: func(t *testing.T, sp model.Span) {
				assert.Equal(t, traceA, sp.TraceID)
				assert.Equal(t, spanB, sp.ID)
				assert.Equal(t, "00f067aa0ba902b7", sp.ParentID.String())
			},
		},
		{
			name: "unpadded url-safe base64 ids",
			doc:  spanDoc(`{"traceId":"_____________________w","spanId":"-_-_-_-_-_8"}`),
			check: func(t *testing.T, sp model.Span) {
				assert.Equal(t, "ffffffffffffffffffffffffffffffff", sp.TraceID.String())
				assert.Equal(t, "fbffbffbffbffbff", sp.ID.String())
			},
		},
		{
			name: "64-bit hex trace id is left-padded",
			doc:  spanDoc(`{"traceId":"8448eb211c80319c","spanId":"b7ad6b7169203331"}`),
			check: func(t *testing.T, sp model.Span) {
				assert.Equal(t, "00000000000000008448eb211c80319c", sp.TraceID.String())
			},
		},
		{
			name: "zero parent id means root",
			doc:  spanDoc(spanWith(`"parentSpanId":"0000000000000000"`)),
			check: func(t *testing.T, sp model.Span) {
				assert.True(t, sp.ParentID.IsZero())
			},
		},
		{
			name: "base64 zero parent id means root",
			doc:  spanDoc(spanWith(`"parentSpanId":"AAAAAAAAAAA="`)),
			check: func(t *testing.T, sp model.Span) {
				assert.True(t, sp.ParentID.IsZero())
			},
		},
		{
			name: "empty and null parent ids mean root",
			doc:  spanDoc(spanWith(`"parentSpanId":""`)),
			check: func(t *testing.T, sp model.Span) {
				assert.True(t, sp.ParentID.IsZero())
			},
		},
		{
			name: "times as strings",
			doc:  spanDoc(spanWith(`"startTimeUnixNano":"1767262800000000000","endTimeUnixNano":"1767262800412000001"`)),
			check: func(t *testing.T, sp model.Span) {
				assert.Equal(t, int64(1767262800000000000), sp.Start)
				assert.Equal(t, int64(1767262800412000001), sp.End)
				assert.Equal(t, int64(412000001), sp.Duration())
			},
		},
		{
			name: "times as numbers stay exact above 2^53",
			doc:  spanDoc(spanWith(`"startTimeUnixNano":9007199254740993,"endTimeUnixNano":9223372036854775807`)),
			check: func(t *testing.T, sp model.Span) {
				assert.Equal(t, int64(1<<53+1), sp.Start)
				assert.Equal(t, int64(math.MaxInt64), sp.End)
			},
		},
		{
			name: "time 2^53+1 as string",
			doc:  spanDoc(spanWith(`"startTimeUnixNano":"9007199254740993"`)),
			check: func(t *testing.T, sp model.Span) {
				assert.Equal(t, int64(9007199254740993), sp.Start)
			},
		},
		{
			name: "kind and status as numbers",
			doc:  spanDoc(spanWith(`"kind":3,"status":{"code":1}`)),
			check: func(t *testing.T, sp model.Span) {
				assert.Equal(t, model.KindClient, sp.Kind)
				assert.Equal(t, model.StatusOK, sp.Status.Code)
			},
		},
		{
			name: "kind and status as enum names",
			doc:  spanDoc(spanWith(`"kind":"SPAN_KIND_SERVER","status":{"code":"STATUS_CODE_ERROR","message":"boom"}`)),
			check: func(t *testing.T, sp model.Span) {
				assert.Equal(t, model.KindServer, sp.Kind)
				assert.Equal(t, model.Status{Code: model.StatusError, Message: "boom"}, sp.Status)
			},
		},
		{
			name: "kind names without prefix, any case",
			doc:  spanDoc(spanWith(`"kind":"consumer","status":{"code":"Ok"}`)),
			check: func(t *testing.T, sp model.Span) {
				assert.Equal(t, model.KindConsumer, sp.Kind)
				assert.Equal(t, model.StatusOK, sp.Status.Code)
			},
		},
		{
			name: "enum numbers written as strings",
			doc:  spanDoc(spanWith(`"kind":"2","status":{"code":"2"}`)),
			check: func(t *testing.T, sp model.Span) {
				assert.Equal(t, model.KindServer, sp.Kind)
				assert.Equal(t, model.StatusError, sp.Status.Code)
			},
		},
		{
			name: "unknown enum numbers read as unspecified",
			doc:  spanDoc(spanWith(`"kind":9,"status":{"code":7}`)),
			check: func(t *testing.T, sp model.Span) {
				assert.Equal(t, model.KindUnspecified, sp.Kind)
				assert.Equal(t, model.StatusUnset, sp.Status.Code)
			},
		},
		{
			name: "unknown and ignored fields are skipped",
			doc: spanDoc(spanWith(`"traceState":"rojo=1","flags":257,"droppedAttributesCount":3,` +
				`"future":{"nested":[1,{"x":null},"s"]},"droppedEventsCount":0,"status":{"deprecatedCode":1,"code":2}`)),
			check: func(t *testing.T, sp model.Span) {
				assert.Equal(t, "op", sp.Name)
				assert.Equal(t, model.StatusError, sp.Status.Code)
			},
		},
		{
			name: "null members are defaults",
			doc:  spanDoc(spanWith(`"kind":null,"attributes":null,"events":null,"links":null,"status":null,"parentSpanId":null`)),
			check: func(t *testing.T, sp model.Span) {
				assert.Equal(t, model.KindUnspecified, sp.Kind)
				assert.Nil(t, sp.Attrs)
				assert.True(t, sp.ParentID.IsZero())
			},
		},
		{
			name: "resource and scope",
			doc:  spanDoc(spanWith("")),
			check: func(t *testing.T, sp model.Span) {
				assert.Equal(t, "svc", sp.Service)
				assert.Equal(t, int32(0), sp.Resource)
				assert.Equal(t, int32(0), sp.Scope)
			},
		},
		{
			name: "events",
			doc: spanDoc(spanWith(`"events":[{"timeUnixNano":"1767262800000000005","name":"exception",` +
				`"attributes":[{"key":"exception.type","value":{"stringValue":"E"}}],"droppedAttributesCount":0},{"name":"bare"}]`)),
			check: func(t *testing.T, sp model.Span) {
				require.Len(t, sp.Events, 2)
				decodetest.Same(t, model.Event{Time: 1767262800000000005, Name: "exception",
					Attrs: model.Attrs{{Key: "exception.type", Value: model.StringValue("E")}}}, sp.Events[0])
				assert.Equal(t, model.Event{Name: "bare"}, sp.Events[1])
			},
		},
		{
			name: "links",
			doc: spanDoc(spanWith(`"links":[{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"00f067aa0ba902b7",` +
				`"traceState":"rojo=00f067aa0ba902b7","flags":1,"attributes":[{"key":"n","value":{"intValue":"1"}}]}]`)),
			check: func(t *testing.T, sp model.Span) {
				require.Len(t, sp.Links, 1)
				l := sp.Links[0]
				assert.Equal(t, traceA, l.TraceID)
				assert.Equal(t, "00f067aa0ba902b7", l.SpanID.String())
				assert.Equal(t, "rojo=00f067aa0ba902b7", l.TraceState)
				assert.Equal(t, model.Attrs{{Key: "n", Value: model.IntValue(1)}}, l.Attrs)
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := decodeOTLPJSON(tt.doc, decode.Limits{})
			require.NoError(t, err)
			require.Len(t, b.Spans, 1)
			tt.check(t, b.Spans[0])
		})
	}
}

func TestOTLPJSONAttributeValues(t *testing.T) {
	tests := []struct {
		name  string
		value string
		want  model.Value
	}{
		{"string", `{"stringValue":"héllo \"x\""}`, model.StringValue(`héllo "x"`)},
		{"bool", `{"boolValue":true}`, model.BoolValue(true)},
		{"int as string", `{"intValue":"-42"}`, model.IntValue(-42)},
		{"int as number", `{"intValue":42}`, model.IntValue(42)},
		{"int above 2^53 as string", `{"intValue":"9007199254740993"}`, model.IntValue(9007199254740993)},
		{"int above 2^53 as number", `{"intValue":9007199254740993}`, model.IntValue(9007199254740993)},
		{"int min", `{"intValue":"-9223372036854775808"}`, model.IntValue(math.MinInt64)},
		{"double", `{"doubleValue":0.25}`, model.DoubleValue(0.25)},
		{"double written as integer", `{"doubleValue":3}`, model.DoubleValue(3)},
		{"double as string", `{"doubleValue":"1.5e3"}`, model.DoubleValue(1500)},
		{"double Infinity", `{"doubleValue":"Infinity"}`, model.DoubleValue(math.Inf(1))},
		{"double -Infinity", `{"doubleValue":"-Infinity"}`, model.DoubleValue(math.Inf(-1))},
		{"bytes", `{"bytesValue":"3q2+7w=="}`, model.BytesValue([]byte{0xde, 0xad, 0xbe, 0xef})},
		{"bytes url-safe unpadded", `{"bytesValue":"3q2-7w"}`, model.BytesValue([]byte{0xde, 0xad, 0xbe, 0xef})},
		{"empty bytes", `{"bytesValue":""}`, model.BytesValue(nil)},
		{"empty value", `{}`, model.Value{}},
		{"null value", `null`, model.Value{}},
		{"null member", `{"stringValue":null}`, model.Value{}},
		{"unknown member", `{"futureValue":{"x":1}}`, model.Value{}},
		{"array", `{"arrayValue":{"values":[{"stringValue":"a"},{"intValue":"1"},{}]}}`,
			model.ArrayValue(model.StringValue("a"), model.IntValue(1), model.Value{})},
		{"empty array", `{"arrayValue":{}}`, model.ArrayValue()},
		{"null array values", `{"arrayValue":{"values":null,"x":1}}`, model.ArrayValue()},
		{"null kvlist values", `{"kvlistValue":{"values":null,"x":1}}`, model.MapValue()},
		{"kvlist", `{"kvlistValue":{"values":[{"key":"a","value":{"boolValue":false}},{"key":"b","value":{"doubleValue":2.5}}]}}`,
			model.MapValue(model.Attr{Key: "a", Value: model.BoolValue(false)}, model.Attr{Key: "b", Value: model.DoubleValue(2.5)})},
		{"nested arrays and kvlists",
			`{"arrayValue":{"values":[{"arrayValue":{"values":[{"intValue":1},{"intValue":2}]}},` +
				`{"kvlistValue":{"values":[{"key":"m","value":{"arrayValue":{"values":[{"kvlistValue":{"values":[{"key":"z","value":{"stringValue":"deep"}}]}}]}}}]}}]}}`,
			model.ArrayValue(
				model.ArrayValue(model.IntValue(1), model.IntValue(2)),
				model.MapValue(model.Attr{Key: "m", Value: model.ArrayValue(model.MapValue(model.Attr{Key: "z", Value: model.StringValue("deep")}))}),
			)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := decodeOTLPJSON(attrDoc(tt.value), decode.Limits{})
			require.NoError(t, err)
			attrs := b.Spans[0].Attrs
			require.Len(t, attrs, 1)
			assert.Equal(t, "k", attrs[0].Key)
			got := attrs[0].Value
			assert.True(t, tt.want.Equal(got), "got %s %s; want %s %s", got.Type(), got.AppendJSON(nil), tt.want.Type(), tt.want.AppendJSON(nil))
		})
	}

	t.Run("double NaN", func(t *testing.T) {
		b, err := decodeOTLPJSON(attrDoc(`{"doubleValue":"NaN"}`), decode.Limits{})
		require.NoError(t, err)
		v := b.Spans[0].Attrs[0].Value
		assert.Equal(t, model.TypeDouble, v.Type())
		assert.True(t, math.IsNaN(v.Double()))
	})
}

func TestOTLPJSONSpellings(t *testing.T) {
	const span = `{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","name":"op"}`
	const resource = `"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]}`
	tests := []struct {
		name      string
		doc       string
		spans     int
		resources int
		scope     string
	}{
		{"resourceSpans", `{"resourceSpans":[{` + resource + `,"scopeSpans":[{"scope":{"name":"lib"},"spans":[` + span + `]}]}]}`, 1, 1, "lib"},
		{"legacy instrumentationLibrarySpans",
			`{"resourceSpans":[{` + resource + `,"instrumentationLibrarySpans":[{"instrumentationLibrary":{"name":"old","version":"0.1"},"spans":[` + span + `]}]}]}`, 1, 1, "old"},
		{"Tempo batches", `{"batches":[{` + resource + `,"scopeSpans":[{"scope":{"name":"lib"},"spans":[` + span + `]}]}]}`, 1, 1, "lib"},
		{"Tempo v2 wrapper with status",
			`{"status":"PARTIAL","trace":{"resourceSpans":[{` + resource + `,"scopeSpans":[{"scope":{"name":"lib"},"spans":[` + span + `]}]}]},"metrics":{}}`, 1, 1, "lib"},
		{"Jaeger v2 api_v3 result envelope",
			`{"result":{"resourceSpans":[{` + resource + `,"scopeSpans":[{"scope":{"name":"lib"},"spans":[` + span + `]}]}]}}`, 1, 1, "lib"},
		{"Jaeger v2 api_v3 streamed chunks",
			`{"result":{"resourceSpans":[{` + resource + `,"scopeSpans":[{"scope":{"name":"lib"},"spans":[` + span + `]}]}]}}` + "\n" +
				`{"result":{"resourceSpans":[{` + resource + `,"scopeSpans":[{"scope":{"name":"lib"},"spans":[` + span + `]}]}]}}` + "\n", 2, 2, "lib"},
		{"ExportTraceServiceRequest with schemaUrl",
			`{"resourceSpans":[{` + resource + `,"scopeSpans":[{"scope":{"name":"lib"},"schemaUrl":"x","spans":[` + span + `]}],"schemaUrl":"https://opentelemetry.io/schemas/1.26.0"}]}`, 1, 1, "lib"},
		{"resource and scope after the spans",
			`{"resourceSpans":[{"scopeSpans":[{"spans":[` + span + `,` + span + `],"scope":{"name":"late"}}],` + resource + `}]}`, 2, 1, "late"},
		{"JSON lines",
			`{"resourceSpans":[{` + resource + `,"scopeSpans":[{"scope":{"name":"lib"},"spans":[` + span + `]}]}]}` + "\n" +
				`{"resourceSpans":[{` + resource + `,"scopeSpans":[{"scope":{"name":"lib"},"spans":[` + span + `,` + span + `]}]}]}` + "\r\n\n", 3, 2, "lib"},
		{"concatenated without newline", `{"resourceSpans":[]}{"resourceSpans":[{` + resource + `,"scopeSpans":[{"scope":{"name":"lib"},"spans":[` + span + `]}]}]}`, 1, 1, "lib"},
		{"empty TracesData", `{"resourceSpans":[]}`, 0, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := decodeOTLPJSON(tt.doc, decode.Limits{})
			require.NoError(t, err)
			assert.Equal(t, "otlp-json", string(b.Format))
			require.Len(t, b.Spans, tt.spans)
			assert.Len(t, b.Resources, tt.resources)
			for _, sp := range b.Spans {
				assert.Equal(t, "svc", sp.Service)
				require.GreaterOrEqual(t, sp.Scope, int32(0))
				assert.Equal(t, tt.scope, b.Scopes[sp.Scope].Name)
				assert.Equal(t, "svc", b.Resources[sp.Resource].Service)
			}
		})
	}
}

func TestOTLPJSONNullResourceAttributes(t *testing.T) {
	b, err := decodeOTLPJSON(`{"resourceSpans":[{"resource":{"attributes":null,"droppedAttributesCount":0},"scopeSpans":[{"spans":[`+spanWith("")+`]}]}]}`, decode.Limits{})
	require.NoError(t, err)
	require.Len(t, b.Resources, 1)
	assert.Equal(t, model.Resource{}, b.Resources[0])
	assert.Equal(t, int32(0), b.Spans[0].Resource)
}

func TestOTLPJSONNoResource(t *testing.T) {
	b, err := decodeOTLPJSON(`{"resourceSpans":[{"scopeSpans":[{"spans":[`+spanWith("")+`]}]}]}`, decode.Limits{})
	require.NoError(t, err)
	require.Len(t, b.Spans, 1)
	assert.Equal(t, int32(-1), b.Spans[0].Resource)
	assert.Equal(t, int32(-1), b.Spans[0].Scope)
	assert.Equal(t, "", b.Spans[0].Service)
}

func TestOTLPJSONErrors(t *testing.T) {
	const at = "ingest: otlp-json: resourceSpans[0].scopeSpans[0].spans[0]"
	tests := []struct {
		name string
		doc  string
		lim  decode.Limits
		want string
	}{
		{"empty input", ``, decode.Limits{}, "ingest: otlp-json: empty input"},
		{"whitespace only", " \n\t", decode.Limits{}, "ingest: otlp-json: empty input"},
		{"not OTLP", `{"data":[{"traceID":"1"}]}`, decode.Limits{}, `ingest: otlp-json: no "resourceSpans" member: not OTLP/JSON TracesData`},
		{"top-level array", `[]`, decode.Limits{}, `ingest: otlp-json: offset 0: want object, got array`},
		{"bad span id", spanDoc(`{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"xyz"}`), decode.Limits{},
			at + `.spanId: want 16 hex chars or base64 of 8 bytes, got "xyz"`},
		{"span id with a non-hex char", spanDoc(`{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b716920333g"}`), decode.Limits{},
			at + `.spanId: want 16 hex chars or base64 of 8 bytes, got "b7ad6b716920333g"`},
		{"base64 of the wrong length", spanDoc(`{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"t61rcWkgMzEx"}`), decode.Limits{},
			at + `.spanId: want 16 hex chars or base64 of 8 bytes, got "t61rcWkgMzEx"`},
		{"bad trace id", spanDoc(`{"traceId":"0af7651916cd43dd8448eb211c80319","spanId":"b7ad6b7169203331"}`), decode.Limits{},
			at + `.traceId: want 32 hex chars or base64 of 16 bytes, got "0af7651916cd43dd8448eb211c80319"`},
		{"empty trace id", spanDoc(`{"traceId":"","spanId":"b7ad6b7169203331"}`), decode.Limits{},
			at + `.traceId: want 32 hex chars or base64 of 16 bytes, got ""`},
		{"zero trace id", spanDoc(`{"traceId":"00000000000000000000000000000000","spanId":"b7ad6b7169203331"}`), decode.Limits{},
			at + `.traceId: want a non-zero trace id, got "00000000000000000000000000000000"`},
		{"empty span id", spanDoc(`{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":""}`), decode.Limits{},
			at + `.spanId: want 16 hex chars or base64 of 8 bytes, got ""`},
		{"zero span id", spanDoc(`{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"0000000000000000"}`), decode.Limits{},
			at + `.spanId: want a non-zero span id, got "0000000000000000"`},
		{"bad parent id", spanDoc(spanWith(`"parentSpanId":"zz"`)), decode.Limits{},
			at + `.parentSpanId: want 16 hex chars or base64 of 8 bytes, got "zz"`},
		{"missing trace id", spanDoc(`{"spanId":"b7ad6b7169203331"}`), decode.Limits{}, at + `: missing traceId`},
		{"missing span id", spanDoc(`{"traceId":"0af7651916cd43dd8448eb211c80319c"}`), decode.Limits{}, at + `: missing spanId`},
		{"link without span id", spanDoc(spanWith(`"links":[{"traceId":"0af7651916cd43dd8448eb211c80319c"}]`)), decode.Limits{},
			at + `.links[0]: missing spanId`},
		{"name is a number", spanDoc(spanWith(`"name":5`)), decode.Limits{}, at + `.name: want string, got number`},
		{"attributes is an object", spanDoc(spanWith(`"attributes":{}`)), decode.Limits{}, at + `.attributes: want array, got object`},
		{"time is a boolean", spanDoc(spanWith(`"startTimeUnixNano":true`)), decode.Limits{}, at + `.startTimeUnixNano: want number, got boolean`},
		{"time with a fraction", spanDoc(spanWith(`"startTimeUnixNano":"1.5"`)), decode.Limits{}, at + `.startTimeUnixNano: want an integer, got "1.5"`},
		{"time above int64", spanDoc(spanWith(`"endTimeUnixNano":"99999999999999999999"`)), decode.Limits{},
			at + `.endTimeUnixNano: want an integer, got "99999999999999999999"`},
		{"int value too big", attrDoc(`{"intValue":"9223372036854775808"}`), decode.Limits{},
			at + `.attributes[0].value.intValue: want an integer, got "9223372036854775808"`},
		{"double out of range", attrDoc(`{"doubleValue":1e400}`), decode.Limits{}, at + `.attributes[0].value.doubleValue: want a number, got "1e400"`},
		{"double not a number", attrDoc(`{"doubleValue":"abc"}`), decode.Limits{}, at + `.attributes[0].value.doubleValue: want a number, got "abc"`},
		{"bool as string", attrDoc(`{"boolValue":"true"}`), decode.Limits{}, at + `.attributes[0].value.boolValue: want boolean, got string`},
		{"bad base64 bytes", attrDoc(`{"bytesValue":"!!!!"}`), decode.Limits{}, at + `.attributes[0].value.bytesValue: want base64, got "!!!!"`},
		{"unknown kind name", spanDoc(spanWith(`"kind":"SPAN_KIND_FOO"`)), decode.Limits{},
			at + `.kind: want a span kind number or name such as "SPAN_KIND_SERVER", got "SPAN_KIND_FOO"`},
		{"unknown status name", spanDoc(spanWith(`"status":{"code":"FINE"}`)), decode.Limits{},
			at + `.status.code: want a status code number or name such as "STATUS_CODE_ERROR", got "FINE"`},
		{"invalid UTF-8 in a name", spanDoc(spanWith("\"name\":\"a\xffb\"")), decode.Limits{}, at + `.name: invalid UTF-8 in string`},
		{"invalid UTF-8 in an attribute key", spanDoc(spanWith("\"attributes\":[{\"key\":\"a\xff\"}]")), decode.Limits{}, at + `.attributes[0].key: invalid UTF-8 in string`},
		{"truncated", `{"resourceSpans":[{"scopeSpans":[`, decode.Limits{},
			`ingest: otlp-json: resourceSpans[0].scopeSpans[0]: want object, got end of input (truncated?)`},
		{"truncated in a string", `{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"GET /ch`, decode.Limits{},
			at + `.name: unterminated string (truncated?)`},
		{"trailing garbage", `{"resourceSpans":[]} x`, decode.Limits{}, `ingest: otlp-json: offset 21: want object, got "x"`},
		{"error on the second line", `{"resourceSpans":[]}` + "\n" + spanDoc(`{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"xyz"}`), decode.Limits{},
			`ingest: otlp-json: line 2: resourceSpans[0].scopeSpans[0].spans[0].spanId: want 16 hex chars or base64 of 8 bytes, got "xyz"`},
		{"too deep", attrDoc(strings.Repeat(`{"arrayValue":{"values":[`, 30) + `{}` + strings.Repeat(`]}}`, 30)), decode.Limits{},
			at + `.attributes[0].value` + strings.Repeat(`.arrayValue.values[0]`, 18) + `.arrayValue: nesting deeper than 64 levels (raise Limits.MaxDepth)`},
		{"MaxDepth", attrDoc(`{"arrayValue":{"values":[{"arrayValue":{}}]}}`), decode.Limits{MaxDepth: 11},
			at + `.attributes[0].value.arrayValue.values: nesting deeper than 11 levels (raise Limits.MaxDepth)`},
		{"MaxSpans", spanDoc(spanWith(""), spanWith("")), decode.Limits{MaxSpans: 1},
			`ingest: otlp-json: input exceeds Limits.MaxSpans (1); raise the limit to accept it`},
		{"MaxAttrsPerSpan", spanDoc(spanWith(`"attributes":[{"key":"a"},{"key":"b"},{"key":"c"}]`)), decode.Limits{MaxAttrsPerSpan: 2},
			`ingest: otlp-json: ` + at[len("ingest: otlp-json: "):] + `.attributes[2]: input exceeds Limits.MaxAttrsPerSpan (2); raise the limit to accept it`},
		{"MaxAttrsPerSpan in a kvlist", attrDoc(`{"kvlistValue":{"values":[{"key":"a"},{"key":"b"},{"key":"c"}]}}`), decode.Limits{MaxAttrsPerSpan: 2},
			`ingest: otlp-json: ` + at[len("ingest: otlp-json: "):] + `.attributes[0].value.kvlistValue.values[2]: input exceeds Limits.MaxAttrsPerSpan (2); raise the limit to accept it`},
		{"MaxAttrValueBytes", attrDoc(`{"stringValue":"1234567890123"}`), decode.Limits{MaxAttrValueBytes: 12},
			`ingest: otlp-json: ` + at[len("ingest: otlp-json: "):] + `.attributes[0].value.stringValue: input exceeds Limits.MaxAttrValueBytes (12); raise the limit to accept it`},
		{"MaxAttrValueBytes for bytes", attrDoc(`{"bytesValue":"AAAAAAAAAAAAAAAAAA=="}`), decode.Limits{MaxAttrValueBytes: 12},
			`ingest: otlp-json: ` + at[len("ingest: otlp-json: "):] + `.attributes[0].value.bytesValue: input exceeds Limits.MaxAttrValueBytes (12); raise the limit to accept it`},
		{"MaxEventsPerSpan", spanDoc(spanWith(`"events":[{},{}]`)), decode.Limits{MaxEventsPerSpan: 1},
			`ingest: otlp-json: ` + at[len("ingest: otlp-json: "):] + `.events[1]: input exceeds Limits.MaxEventsPerSpan (1); raise the limit to accept it`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := decodeOTLPJSON(tt.doc, tt.lim)
			require.EqualError(t, err, tt.want)
			assert.Nil(t, b)
		})
	}
}

func TestOTLPJSONErrorLineAndColumn(t *testing.T) {
	doc := "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[\n  {\"name\": 5}\n]}]}]}"
	_, err := decodeOTLPJSON(doc, decode.Limits{})
	var e *decode.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, decode.Error{Format: model.OTLPJSON, Line: 2, Path: "resourceSpans[0].scopeSpans[0].spans[0].name", Offset: 11, Msg: "want string, got number"}, *e)
}

func TestOTLPJSONInterning(t *testing.T) {
	b, err := decodeOTLPJSON(spanDoc(
		spanWith(`"name":"GET","attributes":[{"key":"http.method","value":{"stringValue":"GET"}}]`),
		spanWith(`"name":"GET","attributes":[{"key":"http.method","value":{"stringValue":"GET"}}]`)), decode.Limits{})
	require.NoError(t, err)
	a, c := b.Spans[0], b.Spans[1]
	assert.Same(t, unsafeStringData(a.Name), unsafeStringData(c.Name))
	assert.Same(t, unsafeStringData(a.Attrs[0].Key), unsafeStringData(c.Attrs[0].Key))
	// Arena slices have clipped capacity, so appending to one span's
	// attributes cannot overwrite the next span's.
	assert.Equal(t, len(a.Attrs), cap(a.Attrs))
}

func unsafeStringData(s string) *byte { return unsafe.StringData(s) }

// testdata

func readOTLPTestdata(t testing.TB) map[string][]byte {
	t.Helper()
	paths, err := filepath.Glob("../../../testdata/otlp-json/*")
	require.NoError(t, err)
	files := map[string][]byte{}
	for _, p := range paths {
		if ext := filepath.Ext(p); ext != ".json" && ext != ".jsonl" {
			continue // goldens
		}
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		files[filepath.Base(p)] = data
	}
	require.GreaterOrEqual(t, len(files), 4)
	return files
}

// TestOTLPJSONTestdataGolden decodes every sample file and compares a text
// dump of the batch with its golden file (go test -run Golden -update).
func TestOTLPJSONTestdataGolden(t *testing.T) {
	for name, data := range readOTLPTestdata(t) {
		t.Run(name, func(t *testing.T) {
			b, err := testDecode(data, decode.Options{Format: model.OTLPJSON})
			require.NoError(t, err)
			got := decodetest.Dump(b)
			golden.Check(t, filepath.Join("../../../testdata/otlp-json", name+".golden"), got)
		})
	}
}

func TestOTLPJSONMultiServiceHTTP(t *testing.T) {
	b := decodeTestdata(t, "http-multiservice.json")
	require.Len(t, b.Spans, 10)
	assert.Len(t, b.Resources, 4)
	assert.Len(t, b.Scopes, 7)
	root := b.Spans[0]
	assert.Equal(t, "GET /checkout", root.Name)
	assert.Equal(t, "frontend", root.Service)
	assert.Equal(t, model.KindServer, root.Kind)
	assert.True(t, root.ParentID.IsZero())
	assert.Equal(t, int64(412_000_000), root.Duration())
	code, _ := root.Attrs.Get("http.response.status_code")
	assert.Equal(t, model.IntValue(200), code)

	failed := b.Spans[7]
	assert.Equal(t, "payments", failed.Service)
	assert.Equal(t, "3c4d5e6f70819203", failed.ParentID.String())
	assert.Equal(t, model.StatusError, failed.Status.Code)
	require.Len(t, failed.Events, 1)
	assert.Equal(t, "exception", failed.Events[0].Name)
	assert.Equal(t, int64(1767262800146000000), failed.Events[0].Time)
	amount, _ := b.Spans[8].Attrs.Get("payments.amount")
	assert.Equal(t, model.DoubleValue(129.95), amount)

	consumer := b.Spans[9]
	assert.Equal(t, model.KindConsumer, consumer.Kind)
	require.Len(t, consumer.Links, 1)
	assert.Equal(t, "5b8efff798038103d269b633813fc60c", consumer.Links[0].TraceID.String())
	assert.Equal(t, "5e6f708192031425", consumer.Links[0].SpanID.String())
	tomb, _ := consumer.Attrs.Get("messaging.kafka.message.tombstone")
	assert.Equal(t, model.BoolValue(false), tomb)
}

func TestOTLPJSONGenAIAgent(t *testing.T) {
	b := decodeTestdata(t, "genai-agent.json")
	require.Len(t, b.Spans, 6)
	var in, out, cached int64
	chats := 0
	for _, sp := range b.Spans {
		assert.Equal(t, "travel-agent", sp.Service)
		op, _ := sp.Attrs.Get("gen_ai.operation.name")
		if op.Str() != "chat" {
			continue
		}
		chats++
		assert.Equal(t, "c0ffee0000000001", sp.ParentID.String())
		v, _ := sp.Attrs.Get("gen_ai.usage.input_tokens")
		in += v.Int()
		v, _ = sp.Attrs.Get("gen_ai.usage.output_tokens")
		out += v.Int()
		v, _ = sp.Attrs.Get("gen_ai.usage.cache_read.input_tokens")
		cached += v.Int()
	}
	assert.Equal(t, 3, chats)
	assert.Equal(t, int64(1342+1520+1733), in)
	assert.Equal(t, int64(87+64+412), out)
	assert.Equal(t, int64(1024+1280+1536), cached)

	tool := b.Spans[2]
	assert.Equal(t, "execute_tool search_flights", tool.Name)
	assert.Equal(t, model.Status{Code: model.StatusError, Message: "flight API timed out after 1.2s"}, tool.Status)

	firstChat := b.Spans[3]
	reasons, _ := firstChat.Attrs.Get("gen_ai.response.finish_reasons")
	assert.True(t, model.ArrayValue(model.StringValue("tool_calls")).Equal(reasons))
	temp, _ := firstChat.Attrs.Get("gen_ai.request.temperature")
	assert.Equal(t, 0.2, temp.Double())
	require.Len(t, firstChat.Events, 1)
	content, _ := firstChat.Events[0].Attrs.Get("content")
	assert.Equal(t, `{"role":"user","text":"Plan a weekend in Lisbon from Berlin, under 600 EUR."}`, content.AsString())
}

func TestOTLPJSONTempo(t *testing.T) {
	b := decodeTestdata(t, "tempo-base64.json")
	require.Len(t, b.Spans, 5)
	for _, sp := range b.Spans {
		assert.Equal(t, "2f3e8c1a9b7d6e5f4a3b2c1d0e9f8a7b", sp.TraceID.String())
	}
	assert.Equal(t, "a1b2c3d4e5f60718", b.Spans[0].ID.String())
	assert.True(t, b.Spans[0].ParentID.IsZero())
	assert.Equal(t, model.KindServer, b.Spans[0].Kind)
	assert.Equal(t, "b2c3d4e5f6071829", b.Spans[2].ParentID.String())
	assert.Equal(t, "orders", b.Spans[2].Service)
	items, _ := b.Spans[2].Attrs.Get("order.items")
	assert.Equal(t, model.IntValue(3), items)
	assert.Equal(t, model.Status{Code: model.StatusError, Message: "canceling statement due to statement timeout"}, b.Spans[4].Status)

	v2 := decodeTestdata(t, "tempo-v2-partial.json")
	require.Len(t, v2.Spans, 1)
	assert.Equal(t, b.Spans[0].ID, v2.Spans[0].ID)
	assert.Equal(t, model.StatusError, v2.Spans[0].Status.Code)
}

func TestOTLPJSONCollectorLines(t *testing.T) {
	b := decodeTestdata(t, "collector-file-exporter.jsonl")
	require.Len(t, b.Spans, 4)
	require.Len(t, b.Resources, 3)
	services := []string{}
	for _, sp := range b.Spans {
		services = append(services, sp.Service)
		assert.Equal(t, "4bf92f3577b34da6a3ce929d0e0e4736", sp.TraceID.String())
	}
	assert.Equal(t, []string{"inventory", "inventory", "inventory", "warehouse"}, services)
	assert.Equal(t, "UPDATE stock", b.Spans[2].Name)
	assert.Equal(t, model.Status{Code: model.StatusError, Message: "Deadlock found when trying to get lock"}, b.Spans[2].Status)
}

func decodeTestdata(t *testing.T, name string) *model.Batch {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("../../../testdata/otlp-json", name))
	require.NoError(t, err)
	b, err := testDecode(data, decode.Options{Format: model.OTLPJSON})
	require.NoError(t, err)
	return b
}

// genOTLPJSON writes a compact OTLP/JSON document of n spans shaped like a
// busy HTTP service mesh: 10 services, 100-span traces, a handful of string
// and int attributes per span, an exception event on every 7th span.
func genOTLPJSON(n int) []byte {
	const perResource = 1000
	routes := []string{"/api/orders/{id}", "/api/cart", "/api/checkout", "/healthz", "/api/users/{id}/profile"}
	methods := []string{"GET", "POST", "PUT", "DELETE"}
	var w bytes.Buffer
	w.WriteString(`{"resourceSpans":[`)
	t0 := int64(1767262800000000000)
	for r := 0; r*perResource < n; r++ {
		if r > 0 {
			w.WriteByte(',')
		}
		fmt.Fprintf(&w, `{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"service-%d"}},`+
			`{"key":"service.version","value":{"stringValue":"1.%d.0"}},{"key":"host.name","value":{"stringValue":"node-%d"}}]},`+
			`"scopeSpans":[{"scope":{"name":"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp","version":"0.59.0"},"spans":[`, r, r, r%3)
		for i := r * perResource; i < min(n, (r+1)*perResource); i++ {
			if i > r*perResource {
				w.WriteByte(',')
			}
			trace, parent := i/100, ""
			if i%100 != 0 {
				parent = fmt.Sprintf(`"parentSpanId":"%016x",`, uint64(i-1)*0x9e3779b97f4a7c15|1)
			}
			start := t0 + int64(i)*1_000_003
			route := routes[i%len(routes)]
			fmt.Fprintf(&w, `{"traceId":"%016x%016x","spanId":"%016x",%s"name":"%s %s","kind":%d,`+
				`"startTimeUnixNano":"%d","endTimeUnixNano":"%d","attributes":[`+
				`{"key":"http.request.method","value":{"stringValue":"%s"}},`+
				`{"key":"http.route","value":{"stringValue":"%s"}},`+
				`{"key":"url.full","value":{"stringValue":"https://shop.example.com/api/orders/%d?expand=items"}},`+
				`{"key":"http.response.status_code","value":{"intValue":"%d"}},`+
				`{"key":"server.port","value":{"intValue":8080}},`+
				`{"key":"user.id","value":{"stringValue":"u-%08d"}}]`,
				uint64(trace)*0x9e3779b97f4a7c15|1, uint64(trace)+1, uint64(i)*0x9e3779b97f4a7c15|1, parent,
				methods[i%len(methods)], route, 2+i%2, start, start+int64(i%977)*1000, methods[i%len(methods)], route, i, 200+(i%20/19)*300, i%5000)
			if i%7 == 0 {
				fmt.Fprintf(&w, `,"events":[{"timeUnixNano":"%d","name":"exception","attributes":[`+
					`{"key":"exception.type","value":{"stringValue":"context.DeadlineExceeded"}},`+
					`{"key":"exception.message","value":{"stringValue":"context deadline exceeded after %dms"}}]}]`, start+500, i%900)
			}
			if i%20 == 19 {
				w.WriteString(`,"status":{"code":2,"message":"internal error"}}`)
			} else {
				w.WriteString(`,"status":{}}`)
			}
		}
		w.WriteString(`]}]}`)
	}
	w.WriteString("]}\n")
	return w.Bytes()
}

func TestOTLPJSONGenerated(t *testing.T) {
	data := genOTLPJSON(2500)
	b, err := testDecode(data, decode.Options{Format: model.OTLPJSON})
	require.NoError(t, err)
	require.Len(t, b.Spans, 2500)
	require.Len(t, b.Resources, 3)
	sp := b.Spans[1234]
	assert.Equal(t, "service-1", sp.Service)
	assert.Equal(t, "PUT /api/users/{id}/profile", sp.Name)
	assert.Equal(t, int64(1767262800000000000+1234*1_000_003), sp.Start)
	assert.Len(t, sp.Attrs, 6)
	assert.Len(t, b.Spans[1233].Events, 0)
	assert.Len(t, b.Spans[1239].Events, 1)
	code, _ := b.Spans[1239].Attrs.Get("http.response.status_code")
	assert.Equal(t, int64(500), code.Int())
	assert.Equal(t, model.StatusError, b.Spans[1239].Status.Code)
}

func BenchmarkDecodeOTLPJSON(b *testing.B) {
	data := genOTLPJSON(10_000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := testDecode(data, decode.Options{Format: model.OTLPJSON}); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzOTLPJSON checks that no input panics the decoder, and that a batch it
// accepts is consistent and owns its memory: every span has ids, indexes
// resolve, lists respect the limits and have clipped capacity, and wiping
// the input afterwards changes nothing in the batch.
func FuzzOTLPJSON(f *testing.F) {
	for _, data := range readOTLPTestdata(f) {
		f.Add(data)
	}
	f.Add([]byte(spanDoc(spanWith(`"attributes":[{"key":"a","value":{"kvlistValue":{"values":[{"key":"b","value":{"arrayValue":{"values":[{"bytesValue":"3q2+7w=="}]}}}]}}}]`))))
	f.Add([]byte(`{"batches":[{"instrumentationLibrarySpans":[{"spans":[{"traceId":"CvdlGRbNQ92ESOshHIAxnA==","spanId":"t61rcWkgMzE=","kind":"SPAN_KIND_SERVER"}]}]}]}` + "\n{}"))
	// The fast KeyValue path's edges: each must read as the general path does.
	long := strings.Repeat("k", 256)
	for _, kv := range []string{
		`{"key":"a","value":{"stringValue":"b"}}`, `{"key":"a","value":{"intValue":"-12"}}`, `{"key":"a","value":{"intValue":12}}`,
		`{"key":"a","value":{"intValue":"007"}}`, `{"key":"a","value":{"intValue":"-0"}}`, `{"key":"a","value":{"intValue":"1234567890123456789"}}`,
		`{"key":"a","value":{"intValue":"99999999999999999999"}}`, `{"key":"a","value":{"intValue":12.5}}`, `{"key":"a","value":{"intValue":"12"x}}`,
		`{"key":"a","value":{"boolValue":true}}`, `{"key":"a","value":{"boolValue":false}}`, `{"key":"a","value":{"boolValue":tru}}`,
		`{"key":"a\u0062","value":{"stringValue":"\n"}}`, "{\"key\":\"a\xff\",\"value\":{\"stringValue\":\"b\"}}", `{"key":"é","value":{"stringValue":"ü"}}`,
		`{"key":"` + long + `","value":{"stringValue":"` + long + `"}}`, `{"key":"` + long + `k","value":{"stringValue":"v"}}`, `{"key":"k","value":{"stringValue":"` + long + `v"}}`,
		`{"key":"a","value":{"stringValue":"b"},"x":1}`, `{"key":"a","value":{"stringValue":"b","intValue":1}}`, `{"key": "a","value":{"stringValue":"b"}}`,
		`{"key":"a","value":{"stringValue":"b"}`, `{"key":"a","value":{"stringValue":"b`, `{"key":"a","value":{}}`, `{"key":"a","value":{"stringValue":""}}`,
	} {
		f.Add([]byte(spanDoc(spanWith(`"attributes":[` + kv + `,` + kv + `]`))))
	}
	lim := decode.Limits{MaxAttrsPerSpan: 16, MaxEventsPerSpan: 8, MaxAttrValueBytes: 256, MaxDepth: 24}
	f.Fuzz(func(t *testing.T, data []byte) {
		b := decodetest.Check(t, testDecode, data, model.OTLPJSON, lim)
		decodetest.SameBothWays(t, testDecode, data, model.OTLPJSON, lim, &fastKeyValues)
		if b == nil {
			return
		}
		require.Equal(t, "otlp-json", string(b.Format))
		for i, sp := range b.Spans {
			require.False(t, sp.TraceID.IsZero(), "span %d", i)
			require.False(t, sp.ID.IsZero(), "span %d", i)
			require.True(t, sp.Resource >= -1 && int(sp.Resource) < len(b.Resources), "span %d resource %d", i, sp.Resource)
			require.True(t, sp.Scope >= -1 && int(sp.Scope) < len(b.Scopes), "span %d scope %d", i, sp.Scope)
			if sp.Resource >= 0 {
				require.Equal(t, b.Resources[sp.Resource].Service, sp.Service)
			}
			require.LessOrEqual(t, len(sp.Attrs), lim.MaxAttrsPerSpan)
			require.LessOrEqual(t, len(sp.Events), lim.MaxEventsPerSpan)
			require.LessOrEqual(t, len(sp.Links), lim.MaxEventsPerSpan)
			require.Equal(t, len(sp.Attrs), cap(sp.Attrs))
			require.Equal(t, len(sp.Events), cap(sp.Events))
			require.Equal(t, len(sp.Links), cap(sp.Links))
			for _, l := range sp.Links {
				require.False(t, l.SpanID.IsZero())
			}
		}
	})
}

// TestOTLPJSONJaegerV3Sample: the Jaeger v2 api_v3 sample, hand-made in
// the envelope and conventions of Jaeger's GetTrace (kind and status code
// as numbers, "parentSpanId":"" on the root) from the stdouttrace run in
// testdata/otel-stdout/lines.jsonl, decodes to that run's spans.
func TestOTLPJSONJaegerV3Sample(t *testing.T) {
	got := decodeTestdata(t, "jaeger-v2-api-v3.json")
	otelStdout := func(data []byte, opts decode.Options) (*model.Batch, error) {
		return format.Decode(otelstdout.Codec, data, opts)
	}
	want := decodetest.Decode(t, otelStdout, model.OTelStdout, string(decodetest.Testdata(t, samples, "otel-stdout")["lines.jsonl"]))
	require.Len(t, got.Spans, len(want.Spans))
	for i := range want.Spans {
		g, w := got.Spans[i], want.Spans[i]
		assert.Equal(t, w.TraceID, g.TraceID)
		assert.Equal(t, w.ID, g.ID)
		assert.Equal(t, w.ParentID, g.ParentID)
		assert.Equal(t, w.Name, g.Name)
		assert.Equal(t, w.Kind, g.Kind)
		assert.Equal(t, w.Status, g.Status)
		assert.Equal(t, w.Start, g.Start)
		assert.Equal(t, w.End, g.End)
		assert.Equal(t, "checkout", g.Service)
	}
}
