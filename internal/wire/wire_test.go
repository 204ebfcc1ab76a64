package wire

import (
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/protowire"
)

// protowireError is protowire's message without its "proto:" prefix,
// whose space is sometimes U+00A0 to stop callers matching it.
func protowireError(n int) string {
	s := protowire.ParseError(n).Error()
	s, _ = strings.CutPrefix(s, "proto:")
	return strings.TrimLeft(s, " \u00a0")
}

// same checks every reading of b against protowire's.
func same(t *testing.T, b []byte) {
	t.Helper()
	if len(b) > 64 {
		defer func() {
			if t.Failed() {
				t.Logf("(the input was %d bytes; shown above cut to 64)", len(b))
			}
		}()
	}
	errs := func(what string, got, want int) {
		t.Helper()
		if (got < 0) != (want < 0) || got >= 0 && got != want || got < 0 && ParseError(got).Error() != protowireError(want) {
			t.Fatalf("%s(%x): %d, want %d", what, b[:min(len(b), 64)], got, want)
		}
	}
	v, n := ConsumeVarint(b)
	pv, pn := protowire.ConsumeVarint(b)
	errs("ConsumeVarint", n, pn)
	if n >= 0 && v != pv {
		t.Fatalf("ConsumeVarint(%x) = %d, want %d", b, v, pv)
	}
	num, typ, n := ConsumeTag(b)
	pnum, ptyp, pn := protowire.ConsumeTag(b)
	errs("ConsumeTag", n, pn)
	if n >= 0 && (int32(num) != int32(pnum) || int8(typ) != int8(ptyp)) {
		t.Fatalf("ConsumeTag(%x) = %d %d, want %d %d", b, num, typ, pnum, ptyp)
	}
	_, _, n = ConsumeField(b)
	_, _, pn = protowire.ConsumeField(b)
	errs("ConsumeField", n, pn)
	bs, n := ConsumeBytes(b)
	pbs, pn := protowire.ConsumeBytes(b)
	errs("ConsumeBytes", n, pn)
	if n >= 0 && string(bs) != string(pbs) {
		t.Fatalf("ConsumeBytes(%x) = %x, want %x", b, bs, pbs)
	}
	f32, n := ConsumeFixed32(b)
	pf32, pn := protowire.ConsumeFixed32(b)
	errs("ConsumeFixed32", n, pn)
	f64, n2 := ConsumeFixed64(b)
	pf64, pn2 := protowire.ConsumeFixed64(b)
	errs("ConsumeFixed64", n2, pn2)
	if f32 != pf32 || f64 != pf64 {
		t.Fatalf("fixed(%x) = %d %d, want %d %d", b, f32, f64, pf32, pf64)
	}
	for typ := Type(0); typ < 8; typ++ {
		errs("ConsumeFieldValue", ConsumeFieldValue(7, typ, b), protowire.ConsumeFieldValue(7, protowire.Type(typ), b))
	}
}

func TestAgreesWithProtowire(t *testing.T) {
	deep := strings.Repeat("\x0b", recursionLimit+2) // start group 1, nested past the limit
	for _, b := range []string{
		"", "\x00", "\x08", "\x08\x96\x01", "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x02",
		"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xc9", "\x80\x80", "\x0a\x03abc", "\x0a\x04abc", "\x0d\x01\x02\x03\x04",
		"\x09\x01\x02\x03\x04\x05\x06\x07\x08", "\x0b\x08\x01\x0c", "\x0b\x08\x01\x14", "\x0c", "\x0e", "\x0f",
		"\x80\x80\x80\x80\x80\x02", "\xf8\xff\xff\xff\x0f", "\xf8\xff\xff\xff\x7f\x00", deep, deep[:20] + strings.Repeat("\x0c", 20),
	} {
		same(t, []byte(b))
	}
}

func TestAppendAgreesWithProtowire(t *testing.T) {
	for _, v := range []uint64{0, 1, 127, 128, 300, 1<<35 + 7, 1<<63 + 1, 1<<64 - 1} {
		if got, want := AppendVarint([]byte("x"), v), protowire.AppendVarint([]byte("x"), v); string(got) != string(want) {
			t.Errorf("AppendVarint(%d) = %x, want %x", v, got, want)
		}
		if got, want := SizeVarint(v), protowire.SizeVarint(v); got != want {
			t.Errorf("SizeVarint(%d) = %d, want %d", v, got, want)
		}
		if got, want := AppendFixed64(nil, v), protowire.AppendFixed64(nil, v); string(got) != string(want) {
			t.Errorf("AppendFixed64(%d) = %x, want %x", v, got, want)
		}
	}
	for _, num := range []Number{1, 15, 16, 2047, 2048, MaxValidNumber} {
		if got, want := AppendTag(nil, num, BytesType), protowire.AppendTag(nil, protowire.Number(num), protowire.BytesType); string(got) != string(want) {
			t.Errorf("AppendTag(%d) = %x, want %x", num, got, want)
		}
		if got, want := SizeTag(num), protowire.SizeTag(protowire.Number(num)); got != want {
			t.Errorf("SizeTag(%d) = %d, want %d", num, got, want)
		}
	}
	long := strings.Repeat("y", 200)
	if got, want := AppendString(nil, long), protowire.AppendString(nil, long); string(got) != string(want) {
		t.Errorf("AppendString: %x, want %x", got, want)
	}
	if got, want := AppendBytes(nil, []byte("ab")), protowire.AppendBytes(nil, []byte("ab")); string(got) != string(want) {
		t.Errorf("AppendBytes: %x, want %x", got, want)
	}
	if got, want := SizeBytes(200), protowire.SizeBytes(200); got != want {
		t.Errorf("SizeBytes = %d, want %d", got, want)
	}
	if s, n := ConsumeString([]byte("\x02hi")); s != "hi" || n != 3 {
		t.Errorf("ConsumeString = %q %d", s, n)
	}
}

func FuzzAgainstProtowire(f *testing.F) {
	f.Add([]byte("\x0a\x03abc\x0b\x10\x05\x0c"))
	f.Add([]byte("\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01"))
	f.Fuzz(func(t *testing.T, b []byte) { same(t, b) })
}
