package synth

import (
	"bytes"
	"testing"

	"github.com/spanlens/spanlens/core/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// parents returns each span's parent index (-1 for a root), failing the
// test if a parent id does not resolve within the span's trace.
func parents(t *testing.T, b *model.Batch) []int {
	t.Helper()
	type key struct {
		t model.TraceID
		s model.SpanID
	}
	idx := map[key]int{}
	for i, sp := range b.Spans {
		require.False(t, sp.ID.IsZero(), "span %d has a zero id", i)
		_, dup := idx[key{sp.TraceID, sp.ID}]
		require.False(t, dup, "span %d: duplicate id %s", i, sp.ID)
		idx[key{sp.TraceID, sp.ID}] = i
	}
	out := make([]int, len(b.Spans))
	for i, sp := range b.Spans {
		out[i] = -1
		if !sp.ParentID.IsZero() {
			p, ok := idx[key{sp.TraceID, sp.ParentID}]
			require.True(t, ok, "span %d: parent %s not in its trace", i, sp.ParentID)
			out[i] = p
		}
	}
	return out
}

func depthOf(parent []int, i int) int {
	d := 1
	for ; parent[i] >= 0; i = parent[i] {
		d++
	}
	return d
}

func allShapes() []Shape { return []Shape{Balanced, DeepChain, WideFanout, AgentLoop} }

func TestDeterministic(t *testing.T) {
	for _, sh := range allShapes() {
		t.Run(sh.String(), func(t *testing.T) {
			cfg := Config{Seed: 42, Spans: 300, Traces: 3, Shape: sh, AttrsPerSpan: 5, EventsEvery: 7, ErrorEvery: 10}
			a, b := OTLPJSON(cfg), OTLPJSON(cfg)
			require.True(t, bytes.Equal(a, b), "same seed, different bytes")
			cfg.Seed++
			assert.False(t, bytes.Equal(a, OTLPJSON(cfg)), "different seeds, same bytes")
		})
	}
}

func TestCounts(t *testing.T) {
	tests := []struct {
		name          string
		cfg           Config
		spans, traces int
	}{
		{"defaults", Config{}, 1000, 1},
		{"uneven split", Config{Spans: 10, Traces: 3}, 10, 3},
		{"more traces than spans", Config{Spans: 4, Traces: 9}, 4, 4},
		{"one span", Config{Spans: 1, Shape: AgentLoop}, 1, 1},
		{"two-span agent", Config{Spans: 2, Shape: AgentLoop}, 2, 1},
		{"agent traces", Config{Spans: 5000, Traces: 7, Shape: AgentLoop}, 5000, 7},
		{"fan-out traces", Config{Spans: 999, Traces: 10, Shape: WideFanout}, 999, 10},
		{"chains", Config{Spans: 50, Traces: 5, Shape: DeepChain}, 50, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := Generate(tt.cfg)
			require.Len(t, b.Spans, tt.spans)
			parent := parents(t, b)
			roots := map[model.TraceID]int{}
			for i, sp := range b.Spans {
				if parent[i] < 0 {
					roots[sp.TraceID]++
				}
			}
			assert.Len(t, roots, tt.traces, "traces")
			for id, n := range roots {
				assert.Equal(t, 1, n, "roots of trace %s", id)
			}
		})
	}
}

func TestShapes(t *testing.T) {
	t.Run("deep chain depth is its span count", func(t *testing.T) {
		b := Generate(Config{Seed: 3, Spans: 2000, Shape: DeepChain})
		parent := parents(t, b)
		maxDepth := 0
		for i := range parent {
			maxDepth = max(maxDepth, depthOf(parent, i))
		}
		assert.Equal(t, 2000, maxDepth)
	})
	t.Run("deep chains split across traces", func(t *testing.T) {
		b := Generate(Config{Seed: 3, Spans: 10, Traces: 3, Shape: DeepChain})
		parent := parents(t, b)
		var depths []int
		for i := range parent {
			if i+1 == len(parent) || b.Spans[i+1].TraceID != b.Spans[i].TraceID {
				depths = append(depths, depthOf(parent, i))
			}
		}
		assert.Equal(t, []int{4, 3, 3}, depths)
	})
	t.Run("wide fan-out has one parent of all", func(t *testing.T) {
		b := Generate(Config{Seed: 3, Spans: 500, Shape: WideFanout})
		parent := parents(t, b)
		for i := 1; i < len(parent); i++ {
			require.Equal(t, 0, parent[i], "span %d", i)
		}
		overlaps := 0
		for i := 2; i < len(b.Spans); i++ {
			if b.Spans[i].Start < b.Spans[i-1].End {
				overlaps++
			}
		}
		assert.Greater(t, overlaps, 250, "consecutive children overlap (async fan-out)")
	})
	t.Run("balanced parents have 2 to 5 children", func(t *testing.T) {
		b := Generate(Config{Seed: 3, Spans: 3000, Shape: Balanced})
		parent := parents(t, b)
		children := make([]int, len(parent))
		for _, p := range parent {
			if p >= 0 {
				children[p]++
			}
		}
		short := 0
		for i, c := range children {
			if c == 1 {
				short++ // only the last parent, when the budget ran out
			}
			assert.LessOrEqual(t, c, 5, "span %d", i)
		}
		assert.LessOrEqual(t, short, 1)
		maxDepth := 0
		for i := range parent {
			maxDepth = max(maxDepth, depthOf(parent, i))
		}
		// log5(3000) ≈ 5 and log2(3000) ≈ 11.6.
		assert.GreaterOrEqual(t, maxDepth, 5)
		assert.LessOrEqual(t, maxDepth, 12)
	})
	t.Run("agent loop", func(t *testing.T) {
		b := Generate(Config{Seed: 5, Spans: 3000, Traces: 4, Shape: AgentLoop})
		parent := parents(t, b)
		ops := map[string]int{}
		lastChild := map[int]int{} // agent → its last child (by start)
		for i, sp := range b.Spans {
			op, _ := sp.Attrs.Get("gen_ai.operation.name")
			if parent[i] < 0 {
				assert.Equal(t, "invoke_agent", op.Str(), "root %d", i)
				continue
			}
			if pop, _ := b.Spans[parent[i]].Attrs.Get("gen_ai.operation.name"); pop.Str() == "invoke_agent" {
				ops[op.Str()]++
				if l, ok := lastChild[parent[i]]; !ok || b.Spans[l].Start <= sp.Start {
					lastChild[parent[i]] = i
				}
			}
			if op.Str() == "chat" {
				in, ok := sp.Attrs.Get("gen_ai.usage.input_tokens")
				if !ok {
					continue // a failed call reports no usage
				}
				out, _ := sp.Attrs.Get("gen_ai.usage.output_tokens")
				assert.Positive(t, in.Int())
				assert.Positive(t, out.Int())
				if c, ok := sp.Attrs.Get("gen_ai.usage.cache_read.input_tokens"); ok {
					assert.LessOrEqual(t, c.Int(), in.Int(), "cache reads are part of the input")
				}
			}
		}
		assert.Greater(t, ops["chat"], 500)
		assert.Greater(t, ops["execute_tool"], 500)
		assert.Positive(t, ops["invoke_agent"], "sub-agents")
		assert.Len(t, ops, 3, "agents run only chats, tools and sub-agents: %v", ops)
		for a, c := range lastChild {
			fin, _ := b.Spans[c].Attrs.Get("gen_ai.response.finish_reasons")
			assert.Equal(t, "stop", fin.Array()[0].Str(), "agent %d ends with an answer", a)
		}
	})
}

