package chrome

import (
	"math"
	"strconv"

	"github.com/spanlens/spanlens/core/internal/decode"
	"github.com/spanlens/spanlens/core/internal/jsonscan"
	"github.com/spanlens/spanlens/core/model"
)

// chromeDecoder reads the Chrome trace-event format (catapult's "Trace Event
// Format"), which chrome://tracing, Perfetto, Node.js --trace-events and many
// profilers write: an array of events, or {"traceEvents":[...], ...}.
//
// The format has no span ids and no parent links: a span's parent is the
// innermost span that contains it in time on the same thread, and async
// spans nest by id. So a decode has two passes: this file reads every event
// into a compact record, and chrome_build.go matches begin and end events,
// nests the spans and writes the batch. Span ids are synthesized in event
// order, so a file always decodes to the same ids. X and B events whose
// args carry trace_id, span_id and parent_span_id, as core/export's Chrome
// encoder writes them, keep those ids and that parent instead (see
// chrome_ids.go).
type chromeDecoder struct{}

// sniffChrome finds a trace-event document ("traceEvents") or an event's
// phase ("ph"), in an object or in an array of events.
func sniffChrome(data []byte) int {
	return decode.SniffMembers(data, []string{`"traceEvents"`, `"ph"`}, []string{`"ph"`})
}

func (chromeDecoder) Format() model.Format { return model.Chrome }

func (chromeDecoder) Decode(data []byte, opts decode.Options) (*model.Batch, error) {
	st := decode.NewState(model.Chrome, data, opts)
	d := &chrome{
		st:        st,
		s:         st.Scanner(data),
		procIdx:   map[chromeID]int32{},
		threadIdx: map[[2]chromeID]int32{},
		trackIdx:  map[string]int32{},
		skipped:   map[string]int{},
		// Events take 100 to 300 bytes of JSON; starting near the low
		// end saves most of the copying as the slice grows.
		events: make([]chromeEvent, 0, len(data)/256+8),
	}
	d.strs.Init(st.In)
	if err := d.document(); err != nil {
		return nil, err
	}
	if err := d.build(); err != nil {
		return nil, err
	}
	return d.st.Done(), nil
}

// chrome is one Chrome trace-event decode.
type chrome struct {
	st     *decode.State
	s      *jsonscan.Scanner
	strs   decode.StringTable
	prefix string // "traceEvents" in the object form, "" in the array form

	events []chromeEvent            // kept events (X B E b e n i), in input order
	args   []model.Attr             // the args of the event being read
	kept   decode.Arena[model.Attr] // the args of kept events, one run per event

	procs     []chromeProc
	procIdx   map[chromeID]int32
	threads   []chromeThread
	threadIdx map[[2]chromeID]int32
	tracks    []chromeTrack // async tracks, keyed by category, scope and id
	trackIdx  map[string]int32

	// Per-event scratch: fields that must wait for the whole event object
	// because members come in any order.
	idText []byte
	key    []byte

	// Nested args values are gathered on these stacks, then flushed into
	// the arenas.
	kvStack  []model.Attr
	valStack []model.Value
	kvs      decode.Arena[model.Attr]
	vals     decode.Arena[model.Value]

	maxTS     int64 // the last timestamp in the file, for unclosed spans
	haveTS    bool
	spanCount int // X, B and b events seen, checked against MaxSpans early
	instants  int // i and n events seen, which may become spans

	skipped      map[string]int // events of unsupported phases, by phase
	skippedOrder []string       // phases in first-seen order, for stable warnings
	skippedOther int            // events of phases beyond chromeMaxSkipKinds
	negDur       int

	spans []chromeSpan // filled by build
	ids   []chromeIDs  // ids read from args, parallel to spans; nil when none had them
}

// chromeEvent is one kept event. Times are nanoseconds.
type chromeEvent struct {
	ts, dur   int64
	name, cat string
	args      model.Attrs // run in chrome.kept
	thread    int32       // index into chrome.threads
	track     int32       // async track for b, e and n; else -1
	index     int32       // position in the input's event array
	ph        byte        // 'i' stands for 'I' too
	scope     byte        // instant scope: 'g', 'p', or 't' (the default)
}

// chromeID is a pid or tid: a number, or a string that is not one.
type chromeID struct {
	n int64
	s string
}

// chromeProc is one process: a pid and the name its metadata gives it.
type chromeProc struct {
	id       chromeID
	name     string // from a process_name metadata event
	service  string // resolved when spans are written
	resource int32  // batch resource, or -1 until a span needs it
}

// chromeThread is one (pid, tid) lane.
type chromeThread struct {
	proc  int32
	tid   chromeID
	name  string  // from a thread_name metadata event
	stack []int32 // open B spans while matching
}

