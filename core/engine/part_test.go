package engine

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spanlens/spanlens/core/export"
	"github.com/spanlens/spanlens/core/ingest"
	"github.com/spanlens/spanlens/core/internal/decode/decodetest"
	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/core/synth"
)

// everyKind is a batch with each kind of value, event, link and warning a
// part must carry.
func everyKind() *model.Batch {
	attrs := model.Attrs{
		{Key: "s", Value: model.StringValue("text")},
		{Key: "i", Value: model.IntValue(-42)},
		{Key: "d", Value: model.DoubleValue(2.5)},
		{Key: "t", Value: model.BoolValue(true)},
		{Key: "f", Value: model.BoolValue(false)},
		{Key: "b", Value: model.BytesValue([]byte{0, 1, 255})},
		{Key: "e", Value: model.Value{}},
		{Key: "a", Value: model.ArrayValue(model.IntValue(1), model.StringValue("two"), model.ArrayValue())},
		{Key: "m", Value: model.MapValue(model.Attr{Key: "k", Value: model.MapValue(model.Attr{Key: "deep", Value: model.DoubleValue(-0.5)})})},
	}
	return &model.Batch{
		Format:    "otlp-json",
		Resources: []model.Resource{{Service: "shop", Attrs: model.Attrs{{Key: "service.name", Value: model.StringValue("shop")}}}},
		Scopes:    []model.Scope{{Name: "lib", Version: "1.2"}},
		Spans: []model.Span{
			{
				TraceID: model.TraceID{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, ID: model.SpanID{1, 1, 1, 1, 1, 1, 1, 1},
				Start: 1_700_000_000_000_000_000, End: 1_700_000_000_100_000_000, Name: "checkout", Service: "shop",
				Kind: model.KindServer, Status: model.Status{Code: model.StatusError, Message: "boom"}, Resource: 0, Scope: 0, Attrs: attrs,
				Events: []model.Event{{Time: 1_700_000_000_050_000_000, Name: "exception", Attrs: model.Attrs{{Key: "exception.type", Value: model.StringValue("E")}}}},
				Links:  []model.Link{{TraceID: model.TraceID{9}, SpanID: model.SpanID{8}, TraceState: "a=b", Attrs: model.Attrs{{Key: "l", Value: model.IntValue(1)}}}},
			},
			// Ends before it starts, no resource or scope, the same strings again.
			{TraceID: model.TraceID{1}, ID: model.SpanID{2}, ParentID: model.SpanID{1, 1, 1, 1, 1, 1, 1, 1}, Start: 500, End: 100, Name: "checkout", Service: "shop", Resource: -1, Scope: -1},
		},
		Warnings: []model.Warning{{Span: -1, Message: "whole batch"}, {Span: 1, Message: "span 1"}},
	}
}

func TestPartRoundTrip(t *testing.T) {
	b := everyKind()
	got, err := readPart(appendPart(nil, b))
	require.NoError(t, err)
	decodetest.Same(t, b, got)
}

func TestPartCorrupt(t *testing.T) {
	data := appendPart(nil, everyKind())
	for n := range data {
		_, err := readPart(data[:n])
		require.Error(t, err, "a part cut at %d of %d bytes", n, len(data))
	}
	_, err := readPart(append(data, 0))
	assert.EqualError(t, err, "spanlens: part: 1 bytes after the end")
	_, err = readPart([]byte(`{"resourceSpans":[]}`))
	assert.EqualError(t, err, `spanlens: part: not a part (no "SLP1" magic)`)
}

func TestReadPartIntoRenumbers(t *testing.T) {
	m := everyKind()
	require.NoError(t, readPartInto(m, appendPart(nil, everyKind()), 10))
	assert.Equal(t, 12, cap(m.Spans), "grown once for the 10 spans to come")
	require.Len(t, m.Spans, 4)
	assert.Equal(t, []int32{0, -1, 1, -1}, []int32{m.Spans[0].Resource, m.Spans[1].Resource, m.Spans[2].Resource, m.Spans[3].Resource})
	assert.Equal(t, int32(1), m.Spans[2].Scope)
	assert.Len(t, m.Resources, 2)
	assert.Equal(t, []model.Warning{{Span: -1, Message: "whole batch"}, {Span: 1, Message: "span 1"}, {Span: -1, Message: "whole batch"}, {Span: 3, Message: "span 1"}}, m.Warnings)
}

// parallelLoad loads twoResources split after its first resource: the
// second half decoded by a helper engine and sent as a part.
func parallelLoad(t *testing.T, e *Engine, args map[string]any) response {
	cut := strings.LastIndex(twoResources, `,{"resource":`)
	first := twoResources[:cut] + "]}"
	second := `{"resourceSpans":[` + twoResources[cut+1:]

	helper := New(Config{})
	var hb struct{ Load uint32 }
	ok(t, helper, "loadBegin", 0, nil, &hb)
	require.True(t, do(t, helper, "loadChunk", 0, map[string]any{"load": hb.Load}, []byte(second)).OK)
	enc := ok(t, helper, "loadEnd", 0, map[string]any{"load": hb.Load, "encode": true}, nil)
	assert.JSONEq(t, `{"spans":1}`, string(enc.Result))
	part := enc.raw(t, "part", "u8")

	var pb struct{ Load uint32 }
	ok(t, e, "loadBegin", 0, args, &pb)
	require.True(t, do(t, e, "loadChunk", 0, map[string]any{"load": pb.Load}, []byte(first)).OK)
	w := ok(t, e, "loadEnd", 0, map[string]any{"load": pb.Load, "parts": 1}, nil)
	assert.JSONEq(t, fmt.Sprintf(`{"load":%d,"waiting":1}`, pb.Load), string(w.Result))
	return do(t, e, "loadPart", 0, map[string]any{"load": pb.Load}, part)
}

func TestParallelLoadIsLoad(t *testing.T) {
	e := New(Config{})
	r := parallelLoad(t, e, nil)
	require.True(t, r.OK, "%+v", r.Error)
	var par, whole struct {
		Handle uint32
		Spans  int
		Format string
		Base   string
	}
	require.NoError(t, json.Unmarshal(r.Result, &par))
	assert.Equal(t, 3, par.Spans)
	assert.Equal(t, "otlp-json", par.Format)
	assert.Equal(t, "1000", par.Base)
	w := do(t, e, "load", 0, nil, []byte(twoResources))
	require.True(t, w.OK)
	require.NoError(t, json.Unmarshal(w.Result, &whole))
	// c's parent b is in the other part: the tree joins them.
	tr := ok(t, e, "tree", par.Handle, nil, nil)
	assert.Equal(t, []int32{-1, 0, 1}, tr.i32(t, "parent"))
	for _, cmd := range []string{"summary", "traces", "names", "errors"} {
		a := ok(t, e, cmd, par.Handle, nil, nil)
		b := ok(t, e, cmd, whole.Handle, nil, nil)
		assert.JSONEq(t, string(b.Result), string(a.Result), cmd)
	}
}

func TestParallelLoadLimitsAndMisuse(t *testing.T) {
	e := New(Config{})
	r := parallelLoad(t, e, map[string]any{"limits": map[string]any{"maxSpans": 2}})
	require.False(t, r.OK)
	assert.Equal(t, "LimitError", r.Error.Kind)
	assert.Equal(t, "ingest: otlp-json: input exceeds limits.maxSpans (2); raise the limit to accept it", r.Error.Message)

	var b struct{ Load uint32 }
	ok(t, e, "loadBegin", 0, nil, &b)
	r = do(t, e, "loadPart", 0, map[string]any{"load": b.Load}, appendPart(nil, everyKind()))
	require.False(t, r.OK)
	assert.Equal(t, "spanlens: loadPart: load 2 waits for no parts (loadEnd with parts comes first)", r.Error.Message)
}

// BenchmarkPart encodes and reads back the parts of a parallel load of
// 100,000 generated spans (web/bench/gen's shape), against decoding the
// OTLP/JSON they came from.
func BenchmarkPart(b *testing.B) {
	batch := synth.Generate(synth.Config{Seed: 1, Spans: 100_000, Traces: 100, Shape: synth.AgentLoop, AttrsPerSpan: 1, EventsEvery: 20, ErrorEvery: 50})
	src := export.AppendOTLPJSON(nil, batch)
	part := appendPart(nil, batch)
	b.Logf("OTLP/JSON %d bytes, part %d bytes", len(src), len(part))
	b.Run("encode", func(b *testing.B) {
		b.SetBytes(int64(len(part)))
		for range b.N {
			appendPart(nil, batch)
		}
	})
	b.Run("read", func(b *testing.B) {
		b.SetBytes(int64(len(part)))
		for range b.N {
			if _, err := readPart(part); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("decodeOTLPJSON", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		for range b.N {
			if _, err := ingest.Decode(src, ingest.Options{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
