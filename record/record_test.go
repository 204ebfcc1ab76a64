package record_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spanlens/spanlens"
	"github.com/spanlens/spanlens/core/analyze"
	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/record"
)

// stepClock returns a clock starting at t0 that advances by step on every
// reading, so that sequential code records known times.
func stepClock(t0 time.Time, step time.Duration) func() time.Time {
	var mu sync.Mutex
	now := t0
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		t := now
		now = now.Add(step)
		return t
	}
}

var t0 = time.Unix(1_700_000_000, 0)

// byName indexes the spans of b by name; names must be unique.
func byName(t *testing.T, b *model.Batch) map[string]*model.Span {
	t.Helper()
	m := map[string]*model.Span{}
	for i := range b.Spans {
		if _, dup := m[b.Spans[i].Name]; dup {
			t.Fatalf("span name %q twice", b.Spans[i].Name)
		}
		m[b.Spans[i].Name] = &b.Spans[i]
	}
	return m
}

func str(sp *model.Span, key string) string {
	v, _ := sp.Attrs.Get(key)
	return v.AsString()
}

func TestNestingAcrossGoroutines(t *testing.T) {
	ctx, tr := record.StartTrace(context.Background(), "planner")
	var wg sync.WaitGroup
	for w := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, s := record.Start(ctx, fmt.Sprintf("worker %d", w))
			defer s.End()
			var inner sync.WaitGroup
			inner.Add(1)
			go func() {
				defer inner.Done()
				_, tool := record.ToolCall(ctx, fmt.Sprintf("fetch %d", w))
				tool.End()
			}()
			inner.Wait()
		}()
	}
	wg.Wait()
	tr.End()

	b := tr.Batch()
	if len(b.Spans) != 7 {
		t.Fatalf("got %d spans; want 7 (root, 3 workers, 3 tools)", len(b.Spans))
	}
	spans := byName(t, b)
	root := spans["planner"]
	if !root.ParentID.IsZero() {
		t.Errorf("root has parent %s", root.ParentID)
	}
	for w := range 3 {
		worker := spans[fmt.Sprintf("worker %d", w)]
		tool := spans[fmt.Sprintf("execute_tool fetch %d", w)]
		if worker == nil || tool == nil {
			t.Fatalf("worker %d or its tool missing: %v", w, slices.Collect(func(yield func(string) bool) {
				for n := range spans {
					yield(n)
				}
			}))
		}
		if worker.ParentID != root.ID {
			t.Errorf("worker %d parent %s; want root %s", w, worker.ParentID, root.ID)
		}
		if tool.ParentID != worker.ID {
			t.Errorf("tool %d parent %s; want worker %s", w, tool.ParentID, worker.ID)
		}
		if tool.TraceID != root.TraceID {
			t.Errorf("tool %d trace %s; want %s", w, tool.TraceID, root.TraceID)
		}
	}
	if ws := tr.Warnings(); len(ws) != 0 {
		t.Errorf("warnings %q; want none", ws)
	}
}

func TestTracedErrorAndPanic(t *testing.T) {
	ctx, tr := record.StartTrace(context.Background(), "agent")
	boom := errors.New("search backend down")
	got, err := record.Traced(ctx, "search", "tool", func(context.Context) (int, error) { return 0, boom }, "query", "go wasm", "limit", 5)
	if got != 0 || err != boom {
		t.Errorf("Traced returned (%d, %v); want (0, %v) unchanged", got, err, boom)
	}
	n, err := record.Traced(ctx, "count", "", func(context.Context) (int, error) { return 42, nil })
	if n != 42 || err != nil {
		t.Errorf("Traced returned (%d, %v); want (42, nil)", n, err)
	}

	var repanicked any
	func() {
		defer func() { repanicked = recover() }()
		record.Traced(ctx, "divide", "", func(context.Context) (int, error) { panic("division by zero") })
	}()
	if repanicked != "division by zero" {
		t.Errorf("re-panicked with %v; want the original value", repanicked)
	}
	tr.End()

	doc := tr.Document()
	spans := byName(t, doc.Batch())
	search := spans["search"]
	if search.Status.Code != model.StatusError || search.Status.Message != "search backend down" {
		t.Errorf("search status %+v; want error with the message", search.Status)
	}
	if str(search, "function.args.query") != "go wasm" || str(search, "function.args.limit") != "5" {
		t.Errorf("search args %v", search.Attrs)
	}
	if v, _ := search.Attrs.Get("function.args.limit"); v.Type() != model.TypeInt {
		t.Errorf("limit recorded as %s; want int", v.Type())
	}
	if len(search.Events) != 1 || search.Events[0].Name != "exception" {
		t.Fatalf("search events %+v; want one exception", search.Events)
	}
	ev := model.Attrs(search.Events[0].Attrs)
	if typ, _ := ev.Get("exception.type"); typ.Str() != "*errors.errorString" {
		t.Errorf("exception.type %q", typ.Str())
	}
	if st, _ := ev.Get("exception.stacktrace"); !strings.Contains(st.Str(), "record_test.go") {
		t.Errorf("stack trace does not reach the test: %q", st.Str())
	}
	if v, _ := spans["count"].Attrs.Get("function.result"); v.Int() != 42 {
		t.Errorf("count result %v; want 42", v)
	}
	div := spans["divide"]
	if div.Status.Code != model.StatusError || len(div.Events) != 1 || div.End == 0 {
		t.Fatalf("divide %+v; want ended with error status and one exception", div)
	}
	if typ, _ := model.Attrs(div.Events[0].Attrs).Get("exception.type"); typ.Str() != "panic" {
		t.Errorf("panic exception.type %q; want panic", typ.Str())
	}
	if st, _ := model.Attrs(div.Events[0].Attrs).Get("exception.stacktrace"); !strings.Contains(st.Str(), "TestTracedErrorAndPanic") {
		t.Errorf("panic stack does not reach the panicking function")
	}
	if roles := analyze.Roles(doc.Batch()); roles[1] != analyze.RoleTool {
		t.Errorf("search role %s; want tool", roles[1])
	}
	if s := doc.Summary(); s.Errors != 2 {
		t.Errorf("summary errors %d; want 2 (search, divide)", s.Errors)
	}
}

