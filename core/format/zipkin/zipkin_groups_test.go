package zipkin

import (
	"encoding/binary"
	"testing"
)

// The table finds every key it was given, past several growths from a
// small start, with the group its caller last wrote, and no other.
func TestGroupTable(t *testing.T) {
	key := func(trace, id uint64) groupKey {
		var k groupKey
		binary.BigEndian.PutUint64(k.traceLow[:], trace)
		binary.BigEndian.PutUint64(k.id[:], id)
		return k
	}
	tab := newGroupTable(1)
	const n = 5000
	for i := range n {
		// Keys that differ only in the trace, and only in the span id.
		for j, k := range []groupKey{key(uint64(i), 7), key(7, uint64(i))} {
			g, found := tab.at(k)
			if found != (i == 7 && j == 1) { // key(7, 7), given twice
				t.Fatalf("key %v: found %v", k, found)
			}
			if !found {
				*g = group{int32(i), int32(i)}
			}
		}
	}
	if len(tab.entries) != 2*n-1 || len(tab.slots) < 2*len(tab.entries) {
		t.Fatalf("%d entries in %d slots", len(tab.entries), len(tab.slots))
	}
	for i := range n {
		g, found := tab.at(key(uint64(i), 7))
		if !found || g.head != int32(i) {
			t.Fatalf("trace %d: %v %v", i, g, found)
		}
		g.tail = -int32(i)
		if g, _ := tab.at(key(uint64(i), 7)); g.tail != -int32(i) {
			t.Fatalf("trace %d: the write through the group was lost", i)
		}
	}
	if _, found := tab.at(key(n, n)); found {
		t.Fatal("a key never given was found")
	}
}
