package pattern

import "unicode"

// class is a set of runes: sorted, non-overlapping ranges, and a flag
// for its complement.
type class struct {
	ranges []rune // lo, hi pairs
	negate bool
}

func (c *class) has(r rune) bool {
	for i := 0; i < len(c.ranges); i += 2 {
		if r < c.ranges[i] {
			break
		}
		if r <= c.ranges[i+1] {
			return true
		}
	}
	return false
}

// matches reports whether r is in the class; under (?i) a rune is in it
// when any case of it is, and the complement is taken after that, as
// regexp folds a class before negating it.
func (c *class) matches(r rune, fold bool) bool {
	in := c.has(r)
	if fold && !in {
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			if c.has(f) {
				in = true
				break
			}
		}
	}
	return in != c.negate
}

var (
	digits = []rune{'0', '9'}
	space  = []rune{'\t', '\n', '\f', '\f', '\r', '\r', ' ', ' '}
	word   = []rune{'0', '9', 'A', 'Z', '_', '_', 'a', 'z'}
)

// perlClass is \d, \s, \w or a negation (\D, \S, \W), ASCII-only as in regexp.
func perlClass(c rune) *class {
	switch c {
	case 'd', 'D':
		return &class{ranges: digits, negate: c == 'D'}
	case 's', 'S':
		return &class{ranges: space, negate: c == 'S'}
	}
	return &class{ranges: word, negate: c == 'W'}
}

// add adds lo..hi to the ranges, keeping them sorted and merged.
func (c *class) add(lo, hi rune) {
	out := make([]rune, 0, len(c.ranges)+2)
	i := 0
	for ; i < len(c.ranges) && c.ranges[i+1] < lo-1; i += 2 {
		out = append(out, c.ranges[i], c.ranges[i+1])
	}
	for ; i < len(c.ranges) && c.ranges[i] <= hi+1; i += 2 {
		lo, hi = min(lo, c.ranges[i]), max(hi, c.ranges[i+1])
	}
	out = append(out, lo, hi)
	c.ranges = append(out, c.ranges[i:]...)
}

// addClass adds the runes of a Perl class, complemented if it is one.
// Under (?i) a complement is of the class with every case of its runes
// (\W then leaves out the Kelvin sign, a case of k), as regexp folds a
// class before it negates it.
func (c *class) addClass(p *class, fold bool) {
	ranges := p.ranges
	if fold && p.negate {
		f := &class{}
		for i := 0; i < len(ranges); i += 2 {
			for r := ranges[i]; r <= ranges[i+1]; r++ {
				f.add(r, r)
				for o := unicode.SimpleFold(r); o != r; o = unicode.SimpleFold(o) {
					f.add(o, o)
				}
			}
		}
		ranges = f.ranges
	}
	if !p.negate {
		for i := 0; i < len(ranges); i += 2 {
			c.add(ranges[i], ranges[i+1])
		}
		return
	}
	next := rune(0)
	for i := 0; i < len(ranges); i += 2 {
		if ranges[i] > next {
			c.add(next, ranges[i]-1)
		}
		next = ranges[i+1] + 1
	}
	c.add(next, unicode.MaxRune)
}

// class reads a bracketed class after its '['.
func (p *parser) class() (*node, error) {
	start := p.pos - 1
	cl := &class{}
	if p.more() && p.peek() == '^' {
		p.pos++
		cl.negate = true
	}
	first := true
	for {
		if !p.more() {
			return nil, p.errorf("missing closing ] for the class at offset %d", start)
		}
		c := p.peek()
		if c == ']' && !first {
			p.pos++
			break
		}
		if c == '[' && p.pos+1 < len(p.expr) && p.expr[p.pos+1] == ':' {
			return nil, p.errorf("unsupported POSIX class at offset %d: use a range such as [a-z]", p.pos)
		}
		first = false
		if c == '\\' && p.pos+1 < len(p.expr) {
			switch d := rune(p.expr[p.pos+1]); d {
			case 'd', 'D', 's', 'S', 'w', 'W':
				p.pos += 2
				cl.addClass(perlClass(d), p.flags&foldCase != 0)
				continue
			}
		}
		lo, err := p.classRune()
		if err != nil {
			return nil, err
		}
		hi := lo
		if p.pos+1 < len(p.expr) && p.expr[p.pos] == '-' && p.expr[p.pos+1] != ']' {
			p.pos++
			if hi, err = p.classRune(); err != nil {
				return nil, err
			}
			if hi < lo {
				return nil, p.errorf("invalid character class range at offset %d", start)
			}
		}
		cl.add(lo, hi)
	}
	return &node{op: opClass, class: cl, fold: p.flags&foldCase != 0}, nil
}

// classRune reads one rune of a class, escaped or not.
func (p *parser) classRune() (rune, error) {
	c := p.next()
	if c != '\\' {
		return c, nil
	}
	if !p.more() {
		return 0, p.errorf("trailing backslash at end of expression")
	}
	switch d := p.peek(); d {
	case 'd', 'D', 's', 'S', 'w', 'W', 'b', 'B', 'A', 'z':
		return 0, p.errorf(`invalid character class range: \%c at offset %d`, d, p.pos-1)
	}
	return p.escapedRune()
}
