package chrome

import (
	"cmp"
	"encoding/binary"
	"slices"
	"strconv"

	"github.com/spanlens/spanlens/core/internal/decode"
	"github.com/spanlens/spanlens/core/internal/jsonscan"
	"github.com/spanlens/spanlens/core/internal/keys"
	"github.com/spanlens/spanlens/core/model"
)

// This file is the second pass of the Chrome decoder: it turns the events
// read by chrome.go into spans. B/E and b/e pairs are matched in timestamp
// order (as Perfetto does, since the format lets events arrive unsorted),
// sync spans nest by time containment per thread (unless their args name
// their ids and parent; see chrome_ids.go), async spans by their id stack,
// and instants become span events or zero-length spans.

// chromeTraceID is the trace id of Chrome spans: the format has none, and
// a file is one trace (spans whose args carry ids are the exception).
var chromeTraceID = decode.MissingTraceID(model.Chrome)

// chromeSpan is a span while the second pass builds it.
type chromeSpan struct {
	ev       int32 // the event that began it (index into chrome.events)
	parent   int32 // index into chrome.spans, or -1
	end      int64
	endArgs  model.Attrs // args of the E event that ended it
	events   []model.Event
	unclosed bool
}

// chromeItem is a sync span or a thread-scoped instant in the nesting sweep.
type chromeItem struct {
	start, end int64
	thread     int32
	order      int32 // event index: ties go to the earlier event
	ref        int32 // span index, or event index for an instant
	instant    bool
}

// chromeCounts are problems counted over the whole file, each reported as
// one warning.
type chromeCounts struct {
	orphanE, orphanAsyncE, orphanN, overlaps int
}

func (d *chrome) build() error {
	var c chromeCounts
	if err := d.match(&c); err != nil {
		return err
	}
	d.readIDs()
	if err := d.nest(&c); err != nil {
		return err
	}
	if err := d.emit(); err != nil {
		return err
	}
	d.warnCounts(&c)
	return nil
}

func (d *chrome) newSpan(ev, parent int32, end int64) int32 {
	d.spans = append(d.spans, chromeSpan{ev: ev, parent: parent, end: end})
	return int32(len(d.spans) - 1)
}

