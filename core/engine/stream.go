package engine

import (
	"bytes"
	"encoding/json"

	"github.com/spanlens/spanlens"
	"github.com/spanlens/spanlens/core/ingest"
	"github.com/spanlens/spanlens/core/model"
)

// A staged load receives its input in chunks (loadBegin, loadChunk...,
// loadEnd), so that a host streaming a file (a Blob's stream in a
// browser) never holds a second whole copy of it: each chunk is copied
// once, into the buffer the decode reads. The decode itself still runs on
// the whole input at loadEnd, so its errors and limits are those of load.
type staged struct {
	args     loadArgs
	maxBytes int64
	buf      []byte
	// previewed is set once a preview document was made.
	previewed bool
	// A parallel load (part.go) decodes its own bytes as the first part
	// into batch and then reads parts from helper engines into it; an
	// incremental one decodes its input into it a part at a time.
	batch   *model.Batch
	waiting int
	// received counts the bytes of every chunk, buf holding only those
	// not yet decoded when the load is incremental.
	received    int64
	incremental bool
	cutBytes    int // incrementalBytes; smaller in tests
}

// incrementalBytes is the input an incremental load lets pile up before
// it decodes the whole OTLP/JSON documents it can cut from it.
const incrementalBytes = 64 << 20

type loadBeginArgs struct {
	loadArgs
	// Size, if known, is the whole input's length: the buffer is allocated
	// at once, and an input over MaxBytes is refused before any chunk.
	Size int64 `json:"size"`
	// Incremental decodes OTLP/JSON as it arrives, some 64 MiB at a time
	// cut at span or resourceSpans boundaries, so that the input is never
	// held whole; the parts' errors name their place in the part, not in
	// the input, so a host that can read the input again loads it whole
	// after a failure for the exact error.
	Incremental bool `json:"incremental"`
}

func cmdLoadBegin(c *call) (Result, error) {
	var a loadBeginArgs
	if err := c.args(&a); err != nil {
		return Result{}, err
	}
	if a.Size < 0 {
		return Result{}, typeErrorf("loadBegin: size %d is negative", a.Size)
	}
	max := a.Limits.Within(c.e.cfg.Limits).MaxBytes
	if a.Size > max {
		return Result{}, c.e.maxBytesError(a.loadArgs)
	}
	c.e.mu.Lock()
	defer c.e.mu.Unlock()
	if len(c.e.loads)+len(c.e.docs) >= c.e.cfg.MaxDocs {
		return Result{}, &Error{Kind: "LimitError", Message: "spanlens: loadBegin: too many documents and loads at once; free or end some first"}
	}
	c.e.nextLoad++
	id := c.e.nextLoad
	st := &staged{args: a.loadArgs, maxBytes: max, incremental: a.Incremental && (a.Format == "" || a.Format == "otlp-json"), cutBytes: incrementalBytes}
	if st.incremental {
		st.buf = make([]byte, 0, min(a.Size, incrementalBytes+incrementalBytes/4))
	} else {
		st.buf = make([]byte, 0, a.Size)
	}
	c.e.loads[id] = st
	return Result{JSON: map[string]any{"load": id}}, nil
}

type loadChunkArgs struct {
	Load uint32 `json:"load"`
	// Preview asks for a document of the spans received so far, when the
	// input is OTLP/JSON and they end at a resourceSpans boundary.
	Preview bool `json:"preview"`
}

// stagedLoad finds a staged load by id.
func (c *call) stagedLoad(id uint32) (*staged, error) {
	c.e.mu.Lock()
	s := c.e.loads[id]
	c.e.mu.Unlock()
	if s == nil {
		return nil, typeErrorf("%s: load %d is not under way (ended, cancelled, or never begun)", c.req.Cmd, id)
	}
	return s, nil
}

// endLoad forgets a staged load.
func (c *call) endLoad(id uint32) {
	c.e.mu.Lock()
	delete(c.e.loads, id)
	c.e.mu.Unlock()
}