func TestLazyStart(t *testing.T) {
	_, tr := record.StartTrace(context.Background(), "conditional", record.LazyStart())
	tr.SetAttribute("request.kind", "skipped")
	tr.End()
	if n := len(tr.Batch().Spans); n != 0 {
		t.Errorf("lazy trace without spans recorded %d spans; want 0", n)
	}
	if s := tr.Summary(); len(s.Traces) != 0 {
		t.Errorf("summary has %d traces; want 0", len(s.Traces))
	}

	clock := stepClock(t0, time.Millisecond)
	ctx, tr := record.StartTrace(context.Background(), "conditional", record.LazyStart(), record.Clock(clock))
	clock() // time passes before the first span: the root starts with it
	clock()
	_, llm := record.LLMCall(ctx, "gpt-4o")
	llm.End()
	tr.End()
	b := tr.Batch()
	if len(b.Spans) != 2 {
		t.Fatalf("got %d spans; want root and llm", len(b.Spans))
	}
	root, call := b.Spans[0], b.Spans[1]
	// Clock readings: 0 root (lazy), 1, 2 passed, 3 llm start, 4 llm end, 5 trace end.
	if root.Start != t0.Add(3*time.Millisecond).UnixNano() || root.End != t0.Add(5*time.Millisecond).UnixNano() {
		t.Errorf("root %d–%d; want it to start with its first span at +3ms and end at +5ms", root.Start-t0.UnixNano(), root.End-t0.UnixNano())
	}
	if call.ParentID != root.ID {
		t.Errorf("llm parent %s; want root %s", call.ParentID, root.ID)
	}
}

func TestTraceOptions(t *testing.T) {
	ctx, tr := record.StartTrace(context.Background(), "support-bot",
		record.ModelID("gpt-4o-mini"), record.Tags("production", "support"),
		record.Metadata(map[string]any{"customer_tier": "premium", "seats": 12}),
		record.TraceID("4bf92f3577b34da6a3ce929d0e0e4736"), record.Version("1.2.0"))
	tr.AddTags("urgent")
	tr.SetSummary(map[string]any{"outcome": "success"})
	_, llm := record.LLMCall(ctx, "")
	llm.SetTokenUsage(1000, 100)
	llm.End()
	tr.End()

	if tr.ID() != "4bf92f3577b34da6a3ce929d0e0e4736" {
		t.Errorf("trace id %s", tr.ID())
	}
	b := tr.Batch()
	root, call := &b.Spans[0], &b.Spans[1]
	if got := str(root, "tags"); got != `["production","support","urgent"]` {
		t.Errorf("tags %s", got)
	}
	if v, _ := root.Attrs.Get("metadata.seats"); v.Int() != 12 {
		t.Errorf("metadata.seats %v; want int 12", v)
	}
	if str(root, "summary.outcome") != "success" || str(root, "agent.model_id") != "gpt-4o-mini" {
		t.Errorf("root attrs %v", root.Attrs)
	}
	if call.Name != "chat gpt-4o-mini" || str(call, "gen_ai.request.model") != "gpt-4o-mini" {
		t.Errorf("LLMCall(ctx, \"\") took %q %v; want the trace's model id", call.Name, call.Attrs)
	}
	if v, _ := b.Resources[0].Attrs.Get("service.version"); v.Str() != "1.2.0" {
		t.Errorf("service.version %v", v)
	}
	// gpt-4o-mini: 1000 × $0.15/M + 100 × $0.60/M = $0.00015 + $0.00006.
	s := tr.Summary()
	if s.Usage.Input != 1000 || s.Usage.Output != 100 || !near(s.Usage.Cost, 0.00021) {
		t.Errorf("usage %+v; want 1000 in, 100 out, $0.00021", s.Usage)
	}
	if len(s.Models) != 1 || s.Models[0].Name != "gpt-4o-mini" {
		t.Errorf("models %+v; want only gpt-4o-mini (the agent's model id is not a model call)", s.Models)
	}
}

