package engine

import (
	"encoding/binary"
	"encoding/json"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spanlens/spanlens/core/ingest"
)

// The sample of testdata/agree: spans in file order are checkout (0,
// shop, 0–100 ms), GET /stock (1, shop, client, HTTP 503, 50–90 ms),
// charge (2, payments, exception event, 10–40 ms), retry (3, worker,
// orphan, 110–150 ms) and db.query (4, worker, ok status despite an
// exception event, 120–140 ms). The expectations below are read off that
// description, not off the engine's output.
const ms = 1e6

func loadAgree(t *testing.T, e *Engine) uint32 {
	data, err := os.ReadFile("../../testdata/otlp-json/exception-multiroot.json")
	require.NoError(t, err)
	r := do(t, e, "load", 0, nil, data)
	require.True(t, r.OK, "%+v", r.Error)
	var info struct {
		Handle uint32 `json:"handle"`
		Base   string `json:"base"`
	}
	require.NoError(t, json.Unmarshal(r.Result, &info))
	assert.Equal(t, "1700000000000000000", info.Base)
	return info.Handle
}

// ok sends a request that must succeed and decodes its JSON result into v
// (unless v is nil).
func ok(t *testing.T, e *Engine, cmd string, h uint32, args any, v any) response {
	t.Helper()
	r := do(t, e, cmd, h, args, nil)
	require.True(t, r.OK, "%s: %+v", cmd, r.Error)
	if v != nil {
		require.NoError(t, json.Unmarshal(r.Result, v), "%s", r.Result)
	}
	return r
}

func (r response) raw(t *testing.T, name, typ string) []byte {
	for _, a := range r.Arrays {
		if a.Name == name {
			require.Equal(t, typ, a.Type)
			size := map[string]int{"u8": 1, "i32": 4, "u32": 4, "f32": 4, "f64": 8}[typ]
			return r.data[a.Offset : a.Offset+size*a.Length]
		}
	}
	t.Fatalf("no array %q", name)
	return nil
}

func (r response) u32(t *testing.T, name string) []uint32 {
	b := r.raw(t, name, "u32")
	out := make([]uint32, len(b)/4)
	for k := range out {
		out[k] = binary.LittleEndian.Uint32(b[4*k:])
	}
	return out
}

func (r response) f64(t *testing.T, name string) []float64 {
	b := r.raw(t, name, "f64")
	out := make([]float64, len(b)/8)
	for k := range out {
		out[k] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*k:]))
	}
	return out
}

func TestCommandTraces(t *testing.T) {
	e := New(Config{})
	h := loadAgree(t, e)
	var traces []map[string]any
	ok(t, e, "traces", h, nil, &traces)
	require.Len(t, traces, 1)
	want := map[string]any{"id": "5b8efff798038103d269b633813fc60c", "root": 0.0, "name": "checkout", "service": "shop",
		"start": 0.0, "duration": 150 * ms, "spans": 5.0, "roots": 2.0, "errors": 2.0}
	assert.Equal(t, want, traces[0])
}

func TestCommandTree(t *testing.T) {
	e := New(Config{})
	h := loadAgree(t, e)
	r := ok(t, e, "tree", h, nil, nil)
	assert.Equal(t, []int32{-1, 0, 0, -1, 3}, r.i32(t, "parent"))
	assert.Equal(t, []int32{0, 1, 1, 0, 1}, r.i32(t, "depth"))
	assert.Equal(t, []int32{0, 2, 1, 3, 4}, r.i32(t, "order")) // children by start
	assert.Equal(t, []int32{2, 0, 0, 1, 0}, r.i32(t, "childCount"))
	assert.Equal(t, []int32{3, 1, 1, 2, 1}, r.i32(t, "size"))
	assert.Equal(t, []float64{0, 50 * ms, 10 * ms, 110 * ms, 120 * ms}, r.f64(t, "start"))
	assert.Equal(t, []float64{100 * ms, 90 * ms, 40 * ms, 150 * ms, 140 * ms}, r.f64(t, "end"))
	// failed = 32, orphan = 1
	assert.Equal(t, []byte{0, 32, 32, 1, 0}, r.raw(t, "flags", "u8"))
}

func TestCommandSpan(t *testing.T) {
	e := New(Config{})
	h := loadAgree(t, e)
	var s struct {
		Name, Service, Status string
		Failed                bool
		Start, End, Self      int64
		Parent                int32
		ParentSpanID          string
		Events                []struct {
			Time int64
			Name string
		}
		Resource []struct{ Key, Type string }
	}
	ok(t, e, "span", h, map[string]any{"index": 2}, &s)
	assert.Equal(t, "charge", s.Name)
	assert.Equal(t, "payments", s.Service)
	assert.Equal(t, "unset", s.Status)
	assert.True(t, s.Failed)
	assert.Equal(t, int64(10*ms), s.Start)
	assert.Equal(t, int64(40*ms), s.End)
	assert.Equal(t, int64(30*ms), s.Self)
	assert.Equal(t, int32(0), s.Parent)
	assert.Equal(t, "a000000000000001", s.ParentSpanID)
	require.Len(t, s.Events, 1)
	assert.Equal(t, int64(30*ms), s.Events[0].Time)
	assert.Equal(t, "service.name", s.Resource[0].Key)

	// db.query has an exception event but an ok status: not failed.
	ok(t, e, "span", h, map[string]any{"index": 4}, &s)
	assert.False(t, s.Failed)
	// The root's self time is its 100 ms less its children's 30 + 40.
	ok(t, e, "span", h, map[string]any{"index": 0}, &s)
	assert.Equal(t, int64(30*ms), s.Self)
}

