// Package httpapi serves spanlens over HTTP: the engine protocol
// (docs/protocol.md) at POST /api, with documents held per client session,
// beside stateless endpoints that take a trace and answer in one request.
// `spanlens serve` and the Cloudflare Worker both use it, so it touches
// neither os nor the file system and builds for js/wasm.
//
// The server is meant for a trusted machine, but any web page the user
// visits can send it requests, so every request passes one gate, in order:
//
//   - Host must name the bound address or an allowed host (421), which
//     defeats DNS rebinding;
//   - Origin, when sent, must be the server's own or an allowed one (403);
//     only allowed origins get CORS headers;
//   - the route must exist (404) and take the method (405, with Allow);
//   - the content type must be the route's own (415): never one of the
//     three a page may send cross-origin without a preflight;
//   - the body must fit MaxBodyBytes, after gzip too (413), and is never
//     read past it;
//   - a decode needs one of MaxDecodes slots (503).
package httpapi

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// FrameType is the content type of protocol frames, both ways. It is not
// one a page may send cross-origin without a preflight.
const FrameType = "application/x-spanlens-frame"

// SessionHeader carries a client's session token: the server hands it out
// on the first /api response and the client sends it on every later one.
const SessionHeader = "Spanlens-Session"

// Handler is the spanlens HTTP surface. It is safe for concurrent use.
type Handler struct {
	cfg      Config
	hosts    map[string]bool
	anyHost  bool
	origins  map[string]bool
	decodes  chan struct{}
	sessions sessions
	routes   map[string]route
	now      func() time.Time
}

// route is one endpoint: it takes POST bodies of the accepted media types.
type route struct {
	accepts func(mediaType string) bool
	want    string // the accepted types, for the 415 message
	// session, if set, is resolved before the body is read.
	session bool
	// decode, if set, takes a decode slot before the body is read.
	decode bool
	serve  func(h *Handler, w http.ResponseWriter, r *http.Request, c *reqCtx)
	// fail, if set, answers the route's errors in its own shape.
	fail func(h *Handler, w http.ResponseWriter, r *http.Request, err error)
}

// reqCtx is what the gate hands a route.
type reqCtx struct {
	body []byte
	sess *session
	slot bool // holds a decode slot
}

// New returns a Handler for cfg (zero fields take Defaults).
func New(cfg Config) *Handler {
	cfg = cfg.withDefaults()
	h := &Handler{
		cfg:     cfg,
		hosts:   map[string]bool{},
		origins: map[string]bool{},
		decodes: make(chan struct{}, cfg.MaxDecodes),
		now:     time.Now,
	}
	h.sessions.m = map[string]*session{}
	for _, s := range boundHosts(cfg.Addr) {
		h.hosts[s] = true
	}
	for _, s := range cfg.AllowHosts {
		if s == "*" {
			h.anyHost = true
		}
		h.hosts[strings.ToLower(s)] = true
	}
	for _, o := range cfg.AllowOrigins {
		h.origins[strings.TrimSuffix(strings.ToLower(o), "/")] = true
	}
	h.routes = map[string]route{
		"/api":        {accepts: isType(FrameType), want: FrameType, session: true, serve: (*Handler).serveAPI},
		"/analyze":    {accepts: isTraceType, want: traceTypes, decode: true, serve: (*Handler).serveAnalyze},
		"/render.svg": {accepts: isTraceType, want: traceTypes, decode: true, serve: (*Handler).serveSVG},
		"/convert":    {accepts: isTraceType, want: traceTypes, decode: true, serve: (*Handler).serveConvert},
		"/v1/traces":  {accepts: isOTLPType, want: otlpProto + " or " + otlpJSON, decode: true, serve: (*Handler).serveOTLP, fail: (*Handler).failOTLP},
	}
	return h
}

// NewServer returns an http.Server for h with the Config's timeouts: a
// client that trickles its headers or body is cut off, and idle keep-alive
// connections are closed.
func NewServer(h *Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: h.cfg.ReadHeaderTimeout,
		ReadTimeout:       h.cfg.ReadTimeout,
		WriteTimeout:      h.cfg.WriteTimeout,
		IdleTimeout:       h.cfg.IdleTimeout,
		MaxHeaderBytes:    64 << 10,
	}
}

