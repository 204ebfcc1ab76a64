package analyze

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// containsFold reports whether h contains the lowercase needle, ignoring
// case. ASCII is folded in place; other text falls back to ToLower.
func containsFold[T string | []byte](h T, needle string) bool {
	if needle == "" {
		return true
	}
	if len(h) < len(needle) {
		return false
	}
	first := needle[0]
	if first >= utf8.RuneSelf || !isASCII(needle) {
		return strings.Contains(strings.ToLower(string(h)), needle)
	}
	upper := first
	if 'a' <= first && first <= 'z' {
		upper = first - 'a' + 'A'
	}
	for j := 0; j+len(needle) <= len(h); j++ {
		if b := h[j]; b != first && b != upper {
			continue
		}
		if equalFoldASCII(h[j+1:j+len(needle)], needle[1:]) {
			return true
		}
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// equalFoldASCII compares h with the lowercase ASCII string l.
func equalFoldASCII[T string | []byte](h T, l string) bool {
	for k := 0; k < len(l); k++ {
		b := h[k]
		if 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		if b != l[k] {
			return false
		}
	}
	return true
}

func hasWildcard(s string) bool { return strings.ContainsAny(s, "*?") }

// glob is a case-insensitive pattern with * (any run) and ? (one
// character) that must match the whole string.
type glob struct{ pat []rune }

func newGlob(p string) glob {
	pat := []rune(p)
	for k, r := range pat {
		pat[k] = unicode.ToLower(r)
	}
	return glob{pat: pat}
}

// match uses the classic backtracking-to-the-last-star scan: linear in
// practice, O(len(s)·len(pattern)) at worst, without recursion.
func (g glob) match(s string) bool {
	p := g.pat
	var (
		pi, si       int
		star, starSi = -1, 0
	)
	for si < len(s) {
		r, size := utf8.DecodeRuneInString(s[si:])
		if r < utf8.RuneSelf {
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
		} else {
			r = unicode.ToLower(r)
		}
		switch {
		case pi < len(p) && (p[pi] == '?' || p[pi] == r):
			pi++
			si += size
		case pi < len(p) && p[pi] == '*':
			star, starSi = pi, si
			pi++
		case star >= 0:
			pi = star + 1
			_, size := utf8.DecodeRuneInString(s[starSi:])
			starSi += size
			si = starSi
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}
