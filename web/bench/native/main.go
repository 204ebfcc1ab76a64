// Command native times the Go core on one trace file, doing what the WASM
// module does for `load` + `summary`: decode, tree.Build and
// analyze.Summarize. web/bench/bench.js runs it so that native, WASM and
// plain-JavaScript numbers come from one run; it prints one JSON object.
//
//	go run ./web/bench/native -file /tmp/spanlens-bench/otlp-100000.json -runs 5
//
// Times are medians over the runs, in milliseconds. The input limit is
// raised to 4 GiB so that files above the engine's default MaxBytes (512
// MiB) still measure.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spanlens/spanlens/core/analyze"
	"github.com/spanlens/spanlens/core/ingest"
	"github.com/spanlens/spanlens/core/tree"
)

// result is what the harness reads.
type result struct {
	File      string  `json:"file"`
	Bytes     int     `json:"bytes"`
	Spans     int     `json:"spans"`
	Runs      int     `json:"runs"`
	DecodeMS  float64 `json:"decode_ms"`
	TreeMS    float64 `json:"tree_ms"`
	SummaryMS float64 `json:"summary_ms"`
	TotalMS   float64 `json:"total_ms"`
	// PeakRSS is the process's high-water resident set (VmHWM), input
	// bytes included.
	PeakRSS int64 `json:"peak_rss"`
	// HeapInUse is the Go heap holding the input, batch and forest after
	// the last run.
	HeapInUse  uint64 `json:"heap_inuse"`
	GOMAXPROCS int    `json:"gomaxprocs"`
	GoVersion  string `json:"go"`
}

func main() {
	file := flag.String("file", "", "trace file")
	runs := flag.Int("runs", 3, "timed runs (the median is printed)")
	flag.Parse()
	r, err := measure(*file, max(*runs, 1))
	if err != nil {
		fmt.Fprintln(os.Stderr, "native:", err)
		os.Exit(1)
	}
	out, _ := json.Marshal(r)
	fmt.Println(string(out))
}

func measure(file string, runs int) (*result, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	r := &result{File: file, Bytes: len(data), Runs: runs, GOMAXPROCS: runtime.GOMAXPROCS(0), GoVersion: runtime.Version()}
	var dec, bld, sum, tot []float64
	var f *tree.Forest
	for range runs {
		f = nil // the previous run's forest is garbage, as after a free
		runtime.GC()
		t0 := time.Now()
		b, err := ingest.Decode(data, ingest.Options{Limits: ingest.Limits{MaxBytes: 4 << 30}})
		if err != nil {
			return nil, err
		}
		t1 := time.Now()
		f = tree.Build(b, tree.Options{})
		t2 := time.Now()
		s := analyze.Summarize(f, analyze.Options{})
		t3 := time.Now()
		r.Spans = s.Spans
		dec, bld, sum, tot = append(dec, ms(t1.Sub(t0))), append(bld, ms(t2.Sub(t1))), append(sum, ms(t3.Sub(t2))), append(tot, ms(t3.Sub(t0)))
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	r.HeapInUse = m.HeapInuse
	runtime.KeepAlive(f)
	r.DecodeMS, r.TreeMS, r.SummaryMS, r.TotalMS = median(dec), median(bld), median(sum), median(tot)
	r.PeakRSS = peakRSS()
	return r, nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

// peakRSS reads VmHWM from /proc/self/status, or returns 0 where there is
// none.
func peakRSS() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}