// boundHosts lists the Host values that name addr: for a loopback or
// unspecified address, every loopback spelling of its port.
func boundHosts(addr string) []string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil
	}
	names := []string{strings.ToLower(host)}
	if ip := net.ParseIP(host); host == "" || host == "localhost" || ip != nil && (ip.IsLoopback() || ip.IsUnspecified()) {
		names = []string{"127.0.0.1", "localhost", "::1"}
	}
	var out []string
	for _, n := range names {
		out = append(out, net.JoinHostPort(n, port))
		if port == "80" { // browsers leave the default port out
			out = append(out, strings.TrimSuffix(net.JoinHostPort(n, port), ":80"))
		}
	}
	return out
}

// isType returns a test for one media type.
func isType(want string) func(string) bool {
	return func(t string) bool { return t == want }
}

// ServeHTTP runs the gate, then the route.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !h.anyHost && !h.hosts[strings.ToLower(r.Host)] {
		h.fail(w, &httpError{http.StatusMisdirectedRequest, "Error", fmt.Sprintf(
			"spanlens: Host %q is not this server's (%s); allow it with --allow-host (Config.AllowHosts)", r.Host, h.hostList())})
		return
	}
	if strings.HasPrefix(r.URL.Path, tracesPrefix) {
		h.serveTraces(w, r)
		return
	}
	origin := r.Header.Get("Origin")
	cors := false
	if origin != "" {
		cors = h.origins[strings.ToLower(origin)]
		if !cors && !sameOrigin(origin, r.Host) {
			h.fail(w, &httpError{http.StatusForbidden, "Error", fmt.Sprintf(
				"spanlens: pages from origin %q may not call this server; allow it with --allow-origin (Config.AllowOrigins)", origin)})
			return
		}
		w.Header().Add("Vary", "Origin")
	}
	if cors {
		w.Header().Set("Access-Control-Allow-Origin", origin)
		w.Header().Set("Access-Control-Expose-Headers", SessionHeader)
	}
	rt, ok := h.routes[r.URL.Path]
	if !ok && h.serveStatic(w, r) {
		return
	}
	if !ok {
		h.fail(w, &httpError{http.StatusNotFound, "Error", fmt.Sprintf("spanlens: no endpoint %s (have %s)", r.URL.Path, h.routeList())})
		return
	}
	fail := func(err error) {
		if rt.fail != nil {
			rt.fail(h, w, r, err)
		} else {
			h.fail(w, err)
		}
	}
	switch r.Method {
	case http.MethodPost:
	case http.MethodOptions:
		if cors {
			w.Header().Set("Access-Control-Allow-Methods", "POST")
			w.Header().Set("Access-Control-Allow-Headers", "Content-Type, Content-Encoding, "+SessionHeader)
			w.Header().Set("Access-Control-Max-Age", "600")
		}
		w.Header().Set("Allow", "POST, OPTIONS")
		w.WriteHeader(http.StatusNoContent)
		return
	default:
		w.Header().Set("Allow", "POST, OPTIONS")
		fail(&httpError{http.StatusMethodNotAllowed, "Error", fmt.Sprintf("spanlens: %s takes POST, not %s", r.URL.Path, r.Method)})
		return
	}
	if !rt.accepts(requestType(r)) {
		fail(&httpError{http.StatusUnsupportedMediaType, "TypeError", fmt.Sprintf(
			"spanlens: %s takes Content-Type %s, got %q", r.URL.Path, rt.want, r.Header.Get("Content-Type"))})
		return
	}
	c := &reqCtx{}
	defer func() {
		if c.slot {
			<-h.decodes
		}
	}()
	if rt.session {
		s, err := h.sessions.open(h, r.Header.Get(SessionHeader))
		if err != nil {
			fail(err)
			return
		}
		defer h.sessions.done(h, s)
		w.Header().Set(SessionHeader, s.token)
		c.sess = s
	}
	// A body that may be big holds a decode slot while it is read, so
	// that the slots bound the memory of buffered bodies too.
	if rt.decode || r.ContentLength < 0 || r.ContentLength > smallBody {
		if err := h.acquire(c); err != nil {
			fail(err)
			return
		}
	}
	body, err := h.readBody(w, r)
	if err != nil {
		fail(err)
		return
	}
	c.body = body
	rt.serve(h, w, r, c)
}

// smallBody is the size below which a body is read without a decode slot.
const smallBody = 1 << 20

