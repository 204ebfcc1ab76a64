package zipkin

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spanlens/spanlens/core/internal/decode"
	"github.com/spanlens/spanlens/core/internal/decode/decodetest"
	"github.com/spanlens/spanlens/core/model"
)

func decodeZipkin(data string, lim decode.Limits) (*model.Batch, error) {
	return testDecode([]byte(data), decode.Options{Format: model.Zipkin, Limits: lim})
}

// zspan is a span of trace 0xaa with the given members.
func zspan(members string) string {
	return `{"traceId":"00000000000000aa",` + members + `}`
}

func zdoc(spans ...string) string { return "[" + strings.Join(spans, ",") + "]" }

// serverID is the id the decoder gives the server half sharing id.
func zipkinServerID(id, suffix string) model.SpanID {
	return model.HashSpanID([]byte(decodetest.SpanID(id).String() + "/server" + suffix))
}

func TestZipkinSharedRPC(t *testing.T) {
	b, err := testDecode(decodetest.Sample(t, samples, "zipkin", "shared_rpc.json"), decode.Options{Format: model.Zipkin})
	require.NoError(t, err)
	require.Len(t, b.Spans, 5, "the shared id becomes two spans, not a duplicate")
	assert.Empty(t, b.Warnings)

	server := zipkinServerID("6b221d5bc9e6496c", "")
	want := []struct {
		id, parent model.SpanID
		name       string
		service    string
		kind       model.SpanKind
		start, end int64
	}{
		{decodetest.SpanID("5af7183fb1d4cf5f"), model.SpanID{}, "get /", "frontend", model.KindServer, 1700000100000000000, 1700000100035000000},
		{decodetest.SpanID("6b221d5bc9e6496c"), decodetest.SpanID("5af7183fb1d4cf5f"), "get", "frontend", model.KindClient, 1700000100006000000, 1700000100026000000},
		{server, decodetest.SpanID("6b221d5bc9e6496c"), "get /api", "backend", model.KindServer, 1700000100008500000, 1700000100024500000},
		// Children naming the shared id hang under the server half.
		{decodetest.SpanID("8d35e4cc3a8b1f02"), server, "format-date", "backend", model.KindUnspecified, 1700000100009000000, 1700000100011000000},
		{decodetest.SpanID("0f61c9d2b7e84a35"), server, "query", "backend", model.KindClient, 1700000100011000000, 1700000100020000000},
	}
	for i, w := range want {
		sp := &b.Spans[i]
		assert.Equal(t, decodetest.TraceID("5af7183fb1d4cf5f"), sp.TraceID)
		assert.Equal(t, w.id, sp.ID, "span %d", i)
		assert.Equal(t, w.parent, sp.ParentID, "parent of %s", w.name)
		assert.Equal(t, w.name, sp.Name)
		assert.Equal(t, w.service, sp.Service)
		assert.Equal(t, w.kind, sp.Kind, "kind of %s", w.name)
		assert.Equal(t, w.start, sp.Start, "start of %s", w.name)
		assert.Equal(t, w.end, sp.End, "end of %s", w.name)
	}

	decodetest.Same(t, model.Attrs{
		{Key: "http.method", Value: decodetest.Str("GET")},
		{Key: "http.path", Value: decodetest.Str("/api")},
		{Key: "peer.service", Value: decodetest.Str("backend")},
		{Key: "network.peer.address", Value: decodetest.Str("172.17.0.9")},
		{Key: "network.peer.port", Value: model.IntValue(9000)},
	}, b.Spans[1].Attrs)
	decodetest.Same(t, model.Attrs{
		{Key: "http.method", Value: decodetest.Str("GET")},
		{Key: "http.path", Value: decodetest.Str("/api")},
		{Key: "mvc.controller.class", Value: decodetest.Str("Backend")},
		{Key: "mvc.controller.method", Value: decodetest.Str("printDate")},
		{Key: "network.local.port", Value: model.IntValue(9000)},
		{Key: "network.peer.address", Value: decodetest.Str("172.17.0.13")},
		{Key: "network.peer.port", Value: model.IntValue(59322)},
	}, b.Spans[2].Attrs)

	require.Len(t, b.Resources, 2, "backend's spans with and without a port share a resource")
	decodetest.Same(t, model.Resource{Service: "frontend", Attrs: model.Attrs{
		{Key: "service.name", Value: decodetest.Str("frontend")},
		{Key: "network.local.address", Value: decodetest.Str("172.17.0.13")},
	}}, b.Resources[0])
	for _, i := range []int{2, 3, 4} {
		assert.Equal(t, int32(1), b.Spans[i].Resource)
	}
}

