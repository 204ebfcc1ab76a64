package otlpjson

import (
	"bytes"
	"errors"

	"github.com/spanlens/spanlens/core/format"
	"github.com/spanlens/spanlens/core/internal/decode"
	"github.com/spanlens/spanlens/core/internal/jsonscan"
	"github.com/spanlens/spanlens/core/model"
)

// otlpJSONStream decodes the Collector's JSON lines as they are read: each
// chunk's documents go into one batch, as documents does for the whole
// input.
type otlpJSONStream struct {
	d     otlpJSON
	any   bool // a chunk was read: the input is not empty
	found bool // some document held a known member
}

func newOTLPJSONStream(opts decode.Options) format.LineDecoder {
	l := &otlpJSONStream{d: otlpJSON{st: decode.NewStreamState(model.OTLPJSON, opts), stream: true}}
	l.d.strs.Init(l.d.st.In)
	return l
}

func (l *otlpJSONStream) Line(c format.Chunk) error {
	d := &l.d
	d.st.Read(c.Read)
	if d.s == nil {
		d.s = d.st.Scanner(c.Data)
	} else {
		d.s.Reset(c.Data)
	}
	d.s.SetFollowing(c.Next)
	l.any = true
	for !d.s.AtEnd() {
		ok, err := d.tracesData()
		if err != nil {
			return l.fail(c, err)
		}
		l.found = l.found || ok
	}
	return nil
}

func (l *otlpJSONStream) Spans() int { return len(l.d.st.Batch.Spans) }

func (l *otlpJSONStream) Finish() (*model.Batch, error) {
	switch {
	case !l.any:
		return nil, &decode.Error{Format: model.OTLPJSON, Offset: -1, Msg: "empty input"}
	case !l.found:
		return nil, &decode.Error{Format: model.OTLPJSON, Offset: -1, Msg: `no "resourceSpans" member: not OTLP/JSON TracesData`}
	}
	return l.d.st.Done(), nil
}

// fail is otlpJSON.fail for a chunk: the input has several lines when a
// line came before the chunk, the chunk has several or more follow.
func (l *otlpJSONStream) fail(c format.Chunk, err error) error {
	var se *jsonscan.Error
	if !errors.As(err, &se) || c.Line == 1 && c.Last && bytes.IndexByte(bytes.TrimRight(c.Data, " \t\r\n"), '\n') < 0 {
		return err
	}
	off := min(max(se.Offset, 0), len(c.Data))
	lineStart := bytes.LastIndexByte(c.Data[:off], '\n') + 1
	line := c.Line + bytes.Count(c.Data[:off], []byte{'\n'})
	return &decode.Error{Format: model.OTLPJSON, Line: line, Path: se.Path, Offset: off - lineStart, Msg: se.Msg}
}