func cmdLoadChunk(c *call) (Result, error) {
	var a loadChunkArgs
	if err := c.args(&a); err != nil {
		return Result{}, err
	}
	s, err := c.stagedLoad(a.Load)
	if err != nil {
		return Result{}, err
	}
	if s.received+int64(c.req.payloadLen()) > s.maxBytes {
		// The load cannot succeed: drop its buffer now.
		c.endLoad(a.Load)
		return Result{}, c.e.maxBytesError(s.args)
	}
	s.received += int64(c.req.payloadLen())
	s.buf = c.req.appendPayload(s.buf)
	res := map[string]any{"bytes": s.received}
	if a.Preview && !s.previewed && s.batch == nil {
		if p := s.preview(c.e); p != nil {
			s.previewed = true
			res["preview"] = p.JSON
		}
	}
	if s.incremental && len(s.buf) >= s.cutBytes {
		if err := s.decodeSome(c.e); err != nil {
			c.endLoad(a.Load)
			return Result{}, err
		}
	}
	return Result{JSON: res}, nil
}

// decodeSome decodes the spans of buf up to its last cut into the batch
// and keeps the rest, reopened by the cut's head, for later.
func (s *staged) decodeSome(e *Engine) error {
	if s.batch == nil && !bytes.HasPrefix(s.buf, otlpJSONHead) {
		s.incremental = false // not OTLP/JSON of one object: decoded whole at loadEnd
		return nil
	}
	at, tail, head := otlpJSONCut(s.buf)
	if at < 0 {
		return nil
	}
	// The part is buf up to the cut, closed in place; the bytes the tail
	// covers are put back after.
	saved := append([]byte(nil), s.buf[at:at+len(tail)]...)
	copy(s.buf[at:], tail)
	err := s.decodePart(e, s.buf[:at+len(tail)])
	copy(s.buf[at:], saved)
	if err != nil {
		return err
	}
	rest := s.buf[at+1:]
	if len(head) > at+1 {
		// A head longer than the part: only with tiny parts.
		s.buf = append(append(make([]byte, 0, len(head)+len(rest)+s.cutBytes), head...), rest...)
		return nil
	}
	n := len(head) + len(rest)
	copy(s.buf[len(head):], rest)
	copy(s.buf, head)
	s.buf = s.buf[:n]
	return nil
}

// decodePart decodes one whole OTLP/JSON document into the batch.
func (s *staged) decodePart(e *Engine, part []byte) error {
	b, err := e.decode(part, s.args, nil)
	if err != nil {
		return err
	}
	if s.batch == nil {
		s.batch = b
		return nil
	}
	appendBatch(s.batch, b)
	return nil
}

// otlpJSONCut finds where buf, an OTLP/JSON document's start, can be cut
// into a whole document and the rest: at is the offset of the comma where
// it is cut, tail closes the part before it (written from at on) and head
// reopens the rest after it. at is -1 when buf has no cut. The patterns are
// otlpJSONPrefix's, and a wrong cut fails to decode.
func otlpJSONCut(buf []byte) (at int, tail, head []byte) {
	if at, tail, head := spanLevelCut(buf); at >= 0 {
		return at, tail, head
	}
	body := buf[len(otlpJSONHead):]
	r := bytes.LastIndex(body, resourceKey)
	if r <= 0 || body[r-1] != ',' {
		return -1, nil, nil
	}
	return len(otlpJSONHead) + r - 1, []byte("]}"), otlpJSONHead
}

// spanLevelCut is otlpJSONCut between the last two spans of buf; the head
// reopens their resource and scopeSpans element.
func spanLevelCut(buf []byte) (at int, tail, head []byte) {
	c := len(buf)
	for range 16 {
		if c = bytes.LastIndex(buf[:c], spanCut); c <= 0 {
			return -1, nil, nil
		}
		if spanStarts(buf[c+2:]) {
			break
		}
	}
	if c > 0 && spanStarts(buf[c+2:]) {
		r := bytes.LastIndex(buf[:c], resourceKey)
		if r < 0 {
			return -1, nil, nil
		}
		sc := bytes.Index(buf[r:c], scopeSpansKey)
		if sc < 0 {
			return -1, nil, nil
		}
		sc += r
		sp := bytes.LastIndex(buf[sc:c], spansKey)
		if sp < 0 {
			return -1, nil, nil
		}
		sp += sc
		// The cut's spans must be in that resource's scopeSpans, and their
		// scopeSpans element starts at its "scope" (or at "spans" itself):
		// its text must hold no spans, which the head would repeat.
		if bytes.LastIndex(buf[:sp], scopeSpansKey) != sc {
			return -1, nil, nil
		}
		open := -1
		if buf[sp-1] == '{' {
			open = sp - 1
		} else if o := bytes.LastIndex(buf[sc:sp], scopeKey); o >= 0 && !bytes.Contains(buf[sc+o:sp], spansKey) {
			open = sc + o
		}
		if open < 0 {
			return -1, nil, nil
		}
		head = append(append(append(append([]byte(nil), otlpJSONHead...), buf[r:sc]...), scopeSpansKey...), buf[open:sp+len(spansKey)]...)
		if !json.Valid(append(append([]byte(nil), head...), "]}]}]}"...)) {
			return -1, nil, nil
		}
		return c + 1, []byte("]}]}]}"), head
	}
	return -1, nil, nil
}