func near(a, b float64) bool { return a-b < 1e-12 && b-a < 1e-12 }

func TestRolesOfHelpers(t *testing.T) {
	ctx, tr := record.StartTrace(context.Background(), "coordinator")
	for _, f := range []func(context.Context) (context.Context, *record.Span){
		func(ctx context.Context) (context.Context, *record.Span) { return record.LLMCall(ctx, "gpt-4o") },
		func(ctx context.Context) (context.Context, *record.Span) { return record.ToolCall(ctx, "search") },
		func(ctx context.Context) (context.Context, *record.Span) { return record.Agent(ctx, "researcher") },
		func(ctx context.Context) (context.Context, *record.Span) { return record.Memory(ctx, "read") },
		func(ctx context.Context) (context.Context, *record.Span) { return record.Decision(ctx, "next_action") },
		func(ctx context.Context) (context.Context, *record.Span) {
			return record.Start(ctx, "lookup", record.Role("retriever"))
		},
		func(ctx context.Context) (context.Context, *record.Span) {
			return record.Start(ctx, "index", record.Role("vectordb"))
		},
	} {
		_, s := f(ctx)
		s.End()
	}
	tr.End()
	want := []analyze.Role{analyze.RoleAgent, analyze.RoleLLM, analyze.RoleTool, analyze.RoleAgent,
		analyze.RoleMemory, analyze.RoleOther, analyze.RoleRetriever, analyze.RoleVectorDB}
	if got := analyze.Roles(tr.Batch()); !slices.Equal(got, want) {
		t.Errorf("roles %v; want %v", got, want)
	}
}

func TestBaggageReachesDescendants(t *testing.T) {
	ctx, tr := record.StartTrace(context.Background(), "agent")
	tr.SetBaggage("user.id", "u-17")
	ctx, step := record.Start(ctx, "step")
	step.SetBaggage("session.id", "s-3")
	_, leaf := record.ToolCall(ctx, "search")
	leaf.End()
	step.End()
	tr.End()
	spans := byName(t, tr.Batch())
	leafSpan := spans["execute_tool search"]
	if str(leafSpan, "user.id") != "u-17" || str(leafSpan, "session.id") != "s-3" {
		t.Errorf("leaf attrs %v; want both baggage entries", leafSpan.Attrs)
	}
	if str(spans["step"], "user.id") != "u-17" {
		t.Errorf("step lacks the trace's baggage")
	}
	if _, ok := spans["agent"].Attrs.Get("session.id"); ok {
		t.Errorf("baggage set on a child reached its parent")
	}
}

func TestSubAgentRunRollsUp(t *testing.T) {
	ctx, parent := record.StartTrace(context.Background(), "coordinator")
	_, llm := record.LLMCall(ctx, "gpt-4o")
	llm.SetTokenUsage(100, 50)
	llm.End()
	cctx, child := record.StartTrace(ctx, "researcher")
	_, llm = record.LLMCall(cctx, "gpt-4o")
	llm.SetTokenUsage(800, 400)
	llm.End()
	child.End()
	if parent.Ended() {
		t.Fatal("ending a sub-agent run ended the whole trace")
	}
	parent.End()
	d := parent.Document()
	if len(d.Traces()) != 1 || d.Len() != 4 {
		t.Fatalf("%d traces, %d spans; want one trace of 4 spans", len(d.Traces()), d.Len())
	}
	// gpt-4o: (100+800) × $2.50/M + (50+400) × $10/M = $0.00225 + $0.0045.
	if u := d.Summary().Traces[0].Usage; u.Input != 900 || u.Output != 450 || !near(u.Cost, 0.00675) {
		t.Errorf("trace usage %+v; want 900 in, 450 out, $0.00675", u)
	}
	b := d.Batch()
	if b.Spans[2].Name != "invoke_agent researcher" || b.Spans[2].ParentID != b.Spans[0].ID {
		t.Errorf("sub-agent span %q under %s; want invoke_agent researcher under the root", b.Spans[2].Name, b.Spans[2].ParentID)
	}
}

func TestDocumentViews(t *testing.T) {
	ctx, tr := record.StartTrace(context.Background(), "agent", record.Clock(stepClock(t0, 10*time.Millisecond)))
	_, s := record.ToolCall(ctx, "search")
	s.End()
	tr.End()
	var sb strings.Builder
	if err := tr.PrintTree(&sb); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(sb.String(), "execute_tool search") || !strings.Contains(sb.String(), "agent") {
		t.Errorf("tree:\n%s", sb.String())
	}
	if _, err := tr.Document().SVG(spanlens.SVGOptions{Trace: -1}); err != nil {
		t.Errorf("SVG: %v", err)
	}
	// Clock: 0 root start, 10 tool start, 20 tool end, 30 trace end.
	if got := tr.Summary().Traces[0].Duration; got != 30e6 {
		t.Errorf("trace duration %d; want 30ms", got)
	}
}
