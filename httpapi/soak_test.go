package httpapi

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spanlens/spanlens/core/engine"
)

// soakRequests is how many requests TestSoak sends in all, from
// soakClients clients at once.
const (
	soakRequests = 10_000
	soakClients  = 4
)

// soakSample is a good input with the answers it gave before the soak.
type soakSample struct {
	name    string
	data    []byte
	spans   int
	answers map[string][]byte // "summary", "layout", "search", "svg": response frames
}

// soakQueries are the read requests whose answers must not change.
var soakQueries = []struct {
	name, cmd string
	args      any
}{
	{"summary", "summary", nil},
	{"layout", "layout", map[string]any{"t0": 0, "t1": 1e9, "width": 800, "rows": 40}},
	{"search", "search", map[string]any{"query": "duration>1ms"}},
	{"svg", "svg", map[string]any{"width": 600, "criticalPath": true}},
}

// soakClient is one client of the server with its own session.
type soakClient struct {
	t       *testing.T
	base    string
	host    string
	http    *http.Client
	token   string
	held    []soakDoc // documents loaded and not freed, oldest first
	freed   []uint32
	statusN map[int]int
	main    bool // runs on the test's goroutine
}

type soakDoc struct {
	handle uint32
	sample *soakSample
}

// fatalf fails the test and ends the client's goroutine (t.FailNow may
// only be called from the test's own).
func (c *soakClient) fatalf(format string, args ...any) {
	c.t.Helper()
	c.t.Errorf(format, args...)
	if c.main {
		c.t.FailNow()
	}
	runtime.Goexit()
}

