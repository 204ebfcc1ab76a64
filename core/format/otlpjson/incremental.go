package otlpjson

import (
	"bytes"
	"errors"

	"github.com/spanlens/spanlens/core/format"
	"github.com/spanlens/spanlens/core/internal/decode"
	"github.com/spanlens/spanlens/core/model"
)

// incremental decodes one compact TracesData as it arrives
// (Codec.Incremental) into one batch with one string table, so that a
// large file is never held whole. It reads the structure around the spans
// itself, in the layout every writer uses (resource before scopeSpans,
// scope before spans, no spacing, no other members), and each resource,
// scope and span with the whole decode's own methods. It stops after the
// last span or resourceSpans element known complete: one followed by the
// start of another, `},{"traceId":` or `},{"resource":`, patterns that
// occur outside strings only (a key's quotes would be escaped in one). A
// value read whole within the bytes before such a cut is read exactly as
// the whole input would read it, and a cut in the wrong place (between
// two links) fails to read, so any failure, like any other layout, is an
// error and the input is decoded whole.
type incremental struct {
	d     otlpJSON
	state incState
	// The resource and scope the spans being read belong to.
	res     int32
	service string
	scope   int32
	// consumed counts the input bytes before the data Feed is given;
	// searched how many bytes at its start hold no cut (one found later
	// would have been found there).
	consumed, searched int
}

// incState is where in TracesData the next byte is.
type incState uint8

const (
	atHead        incState = iota // at the start of the input
	atResource                    // where a resourceSpans element starts
	atScope                       // where a scopeSpans element starts
	afterSpan                     // after a span: ',' and another, or the end of the spans
	afterScopes                   // after a resourceSpans element's scopeSpans array
	afterResource                 // after a resourceSpans element: ',' and another, or the end
	atEnd                         // after the resourceSpans array
)

// resourceCutAt is where two resourceSpans elements meet, as prefix's
// spanCut is where two spans do; Feed stops just after the '}' of either.
var resourceCutAt = []byte(`},{"resource":`)

// Nesting of a resource's and a scope's object and of a span's, inside
// TracesData, the arrays and the objects around them.
const (
	resourceDepth = 3
	scopeDepth    = 5
	spanDepth     = 6
)

// errWhole says that the input is not in the layout an incremental decode
// reads; decoded whole, it has its own result or error.
var errWhole = errors.New("otlp-json: not in the compact layout read as it arrives: decode it whole")

func newIncremental(opts decode.Options, size int64) format.Incremental {
	st := decode.NewStreamState(model.OTLPJSON, opts)
	st.Read(size) // the memory budget is the whole input's, as in Decode
	in := &incremental{d: otlpJSON{st: st, size: int(size)}, res: -1, scope: -1}
	in.d.strs.Init(st.In)
	in.d.s = st.Scanner(nil)
	return in
}

func (in *incremental) Spans() int { return len(in.d.st.Batch.Spans) }

func (in *incremental) Feed(data []byte) (int, error) {
	from := in.searched
	cut, pending := lastSpanCut(data[from:])
	// Only a resource cut after the span cut would go further (and a
	// search of the whole would cost a pass over every chunk).
	end := cut
	if r := lastCut(data[from+max(cut, 0):], resourceCutAt); r >= 0 {
		end = max(cut, 0) + r
	}
	// Cuts start no earlier than this next time: those before were seen,
	// but for a span cut whose object has not arrived far enough to tell
	// a span from a link.
	next := len(data) - len(resourceCutAt) + 1
	if pending >= 0 {
		next = min(next, from+pending)
	}
	if end < 0 {
		in.searched = max(from, next)
		return 0, nil
	}
	end += from
	if err := in.read(data[:end], false); err != nil {
		return 0, err
	}
	in.consumed += end
	in.searched = max(0, next-end)
	return end, nil
}

// lastSpanCut is lastCut for the cut between two spans, passing over cuts
// between two links (which also start with "traceId") as prefix does. A
// last cut whose object does not show yet whether it is a span is passed
// over too, and its offset returned as pending (else -1).
func lastSpanCut(b []byte) (at, pending int) {
	pending = -1
	for range 16 {
		at = lastCut(b, spanCut)
		if at < 0 {
			return -1, pending
		}
		switch obj := b[at+1:]; {
		case bytes.IndexByte(obj, '}') < 0:
			pending = at - 1
		case spanStarts(obj):
			return at, pending
		}
		b = b[:at-1]
	}
	return -1, pending
}

