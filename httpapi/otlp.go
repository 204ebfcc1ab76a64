package httpapi

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/spanlens/spanlens"
	"github.com/spanlens/spanlens/internal/wire"
)

// POST /v1/traces is an OTLP/HTTP trace receiver (the OTLP specification's
// "OTLP/HTTP"): an ExportTraceServiceRequest in protobuf
// (application/x-protobuf) or JSON (application/json), gzip allowed. It
// decodes and validates the spans, stores them when Config.Store is set
// (store.go), and answers as a collector does: 200 with an
// ExportTraceServiceResponse whose partialSuccess counts the spans it refused, or 400 with a google.rpc.Status
// for a request it cannot decode, each in the request's encoding.

const (
	otlpProto = "application/x-protobuf"
	otlpJSON  = "application/json"
)

func isOTLPType(t string) bool { return t == otlpProto || t == otlpJSON }

func (h *Handler) serveOTLP(w http.ResponseWriter, r *http.Request, c *reqCtx) {
	if p := newParams(r); p.err != nil {
		h.failOTLP(w, r, p.err)
		return
	}
	format := spanlens.Format("otlp-json")
	if requestType(r) == otlpProto {
		format = "otlp-proto"
	}
	d, err := h.open(c.body, string(format), false)
	if err != nil {
		h.failOTLP(w, r, err)
		return
	}
	// A span without both ids cannot be stored or joined to its trace.
	rejected := 0
	for i := range d.Batch().Spans {
		s := &d.Batch().Spans[i]
		if s.TraceID.IsZero() || s.ID.IsZero() {
			rejected++
		}
	}
	if h.cfg.Store != nil {
		if err := h.storeSpans(r.Context(), d); err != nil {
			h.failOTLP(w, r, err)
			return
		}
	}
	msg := ""
	if rejected > 0 {
		msg = fmt.Sprintf("%d of %d spans have no trace id or span id", rejected, d.Len())
	}
	if requestType(r) == otlpProto {
		var b []byte
		if rejected > 0 { // ExportTraceServiceResponse{partial_success: {rejected_spans, error_message}}
			var ps []byte
			ps = wire.AppendTag(ps, 1, wire.VarintType)
			ps = wire.AppendVarint(ps, uint64(rejected))
			ps = wire.AppendTag(ps, 2, wire.BytesType)
			ps = wire.AppendString(ps, msg)
			b = wire.AppendTag(b, 1, wire.BytesType)
			b = wire.AppendBytes(b, ps)
		}
		writeBytes(w, http.StatusOK, otlpProto, b)
		return
	}
	ps := map[string]any{}
	if rejected > 0 {
		// proto3 JSON writes int64 as a string.
		ps["rejectedSpans"], ps["errorMessage"] = strconv.Itoa(rejected), msg
	}
	writeJSON(w, http.StatusOK, map[string]any{"partialSuccess": ps})
}

// failOTLP answers err as a google.rpc.Status in the request's encoding.
func (h *Handler) failOTLP(w http.ResponseWriter, r *http.Request, err error) {
	he := asHTTPError(err)
	code := 3 // INVALID_ARGUMENT
	switch he.status {
	case http.StatusRequestEntityTooLarge:
		code = 8 // RESOURCE_EXHAUSTED
	case http.StatusServiceUnavailable:
		code = 14 // UNAVAILABLE
	}
	if requestType(r) == otlpProto {
		var b []byte
		b = wire.AppendTag(b, 1, wire.VarintType)
		b = wire.AppendVarint(b, uint64(code))
		b = wire.AppendTag(b, 2, wire.BytesType)
		b = wire.AppendString(b, he.message)
		writeBytes(w, he.status, otlpProto, b)
		return
	}
	writeJSON(w, he.status, map[string]any{"code": code, "message": he.message})
}

func writeBytes(w http.ResponseWriter, status int, ctype string, b []byte) {
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	w.Write(b)
}
