package mamba

import (
	"github.com/spanlens/spanlens/core/internal/decode"
	"github.com/spanlens/spanlens/core/model"
)

// mambaDecoder reads mamba-agents' request traces. Its RequestTracer has
// no JSON export of its own, so this reads the TraceContext dataclass as
// dataclasses.asdict() and json.dumps() write it: {"trace_id", "spans":
// [{"name", "span_id", "parent_id", "start_time", "end_time",
// "attributes", "events": [{"name", "timestamp", "attributes"}],
// "status", "error"}], "attributes", "start_time", "end_time"}, times in
// Unix seconds from time.time(). Several traces, one after another or in
// an array, are read too.
//
// Span ids are uuid4().hex[:16] and trace ids uuid4().hex, both hex. A
// trace continued from a traceparent header has a root whose parent_id is
// the remote caller's span. The trace's attributes become the spans'
// resource; its service is their "service.name" or "service_name", else
// "mamba-agents", RequestTracer's default (the tracer's own service name is
// not part of the TraceContext).
type mambaDecoder struct{}

// sniffMamba matches at offset 0 input that looksLikeMamba.
func sniffMamba(data []byte) int { return decode.SniffShape(data, decode.LooksLikeMamba) }

func (mambaDecoder) Format() model.Format { return model.Mamba }

func (mambaDecoder) Decode(data []byte, opts decode.Options) (*model.Batch, error) {
	d := mamba{SeedCtx: decode.NewSeedCtx(model.Mamba, data, opts)}
	if err := d.Documents(d.trace); err != nil {
		return nil, err
	}
	if !d.found {
		return nil, &decode.Error{Format: model.Mamba, Offset: -1, Msg: `no "spans" member: not a mamba-agents trace`}
	}
	d.Finish()
	return d.State.Done(), nil
}

// mamba is one mamba-agents decode.
type mamba struct {
	decode.SeedCtx
	found     bool // some document had "spans"
	badStatus bool // warned about an unknown status
}

// trace reads one TraceContext. Its trace id and attributes may come after
// the spans, so they are applied once the object is read.
func (d *mamba) trace() error {
	s := d.Scan
	first := len(d.State.Batch.Spans)
	var trace model.TraceID
	var attrs model.Attrs
	err := s.Object(func(key []byte) error {
		var err error
		switch string(key) {
		case "trace_id":
			trace, err = d.OptTraceID()
		case "spans":
			d.found = true
			err = s.Array(func(int) error { return d.span() })
		case "attributes":
			attrs, err = d.Attrs(attrs, "")
		default:
			err = s.Skip()
		}
		return err
	})
	if err != nil {
		return err
	}
	spans := d.State.Batch.Spans[first:]
	if len(spans) == 0 {
		return nil
	}
	service := d.State.In.String(decode.SeedStrAttr(attrs, model.ServiceNameKey, decode.SeedStrAttr(attrs, "service_name", "mamba-agents")))
	res := d.State.Batch.AddResource(model.Resource{Service: service, Attrs: attrs})
	for i := range spans {
		if spans[i].TraceID.IsZero() {
			spans[i].TraceID = trace
		}
		spans[i].Service, spans[i].Resource = service, res
	}
	return nil
}

// span reads one SpanData. Its status is "ok" or "error"; set_error()
// sets the error message too, and the message alone still means failure.
func (d *mamba) span() error {
	r, err := d.ReadSpan(decode.SeedSpanKeys{Parent: "parent_id", ErrMsg: true})
	if err != nil {
		return err
	}
	code, ok := decode.SeedStatus(r.Status)
	if !ok && !d.badStatus {
		d.badStatus = true
		d.State.Warn(-1, "unknown span status %q (want ok or error); read as unset", r.Status)
	}
	if r.ErrMsg != "" {
		code = model.StatusError
	}
	r.Sp.Status = model.Status{Code: code}
	if code == model.StatusError {
		r.Sp.Status.Message = r.ErrMsg
	}
	return d.Add(&r)
}
