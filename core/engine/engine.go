package engine

import (
	"errors"
	"reflect"
	"sync"

	"github.com/spanlens/spanlens"
	"github.com/spanlens/spanlens/core/ingest"
	"github.com/spanlens/spanlens/core/internal/structjson"
	"github.com/spanlens/spanlens/internal/msg"
)

// Version is the spanlens version the engine reports in hello.
const Version = "0.1.0"

// Config bounds what an Engine accepts.
type Config struct {
	// Limits apply to every load; a request may lower them, never raise
	// them above these.
	Limits ingest.Limits
	// MaxDocs bounds how many documents may be loaded at once (0: 64).
	MaxDocs int
	// BoundHeap caps the Go heap while an incremental load runs
	// (heapbound.go), for a host whose memory never shrinks.
	BoundHeap bool
}

// Engine holds loaded documents and answers protocol requests. It is safe
// for concurrent use.
type Engine struct {
	cfg  Config
	mu   sync.Mutex
	next uint32
	docs map[uint32]*spanlens.Document
	// loads are the staged loads begun and not yet ended (stream.go).
	nextLoad uint32
	loads    map[uint32]*staged
}

// New returns an Engine.
func New(cfg Config) *Engine {
	if cfg.MaxDocs <= 0 {
		cfg.MaxDocs = 64
	}
	return &Engine{cfg: cfg, docs: map[uint32]*spanlens.Document{}, loads: map[uint32]*staged{}}
}

// Result is what a command returns: a JSON-able value and numeric arrays.
type Result struct {
	JSON   any
	Arrays []Array
}

// Error is a failed request, with the kind the JS side turns into an Error
// class: "TypeError", "LimitError" or "Error".
type Error struct {
	Kind    string `json:"kind"`
	Message string `json:"message"`
}

func (e *Error) Error() string { return e.Message }

func typeErrorf(format string, args ...any) error {
	return &Error{Kind: "TypeError", Message: "spanlens: " + msg.Sprintf(format, args...)}
}

// call is one command's invocation context.
type call struct {
	e        *Engine
	req      *Request
	doc      *spanlens.Document
	progress func(ingest.Progress)
}

// args decodes the request's args into v, a pointer to a struct,
// rejecting unknown names, and then its arrays (arrayArgs).
func (c *call) args(v any) error {
	if len(c.req.Args) > 0 && string(c.req.Args) != "null" {
		if err := structjson.UnmarshalStrict(c.req.Args, v); err != nil {
			return typeErrorf("%s: bad args: %v", c.req.Cmd, err)
		}
	}
	return c.arrayArgs(v)
}

// arrayArgs sets the []int32 fields of *v that the request's arrays name
// (by their JSON names): a list of span indexes that may hold every span
// (a layout's folds or search matches) crosses as one array, which as
// JSON would be read number by number for each frame drawn. Fields are
// named as structjson names them for args.
func (c *call) arrayArgs(v any) error {
	if len(c.req.Arrays) == 0 {
		return nil
	}
	if c.req.External != nil {
		return typeErrorf("%s: a request with arrays carries them in its frame's payload", c.req.Cmd)
	}
	s := reflect.ValueOf(v).Elem()
	for _, a := range c.req.Arrays {
		f, ok := structjson.Field(s, a.Name)
		if !ok || f.Type() != reflect.TypeFor[[]int32]() {
			return typeErrorf("%s: bad args: unknown array %q", c.req.Cmd, a.Name)
		}
		if !f.IsNil() {
			return typeErrorf("%s: bad args: %q given in args and as an array", c.req.Cmd, a.Name)
		}
		f.Set(reflect.ValueOf(c.req.i32(a)))
	}
	return nil
}

// Handle answers one request frame with one response frame. progress, if
// not nil, hears about long loads. Handle never panics.
func (e *Engine) Handle(frame []byte, progress func(ingest.Progress)) []byte {
	return e.HandleExternal(frame, nil, progress)
}

// HandleExternal is Handle for a request whose payload is ext, held
// outside Go memory, rather than the frame's own (which must be empty).
func (e *Engine) HandleExternal(frame []byte, ext External, progress func(ingest.Progress)) (out []byte) {
	cmd := "?"
	defer func() {
		if p := recover(); p != nil {
			out = ErrorFrame(&Error{Kind: "Error", Message: msg.Sprintf("spanlens: internal error in %s: %v", cmd, p)})
		}
	}()
	req, err := ParseRequest(frame)
	if err != nil {
		return ErrorFrame(err)
	}
	cmd = req.Cmd
	if ext != nil {
		if len(req.Payload) > 0 {
			return ErrorFrame(typeErrorf("%s: a request has a payload in its frame or a separate one, not both", cmd))
		}
		req.External = ext
	}
	res, err := e.Do(req, progress)
	if err != nil {
		return ErrorFrame(err)
	}
	return resultFrame(res)
}

// Do runs one parsed request.
func (e *Engine) Do(req *Request, progress func(ingest.Progress)) (Result, error) {
	cmd, ok := commands[req.Cmd]
	if !ok {
		return Result{}, typeErrorf("unknown command %q", req.Cmd)
	}
	if len(req.Arrays) > 0 && !cmd.arrays {
		return Result{}, typeErrorf("%s: takes no array arguments (got %q)", req.Cmd, req.Arrays[0].Name)
	}
	c := &call{e: e, req: req, progress: progress}
	if cmd.needsDoc {
		e.mu.Lock()
		c.doc = e.docs[req.Handle]
		e.mu.Unlock()
		if c.doc == nil {
			return Result{}, typeErrorf("%s: handle %d is not loaded (freed, or never returned by load)", req.Cmd, req.Handle)
		}
	}
	return cmd.fn(c)
}

// ErrorFrame encodes err as a response frame; *Error keeps its kind,
// ingest.LimitError is a LimitError and spanlens.ArgError a TypeError.
func ErrorFrame(err error) []byte {
	var ee *Error
	var le *ingest.LimitError
	var ae *spanlens.ArgError
	switch {
	case errors.As(err, &ee):
	case errors.As(err, &le):
		ee = &Error{Kind: "LimitError", Message: err.Error()}
	case errors.As(err, &ae):
		ee = &Error{Kind: "TypeError", Message: err.Error()}
	default:
		ee = &Error{Kind: "Error", Message: err.Error()}
	}
	hdr, _ := structjson.Marshal(struct {
		OK    bool   `json:"ok"`
		Error *Error `json:"error"`
	}{false, ee})
	return appendFrame(nil, hdr, nil)
}

func resultFrame(r Result) []byte {
	var payload []byte
	refs := make([]arrayRef, 0, len(r.Arrays))
	for _, a := range r.Arrays {
		var ref arrayRef
		payload, ref = appendArray(payload, a)
		refs = append(refs, ref)
	}
	hdr, err := structjson.Marshal(struct {
		OK     bool       `json:"ok"`
		Result any        `json:"result"`
		Arrays []arrayRef `json:"arrays,omitempty"`
	}{true, r.JSON, refs})
	if err != nil {
		return ErrorFrame(msg.Errorf("spanlens: encoding result: %w", err))
	}
	return appendFrame(nil, hdr, payload)
}