func TestZipkinSplitSpan(t *testing.T) {
	b, err := testDecode(decodetest.Sample(t, samples, "zipkin", "split_span.json"), decode.Options{Format: model.Zipkin})
	require.NoError(t, err)
	require.Len(t, b.Spans, 2, "pieces of one span are merged")
	assert.Empty(t, b.Warnings)

	root := &b.Spans[0]
	assert.Equal(t, decodetest.SpanID("b7ad6b7169203331"), root.ID)
	assert.True(t, root.ParentID.IsZero())
	assert.Equal(t, "post /checkout", root.Name)
	assert.Equal(t, model.KindServer, root.Kind)
	assert.Equal(t, int64(1700000200000000000), root.Start)
	assert.Equal(t, int64(1700000200150000000), root.End)
	assert.Equal(t, []model.Event{{Time: 1700000200004000000, Name: "cache miss"}}, root.Events,
		"the kindless piece without a timestamp joins the span")
	decodetest.Same(t, model.Attrs{
		{Key: "http.method", Value: decodetest.Str("POST")},
		{Key: "http.path", Value: decodetest.Str("/checkout")},
		{Key: "http.status_code", Value: decodetest.Str("200")},
		{Key: "network.local.port", Value: model.IntValue(8080)},
	}, root.Attrs)

	charge := &b.Spans[1]
	assert.Equal(t, decodetest.SpanID("1e9a4c0f77d3b214"), charge.ID)
	assert.Equal(t, root.ID, charge.ParentID)
	assert.Equal(t, "charge", charge.Name)
	assert.Equal(t, model.KindClient, charge.Kind)
	assert.Equal(t, int64(1700000200010000000), charge.Start)
	assert.Equal(t, int64(1700000200130000000), charge.End)
	assert.Equal(t, []model.Event{
		{Time: 1700000200010200000, Name: "ws"},
		{Time: 1700000200071000000, Name: "retry"},
		{Time: 1700000200129500000, Name: "wr"},
	}, charge.Events, "annotations are united without duplicates, by time")
	decodetest.Same(t, model.Attrs{
		{Key: "http.method", Value: decodetest.Str("POST")},
		{Key: "http.path", Value: decodetest.Str("/v1/charges")},
		{Key: "retry.count", Value: decodetest.Str("1")},
		{Key: "http.status_code", Value: decodetest.Str("201")},
		{Key: "peer.service", Value: decodetest.Str("payments")},
		{Key: "network.peer.address", Value: decodetest.Str("10.0.5.2")},
		{Key: "network.peer.port", Value: model.IntValue(443)},
	}, charge.Attrs)
}

