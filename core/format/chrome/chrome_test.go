package chrome

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spanlens/spanlens/core/internal/decode"
	"github.com/spanlens/spanlens/core/internal/decode/decodetest"
	"github.com/spanlens/spanlens/core/model"
)

func decodeChrome(data string, lim decode.Limits) (*model.Batch, error) {
	return testDecode([]byte(data), decode.Options{Format: model.Chrome, Limits: lim})
}

func chromeSample(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "testdata", "chrome", name))
	require.NoError(t, err)
	return data
}

func chromeStr(s string) model.Value { return model.StringValue(s) }

// chromeTree renders each span, in batch order, as
// "name start..end <- parent +event@time ...", with times in ns.
func chromeTree(b *model.Batch) []string {
	names := map[model.SpanID]string{}
	for _, sp := range b.Spans {
		names[sp.ID] = sp.Name
	}
	var out []string
	for _, sp := range b.Spans {
		parent := "-"
		if !sp.ParentID.IsZero() {
			parent = names[sp.ParentID]
		}
		line := fmt.Sprintf("%s %d..%d <- %s", sp.Name, sp.Start, sp.End, parent)
		for _, e := range sp.Events {
			line += fmt.Sprintf(" +%s@%d", e.Name, e.Time)
		}
		out = append(out, line)
	}
	return out
}

func chromeWarnings(b *model.Batch) []string {
	var out []string
	for _, w := range b.Warnings {
		out = append(out, fmt.Sprintf("%d: %s", w.Span, w.Message))
	}
	return out
}

func chromeSpanNamed(t *testing.T, b *model.Batch, name string) *model.Span {
	t.Helper()
	for i := range b.Spans {
		if b.Spans[i].Name == name {
			return &b.Spans[i]
		}
	}
	t.Fatalf("no span named %q", name)
	return nil
}

// TestChromeSamples checks the tree of each hand-written sample. The
// expectations are worked out by hand from the files' timestamps
// (microseconds there, nanoseconds here).
func TestChromeSamples(t *testing.T) {
	tests := []struct {
		file     string
		tree     []string
		warnings []string
	}{
		{
			file: "x-nesting.json",
			tree: []string{
				"main 0..100000 <- -",
				"child-b 50000..80000 <- main",
				"child-a 10000..40000 <- main",
				"grandchild 20000..30000 <- child-a",
				"twin-1 60000..70000 <- child-b",
				"twin-2 60000..70000 <- twin-1", // equal spans: the earlier event is the parent
				"overlap 75000..95000 <- main",  // overlaps child-b without fitting: its sibling
				"zero 100000..100000 <- main",   // ends where main ends: contained
				"fraction 10001..10002 <- child-a",
				"other-thread 20000..30000 <- -",
			},
			warnings: []string{"-1: 1 spans overlap a span on their thread without nesting in it; kept as its siblings"},
		},
		{
			file: "begin-end.json",
			tree: []string{
				"outer 0..30000 <- -",
				"inner 10000..20000 <- outer",
				"leaf 12000..15000 <- inner",
				"never-ends 40000..60000 <- -",
				"last 50000..60000 <- never-ends",
				"late-listed 5000..8000 <- -", // its E comes first in the file, but later in time
			},
			warnings: []string{
				`3: [6] "never-ends" (B event) has no E event; it ends at the last timestamp in the file`,
				"-1: 1 E events had no open B event on their thread; ignored",
			},
		},
		{
			file: "async.json",
			tree: []string{
				"sync 0..10000 <- -",
				"request 0..10000 <- - +headers@5000",
				"dns 1000..3000 <- request", // listed after the n event, but earlier in time
				"request 2000..9000 <- -",   // same id, other category: another track
				"local 0..10000 <- -",       // its e has another pid, and the id is process-local
				"stray 6000..6000 <- -",
			},
			warnings: []string{
				`4: traceEvents[8] "local" (b event) has no e event; it ends at the last timestamp in the file`,
				"-1: 1 e events had no open b event with the same category and id; ignored",
				"-1: 1 n events had no open b event with the same category and id; kept as zero-length spans",
			},
		},
		{
			file: "instants.json",
			tree: []string{
				"frame 0..100000 <- - +frame-edge@100000",
				"paint 10000..30000 <- frame +at-start@10000 +in-paint@15000",
				"outside 150000..150000 <- -",
				"global 20000..20000 <- -",
				"process 20000..20000 <- -",
				"other-thread 20000..20000 <- -",
			},
			warnings: []string{
				`-1: skipped 2 events of phase "C" (counter)`,
				`-1: skipped 1 events of phase "s" (flow)`,
				`-1: skipped 1 events of phase "f" (flow)`,
				`-1: skipped 1 events of phase "R" (mark)`,
			},
		},
		{
			file: "metadata-after.json",
			tree: []string{
				"a 0..10000 <- -",
				"b 0..5000 <- -",
				"c 1000..3000 <- b", // pid "7" and tid "7" are the thread 7 of pid 7
			},
		},
		{
			file: "unterminated.json",
			tree: []string{
				"outer 1000000..1010000 <- -",
				"inner 1002000..1005000 <- outer",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b, err := testDecode(chromeSample(t, tt.file), decode.Options{Format: model.Chrome})
			require.NoError(t, err)
			assert.Equal(t, "chrome", string(b.Format))
			assert.Equal(t, tt.tree, chromeTree(b))
			assert.Equal(t, tt.warnings, chromeWarnings(b))
			checkChromeBatch(t, b)
		})
	}
}