// chromeTrack is one async track: b, e and n events with the same category,
// scope and id (and pid, for process-local ids).
type chromeTrack struct {
	id    string
	stack []int32 // open b spans while matching
}

// document reads the top level: an array of events, which may lack its
// closing bracket because tracers append to it as they go, or an object
// holding one.
func (d *chrome) document() error {
	s := d.s
	switch s.Peek() {
	case jsonscan.Array:
		if err := s.OpenEndedArray(d.event); err != nil {
			return err
		}
	case jsonscan.Object:
		d.prefix = "traceEvents"
		found := false
		err := s.Object(func(key []byte) error {
			if string(key) != "traceEvents" {
				return s.Skip() // displayTimeUnit, otherData, stackFrames, samples, ...
			}
			found = true
			if s.Null() {
				return nil
			}
			return s.Array(d.event)
		})
		if err != nil {
			return err
		}
		if !found {
			return &decode.Error{Format: model.Chrome, Offset: -1, Msg: `no "traceEvents" member: not a Chrome trace-event object`}
		}
	default:
		return s.Errorf("want an array of trace events or an object with \"traceEvents\", got %s", chromeDescribe(s))
	}
	return s.End()
}

// event reads one trace event.
func (d *chrome) event(i int) error {
	s := d.s
	if s.Null() {
		return nil
	}
	ev := chromeEvent{index: int32(i), track: -1, scope: 't'}
	var ph, scope string
	var pid, tid chromeID
	var haveTS, local bool
	members := 0
	d.idText = d.idText[:0]
	d.args = d.args[:0]
	err := s.Object(func(key []byte) error {
		members++
		if s.Null() {
			return nil
		}
		var err error
		switch string(key) {
		case "ph":
			ph, err = d.short()
		case "name":
			ev.name, err = d.short()
		case "cat":
			ev.cat, err = d.short()
		case "ts":
			ev.ts, err = d.micros()
			haveTS = true
		case "dur":
			ev.dur, err = d.micros()
		case "pid":
			pid, err = d.procID()
		case "tid":
			tid, err = d.procID()
		case "id":
			err = d.id()
		case "id2":
			err = s.Object(func(key []byte) error {
				switch string(key) {
				case "local":
					local = true
					return d.id()
				case "global":
					return d.id()
				}
				return s.Skip()
			})
		case "scope":
			scope, err = d.short()
		case "s":
			var b []byte
			if b, err = s.Str(); err == nil && len(b) == 1 && (b[0] == 'g' || b[0] == 'p') {
				ev.scope = b[0]
			}
		case "args":
			d.args = d.args[:0] // a repeated member replaces the first
			err = d.members(&d.args)
		default: // tts, tdur, cname, bind_id, flow_in, flow_out, sf, stack, ...
			err = s.Skip()
		}
		return err
	})
	if err != nil || members == 0 { // {} pads the end of some writers' arrays
		return err
	}
	if haveTS {
		d.seeTime(ev.ts)
	}
	switch ph {
	case "X", "B", "E", "b", "e", "n", "i", "I":
		ev.ph = ph[0]
	case "M":
		d.metadata(ev.name, d.args, pid, tid)
		return nil
	default: // C, s t f, O N D, P, R, legacy async S T p F, ...
		d.skip(ph)
		return nil
	}
	switch ev.ph {
	case 'I':
		ev.ph = 'i'
	case 'X':
		if ev.dur < 0 {
			d.negDur++
			ev.dur = 0
		}
		d.seeTime(chromeAdd(ev.ts, ev.dur))
	case 'b', 'e', 'n':
		ev.track = d.track(ev.cat, scope, local, pid)
	}
	if ev.ph == 'i' || ev.ph == 'n' {
		d.instants++
	}
	if ev.ph == 'X' || ev.ph == 'B' || ev.ph == 'b' {
		if d.spanCount++; d.spanCount > d.st.Limits.MaxSpans {
			return &decode.LimitError{Format: model.Chrome, Limit: "MaxSpans", Max: int64(d.st.Limits.MaxSpans), Where: d.where(ev.index)}
		}
	}
	ev.thread = d.thread(pid, tid)
	// The args move to an arena of chunks: one slice of every event's
	// args would be copied over and over as it grows.
	ev.args = d.kept.Flush(&d.args, 0)
	d.events = append(d.events, ev)
	return nil
}

// chromeMaxSkipKinds bounds how many phases get a warning of their own, so
// that a file of made-up phases cannot make a warning per event.
const chromeMaxSkipKinds = 32

