package jaeger

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spanlens/spanlens/core/internal/decode"
	"github.com/spanlens/spanlens/core/internal/decode/decodetest"
	"github.com/spanlens/spanlens/core/model"
)

func decodeJaeger(data string, lim decode.Limits) (*model.Batch, error) {
	return testDecode([]byte(data), decode.Options{Format: model.Jaeger, Limits: lim})
}

// jaegerDoc wraps span objects in a query response with one trace whose
// process p1 is service "svc".
func jaegerDoc(spans ...string) string {
	return `{"data":[{"traceID":"00000000000000aa","spans":[` + strings.Join(spans, ",") +
		`],"processes":{"p1":{"serviceName":"svc"}}}],"total":0,"limit":0,"offset":0,"errors":null}`
}

// jaegerSpan is a span of trace 0xaa with id and extra members.
func jaegerSpan(id, extra string) string {
	s := `{"traceID":"00000000000000aa","spanID":"` + id + `","operationName":"op","startTime":1000,"duration":5,"processID":"p1"`
	if extra != "" {
		s += "," + extra
	}
	return s + "}"
}

func spanByID(t *testing.T, b *model.Batch, id string) *model.Span {
	t.Helper()
	want := decodetest.SpanID(id)
	for i := range b.Spans {
		if b.Spans[i].ID == want {
			return &b.Spans[i]
		}
	}
	t.Fatalf("no span %s", id)
	return nil
}

// linkStrings renders links as "trace/span/ref_type".
func linkStrings(links []model.Link) []string {
	var out []string
	for _, l := range links {
		v, _ := model.Attrs(l.Attrs).Get(model.RefTypeKey)
		out = append(out, l.TraceID.Short()+"/"+l.SpanID.String()+"/"+v.Str())
	}
	return out
}

func TestJaegerHotROD(t *testing.T) {
	b, err := testDecode(decodetest.Sample(t, samples, "jaeger", "hotrod.json"), decode.Options{Format: model.Jaeger})
	require.NoError(t, err)
	require.Len(t, b.Spans, 14)
	assert.Empty(t, b.Warnings)
	assert.Equal(t, "jaeger", string(b.Format))

	// id → parent and service, worked out from the file's references and
	// processIDs.
	want := []struct{ id, parent, service string }{
		{"dd6e1367036870f1", "", "frontend"},
		{"25868afe5e8cb7c3", "dd6e1367036870f1", "frontend"},
		{"32600f9fe39fefcb", "25868afe5e8cb7c3", "customer"},
		{"b049e6f17c17f687", "32600f9fe39fefcb", "mysql"},
		{"e27d1102f2642834", "dd6e1367036870f1", "frontend"},
		{"2a88e1bdb6b08ff8", "e27d1102f2642834", "driver"},
		{"ad057776808546a3", "2a88e1bdb6b08ff8", "redis-manual"},
		{"aeae16e10253e51f", "2a88e1bdb6b08ff8", "redis-manual"},
		{"99572e9992f08fc1", "2a88e1bdb6b08ff8", "redis-manual"},
		{"5edbd901c7fe0700", "2a88e1bdb6b08ff8", "redis-manual"},
		{"e4f20d9b2fdedc63", "dd6e1367036870f1", "frontend"},
		{"ed5aeeadc5312ab9", "e4f20d9b2fdedc63", "route"},
		{"6e1606d0813bc99a", "dd6e1367036870f1", "frontend"},
		{"bb562812cddf5547", "6e1606d0813bc99a", "route"},
	}
	trace := decodetest.TraceID("3f8a3c2b1d4e5f60718293a4b5c6d7e8")
	for i, w := range want {
		sp := &b.Spans[i]
		assert.Equal(t, w.id, sp.ID.String(), "span %d", i)
		assert.Equal(t, trace, sp.TraceID, "span %d", i)
		var parent model.SpanID
		if w.parent != "" {
			parent = decodetest.SpanID(w.parent)
		}
		assert.Equal(t, parent, sp.ParentID, "parent of %s", w.id)
		assert.Equal(t, w.service, sp.Service, "service of %s", w.id)
		assert.Equal(t, w.service, b.Resources[sp.Resource].Service, "resource of %s", w.id)
		assert.Empty(t, sp.Links)
	}

	root := &b.Spans[0]
	assert.Equal(t, "/dispatch", root.Name)
	assert.Equal(t, model.KindServer, root.Kind)
	assert.Equal(t, int64(1700000000000000000), root.Start)
	assert.Equal(t, int64(1700000000713000000), root.End)
	assert.Equal(t, model.Status{}, root.Status)
	decodetest.Same(t, model.Attrs{
		{Key: "http.method", Value: decodetest.Str("GET")},
		{Key: "http.route", Value: decodetest.Str("/dispatch")},
		{Key: "http.status_code", Value: model.IntValue(200)},
		{Key: "net.peer.port", Value: model.IntValue(53214)},
		{Key: "internal.span.format", Value: decodetest.Str("proto")},
	}, root.Attrs)
	decodetest.Same(t, []model.Event{
		{Time: 1700000000000150000, Name: "HTTP request received", Attrs: model.Attrs{
			{Key: "level", Value: decodetest.Str("info")},
			{Key: "method", Value: decodetest.Str("GET")},
			{Key: "url", Value: decodetest.Str("/dispatch?customer=123&nonse=0.6")},
		}},
		{Time: 1700000000000400000, Name: "Getting customer", Attrs: model.Attrs{
			{Key: "level", Value: decodetest.Str("info")},
			{Key: "customer_id", Value: decodetest.Str("123")},
		}},
	}, root.Events)
	require.GreaterOrEqual(t, root.Scope, int32(0))
	assert.Equal(t, model.Scope{Name: "go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp", Version: "0.49.0"}, b.Scopes[root.Scope])

	grpc := spanByID(t, b, "2a88e1bdb6b08ff8")
	assert.Equal(t, "go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc", b.Scopes[grpc.Scope].Name)
	assert.Len(t, b.Scopes, 2)

	failed := spanByID(t, b, "99572e9992f08fc1")
	assert.Equal(t, model.Status{Code: model.StatusError, Message: "redis timeout"}, failed.Status)
	assert.Equal(t, model.KindClient, failed.Kind)
	assert.Equal(t, int32(-1), failed.Scope)
	decodetest.Same(t, model.Attrs{
		{Key: "param.driverID", Value: decodetest.Str("T792843C")},
		{Key: "internal.span.format", Value: decodetest.Str("proto")},
	}, failed.Attrs, "error, otel.status_* and span.kind tags are mapped and dropped")

	sql := spanByID(t, b, "b049e6f17c17f687")
	assert.Equal(t, model.Status{Code: model.StatusOK}, sql.Status)
	assert.Equal(t, int64(290000000), sql.Duration())

	require.Len(t, b.Resources, 6)
	decodetest.Same(t, model.Attrs{
		{Key: "service.name", Value: decodetest.Str("frontend")},
		{Key: "host.name", Value: decodetest.Str("hotrod-7d9c6b5f4-x2kqz")},
		{Key: "ip", Value: decodetest.Str("10.42.0.17")},
		{Key: "process.pid", Value: model.IntValue(1)},
		{Key: "telemetry.sdk.language", Value: decodetest.Str("go")},
		{Key: "telemetry.sdk.name", Value: decodetest.Str("opentelemetry")},
		{Key: "telemetry.sdk.version", Value: decodetest.Str("1.24.0")},
	}, b.Resources[0].Attrs)
}

