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

// hexVal maps a byte to its hex digit's value, or to 0xff. Ids are read
// through it with no branch per character, where a test per character
// mispredicts on the mix of digits and letters that random ids have.
var hexVal = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xff
	}
	for i := byte(0); i < 10; i++ {
		t['0'+i] = i
	}
	for i := byte(0); i < 6; i++ {
		t['a'+i], t['A'+i] = 10+i, 10+i
	}
	return t
}()

// DecodeHex decodes exactly 2*len(dst) hex digits (of either case) of src
// into dst, and reports whether they were that. On false, dst holds
// garbage.
func DecodeHex[S string | []byte](dst []byte, src S) bool {
	if len(src) != 2*len(dst) {
		return false
	}
	var bad byte
	for i := range dst {
		hi, lo := hexVal[src[2*i]], hexVal[src[2*i+1]]
		bad |= hi | lo
		dst[i] = hi<<4 | lo
	}
	return bad&0xf0 == 0
}

// parseHexInto right-aligns the hex digits of s into dst, which is zero.
func parseHexInto(dst []byte, s []byte) bool {
	if len(s) == 2*len(dst) {
		return DecodeHex(dst, s)
	}
	if len(s) == 0 || len(s) > 2*len(dst) {
		return false
	}
	j := len(dst) - 1
	for i := len(s); i > 0; i -= 2 {
		var hi byte
		if i >= 2 {
			hi = hexVal[s[i-2]]
		}
		lo := hexVal[s[i-1]]
		if hi|lo > 0xf {
			return false
		}
		dst[j] = hi<<4 | lo
		j--
	}
	return true
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
