package jaeger

import (
	"strings"

	"github.com/spanlens/spanlens/core/internal/decode"
	"github.com/spanlens/spanlens/core/internal/jsonscan"
	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/internal/msg"
)

// This file decodes the Jaeger query API's JSON: a response
// {"data":[trace...], "errors":...} or one bare trace object
// {traceID, spans, processes, warnings}. Spans name their process by
// processID (or carry it inline as "process"); processes become resources.
//
// The parent is the first CHILD_OF reference within the span's trace, else
// the first FOLLOWS_FROM one, as Jaeger's Span.ParentSpanID chooses; the
// legacy parentSpanID field is used when no reference applies. The other
// references become links tagged with model.RefTypeKey. Ids that are not
// hex (UUIDs from hand-rolled exporters) are hashed, with one warning.

type jaegerDecoder struct{}

// sniffJaeger finds the Jaeger query API's member names in an object, or
// its reply's envelope ({"data", "total", "limit", "offset", "errors"}),
// which is all a reply without spans (an unknown trace id) has.
func sniffJaeger(data []byte) int {
	if at := decode.SniffMembers(data, []string{`"traceID"`, `"spanID"`, `"operationName"`, `"processes"`}, nil); at >= 0 {
		return at
	}
	if decode.SniffMembers(data, []string{`"errors"`, `"total"`}, nil) < 0 {
		return -1
	}
	return decode.SniffMembers(data, []string{`"data"`}, nil)
}

func (jaegerDecoder) Format() model.Format { return model.Jaeger }

func (jaegerDecoder) Decode(data []byte, opts decode.Options) (*model.Batch, error) {
	st := decode.NewState(model.Jaeger, data, opts)
	d := &jaegerDec{
		st:        st,
		s:         st.Scanner(data),
		resources: map[string]int32{},
		scopes:    decode.ScopeIndex{},
	}
	// A Jaeger span takes about a kilobyte of JSON; reserving a little
	// more than that saves the slice's regrowth, which past 65,536 spans
	// copies it in steps of a quarter (capped, for files of few spans).
	d.st.Batch.Spans = make([]model.Span, 0, min(len(data)/896+1, d.st.Limits.MaxSpans, 1<<20))
	if err := d.top(); err != nil {
		return nil, decode.Wrap(model.Jaeger, 0, err)
	}
	if len(d.st.Batch.Spans) == 0 && len(d.apiErrs) > 0 {
		// Errors and nothing else: the errors are the answer. (An answer
		// with neither, {"data":[]}, is an empty document, as spanlens's
		// own Jaeger export of one is.)
		msg := "the query API answered with no spans: " + strings.Join(d.apiErrs, "; ")
		return nil, &decode.Error{Format: model.Jaeger, Offset: -1, Msg: msg}
	}
	for _, e := range d.apiErrs {
		d.st.WarnText(-1, "jaeger: query "+e)
	}
	if d.hashed {
		d.st.Warn(-1, "jaeger: some ids are not hex (UUIDs?); they were replaced by stable hashes")
	}
	return d.st.Done(), nil
}

// jaegerDec is one Jaeger decode.
type jaegerDec struct {
	st        *decode.State
	s         *jsonscan.Scanner
	attrs     decode.Arena[model.Attr]
	events    decode.Arena[model.Event]
	resources map[string]int32 // resource key (service, attrs as JSON) → index
	scopes    decode.ScopeIndex
	hashed    bool     // some id was not hex
	apiErrs   []string // the reply's errors, as "error CODE: MSG"

	refs []jaegerRef // the current span's references
	warn []string    // the current span's warnings
	key  []byte      // scratch for resource keys and stripped ids
	val  []byte      // scratch copy of a tag's string value
}

// jaegerTrace is what one trace object needs until it ends: processes may
// follow the spans that name them, and the trace id may follow the spans
// that lack one.
type jaegerTrace struct {
	id      model.TraceID
	hasID   bool
	procs   map[string]jaegerProc
	pending []jaegerPending
}

type jaegerProc struct {
	service  string
	resource int32
}

// jaegerPending is a decoded span waiting for its trace's processes.
type jaegerPending struct {
	span    int32
	pid     string
	noTrace bool // the span had no traceID of its own
}

type jaegerRef struct {
	followsFrom bool
	trace       model.TraceID
	hasTrace    bool
	span        model.SpanID
}

