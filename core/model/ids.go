package model

import (
	"encoding/hex"
	"hash/fnv"
)

// TraceID is a 16-byte W3C/OpenTelemetry trace id. Formats with 8-byte trace
// ids (Jaeger, Zipkin) are left-padded with zeros, as OpenTelemetry does.
type TraceID [16]byte

// SpanID is an 8-byte span id. The zero SpanID means "none" (no parent).
type SpanID [8]byte

// IsZero reports whether t is all zeros (an invalid trace id).
func (t TraceID) IsZero() bool { return t == TraceID{} }

// String returns t as 32 lowercase hex characters.
func (t TraceID) String() string { return hex.EncodeToString(t[:]) }

// Short returns the trace id as 16 hex characters when its high half is
// zero (a 64-bit Jaeger or Zipkin id), and as 32 otherwise.
func (t TraceID) Short() string {
	if [8]byte(t[:8]) == [8]byte{} {
		return hex.EncodeToString(t[8:])
	}
	return t.String()
}

// IsZero reports whether s is all zeros, which means "no span".
func (s SpanID) IsZero() bool { return s == SpanID{} }

// String returns s as 16 lowercase hex characters.
func (s SpanID) String() string { return hex.EncodeToString(s[:]) }

// ParseTraceID parses 1 to 32 hex characters (case-insensitive), left-padding
// shorter ids with zeros. It reports false for anything else.
func ParseTraceID(s []byte) (TraceID, bool) {
	var t TraceID
	return t, parseHexInto(t[:], s)
}

// ParseSpanID parses 1 to 16 hex characters (case-insensitive), left-padding
// shorter ids with zeros. It reports false for anything else.
func ParseSpanID(s []byte) (SpanID, bool) {
	var id SpanID
	return id, parseHexInto(id[:], s)
}

// parseHexInto right-aligns the hex digits of s into dst.
func parseHexInto(dst []byte, s []byte) bool {
	if len(s) == 0 || len(s) > 2*len(dst) {
		return false
	}
	j := len(dst) - 1
	for i := len(s); i > 0; i -= 2 {
		lo, ok := unhex(s[i-1])
		if !ok {
			return false
		}
		var hi byte
		if i >= 2 {
			if hi, ok = unhex(s[i-2]); !ok {
				return false
			}
		}
		dst[j] = hi<<4 | lo
		j--
	}
	return true
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// HashSpanID derives a stable SpanID from an id that is not hex, such as a
// UUID string written by an agent SDK. Equal inputs give equal ids, so
// parent references written the same way still resolve.
func HashSpanID(s []byte) SpanID {
	h := fnv.New64a()
	h.Write(s)
	var id SpanID
	copy(id[:], h.Sum(nil))
	if id.IsZero() {
		id[7] = 1
	}
	return id
}

// HashTraceID derives a stable TraceID from an id that is not hex.
func HashTraceID(s []byte) TraceID {
	h := fnv.New128a()
	h.Write(s)
	var t TraceID
	copy(t[:], h.Sum(nil))
	return t
}