// spanStarts reports whether the object at the start of b is a span
// rather than a link (both begin with "traceId"): a span names itself or
// its start before the first '}' closes anything, a link has neither key.
func spanStarts(b []byte) bool {
	end := bytes.IndexByte(b, '}')
	if end < 0 {
		return false
	}
	return bytes.Contains(b[:end], []byte(`"name":`)) || bytes.Contains(b[:end], []byte(`"startTimeUnixNano":`))
}

// appendBatch appends b's spans, resources, scopes and warnings to dst,
// renumbering what indexes them.
func appendBatch(dst, b *model.Batch) {
	base, rbase, sbase := int32(len(dst.Spans)), int32(len(dst.Resources)), int32(len(dst.Scopes))
	for _, sp := range b.Spans {
		if sp.Resource >= 0 {
			sp.Resource += rbase
		}
		if sp.Scope >= 0 {
			sp.Scope += sbase
		}
		dst.Spans = append(dst.Spans, sp)
	}
	dst.Resources = append(dst.Resources, b.Resources...)
	dst.Scopes = append(dst.Scopes, b.Scopes...)
	for _, w := range b.Warnings {
		if w.Span >= 0 {
			w.Span += base
		}
		dst.Warnings = append(dst.Warnings, w)
	}
}

// preview loads the complete resourceSpans received so far as a document
// of their own, or returns nil when there are none yet or the input is not
// OTLP/JSON. It is a first screen, not the document: errors here are left
// for loadEnd to report on the whole input.
func (s *staged) preview(e *Engine) *Result {
	if s.args.Format != "" && s.args.Format != "otlp-json" {
		return nil
	}
	prefix := otlpJSONPrefix(s.buf[:min(len(s.buf), previewBytes)])
	if prefix == nil {
		return nil
	}
	h, d, err := e.Load(prefix, spanlens.Options{Limits: s.args.Limits, AdjustSkew: s.args.AdjustSkew})
	if err != nil {
		return nil
	}
	r := loadResult(h, d)
	return &r
}

// previewBytes bounds the input a preview decodes: a first screen's worth
// (some 6,000 spans of OTLP/JSON), decoded in tens of milliseconds.
const previewBytes = 4 << 20

var (
	otlpJSONHead = []byte(`{"resourceSpans":[`)
	resourceKey  = []byte(`{"resource":`)
	spanCut      = []byte(`},{"traceId":`)
	// scopeSpansKey and spansKey open a resourceSpans element's scopeSpans
	// and a scopeSpans element's spans.
	scopeSpansKey = []byte(`,"scopeSpans":[`)
	spansKey      = []byte(`"spans":[`)
	scopeKey      = []byte(`{"scope":`)
)

// otlpJSONPrefix returns a copy of the complete spans at the start of buf
// as an OTLP/JSON document of their own, or nil. The cut is found by a
// pattern, not by parsing: a key and its colon cannot occur inside a JSON
// string (its quotes would be escaped), and in OTLP/JSON only a span or a
// link has a "traceId" key and only a resourceSpans element a "resource"
// one. So the cut is between two spans of one scope (the document is
// closed after the first), or else before a resourceSpans element. A
// wrong cut (between two links) only makes the preview fail to decode,
// which skips it.
func otlpJSONPrefix(buf []byte) []byte {
	if !bytes.HasPrefix(buf, otlpJSONHead) {
		return nil
	}
	if at := bytes.LastIndex(buf, spanCut); at > 0 {
		return closed(buf[:at+1], "]}]}]}")
	}
	body := buf[len(otlpJSONHead):]
	at := bytes.LastIndex(body, resourceKey)
	// The element at `at` may be incomplete; the one before it ends at
	// the comma that precedes it.
	if at <= 0 || body[at-1] != ',' {
		return nil
	}
	return closed(buf[:len(otlpJSONHead)+at-1], "]}")
}

// closed copies prefix and appends the brackets that close it.
func closed(prefix []byte, tail string) []byte {
	return append(append(make([]byte, 0, len(prefix)+len(tail)), prefix...), tail...)
}

