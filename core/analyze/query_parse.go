package analyze

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/internal/msg"
)

// QueryError is a query syntax error at a 1-based column (in characters).
type QueryError struct {
	Col int
	Msg string
}

func (e *QueryError) Error() string { return msg.Sprintf("query: col %d: %s", e.Col, e.Msg) }

// Query is a parsed search query; see Search for the language.
type Query struct {
	root *qnode // nil matches every span
}

type qop uint8

const (
	qTerm qop = iota
	qAnd
	qOr
	qNot
)

type qnode struct {
	op   qop
	kids []*qnode
	term qterm
}

// qterm is one condition. field is "" for free text, "attr" for attr.<key>.
type qterm struct {
	field string
	key   string // attribute key
	op    string // ":", "=", "!=", "<", "<=", ">", ">=", "~"
	value string
	num   float64 // numeric value (ns for durations) when isNum
	isNum bool
}

// fieldOps lists the operators each field accepts; numeric fields parse
// their value as a number (durations with a unit).
var fieldOps = map[string]string{
	"service":  ": = != ~",
	"name":     ": = != ~",
	"model":    ": = != ~",
	"status":   ": = !=",
	"kind":     ": = !=",
	"role":     ": = !=",
	"trace":    ": = !=",
	"span":     ": = !=",
	"duration": ": = != < <= > >=",
	"self":     ": = != < <= > >=",
	"tokens":   ": = != < <= > >=",
	"cost":     ": = != < <= > >=",
	"attr":     ": = != < <= > >= ~",
}

const fieldList = "service, name, model, status, kind, role, trace, span, duration, self, tokens, cost, attr.<key>"

// maxQueryNesting bounds parentheses and NOT chains, keeping the parser's
// recursion shallow.
const maxQueryNesting = 100

type tokKind uint8

const (
	tEOF tokKind = iota
	tLParen
	tRParen
	tNeg // "-" before a term
	tAnd
	tOr
	tNot
	tTerm
)

type token struct {
	kind tokKind
	off  int // byte offset of the token in the query
	term qterm
}

type queryParser struct {
	src   string
	off   int
	tok   token
	depth int
}

// ParseQuery parses a search query (see Search). An empty query matches
// every span.
func ParseQuery(q string) (*Query, error) {
	p := &queryParser{src: q}
	if err := p.next(); err != nil {
		return nil, err
	}
	if p.tok.kind == tEOF {
		return &Query{}, nil
	}
	root, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tEOF {
		return nil, p.errAt(p.tok.off, "unexpected %q", p.tokText())
	}
	return &Query{root: root}, nil
}

func (p *queryParser) errAt(off int, format string, args ...any) error {
	return &QueryError{Col: utf8.RuneCountInString(p.src[:off]) + 1, Msg: msg.Sprintf(format, args...)}
}

func (p *queryParser) tokText() string {
	end := p.off
	if end <= p.tok.off {
		return "end of query"
	}
	return p.src[p.tok.off:end]
}

func (p *queryParser) parseOr() (*qnode, error) {
	left, err := p.parseAnd()
	if err != nil {
		return nil, err
	}
	for p.tok.kind == tOr {
		if err := p.next(); err != nil {
			return nil, err
		}
		right, err := p.parseAnd()
		if err != nil {
			return nil, err
		}
		left = join(qOr, left, right)
	}
	return left, nil
}

func (p *queryParser) parseAnd() (*qnode, error) {
	left, err := p.parseUnary()
	if err != nil {
		return nil, err
	}
	for {
		switch p.tok.kind {
		case tEOF, tOr, tRParen:
			return left, nil
		case tAnd:
			if err := p.next(); err != nil {
				return nil, err
			}
		}
		right, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		left = join(qAnd, left, right)
	}
}

func join(op qop, a, b *qnode) *qnode {
	if a.op == op {
		a.kids = append(a.kids, b)
		return a
	}
	return &qnode{op: op, kids: []*qnode{a, b}}
}

