// Package jsonscan is a pull scanner over JSON bytes for spanlens's
// decoders. It walks a document without building a tree or reflecting on
// structs, hands out strings as byte slices that alias the input when they
// need no unescaping, and keeps the path of the value being read, so that an
// error can say where it happened: "resourceSpans[0].scopeSpans[2].spans[7].spanId".
//
// It exists because decoding traces is the hot path: generic struct
// decoding spends most of its time allocating values that a decoder throws
// away after copying them into the model.
package jsonscan

import (
	"encoding/binary"
	"math"
	"math/bits"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"

	"github.com/spanlens/spanlens/internal/msg"
)

// Kind is the JSON type of the next value.
type Kind uint8

const (
	Invalid Kind = iota
	Null
	Bool
	Number
	String
	Object
	Array
)

var kindNames = [...]string{"invalid JSON", "null", "boolean", "number", "string", "object", "array"}

func (k Kind) String() string { return kindNames[k] }

// DefaultMaxDepth bounds nesting when the caller sets no limit.
const DefaultMaxDepth = 64

// Scanner reads one JSON document. The zero value is not usable; call New.
type Scanner struct {
	data      []byte
	pos       int
	frames    []frame
	maxDepth  int
	depthKnob string
	buf       []byte // unescaped string storage, reused
	follow    []byte // what follows data in the input, for error messages
}

// frame is one level of the current path. It holds no pointers, so that
// pushing and updating frames, which happens for every value, costs no GC
// write barriers; Path reads member names back from the input.
type frame struct {
	key   int // offset of the current member name's opening quote; -1 before it is read
	index int // array index
	array bool
}

// Error is a syntax or type error at a position in the document.
type Error struct {
	Path   string // e.g. "resourceSpans[0].spans[3].spanId"; "" at the top
	Offset int    // byte offset into the document
	Msg    string
}

func (e *Error) Error() string {
	if e.Path == "" {
		return msg.Sprintf("offset %d: %s", e.Offset, e.Msg)
	}
	return e.Path + ": " + e.Msg
}

// New returns a Scanner over data.
func New(data []byte) *Scanner {
	return &Scanner{data: data, maxDepth: DefaultMaxDepth, depthKnob: "Limits.MaxDepth", frames: make([]frame, 0, 16)}
}

// Reset makes s scan data from its start, keeping its depth bound and its
// buffers, for a decoder that reads an input one piece at a time.
func (s *Scanner) Reset(data []byte) {
	s.data, s.pos, s.frames, s.follow = data, 0, s.frames[:0], nil
}

// Nest makes the scanner read on as if inside depth levels of objects and
// arrays, for a decoder that reads the structure around the values itself
// (one that reads a long array's elements as they arrive), so that the
// depth bound counts them as reading the whole document would. Errors name
// paths within those levels only.
func (s *Scanner) Nest(depth int) {
	s.frames = s.frames[:0]
	for range depth {
		s.frames = append(s.frames, frame{key: -1})
	}
}

// SetMaxDepth bounds how deeply objects and arrays may nest.
func (s *Scanner) SetMaxDepth(n int) { s.maxDepth = n }

// SetDepthKnob names, in the error past the depth bound, the option that
// raises it (Limits.MaxDepth unless set); "" names none, for a bound no
// option changes.
func (s *Scanner) SetDepthKnob(knob string) { s.depthKnob = knob }

// Offset returns the byte offset of the scanner.
func (s *Scanner) Offset() int { return s.pos }

// Data returns the document being scanned.
func (s *Scanner) Data() []byte { return s.data }

// Path renders the path of the value being read. While a member name is
// read, the path ends at the object that holds it.
func (s *Scanner) Path() string {
	var b strings.Builder
	for _, f := range s.frames {
		switch {
		case f.array:
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(f.index))
			b.WriteByte(']')
		case f.key >= 0:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			name := s.nameAt(f.key)
			if len(name) > maxPathName {
				// A path names a place; a member name megabytes long would
				// make every error at or under it as long.
				name = append(name[:maxPathName:maxPathName], "..."...)
			}
			b.Write(name)
		}
	}
	return b.String()
}

// maxPathName is how many bytes of a member name Path shows, as Quote cuts.
const maxPathName = 64

// nameAt returns the member name whose opening quote is at offset at, which
// the scanner has already read once.
func (s *Scanner) nameAt(at int) []byte {
	name, _ := (&Scanner{data: s.data, pos: at}).str(false)
	return name
}