// top reads the document: a query response or a bare trace. Both are
// objects, so one reader handles the members of either.
func (d *jaegerDec) top() error {
	if k := d.s.Peek(); k != jsonscan.Object {
		return d.s.Errorf(`want a Jaeger query response {"data":[...]} or a trace object, got %s`, k)
	}
	if err := d.trace(true); err != nil {
		return err
	}
	return d.s.End()
}

// trace reads one trace object; at the top level it also reads the query
// response's members.
func (d *jaegerDec) trace(top bool) error {
	s := d.s
	t := &jaegerTrace{}
	err := s.Object(func(key []byte) error {
		switch string(key) {
		case "traceID":
			id, err := d.traceID()
			t.id, t.hasID = id, err == nil
			return err
		case "spans":
			if s.Null() {
				return nil
			}
			return s.Array(func(int) error { return d.span(t) })
		case "processes":
			return d.processes(t)
		case "warnings":
			return d.warnings(func(w string) { d.st.WarnText(-1, "jaeger: "+w) })
		case "data":
			if top {
				if s.Null() {
					return nil
				}
				return s.Array(func(int) error { return d.trace(false) })
			}
		case "errors":
			if top {
				return d.apiErrors()
			}
		}
		return s.Skip()
	})
	if err != nil {
		return err
	}
	return d.endTrace(t)
}

// endTrace gives the trace's spans their process and, where they lacked
// one, the trace's id.
func (d *jaegerDec) endTrace(t *jaegerTrace) error {
	spans := d.st.Batch.Spans
	for _, p := range t.pending {
		sp := &spans[p.span]
		if p.noTrace {
			if !t.hasID {
				return d.s.Errorf("span %s has no traceID, nor has its trace", sp.ID)
			}
			sp.TraceID = t.id
		}
		if p.pid == "" {
			continue
		}
		proc, ok := t.procs[p.pid]
		if !ok {
			d.st.Warn(p.span, "jaeger: processID %q is not in the trace's processes", p.pid)
			continue
		}
		sp.Service, sp.Resource = proc.service, proc.resource
	}
	return nil
}

// span reads one span and appends it to the batch.
func (d *jaegerDec) span(t *jaegerTrace) error {
	s, st := d.s, d.st
	sp := model.Span{Resource: -1, Scope: -1}
	var (
		hasTrace, hasID bool
		legacyParent    model.SpanID
		dur             int64
		pid             string
		proc            *jaegerProc
	)
	d.refs, d.warn = d.refs[:0], d.warn[:0]
	err := s.Object(func(key []byte) error {
		var err error
		switch string(key) {
		case "traceID":
			sp.TraceID, err = d.traceID()
			hasTrace = err == nil
		case "spanID":
			at := s.Offset()
			if sp.ID, err = d.spanID(); err == nil && sp.ID.IsZero() {
				err = decode.ErrAt(s, at, "want a non-zero span id")
			}
			hasID = err == nil
		case "parentSpanID":
			legacyParent, err = d.spanID()
		case "operationName":
			sp.Name, err = st.Str(s)
		case "references":
			err = d.references()
		case "startTime":
			sp.Start, err = decode.Micros(s)
		case "duration":
			dur, err = decode.Micros(s)
		case "tags":
			sp.Attrs, err = d.tags()
		case "logs":
			sp.Events, err = d.logs()
		case "processID":
			pid, err = st.Str(s)
		case "process":
			var p jaegerProc
			if p, err = d.process(); err == nil {
				proc = &p
			}
		case "warnings":
			err = d.warnings(func(w string) { d.warn = append(d.warn, w) })
		default:
			err = s.Skip()
		}
		return err
	})
	if err != nil {
		return err
	}
	if !hasID {
		return s.Errorf("span has no spanID")
	}
	sp.End = sp.Start + dur
	trace := sp.TraceID
	if !hasTrace {
		trace = t.id
	}
	if err := d.parentAndLinks(&sp, trace, hasTrace || t.hasID, legacyParent); err != nil {
		return err
	}
	if proc != nil {
		sp.Service, sp.Resource = proc.service, proc.resource
		pid = ""
	}
	st.FieldTags(&sp, d.scopes, false)
	idx, err := st.AddSpan(sp)
	if err != nil {
		return err
	}
	for _, w := range d.warn {
		st.WarnText(idx, "jaeger: "+w)
	}
	if pid != "" || !hasTrace {
		t.pending = append(t.pending, jaegerPending{span: idx, pid: pid, noTrace: !hasTrace})
	}
	return nil
}

