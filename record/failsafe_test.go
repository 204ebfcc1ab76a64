package record_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spanlens/spanlens/record"
)

// hasWarning reports whether one of tr's warnings contains all of parts.
func hasWarning(tr *record.Trace, parts ...string) bool {
	for _, w := range tr.Warnings() {
		ok := true
		for _, p := range parts {
			ok = ok && strings.Contains(w, p)
		}
		if ok {
			return true
		}
	}
	return false
}

// Every failure the recorder can meet: the caller's code runs on with the
// values it computed, and the trace says what was dropped.
func TestFailSafe(t *testing.T) {
	t.Run("full buffer", func(t *testing.T) {
		ctx, tr := record.StartTrace(context.Background(), "agent", record.MaxSpans(3))
		ran := 0
		for i := range 5 {
			_, s := record.ToolCall(ctx, fmt.Sprint("t", i))
			s.SetAttribute("i", i)
			s.End()
			ran++
		}
		tr.End()
		if ran != 5 || len(tr.Batch().Spans) != 3 {
			t.Errorf("ran %d, recorded %d; want 5 run and 3 recorded (root + 2)", ran, len(tr.Batch().Spans))
		}
		if !hasWarning(tr, "span buffer full (MaxSpans 3): 3 spans dropped") {
			t.Errorf("warnings %q", tr.Warnings())
		}
		if v, ok := tr.Batch().Spans[0].Attrs.Get("spanlens.record.warnings"); !ok || !strings.Contains(v.AsString(), "MaxSpans 3") {
			t.Errorf("root lacks the warnings attribute: %v", v)
		}
	})

	t.Run("ended twice and spans after the end", func(t *testing.T) {
		ctx, tr := record.StartTrace(context.Background(), "agent")
		_, s := record.Start(ctx, "step")
		s.End()
		s.End()
		s.SetAttribute("late", true)
		_, open := record.Start(ctx, "never ended")
		tr.End()
		tr.End()
		_, late := record.ToolCall(ctx, "late tool")
		late.SetAttribute("x", 1) // a nil span: ignored
		late.End()
		open.End()
		for _, want := range []string{
			`span "step"`, "ended twice",
		} {
			if !hasWarning(tr, want) {
				t.Errorf("no warning with %q in %q", want, tr.Warnings())
			}
		}
		for _, parts := range [][]string{
			{"SetAttribute on span \"step\" after it ended"},
			{"\"never ended\"", "still open when the trace ended"},
			{"trace", "ended twice"},
			{"\"execute_tool late tool\" started after trace", "dropped"},
			{"\"never ended\"", "ended twice"},
		} {
			if !hasWarning(tr, parts...) {
				t.Errorf("no warning with %q in %q", parts, tr.Warnings())
			}
		}
		if n := len(tr.Batch().Spans); n != 3 {
			t.Errorf("%d spans; want 3 (the late one dropped)", n)
		}
		if _, ok := tr.Batch().Spans[1].Attrs.Get("late"); ok {
			t.Error("an attribute set after End was kept")
		}
	})

	t.Run("nil spans and traces", func(t *testing.T) {
		var s *record.Span
		var tr *record.Trace
		ctx, s2 := record.Start(context.Background(), "outside a trace")
		if s2 != nil || record.SpanFrom(ctx) != nil {
			t.Fatal("Start outside a trace recorded something")
		}
		s.SetAttribute("k", 1)
		s.AddEvent("e")
		s.RecordError(fmt.Errorf("x"))
		s.SetStatus(record.StatusError, "x")
		s.SetTokenUsage(1, 2)
		s.End()
		tr.End()
		tr.SetAttribute("k", 1)
		if tr.Document().Len() != 0 || tr.Warnings() != nil {
			t.Error("a nil trace is not empty")
		}
		got, err := record.Traced(ctx, "f", "tool", func(context.Context) (string, error) { return "ok", nil })
		if got != "ok" || err != nil {
			t.Errorf("Traced outside a trace: %q, %v", got, err)
		}
	})

	t.Run("misuse", func(t *testing.T) {
		ctx, tr := record.StartTrace(context.Background(), "agent")
		_, s := record.Start(ctx, "step", record.Attrs(3, "x", "odd"))
		s.SetTokenUsage(-1, 5)
		s.SetAttribute("bad", panicky{})
		s.End()
		octx, other := record.StartTrace(context.Background(), "other")
		_, cross := record.Start(octx, "cross", record.Parent(tr.Root()))
		cross.End()
		other.End()
		tr.End()
		for _, parts := range [][]string{
			{`attribute "odd" has no value`},
			{"attribute key 3 (int) is not a non-empty string"},
			{"negative token count"},
			{"recorder panic recovered", "stringer exploded"},
			{`span "cross"`, "the explicit parent wins"},
		} {
			if !hasWarning(tr, parts...) {
				t.Errorf("no warning with %q in %q", parts, tr.Warnings())
			}
		}
		if b := tr.Batch(); len(b.Spans) != 3 || b.Spans[2].ParentID != b.Spans[0].ID {
			t.Errorf("the explicitly parented span is not under its parent")
		}
	})

	t.Run("exporter errors", func(t *testing.T) {
		needNet(t)
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "collector overloaded", http.StatusServiceUnavailable)
		}))
		defer srv.Close()
		exp := record.NewOTLPExporter(srv.URL)
		_, tr := record.StartTrace(context.Background(), "agent", record.Export(exp))
		tr.End()
		if err := exp.Close(context.Background()); err != nil {
			t.Fatal(err)
		}
		if !hasWarning(tr, "otlp export", "503", "collector overloaded") {
			t.Errorf("warnings %q", tr.Warnings())
		}
		if st := exp.Stats(); st.Failed != 1 || st.Sent != 0 {
			t.Errorf("stats %+v; want 1 failed", st)
		}
	})

	t.Run("exporter hangs", func(t *testing.T) {
		needNet(t)
		release := make(chan struct{})
		var got atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			got.Add(1)
			io.Copy(io.Discard, r.Body) // the server notices a closed connection only once the body is read
			select {
			case <-release:
			case <-r.Context().Done():
			}
		}))
		defer srv.Close()
		defer close(release)
		exp := record.NewOTLPExporter(srv.URL, record.Timeout(200*time.Millisecond), record.QueueSize(1))
		var traces []*record.Trace
		start := time.Now()
		for range 4 {
			ctx, tr := record.StartTrace(context.Background(), "agent", record.Export(exp))
			_, s := record.LLMCall(ctx, "gpt-4o")
			s.End()
			tr.End()
			traces = append(traces, tr)
		}
		if d := time.Since(start); d > 100*time.Millisecond {
			t.Errorf("four traces against a hanging collector took %s; the exporter blocked the caller", d)
		}
		if err := exp.Close(context.Background()); err != nil {
			t.Fatal(err)
		}
		full, timedOut := 0, 0
		for _, tr := range traces {
			if hasWarning(tr, "queue full (QueueSize 1)") {
				full++
			}
			if hasWarning(tr, "otlp export", "Timeout 200ms") {
				timedOut++
			}
		}
		st := exp.Stats()
		if full == 0 || timedOut == 0 || full+timedOut != 4 || st.Dropped != int64(full) || st.Failed != int64(timedOut) {
			t.Errorf("%d queue full, %d timed out, stats %+v; want every trace warned, some of each", full, timedOut, st)
		}
		if got.Load() == 0 {
			t.Error("the collector never saw a request")
		}
	})

	t.Run("close gives up", func(t *testing.T) {
		needNet(t)
		release := make(chan struct{})
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			io.Copy(io.Discard, r.Body)
			select {
			case <-release:
			case <-r.Context().Done():
			}
		}))
		defer srv.Close()
		defer close(release)
		exp := record.NewOTLPExporter(srv.URL, record.Timeout(time.Minute))
		_, a := record.StartTrace(context.Background(), "a", record.Export(exp))
		a.End()
		_, b := record.StartTrace(context.Background(), "b", record.Export(exp))
		b.End()
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		if err := exp.Close(ctx); err == nil {
			t.Error("Close against a hanging collector returned nil; want the deadline")
		}
		if !hasWarning(a, "otlp export") || !hasWarning(b, "otlp export") {
			t.Errorf("warnings %q / %q; want both traces told", a.Warnings(), b.Warnings())
		}
		_, late := record.StartTrace(context.Background(), "late", record.Export(exp))
		late.End()
		if !hasWarning(late, "exporter closed") {
			t.Errorf("late warnings %q", late.Warnings())
		}
	})

	t.Run("100 goroutines", func(t *testing.T) {
		ctx, tr := record.StartTrace(context.Background(), "swarm")
		var wg sync.WaitGroup
		for g := range 100 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ctx, s := record.Agent(ctx, fmt.Sprint("worker ", g))
				s.SetBaggage("worker", fmt.Sprint(g))
				for i := range 5 {
					_, llm := record.LLMCall(ctx, "gpt-4o-mini")
					llm.SetTokenUsage(10, 1)
					llm.AddEvent("token", "i", i)
					llm.End()
				}
				tr.AddTags(fmt.Sprint(g))
				_ = tr.Summary() // reading while others write
				s.End()
				s.End() // misuse under contention
			}()
		}
		wg.Wait()
		tr.End()
		s := tr.Summary()
		if s.Spans != 1+100*6 || s.Usage.Input != 100*5*10 || s.Usage.Output != 100*5 {
			t.Errorf("spans %d, usage %+v; want 601 spans, 5000 in, 500 out", s.Spans, s.Usage)
		}
		n := 0
		for _, w := range tr.Warnings() {
			if strings.Contains(w, "ended twice") {
				n++
			}
		}
		if n != 100 {
			t.Errorf("%d ended-twice warnings; want 100", n)
		}
	})
}

type panicky struct{}

func (panicky) String() string { panic("stringer exploded") }