// acquire takes a decode slot for c unless it holds one, or fails with 503
// without waiting: a queue of big bodies would hold their memory anyway.
func (h *Handler) acquire(c *reqCtx) error {
	if c.slot {
		return nil
	}
	select {
	case h.decodes <- struct{}{}:
		c.slot = true
		return nil
	default:
		return &httpError{http.StatusServiceUnavailable, "Error", fmt.Sprintf(
			"spanlens: %d decodes are already running; retry later or raise --max-decodes (Config.MaxDecodes)", h.cfg.MaxDecodes)}
	}
}

// readBody reads the request body, refusing one over MaxBodyBytes (before
// reading when Content-Length says so) and decompressing gzip within the
// same bound.
func (h *Handler) readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	limit := h.cfg.MaxBodyBytes
	tooBig := &httpError{http.StatusRequestEntityTooLarge, "LimitError", fmt.Sprintf(
		"spanlens: %s: request body exceeds %d bytes; raise --max-body (Config.MaxBodyBytes)", r.URL.Path, limit)}
	if r.ContentLength > limit {
		return nil, tooBig
	}
	body := http.MaxBytesReader(w, r.Body, limit)
	var src io.Reader = body
	enc := strings.ToLower(strings.TrimSpace(r.Header.Get("Content-Encoding")))
	switch enc {
	case "", "identity":
	case "gzip":
		zr, err := gzip.NewReader(body)
		if err != nil {
			return nil, bodyError(err, tooBig)
		}
		src = zr
	default:
		return nil, &httpError{http.StatusUnsupportedMediaType, "TypeError", fmt.Sprintf(
			"spanlens: %s: Content-Encoding %q is not supported (want gzip or none)", r.URL.Path, enc)}
	}
	var buf bytes.Buffer
	if enc == "" && r.ContentLength > 0 {
		buf.Grow(int(r.ContentLength))
	}
	if _, err := buf.ReadFrom(io.LimitReader(src, limit+1)); err != nil {
		return nil, bodyError(err, tooBig)
	}
	if int64(buf.Len()) > limit { // only gzip gets here: MaxBytesReader stops the rest
		return nil, &httpError{http.StatusRequestEntityTooLarge, "LimitError", fmt.Sprintf(
			"spanlens: %s: gzip body decompresses to more than %d bytes; raise --max-body (Config.MaxBodyBytes)", r.URL.Path, limit)}
	}
	return buf.Bytes(), nil
}

// bodyError classifies a failed body read.
func bodyError(err error, tooBig *httpError) *httpError {
	var mb *http.MaxBytesError
	var ne net.Error
	switch {
	case errors.As(err, &mb):
		return tooBig
	case errors.As(err, &ne) && ne.Timeout():
		return &httpError{http.StatusRequestTimeout, "Error", fmt.Sprintf("spanlens: request body: %v; raise --read-timeout (Config.ReadTimeout)", err)}
	default:
		return &httpError{http.StatusBadRequest, "Error", fmt.Sprintf("spanlens: request body: %v", err)}
	}
}

// httpError is a request refused by the gate or a route.
type httpError struct {
	status  int
	kind    string // as the protocol's error kinds: TypeError, LimitError, Error
	message string
}

func (e *httpError) Error() string { return e.message }

// requestType is the request's media type, without parameters.
func requestType(r *http.Request) string {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return mt
}

func asHTTPError(err error) *httpError {
	var he *httpError
	if errors.As(err, &he) {
		return he
	}
	return &httpError{http.StatusInternalServerError, "Error", err.Error()}
}

// fail answers err as JSON: {"error": {"kind": ..., "message": ...}}.
func (h *Handler) fail(w http.ResponseWriter, err error) {
	he := asHTTPError(err)
	writeJSON(w, he.status, map[string]any{"error": map[string]string{"kind": he.kind, "message": he.message}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"error":{"kind":"Error","message":"spanlens: encoding the answer failed"}}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)+1))
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

// sameOrigin reports whether origin is the page origin of host itself.
func sameOrigin(origin, host string) bool {
	u, err := url.Parse(origin)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Path == "" && strings.EqualFold(u.Host, host)
}

func (h *Handler) hostList() string {
	var s []string
	for k := range h.hosts {
		s = append(s, k)
	}
	sort.Strings(s)
	return strings.Join(s, ", ")
}

func (h *Handler) routeList() string {
	var s []string
	for k := range h.routes {
		s = append(s, k)
	}
	sort.Strings(s)
	return strings.Join(s, ", ")
}
