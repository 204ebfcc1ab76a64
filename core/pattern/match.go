package pattern

import "unicode/utf8"

// Regexp is a compiled pattern. It is safe for concurrent use.
type Regexp struct {
	expr string
	prog []inst
}

// Compile parses a pattern.
func Compile(expr string) (*Regexp, error) {
	n, err := parse(expr)
	if err != nil {
		return nil, err
	}
	c := &compiler{}
	c.compile(n)
	c.emit(inst{op: iMatch})
	if c.full {
		return nil, &Error{Expr: expr, Msg: "too large to match (more than 20,000 steps)"}
	}
	return &Regexp{expr: expr, prog: c.prog}, nil
}

// MustCompile is Compile for patterns known to be good; it panics on an
// error.
func MustCompile(expr string) *Regexp {
	re, err := Compile(expr)
	if err != nil {
		panic(err)
	}
	return re
}

// String returns the pattern's source text.
func (re *Regexp) String() string { return re.expr }

// threads is a set of instruction indexes, in the order added (which is
// not needed for a yes-or-no match, but keeps the walk deterministic).
type threads struct {
	pcs  []int32
	seen []uint32 // generation at which each pc was added
	gen  uint32
}

func (t *threads) reset() {
	t.pcs = t.pcs[:0]
	t.gen++
}

// MatchString reports whether s contains a match of the pattern. It runs
// all the pattern's alternatives side by side over s (a Pike VM without
// captures), so its time is linear in len(s).
func (re *Regexp) MatchString(s string) bool {
	n := len(re.prog)
	cur := &threads{seen: make([]uint32, n)}
	next := &threads{seen: make([]uint32, n)}
	cur.reset()
	prev := rune(-1)
	for pos := 0; ; {
		r, w := rune(-1), 0
		if pos < len(s) {
			r, w = utf8.DecodeRuneInString(s[pos:])
		}
		// A new attempt starts at every position: the search is unanchored.
		if re.add(cur, 0, pos, len(s), prev, r) {
			return true
		}
		if pos >= len(s) {
			return false
		}
		next.reset()
		for _, pc := range cur.pcs {
			in := &re.prog[pc]
			if in.step(r) && re.add(next, in.out, pos+w, len(s), r, peekRune(s, pos+w)) {
				return true
			}
		}
		cur, next = next, cur
		prev = r
		pos += w
	}
}

func peekRune(s string, pos int) rune {
	if pos >= len(s) {
		return -1
	}
	r, _ := utf8.DecodeRuneInString(s[pos:])
	return r
}

// add adds pc and what it reaches without reading a rune to t, at the
// position between runes before and after (-1 at either end); it reports
// whether that reaches a match.
func (re *Regexp) add(t *threads, pc int32, pos, end int, before, after rune) bool {
	if t.seen[pc] == t.gen {
		return false
	}
	t.seen[pc] = t.gen
	in := &re.prog[pc]
	switch in.op {
	case iMatch:
		return true
	case iJump:
		return re.add(t, in.out, pos, end, before, after)
	case iSplit:
		return re.add(t, in.out, pos, end, before, after) || re.add(t, in.out1, pos, end, before, after)
	case iAssert:
		if holds(in.assert, pos, end, before, after) {
			return re.add(t, in.out, pos, end, before, after)
		}
		return false
	}
	t.pcs = append(t.pcs, pc)
	return false
}

func holds(a op, pos, end int, before, after rune) bool {
	switch a {
	case opBeginText:
		return pos == 0
	case opEndText:
		return pos == end
	case opBeginLine:
		return before == -1 || before == '\n'
	case opEndLine:
		return after == -1 || after == '\n'
	case opWordBoundary:
		return isWord(before) != isWord(after)
	case opNoWordBoundary:
		return isWord(before) == isWord(after)
	}
	return false
}

func isWord(r rune) bool {
	return r == '_' || r >= 0 && r < 0x80 && isAlnum(r)
}

// step reports whether the rune-reading instruction in accepts r.
func (in *inst) step(r rune) bool {
	switch in.op {
	case iRune:
		for _, x := range in.runes {
			if x == r {
				return true
			}
		}
		return false
	case iClass:
		return in.class.matches(r, in.fold)
	case iAny:
		return true
	case iAnyNotNL:
		return r != '\n'
	}
	return false
}