func TestChromeAttributes(t *testing.T) {
	b, err := testDecode(chromeSample(t, "x-nesting.json"), decode.Options{Format: model.Chrome})
	require.NoError(t, err)

	main := chromeSpanNamed(t, b, "main")
	want := model.Attrs{
		{Key: "chrome.category", Value: chromeStr("app")},
		{Key: "thread.id", Value: model.IntValue(1)},
		{Key: "int", Value: model.IntValue(3)},
		{Key: "float", Value: model.DoubleValue(1.5)},
		{Key: "str", Value: chromeStr("s")},
		{Key: "bool", Value: model.BoolValue(true)},
		{Key: "arr", Value: model.ArrayValue(model.IntValue(1), chromeStr("a"))},
		{Key: "obj", Value: model.MapValue(model.Attr{Key: "k", Value: model.MapValue(model.Attr{Key: "deep", Value: model.IntValue(1)})})},
	}
	assert.True(t, model.AttrsEqual(want, main.Attrs), "got %v", main.Attrs)
	assert.Equal(t, "app", main.Service) // process_name comes after the events it names
	assert.Equal(t, model.KindInternal, main.Kind)
	assert.Equal(t, model.StatusUnset, main.Status.Code)
	assert.Equal(t, chromeTraceID, main.TraceID)
	assert.Equal(t, model.SpanID{7: 1}, main.ID)
	assert.Equal(t, int32(-1), main.Scope)

	childB := chromeSpanNamed(t, b, "child-b")
	assert.Equal(t, model.Status{Code: model.StatusError, Message: "boom"}, childB.Status)
	assert.Equal(t, model.SpanID{7: 2}, childB.ID)
	assert.Equal(t, main.ID, childB.ParentID)

	other := chromeSpanNamed(t, b, "other-thread")
	name, _ := other.Attrs.Get("thread.name")
	assert.Equal(t, "worker", name.Str())
	tid, _ := other.Attrs.Get("thread.id")
	assert.Equal(t, int64(2), tid.Int())

	require.Len(t, b.Resources, 1)
	assert.Equal(t, "app", b.Resources[0].Service)
	pid, _ := b.Resources[0].Attrs.Get("process.pid")
	assert.Equal(t, int64(1), pid.Int())

	// B and E args are merged; the async id is kept.
	b, err = testDecode(chromeSample(t, "begin-end.json"), decode.Options{Format: model.Chrome})
	require.NoError(t, err)
	inner := chromeSpanNamed(t, b, "inner")
	assert.Equal(t, []string{"chrome.category", "thread.id", "a", "b"}, chromeKeys(inner.Attrs))
	b, err = testDecode(chromeSample(t, "async.json"), decode.Options{Format: model.Chrome})
	require.NoError(t, err)
	req := chromeSpanNamed(t, b, "request")
	id, _ := req.Attrs.Get("chrome.id")
	assert.Equal(t, "0x1", id.Str())
	assert.Equal(t, "browser", req.Service)
	require.Len(t, req.Events, 1)
	status, _ := req.Events[0].Attrs.Get("status")
	assert.Equal(t, int64(200), status.Int())

	// String pids and tids: services and lanes from metadata written last.
	b, err = testDecode(chromeSample(t, "metadata-after.json"), decode.Options{Format: model.Chrome})
	require.NoError(t, err)
	a, c := chromeSpanNamed(t, b, "a"), chromeSpanNamed(t, b, "c")
	assert.Equal(t, "pid renderer", a.Service)
	tid, _ = a.Attrs.Get("thread.id")
	decodetest.Same(t, chromeStr("main"), tid)
	assert.Equal(t, "browser", c.Service)
	tid, _ = c.Attrs.Get("thread.id")
	assert.Equal(t, model.IntValue(7), tid)
	name, _ = c.Attrs.Get("thread.name")
	assert.Equal(t, "CrBrowserMain", name.Str())
	require.Len(t, b.Resources, 2)
	pid, _ = b.Resources[0].Attrs.Get("process.pid")
	decodetest.Same(t, chromeStr("renderer"), pid)
}