// Quote quotes a member name or a bad value for an error message, cut to
// 64 bytes.
func Quote(b []byte) string {
	const max = 64
	if len(b) > max {
		return strconv.Quote(string(b[:max])) + "..."
	}
	return strconv.Quote(string(b))
}

// Errorf returns an *Error at the current path and offset.
func (s *Scanner) Errorf(format string, args ...any) error {
	return &Error{Path: s.Path(), Offset: s.pos, Msg: msg.Sprintf(format, args...)}
}

func (s *Scanner) skipSpace() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

// Peek returns the kind of the next value without consuming it.
func (s *Scanner) Peek() Kind {
	s.skipSpace()
	if s.pos >= len(s.data) {
		return Invalid
	}
	switch c := s.data[s.pos]; {
	case c == '"':
		return String
	case c == '{':
		return Object
	case c == '[':
		return Array
	case c == 't' || c == 'f':
		return Bool
	case c == 'n':
		return Null
	case c == '-' || (c >= '0' && c <= '9'):
		return Number
	}
	return Invalid
}

// AtEnd reports whether only whitespace remains.
func (s *Scanner) AtEnd() bool {
	s.skipSpace()
	return s.pos >= len(s.data)
}

// End returns an error unless only whitespace remains.
func (s *Scanner) End() error {
	if !s.AtEnd() {
		return s.Errorf("unexpected %s after the top-level value", s.describe(s.pos))
	}
	return nil
}

// describe quotes the input from offset at for error messages, running
// on into what SetFollowing gave when the data ends first.
func (s *Scanner) describe(at int) string {
	rest := s.data[at:]
	if len(rest) < DescribeLen && len(s.follow) > 0 {
		rest = append(rest[:len(rest):len(rest)], s.follow...)
	}
	if len(rest) == 0 {
		return "end of input"
	}
	return strconv.Quote(string(rest[:min(len(rest), DescribeLen)]))
}

// DescribeLen is how many bytes of input an error message quotes.
const DescribeLen = 12

// SetFollowing gives the bytes that follow the scanner's data in a longer
// input (up to DescribeLen of them), when the data is one piece of it:
// error messages quote them as a scanner of the whole input would.
func (s *Scanner) SetFollowing(b []byte) { s.follow = b }

func (s *Scanner) want(k Kind) error {
	got := s.Peek()
	if got == Invalid {
		if s.pos >= len(s.data) {
			return s.Errorf("want %s, got end of input (truncated?)", k)
		}
		return s.Errorf("want %s, got %s", k, s.describe(s.pos))
	}
	return s.Errorf("want %s, got %s", k, got)
}

func (s *Scanner) push(f frame) error {
	if len(s.frames) >= s.maxDepth {
		if s.depthKnob == "" {
			return s.Errorf("nesting deeper than %d levels", s.maxDepth)
		}
		return s.Errorf("nesting deeper than %d levels (raise %s)", s.maxDepth, s.depthKnob)
	}
	s.frames = append(s.frames, f)
	return nil
}

// Object reads an object, calling fn for each member with its name; fn must
// consume the member's value (by reading or skipping it). The name is valid
// until fn returns.
func (s *Scanner) Object(fn func(key []byte) error) error {
	if s.Peek() != Object {
		return s.want(Object)
	}
	s.pos++
	if err := s.push(frame{key: -1}); err != nil {
		return err
	}
	top := len(s.frames) - 1
	s.skipSpace()
	if s.pos < len(s.data) && s.data[s.pos] == '}' {
		s.pos++
		s.frames = s.frames[:top]
		return nil
	}
	for {
		// Errors in a name are the object's: the path must not name the
		// member before it.
		prev := s.frames[top].key
		s.frames[top].key = -1
		if s.Peek() != String {
			if prev >= 0 {
				return s.Errorf("want member name after %s, got %s", Quote(s.nameAt(prev)), s.describe(s.pos))
			}
			return s.Errorf("want member name, got %s", s.describe(s.pos))
		}
		at := s.pos
		key, err := s.str(true)
		if err != nil {
			e := err.(*Error) // str's errors all are
			e.Msg = "member name: " + e.Msg
			return e
		}
		s.skipSpace()
		if s.pos >= len(s.data) || s.data[s.pos] != ':' {
			return s.Errorf("want ':' after member name %s, got %s", Quote(key), s.describe(s.pos))
		}
		s.pos++
		s.frames[top].key = at
		if err := fn(key); err != nil {
			return err
		}
		s.skipSpace()
		if s.pos >= len(s.data) {
			return s.Errorf("want ',' or '}', got end of input (truncated?)")
		}
		switch s.data[s.pos] {
		case ',':
			s.pos++
		case '}':
			s.pos++
			s.frames = s.frames[:top]
			return nil
		default:
			return s.Errorf("want ',' or '}', got %s", s.describe(s.pos))
		}
	}
}

