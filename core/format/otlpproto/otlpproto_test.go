package otlpproto

import (
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/encoding/protowire"

	"github.com/spanlens/spanlens/core/internal/decode"
	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/internal/golden"
)

// The OTLP/protobuf tests encode their inputs with pb, a small builder over
// protowire, so that every byte under test is visible in the test. The
// cross-check against Go protobuf's own encoder is in
// otlpproto_dynamic_test.go.

const pbDir = "../../../testdata/otlp-proto"

// pb is an encoded protobuf message under construction.
type pb []byte

func (m pb) bytes(n protowire.Number, b []byte) pb {
	return protowire.AppendBytes(protowire.AppendTag(m, n, protowire.BytesType), b)
}
func (m pb) str(n protowire.Number, s string) pb { return m.bytes(n, []byte(s)) }
func (m pb) msg(n protowire.Number, sub pb) pb   { return m.bytes(n, sub) }
func (m pb) varint(n protowire.Number, v uint64) pb {
	return protowire.AppendVarint(protowire.AppendTag(m, n, protowire.VarintType), v)
}
func (m pb) fixed64(n protowire.Number, v uint64) pb {
	return protowire.AppendFixed64(protowire.AppendTag(m, n, protowire.Fixed64Type), v)
}
func (m pb) fixed32(n protowire.Number, v uint32) pb {
	return protowire.AppendFixed32(protowire.AppendTag(m, n, protowire.Fixed32Type), v)
}

// junk appends one unknown field of every wire type, a group included.
func (m pb) junk() pb {
	m = m.varint(900, 7).fixed32(901, 7).fixed64(902, 7).str(903, "junk")
	m = protowire.AppendTag(m, 904, protowire.StartGroupType)
	m = pb(m).varint(1, 1)
	return protowire.AppendTag(m, 904, protowire.EndGroupType)
}

// junkIf appends junk when on.
func (m pb) junkIf(on bool) pb {
	if on {
		return m.junk()
	}
	return m
}

// AnyValue and KeyValue constructors.
func pbStr(s string) pb      { return pb(nil).str(1, s) }
func pbBool(b bool) pb       { return pb(nil).varint(2, protowire.EncodeBool(b)) }
func pbInt(i int64) pb       { return pb(nil).varint(3, uint64(i)) }
func pbDouble(f float64) pb  { return pb(nil).fixed64(4, math.Float64bits(f)) }
func pbBytesVal(b []byte) pb { return pb(nil).bytes(7, b) }
func pbArray(vs ...pb) pb {
	var a pb
	for _, v := range vs {
		a = a.msg(1, v)
	}
	return pb(nil).msg(5, a)
}
func pbKVList(kvs ...pb) pb {
	var l pb
	for _, kv := range kvs {
		l = l.msg(1, kv)
	}
	return pb(nil).msg(6, l)
}
func pbKV(key string, v pb) pb { return pb(nil).str(1, key).msg(2, v) }

// attrs appends each KeyValue as field n.
func (m pb) attrs(n protowire.Number, kvs ...pb) pb {
	for _, kv := range kvs {
		m = m.msg(n, kv)
	}
	return m
}

func pbHex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

var (
	pbTraceID  = pbHex("0102030405060708090a0b0c0d0e0f10")
	pbSpanID   = pbHex("1112131415161718")
	pbParentID = pbHex("2122232425262728")
)

// pbSpan returns a span with ids and a name; tests append fields to it
// (appending a field that is already there overrides or merges, as
// protobuf does).
func pbSpan() pb { return pb(nil).bytes(1, pbTraceID).bytes(2, pbSpanID).str(5, "op") }

// pbLink is a link to pbSpan.
func pbLink() pb { return pb(nil).bytes(1, pbTraceID).bytes(2, pbSpanID) }

// pbTraces wraps spans in one ResourceSpans (service "svc") and one
// ScopeSpans (scope "lib").
func pbTraces(spans ...pb) []byte {
	ss := pb(nil).msg(1, pb(nil).str(1, "lib"))
	for _, s := range spans {
		ss = ss.msg(2, s)
	}
	rs := pb(nil).msg(1, pb(nil).attrs(1, pbKV("service.name", pbStr("svc")))).msg(2, ss)
	return pb(nil).msg(1, rs)
}