func chromeKeys(attrs model.Attrs) []string {
	var keys []string
	for _, a := range attrs {
		keys = append(keys, a.Key)
	}
	return keys
}

// TestChromeNode checks a real trace written by Node.js 20
// (node --trace-event-categories v8,node,node.async_hooks): fs calls as
// B/E pairs, timers and microtasks as X, async_hooks resources as b/e
// whose callbacks reuse the resource's id, metadata at the end.
func TestChromeNode(t *testing.T) {
	b, err := testDecode(chromeSample(t, "node-fs-timers.json"), decode.Options{Format: model.Chrome})
	require.NoError(t, err)
	checkChromeBatch(t, b)
	// 16 X, 15 B, 21 b, and 6 I events that no span contains.
	assert.Len(t, b.Spans, 16+15+21+6)

	tree := chromeTree(b)
	for _, want := range []string{
		// the second RunTimers holds the fs calls, a GC and a deopt
		"RunTimers 5678917778000..5678928532000 <- -",
		"fs.sync.read 5678918184000..5678918196000 <- RunTimers",
		"MinorGC 5678919919000..5678928107000 <- RunTimers",
		"V8.GCScavenger 5678919930000..5678927996000 <- MinorGC",
		"V8.DeoptimizeCode 5678928330000..5678928346000 <- RunTimers",
		// X inside X
		"RunCleanup 5678929000000..5678929071000 <- RunCleanup",
		// async callbacks nest in the resource with the same id
		"Timeout_CALLBACK 5678912321000..5678912386000 <- Timeout",
		"PROMISE_CALLBACK 5678912495000..5678917672000 <- PROMISE",
		// instants outside any span become zero-length spans
		"nodeStart 5678786511000..5678786511000 <- -",
		// never destroyed: ends at the file's last timestamp (Environment's e)
		"PROMISE 5678905911000..5678929136000 <- -",
	} {
		assert.Contains(t, tree, want)
	}
	roots := 0
	for _, sp := range b.Spans {
		if sp.ParentID.IsZero() {
			roots++
		}
		assert.Equal(t, "node", sp.Service)
	}
	assert.Equal(t, 35, roots)

	read := chromeSpanNamed(t, b, "MinorGC")
	assert.Equal(t, []string{"chrome.category", "thread.id", "thread.name", "usedHeapSizeBefore", "type", "usedHeapSizeAfter"}, chromeKeys(read.Attrs))
	name, _ := read.Attrs.Get("thread.name")
	assert.Equal(t, "JavaScriptMainThread", name.Str())

	require.Len(t, b.Warnings, 6)
	for _, w := range b.Warnings {
		assert.Equal(t, "PROMISE", b.Spans[w.Span].Name)
		assert.Contains(t, w.Message, "has no e event")
	}
}

func TestChromeTimestamps(t *testing.T) {
	tests := []struct {
		in   string
		want int64
	}{
		{`1`, 1000},
		{`1.5`, 1500},
		{`0.0004`, 0},
		{`0.0005`, 1}, // half a nanosecond rounds away from zero
		{`-0.0005`, -1},
		{`1.2345678`, 1235},
		{`"2.5"`, 2500},
		{`1e3`, 1_000_000},
		{`1.5E-3`, 2},
		// float64 cannot hold this many digits; the decimal path keeps them
		{`1700000000123456.789`, 1700000000123456789},
		{`9223372036854775.807`, 9223372036854775807},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			b, err := decodeChrome(`[{"ph":"X","name":"x","ts":`+tt.in+`}]`, decode.Limits{})
			require.NoError(t, err)
			require.Len(t, b.Spans, 1)
			assert.Equal(t, tt.want, b.Spans[0].Start)
		})
	}
}