// Array reads an array, calling fn for each element with its index; fn
// must consume the element.
func (s *Scanner) Array(fn func(i int) error) error { return s.array(fn, false) }

// OpenEndedArray reads an array like Array, but also accepts one that the
// input ends inside of, after an element or after a ',', as if it were
// closed there. Chrome's trace writers append events to a JSON array they
// may never close.
func (s *Scanner) OpenEndedArray(fn func(i int) error) error { return s.array(fn, true) }

func (s *Scanner) array(fn func(i int) error, openEnded bool) error {
	if s.Peek() != Array {
		return s.want(Array)
	}
	s.pos++
	if err := s.push(frame{array: true}); err != nil {
		return err
	}
	top := len(s.frames) - 1
	s.skipSpace()
	if s.pos < len(s.data) && s.data[s.pos] == ']' {
		s.pos++
		s.frames = s.frames[:top]
		return nil
	}
	for i := 0; ; i++ {
		s.frames[top].index = i
		if openEnded && s.AtEnd() {
			s.frames = s.frames[:top]
			return nil
		}
		if err := fn(i); err != nil {
			return err
		}
		s.skipSpace()
		if s.pos >= len(s.data) {
			if openEnded {
				s.frames = s.frames[:top]
				return nil
			}
			return s.Errorf("want ',' or ']', got end of input (truncated?)")
		}
		switch s.data[s.pos] {
		case ',':
			s.pos++
		case ']':
			s.pos++
			s.frames = s.frames[:top]
			return nil
		default:
			return s.Errorf("want ',' or ']', got %s", s.describe(s.pos))
		}
	}
}

// Str reads a string and returns its unescaped bytes. They alias the input
// or an internal buffer and are valid until the next call on s; copy them
// (or intern them) to keep them.
func (s *Scanner) Str() ([]byte, error) {
	if s.Peek() != String {
		return nil, s.want(String)
	}
	return s.str(false)
}

// String reads a string and returns a copy.
func (s *Scanner) String() (string, error) {
	b, err := s.Str()
	return string(b), err
}

// str reads the string at s.pos (which is a quote). Keys are copied when
// they needed unescaping, because they must survive the member's value.
func (s *Scanner) str(key bool) ([]byte, error) {
	start := s.pos + 1
	data := s.data
	i, high := plainEnd(data, start)
	if i == len(data) {
		s.pos = len(data)
		return nil, s.Errorf("unterminated string (truncated?)")
	}
	switch c := data[i]; c {
	case '"':
		b := data[start:i]
		if high && !utf8.Valid(b) {
			s.pos = start
			return nil, s.Errorf("invalid UTF-8 in string")
		}
		s.pos = i + 1
		return b, nil
	case '\\':
		return s.unescape(start, i, key)
	default:
		s.pos = i
		return nil, s.Errorf("control character %#02x in string", c)
	}
}

// plainEnd returns the index of the first quote, backslash or control
// character at or after i in data (len(data) if there is none), and
// whether a byte of 0x80 or more comes before it. It looks 8 bytes at a
// time: strings are most of a trace file's bytes.
func plainEnd(data []byte, i int) (int, bool) {
	high := false
	for i+8 <= len(data) {
		w := binary.LittleEndian.Uint64(data[i:])
		sp := specialBytes(w)
		if sp == 0 {
			high = high || w&highBits != 0
			i += 8
			continue
		}
		// The lowest flag is exact; the bytes below it are plain.
		high = high || w&highBits&(sp&-sp-1) != 0
		return i + bits.TrailingZeros64(sp)>>3, high
	}
	for ; i < len(data); i++ {
		if c := data[i]; c == '"' || c == '\\' || c < 0x20 {
			return i, high
		} else if c >= 0x80 {
			high = true
		}
	}
	return i, high
}