// pbAgentSample builds testdata/otlp-proto/agent.pb; agent.txtpb is the
// same message in text form.
func pbAgentSample() []byte {
	const t0 = 1732543200000000000
	trace := pbHex("4bf92f3577b34da6a3ce929d0e0e4736")
	agentID := pbHex("00f067aa0ba902b7")
	toolID := pbHex("53995c3f42cd8ad8")
	str := func(k, v string) pb { return pbKV(k, pbStr(v)) }
	num := func(k string, v int64) pb { return pbKV(k, pbInt(v)) }

	agent := pb(nil).bytes(1, trace).bytes(2, agentID).
		str(5, "invoke_agent support-agent").varint(6, 1).
		fixed64(7, t0).fixed64(8, t0+4_200_000_000).
		attrs(9,
			str("gen_ai.operation.name", "invoke_agent"),
			str("gen_ai.agent.name", "support-agent"),
			str("gen_ai.conversation.id", "conv_8c1f2e")).
		msg(15, pb(nil).varint(3, 1)).
		fixed32(16, 0x100)

	exception := pb(nil).fixed64(1, t0+2_479_000_000).str(2, "exception").attrs(3,
		str("exception.type", "httpx.HTTPStatusError"),
		str("exception.message", "Server error '503 Service Unavailable' for url 'http://orders-api/orders/8812'"))
	retryLink := pb(nil).bytes(1, pbHex("0af7651916cd43dd8448eb211c80319c")).
		bytes(2, pbHex("e457b5a2e4d86bd1")).
		str(3, "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE").
		attrs(4, str("app.link.reason", "retry_of")).
		fixed32(6, 0x101)
	tool := pb(nil).bytes(1, trace).bytes(2, toolID).bytes(4, agentID).
		str(5, "execute_tool lookup_order").varint(6, 1).
		fixed64(7, t0+1_630_000_000).fixed64(8, t0+2_480_000_000).
		attrs(9,
			str("gen_ai.operation.name", "execute_tool"),
			str("gen_ai.tool.name", "lookup_order"),
			str("gen_ai.tool.call.id", "call_Q2x9"),
			str("error.type", "503"),
			pbKV("app.retry.exhausted", pbBool(true)),
			pbKV("app.request.digest", pbBytesVal(pbHex("9f86d081884c7d65")))).
		msg(11, exception).
		msg(13, retryLink).
		msg(15, pb(nil).str(2, "orders-api returned 503").varint(3, 2)).
		fixed32(16, 0x100)

	chat := func(id string, start, end int64, finish string, in, out, cached int64) pb {
		return pb(nil).bytes(1, trace).bytes(2, pbHex(id)).bytes(4, agentID).
			str(5, "chat gpt-4o").varint(6, 3).
			fixed64(7, uint64(t0+start)).fixed64(8, uint64(t0+end)).
			attrs(9,
				str("gen_ai.operation.name", "chat"),
				str("gen_ai.provider.name", "openai"),
				str("gen_ai.request.model", "gpt-4o"),
				pbKV("gen_ai.request.temperature", pbDouble(0.2)),
				str("gen_ai.response.model", "gpt-4o-2024-08-06"),
				pbKV("gen_ai.response.finish_reasons", pbArray(pbStr(finish))),
				num("gen_ai.usage.input_tokens", in),
				num("gen_ai.usage.output_tokens", out),
				num("gen_ai.usage.cache_read.input_tokens", cached),
				str("server.address", "api.openai.com"),
				num("server.port", 443))
	}
	choice := pb(nil).fixed64(1, t0+1_614_000_000).str(2, "gen_ai.choice").attrs(3,
		num("index", 0),
		str("finish_reason", "tool_calls"),
		pbKV("message", pbKVList(
			str("role", "assistant"),
			pbKV("tool_calls", pbArray(pbKVList(
				str("id", "call_Q2x9"),
				str("type", "function"),
				pbKV("function", pbKVList(
					str("name", "lookup_order"),
					str("arguments", `{"order_id":"8812"}`)))))))))
	chat1 := chat("b7ad6b7169203331", 15_000_000, 1_615_000_000, "tool_calls", 1250, 96, 1024).
		msg(11, choice).msg(15, nil).fixed32(16, 0x100)
	chat2 := chat("7a085853722dc6d2", 2_500_000_000, 4_180_000_000, "stop", 1410, 212, 1280).
		msg(15, nil).fixed32(16, 0x100)

	agentRes := pb(nil).attrs(1,
		str("service.name", "support-agent"),
		str("service.version", "1.4.2"),
		str("deployment.environment.name", "prod"),
		str("telemetry.sdk.language", "python"),
		str("telemetry.sdk.name", "opentelemetry"),
		str("telemetry.sdk.version", "1.27.0"))
	appScope := pb(nil).msg(1, pb(nil).str(1, "support_agent").str(2, "1.4.2")).
		msg(2, agent).msg(2, tool)
	openaiScope := pb(nil).
		msg(1, pb(nil).str(1, "opentelemetry.instrumentation.openai_v2").str(2, "2.1b0").
			attrs(3, str("gen_ai.system", "openai"))).
		msg(2, chat1).msg(2, chat2)
	agentRS := pb(nil).msg(1, agentRes).msg(2, appScope).msg(2, openaiScope).
		str(3, "https://opentelemetry.io/schemas/1.27.0")

	server := pb(nil).bytes(1, trace).bytes(2, pbHex("2f1b9d4e6a7c8e01")).bytes(4, toolID).
		str(5, "GET /orders/{id}").varint(6, 2).
		fixed64(7, t0+1_650_000_000).fixed64(8, t0+2_460_000_000).
		attrs(9,
			str("http.request.method", "GET"),
			str("http.route", "/orders/{id}"),
			str("url.path", "/orders/8812"),
			num("http.response.status_code", 503),
			str("network.peer.address", "10.0.3.17")).
		msg(15, pb(nil).varint(3, 2)).
		fixed32(16, 0x301)
	ordersRS := pb(nil).
		msg(1, pb(nil).attrs(1,
			str("service.name", "orders-api"),
			str("telemetry.sdk.language", "go"),
			str("telemetry.sdk.name", "opentelemetry"),
			str("telemetry.sdk.version", "1.32.0"))).
		msg(2, pb(nil).
			msg(1, pb(nil).str(1, "go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp").str(2, "0.57.0")).
			msg(2, server)).
		str(3, "https://opentelemetry.io/schemas/1.26.0")

	return pb(nil).msg(1, agentRS).msg(1, ordersRS)
}

// pbDecode decodes data as OTLP/protobuf with limits l.
func pbDecode(data []byte, l decode.Limits) (*model.Batch, error) {
	return otlpProtoDecoder{}.Decode(data, decode.Options{Limits: l})
}

// pbDump renders a batch as text, every value with its type, followed by
// the span tree (children under parents, by start time) when tree is set,
// and the warnings.
func pbDump(b *model.Batch, tree bool) string {
	var s strings.Builder
	for i, r := range b.Resources {
		fmt.Fprintf(&s, "resource %d service=%q\n", i, r.Service)
		pbDumpAttrs(&s, "  ", r.Attrs)
	}
	for i, sc := range b.Scopes {
		fmt.Fprintf(&s, "scope %d name=%q version=%q\n", i, sc.Name, sc.Version)
		pbDumpAttrs(&s, "  ", sc.Attrs)
	}
	for i, sp := range b.Spans {
		fmt.Fprintf(&s, "span %d %q service=%q resource=%d scope=%d\n", i, sp.Name, sp.Service, sp.Resource, sp.Scope)
		fmt.Fprintf(&s, "  trace=%s id=%s parent=%s kind=%s status=%s %q\n",
			sp.TraceID, sp.ID, sp.ParentID, sp.Kind, sp.Status.Code, sp.Status.Message)
		fmt.Fprintf(&s, "  start=%d end=%d\n", sp.Start, sp.End)
		pbDumpAttrs(&s, "  ", sp.Attrs)
		for _, ev := range sp.Events {
			fmt.Fprintf(&s, "  event %q time=%d\n", ev.Name, ev.Time)
			pbDumpAttrs(&s, "    ", ev.Attrs)
		}
		for _, l := range sp.Links {
			fmt.Fprintf(&s, "  link trace=%s span=%s state=%q\n", l.TraceID, l.SpanID, l.TraceState)
			pbDumpAttrs(&s, "    ", l.Attrs)
		}
	}
	if tree {
		s.WriteString("tree\n")
		pbDumpTree(&s, b)
	}
	for _, w := range b.Warnings {
		fmt.Fprintf(&s, "warning span=%d %s\n", w.Span, w.Message)
	}
	return s.String()
}

func pbDumpAttrs(s *strings.Builder, indent string, attrs []model.Attr) {
	for _, a := range attrs {
		fmt.Fprintf(s, "%s%s = %s\n", indent, a.Key, pbValue(a.Value))
	}
}

// pbValue renders v with its type: string:"x", int:3, array[...], map{...}.
func pbValue(v model.Value) string {
	switch v.Type() {
	case model.TypeArray:
		var parts []string
		for _, e := range v.Array() {
			parts = append(parts, pbValue(e))
		}
		return "array[" + strings.Join(parts, ", ") + "]"
	case model.TypeMap:
		var parts []string
		for _, kv := range v.Map() {
			parts = append(parts, kv.Key+": "+pbValue(kv.Value))
		}
		return "map{" + strings.Join(parts, ", ") + "}"
	}
	return v.Type().String() + ":" + string(v.AppendJSON(nil))
}

