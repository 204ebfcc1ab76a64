package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// mapStore is a Store in memory.
type mapStore struct {
	mu  sync.Mutex
	m   map[string][]byte
	err error // every call fails with it, if set
}

func (s *mapStore) Put(_ context.Context, key string, v []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return s.err
	}
	s.m[key] = append([]byte(nil), v...)
	return nil
}

func (s *mapStore) Get(_ context.Context, key string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.m[key], s.err
}

func (s *mapStore) List(_ context.Context, prefix string, limit int) ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var keys []string
	for k := range s.m {
		if strings.HasPrefix(k, prefix) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys[:min(limit, len(keys))], s.err
}

func get(h http.Handler, path string, hdr ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodGet, path, nil)
	r.Host = testAddr
	for i := 0; i+1 < len(hdr); i += 2 {
		if hdr[i] == "Method" {
			r.Method = hdr[i+1]
		} else {
			r.Header.Set(hdr[i], hdr[i+1])
		}
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

const (
	traceA = "0102030405060708090a0b0c0d0e0f10"
	traceB = "1112131415161718191a1b1c1d1e1f20"
)

// otlpExport is an OTLP/JSON request with one span per (trace, span id, name).
func otlpExport(service string, spans ...[3]string) []byte {
	var ss []string
	for _, s := range spans {
		ss = append(ss, `{"traceId":"`+s[0]+`","spanId":"`+s[1]+`","name":"`+s[2]+`","startTimeUnixNano":"1000","endTimeUnixNano":"2000"}`)
	}
	return []byte(`{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"` + service +
		`"}}]},"scopeSpans":[{"spans":[` + strings.Join(ss, ",") + `]}]}]}`)
}

// stored reads back a trace as service/name pairs in stored order.
func stored(t *testing.T, h http.Handler, id string) []string {
	t.Helper()
	w := get(h, "/traces/"+id)
	if w.Code != 200 || w.Header().Get("Content-Type") != "application/json" {
		t.Fatalf("GET /traces/%s: %d %q: %s", id, w.Code, w.Header().Get("Content-Type"), w.Body)
	}
	var td struct {
		ResourceSpans []struct {
			Resource struct {
				Attributes []struct {
					Value struct{ StringValue string } `json:"value"`
				} `json:"attributes"`
			} `json:"resource"`
			ScopeSpans []struct {
				Spans []struct{ TraceID, Name string } `json:"spans"`
			} `json:"scopeSpans"`
		} `json:"resourceSpans"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &td); err != nil {
		t.Fatalf("GET /traces/%s: %v: %s", id, err, w.Body)
	}
	var got []string
	for _, rs := range td.ResourceSpans {
		for _, ss := range rs.ScopeSpans {
			for _, s := range ss.Spans {
				if s.TraceID != strings.ToLower(id) {
					t.Errorf("GET /traces/%s holds a span of trace %s", id, s.TraceID)
				}
				got = append(got, rs.Resource.Attributes[0].Value.StringValue+"/"+s.Name)
			}
		}
	}
	return got
}

func TestStoreAppendsPerTrace(t *testing.T) {
	st := &mapStore{m: map[string][]byte{}}
	h := New(Config{Addr: testAddr, Store: st})
	clock := time.Unix(1_700_000_000, 0)
	h.now = func() time.Time { clock = clock.Add(time.Millisecond); return clock }

	// Two exports; the first mixes both traces, the second adds to A.
	for _, body := range [][]byte{
		otlpExport("api", [3]string{traceA, "0000000000000001", "root"}, [3]string{traceB, "0000000000000002", "other"}),
		otlpExport("db", [3]string{traceA, "0000000000000003", "query"}),
	} {
		if w := post(h, "/v1/traces", body, "Content-Type", otlpJSON); w.Code != 200 || w.Body.String() != `{"partialSuccess":{}}`+"\n" {
			t.Fatalf("export: %d %s", w.Code, w.Body)
		}
	}
	if len(st.m) != 3 {
		t.Errorf("%d keys stored; want 3 (A twice, B once)", len(st.m))
	}
	for k := range st.m {
		if !strings.HasPrefix(k, "traces/"+traceA+"/0170000000000") && !strings.HasPrefix(k, "traces/"+traceB+"/0170000000000") {
			t.Errorf("key %q is not traces/<id>/<20-digit nanoseconds>-…", k)
		}
	}
	if got, want := strings.Join(stored(t, h, traceA), " "), "api/root db/query"; got != want {
		t.Errorf("trace A: %s; want %s", got, want)
	}
	// Upper-case hex names the same trace.
	if got, want := strings.Join(stored(t, h, strings.ToUpper(traceB)), " "), "api/other"; got != want {
		t.Errorf("trace B: %s; want %s", got, want)
	}
	// The merged answer is itself a trace spanlens reads: 2 spans, 2 services.
	w := post(h, "/analyze", get(h, "/traces/"+traceA).Body.Bytes(), "Content-Type", "application/json")
	var a Analysis
	if err := json.Unmarshal(w.Body.Bytes(), &a); err != nil || a.Spans != 2 || len(a.Summary.Services) != 2 {
		t.Errorf("analyze the stored trace: %d %v: %s", w.Code, err, w.Body)
	}
}

func TestStoreRoute(t *testing.T) {
	st := &mapStore{m: map[string][]byte{}}
	h := New(Config{Addr: testAddr, Store: st, MaxTraceChunks: 2})
	for i := 0; i < 3; i++ {
		post(h, "/v1/traces", otlpExport("api", [3]string{traceB, "0000000000000001", "x"}), "Content-Type", otlpJSON)
	}
	jsonError(t, get(h, "/traces/"+traceA), 404, "no spans are stored for trace "+traceA)
	jsonError(t, get(h, "/traces/"+traceB), 413, "stored in more than 2 exports; raise Config.MaxTraceChunks")
	jsonError(t, get(h, "/traces/xyz"), 400, `want /traces/ and a trace id of 32 hex digits, got "xyz"`)
	w := get(h, "/traces/"+traceA, "Method", "DELETE")
	jsonError(t, w, 405, "takes GET, not DELETE")
	if w.Header().Get("Allow") != "GET, HEAD, OPTIONS" {
		t.Errorf("Allow %q", w.Header().Get("Allow"))
	}
	// Read-only, so any origin may read it; POST routes keep their rule.
	w = get(h, "/traces/"+traceA, "Origin", "https://evil.example")
	if w.Code != 404 || w.Header().Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("cross-origin GET: %d, Access-Control-Allow-Origin %q; want 404 and *", w.Code, w.Header().Get("Access-Control-Allow-Origin"))
	}
	w = get(h, "/traces/"+traceA, "Method", "OPTIONS", "Origin", "https://evil.example")
	if w.Code != 204 || w.Header().Get("Access-Control-Allow-Methods") != "GET, HEAD, OPTIONS" {
		t.Errorf("preflight: %d %v", w.Code, w.Header())
	}
	jsonError(t, post(h, "/analyze", hotrod(t), "Content-Type", "application/json", "Origin", "https://evil.example"), 403, "may not call this server")
	// The Host check still comes first.
	r := httptest.NewRequest(http.MethodGet, "/traces/"+traceA, nil)
	r.Host = "rebound.example"
	rw := httptest.NewRecorder()
	h.ServeHTTP(rw, r)
	jsonError(t, rw, 421, "is not this server's")

	// A failing store is the collector's UNAVAILABLE: the SDK retries.
	st.err = errors.New("kv down")
	w = post(h, "/v1/traces", otlpExport("api", [3]string{traceA, "0000000000000001", "x"}), "Content-Type", otlpJSON)
	if w.Code != 503 || !strings.HasPrefix(w.Body.String(), `{"code":14,"message":"spanlens: storing trace `+traceA+`: kv down"`) {
		t.Errorf("store down: %d %s", w.Code, w.Body)
	}
}

func TestNoStore(t *testing.T) {
	h := New(Config{Addr: testAddr})
	jsonError(t, get(h, "/traces/"+traceA), 501, "this server stores no traces; give it a KV namespace or an R2 bucket (Config.Store)")
	// The receiver still validates and answers.
	if w := post(h, "/v1/traces", otlpExport("api", [3]string{traceA, "0000000000000001", "x"}), "Content-Type", otlpJSON); w.Code != 200 {
		t.Errorf("receive without a store: %d %s", w.Code, w.Body)
	}
}
