package engine

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/spanlens/spanlens"
	"github.com/spanlens/spanlens/core/internal/comparetest"
	"github.com/spanlens/spanlens/core/layout"
	"github.com/spanlens/spanlens/core/render/svg"
)

// commandNames returns the command table in a fixed order, so that a
// corpus entry's command number means the same command from run to run.
// (A function: the table is filled by init, after package variables.)
func commandNames() []string {
	names := make([]string, 0, len(commands))
	for name := range commands {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// fuzzSamples are the small samples FuzzCommand starts from: one per
// decoder family, each under 2.5 KB so an execution stays cheap.
var fuzzSamples = []string{
	"zipkin/shared_rpc.json", "chrome/async.json", "spanforge/saved_trace.jsonl",
	"otlp-json/tempo-v2-partial.json", "mamba/propagated.json", "tutorial/example_usage.json",
}

// cmdArgs are the fuzzed numbers and strings FuzzCommand builds a
// command's arguments from.
type cmdArgs struct {
	x          [5]float64
	i0, i1, i2 int64
	s          string
	bits       uint16
}

// jnum makes x encodable as JSON (which has no NaN or infinities) while
// keeping it extreme: NaN and the infinities become ±1e308.
func jnum(x float64) float64 {
	switch {
	case math.IsNaN(x) || math.IsInf(x, -1):
		return -1e308
	case math.IsInf(x, 1):
		return 1e308
	}
	return x
}

// small maps i into -1..n-1 unless raw is set: most fuzzed integers are
// out of any range, and a trace or span index must hit a valid one often.
func small(i int64, n int, raw bool) int64 {
	if raw || n <= 0 {
		return i
	}
	return (i%int64(n+1)+int64(n+1))%int64(n+1) - 1
}

func (a cmdArgs) bit(k uint) bool { return a.bits&(1<<k) != 0 }

// pick returns one of choices, or s for the last slot.
func (a cmdArgs) pick(k uint, choices ...string) string {
	n := uint16(len(choices) + 1)
	if c := (a.bits >> k) % n; int(c) < len(choices) {
		return choices[c]
	}
	return a.s
}

// build returns the args object for cmd. spans and traces are the loaded
// document's counts, so that indexes land in range often enough.
func (a cmdArgs) build(cmd string, spans, traces int) map[string]any {
	raw := a.bit(15)
	x := func(k int) float64 { return jnum(a.x[k]) }
	switch cmd {
	case "layout":
		m := map[string]any{
			"view": a.pick(0, "waterfall", "flame", ""), "trace": small(a.i0, traces, raw),
			"t0": x(0), "t1": x(1), "width": x(2), "rows": small(a.i1, 64, raw), "firstRow": small(a.i2, 16, raw),
		}
		if a.bit(2) {
			m["minBarPx"] = x(3)
		}
		if a.bit(3) {
			m["tickGap"] = x(4)
		}
		if a.bit(4) {
			sel := small(a.i2, spans, raw)
			m["selected"], m["collapsed"], m["critical"], m["match"] = sel, []int64{sel}, []int64{sel, 0}, []int64{small(a.i0, spans, raw)}
		}
		return m
	case "overview":
		if raw {
			return map[string]any{"columns": a.i0}
		}
		return map[string]any{"columns": a.i0 % (2 * layout.MaxColumns)}
	case "svg":
		m := map[string]any{
			"view": a.pick(0, "waterfall", "flame", ""), "theme": a.pick(2, "light", "dark", ""),
			"trace": small(a.i0, traces, raw), "criticalPath": a.bit(4), "title": a.s,
		}
		if raw {
			m["width"], m["maxRows"] = a.i1, a.i2
		} else {
			m["width"], m["maxRows"] = a.i1%(2*svg.MaxWidth), a.i2%(2*svg.MaxRowsLimit)
		}
		return m
	case "search":
		return map[string]any{"query": a.s}
	case "compare":
		other := int64(1 + a.bits>>5%2) // the document itself or the second one
		if raw {
			other = a.i1
		}
		return map[string]any{"other": other, "trace": small(a.i0, traces, raw), "otherTrace": small(a.i2, 1, raw)}
	case "criticalPath":
		return map[string]any{"trace": small(a.i0, traces, raw)}
	case "convert":
		return map[string]any{"to": a.pick(0, "otlp-json", "jaeger", "zipkin", "chrome")}
	case "span":
		return map[string]any{"index": small(a.i0, spans, raw)}
	case "summary", "agentGraph":
		if a.bit(4) {
			return map[string]any{"prices": a.s}
		}
		// A one-model table matching every model name, with fuzzed rates.
		return map[string]any{"prices": fmt.Sprintf(`{"version": 1, "models": [{"name": "m", "match": ".", "input": %v, "output": %v, "cached_input": %v, "reasoning": %v, "tiers": [{"above_input_tokens": %d, "input": %v}]}]}`,
			x(0), x(1), x(2), x(3), max(a.i0, 1), x(4))}
	case "load":
		return map[string]any{"format": a.pick(0, "", "zipkin", "otlp-json", "chrome"), "adjustSkew": a.bit(3),
			"limits": map[string]any{"maxSpans": small(a.i0, 8, raw), "maxDepth": small(a.i1, 8, raw)}}
	}
	return map[string]any{}
}

// request encodes a request frame; with bit 14 set the args are the raw
// fuzzed string, valid JSON or not.
func (a cmdArgs) request(cmd string, handle uint32, args map[string]any, payload []byte) []byte {
	hdr, err := json.Marshal(map[string]any{"cmd": cmd, "handle": handle, "args": args})
	if err != nil {
		panic(err)
	}
	if a.bit(14) {
		c, _ := json.Marshal(cmd)
		hdr = fmt.Appendf(nil, `{"cmd":%s,"handle":%d,"args":%s}`, c, handle, a.s)
	}
	return appendFrame(nil, hdr, payload)
}

// FuzzCommand loads a fuzzed trace and sends it one command from the
// table with arguments built from fuzzed numbers and strings (extreme ones
// included: ±1e308, huge and negative integers, NaN sent as ±1e308), or
// with raw fuzzed args. Every answer must be a well-formed frame; a
// failure must be a TypeError (or, for load, a LimitError or Error) with
// a message and never a recovered panic; a success must be bounded by
// what was asked for and consistent with the document (see checkResult).
func FuzzCommand(f *testing.F) {
	fuzzCommands := commandNames()
	for k, name := range fuzzSamples {
		data, err := os.ReadFile("../../testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		for c := range fuzzCommands {
			f.Add(data, uint8(c), 0.0, 2e9, 800.0, 1.0, 80.0, int64(k), int64(10), int64(0), "service:frontend", uint16(c*37+k))
		}
	}
	extremes := []cmdArgs{
		{x: [5]float64{0, 1e12, 1e12, 1e-9, 1e-9}, i1: 1 << 40},
		{x: [5]float64{-1e308, 1e308, 1e300, 1e300, 1e300}, i0: math.MaxInt64, i1: math.MinInt64, i2: -1, bits: 1 << 15},
		{x: [5]float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, 0}, i0: -1, bits: 0xffff},
		{x: [5]float64{1, 0x1p63, 1e6, 0.1, 10}, i0: 2, i1: 9999, i2: 5, s: `{"width":1e308}`, bits: 1 << 14},
	}
	sample, err := os.ReadFile("../../testdata/zipkin/shared_rpc.json")
	if err != nil {
		f.Fatal(err)
	}
	for _, a := range extremes {
		for c := range fuzzCommands {
			f.Add(sample, uint8(c), a.x[0], a.x[1], a.x[2], a.x[3], a.x[4], a.i0, a.i1, a.i2, a.s, a.bits)
		}
	}
	other, err := os.ReadFile("../../testdata/chrome/async.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, doc []byte, cmd uint8, x0, x1, x2, x3, x4 float64, i0, i1, i2 int64, s string, bits uint16) {
		a := cmdArgs{x: [5]float64{x0, x1, x2, x3, x4}, i0: i0, i1: i1, i2: i2, s: s, bits: bits}
		e := New(Config{})
		var spans, traces int
		if r := fuzzDo(t, e, "load", a.request("load", 0, nil, doc)); r.OK {
			d := e.docs[1]
			spans, traces = d.Len(), len(d.Traces())
		}
		fuzzDo(t, e, "load", must(AppendRequest(nil, "load", 0, nil, other))) // handle 2, for compare
		name := a.s                                                           // one slot past the table: an unknown command, mostly
		if c := int(cmd) % (len(fuzzCommands) + 1); c < len(fuzzCommands) {
			name = fuzzCommands[c]
		}
		handle := uint32(1)
		if a.bit(13) {
			handle = uint32(i2)
		}
		var payload []byte
		if name == "load" {
			payload = doc
		}
		args := a.build(name, spans, traces)
		r := fuzzDo(t, e, name, a.request(name, handle, args, payload))
		// Raw args are checked by fuzzDo only: the built ones were not sent.
		if r.OK && !a.bit(14) {
			checkResult(t, e, name, args, r)
		}
		// A freed handle answers every later command with a TypeError.
		if name == "free" && r.OK {
			if r := fuzzDo(t, e, "traces", must(AppendRequest(nil, "traces", handle, nil, nil))); r.OK || r.Error.Kind != "TypeError" {
				t.Fatalf("traces on freed handle %d: %+v", handle, r)
			}
		}
	})
}