type loadEndArgs struct {
	Load uint32 `json:"load"`
	// Cancel drops the load without decoding it.
	Cancel bool `json:"cancel"`
	// Parts, if above 0, decodes the input received as the first part of
	// a parallel load, which loadPart completes with that many more.
	Parts int `json:"parts"`
	// Encode answers the decoded input as a part (array "part") for
	// another engine's loadPart, keeping no document.
	Encode bool `json:"encode"`
}

func cmdLoadEnd(c *call) (Result, error) {
	var a loadEndArgs
	if err := c.args(&a); err != nil {
		return Result{}, err
	}
	s, err := c.stagedLoad(a.Load)
	if err != nil {
		return Result{}, err
	}
	if s.waiting > 0 && !a.Cancel {
		return Result{}, typeErrorf("loadEnd: load %d was ended already and waits for %d parts", a.Load, s.waiting)
	}
	switch {
	case a.Cancel:
		c.endLoad(a.Load)
		return Result{JSON: struct{}{}}, nil
	case a.Parts < 0:
		return Result{}, typeErrorf("loadEnd: parts %d is negative", a.Parts)
	case a.Encode:
		c.endLoad(a.Load)
		b, err := s.finish(c)
		if err != nil {
			return Result{}, err
		}
		return Result{JSON: map[string]any{"spans": len(b.Spans)}, Arrays: []Array{U8("part", appendPart(nil, b))}}, nil
	case a.Parts > 0:
		b, err := s.finish(c)
		if err != nil {
			c.endLoad(a.Load)
			return Result{}, err
		}
		s.buf, s.batch, s.waiting = nil, b, a.Parts
		return Result{JSON: map[string]any{"load": a.Load, "waiting": s.waiting}}, nil
	}
	c.endLoad(a.Load)
	if s.batch == nil {
		h, d, err := c.e.Load(s.buf, s.args.options(c.progress))
		if err != nil {
			return Result{}, err
		}
		return loadResult(h, d), nil
	}
	b, err := s.finish(c)
	if err != nil {
		return Result{}, err
	}
	return c.e.document(b, s.args)
}

// finish decodes what the load holds undecoded and returns its batch.
func (s *staged) finish(c *call) (*model.Batch, error) {
	if s.batch == nil {
		return c.e.decode(s.buf, s.args, c.progress)
	}
	if err := s.decodePart(c.e, s.buf); err != nil {
		return nil, err
	}
	s.buf = nil
	return s.batch, nil
}

// document makes a document of a batch put together from parts, checking
// the limits on the whole.
func (e *Engine) document(b *model.Batch, a loadArgs) (Result, error) {
	lim := a.Limits.Within(e.cfg.Limits)
	if len(b.Spans) > lim.MaxSpans {
		return Result{}, knobbed(&ingest.LimitError{Format: ingest.Format(b.Format), Limit: "MaxSpans", Max: int64(lim.MaxSpans)})
	}
	if e.full() {
		return Result{}, errTooManyDocs
	}
	d := spanlens.FromBatch(b, spanlens.Options{AdjustSkew: a.AdjustSkew})
	return loadResult(e.register(d), d), nil
}

type loadPartArgs struct {
	Load uint32 `json:"load"`
	// Spans, if known, is how many spans this part and those still to
	// come hold, so that the document's spans are allocated once.
	Spans int `json:"spans"`
}

// cmdLoadPart adds a part (the payload, from a helper's loadEnd with
// encode) to a parallel load; the last one makes the document.
func cmdLoadPart(c *call) (Result, error) {
	var a loadPartArgs
	if err := c.args(&a); err != nil {
		return Result{}, err
	}
	s, err := c.stagedLoad(a.Load)
	if err != nil {
		return Result{}, err
	}
	if s.waiting == 0 {
		return Result{}, typeErrorf("loadPart: load %d waits for no parts (loadEnd with parts comes first)", a.Load)
	}
	data := c.req.Payload
	if c.req.External != nil {
		data = c.req.appendPayload(nil)
	}
	lim := s.args.Limits.Within(c.e.cfg.Limits)
	if err := readPartInto(s.batch, data, min(max(a.Spans, 0), lim.MaxSpans)); err != nil {
		c.endLoad(a.Load)
		return Result{}, err
	}
	if s.waiting--; s.waiting > 0 {
		return Result{JSON: map[string]any{"load": a.Load, "waiting": s.waiting}}, nil
	}
	c.endLoad(a.Load)
	return c.e.document(s.batch, s.args)
}