// parentAndLinks picks the parent among the span's references (see the
// file comment) and turns the others into links.
func (d *jaegerDec) parentAndLinks(sp *model.Span, trace model.TraceID, traceKnown bool, legacy model.SpanID) error {
	parent := -1
	for i, r := range d.refs {
		if r.hasTrace && traceKnown && r.trace != trace {
			continue
		}
		if !r.followsFrom {
			parent = i
			break
		}
		if parent < 0 {
			parent = i
		}
	}
	if parent >= 0 {
		sp.ParentID = d.refs[parent].span
	} else {
		sp.ParentID = legacy
	}
	n := len(d.refs)
	if parent >= 0 {
		n--
	}
	if n == 0 {
		return nil
	}
	if err := d.st.CheckEvents(n+len(sp.Events), d.s.Path()+".references"); err != nil {
		return err
	}
	sp.Links = make([]model.Link, 0, n)
	for i, r := range d.refs {
		if i == parent {
			continue
		}
		l := model.Link{TraceID: r.trace, SpanID: r.span}
		if !r.hasTrace {
			l.TraceID = trace
		}
		l.Attrs = refChildOf
		if r.followsFrom {
			l.Attrs = refFollowsFrom
		}
		sp.Links = append(sp.Links, l)
	}
	return nil
}

// The attributes of links made from references, shared by all links; the
// capacity is clipped so that appending to them copies.
var (
	refChildOf     = model.Attrs{{Key: model.RefTypeKey, Value: model.StringValue("child_of")}}[:1:1]
	refFollowsFrom = model.Attrs{{Key: model.RefTypeKey, Value: model.StringValue("follows_from")}}[:1:1]
)

// references reads a span's references into d.refs. A reference without a
// spanID (null or "", as some exporters write for a root) is no reference.
func (d *jaegerDec) references() error {
	s := d.s
	if s.Null() {
		return nil
	}
	return s.Array(func(int) error {
		var r jaegerRef
		hasSpan := false
		err := s.Object(func(key []byte) error {
			var err error
			switch string(key) {
			case "refType":
				var b []byte
				if b, err = s.Str(); err != nil {
					return err
				}
				switch {
				case decode.EqualFold(b, "CHILD_OF"):
				case decode.EqualFold(b, "FOLLOWS_FROM"):
					r.followsFrom = true
				default:
					return s.Errorf("want CHILD_OF or FOLLOWS_FROM, got %s", jsonscan.Quote(b))
				}
			case "traceID":
				if !s.Null() {
					r.trace, err = d.traceID()
					r.hasTrace = err == nil
				}
			case "spanID":
				if !s.Null() {
					r.span, hasSpan, err = d.optSpanID()
				}
			default:
				err = s.Skip()
			}
			return err
		})
		if err == nil && hasSpan {
			d.refs = append(d.refs, r)
		}
		return err
	})
}

// traceID reads a trace id: hex, a UUID, or anything else, hashed.
func (d *jaegerDec) traceID() (model.TraceID, error) {
	s := d.s
	at := s.Offset()
	b, err := s.Str()
	if err != nil {
		return model.TraceID{}, err
	}
	if len(b) == 0 {
		return model.TraceID{}, decode.ErrAt(s, at, `want a hex trace id, got ""`)
	}
	if id, ok := model.ParseTraceID(b); ok {
		if id.IsZero() {
			return id, decode.ErrAt(s, at, "want a non-zero trace id, got %s", jsonscan.Quote(b))
		}
		return id, nil
	}
	d.key = decode.AppendNoDashes(d.key[:0], b)
	if len(d.key) == 32 {
		if id, ok := model.ParseTraceID(d.key); ok {
			return id, nil
		}
	}
	d.hashed = true
	return model.HashTraceID(b), nil
}

// spanID reads a span id: hex, or anything else, hashed.
func (d *jaegerDec) spanID() (model.SpanID, error) {
	at := d.s.Offset()
	id, ok, err := d.optSpanID()
	if err == nil && !ok {
		err = decode.ErrAt(d.s, at, `want a hex span id, got ""`)
	}
	return id, err
}

// optSpanID reads a span id that may be "", reporting whether it was not.
func (d *jaegerDec) optSpanID() (model.SpanID, bool, error) {
	b, err := d.s.Str()
	if err != nil || len(b) == 0 {
		return model.SpanID{}, false, err
	}
	if id, ok := model.ParseSpanID(b); ok {
		return id, true, nil
	}
	d.hashed = true
	return model.HashSpanID(b), true, nil
}

