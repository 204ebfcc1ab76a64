package record

import (
	"context"
	"fmt"
	"runtime/debug"
)

// Traced runs fn in a span named name with the given role (tmam's @trace):
// args, alternating keys and values, are recorded as attributes
// "function.args.<key>", the result as "function.result", an error with
// RecordError; a panic is recorded as an exception (type "panic", with the
// stack) and then re-panics with the same value. fn's result and error are
// returned unchanged.
func Traced[T any](ctx context.Context, name, role string, fn func(context.Context) (T, error), args ...any) (T, error) {
	var opts []StartOption
	if role != "" {
		opts = append(opts, Role(role))
	}
	ctx, s := Start(ctx, name, opts...)
	if s != nil {
		s.args(args)
	}
	done := false
	defer func() {
		if done {
			return
		}
		v := recover()
		if v == nil { // runtime.Goexit: nothing to re-panic
			s.End()
			return
		}
		s.panicked(v)
		s.End()
		panic(v)
	}()
	res, err := fn(ctx)
	done = true
	if err != nil {
		s.RecordError(err)
	} else {
		s.SetAttribute("function.result", res)
	}
	s.End()
	return res, err
}

// args records Traced's arguments.
func (s *Span) args(kv []any) {
	if len(kv) == 0 {
		return
	}
	defer guard(s)
	prefixed := make([]any, len(kv))
	copy(prefixed, kv)
	for i := 0; i < len(prefixed); i += 2 {
		if k, ok := prefixed[i].(string); ok && k != "" {
			prefixed[i] = "function.args." + k
		}
	}
	s.setAttrs(prefixed...)
}

// panicked records a recovered panic value as an exception.
func (s *Span) panicked(v any) {
	if s == nil {
		return
	}
	defer guard(s)
	typ := "panic"
	if err, ok := v.(error); ok {
		typ = fmt.Sprintf("panic: %T", err)
	}
	s.exception(typ, fmt.Sprint(v), string(debug.Stack()))
}