// fuzzDo sends one frame and checks what holds for every answer: a frame
// with a JSON header, and for a failure a known kind and a message that
// is not a recovered panic; every command but load can only fail by a bad
// call (TypeError), since its document is already decoded.
func fuzzDo(t *testing.T, e *Engine, cmd string, frame []byte) response {
	t.Helper()
	out := e.Handle(frame, nil)
	hdr, payload, err := splitFrame(out)
	if err != nil {
		t.Fatalf("%s: malformed response frame: %v", cmd, err)
	}
	var r response
	if err := json.Unmarshal(hdr, &r); err != nil {
		t.Fatalf("%s: response header is not JSON: %v: %q", cmd, err, hdr)
	}
	r.data = payload
	if r.OK {
		for _, a := range r.Arrays {
			size := map[string]int{"u8": 1, "i32": 4, "u32": 4, "f32": 4, "f64": 8, "i64": 8}[a.Type]
			if size == 0 || a.Offset%8 != 0 || a.Length < 0 || a.Offset+size*a.Length > len(payload) {
				t.Fatalf("%s: array %+v outside the %d-byte payload", cmd, a, len(payload))
			}
		}
		return r
	}
	switch {
	case r.Error == nil || r.Error.Message == "":
		t.Fatalf("%s: error without a message: %q", cmd, hdr)
	case strings.Contains(r.Error.Message, "internal error"):
		t.Fatalf("%s: panic behind the answer: %s", cmd, r.Error.Message)
	case r.Error.Kind != "TypeError" && r.Error.Kind != "LimitError" && r.Error.Kind != "Error":
		t.Fatalf("%s: unknown error kind %q", cmd, r.Error.Kind)
	case cmd != "load" && r.Error.Kind != "TypeError":
		t.Fatalf("%s: %s %q, want a TypeError (a bad call) or success", cmd, r.Error.Kind, r.Error.Message)
	}
	return r
}

