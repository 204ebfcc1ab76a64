package pattern

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/spanlens/spanlens/internal/msg"
)

// maxRepeat bounds a counted repetition, and the product of nested ones,
// as regexp does.
const maxRepeat = 1000

// maxNodes bounds a pattern's compiled size, so that a price file cannot
// make a matcher of millions of states.
const maxNodes = 10000

// maxNesting bounds how deeply groups nest (regexp allows 1000 levels of
// any operator; names need a handful).
const maxNesting = 100

// flags are the pattern's mode flags.
type flags uint8

const (
	foldCase  flags = 1 << iota // i
	multiLine                   // m: ^ and $ match at line ends
	dotNL                       // s: . matches \n
	ungreedy                    // U: swaps the greed of quantifiers, which does not change what matches
)

// node is a parsed pattern.
type node struct {
	op       op
	class    *class // opClass
	r        rune   // opLiteral
	fold     bool   // opLiteral, opClass: under (?i)
	min, max int    // opRepeat; max -1 for unbounded
	subs     []*node
}

type op uint8

const (
	opEmpty op = iota
	opLiteral
	opClass
	opAnyNotNL
	opAnyChar
	opBeginText
	opEndText
	opBeginLine
	opEndLine
	opWordBoundary
	opNoWordBoundary
	opConcat
	opAlternate
	opRepeat
)

type parser struct {
	expr  string
	pos   int
	flags flags
	depth int
}

// Error is a pattern that cannot be compiled.
type Error struct {
	Expr string
	Msg  string
}

func (e *Error) Error() string { return "pattern " + strconv.Quote(e.Expr) + ": " + e.Msg }

func (p *parser) errorf(format string, args ...any) error {
	return &Error{Expr: p.expr, Msg: msg.Sprintf(format, args...)}
}

func (p *parser) more() bool { return p.pos < len(p.expr) }

func (p *parser) peek() rune {
	r, _ := utf8.DecodeRuneInString(p.expr[p.pos:])
	return r
}

func (p *parser) next() rune {
	r, n := utf8.DecodeRuneInString(p.expr[p.pos:])
	p.pos += n
	return r
}

func parse(expr string) (*node, error) {
	if !utf8.ValidString(expr) {
		return nil, &Error{Expr: expr, Msg: "invalid UTF-8"}
	}
	p := &parser{expr: expr}
	n, err := p.alternate()
	if err != nil {
		return nil, err
	}
	if p.more() {
		return nil, p.errorf("unexpected ) at offset %d", p.pos)
	}
	return n, nil
}

func (p *parser) alternate() (*node, error) {
	if p.depth++; p.depth > maxNesting {
		return nil, p.errorf("groups nested deeper than %d", maxNesting)
	}
	defer func() { p.depth-- }()
	saved := p.flags // a group's flags end with it
	defer func() { p.flags = saved }()
	var alts []*node
	for {
		c, err := p.concat()
		if err != nil {
			return nil, err
		}
		alts = append(alts, c)
		if !p.more() || p.peek() != '|' {
			break
		}
		p.pos++
	}
	if len(alts) == 1 {
		return alts[0], nil
	}
	return &node{op: opAlternate, subs: alts}, nil
}

func (p *parser) concat() (*node, error) {
	var items []*node
	for p.more() {
		switch p.peek() {
		case '|', ')':
			return concatOf(items), nil
		case '*', '+', '?':
			return nil, p.errorf("missing argument to repetition operator %q", p.peek())
		case '{':
			if at := p.pos; p.isRepeatCount() {
				return nil, p.errorf("missing argument to repetition operator at offset %d", at)
			}
		}
		a, err := p.atom()
		if err != nil {
			return nil, err
		}
		if a == nil { // a flag group: sets flags, matches nothing
			continue
		}
		if a, err = p.repeats(a); err != nil {
			return nil, err
		}
		items = append(items, a)
	}
	return concatOf(items), nil
}

func concatOf(items []*node) *node {
	switch len(items) {
	case 0:
		return &node{op: opEmpty}
	case 1:
		return items[0]
	}
	return &node{op: opConcat, subs: items}
}

// repeats reads the quantifier after atom a, if any. Only one is allowed
// (plus a lazy '?'), as in regexp: a** is an error.
func (p *parser) repeats(a *node) (*node, error) {
	if !p.more() {
		return a, nil
	}
	lo, hi := 0, 0
	switch p.peek() {
	case '*':
		p.pos++
		lo, hi = 0, -1
	case '+':
		p.pos++
		lo, hi = 1, -1
	case '?':
		p.pos++
		lo, hi = 0, 1
	case '{':
		start := p.pos
		min, max, ok := p.repeatCount()
		if !ok {
			return a, nil // a literal '{', read as the next atom
		}
		if min > maxRepeat || max > maxRepeat || max >= 0 && min > max {
			return nil, p.errorf("invalid repeat count %s", p.expr[start:p.pos])
		}
		lo, hi = min, max
	default:
		return a, nil
	}
	if p.more() && p.peek() == '?' {
		p.pos++
	}
	if p.more() {
		switch p.peek() {
		case '*', '+', '?':
			return nil, p.errorf("invalid nested repetition operator at offset %d", p.pos)
		case '{':
			if at := p.pos; p.isRepeatCount() {
				return nil, p.errorf("invalid nested repetition operator at offset %d", at)
			}
		}
	}
	r := &node{op: opRepeat, min: lo, max: hi, subs: []*node{a}}
	if repeatProduct(r) > maxRepeat {
		return nil, p.errorf("invalid repeat count: nested repetitions exceed %d", maxRepeat)
	}
	return r, nil
}

// repeatProduct is the largest product of counted repetitions along any
// path down from n, which regexp bounds by 1000.
func repeatProduct(n *node) int {
	m := 1
	for _, s := range n.subs {
		m = max(m, repeatProduct(s))
	}
	if n.op == opRepeat {
		c := n.max
		if c < 0 {
			c = n.min
		}
		if c > 1 || n.min > 1 {
			m *= max(c, 1)
		}
	}
	return min(m, maxRepeat+1)
}

// isRepeatCount reports whether a {n,m} count is at p.pos.
func (p *parser) isRepeatCount() bool {
	at := p.pos
	_, _, ok := p.repeatCount()
	p.pos = at
	return ok
}

// repeatCount reads {n}, {n,} or {n,m} at p.pos, moving past it only when
// it is one.
func (p *parser) repeatCount() (lo, hi int, ok bool) {
	s := p.expr[p.pos:]
	if !strings.HasPrefix(s, "{") {
		return 0, 0, false
	}
	end := strings.IndexByte(s, '}')
	if end < 0 {
		return 0, 0, false
	}
	body := s[1:end]
	a, b, comma := strings.Cut(body, ",")
	lo, ok = number(a)
	if !ok {
		return 0, 0, false
	}
	hi = lo
	if comma {
		if b == "" {
			hi = -1
		} else if hi, ok = number(b); !ok {
			return 0, 0, false
		}
	}
	p.pos += end + 1
	return lo, hi, true
}

// number reads a decimal count; one too long to matter is kept as
// maxRepeat+1, so that it is reported as too large.
func number(s string) (int, bool) {
	if s == "" || len(s) > 1 && s[0] == '0' {
		return 0, false
	}
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = min(n*10+int(c-'0'), maxRepeat+1)
	}
	return n, true
}
