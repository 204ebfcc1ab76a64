package main

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
)

// Go's linker writes a WebAssembly module's data as one segment for every
// run of bytes between runs of more than eight zeros: small raw, but each
// segment has a header of about seven bytes (its offset, its length) that
// compresses poorly, and spanlens.wasm had 58,228 of them, a hundred KB of
// its gzip. mergeDataSegments writes the gaps' zeros out instead, so that
// the data is a few segments: linear memory starts zeroed, so the memory
// the module begins with is byte for byte the same.

// mergeGap is the longest run of zeros written out rather than skipped by
// starting a new segment. Past a kilobyte, merging further saved nothing
// measurable and only adds zeros to the raw module.
const mergeGap = 1024

// Section ids and opcodes of the WebAssembly binary format.
const (
	sectionData      = 11
	sectionDataCount = 12
	opI32Const       = 0x41
	opEnd            = 0x0b
)

// segment is one active data segment of memory 0.
type segment struct {
	offset uint32
	data   []byte
}

// mergeDataSegments returns module with its data section's segments merged
// across gaps of at most mergeGap zeros. It refuses a module whose data it
// does not fully understand (passive segments, other memories, offsets
// that are not constants), rather than guess.
func mergeDataSegments(module []byte) ([]byte, error) {
	if len(module) < 8 || !bytes.Equal(module[:4], []byte("\x00asm")) {
		return nil, errors.New("wasm: not a WebAssembly module")
	}
	out := append([]byte(nil), module[:8]...)
	merged := -1
	for r := module[8:]; len(r) > 0; {
		id := r[0]
		size, n := binary.Uvarint(r[1:])
		if n <= 0 || size > uint64(len(r)-1-n) {
			return nil, fmt.Errorf("wasm: section %d: bad size", id)
		}
		body := r[1+n : 1+n+int(size)]
		r = r[1+n+int(size):]
		switch id {
		case sectionData:
			segs, err := readSegments(body)
			if err != nil {
				return nil, err
			}
			segs = mergeSegments(segs)
			merged = len(segs)
			body = appendSegments(nil, segs)
		case sectionDataCount:
			// It would have to count the merged segments, and this code
			// has never met one (Go's linker writes none); refuse it.
			return nil, errors.New("wasm: a data count section: not supported")
		}
		out = append(out, id)
		out = binary.AppendUvarint(out, uint64(len(body)))
		out = append(out, body...)
	}
	if merged < 0 {
		return nil, errors.New("wasm: no data section")
	}
	return out, nil
}

func readSegments(body []byte) ([]segment, error) {
	count, n := binary.Uvarint(body)
	if n <= 0 {
		return nil, errors.New("wasm: data section: bad count")
	}
	r := body[n:]
	segs := make([]segment, 0, count)
	for i := range count {
		bad := func(what string) error { return fmt.Errorf("wasm: data segment %d: %s", i, what) }
		if len(r) < 2 || r[0] != 0 || r[1] != opI32Const {
			return nil, bad("not an active segment of memory 0 at an i32.const offset")
		}
		offset, n := sleb128(r[2:])
		if n <= 0 || len(r) < 3+n || r[2+n] != opEnd || offset != int64(int32(offset)) {
			return nil, bad("bad offset")
		}
		r = r[3+n:]
		size, n := binary.Uvarint(r)
		if n <= 0 || size > uint64(len(r)-n) {
			return nil, bad("bad size")
		}
		// i32.const is signed; memory addresses are its bits, unsigned.
		segs = append(segs, segment{uint32(int32(offset)), r[n : n+int(size)]})
		r = r[n+int(size):]
	}
	if len(r) != 0 {
		return nil, errors.New("wasm: data section: bytes after the last segment")
	}
	return segs, nil
}

// mergeSegments sorts segs by offset and joins each to the one before it
// across a gap of at most mergeGap zeros. Segments must not overlap.
func mergeSegments(segs []segment) []segment {
	slices.SortFunc(segs, func(a, b segment) int { return int(int64(a.offset) - int64(b.offset)) })
	var out []segment
	for _, s := range segs {
		if k := len(out) - 1; k >= 0 {
			end := uint64(out[k].offset) + uint64(len(out[k].data))
			if gap := int64(s.offset) - int64(end); gap >= 0 && gap <= mergeGap {
				out[k].data = append(append(out[k].data, make([]byte, gap)...), s.data...)
				continue
			}
		}
		out = append(out, segment{s.offset, slices.Clone(s.data)})
	}
	return out
}

func appendSegments(dst []byte, segs []segment) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(segs)))
	for _, s := range segs {
		dst = append(dst, 0, opI32Const)
		dst = appendSLEB128(dst, int64(int32(s.offset)))
		dst = append(dst, opEnd)
		dst = binary.AppendUvarint(dst, uint64(len(s.data)))
		dst = append(dst, s.data...)
	}
	return dst
}

// sleb128 reads a signed LEB128 number (not Go's zigzag varint) of at
// most 64 bits and returns it with the bytes read, or n <= 0 when b
// holds none.
func sleb128(b []byte) (v int64, n int) {
	var shift uint
	for n < len(b) && shift < 64 {
		c := b[n]
		n++
		v |= int64(c&0x7f) << shift
		shift += 7
		if c&0x80 == 0 {
			if shift < 64 && c&0x40 != 0 {
				v |= -1 << shift
			}
			return v, n
		}
	}
	return 0, 0
}

// appendSLEB128 appends v as a signed LEB128 number.
func appendSLEB128(dst []byte, v int64) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if v == 0 && c&0x40 == 0 || v == -1 && c&0x40 != 0 {
			return append(dst, c)
		}
		dst = append(dst, c|0x80)
	}
}
