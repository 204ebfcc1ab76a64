package msg

import (
	"encoding/hex"
	"reflect"
	"strconv"
	"unicode/utf8"
)

// appendf appends format with args formatted as fmt does, and returns
// the operands of its %w verbs, for Errorf to wrap. Verbs: %v %s %d %q
// %x %c %g %f %T %w %%, with the flags # 0 -, a width and a precision.
// Operands: strings, byte slices, booleans, integers, floats, errors,
// Stringers, and slices, arrays and structs of those. What fmt would
// print some other way comes out as %!verb(type), as fmt writes a wrong
// verb.
func appendf(dst []byte, format string, args []any) ([]byte, []error) {
	p := printer{buf: dst}
	n := 0 // arguments used
	for i := 0; i < len(format); {
		if format[i] != '%' {
			j := i + 1
			for j < len(format) && format[j] != '%' {
				j++
			}
			p.buf = append(p.buf, format[i:j]...)
			i = j
			continue
		}
		i++
		p.spec, p.filled = spec{}, false
	flags:
		for ; i < len(format); i++ {
			switch format[i] {
			case '#':
				p.sharp = true
			case '0':
				p.zero = true
			case '-':
				p.minus = true
			default:
				break flags
			}
		}
		p.width, i = digits(format, i)
		if i < len(format) && format[i] == '.' {
			p.prec, i = digits(format, i+1)
			p.hasPrec = true
		}
		if i >= len(format) {
			p.buf = append(p.buf, "%!(NOVERB)"...)
			break
		}
		verb := format[i]
		i++
		switch {
		case verb == '%':
			p.buf = append(p.buf, '%')
		case n >= len(args):
			p.buf = append(p.buf, '%', '!', verb)
			p.buf = append(p.buf, "(MISSING)"...)
		default:
			arg := args[n]
			n++
			if verb == 'w' {
				err, ok := arg.(error)
				if !ok {
					p.bad('w', arg)
					continue
				}
				p.wrapped = append(p.wrapped, err)
				verb = 'v'
			}
			p.pad(p.operand(verb, arg))
		}
	}
	if n < len(args) {
		p.buf = append(p.buf, "%!(EXTRA "...)
		for k, a := range args[n:] {
			if k > 0 {
				p.buf = append(p.buf, ", "...)
			}
			p.buf = append(p.buf, typeName(a)...)
			p.buf = append(p.buf, '=')
			p.buf = p.value(p.buf, 'v', reflect.ValueOf(a), a)
		}
		p.buf = append(p.buf, ')')
	}
	return p.buf, p.wrapped
}

// spec is one verb's flags, width and precision.
type spec struct {
	sharp, zero, minus bool
	width, prec        int
	hasPrec            bool
}

type printer struct {
	spec
	buf     []byte
	wrapped []error // the operands of %w
	filled  bool    // the operand filled its width itself (integer)
}

// digits reads the decimal number at s[i] (a width or precision, capped
// at a million as fmt caps them) and returns it and the offset past it.
func digits(s string, i int) (int, int) {
	n := 0
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		n = min(n*10+int(s[i]-'0'), 1e6)
	}
	return n, i
}

// operand formats one argument into scratch space and returns it.
func (p *printer) operand(verb byte, arg any) []byte {
	if verb == 'T' {
		return []byte(typeName(arg))
	}
	return p.value(nil, verb, reflect.ValueOf(arg), arg)
}

// pad appends b to the output, padded to the width.
func (p *printer) pad(b []byte) {
	n := p.width - utf8.RuneCount(b)
	if n <= 0 || p.filled {
		p.buf = append(p.buf, b...)
		return
	}
	fill := byte(' ')
	if p.zero && !p.minus {
		fill = '0'
	}
	if p.minus {
		p.buf = append(p.buf, b...)
	}
	for range n {
		p.buf = append(p.buf, fill)
	}
	if !p.minus {
		p.buf = append(p.buf, b...)
	}
}

// bad writes a verb fmt would not apply to arg, as fmt writes it.
func (p *printer) bad(verb byte, arg any) {
	p.buf = append(p.buf, '%', '!', verb, '(')
	p.buf = append(p.buf, typeName(arg)...)
	if arg != nil {
		p.buf = append(p.buf, '=')
		p.buf = p.value(p.buf, 'v', reflect.ValueOf(arg), arg)
	}
	p.buf = append(p.buf, ')')
}

func typeName(arg any) string {
	if arg == nil {
		return "<nil>"
	}
	return reflect.TypeOf(arg).String()
}

