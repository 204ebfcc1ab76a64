package record_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spanlens/spanlens"
	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/record"
)

// needNet skips tests that listen on 127.0.0.1 where there are no sockets
// (js/wasm and wasip1 under go test).
func needNet(t *testing.T) {
	t.Helper()
	if runtime.GOOS == "js" || runtime.GOOS == "wasip1" {
		t.Skipf("no sockets on %s", runtime.GOOS)
	}
}

func TestTraceparentRoundTripOverHTTP(t *testing.T) {
	needNet(t)
	var (
		mu     sync.Mutex
		server *record.Trace
	)
	h := record.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, s := record.ToolCall(r.Context(), "lookup")
		s.End()
		w.WriteHeader(http.StatusTeapot)
	}), record.Service("inventory"), record.OnEnd(func(tr *record.Trace) {
		mu.Lock()
		server = tr
		mu.Unlock()
	}))
	srv := httptest.NewServer(h) // listens on 127.0.0.1
	defer srv.Close()

	ctx, client := record.StartTrace(context.Background(), "shop")
	client.SetBaggage("user.id", "u-17")
	hc := &http.Client{Transport: &record.Transport{}}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/stock?sku=1", nil)
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	client.End()

	mu.Lock()
	defer mu.Unlock()
	if server == nil {
		t.Fatal("the server's trace did not end")
	}
	cb, sb := client.Batch(), server.Batch()
	if len(cb.Spans) != 2 || len(sb.Spans) != 2 {
		t.Fatalf("client %d spans, server %d; want 2 each", len(cb.Spans), len(sb.Spans))
	}
	call, root := cb.Spans[1], sb.Spans[0]
	if call.Name != "HTTP GET" || call.Kind != model.KindClient {
		t.Errorf("client span %q kind %s", call.Name, call.Kind)
	}
	if root.TraceID != call.TraceID || root.ParentID != call.ID {
		t.Errorf("server root in trace %s under %s; want trace %s under the client span %s", root.TraceID, root.ParentID, call.TraceID, call.ID)
	}
	if root.Name != "GET /stock" || root.Kind != model.KindServer {
		t.Errorf("server root %q kind %s", root.Name, root.Kind)
	}
	if v, _ := root.Attrs.Get("http.response.status_code"); v.Int() != 418 {
		t.Errorf("server status code %v; want 418", v)
	}
	if v, _ := call.Attrs.Get("http.response.status_code"); v.Int() != 418 || call.Status.Code != model.StatusError {
		t.Errorf("client span status code %v, status %+v; want 418 and error", v, call.Status)
	}
	if v, _ := sb.Spans[1].Attrs.Get("user.id"); v.Str() != "u-17" {
		t.Errorf("baggage did not cross: server child attrs %v", sb.Spans[1].Attrs)
	}
	// Both halves together make one tree.
	all := &model.Batch{Spans: append(cb.Spans, sb.Spans...), Resources: cb.Resources, Scopes: cb.Scopes}
	d := spanlens.FromBatch(all, spanlens.Options{})
	if tr := d.Traces(); len(tr) != 1 || tr[0].Roots != 1 {
		t.Errorf("joined traces %+v; want one trace with one root", tr)
	}
}