func TestZipkinMultiService(t *testing.T) {
	b, err := testDecode(decodetest.Sample(t, samples, "zipkin", "multi_service.json"), decode.Options{Format: model.Zipkin})
	require.NoError(t, err)
	require.Len(t, b.Spans, 8)
	assert.Empty(t, b.Warnings)

	trace := decodetest.TraceID("4bf92f3577b34da6a3ce929d0e0e4736")
	want := []struct {
		id, parent, service string
		kind                model.SpanKind
		status              model.Status
		scope               int32
	}{
		{"00f067aa0ba902b7", "", "api-gateway", model.KindServer, model.Status{Code: model.StatusError}, 0},
		{"1a2b3c4d5e6f7081", "00f067aa0ba902b7", "api-gateway", model.KindClient, model.Status{}, 1},
		{"2b3c4d5e6f708192", "1a2b3c4d5e6f7081", "auth", model.KindServer, model.Status{Code: model.StatusOK}, 2},
		{"3c4d5e6f708192a3", "00f067aa0ba902b7", "api-gateway", model.KindClient, model.Status{Code: model.StatusError, Message: "Connection reset by peer"}, 1},
		{"4d5e6f708192a3b4", "3c4d5e6f708192a3", "inventory", model.KindServer, model.Status{Code: model.StatusError, Message: "java.net.SocketException: Connection reset"}, -1},
		{"5e6f708192a3b4c5", "4d5e6f708192a3b4", "inventory", model.KindProducer, model.Status{}, -1},
		{"6f708192a3b4c5d6", "5e6f708192a3b4c5", "notifier", model.KindConsumer, model.Status{}, -1},
		{"708192a3b4c5d6e7", "6f708192a3b4c5d6", "notifier", model.KindUnspecified, model.Status{}, -1},
	}
	for i, w := range want {
		sp := &b.Spans[i]
		assert.Equal(t, trace, sp.TraceID, "64-bit trace ids join the 128-bit trace (span %d)", i)
		assert.Equal(t, decodetest.SpanID(w.id), sp.ID)
		var parent model.SpanID
		if w.parent != "" {
			parent = decodetest.SpanID(w.parent)
		}
		assert.Equal(t, parent, sp.ParentID, "parent of %s", w.id)
		assert.Equal(t, w.service, sp.Service)
		assert.Equal(t, w.kind, sp.Kind, "kind of %s", w.id)
		assert.Equal(t, w.status, sp.Status, "status of %s", w.id)
		assert.Equal(t, w.scope, sp.Scope, "scope of %s", w.id)
	}
	assert.Equal(t, []model.Scope{
		{Name: "io.opentelemetry.tomcat-10.0", Version: "2.1.0-alpha"},
		{Name: "io.opentelemetry.java-http-client", Version: "2.1.0-alpha"},
		{Name: "opentelemetry.instrumentation.flask", Version: "0.45b0"},
	}, b.Scopes)
	decodetest.Same(t, model.Attrs{
		{Key: "http.request.method", Value: decodetest.Str("GET")},
		{Key: "http.route", Value: decodetest.Str("/orders/{id}")},
		{Key: "http.response.status_code", Value: decodetest.Str("502")},
		{Key: "network.peer.address", Value: decodetest.Str("10.1.9.200")},
		{Key: "network.peer.port", Value: model.IntValue(51544)},
	}, b.Spans[0].Attrs, "otel.scope.*, otel.status_code and error are mapped and dropped")
	assert.Equal(t, []model.Event{{Time: 1700000300095000000, Name: "smtp connected"}}, b.Spans[7].Events)
	assert.Equal(t, int64(250000000), b.Spans[7].Duration())
	assert.Len(t, b.Resources, 4)
}

// zrel is a span's id and parent in a table test; "srv", "srv/2" name
// server halves of id 02.
type zrel struct{ id, parent string }

func relID(s string) model.SpanID {
	switch s {
	case "":
		return model.SpanID{}
	case "srv":
		return zipkinServerID("02", "")
	case "srv/2":
		return zipkinServerID("02", "/2")
	}
	return decodetest.SpanID(s)
}