func TestTimesNested(t *testing.T) {
	for _, sh := range allShapes() {
		t.Run(sh.String(), func(t *testing.T) {
			b := Generate(Config{Seed: 9, Spans: 4000, Traces: 5, Shape: sh, EventsEvery: 3, ErrorEvery: 20})
			parent := parents(t, b)
			for i, sp := range b.Spans {
				require.LessOrEqual(t, sp.Start, sp.End, "span %d", i)
				if p := parent[i]; p >= 0 {
					require.GreaterOrEqual(t, sp.Start, b.Spans[p].Start, "span %d starts before its parent", i)
					require.LessOrEqual(t, sp.End, b.Spans[p].End, "span %d ends after its parent", i)
				}
				for _, e := range sp.Events {
					require.True(t, sp.Start <= e.Time && e.Time <= sp.End, "span %d: event outside", i)
				}
			}
		})
	}
}

func TestResourcesAndScopes(t *testing.T) {
	for _, sh := range allShapes() {
		t.Run(sh.String(), func(t *testing.T) {
			b := Generate(Config{Seed: 1, Spans: 2000, Shape: sh, Services: 25})
			require.Len(t, b.Resources, 25)
			used := map[string]bool{}
			for i, sp := range b.Spans {
				require.Equal(t, b.Resources[sp.Resource].Service, sp.Service, "span %d", i)
				require.True(t, sp.Scope >= 0 && int(sp.Scope) < len(b.Scopes), "span %d scope %d", i, sp.Scope)
				require.NotEmpty(t, sp.Name)
				used[sp.Service] = true
			}
			if sh != DeepChain { // a chain crosses few services
				assert.Greater(t, len(used), 1)
			}
			names := map[string]bool{}
			for _, r := range b.Resources {
				assert.False(t, names[r.Service], "duplicate service %s", r.Service)
				names[r.Service] = true
				v, _ := r.Attrs.Get(model.ServiceNameKey)
				assert.Equal(t, r.Service, v.Str())
			}
		})
	}
}

func TestAttrsEventsErrors(t *testing.T) {
	b := Generate(Config{Seed: 2, Spans: 200, Shape: Balanced, AttrsPerSpan: 6, EventsEvery: 1, ErrorEvery: 1})
	wantTypes := []model.ValueType{model.TypeString, model.TypeInt, model.TypeDouble, model.TypeBool, model.TypeArray, model.TypeString}
	for i, sp := range b.Spans {
		for j, typ := range wantTypes {
			v, ok := sp.Attrs.Get("app.attr." + string(rune('0'+j)))
			require.True(t, ok, "span %d lacks app.attr.%d", i, j)
			require.Equal(t, typ, v.Type(), "span %d app.attr.%d", i, j)
		}
		require.Equal(t, model.StatusError, sp.Status.Code, "span %d", i)
		require.NotEmpty(t, sp.Status.Message)
		et, _ := sp.Attrs.Get("error.type")
		require.NotEmpty(t, et.Str())
		require.Len(t, sp.Events, 2, "span %d: the periodic event and the exception", i)
		require.Equal(t, "exception", sp.Events[1].Name)
	}

	b = Generate(Config{Seed: 2, Spans: 300, Shape: AgentLoop})
	for i, sp := range b.Spans {
		require.Empty(t, sp.Events, "span %d", i)
		require.Equal(t, model.StatusUnset, sp.Status.Code, "span %d", i)
	}
}

func TestParseShape(t *testing.T) {
	for _, sh := range allShapes() {
		got, ok := ParseShape(sh.String())
		assert.True(t, ok)
		assert.Equal(t, sh, got)
	}
	_, ok := ParseShape("spiral")
	assert.False(t, ok)
}