func TestInjectExtract(t *testing.T) {
	ctx, tr := record.StartTrace(context.Background(), "a")
	tr.SetBaggage("k", "a b,c")
	h := http.Header{}
	record.Inject(ctx, h)
	want := "00-" + tr.ID() + "-" + tr.Root().ID() + "-01"
	if got := h.Get("traceparent"); got != want {
		t.Errorf("traceparent %q; want %q", got, want)
	}
	if got := h.Get("baggage"); got != "k=a%20b%2Cc" {
		t.Errorf("baggage %q", got)
	}
	sc := record.Extract(h)
	if sc.TraceID.String() != tr.ID() || sc.SpanID.String() != tr.Root().ID() || !sc.Sampled {
		t.Errorf("extracted %+v", sc)
	}
	if len(sc.Baggage) != 1 || sc.Baggage[0] != (record.Member{Key: "k", Value: "a b,c"}) {
		t.Errorf("baggage %+v", sc.Baggage)
	}

	for _, tc := range []struct{ name, v string }{
		{"empty", ""},
		{"uppercase", "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"},
		{"zero trace", "00-00000000000000000000000000000000-00f067aa0ba902b7-01"},
		{"zero span", "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01"},
		{"version ff", "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"},
		{"v00 with more", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x"},
		{"short", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1"},
	} {
		if sc, err := record.ParseTraceparent(tc.v); err == nil {
			t.Errorf("%s: %q parsed as %+v; want an error", tc.name, tc.v, sc)
		}
	}
	sc, err := record.ParseTraceparent("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00-future")
	if err != nil || sc.Sampled || sc.SpanID.String() != "00f067aa0ba902b7" {
		t.Errorf("a later version with an extra field: %+v, %v; want it read, not sampled", sc, err)
	}
}

// exampleTrace records a small agent run with known times.
func exampleTrace() *record.Trace {
	ctx, tr := record.StartTrace(context.Background(), "coordinator", record.Clock(stepClock(t0, time.Millisecond)), record.Version("2.0"))
	_, llm := record.LLMCall(ctx, "gpt-4o")
	llm.SetTokenUsage(1000, 200)
	llm.SetAttribute("gen_ai.provider.name", "openai")
	llm.AddEvent("retry", "attempt", 2)
	llm.End()
	_, tool := record.ToolCall(ctx, "fetch_url", record.Attrs("url", "https://example.com", "bytes", 512))
	tool.RecordError(io.ErrUnexpectedEOF)
	tool.End()
	_, http := record.Start(ctx, "GET /weather", record.Kind(model.KindClient), record.Attrs("http.request.method", "GET"))
	http.End()
	_, plain := record.Start(ctx, "think")
	plain.End()
	tr.End()
	return tr
}

func TestSaveThenOpen(t *testing.T) {
	tr := exampleTrace()
	want := tr.Document()
	dir := t.TempDir()

	otlp := filepath.Join(dir, "trace.json")
	if err := tr.Save(otlp); err != nil {
		t.Fatal(err)
	}
	got := openFile(t, otlp)
	if got.Format() != "otlp-json" {
		t.Errorf("format %s", got.Format())
	}
	ws, gs := want.Batch().Spans, got.Batch().Spans
	if len(gs) != len(ws) {
		t.Fatalf("%d spans; want %d", len(gs), len(ws))
	}
	for i := range ws {
		w, g := ws[i], gs[i]
		if g.TraceID != w.TraceID || g.ID != w.ID || g.ParentID != w.ParentID || g.Name != w.Name || g.Start != w.Start ||
			g.End != w.End || g.Kind != w.Kind || g.Status != w.Status || g.Service != w.Service || !model.AttrsEqual(g.Attrs, w.Attrs) ||
			len(g.Events) != len(w.Events) {
			t.Errorf("span %d:\n got %+v\nwant %+v", i, g, w)
		}
	}
	sameSummary(t, "otlp-json", got, want)

	ndjson := filepath.Join(dir, "trace.jsonl")
	if err := tr.Save(ndjson); err != nil {
		t.Fatal(err)
	}
	got = openFile(t, ndjson)
	if got.Format() != "spanforge" {
		t.Errorf("format %s", got.Format())
	}
	gs = got.Batch().Spans
	for i := range ws {
		w, g := ws[i], gs[i]
		if g.ID != w.ID || g.ParentID != w.ParentID || g.Name != w.Name || g.Start != w.Start || g.End != w.End || g.Status != w.Status {
			t.Errorf("ndjson span %d:\n got %+v\nwant %+v", i, g, w)
		}
	}
	sameSummary(t, "spanforge", got, want, "roles")
	// spanforge cannot say http: the GET span comes back as other.
	var roles []string
	for _, g := range got.Summary().Roles {
		roles = append(roles, fmt.Sprintf("%s:%d", g.Name, g.Count))
	}
	if strings.Join(roles, " ") != "agent:1 llm:1 other:2 tool:1" {
		t.Errorf("spanforge roles %v; want agent:1 llm:1 other:2 tool:1", roles)
	}

	if err := tr.Save(filepath.Join(dir, "trace.txt")); err == nil || !strings.Contains(err.Error(), ".jsonl") {
		t.Errorf("Save .txt: %v; want an error naming the extensions", err)
	}
}

func openFile(t *testing.T, path string) *spanlens.Document {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d, err := spanlens.Open(data, spanlens.Options{})
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return d
}

// sameSummary compares what the analysis makes of two documents: counts,
// usage, and the statistics per service, role and model.
func sameSummary(t *testing.T, what string, got, want *spanlens.Document, skip ...string) {
	t.Helper()
	g, w := got.Summary(), want.Summary()
	if g.Spans != w.Spans || g.Errors != w.Errors || g.Usage != w.Usage {
		t.Errorf("%s: summary %d spans %d errors %+v; want %d %d %+v", what, g.Spans, g.Errors, g.Usage, w.Spans, w.Errors, w.Usage)
	}
	for _, grp := range []struct {
		name string
		g, w []spanlens.GroupStats
	}{{"services", g.Services, w.Services}, {"roles", g.Roles, w.Roles}, {"models", g.Models, w.Models}} {
		if slices.Contains(skip, grp.name) {
			continue
		}
		if len(grp.g) != len(grp.w) {
			t.Errorf("%s: %s %+v; want %+v", what, grp.name, grp.g, grp.w)
			continue
		}
		for k := range grp.w {
			a, b := grp.g[k], grp.w[k]
			if a.Name != b.Name || a.Service != b.Service || a.Count != b.Count || a.Errors != b.Errors || a.Total != b.Total || a.Usage != b.Usage {
				t.Errorf("%s: %s[%d] %+v; want %+v", what, grp.name, k, a, b)
			}
		}
	}
}

func TestEncodeNDJSONKeepsRoles(t *testing.T) {
	data, err := exampleTrace().Encode(".ndjson")
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.Split(bytes.TrimSpace(data), []byte("\n"))
	if len(lines) != 5 {
		t.Fatalf("%d lines; want one per span (5)", len(lines))
	}
	// "think" has no role: spanforge would call it an llm_call, so the
	// writer says it is custom; the HTTP span can only be said to be custom.
	if !bytes.Contains(lines[4], []byte(`"role":"custom"`)) || !bytes.Contains(lines[3], []byte(`"role":"custom"`)) {
		t.Errorf("lines 3-4:\n%s\n%s", lines[3], lines[4])
	}
	if bytes.Contains(lines[1], []byte(`"role"`)) {
		t.Errorf("the llm span needs no role attribute: %s", lines[1])
	}
}