// checkResult checks a successful answer against its arguments and the
// engine's documents.
func checkResult(t *testing.T, e *Engine, cmd string, args map[string]any, r response) {
	t.Helper()
	d := e.docs[1]
	if d == nil && cmd != "hello" && cmd != "load" {
		return // a fuzzed handle named another document; nothing to compare with
	}
	switch cmd {
	case "load":
		var l struct {
			Spans int `json:"spans"`
		}
		if err := json.Unmarshal(r.Result, &l); err != nil {
			t.Fatal(err)
		}
		limits := args["limits"].(map[string]any)
		if max := jsonInt(limits["maxSpans"]); max > 0 && int64(l.Spans) > max {
			t.Fatalf("load: %d spans under maxSpans %d", l.Spans, max)
		}
	case "layout":
		var o spanlens.LayoutOptions
		b, _ := json.Marshal(args)
		if err := json.Unmarshal(b, &o); err != nil {
			t.Fatalf("layout accepted args %s: %v", b, err)
		}
		checkLayout(t, d, o, r)
	case "overview":
		active, failed := r.u32(t, "active"), r.u32(t, "errors")
		if len(active) < 1 || len(active) > layout.MaxColumns || len(failed) != len(active) {
			t.Fatalf("overview: %d and %d columns", len(active), len(failed))
		}
		for k := range active {
			if failed[k] > active[k] || int(active[k]) > d.Len() {
				t.Fatalf("overview: column %d: %d errors of %d active, %d spans", k, failed[k], active[k], d.Len())
			}
		}
	case "svg":
		var doc string
		if err := json.Unmarshal(r.Result, &doc); err != nil {
			t.Fatal(err)
		}
		checkSVG(t, doc, d.Len())
	case "search":
		checkSearch(t, d, r.i32(t, "spans"))
	case "compare":
		var c spanlens.Comparison
		if err := json.Unmarshal(r.Result, &c); err != nil {
			t.Fatal(err)
		}
		other := e.docs[uint32(jsonInt(args["other"]))]
		checkComparison(t, &c, d, int(jsonInt(args["trace"])), other, int(jsonInt(args["otherTrace"])))
	case "criticalPath":
		var path []spanlens.Segment
		if err := json.Unmarshal(r.Result, &path); err != nil {
			t.Fatal(err)
		}
		checkDocPath(t, d, int(jsonInt(args["trace"])), path)
	case "convert":
		data := r.raw(t, "data", "u8")
		if !json.Valid(data) {
			t.Fatalf("convert: %d bytes of invalid JSON", len(data))
		}
	case "span":
		var s spanlens.SpanDetails
		if err := json.Unmarshal(r.Result, &s); err != nil {
			t.Fatal(err)
		}
		if want := jsonInt(args["index"]); int64(s.Index) != want || want < 0 || want >= int64(d.Len()) {
			t.Fatalf("span: got span %d for index %d of %d", s.Index, want, d.Len())
		}
	case "summary":
		var s spanlens.Summary
		if err := json.Unmarshal(r.Result, &s); err != nil {
			t.Fatal(err)
		}
		checkSummary(t, &s, d.Len())
	}
}