func (p *queryParser) parseUnary() (*qnode, error) {
	tok := p.tok
	switch tok.kind {
	case tNot, tNeg, tLParen:
		if p.depth++; p.depth > maxQueryNesting {
			return nil, p.errAt(tok.off, "nested deeper than %d", maxQueryNesting)
		}
		defer func() { p.depth-- }()
		if err := p.next(); err != nil {
			return nil, err
		}
		if tok.kind == tLParen {
			inner, err := p.parseOr()
			if err != nil {
				return nil, err
			}
			if p.tok.kind != tRParen {
				return nil, p.errAt(p.tok.off, "want \")\" to close \"(\" at col %d", utf8.RuneCountInString(p.src[:tok.off])+1)
			}
			return inner, p.next()
		}
		inner, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		return &qnode{op: qNot, kids: []*qnode{inner}}, nil
	case tTerm:
		n := &qnode{op: qTerm, term: tok.term}
		return n, p.next()
	case tEOF:
		return nil, p.errAt(tok.off, "want a term at end of query")
	}
	return nil, p.errAt(tok.off, "want a term, got %q", p.tokText())
}

// next scans the next token into p.tok.
func (p *queryParser) next() error {
	s := p.src
	for p.off < len(s) && isSpace(s[p.off]) {
		p.off++
	}
	start := p.off
	p.tok = token{off: start}
	if start == len(s) {
		return nil
	}
	switch c := s[start]; {
	case c == '(':
		p.off++
		p.tok.kind = tLParen
		return nil
	case c == ')':
		p.off++
		p.tok.kind = tRParen
		return nil
	case c == '-' && start+1 < len(s) && !isSpace(s[start+1]) && s[start+1] != ')':
		p.off++
		p.tok.kind = tNeg
		return nil
	case c == '"':
		text, err := p.quoted()
		if err != nil {
			return err
		}
		p.tok.kind, p.tok.term = tTerm, qterm{op: ":", value: text}
		return nil
	}

	// A field name runs up to an operator; a bare word up to a space.
	i := start
	for i < len(s) && !isSpace(s[i]) && !isDelim(s[i]) && !isOpChar(s[i]) {
		i++
	}
	op := scanOp(s[i:])
	if op == "" || i == start {
		for i < len(s) && !isSpace(s[i]) && !isDelim(s[i]) {
			i++
		}
		p.off = i
		word := s[start:i]
		switch word {
		case "AND":
			p.tok.kind = tAnd
		case "OR":
			p.tok.kind = tOr
		case "NOT":
			p.tok.kind = tNot
		default:
			p.tok.kind, p.tok.term = tTerm, qterm{op: ":", value: word}
		}
		return nil
	}
	return p.fieldTerm(start, s[start:i], op, i+len(op))
}

// fieldTerm reads the value of field op ... starting at byte valueAt.
func (p *queryParser) fieldTerm(start int, field, op string, valueAt int) error {
	t := qterm{field: strings.ToLower(field), op: op}
	if rest, ok := strings.CutPrefix(field, "attr."); ok && rest != "" {
		t.field, t.key = "attr", rest
	}
	ops, known := fieldOps[t.field]
	if !known {
		return p.errAt(start, "unknown field %q (want %s, or quote the text)", field, fieldList)
	}
	if !strings.Contains(" "+ops+" ", " "+op+" ") {
		return p.errAt(start+len(field), "%s takes %s, not %q", field, ops, op)
	}
	p.off = valueAt
	s := p.src
	if p.off < len(s) && s[p.off] == '"' {
		v, err := p.quoted()
		if err != nil {
			return err
		}
		t.value = v
	} else {
		for p.off < len(s) && !isSpace(s[p.off]) && !isDelim(s[p.off]) {
			p.off++
		}
		t.value = s[valueAt:p.off]
		if t.value == "" {
			return p.errAt(valueAt, "want a value after %q", s[start:valueAt])
		}
	}
	if err := p.checkValue(&t, valueAt); err != nil {
		return err
	}
	p.tok.kind, p.tok.term = tTerm, t
	return nil
}