func TestZipkinPieces(t *testing.T) {
	zt := func(members string) string { return zspan(`"timestamp":1,` + members) }
	ep := func(svc string) string { return `"localEndpoint":{"serviceName":"` + svc + `"}` }
	tests := []struct {
		name     string
		spans    []string
		want     []zrel
		warnings []string
	}{
		{
			name:  "shared flag backfilled for SERVER after CLIENT",
			spans: []string{zt(`"id":"02","parentId":"01","kind":"CLIENT",` + ep("a")), zt(`"id":"02","parentId":"01","kind":"SERVER",` + ep("b"))},
			want:  []zrel{{"02", "01"}, {"srv", "02"}},
		},
		{
			name:  "server first in the input",
			spans: []string{zt(`"id":"02","kind":"SERVER","shared":true,` + ep("b")), zt(`"id":"02","parentId":"01","kind":"CLIENT",` + ep("a"))},
			want:  []zrel{{"02", "01"}, {"srv", "02"}},
		},
		{
			name:  "shared server without its client keeps its id",
			spans: []string{zt(`"id":"02","parentId":"01","kind":"SERVER","shared":true,` + ep("b"))},
			want:  []zrel{{"02", "01"}},
		},
		{
			name:  "shared on a CLIENT is ignored",
			spans: []string{zt(`"id":"02","parentId":"01","kind":"CLIENT","shared":true,` + ep("a"))},
			want:  []zrel{{"02", "01"}},
		},
		{
			name: "children of a shared id by service",
			spans: []string{
				zt(`"id":"02","parentId":"01","kind":"CLIENT",` + ep("a")),
				zt(`"id":"02","parentId":"01","kind":"SERVER","shared":true,` + ep("b")),
				zt(`"id":"03","parentId":"02",` + ep("a")),
				zt(`"id":"04","parentId":"02",` + ep("b")),
				zt(`"id":"05","parentId":"02"`),
			},
			want: []zrel{{"02", "01"}, {"srv", "02"}, {"03", "02"}, {"04", "srv"}, {"05", "srv"}},
		},
		{
			name: "client and server in one service",
			spans: []string{
				zt(`"id":"02","kind":"CLIENT",` + ep("a")),
				zt(`"id":"02","kind":"SERVER","shared":true,` + ep("a")),
				zt(`"id":"03","parentId":"02",` + ep("a")),
			},
			want: []zrel{{"02", ""}, {"srv", "02"}, {"03", "srv"}},
		},
		{
			name: "two servers share one client id",
			spans: []string{
				zt(`"id":"02","kind":"CLIENT",` + ep("a")),
				zt(`"id":"02","kind":"SERVER","shared":true,` + ep("b")),
				zt(`"id":"02","kind":"SERVER","shared":true,` + ep("c")),
				zt(`"id":"06","parentId":"02",` + ep("c")),
			},
			want:     []zrel{{"02", ""}, {"srv", "02"}, {"srv/2", "02"}, {"06", "srv/2"}},
			warnings: []string{"zipkin: span id 0000000000000002 is shared by more than one server span"},
		},
		{
			name:  "producer and consumer sharing an id",
			spans: []string{zt(`"id":"02","kind":"PRODUCER",` + ep("a")), zt(`"id":"02","kind":"CONSUMER",` + ep("b"))},
			want:  []zrel{{"02", ""}, {"srv", "02"}},
		},
		{
			name:  "same id and kind in two services stay two spans",
			spans: []string{zt(`"id":"02","kind":"CLIENT",` + ep("a")), zt(`"id":"02","kind":"CLIENT",` + ep("b"))},
			want:  []zrel{{"02", ""}, {"02", ""}},
		},
		{
			name:  "same id in two traces",
			spans: []string{zt(`"id":"02"`), `{"traceId":"00000000000000bb","id":"02","timestamp":1}`},
			want:  []zrel{{"02", ""}, {"02", ""}},
		},
		{
			name:     "self parent",
			spans:    []string{zt(`"id":"02","parentId":"02"`)},
			want:     []zrel{{"02", ""}},
			warnings: []string{"zipkin: span names itself as its parent; made a root"},
		},
		{
			name:  "zero and empty parentId",
			spans: []string{zt(`"id":"02","parentId":"0000000000000000"`), zt(`"id":"03","parentId":""`), zt(`"id":"04","parentId":null`)},
			want:  []zrel{{"02", ""}, {"03", ""}, {"04", ""}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := decodeZipkin(zdoc(tt.spans...), decode.Limits{})
			require.NoError(t, err)
			var got []zrel
			names := map[model.SpanID]string{{}: "", zipkinServerID("02", ""): "srv", zipkinServerID("02", "/2"): "srv/2"}
			name := func(id model.SpanID) string {
				if n, ok := names[id]; ok {
					return n
				}
				return strings.TrimLeft(id.String(), "0")
			}
			for _, sp := range b.Spans {
				got = append(got, zrel{name(sp.ID), name(sp.ParentID)})
			}
			for i := range tt.want {
				tt.want[i] = zrel{name(relID(tt.want[i].id)), name(relID(tt.want[i].parent))}
			}
			assert.Equal(t, tt.want, got)
			var warnings []string
			for _, w := range b.Warnings {
				warnings = append(warnings, w.Message)
			}
			assert.Equal(t, tt.warnings, warnings)
		})
	}
}

