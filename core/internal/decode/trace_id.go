package decode

import "github.com/spanlens/spanlens/core/model"

// MissingTraceID is the trace id a decoder gives spans whose input has
// none: one per format, derived from its name, so that such spans form one
// trace and every encoding can write them (OTLP forbids the zero id, so a
// zero id would not survive an export).
func MissingTraceID(f model.Format) model.TraceID { return model.HashTraceID([]byte(f)) }

// fillTraceIDs gives every span of the batch without a trace id the
// format's MissingTraceID and warns once, with how many there were.
func (st *State) fillTraceIDs() {
	id, n := MissingTraceID(st.format), 0
	for i := range st.Batch.Spans {
		if sp := &st.Batch.Spans[i]; sp.TraceID.IsZero() {
			sp.TraceID = id
			n++
		}
	}
	if n > 0 {
		st.Warn(-1, "%d span(s) without trace_id; they share trace %s", n, id)
	}
}