// pbDumpTree writes span names indented under their parents (matched by
// trace and span id), roots and siblings in start order.
func pbDumpTree(s *strings.Builder, b *model.Batch) {
	type key struct {
		t model.TraceID
		s model.SpanID
	}
	byID := map[key]int{}
	for i, sp := range b.Spans {
		byID[key{sp.TraceID, sp.ID}] = i
	}
	children := map[int][]int{}
	for i, sp := range b.Spans {
		p, ok := byID[key{sp.TraceID, sp.ParentID}]
		if sp.ParentID.IsZero() || !ok {
			p = -1
		}
		children[p] = append(children[p], i)
	}
	var walk func(p, depth int)
	walk = func(p, depth int) {
		kids := children[p]
		sort.SliceStable(kids, func(i, j int) bool { return b.Spans[kids[i]].Start < b.Spans[kids[j]].Start })
		for _, c := range kids {
			sp := b.Spans[c]
			fmt.Fprintf(s, "%s%s [%s] %s %dms\n", strings.Repeat("  ", depth+1), sp.Name, sp.Service,
				sp.Status.Code, (sp.End-sp.Start)/1e6)
			walk(c, depth+1)
		}
	}
	walk(-1, 0)
}

// TestOTLPProtoSample checks that agent.pb is what the builder makes
// (-update rewrites it), and that it decodes to agent.golden, checked by
// hand against agent.txtpb.
func TestOTLPProtoSample(t *testing.T) {
	data := pbAgentSample()
	path := filepath.Join(pbDir, "agent.pb")
	if golden.Update() {
		golden.Write(t, path, data)
	}
	file, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, data, file, "agent.pb is stale: go test -run TestOTLPProtoSample -update")

	b, err := pbDecode(data, decode.Limits{})
	require.NoError(t, err)
	got := pbDump(b, true)
	golden.Check(t, filepath.Join(pbDir, "agent.golden"), []byte(got))

	// The facts the golden shows, asserted on their own.
	require.Len(t, b.Spans, 5)
	assert.Equal(t, 5, cap(b.Spans), "spans counted before decoding")
	require.Len(t, b.Resources, 2)
	require.Len(t, b.Scopes, 3)
	assert.Empty(t, b.Warnings)
	tool := b.Spans[1]
	assert.Equal(t, "execute_tool lookup_order", tool.Name)
	assert.Equal(t, "support-agent", tool.Service)
	assert.Equal(t, "4bf92f3577b34da6a3ce929d0e0e4736", tool.TraceID.String())
	assert.Equal(t, "53995c3f42cd8ad8", tool.ID.String())
	assert.Equal(t, "00f067aa0ba902b7", tool.ParentID.String())
	assert.Equal(t, model.Status{Code: model.StatusError, Message: "orders-api returned 503"}, tool.Status)
	assert.Equal(t, int64(1732543201630000000), tool.Start)
	assert.Equal(t, int64(850_000_000), tool.Duration())
	v, _ := tool.Attrs.Get("app.request.digest")
	assert.Equal(t, pbHex("9f86d081884c7d65"), v.Bytes())
	require.Len(t, tool.Links, 1)
	assert.Equal(t, "e457b5a2e4d86bd1", tool.Links[0].SpanID.String())
	chat := b.Spans[2]
	assert.Equal(t, model.KindClient, chat.Kind)
	assert.Equal(t, int32(1), chat.Scope)
	v, _ = chat.Attrs.Get("gen_ai.request.temperature")
	assert.Equal(t, 0.2, v.Double())
	v, _ = chat.Attrs.Get("gen_ai.usage.input_tokens")
	assert.Equal(t, int64(1250), v.Int())
	msg, _ := model.Attrs(chat.Events[0].Attrs).Get("message")
	assert.Equal(t, `{"role":"assistant","tool_calls":[{"id":"call_Q2x9","type":"function","function":{"name":"lookup_order","arguments":"{\"order_id\":\"8812\"}"}}]}`,
		msg.AsString())
	server := b.Spans[4]
	assert.Equal(t, "orders-api", server.Service)
	assert.Equal(t, model.KindServer, server.Kind)
	assert.Equal(t, tool.ID, server.ParentID)
}

