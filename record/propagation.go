package record

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/spanlens/spanlens/core/model"
)

// W3C Trace Context (https://www.w3.org/TR/trace-context/) and Baggage
// (https://www.w3.org/TR/baggage/) headers.
const (
	TraceparentHeader = "traceparent"
	BaggageHeader     = "baggage"
)

// Baggage header limits from the W3C Baggage specification: members
// beyond them are not sent, and not read.
const (
	maxBaggageMembers = 64
	maxBaggageBytes   = 8192
)

// SpanContext is what crosses a process boundary: the trace, the calling
// span, whether it was sampled, and the baggage.
type SpanContext struct {
	TraceID model.TraceID
	SpanID  model.SpanID
	Sampled bool
	Baggage []Member
}

// Valid reports whether sc names a trace and a span.
func (sc SpanContext) Valid() bool { return !sc.TraceID.IsZero() && !sc.SpanID.IsZero() }

// Traceparent is sc as a traceparent header value, "" when invalid.
func (sc SpanContext) Traceparent() string {
	if !sc.Valid() {
		return ""
	}
	flags := "00"
	if sc.Sampled {
		flags = "01"
	}
	return "00-" + sc.TraceID.String() + "-" + sc.SpanID.String() + "-" + flags
}

// Context returns the span's context for propagation. A LazyStart trace
// becomes real here: a downstream service is about to refer to its root.
func (s *Span) Context() SpanContext {
	if s == nil {
		return SpanContext{}
	}
	r := s.rec
	r.mu.Lock()
	defer r.mu.Unlock()
	if s.lazy && !r.ended {
		s.lazy = false
		r.recordLocked(s)
	}
	return SpanContext{TraceID: s.sp.TraceID, SpanID: s.sp.ID, Sampled: true, Baggage: s.baggage}
}

// Traceparent is the span's traceparent header value, for outgoing
// requests made without Inject.
func (s *Span) Traceparent() string { return s.Context().Traceparent() }

// Inject writes the current span of ctx into h as traceparent and baggage
// headers; outside a recording it leaves h alone.
func Inject(ctx context.Context, h http.Header) {
	s := SpanFrom(ctx)
	if s == nil || h == nil {
		return
	}
	sc := s.Context()
	h.Set(TraceparentHeader, sc.Traceparent())
	if b := encodeBaggage(sc.Baggage); b != "" {
		h.Set(BaggageHeader, b)
	} else {
		h.Del(BaggageHeader)
	}
}

// Extract reads traceparent and baggage headers; a missing or malformed
// traceparent gives an invalid SpanContext (check Valid), and malformed
// baggage members are skipped.
func Extract(h http.Header) SpanContext {
	var sc SpanContext
	if h == nil {
		return sc
	}
	sc, _ = ParseTraceparent(h.Get(TraceparentHeader))
	sc.Baggage = parseBaggage(h.Values(BaggageHeader))
	return sc
}

// ParseTraceparent parses a traceparent header value: version-traceid-
// spanid-flags in lowercase hex; versions above 00 may carry more fields
// after a dash, as the specification allows.
func ParseTraceparent(v string) (SpanContext, error) {
	v = strings.TrimSpace(v)
	const n = 55 // 2+1+32+1+16+1+2
	if len(v) < n || len(v) > n && (v[:2] == "00" || v[n] != '-') {
		return SpanContext{}, fmt.Errorf("record: traceparent %q: want 00-<32 hex>-<16 hex>-<2 hex>, %d characters", v, n)
	}
	if v[2] != '-' || v[35] != '-' || v[52] != '-' || !lowerHex(v[:2]) || v[:2] == "ff" ||
		!lowerHex(v[3:35]) || !lowerHex(v[36:52]) || !lowerHex(v[53:55]) {
		return SpanContext{}, fmt.Errorf("record: traceparent %q: want 00-<32 hex>-<16 hex>-<2 hex> in lowercase", v)
	}
	t, _ := model.ParseTraceID([]byte(v[3:35]))
	s, _ := model.ParseSpanID([]byte(v[36:52]))
	if t.IsZero() || s.IsZero() {
		return SpanContext{}, fmt.Errorf("record: traceparent %q: all-zero trace or span id", v)
	}
	flags, _ := strconv.ParseUint(v[53:55], 16, 8)
	return SpanContext{TraceID: t, SpanID: s, Sampled: flags&1 == 1}, nil
}

func lowerHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// encodeBaggage writes members as a baggage header, percent-encoding
// values, within the specification's limits.
func encodeBaggage(ms []Member) string {
	var b strings.Builder
	for i, m := range ms {
		if i == maxBaggageMembers {
			break
		}
		entry := url.PathEscape(m.Key) + "=" + url.PathEscape(m.Value)
		if b.Len()+len(entry)+1 > maxBaggageBytes {
			break
		}
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(entry)
	}
	return b.String()
}

// parseBaggage reads baggage header values; properties (";...") are
// dropped and later duplicates win.
func parseBaggage(values []string) []Member {
	var out []Member
	size := 0
	for _, v := range values {
		size += len(v)
		if size > maxBaggageBytes {
			break
		}
		for _, item := range strings.Split(v, ",") {
			item, _, _ = strings.Cut(item, ";")
			k, val, ok := strings.Cut(item, "=")
			k, val = strings.TrimSpace(k), strings.TrimSpace(val)
			if !ok || k == "" {
				continue
			}
			key, err1 := url.PathUnescape(k)
			value, err2 := url.PathUnescape(val)
			if err1 != nil || err2 != nil {
				continue
			}
			out = setMember(out, Member{key, value})
			if len(out) == maxBaggageMembers {
				return out
			}
		}
	}
	return out
}

func setMember(ms []Member, m Member) []Member {
	for i := range ms {
		if ms[i].Key == m.Key {
			ms[i] = m
			return ms
		}
	}
	return append(ms, m)
}

// Middleware records every request next serves as a trace of its own
// (kind server), continuing the caller's trace when the request carries a
// traceparent; the handler finds the span with SpanFrom(r.Context()).
// opts apply to every trace (Export, OnEnd, Service, ...).
func Middleware(next http.Handler, opts ...TraceOption) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		o := append([]TraceOption{RemoteParent(Extract(r.Header))}, opts...)
		ctx, tr := StartTrace(r.Context(), r.Method+" "+r.URL.Path, o...)
		root := tr.Root()
		root.mu().Lock()
		root.sp.Kind = model.KindServer
		root.mu().Unlock()
		root.setAttrs("http.request.method", r.Method, "url.path", r.URL.Path)
		sw := &statusWriter{ResponseWriter: w, code: http.StatusOK}
		defer func() {
			if v := recover(); v != nil {
				root.panicked(v)
				tr.End()
				panic(v)
			}
			root.SetAttribute("http.response.status_code", sw.code)
			if sw.code >= 500 {
				root.SetStatus(StatusError, http.StatusText(sw.code))
			}
			tr.End()
		}()
		next.ServeHTTP(sw, r.WithContext(ctx))
	})
}

// statusWriter remembers the status code a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	code  int
	wrote bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wrote {
		w.code, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Transport is an http.RoundTripper that records each request made with
// a context inside a recording as a client span (ended when the response
// headers arrive) and sends the trace context with it.
type Transport struct {
	// Base makes the requests; nil is http.DefaultTransport.
	Base http.RoundTripper
}

// RoundTrip implements http.RoundTripper.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	base := t.Base
	if base == nil {
		base = http.DefaultTransport
	}
	ctx, s := Start(req.Context(), "HTTP "+req.Method, Kind(model.KindClient),
		Attrs("http.request.method", req.Method, "url.full", req.URL.Redacted(), "server.address", req.URL.Hostname()))
	if s == nil {
		return base.RoundTrip(req)
	}
	out := req.Clone(ctx)
	Inject(ctx, out.Header)
	resp, err := base.RoundTrip(out)
	if err != nil {
		s.RecordError(err)
	} else {
		s.SetAttribute("http.response.status_code", resp.StatusCode)
		if resp.StatusCode >= 400 {
			s.SetStatus(StatusError, resp.Status)
		}
	}
	s.End()
	return resp, err
}