func TestZipkinMerge(t *testing.T) {
	t.Run("later tags win", func(t *testing.T) {
		b, err := decodeZipkin(zdoc(zspan(`"id":"01","tags":{"a":"1","c":"x"}`), zspan(`"id":"01","tags":{"a":"2","b":"3"}`)), decode.Limits{})
		require.NoError(t, err)
		require.Len(t, b.Spans, 1)
		decodetest.Same(t, model.Attrs{{Key: "a", Value: decodetest.Str("2")}, {Key: "c", Value: decodetest.Str("x")}, {Key: "b", Value: decodetest.Str("3")}}, b.Spans[0].Attrs)
	})
	t.Run("kindless piece joins the server half of its service", func(t *testing.T) {
		b, err := decodeZipkin(zdoc(
			zspan(`"id":"02","kind":"CLIENT","timestamp":10,"duration":50,"localEndpoint":{"serviceName":"a"}`),
			zspan(`"id":"02","annotations":[{"timestamp":25,"value":"late"}],"localEndpoint":{"serviceName":"b"}`),
			zspan(`"id":"02","kind":"SERVER","shared":true,"timestamp":20,"duration":30,"localEndpoint":{"serviceName":"b"}`),
		), decode.Limits{})
		require.NoError(t, err)
		require.Len(t, b.Spans, 2)
		assert.Empty(t, b.Spans[0].Events)
		assert.Equal(t, zipkinServerID("02", ""), b.Spans[1].ID)
		assert.Equal(t, []model.Event{{Time: 25000, Name: "late"}}, b.Spans[1].Events)
		assert.Equal(t, int64(20000), b.Spans[1].Start)
		assert.Equal(t, int64(50000), b.Spans[1].End)
	})
	t.Run("kindless piece without an endpoint joins a lone server half", func(t *testing.T) {
		b, err := decodeZipkin(zdoc(
			zspan(`"id":"02","parentId":"01","kind":"SERVER","shared":true,"timestamp":20,"duration":30,"localEndpoint":{"serviceName":"b"}`),
			zspan(`"id":"02","annotations":[{"timestamp":25,"value":"late"}]`),
		), decode.Limits{})
		require.NoError(t, err)
		require.Len(t, b.Spans, 1)
		assert.Equal(t, decodetest.SpanID("02"), b.Spans[0].ID)
		assert.Equal(t, decodetest.SpanID("01"), b.Spans[0].ParentID)
		assert.Equal(t, []model.Event{{Time: 25000, Name: "late"}}, b.Spans[0].Events)
	})
	t.Run("error tag carries the message", func(t *testing.T) {
		b, err := decodeZipkin(zdoc(zspan(`"id":"01","tags":{"error":"timeout","x":"y"}`)), decode.Limits{})
		require.NoError(t, err)
		assert.Equal(t, model.Status{Code: model.StatusError, Message: "timeout"}, b.Spans[0].Status)
		decodetest.Same(t, model.Attrs{{Key: "x", Value: decodetest.Str("y")}}, b.Spans[0].Attrs)
	})
	t.Run("tags written as numbers keep their text", func(t *testing.T) {
		b, err := decodeZipkin(zdoc(zspan(`"id":"01","tags":{"n":5,"b":true,"z":null}`)), decode.Limits{})
		require.NoError(t, err)
		decodetest.Same(t, model.Attrs{{Key: "n", Value: decodetest.Str("5")}, {Key: "b", Value: decodetest.Str("true")}}, b.Spans[0].Attrs)
	})
	t.Run("tags set by instrumentation beat the remote endpoint", func(t *testing.T) {
		b, err := decodeZipkin(zdoc(zspan(`"id":"01","tags":{"peer.service":"db-primary"},"remoteEndpoint":{"serviceName":"mysql","ipv6":"::1"}`)), decode.Limits{})
		require.NoError(t, err)
		decodetest.Same(t, model.Attrs{{Key: "peer.service", Value: decodetest.Str("db-primary")}, {Key: "network.peer.address", Value: decodetest.Str("::1")}}, b.Spans[0].Attrs)
	})
}

func TestZipkinTimes(t *testing.T) {
	tests := []struct {
		name       string
		members    string
		start, end int64
		warning    string
	}{
		{name: "timestamp and duration", members: `"timestamp":1700000000000001,"duration":3`, start: 1700000000000001000, end: 1700000000000004000},
		{name: "no duration", members: `"timestamp":5`, start: 5000, end: 5000},
		{name: "annotations give the times", members: `"annotations":[{"timestamp":30,"value":"b"},{"timestamp":10,"value":"a"}]`,
			start: 10000, end: 30000, warning: "zipkin: span has no timestamp; its annotations give its times"},
		{name: "annotations and a duration", members: `"duration":50,"annotations":[{"timestamp":10,"value":"a"},{"timestamp":30,"value":"b"}]`,
			start: 10000, end: 60000, warning: "zipkin: span has no timestamp; its annotations give its times"},
		{name: "nothing", members: `"name":"x"`, warning: "zipkin: span has no timestamp"},
		{name: "zero timestamp is none", members: `"timestamp":0,"duration":0`, warning: "zipkin: span has no timestamp"},
		{name: "null timestamp", members: `"timestamp":null,"duration":null`, warning: "zipkin: span has no timestamp"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := decodeZipkin(zdoc(zspan(`"id":"01",`+tt.members)), decode.Limits{})
			require.NoError(t, err)
			assert.Equal(t, tt.start, b.Spans[0].Start)
			assert.Equal(t, tt.end, b.Spans[0].End)
			var warnings []model.Warning
			if tt.warning != "" {
				warnings = []model.Warning{{Span: 0, Message: tt.warning}}
			}
			assert.Equal(t, warnings, b.Warnings)
		})
	}
}

