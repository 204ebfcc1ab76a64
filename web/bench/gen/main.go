// Command gen writes the generated OTLP/JSON traces that web/bench/bench.js
// measures: half agent runs (LLM calls, tools, sub-agents, with the HTTP and
// database calls tools make) and half distributed request trees, 1,000 spans
// per trace, with typed attributes, events and errors. The files are
// generated on each run and never committed.
//
//	go run ./web/bench/gen -dir /tmp/spanlens-bench -sizes 10000,100000,1000000
//
// It prints one line per file: spans, bytes and path. With -lean it writes
// otlp-lean-N.json instead: distributed request trees only, with no extra
// attributes and no events (about 470 bytes a span against about 660), so
// that a million spans stay under the engine's default MaxBytes (512 MiB)
// and V8's longest string.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spanlens/spanlens/core/export"
	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/core/synth"
)

func main() {
	dir := flag.String("dir", os.TempDir(), "output directory")
	sizes := flag.String("sizes", "10000,100000,1000000", "comma-separated span counts")
	flag.IntVar(&cfg.AttrsPerSpan, "attrs", cfg.AttrsPerSpan, "app.attr.N attributes per span on top of the semantic ones")
	flag.IntVar(&cfg.EventsEvery, "events", cfg.EventsEvery, "give every N-th span an event")
	flag.IntVar(&cfg.ErrorEvery, "errors", cfg.ErrorEvery, "make about one span in N fail")
	lean := flag.Bool("lean", false, "distributed spans only, without extra attributes or events")
	flag.Parse()
	if err := run(*dir, *sizes, *lean); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(dir, sizes string, lean bool) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, s := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			return fmt.Errorf("bad size %q", s)
		}
		b, name := Batch(n), fmt.Sprintf("otlp-%d.json", n)
		if lean {
			b, name = Lean(n), fmt.Sprintf("otlp-lean-%d.json", n)
		}
		data := export.AppendOTLPJSON(nil, b)
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return err
		}
		fmt.Printf("%d %d %s\n", n, len(data), path)
	}
	return nil
}

// cfg holds the flags' attribute, event and error densities.
var cfg = synth.Config{AttrsPerSpan: 1, EventsEvery: 20, ErrorEvery: 50}

// Batch is n spans: an agent-loop half and a balanced distributed half, in
// traces of 1,000 spans.
func Batch(n int) *model.Batch {
	agents := n / 2
	a := cfg
	a.Seed, a.Spans, a.Shape, a.Traces = 1, agents, synth.AgentLoop, max(1, agents/1000)
	d := cfg
	d.Seed, d.Spans, d.Shape, d.Traces = 2, n-agents, synth.Balanced, max(1, (n-agents)/1000)
	return merge(synth.Generate(a), synth.Generate(d))
}

// Lean is n spans of distributed request trees in traces of 1,000 spans,
// with only their semantic-convention attributes.
func Lean(n int) *model.Batch {
	return synth.Generate(synth.Config{Seed: 2, Spans: n, Traces: max(1, n/1000), Shape: synth.Balanced, ErrorEvery: cfg.ErrorEvery})
}

// merge appends b's spans, resources and scopes to a.
func merge(a, b *model.Batch) *model.Batch {
	nr, ns := int32(len(a.Resources)), int32(len(a.Scopes))
	a.Resources = append(a.Resources, b.Resources...)
	a.Scopes = append(a.Scopes, b.Scopes...)
	for _, sp := range b.Spans {
		if sp.Resource >= 0 {
			sp.Resource += nr
		}
		if sp.Scope >= 0 {
			sp.Scope += ns
		}
		a.Spans = append(a.Spans, sp)
	}
	return a
}
