package engine

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spanlens/spanlens"
	"github.com/spanlens/spanlens/core/internal/structjson"
)

// TestResultsAsEncodingJSON: every command's JSON result, written by
// structjson, reads back as what encoding/json writes for it, on an agent
// trace whose summary has usage, costs, roles and models.
func TestResultsAsEncodingJSON(t *testing.T) {
	e := New(Config{})
	data, err := os.ReadFile("../../testdata/otlp-json/genai-agent.json")
	require.NoError(t, err)
	h, _, err := e.Load(data, spanlens.Options{})
	require.NoError(t, err)
	for _, r := range []struct {
		cmd  string
		args string
	}{
		{"traces", ``}, {"tree", ``}, {"span", `{"index": 1}`}, {"names", ``},
		{"layout", `{"t0": 0, "t1": 1e9, "width": 800, "rows": 20, "critical": [0]}`},
		{"layout", `{"view": "flame", "t0": 0, "t1": 1e9, "width": 800, "rows": 20}`},
		{"overview", `{"columns": 10}`}, {"svg", ``}, {"convert", `{"to": "zipkin"}`},
		{"criticalPath", `{"trace": 0}`}, {"summary", ``}, {"errors", ``},
		{"agentGraph", ``}, {"search", `{"query": "llm"}`}, {"compare", `{"other": 1}`},
	} {
		res, err := e.Do(&Request{Cmd: r.cmd, Handle: h, Args: structjson.RawMessage(r.args)}, nil)
		require.NoError(t, err, r.cmd)
		got, err := structjson.Append(nil, res.JSON)
		require.NoError(t, err, r.cmd)
		want, err := json.Marshal(res.JSON)
		require.NoError(t, err, r.cmd)
		var g, w any
		require.NoError(t, json.Unmarshal(got, &g), "%s: %s", r.cmd, got)
		require.NoError(t, json.Unmarshal(want, &w))
		assert.Equal(t, w, g, r.cmd)
		assert.Greater(t, len(got), 2, r.cmd)
	}
}
