package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The hand-made sample: checkout (shop, 0–100 ms) calls charge (payments,
// 10–40 ms, an exception) and GET /stock (shop, 50–90 ms, HTTP 503); an
// orphaned retry (worker, 110–150 ms) runs db.query (120–140 ms, ok).
const agree = "../../testdata/otlp-json/exception-multiroot.json"

func TestSummaryText(t *testing.T) {
	code, out, _ := run(t, "", "summary", agree)
	require.Equal(t, 0, code)
	for _, line := range []string{
		"otlp-json · 1 trace · 5 spans · 2 errors\n",
		// self: checkout 100-30-40 = 30 ms, plus GET /stock's 40.
		"shop      2      1       140ms  70ms",
		"worker    2      0       60ms   40ms",
		"payments  1      1       30ms   30ms",
		"shop checkout    1      0       100ms  30ms",
	} {
		assert.Contains(t, out, line)
	}
	// No cost came from the price table, so its date is not news.
	assert.NotContains(t, out, "prices as of")

	// spanforge events carry their cost; the OTel GenAI sample has only
	// tokens, priced from the table.
	code, out, _ = run(t, "", "summary", "../../testdata/spanforge/multi_agent.jsonl")
	require.Equal(t, 0, code)
	assert.NotContains(t, out, "prices as of")
	code, out, _ = run(t, "", "summary", "../../testdata/otlp-json/genai-agent.json")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "\nprices as of ")
}

func TestCriticalPathText(t *testing.T) {
	code, out, _ := run(t, "", "critical-path", agree)
	require.Equal(t, 0, code)
	// 10+30+10+40+10 in the checkout, 10+20+10 in the retry: 140 of 150.
	want := `trace 5b8efff798038103… · critical path 140ms of 150ms wall clock, from the start of checkout
AT      FOR   SERVICE   SPAN
+0      10ms  shop      checkout
+10ms   30ms  payments  charge
+40ms   10ms  shop      checkout
+50ms   40ms  shop      GET /stock
+90ms   10ms  shop      checkout
+110ms  10ms  worker    retry
+120ms  20ms  worker    db.query
+140ms  10ms  worker    retry
`
	assert.Equal(t, want, out)
}

func TestErrorsText(t *testing.T) {
	code, out, _ := run(t, "", "errors", agree)
	require.Equal(t, 0, code)
	want := `payments: charge (origin)
  CardDeclined: card declined
  path: checkout → charge
shop: GET /stock (origin)
  path: checkout → GET /stock
`
	assert.Equal(t, want, out)

	// shared_rpc.json has no error tag, status or exception anywhere.
	code, out, _ = run(t, "", "errors", "../../testdata/zipkin/shared_rpc.json")
	require.Equal(t, 0, code)
	assert.Equal(t, "no errors\n", out)
}

func TestTimelineText(t *testing.T) {
	code, out, _ := run(t, "", "timeline", "--color", "never", agree)
	require.Equal(t, 0, code)
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	require.Len(t, lines, 7) // the axis line, five spans and the legend
	assert.Equal(t, "+ ok  x error  ? status unset", lines[6])
	assert.True(t, strings.HasPrefix(lines[0], "trace 5b8efff798038103d269b633813fc60c"))
	// Failed spans are marked x, the ok one +, unset ones ?.
	for k, prefix := range []string{"? checkout", " x charge", " x GET /stock", "? retry", " + db.query"} {
		assert.True(t, strings.HasPrefix(lines[k+1], prefix), "line %d: %q", k+1, lines[k+1])
	}
	// checkout's bar covers 100 of 150 ms; retry's ends at the right edge.
	assert.True(t, strings.HasSuffix(lines[4], "█|"), lines[4])
}

func TestDiff(t *testing.T) {
	data, err := os.ReadFile(agree)
	require.NoError(t, err)
	// B: GET /stock ends at 120 ms instead of 90.
	b := filepath.Join(t.TempDir(), "b.json")
	require.NoError(t, os.WriteFile(b, []byte(strings.Replace(string(data), "1700000000090000000", "1700000000120000000", 1)), 0o644))
	code, out, _ := run(t, "", "diff", agree, b)
	require.Equal(t, 0, code)
	assert.Contains(t, out, "A: 150ms, 5 spans")
	assert.Contains(t, out, "5 spans matched, 0 removed, 0 added\n")
	lines := strings.Split(out, "\n")
	var stock string
	for _, l := range lines {
		if strings.HasPrefix(l, "shop GET /stock") {
			stock = l
		}
	}
	assert.Regexp(t, `^shop GET /stock +1→1 +40ms→70ms +\+30ms `, stock)
	// The largest change comes first.
	assert.True(t, strings.HasPrefix(lines[5], "shop GET /stock"), lines[5])
}