// TestOTLPProtoFields decodes one small message per field or value type.
func TestOTLPProtoFields(t *testing.T) {
	tests := []struct {
		name  string
		input []byte
		check func(t *testing.T, b *model.Batch)
	}{
		{
			name: "span scalars",
			input: pbTraces(pbSpan().str(3, "k=v").bytes(4, pbParentID).varint(6, 4).
				fixed64(7, 1_000).fixed64(8, 2_500).varint(10, 1).varint(12, 2).varint(14, 3).fixed32(16, 1)),
			check: func(t *testing.T, b *model.Batch) {
				sp := b.Spans[0]
				assert.Equal(t, model.TraceID(pbTraceID), sp.TraceID)
				assert.Equal(t, model.SpanID(pbSpanID), sp.ID)
				assert.Equal(t, model.SpanID(pbParentID), sp.ParentID)
				assert.Equal(t, "op", sp.Name)
				assert.Equal(t, model.KindProducer, sp.Kind)
				assert.Equal(t, int64(1_000), sp.Start)
				assert.Equal(t, int64(2_500), sp.End)
				assert.Equal(t, "svc", sp.Service)
				assert.Equal(t, int32(0), sp.Resource)
				assert.Equal(t, int32(0), sp.Scope)
				assert.Equal(t, "lib", b.Scopes[0].Name)
			},
		},
		{
			name:  "empty parent is none",
			input: pbTraces(pbSpan().bytes(4, nil)),
			check: func(t *testing.T, b *model.Batch) { assert.True(t, b.Spans[0].ParentID.IsZero()) },
		},
		{
			name:  "later empty parent clears an earlier one",
			input: pbTraces(pbSpan().bytes(4, pbParentID).bytes(4, nil)),
			check: func(t *testing.T, b *model.Batch) { assert.True(t, b.Spans[0].ParentID.IsZero()) },
		},
		{
			name: "every attribute type",
			input: pbTraces(pbSpan().attrs(9,
				pbKV("s", pbStr("x")),
				pbKV("b", pbBool(true)),
				pbKV("f", pbBool(false)),
				pbKV("i", pbInt(-42)),
				pbKV("d", pbDouble(-1.5)),
				pbKV("y", pbBytesVal([]byte{0, 0xff})),
				pbKV("a", pbArray(pbInt(1), pbStr("two"), pbArray())),
				pbKV("m", pbKVList(pbKV("k", pbDouble(2)), pbKV("n", pbKVList()))),
				pbKV("e", nil),
				pb(nil).str(1, "novalue"),
				pbKV("", pbStr("nokey")),
			)),
			check: func(t *testing.T, b *model.Batch) {
				var got []string
				for _, a := range b.Spans[0].Attrs {
					got = append(got, a.Key+"="+pbValue(a.Value))
				}
				assert.Equal(t, []string{
					`s=string:"x"`, `b=bool:true`, `f=bool:false`, `i=int:-42`, `d=double:-1.5`, `y=bytes:"00ff"`,
					`a=array[int:1, string:"two", array[]]`, `m=map{k: double:2, n: map{}}`,
					`e=empty:null`, `novalue=empty:null`, `=string:"nokey"`,
				}, got)
			},
		},
		{
			name:  "int64 extremes",
			input: pbTraces(pbSpan().attrs(9, pbKV("min", pbInt(math.MinInt64)), pbKV("max", pbInt(math.MaxInt64)))),
			check: func(t *testing.T, b *model.Batch) {
				assert.Equal(t, int64(math.MinInt64), b.Spans[0].Attrs[0].Value.Int())
				assert.Equal(t, int64(math.MaxInt64), b.Spans[0].Attrs[1].Value.Int())
			},
		},
		{
			name: "events, links and status",
			input: pbTraces(pbSpan().
				msg(11, pb(nil).fixed64(1, 7).str(2, "ev").attrs(3, pbKV("a", pbInt(1))).varint(4, 9)).
				msg(11, pb(nil).str(2, "ev2")).
				msg(13, pb(nil).bytes(1, pbTraceID).bytes(2, pbParentID).str(3, "ts").
					attrs(4, pbKV("l", pbBool(true))).varint(5, 1).fixed32(6, 1)).
				msg(15, pb(nil).varint(1, 2).str(2, "boom").varint(3, 2))),
			check: func(t *testing.T, b *model.Batch) {
				sp := b.Spans[0]
				require.Len(t, sp.Events, 2)
				assert.Equal(t, model.Event{Time: 7, Name: "ev", Attrs: model.Attrs{{Key: "a", Value: model.IntValue(1)}}}, sp.Events[0])
				assert.Equal(t, model.Event{Name: "ev2"}, sp.Events[1])
				require.Len(t, sp.Links, 1)
				assert.Equal(t, model.Link{TraceID: model.TraceID(pbTraceID), SpanID: model.SpanID(pbParentID), TraceState: "ts",
					Attrs: model.Attrs{{Key: "l", Value: model.BoolValue(true)}}}, sp.Links[0])
				assert.Equal(t, model.Status{Code: model.StatusError, Message: "boom"}, sp.Status)
			},
		},
		{
			name:  "status fields merge across occurrences",
			input: pbTraces(pbSpan().msg(15, pb(nil).varint(3, 1)).msg(15, pb(nil).str(2, "m"))),
			check: func(t *testing.T, b *model.Batch) {
				assert.Equal(t, model.Status{Code: model.StatusOK, Message: "m"}, b.Spans[0].Status)
			},
		},
		{
			name:  "unknown enum numbers read as unspecified and unset",
			input: pbTraces(pbSpan().varint(6, 9).msg(15, pb(nil).varint(3, 7))),
			check: func(t *testing.T, b *model.Batch) {
				assert.Equal(t, model.KindUnspecified, b.Spans[0].Kind)
				assert.Equal(t, model.StatusUnset, b.Spans[0].Status.Code)
			},
		},
		{
			name:  "enum varints are truncated to int32",
			input: pbTraces(pbSpan().varint(6, 1<<32|2)),
			check: func(t *testing.T, b *model.Batch) { assert.Equal(t, model.KindServer, b.Spans[0].Kind) },
		},
		{
			name: "span attributes after events stay whole",
			input: pbTraces(pbSpan().attrs(9, pbKV("a1", pbInt(1))).
				msg(11, pb(nil).str(2, "ev").attrs(3, pbKV("e1", pbInt(2)))).
				attrs(9, pbKV("a2", pbKVList(pbKV("k", pbInt(3)))))),
			check: func(t *testing.T, b *model.Batch) {
				sp := b.Spans[0]
				assert.Equal(t, `a1=int:1 a2=map{k: int:3}`, pbAttrString(sp.Attrs))
				assert.Equal(t, `e1=int:2`, pbAttrString(sp.Events[0].Attrs))
			},
		},
		{
			name: "a value given twice merges as protobuf does",
			input: pbTraces(pbSpan().attrs(9,
				pb(nil).str(1, "arr").msg(2, pbArray(pbInt(1))).msg(2, pbArray(pbInt(2))),
				pb(nil).str(1, "map").msg(2, pbKVList(pbKV("a", pbInt(1)))).msg(2, pbKVList(pbKV("b", pbInt(2)))),
				pb(nil).str(1, "scalar").msg(2, pbInt(1)).msg(2, pbStr("s")),
				pb(nil).str(1, "empty").msg(2, pbInt(1)).msg(2, nil),
				pb(nil).str(1, "oneof").msg(2, append(pbArray(pbInt(1)), pbArray(pbInt(2))...)),
				pb(nil).str(1, "replaced").msg(2, append(pbInt(1), pbArray(pbInt(2))...)),
			)),
			check: func(t *testing.T, b *model.Batch) {
				assert.Equal(t, `arr=array[int:1, int:2] map=map{a: int:1, b: int:2} scalar=string:"s" `+
					`empty=int:1 oneof=array[int:1, int:2] replaced=array[int:2]`, pbAttrString(b.Spans[0].Attrs))
			},
		},
		{
			name: "resource and scope attributes, several resources",
			input: append(pbTraces(pbSpan()), pb(nil).msg(1, pb(nil).
				msg(1, pb(nil).attrs(1, pbKV("host.name", pbStr("h1")), pbKV("service.name", pbStr("svc2")))).
				msg(2, pb(nil).msg(1, pb(nil).str(1, "lib2").str(2, "v2").attrs(3, pbKV("sa", pbInt(5)))).msg(2, pbSpan())))...),
			check: func(t *testing.T, b *model.Batch) {
				require.Len(t, b.Spans, 2)
				assert.Equal(t, "svc2", b.Spans[1].Service)
				assert.Equal(t, int32(1), b.Spans[1].Resource)
				assert.Equal(t, int32(1), b.Spans[1].Scope)
				assert.Equal(t, `host.name=string:"h1" service.name=string:"svc2"`, pbAttrString(b.Resources[1].Attrs))
				assert.Equal(t, model.Scope{Name: "lib2", Version: "v2", Attrs: model.Attrs{{Key: "sa", Value: model.IntValue(5)}}}, b.Scopes[1])
			},
		},
		{
			name: "resource and scope after their spans",
			input: pb(nil).msg(1, pb(nil).
				msg(2, pb(nil).msg(2, pbSpan()).msg(1, pb(nil).str(1, "late-lib"))).
				msg(1, pb(nil).attrs(1, pbKV("service.name", pbStr("late"))))),
			check: func(t *testing.T, b *model.Batch) {
				assert.Equal(t, "late", b.Spans[0].Service)
				assert.Equal(t, "late-lib", b.Scopes[b.Spans[0].Scope].Name)
			},
		},
		{
			name:  "no resource, no scope",
			input: pb(nil).msg(1, pb(nil).msg(2, pb(nil).msg(2, pbSpan()))),
			check: func(t *testing.T, b *model.Batch) {
				assert.Empty(t, b.Resources)
				assert.Empty(t, b.Scopes)
				assert.Equal(t, int32(-1), b.Spans[0].Resource)
				assert.Equal(t, int32(-1), b.Spans[0].Scope)
				assert.Equal(t, "", b.Spans[0].Service)
			},
		},
		{
			name: "legacy instrumentation_library_spans (1000)",
			input: pb(nil).msg(1, pb(nil).
				msg(1, pb(nil).attrs(1, pbKV("service.name", pbStr("old")))).
				msg(1000, pb(nil).msg(1, pb(nil).str(1, "oldlib").str(2, "0.1")).msg(2, pbSpan()).msg(2, pbSpan()))),
			check: func(t *testing.T, b *model.Batch) {
				require.Len(t, b.Spans, 2)
				assert.Equal(t, "old", b.Spans[1].Service)
				assert.Equal(t, model.Scope{Name: "oldlib", Version: "0.1"}, b.Scopes[0])
			},
		},
		{
			name: "legacy field ignored next to scope_spans, as the Collector does",
			input: pb(nil).msg(1, pb(nil).
				msg(1000, pb(nil).msg(2, pbSpan().str(5, "old"))).
				msg(2, pb(nil).msg(2, pbSpan().str(5, "new")))),
			check: func(t *testing.T, b *model.Batch) {
				require.Len(t, b.Spans, 1)
				assert.Equal(t, "new", b.Spans[0].Name)
			},
		},
		{
			name:  "empty input is an empty batch",
			input: nil,
			check: func(t *testing.T, b *model.Batch) {
				assert.Empty(t, b.Spans)
				assert.Empty(t, b.Warnings)
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := pbDecode(tc.input, decode.Limits{})
			require.NoError(t, err)
			tc.check(t, b)
		})
	}
}