// value appends v (arg is its interface, when it has one) under verb.
func (p *printer) value(dst []byte, verb byte, v reflect.Value, arg any) []byte {
	if !v.IsValid() {
		if verb == 'v' {
			return append(dst, "<nil>"...)
		}
		return append(append(dst, '%', '!', verb), "(<nil>)"...)
	}
	// A nil pointer's methods are not called (fmt prints <nil> when they
	// panic, as most would).
	if v.Kind() == reflect.Pointer && v.IsNil() {
		return append(dst, "<nil>"...)
	}
	// As fmt does, an error's or Stringer's text stands for it under the
	// verbs that print text.
	if arg != nil && (verb == 'v' || verb == 's' || verb == 'q' || verb == 'x') {
		switch a := arg.(type) {
		case error:
			return p.text(dst, verb, a.Error())
		case interface{ String() string }:
			return p.text(dst, verb, a.String())
		}
	}
	switch v.Kind() {
	case reflect.String:
		if verb == 'v' || verb == 's' || verb == 'q' || verb == 'x' {
			return p.text(dst, verb, v.String())
		}
	case reflect.Bool:
		if verb == 'v' || verb == 't' {
			return strconv.AppendBool(dst, v.Bool())
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return p.integer(dst, verb, v.Int(), 0, true, arg)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return p.integer(dst, verb, 0, v.Uint(), false, arg)
	case reflect.Float32, reflect.Float64:
		bits := 64
		if v.Kind() == reflect.Float32 {
			bits = 32
		}
		switch verb {
		case 'v', 'g':
			prec := -1
			if p.hasPrec {
				prec = p.prec
			}
			return strconv.AppendFloat(dst, v.Float(), 'g', prec, bits)
		case 'f':
			prec := 6
			if p.hasPrec {
				prec = p.prec
			}
			return strconv.AppendFloat(dst, v.Float(), 'f', prec, bits)
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 && (verb == 's' || verb == 'q' || verb == 'x') {
			return p.text(dst, verb, string(bytesOf(v)))
		}
		if verb == 'v' || verb == 's' || verb == 'd' {
			return p.list(dst, verb, "[]", v.Len(), v.Index)
		}
	case reflect.Struct:
		if verb == 'v' {
			return p.list(dst, verb, "{}", v.NumField(), v.Field)
		}
	case reflect.Interface:
		if v.IsNil() {
			return append(dst, "<nil>"...)
		}
		return p.element(dst, verb, v.Elem())
	}
	dst = append(dst, '%', '!', verb, '(')
	dst = append(dst, v.Type().String()...)
	if verb != 'v' { // under %v, a kind this printer does not print
		dst = p.value(append(dst, '='), 'v', v, arg)
	}
	return append(dst, ')')
}

// list appends n elements, space-separated between the two brackets.
func (p *printer) list(dst []byte, verb byte, brackets string, n int, at func(int) reflect.Value) []byte {
	dst = append(dst, brackets[0])
	for i := range n {
		if i > 0 {
			dst = append(dst, ' ')
		}
		dst = p.element(dst, verb, at(i))
	}
	return append(dst, brackets[1])
}

// element appends an element of a slice, array or struct, through its
// interface when it may have one.
func (p *printer) element(dst []byte, verb byte, v reflect.Value) []byte {
	var arg any
	if v.CanInterface() {
		arg = v.Interface()
	}
	return p.value(dst, verb, v, arg)
}

func bytesOf(v reflect.Value) []byte {
	if v.Kind() == reflect.Slice {
		return v.Bytes()
	}
	b := make([]byte, v.Len())
	for i := range b {
		b[i] = byte(v.Index(i).Uint())
	}
	return b
}

// text appends s under %s, %v, %q or %x, with a precision cutting it.
func (p *printer) text(dst []byte, verb byte, s string) []byte {
	if p.hasPrec {
		if r := []rune(s); len(r) > p.prec {
			s = string(r[:p.prec])
		}
	}
	switch verb {
	case 'q':
		if p.sharp && strconv.CanBackquote(s) {
			return append(append(append(dst, '`'), s...), '`')
		}
		return strconv.AppendQuote(dst, s)
	case 'x':
		return hex.AppendEncode(dst, []byte(s))
	}
	return append(dst, s...)
}

// integer appends a signed (i) or unsigned (u) integer under verb. With
// the 0 flag, as in fmt, the digits (not the sign or 0x) fill the width.
func (p *printer) integer(dst []byte, verb byte, i int64, u uint64, signed bool, arg any) []byte {
	neg := signed && i < 0
	if signed {
		u = uint64(i)
		if neg {
			u = -u
		}
	}
	var base int
	switch verb {
	case 'v', 'd':
		base = 10
	case 'x':
		base = 16
	case 'c', 'q':
		r := rune(u)
		if signed {
			r = rune(i)
		}
		if verb == 'c' {
			return utf8.AppendRune(dst, r)
		}
		return strconv.AppendQuoteRune(dst, r)
	default:
		dst = append(dst, '%', '!', verb, '(')
		dst = append(dst, typeName(arg)...)
		dst = append(dst, '=')
		if signed {
			dst = strconv.AppendInt(dst, i, 10)
		} else {
			dst = strconv.AppendUint(dst, u, 10)
		}
		return append(dst, ')')
	}
	if neg {
		dst = append(dst, '-')
	}
	if p.sharp && base == 16 {
		dst = append(dst, "0x"...)
	}
	digits := strconv.AppendUint(nil, u, base)
	if p.zero && !p.minus {
		w := p.width
		if neg {
			w--
		}
		for n := len(digits); n < w; n++ {
			dst = append(dst, '0')
		}
		p.filled = true
	}
	return append(dst, digits...)
}
