package pattern

import (
	"strconv"
	"strings"
	"unicode"
)

// atom reads one operand: a group, a class, an escape, an anchor or a
// literal. A flag group such as (?i) returns nil: it sets flags and
// matches nothing.
func (p *parser) atom() (*node, error) {
	switch c := p.next(); c {
	case '(':
		return p.group()
	case '[':
		return p.class()
	case '.':
		if p.flags&dotNL != 0 {
			return &node{op: opAnyChar}, nil
		}
		return &node{op: opAnyNotNL}, nil
	case '^':
		if p.flags&multiLine != 0 {
			return &node{op: opBeginLine}, nil
		}
		return &node{op: opBeginText}, nil
	case '$':
		if p.flags&multiLine != 0 {
			return &node{op: opEndLine}, nil
		}
		return &node{op: opEndText}, nil
	case '\\':
		return p.escape()
	default:
		return p.literal(c), nil
	}
}

func (p *parser) literal(r rune) *node {
	return &node{op: opLiteral, r: r, fold: p.flags&foldCase != 0}
}

// group reads what follows '(': flags, a non-capturing or named group, or
// a plain one. Captures do not matter to a match, so all are groups.
func (p *parser) group() (*node, error) {
	start := p.pos - 1
	if strings.HasPrefix(p.expr[p.pos:], "?P<") || strings.HasPrefix(p.expr[p.pos:], "?<") {
		end := strings.IndexByte(p.expr[p.pos:], '>')
		if end < 0 {
			return nil, p.errorf("invalid named capture at offset %d", start)
		}
		name := p.expr[p.pos+strings.IndexByte(p.expr[p.pos:], '<')+1 : p.pos+end]
		if !isName(name) {
			return nil, p.errorf("invalid named capture %q", name)
		}
		p.pos += end + 1
	} else if strings.HasPrefix(p.expr[p.pos:], "?") {
		saved := p.flags // (?i:…) sets flags for its body only
		p.pos++
		set, neg := flags(0), false
		for {
			if !p.more() {
				return nil, p.errorf("missing closing ) at offset %d", start)
			}
			switch c := p.next(); c {
			case 'i', 'm', 's', 'U':
				f := map[rune]flags{'i': foldCase, 'm': multiLine, 's': dotNL, 'U': ungreedy}[c]
				if neg {
					p.flags &^= f
				} else {
					p.flags |= f
				}
				set |= f
			case '-':
				if neg {
					return nil, p.errorf("invalid flags at offset %d", start)
				}
				neg, set = true, 0
			case ')', ':':
				if neg && set == 0 {
					return nil, p.errorf("invalid flags at offset %d", start)
				}
				if c == ')' {
					return nil, nil
				}
				n, err := p.groupBody(start)
				p.flags = saved
				return n, err
			default:
				return nil, p.errorf("invalid or unsupported group or flag (?%c at offset %d", c, start)
			}
		}
	}
	return p.groupBody(start)
}

// groupBody reads a group's alternation and its closing parenthesis; the
// flags it sets end with it.
func (p *parser) groupBody(start int) (*node, error) {
	n, err := p.alternate()
	if err != nil {
		return nil, err
	}
	if !p.more() || p.next() != ')' {
		return nil, p.errorf("missing closing ) for the group at offset %d", start)
	}
	return n, nil
}

func isName(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c != '_' && !isAlnum(c) {
			return false
		}
	}
	return true
}

func isAlnum(c rune) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// assertions are the escapes that match a position, not a rune.
var assertions = map[rune]op{'A': opBeginText, 'z': opEndText, 'b': opWordBoundary, 'B': opNoWordBoundary}

// escape reads what follows a backslash outside a class.
func (p *parser) escape() (*node, error) {
	if !p.more() {
		return nil, p.errorf("trailing backslash at end of expression")
	}
	switch c := p.peek(); c {
	case 'A', 'z', 'b', 'B':
		p.pos++
		return &node{op: assertions[c]}, nil
	case 'd', 'D', 's', 'S', 'w', 'W':
		p.pos++
		cl := perlClass(c)
		return &node{op: opClass, class: cl, fold: p.flags&foldCase != 0}, nil
	}
	r, err := p.escapedRune()
	if err != nil {
		return nil, err
	}
	return p.literal(r), nil
}

// escapedRune reads a single-character escape after a backslash: \n and
// its kin, \x hex codes, and escaped punctuation.
func (p *parser) escapedRune() (rune, error) {
	at := p.pos - 1
	c := p.next()
	switch c {
	case 'a':
		return '\a', nil
	case 'f':
		return '\f', nil
	case 'n':
		return '\n', nil
	case 'r':
		return '\r', nil
	case 't':
		return '\t', nil
	case 'v':
		return '\v', nil
	case 'x':
		return p.hexEscape(at)
	case 'p', 'P':
		return 0, p.errorf(`unsupported Unicode class \%c at offset %d (price patterns match names: use [a-z] or \w)`, c, at)
	case 'Q':
		return 0, p.errorf(`unsupported \Q…\E at offset %d: escape each character`, at)
	}
	if c < 0x80 && !isAlnum(c) {
		return c, nil
	}
	return 0, p.errorf(`invalid or unsupported escape \%c at offset %d`, c, at)
}

// hexEscape reads \xHH or \x{H…} after the x.
func (p *parser) hexEscape(at int) (rune, error) {
	bad := p.errorf(`invalid escape at offset %d`, at)
	if p.more() && p.peek() == '{' {
		p.pos++
		end := strings.IndexByte(p.expr[p.pos:], '}')
		if end <= 0 {
			return 0, bad
		}
		r, ok := hexValue(p.expr[p.pos : p.pos+end])
		p.pos += end + 1
		if !ok {
			return 0, bad
		}
		return r, nil
	}
	if len(p.expr)-p.pos < 2 {
		return 0, bad
	}
	r, ok := hexValue(p.expr[p.pos : p.pos+2])
	p.pos += 2
	if !ok {
		return 0, bad
	}
	return r, nil
}

// hexValue reads a \x escape's hex digits as a rune, refusing signs,
// prefixes and code points past U+10FFFF, as regexp does.
func hexValue(s string) (rune, bool) {
	n, err := strconv.ParseUint(s, 16, 32)
	return rune(n), err == nil && n <= unicode.MaxRune
}
