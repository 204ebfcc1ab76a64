package httpapi

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spanlens/spanlens/core/engine"
	"github.com/spanlens/spanlens/core/export"
	"github.com/spanlens/spanlens/core/synth"
)

const testAddr = "127.0.0.1:7070"

func hotrod(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("../testdata/jaeger/hotrod.json")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func frame(t *testing.T, cmd string, handle uint32, payload []byte) []byte {
	t.Helper()
	f, err := engine.AppendRequest(nil, cmd, handle, nil, payload)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// post sends body to h as a client would, with headers given as
// name/value pairs, and returns the recorded answer.
func post(h http.Handler, path string, body []byte, hdr ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(body))
	r.Host = testAddr
	r.Header.Set("Content-Type", FrameType)
	for i := 0; i+1 < len(hdr); i += 2 {
		if hdr[i] == "Host" {
			r.Host = hdr[i+1]
		} else {
			r.Header.Set(hdr[i], hdr[i+1])
		}
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// answer is a decoded response frame header.
type answer struct {
	OK     bool `json:"ok"`
	Result struct {
		Handle uint32 `json:"handle"`
		Spans  int    `json:"spans"`
	} `json:"result"`
	Error struct {
		Kind    string `json:"kind"`
		Message string `json:"message"`
	} `json:"error"`
}

func decode(t *testing.T, w *httptest.ResponseRecorder) answer {
	t.Helper()
	if w.Code != http.StatusOK || w.Header().Get("Content-Type") != FrameType {
		t.Fatalf("status %d, Content-Type %q: %s; want 200 with a frame", w.Code, w.Header().Get("Content-Type"), w.Body)
	}
	b := w.Body.Bytes()
	n := binary.LittleEndian.Uint32(b)
	var a answer
	if err := json.Unmarshal(b[4:4+n], &a); err != nil {
		t.Fatal(err)
	}
	return a
}

// jsonError is the body of a refused request.
func jsonError(t *testing.T, w *httptest.ResponseRecorder, status int, want string) {
	t.Helper()
	if w.Code != status {
		t.Fatalf("status %d: %s; want %d", w.Code, w.Body, status)
	}
	var e struct {
		Error struct{ Kind, Message string } `json:"error"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil {
		t.Fatalf("body %q is not a JSON error: %v", w.Body, err)
	}
	if !strings.Contains(e.Error.Message, want) {
		t.Errorf("message %q does not contain %q", e.Error.Message, want)
	}
}

func TestHost(t *testing.T) {
	h := New(Config{Addr: testAddr, AllowHosts: []string{"spanlens.test"}})
	for _, tc := range []struct {
		host string
		ok   bool
	}{
		{"127.0.0.1:7070", true},
		{"localhost:7070", true},
		{"LOCALHOST:7070", true},
		{"[::1]:7070", true},
		{"spanlens.test", true},
		{"127.0.0.1:7071", false},
		{"evil.example:7070", false}, // DNS rebinding: evil.example resolves to 127.0.0.1
		{"localhost", false},
		{"", false},
	} {
		t.Run(tc.host, func(t *testing.T) {
			w := post(h, "/api", frame(t, "hello", 0, nil), "Host", tc.host)
			if tc.ok {
				if a := decode(t, w); !a.OK {
					t.Errorf("hello failed: %+v", a)
				}
				return
			}
			jsonError(t, w, http.StatusMisdirectedRequest, "--allow-host")
		})
	}
}

func TestHostAny(t *testing.T) {
	h := New(Config{AllowHosts: []string{"*"}})
	if a := decode(t, post(h, "/api", frame(t, "hello", 0, nil), "Host", "worker.example")); !a.OK {
		t.Errorf("hello failed: %+v", a)
	}
}

func TestOrigin(t *testing.T) {
	h := New(Config{Addr: testAddr, AllowOrigins: []string{"http://app.test:8080"}})
	hello := frame(t, "hello", 0, nil)

	t.Run("foreign", func(t *testing.T) {
		w := post(h, "/api", hello, "Origin", "https://evil.example")
		jsonError(t, w, http.StatusForbidden, "--allow-origin")
		if got := w.Header().Get("Access-Control-Allow-Origin"); got != "" {
			t.Errorf("Access-Control-Allow-Origin %q for a foreign origin; want none", got)
		}
	})
	t.Run("foreign preflight", func(t *testing.T) {
		r := httptest.NewRequest(http.MethodOptions, "/api", nil)
		r.Host = testAddr
		r.Header.Set("Origin", "https://evil.example")
		r.Header.Set("Access-Control-Request-Method", "POST")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != http.StatusForbidden || w.Header().Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("preflight: status %d, ACAO %q; want 403 and none", w.Code, w.Header().Get("Access-Control-Allow-Origin"))
		}
	})
	t.Run("simple request", func(t *testing.T) {
		// What fetch(url, {method: "POST", mode: "no-cors", body}) sends,
		// from no origin or from ours: the content type still stops it.
		for _, ct := range []string{"text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""} {
			w := post(h, "/api", hello, "Content-Type", ct)
			jsonError(t, w, http.StatusUnsupportedMediaType, FrameType)
		}
	})
	t.Run("allowed", func(t *testing.T) {
		w := post(h, "/api", hello, "Origin", "http://app.test:8080")
		decode(t, w)
		if got := w.Header().Get("Access-Control-Allow-Origin"); got != "http://app.test:8080" {
			t.Errorf("Access-Control-Allow-Origin %q; want the allowed origin", got)
		}
		if got := w.Header().Get("Access-Control-Expose-Headers"); got != SessionHeader {
			t.Errorf("Access-Control-Expose-Headers %q; want %s", got, SessionHeader)
		}
		r := httptest.NewRequest(http.MethodOptions, "/api", nil)
		r.Host = testAddr
		r.Header.Set("Origin", "http://app.test:8080")
		pw := httptest.NewRecorder()
		h.ServeHTTP(pw, r)
		if pw.Code != http.StatusNoContent || !strings.Contains(pw.Header().Get("Access-Control-Allow-Headers"), SessionHeader) {
			t.Errorf("preflight: status %d, Allow-Headers %q; want 204 naming %s", pw.Code, pw.Header().Get("Access-Control-Allow-Headers"), SessionHeader)
		}
	})
	t.Run("same origin", func(t *testing.T) {
		w := post(h, "/api", hello, "Origin", "http://127.0.0.1:7070")
		decode(t, w)
		if got := w.Header().Get("Access-Control-Allow-Origin"); got != "" {
			t.Errorf("Access-Control-Allow-Origin %q on a same-origin request; want none", got)
		}
	})
}

func TestRoutes(t *testing.T) {
	h := New(Config{Addr: testAddr})
	jsonError(t, post(h, "/nope", nil), http.StatusNotFound, "/api")
	r := httptest.NewRequest(http.MethodGet, "/api", nil)
	r.Host = testAddr
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	jsonError(t, w, http.StatusMethodNotAllowed, "POST")
	if got := w.Header().Get("Allow"); got != "POST, OPTIONS" {
		t.Errorf("Allow %q; want POST, OPTIONS", got)
	}
}

func TestSessionsAreSeparate(t *testing.T) {
	h := New(Config{Addr: testAddr})
	w := post(h, "/api", frame(t, "load", 0, hotrod(t)))
	a := decode(t, w)
	tokA := w.Header().Get(SessionHeader)
	if !a.OK || a.Result.Spans != 14 || len(tokA) < 26 {
		t.Fatalf("load: %+v, token %q; want 14 spans and a 128-bit token", a, tokA)
	}
	hA := a.Result.Handle

	w = post(h, "/api", frame(t, "hello", 0, nil))
	tokB := w.Header().Get(SessionHeader)
	if tokB == "" || tokB == tokA {
		t.Fatalf("second client got token %q (first %q); want a new one", tokB, tokA)
	}
	for _, cmd := range []string{"summary", "tree", "free"} {
		if b := decode(t, post(h, "/api", frame(t, cmd, hA, nil), SessionHeader, tokB)); b.OK || !strings.Contains(b.Error.Message, "not loaded") {
			t.Errorf("client B %s of A's handle %d: %+v; want not loaded", cmd, hA, b)
		}
	}
	if a := decode(t, post(h, "/api", frame(t, "tree", hA, nil), SessionHeader, tokA)); !a.OK {
		t.Errorf("client A lost its document after B's free: %+v", a)
	}
	jsonError(t, post(h, "/api", frame(t, "tree", hA, nil), SessionHeader, "AAAAAAAAAAAAAAAAAAAAAAAAAA"), http.StatusUnauthorized, "unknown or expired")
}

func TestSessionExpires(t *testing.T) {
	h := New(Config{Addr: testAddr, SessionIdle: time.Minute})
	now := time.Unix(1000, 0)
	h.now = func() time.Time { return now }
	w := post(h, "/api", frame(t, "load", 0, hotrod(t)))
	tok, handle := w.Header().Get(SessionHeader), decode(t, w).Result.Handle
	now = now.Add(59 * time.Second)
	if a := decode(t, post(h, "/api", frame(t, "tree", handle, nil), SessionHeader, tok)); !a.OK {
		t.Fatalf("tree within the idle time: %+v", a)
	}
	now = now.Add(61 * time.Second) // 61 s after the last use
	post(h, "/api", frame(t, "hello", 0, nil))
	jsonError(t, post(h, "/api", frame(t, "tree", handle, nil), SessionHeader, tok), http.StatusUnauthorized, "--session-idle")
	if n := len(h.sessions.m); n != 1 {
		t.Errorf("%d sessions alive; want only the new one", n)
	}
}

func TestMaxSessions(t *testing.T) {
	h := New(Config{Addr: testAddr, MaxSessions: 2})
	post(h, "/api", frame(t, "hello", 0, nil))
	post(h, "/api", frame(t, "hello", 0, nil))
	jsonError(t, post(h, "/api", frame(t, "hello", 0, nil)), http.StatusServiceUnavailable, "--max-sessions")
}

// TestDocCapConcurrent sends 20 loads at once in one session: the cap
// holds because each load reserves its place before decoding.
func TestDocCapConcurrent(t *testing.T) {
	const cap = 3
	h := New(Config{Addr: testAddr, MaxDocs: cap, MaxDecodes: 20})
	w := post(h, "/api", frame(t, "hello", 0, nil))
	tok := w.Header().Get(SessionHeader)
	// Big enough that decodes overlap.
	data, err := export.Append(nil, synth.Generate(synth.Config{Seed: 1, Spans: 20_000}), export.Jaeger)
	if err != nil {
		t.Fatal(err)
	}
	load := frame(t, "load", 0, data)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var handles []uint32
	limited := 0
	start := make(chan struct{})
	for range 20 {
		wg.Go(func() {
			<-start
			a := decode(t, post(h, "/api", load, SessionHeader, tok))
			mu.Lock()
			defer mu.Unlock()
			switch {
			case a.OK:
				handles = append(handles, a.Result.Handle)
			case a.Error.Kind == "LimitError" && strings.Contains(a.Error.Message, "--max-docs"):
				limited++
			default:
				t.Errorf("load: %+v", a)
			}
		})
	}
	close(start)
	wg.Wait()
	if len(handles) != cap || limited != 20-cap {
		t.Fatalf("%d loads succeeded and %d hit the cap; want %d and %d", len(handles), limited, cap, 20-cap)
	}
	decode(t, post(h, "/api", frame(t, "free", handles[0], nil), SessionHeader, tok))
	if a := decode(t, post(h, "/api", frame(t, "load", 0, hotrod(t)), SessionHeader, tok)); !a.OK {
		t.Errorf("load after a free: %+v; want room for one", a)
	}
	if a := decode(t, post(h, "/api", frame(t, "load", 0, hotrod(t)), SessionHeader, tok)); a.OK {
		t.Errorf("load past the cap succeeded")
	}
	// Another client has a cap of its own.
	if a := decode(t, post(h, "/api", frame(t, "load", 0, hotrod(t)))); !a.OK {
		t.Errorf("another client's load: %+v; want its own room", a)
	}
}

// countingReader counts what the server reads of a body.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func TestOversizedBody(t *testing.T) {
	const limit = 1024
	h := New(Config{Addr: testAddr, MaxBodyBytes: limit})
	for _, tc := range []struct {
		name   string
		length int64 // Content-Length; -1 unknown (chunked)
		max    int64 // most the server may read
	}{
		{"declared", 10 << 20, 0},
		{"chunked", -1, limit + 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := &countingReader{r: io.LimitReader(zeros{}, 10<<20)}
			r := httptest.NewRequest(http.MethodPost, "/api", body)
			r.Host = testAddr
			r.Header.Set("Content-Type", FrameType)
			r.ContentLength = tc.length
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			jsonError(t, w, http.StatusRequestEntityTooLarge, "--max-body")
			if body.n > tc.max {
				t.Errorf("read %d bytes of the body; want at most %d", body.n, tc.max)
			}
		})
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// TestDecodeBound holds the only decode slot with a body still arriving;
// a load meanwhile is refused at once.
func TestDecodeBound(t *testing.T) {
	h := New(Config{Addr: testAddr, MaxDecodes: 1})
	pr, pw := io.Pipe()
	done := make(chan *httptest.ResponseRecorder)
	go func() {
		r := httptest.NewRequest(http.MethodPost, "/api", pr)
		r.Host = testAddr
		r.Header.Set("Content-Type", FrameType)
		r.ContentLength = -1
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		done <- w
	}()
	for len(h.decodes) == 0 {
		time.Sleep(time.Millisecond)
	}
	jsonError(t, post(h, "/api", frame(t, "load", 0, hotrod(t))), http.StatusServiceUnavailable, "--max-decodes")
	pw.Write(frame(t, "load", 0, hotrod(t)))
	pw.Close()
	if a := decode(t, <-done); !a.OK || a.Result.Spans != 14 {
		t.Errorf("the slow load: %+v; want 14 spans", a)
	}
	if a := decode(t, post(h, "/api", frame(t, "load", 0, hotrod(t)))); !a.OK {
		t.Errorf("load after the slot was freed: %+v", a)
	}
}

// TestSlowloris trickles a request one byte at a time over a real
// connection: the server's timeouts cut it long before it completes.
func TestSlowloris(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for timeouts")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := NewServer(New(Config{Addr: ln.Addr().String(), ReadHeaderTimeout: 300 * time.Millisecond, ReadTimeout: 600 * time.Millisecond}))
	go srv.Serve(ln)
	defer srv.Close()
	for _, tc := range []struct {
		name, sent string
	}{
		{"headers", "POST /api HTTP/1.1\r\nHost: " + ln.Addr().String() + "\r\n"},
		{"body", "POST /api HTTP/1.1\r\nHost: " + ln.Addr().String() + "\r\nContent-Type: " + FrameType + "\r\nContent-Length: 100\r\n\r\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := net.Dial("tcp", ln.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			start := time.Now()
			c.Write([]byte(tc.sent))
			// One byte every 2 s: the server must hang up before the second.
			c.Write([]byte("x"))
			c.SetReadDeadline(start.Add(2 * time.Second))
			resp, _ := io.ReadAll(bufio.NewReader(c))
			if el := time.Since(start); el >= 2*time.Second {
				t.Fatalf("connection still open after %v", el)
			}
			if tc.name == "body" && !bytes.Contains(resp, []byte(" 408 ")) {
				t.Errorf("answer %q; want 408", resp)
			}
		})
	}
}

func TestBoundHosts(t *testing.T) {
	for _, tc := range []struct{ addr, want string }{
		{"127.0.0.1:7070", "127.0.0.1:7070 localhost:7070 [::1]:7070"},
		{"[::]:7070", "127.0.0.1:7070 localhost:7070 [::1]:7070"}, // --addr :7070
		{"192.168.1.5:80", "192.168.1.5:80 192.168.1.5"},
		{"", ""},
	} {
		if got := strings.Join(boundHosts(tc.addr), " "); got != tc.want {
			t.Errorf("boundHosts(%q) = %q; want %q", tc.addr, got, tc.want)
		}
	}
}
