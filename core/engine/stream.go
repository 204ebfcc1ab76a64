package engine

import (
	"errors"

	"github.com/spanlens/spanlens"
	"github.com/spanlens/spanlens/core/format"
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
	size     int64 // loadBegin's, or 0
	received int64 // bytes of input received
	buf      []byte
	// An incremental load (incremental.go) decodes with inc and keeps in
	// buf only the input after the consumed bytes.
	incremental bool
	inc         format.Incremental
	consumed    int64
	lift        func() // lifts the heap's cap (Config.BoundHeap), or nil
	// previewed is set once a preview document was made.
	previewed bool
	// A parallel load (part.go) decodes its own bytes as the first part
	// into batch and then reads parts from helper engines into it.
	batch   *model.Batch
	waiting int
}

type loadBeginArgs struct {
	loadArgs
	// Size, if known, is the whole input's length: the buffer is allocated
	// at once, and an input over MaxBytes is refused before any chunk.
	Size int64 `json:"size"`
	// Incremental, with Size, asks for the input to be decoded as it
	// arrives (incremental.go).
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
	s := &staged{args: a.loadArgs, maxBytes: max, size: a.Size, incremental: a.Incremental && a.Size > 0}
	if !s.incremental {
		s.buf = make([]byte, 0, a.Size)
	} else {
		s.buf = make([]byte, 0, min(a.Size, incrementalBuffer))
		if c.e.cfg.BoundHeap {
			s.lift = boundHeap(a.Size)
		}
	}
	c.e.loads[id] = s
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
	s := c.e.loads[id]
	delete(c.e.loads, id)
	c.e.mu.Unlock()
	if s != nil && s.lift != nil {
		s.lift()
		s.lift = nil
	}
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
	if a.Preview && !s.previewed && s.consumed == 0 {
		if p := s.preview(c.e); p != nil {
			s.previewed = true
			res["preview"] = p.JSON
		}
	}
	if s.incremental {
		if err := s.feed(c.e, a.Load); err != nil {
			c.endLoad(a.Load)
			return Result{}, err
		}
		if s.inc != nil {
			res["spans"] = s.inc.Spans()
		}
	}
	return Result{JSON: res}, nil
}

// preview loads the complete records received so far (spans of OTLP/JSON,
// events of a Chrome trace: the formats with a Codec.Prefix) as a document
// of their own, or returns nil when there are none yet or the format has
// no prefix. It is a first screen, not the document: errors here are left
// for loadEnd to report on the whole input.
func (s *staged) preview(e *Engine) *Result {
	head := s.buf[:min(len(s.buf), previewBytes)]
	f := ingest.Format(s.args.Format)
	if f == "" {
		var err error
		if f, err = ingest.Detect(head); err != nil {
			return nil
		}
	}
	codec, ok := ingest.Lookup(f)
	if !ok || codec.Prefix == nil {
		return nil
	}
	prefix := codec.Prefix(head)
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
// and more (some 1,500 spans of OTLP/JSON, 2,500 Chrome events), decoded
// in milliseconds.
const previewBytes = 1 << 20

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
	if s.inc != nil && s.consumed == 0 {
		s.keepWhole() // nothing decoded yet: the buffer holds the input
	}
	switch {
	case a.Cancel:
		c.endLoad(a.Load)
		return Result{JSON: struct{}{}}, nil
	case s.inc != nil && (a.Encode || a.Parts > 0):
		c.endLoad(a.Load)
		return Result{}, s.incrementalError(a.Load, errors.New("a part of a parallel load is decoded whole"))
	case a.Parts < 0:
		return Result{}, typeErrorf("loadEnd: parts %d is negative", a.Parts)
	case a.Encode:
		c.endLoad(a.Load)
		b, err := c.e.decode(s.buf, s.args, c.progress)
		if err != nil {
			return Result{}, err
		}
		return Result{JSON: map[string]any{"spans": len(b.Spans)}, Arrays: []Array{U8("part", appendPart(nil, b))}}, nil
	case a.Parts > 0:
		b, err := c.e.decode(s.buf, s.args, c.progress)
		if err != nil {
			c.endLoad(a.Load)
			return Result{}, err
		}
		s.buf, s.batch, s.waiting = nil, b, a.Parts
		return Result{JSON: map[string]any{"load": a.Load, "waiting": s.waiting}}, nil
	}
	if s.inc != nil {
		// The heap stays capped while the rest is decoded and the tree built.
		lift := s.lift
		s.lift = nil
		c.endLoad(a.Load)
		if lift != nil {
			defer lift()
		}
		return s.end(c, a.Load)
	}
	c.endLoad(a.Load)
	h, d, err := c.e.Load(s.buf, s.args.options(c.progress))
	if err != nil {
		return Result{}, err
	}
	return loadResult(h, d), nil
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

// document makes a document of a batch decoded in parts or as it arrived,
// checking the limits on the whole.
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
