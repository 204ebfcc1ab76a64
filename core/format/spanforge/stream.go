package spanforge

import (
	"github.com/spanlens/spanlens/core/format"
	"github.com/spanlens/spanlens/core/internal/decode"
	"github.com/spanlens/spanlens/core/model"
)

// spanforgeStream decodes spanforge's JSON lines as they are read. A span
// started on one line and completed on another merges as in the whole
// decode: the decoder's maps outlive each chunk.
type spanforgeStream struct {
	d   *spanforge
	any bool // a chunk was read: the input is not empty
}

func newSpanforgeStream(opts decode.Options) format.LineDecoder {
	st := decode.NewStreamState(model.Spanforge, opts)
	return &spanforgeStream{d: newSpanforge(decode.SeedCtx{State: st})}
}

func (l *spanforgeStream) Line(c format.Chunk) error {
	d := l.d
	d.State.Read(c.Read)
	if d.Scan == nil {
		d.Scan = d.State.Scanner(c.Data)
	} else {
		d.Scan.Reset(c.Data)
	}
	d.Scan.SetFollowing(c.Next)
	d.data, d.base, d.last = c.Data, c.Line, c.Last
	l.any = true
	return d.lines()
}

func (l *spanforgeStream) Spans() int { return len(l.d.State.Batch.Spans) }

func (l *spanforgeStream) Finish() (*model.Batch, error) {
	if !l.any {
		return nil, errEmpty()
	}
	return l.d.finish(), nil
}
