//go:build !wasm

package msg

import "fmt"

// Sprintf is fmt.Sprintf.
func Sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// Appendf is fmt.Appendf.
func Appendf(dst []byte, format string, args ...any) []byte {
	return fmt.Appendf(dst, format, args...)
}

// Errorf is fmt.Errorf.
func Errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }
