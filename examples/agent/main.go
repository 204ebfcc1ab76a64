// Command agent simulates a coordinator agent that plans with an LLM,
// hands research and writing to two sub-agents running concurrently
// (LLM calls with token usage, tool calls, one of which fails), records it
// all with the record package, then prints the span tree and the summary
// and saves the trace.
//
//	go run ./examples/agent -o agent.jsonl   # spanforge NDJSON
//	go run ./examples/agent -o agent.json    # OTLP/JSON
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"sync"
	"time"

	"github.com/spanlens/spanlens/record"
)

func main() {
	out := flag.String("o", "agent.jsonl", "where to save the trace (.jsonl: spanforge NDJSON, .json: OTLP/JSON)")
	flag.Parse()
	tr := run(context.Background(), time.Millisecond)
	if err := report(os.Stdout, tr); err != nil {
		log.Fatal(err)
	}
	if err := tr.Save(*out); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("saved %s\n", *out)
}

// run records one coordinator run; unit scales the simulated latencies
// (0 for none).
func run(ctx context.Context, unit time.Duration) *record.Trace {
	work := func(n int) { time.Sleep(time.Duration(n) * unit) }
	ctx, tr := record.StartTrace(ctx, "coordinator",
		record.ModelID("gpt-4o"), record.Tags("demo"), record.Version("1.0.0"),
		record.Metadata(map[string]any{"task": "weekly market brief"}))
	defer tr.End()
	tr.SetBaggage("session.id", "s-42")

	_, plan := record.LLMCall(ctx, "") // the trace's model, gpt-4o
	work(40)
	plan.SetTokenUsage(1200, 300)
	plan.End()

	_, pick := record.Decision(ctx, "delegate")
	pick.SetAttribute("decision.chosen", []string{"researcher", "writer"})
	pick.End()

	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); researcher(ctx, work) }()
	go func() { defer wg.Done(); writer(ctx, work) }()
	wg.Wait()

	_, final := record.LLMCall(ctx, "gpt-4o")
	work(20)
	final.SetTokenUsage(400, 100)
	final.End()
	tr.SetSummary(map[string]any{"outcome": "brief written"})
	return tr
}

func researcher(ctx context.Context, work func(int)) {
	ctx, agent := record.StartTrace(ctx, "researcher")
	defer agent.End()
	results, _ := record.Traced(ctx, "execute_tool web_search", "tool", func(context.Context) ([]string, error) {
		work(60)
		return []string{"https://example.com/markets"}, nil
	}, "query", "chip makers Q3")
	_, fetch := record.ToolCall(ctx, "fetch_url", record.Attrs("url", results[0]))
	work(30)
	fetch.RecordError(errors.New("fetch_url: 503 Service Unavailable"))
	fetch.End()
	_, llm := record.LLMCall(ctx, "gpt-4o-mini")
	work(50)
	llm.SetTokenUsage(2000, 500)
	llm.End()
}

func writer(ctx context.Context, work func(int)) {
	ctx, agent := record.StartTrace(ctx, "writer")
	defer agent.End()
	_, llm := record.LLMCall(ctx, "claude-sonnet-4-20250514")
	work(90)
	llm.SetTokenUsage(1500, 800)
	llm.End()
	_, mem := record.Memory(ctx, "write", record.Attrs("memory.type", "long_term"))
	work(5)
	mem.End()
}

// report prints the tree and the summary's totals.
func report(w io.Writer, tr *record.Trace) error {
	if err := tr.PrintTree(w); err != nil {
		return err
	}
	s := tr.Summary()
	fmt.Fprintf(w, "\nspans %d · errors %d · tokens in %d, out %d · cost $%.4f\n", s.Spans, s.Errors, s.Usage.Input, s.Usage.Output, s.Usage.Cost)
	fmt.Fprintf(w, "  %-7s %5s %6s %8s\n", "ROLE", "SPANS", "ERRORS", "COST")
	for _, g := range s.Roles {
		fmt.Fprintf(w, "  %-7s %5d %6d %8s\n", g.Name, g.Count, g.Errors, fmt.Sprintf("$%.4f", g.Usage.Cost))
	}
	return nil
}
