package httpapi

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
)

// FuzzEndpoints sends fuzzed methods, paths, queries, content types and
// bodies to every route. Whatever arrives, the server answers with a
// status of the documented set, never a 500 (a panic), and a body bounded
// by its limits.
func FuzzEndpoints(f *testing.F) {
	trace, err := os.ReadFile("../testdata/otlp-json/exception-multiroot.json")
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []struct{ method, target, ctype, body string }{
		{"POST", "/analyze", "application/json", string(trace)},
		{"POST", "/analyze?format=jaeger", "application/json", string(trace)},
		{"POST", "/render.svg?width=10&maxRows=-1&view=flame&metric=cost", "application/json", string(trace)},
		{"POST", "/render.svg?width=1000000000&trace=-2", "application/json", string(trace)},
		{"POST", "/convert?to=otlp-proto", "application/json", string(trace)},
		{"POST", "/v1/traces", "application/json", string(trace)},
		{"POST", "/v1/traces", "application/x-protobuf", "\x0a\x04\x12\x02\x12\x00"},
		{"GET", "/traces/5b8efff798038103d269b633813fc60c", "", ""},
		{"POST", "/api", FrameType, "\x09\x00"},
		{"DELETE", "/analyze", "text/plain", ""},
		{"POST", "/%zz?x=%", "", ""},
	} {
		f.Add(s.method, s.target, s.ctype, []byte(s.body))
	}
	h := New(Config{Addr: testAddr, MaxBodyBytes: 1 << 20})
	allowed := map[int]bool{200: true, 204: true, 301: true, 302: true, 304: true, 400: true, 401: true, 403: true, 404: true,
		405: true, 413: true, 415: true, 421: true, 501: true, 503: true}
	f.Fuzz(func(t *testing.T, method, target, ctype string, body []byte) {
		if _, err := url.ParseRequestURI(target); err != nil || !strings.HasPrefix(target, "/") || strings.ContainsAny(method, " \t\r\n") || method == "" {
			return // not a request a client could send
		}
		r := httptest.NewRequest(http.MethodGet, "/", strings.NewReader(string(body)))
		r.Method = method
		r.URL, _ = url.ParseRequestURI(target)
		r.RequestURI = target
		r.Host = testAddr
		if ctype != "" {
			r.Header.Set("Content-Type", ctype)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if !allowed[w.Code] {
			t.Fatalf("%s %s (%s): status %d: %.200s", method, target, ctype, w.Code, w.Body.String())
		}
		if w.Body.Len() > 8<<20 {
			t.Fatalf("%s %s: %d bytes answered", method, target, w.Body.Len())
		}
	})
}