// logs reads a span's logs as events. A log's "event" field names the
// event (OpenTracing's convention); its other fields become attributes.
func (d *jaegerDec) logs() ([]model.Event, error) {
	s, st := d.s, d.st
	if s.Null() {
		return nil, nil
	}
	d.events.Begin()
	err := s.Array(func(int) error {
		if d.events.Len() >= st.Limits.MaxEventsPerSpan {
			return st.CheckEvents(d.events.Len()+1, s.Path())
		}
		ev := model.Event{Name: "log"}
		err := s.Object(func(key []byte) error {
			var err error
			switch string(key) {
			case "timestamp":
				ev.Time, err = decode.Micros(s)
			case "fields":
				ev.Attrs, err = d.tags()
			default:
				err = s.Skip()
			}
			return err
		})
		for i, a := range ev.Attrs {
			if a.Key == "event" && a.Value.Type() == model.TypeString {
				ev.Name = a.Value.Str()
				ev.Attrs = decode.RemoveAttrs(ev.Attrs, []int{i})
				break
			}
		}
		d.events.Add(ev)
		return err
	})
	return d.events.End(), err
}

// processes reads a trace's process map.
func (d *jaegerDec) processes(t *jaegerTrace) error {
	s := d.s
	if s.Null() {
		return nil
	}
	if t.procs == nil {
		t.procs = map[string]jaegerProc{}
	}
	return s.Object(func(key []byte) error {
		k := string(key)
		p, err := d.process()
		t.procs[k] = p
		return err
	})
}

// process reads {serviceName, tags} as a resource whose attributes are
// service.name and the tags. Equal processes share one resource.
func (d *jaegerDec) process() (jaegerProc, error) {
	s, st := d.s, d.st
	var (
		p    jaegerProc
		tags model.Attrs
	)
	err := s.Object(func(key []byte) error {
		switch string(key) {
		case "serviceName":
			var err error
			p.service, err = st.Str(s)
			return err
		case "tags":
			var err error
			tags, err = d.tags()
			return err
		}
		return s.Skip()
	})
	if err != nil {
		return p, err
	}
	attrs := make(model.Attrs, 0, len(tags)+1)
	if p.service != "" {
		attrs = append(attrs, model.Attr{Key: model.ServiceNameKey, Value: model.StringValue(p.service)})
	}
	attrs = append(attrs, tags...)
	d.key = resourceKey(d.key[:0], p.service, attrs)
	if i, ok := d.resources[string(d.key)]; ok {
		p.resource = i
		return p, nil
	}
	p.resource = st.Batch.AddResource(model.Resource{Service: p.service, Attrs: attrs})
	d.resources[string(d.key)] = p.resource
	return p, nil
}

// resourceKey appends a key that equal resources share.
func resourceKey(dst []byte, service string, attrs model.Attrs) []byte {
	dst = append(dst, service...)
	for _, a := range attrs {
		dst = append(dst, 0)
		dst = model.AppendJSONString(dst, a.Key)
		dst = append(dst, byte(a.Value.Type()))
		dst = a.Value.AppendJSON(dst)
	}
	return dst
}

// warnings reads an array of warning strings (or null).
func (d *jaegerDec) warnings(fn func(string)) error {
	s := d.s
	if s.Null() {
		return nil
	}
	return s.Array(func(int) error {
		if s.Peek() != jsonscan.String {
			return s.Skip()
		}
		w, err := s.String()
		fn(w)
		return err
	})
}

// apiErrors reads the query response's errors [{code, msg, traceID}] as
// batch warnings: the traces that did load are still worth showing.
func (d *jaegerDec) apiErrors() error {
	s := d.s
	if s.Null() {
		return nil
	}
	return s.Array(func(int) error {
		var (
			code      int64
			text, tid string
		)
		err := s.Object(func(key []byte) error {
			var err error
			switch string(key) {
			case "code":
				code, err = s.Int64()
			case "msg":
				text, err = s.String()
			case "traceID":
				tid, err = s.String()
			default:
				err = s.Skip()
			}
			return err
		})
		if err != nil {
			return err
		}
		if tid != "" {
			text += " (trace " + tid + ")"
		}
		d.apiErrs = append(d.apiErrs, msg.Sprintf("error %d: %s", code, text))
		return nil
	})
}