func TestChromeErrors(t *testing.T) {
	tests := []struct {
		name, in, err string
	}{
		{"ts not a number", `{"traceEvents":[{"ph":"X"},{"ph":"X","ts":"x"}]}`, `ingest: chrome: traceEvents[1].ts: want a number, got "x"`},
		{"ts a bool", `[{"ph":"X","ts":true}]`, `ingest: chrome: [0].ts: want number, got boolean`},
		{"ts too large", `[{"ph":"X","ts":9223372036854775.808}]`, `ingest: chrome: [0].ts: want a number, got "9223372036854775.808"`},
		{"fractional pid", `[{"ph":"X","pid":1.5}]`, `ingest: chrome: [0].pid: want an integer, got "1.5"`},
		{"object id", `[{"ph":"b","id":{}}]`, `ingest: chrome: [0].id: want an id (string or number), got object`},
		{"name a number", `[{"ph":"X","name":3}]`, `ingest: chrome: [0].name: want string, got number`},
		{"bad arg", `[{"ph":"X","args":{"a":[1,tru]}}]`, `ingest: chrome: [0].args.a[1]: want boolean, got "tru]}}]"`},
		{"event not an object", `[{"ph":"X"},3]`, `ingest: chrome: [1]: want object, got number`},
		{"truncated event", `[{"ph":"X","ts":1`, `ingest: chrome: [0].ts: want ',' or '}', got end of input (truncated?)`},
		{"no traceEvents", `{"events":[]}`, `ingest: chrome: no "traceEvents" member: not a Chrome trace-event object`},
		{"scalar", `"x"`, `ingest: chrome: offset 0: want an array of trace events or an object with "traceEvents", got string`},
		{"empty", ``, `ingest: chrome: offset 0: want an array of trace events or an object with "traceEvents", got end of input`},
		{"unclosed object form", `{"traceEvents":[{"ph":"X"}`, `ingest: chrome: traceEvents[0]: want ',' or ']', got end of input (truncated?)`},
		{"trailing garbage", `[] x`, `ingest: chrome: offset 3: unexpected "x" after the top-level value`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := decodeChrome(tt.in, decode.Limits{})
			require.EqualError(t, err, tt.err)
		})
	}
}

func TestChromeLimits(t *testing.T) {
	tests := []struct {
		name, in string
		lim      decode.Limits
		err      string
	}{
		{"spans", `[{"ph":"X"},{"ph":"i"},{"ph":"B"},{"ph":"b"}]`, decode.Limits{MaxSpans: 2},
			"ingest: chrome: [3]: input exceeds Limits.MaxSpans (2); raise the limit to accept it"},
		{"instant spans", `[{"ph":"X"},{"ph":"i","ts":5}]`, decode.Limits{MaxSpans: 1},
			"ingest: chrome: input exceeds Limits.MaxSpans (1); raise the limit to accept it"},
		{"events", `[{"ph":"X","dur":9},{"ph":"i","ts":1},{"ph":"i","ts":2}]`, decode.Limits{MaxEventsPerSpan: 1},
			"ingest: chrome: [2]: input exceeds Limits.MaxEventsPerSpan (1); raise the limit to accept it"},
		{"async events", `[{"ph":"b","id":1},{"ph":"n","id":1},{"ph":"n","id":1}]`, decode.Limits{MaxEventsPerSpan: 1},
			"ingest: chrome: [2]: input exceeds Limits.MaxEventsPerSpan (1); raise the limit to accept it"},
		{"args", `[{"ph":"X","args":{"a":1,"b":2,"c":3}}]`, decode.Limits{MaxAttrsPerSpan: 2},
			"ingest: chrome: [0].args.c: input exceeds Limits.MaxAttrsPerSpan (2); raise the limit to accept it"},
		{"args with ours", `[{"ph":"X","cat":"c","args":{"a":1}}]`, decode.Limits{MaxAttrsPerSpan: 2},
			"ingest: chrome: [0]: input exceeds Limits.MaxAttrsPerSpan (2); raise the limit to accept it"},
		{"value", `[{"ph":"X","args":{"a":"12345"}}]`, decode.Limits{MaxAttrValueBytes: 4},
			"ingest: chrome: [0].args.a: input exceeds Limits.MaxAttrValueBytes (4); raise the limit to accept it"},
		{"depth", `[{"ph":"X","args":{"a":[[1]]}}]`, decode.Limits{MaxDepth: 4},
			"ingest: chrome: [0].args.a[0]: nesting deeper than 4 levels (raise Limits.MaxDepth)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := decodeChrome(tt.in, tt.lim)
			require.EqualError(t, err, tt.err)
			if !strings.Contains(tt.name, "depth") {
				var le *decode.LimitError
				require.True(t, errors.As(err, &le))
			}
		})
	}
}