func TestJaegerTutorialExport(t *testing.T) {
	b, err := testDecode(decodetest.Sample(t, samples, "jaeger", "tutorial.json"), decode.Options{Format: model.Jaeger})
	require.NoError(t, err)
	require.Len(t, b.Spans, 8)

	// UUID trace ids lose their dashes and parse; UUID span ids are hashed.
	trace := decodetest.TraceID("b8a1abcd1a6946c78da4f9fc3c6da5d7")
	for i := range b.Spans {
		assert.Equal(t, trace, b.Spans[i].TraceID)
		assert.Equal(t, "agent_service", b.Spans[i].Service)
		assert.Equal(t, int32(0), b.Spans[i].Resource)
	}
	assert.Equal(t, []model.Warning{{Span: -1, Message: "jaeger: some ids are not hex (UUIDs?); they were replaced by stable hashes"}}, b.Warnings)
	root := &b.Spans[0]
	assert.Equal(t, model.HashSpanID([]byte("1710cf53-27ac-435a-ba97-c643656412a9")), root.ID)

	// Parents by position: the export lists spans in start order.
	names := []string{"agent_run", "iteration_1", "llm_call", "decision:action_selection", "tool:search",
		"iteration_2", "llm_call", "decision:action_selection"}
	parents := []int{-1, 0, 1, 1, 1, 0, 5, 5}
	for i, sp := range b.Spans {
		assert.Equal(t, names[i], sp.Name)
		var want model.SpanID
		if parents[i] >= 0 {
			want = b.Spans[parents[i]].ID
		}
		assert.Equal(t, want, sp.ParentID, "parent of span %d %s", i, sp.Name)
	}

	assert.Equal(t, int64(1732571405123456000), root.Start)
	assert.Equal(t, int64(2431877000), root.Duration())
	decodetest.Same(t, model.Attrs{
		{Key: "service.name", Value: decodetest.Str("agent_service")},
		{Key: "task_preview", Value: decodetest.Str("Find the latest GDP figures for France and summarise them")},
		{Key: "agent_type", Value: decodetest.Str("react")},
		{Key: "model", Value: decodetest.Str("gpt-4")},
		{Key: "task.length", Value: model.IntValue(57)},
		{Key: "total_iterations", Value: model.IntValue(2)},
	}, root.Attrs, `tags typed "string" keep the JSON type of their values`)
	decodetest.Same(t, []model.Event{
		{Time: 1732571405123491000, Name: "agent_started", Attrs: model.Attrs{
			{Key: "config", Value: decodetest.Str("{'type': 'react', 'model': 'gpt-4', 'max_iterations': 5}")},
		}},
		{Time: 1732571407555256000, Name: "agent_completed"},
	}, root.Events)

	llm := &b.Spans[2]
	v, _ := llm.Attrs.Get("llm.temperature")
	assert.Equal(t, model.DoubleValue(0.7), v)
	v, _ = llm.Attrs.Get("llm.prompt_tokens")
	assert.Equal(t, model.IntValue(1000), v)
	v, _ = b.Spans[4].Attrs.Get("tool.success")
	assert.Equal(t, model.BoolValue(true), v)
	v, ok := b.Spans[7].Attrs.Get("agent_notes")
	assert.True(t, ok)
	assert.Equal(t, model.TypeEmpty, v.Type())
}

