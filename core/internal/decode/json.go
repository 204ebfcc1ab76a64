package decode

import (
	"strconv"

	"github.com/spanlens/spanlens/core/internal/jsonscan"
	"github.com/spanlens/spanlens/core/model"
)

// This file holds small pieces every JSON decoder uses: errors placed at
// the value that was wrong, limits that name the scanner's path, and JSON
// numbers read as typed values. Bad values are quoted for messages with
// jsonscan.Quote.

// ErrAt returns a scanner error at the current path but at byte offset at,
// the start of the value that was wrong.
func ErrAt(s *jsonscan.Scanner, at int, format string, args ...any) error {
	err := s.Errorf(format, args...).(*jsonscan.Error)
	err.Offset = at
	return err
}

// LimitAt gives a LimitError that does not say where it happened the
// scanner's path. Limits are checked for every value, so callers pass no
// path and this renders one only on failure.
func LimitAt(s *jsonscan.Scanner, err error) error {
	if le, ok := err.(*LimitError); ok && le.Where == "" {
		le.Where = s.Path()
	}
	return err
}

// NumberValue types the text of a JSON number: an int when it is a plain
// integer that fits, else a double (out-of-range numbers read as ±Inf).
func NumberValue(text []byte) model.Value {
	if n, ok := Atoi(text); ok {
		return model.IntValue(n)
	}
	f, _ := strconv.ParseFloat(string(text), 64) // the scanner validated it
	return model.DoubleValue(f)
}

// AppendNoDashes appends b to dst without its dashes, so that a UUID
// string ("0f8fad5b-d9cb-469f-a165-70867728950e") reads as hex.
func AppendNoDashes(dst, b []byte) []byte {
	for _, c := range b {
		if c != '-' {
			dst = append(dst, c)
		}
	}
	return dst
}

// Atoi parses a decimal integer without allocating.
func Atoi(b []byte) (int64, bool) {
	neg := len(b) > 0 && b[0] == '-'
	digits := b
	if neg {
		digits = b[1:]
	}
	if len(digits) == 0 {
		return 0, false
	}
	if len(digits) > 18 {
		v, err := strconv.ParseInt(string(b), 10, 64)
		return v, err == nil
	}
	var v int64
	for _, c := range digits {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	if neg {
		v = -v
	}
	return v, true
}
