package render

import (
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"

	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/core/tree"
)

func TestPrintable(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"checkout", "checkout"},
		{"café ✓ 日本", "café ✓ 日本"},
		{"\x1b]52;c;aGk=\x07", `\x1b]52;c;aGk=\x07`},
		{"\x1b]0;owned\x1b\\", `\x1b]0;owned\x1b\`},
		{"a\nb\tc\rd\x00", `a\x0ab\x09c\x0dd\x00`},
		{"del\x7f", `del\x7f`},
		{"\u009b31m", `\u009b31m`}, // C1 CSI, two bytes in UTF-8
		{"abc\u202edcba", `abc\u202edcba`},
		{"\u2066x\u2069", `\u2066x\u2069`},
		{"bad\xff\xc3", `bad\xff\xc3`},
		{"\uFFFD kept", "\uFFFD kept"}, // a real replacement character is printable
	} {
		assert.Equal(t, tt.want, Printable(tt.in), "Printable(%q)", tt.in)
		assert.Equal(t, "> "+tt.want, string(AppendPrintable([]byte("> "), tt.in)))
	}
}

// hostile is one trace whose every string tries to act on the terminal.
func hostile() *tree.Forest {
	const evil = "\x1b]52;c;aGk=\x07\x1b]0;owned\x07\x1b[2J\u202e\u009b\x7f\xff"
	b := &model.Batch{Spans: []model.Span{
		{Name: "root" + evil, Service: "svc" + evil, Start: 0, End: 1000, Resource: -1, Scope: -1},
		{Name: "chat" + evil, Service: "svc", Start: 100, End: 900, Resource: -1, Scope: -1,
			Status: model.Status{Code: model.StatusError, Message: "boom" + evil},
			Attrs: model.Attrs{
				{Key: "gen_ai.request.model", Value: model.StringValue("gpt" + evil)},
				{Key: "gen_ai.usage.input_tokens", Value: model.IntValue(10)},
			}},
	}}
	for i := range b.Spans {
		b.Spans[i].TraceID[0], b.Spans[i].ID[7] = 1, byte(i+1)
	}
	b.Spans[1].ParentID[7] = 1
	return tree.Build(b, tree.Options{})
}

// assertInert fails if out holds a byte or rune a terminal acts on, other
// than newlines and (with colour) this package's own SGR styles.
func assertInert(t *testing.T, out []byte, color bool) {
	t.Helper()
	s := string(out)
	if color {
		for _, st := range []string{reset, bold, dim, red, green, cyan, yel} {
			s = strings.ReplaceAll(s, st, "")
		}
	}
	assert.True(t, utf8.ValidString(s), "output is valid UTF-8")
	for _, r := range s {
		if r != '\n' && unprintable(r, utf8.RuneLen(r)) {
			t.Errorf("output holds %U: %q", r, s)
			return
		}
	}
}

func TestTextEscapesTraceStrings(t *testing.T) {
	f := hostile()
	for _, color := range []bool{false, true} {
		opts := Options{Color: color, Width: 100}
		tr := Tree(nil, f, opts)
		assertInert(t, tr, color)
		assert.Contains(t, string(tr), `root\x1b]52;c;aGk=\x07\x1b]0;owned\x07\x1b[2J\u202e\u009b\x7f\xff`)
		assert.Contains(t, string(tr), `llm gpt\x1b]52;c;aGk=`, "the model name in the tag")
		tl := Timeline(nil, f, opts)
		assertInert(t, tl, color)
		assert.Contains(t, string(tl), `chat\x1b]52`)
	}
}

// A trace from MinInt64 to MaxInt64 is wider than an int64 holds: the
// child starting at 0 starts half way across the bars, and the foot gives
// the duration saturated at MaxInt64 ns, not a wrapped −1ns.
func TestTextExtremeTimes(t *testing.T) {
	b := &model.Batch{Spans: []model.Span{
		{Name: "root", Start: math.MinInt64, End: math.MaxInt64, Resource: -1, Scope: -1},
		{Name: "child", Start: 1, End: math.MaxInt64, Resource: -1, Scope: -1},
	}}
	for i := range b.Spans {
		b.Spans[i].TraceID[0], b.Spans[i].ID[7] = 1, byte(i+1)
	}
	b.Spans[1].ParentID[7] = 1
	f := tree.Build(b, tree.Options{})
	// Width 100: labels take 40 columns, bars 57; 2^63/2^64 × 57 = 28.5,
	// so the child's bar is 28 blanks and 29 full blocks.
	tl := strings.Split(string(Timeline(nil, f, Options{Width: 100})), "\n")
	assert.True(t, strings.HasSuffix(tl[2], " |"+strings.Repeat(" ", 28)+strings.Repeat("█", 29)+"|"), "child line %q", tl[2])
	assert.Contains(t, string(Tree(nil, f, Options{})), "2 spans · 9223372036.85s wall clock")
}

// A width from the environment (COLUMNS) is clamped to MaxWidth: a
// timeline line costs at most MaxWidth columns of up to 3 bytes, not a
// billion spaces.
func TestTimelineWidthBounded(t *testing.T) {
	out := Timeline(nil, hostile(), Options{Width: 1 << 30})
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	assert.Len(t, lines, 4) // the axis, two spans, the legend
	for _, l := range lines {
		assert.LessOrEqual(t, utf8.RuneCountInString(l), MaxWidth, "line %.80q…", l)
	}
}