// skip counts an event of a phase the decoder does not read.
func (d *chrome) skip(ph string) {
	if _, ok := d.skipped[ph]; !ok && len(d.skippedOrder) == chromeMaxSkipKinds {
		d.skippedOther++
		return
	}
	if d.skipped[ph] == 0 {
		d.skippedOrder = append(d.skippedOrder, ph)
	}
	d.skipped[ph]++
}

// seeTime keeps the last timestamp of the file.
func (d *chrome) seeTime(t int64) {
	if !d.haveTS || t > d.maxTS {
		d.maxTS, d.haveTS = t, true
	}
}

// metadata applies an M event: process_name names a process (its service)
// and thread_name a thread. Others (process_labels, sort indexes, Node's
// version records) carry nothing the model keeps.
func (d *chrome) metadata(name string, args []model.Attr, pid, tid chromeID) {
	var label string
	for _, a := range args {
		if a.Key == "name" {
			label = a.Value.Str()
		}
	}
	switch name {
	case "process_name":
		d.procs[d.proc(pid)].name = label
	case "thread_name":
		d.threads[d.thread(pid, tid)].name = label
	}
}

// proc returns the index of process pid, adding it when new.
func (d *chrome) proc(pid chromeID) int32 {
	if i, ok := d.procIdx[pid]; ok {
		return i
	}
	i := int32(len(d.procs))
	d.procs = append(d.procs, chromeProc{id: pid, resource: -1})
	d.procIdx[pid] = i
	return i
}

// thread returns the index of thread (pid, tid), adding it when new.
func (d *chrome) thread(pid, tid chromeID) int32 {
	k := [2]chromeID{pid, tid}
	if i, ok := d.threadIdx[k]; ok {
		return i
	}
	i := int32(len(d.threads))
	d.threads = append(d.threads, chromeThread{proc: d.proc(pid), tid: tid})
	d.threadIdx[k] = i
	return i
}

// track returns the async track of an event from its category, scope and
// id (d.idText). Ids from id2.local are process-local, so the pid is part of
// their key; plain ids and id2.global are global.
func (d *chrome) track(cat, scope string, local bool, pid chromeID) int32 {
	k := append(d.key[:0], cat...)
	k = append(k, 0)
	k = append(k, scope...)
	k = append(k, 0)
	if local {
		k = append(k, 'L')
		k = strconv.AppendInt(k, pid.n, 10)
		k = append(k, pid.s...)
	}
	k = append(k, 0)
	k = append(k, d.idText...)
	d.key = k
	if i, ok := d.trackIdx[string(k)]; ok {
		return i
	}
	i := int32(len(d.tracks))
	d.tracks = append(d.tracks, chromeTrack{id: d.st.In.Bytes(d.idText)})
	d.trackIdx[string(k)] = i
	return i
}

// short reads a string that is likely to repeat (a name, a category, a
// phase) and interns it.
func (d *chrome) short() (string, error) {
	b, err := d.s.Str()
	if err != nil {
		return "", err
	}
	return d.name(b)
}

// name keeps a string that is likely to repeat, interned, enforcing
// MaxAttrValueBytes.
func (d *chrome) name(b []byte) (string, error) {
	if err := d.st.CheckString(len(b)); err != nil {
		return "", decode.LimitAt(d.s, err)
	}
	return d.strs.Name(b), nil
}

// id reads an async id, a string ("0x1f") or a number, into d.idText.
func (d *chrome) id() error {
	s := d.s
	var b []byte
	var err error
	switch s.Peek() {
	case jsonscan.String, jsonscan.Number:
		b, err = s.NumberText() // any string: ids are opaque
	default:
		return s.Errorf("want an id (string or number), got %s", chromeDescribe(s))
	}
	d.idText = append(d.idText[:0], b...)
	return err
}

// procID reads a pid or tid. Numbers and numeric strings are kept as
// numbers, so that "12" and 12 name the same thread.
func (d *chrome) procID() (chromeID, error) {
	s := d.s
	if s.Peek() != jsonscan.String {
		n, err := s.Int64()
		return chromeID{n: n}, err
	}
	b, err := s.Str()
	if err != nil {
		return chromeID{}, err
	}
	if n, ok := decode.Atoi(b); ok {
		return chromeID{n: n}, nil
	}
	v, err := d.name(b)
	return chromeID{s: v}, err
}

// micros reads a time in microseconds (a number, or a string holding one)
// and returns nanoseconds rounded to the nearest. It works on the decimal
// text: float64 would lose the nanoseconds of epoch-based timestamps.
func (d *chrome) micros() (int64, error) {
	s := d.s
	b, err := s.NumberText()
	if err != nil {
		return 0, err
	}
	if ns, ok := chromeMicrosToNanos(b); ok {
		return ns, nil
	}
	return 0, s.Errorf("want a number, got %s", jsonscan.Quote(b))
}

