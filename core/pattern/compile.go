package pattern

import "unicode"

// maxInsts bounds a compiled pattern, so that a price file cannot make a
// matcher of millions of states ((a{1000}){1000} is refused earlier).
const maxInsts = 20000

type iop uint8

const (
	iRune iop = iota
	iClass
	iAny
	iAnyNotNL
	iAssert
	iSplit // try out, then out1
	iJump
	iMatch
)

// inst is one instruction of the matcher: a step that reads a rune, an
// assertion about the position, or a fork.
type inst struct {
	op        iop
	assert    op     // iAssert
	runes     []rune // iRune: the rune and, under (?i), its other cases
	class     *class // iClass
	fold      bool   // iClass
	out, out1 int32
}

type compiler struct {
	prog []inst
	full bool // past maxInsts: the rest is not emitted
}

func (c *compiler) emit(i inst) int32 {
	if len(c.prog) >= maxInsts {
		c.full = true
		return 0
	}
	i.out = int32(len(c.prog) + 1)
	c.prog = append(c.prog, i)
	return int32(len(c.prog) - 1)
}

// compile appends n's instructions; each falls through to the next
// instruction when it succeeds.
func (c *compiler) compile(n *node) {
	if c.full {
		return
	}
	switch n.op {
	case opEmpty:
	case opLiteral:
		runes := []rune{n.r}
		if n.fold {
			for f := unicode.SimpleFold(n.r); f != n.r; f = unicode.SimpleFold(f) {
				runes = append(runes, f)
			}
		}
		c.emit(inst{op: iRune, runes: runes})
	case opClass:
		c.emit(inst{op: iClass, class: n.class, fold: n.fold})
	case opAnyChar:
		c.emit(inst{op: iAny})
	case opAnyNotNL:
		c.emit(inst{op: iAnyNotNL})
	case opConcat:
		for _, s := range n.subs {
			c.compile(s)
		}
	case opAlternate:
		var jumps []int32
		for k, s := range n.subs {
			if k == len(n.subs)-1 {
				c.compile(s)
				break
			}
			split := c.emit(inst{op: iSplit})
			c.compile(s)
			jumps = append(jumps, c.emit(inst{op: iJump}))
			c.patch1(split)
		}
		for _, j := range jumps {
			c.patch(j)
		}
	case opRepeat:
		c.repeat(n)
	default: // the assertions
		c.emit(inst{op: iAssert, assert: n.op})
	}
}

// patch points instruction at's out to the next instruction to be emitted.
func (c *compiler) patch(at int32) {
	if !c.full {
		c.prog[at].out = int32(len(c.prog))
	}
}

// patch1 points a split's second branch to the next instruction.
func (c *compiler) patch1(at int32) {
	if !c.full {
		c.prog[at].out1 = int32(len(c.prog))
	}
}

func (c *compiler) repeat(n *node) {
	sub := n.subs[0]
	for range n.min {
		c.compile(sub)
	}
	if n.max < 0 { // a star after the copies
		loop := c.emit(inst{op: iSplit})
		c.compile(sub)
		j := c.emit(inst{op: iJump})
		if !c.full {
			c.prog[j].out = loop
		}
		c.patch1(loop)
		return
	}
	var splits []int32
	for range n.max - n.min {
		splits = append(splits, c.emit(inst{op: iSplit}))
		c.compile(sub)
	}
	for _, s := range splits {
		c.patch1(s)
	}
}
