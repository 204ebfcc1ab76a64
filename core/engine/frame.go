package engine

import (
	"encoding/binary"
	"math"
	"slices"

	"github.com/spanlens/spanlens/core/internal/structjson"
	"github.com/spanlens/spanlens/internal/msg"
)

// ProtocolVersion is bumped whenever docs/protocol.md changes incompatibly.
const ProtocolVersion = 3

// Request is a decoded request frame.
type Request struct {
	Cmd    string                `json:"cmd"`
	Handle uint32                `json:"handle,omitempty"`
	Args   structjson.RawMessage `json:"args,omitempty"`
	// Arrays are arguments carried in the payload as i32 arrays rather
	// than as JSON lists in Args (see call.arrayArgs).
	Arrays  []arrayRef `json:"arrays,omitempty"`
	Payload []byte     `json:"-"`
	// External, if not nil, is the payload instead of Payload: bytes that
	// live outside Go memory (a JavaScript typed array), which the command
	// copies once, straight into the buffer it keeps.
	External External `json:"-"`
}

// External is a payload held outside Go memory.
type External interface {
	Len() int
	// CopyTo fills dst, which is Len() bytes long.
	CopyTo(dst []byte)
}

// payloadLen is the request payload's length, wherever it lives.
func (r *Request) payloadLen() int {
	if r.External != nil {
		return r.External.Len()
	}
	return len(r.Payload)
}

// appendPayload appends the payload to dst, growing it as append does.
func (r *Request) appendPayload(dst []byte) []byte {
	if r.External == nil {
		return append(dst, r.Payload...)
	}
	n := r.External.Len()
	dst = growTo(dst, len(dst)+n)
	r.External.CopyTo(dst[len(dst)-n:])
	return dst
}

// growTo returns b lengthened to n, reallocating (doubling) only when its
// capacity is short.
func growTo(b []byte, n int) []byte {
	if n <= cap(b) {
		return b[:n]
	}
	nb := make([]byte, n, max(n, 2*cap(b)))
	copy(nb, b)
	return nb
}

// ParseRequest splits a request frame into its header and payload. The
// payload aliases frame.
func ParseRequest(frame []byte) (*Request, error) {
	hdr, payload, err := splitFrame(frame)
	if err != nil {
		return nil, err
	}
	var r Request
	if err := structjson.Unmarshal(hdr, &r); err != nil {
		return nil, typeErrorf("bad request header: %v", err)
	}
	r.Payload = payload
	for k, a := range r.Arrays {
		switch {
		case a.Type != "i32":
			return nil, typeErrorf("request array %q: type %q; requests carry i32 arrays", a.Name, a.Type)
		case a.Offset < 0 || a.Offset%8 != 0 || a.Length < 0 || a.Length > (len(payload)-a.Offset)/4:
			return nil, typeErrorf("request array %q: offset %d, length %d: want an 8-aligned offset and the array inside the %d-byte payload", a.Name, a.Offset, a.Length, len(payload))
		case slices.ContainsFunc(r.Arrays[:k], func(b arrayRef) bool { return b.Name == a.Name }):
			return nil, typeErrorf("request array %q given twice", a.Name)
		}
	}
	return &r, nil
}

// i32 returns the request array a's elements.
func (r *Request) i32(a arrayRef) []int32 {
	out := make([]int32, a.Length)
	for k := range out {
		out[k] = int32(binary.LittleEndian.Uint32(r.Payload[a.Offset+4*k:]))
	}
	return out
}

// AppendRequest encodes a request frame (used by Go clients and tests).
func AppendRequest(dst []byte, cmd string, handle uint32, args any, payload []byte) ([]byte, error) {
	hdr := map[string]any{"cmd": cmd}
	if handle != 0 {
		hdr["handle"] = handle
	}
	if args != nil {
		hdr["args"] = args
	}
	h, err := structjson.Marshal(hdr)
	if err != nil {
		return nil, err
	}
	return appendFrame(dst, h, payload), nil
}

func splitFrame(frame []byte) (hdr, payload []byte, err error) {
	if len(frame) < 4 {
		return nil, nil, typeErrorf("frame of %d bytes is shorter than its 4-byte header length", len(frame))
	}
	n := binary.LittleEndian.Uint32(frame)
	if uint64(n) > uint64(len(frame)-4) {
		return nil, nil, typeErrorf("frame header length %d exceeds the frame (%d bytes)", n, len(frame))
	}
	hdr = frame[4 : 4+n]
	p := align8(4 + int(n))
	if p > len(frame) {
		p = len(frame)
	}
	return hdr, frame[p:], nil
}

func align8(n int) int { return (n + 7) &^ 7 }

func appendFrame(dst, hdr, payload []byte) []byte {
	dst = binary.LittleEndian.AppendUint32(dst, uint32(len(hdr)))
	dst = append(dst, hdr...)
	for len(dst)%8 != 0 {
		dst = append(dst, 0)
	}
	return append(dst, payload...)
}

// Array is a numeric array carried in a response's payload.
type Array struct {
	Name string
	data any // []int32, []uint32, []uint8, []float32, []float64, []int64
}

// I32, U32, U8, F32, F64 and I64 wrap a slice as a named response array.
func I32(name string, v []int32) Array   { return Array{name, v} }
func U32(name string, v []uint32) Array  { return Array{name, v} }
func U8(name string, v []uint8) Array    { return Array{name, v} }
func F32(name string, v []float32) Array { return Array{name, v} }
func F64(name string, v []float64) Array { return Array{name, v} }
func I64(name string, v []int64) Array   { return Array{name, v} }

type arrayRef struct {
	Name   string `json:"name"`
	Type   string `json:"type"`
	Offset int    `json:"offset"`
	Length int    `json:"length"`
}

// appendArray appends a's elements little-endian to payload (8-aligned
// first) and returns the reference the header carries.
func appendArray(payload []byte, a Array) ([]byte, arrayRef) {
	for len(payload)%8 != 0 {
		payload = append(payload, 0)
	}
	ref := arrayRef{Name: a.Name, Offset: len(payload)}
	le := binary.LittleEndian
	switch v := a.data.(type) {
	case []int32:
		ref.Type, ref.Length = "i32", len(v)
		for _, x := range v {
			payload = le.AppendUint32(payload, uint32(x))
		}
	case []uint32:
		ref.Type, ref.Length = "u32", len(v)
		for _, x := range v {
			payload = le.AppendUint32(payload, x)
		}
	case []uint8:
		ref.Type, ref.Length = "u8", len(v)
		payload = append(payload, v...)
	case []float32:
		ref.Type, ref.Length = "f32", len(v)
		for _, x := range v {
			payload = le.AppendUint32(payload, math.Float32bits(x))
		}
	case []float64:
		ref.Type, ref.Length = "f64", len(v)
		for _, x := range v {
			payload = le.AppendUint64(payload, math.Float64bits(x))
		}
	case []int64:
		ref.Type, ref.Length = "i64", len(v)
		for _, x := range v {
			payload = le.AppendUint64(payload, uint64(x))
		}
	default:
		panic(msg.Sprintf("engine: array %q has unsupported type %T", a.Name, a.data))
	}
	return payload, ref
}