// PlainString returns the end (the closing quote's index) of the string
// whose contents start at data[i], when they need no unescaping and are
// valid UTF-8: what Str would return as data[i:end]. ok is false for any
// other string, which Str then reads (or reports).
func PlainString(data []byte, i int) (end int, ok bool) {
	end, high := plainEnd(data, i)
	if end == len(data) || data[end] != '"' || high && !utf8.Valid(data[i:end]) {
		return 0, false
	}
	return end, true
}

// Consumed moves the scanner to offset to: the caller has read the whole
// values between its offset and to from Data() itself (a fast path for
// a shape it knows), at the current nesting, which it checked with Room.
func (s *Scanner) Consumed(to int) { s.pos = to }

// Room reports whether n more levels of nesting fit within the depth
// bound, as reading them with Object or Array would check.
func (s *Scanner) Room(n int) bool { return len(s.frames)+n <= s.maxDepth }

const highBits = 0x8080808080808080

// specialBytes flags (in bit 7 of each byte) the bytes of w that are '"',
// '\\' or below 0x20, using the has-zero-byte and has-less-than word tricks.
// It is zero exactly when there are none, and its lowest flag marks the
// first one; flags above that may be false.
func specialBytes(w uint64) uint64 {
	const ones = 0x0101010101010101
	quote := w ^ (ones * '"')
	backslash := w ^ (ones * '\\')
	return ((quote-ones)&^quote | (backslash-ones)&^backslash | (w-ones*0x20)&^w) & highBits
}

func (s *Scanner) unescape(start, i int, key bool) ([]byte, error) {
	data := s.data
	buf := append(s.buf[:0], data[start:i]...)
	for i < len(data) {
		c := data[i]
		switch {
		case c == '"':
			s.pos = i + 1
			if !utf8.Valid(buf) {
				return nil, s.Errorf("invalid UTF-8 in string")
			}
			s.buf = buf
			if key {
				return []byte(string(buf)), nil
			}
			return buf, nil
		case c < 0x20:
			s.pos = i
			return nil, s.Errorf("control character %#02x in string", c)
		case c != '\\':
			buf = append(buf, c)
			i++
			continue
		}
		if i+1 >= len(data) {
			break
		}
		e := data[i+1]
		i += 2
		switch e {
		case '"', '\\', '/':
			buf = append(buf, e)
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			r, ok := hex4(data, i)
			if !ok {
				s.pos = i
				return nil, s.Errorf(`bad \u escape`)
			}
			i += 4
			if utf16.IsSurrogate(r) {
				if r2, ok := hex4(data, i+2); ok && data[i] == '\\' && data[i+1] == 'u' {
					if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
						r = d
						i += 6
					} else {
						r = utf8.RuneError
					}
				} else {
					r = utf8.RuneError
				}
			}
			buf = utf8.AppendRune(buf, r)
		default:
			s.pos = i - 2
			return nil, s.Errorf("bad escape \\%c", e)
		}
	}
	s.pos = len(data)
	return nil, s.Errorf("unterminated string (truncated?)")
}