func TestJaegerFollowsFrom(t *testing.T) {
	// A bare trace object, as opposed to a query response.
	b, err := testDecode(decodetest.Sample(t, samples, "jaeger", "follows_from.json"), decode.Options{Format: model.Jaeger})
	require.NoError(t, err)
	require.Len(t, b.Spans, 5)
	trace := decodetest.TraceID("6d3c0e1f2a4b5c97")

	tests := []struct {
		id, parent, service string
		kind                model.SpanKind
		status              model.Status
		links               []string
	}{
		{id: "6d3c0e1f2a4b5c97", service: "orders", kind: model.KindServer},
		{id: "1f0b8e2d7c3a4b61", parent: "6d3c0e1f2a4b5c97", service: "orders", kind: model.KindProducer},
		// FOLLOWS_FROM is the parent when there is no CHILD_OF.
		{id: "44c9a07e5d1b2f38", parent: "1f0b8e2d7c3a4b61", service: "fulfilment", kind: model.KindConsumer},
		// CHILD_OF wins over an earlier FOLLOWS_FROM, which is kept as a link.
		{id: "0a5e6f7081929da4", parent: "44c9a07e5d1b2f38", service: "fulfilment",
			links: []string{"9b1e5a3c7d2f4e60/77aa00bb11cc22dd/follows_from"}},
		// The first of two FOLLOWS_FROM is the parent, the second a link.
		{id: "c2d4e6f8a0b1c3d5", parent: "44c9a07e5d1b2f38", service: "fulfilment",
			status: model.Status{Code: model.StatusError},
			links:  []string{"6d3c0e1f2a4b5c97/0a5e6f7081929da4/follows_from"}},
	}
	for i, tt := range tests {
		sp := &b.Spans[i]
		assert.Equal(t, tt.id, sp.ID.String())
		assert.Equal(t, trace, sp.TraceID)
		var parent model.SpanID
		if tt.parent != "" {
			parent = decodetest.SpanID(tt.parent)
		}
		assert.Equal(t, parent, sp.ParentID, "parent of %s", tt.id)
		assert.Equal(t, tt.service, sp.Service)
		assert.Equal(t, tt.kind, sp.Kind, "kind of %s", tt.id)
		assert.Equal(t, tt.status, sp.Status, "status of %s", tt.id)
		assert.Equal(t, tt.links, linkStrings(sp.Links), "links of %s", tt.id)
	}

	v, _ := b.Spans[0].Attrs.Get("sampler.param")
	assert.Equal(t, model.DoubleValue(0.25), v)
	v, _ = b.Spans[1].Attrs.Get("kafka.key")
	decodetest.Same(t, model.BytesValue([]byte("order-7712")), v)
	v, _ = b.Spans[1].Attrs.Get("messaging.message_payload_size_bytes")
	assert.Equal(t, model.IntValue(1834), v, "int64 written as a string")
	v, ok := b.Spans[3].Attrs.Get("error")
	assert.True(t, ok, "error=false stays a tag")
	assert.Equal(t, model.BoolValue(false), v)

	assert.Equal(t, []model.Event{{Time: 1699999990240300000, Name: "message received",
		Attrs: model.Attrs{{Key: "lag_ms", Value: model.DoubleValue(229.7)}}}}, b.Spans[2].Events)
	decodetest.Same(t, []model.Event{{Time: 1699999990296000000, Name: "log",
		Attrs: model.Attrs{{Key: "level", Value: decodetest.Str("info")}, {Key: "reserved", Value: model.IntValue(2)}}}}, b.Spans[3].Events)
	assert.Equal(t, "error", b.Spans[4].Events[0].Name)

	assert.Equal(t, []model.Warning{{Span: 2, Message: "jaeger: clock skew adjustment disabled; not applying calculated delta of -1.2ms"}}, b.Warnings)
	require.Len(t, b.Resources, 2)
	assert.Equal(t, "orders", b.Resources[0].Service)
	assert.Equal(t, "fulfilment", b.Resources[1].Service)
}