func TestGraph(t *testing.T) {
	code, out, _ := run(t, "", "graph", "--color", "never", agree)
	require.Equal(t, 0, code)
	want := `checkout  other · shop · 1 call · 100ms
├── charge  other · payments · 1 call · 30ms · 1 error
└── GET /stock  other · shop · 1 call · 40ms · 1 error
retry  other · worker · 1 call · 40ms
└── db.query  other · worker · 1 call · 20ms
`
	assert.Equal(t, want, out)

	code, out, _ = run(t, "", "graph", "--as", "mermaid", agree)
	require.Equal(t, 0, code)
	assert.Contains(t, out, "  n3 -->|1| n4\n")

	code, _, stderr := run(t, "", "graph", "--as", "png", agree)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, `--as "png": want text, mermaid or dot`)
}

func TestSVGFootnoteNamesTheFlag(t *testing.T) {
	// hotrod has 14 spans: with 5 rows drawn, 9 are not, and the note
	// says which flag draws more.
	code, out, _ := run(t, "", "svg", "--max-rows", "5", "../../testdata/jaeger/hotrod.json")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "… 9 more spans not drawn (raise --max-rows, or use the flame view)")
}

func TestTreeDepthAndLines(t *testing.T) {
	code, out, _ := run(t, "", "tree", "--color", "never", "--depth", "1", agree)
	require.Equal(t, 0, code)
	assert.Contains(t, out, "checkout [other]  100ms  (+2 below)\nretry [other]  40ms  ⚠ orphan: parent ffffffffffffff99 missing  (+1 below)\n")

	code, out, _ = run(t, "", "tree", "--color", "never", "--max-lines", "2", agree)
	require.Equal(t, 0, code)
	assert.Contains(t, out, "… 3 more spans not shown (raise --max-lines or use --all to see them)\n")

	code, out, _ = run(t, "", "tree", "--color", "never", "--max-lines", "2", "--all", agree)
	require.Equal(t, 0, code)
	assert.NotContains(t, out, "not shown")
}

func TestSummaryTop(t *testing.T) {
	code, out, _ := run(t, "", "summary", "--top", "1", agree)
	require.Equal(t, 0, code)
	// services: shop, then worker and payments cut; operations: 5, 4 cut.
	assert.Regexp(t, `\nshop +2 +1 +140ms[^\n]*\n… 2 more \(--top N or --all\)\n`, out)
	assert.Contains(t, out, "… 4 more (--top N or --all)\n")
	code, out, _ = run(t, "", "summary", "--top", "1", "--all", agree)
	require.Equal(t, 0, code)
	assert.NotContains(t, out, "more (--top")
}

// A trace can name its spans with terminal escapes (OSC 52 writes the
// clipboard, OSC 0 the window title); no text command passes them on.
func TestTextOutputEscapesControls(t *testing.T) {
	// JSON-escaped, as a file would carry them.
	const evil = `\u001b]52;c;aGk=\u0007\u001b]0;owned\u0007\u202e\u009b`
	trace := `[{"traceId":"1","id":"1","name":"root` + evil + `","timestamp":1000,"duration":5000,"localEndpoint":{"serviceName":"svc` + evil + `"}},` +
		`{"traceId":"1","id":"2","parentId":"1","name":"child` + evil + `","timestamp":2000,"duration":1000,"localEndpoint":{"serviceName":"svc"},"tags":{"error":"boom` + evil + `"}}]`
	dir := t.TempDir()
	a := filepath.Join(dir, "a.json")
	require.NoError(t, os.WriteFile(a, []byte(trace), 0o644))
	for _, args := range [][]string{
		{"tree", "--color", "never", a}, {"timeline", "--color", "never", a}, {"summary", a}, {"errors", a},
		{"critical-path", a}, {"search", "status:error", a}, {"graph", "--color", "never", a}, {"diff", a, a},
	} {
		code, out, stderr := run(t, "", args...)
		require.Equal(t, 0, code, "%v: %s", args, stderr)
		for _, bad := range []string{"\x1b", "\x07", "\u202e", "\u009b"} {
			assert.NotContains(t, out, bad, "%v", args)
		}
		assert.Contains(t, out, `\x1b]52;c;aGk=\x07`, "%v shows the escape as text", args)
	}
}
