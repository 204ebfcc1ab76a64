package pattern

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// priceSeeds are the built-in price table's patterns.
func priceSeeds(t testing.TB) []string {
	data, err := os.ReadFile("../analyze/prices.json")
	require.NoError(t, err)
	var f struct{ Models []struct{ Match string } }
	require.NoError(t, json.Unmarshal(data, &f))
	var out []string
	for _, m := range f.Models {
		out = append(out, m.Match)
	}
	return out
}

var names = []string{
	"gpt-4o", "GPT-4o-2024-08-06", "openai/gpt-4o-mini", "azure/openai/gpt-4.1-nano-2025-04-14",
	"chatgpt-4o-latest", "gpt-4o-minix", "claude-3-5-haiku-20241022", "us.anthropic.claude-3.5-haiku-v1:0",
	"claude-3-5-haiku@20241022", "gemini-1.5-flash-002", "gemini-1.5-flash-latest-exp", "meta.llama3-1-405b-instruct-v1:0",
	"llama-3.1-405b-turbo", "o1", "o1-mini", "O3-MINI-2025-01-31", "", "gpt-4\n", "ſ", "K", "k", "\xff\xfe",
}

// TestAgreesWithRegexp: every built-in pattern, against names that match
// and names that nearly do, decides as regexp does.
func TestAgreesWithRegexp(t *testing.T) {
	for _, p := range priceSeeds(t) {
		re := MustCompile(p)
		want := regexp.MustCompile(p)
		for _, n := range names {
			assert.Equal(t, want.MatchString(n), re.MatchString(n), "%q on %q", p, n)
		}
	}
}

func TestMatch(t *testing.T) {
	for _, tt := range []struct {
		expr string
		yes  []string
		no   []string
	}{
		{`abc`, []string{"abc", "xabcx"}, []string{"ab", "ABC"}},
		{`^a.c$`, []string{"abc", "a✓c"}, []string{"a\nc", "abcd"}},
		{`(?s)^a.c$`, []string{"a\nc"}, nil},
		{`(?i)straße`, []string{"STRAßE", "strasse"[:0] + "Straße"}, []string{"strasse"}},
		{`(?i)k`, []string{"K", "k", "\u212a"}, []string{"x"}},
		{`(?i)[^k]`, []string{"x"}, []string{"K", "\u212a", "k"}},
		{`(?i)\W`, []string{"-"}, []string{"\u212a", "k"}},
		{`(?i)[\W]`, []string{"-"}, []string{"\u212a", "k"}},
		{`^(?:a|bc)+$`, []string{"a", "bca", "abcbc"}, []string{"", "b", "abd"}},
		{`^a{2,3}$`, []string{"aa", "aaa"}, []string{"a", "aaaa"}},
		{`^a{2,}$`, []string{"aa", "aaaaa"}, []string{"a"}},
		{`^a{0}b$`, []string{"b"}, []string{"ab"}},
		{`^(a*)*$`, []string{"", "aaa"}, []string{"b"}},
		{`\bgo\b`, []string{"go", "a go b"}, []string{"gopher", "ago"}},
		{`\Bo\B`, []string{"gopher"}, []string{"o", "go"}},
		{`(?m)^b$`, []string{"a\nb\nc"}, []string{"ab"}},
		{`^b$`, nil, []string{"a\nb\nc"}},
		{`\Aab\z`, []string{"ab"}, []string{"ab\n"}},
		{`[]a]`, []string{"]", "a"}, []string{"b"}},
		{`[^]a]`, []string{"b"}, []string{"]", "a"}},
		{`[a-c-e]`, []string{"b", "-", "e"}, []string{"d"}},
		{`\x41\x{1F600}`, []string{"A😀"}, []string{"A"}},
		{`a{,2}`, []string{"a{,2}"}, []string{"aa"}}, // not a count: literal, as in regexp
		{`(?P<name>x)(?<n2>y)`, []string{"xy"}, []string{"x"}},
		{`(?i:A)a`, []string{"aa", "Aa"}, []string{"AA"}},
		{`a(?i)b|c`, []string{"aB", "C"}, []string{"Ab"}},
		{`\d+\.\d+`, []string{"v1.25"}, []string{"1x2"}},
		{`\s`, []string{"a b", "\t"}, []string{"\v"}},
		{`x*?y??z+?`, []string{"z"}, []string{"xy"}},
	} {
		re, err := Compile(tt.expr)
		require.NoError(t, err, tt.expr)
		std := regexp.MustCompile(tt.expr)
		for _, s := range tt.yes {
			assert.True(t, re.MatchString(s), "%q should match %q", tt.expr, s)
			assert.True(t, std.MatchString(s), "regexp: %q should match %q", tt.expr, s)
		}
		for _, s := range tt.no {
			assert.False(t, re.MatchString(s), "%q should not match %q", tt.expr, s)
			assert.False(t, std.MatchString(s), "regexp: %q should not match %q", tt.expr, s)
		}
	}
}