func TestJaegerReferences(t *testing.T) {
	const other = `"traceID":"00000000000000bb"`
	tests := []struct {
		name   string
		span   string
		parent string
		links  []string
	}{
		{name: "no references", span: jaegerSpan("01", `"references":[]`)},
		{name: "references null", span: jaegerSpan("01", `"references":null`)},
		{name: "child of", span: jaegerSpan("01", `"references":[{"refType":"CHILD_OF","traceID":"00000000000000aa","spanID":"02"}]`), parent: "02"},
		{name: "null span id is no reference", span: jaegerSpan("01", `"references":[{"refType":"CHILD_OF","traceID":"00000000000000aa","spanID":null}]`)},
		{name: "empty span id is no reference", span: jaegerSpan("01", `"references":[{"refType":"CHILD_OF","spanID":""}]`)},
		{name: "reference without traceID is in the span's trace", span: jaegerSpan("01", `"references":[{"refType":"CHILD_OF","spanID":"03"}]`), parent: "03"},
		{name: "missing refType is CHILD_OF", span: jaegerSpan("01", `"references":[{"spanID":"03"},{"refType":"FOLLOWS_FROM","spanID":"04"}]`),
			parent: "03", links: []string{"00000000000000aa/0000000000000004/follows_from"}},
		{name: "lower-case refType", span: jaegerSpan("01", `"references":[{"refType":"follows_from","spanID":"04"}]`), parent: "04"},
		{name: "child of another trace is a link", span: jaegerSpan("01", `"references":[{"refType":"CHILD_OF",`+other+`,"spanID":"05"},{"refType":"FOLLOWS_FROM","spanID":"06"}]`),
			parent: "06", links: []string{"00000000000000bb/0000000000000005/child_of"}},
		{name: "second child of is a link", span: jaegerSpan("01", `"references":[{"refType":"CHILD_OF","spanID":"07"},{"refType":"CHILD_OF","spanID":"08"}]`),
			parent: "07", links: []string{"00000000000000aa/0000000000000008/child_of"}},
		{name: "legacy parentSpanID", span: jaegerSpan("01", `"parentSpanID":"09"`), parent: "09"},
		{name: "legacy zero parentSpanID", span: jaegerSpan("01", `"parentSpanID":"0000000000000000"`)},
		{name: "references beat parentSpanID", span: jaegerSpan("01", `"parentSpanID":"09","references":[{"refType":"CHILD_OF","spanID":"0a"}]`), parent: "0a"},
		{name: "parentSpanID when only other traces are referenced", span: jaegerSpan("01", `"parentSpanID":"09","references":[{"refType":"CHILD_OF",`+other+`,"spanID":"0a"}]`),
			parent: "09", links: []string{"00000000000000bb/000000000000000a/child_of"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := decodeJaeger(jaegerDoc(tt.span), decode.Limits{})
			require.NoError(t, err)
			require.Len(t, b.Spans, 1)
			var parent model.SpanID
			if tt.parent != "" {
				parent = decodetest.SpanID(tt.parent)
			}
			assert.Equal(t, parent, b.Spans[0].ParentID)
			assert.Equal(t, tt.links, linkStrings(b.Spans[0].Links))
		})
	}
}

func TestJaegerTagValues(t *testing.T) {
	tests := []struct {
		name string
		tag  string
		want model.Value
	}{
		{name: "string", tag: `{"key":"k","type":"string","value":"v"}`, want: decodetest.Str("v")},
		{name: "escaped string", tag: `{"key":"k","type":"string","value":"a\"b\u00e9"}`, want: decodetest.Str("a\"bé")},
		{name: "int64 number", tag: `{"key":"k","type":"int64","value":42}`, want: model.IntValue(42)},
		{name: "int64 string beyond 2^53", tag: `{"key":"k","type":"int64","value":"9007199254740993"}`, want: model.IntValue(9007199254740993)},
		{name: "int64 negative", tag: `{"key":"k","type":"int64","value":-7}`, want: model.IntValue(-7)},
		{name: "int64 exponent", tag: `{"key":"k","type":"int64","value":1e3}`, want: model.IntValue(1000)},
		{name: "float64", tag: `{"key":"k","type":"float64","value":2.5}`, want: model.DoubleValue(2.5)},
		{name: "float64 whole", tag: `{"key":"k","type":"float64","value":3}`, want: model.DoubleValue(3)},
		{name: "float64 string", tag: `{"key":"k","type":"float64","value":"0.125"}`, want: model.DoubleValue(0.125)},
		{name: "bool", tag: `{"key":"k","type":"bool","value":true}`, want: model.BoolValue(true)},
		{name: "bool string", tag: `{"key":"k","type":"bool","value":"false"}`, want: model.BoolValue(false)},
		{name: "binary", tag: `{"key":"k","type":"binary","value":"AQID"}`, want: model.BytesValue([]byte{1, 2, 3})},
		{name: "binary unpadded", tag: `{"key":"k","type":"binary","value":"AQI"}`, want: model.BytesValue([]byte{1, 2})},
		{name: "value before type", tag: `{"value":"12","type":"int64","key":"k"}`, want: model.IntValue(12)},
		{name: "no type, integer", tag: `{"key":"k","value":7}`, want: model.IntValue(7)},
		{name: "no type, fraction", tag: `{"key":"k","value":1.5}`, want: model.DoubleValue(1.5)},
		{name: "no type, string", tag: `{"key":"k","value":"x"}`, want: decodetest.Str("x")},
		{name: "string type, number value", tag: `{"key":"k","value":1000,"type":"string"}`, want: model.IntValue(1000)},
		{name: "string type, bool value", tag: `{"key":"k","value":true,"type":"string"}`, want: model.BoolValue(true)},
		{name: "string type, object value", tag: `{"key":"k","value":{"a":1,"b":["x",null]},"type":"string"}`,
			want: model.MapValue(model.Attr{Key: "a", Value: model.IntValue(1)}, model.Attr{Key: "b", Value: model.ArrayValue(decodetest.Str("x"), model.Value{})})},
		{name: "null", tag: `{"key":"k","value":null,"type":"string"}`, want: model.Value{}},
		{name: "missing value", tag: `{"key":"k","type":"int64"}`, want: model.Value{}},
		{name: "unknown members", tag: `{"key":"k","type":"string","value":"v","vStr":"ignored"}`, want: decodetest.Str("v")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := decodeJaeger(jaegerDoc(jaegerSpan("01", `"tags":[`+tt.tag+`]`)), decode.Limits{})
			require.NoError(t, err)
			require.Len(t, b.Spans[0].Attrs, 1)
			assert.Equal(t, "k", b.Spans[0].Attrs[0].Key)
			assert.True(t, tt.want.Equal(b.Spans[0].Attrs[0].Value), "got %s (%s); want %s (%s)",
				b.Spans[0].Attrs[0].Value.AsString(), b.Spans[0].Attrs[0].Value.Type(), tt.want.AsString(), tt.want.Type())
		})
	}
}

