package engine

import (
	"math"
	"runtime"
	"runtime/debug"
)

// During an incremental load of an input of known size, an engine with
// Config.BoundHeap caps the Go heap (debug.SetMemoryLimit) at what the
// process holds at loadBegin plus heapPerInputByte times the input. Go's
// collector otherwise lets the heap grow to twice what was live at its
// last cycle, and in WebAssembly, whose memory never shrinks, that slack
// stays for good: the 1M-span file's model and tree are 0.78 times its
// size, the heap reached 2.0 times without the cap and 1.4 with it. The
// limit is soft: a model denser than that only makes the collector run
// more often (at most half the time), it fails nothing. It is lifted when
// the load ends, however it ends.
const heapPerInputByte = 1.25

// boundHeap caps the heap for an incremental load of size bytes and
// returns what lifts the cap.
func boundHeap(size int64) (lift func()) {
	var m runtime.MemStats
	runtime.ReadMemStats(&m) // what the limit counts: all the runtime holds
	held := int64(m.Sys - m.HeapReleased)
	limit := held + int64(heapPerInputByte*float64(size))
	if limit < 0 { // overflowed: no cap
		limit = math.MaxInt64
	}
	before := debug.SetMemoryLimit(limit)
	return func() { debug.SetMemoryLimit(before) }
}