// jsonInt reads back an integer argument build put in the args map.
func jsonInt(v any) int64 {
	n, _ := v.(int64)
	return n
}

// checkLayout: at most one bar per waterfall row and about 2·width/minPx
// per flame lane, every bar in the rows asked for and naming a span, at
// most MaxTicks ticks, in order.
func checkLayout(t *testing.T, d *spanlens.Document, o spanlens.LayoutOptions, r response) {
	t.Helper()
	var res struct {
		Bars  int           `json:"bars"`
		Rows  int           `json:"rows"`
		Ticks []layout.Tick `json:"ticks"`
	}
	if err := json.Unmarshal(r.Result, &res); err != nil {
		t.Fatal(err)
	}
	span, row, count := r.i32(t, "span"), r.i32(t, "row"), r.i32(t, "count")
	if len(span) != res.Bars || len(row) != res.Bars || len(count) != res.Bars {
		t.Fatalf("layout: %d bars, arrays of %d, %d, %d", res.Bars, len(span), len(row), len(count))
	}
	layoutBound(t, o, res.Bars)
	if len(res.Ticks) > layout.MaxTicks {
		t.Fatalf("layout: %d ticks, over MaxTicks", len(res.Ticks))
	}
	for k := 1; k < len(res.Ticks); k++ {
		if res.Ticks[k].T <= res.Ticks[k-1].T || res.Ticks[k].X < res.Ticks[k-1].X {
			t.Fatalf("layout: ticks %d and %d out of order: %+v, %+v", k-1, k, res.Ticks[k-1], res.Ticks[k])
		}
	}
	for k := range span {
		if span[k] < 0 || int(span[k]) >= d.Len() || count[k] < 1 || int(row[k]) < o.FirstRow || int(row[k]) >= o.FirstRow+o.Rows {
			t.Fatalf("layout: bar %d: span %d of %d, count %d, row %d outside %d+%d", k, span[k], d.Len(), count[k], row[k], o.FirstRow, o.Rows)
		}
	}
}