func TestZipkinErrors(t *testing.T) {
	ok := zspan(`"id":"01"`)
	tests := []struct {
		name string
		doc  string
		err  string
	}{
		{name: "bad traceId", doc: zdoc(ok, ok, ok, `{"traceId":"zz","id":"01"}`), err: `ingest: zipkin: [3].traceId: want 16 or 32 hex chars, got "zz"`},
		{name: "traceId too long", doc: zdoc(`{"traceId":"4bf92f3577b34da6a3ce929d0e0e47360","id":"01"}`),
			err: `ingest: zipkin: [0].traceId: want 16 or 32 hex chars, got "4bf92f3577b34da6a3ce929d0e0e47360"`},
		{name: "bad id", doc: zdoc(zspan(`"id":"xyz"`)), err: `ingest: zipkin: [0].id: want 16 hex chars, got "xyz"`},
		{name: "id too long", doc: zdoc(zspan(`"id":"00000000000000001"`)), err: `ingest: zipkin: [0].id: want 16 hex chars, got "00000000000000001"`},
		{name: "bad parentId", doc: zdoc(zspan(`"id":"01","parentId":"g"`)), err: `ingest: zipkin: [0].parentId: want 16 hex chars, got "g"`},
		{name: "bad kind", doc: zdoc(zspan(`"id":"01","kind":"LOCAL"`)), err: `ingest: zipkin: [0].kind: want CLIENT, SERVER, PRODUCER or CONSUMER, got "LOCAL"`},
		{name: "no traceId", doc: `[{"id":"01"}]`, err: `ingest: zipkin: [0]: span has no traceId`},
		{name: "no id", doc: zdoc(ok, zspan(`"name":"x"`)), err: `ingest: zipkin: [1]: span has no id`},
		{name: "v1", doc: zdoc(zspan(`"id":"01","binaryAnnotations":[]`)), err: `ingest: zipkin: [0].binaryAnnotations: this is Zipkin v1 JSON; want v2 (/api/v2/trace)`},
		{name: "object", doc: `{"spans":[]}`, err: `ingest: zipkin: offset 0: want a Zipkin v2 JSON array of spans, got object`},
		{name: "bad timestamp", doc: zdoc(zspan(`"id":"01","timestamp":"yesterday"`)), err: `ingest: zipkin: [0].timestamp: want microseconds, got "yesterday"`},
		{name: "bad port", doc: zdoc(zspan(`"id":"01","localEndpoint":{"port":"http"}`)), err: `ingest: zipkin: [0].localEndpoint.port: want an integer, got "http"`},
		{name: "annotation value not a string", doc: zdoc(zspan(`"id":"01","annotations":[{"timestamp":1,"value":2}]`)),
			err: `ingest: zipkin: [0].annotations[0].value: want string, got number`},
		{name: "truncated", doc: `[{"traceId":"aa","id":"01"`, err: `ingest: zipkin: [0].id: want ',' or '}', got end of input (truncated?)`},
		{name: "trailing", doc: `[] []`, err: `ingest: zipkin: offset 3: unexpected "[]" after the top-level value`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := decodeZipkin(tt.doc, decode.Limits{})
			require.Error(t, err)
			assert.Equal(t, tt.err, err.Error())
			var ie *decode.Error
			assert.True(t, errors.As(err, &ie), "want an *ingest.Error, got %T", err)
		})
	}
}

