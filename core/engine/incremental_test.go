package engine

import (
	"bytes"
	"encoding/json"
	"math"
	"runtime"
	"runtime/debug"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spanlens/spanlens/core/synth"
)

// garbage is where TestBoundHeap makes garbage the compiler cannot drop.
var garbage []byte

// incrementalLoad is stagedLoad with incremental and the size, and also
// returns the spans the chunks had decoded before loadEnd.
func incrementalLoad(t *testing.T, e *Engine, data []byte, n int) (response, int) {
	t.Helper()
	var begun struct{ Load uint32 }
	ok(t, e, "loadBegin", 0, map[string]any{"size": len(data), "incremental": true}, &begun)
	spans := 0
	for at := 0; at < len(data); at += n {
		r := do(t, e, "loadChunk", 0, map[string]any{"load": begun.Load}, data[at:min(at+n, len(data))])
		if !r.OK {
			return r, spans
		}
		var got struct{ Spans int }
		require.NoError(t, json.Unmarshal(r.Result, &got))
		spans = got.Spans
	}
	return do(t, e, "loadEnd", 0, map[string]any{"load": begun.Load}, nil), spans
}

func TestIncrementalLoadIsLoad(t *testing.T) {
	data := synth.OTLPJSON(synth.Config{Seed: 3, Spans: 400, Traces: 4, Shape: synth.AgentLoop, AttrsPerSpan: 2, EventsEvery: 5, ErrorEvery: 7})
	e := New(Config{})
	whole := do(t, e, "load", 0, nil, data)
	require.True(t, whole.OK, "%+v", whole.Error)
	r, early := incrementalLoad(t, e, data, 1000)
	require.True(t, r.OK, "%+v", r.Error)
	// Decoded as it came: most spans before loadEnd.
	assert.Greater(t, early, 300)
	var a, b map[string]any
	require.NoError(t, json.Unmarshal(whole.Result, &a))
	require.NoError(t, json.Unmarshal(r.Result, &b))
	h := uint32(b["handle"].(float64))
	assert.Equal(t, a["handle"].(float64)+1, b["handle"])
	delete(a, "handle")
	delete(b, "handle")
	assert.Equal(t, a, b)
	for _, cmd := range []string{"summary", "errors"} {
		assert.JSONEq(t, string(ok(t, e, cmd, 1, nil, nil).Result), string(ok(t, e, cmd, h, nil, nil).Result), cmd)
	}
	assert.Equal(t, ok(t, e, "tree", 1, nil, nil).i32(t, "parent"), ok(t, e, "tree", h, nil, nil).i32(t, "parent"))
}

// TestIncrementalLoadFallsBack: an input the incremental reading does not
// take at its start is loaded whole by the engine itself; one it stops
// reading past its start ends the load with an IncrementalError, and
// loaded again without incremental it gives load's exact error.
func TestIncrementalLoadFallsBack(t *testing.T) {
	data := synth.OTLPJSON(synth.Config{Seed: 3, Spans: 200, Traces: 2, Shape: synth.Balanced})
	e := New(Config{})
	var pretty bytes.Buffer
	require.NoError(t, json.Indent(&pretty, data, "", "  "))
	r, early := incrementalLoad(t, e, pretty.Bytes(), 1000)
	require.True(t, r.OK, "%+v", r.Error)
	assert.Zero(t, early)
	var info struct{ Spans int }
	require.NoError(t, json.Unmarshal(r.Result, &info))
	assert.Equal(t, 200, info.Spans)

	// The last span's id broken: the error is at loadEnd.
	at := bytes.LastIndex(data, []byte(`"spanId":"`)) + len(`"spanId":"`)
	bad := bytes.Clone(data)
	copy(bad[at:], "zz")
	r, early = incrementalLoad(t, e, bad, 1000)
	require.False(t, r.OK)
	assert.Positive(t, early)
	assert.Equal(t, "IncrementalError", r.Error.Kind)
	assert.Contains(t, r.Error.Message, "load it again without incremental")
	exact := do(t, e, "load", 0, nil, bad)
	require.False(t, exact.OK)
	assert.Equal(t, *exact.Error, *stagedLoad(t, e, bad, 1000, map[string]any{"size": len(bad)}).Error)
	assert.Contains(t, exact.Error.Message, "spanId")

	// Fewer bytes than loadBegin said.
	var begun struct{ Load uint32 }
	ok(t, e, "loadBegin", 0, map[string]any{"size": len(data) + 1, "incremental": true}, &begun)
	for at := 0; at < len(data); at += 1000 {
		require.True(t, do(t, e, "loadChunk", 0, map[string]any{"load": begun.Load}, data[at:min(at+1000, len(data))]).OK)
	}
	r = do(t, e, "loadEnd", 0, map[string]any{"load": begun.Load}, nil)
	require.False(t, r.OK)
	assert.Equal(t, "IncrementalError", r.Error.Kind)
	assert.Contains(t, r.Error.Message, "bytes received where loadBegin said")
}

