package tree

import (
	"encoding/binary"
	"math/bits"
	"math/rand/v2"

	"github.com/spanlens/spanlens/core/model"
)

// keyed is a (trace number, span id) key with a payload: the span that has
// the id, or the span or edge that asks for it.
type keyed struct {
	id    model.SpanID
	trace int32
	at    int32
}

// runLen is the number of keys per partition resolve aims at: a run and
// its table then sit in a core's cache.
const runLen = 4096

// resolve maps the parent ids and link targets to spans. The first span
// with an id in its trace owns it; later ones are flagged Duplicate.
// Parents not found make their span an Orphan.
//
// It is a partitioned hash join: all keys are split into runs by the top
// bits of a hash, and each run is resolved with a small hash table. A Go
// map, or one big table, would take a cache miss or more per lookup at a
// million spans. The hash is seeded at random per build, so ids crafted
// to collide cannot force long probe runs.
func (bl *builder) resolve(own, parents, links []keyed) {
	f := bl.f
	h := hasher{rand.Uint64(), rand.Uint64() | 1}
	shift := uint(64)
	for n := len(own); n > runLen; n >>= 1 {
		shift--
	}
	runs, ownAt := h.partition(own, nil, shift)
	// With several runs own was copied, so parents can reuse its buffer;
	// with one, partition returns its input and writes nothing.
	parents, parentsAt := h.partition(parents, own, shift)
	links, linksAt := h.partition(links, nil, shift)
	own = runs

	longest := 0
	for p := range len(ownAt) - 1 {
		longest = max(longest, int(ownAt[p+1]-ownAt[p]))
	}
	table := make([]int32, tableSize(longest))
	for p := range len(ownAt) - 1 {
		t := runTable{h: h, run: own[ownAt[p]:ownAt[p+1]]}
		t.slots = table[:tableSize(len(t.run))]
		clear(t.slots)
		for k := range t.run {
			if !t.add(int32(k)) {
				f.Flags[t.run[k].at] |= Duplicate
				bl.note(noteDuplicate, t.run[k].at)
			}
		}
		for _, q := range parents[parentsAt[p]:parentsAt[p+1]] {
			if s := t.get(q); s >= 0 {
				f.Parent[q.at] = s
			} else {
				f.Flags[q.at] |= Orphan
				bl.note(noteOrphan, q.at)
			}
		}
		for _, q := range links[linksAt[p]:linksAt[p+1]] {
			f.Links[q.at].To = t.get(q)
		}
	}
}

// tableSize returns a power of two at least twice n, so tables stay at
// most half full.
func tableSize(n int) int {
	size := 8
	for size < 2*n {
		size <<= 1
	}
	return size
}

type hasher struct{ seed0, seed1 uint64 }

func (h hasher) sum(k *keyed) uint64 {
	hi, lo := bits.Mul64(binary.LittleEndian.Uint64(k.id[:])^h.seed0, uint64(uint32(k.trace))^h.seed1)
	return hi ^ lo
}

// partition reorders ks stably into runs by the top 64-shift bits of
// their hash and returns the runs' bounds: run p is ks[at[p]:at[p+1]].
// With one run it returns ks as it is; otherwise it writes into buf when
// buf is large enough.
func (h hasher) partition(ks, buf []keyed, shift uint) (_ []keyed, at []int32) {
	parts := 1 << (64 - shift)
	at = make([]int32, parts+1)
	if parts == 1 {
		at[1] = int32(len(ks))
		return ks, at
	}
	for k := range ks {
		at[h.sum(&ks[k])>>shift+1]++
	}
	for p := 1; p <= parts; p++ {
		at[p] += at[p-1]
	}
	next := append([]int32(nil), at[:parts]...)
	out := buf[:0]
	if cap(out) < len(ks) {
		out = make([]keyed, len(ks))
	}
	out = out[:len(ks)]
	for k := range ks {
		p := h.sum(&ks[k]) >> shift
		out[next[p]] = ks[k]
		next[p]++
	}
	return out, at
}

// runTable is an open-addressing table over one run of keys; slots hold
// a key's place in the run plus one, 0 for empty.
type runTable struct {
	h     hasher
	run   []keyed
	slots []int32
}

// add enters run[k] unless an earlier key is equal, and reports whether
// it did.
func (t *runTable) add(k int32) bool {
	key := &t.run[k]
	mask := uint64(len(t.slots) - 1)
	for i := t.h.sum(key) & mask; ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			t.slots[i] = k + 1
			return true
		}
		if o := &t.run[s-1]; o.id == key.id && o.trace == key.trace {
			return false
		}
	}
}

// get returns the span that owns q's key, or -1.
func (t *runTable) get(q keyed) int32 {
	mask := uint64(len(t.slots) - 1)
	for i := t.h.sum(&q) & mask; ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			return -1
		}
		if o := &t.run[s-1]; o.id == q.id && o.trace == q.trace {
			return o.at
		}
	}
}