// match makes spans from X events and from B/E and b/e pairs, and attaches
// n events to their async span. Spans still open at the end of the file end
// at its last timestamp.
func (d *chrome) match(c *chromeCounts) error {
	d.spans = make([]chromeSpan, 0, d.spanCount+d.instants)
	var paired []int32
	for i := range d.events {
		ev := &d.events[i]
		switch ev.ph {
		case 'X':
			d.newSpan(int32(i), -1, chromeAdd(ev.ts, ev.dur))
		case 'B', 'E', 'b', 'e', 'n':
			paired = append(paired, int32(i))
		}
	}
	slices.SortFunc(paired, func(a, b int32) int {
		if c := cmp.Compare(d.events[a].ts, d.events[b].ts); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	for _, i := range paired {
		ev := &d.events[i]
		switch ev.ph {
		case 'B':
			th := &d.threads[ev.thread]
			th.stack = append(th.stack, d.newSpan(i, -1, ev.ts))
		case 'E':
			if !d.end(&d.threads[ev.thread].stack, ev) {
				c.orphanE++
			}
		case 'b':
			tr := &d.tracks[ev.track]
			parent := int32(-1)
			if len(tr.stack) > 0 {
				parent = tr.stack[len(tr.stack)-1]
			}
			tr.stack = append(tr.stack, d.newSpan(i, parent, ev.ts))
		case 'e':
			if !d.end(&d.tracks[ev.track].stack, ev) {
				c.orphanAsyncE++
			}
		case 'n':
			tr := &d.tracks[ev.track]
			if len(tr.stack) == 0 {
				c.orphanN++
				d.newSpan(i, -1, ev.ts)
				continue
			}
			if err := d.attach(tr.stack[len(tr.stack)-1], i); err != nil {
				return err
			}
		}
	}
	for i := range d.threads {
		d.closeOpen(d.threads[i].stack)
		d.threads[i].stack = nil
	}
	for i := range d.tracks {
		d.closeOpen(d.tracks[i].stack)
		d.tracks[i].stack = nil
	}
	return nil
}

// end ends the innermost open span of stack (a thread's B spans or a
// track's b spans) at E or e event ev, and reports whether one was open.
func (d *chrome) end(stack *[]int32, ev *chromeEvent) bool {
	open := *stack
	if len(open) == 0 {
		return false
	}
	sp := &d.spans[open[len(open)-1]]
	*stack = open[:len(open)-1]
	sp.end, sp.endArgs = ev.ts, ev.args
	return true
}

// closeOpen ends spans that were never closed at the file's last timestamp.
func (d *chrome) closeOpen(open []int32) {
	for _, k := range open {
		sp := &d.spans[k]
		sp.end, sp.unclosed = max(d.maxTS, sp.end), true
	}
}

// attach adds instant event i (an i or n event) to span k.
func (d *chrome) attach(k, i int32) error {
	ev := &d.events[i]
	sp := &d.spans[k]
	if len(sp.events) >= d.st.Limits.MaxEventsPerSpan {
		return d.st.CheckEvents(len(sp.events)+1, d.where(ev.index))
	}
	sp.events = append(sp.events, model.Event{Time: ev.ts, Name: ev.name, Attrs: ev.args})
	return nil
}

// nest gives each sync span (X, B/E) its parent: the innermost span on the
// same thread that contains it (start <= child start, child end <= end; of
// equal spans the earlier event is the parent). Items are bucketed by
// thread, each thread's are sorted by (start, end descending), and a stack
// does the rest: O(n log n). A span that overlaps the top of the stack
// without fitting in it is not its child; it becomes a sibling, as on
// Perfetto's overflow track. Thread-scoped instants ride the same sweep
// and attach to the innermost span containing them. Spans whose args gave
// their ids keep the parent those name, but stay in the sweep, so that
// spans and instants without ids can nest in them.
func (d *chrome) nest(c *chromeCounts) error {
	// The items go straight into per-thread buckets (a counting sort by
	// thread), so that each sort is of one thread's items only.
	next := make([]int32, len(d.threads)+1) // bucket starts, then fill positions
	for k := range d.spans {
		if ev := &d.events[d.spans[k].ev]; ev.ph == 'X' || ev.ph == 'B' {
			next[ev.thread+1]++
		}
	}
	for i := range d.events {
		if ev := &d.events[i]; ev.ph == 'i' && ev.scope == 't' {
			next[ev.thread+1]++
		}
	}
	for t := 1; t < len(next); t++ {
		next[t] += next[t-1]
	}
	items := make([]chromeItem, next[len(next)-1])
	bounds := slices.Clone(next)
	put := func(it chromeItem) {
		items[next[it.thread]] = it
		next[it.thread]++
	}
	for k := range d.spans {
		sp := &d.spans[k]
		ev := &d.events[sp.ev]
		if ev.ph == 'X' || ev.ph == 'B' {
			put(chromeItem{start: ev.ts, end: sp.end, thread: ev.thread, order: sp.ev, ref: int32(k)})
		}
	}
	for i := range d.events {
		ev := &d.events[i]
		if ev.ph != 'i' {
			continue
		}
		if ev.scope != 't' { // process- and global-scoped instants have no thread to nest in
			d.newSpan(int32(i), -1, ev.ts)
			continue
		}
		put(chromeItem{start: ev.ts, end: ev.ts, thread: ev.thread, order: int32(i), ref: int32(i), instant: true})
	}
	for t := 0; t+1 < len(bounds); t++ {
		slices.SortFunc(items[bounds[t]:bounds[t+1]], func(a, b chromeItem) int {
			switch {
			case a.start != b.start:
				return cmp.Compare(a.start, b.start)
			case a.end != b.end:
				return cmp.Compare(b.end, a.end)
			case a.instant != b.instant:
				if a.instant {
					return 1
				}
				return -1
			}
			return cmp.Compare(a.order, b.order)
		})
	}
	var stack []int32
	thread := int32(-1)
	for _, it := range items {
		if it.thread != thread {
			stack, thread = stack[:0], it.thread
		}
		overlapped := false
		for len(stack) > 0 {
			top := &d.spans[stack[len(stack)-1]]
			if it.end <= top.end {
				break // top starts no later (sort order) and ends no earlier: it contains it
			}
			overlapped = overlapped || it.start < top.end
			stack = stack[:len(stack)-1]
		}
		parent := int32(-1)
		if len(stack) > 0 {
			parent = stack[len(stack)-1]
		}
		if it.instant {
			if parent < 0 {
				d.newSpan(it.ref, -1, it.start)
				continue
			}
			if err := d.attach(parent, it.ref); err != nil {
				return err
			}
			continue
		}
		if d.idsOf(it.ref) == nil { // a span with ids keeps the parent they name
			if overlapped {
				c.overlaps++
			}
			d.spans[it.ref].parent = parent
		}
		stack = append(stack, it.ref)
	}
	return nil
}

// emit writes the spans to the batch in the order of the events that began
// them. Spans whose args gave no ids get ids 1, 2, 3, ... in that order.
func (d *chrome) emit() error {
	byEvent := make([]int32, len(d.events))
	for i := range byEvent {
		byEvent[i] = -1
	}
	nattrs := 0
	for k := range d.spans {
		byEvent[d.spans[k].ev] = int32(k)
		nattrs += d.attrCount(int32(k))
	}
	pos := make([]int32, len(d.spans)) // span index -> position in the batch
	n := int32(0)
	for _, k := range byEvent {
		if k >= 0 {
			pos[k] = n
			n++
		}
	}
	var traces []model.TraceID
	if d.ids != nil {
		traces = d.traceIDs()
	}
	idOf := func(k int32) model.SpanID {
		if ids := d.idsOf(k); ids != nil {
			return ids.id
		}
		return chromeSpanID(pos[k])
	}
	d.st.Batch.Spans = slices.Grow(d.st.Batch.Spans, len(d.spans))
	store := make([]model.Attr, 0, nattrs)
	for _, k := range byEvent {
		if k < 0 {
			continue
		}
		sp := &d.spans[k]
		ev := &d.events[sp.ev]
		th := &d.threads[ev.thread]
		start := len(store)
		// attrCount counts what this appends: the store is sized once,
		// exactly, and the spans' attributes keep all of it.
		if ev.cat != "" {
			store = append(store, model.Attr{Key: keys.ChromeCategory, Value: model.StringValue(ev.cat)})
		}
		store = append(store, model.Attr{Key: keys.ThreadID, Value: chromeIDValue(th.tid)})
		if th.name != "" {
			store = append(store, model.Attr{Key: "thread.name", Value: model.StringValue(th.name)})
		}
		if ev.track >= 0 {
			store = append(store, model.Attr{Key: "chrome.id", Value: model.StringValue(d.tracks[ev.track].id)})
		}
		store = d.appendArgs(store, k, ev.args)
		store = append(store, sp.endArgs...)
		attrs := store[start:len(store):len(store)]
		if len(attrs) > d.st.Limits.MaxAttrsPerSpan {
			return d.st.CheckAttrs(len(attrs), d.where(ev.index))
		}
		out := model.Span{
			TraceID:  chromeTraceID,
			ID:       idOf(k),
			Start:    ev.ts,
			End:      sp.end,
			Name:     ev.name,
			Kind:     model.KindInternal,
			Status:   chromeStatus(attrs),
			Scope:    -1,
			Attrs:    attrs,
			Events:   sp.events,
			Resource: d.resource(th.proc),
		}
		out.Service = d.procs[th.proc].service
		if traces != nil {
			out.TraceID = traces[k]
		}
		if ids := d.idsOf(k); ids != nil {
			out.ParentID = ids.parent
		} else if sp.parent >= 0 {
			out.ParentID = idOf(sp.parent)
		}
		idx, err := d.st.AddSpan(out)
		if err != nil {
			return err
		}
		if sp.unclosed {
			end := "E"
			if ev.ph == 'b' {
				end = "e"
			}
			d.st.Warn(idx, "%s %q (%c event) has no %s event; it ends at the last timestamp in the file", d.where(ev.index), ev.name, ev.ph, end)
		}
	}
	return nil
}

// attrCount is how many attributes emit gives span k: category, thread
// id and name, async id, the args it keeps, and the end event's args.
func (d *chrome) attrCount(k int32) int {
	sp := &d.spans[k]
	ev := &d.events[sp.ev]
	n := 1 + len(sp.endArgs)
	if ev.cat != "" {
		n++
	}
	if d.threads[ev.thread].name != "" {
		n++
	}
	if ev.track >= 0 {
		n++
	}
	if d.idsOf(k) == nil {
		return n + len(ev.args)
	}
	for _, a := range ev.args {
		if !isIDArg(a.Key) {
			n++
		}
	}
	return n
}

// resource returns the batch resource of process p, adding it (and
// resolving its service name) the first time a span needs it. Metadata may
// come after the events it names, so names are only read here.
func (d *chrome) resource(p int32) int32 {
	pr := &d.procs[p]
	if pr.resource >= 0 {
		return pr.resource
	}
	pr.service = pr.name
	if pr.service == "" {
		pr.service = d.st.In.String("pid " + chromeIDString(pr.id))
	}
	pr.resource = d.st.Batch.AddResource(model.Resource{Service: pr.service, Attrs: model.Attrs{
		{Key: model.ServiceNameKey, Value: model.StringValue(pr.service)},
		{Key: keys.ProcessID, Value: chromeIDValue(pr.id)},
	}})
	return pr.resource
}

// warnCounts reports the problems counted over the file, one warning each.
func (d *chrome) warnCounts(c *chromeCounts) {
	st := d.st
	if c.orphanE > 0 {
		st.Warn(-1, "%d E events had no open B event on their thread; ignored", c.orphanE)
	}
	if c.orphanAsyncE > 0 {
		st.Warn(-1, "%d e events had no open b event with the same category and id; ignored", c.orphanAsyncE)
	}
	if c.orphanN > 0 {
		st.Warn(-1, "%d n events had no open b event with the same category and id; kept as zero-length spans", c.orphanN)
	}
	if c.overlaps > 0 {
		st.Warn(-1, "%d spans overlap a span on their thread without nesting in it; kept as its siblings", c.overlaps)
	}
	if d.negDur > 0 {
		st.Warn(-1, "%d X events had a negative dur; read as 0", d.negDur)
	}
	for _, ph := range d.skippedOrder {
		st.Warn(-1, "skipped %d events of phase %s (%s)", d.skipped[ph], jsonscan.Quote([]byte(ph)), chromePhaseName(ph))
	}
	if d.skippedOther > 0 {
		st.Warn(-1, "skipped %d events of other unknown phases", d.skippedOther)
	}
}

// chromePhaseName says what a phase the decoder skips is for.
func chromePhaseName(ph string) string {
	switch ph {
	case "":
		return "no phase"
	case "C":
		return "counter"
	case "s", "t", "f":
		return "flow"
	case "O", "N", "D":
		return "object snapshot"
	case "P":
		return "sample"
	case "R":
		return "mark"
	case "S", "T", "p", "F":
		return "legacy async"
	case "V", "v":
		return "memory dump"
	case "c":
		return "clock sync"
	case "(", ")":
		return "context"
	}
	return "unknown phase"
}

// chromeStatus is error when the args hold an "error" key (other than
// false), with its value as the message; otherwise unset.
func chromeStatus(attrs model.Attrs) model.Status {
	v, ok := attrs.Get("error")
	if !ok || v.Type() == model.TypeBool && !v.Bool() {
		return model.Status{}
	}
	return model.Status{Code: model.StatusError, Message: v.AsString()}
}

// chromeSpanID is the id of the span at position pos of the batch: pos+1,
// big endian.
func chromeSpanID(pos int32) model.SpanID {
	var id model.SpanID
	binary.BigEndian.PutUint64(id[:], uint64(pos)+1)
	return id
}

func chromeIDValue(id chromeID) model.Value {
	if id.s != "" {
		return model.StringValue(id.s)
	}
	return model.IntValue(id.n)
}

func chromeIDString(id chromeID) string {
	if id.s != "" {
		return id.s
	}
	return strconv.FormatInt(id.n, 10)
}