func hex4(data []byte, i int) (rune, bool) {
	if i+4 > len(data) {
		return 0, false
	}
	var r rune
	for _, c := range data[i : i+4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// number reads the raw text of a JSON number at s.pos, validating it.
func (s *Scanner) number() ([]byte, error) {
	start := s.pos
	i := start
	data := s.data
	if i < len(data) && data[i] == '-' {
		i++
	}
	digits := i
	for i < len(data) && data[i] >= '0' && data[i] <= '9' {
		i++
	}
	if i == digits || (data[digits] == '0' && i-digits > 1) {
		return nil, s.Errorf("malformed number %s", s.describe(start))
	}
	if i < len(data) && data[i] == '.' {
		i++
		f := i
		for i < len(data) && data[i] >= '0' && data[i] <= '9' {
			i++
		}
		if i == f {
			return nil, s.Errorf("malformed number %s", s.describe(start))
		}
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		f := i
		for i < len(data) && data[i] >= '0' && data[i] <= '9' {
			i++
		}
		if i == f {
			return nil, s.Errorf("malformed number %s", s.describe(start))
		}
	}
	s.pos = i
	return data[start:i], nil
}

// NumberText reads a number, or a string, and returns its text. Protobuf
// JSON writes 64-bit integers as strings, so decoders accept both.
func (s *Scanner) NumberText() ([]byte, error) {
	switch s.Peek() {
	case Number:
		return s.number()
	case String:
		return s.str(false)
	}
	return nil, s.want(Number)
}

// Int64 reads an integer written as a number or a string. Exponent forms
// of whole numbers ("1.5e9") are accepted; a fraction is an error.
func (s *Scanner) Int64() (int64, error) {
	at := s.pos
	b, err := s.NumberText()
	if err != nil {
		return 0, err
	}
	if v, ok := parseInt(b); ok {
		return v, nil
	}
	f, ferr := strconv.ParseFloat(unsafe.String(unsafe.SliceData(b), len(b)), 64)
	if ferr == nil && f == math.Trunc(f) && math.Abs(f) < 1<<63 {
		return int64(f), nil
	}
	s.pos = at
	return 0, s.Errorf("want an integer, got %s", strconv.Quote(string(b)))
}

// Uint64 reads an unsigned integer written as a number or a string.
func (s *Scanner) Uint64() (uint64, error) {
	at := s.pos
	b, err := s.NumberText()
	if err != nil {
		return 0, err
	}
	if v, err := strconv.ParseUint(unsafe.String(unsafe.SliceData(b), len(b)), 10, 64); err == nil {
		return v, nil
	}
	s.pos = at
	return 0, s.Errorf("want an unsigned 64-bit integer, got %s", strconv.Quote(string(b)))
}

// parseInt is the fast path for plain decimal integers.
func parseInt(b []byte) (int64, bool) {
	neg := false
	if len(b) > 0 && b[0] == '-' {
		neg = true
		b = b[1:]
	}
	// Up to 19 digits fit a uint64 without overflow, which covers every
	// int64 (and every nanosecond timestamp) without calling strconv.
	if len(b) == 0 || len(b) > 19 {
		return 0, false
	}
	var v uint64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + uint64(c-'0')
	}
	if neg {
		if v > 1<<63 {
			return 0, false
		}
		return -int64(v), true
	}
	if v > math.MaxInt64 {
		return 0, false
	}
	return int64(v), true
}

// Float64 reads a number written as a number or a string.
func (s *Scanner) Float64() (float64, error) {
	at := s.pos
	b, err := s.NumberText()
	if err != nil {
		return 0, err
	}
	if v, ok := parseInt(b); ok && len(b) < 16 {
		return float64(v), nil
	}
	f, err := strconv.ParseFloat(unsafe.String(unsafe.SliceData(b), len(b)), 64)
	if err != nil {
		s.pos = at
		return 0, s.Errorf("want a number, got %s", strconv.Quote(string(b)))
	}
	return f, nil
}

// Bool reads true or false.
func (s *Scanner) Bool() (bool, error) {
	if s.Peek() != Bool {
		return false, s.want(Bool)
	}
	if hasPrefix(s.data[s.pos:], "true") {
		s.pos += 4
		return true, nil
	}
	if hasPrefix(s.data[s.pos:], "false") {
		s.pos += 5
		return false, nil
	}
	return false, s.Errorf("want boolean, got %s", s.describe(s.pos))
}

// Null consumes a null and reports whether there was one.
func (s *Scanner) Null() bool {
	if s.Peek() == Null && hasPrefix(s.data[s.pos:], "null") {
		s.pos += 4
		return true
	}
	return false
}

func hasPrefix(b []byte, p string) bool {
	return len(b) >= len(p) && string(b[:len(p)]) == p
}

// Skip reads and discards any value, checking its syntax.
func (s *Scanner) Skip() error {
	switch s.Peek() {
	case Object:
		return s.Object(func([]byte) error { return s.Skip() })
	case Array:
		return s.Array(func(int) error { return s.Skip() })
	case String:
		_, err := s.str(false)
		return err
	case Number:
		_, err := s.number()
		return err
	case Bool:
		_, err := s.Bool()
		return err
	case Null:
		if s.Null() {
			return nil
		}
		return s.Errorf("want null, got %s", s.describe(s.pos))
	}
	return s.Errorf("want a value, got %s", s.describe(s.pos))
}

// Raw reads any value and returns its bytes as they appear in the input.
func (s *Scanner) Raw() ([]byte, error) {
	s.skipSpace()
	start := s.pos
	if err := s.Skip(); err != nil {
		return nil, err
	}
	return s.data[start:s.pos], nil
}
