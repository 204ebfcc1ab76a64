package engine

import (
	"encoding/binary"
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/spanlens/spanlens"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// response is a decoded response frame.
type response struct {
	OK     bool            `json:"ok"`
	Result json.RawMessage `json:"result"`
	Error  *Error          `json:"error"`
	Arrays []arrayRef      `json:"arrays"`
	data   []byte
}

// do sends one request through Handle, as a transport would.
func do(t *testing.T, e *Engine, cmd string, handle uint32, args any, payload []byte) response {
	t.Helper()
	req, err := AppendRequest(nil, cmd, handle, args, payload)
	require.NoError(t, err)
	frame := e.Handle(req, nil)
	n := binary.LittleEndian.Uint32(frame)
	var r response
	require.NoError(t, json.Unmarshal(frame[4:4+n], &r))
	r.data = frame[align8(4+int(n)):]
	return r
}

func (r response) i32(t *testing.T, name string) []int32 {
	for _, a := range r.Arrays {
		if a.Name == name {
			require.Equal(t, "i32", a.Type)
			require.Zero(t, a.Offset%8)
			out := make([]int32, a.Length)
			for k := range out {
				out[k] = int32(binary.LittleEndian.Uint32(r.data[a.Offset+4*k:]))
			}
			return out
		}
	}
	t.Fatalf("no array %q", name)
	return nil
}

func (r response) f32(t *testing.T, name string) []float32 {
	for _, a := range r.Arrays {
		if a.Name == name {
			out := make([]float32, a.Length)
			for k := range out {
				out[k] = math.Float32frombits(binary.LittleEndian.Uint32(r.data[a.Offset+4*k:]))
			}
			return out
		}
	}
	t.Fatalf("no array %q", name)
	return nil
}

func TestLoadTreeLayout(t *testing.T) {
	data, err := os.ReadFile("../../testdata/otlp-json/genai-agent.json")
	require.NoError(t, err)
	e := New(Config{})

	hello := do(t, e, "hello", 0, nil, nil)
	require.True(t, hello.OK)
	assert.JSONEq(t, `3`, string(mustField(t, hello.Result, "protocol")))

	load := do(t, e, "load", 0, map[string]any{}, data)
	require.True(t, load.OK, "%+v", load.Error)
	var info struct {
		Handle uint32 `json:"handle"`
		Format string `json:"format"`
		Spans  int    `json:"spans"`
	}
	require.NoError(t, json.Unmarshal(load.Result, &info))
	assert.Equal(t, "otlp-json", string(info.Format))
	assert.Equal(t, 6, info.Spans)

	tree := do(t, e, "tree", info.Handle, nil, nil)
	require.True(t, tree.OK)
	parent, depth := tree.i32(t, "parent"), tree.i32(t, "depth")
	require.Len(t, parent, 6)
	for i, p := range parent {
		if p < 0 {
			assert.Zero(t, depth[i])
		} else {
			assert.Equal(t, depth[p]+1, depth[i])
		}
	}

	// The root spans the whole trace: its waterfall bar covers the width.
	var traces []spanlens.TraceInfo
	require.NoError(t, json.Unmarshal(mustField(t, load.Result, "traces"), &traces))
	lay := do(t, e, "layout", info.Handle, map[string]any{"t0": 0, "t1": traces[0].Duration, "width": 500, "rows": 3}, nil)
	require.True(t, lay.OK, "%+v", lay.Error)
	assert.Equal(t, []int32{traces[0].Root}, lay.i32(t, "span")[:1])
	assert.Equal(t, []float32{0}, lay.f32(t, "x")[:1])
	assert.Equal(t, []float32{500}, lay.f32(t, "w")[:1])
	assert.Len(t, lay.i32(t, "row"), 3)

	free := do(t, e, "free", info.Handle, nil, nil)
	require.True(t, free.OK)
	gone := do(t, e, "summary", info.Handle, nil, nil)
	require.False(t, gone.OK)
	assert.Equal(t, &Error{Kind: "TypeError", Message: "spanlens: summary: handle 1 is not loaded (freed, or never returned by load)"}, gone.Error)
}

func TestErrors(t *testing.T) {
	e := New(Config{})
	for _, tt := range []struct {
		name    string
		cmd     string
		args    any
		payload string
		want    Error
	}{
		{"unknown command", "explode", nil, "", Error{"TypeError", `spanlens: unknown command "explode"`}},
		{"unknown arg", "load", map[string]any{"fromat": "x"}, "{}", Error{"TypeError", `spanlens: load: bad args: unknown field "fromat"`}},
		{"bad input", "load", nil, `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"xyz"}]}]}]}`,
			Error{"Error", `ingest: otlp-json: resourceSpans[0].scopeSpans[0].spans[0].traceId: want 32 hex chars or base64 of 16 bytes, got "xyz"`}},
		{"limit", "load", map[string]any{"limits": map[string]any{"maxBytes": 10}}, `{"resourceSpans":[]}`,
			Error{"LimitError", "ingest: input exceeds limits.maxBytes (10); raise the limit to accept it"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, e, tt.cmd, 0, tt.args, []byte(tt.payload))
			require.False(t, r.OK)
			assert.Equal(t, &tt.want, r.Error)
		})
	}
	// A frame too short to hold its header is a TypeError, not a panic.
	out := e.Handle([]byte{9, 0}, nil)
	assert.Contains(t, string(out), `"kind":"TypeError"`)
}

// A server's limits cannot be raised by a request.
func TestLimitsWithin(t *testing.T) {
	e := New(Config{})
	e.cfg.Limits.MaxSpans = 3
	data, err := os.ReadFile("../../testdata/zipkin/multi_service.json")
	require.NoError(t, err)
	r := do(t, e, "load", 0, map[string]any{"limits": map[string]any{"maxSpans": 1000}}, data)
	require.False(t, r.OK)
	assert.Equal(t, "LimitError", r.Error.Kind)
	assert.Contains(t, r.Error.Message, "limits.maxSpans (3)")
}

func mustField(t *testing.T, obj json.RawMessage, key string) json.RawMessage {
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(obj, &m))
	v, ok := m[key]
	require.True(t, ok, "no %q in %s", key, obj)
	return v
}
