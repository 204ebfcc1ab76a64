package spanforge

import (
	"bytes"
	"errors"
	"strings"

	"github.com/spanlens/spanlens/core/internal/decode"
	"github.com/spanlens/spanlens/core/internal/jsonscan"
	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/internal/msg"
)

// spanforgeDecoder reads what the spanforge SDK writes: its JSON-lines
// exporter's event envelopes ({"event_type", "trace_id", "span_id",
// "payload", "source", ...}, one per line), the bare span payloads of
// Trace.save(), and Trace.to_json()'s {"spans": [...]} document.
//
// Span events (llm.trace.span.started/completed/failed,
// llm.trace.reasoning.step, llm.trace.agent.step and
// llm.trace.agent.completed) become spans; the started and completed
// events of one span merge into one span, the completed event's fields
// winning. Other event types (llm.cost.*, llm.eval.*, ...) are skipped with
// one warning per type. The payload's fields map to the standard agent
// attribute keys (gen_ai.*, llm.cost.*); the span type is kept as
// spanforge.span_type (llm_call, tool_call, agent_step or agent_run).
type spanforgeDecoder struct{}

// sniffSpanforge matches at offset 0 input that looksLikeSpanforge.
func sniffSpanforge(data []byte) int { return decode.SniffShape(data, decode.LooksLikeSpanforge) }

func (spanforgeDecoder) Format() model.Format { return model.Spanforge }

func (spanforgeDecoder) Decode(data []byte, opts decode.Options) (*model.Batch, error) {
	d := newSpanforge(decode.NewSeedCtx(model.Spanforge, data, opts))
	d.data, d.base, d.last = data, 1, true
	if d.Scan.AtEnd() {
		return nil, errEmpty()
	}
	if err := d.lines(); err != nil {
		return nil, err
	}
	return d.finish(), nil
}

// newSpanforge starts a decode, whole or streamed, building the batch of c.
func newSpanforge(c decode.SeedCtx) *spanforge {
	return &spanforge{
		SeedCtx: c,
		spans:   map[sfKey]int32{},
		runs:    map[string]int32{},
		sources: map[string]int32{},
		skipped: map[string]bool{},
	}
}

// errEmpty is the error for input with nothing but whitespace.
func errEmpty() error {
	return &decode.Error{Format: model.Spanforge, Offset: -1, Msg: "empty input"}
}

// finish ends the decode once every line is read.
func (d *spanforge) finish() *model.Batch {
	d.link()
	d.Finish()
	return d.State.Done()
}

// sfKind is what an event contributes to the trace.
type sfKind uint8

const (
	sfOther     sfKind = iota // not a span event: skipped
	sfStarted                 // a span opened
	sfCompleted               // a span closed (completed, failed, reasoning step, bare payload)
	sfAgentStep               // one iteration of an agent loop
	sfAgentRun                // a whole agent run closed
)

func sfKindOf(eventType string) sfKind {
	switch eventType {
	case "llm.trace.span.started":
		return sfStarted
	case "llm.trace.span.completed", "llm.trace.span.failed", "llm.trace.reasoning.step":
		return sfCompleted
	case "llm.trace.agent.step":
		return sfAgentStep
	case "llm.trace.agent.completed":
		return sfAgentRun
	}
	return sfOther
}

// sfKey identifies a span across its started and completed events.
type sfKey struct {
	trace model.TraceID
	span  model.SpanID
}

// sfSide is what the decoder knows about a decoded span beyond the model.
type sfSide struct {
	completed bool   // a closing event was seen; its fields win
	ended     bool   // End is known
	run       string // agent_run_id of the agent run the span ran in
}

// spanforge is one spanforge decode.
type spanforge struct {
	decode.SeedCtx
	data    []byte // the input, or the chunk of it being read
	base    int    // the line of data[0]
	last    bool   // nothing but whitespace follows data
	at      int    // offset of the event being read
	ev      sfEvent
	spans   map[sfKey]int32
	side    []sfSide // parallel to the batch's spans
	runs    map[string]int32
	sources map[string]int32
	skipped map[string]bool
	stray   bool // warned about objects that are neither events nor spans
}

