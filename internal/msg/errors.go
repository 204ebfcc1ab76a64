package msg

// newError is the error Errorf returns: its message, wrapping the
// operands of its %w verbs, as fmt.Errorf's does.
func newError(text string, wrapped []error) error {
	switch len(wrapped) {
	case 0:
		return &plainError{text}
	case 1:
		return &wrapError{text, wrapped[0]}
	}
	return &wrapErrors{text, wrapped}
}

type plainError struct{ text string }

func (e *plainError) Error() string { return e.text }

type wrapError struct {
	text string
	err  error
}

func (e *wrapError) Error() string { return e.text }
func (e *wrapError) Unwrap() error { return e.err }

type wrapErrors struct {
	text string
	errs []error
}

func (e *wrapErrors) Error() string   { return e.text }
func (e *wrapErrors) Unwrap() []error { return e.errs }
