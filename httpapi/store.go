package httpapi

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/spanlens/spanlens"
	"github.com/spanlens/spanlens/core/export"
	"github.com/spanlens/spanlens/core/model"
)

// With a Store configured, POST /v1/traces keeps the spans it accepts and
// GET /traces/{id} returns every span stored for one trace id as one
// OTLP/JSON TracesData. Exports of one trace arrive in many requests, to
// many isolates that share no memory, and Cloudflare KV can neither
// append nor lock, so each export writes a key of its own per trace
//
//	traces/<32 hex trace id>/<20-digit unix nanoseconds>-<8 random hex>
//
// holding that trace's spans of the export as OTLP/JSON, and a read lists
// the trace's keys (in key order, so by arrival) and merges them. Without
// a Store, GET /traces/{id} answers 501.
//
// GET /traces/{id} sends Access-Control-Allow-Origin: * whatever the
// Origin: it reads, changes nothing, takes no credentials, and answers
// only to whoever knows the trace id, which a page could send with curl's
// help anyway. Every other route keeps the Origin rule (AllowOrigins),
// since a page that may POST could spend the server's CPU and storage.

// Store is a flat key-value store with prefix listing, as Cloudflare KV
// and R2 both are. Implementations must be safe for concurrent use.
type Store interface {
	// Put stores value under key, replacing any value there.
	Put(ctx context.Context, key string, value []byte) error
	// Get returns key's value, or nil and no error when it holds none
	// (an eventually consistent List may name a key Get cannot see yet).
	Get(ctx context.Context, key string) ([]byte, error)
	// List returns up to limit keys that begin with prefix, in
	// lexicographic order.
	List(ctx context.Context, prefix string, limit int) ([]string, error)
}

// tracesPrefix is the route of stored traces, and the prefix of their keys.
const tracesPrefix = "/traces/"

// traceKeyPrefix is where the chunks of trace id are stored.
func traceKeyPrefix(id string) string { return "traces/" + id + "/" }

// storeSpans writes the spans of d with both ids, one chunk per trace.
func (h *Handler) storeSpans(ctx context.Context, d *spanlens.Document) error {
	b := d.Batch()
	byTrace := map[model.TraceID][]model.Span{}
	var order []model.TraceID
	for _, s := range b.Spans {
		if s.TraceID.IsZero() || s.ID.IsZero() {
			continue
		}
		if _, ok := byTrace[s.TraceID]; !ok {
			order = append(order, s.TraceID)
		}
		byTrace[s.TraceID] = append(byTrace[s.TraceID], s)
	}
	var suffix [4]byte
	rand.Read(suffix[:])
	stamp := fmt.Sprintf("%020d-%s", h.now().UnixNano(), hex.EncodeToString(suffix[:]))
	for _, id := range order {
		// Spans keep their resource and scope indexes, so the sub-batch
		// shares the export's tables; the encoder writes only the
		// resources its spans use.
		sub := &model.Batch{Format: b.Format, Spans: byTrace[id], Resources: b.Resources, Scopes: b.Scopes}
		key := traceKeyPrefix(id.String()) + stamp
		if err := h.cfg.Store.Put(ctx, key, export.AppendOTLPJSON(nil, sub)); err != nil {
			return &httpError{http.StatusServiceUnavailable, "Error", fmt.Sprintf("spanlens: storing trace %s: %v", id, err)}
		}
	}
	return nil
}

// serveTraces answers GET /traces/{id}. It runs after the Host check and
// instead of the Origin check (see above).
func (h *Handler) serveTraces(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	const allow = "GET, HEAD, OPTIONS"
	switch r.Method {
	case http.MethodGet, http.MethodHead:
	case http.MethodOptions:
		w.Header().Set("Access-Control-Allow-Methods", allow)
		w.Header().Set("Access-Control-Max-Age", "600")
		w.Header().Set("Allow", allow)
		w.WriteHeader(http.StatusNoContent)
		return
	default:
		w.Header().Set("Allow", allow)
		h.fail(w, &httpError{http.StatusMethodNotAllowed, "Error", fmt.Sprintf("spanlens: %s takes GET, not %s", r.URL.Path, r.Method)})
		return
	}
	id := strings.ToLower(strings.TrimPrefix(r.URL.Path, tracesPrefix))
	if !isTraceID(id) {
		h.fail(w, badRequest("%s: want /traces/ and a trace id of 32 hex digits, got %q", r.URL.Path, id))
		return
	}
	if h.cfg.Store == nil {
		h.fail(w, &httpError{http.StatusNotImplemented, "Error", fmt.Sprintf(
			"spanlens: %s: this server stores no traces; give it a KV namespace or an R2 bucket (Config.Store)", r.URL.Path)})
		return
	}
	out, err := h.loadTrace(r.Context(), id)
	if err != nil {
		h.fail(w, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	// Later exports add spans to the trace: never reuse an old copy.
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("Content-Length", strconv.Itoa(len(out)))
	if r.Method == http.MethodGet {
		w.Write(out)
	}
}

// loadTrace merges the stored chunks of trace id into one TracesData.
func (h *Handler) loadTrace(ctx context.Context, id string) ([]byte, error) {
	max := h.cfg.MaxTraceChunks
	keys, err := h.cfg.Store.List(ctx, traceKeyPrefix(id), max+1)
	if err != nil {
		return nil, &httpError{http.StatusServiceUnavailable, "Error", fmt.Sprintf("spanlens: listing trace %s: %v", id, err)}
	}
	if len(keys) > max {
		return nil, &httpError{http.StatusRequestEntityTooLarge, "LimitError", fmt.Sprintf(
			"spanlens: trace %s was stored in more than %d exports; raise Config.MaxTraceChunks", id, max)}
	}
	out := []byte(`{"resourceSpans":[`)
	n := 0
	for _, k := range keys {
		v, err := h.cfg.Store.Get(ctx, k)
		if err != nil {
			return nil, &httpError{http.StatusServiceUnavailable, "Error", fmt.Sprintf("spanlens: reading %s: %v", k, err)}
		}
		if v == nil {
			continue
		}
		var td struct {
			ResourceSpans []json.RawMessage `json:"resourceSpans"`
		}
		if err := json.Unmarshal(v, &td); err != nil {
			return nil, &httpError{http.StatusInternalServerError, "Error", fmt.Sprintf("spanlens: stored %s is not OTLP/JSON: %v", k, err)}
		}
		for _, rs := range td.ResourceSpans {
			if n > 0 {
				out = append(out, ',')
			}
			out = append(out, rs...)
			n++
		}
		if int64(len(out)) > h.cfg.Limits.MaxBytes {
			return nil, &httpError{http.StatusRequestEntityTooLarge, "LimitError", fmt.Sprintf(
				"spanlens: trace %s: stored spans exceed %d bytes; raise --max-bytes (Config.Limits.MaxBytes)", id, h.cfg.Limits.MaxBytes)}
		}
	}
	if n == 0 {
		return nil, &httpError{http.StatusNotFound, "Error", fmt.Sprintf("spanlens: no spans are stored for trace %s", id)}
	}
	return append(out, "]}"...), nil
}

func isTraceID(s string) bool {
	if len(s) != 32 {
		return false
	}
	for _, c := range []byte(s) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