// sfEvent is one event (or bare span payload) as read.
type sfEvent struct {
	eventType string
	kind      sfKind
	typed     bool // event_type was read
	isSpan    bool // span payload members were read at the top level
	wrapper   bool // the object was Trace.to_json()'s {"spans": [...]}
	raw       []byte
	rawAt     int // offset of raw: a payload read before event_type

	source    string
	trace     model.TraceID
	span      model.SpanID
	hasSpan   bool
	parent    model.SpanID
	name      string
	op        string
	status    string
	errMsg    string
	agentName string
	agentRun  string
	system    string      // model.system, the provider
	input     model.Value // token_usage.input_tokens, as written
	cached    model.Value // token_usage.cached_tokens
	cacheNew  model.Value // token_usage.cache_creation_tokens
	spanKind  model.SpanKind
	kindSet   bool
	start     int64
	end       int64
	durMs     float64
	hasStart  bool
	hasEnd    bool
	hasDur    bool
	attrs     model.Attrs
	tags      model.Attrs
	events    []model.Event
}

// lines reads every top-level value: normally one object per line, but
// pretty-printed objects and arrays of events are read too.
func (d *spanforge) lines() error {
	s := d.Scan
	for !s.AtEnd() {
		d.at = s.Offset()
		var err error
		if s.Peek() == jsonscan.Array {
			err = s.Array(func(int) error {
				s.Peek()
				d.at = s.Offset()
				return d.object()
			})
		} else {
			err = d.object()
		}
		if err != nil {
			if d.truncatedTail(err) {
				return nil
			}
			return d.lineError(err)
		}
	}
	return nil
}

// object reads one event envelope, bare span payload or to_json document.
func (d *spanforge) object() error {
	s := d.Scan
	if k := s.Peek(); k != jsonscan.Object {
		return s.Errorf("want a JSON object (one spanforge event per line), got %s", k)
	}
	d.ev = sfEvent{}
	if err := s.Object(func(key []byte) error { return d.member(key, true) }); err != nil {
		return err
	}
	if d.ev.raw != nil && d.ev.kind != sfOther {
		if err := d.rawPayload(); err != nil {
			return err
		}
	}
	return d.emit()
}

// member reads one member of an envelope (top) or of a span payload.
func (d *spanforge) member(key []byte, top bool) error {
	s := d.Scan
	ev := &d.ev
	if top {
		var err error
		switch string(key) {
		case "event_type":
			if ev.eventType, err = d.State.Str(s); err == nil {
				ev.kind = sfKindOf(ev.eventType)
				ev.typed = true
			}
			return err
		case "source", "service":
			ev.source, err = d.Text()
			return err
		case "payload":
			if !ev.typed { // keys in an unusual order: decide once the type is known
				s.Peek()
				ev.rawAt = s.Offset()
				ev.raw, err = s.Raw()
				return err
			}
			if ev.kind == sfOther {
				return s.Skip()
			}
			return s.Object(func(k []byte) error { return d.member(k, false) })
		case "tags":
			ev.tags, err = d.Attrs(ev.tags, "spanforge.tags.")
			return err
		case "spans":
			ev.wrapper = true
			return s.Array(func(int) error { return d.wrapped() })
		}
	}
	handled, err := d.payloadMember(key)
	if !handled {
		return s.Skip()
	}
	return err
}

// rawPayload decodes a payload that came before its event_type.
func (d *spanforge) rawPayload() error {
	outer := d.Scan
	sub := jsonscan.New(d.ev.raw)
	sub.SetMaxDepth(d.State.Limits.MaxDepth - 1)
	d.Scan = sub
	err := sub.Object(func(k []byte) error { return d.member(k, false) })
	d.Scan = outer
	var se *jsonscan.Error
	if errors.As(err, &se) {
		se.Path = strings.TrimSuffix("payload."+se.Path, ".")
		se.Offset += d.ev.rawAt
	}
	return err
}

