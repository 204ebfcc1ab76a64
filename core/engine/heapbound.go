package engine

import (
	"math"
	"runtime"
	"runtime/debug"
	"sync"
)

// During an incremental load of an input of known size, an engine with
// Config.BoundHeap caps the Go heap (debug.SetMemoryLimit) at what is live
// at loadBegin (and the runtime's own memory) plus heapPerInputByte times
// the input, and
// collects only at the cap (debug.SetGCPercent(-1)). Go's collector
// otherwise lets the heap grow to twice what was live at its last cycle,
// and in WebAssembly, whose memory never shrinks, that slack stays for
// good. The decode makes little garbage, so the heap mostly ends below the
// cap without a collection: the 1M-span file's model and tree are 0.78
// times its size, and its WebAssembly memory ended at 0.9 times (1.9
// when the input was held whole, 1.3 in Node with the collector's own
// pacing under the cap), 5% sooner. The limit is soft: a model denser
// than that makes the collector run at the cap (at most half the time);
// it fails nothing. Both are restored when the load ends, however it
// ends.
const heapPerInputByte = 1.25

// heapCap is the cap of the incremental loads under way, in every engine
// of the process (the settings are the process's): the first sets it,
// each adds its share, the last to end restores what was before.
var heapCap struct {
	sync.Mutex
	loads  int
	limit  int64
	before int64 // the memory limit before the first load
	gc     int   // and the GC percent
}

// boundHeap caps the heap for an incremental load of size bytes and
// returns what lifts the cap, which may be called more than once.
func boundHeap(size int64) (lift func()) {
	share := int64(heapPerInputByte * float64(min(size, math.MaxInt64/4)))
	heapCap.Lock()
	defer heapCap.Unlock()
	if heapCap.loads == 0 {
		// The cap starts from what is live, not from what the heap spans:
		// a document freed before is garbage whose memory the load should
		// reuse, and over the cap the runtime collects and counts idle
		// memory as given back (in WebAssembly it stays, to be reused).
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		heapCap.limit = int64(m.HeapAlloc + m.Sys - m.HeapSys)
		heapCap.before = debug.SetMemoryLimit(-1)
		heapCap.gc = debug.SetGCPercent(-1)
	}
	heapCap.loads++
	heapCap.limit += share
	debug.SetMemoryLimit(heapCap.limit)
	lifted := false
	return func() {
		heapCap.Lock()
		defer heapCap.Unlock()
		if lifted {
			return
		}
		lifted = true
		heapCap.loads--
		heapCap.limit -= share
		if heapCap.loads > 0 {
			debug.SetMemoryLimit(heapCap.limit)
			return
		}
		debug.SetGCPercent(heapCap.gc)
		debug.SetMemoryLimit(heapCap.before)
	}
}
