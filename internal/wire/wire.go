// Package wire reads and writes the protocol buffer wire format: tags,
// varints, fixed-width numbers and length-delimited bytes. It is the part
// of google.golang.org/protobuf's protowire that spanlens uses, with the
// same names and results (FuzzAgainstProtowire checks them), written
// again because protowire's package initialisation links package fmt into
// every program that imports it, and the WebAssembly module has no other
// use for fmt (see internal/msg).
package wire

import (
	"encoding/binary"
	"errors"
	"math"
	"math/bits"
)

// Number is a field number; Type a wire type.
type (
	Number int32
	Type   int8
)

// The wire types.
const (
	VarintType     Type = 0
	Fixed64Type    Type = 1
	BytesType      Type = 2
	StartGroupType Type = 3
	EndGroupType   Type = 4
	Fixed32Type    Type = 5
)

// The valid field numbers.
const (
	MinValidNumber Number = 1
	MaxValidNumber Number = 1<<29 - 1
)

// recursionLimit bounds the nesting of groups ConsumeFieldValue skips, as
// protowire's DefaultRecursionLimit does.
const recursionLimit = 10000

// The negative lengths the Consume functions return, which ParseError
// turns into errors.
const (
	errTruncated = -1 - iota
	errFieldNumber
	errOverflow
	errReserved
	errEndGroup
	errRecursionDepth
)

var (
	errorTruncated   = errors.New("unexpected EOF")
	errorFieldNumber = errors.New("invalid field number")
	errorOverflow    = errors.New("variable length integer overflow")
	errorReserved    = errors.New("cannot parse reserved wire type")
	errorEndGroup    = errors.New("mismatching end group marker")
	errorParse       = errors.New("parse error") // and groups nested too deep
)

// ParseError returns the error that a negative length n, returned by a
// Consume function, stands for, or nil for a length.
func ParseError(n int) error {
	if n >= 0 {
		return nil
	}
	switch n {
	case errTruncated:
		return errorTruncated
	case errFieldNumber:
		return errorFieldNumber
	case errOverflow:
		return errorOverflow
	case errReserved:
		return errorReserved
	case errEndGroup:
		return errorEndGroup
	}
	return errorParse
}

// ConsumeVarint reads a varint of at most ten bytes. Not binary.Uvarint:
// a tenth byte that continues, with nothing after it, is a truncation to
// Uvarint and an overflow to protowire.
func ConsumeVarint(b []byte) (v uint64, n int) {
	for i := 0; i < 10; i++ {
		if i >= len(b) {
			return 0, errTruncated
		}
		c := b[i]
		if i == 9 && c > 1 {
			return 0, errOverflow
		}
		v |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			return v, i + 1
		}
	}
	return 0, errOverflow
}

// ConsumeTag reads a tag: a field number of at least MinValidNumber (a
// larger one than MaxValidNumber is returned, for the caller to judge)
// and a wire type.
func ConsumeTag(b []byte) (Number, Type, int) {
	v, n := ConsumeVarint(b)
	if n < 0 {
		return 0, 0, n
	}
	if v>>3 > math.MaxInt32 || Number(v>>3) < MinValidNumber {
		return 0, 0, errFieldNumber
	}
	return Number(v >> 3), Type(v & 7), n
}

// ConsumeFixed32 reads a little-endian 32-bit number.
func ConsumeFixed32(b []byte) (uint32, int) {
	if len(b) < 4 {
		return 0, errTruncated
	}
	return binary.LittleEndian.Uint32(b), 4
}

// ConsumeFixed64 reads a little-endian 64-bit number.
func ConsumeFixed64(b []byte) (uint64, int) {
	if len(b) < 8 {
		return 0, errTruncated
	}
	return binary.LittleEndian.Uint64(b), 8
}

// ConsumeBytes reads length-delimited bytes; they alias b.
func ConsumeBytes(b []byte) ([]byte, int) {
	m, n := ConsumeVarint(b)
	if n < 0 {
		return nil, n
	}
	if m > uint64(len(b)-n) {
		return nil, errTruncated
	}
	return b[n : n+int(m)], n + int(m)
}

// ConsumeString reads length-delimited bytes as a string (a copy).
func ConsumeString(b []byte) (string, int) {
	v, n := ConsumeBytes(b)
	return string(v), n
}

// ConsumeField reads a whole field, tag and value, and returns its length.
func ConsumeField(b []byte) (Number, Type, int) {
	num, typ, n := ConsumeTag(b)
	if n < 0 {
		return 0, 0, n
	}
	m := ConsumeFieldValue(num, typ, b[n:])
	if m < 0 {
		return 0, 0, m
	}
	return num, typ, n + m
}

// ConsumeFieldValue returns the length of a value of field num, of wire
// type typ, at the start of b: a group's runs to its end group marker.
func ConsumeFieldValue(num Number, typ Type, b []byte) int {
	return consumeFieldValue(num, typ, b, recursionLimit)
}

func consumeFieldValue(num Number, typ Type, b []byte, depth int) int {
	var n int
	switch typ {
	case VarintType:
		_, n = ConsumeVarint(b)
	case Fixed32Type:
		_, n = ConsumeFixed32(b)
	case Fixed64Type:
		_, n = ConsumeFixed64(b)
	case BytesType:
		_, n = ConsumeBytes(b)
	case StartGroupType:
		if depth < 0 {
			return errRecursionDepth
		}
		start := len(b)
		for {
			num2, typ2, n := ConsumeTag(b)
			if n < 0 {
				return n
			}
			b = b[n:]
			if typ2 == EndGroupType {
				if num != num2 {
					return errEndGroup
				}
				return start - len(b)
			}
			n = consumeFieldValue(num2, typ2, b, depth-1)
			if n < 0 {
				return n
			}
			b = b[n:]
		}
	case EndGroupType:
		return errEndGroup
	default:
		return errReserved
	}
	return n
}

// AppendVarint appends v as a varint.
func AppendVarint(b []byte, v uint64) []byte { return binary.AppendUvarint(b, v) }

// AppendTag appends the tag of field num with wire type typ.
func AppendTag(b []byte, num Number, typ Type) []byte {
	return AppendVarint(b, uint64(num)<<3|uint64(typ&7))
}

// AppendFixed64 appends v little-endian.
func AppendFixed64(b []byte, v uint64) []byte { return binary.LittleEndian.AppendUint64(b, v) }

// AppendBytes appends v, length-delimited.
func AppendBytes(b []byte, v []byte) []byte {
	return append(AppendVarint(b, uint64(len(v))), v...)
}

// AppendString appends v, length-delimited.
func AppendString(b []byte, v string) []byte {
	return append(AppendVarint(b, uint64(len(v))), v...)
}

// SizeVarint is the length of v as a varint.
func SizeVarint(v uint64) int { return (9*bits.Len64(v) + 64) / 64 }

// SizeTag is the length of field num's tag.
func SizeTag(num Number) int { return SizeVarint(uint64(num) << 3) }

// SizeBytes is the length of n bytes, length-delimited.
func SizeBytes(n int) int { return SizeVarint(uint64(n)) + n }