func pbAttrString(attrs []model.Attr) string {
	var parts []string
	for _, a := range attrs {
		parts = append(parts, a.Key+"="+pbValue(a.Value))
	}
	return strings.Join(parts, " ")
}

// pbSmall is a message with something in every message type; with junk
// set, every message also carries unknown fields of every wire type.
func pbSmall(junk bool) []byte {
	kv := func(k string, v pb) pb { return pb(nil).str(1, k).junkIf(junk).msg(2, v.junkIf(junk)) }
	span := pbSpan().junkIf(junk).
		attrs(9, kv("arr", pbArray(pbInt(1), pbStr("s")).junkIf(junk)),
			kv("map", pb(nil).msg(6, pb(nil).msg(1, kv("k", pbBool(true))).junkIf(junk))),
			kv("arr2", pb(nil).msg(5, pb(nil).junkIf(junk).msg(1, pbDouble(1.5))))).
		msg(11, pb(nil).fixed64(1, 5).junkIf(junk).str(2, "ev").attrs(3, kv("e", pbInt(1)))).
		msg(13, pb(nil).bytes(1, pbTraceID).junkIf(junk).bytes(2, pbSpanID).attrs(4, kv("l", pbInt(2)))).
		msg(15, pb(nil).varint(3, 2).junkIf(junk).str(2, "m"))
	scope := pb(nil).str(1, "lib").junkIf(junk).str(2, "1").attrs(3, kv("sa", pbStr("x")))
	res := pb(nil).attrs(1, kv("service.name", pbStr("svc"))).junkIf(junk)
	rs := pb(nil).msg(1, res).junkIf(junk).msg(2, pb(nil).msg(1, scope).junkIf(junk).msg(2, span))
	return pb(nil).junkIf(junk).msg(1, rs).junkIf(junk)
}

func TestOTLPProtoUnknownFieldsSkipped(t *testing.T) {
	plain, err := pbDecode(pbSmall(false), decode.Limits{})
	require.NoError(t, err)
	junk, err := pbDecode(pbSmall(true), decode.Limits{})
	require.NoError(t, err)
	assert.Equal(t, pbDump(plain, false), pbDump(junk, false))
	assert.Equal(t, `arr=array[int:1, string:"s"] map=map{k: bool:true} arr2=array[double:1.5]`, pbAttrString(junk.Spans[0].Attrs))
	assert.Greater(t, len(pbSmall(true)), len(pbSmall(false))+200, "junk was added")
}

