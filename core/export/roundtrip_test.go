package export_test

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/spanlens/spanlens/core/export"
	"github.com/spanlens/spanlens/core/ingest"
	"github.com/spanlens/spanlens/core/model"
	"github.com/stretchr/testify/require"
)

// samples returns the testdata inputs of format f: the .json, .jsonl and
// .pb files (other packages keep their goldens beside them).
func samples(t testing.TB, f export.Format) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", string(f), "*"))
	require.NoError(t, err)
	files = slices.DeleteFunc(files, func(p string) bool {
		return !strings.HasSuffix(p, ".json") && !strings.HasSuffix(p, ".jsonl") && !strings.HasSuffix(p, ".pb")
	})
	require.NotEmpty(t, files, "no samples for %s", f)
	return files
}

func decode(t testing.TB, data []byte, f export.Format) *model.Batch {
	t.Helper()
	b, err := ingest.Decode(data, ingest.Options{Format: ingest.Format(f)})
	require.NoError(t, err, "decoding %s:\n%s", f, head(data))
	return b
}

func encode(t testing.TB, b *model.Batch, f export.Format) []byte {
	t.Helper()
	out, err := export.Append(nil, b, f)
	require.NoError(t, err)
	return out
}

func head(b []byte) string {
	if len(b) > 2000 {
		return string(b[:2000]) + "..."
	}
	return string(b)
}

// TestRoundTripSamples decodes every sample, encodes it in its own format
// and decodes that: the two models must be equal, except for the thread
// and process ids a Chrome encoding chooses afresh (see chromeView); ids
// and parents survive a Chrome round trip too. Encoding the second model
// must give the same bytes as encoding the first.
func TestRoundTripSamples(t *testing.T) {
	for _, f := range export.Formats() {
		for _, path := range samples(t, f) {
			t.Run(string(f)+"/"+filepath.Base(path), func(t *testing.T) {
				data, err := os.ReadFile(path)
				require.NoError(t, err)
				b1 := decode(t, data, f)
				out1 := encode(t, b1, f)
				b2 := decode(t, out1, f)
				if f == export.Chrome {
					requireSameModel(t, chromeView(b1), chromeView(b2))
				} else {
					requireSameModel(t, b1, b2)
				}
				out2 := encode(t, b2, f)
				require.Equal(t, string(out1), string(out2), "encode(decode(encode(x))) differs from encode(x)")
			})
		}
	}
}

// TestRoundTripNonFiniteDoubles encodes NaN and ±Inf, which OTLP/JSON
// writes as the protobuf-JSON strings "NaN", "Infinity" and "-Infinity",
// and decodes them back as the same doubles: as attributes, inside arrays
// and maps, and on events.
func TestRoundTripNonFiniteDoubles(t *testing.T) {
	nan, inf, ninf := model.DoubleValue(math.NaN()), model.DoubleValue(math.Inf(1)), model.DoubleValue(math.Inf(-1))
	attrs := model.Attrs{
		{Key: "nan", Value: nan},
		{Key: "inf", Value: inf},
		{Key: "-inf", Value: ninf},
		{Key: "array", Value: model.ArrayValue(nan, inf, ninf)},
		{Key: "map", Value: model.MapValue(model.Attr{Key: "x", Value: ninf})},
	}
	b := &model.Batch{Spans: []model.Span{{
		TraceID: model.TraceID{15: 1}, ID: model.SpanID{7: 1}, Start: 1_000, End: 2_000,
		Name: "op", Kind: model.KindInternal, Resource: -1, Scope: -1, Attrs: attrs,
		Events: []model.Event{{Time: 1_500, Name: "e", Attrs: attrs[:3]}},
	}}}
	out := encode(t, b, export.OTLPJSON)
	for _, want := range []string{`{"doubleValue":"NaN"}`, `{"doubleValue":"Infinity"}`, `{"doubleValue":"-Infinity"}`} {
		require.Contains(t, string(out), want)
	}
	got := decode(t, out, export.OTLPJSON)
	requireSameModel(t, b, got)
	require.True(t, math.IsNaN(got.Spans[0].Attrs[0].Value.Double()))
	require.True(t, math.IsInf(got.Spans[0].Events[0].Attrs[2].Value.Double(), -1))
}

