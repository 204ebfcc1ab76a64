package render

import (
	"strconv"
	"unicode/utf8"
)

// Printable returns s with everything a terminal would act on instead of
// print replaced by a visible escape: C0 controls, DEL and invalid UTF-8
// bytes as \xNN; C1 controls and the bidirectional overrides and isolates
// (U+202A–U+202E, U+2066–U+2069), which reorder what is shown, as \uNNNN.
// A trace file is untrusted input: printed raw, a span name could move the
// cursor, set the window title (OSC 0) or write the clipboard (OSC 52).
// Every trace-derived string in text output goes through it, with or
// without colour. s is returned as it is when nothing needs escaping.
func Printable(s string) string {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if unprintable(r, n) {
			return string(AppendPrintable(make([]byte, 0, len(s)+8), s))
		}
		i += n
	}
	return s
}

// AppendPrintable appends Printable(s) to dst.
func AppendPrintable(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case !unprintable(r, n):
			dst = append(dst, s[i:i+n]...)
		case r < 0x80 || r == utf8.RuneError:
			dst = append(dst, `\x`...)
			dst = appendHex(dst, uint32(s[i]), 2)
		default:
			dst = append(dst, `\u`...)
			dst = appendHex(dst, uint32(r), 4)
		}
		i += n
	}
	return dst
}

// unprintable reports whether the rune r, n bytes long as decoded, must be
// escaped.
func unprintable(r rune, n int) bool {
	switch {
	case r == utf8.RuneError && n == 1: // an invalid byte
		return true
	case r < 0x20, r >= 0x7f && r <= 0x9f: // C0, DEL, C1
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069: // bidi overrides, isolates
		return true
	}
	return false
}

func appendHex(dst []byte, v uint32, digits int) []byte {
	h := strconv.FormatUint(uint64(v), 16)
	for range digits - len(h) {
		dst = append(dst, '0')
	}
	return append(dst, h...)
}
