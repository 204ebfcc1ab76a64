package model

// Interner returns one shared string per distinct byte sequence, so that a
// million spans naming the same service hold one copy of its name.
//
// Only short strings are interned: long values (prompts, stack traces) are
// rarely repeated and would only grow the table.
type Interner struct {
	m map[string]string
}

// MaxInternLen is the longest string an Interner shares.
const MaxInternLen = 128

// NewInterner returns an empty Interner.
func NewInterner() *Interner { return &Interner{m: make(map[string]string, 256)} }

// Bytes returns a string equal to b, shared with earlier calls when b is
// short. The lookup does not allocate when b was seen before.
func (in *Interner) Bytes(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > MaxInternLen {
		return string(b)
	}
	if s, ok := in.m[string(b)]; ok {
		return s
	}
	s := string(b)
	in.m[s] = s
	return s
}

// String returns a shared copy of s when it is short.
func (in *Interner) String(s string) string {
	if len(s) == 0 || len(s) > MaxInternLen {
		return s
	}
	if t, ok := in.m[s]; ok {
		return t
	}
	in.m[s] = s
	return s
}