// send posts body to path with the frame content type (or typ) and the
// client's session; extra are header name/value pairs (a "Host" sets the
// Host). It returns the status and body.
func (c *soakClient) send(method, path, typ string, body []byte, extra ...string) (int, []byte) {
	c.t.Helper()
	r, err := http.NewRequest(method, c.base+path, bytes.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	r.Header.Set("Content-Type", typ)
	if c.token != "" {
		r.Header.Set(SessionHeader, c.token)
	}
	for i := 0; i+1 < len(extra); i += 2 {
		if extra[i] == "Host" {
			r.Host = extra[i+1]
		} else {
			r.Header.Set(extra[i], extra[i+1])
		}
	}
	resp, err := c.http.Do(r)
	if err != nil {
		c.fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		c.fatalf("%s %s: reading the answer: %v", method, path, err)
	}
	if tok := resp.Header.Get(SessionHeader); tok != "" && c.token == "" {
		c.token = tok
	}
	c.statusN[resp.StatusCode]++
	return resp.StatusCode, out
}

// api sends one protocol request and returns the decoded header and the
// whole frame; a 503 (all decode slots busy) is reported as busy.
func (c *soakClient) api(cmd string, handle uint32, args any, payload []byte) (a soakAnswer, frame []byte, busy bool) {
	c.t.Helper()
	req, err := engine.AppendRequest(nil, cmd, handle, args, payload)
	if err != nil {
		c.t.Fatal(err)
	}
	status, out := c.send(http.MethodPost, "/api", FrameType, req)
	if status == http.StatusServiceUnavailable && cmd == "load" {
		return a, nil, true
	}
	if status != http.StatusOK || len(out) < 4 {
		c.fatalf("%s: status %d: %.200s", cmd, status, out)
	}
	n := binary.LittleEndian.Uint32(out)
	if err := json.Unmarshal(out[4:4+n], &a); err != nil {
		c.fatalf("%s: header: %v", cmd, err)
	}
	return a, out, false
}

type soakAnswer struct {
	OK     bool            `json:"ok"`
	Result json.RawMessage `json:"result"`
	Error  *engine.Error   `json:"error"`
}

// loaded is what a load answers.
type loaded struct {
	Handle uint32 `json:"handle"`
	Spans  int    `json:"spans"`
}

func (a soakAnswer) loaded() (l loaded) {
	_ = json.Unmarshal(a.Result, &l)
	return l
}

// wantError checks that a request failed with the given kind.
func (c *soakClient) wantError(what, kind string, a soakAnswer) {
	c.t.Helper()
	if a.OK || a.Error == nil || a.Error.Kind != kind || a.Error.Message == "" || strings.Contains(a.Error.Message, "internal error") {
		c.fatalf("%s: %+v; want a %s", what, a, kind)
	}
}

func (c *soakClient) wantStatus(what string, want, got int, body []byte) {
	c.t.Helper()
	if got != want {
		c.fatalf("%s: status %d (%.200s); want %d", what, got, body, want)
	}
}

// load loads sample s, keeping at most 8 documents by freeing the oldest.
func (c *soakClient) load(s *soakSample) {
	c.t.Helper()
	a, _, busy := c.api("load", 0, nil, s.data)
	if busy {
		return
	}
	if l := a.loaded(); !a.OK || l.Spans != s.spans {
		c.fatalf("load %s: %+v; want %d spans", s.name, a, s.spans)
	}
	c.held = append(c.held, soakDoc{a.loaded().Handle, s})
	if len(c.held) > 8 {
		c.free()
	}
}

func (c *soakClient) free() {
	c.t.Helper()
	if len(c.held) == 0 {
		return
	}
	d := c.held[0]
	c.held = c.held[1:]
	if a, _, _ := c.api("free", d.handle, nil, nil); !a.OK {
		c.fatalf("free %d: %+v", d.handle, a)
	}
	c.freed = append(c.freed, d.handle)
}

// step sends request i of the mix: good loads and reads checked against
// the answers before the soak, malformed and absurd requests checked for
// their error kind or status.
func (c *soakClient) step(i int, samples []*soakSample) {
	c.t.Helper()
	s := samples[i%len(samples)]
	switch i % 20 {
	case 0, 1:
		c.load(s)
	case 2, 3, 4, 5:
		if len(c.held) == 0 {
			c.load(s)
			return
		}
		d := c.held[i%len(c.held)]
		q := soakQueries[i%len(soakQueries)]
		a, out, _ := c.api(q.cmd, d.handle, q.args, nil)
		if !a.OK || !bytes.Equal(out, d.sample.answers[q.name]) {
			c.fatalf("%s of %s after %d requests: %+v, %d bytes; want the %d bytes it gave before", q.name, d.sample.name, i, a, len(out), len(d.sample.answers[q.name]))
		}
	case 6:
		a, _, busy := c.api("load", 0, nil, []byte(`{"resourceSpans": [{"scopeSpans": [{"spans": [{"traceId": "xyz"`))
		if !busy {
			c.wantError("malformed load", "Error", a)
		}
	case 7:
		h := uint32(0)
		if len(c.held) > 0 {
			h = c.held[0].handle
		}
		for _, args := range []map[string]any{
			{"t0": 0, "t1": 1e12, "width": 1e308, "rows": 10},
			{"t0": -1e308, "t1": 1e308, "width": 800, "rows": 10},
			{"t0": 0, "t1": 1e9, "width": 800, "rows": 1 << 40, "tickGap": 1e-9},
		} {
			a, _, _ := c.api("layout", h, args, nil)
			c.wantError("absurd layout", "TypeError", a)
		}
	case 8:
		a, _, _ := c.api("no-such-command", 0, nil, nil)
		c.wantError("unknown command", "TypeError", a)
	case 9:
		if len(c.freed) > 0 {
			a, _, _ := c.api("summary", c.freed[i%len(c.freed)], nil, nil)
			c.wantError("freed handle", "TypeError", a)
		}
	case 10:
		if len(c.held) > 0 {
			a, _, _ := c.api("search", c.held[0].handle, map[string]any{"query": "((duration>"}, nil)
			c.wantError("bad query", "TypeError", a)
		}
	case 11:
		status, body := c.send(http.MethodPost, "/api", "text/plain", []byte("x"))
		c.wantStatus("text/plain frame", http.StatusUnsupportedMediaType, status, body)
	case 12:
		status, body := c.send(http.MethodPost, "/api", FrameType, nil, "Host", "evil.example:80")
		c.wantStatus("foreign Host", http.StatusMisdirectedRequest, status, body)
	case 13:
		status, body := c.send(http.MethodPost, "/api", FrameType, nil, "Origin", "https://evil.example")
		c.wantStatus("foreign Origin", http.StatusForbidden, status, body)
	case 14:
		status, body := c.send(http.MethodGet, "/api", FrameType, nil)
		c.wantStatus("GET", http.StatusMethodNotAllowed, status, body)
	case 15:
		tok := c.token
		c.token = "AAAAAAAAAAAAAAAAAAAAAAAAAA"
		status, body := c.send(http.MethodPost, "/api", FrameType, []byte{0, 0, 0, 0})
		c.token = tok
		c.wantStatus("unknown session", http.StatusUnauthorized, status, body)
	case 16:
		if i%200 == 16 { // an oversized body is costly: now and then
			status, body := c.send(http.MethodPost, "/api", FrameType, make([]byte, soakMaxBody+1))
			c.wantStatus("oversized body", http.StatusRequestEntityTooLarge, status, body)
		} else {
			a, _, _ := c.api("layout", 0, nil, nil)
			c.wantError("no handle", "TypeError", a)
		}
	case 17:
		status, body := c.send(http.MethodPost, "/analyze", "application/json", s.data)
		if status != http.StatusServiceUnavailable {
			c.wantStatus("/analyze", http.StatusOK, status, body)
		}
	case 18:
		status, body := c.send(http.MethodPost, "/render.svg", "application/json", s.data)
		if status != http.StatusServiceUnavailable {
			c.wantStatus("/render.svg", http.StatusOK, status, body)
		}
	case 19:
		status, body := c.send(http.MethodPost, "/api", FrameType, []byte{9, 0, 0})
		c.wantStatus("short frame", http.StatusOK, status, body)
		c.free()
	}
}

const soakMaxBody = 256 << 10

// TestSoak runs a real `spanlens serve` handler on a loopback listener
// and sends it 10,000 mixed requests from four clients at once: good
// loads and reads, malformed input, absurd layout numbers, unknown
// commands, freed handles, bad queries, and requests the gate refuses
// (foreign Host or Origin, wrong type or method, unknown session,
// oversized body). Every answer must be the expected one, the good reads
// byte for byte what they were before the soak; afterwards, with every
// document freed, the heap must be back near its start.
func TestSoak(t *testing.T) {
	if testing.Short() {
		t.Skip("soak: 10,000 requests")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h := New(Config{Addr: ln.Addr().String(), MaxBodyBytes: soakMaxBody})
	srv := NewServer(h)
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String()
	tr := &http.Transport{MaxIdleConnsPerHost: soakClients}
	defer tr.CloseIdleConnections()
	newClient := func() *soakClient {
		return &soakClient{t: t, base: base, http: &http.Client{Transport: tr, Timeout: time.Minute}, statusN: map[int]int{}}
	}

	// The answers before the soak, from a client of its own.
	var samples []*soakSample
	first := newClient()
	first.main = true
	for _, name := range []string{"jaeger/hotrod.json", "zipkin/shared_rpc.json", "chrome/async.json", "spanforge/multi_agent.jsonl", "otlp-json/genai-agent.json"} {
		data, err := os.ReadFile("../testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		s := &soakSample{name: name, data: data, answers: map[string][]byte{}}
		a, _, _ := first.api("load", 0, nil, data)
		if !a.OK {
			t.Fatalf("load %s: %+v", name, a)
		}
		l := a.loaded()
		s.spans = l.Spans
		for _, q := range soakQueries {
			b, out, _ := first.api(q.cmd, l.Handle, q.args, nil)
			if !b.OK {
				t.Fatalf("%s of %s: %+v", q.name, name, b)
			}
			s.answers[q.name] = out
		}
		first.api("free", l.Handle, nil, nil)
		samples = append(samples, s)
	}
	before := memFigures()

	start := time.Now()
	clients := make([]*soakClient, soakClients)
	var wg sync.WaitGroup
	for k := range clients {
		c := newClient()
		clients[k] = c
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := k; i < soakRequests; i += soakClients {
				c.step(i, samples)
				if t.Failed() {
					return
				}
			}
			for len(c.held) > 0 {
				c.free()
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if t.Failed() {
		return
	}
	// Every good input still gives the answers it gave before.
	for _, s := range samples {
		a, _, _ := first.api("load", 0, nil, s.data)
		l := a.loaded()
		if !a.OK || l.Spans != s.spans {
			t.Fatalf("load %s after the soak: %+v", s.name, a)
		}
		for _, q := range soakQueries {
			if b, out, _ := first.api(q.cmd, l.Handle, q.args, nil); !b.OK || !bytes.Equal(out, s.answers[q.name]) {
				t.Fatalf("%s of %s after the soak: %+v, %d bytes; want the %d bytes it gave before", q.name, s.name, b, len(out), len(s.answers[q.name]))
			}
		}
		first.api("free", l.Handle, nil, nil)
	}
	statuses := map[int]int{}
	for _, c := range clients {
		for s, n := range c.statusN {
			statuses[s] += n
		}
	}
	tr.CloseIdleConnections()
	after := memFigures()
	t.Logf("%d steps (%d HTTP requests) in %v; statuses %v; heap in use %s → %s, RSS %s → %s",
		soakRequests, sum(statuses), elapsed.Round(time.Millisecond), statuses, mib(before.heap), mib(after.heap), mib(before.rss), mib(after.rss))
	// Sessions outlive the soak (until --session-idle), each with an empty
	// engine; 16 MiB is far below one leaked document per request.
	if after.heap > before.heap+16<<20 {
		t.Errorf("heap in use %s after the soak, %s before", mib(after.heap), mib(before.heap))
	}
}

type mem struct{ heap, rss uint64 }

// memFigures returns the heap in use after a full collection, and the
// process's resident set where /proc tells it (0 elsewhere).
func memFigures() mem {
	runtime.GC()
	debug.FreeOSMemory()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	m := mem{heap: ms.HeapInuse}
	if b, err := os.ReadFile("/proc/self/statm"); err == nil {
		if f := strings.Fields(string(b)); len(f) > 1 {
			pages, _ := strconv.ParseUint(f[1], 10, 64)
			m.rss = pages * uint64(os.Getpagesize())
		}
	}
	return m
}

func mib(n uint64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }

func sum(m map[int]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}
