package engine

import (
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"testing"
	"time"

	"github.com/spanlens/spanlens/core/ingest"
)

func TestTmpMem(t *testing.T) {
	path := os.Getenv("MEMFILE")
	if path == "" {
		t.Skip()
	}
	inc := os.Getenv("INC") == "1"
	if l := os.Getenv("LIMIT"); l != "" {
		n, _ := strconv.Atoi(l)
		debug.SetMemoryLimit(int64(n) << 20)
	}
	f, _ := os.Open(path)
	fi, _ := f.Stat()
	e := New(Config{Limits: ingest.Limits{MaxBytes: 2 << 30}})
	var peak, peakAt uint64
	t0 := time.Now()
	stop := make(chan bool)
	go func() {
		var m runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
			runtime.ReadMemStats(&m)
			if os.Getenv("TRACE") != "" {
				println(time.Since(t0).Milliseconds(), m.HeapInuse>>20)
			}
			if m.HeapInuse > peak {
				peak, peakAt = m.HeapInuse, m.HeapAlloc
			}
		}
	}()
	var begun struct{ Load uint32 }
	ok(t, e, "loadBegin", 0, map[string]any{"size": fi.Size(), "incremental": inc, "limits": map[string]any{"maxBytes": 2 << 30}}, &begun)
	buf := make([]byte, 8<<20)
	for {
		n, err := io.ReadFull(f, buf)
		if n > 0 {
			r := do(t, e, "loadChunk", 0, map[string]any{"load": begun.Load}, buf[:n])
			if !r.OK {
				t.Fatalf("%+v", r.Error)
			}
		}
		if err != nil {
			break
		}
	}
	println("loadEnd at", time.Since(t0).Milliseconds())
	r := do(t, e, "loadEnd", 0, map[string]any{"load": begun.Load}, nil)
	if !r.OK {
		t.Fatalf("%+v", r.Error)
	}
	el := time.Since(t0)
	close(stop)
	t.Logf("peak HeapInuse %d MiB (alloc %d MiB) = %.2f of file", peak>>20, peakAt>>20, float64(peak)/float64(fi.Size()))
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	runtime.GC()
	var m2 runtime.MemStats
	runtime.ReadMemStats(&m2)
	t.Logf("after GC HeapAlloc %d MiB, NumGC %d", m2.HeapAlloc>>20, m2.NumGC)
	runtime.KeepAlive(e)
	t.Logf("inc=%v %v: HeapSys %d MiB (%.2f of file), HeapInuse %d MiB, result %s", inc, el, m.HeapSys>>20, float64(m.HeapSys)/float64(fi.Size()), m.HeapInuse>>20, r.Result[:80])
}