// wrapped reads one span payload of Trace.to_json()'s "spans" array.
func (d *spanforge) wrapped() error {
	outer := d.ev
	d.ev = sfEvent{kind: sfCompleted, typed: true}
	err := d.Scan.Object(func(k []byte) error { return d.member(k, false) })
	if err == nil {
		err = d.emit()
	}
	d.ev = outer
	return err
}

// emit turns the event just read into a span, or merges it into the span
// an earlier event of the same span id opened.
func (d *spanforge) emit() error {
	ev := &d.ev
	kind := ev.kind
	switch {
	case ev.typed && kind == sfOther:
		if !d.skipped[ev.eventType] {
			d.skipped[ev.eventType] = true
			d.State.Warn(-1, "line %d: events of type %q skipped (they are not spans)", d.line(d.at), ev.eventType)
		}
		return nil
	case !ev.typed && ev.wrapper:
		return nil
	case !ev.typed && ev.isSpan:
		kind = sfCompleted // a Trace.save() line
	case !ev.typed:
		if !d.stray {
			d.stray = true
			d.State.Warn(-1, "line %d: object with neither event_type nor span_name skipped", d.line(d.at))
		}
		return nil
	}
	in := d.Scan.Path() // "spans[3]" inside a to_json document
	if in != "" {
		in += "."
	}
	if ev.eventType != "" {
		in += "payload."
	}
	if !ev.hasSpan {
		return &jsonscan.Error{Path: in + "span_id", Offset: d.at, Msg: "missing: a span needs an id"}
	}
	if !ev.hasStart {
		return &jsonscan.Error{Path: in + "start_time_unix_nano", Offset: d.at, Msg: "missing: a span needs a start time"}
	}
	sp, ended := d.span(kind)
	run := ev.agentRun
	if kind == sfAgentRun {
		run = "" // a run's own id; it belongs to no run
	}
	done := kind != sfStarted
	key := sfKey{sp.TraceID, sp.ID}
	if i, ok := d.spans[key]; ok {
		side := &d.side[i]
		if done && side.completed {
			d.State.Warn(i, "line %d: span %s closed twice; the later event wins", d.line(d.at), sp.ID)
		}
		wins := done || !side.completed
		dst := &d.State.Batch.Spans[i]
		sfMerge(dst, &sp, wins, ended, side.ended)
		if err := d.State.CheckAttrs(len(dst.Attrs), "span "+sp.ID.String()); err != nil {
			return err
		}
		side.completed = side.completed || done
		side.ended = side.ended || ended
		if run != "" && (wins || side.run == "") {
			side.run = run
		}
		if kind == sfAgentRun && ev.agentRun != "" {
			d.runs[ev.agentRun] = i
		}
		return nil
	}
	if err := d.State.CheckAttrs(len(sp.Attrs), "span "+sp.ID.String()); err != nil {
		return err
	}
	i, err := d.State.AddSpan(sp)
	if err != nil {
		return err
	}
	d.spans[key] = i
	d.side = append(d.side, sfSide{completed: done, ended: ended, run: run})
	if kind == sfAgentRun && ev.agentRun != "" {
		d.runs[ev.agentRun] = i
	}
	return nil
}

