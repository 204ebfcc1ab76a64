package encode

import (
	"encoding/base64"
	"math"
	"strconv"

	"github.com/spanlens/spanlens/core/model"
)

const hexDigits = "0123456789abcdef"

// appendHex appends b as lowercase hex.
func appendHex(dst, b []byte) []byte {
	for _, c := range b {
		dst = append(dst, hexDigits[c>>4], hexDigits[c&15])
	}
	return dst
}

// AppendQuotedHex appends b as a quoted lowercase hex string.
func AppendQuotedHex(dst, b []byte) []byte {
	dst = append(dst, '"')
	dst = appendHex(dst, b)
	return append(dst, '"')
}

// AppendShortTraceID appends t quoted, as 16 hex characters when its high
// half is zero (a 64-bit Jaeger or Zipkin id) and 32 otherwise, as Jaeger and
// Zipkin themselves write ids.
func AppendShortTraceID(dst []byte, t model.TraceID) []byte {
	if [8]byte(t[:8]) == [8]byte{} {
		return AppendQuotedHex(dst, t[8:])
	}
	return AppendQuotedHex(dst, t[:])
}

// AppendQuotedInt appends i as a quoted decimal, as protobuf JSON writes
// 64-bit integers.
func AppendQuotedInt(dst []byte, i int64) []byte {
	dst = append(dst, '"')
	dst = strconv.AppendInt(dst, i, 10)
	return append(dst, '"')
}

// AppendBase64 appends b as a quoted standard base64 string.
func AppendBase64(dst, b []byte) []byte {
	dst = append(dst, '"')
	dst = base64.StdEncoding.AppendEncode(dst, b)
	return append(dst, '"')
}

// AppendDouble appends f as a JSON number that reads back as a double: an
// integral value gets a ".0" so that type-guessing readers (Chrome args)
// do not take it for an int. Non-finite values are written as the strings
// protobuf JSON uses ("NaN", "Infinity", "-Infinity").
func AppendDouble(dst []byte, f float64) []byte {
	switch {
	case math.IsNaN(f):
		return append(dst, `"NaN"`...)
	case math.IsInf(f, 1):
		return append(dst, `"Infinity"`...)
	case math.IsInf(f, -1):
		return append(dst, `"-Infinity"`...)
	}
	n := len(dst)
	dst = strconv.AppendFloat(dst, f, 'g', -1, 64)
	for _, c := range dst[n:] {
		if c == '.' || c == 'e' {
			return dst
		}
	}
	return append(dst, '.', '0')
}

// floorDiv returns a/b rounded towards negative infinity, for b > 0.
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b < 0 {
		q--
	}
	return q
}

// Micros converts nanoseconds to whole microseconds, rounding down, so
// that a start and an end truncated alike keep their order.
func Micros(ns int64) int64 { return floorDiv(ns, 1000) }

// AppendMicrosExact appends ns as a decimal number of microseconds with up
// to three fractional digits, so no nanosecond is lost.
func AppendMicrosExact(dst []byte, ns int64) []byte {
	u := uint64(ns)
	if ns < 0 {
		dst = append(dst, '-')
		u = -u
	}
	dst = strconv.AppendUint(dst, u/1000, 10)
	frac := u % 1000
	if frac == 0 {
		return dst
	}
	dst = append(dst, '.', byte('0'+frac/100), byte('0'+frac/10%10), byte('0'+frac%10))
	for dst[len(dst)-1] == '0' {
		dst = dst[:len(dst)-1]
	}
	return dst
}

// appendKey appends "key": after a comma when the member is not the first.
func appendKey(dst []byte, first bool, key string) []byte {
	if !first {
		dst = append(dst, ',')
	}
	dst = append(dst, '"')
	dst = append(dst, key...)
	return append(dst, '"', ':')
}

// Duration returns end-start, or 0 for a span that ends before it starts.
func Duration(start, end int64) int64 {
	if end < start {
		return 0
	}
	return end - start
}

// AppendStringTag appends v as a quoted string, the way Zipkin's string
// tags carry every value: strings as they are, bytes as base64 (as
// OpenTelemetry's translators write them), numbers and booleans as their
// JSON text, arrays and maps as their JSON (model.Value.AppendJSON).
func AppendStringTag(dst []byte, v model.Value) []byte {
	switch v.Type() {
	case model.TypeString:
		return model.AppendJSONString(dst, v.Str())
	case model.TypeInt:
		return AppendQuotedInt(dst, v.Int())
	case model.TypeBool:
		if v.Bool() {
			return append(dst, `"true"`...)
		}
		return append(dst, `"false"`...)
	case model.TypeDouble:
		if f := v.Double(); f-f != 0 {
			return AppendDouble(dst, f) // already a quoted "NaN" or "±Infinity"
		}
		dst = append(dst, '"')
		dst = AppendDouble(dst, v.Double())
		return append(dst, '"')
	case model.TypeBytes:
		return AppendBase64(dst, v.Bytes())
	case model.TypeEmpty:
		return append(dst, `""`...)
	}
	return appendJSONAsString(dst, v)
}

// appendJSONAsString appends the JSON of v as a quoted string without a
// temporary buffer: it writes the JSON, then widens it in place from the
// end, escaping quotes and backslashes. Nothing else needs escaping, since
// JSON text holds no control characters and is valid UTF-8.
func appendJSONAsString(dst []byte, v model.Value) []byte {
	start := len(dst)
	dst = v.AppendJSON(dst)
	end := len(dst)
	extra := 2
	for _, c := range dst[start:] {
		if c == '"' || c == '\\' {
			extra++
		}
	}
	dst = append(dst, make([]byte, extra)...)
	j := len(dst) - 1
	dst[j] = '"'
	for i := end - 1; i >= start; i-- {
		c := dst[i]
		j--
		dst[j] = c
		if c == '"' || c == '\\' {
			j--
			dst[j] = '\\'
		}
	}
	dst[j-1] = '"'
	return dst
}