func TestCompileErrors(t *testing.T) {
	for _, tt := range []struct{ expr, want string }{
		{`(`, "missing closing ) for the group at offset 0"},
		{`a)`, "unexpected ) at offset 1"},
		{`[a`, "missing closing ] for the class at offset 0"},
		{`[z-a]`, "invalid character class range"},
		{`*a`, "missing argument to repetition operator '*'"},
		{`a**`, "invalid nested repetition operator at offset 2"},
		{`a{2}{3}`, "invalid nested repetition operator at offset 4"},
		{`a{1001}`, "invalid repeat count {1001}"},
		{`a{3,2}`, "invalid repeat count {3,2}"},
		{`(a{100}){11}`, "nested repetitions exceed 1000"},
		{`\p{Greek}`, `unsupported Unicode class \p`},
		{`[[:alpha:]]`, "unsupported POSIX class"},
		{`\Qa.b\E`, `unsupported \Q…\E`},
		{`\1`, `invalid or unsupported escape \1`},
		{`\q`, `invalid or unsupported escape \q`},
		{`\x{110000}`, `invalid escape at offset 0`},
		{`a\x{+41}`, `invalid escape at offset 1`},
		{`\x{0x41}`, `invalid escape at offset 0`},
		{`\xZ1`, `invalid escape at offset 0`},
		{`\x{}`, `invalid escape at offset 0`},
		{`a\`, "trailing backslash"},
		{`(?x)`, "invalid or unsupported group or flag (?x"},
		{`(?i-)`, "invalid flags"},
		{`(?P<>x)`, "invalid named capture"},
		{"\xff", "invalid UTF-8"},
		{strings.Repeat("(", 101) + strings.Repeat(")", 101), "groups nested deeper than 100"},
		{strings.Repeat(`(?:\w{1000}|`, 30) + strings.Repeat(")", 30), "too large to match"},
	} {
		_, err := Compile(tt.expr)
		if assert.Error(t, err, tt.expr) {
			assert.Contains(t, err.Error(), tt.want, tt.expr)
			assert.True(t, strings.HasPrefix(err.Error(), "pattern "), err.Error())
		}
	}
	assert.Panics(t, func() { MustCompile("(") })
	assert.Equal(t, "a+", MustCompile("a+").String())
}

// FuzzAgainstRegexp: a pattern Compile accepts, regexp accepts too, and
// the two decide every text alike.
func FuzzAgainstRegexp(f *testing.F) {
	for _, p := range priceSeeds(f) {
		f.Add(p, "openai/gpt-4o-2024-08-06")
	}
	for _, p := range []string{`(?i)[^k]`, `(?i)[\W]\b`, `^(a*)*$`, `a{2,}?|[]a-]`, `(?m)^b$`, `\x{41}(?s:.)`, `(?U)a+?`, `[^\d\S]`} {
		f.Add(p, "a\nb K\u212a")
	}
	f.Fuzz(func(t *testing.T, expr, text string) {
		re, err := Compile(expr)
		if err != nil {
			return
		}
		std, err := regexp.Compile(expr)
		require.NoError(t, err, "accepted %q, which regexp refuses", expr)
		assert.Equal(t, std.MatchString(text), re.MatchString(text), "%q on %q", expr, text)
	})
}