// span builds the model span of the current event and reports whether its
// end is known.
func (d *spanforge) span(kind sfKind) (model.Span, bool) {
	ev := &d.ev
	sp := model.Span{
		TraceID:  ev.trace,
		ID:       ev.span,
		ParentID: ev.parent,
		Start:    ev.start,
		Name:     ev.name,
		Kind:     model.KindInternal,
		Resource: -1,
		Scope:    -1,
		Service:  "spanforge",
		Events:   ev.events,
	}
	ended := false
	if kind != sfStarted { // a started event's end and status are placeholders
		switch {
		case ev.hasEnd:
			sp.End, ended = ev.end, true
		case ev.hasDur:
			sp.End, ended = decode.SeedEnd(ev.start, ev.durMs)
		}
		sp.Status = sfStatus(ev.status, ev.errMsg, ev.eventType)
	}
	if ev.kindSet {
		sp.Kind = ev.spanKind
	}
	if ev.source != "" {
		sp.Resource, sp.Service = d.resource(ev.source)
	}

	op := ev.op
	switch {
	case op == "tool":
		op = "execute_tool" // Trace.tool_call()'s operation
	case op == "" && kind == sfAgentRun:
		op = "invoke_agent"
	}
	typ := sfSpanType(kind, op, sp.Name)
	if sp.Name == "" {
		switch {
		case kind == sfAgentRun:
			sp.Name = d.State.In.String("agent_run:" + ev.agentName)
		case op != "":
			sp.Name = op
		default:
			sp.Name = "span"
		}
	}
	attrs := make(model.Attrs, 0, 4+len(ev.attrs)+len(ev.tags))
	attrs = append(attrs, model.Attr{Key: "spanforge.span_type", Value: model.StringValue(typ)})
	if op != "" {
		attrs = append(attrs, model.Attr{Key: "gen_ai.operation.name", Value: model.StringValue(op)})
	}
	if ev.agentName != "" {
		attrs = append(attrs, model.Attr{Key: "gen_ai.agent.name", Value: model.StringValue(ev.agentName)})
	}
	if tool, ok := strings.CutPrefix(sp.Name, "tool_call:"); ok && typ == "tool_call" {
		attrs = append(attrs, model.Attr{Key: "gen_ai.tool.name", Value: model.StringValue(tool)})
	}
	if ev.agentRun != "" {
		attrs = append(attrs, model.Attr{Key: "spanforge.agent_run_id", Value: model.StringValue(ev.agentRun)})
	}
	if _, known := decode.SeedStatus(ev.status); !known && ev.status != "max_steps_exceeded" {
		attrs = append(attrs, model.Attr{Key: "spanforge.status", Value: model.StringValue(ev.status)})
	}
	attrs = d.usage(attrs)
	attrs = append(attrs, ev.attrs...)
	sp.Attrs = append(attrs, ev.tags...)
	return sp, ended
}

// sfStatus maps a payload status: "timeout" is an error with message
// "timeout", and an agent run that hit its step limit is an error too.
func sfStatus(status, errMsg, eventType string) model.Status {
	withErr := func(msg string) string {
		if errMsg != "" {
			return msg + ": " + errMsg
		}
		return msg
	}
	switch status {
	case "timeout", "max_steps_exceeded":
		return model.Status{Code: model.StatusError, Message: withErr(status)}
	}
	code, _ := decode.SeedStatus(status)
	if code == model.StatusUnset && eventType == "llm.trace.span.failed" {
		code = model.StatusError
	}
	if code == model.StatusError {
		return model.Status{Code: code, Message: errMsg}
	}
	return model.Status{Code: code}
}

// sfSpanType classifies a span the way spanforge's own summary does.
func sfSpanType(kind sfKind, op, name string) string {
	switch {
	case kind == sfAgentRun:
		return "agent_run"
	case kind == sfAgentStep:
		return "agent_step"
	case op == "execute_tool" || strings.HasPrefix(name, "tool_call"):
		return "tool_call"
	}
	return "llm_call"
}

