package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spanlens/spanlens/core/ingest"
)

// run runs the CLI with args and stdin, returning exit status and output.
func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	c := &cli{stdout: &out, stderr: &errOut, stdin: strings.NewReader(stdin)}
	code := c.main(args)
	return code, out.String(), errOut.String()
}

func TestCommands(t *testing.T) {
	const hotrod = "../../testdata/jaeger/hotrod.json"
	code, out, _ := run(t, "", "tree", "--color", "never", hotrod)
	require.Equal(t, 0, code)
	assert.True(t, strings.HasPrefix(out, "trace 3f8a3c2b1d4e5f60718293a4b5c6d7e8\n/dispatch [http]  713ms\n"), out)
	assert.Contains(t, out, "── 14 spans · 713ms wall clock · 1 error\n")

	code, out, _ = run(t, "", "search", "--json", "status:error", hotrod)
	require.Equal(t, 0, code)
	var hits []spanNode
	require.NoError(t, json.Unmarshal([]byte(out), &hits))
	require.Len(t, hits, 1)
	assert.Equal(t, "GetDriver", hits[0].Name)
	assert.Equal(t, "redis-manual", hits[0].Service)

	// convert writes a file that decodes, in the requested format, to the
	// same number of spans.
	code, out, _ = run(t, "", "convert", "--to", "zipkin", hotrod)
	require.Equal(t, 0, code)
	b, err := ingest.Decode([]byte(out), ingest.Options{})
	require.NoError(t, err)
	assert.Equal(t, "zipkin", string(b.Format))
	assert.Len(t, b.Spans, 14)

	// otlp-proto is binary: the bytes written must reach the output as
	// they are.
	code, out, _ = run(t, "", "convert", "--to", "otlp-proto", hotrod)
	require.Equal(t, 0, code)
	b, err = ingest.Decode([]byte(out), ingest.Options{})
	require.NoError(t, err)
	assert.Equal(t, "otlp-proto", string(b.Format))
	assert.Len(t, b.Spans, 14)

	code, out, _ = run(t, "", "svg", "--view", "flame", hotrod)
	require.Equal(t, 0, code)
	assert.True(t, strings.HasPrefix(out, "<svg "))

	code, out, _ = run(t, "", "summary", "--json", "../../testdata/spanforge/multi_agent.jsonl")
	require.Equal(t, 0, code)
	var sum struct {
		Spans int `json:"spans"`
		Usage struct {
			Input  int64 `json:"input"`
			Output int64 `json:"output"`
		} `json:"usage"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &sum))
	assert.Equal(t, 5, sum.Spans)
	assert.Equal(t, int64(900), sum.Usage.Input)
	assert.Equal(t, int64(450), sum.Usage.Output)
}

func TestStdinAndFormat(t *testing.T) {
	code, out, _ := run(t, `[{"traceId":"1","id":"2","name":"get","timestamp":1000,"duration":5000,"localEndpoint":{"serviceName":"web"}}]`, "tree", "--format", "zipkin", "-")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "get [other]  5.0ms") // Zipkin times are µs: 5000µs
}

func TestBadInput(t *testing.T) {
	for _, tt := range []struct {
		name   string
		stdin  string
		args   []string
		code   int
		stderr string
	}{
		{"malformed", `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"xyz"}]}]}]}`, []string{"tree"}, 1,
			"spanlens tree: ingest: otlp-json: resourceSpans[0].scopeSpans[0].spans[0].traceId: want 32 hex chars or base64 of 16 bytes, got \"xyz\"\n"},
		{"unknown format", "hello", []string{"summary"}, 1, "spanlens summary: " + ingest.ErrUnknownFormat.Error() + "\n"},
		{"too many spans", "", []string{"tree", "--max-spans", "3", "../../testdata/jaeger/hotrod.json"}, 1,
			"spanlens tree: ../../testdata/jaeger/hotrod.json: ingest: jaeger: input exceeds --max-spans (3); raise the limit to accept it\n"},
		{"string too long", "", []string{"tree", "--max-attr-value-bytes", "5", "../../testdata/jaeger/hotrod.json"}, 1,
			"spanlens tree: ../../testdata/jaeger/hotrod.json: ingest: jaeger: data[0].spans[0].operationName: input exceeds --max-attr-value-bytes (5); raise the limit to accept it\n"},
		{"bad limit value", "", []string{"tree", "--max-depth", "-1", "../../testdata/jaeger/hotrod.json"}, 2,
			"invalid value \"-1\" for flag -max-depth: want a whole number above 0\n"},
		{"missing file", "", []string{"tree", "nope.json"}, 1, "spanlens tree: open nope.json: no such file or directory\n"},
		{"bad query", "", []string{"search", "duration>", "../../testdata/jaeger/hotrod.json"}, 1, "spanlens search: query: col 10: want a value after \"duration>\"\n"},
		{"unknown command", "", []string{"frobnicate"}, 2, "spanlens: unknown command \"frobnicate\"\n"},
		{"flag the command does not take", "", []string{"svg", "--json", "../../testdata/jaeger/hotrod.json"}, 2, "flag provided but not defined: -json\n"},
		{"width out of range", "", []string{"svg", "--width", "10", "../../testdata/jaeger/hotrod.json"}, 1,
			"spanlens svg: --width 10 out of range (want 0 for the default 1200, or 300..20000 px)\n"},
		{"max-rows out of range", "", []string{"svg", "--max-rows", "100000", "../../testdata/jaeger/hotrod.json"}, 1,
			"spanlens svg: --max-rows 100000 out of range"},
		{"bad --to", "", []string{"convert", "--to", "xml", "../../testdata/jaeger/hotrod.json"}, 2, "spanlens convert: --to must be one of [otlp-json otlp-proto jaeger zipkin chrome]\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := run(t, tt.stdin, tt.args...)
			assert.Equal(t, tt.code, code)
			assert.True(t, strings.HasPrefix(stderr, tt.stderr), "stderr: %q", stderr)
		})
	}
}
