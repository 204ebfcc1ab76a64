package model

import (
	"encoding/hex"
	"math/rand/v2"
	"testing"
)

func TestParseIDs(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // the SpanID in lowercase hex; "" for refused
	}{
		{"0123456789abcdef", "0123456789abcdef"},
		{"0123456789ABCDEF", "0123456789abcdef"},
		{"00f067AA0ba902b7", "00f067aa0ba902b7"},
		{"1", "0000000000000001"},
		{"abc", "0000000000000abc"},
		{"123456789abcdef", "0123456789abcdef"},
		{"", ""},
		{"0123456789abcdef0", ""},
		{"g123456789abcdef", ""},
		{"0123456789abcdeg", ""},
		{"01234567 9abcdef", ""},
		{"0123456789abcdeG", ""},
		{"0123456789abcd\x80f", ""},
		{"0x1", ""},
		{"-1", ""},
		{"ab:", ""},
	} {
		id, ok := ParseSpanID([]byte(tc.in))
		switch {
		case ok != (tc.want != ""):
			t.Errorf("ParseSpanID(%q) ok = %v", tc.in, ok)
		case ok && id.String() != tc.want:
			t.Errorf("ParseSpanID(%q) = %s, want %s", tc.in, id, tc.want)
		}
	}
	tid, ok := ParseTraceID([]byte("4BF92F3577B34DA6A3CE929D0E0E4736"))
	if !ok || tid.String() != "4bf92f3577b34da6a3ce929d0e0e4736" {
		t.Errorf("ParseTraceID = %s, %v", tid, ok)
	}
	if tid, ok := ParseTraceID([]byte("00f067aa0ba902b7")); !ok || tid.String() != "000000000000000000f067aa0ba902b7" {
		t.Errorf("a 64-bit trace id: %s, %v", tid, ok)
	}
}

// TestDecodeHexAgainstEncodingHex: random 16-character strings over hex
// digits and a few other bytes decode as encoding/hex decodes them.
func TestDecodeHexAgainstEncodingHex(t *testing.T) {
	const alphabet = "0123456789abcdefABCDEFgGxz -\x00\xff"
	rng := rand.New(rand.NewPCG(3, 4))
	for range 20_000 {
		b := make([]byte, 16)
		for i := range b {
			if rng.IntN(40) == 0 {
				b[i] = alphabet[16+rng.IntN(len(alphabet)-16)]
			} else {
				b[i] = alphabet[rng.IntN(22)]
			}
		}
		want, err := hex.DecodeString(string(b))
		var got [8]byte
		ok := DecodeHex(got[:], b)
		if ok != (err == nil) || ok && string(got[:]) != string(want) {
			t.Fatalf("DecodeHex(%q) = %x, %v; encoding/hex: %x, %v", b, got, ok, want, err)
		}
	}
}

// BenchmarkParseIDs reads random 16- and 32-digit ids, as a decoder does
// for every span.
func BenchmarkParseIDs(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 6))
	ids := make([][]byte, 1024)
	for i := range ids {
		raw := make([]byte, 8+8*(i%2))
		for k := range raw {
			raw[k] = byte(rng.Uint32())
		}
		ids[i] = []byte(hex.EncodeToString(raw))
	}
	b.SetBytes(24)
	for i := 0; b.Loop(); i++ {
		if id := ids[i%len(ids)]; len(id) == 16 {
			ParseSpanID(id)
		} else {
			ParseTraceID(id)
		}
	}
}