func TestZipkinLimits(t *testing.T) {
	tests := []struct {
		name  string
		doc   string
		lim   decode.Limits
		limit string
		where string
	}{
		{name: "spans", doc: zdoc(zspan(`"id":"01"`), zspan(`"id":"02"`), zspan(`"id":"03"`)), lim: decode.Limits{MaxSpans: 2}, limit: "MaxSpans"},
		{name: "pieces count as spans", doc: zdoc(zspan(`"id":"01"`), zspan(`"id":"01"`), zspan(`"id":"01"`)), lim: decode.Limits{MaxSpans: 2}, limit: "MaxSpans"},
		{name: "tags", doc: zdoc(zspan(`"id":"01","tags":{"a":"1","b":"2"}`)), lim: decode.Limits{MaxAttrsPerSpan: 1}, limit: "MaxAttrsPerSpan", where: "[0].tags.b"},
		{name: "tags with the remote endpoint", doc: zdoc(zspan(`"id":"01","tags":{"a":"1"},"remoteEndpoint":{"serviceName":"x"}`)), lim: decode.Limits{MaxAttrsPerSpan: 1},
			limit: "MaxAttrsPerSpan", where: "span 0000000000000001"},
		{name: "annotations", doc: zdoc(zspan(`"id":"01","annotations":[{"timestamp":1,"value":"a"},{"timestamp":2,"value":"b"}]`)), lim: decode.Limits{MaxEventsPerSpan: 1},
			limit: "MaxEventsPerSpan", where: "[0].annotations[1]"},
		{name: "merged annotations", doc: zdoc(zspan(`"id":"01","annotations":[{"timestamp":1,"value":"a"}]`), zspan(`"id":"01","annotations":[{"timestamp":2,"value":"b"}]`)),
			lim: decode.Limits{MaxEventsPerSpan: 1}, limit: "MaxEventsPerSpan", where: "span 0000000000000001"},
		{name: "tag value", doc: zdoc(zspan(`"id":"01","tags":{"a":"0123456789"}`)), lim: decode.Limits{MaxAttrValueBytes: 4}, limit: "MaxAttrValueBytes", where: "[0].tags.a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := decodeZipkin(tt.doc, tt.lim)
			var le *decode.LimitError
			require.True(t, errors.As(err, &le), "got %v", err)
			assert.Equal(t, model.Zipkin, le.Format)
			assert.Equal(t, tt.limit, le.Limit)
			assert.Equal(t, tt.where, le.Where)
		})
	}
}

// genZipkin writes n spans in traces of 100, shaped like Brave's output:
// every third span is an RPC whose server shares the client's id.
func genZipkin(n int) []byte {
	var buf bytes.Buffer
	services := []string{"frontend", "backend", "auth", "inventory", "db"}
	buf.WriteByte('[')
	for i := 0; i < n; i++ {
		if i > 0 {
			buf.WriteByte(',')
		}
		t, j := i/100, i%100
		trace := fmt.Sprintf("%016x%016x", 0x4bf92f3577b34da6+t, uint64(0xa3ce929d0e0e4736))
		svc := services[j%len(services)]
		fmt.Fprintf(&buf, `{"traceId":"%s",`, trace)
		switch {
		case j == 0:
		case j%3 == 2: // the server half of the client before it
			fmt.Fprintf(&buf, `"parentId":"%016x","shared":true,`, zipkinGenID((j-2)/3))
		default:
			fmt.Fprintf(&buf, `"parentId":"%016x",`, zipkinGenID((j-1)/3))
		}
		kind := "SERVER"
		if j%3 == 1 {
			kind = "CLIENT"
		}
		fmt.Fprintf(&buf, `"id":"%016x","kind":"%s","name":"get /api/v1/items/{id}","timestamp":%d,"duration":%d,`+
			`"localEndpoint":{"serviceName":"%s","ipv4":"10.0.0.%d","port":8080},`+
			`"remoteEndpoint":{"serviceName":"%s","ipv4":"10.0.1.%d","port":%d},`+
			`"annotations":[{"timestamp":%d,"value":"ws"}],`+
			`"tags":{"http.method":"GET","http.path":"/api/v1/items/%d","http.status_code":"200","mvc.controller.class":"ItemController"}}`,
			zipkinGenID(j), kind, 1700000000000000+i*100, 50+j, svc, j%5, services[(j+1)%len(services)], j%7, 9000+j%3, 1700000000000000+i*100+5, i)
	}
	buf.WriteByte(']')
	return buf.Bytes()
}

// zipkinGenID is the id of genZipkin's j-th span in its trace: a shared
// server half has its client's id.
func zipkinGenID(j int) int {
	if j%3 == 2 {
		return 0x1000 + j - 1
	}
	return 0x1000 + j
}

func TestZipkinGenerated(t *testing.T) {
	b, err := testDecode(genZipkin(200), decode.Options{Format: model.Zipkin})
	require.NoError(t, err)
	require.Len(t, b.Spans, 200, "shared halves become spans of their own")
	assert.Empty(t, b.Warnings)
	// Trace 0: span 1 is a client (backend) whose server half, span 2, is
	// in auth. Span 6 (backend) names 0x1001 as parent and stays under the
	// client; span 7 (auth) names it too and goes under the server half.
	srv1 := model.HashSpanID([]byte("0000000000001001/server"))
	assert.Equal(t, decodetest.SpanID("1001"), b.Spans[1].ID)
	assert.Equal(t, srv1, b.Spans[2].ID)
	assert.Equal(t, decodetest.SpanID("1001"), b.Spans[2].ParentID)
	assert.Equal(t, "backend", b.Spans[6].Service)
	assert.Equal(t, decodetest.SpanID("1001"), b.Spans[6].ParentID)
	assert.Equal(t, "auth", b.Spans[7].Service)
	assert.Equal(t, decodetest.SpanID("1007"), b.Spans[7].ID)
	assert.Equal(t, srv1, b.Spans[7].ParentID)
	decodetest.CheckIndexes(t, b)
}

