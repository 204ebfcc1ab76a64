package export_test

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/spanlens/spanlens/core/export"
	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/core/synth"
	"github.com/stretchr/testify/require"
)

var shapes = []synth.Shape{synth.Balanced, synth.DeepChain, synth.WideFanout, synth.AgentLoop}

func generated(sh synth.Shape) *model.Batch {
	return synth.Generate(synth.Config{
		Seed: 7, Spans: 600, Traces: 3, Shape: sh, Services: 5,
		AttrsPerSpan: 5, EventsEvery: 4, ErrorEvery: 10,
	})
}

// TestRoundTripGenerated encodes generated batches and decodes them: OTLP
// gives the batch back exactly (regrouped by resource and scope); Jaeger and
// Zipkin give it back as their documented losses predict (see jaegerLoss
// and zipkinLoss).
func TestRoundTripGenerated(t *testing.T) {
	for _, sh := range shapes {
		b := generated(sh)
		for _, f := range []export.Format{export.OTLPJSON, export.Jaeger, export.Zipkin} {
			t.Run(sh.String()+"/"+string(f), func(t *testing.T) {
				got := decode(t, encode(t, b, f), f)
				want := b
				switch f {
				case export.Jaeger:
					want = jaegerLoss(b)
				case export.Zipkin:
					want = zipkinLoss(b)
				}
				requireSameModel(t, inOrderOf(t, want, got), got)
			})
		}
	}
}

// inOrderOf returns want with its spans in got's order, matched by id.
func inOrderOf(t *testing.T, want, got *model.Batch) *model.Batch {
	t.Helper()
	type key struct {
		t model.TraceID
		s model.SpanID
	}
	pos := map[key]int{}
	for i, sp := range got.Spans {
		pos[key{sp.TraceID, sp.ID}] = i
	}
	out := *want
	out.Spans = make([]model.Span, len(want.Spans))
	for _, sp := range want.Spans {
		i, ok := pos[key{sp.TraceID, sp.ID}]
		require.True(t, ok, "span %s missing after the round trip", sp.ID)
		out.Spans[i] = sp
	}
	return &out
}

// microsLoss truncates span and event times to whole microseconds as the
// Jaeger and Zipkin encoders do.
func microsLoss(sp *model.Span) {
	floor := func(ns int64) int64 { return ns / 1000 * 1000 } // times are positive
	sp.Start, sp.End = floor(sp.Start), floor(sp.End)
	sp.Events = slices.Clone(sp.Events)
	for i := range sp.Events {
		sp.Events[i].Time = floor(sp.Events[i].Time)
	}
}

// jaegerLoss is what a Jaeger round trip makes of b: times in
// microseconds, arrays and maps as string tags holding their JSON.
func jaegerLoss(b *model.Batch) *model.Batch {
	out := *b
	out.Spans = slices.Clone(b.Spans)
	for i := range out.Spans {
		sp := &out.Spans[i]
		microsLoss(sp)
		sp.Attrs = slices.Clone(sp.Attrs)
		for j, a := range sp.Attrs {
			if a.Value.Type() == model.TypeArray || a.Value.Type() == model.TypeMap {
				sp.Attrs[j].Value = model.StringValue(string(a.Value.AppendJSON(nil)))
			}
		}
		for j := range sp.Events {
			sp.Events[j].Attrs = slices.Clone(sp.Events[j].Attrs)
			for k, a := range sp.Events[j].Attrs {
				if a.Value.Type() == model.TypeArray {
					sp.Events[j].Attrs[k].Value = model.StringValue(string(a.Value.AppendJSON(nil)))
				}
			}
		}
	}
	return &out
}

// zipkinLoss is what a Zipkin round trip makes of b: times in
// microseconds, every tag a string, internal spans without a kind, events
// without attributes, resources reduced to the service name.
func zipkinLoss(b *model.Batch) *model.Batch {
	out := *b
	out.Spans = slices.Clone(b.Spans)
	out.Resources = slices.Clone(b.Resources)
	for i := range out.Resources {
		r := &out.Resources[i]
		r.Attrs = model.Attrs{{Key: model.ServiceNameKey, Value: model.StringValue(r.Service)}}
	}
	for i := range out.Spans {
		sp := &out.Spans[i]
		microsLoss(sp)
		if sp.Kind == model.KindInternal {
			sp.Kind = model.KindUnspecified
		}
		sp.Attrs = slices.Clone(sp.Attrs)
		for j, a := range sp.Attrs {
			sp.Attrs[j].Value = model.StringValue(zipkinText(a.Value))
		}
		for j := range sp.Events {
			sp.Events[j].Attrs = nil
		}
	}
	return &out
}

// zipkinText is a value as a Zipkin tag: the generator writes strings,
// ints, doubles (written with a fraction), bools and string arrays.
func zipkinText(v model.Value) string {
	switch v.Type() {
	case model.TypeString:
		return v.Str()
	case model.TypeInt:
		return strconv.FormatInt(v.Int(), 10)
	case model.TypeBool:
		return strconv.FormatBool(v.Bool())
	case model.TypeDouble:
		s := strconv.FormatFloat(v.Double(), 'g', -1, 64)
		if v.Double() == math.Trunc(v.Double()) {
			s += ".0"
		}
		return s
	}
	return string(v.AppendJSON(nil))
}

