package engine

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// stagedLoad sends data through loadBegin, loadChunk in chunks of n bytes
// and loadEnd, and returns loadEnd's response.
func stagedLoad(t *testing.T, e *Engine, data []byte, n int, args map[string]any) response {
	t.Helper()
	var begun struct{ Load uint32 }
	ok(t, e, "loadBegin", 0, args, &begun)
	for at := 0; at < len(data); at += n {
		var got struct{ Bytes int }
		r := do(t, e, "loadChunk", 0, map[string]any{"load": begun.Load}, data[at:min(at+n, len(data))])
		require.True(t, r.OK, "%+v", r.Error)
		require.NoError(t, json.Unmarshal(r.Result, &got))
		require.Equal(t, min(at+n, len(data)), got.Bytes)
	}
	return do(t, e, "loadEnd", 0, map[string]any{"load": begun.Load}, nil)
}

func TestStagedLoadIsLoad(t *testing.T) {
	data, err := os.ReadFile("../../testdata/otlp-json/exception-multiroot.json")
	require.NoError(t, err)
	e := New(Config{})
	r := stagedLoad(t, e, data, 7, map[string]any{"size": len(data)})
	require.True(t, r.OK, "%+v", r.Error)
	var info struct {
		Handle uint32
		Format string
		Spans  int
		Base   string
	}
	require.NoError(t, json.Unmarshal(r.Result, &info))
	assert.Equal(t, "otlp-json", info.Format)
	assert.Equal(t, 5, info.Spans)
	assert.Equal(t, "1700000000000000000", info.Base)
	// The same tree as the agree sample loaded whole (commands_test.go).
	tr := ok(t, e, "tree", info.Handle, nil, nil)
	assert.Equal(t, []int32{-1, 0, 0, -1, 3}, tr.i32(t, "parent"))

	// Without a size, the buffer grows as chunks come.
	r = stagedLoad(t, e, data, 100, nil)
	require.True(t, r.OK, "%+v", r.Error)
}

func TestStagedLoadErrorsAreLoads(t *testing.T) {
	bad := []byte(`{"data":[{"traceID":"zz"`)
	e := New(Config{})
	whole := do(t, e, "load", 0, nil, bad)
	require.False(t, whole.OK)
	staged := stagedLoad(t, e, bad, 5, nil)
	require.False(t, staged.OK)
	assert.Equal(t, *whole.Error, *staged.Error)
}

func TestStagedLoadMaxBytes(t *testing.T) {
	e := New(Config{})
	r := do(t, e, "loadBegin", 0, map[string]any{"size": 11, "limits": map[string]any{"maxBytes": 10}}, nil)
	require.False(t, r.OK)
	assert.Equal(t, "LimitError", r.Error.Kind)
	assert.Equal(t, "ingest: input exceeds limits.maxBytes (10); raise the limit to accept it", r.Error.Message)

	var begun struct{ Load uint32 }
	ok(t, e, "loadBegin", 0, map[string]any{"limits": map[string]any{"maxBytes": 10}}, &begun)
	require.True(t, do(t, e, "loadChunk", 0, map[string]any{"load": begun.Load}, []byte("123456")).OK)
	r = do(t, e, "loadChunk", 0, map[string]any{"load": begun.Load}, []byte("12345"))
	require.False(t, r.OK)
	assert.Equal(t, "LimitError", r.Error.Kind)
	assert.Contains(t, r.Error.Message, "limits.maxBytes (10)")
	// The load is dropped with its buffer.
	r = do(t, e, "loadEnd", 0, map[string]any{"load": begun.Load}, nil)
	require.False(t, r.OK)
	assert.Equal(t, "TypeError", r.Error.Kind)
	assert.Equal(t, "spanlens: loadEnd: load 1 is not under way (ended, cancelled, or never begun)", r.Error.Message)
}

func TestStagedLoadCancel(t *testing.T) {
	e := New(Config{MaxDocs: 1})
	var begun struct{ Load uint32 }
	ok(t, e, "loadBegin", 0, nil, &begun)
	// A load under way takes a document's place.
	r := do(t, e, "loadBegin", 0, nil, nil)
	require.False(t, r.OK)
	assert.Equal(t, "LimitError", r.Error.Kind)
	ok(t, e, "loadEnd", 0, map[string]any{"load": begun.Load, "cancel": true}, nil)
	r = do(t, e, "loadChunk", 0, map[string]any{"load": begun.Load}, []byte("{}"))
	require.False(t, r.OK)
	assert.Equal(t, "TypeError", r.Error.Kind)
	ok(t, e, "loadBegin", 0, nil, nil)
}

// Two resources: shop with spans a and b, worker with span c.
const twoResources = `{"resourceSpans":[` +
	`{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"shop"}}]},"scopeSpans":[{"spans":[` +
	`{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"a000000000000001","name":"a","startTimeUnixNano":"1000","endTimeUnixNano":"5000"},` +
	`{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"a000000000000002","parentSpanId":"a000000000000001","name":"b","startTimeUnixNano":"2000","endTimeUnixNano":"3000"}]}]},` +
	`{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"worker"}}]},"scopeSpans":[{"spans":[` +
	`{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"a000000000000003","parentSpanId":"a000000000000002","name":"c","startTimeUnixNano":"2500","endTimeUnixNano":"2600"}]}]}]}`