// TestBoundHeap: with Config.BoundHeap an incremental load caps the heap
// while it runs, collecting only at the cap, and lifts the cap however it
// ends.
func TestBoundHeap(t *testing.T) {
	data := synth.OTLPJSON(synth.Config{Seed: 3, Spans: 50, Traces: 1, Shape: synth.Balanced})
	limit := func() int64 { return debug.SetMemoryLimit(-1) }
	percent := func() int {
		p := debug.SetGCPercent(-1)
		debug.SetGCPercent(p)
		return p
	}
	require.Equal(t, int64(math.MaxInt64), limit())
	gogc := percent()
	require.Positive(t, gogc)
	e := New(Config{BoundHeap: true})
	for _, end := range []map[string]any{{}, {"cancel": true}, {"parts": 1}} {
		var begun struct{ Load uint32 }
		ok(t, e, "loadBegin", 0, map[string]any{"size": len(data), "incremental": true}, &begun)
		require.True(t, do(t, e, "loadChunk", 0, map[string]any{"load": begun.Load}, data).OK)
		assert.Less(t, limit(), int64(math.MaxInt64), "%v", end)
		assert.Equal(t, -1, percent(), "%v: collections only at the cap", end)
		end["load"] = begun.Load
		do(t, e, "loadEnd", 0, end, nil)
		assert.Equal(t, int64(math.MaxInt64), limit(), "%v", end)
		assert.Equal(t, gogc, percent(), "%v", end)
	}
	// Two at once, in two engines, ended in either order: the last restores.
	for _, order := range [][2]int{{0, 1}, {1, 0}} {
		var loads [2]uint32
		engines := [2]*Engine{e, New(Config{BoundHeap: true})}
		for k, en := range engines {
			var begun struct{ Load uint32 }
			ok(t, en, "loadBegin", 0, map[string]any{"size": len(data), "incremental": true}, &begun)
			loads[k] = begun.Load
		}
		do(t, engines[order[0]], "loadEnd", 0, map[string]any{"load": loads[order[0]], "cancel": true}, nil)
		assert.Equal(t, -1, percent(), "%v: one still under way", order)
		assert.Less(t, limit(), int64(math.MaxInt64), "%v", order)
		do(t, engines[order[1]], "loadEnd", 0, map[string]any{"load": loads[order[1]], "cancel": true}, nil)
		assert.Equal(t, int64(math.MaxInt64), limit(), "%v", order)
		assert.Equal(t, gogc, percent(), "%v", order)
	}
	// The cap counts what is live, not garbage (a document freed before),
	// whose memory the load is to reuse.
	garbage = make([]byte, 256<<20)
	garbage[len(garbage)-1] = 1
	garbage = nil
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	var begun struct{ Load uint32 }
	ok(t, e, "loadBegin", 0, map[string]any{"size": len(data), "incremental": true}, &begun)
	assert.Less(t, limit(), int64(m.Sys-m.HeapReleased)-128<<20)
	do(t, e, "loadEnd", 0, map[string]any{"load": begun.Load, "cancel": true}, nil)

	// Without incremental, or without the option, nothing is capped.
	stagedLoad(t, e, data, 1000, map[string]any{"size": len(data)})
	ok(t, New(Config{}), "loadBegin", 0, map[string]any{"size": len(data), "incremental": true}, &begun)
	assert.Equal(t, int64(math.MaxInt64), limit())
}