// layoutBound checks the bar count against the viewport asked for.
func layoutBound(t *testing.T, o spanlens.LayoutOptions, bars int) {
	t.Helper()
	perRow := 1
	if o.View == "flame" {
		minPx := o.MinBarPx
		if minPx == 0 {
			minPx = 1
		}
		perRow = 2*int(math.Ceil((o.Width+2)/minPx)) + 3
	}
	if bars > o.Rows*perRow {
		t.Fatalf("layout: %d bars for %d rows of %v px (minBarPx %v)", bars, o.Rows, o.Width, o.MinBarPx)
	}
}

// checkSVG: well-formed XML, within the bytes its picture allows: a
// header and legend, an axis, and per span a row with a label, a tooltip
// and a duration, each text at most svg.MaxTextRunes runes escaped.
func checkSVG(t *testing.T, doc string, spans int) {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(doc))
	for {
		_, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("svg: not well-formed: %v", err)
		}
	}
	width := svg.MaxWidth
	text := 6 * svg.MaxTextRunes
	bound := 2000 + text + (width/36+1)*(200+text) + (width/90+2)*250 + spans*(1000+3*text)
	if len(doc) > bound {
		t.Fatalf("svg: %d bytes for %d spans, over %d", len(doc), spans, bound)
	}
}

// checkSearch: matches in pre-order, each once, in range.
func checkSearch(t *testing.T, d *spanlens.Document, hits []int32) {
	t.Helper()
	pos := d.Tree().Pos
	for k, i := range hits {
		if i < 0 || int(i) >= d.Len() {
			t.Fatalf("search: match %d is span %d of %d", k, i, d.Len())
		}
		if k > 0 && pos[i] <= pos[hits[k-1]] {
			t.Fatalf("search: matches %d and %d (spans %d, %d) not in pre-order", k-1, k, hits[k-1], i)
		}
	}
}

// checkComparison: the comparison accounts for every span of both traces
// once (comparetest.Partition).
func checkComparison(t *testing.T, c *spanlens.Comparison, a *spanlens.Document, ta int, b *spanlens.Document, tb int) {
	t.Helper()
	pairs := make([][2]int32, len(c.Matched))
	for k, p := range c.Matched {
		pairs[k] = [2]int32{p.A, p.B}
	}
	if err := comparetest.Partition(a.Tree(), ta, b.Tree(), tb, pairs, c.Removed, c.Added, c.A.Spans, c.B.Spans); err != nil {
		t.Fatalf("compare: %v", err)
	}
}

// checkDocPath: the segments of a trace's critical path are non-empty,
// in time order without overlap, inside the trace's window, and each on a
// span of that trace.
func checkDocPath(t *testing.T, d *spanlens.Document, tr int, path []spanlens.Segment) {
	t.Helper()
	info := d.Traces()[tr]
	f := d.Tree()
	x := f.Traces[tr]
	run := f.Order[x.First : x.First+x.Count]
	for k, s := range path {
		if s.Start >= s.End || s.Start < info.Start || s.End > info.Start+info.Duration || !slices.Contains(run, s.Span) {
			t.Fatalf("criticalPath: segment %d %+v outside trace %+v", k, s, info)
		}
		if k > 0 && s.Start < path[k-1].End {
			t.Fatalf("criticalPath: segments %d and %d overlap: %+v, %+v", k-1, k, path[k-1], s)
		}
	}
}

// checkSummary: counts add up and costs are finite and not negative.
func checkSummary(t *testing.T, s *spanlens.Summary, spans int) {
	t.Helper()
	if s.Spans != spans || s.Errors > s.Spans || s.Errors < 0 {
		t.Fatalf("summary: %d spans (want %d), %d errors", s.Spans, spans, s.Errors)
	}
	for _, g := range [][]spanlens.GroupStats{s.Services, s.Operations, s.Roles} {
		n := 0
		for _, st := range g {
			n += st.Count
			if st.Errors > st.Count || st.Min > st.Max || st.Usage.Cost < 0 || math.IsInf(st.Usage.Cost, 0) {
				t.Fatalf("summary: group %+v", st)
			}
		}
		if n != spans {
			t.Fatalf("summary: groups count %d spans of %d", n, spans)
		}
	}
	if c := s.Usage.Cost; c < 0 || math.IsInf(c, 0) || math.IsNaN(c) {
		t.Fatalf("summary: cost %v", c)
	}
}