// TestOTLPProtoErrors checks the message and path of each kind of error.
func TestOTLPProtoErrors(t *testing.T) {
	const span = "resourceSpans[0].scopeSpans[0].spans[0]"
	bad := string([]byte{0xff, 0xfe})
	tests := []struct {
		name  string
		input []byte
		want  string
	}{
		{"short span id", pbTraces(pbSpan().bytes(2, []byte{1, 2, 3, 4, 5})),
			span + ".spanId: want 8 bytes, got 5"},
		{"long trace id", pbTraces(pbSpan().bytes(1, make([]byte, 32))),
			span + ".traceId: want 16 bytes, got 32"},
		{"empty trace id", pbTraces(pbSpan().bytes(1, nil)),
			span + ".traceId: want 16 bytes, got 0"},
		{"short parent", pbTraces(pbSpan().bytes(4, []byte{1})),
			span + ".parentSpanId: want 8 bytes, got 1"},
		// The validity rules are OTLP/JSON's, in its words (issue 9: empty
		// Span messages were 4M spans from 8 MB).
		{"empty span", pbTraces(nil), span + ": missing traceId"},
		{"no trace id", pbTraces(pb(nil).bytes(2, pbSpanID)), span + ": missing traceId"},
		{"no span id", pbTraces(pb(nil).bytes(1, pbTraceID)), span + ": missing spanId"},
		{"zero trace id", pbTraces(pbSpan().bytes(1, make([]byte, 16))),
			span + ".traceId: want a non-zero trace id, got 00000000000000000000000000000000"},
		{"zero span id", pbTraces(pbSpan().bytes(2, make([]byte, 8))),
			span + ".spanId: want a non-zero span id, got 0000000000000000"},
		{"link without span id", pbTraces(pbSpan().msg(13, pb(nil).bytes(1, pbTraceID))), span + ".links[0]: missing spanId"},
		{"empty link", pbTraces(pbSpan().msg(13, nil)), span + ".links[0]: missing traceId"},
		{"link span id", pbTraces(pbSpan().msg(13, pb(nil).bytes(1, pbTraceID).bytes(2, pbTraceID))),
			span + ".links[0].spanId: want 8 bytes, got 16"},
		{"second span, second scope", pb(nil).msg(1, pb(nil).msg(2, nil).msg(2, pb(nil).msg(2, pbSpan()).msg(2, pbSpan().bytes(2, nil)))),
			"resourceSpans[0].scopeSpans[1].spans[1].spanId: want 8 bytes, got 0"},
		{"legacy path", pb(nil).msg(1, pb(nil).msg(1000, pb(nil).msg(2, pbSpan().bytes(2, nil)))),
			"resourceSpans[0].instrumentationLibrarySpans[0].spans[0].spanId: want 8 bytes, got 0"},

		{"name utf-8", pbTraces(pbSpan().str(5, bad)), span + ".name: invalid UTF-8 in string"},
		{"trace state utf-8", pbTraces(pbSpan().str(3, bad)), span + ".traceState: invalid UTF-8 in string"},
		{"key utf-8", pbTraces(pbSpan().attrs(9, pbKV("ok", nil), pbKV(bad, pbInt(1)))),
			span + ".attributes[1].key: invalid UTF-8 in string"},
		{"value utf-8", pbTraces(pbSpan().attrs(9, pbKV("k", pbArray(pbStr("ok"), pbStr(bad))))),
			span + ".attributes[0].value.arrayValue.values[1].stringValue: invalid UTF-8 in string"},
		{"kvlist utf-8", pbTraces(pbSpan().attrs(9, pbKV("k", pbKVList(pbKV("a", pbStr(bad)))))),
			span + ".attributes[0].value.kvlistValue.values[0].value.stringValue: invalid UTF-8 in string"},
		{"status message utf-8", pbTraces(pbSpan().msg(15, pb(nil).str(2, bad))), span + ".status.message: invalid UTF-8 in string"},
		{"event name utf-8", pbTraces(pbSpan().msg(11, nil).msg(11, pb(nil).str(2, bad))), span + ".events[1].name: invalid UTF-8 in string"},
		{"scope name utf-8", pb(nil).msg(1, pb(nil).msg(2, pb(nil).msg(1, pb(nil).str(1, bad)))),
			"resourceSpans[0].scopeSpans[0].scope.name: invalid UTF-8 in string"},
		{"resource key utf-8", pb(nil).msg(1, pb(nil).msg(1, pb(nil).attrs(1, pbKV(bad, nil)))),
			"resourceSpans[0].resource.attributes[0].key: invalid UTF-8 in string"},
		{"schema url utf-8", pb(nil).msg(1, pb(nil).str(3, bad)), "resourceSpans[0].schemaUrl: invalid UTF-8 in string"},

		{"resourceSpans varint", pb(nil).varint(1, 1), "resourceSpans: wrong wire type: want bytes, got varint"},
		{"resource fixed32", pb(nil).msg(1, pb(nil).fixed32(1, 1)), "resourceSpans[0].resource: wrong wire type: want bytes, got fixed32"},
		{"scopeSpans varint", pb(nil).msg(1, pb(nil).varint(2, 1)), "resourceSpans[0].scopeSpans: wrong wire type: want bytes, got varint"},
		{"scope varint", pb(nil).msg(1, pb(nil).msg(2, pb(nil).varint(1, 1))), "resourceSpans[0].scopeSpans[0].scope: wrong wire type: want bytes, got varint"},
		{"spans fixed64", pb(nil).msg(1, pb(nil).msg(2, pb(nil).fixed64(2, 1))), "resourceSpans[0].scopeSpans[0].spans: wrong wire type: want bytes, got fixed64"},
		{"span id varint", pbTraces(pbSpan().varint(2, 1)), span + ".spanId: wrong wire type: want bytes, got varint"},
		{"kind bytes", pbTraces(pbSpan().str(6, "SERVER")), span + ".kind: wrong wire type: want varint, got bytes"},
		{"start varint", pbTraces(pbSpan().varint(7, 1)), span + ".startTimeUnixNano: wrong wire type: want fixed64, got varint"},
		{"end fixed32", pbTraces(pbSpan().fixed32(8, 1)), span + ".endTimeUnixNano: wrong wire type: want fixed64, got fixed32"},
		{"flags varint", pbTraces(pbSpan().varint(16, 1)), span + ".flags: wrong wire type: want fixed32, got varint"},
		{"dropped bytes", pbTraces(pbSpan().str(12, "x")), span + ".droppedEventsCount: wrong wire type: want varint, got bytes"},
		{"attributes varint", pbTraces(pbSpan().varint(9, 1)), span + ".attributes: wrong wire type: want bytes, got varint"},
		{"value varint", pbTraces(pbSpan().msg(9, pb(nil).str(1, "k").varint(2, 1))), span + ".attributes[0].value: wrong wire type: want bytes, got varint"},
		{"int value fixed64", pbTraces(pbSpan().attrs(9, pbKV("k", pb(nil).fixed64(3, 1)))),
			span + ".attributes[0].value.intValue: wrong wire type: want varint, got fixed64"},
		{"double value varint", pbTraces(pbSpan().attrs(9, pbKV("k", pb(nil).varint(4, 1)))),
			span + ".attributes[0].value.doubleValue: wrong wire type: want fixed64, got varint"},
		{"bool value bytes", pbTraces(pbSpan().attrs(9, pbKV("k", pb(nil).str(2, "true")))),
			span + ".attributes[0].value.boolValue: wrong wire type: want varint, got bytes"},
		{"string value varint", pbTraces(pbSpan().attrs(9, pbKV("k", pb(nil).varint(1, 1)))),
			span + ".attributes[0].value.stringValue: wrong wire type: want bytes, got varint"},
		{"array value varint", pbTraces(pbSpan().attrs(9, pbKV("k", pb(nil).varint(5, 1)))),
			span + ".attributes[0].value.arrayValue: wrong wire type: want bytes, got varint"},
		{"array element varint", pbTraces(pbSpan().attrs(9, pbKV("k", pb(nil).msg(5, pb(nil).varint(1, 1))))),
			span + ".attributes[0].value.arrayValue.values: wrong wire type: want bytes, got varint"},
		{"event time varint", pbTraces(pbSpan().msg(11, pb(nil).varint(1, 1))), span + ".events[0].timeUnixNano: wrong wire type: want fixed64, got varint"},
		{"link flags fixed64", pbTraces(pbSpan().msg(13, pb(nil).fixed64(6, 1))), span + ".links[0].flags: wrong wire type: want fixed32, got fixed64"},
		{"status code fixed32", pbTraces(pbSpan().msg(15, pb(nil).fixed32(3, 1))), span + ".status.code: wrong wire type: want varint, got fixed32"},
		{"status group", pbTraces(append(pbSpan(), protowire.AppendTag(protowire.AppendTag(nil, 15, protowire.StartGroupType), 15, protowire.EndGroupType)...)),
			span + ".status: wrong wire type: want bytes, got group"},

		{"truncated top level", pbTraces(pbSpan())[:20], "offset 0: malformed field 1: unexpected EOF"},
		{"length past parent", pb(nil).msg(1, pb(nil).msg(2, []byte{0x12, 0x05, 0x0a})),
			"resourceSpans[0].scopeSpans[0]: malformed field 2: unexpected EOF at offset 4"},
		{"field number 0", pb(nil).msg(1, []byte{0x00, 0x01}), "resourceSpans[0]: malformed tag: invalid field number at offset 2"},
		{"varint overflow", pb(nil).msg(1, []byte{0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}),
			"resourceSpans[0]: malformed field 1: variable length integer overflow at offset 2"},
		{"stray end group", pb(nil).msg(1, protowire.AppendTag(nil, 7, protowire.EndGroupType)),
			"resourceSpans[0]: malformed field 7: mismatching end group marker at offset 2"},
		{"field number above 2^29-1", pb(nil).msg(1, protowire.AppendTag(nil, 1<<29, protowire.VarintType)),
			"resourceSpans[0]: malformed tag: invalid field number 536870912 at offset 2"},
		{"reserved wire type", []byte{0x0e}, "offset 0: malformed field 1: cannot parse reserved wire type"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := pbDecode(tc.input, decode.Limits{})
			require.Error(t, err)
			var ie *decode.Error
			require.True(t, errors.As(err, &ie), "%T: %v", err, err)
			assert.Equal(t, model.OTLPProto, ie.Format)
			assert.Equal(t, "ingest: otlp-proto: "+tc.want, err.Error())
			assert.GreaterOrEqual(t, ie.Offset, 0)
			assert.Less(t, ie.Offset, max(len(tc.input), 1))
		})
	}
}

