package msg

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

type kind uint8

func (k kind) String() string { return [...]string{"zero", "one"}[k&1] }

type named string

// nilError's method panics on a nil receiver, as most would.
type nilError struct{ text string }

func (e *nilError) Error() string { return e.text }

type pair struct {
	A int
	B string
}

// cases are the verbs and operands the core's messages use, and their
// edges; each must print as fmt prints it.
var cases = []struct {
	format string
	args   []any
}{
	{"plain", nil},
	{"%s|%v|%q|%x", []any{"a\"b\n", "é", "tab\t", "hi"}},
	{"%s|%q|%x|%v", []any{[]byte("x\x00y"), []byte(`q"`), []byte{1, 255}, []byte{1, 2}}},
	{"%d|%d|%d|%d|%d|%d", []any{0, -7, int8(-128), int64(-1 << 63), uint64(1<<64 - 1), uint8(200)}},
	{"%v|%v|%v", []any{int32(5), uint16(9), -3}},
	{"%x|%x|%#x|%#02x|%#02x|%02x|%x", []any{255, -255, 10, 5, 0x1f, 5, uint64(1 << 63)}},
	{"%03d|%05d|%-4d|%4d|%2d", []any{-5, 42, 7, 7, 12345}},
	{"%c|%c|%q|%q", []any{'x', byte('{'), 'é', int32(10)}},
	{"%v|%v|%v|%v|%v|%v|%v", []any{1e6, 0.1, 1e21, 100000.0, -0.0, 1e-5, float32(0.1)}},
	{"%g|%g|%.1f|%.0f|%.0f|%.1f|%f", []any{2.5, 1e300, 2.25, 2.5, 3.5, -0.05, 1.0}},
	{"%v|%s|%q|%d", []any{kind(1), kind(0), kind(1), kind(1)}},
	{"%v|%s|%q", []any{named("n"), named("m"), named("o")}},
	{"%v|%s|%q", []any{errors.New("boom"), errors.New("bang"), errors.New(`"x"`)}},
	{"%t|%v", []any{true, false}},
	{"%v|%s|%v|%d", []any{[]string{"a", "b"}, []named{"c"}, []kind{0, 1}, []int{1, 2}}},
	{"%v|%v", []any{pair{1, "x"}, [2]int{3, 4}}},
	{"%T|%T|%T|%T", []any{1, "s", []kind{}, nil}},
	{"%v|%s|%d", []any{nil, nil, nil}},
	{"%v|%s", []any{(*pair)(nil), error((*nilError)(nil))}},
	{"100%%|%5s|%-5s|%05s|%.2s|%.1q", []any{"ab", "cd", "ef", "ghij", "klm"}},
	{"%d %s", []any{1}},
	{"%d", []any{1, "extra", 2.5}},
	{"%z|%d|%s|%x", []any{1, "str", 3.5, true}},
	{"trailing %", nil},
	{"%w", []any{errors.New("wrapped")}},
	{"%w|%w", []any{errors.New("one"), errors.New("two")}},
	{"%w", []any{"not an error"}},
}

func TestAgreesWithFmt(t *testing.T) {
	for _, c := range cases {
		want := fmt.Sprintf(c.format, c.args...)
		if strings.Contains(c.format, "%w") {
			want = fmt.Errorf(c.format, c.args...).Error()
		}
		got, _ := appendf([]byte("pre:"), c.format, c.args)
		if string(got) != "pre:"+want {
			t.Errorf("%q %v:\n got %q\nwant %q", c.format, c.args, got[4:], want)
		}
	}
}

// Errorf wraps the operand of %w, as fmt.Errorf does, and only that.
func TestErrorfWraps(t *testing.T) {
	inner := errors.New("inner")
	for _, err := range []error{Errorf("outer: %w", inner), newError("outer: inner", []error{inner})} {
		if err.Error() != "outer: inner" || !errors.Is(err, inner) {
			t.Errorf("%v (%T): does not wrap inner", err, err)
		}
	}
	if err := Errorf("outer: %v", inner); errors.Is(err, inner) || err.Error() != "outer: inner" {
		t.Errorf("%v: wraps with %%v", err)
	}
	other := errors.New("other")
	if err := newError("both", []error{inner, other}); !errors.Is(err, inner) || !errors.Is(err, other) {
		t.Errorf("%v: does not wrap both", err)
	}
	if got := Sprintf("%d-%s", 3, "x"); got != "3-x" {
		t.Errorf("Sprintf: %q", got)
	}
	if got := Appendf([]byte("a"), "%q", "b"); string(got) != `a"b"` {
		t.Errorf("Appendf: %q", got)
	}
}

// FuzzAgainstFmt: any format over a fixed set of operands prints as fmt
// prints it, wherever fmt prints no %! (a wrong verb, a missing or extra
// operand), where the printer only promises fmt's shape.
func FuzzAgainstFmt(f *testing.F) {
	for _, c := range cases {
		f.Add(c.format)
	}
	args := []any{"s\"é", -42, uint8(7), 3.25, kind(1), []byte("b\x01"), errors.New("e"), true, []string{"x", "y"}}
	f.Fuzz(func(t *testing.T, format string) {
		want := fmt.Sprintf(format, args...)
		got, _ := appendf(nil, format, args)
		if strings.Contains(want, "%!") || strings.Contains(string(got), "%!") {
			return
		}
		if string(got) != want {
			t.Fatalf("%q:\n got %q\nwant %q", format, got, want)
		}
	})
}