// TestChromeEdgeCases covers inputs that decode with warnings.
func TestChromeEdgeCases(t *testing.T) {
	tests := []struct {
		name, in string
		tree     []string
		warnings []string
	}{
		{"empty array", `[]`, nil, nil},
		{"empty object form", `{"traceEvents":[]}`, nil, nil},
		{"null events", `{"traceEvents":null}`, nil, nil},
		{"unterminated without comma", `[{"ph":"X","name":"a","dur":1}`, []string{"a 0..1000 <- -"}, nil},
		{"unterminated bracket only", `[`, nil, nil},
		{"negative dur", `[{"ph":"X","name":"a","ts":5,"dur":-1}]`, []string{"a 5000..5000 <- -"},
			[]string{"-1: 1 X events had a negative dur; read as 0"}},
		{"no phase", `[{"name":"a"},null,{}]`, nil, []string{`-1: skipped 1 events of phase "" (no phase)`}},
		{"unknown phase", `[{"ph":"Q"},{"ph":"Q"}]`, nil, []string{`-1: skipped 2 events of phase "Q" (unknown phase)`}},
		{"E closes the innermost B", `[{"ph":"B","name":"a","ts":0},{"ph":"B","name":"b","ts":1},{"ph":"E","ts":2},{"ph":"E","ts":3}]`,
			[]string{"a 0..3000 <- -", "b 1000..2000 <- a"}, nil},
		{"B unclosed ends at last X end", `[{"ph":"B","name":"a","ts":0},{"ph":"X","name":"x","ts":1,"dur":8}]`,
			[]string{"a 0..9000 <- -", "x 1000..9000 <- a"},
			[]string{`0: [0] "a" (B event) has no E event; it ends at the last timestamp in the file`}},
		{"args error false", `[{"ph":"X","name":"a","args":{"error":false}}]`, []string{"a 0..0 <- -"}, nil},
		{"pid 12 and \"12\" agree", `[{"ph":"X","name":"a","dur":5,"pid":12,"tid":1},{"ph":"X","name":"b","ts":1,"dur":1,"pid":"12","tid":"1"}]`,
			[]string{"a 0..5000 <- -", "b 1000..2000 <- a"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := decodeChrome(tt.in, decode.Limits{})
			require.NoError(t, err)
			assert.Equal(t, tt.tree, chromeTree(b))
			assert.Equal(t, tt.warnings, chromeWarnings(b))
		})
	}
}

func TestChromeSkippedPhasesBounded(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("[")
	for i := range 40 {
		if i > 0 {
			sb.WriteString(",")
		}
		fmt.Fprintf(&sb, `{"ph":"Z%d"}`, i)
	}
	sb.WriteString("]")
	b, err := decodeChrome(sb.String(), decode.Limits{})
	require.NoError(t, err)
	require.Len(t, b.Warnings, 33)
	assert.Equal(t, `skipped 1 events of phase "Z0" (unknown phase)`, b.Warnings[0].Message)
	assert.Equal(t, `skipped 1 events of phase "Z31" (unknown phase)`, b.Warnings[31].Message)
	assert.Equal(t, "skipped 8 events of other unknown phases", b.Warnings[32].Message)
}

// checkChromeBatch checks what holds for every decoded Chrome trace: ids
// are 1, 2, 3, ... in order; parents exist; a sync span's parent contains
// it; events are sorted.
func checkChromeBatch(t *testing.T, b *model.Batch) {
	t.Helper()
	byID := map[model.SpanID]int{}
	for i, sp := range b.Spans {
		require.True(t, sp.Resource >= 0 && int(sp.Resource) < len(b.Resources), "span %d: resource %d", i, sp.Resource)
		require.Equal(t, b.Resources[sp.Resource].Service, sp.Service)
		require.Equal(t, int32(-1), sp.Scope)
		require.Equal(t, chromeSpanID(int32(i)), sp.ID)
		require.Equal(t, chromeTraceID, sp.TraceID)
		byID[sp.ID] = i
	}
	for i, sp := range b.Spans {
		require.LessOrEqual(t, sp.Start, sp.End, "span %d", i)
		for j := 1; j < len(sp.Events); j++ {
			require.LessOrEqual(t, sp.Events[j-1].Time, sp.Events[j].Time, "span %d events", i)
		}
		if sp.ParentID.IsZero() {
			continue
		}
		p, ok := byID[sp.ParentID]
		require.True(t, ok, "span %d: parent %s missing", i, sp.ParentID)
		require.NotEqual(t, i, p)
		if _, async := sp.Attrs.Get("chrome.id"); !async {
			parent := b.Spans[p]
			require.True(t, parent.Start <= sp.Start && sp.End <= parent.End, "span %d not inside its parent %d", i, p)
		}
	}
}

