package httpapi

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/spanlens/spanlens"
)

func gz(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

func readTestdata(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile("../testdata/" + path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestAnalyze(t *testing.T) {
	h := New(Config{Addr: testAddr})
	w := post(h, "/analyze", hotrod(t), "Content-Type", "application/json")
	if w.Code != http.StatusOK {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	var a Analysis
	if err := json.Unmarshal(w.Body.Bytes(), &a); err != nil {
		t.Fatal(err)
	}
	if a.Format != "jaeger" || a.Spans != 14 || len(a.Traces) != 1 || a.Traces[0].Duration != 713_000_000 {
		t.Errorf("format %q, %d spans, traces %+v; want jaeger, 14 spans, one trace of 713 ms", a.Format, a.Spans, a.Traces)
	}
	if a.Summary.Spans != 14 || a.Summary.Errors != 1 || len(a.Summary.Services) != 6 {
		t.Errorf("summary: %d spans, %d errors, %d services; want 14, 1, 6", a.Summary.Spans, a.Summary.Errors, len(a.Summary.Services))
	}
	if len(a.Errors) != 1 || a.Errors[0].Span != 8 || a.Errors[0].Name != "GetDriver" || a.Errors[0].Service != "redis-manual" {
		t.Errorf("errors %+v; want span 8, GetDriver in redis-manual", a.Errors)
	}
	// Worked out from the file: walking back from the root's end, the
	// path takes the latest-ending child each time; only the HTTP GET at
	// 508 ms (span 10) and its /route (11) end too late to be on it.
	if len(a.CriticalPaths) != 1 {
		t.Fatalf("%d critical paths; want 1", len(a.CriticalPaths))
	}
	path := a.CriticalPaths[0]
	sort.Slice(path, func(i, j int) bool { return path[i].Start < path[j].Start })
	on := map[int32]bool{}
	at := int64(0)
	for _, s := range path {
		if s.Start != at {
			t.Errorf("segment of span %d starts at %d; want %d (contiguous)", s.Span, s.Start, at)
		}
		at = s.End
		on[s.Span] = true
	}
	if at != 713_000_000 {
		t.Errorf("path ends at %d; want 713000000", at)
	}
	for i := int32(0); i < 14; i++ {
		if want := i != 10 && i != 11; on[i] != want {
			t.Errorf("span %d on the path: %v; want %v", i, on[i], want)
		}
	}
	if path[0].Name != "/dispatch" || path[0].Service != "frontend" {
		t.Errorf("first segment %+v; want the root /dispatch", path[0])
	}
}

func TestSVG(t *testing.T) {
	h := New(Config{Addr: testAddr})
	w := post(h, "/render.svg?width=800&theme=dark&view=flame", hotrod(t), "Content-Type", "application/json")
	body := w.Body.String()
	if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "image/svg+xml" {
		t.Fatalf("status %d, type %q: %.200s", w.Code, w.Header().Get("Content-Type"), body)
	}
	if !strings.HasPrefix(body, "<svg") || !strings.Contains(body, `width="800"`) || !strings.Contains(body, "/dispatch") {
		t.Errorf("svg %.300s; want an 800-wide drawing naming /dispatch", body)
	}
	for _, q := range []string{"width=0", "width=1000000000", "maxRows=-1", "trace=x", "colour=red", "criticalPath=maybe"} {
		jsonError(t, post(h, "/render.svg?"+q, hotrod(t), "Content-Type", "application/json"), http.StatusBadRequest, strings.SplitN(q, "=", 2)[0])
	}
	jsonError(t, post(h, "/render.svg?trace=5", hotrod(t), "Content-Type", "application/json"), http.StatusBadRequest, "trace 5 out of range")
}

func TestConvert(t *testing.T) {
	h := New(Config{Addr: testAddr})
	w := post(h, "/convert?to=zipkin", hotrod(t), "Content-Type", "application/json")
	if w.Code != http.StatusOK {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	var spans []struct{ TraceID, ID, Name string }
	if err := json.Unmarshal(w.Body.Bytes(), &spans); err != nil {
		t.Fatal(err)
	}
	if len(spans) != 14 || spans[0].TraceID != "3f8a3c2b1d4e5f60718293a4b5c6d7e8" || spans[0].ID != "dd6e1367036870f1" {
		t.Errorf("zipkin: %d spans, first %+v; want 14, the root dd6e1367036870f1", len(spans), spans[0])
	}
	if w := post(h, "/convert?to=otlp-proto", hotrod(t), "Content-Type", "application/json"); w.Code != http.StatusOK || w.Header().Get("Content-Type") != "application/x-protobuf" || w.Body.Bytes()[0] != 0x0a {
		t.Errorf("otlp-proto: status %d, Content-Type %q, first byte %#x; want 200, application/x-protobuf, 0x0a (resource_spans)", w.Code, w.Header().Get("Content-Type"), w.Body.Bytes()[0])
	}
	jsonError(t, post(h, "/convert?to=csv", hotrod(t), "Content-Type", "application/json"), http.StatusBadRequest, "otlp-json, otlp-proto, jaeger, zipkin, chrome")
	jsonError(t, post(h, "/convert", hotrod(t), "Content-Type", "application/json"), http.StatusBadRequest, `to=""`)
}

func TestStatelessErrors(t *testing.T) {
	h := New(Config{Addr: testAddr, MaxBodyBytes: 64 << 10})
	jsonError(t, post(h, "/analyze?format=otlp-json", []byte(`{"resourceSpans": [`), "Content-Type", "application/json"), http.StatusBadRequest, "ingest: otlp-json")
	jsonError(t, post(h, "/analyze", []byte(`hello`), "Content-Type", "application/octet-stream"), http.StatusBadRequest, "unknown trace format")
	jsonError(t, post(h, "/analyze", hotrod(t), "Content-Type", "text/plain"), http.StatusUnsupportedMediaType, "not text/plain")
	jsonError(t, post(h, "/analyze", make([]byte, 65<<10), "Content-Type", "application/json"), http.StatusRequestEntityTooLarge, "65536 bytes; raise --max-body")
	jsonError(t, post(h, "/analyze", gz(t, make([]byte, 10<<20)), "Content-Type", "application/json", "Content-Encoding", "gzip"), http.StatusRequestEntityTooLarge, "decompresses to more than 65536")
	jsonError(t, post(h, "/analyze", hotrod(t), "Content-Type", "application/json", "Content-Encoding", "br"), http.StatusUnsupportedMediaType, `"br"`)
	jsonError(t, post(h, "/nope", nil), http.StatusNotFound, "/analyze")

	r := httptest.NewRequest(http.MethodGet, "/analyze", nil)
	r.Host = testAddr
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	jsonError(t, w, http.StatusMethodNotAllowed, "takes POST")
	if got := w.Header().Get("Allow"); got != "POST, OPTIONS" {
		t.Errorf("Allow %q; want POST, OPTIONS", got)
	}

	// Limits of the decoder are 413 too, naming the limit.
	small := New(Config{Addr: testAddr, Limits: spanlensLimits(5)})
	jsonError(t, post(small, "/analyze", hotrod(t), "Content-Type", "application/json"), http.StatusRequestEntityTooLarge, "input exceeds --max-spans (5)")

	// Gzip bodies are read through.
	w = post(h, "/analyze", gz(t, hotrod(t)), "Content-Type", "application/json", "Content-Encoding", "gzip")
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"spans":14`) {
		t.Errorf("gzip analyze: %d %.200s", w.Code, w.Body)
	}
}

// TestStatelessDecodeBound: every stateless request decodes, so each
// needs a slot, taken before its body is read.
func TestStatelessDecodeBound(t *testing.T) {
	h := New(Config{Addr: testAddr, MaxDecodes: 1})
	pr, pw := io.Pipe()
	done := make(chan *httptest.ResponseRecorder)
	go func() {
		r := httptest.NewRequest(http.MethodPost, "/convert?to=chrome", pr)
		r.Host = testAddr
		r.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		done <- w
	}()
	for len(h.decodes) == 0 {
		time.Sleep(time.Millisecond)
	}
	jsonError(t, post(h, "/analyze", hotrod(t), "Content-Type", "application/json"), http.StatusServiceUnavailable, "--max-decodes")
	pw.Write(hotrod(t))
	pw.Close()
	if w := <-done; w.Code != http.StatusOK {
		t.Errorf("the slow convert: %d %s", w.Code, w.Body)
	}
}

func TestOTLPReceiver(t *testing.T) {
	h := New(Config{Addr: testAddr, MaxBodyBytes: 64 << 10})
	pb := readTestdata(t, "otlp-proto/agent.pb")
	for _, tc := range []struct {
		name, ctype, enc string
		body             []byte
		status           int
		want             string
	}{
		{"protobuf", otlpProto, "", pb, 200, ""},
		{"protobuf gzip", otlpProto, "gzip", gz(t, pb), 200, ""},
		{"json", "application/json; charset=utf-8", "", readTestdata(t, "otlp-json/genai-agent.json"), 200, `{"partialSuccess":{}}` + "\n"},
		{"json gzip", otlpJSON, "gzip", gz(t, readTestdata(t, "otlp-json/genai-agent.json")), 200, `{"partialSuccess":{}}` + "\n"},
		// TracesData{resource_spans: {scope_spans: {spans: {}}}}: one span, no
		// ids, refused as OTLP/JSON refuses it: Status{code 3, message}.
		{"protobuf no ids", otlpProto, "", []byte{0x0a, 0x04, 0x12, 0x02, 0x12, 0x00}, 400,
			"\x08\x03\x12\x4c" + "ingest: otlp-proto: resourceSpans[0].scopeSpans[0].spans[0]: missing traceId"},
		{"json malformed", otlpJSON, "", []byte(`{"resourceSpans": [`), 400, `{"code":3,"message":"ingest: otlp-json: `},
		{"json bomb", otlpJSON, "gzip", gz(t, make([]byte, 10<<20)), 413, `{"code":8,"message":"spanlens: /v1/traces: gzip body decompresses to more than 65536 bytes; raise --max-body`},
		{"protobuf malformed", otlpProto, "", []byte{0x0a, 0x09}, 400, "\x08\x03\x12"},
		{"text", "text/plain", "", pb, 415, `{"code":3,"message":"spanlens: /v1/traces takes Content-Type application/x-protobuf or application/json`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hdr := []string{"Content-Type", tc.ctype}
			if tc.enc != "" {
				hdr = append(hdr, "Content-Encoding", tc.enc)
			}
			w := post(h, "/v1/traces", tc.body, hdr...)
			if w.Code != tc.status || !strings.HasPrefix(w.Body.String(), tc.want) {
				t.Errorf("status %d, body %q; want %d and %q", w.Code, w.Body, tc.status, tc.want)
			}
			if tc.ctype == otlpProto && w.Header().Get("Content-Type") != otlpProto {
				t.Errorf("Content-Type %q; want %s", w.Header().Get("Content-Type"), otlpProto)
			}
		})
	}
	// OTLP/JSON refuses a span without ids outright (400 above); one with
	// both is accepted whole.
	w := post(h, "/v1/traces", []byte(`{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"0102030405060708","name":"a"}]}]}]}`), "Content-Type", otlpJSON)
	if w.Code != 200 || w.Body.String() != `{"partialSuccess":{}}`+"\n" {
		t.Errorf("one good JSON span: %d %q", w.Code, w.Body)
	}
}

func spanlensLimits(maxSpans int) spanlens.Limits { return spanlens.Limits{MaxSpans: maxSpans} }
