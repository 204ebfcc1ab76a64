package record

import (
	"io"

	"github.com/spanlens/spanlens"
	"github.com/spanlens/spanlens/core/model"
)

// Format is the model.Batch.Format of a recording.
const Format = "record"

// ScopeName is the instrumentation scope of recorded spans.
const ScopeName = "github.com/spanlens/spanlens/record"

// Batch returns a copy of the recording as spans in start order, with the
// trace's warnings. Spans still open appear as ending now.
func (t *Trace) Batch() *model.Batch {
	if t == nil {
		return &model.Batch{Format: Format}
	}
	r := t.rec
	r.mu.Lock()
	defer r.mu.Unlock()
	b := &model.Batch{
		Format:    Format,
		Spans:     make([]model.Span, 0, len(r.spans)),
		Resources: []model.Resource{{Service: r.service, Attrs: r.resource}},
		Scopes:    []model.Scope{{Name: ScopeName}},
	}
	var now int64
	for _, s := range r.spans {
		sp := s.sp
		sp.Service = r.service
		sp.Attrs = append(model.Attrs(nil), sp.Attrs...)
		sp.Events = append([]model.Event(nil), sp.Events...)
		if !s.ended {
			if now == 0 {
				now = r.now().UnixNano()
			}
			sp.End = max(now, sp.Start)
		}
		b.Spans = append(b.Spans, sp)
	}
	for _, w := range r.warningsLocked() {
		b.Warn(-1, w)
	}
	return b
}

// Document returns the recording as a spanlens Document: every analysis,
// drawing and export works on it. Call it after End for the final figures.
func (t *Trace) Document(opts ...spanlens.Options) *spanlens.Document {
	var o spanlens.Options
	if len(opts) > 0 {
		o = opts[0]
	}
	return spanlens.FromBatch(t.Batch(), o)
}

// Summary returns the recording's statistics: spans, errors, tokens and
// cost, per trace, service, operation, role and model.
func (t *Trace) Summary() *spanlens.Summary { return t.Document().Summary() }

// PrintTree writes the span tree, with durations, status, tokens and cost,
// to w.
func (t *Trace) PrintTree(w io.Writer) error {
	out, err := t.Document().Text(spanlens.TextOptions{View: "tree"})
	if err != nil {
		return err
	}
	_, err = w.Write(out)
	return err
}