// lastCut returns the offset just after the '}' of the last cut in b, or
// -1.
func lastCut(b, cut []byte) int {
	at := bytes.LastIndex(b, cut)
	if at < 0 {
		return -1
	}
	return at + 1
}

func (in *incremental) Finish(data []byte) (*model.Batch, error) {
	if err := in.read(data, true); err != nil {
		return nil, err
	}
	if in.state != atEnd || len(bytes.TrimRight(data[in.d.s.Offset():], " \t\r\n")) > 0 {
		return nil, errWhole
	}
	b := in.d.st.Done()
	b.Format = model.OTLPJSON
	return b, nil
}

// read reads data, up to a cut or (last) to the end of the input, from
// the state the data before it left.
func (in *incremental) read(data []byte, last bool) error {
	d := &in.d
	s := d.s
	s.Reset(data)
	d.base = in.consumed
	i := 0
	// take consumes p at i.
	take := func(p string) bool {
		if !decode.HasAt(data, i, p) {
			return false
		}
		i += len(p)
		return true
	}
	// value reads one value at i with read, inside depth levels.
	value := func(depth int, read func() error) error {
		s.Consumed(i)
		s.Nest(depth)
		err := read()
		i = s.Offset()
		return err
	}
	span := func() error { return d.span(in.res, in.service, in.scope) }
	for {
		switch in.state {
		case atHead:
			if !take(string(otlpJSONHead)) {
				return errWhole
			}
			in.state = atResource
			if take("]}") {
				in.state = atEnd
			}
		case atResource:
			if !take(`{"resource":`) || !decode.HasAt(data, i, "{") {
				return errWhole
			}
			err := value(resourceDepth, func() (err error) {
				in.res, in.service, err = d.resource(len(d.st.Batch.Spans))
				return err
			})
			if err != nil {
				return err
			}
			if !take(`,"scopeSpans":[`) {
				return errWhole
			}
			in.state = atScope
			if take("]") {
				in.state = afterScopes
			}
		case atScope:
			in.scope = -1
			switch {
			case take(`{"scope":`):
				if !decode.HasAt(data, i, "{") {
					return errWhole
				}
				err := value(scopeDepth, func() (err error) {
					in.scope, err = d.addScope(len(d.st.Batch.Spans))
					return err
				})
				if err != nil {
					return err
				}
				if !take(`,"spans":[`) {
					return errWhole
				}
			case !take(`{"spans":[`):
				return errWhole
			}
			if take("]") {
				if err := in.scopeEnd(take); err != nil {
					return err
				}
				continue
			}
			if err := value(spanDepth, span); err != nil {
				return err
			}
			in.state = afterSpan
		case afterSpan:
			switch {
			case !last && i == len(data):
				s.Consumed(i)
				return nil
			case take(","):
				if err := value(spanDepth, span); err != nil {
					return err
				}
			case take("]"):
				if err := in.scopeEnd(take); err != nil {
					return err
				}
			default:
				return errWhole
			}
		case afterScopes:
			if !take("}") {
				return errWhole
			}
			in.state = afterResource
		case afterResource:
			switch {
			case !last && i == len(data):
				s.Consumed(i)
				return nil
			case take(","):
				in.state = atResource
			case take("]}"):
				in.state = atEnd
			default:
				return errWhole
			}
		case atEnd:
			s.Consumed(i)
			return nil
		}
	}
}

// scopeEnd reads what follows a scopeSpans element's spans array: the
// element's '}' and a ',' before the next one or the ']' after the last.
func (in *incremental) scopeEnd(take func(string) bool) error {
	switch {
	case !take("}"):
		return errWhole
	case take(","):
		in.state = atScope
	case take("]"):
		in.state = afterScopes
	default:
		return errWhole
	}
	return nil
}

// spanStarts reports whether the object at the start of b, which holds a
// '}', is a span rather than a link (both begin with "traceId"): a span's
// name or start comes before the first '}' closes anything, and a link has
// neither key.
func spanStarts(b []byte) bool {
	end := bytes.IndexByte(b, '}')
	return bytes.Contains(b[:end], []byte(`"name":`)) || bytes.Contains(b[:end], []byte(`"startTimeUnixNano":`))
}