func TestJaegerFieldTags(t *testing.T) {
	tag := func(k, typ, v string) string { return `{"key":"` + k + `","type":"` + typ + `","value":` + v + `}` }
	tests := []struct {
		name   string
		tags   []string
		kind   model.SpanKind
		status model.Status
		scope  *model.Scope
		left   []string // keys of the attributes left
	}{
		{name: "span.kind", tags: []string{tag("span.kind", "string", `"consumer"`), tag("a", "string", `"b"`)}, kind: model.KindConsumer, left: []string{"a"}},
		{name: "unknown span.kind stays", tags: []string{tag("span.kind", "string", `"rpc"`)}, left: []string{"span.kind"}},
		{name: "error true", tags: []string{tag("error", "bool", "true")}, status: model.Status{Code: model.StatusError}},
		{name: "error string true", tags: []string{tag("error", "string", `"true"`)}, status: model.Status{Code: model.StatusError}},
		{name: "error false stays", tags: []string{tag("error", "bool", "false")}, left: []string{"error"}},
		{name: "error with description", tags: []string{tag("otel.status_description", "string", `"boom"`), tag("error", "bool", "true")},
			status: model.Status{Code: model.StatusError, Message: "boom"}},
		{name: "otel status error", tags: []string{tag("otel.status_code", "string", `"ERROR"`), tag("otel.status_description", "string", `"bad"`)},
			status: model.Status{Code: model.StatusError, Message: "bad"}},
		{name: "otel status ok", tags: []string{tag("otel.status_code", "string", `"OK"`)}, status: model.Status{Code: model.StatusOK}},
		{name: "error tag decides over otel ok", tags: []string{tag("otel.status_code", "string", `"OK"`), tag("error", "bool", "true")},
			status: model.Status{Code: model.StatusError}},
		{name: "description alone stays", tags: []string{tag("otel.status_description", "string", `"x"`)}, left: []string{"otel.status_description"}},
		{name: "scope", tags: []string{tag("otel.scope.name", "string", `"lib"`), tag("otel.scope.version", "string", `"1.2"`), tag("x", "int64", "1")},
			scope: &model.Scope{Name: "lib", Version: "1.2"}, left: []string{"x"}},
		{name: "library", tags: []string{tag("otel.library.name", "string", `"old"`), tag("otel.library.version", "string", `"0.1"`)},
			scope: &model.Scope{Name: "old", Version: "0.1"}},
		{name: "version alone stays", tags: []string{tag("otel.scope.version", "string", `"1"`)}, left: []string{"otel.scope.version"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := decodeJaeger(jaegerDoc(jaegerSpan("01", `"tags":[`+strings.Join(tt.tags, ",")+`]`)), decode.Limits{})
			require.NoError(t, err)
			sp := &b.Spans[0]
			assert.Equal(t, tt.kind, sp.Kind)
			assert.Equal(t, tt.status, sp.Status)
			if tt.scope == nil {
				assert.Equal(t, int32(-1), sp.Scope)
			} else {
				require.Equal(t, int32(0), sp.Scope)
				assert.Equal(t, *tt.scope, b.Scopes[0])
			}
			var left []string
			for _, a := range sp.Attrs {
				left = append(left, a.Key)
			}
			assert.Equal(t, tt.left, left)
		})
	}
}

func TestJaegerProcesses(t *testing.T) {
	t.Run("inline process", func(t *testing.T) {
		doc := `{"traceID":"aa","spans":[` +
			`{"traceID":"aa","spanID":"01","process":{"serviceName":"inline","tags":[{"key":"ip","type":"string","value":"10.0.0.1"}]}},` +
			`{"traceID":"aa","spanID":"02","process":{"serviceName":"inline","tags":[{"key":"ip","type":"string","value":"10.0.0.1"}]}}]}`
		b, err := decodeJaeger(doc, decode.Limits{})
		require.NoError(t, err)
		require.Len(t, b.Resources, 1, "equal processes share a resource")
		for _, sp := range b.Spans {
			assert.Equal(t, "inline", sp.Service)
			assert.Equal(t, int32(0), sp.Resource)
		}
		decodetest.Same(t, model.Attrs{{Key: "service.name", Value: decodetest.Str("inline")}, {Key: "ip", Value: decodetest.Str("10.0.0.1")}}, b.Resources[0].Attrs)
	})
	t.Run("processes after spans, trace id after spans", func(t *testing.T) {
		doc := `{"spans":[{"spanID":"01","processID":"p9"}],"processes":{"p9":{"serviceName":"late"}},"traceID":"00000000000000cc"}`
		b, err := decodeJaeger(doc, decode.Limits{})
		require.NoError(t, err)
		assert.Equal(t, "late", b.Spans[0].Service)
		assert.Equal(t, decodetest.TraceID("cc"), b.Spans[0].TraceID)
	})
	t.Run("same process in two traces", func(t *testing.T) {
		trace := func(id string) string {
			return `{"traceID":"` + id + `","spans":[{"traceID":"` + id + `","spanID":"01","processID":"p1"}],"processes":{"p1":{"serviceName":"svc"}}}`
		}
		b, err := decodeJaeger(`{"data":[`+trace("01")+`,`+trace("02")+`]}`, decode.Limits{})
		require.NoError(t, err)
		require.Len(t, b.Spans, 2)
		assert.Len(t, b.Resources, 1)
		assert.Equal(t, decodetest.TraceID("02"), b.Spans[1].TraceID)
	})
	t.Run("unknown processID", func(t *testing.T) {
		b, err := decodeJaeger(`{"traceID":"aa","spans":[{"spanID":"01","processID":"p2"}],"processes":{"p1":{"serviceName":"svc"}}}`, decode.Limits{})
		require.NoError(t, err)
		assert.Equal(t, "", b.Spans[0].Service)
		assert.Equal(t, int32(-1), b.Spans[0].Resource)
		assert.Equal(t, []model.Warning{{Span: 0, Message: `jaeger: processID "p2" is not in the trace's processes`}}, b.Warnings)
	})
}

