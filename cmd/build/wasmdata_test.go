package main

import (
	"bytes"
	"encoding/binary"
	"maps"
	"testing"
)

// module returns a WebAssembly module of a type section and a data
// section holding segs, in that order.
func module(segs ...segment) []byte {
	m := []byte("\x00asm\x01\x00\x00\x00")
	typ := []byte{1, 0x60, 0, 0} // one type: () -> ()
	m = append(append(append(m, 1), byte(len(typ))), typ...)
	data := appendSegments(nil, segs)
	m = append(m, sectionData)
	m = binary.AppendUvarint(m, uint64(len(data)))
	return append(m, data...)
}

// dataSegments returns a module's data segments.
func dataSegments(t *testing.T, m []byte) []segment {
	t.Helper()
	for r := m[8:]; len(r) > 0; {
		id := r[0]
		size, n := binary.Uvarint(r[1:])
		body := r[1+n : 1+n+int(size)]
		r = r[1+n+int(size):]
		if id == sectionData {
			segs, err := readSegments(body)
			if err != nil {
				t.Fatal(err)
			}
			return segs
		}
	}
	t.Fatal("no data section")
	return nil
}

// memory is what a module's data segments write into zeroed memory: its
// non-zero bytes by address.
func memory(t *testing.T, m []byte) map[uint32]byte {
	t.Helper()
	mem := map[uint32]byte{}
	for _, s := range dataSegments(t, m) {
		for i, c := range s.data {
			if c != 0 {
				mem[s.offset+uint32(i)] = c
			} else {
				delete(mem, s.offset+uint32(i))
			}
		}
	}
	return mem
}

func TestMergeDataSegments(t *testing.T) {
	in := module(
		segment{5000, []byte("far")},            // out of order, past a long gap
		segment{16, []byte("ab")},               // the first
		segment{20, []byte("cd")},               // two zeros after ab
		segment{20 + 2 + mergeGap, []byte("e")}, // exactly mergeGap zeros after cd
		segment{1 << 31, []byte("high")},        // an address past int32: a negative i32.const
	)
	out, err := mergeDataSegments(in)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := memory(t, out), memory(t, in); !maps.Equal(got, want) || len(want) != 12 {
		t.Fatalf("the merged module's memory differs: %v, want %v", got, want)
	}
	if !bytes.Equal(out[:12], in[:12]) {
		t.Fatal("the sections before the data changed")
	}
	var got []uint32
	for _, s := range dataSegments(t, out) {
		got = append(got, s.offset)
	}
	want := []uint32{16, 5000, 1 << 31}
	if len(got) != len(want) {
		t.Fatalf("segments at %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("segments at %v, want %v", got, want)
		}
	}
}

// What the merge does not understand it refuses, rather than guess.
func TestMergeDataSegmentsRefuses(t *testing.T) {
	passive := module(segment{0, []byte("x")})
	passive[len(passive)-6] = 1 // the segment's flags: passive
	for name, m := range map[string][]byte{
		"not wasm":        []byte("\x00elf\x01\x00\x00\x00"),
		"no data section": module()[:12],
		"passive segment": passive,
		"data count":      append(module(segment{0, []byte("x")}), sectionDataCount, 1, 1),
		"cut short":       module(segment{0, []byte("xyz")})[:20],
	} {
		if _, err := mergeDataSegments(m); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
