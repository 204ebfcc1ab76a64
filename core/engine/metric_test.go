package engine

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// agentsOTLP is a root agent (own cost $0.01, 0–1000 ms) with sub-agents
// in start order: a ($0.02, 100–300 ms) and b (400–900 ms) whose model
// call costs $0.07 (500–800 ms). Rolled up: root $0.10, a $0.02, b $0.07.
func agentsOTLP() []byte {
	span := func(id, parent, name string, start, end int, cost float64) string {
		attrs := ""
		if cost > 0 {
			attrs = fmt.Sprintf(`,"attributes":[{"key":"gen_ai.usage.cost","value":{"doubleValue":%g}}]`, cost)
		}
		return fmt.Sprintf(`{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"%s","parentSpanId":"%s","name":"%s",`+
			`"startTimeUnixNano":"%d","endTimeUnixNano":"%d"%s}`, id, parent, name, 1_700_000_000_000_000_000+start*1e6, 1_700_000_000_000_000_000+end*1e6, attrs)
	}
	spans := []string{
		span("0000000000000001", "", "invoke_agent root", 0, 1000, 0.01),
		span("0000000000000002", "0000000000000001", "invoke_agent a", 100, 300, 0.02),
		span("0000000000000003", "0000000000000001", "invoke_agent b", 400, 900, 0),
		span("0000000000000004", "0000000000000003", "chat", 500, 800, 0.07),
	}
	return []byte(`{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"agents"}}]},` +
		`"scopeSpans":[{"spans":[` + strings.Join(spans, ",") + `]}]}]}`)
}

func TestCommandLayoutMetric(t *testing.T) {
	e := New(Config{})
	r := do(t, e, "load", 0, nil, agentsOTLP())
	require.True(t, r.OK, "%+v", r.Error)
	var info struct {
		Handle uint32 `json:"handle"`
	}
	require.NoError(t, json.Unmarshal(r.Result, &info))
	h := info.Handle
	var res struct {
		Bars, Rows int
		Ticks      []struct{ Label string }
		Tracks     []struct {
			Label            string
			FirstLane, Lanes int
		}
		Extent []float64
	}
	// $0.10 is 1e8 n$: across 1000 px, root fills it, a takes the first
	// 200 px, b the next 700 and its chat all of b.
	r = ok(t, e, "layout", h, map[string]any{"view": "flame", "metric": "cost", "t0": 0, "t1": 1e8, "width": 1000, "rows": 5, "tickGap": 200}, &res)
	assert.Equal(t, []int32{0, 1, 2, 3}, r.i32(t, "span"))
	assert.Equal(t, []float32{0, 0, 200, 200}, r.f32(t, "x"))
	assert.Equal(t, []float32{1000, 200, 700, 700}, r.f32(t, "w"))
	assert.Equal(t, 3, res.Rows)
	assert.Equal(t, []float64{0, 1e8}, res.Extent)
	require.Len(t, res.Tracks, 1)
	assert.Equal(t, "agents", res.Tracks[0].Label)
	assert.Equal(t, 3, res.Tracks[0].Lanes)
	require.Len(t, res.Ticks, 6)
	assert.Equal(t, "$0.04", res.Ticks[2].Label)

	// The time flame's window is relative to the base, like t0 and t1.
	ok(t, e, "layout", h, map[string]any{"view": "flame", "t0": 0, "t1": 1000 * ms, "width": 100, "rows": 5}, &res)
	assert.Equal(t, []float64{0, 1000 * ms}, res.Extent)

	bad := do(t, e, "layout", h, map[string]any{"view": "waterfall", "metric": "cost", "t0": 0, "t1": 1, "width": 100, "rows": 5}, nil)
	require.False(t, bad.OK)
	assert.Contains(t, bad.Error.Message, `metric cost needs the flame view`)
	bad = do(t, e, "layout", h, map[string]any{"view": "flame", "metric": "money", "t0": 0, "t1": 1, "width": 100, "rows": 5}, nil)
	require.False(t, bad.OK)
	assert.Contains(t, bad.Error.Message, `unknown metric "money"`)
}