// members appends the members of an object to *dst as attributes,
// dropping nulls and enforcing MaxAttrsPerSpan.
func (d *chrome) members(dst *[]model.Attr) error {
	s := d.s
	mark := len(*dst)
	return s.Object(func(key []byte) error {
		if err := d.st.CheckAttrs(len(*dst)-mark+1, ""); err != nil {
			return decode.LimitAt(s, err)
		}
		k, err := d.name(key)
		if err != nil {
			return err
		}
		v, err := d.value()
		if err == nil && v.Type() != model.TypeEmpty {
			*dst = append(*dst, model.Attr{Key: k, Value: v})
		}
		return err
	})
}

// value reads any JSON value as an attribute value: integers stay ints,
// other numbers are doubles, null is the empty value.
func (d *chrome) value() (model.Value, error) {
	s := d.s
	switch s.Peek() {
	case jsonscan.String:
		b, err := s.Str()
		if err != nil {
			return model.Value{}, err
		}
		if err := d.st.CheckString(len(b)); err != nil {
			return model.Value{}, decode.LimitAt(s, err)
		}
		return model.StringValue(d.strs.Value(b)), nil
	case jsonscan.Number:
		b, err := s.NumberText()
		return decode.NumberValue(b), err
	case jsonscan.Bool:
		t, err := s.Bool()
		return model.BoolValue(t), err
	case jsonscan.Array:
		mark := len(d.valStack)
		err := s.Array(func(int) error {
			v, err := d.value()
			d.valStack = append(d.valStack, v)
			return err
		})
		return model.ArrayValue(d.vals.Flush(&d.valStack, mark)...), err
	case jsonscan.Object:
		mark := len(d.kvStack)
		err := d.members(&d.kvStack)
		return model.MapValue(d.kvs.Flush(&d.kvStack, mark)...), err
	}
	return model.Value{}, s.Skip() // null, or a syntax error with its path
}

// where renders the path of the event at index i of the input's array.
func (d *chrome) where(i int32) string {
	return d.prefix + "[" + strconv.Itoa(int(i)) + "]"
}

// chromeMicrosToNanos converts the decimal text of a number of microseconds
// to nanoseconds, rounding half away from zero. Exponent forms go through
// float64; plain decimals are converted exactly.
func chromeMicrosToNanos(b []byte) (int64, bool) {
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	var whole, frac uint64
	i := 0
	for ; i < len(b) && '0' <= b[i] && b[i] <= '9'; i++ {
		if whole = whole*10 + uint64(b[i]-'0'); whole > math.MaxInt64/1000 {
			return 0, false
		}
	}
	if i == 0 {
		return 0, false
	}
	digits, round := 0, false
	if i < len(b) && b[i] == '.' {
		i++
		start := i
		for ; i < len(b) && '0' <= b[i] && b[i] <= '9'; i++ {
			switch {
			case digits < 3:
				frac = frac*10 + uint64(b[i]-'0')
				digits++
			case digits == 3:
				round = b[i] >= '5'
				digits++
			}
		}
		if i == start {
			return 0, false
		}
	}
	if i < len(b) {
		if b[i] != 'e' && b[i] != 'E' {
			return 0, false
		}
		return chromeFloatMicros(b, neg)
	}
	for ; digits < 3; digits++ {
		frac *= 10
	}
	ns := whole*1000 + frac
	if round {
		ns++
	}
	if ns > math.MaxInt64 {
		return 0, false
	}
	if neg {
		return -int64(ns), true
	}
	return int64(ns), true
}

// chromeFloatMicros converts microseconds in exponent form (b without its
// sign) to nanoseconds.
func chromeFloatMicros(b []byte, neg bool) (int64, bool) {
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return 0, false
	}
	ns := math.Round(f * 1000)
	if ns >= math.MaxInt64 {
		return 0, false
	}
	if neg {
		ns = -ns
	}
	return int64(ns), true
}

// chromeAdd returns a+b, saturating instead of overflowing (b >= 0).
func chromeAdd(a, b int64) int64 {
	if a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}

// chromeDescribe names the value at the scanner's position for an error.
func chromeDescribe(s *jsonscan.Scanner) string {
	if k := s.Peek(); k != jsonscan.Invalid {
		return k.String()
	}
	rest := s.Data()[s.Offset():]
	if len(rest) == 0 {
		return "end of input"
	}
	return jsonscan.Quote(rest[:min(len(rest), 12)])
}