// checkValue validates and converts t's value for its field.
func (p *queryParser) checkValue(t *qterm, at int) error {
	v := t.value
	switch t.field {
	case "duration", "self":
		ns, ok := parseDuration(v)
		if !ok {
			return p.errAt(at, "want a duration such as 250ms (units ns, us, µs, ms, s, m, h), got %q", v)
		}
		t.num, t.isNum = ns, true
	case "tokens", "cost":
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return p.errAt(at, "want a number, got %q", v)
		}
		t.num, t.isNum = f, true
	case "attr":
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			t.num, t.isNum = f, true
		} else if strings.ContainsAny(t.op, "<>") {
			return p.errAt(at, "want a number after %q, got %q", "attr."+t.key+t.op, v)
		}
	case "status":
		t.value = strings.ToLower(v)
		if t.value != "error" && t.value != "ok" && t.value != "unset" {
			return p.errAt(at, "want status error, ok or unset, got %q", v)
		}
	case "kind":
		t.value = strings.ToLower(v)
		if _, ok := model.ParseSpanKind(t.value); !ok {
			return p.errAt(at, "want kind server, client, producer, consumer, internal or unspecified, got %q", v)
		}
	case "role":
		if _, ok := ParseRole(v); !ok {
			return p.errAt(at, "want a role (%s), got %q", strings.Join(roleNames[:], ", "), v)
		}
	case "trace", "span":
		maxLen := 32
		if t.field == "span" {
			maxLen = 16
		}
		if len(v) > maxLen || !isHex(v) {
			return p.errAt(at, "want a %s id of up to %d hex digits, got %q", t.field, maxLen, v)
		}
		t.value = strings.ToLower(v)
	}
	return nil
}

// quoted reads a double-quoted string at p.off, with \" and \\ escapes.
func (p *queryParser) quoted() (string, error) {
	s := p.src
	open := p.off
	var b strings.Builder
	for i := open + 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			if i+1 < len(s) {
				i++
			}
			b.WriteByte(s[i])
		case '"':
			p.off = i + 1
			return b.String(), nil
		default:
			b.WriteByte(s[i])
		}
	}
	return "", p.errAt(open, "unterminated string")
}

// scanOp returns the comparison operator at the start of s, or "".
func scanOp(s string) string {
	if s == "" {
		return ""
	}
	switch s[0] {
	case ':', '=', '~':
		return s[:1]
	case '<', '>':
		if len(s) > 1 && s[1] == '=' {
			return s[:2]
		}
		return s[:1]
	case '!':
		if len(s) > 1 && s[1] == '=' {
			return s[:2]
		}
	}
	return ""
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
func isDelim(c byte) bool { return c == '(' || c == ')' || c == '"' }
func isOpChar(c byte) bool {
	return c == ':' || c == '=' || c == '!' || c == '<' || c == '>' || c == '~'
}
func isHexByte(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isHexByte(s[i]) {
			return false
		}
	}
	return s != ""
}

// durationUnits are the units a duration may carry, in nanoseconds.
var durationUnits = []struct {
	name string
	ns   float64
}{
	{"ns", 1}, {"us", 1e3}, {"µs", 1e3}, {"μs", 1e3}, {"ms", 1e6}, {"s", 1e9}, {"m", 60e9}, {"h", 3600e9},
}

// parseDuration parses a non-negative decimal number with a unit into ns.
func parseDuration(v string) (float64, bool) {
	i := 0
	for i < len(v) && (v[i] >= '0' && v[i] <= '9' || v[i] == '.') {
		i++
	}
	num, err := strconv.ParseFloat(v[:i], 64)
	if i == 0 || err != nil {
		return 0, false
	}
	for _, u := range durationUnits {
		if strings.EqualFold(v[i:], u.name) {
			return num * u.ns, true
		}
	}
	return 0, false
}