func FuzzChrome(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("..", "..", "..", "testdata", "chrome", "*"))
	require.NoError(f, err)
	require.NotEmpty(f, files)
	for _, name := range files {
		data, err := os.ReadFile(name)
		require.NoError(f, err)
		f.Add(data)
	}
	f.Add([]byte(`[{"ph":"B","ts":1e300},{"ph":"X","ts":-9223372036854775,"dur":9223372036854775}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if b := decodetest.Check(t, testDecode, data, model.Chrome, decodetest.FuzzLimits); b != nil {
			checkChromeBatch(t, b)
		}
	})
}

// genChrome writes n events the way profilers do: nested X calls on four
// threads, B/E pairs, async b/n/e and instants, with args.
func genChrome(n int) []byte {
	var sb strings.Builder
	sb.WriteString(`{"traceEvents":[`)
	ts := int64(1_700_000_000_000_000)
	for i := 0; i < n; i++ {
		if i > 0 {
			sb.WriteString(",\n")
		}
		tid := 1 + (i/20)%4
		ts += 7
		switch k := i % 20; {
		case k < 12:
			fmt.Fprintf(&sb, `{"pid":1,"tid":%d,"ts":%d.%03d,"ph":"X","cat":"v8,devtools.timeline","name":"FunctionCall","dur":%d.5,"tdur":3,"args":{"data":{"functionName":"f%d","url":"https://example.com/app.js","lineNumber":%d}}}`,
				tid, ts, (i/20)%1000, 100-k*7, i%50, i%300)
		case k == 12:
			fmt.Fprintf(&sb, `{"pid":1,"tid":%d,"ts":%d,"ph":"B","cat":"node,node.fs,node.fs.sync","name":"fs.sync.read","args":{}}`, tid, ts)
		case k == 13:
			fmt.Fprintf(&sb, `{"pid":1,"tid":%d,"ts":%d,"ph":"E","cat":"node,node.fs,node.fs.sync","name":"fs.sync.read","args":{"bytesRead":%d}}`, tid, ts, i)
		case k == 14:
			fmt.Fprintf(&sb, `{"pid":1,"tid":%d,"ts":%d,"ph":"b","cat":"node,node.async_hooks","name":"PROMISE","id":"0x%x","args":{"data":{"triggerAsyncId":%d,"executionAsyncId":1}}}`, tid, ts, i/20, i)
		case k == 15:
			fmt.Fprintf(&sb, `{"pid":1,"tid":%d,"ts":%d,"ph":"n","cat":"node,node.async_hooks","name":"resolve","id":"0x%x","args":{}}`, tid, ts, i/20)
		case k == 16:
			fmt.Fprintf(&sb, `{"pid":1,"tid":%d,"ts":%d,"ph":"e","cat":"node,node.async_hooks","name":"PROMISE","id":"0x%x","args":{}}`, tid, ts, i/20)
		default:
			fmt.Fprintf(&sb, `{"pid":1,"tid":%d,"ts":%d,"ph":"i","cat":"blink","name":"Mark","s":"t","args":{"frame":%d}}`, tid, ts, i)
		}
	}
	sb.WriteString(`,{"name":"process_name","ph":"M","pid":1,"args":{"name":"bench"}}]}`)
	return []byte(sb.String())
}

func BenchmarkDecodeChrome(b *testing.B) {
	data := genChrome(10_000)
	batch, err := testDecode(data, decode.Options{Format: model.Chrome})
	require.NoError(b, err)
	require.Empty(b, batch.Warnings)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := testDecode(data, decode.Options{Format: model.Chrome}); err != nil {
			b.Fatal(err)
		}
	}
}