func TestStagedLoadPreview(t *testing.T) {
	e := New(Config{})
	var begun struct{ Load uint32 }
	ok(t, e, "loadBegin", 0, nil, &begun)
	between := strings.Index(twoResources, `},{"traceId":`)
	chunk := func(part string) (preview *struct{ Handle, Spans int }) {
		var got struct {
			Preview *struct{ Handle, Spans int }
		}
		r := do(t, e, "loadChunk", 0, map[string]any{"load": begun.Load, "preview": true}, []byte(part))
		require.True(t, r.OK, "%+v", r.Error)
		require.NoError(t, json.Unmarshal(r.Result, &got))
		return got.Preview
	}
	// Inside span a: nothing complete yet.
	assert.Nil(t, chunk(twoResources[:between+5]))
	// Span a is complete once b begins: a preview of it, a document of
	// its own.
	p := chunk(twoResources[between+5 : between+40])
	require.NotNil(t, p)
	assert.Equal(t, 1, p.Spans)
	var names struct{ Names, Services []string }
	ok(t, e, "names", uint32(p.Handle), nil, &names)
	assert.Equal(t, []string{"a"}, names.Names)
	assert.Equal(t, []string{"shop"}, names.Services)
	// One preview a load.
	assert.Nil(t, chunk(twoResources[between+40:]))
	var info struct{ Handle, Spans int }
	ok(t, e, "loadEnd", 0, map[string]any{"load": begun.Load}, &info)
	assert.Equal(t, 3, info.Spans)
	assert.NotEqual(t, p.Handle, info.Handle)
}

// A Chrome trace is previewed too: the complete events received so far.
func TestStagedLoadPreviewChrome(t *testing.T) {
	e := New(Config{})
	var begun struct{ Load uint32 }
	ok(t, e, "loadBegin", 0, nil, &begun)
	trace := `{"traceEvents":[{"name":"a","ph":"X","ts":1,"dur":10,"pid":1,"tid":1},{"name":"b","ph":"X","ts":2,"dur":3,"pid":1,"tid":1},{"name":"c","ph":"X","ts":20,"dur":1,"pid":1,"tid":1}]}`
	cut := strings.Index(trace, `{"name":"c"`) + 4
	var got struct {
		Preview *struct{ Handle, Spans int }
	}
	r := do(t, e, "loadChunk", 0, map[string]any{"load": begun.Load, "preview": true}, []byte(trace[:cut]))
	require.True(t, r.OK, "%+v", r.Error)
	require.NoError(t, json.Unmarshal(r.Result, &got))
	require.NotNil(t, got.Preview)
	assert.Equal(t, 2, got.Preview.Spans)
	var names struct{ Names []string }
	ok(t, e, "names", uint32(got.Preview.Handle), nil, &names)
	assert.Equal(t, []string{"a", "b"}, names.Names)
	do(t, e, "loadChunk", 0, map[string]any{"load": begun.Load}, []byte(trace[cut:]))
	var info struct{ Spans int }
	ok(t, e, "loadEnd", 0, map[string]any{"load": begun.Load}, &info)
	assert.Equal(t, 3, info.Spans)
}

// fakeExternal is a payload outside the frame, as wasm/main.go passes a
// JavaScript typed array.
type fakeExternal []byte

func (f fakeExternal) Len() int          { return len(f) }
func (f fakeExternal) CopyTo(dst []byte) { copy(dst, f) }

func TestExternalPayload(t *testing.T) {
	data, err := os.ReadFile("../../testdata/otlp-json/exception-multiroot.json")
	require.NoError(t, err)
	e := New(Config{})
	send := func(cmd string, args any, frame []byte, ext External) response {
		req, err := AppendRequest(nil, cmd, 0, args, frame)
		require.NoError(t, err)
		var r response
		out := e.HandleExternal(req, ext, nil)
		n := int(out[0]) | int(out[1])<<8 | int(out[2])<<16 | int(out[3])<<24
		require.NoError(t, json.Unmarshal(out[4:4+n], &r))
		return r
	}
	r := send("load", nil, nil, fakeExternal(data))
	require.True(t, r.OK, "%+v", r.Error)
	var info struct{ Spans int }
	require.NoError(t, json.Unmarshal(r.Result, &info))
	assert.Equal(t, 5, info.Spans)

	r = send("load", map[string]any{"limits": map[string]any{"maxBytes": 100}}, nil, fakeExternal(data))
	require.False(t, r.OK)
	assert.Equal(t, "ingest: input exceeds limits.maxBytes (100); raise the limit to accept it", r.Error.Message)

	r = send("load", nil, data, fakeExternal(data))
	require.False(t, r.OK)
	assert.Equal(t, "spanlens: load: a request has a payload in its frame or a separate one, not both", r.Error.Message)

	var begun struct{ Load uint32 }
	require.NoError(t, json.Unmarshal(send("loadBegin", nil, nil, nil).Result, &begun))
	for at := 0; at < len(data); at += 64 {
		require.True(t, send("loadChunk", map[string]any{"load": begun.Load}, nil, fakeExternal(data[at:min(at+64, len(data))])).OK)
	}
	r = send("loadEnd", map[string]any{"load": begun.Load}, nil, nil)
	require.True(t, r.OK, "%+v", r.Error)
	require.NoError(t, json.Unmarshal(r.Result, &info))
	assert.Equal(t, 5, info.Spans)
}
