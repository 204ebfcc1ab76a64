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

// HasAt reports whether data holds lit at offset i.
func HasAt(data []byte, i int, lit string) bool {
	return i <= len(data) && len(data)-i >= len(lit) && string(data[i:i+len(lit)]) == lit
}

// PlainKeyAt reads at data[i] the start of an attribute written compactly,
// {"key":"K" and then after, with K a plain string (jsonscan.PlainString)
// of at most limit bytes: for the fast attribute paths, which must agree
// with their format's general reading. It returns K, not yet kept, and the
// offset past after.
func PlainKeyAt(data []byte, i, limit int, after string) (key []byte, next int, ok bool) {
	if !HasAt(data, i, `{"key":"`) {
		return nil, 0, false
	}
	i += len(`{"key":"`)
	end, ok := jsonscan.PlainString(data, i)
	if !ok || end-i > limit || !HasAt(data, end, after) {
		return nil, 0, false
	}
	return data[i:end], end + len(after), true
}

// ScalarShapes are the text each scalar of one format's compact attribute
// starts with, for PlainScalarAt: a string's up to its opening quote, an
// int's and a bool's up to the value.
type ScalarShapes struct{ String, Int, Bool string }

// PlainScalarAt reads at data[i] a scalar in one of shapes: a plain string
// of at most limit bytes (returned in str, not yet kept, with isStr), a
// PlainInt, true or false. It returns the offset after it.
func PlainScalarAt(data []byte, i, limit int, shapes *ScalarShapes) (v model.Value, str []byte, isStr bool, next int, ok bool) {
	switch {
	case HasAt(data, i, shapes.String):
		i += len(shapes.String)
		end, ok := jsonscan.PlainString(data, i)
		if !ok || end-i > limit {
			return v, nil, false, 0, false
		}
		return v, data[i:end], true, end + 1, true
	case HasAt(data, i, shapes.Int):
		n, next, ok := PlainInt(data, i+len(shapes.Int))
		if !ok {
			return v, nil, false, 0, false
		}
		return model.IntValue(n), nil, false, next, true
	case HasAt(data, i, shapes.Bool):
		i += len(shapes.Bool)
		switch {
		case HasAt(data, i, "true"):
			return model.BoolValue(true), nil, false, i + len("true"), true
		case HasAt(data, i, "false"):
			return model.BoolValue(false), nil, false, i + len("false"), true
		}
	}
	return v, nil, false, 0, false
}

// PlainInt reads at data[i] an integer written canonically, bare or in
// quotes ("-12", 0; no sign on 0, no leading zeros, at most 18 digits, so
// no overflow), which every decoder's general reading takes the same way:
// for fast paths that must agree with it. It returns the offset after it.
func PlainInt(data []byte, i int) (n int64, next int, ok bool) {
	quoted := i < len(data) && data[i] == '"'
	if quoted {
		i++
	}
	neg := i < len(data) && data[i] == '-'
	if neg {
		i++
	}
	start := i
	for ; i < len(data) && data[i] >= '0' && data[i] <= '9'; i++ {
		n = n*10 + int64(data[i]-'0')
	}
	digits := i - start
	if digits == 0 || digits > 18 || digits > 1 && data[start] == '0' || neg && n == 0 {
		return 0, 0, false
	}
	if quoted {
		if i >= len(data) || data[i] != '"' {
			return 0, 0, false
		}
		i++
	}
	if neg {
		n = -n
	}
	return n, i, true
}