// TestRoundTripGeneratedChrome encodes generated batches as Chrome JSON and
// decodes them. The encoder writes each span's ids into its args and the
// decoder reads them back, so every span keeps its trace id, id and parent
// whatever thread it lands on, with its name, times, service, status and
// typed attributes. Span events come back as instants, which nest by time
// on the span's thread: all of them come back, on the span or a descendant.
func TestRoundTripGeneratedChrome(t *testing.T) {
	added := []string{"thread.id", "span.kind", "otel.scope.name", "otel.scope.version", "error"}
	for _, sh := range shapes {
		t.Run(sh.String(), func(t *testing.T) {
			b := generated(sh)
			out := encode(t, b, export.Chrome)
			requireThreadsNest(t, out)
			got := decode(t, out, export.Chrome)
			require.Len(t, got.Spans, len(b.Spans))
			events, gotEvents := 0, 0
			for i := range b.Spans {
				w, g := &b.Spans[i], &got.Spans[i]
				require.Equal(t, w.TraceID, g.TraceID, "span %d trace id", i)
				require.Equal(t, w.ID, g.ID, "span %d id", i)
				require.Equal(t, w.ParentID, g.ParentID, "span %d parent", i)
				require.Equal(t, w.Name, g.Name, "span %d", i)
				require.Equal(t, w.Start, g.Start, "span %d start", i)
				require.Equal(t, w.End, g.End, "span %d end", i)
				require.Equal(t, w.Service, g.Service, "span %d service", i)
				require.Equal(t, w.Status, g.Status, "span %d status", i)
				attrs := slices.DeleteFunc(slices.Clone(g.Attrs), func(a model.Attr) bool { return slices.Contains(added, a.Key) })
				requireAttrs(t, w.Attrs, attrs, "span "+strconv.Itoa(i))
				events += len(w.Events)
				gotEvents += len(g.Events)
			}
			require.Equal(t, events, gotEvents, "events")
			requireEventsInSubtree(t, b, got)
		})
	}
}

// requireEventsInSubtree checks that every event of got is on the span of
// want (matched by id) that had it, or on one of that span's descendants.
func requireEventsInSubtree(t *testing.T, want, got *model.Batch) {
	t.Helper()
	type event struct {
		time int64
		name string
	}
	owner := map[event]model.SpanID{}
	parent := map[model.SpanID]model.SpanID{}
	for _, sp := range want.Spans {
		parent[sp.ID] = sp.ParentID
		for _, e := range sp.Events {
			owner[event{e.Time, e.Name}] = sp.ID
		}
	}
	for _, sp := range got.Spans {
		for _, e := range sp.Events {
			o, ok := owner[event{e.Time, e.Name}]
			require.True(t, ok, "event %s@%d of span %s was not in the input", e.Name, e.Time, sp.ID)
			id := sp.ID
			for id != o && !id.IsZero() {
				id = parent[id]
			}
			require.Equal(t, o, id, "event %s@%d of span %s: not a descendant of its span %s", e.Name, e.Time, sp.ID, o)
		}
	}
}

// requireThreadsNest checks that the X events of every thread of a Chrome
// trace nest: any two are disjoint or one contains the other.
func requireThreadsNest(t *testing.T, data []byte) {
	t.Helper()
	var doc struct {
		TraceEvents []struct {
			Name     string
			Ph       string
			Ts, Dur  json.Number
			Pid, Tid int
		}
	}
	require.NoError(t, json.Unmarshal(data, &doc))
	type slice struct {
		name       string
		start, end int64
	}
	threads := map[[2]int][]slice{}
	for _, e := range doc.TraceEvents {
		if e.Ph == "X" {
			s := parseMicros(t, string(e.Ts))
			threads[[2]int{e.Pid, e.Tid}] = append(threads[[2]int{e.Pid, e.Tid}], slice{e.Name, s, s + parseMicros(t, string(e.Dur))})
		}
	}
	for th, ss := range threads {
		for i, a := range ss {
			for _, b := range ss[i+1:] {
				disjoint := a.end <= b.start || b.end <= a.start
				nested := a.start <= b.start && b.end <= a.end || b.start <= a.start && a.end <= b.end
				require.True(t, disjoint || nested, "thread %v: %s [%d, %d] and %s [%d, %d] overlap without nesting", th, a.name, a.start, a.end, b.name, b.start, b.end)
			}
		}
	}
}

// parseMicros reads a decimal number of microseconds exactly, as ns.
func parseMicros(t *testing.T, s string) int64 {
	whole, frac, _ := strings.Cut(s, ".")
	frac = (frac + "000")[:3]
	n, err := strconv.ParseInt(whole+frac, 10, 64)
	require.NoError(t, err, "ts %q", s)
	return n
}