func TestOTLPProtoErrorOffset(t *testing.T) {
	prefix := pbTraces(pbSpan())
	data := append(prefix, pbTraces(pbSpan().bytes(2, []byte{1}))...)
	_, err := pbDecode(data, decode.Limits{})
	var ie *decode.Error
	require.True(t, errors.As(err, &ie))
	// The bad field is the span's second spanId, the last field of the
	// second ResourceSpans: its tag is 3 bytes (0x12, length 1, 1) from the end.
	assert.Equal(t, len(data)-3, ie.Offset)
	assert.Equal(t, byte(0x12), data[ie.Offset])
	assert.Equal(t, "resourceSpans[1].scopeSpans[0].spans[0].spanId", ie.Path)
}

func TestOTLPProtoLimits(t *testing.T) {
	const span = "resourceSpans[0].scopeSpans[0].spans[0]"
	nested := pbInt(1)
	for range 60 {
		nested = pbArray(nested)
	}
	tests := []struct {
		name   string
		input  []byte
		limits decode.Limits
		limit  string
		where  string
	}{
		{"spans", pbTraces(pbSpan(), pbSpan(), pbSpan()), decode.Limits{MaxSpans: 2}, "MaxSpans", ""},
		{"span attributes", pbTraces(pbSpan().attrs(9, pbKV("a", nil), pbKV("b", nil), pbKV("c", nil))),
			decode.Limits{MaxAttrsPerSpan: 2}, "MaxAttrsPerSpan", span + ".attributes[2]"},
		{"resource attributes across two resource fields",
			pb(nil).msg(1, pb(nil).msg(1, pb(nil).attrs(1, pbKV("a", nil))).msg(1, pb(nil).attrs(1, pbKV("b", nil)))),
			decode.Limits{MaxAttrsPerSpan: 1}, "MaxAttrsPerSpan", "resourceSpans[0].resource.attributes[1]"},
		{"kvlist entries", pbTraces(pbSpan().attrs(9, pbKV("m", pbKVList(pbKV("a", nil), pbKV("b", nil))))),
			decode.Limits{MaxAttrsPerSpan: 1}, "MaxAttrsPerSpan", span + ".attributes[0].value.kvlistValue.values[1]"},
		// The limit holds every string, the key "service.name" (12 bytes) too.
		{"string value", pbTraces(pbSpan().attrs(9, pbKV("s", pbStr("1234567890123")))),
			decode.Limits{MaxAttrValueBytes: 12}, "MaxAttrValueBytes", span + ".attributes[0].value.stringValue"},
		{"bytes value", pbTraces(pbSpan().attrs(9, pbKV("s", pbBytesVal([]byte("1234567890123"))))),
			decode.Limits{MaxAttrValueBytes: 12}, "MaxAttrValueBytes", span + ".attributes[0].value.bytesValue"},
		{"key", pbTraces(pbSpan().attrs(9, pbKV("1234567890123", nil))),
			decode.Limits{MaxAttrValueBytes: 12}, "MaxAttrValueBytes", span + ".attributes[0].key"},
		{"span name", pbTraces(pbSpan().str(5, "1234567890123")),
			decode.Limits{MaxAttrValueBytes: 12}, "MaxAttrValueBytes", span + ".name"},
		{"resource key", pbTraces(), decode.Limits{MaxAttrValueBytes: 11}, "MaxAttrValueBytes", "resourceSpans[0].resource.attributes[0].key"},
		{"events", pbTraces(pbSpan().msg(11, nil).msg(11, nil)), decode.Limits{MaxEventsPerSpan: 1}, "MaxEventsPerSpan", span + ".events[1]"},
		{"links", pbTraces(pbSpan().msg(13, pbLink()).msg(13, pbLink())), decode.Limits{MaxEventsPerSpan: 1}, "MaxEventsPerSpan", span + ".links[1]"},
		{"depth", pbTraces(pbSpan().attrs(9, pbKV("deep", nested))), decode.Limits{}, "MaxDepth",
			span + ".attributes[0].value" + strings.Repeat(".arrayValue.values[0]", 30)},
		{"small depth", pb(nil).msg(1, pb(nil).msg(2, pb(nil).msg(2, pbSpan().msg(15, nil)))), decode.Limits{MaxDepth: 3}, "MaxDepth", span + ".status"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := pbDecode(tc.input, tc.limits)
			var le *decode.LimitError
			require.True(t, errors.As(err, &le), "%T: %v", err, err)
			assert.Equal(t, tc.limit, le.Limit)
			assert.Equal(t, tc.where, le.Where)
			assert.Equal(t, model.OTLPProto, le.Format)
		})
	}
	_, err := pbDecode(pbTraces(pbSpan().attrs(9, pbKV("deep", nested))), decode.Limits{MaxDepth: 200})
	assert.NoError(t, err, "the same nesting within a raised limit")
}

// TestOTLPProtoTruncated cuts the sample at every byte: a cut inside a
// top-level ResourceSpans must fail, a cut between two must decode the
// ResourceSpans before it, and nothing may panic.
func TestOTLPProtoTruncated(t *testing.T) {
	data := pbAgentSample()
	boundaries := map[int]int{0: 0} // offset → spans before it
	spans := 0
	for pos, i := 0, 0; pos < len(data); i++ {
		_, _, n := protowire.ConsumeField(data[pos:])
		require.Positive(t, n)
		pos += n
		spans += []int{4, 1}[i]
		boundaries[pos] = spans
	}
	require.Len(t, boundaries, 3)
	for i := range len(data) {
		b, err := pbDecode(data[:i], decode.Limits{})
		if want, ok := boundaries[i]; ok {
			require.NoError(t, err, "cut at %d", i)
			assert.Len(t, b.Spans, want, "cut at %d", i)
			continue
		}
		require.Error(t, err, "cut at %d", i)
		assert.Contains(t, err.Error(), "unexpected EOF", "cut at %d", i)
	}
}

