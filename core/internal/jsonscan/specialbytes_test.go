package jsonscan

import (
	"encoding/binary"
	"math/bits"
	"math/rand/v2"
	"strconv"
	"testing"
)

// firstSpecial returns the index of the first byte of w that ends a run of
// plain string bytes, or 8.
func firstSpecial(w uint64) int {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], w)
	for i, c := range b {
		if c == '"' || c == '\\' || c < 0x20 {
			return i
		}
	}
	return 8
}

func checkSpecialBytes(t *testing.T, w uint64) {
	t.Helper()
	got := 8
	if sp := specialBytes(w); sp != 0 {
		got = bits.TrailingZeros64(sp) >> 3
	}
	if want := firstSpecial(w); got != want {
		t.Fatalf("specialBytes(%#016x) finds byte %d; want %d", w, got, want)
	}
}

// TestSpecialBytes checks the word-at-a-time search against a byte loop:
// every byte value at every position over several fillers, then random
// words.
func TestSpecialBytes(t *testing.T) {
	fillers := []uint64{0x6161616161616161, 0xe9c3e9c3e9c3e9c3, 0x2020202020202020, 0xffffffffffffffff, 0x5d5d5d5d5d5d5d5d, 0x2222222222222222, 0}
	for _, fill := range fillers {
		for pos := 0; pos < 8; pos++ {
			for c := 0; c < 256; c++ {
				checkSpecialBytes(t, fill&^(0xff<<(8*pos))|uint64(c)<<(8*pos))
			}
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 1_000_000 {
		checkSpecialBytes(t, r.Uint64())
	}
}

// TestStrAtEveryAlignment moves each kind of special byte through every
// position of strings long enough to take the word-at-a-time path.
func TestStrAtEveryAlignment(t *testing.T) {
	for n := 0; n < 40; n++ {
		for p := 0; p < n; p++ {
			body := []byte(repeatA(n))

			ok := append([]byte{'"'}, body...)
			ok = append(ok, "\"\xff\xfe"...) // invalid UTF-8 after the closing quote is not the string's
			got, err := New(ok).String()
			if err != nil || got != string(body) {
				t.Fatalf("n=%d: got %q, %v", n, got, err)
			}

			bad := append([]byte(nil), ok...)
			bad[1+p] = 0xff
			if _, err := New(bad).String(); err == nil || err.Error() != "offset 1: invalid UTF-8 in string" {
				t.Fatalf("n=%d p=%d invalid UTF-8: %v", n, p, err)
			}

			ctl := append([]byte(nil), ok...)
			ctl[1+p] = '\n'
			if _, err := New(ctl).String(); err == nil || err.Error() != "offset "+strconv.Itoa(1+p)+": control character 0x0a in string" {
				t.Fatalf("n=%d p=%d control: %v", n, p, err)
			}

			esc := append(append(append([]byte(nil), ok[:1+p]...), `\"`...), ok[1+p:]...)
			want := string(body[:p]) + `"` + string(body[p:])
			if got, err := New(esc).String(); err != nil || got != want {
				t.Fatalf("n=%d p=%d escape: got %q, %v", n, p, got, err)
			}

			utf := append(append(append([]byte(nil), ok[:1+p]...), "é"...), ok[1+p:]...)
			want = string(body[:p]) + "é" + string(body[p:])
			if got, err := New(utf).String(); err != nil || got != want {
				t.Fatalf("n=%d p=%d UTF-8: got %q, %v", n, p, got, err)
			}
		}
	}
}

func repeatA(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = 'a' + byte(i%26)
	}
	return string(b)
}