func BenchmarkDecodeZipkin(b *testing.B) {
	data := genZipkin(10_000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := testDecode(data, decode.Options{Format: model.Zipkin}); err != nil {
			b.Fatal(err)
		}
	}
}

func FuzzZipkin(f *testing.F) {
	for _, data := range decodetest.SmallSeeds(f, samples, "zipkin", 4096) {
		f.Add(data)
	}
	f.Add([]byte(zdoc(
		zspan(`"id":"02","kind":"CLIENT","localEndpoint":{"serviceName":"a"}`),
		zspan(`"id":"02","kind":"SERVER","shared":true,"localEndpoint":{"serviceName":"b"}`),
		zspan(`"id":"02","annotations":[{"timestamp":3,"value":"x"}]`),
		zspan(`"id":"03","parentId":"02","tags":{"error":"e"}`))))
	f.Add(genZipkin(4))
	f.Fuzz(func(t *testing.T, data []byte) {
		b := decodetest.Check(t, testDecode, data, model.Zipkin, decodetest.FuzzLimits)
		if b == nil {
			return
		}
		decodetest.CheckIndexes(t, b)
		for i := range b.Spans {
			if sp := &b.Spans[i]; !sp.ID.IsZero() && sp.ParentID == sp.ID {
				t.Fatalf("span %d is its own parent", i)
			}
		}
	})
}

func TestZipkinDetected(t *testing.T) {
	for _, name := range []string{"shared_rpc.json", "split_span.json", "multi_service.json"} {
		t.Run(name, func(t *testing.T) {
			b, err := testDecode(decodetest.Sample(t, samples, "zipkin", name), decode.Options{})
			require.NoError(t, err)
			assert.Equal(t, string(model.Zipkin), string(b.Format))
		})
	}
}

// A local endpoint's address is the resource's network.local.address only
// when it is an IP literal, the one kind the encoder can write back; an
// ipv4 or ipv6 that is not one is dropped, with a warning (found by
// FuzzRoundTrip: {"ipv4":"0"} did not survive a round trip).
func TestZipkinLocalAddressMustBeIP(t *testing.T) {
	b, err := testDecode([]byte(`[
		{"traceId":"1","id":"1","timestamp":1,"localEndpoint":{"ipv4":"0"}},
		{"traceId":"1","id":"2","timestamp":1,"localEndpoint":{"serviceName":"a","ipv4":"not-an-ip","ipv6":"::1"}},
		{"traceId":"1","id":"3","timestamp":1,"localEndpoint":{"serviceName":"b","ipv4":"10.0.0.1","ipv6":"nope"}},
		{"traceId":"1","id":"4","timestamp":1,"localEndpoint":{"serviceName":"c","ipv6":"fe80::1:2"}}
	]`), decode.Options{Format: model.Zipkin})
	require.NoError(t, err)
	require.Len(t, b.Spans, 4)
	var got []string
	for _, sp := range b.Spans {
		line := sp.ID.String() + " res=" + strconv.Itoa(int(sp.Resource))
		if sp.Resource >= 0 {
			line += " " + fmt.Sprint(b.Resources[sp.Resource].Attrs)
		}
		got = append(got, line)
	}
	assert.Equal(t, []string{
		"0000000000000001 res=-1",
		`0000000000000002 res=0 [{service.name string "a"} {network.local.address string "::1"}]`,
		`0000000000000003 res=1 [{service.name string "b"} {network.local.address string "10.0.0.1"}]`,
		`0000000000000004 res=2 [{service.name string "c"} {network.local.address string "fe80::1:2"}]`,
	}, got)
	var warnings []string
	for _, w := range b.Warnings {
		warnings = append(warnings, w.Message)
	}
	assert.Equal(t, []string{`zipkin: 3 spans have a local endpoint whose ipv4 or ipv6 is not an IP address ("0" the first); dropped`}, warnings)
}