func TestLooksLikeOTLPProto(t *testing.T) {
	sample := pbAgentSample()
	tests := []struct {
		name string
		data []byte
		want bool
	}{
		{"agent sample", sample, true},
		{"sample cut inside its first ResourceSpans", sample[:1024], false},
		{"small message", pbTraces(pbSpan()), true},
		{"ExportTraceServiceRequest without resource", pb(nil).msg(1, pb(nil).msg(2, pb(nil).msg(2, pbSpan()))), true},
		{"legacy field first", pb(nil).msg(1, pb(nil).msg(1000, pb(nil).msg(2, pbSpan()))), true},
		{"empty", nil, false},
		{"empty ResourceSpans", pb(nil).msg(1, nil), false},
		{"first field not 1", pb(nil).msg(2, pb(nil).msg(1, nil)), false},
		{"ResourceSpans starting with schema_url", pb(nil).msg(1, pb(nil).str(3, "https://x")), false},
		{"ResourceSpans with a broken field", pb(nil).msg(1, []byte{0x0a, 0x00, 0x12, 0x09, 0x01}), false},
		{"OTLP JSON", []byte(`{"resourceSpans":[{"resource":{"attributes":[]},"scopeSpans":[]}]}`), false},
		{"JSON array", []byte(`[{"traceId":"4bf92f3577b34da6","id":"00f067aa0ba902b7"}]`), false},
		{"JSON after a newline", []byte("\n{\"resourceSpans\":[]}"), false},
		{"JSON after newlines", []byte("\n\n\n\n\n\n\n\n\n\n\n\n{}"), false},
		{"JSON after newline and spaces", []byte("\n  \n  {\"data\":[]}"), false},
		{"JSON after CRLF", []byte("\r\n{\"traceEvents\":[]}"), false},
		{"NDJSON", []byte("{\"event_type\":\"llm.trace.span.started\"}\n{\"event_type\":\"x\"}\n"), false},
		{"text", []byte("hello, world"), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, looksLikeOTLPProto(tc.data))
		})
	}
	// JSON may start with any whitespace, and a newline is the tag of
	// field 1: try every run of up to 6 whitespace bytes before JSON.
	ws := []byte{'\t', '\n', '\r', ' '}
	prefixes, level := [][]byte{nil}, [][]byte{nil}
	for range 6 {
		var next [][]byte
		for _, p := range level {
			for _, c := range ws {
				next = append(next, append(append([]byte(nil), p...), c))
			}
		}
		prefixes, level = append(prefixes, next...), next
	}
	require.Len(t, prefixes, 1+4+16+64+256+1024+4096)
	for _, p := range prefixes {
		for _, doc := range []string{`{"resourceSpans":[{"resource":{}}]}`, `[{"traceId":"1"}]`, "{}"} {
			if in := append(p, doc...); looksLikeOTLPProto(in) {
				t.Errorf("looksLikeOTLPProto(%q) = true", in)
			}
		}
	}
}

// FuzzOTLPProto seeds from small messages (agent.pb, 3 KB, took the whole
// budget to minimize) and checks fuzzDecode's invariants, clipped arena
// slices, and agreement with Go protobuf (pbCrossCheck).
func FuzzOTLPProto(f *testing.F) {
	f.Add(pbSmall(false))
	f.Add(pbSmall(true))
	f.Add(pbTraces(pbSpan().bytes(4, pbSpanID).msg(11, pb(nil).str(2, "e")).msg(13, pbLink())))
	f.Add([]byte(pb(nil).msg(1, pb(nil).msg(1000, pb(nil).msg(2, pbSpan())))))
	f.Fuzz(func(t *testing.T, data []byte) {
		b := fuzzDecode(t, data, model.OTLPProto, fuzzLimits)
		if b == nil {
			return
		}
		for i, sp := range b.Spans {
			if sp.Resource < -1 || int(sp.Resource) >= len(b.Resources) || sp.Scope < -1 || int(sp.Scope) >= len(b.Scopes) {
				t.Fatalf("span %d: resource %d scope %d out of range", i, sp.Resource, sp.Scope)
			}
			if cap(sp.Attrs) != len(sp.Attrs) || cap(sp.Events) != len(sp.Events) || cap(sp.Links) != len(sp.Links) {
				t.Fatalf("span %d: arena slices not clipped", i)
			}
		}
		pbCrossCheck(t, data, b)
	})
}

// pbBenchData builds n spans shaped like the sample's chat spans, 100 per
// ResourceSpans.
func pbBenchData(n int) []byte {
	var out pb
	var ss pb
	id := make([]byte, 8)
	for i := range n {
		id[0], id[1], id[2] = byte(i), byte(i>>8), byte(i>>16)
		sp := pb(nil).bytes(1, pbTraceID).bytes(2, id).bytes(4, pbParentID).
			str(5, "chat gpt-4o").varint(6, 3).
			fixed64(7, uint64(1732543200000000000+i*1000)).fixed64(8, uint64(1732543200000000000+i*1000+900)).
			attrs(9,
				pbKV("gen_ai.operation.name", pbStr("chat")),
				pbKV("gen_ai.provider.name", pbStr("openai")),
				pbKV("gen_ai.request.model", pbStr("gpt-4o")),
				pbKV("gen_ai.request.temperature", pbDouble(0.2)),
				pbKV("gen_ai.response.id", pbStr(fmt.Sprintf("chatcmpl-%024d", i))),
				pbKV("gen_ai.response.finish_reasons", pbArray(pbStr("stop"))),
				pbKV("gen_ai.usage.input_tokens", pbInt(int64(1000+i%500))),
				pbKV("gen_ai.usage.output_tokens", pbInt(int64(i%300))),
				pbKV("server.address", pbStr("api.openai.com")),
				pbKV("server.port", pbInt(443))).
			msg(11, pb(nil).fixed64(1, uint64(1732543200000000000+i*1000+800)).str(2, "gen_ai.choice").
				attrs(3, pbKV("index", pbInt(0)), pbKV("finish_reason", pbStr("stop")))).
			msg(15, nil).fixed32(16, 0x100)
		ss = ss.msg(2, sp)
		if i%100 == 99 || i == n-1 {
			rs := pb(nil).msg(1, pb(nil).attrs(1, pbKV("service.name", pbStr("support-agent")), pbKV("telemetry.sdk.language", pbStr("python")))).
				msg(2, append(pb(nil).msg(1, pb(nil).str(1, "opentelemetry.instrumentation.openai_v2").str(2, "2.1b0")), ss...))
			out = out.msg(1, rs)
			ss = nil
		}
	}
	return out
}

func BenchmarkDecodeOTLPProto(b *testing.B) {
	data := pbBenchData(10_000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		batch, err := pbDecode(data, decode.Limits{})
		if err != nil || len(batch.Spans) != 10_000 {
			b.Fatal(err)
		}
	}
}