func TestCommandNames(t *testing.T) {
	e := New(Config{})
	h := loadAgree(t, e)
	var n struct {
		Names, Services []string
		ServiceColors   []int
	}
	r := ok(t, e, "names", h, nil, &n)
	assert.Equal(t, []string{"checkout", "GET /stock", "charge", "retry", "db.query"}, n.Names)
	assert.Equal(t, []string{"shop", "payments", "worker"}, n.Services)
	assert.Len(t, n.ServiceColors, 3)
	assert.Equal(t, []int32{0, 1, 2, 3, 4}, r.i32(t, "name"))
	assert.Equal(t, []int32{0, 0, 1, 2, 2}, r.i32(t, "service"))
}

func TestCommandLayout(t *testing.T) {
	e := New(Config{})
	h := loadAgree(t, e)
	// 150 ms across 150 px: a pixel a millisecond. Waterfall rows are the
	// pre-order.
	var res struct {
		Bars, Rows int
		Ticks      []struct {
			X     float64
			Label string
		}
	}
	r := ok(t, e, "layout", h, map[string]any{"t0": 0, "t1": 150 * ms, "width": 150, "rows": 10}, &res)
	assert.Equal(t, 5, res.Bars)
	assert.Equal(t, 5, res.Rows)
	assert.Equal(t, []int32{0, 2, 1, 3, 4}, r.i32(t, "span"))
	assert.Equal(t, []int32{0, 1, 2, 3, 4}, r.i32(t, "row"))
	assert.Equal(t, []float32{0, 10, 50, 110, 120}, r.f32(t, "x"))
	assert.Equal(t, []float32{100, 30, 40, 40, 20}, r.f32(t, "w"))
	require.NotEmpty(t, res.Ticks)
	assert.Equal(t, 0.0, res.Ticks[0].X)

	// Flags per bar (spans 0, 2, 1, 3, 4): parent 64, critical 4, error
	// 1, selected 2, match 8.
	r = ok(t, e, "layout", h, map[string]any{"t0": 0, "t1": 150 * ms, "width": 150, "rows": 10,
		"critical": []int{0, 2}, "match": []int{4}, "selected": 3}, &res)
	assert.Equal(t, []byte{64 | 4, 1 | 4, 1, 64 | 2, 8}, r.raw(t, "flags", "u8"))

	// A filter keeps its matches and their ancestors: the errors are
	// charge and GET /stock, under checkout; the worker's spans are retry
	// and its child.
	r = ok(t, e, "layout", h, map[string]any{"t0": 0, "t1": 150 * ms, "width": 150, "rows": 10, "filter": "status:error"}, &res)
	assert.Equal(t, 3, res.Rows)
	assert.Equal(t, []int32{0, 2, 1}, r.i32(t, "span"))
	r = ok(t, e, "layout", h, map[string]any{"t0": 0, "t1": 150 * ms, "width": 150, "rows": 10, "filter": "service:worker"}, &res)
	assert.Equal(t, []int32{3, 4}, r.i32(t, "span"))
	bad := do(t, e, "layout", h, map[string]any{"t0": 0, "t1": 150 * ms, "width": 150, "rows": 10, "filter": "duration>"}, nil)
	require.False(t, bad.OK)
	assert.Equal(t, "TypeError", bad.Error.Kind)
	assert.Contains(t, bad.Error.Message, "layout: filter: query: col 10")

	// checkout collapsed: its two children's rows are gone, leaving
	// checkout, retry and db.query; rows 1–2 show the last two.
	r = ok(t, e, "layout", h, map[string]any{"t0": 0, "t1": 150 * ms, "width": 150, "firstRow": 1, "rows": 2, "collapsed": []int{0}}, &res)
	assert.Equal(t, 3, res.Rows)
	assert.Equal(t, []int32{3, 4}, r.i32(t, "span"))
}

func TestCommandOverview(t *testing.T) {
	e := New(Config{})
	h := loadAgree(t, e)
	// Three columns of 50 ms: checkout spans all three; charge is in the
	// first, GET /stock in the second, retry and db.query in the third.
	r := ok(t, e, "overview", h, map[string]any{"columns": 3}, nil)
	assert.Equal(t, []uint32{2, 2, 3}, r.u32(t, "active"))
	assert.Equal(t, []uint32{1, 1, 0}, r.u32(t, "errors"))
	bad := do(t, e, "overview", h, map[string]any{"columns": 0}, nil)
	require.False(t, bad.OK)
	assert.Equal(t, "TypeError", bad.Error.Kind)
}