// chromeView drops from a Chrome-decoded batch what a Chrome round trip
// does not keep: thread ids (lanes are chosen afresh) and process ids.
func chromeView(b *model.Batch) *model.Batch {
	drop := func(a model.Attrs, keys ...string) model.Attrs {
		return slices.DeleteFunc(slices.Clone(a), func(x model.Attr) bool { return slices.Contains(keys, x.Key) })
	}
	out := *b
	out.Spans = slices.Clone(b.Spans)
	for i := range out.Spans {
		out.Spans[i].Attrs = drop(out.Spans[i].Attrs, "thread.id")
	}
	out.Resources = slices.Clone(b.Resources)
	for i := range out.Resources {
		out.Resources[i].Attrs = drop(out.Resources[i].Attrs, "process.pid")
	}
	return &out
}

// requireSameModel compares two batches span by span, resolving resources
// and scopes (whose indexes may differ), and ignoring warnings.
func requireSameModel(t testing.TB, want, got *model.Batch) {
	t.Helper()
	require.Len(t, got.Spans, len(want.Spans), "span count")
	for i := range want.Spans {
		w, g := &want.Spans[i], &got.Spans[i]
		where := "span " + itoa(i) + " (" + w.Name + ")"
		require.Equal(t, w.TraceID, g.TraceID, "%s: trace id", where)
		require.Equal(t, w.ID, g.ID, "%s: id", where)
		require.Equal(t, w.ParentID, g.ParentID, "%s: parent", where)
		require.Equal(t, w.Name, g.Name, "%s: name", where)
		require.Equal(t, w.Kind, g.Kind, "%s: kind", where)
		require.Equal(t, w.Status, g.Status, "%s: status", where)
		require.Equal(t, w.Start, g.Start, "%s: start", where)
		require.Equal(t, w.End, g.End, "%s: end", where)
		require.Equal(t, w.Service, g.Service, "%s: service", where)
		requireAttrs(t, w.Attrs, g.Attrs, where+": attributes")
		require.Len(t, g.Events, len(w.Events), "%s: events", where)
		for j := range w.Events {
			we, ge := &w.Events[j], &g.Events[j]
			require.Equal(t, we.Time, ge.Time, "%s: event %d time", where, j)
			require.Equal(t, we.Name, ge.Name, "%s: event %d name", where, j)
			requireAttrs(t, we.Attrs, ge.Attrs, where+": event "+itoa(j))
		}
		require.Len(t, g.Links, len(w.Links), "%s: links", where)
		for j := range w.Links {
			wl, gl := &w.Links[j], &g.Links[j]
			require.Equal(t, wl.TraceID, gl.TraceID, "%s: link %d trace", where, j)
			require.Equal(t, wl.SpanID, gl.SpanID, "%s: link %d span", where, j)
			require.Equal(t, wl.TraceState, gl.TraceState, "%s: link %d trace state", where, j)
			requireAttrs(t, wl.Attrs, gl.Attrs, where+": link "+itoa(j))
		}
		wr, gr := resource(want, w), resource(got, g)
		require.Equal(t, wr.Service, gr.Service, "%s: resource service", where)
		requireAttrs(t, wr.Attrs, gr.Attrs, where+": resource")
		ws, gs := scope(want, w), scope(got, g)
		require.Equal(t, ws.Name, gs.Name, "%s: scope name", where)
		require.Equal(t, ws.Version, gs.Version, "%s: scope version", where)
		requireAttrs(t, ws.Attrs, gs.Attrs, where+": scope")
	}
}

func requireAttrs(t testing.TB, want, got model.Attrs, where string) {
	t.Helper()
	if !model.AttrsEqual(want, got) {
		require.Equal(t, attrStrings(want), attrStrings(got), where)
		require.Fail(t, "attributes differ in type", "%s:\nwant %v\ngot  %v", where, attrTypes(want), attrTypes(got))
	}
}

func attrStrings(a model.Attrs) []string {
	var out []string
	for _, x := range a {
		out = append(out, x.Key+"="+x.Value.AsString())
	}
	return out
}

func attrTypes(a model.Attrs) []string {
	var out []string
	for _, x := range a {
		out = append(out, x.Key+":"+x.Value.Type().String())
	}
	return out
}

func resource(b *model.Batch, sp *model.Span) model.Resource {
	if sp.Resource >= 0 && int(sp.Resource) < len(b.Resources) {
		return b.Resources[sp.Resource]
	}
	return model.Resource{}
}

func scope(b *model.Batch, sp *model.Span) model.Scope {
	if sp.Scope >= 0 && int(sp.Scope) < len(b.Scopes) {
		return b.Scopes[sp.Scope]
	}
	return model.Scope{}
}

func itoa(i int) string { return strconv.Itoa(i) }