func TestJaegerResponseMembers(t *testing.T) {
	// Errors and no spans: the errors are the answer.
	doc := `{"data":null,"total":0,"limit":0,"offset":0,"errors":[{"code":404,"msg":"trace not found","traceID":"abc"}]}`
	_, err := decodeJaeger(doc, decode.Limits{})
	require.EqualError(t, err, "ingest: jaeger: the query API answered with no spans: error 404: trace not found (trace abc)")
	// Neither spans nor errors: an empty document.
	b, err := decodeJaeger(`{"data":[{"traceID":"aa","spans":[],"processes":{}}]}`, decode.Limits{})
	require.NoError(t, err)
	assert.Empty(t, b.Spans)

	// Errors beside spans (a partial answer) are warnings.
	b, err = decodeJaeger(`{"data":[{"traceID":"aa","spans":[{"spanID":"01"}],"processes":{},"warnings":["w1"]}],"errors":[{"code":500,"msg":"partial"}]}`, decode.Limits{})
	require.NoError(t, err)
	assert.Equal(t, []model.Warning{{Span: -1, Message: "jaeger: w1"}, {Span: -1, Message: "jaeger: query error 500: partial"}}, b.Warnings)
}

func TestJaegerTimes(t *testing.T) {
	tests := []struct {
		name       string
		members    string
		start, end int64
	}{
		{name: "numbers", members: `"startTime":1700000000000001,"duration":2`, start: 1700000000000001000, end: 1700000000000003000},
		{name: "strings", members: `"startTime":"1700000000000001","duration":"2"`, start: 1700000000000001000, end: 1700000000000003000},
		{name: "fractional microseconds", members: `"startTime":1.5,"duration":0.25`, start: 1500, end: 1750},
		{name: "absent", members: `"operationName":"x"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := decodeJaeger(`{"traceID":"aa","spans":[{"spanID":"01",`+tt.members+`}]}`, decode.Limits{})
			require.NoError(t, err)
			assert.Equal(t, tt.start, b.Spans[0].Start)
			assert.Equal(t, tt.end, b.Spans[0].End)
		})
	}
}

func TestJaegerErrors(t *testing.T) {
	span0 := "data[0].spans[0]"
	tests := []struct {
		name string
		doc  string
		err  string
	}{
		{name: "array", doc: `[]`, err: `ingest: jaeger: offset 0: want a Jaeger query response {"data":[...]} or a trace object, got array`},
		{name: "data object", doc: `{"data":{"traceID":"aa"}}`, err: `ingest: jaeger: data: want array, got object`},
		{name: "truncated", doc: `{"data":[{"spans":[`, err: `ingest: jaeger: ` + span0 + `: want object, got end of input (truncated?)`},
		{name: "trailing data", doc: `{"data":[]} x`, err: `ingest: jaeger: offset 12: unexpected "x" after the top-level value`},
		{name: "bad refType", doc: jaegerDoc(jaegerSpan("01", `"references":[{"refType":"PARENT","spanID":"02"}]`)),
			err: `ingest: jaeger: ` + span0 + `.references[0].refType: want CHILD_OF or FOLLOWS_FROM, got "PARENT"`},
		{name: "no spanID", doc: jaegerDoc(`{"traceID":"aa","operationName":"x"}`), err: `ingest: jaeger: ` + span0 + `: span has no spanID`},
		{name: "empty traceID", doc: jaegerDoc(`{"traceID":"","spanID":"01"}`), err: `ingest: jaeger: ` + span0 + `.traceID: want a hex trace id, got ""`},
		{name: "empty spanID", doc: jaegerDoc(`{"traceID":"aa","spanID":""}`), err: `ingest: jaeger: ` + span0 + `.spanID: want a hex span id, got ""`},
		{name: "no trace id anywhere", doc: `{"spans":[{"spanID":"01"}]}`, err: `ingest: jaeger: offset 27: span 0000000000000001 has no traceID, nor has its trace`},
		{name: "bad startTime", doc: jaegerDoc(jaegerSpan("01", `"startTime":"soon"`)), err: `ingest: jaeger: ` + span0 + `.startTime: want microseconds, got "soon"`},
		{name: "startTime out of range", doc: jaegerDoc(jaegerSpan("01", `"startTime":9300000000000000000`)),
			err: `ingest: jaeger: ` + span0 + `.startTime: 9300000000000000000 µs is out of range`},
		{name: "bad int64", doc: jaegerDoc(jaegerSpan("01", `"tags":[{"key":"k","type":"int64","value":"abc"}]`)),
			err: `ingest: jaeger: ` + span0 + `.tags[0].value: want int64, got "abc"`},
		{name: "int64 fraction", doc: jaegerDoc(jaegerSpan("01", `"tags":[{"key":"k","type":"int64","value":1.5}]`)),
			err: `ingest: jaeger: ` + span0 + `.tags[0].value: want int64, got 1.5`},
		{name: "bad bool", doc: jaegerDoc(jaegerSpan("01", `"tags":[{"key":"k","type":"bool","value":1}]`)),
			err: `ingest: jaeger: ` + span0 + `.tags[0].value: want bool, got 1`},
		{name: "bool for float", doc: jaegerDoc(jaegerSpan("01", `"logs":[{"timestamp":1,"fields":[{"key":"k","type":"float64","value":true}]}]`)),
			err: `ingest: jaeger: ` + span0 + `.logs[0].fields[0].value: want float64, got true`},
		{name: "bad base64", doc: jaegerDoc(jaegerSpan("01", `"tags":[{"key":"k","type":"binary","value":"!!!!"}]`)),
			err: `ingest: jaeger: ` + span0 + `.tags[0].value: want base64, got "!!!!"`},
		{name: "unknown type", doc: jaegerDoc(jaegerSpan("01", `"tags":[{"key":"k","type":"long","value":1}]`)),
			err: `ingest: jaeger: ` + span0 + `.tags[0].type: want string, bool, int64, float64 or binary, got "long"`},
		{name: "tags not an array", doc: jaegerDoc(jaegerSpan("01", `"tags":{}`)), err: `ingest: jaeger: ` + span0 + `.tags: want array, got object`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := decodeJaeger(tt.doc, decode.Limits{})
			require.Error(t, err)
			assert.Equal(t, tt.err, err.Error())
			var ie *decode.Error
			assert.True(t, errors.As(err, &ie), "want an *ingest.Error, got %T", err)
		})
	}
}

func TestJaegerLimits(t *testing.T) {
	tags := `"tags":[{"key":"a","value":1},{"key":"b","value":2},{"key":"c","value":3}]`
	logs := `"logs":[{"timestamp":1},{"timestamp":2}]`
	tests := []struct {
		name  string
		doc   string
		lim   decode.Limits
		limit string
		where string
	}{
		{name: "spans", doc: jaegerDoc(jaegerSpan("01", ""), jaegerSpan("02", "")), lim: decode.Limits{MaxSpans: 1}, limit: "MaxSpans"},
		{name: "attrs", doc: jaegerDoc(jaegerSpan("01", tags)), lim: decode.Limits{MaxAttrsPerSpan: 2}, limit: "MaxAttrsPerSpan", where: "data[0].spans[0].tags[2]"},
		{name: "events", doc: jaegerDoc(jaegerSpan("01", logs)), lim: decode.Limits{MaxEventsPerSpan: 1}, limit: "MaxEventsPerSpan", where: "data[0].spans[0].logs[1]"},
		{name: "value bytes", doc: jaegerDoc(jaegerSpan("01", `"tags":[{"key":"k","value":"0123456789"}]`)), lim: decode.Limits{MaxAttrValueBytes: 4},
			limit: "MaxAttrValueBytes", where: "data[0].spans[0].tags[0]"},
		{name: "depth", doc: jaegerDoc(jaegerSpan("01", `"tags":[{"key":"k","value":[[[[[[1]]]]]]}]`)), lim: decode.Limits{MaxDepth: 8}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := decodeJaeger(tt.doc, tt.lim)
			require.Error(t, err)
			if tt.limit == "" {
				assert.Contains(t, err.Error(), "nesting deeper than 8 levels")
				return
			}
			var le *decode.LimitError
			require.True(t, errors.As(err, &le), "got %v", err)
			assert.Equal(t, model.Jaeger, le.Format)
			assert.Equal(t, tt.limit, le.Limit)
			assert.Equal(t, tt.where, le.Where)
		})
	}
	_, err := decodeJaeger(jaegerDoc(jaegerSpan("01", tags)), decode.Limits{MaxAttrsPerSpan: 3})
	assert.NoError(t, err, "exactly at the limit")
}

// genJaeger writes a query response of n spans in traces of 100, shaped
// like HotROD's: six processes, a handful of tags, a log on every other span.
func genJaeger(n int) []byte {
	var buf bytes.Buffer
	services := []string{"frontend", "customer", "mysql", "driver", "redis", "route"}
	buf.WriteString(`{"data":[`)
	for t := 0; t*100 < n; t++ {
		if t > 0 {
			buf.WriteByte(',')
		}
		trace := fmt.Sprintf("%016x%016x", 0x3f8a3c2b1d4e5f60+t, 0x718293a4b5c6d7e8)
		fmt.Fprintf(&buf, `{"traceID":"%s","spans":[`, trace)
		for i := 0; i < 100 && t*100+i < n; i++ {
			if i > 0 {
				buf.WriteByte(',')
			}
			refs := "[]"
			if i > 0 {
				refs = fmt.Sprintf(`[{"refType":"CHILD_OF","traceID":"%s","spanID":"%016x"}]`, trace, 0x1000+(i-1)/3)
			}
			fmt.Fprintf(&buf, `{"traceID":"%s","spanID":"%016x","flags":1,"operationName":"HTTP GET /customer","references":%s,`+
				`"startTime":%d,"duration":%d,"tags":[`+
				`{"key":"otel.library.name","type":"string","value":"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"},`+
				`{"key":"http.method","type":"string","value":"GET"},{"key":"http.status_code","type":"int64","value":200},`+
				`{"key":"http.url","type":"string","value":"http://0.0.0.0:8081/customer?customer=%d"},`+
				`{"key":"span.kind","type":"string","value":"client"},{"key":"internal.span.format","type":"string","value":"proto"}],`,
				trace, 0x1000+i, refs, 1700000000000000+i*1000, 5000+i, i)
			if i%2 == 0 {
				fmt.Fprintf(&buf, `"logs":[{"timestamp":%d,"fields":[{"key":"event","type":"string","value":"HTTP request received"},`+
					`{"key":"level","type":"string","value":"info"}]}],`, 1700000000000000+i*1000+10)
			} else {
				buf.WriteString(`"logs":[],`)
			}
			fmt.Fprintf(&buf, `"processID":"p%d","warnings":null}`, i%len(services)+1)
		}
		buf.WriteString(`],"processes":{`)
		for i, s := range services {
			if i > 0 {
				buf.WriteByte(',')
			}
			fmt.Fprintf(&buf, `"p%d":{"serviceName":"%s","tags":[{"key":"hostname","type":"string","value":"host-%d"},{"key":"ip","type":"string","value":"10.0.0.%d"}]}`, i+1, s, i, i)
		}
		buf.WriteString(`},"warnings":null}`)
	}
	buf.WriteString(`],"total":0,"limit":0,"offset":0,"errors":null}`)
	return buf.Bytes()
}

func TestJaegerGenerated(t *testing.T) {
	b, err := testDecode(genJaeger(250), decode.Options{Format: model.Jaeger})
	require.NoError(t, err)
	require.Len(t, b.Spans, 250)
	assert.Len(t, b.Resources, 6)
	assert.Len(t, b.Scopes, 1)
	sp := &b.Spans[104] // trace 1, span 4: parent is span (4-1)/3 = 1 of trace 1
	assert.Equal(t, decodetest.SpanID("0000000000001004"), sp.ID)
	assert.Equal(t, decodetest.SpanID("0000000000001001"), sp.ParentID)
	assert.Equal(t, model.KindClient, sp.Kind)
	assert.Equal(t, "redis", sp.Service)
	assert.Len(t, sp.Attrs, 4)
}

func BenchmarkDecodeJaeger(b *testing.B) {
	data := genJaeger(10_000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := testDecode(data, decode.Options{Format: model.Jaeger}); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzJaeger seeds from small inputs only (the samples are 5–30 KB, which
// fuzzing spent its budget minimizing) and checks fuzzDecode's invariants
// and Jaeger's: a span's service is its resource's.
func FuzzJaeger(f *testing.F) {
	for _, data := range decodetest.SmallSeeds(f, samples, "jaeger", 2048) {
		f.Add(data)
	}
	f.Add([]byte(jaegerDoc(jaegerSpan("01", `"parentSpanID":"02","tags":[{"key":"k","type":"int64","value":1}],"logs":[{"timestamp":1,"fields":[{"key":"event","vStr":"x"}]}]`))))
	f.Add([]byte(jaegerDoc(jaegerSpan("01", `"references":[{"refType":"FOLLOWS_FROM","spanID":"02"}],"parentSpanID":"03","process":{"serviceName":"x"}`))))
	f.Add(genJaeger(3))
	// The fast tag path's edges: each must read as the general path does.
	long := strings.Repeat("k", 256)
	for _, tag := range []string{
		`{"key":"a","type":"string","value":"b"}`, `{"key":"a","type":"int64","value":-12}`, `{"key":"a","type":"int64","value":"12"}`,
		`{"key":"a","type":"int64","value":007}`, `{"key":"a","type":"int64","value":"-0"}`, `{"key":"a","type":"int64","value":99999999999999999999}`,
		`{"key":"a","type":"int64","value":1.5}`, `{"key":"a","type":"bool","value":true}`, `{"key":"a","type":"bool","value":false}`,
		`{"key":"a","type":"bool","value":"true"}`, `{"key":"a","type":"string","value":12}`, `{"key":"a","type":"float64","value":1.5}`,
		`{"key":"a\u0062","type":"string","value":"\n"}`, "{\"key\":\"a\xff\",\"type\":\"string\",\"value\":\"b\"}",
		`{"key":"` + long + `","type":"string","value":"` + long + `"}`, `{"key":"` + long + `k","type":"string","value":"v"}`,
		`{"key":"k","type":"string","value":"` + long + `v"}`, `{"key":"a","type":"string","value":"b","x":1}`, `{"key":"a", "type":"string","value":"b"}`,
		`{"key":"a","type":"string","value":"b"`, `{"key":"a","type":"strin","value":"b"}`, `{"key":"a","type":"string","value":"b`,
	} {
		f.Add([]byte(jaegerDoc(jaegerSpan("01", `"tags":[`+tag+`,`+tag+`]`))))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if b := decodetest.Check(t, testDecode, data, model.Jaeger, decodetest.FuzzLimits); b != nil {
			decodetest.CheckIndexes(t, b)
		}
		decodetest.SameBothWays(t, testDecode, data, model.Jaeger, decodetest.FuzzLimits, &fastTags)
	})
}

func TestJaegerDetected(t *testing.T) {
	for _, name := range []string{"hotrod.json", "tutorial.json", "follows_from.json"} {
		t.Run(name, func(t *testing.T) {
			b, err := testDecode(decodetest.Sample(t, samples, "jaeger", name), decode.Options{})
			require.NoError(t, err)
			assert.Equal(t, string(model.Jaeger), string(b.Format))
		})
	}
}
