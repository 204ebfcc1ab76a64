package decode

import (
	"errors"

	"github.com/spanlens/spanlens/core/internal/jsonscan"
	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/internal/msg"
)

// Error is a decoding failure at a known place in the input.
type Error struct {
	Format model.Format
	Line   int    // 1-based line for line-oriented formats, else 0
	Path   string // JSON path or protobuf field path, e.g. "resourceSpans[0].scopeSpans[2].spans[7].spanId"
	Offset int    // byte offset into the input (into the line when Line > 0), or -1
	Msg    string
}

func (e *Error) Error() string {
	s := "ingest: " + string(e.Format) + ": "
	if e.Line > 0 {
		s += msg.Sprintf("line %d: ", e.Line)
	}
	if e.Path != "" {
		s += e.Path + ": "
	} else if e.Offset >= 0 && e.Line == 0 {
		s += msg.Sprintf("offset %d: ", e.Offset)
	}
	return s + e.Msg
}

// ErrUnknownFormat is returned by Detect when no decoder recognizes the
// input.
var ErrUnknownFormat = errors.New("ingest: unknown trace format (want OTLP JSON or protobuf, Jaeger JSON, Zipkin v2 JSON, Chrome trace-event JSON, spanforge NDJSON, or a tutorial/mamba-agents trace)")

// ErrEmpty is returned by Detect for input with nothing but whitespace.
var ErrEmpty = errors.New("ingest: empty input")

// Wrap turns a scanner error (or any other) into an *Error of format f.
// Errors that already carry the format pass through.
func Wrap(f model.Format, line int, err error) error {
	if err == nil {
		return nil
	}
	var ie *Error
	var le *LimitError
	if errors.As(err, &ie) || errors.As(err, &le) {
		if le != nil && le.Format == "" {
			le.Format = f
		}
		if ie != nil && ie.Line == 0 {
			ie.Line = line
		}
		return err
	}
	var se *jsonscan.Error
	if errors.As(err, &se) {
		return &Error{Format: f, Line: line, Path: se.Path, Offset: se.Offset, Msg: se.Msg}
	}
	return &Error{Format: f, Line: line, Offset: -1, Msg: err.Error()}
}