func TestCommandSummaryErrorsSearch(t *testing.T) {
	e := New(Config{})
	h := loadAgree(t, e)
	var s struct {
		Spans, Errors int
		PriceDate     string `json:"priceDate"`
		Services      []struct {
			Service       string
			Count, Errors int
			Total, Self   int64
		}
	}
	ok(t, e, "summary", h, nil, &s)
	assert.Equal(t, 5, s.Spans)
	assert.Equal(t, 2, s.Errors)
	assert.NotEmpty(t, s.PriceDate)
	require.Len(t, s.Services, 3)
	// Totals sum durations: shop 100+40, worker 40+20, payments 30.
	assert.Equal(t, "shop", s.Services[0].Service)
	assert.Equal(t, int64(140*ms), s.Services[0].Total)
	assert.Equal(t, 1, s.Services[0].Errors)
	assert.Equal(t, "worker", s.Services[1].Service)
	assert.Equal(t, int64(60*ms), s.Services[1].Total)
	assert.Equal(t, "payments", s.Services[2].Service)

	var errs []struct {
		Span          int32
		Path          []int32
		Status        bool
		Exceptions    int
		Type, Message string
		Origin        bool
	}
	ok(t, e, "errors", h, nil, &errs)
	require.Len(t, errs, 2)
	assert.Equal(t, int32(2), errs[0].Span)
	assert.Equal(t, []int32{0, 2}, errs[0].Path)
	assert.Equal(t, "CardDeclined", errs[0].Type)
	assert.Equal(t, "card declined", errs[0].Message)
	assert.Equal(t, 1, errs[0].Exceptions)
	assert.False(t, errs[0].Status)
	assert.True(t, errs[0].Origin)
	assert.Equal(t, int32(1), errs[1].Span)

	r := ok(t, e, "search", h, map[string]any{"query": "service:worker"}, nil)
	assert.Equal(t, []int32{3, 4}, r.i32(t, "spans"))
	r = ok(t, e, "search", h, map[string]any{"query": "status:error"}, nil)
	assert.Equal(t, []int32{2, 1}, r.i32(t, "spans"))
}

func TestCommandCriticalPath(t *testing.T) {
	e := New(Config{})
	h := loadAgree(t, e)
	var path []struct {
		Span       int32
		Start, End int64
	}
	ok(t, e, "criticalPath", h, map[string]any{"trace": 0}, &path)
	require.Len(t, path, 8)
	assert.Equal(t, int32(0), path[0].Span)
	assert.Equal(t, int64(110*ms), path[5].Start) // the second root, after 10 ms idle
	assert.Equal(t, int32(3), path[5].Span)
	bad := do(t, e, "criticalPath", h, map[string]any{"trace": 1}, nil)
	require.False(t, bad.OK)
	assert.Equal(t, "spanlens: criticalPath: trace 1 out of range (have 1)", bad.Error.Message)
}

func TestCommandAgentGraph(t *testing.T) {
	e := New(Config{})
	h := loadAgree(t, e)
	var g struct {
		Nodes []struct {
			ID, Parent    int32
			Name, Service string
			Calls, Errors int
		}
		Edges []struct {
			From, To int32
			Calls    int
		}
	}
	r := ok(t, e, "agentGraph", h, nil, &g)
	// Five distinct (service, name) places, three parent→child edges.
	require.Len(t, g.Nodes, 5)
	require.Len(t, g.Edges, 3)
	node := r.i32(t, "node")
	require.Len(t, node, 5)
	byName := map[string]int32{}
	for _, n := range g.Nodes {
		byName[n.Name] = n.ID
		assert.Equal(t, 1, n.Calls)
	}
	for i, name := range []string{"checkout", "GET /stock", "charge", "retry", "db.query"} {
		assert.Equal(t, byName[name], node[i], "node of span %d", i)
	}
	assert.Equal(t, byName["checkout"], g.Nodes[byName["charge"]].Parent)
	assert.Equal(t, int32(-1), g.Nodes[byName["retry"]].Parent)
}

func TestCommandCompareSVGConvert(t *testing.T) {
	e := New(Config{})
	a, b := loadAgree(t, e), loadAgree(t, e)
	var c struct {
		Matched        []struct{ A, B int32 }
		Removed, Added []int32
		A, B           struct{ Duration int64 }
	}
	ok(t, e, "compare", a, map[string]any{"other": b}, &c)
	assert.Len(t, c.Matched, 5)
	assert.Empty(t, c.Removed)
	assert.Empty(t, c.Added)
	assert.Equal(t, int64(150*ms), c.A.Duration)

	var svg string
	ok(t, e, "svg", a, map[string]any{"width": 800, "criticalPath": true}, &svg)
	assert.True(t, strings.HasPrefix(svg, "<svg "))
	assert.Contains(t, svg, "GET /stock")

	r := ok(t, e, "convert", a, map[string]any{"to": "jaeger"}, nil)
	batch, err := ingest.Decode(r.raw(t, "data", "u8"), ingest.Options{})
	require.NoError(t, err)
	assert.Equal(t, "jaeger", string(batch.Format))
	assert.Len(t, batch.Spans, 5)
}
