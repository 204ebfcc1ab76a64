package tutorial

import (
	"github.com/spanlens/spanlens/core/internal/decode"
	"github.com/spanlens/spanlens/core/model"
)

// tutorialDecoder reads the trace JSON of the agent-tracing tutorial's
// TraceRenderer.to_json(): {"trace_id", "spans": [{"span_id",
// "parent_span_id", "name", "start_time", "end_time", "duration_ms",
// "status", "attributes", "events": [{"name", "timestamp",
// "attributes"}]}]}, with times from datetime.isoformat() (UTC, no offset)
// and ids from uuid.uuid4(). Several such documents, one after another or
// in an array, are read too.
//
// Attribute values keep their JSON types. The span's service is its
// "service.name" attribute (the tutorial's Tracer sets it on every span),
// else "unknown" as its Jaeger export says; a "status_description"
// attribute is the error message. A span still open when the trace was
// written (end_time null) gets End = Start and a warning.
type tutorialDecoder struct{}

// sniffTutorial matches at offset 0 input that looksLikeTutorial.
func sniffTutorial(data []byte) int { return decode.SniffShape(data, decode.LooksLikeTutorial) }

func (tutorialDecoder) Format() model.Format { return model.Tutorial }

func (tutorialDecoder) Decode(data []byte, opts decode.Options) (*model.Batch, error) {
	d := tutorial{SeedCtx: decode.NewSeedCtx(model.Tutorial, data, opts)}
	if err := d.Documents(d.trace); err != nil {
		return nil, err
	}
	if !d.found {
		return nil, &decode.Error{Format: model.Tutorial, Offset: -1, Msg: `no "spans" member: not a tutorial trace`}
	}
	d.Finish()
	return d.State.Done(), nil
}

// tutorial is one tutorial-trace decode.
type tutorial struct {
	decode.SeedCtx
	found     bool // some document had "spans"
	badStatus bool // warned about an unknown status
}

// trace reads one {"trace_id", "spans"} document. json.dumps(sort_keys=True)
// puts "spans" first, so the trace id is filled in afterwards.
func (d *tutorial) trace() error {
	s := d.Scan
	first := len(d.State.Batch.Spans)
	var trace model.TraceID
	err := s.Object(func(key []byte) error {
		var err error
		switch string(key) {
		case "trace_id":
			trace, err = d.OptTraceID()
		case "spans":
			d.found = true
			err = s.Array(func(int) error { return d.span() })
		default:
			err = s.Skip()
		}
		return err
	})
	if err != nil {
		return err
	}
	spans := d.State.Batch.Spans[first:]
	for i := range spans {
		if spans[i].TraceID.IsZero() {
			spans[i].TraceID = trace
		}
	}
	return nil
}

// span reads one span object.
func (d *tutorial) span() error {
	r, err := d.ReadSpan(decode.SeedSpanKeys{Parent: "parent_span_id"})
	if err != nil {
		return err
	}
	sp := &r.Sp
	d.status(sp, r.Status)
	sp.Service = d.State.In.String(decode.SeedStrAttr(sp.Attrs, model.ServiceNameKey, "unknown"))
	sp.Attrs = tutorialAliases(sp.Attrs)
	if err := d.State.CheckAttrs(len(sp.Attrs), d.Scan.Path()); err != nil {
		return err
	}
	return d.Add(&r)
}

// status sets the span status from the SpanStatus value and the
// "status_description" attribute that set_status() writes.
func (d *tutorial) status(sp *model.Span, word string) {
	code, ok := decode.SeedStatus(word)
	if !ok && !d.badStatus {
		d.badStatus = true
		d.State.Warn(-1, "unknown span status %q (want unset, ok or error); read as unset", word)
	}
	sp.Status.Code = code
	if code == model.StatusError {
		sp.Status.Message = decode.SeedStrAttr(sp.Attrs, "status_description", "")
	}
}

// tutorialAliases are the tutorial's own attribute names for things the
// standard agent keys name; the standard key is added beside the original.
var tutorialAliases = seedAliases([][2]string{
	{"llm.model", "gen_ai.request.model"},
	{"llm.prompt_tokens", "gen_ai.usage.input_tokens"},
	{"llm.completion_tokens", "gen_ai.usage.output_tokens"},
	{"tool.name", "gen_ai.tool.name"},
})

// seedAliases returns a function that appends, for each (source key,
// standard key) pair, the standard key with the source key's value, unless
// the attributes already have the standard key.
func seedAliases(pairs [][2]string) func(model.Attrs) model.Attrs {
	return func(attrs model.Attrs) model.Attrs {
		for _, p := range pairs {
			if v, ok := attrs.Get(p[0]); ok {
				if _, has := attrs.Get(p[1]); !has {
					attrs = append(attrs, model.Attr{Key: p[1], Value: v})
				}
			}
		}
		return attrs
	}
}
