//go:build wasm

package msg

// Sprintf formats as fmt.Sprintf does (see printer.go).
func Sprintf(format string, args ...any) string {
	b, _ := appendf(nil, format, args)
	return string(b)
}

// Appendf formats as fmt.Appendf does.
func Appendf(dst []byte, format string, args ...any) []byte {
	b, _ := appendf(dst, format, args)
	return b
}

// Errorf formats as fmt.Errorf does: the error wraps the operand of a %w.
func Errorf(format string, args ...any) error {
	b, wrapped := appendf(nil, format, args)
	return newError(string(b), wrapped)
}
