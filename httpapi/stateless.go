package httpapi

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/spanlens/spanlens"
	"github.com/spanlens/spanlens/core/ingest"
)

// The stateless endpoints take a trace as the body and answer in the same
// request, so that any instance can serve any request: a Cloudflare
// Worker's isolates share no memory.
//
//	POST /analyze?format=              summary, critical paths, errors (JSON)
//	POST /render.svg?view=&width=&theme=&trace=&maxRows=&criticalPath=
//	POST /convert?to=otlp-json|otlp-proto|jaeger|zipkin|chrome
//	POST /v1/traces                    an OTLP/HTTP receiver (see otlp.go)
//
// Each takes format= (default: detect) and adjustSkew=true where it
// matters; unknown parameters are refused.

// isTraceType accepts any declared media type but the three a page may
// send cross-origin without a preflight.
func isTraceType(t string) bool {
	switch t {
	case "", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data":
		return false
	}
	return true
}

const traceTypes = "the trace's own type (application/json, application/x-protobuf, application/x-ndjson, application/octet-stream; not text/plain or a form)"

// params reads a request's query, refusing names it does not take.
type params struct {
	q   url.Values
	err error
}

func newParams(r *http.Request, allowed ...string) *params {
	p := &params{q: r.URL.Query()}
	for k := range p.q {
		if !contains(allowed, k) {
			sort.Strings(allowed)
			p.err = badRequest("%s: unknown parameter %q (have %s)", r.URL.Path, k, strings.Join(allowed, ", "))
		}
	}
	return p
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (p *params) str(name string) string { return p.q.Get(name) }

// int reads an integer parameter in [lo, hi], def when absent.
func (p *params) int(name string, def, lo, hi int) int {
	s := p.q.Get(name)
	if s == "" || p.err != nil {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		p.err = badRequest("parameter %s=%q: want an integer in %d..%d", name, s, lo, hi)
		return def
	}
	return n
}

func (p *params) bool(name string) bool {
	s := p.q.Get(name)
	if s == "" || p.err != nil {
		return false
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		p.err = badRequest("parameter %s=%q: want true or false", name, s)
	}
	return b
}

func badRequest(format string, args ...any) *httpError {
	return &httpError{http.StatusBadRequest, "TypeError", "spanlens: " + fmt.Sprintf(format, args...)}
}

// open decodes the body within the server's limits.
func (h *Handler) open(body []byte, format string, adjustSkew bool) (*spanlens.Document, error) {
	d, err := spanlens.Open(body, spanlens.Options{Format: spanlens.Format(format), Limits: h.cfg.Limits, AdjustSkew: adjustSkew})
	if err != nil {
		return nil, h.docError(err)
	}
	return d, nil
}

// docError maps a Document error to its status: limits are 413, the rest
// is the input's or the arguments' fault.
func (h *Handler) docError(err error) *httpError {
	var le *spanlens.LimitError
	var ae *spanlens.ArgError
	switch {
	case errors.As(err, &le):
		if lf, ok := ingest.LookupLimit(le.Limit); ok {
			le.Knob = h.limitName(lf)
		}
		return &httpError{http.StatusRequestEntityTooLarge, "LimitError", err.Error()}
	case errors.As(err, &ae):
		return &httpError{http.StatusBadRequest, "TypeError", err.Error()}
	default:
		return &httpError{http.StatusBadRequest, "Error", err.Error()}
	}
}

// Analysis is what POST /analyze answers: the document's statistics
// (tokens and cost included), each trace's critical path and the failed
// spans, with the names a client without the document needs.
type Analysis struct {
	Format        spanlens.Format      `json:"format"`
	Spans         int                  `json:"spans"`
	Traces        []spanlens.TraceInfo `json:"traces"`
	Summary       *spanlens.Summary    `json:"summary"`
	CriticalPaths [][]spanlens.Segment `json:"criticalPaths"` // per trace, in Traces order
	Errors        []spanlens.ErrorSpan `json:"errors"`
	Warnings      []spanlens.Warning   `json:"warnings"`
}

func (h *Handler) serveAnalyze(w http.ResponseWriter, r *http.Request, c *reqCtx) {
	p := newParams(r, "format", "adjustSkew")
	format, skew := p.str("format"), p.bool("adjustSkew")
	if p.err != nil {
		h.fail(w, p.err)
		return
	}
	d, err := h.open(c.body, format, skew)
	if err != nil {
		h.fail(w, err)
		return
	}
	a := Analysis{
		Format: d.Format(), Spans: d.Len(), Traces: d.Traces(), Summary: d.Summary(),
		CriticalPaths: [][]spanlens.Segment{}, Errors: d.Errors(), Warnings: d.Warnings(),
	}
	for t := range a.Traces {
		segs, err := d.CriticalPath(t)
		if err != nil {
			h.fail(w, err)
			return
		}
		a.CriticalPaths = append(a.CriticalPaths, segs)
	}
	writeJSON(w, http.StatusOK, a)
}

func (h *Handler) serveSVG(w http.ResponseWriter, r *http.Request, c *reqCtx) {
	p := newParams(r, "format", "adjustSkew", "view", "width", "theme", "trace", "maxRows", "criticalPath", "title")
	format, skew := p.str("format"), p.bool("adjustSkew")
	o := spanlens.SVGOptions{
		View: p.str("view"), Theme: p.str("theme"), Title: p.str("title"),
		// Given, they must be positive; their upper bounds are the Document's (svg.Options.Validate).
		Width:        p.int("width", 0, 1, math.MaxInt32),
		Trace:        p.int("trace", -1, -1, 1<<31-1),
		MaxRows:      p.int("maxRows", 0, 1, math.MaxInt32),
		CriticalPath: p.bool("criticalPath"),
	}
	if p.err != nil {
		h.fail(w, p.err)
		return
	}
	d, err := h.open(c.body, format, skew)
	if err != nil {
		h.fail(w, err)
		return
	}
	out, err := d.SVG(o)
	if err != nil {
		h.fail(w, h.docError(err))
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Content-Length", strconv.Itoa(len(out)))
	w.Write(out)
}

func (h *Handler) serveConvert(w http.ResponseWriter, r *http.Request, c *reqCtx) {
	p := newParams(r, "format", "to")
	format, to := p.str("format"), spanlens.Format(p.str("to"))
	if p.err == nil && !contains(formatNames(spanlens.ConvertFormats()), string(to)) {
		p.err = badRequest("/convert: parameter to=%q: want one of %s", to, strings.Join(formatNames(spanlens.ConvertFormats()), ", "))
	}
	if p.err != nil {
		h.fail(w, p.err)
		return
	}
	d, err := h.open(c.body, format, false)
	if err != nil {
		h.fail(w, err)
		return
	}
	out, err := d.AppendConvert(nil, to)
	if err != nil {
		h.fail(w, h.docError(err))
		return
	}
	ctype := "application/json"
	if to == "otlp-proto" {
		ctype = "application/x-protobuf"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Length", strconv.Itoa(len(out)))
	w.Write(out)
}

func formatNames(fs []spanlens.Format) []string {
	s := make([]string, len(fs))
	for k, f := range fs {
		s[k] = string(f)
	}
	return s
}

// limitName is how the operator raises limit lf.
func (h *Handler) limitName(lf ingest.LimitField) string {
	if h.cfg.LimitName != nil {
		return h.cfg.LimitName(lf)
	}
	return "--" + lf.Flag()
}
