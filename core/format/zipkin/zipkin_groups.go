package zipkin

import "hash/maphash"

// groupTable maps each groupKey to its newest group. It is a Go map's
// work with one probe instead of two: a piece's key is looked up and, as
// nearly every key is new, inserted, and a map would hash and probe for
// each. The slots are open-addressed and linear, hold 32 bits of the
// key's hash beside its entry's index so that a probe rarely reads an
// entry it does not want, and stay at most half full. The hash is the
// runtime's, seeded per table, so no input can be written to collide.
type groupTable struct {
	seed    maphash.Seed
	slots   []uint64 // hash>>32<<32 | entry index+1; 0 is empty
	keys    []groupKey
	entries []group
}

func newGroupTable(n int) *groupTable {
	size := 16
	for size < 2*n {
		size *= 2
	}
	return &groupTable{
		seed:    maphash.MakeSeed(),
		slots:   make([]uint64, size),
		keys:    make([]groupKey, 0, n),
		entries: make([]group, 0, n),
	}
}

// at returns k's group, and whether k had one; when it had none, the
// group returned is k's new one, for the caller to fill.
func (t *groupTable) at(k groupKey) (*group, bool) {
	h := maphash.Comparable(t.seed, k)
	tag := h >> 32 << 32
	mask := uint64(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			e := len(t.entries)
			t.slots[i] = tag | uint64(e+1)
			t.keys = append(t.keys, k)
			t.entries = append(t.entries, group{})
			if 2*len(t.entries) > len(t.slots) {
				t.grow()
			}
			return &t.entries[e], false
		}
		if s&^0xffffffff == tag && t.keys[s&0xffffffff-1] == k {
			return &t.entries[s&0xffffffff-1], true
		}
	}
}

// grow doubles the slots and places every entry again.
func (t *groupTable) grow() {
	t.slots = make([]uint64, 2*len(t.slots))
	mask := uint64(len(t.slots) - 1)
	for e, k := range t.keys {
		h := maphash.Comparable(t.seed, k)
		i := h & mask
		for t.slots[i] != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = h>>32<<32 | uint64(e+1)
	}
}