// sfMerge folds src, a later event of the same span, into dst. Fields src
// has replace dst's when src wins (it closes the span, or neither event
// did); otherwise they only fill what dst lacks.
func sfMerge(dst, src *model.Span, wins, srcEnded, dstEnded bool) {
	take := func(srcHas, dstHas bool) bool { return srcHas && (wins || !dstHas) }
	if take(!src.ParentID.IsZero(), !dst.ParentID.IsZero()) {
		dst.ParentID = src.ParentID
	}
	if take(src.Name != "", dst.Name != "") {
		dst.Name = src.Name
	}
	if wins {
		dst.Start, dst.Kind = src.Start, src.Kind
	}
	if take(srcEnded, dstEnded) {
		dst.End = src.End
	}
	if take(src.Status.Code != model.StatusUnset, dst.Status.Code != model.StatusUnset) {
		dst.Status = src.Status
	}
	if take(src.Resource >= 0, dst.Resource >= 0) {
		dst.Resource, dst.Service = src.Resource, src.Service
	}
	for _, a := range src.Attrs {
		j := sfAttrIndex(dst.Attrs, a.Key)
		switch {
		case j < 0:
			dst.Attrs = append(dst.Attrs, a)
		case wins:
			dst.Attrs[j] = a
		}
	}
	dst.Events = append(dst.Events, src.Events...)
}

// sfAttrIndex returns the index of the attribute named key, or -1.
func sfAttrIndex(attrs model.Attrs, key string) int {
	for i := range attrs {
		if attrs[i].Key == key {
			return i
		}
	}
	return -1
}

// resource returns the resource of an envelope source, "name@version".
func (d *spanforge) resource(source string) (int32, string) {
	b := d.State.Batch
	if i, ok := d.sources[source]; ok {
		return i, b.Resources[i].Service
	}
	name, version, _ := strings.Cut(source, "@")
	name = d.State.In.String(name)
	attrs := model.Attrs{{Key: model.ServiceNameKey, Value: model.StringValue(name)}}
	if version != "" {
		attrs = append(attrs, model.Attr{Key: "service.version", Value: model.StringValue(version)})
	}
	i := b.AddResource(model.Resource{Service: name, Attrs: attrs})
	d.sources[source] = i
	return i, name
}

// link hangs spans that have no parent under the agent run they ran in:
// spanforge writes a run's direct children with only its agent_run_id.
func (d *spanforge) link() {
	spans := d.State.Batch.Spans
	for i, side := range d.side {
		sp := &spans[i]
		if side.run != "" && sp.ParentID.IsZero() {
			if r, ok := d.runs[side.run]; ok && int(r) != i && spans[r].TraceID == sp.TraceID {
				sp.ParentID = spans[r].ID
			}
		}
		if !side.ended {
			d.Unfinished(int32(i))
		}
	}
}

// line returns the 1-based line of offset off.
func (d *spanforge) line(off int) int {
	l, _ := sfLineCol(d.data, off)
	return d.base - 1 + l
}

// sfLineCol returns the 1-based line of offset off and the offset into that
// line.
func sfLineCol(data []byte, off int) (line, col int) {
	off = min(max(off, 0), len(data))
	return 1 + bytes.Count(data[:off], []byte{'\n'}), off - (bytes.LastIndexByte(data[:off], '\n') + 1)
}

// lineError names the line of err.
func (d *spanforge) lineError(err error) error {
	var se *jsonscan.Error
	if errors.As(err, &se) {
		line, col := sfLineCol(d.data, se.Offset)
		return &decode.Error{Format: model.Spanforge, Line: d.base - 1 + line, Path: se.Path, Offset: col, Msg: se.Msg}
	}
	var le *decode.LimitError
	if errors.As(err, &le) {
		where := msg.Sprintf("line %d", d.line(d.at))
		if le.Where != "" {
			where += ": " + le.Where
		}
		le.Format, le.Where = model.Spanforge, where
	}
	return err
}

// truncatedTail reports whether err is the last line being cut short, as
// happens when a file is read while spanforge is still writing it; the
// line is then dropped with a warning.
func (d *spanforge) truncatedTail(err error) bool {
	var se *jsonscan.Error
	if !d.last || !errors.As(err, &se) || len(d.State.Batch.Spans) == 0 {
		return false
	}
	end := len(bytes.TrimRight(d.data, " \t\r\n"))
	if se.Offset < end || d.at > end || bytes.IndexByte(d.data[d.at:end], '\n') >= 0 {
		return false
	}
	d.State.Warn(-1, "line %d: the last line is cut short (file still being written?); ignored", d.line(d.at))
	return true
}
