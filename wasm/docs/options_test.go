package docs

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spanlens/spanlens"
)

// attrs serves ParseOptions from a map: a key present with "" is an
// attribute written alone (<div data-spanlens-critical-path>).
func attrs(m map[string]string) func(string) (string, bool) {
	return func(name string) (string, bool) {
		v, ok := m[name]
		return v, ok
	}
}

func TestParseOptions(t *testing.T) {
	env := Env{Width: 640, Viewer: "../dashboard/"}
	for _, tt := range []struct {
		name  string
		attrs map[string]string
		env   Env
		want  Options
	}{
		{"defaults", map[string]string{AttrSrc: "trace.json"}, env, Options{
			Src: "trace.json", MaxBytes: 32 << 20, Viewer: "../dashboard/",
			SVG: spanlens.SVGOptions{View: "waterfall", Theme: "light", Width: 640, RowsKnob: AttrMaxRows},
		}},
		{"dark page, narrow element, no viewer", map[string]string{AttrSrc: " a.json ", AttrViewer: "none"}, Env{Width: 120, Dark: true}, Options{
			Src: "a.json", MaxBytes: 32 << 20,
			SVG: spanlens.SVGOptions{View: "waterfall", Theme: "dark", Width: 300, RowsKnob: AttrMaxRows},
		}},
		{"hidden element takes the SVG's default width", map[string]string{AttrSrc: "a.json"}, Env{}, Options{
			Src: "a.json", MaxBytes: 32 << 20,
			SVG: spanlens.SVGOptions{View: "waterfall", Theme: "light", RowsKnob: AttrMaxRows},
		}},
		{"every attribute", map[string]string{
			AttrSrc: "b.json", AttrView: "flame", AttrTheme: "dark", AttrWidth: "900", AttrCriticalPath: "",
			AttrTrace: "-1", AttrMaxRows: "50", AttrMaxBytes: "1000", AttrViewer: "/viewer/",
		}, env, Options{
			Src: "b.json", MaxBytes: 1000, Viewer: "/viewer/",
			SVG: spanlens.SVGOptions{View: "flame", Theme: "dark", Width: 900, CriticalPath: true, Trace: -1, MaxRows: 50, RowsKnob: AttrMaxRows},
		}},
		{"critical path false, light on a dark page", map[string]string{AttrSrc: "c.json", AttrCriticalPath: "false", AttrTheme: "light"}, Env{Width: 20_000, Dark: true}, Options{
			Src: "c.json", MaxBytes: 32 << 20,
			SVG: spanlens.SVGOptions{View: "waterfall", Theme: "light", Width: 20_000, RowsKnob: AttrMaxRows},
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseOptions(attrs(tt.attrs), tt.env)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestParseOptionsErrors(t *testing.T) {
	for _, tt := range []struct {
		attrs map[string]string
		want  string
	}{
		{map[string]string{AttrSrc: "  "}, `spanlens docs: data-spanlens-src is empty (want the URL of a trace file)`},
		{map[string]string{AttrSrc: "a", AttrView: "tree"}, `spanlens docs: data-spanlens-view "tree": want waterfall or flame`},
		{map[string]string{AttrSrc: "a", AttrTheme: "Dark"}, `spanlens docs: data-spanlens-theme "Dark": want light or dark`},
		{map[string]string{AttrSrc: "a", AttrWidth: "299"}, `spanlens docs: data-spanlens-width "299": want pixels, 300..20000`},
		{map[string]string{AttrSrc: "a", AttrWidth: "50%"}, `spanlens docs: data-spanlens-width "50%": want pixels, 300..20000`},
		{map[string]string{AttrSrc: "a", AttrCriticalPath: "yes"}, `spanlens docs: data-spanlens-critical-path "yes": want true or false (or the attribute alone)`},
		{map[string]string{AttrSrc: "a", AttrTrace: "-2"}, `spanlens docs: data-spanlens-trace "-2": want a trace index (-1 draws every trace), -1..1073741824`},
		{map[string]string{AttrSrc: "a", AttrMaxRows: "0"}, `spanlens docs: data-spanlens-max-rows "0": want rows, 1..5000`},
		{map[string]string{AttrSrc: "a", AttrMaxBytes: "536870913"}, `spanlens docs: data-spanlens-max-bytes "536870913": want bytes, 1..536870912`},
	} {
		_, err := ParseOptions(attrs(tt.attrs), Env{Width: 500})
		assert.EqualError(t, err, tt.want)
	}
}

func TestBodyLimit(t *testing.T) {
	b := &Body{URL: "https://docs.example/t.json", Max: 10}
	require.NoError(t, b.Expect(-1)) // no Content-Length
	require.NoError(t, b.Add([]byte("0123")))
	require.NoError(t, b.Add([]byte("456789"))) // exactly the limit
	assert.Equal(t, "0123456789", string(b.Bytes()))
	assert.EqualError(t, b.Add([]byte("x")),
		"spanlens docs: https://docs.example/t.json: 11 bytes or more, over the limit of 10 (raise data-spanlens-max-bytes, up to 536870912)")
	assert.Equal(t, "0123456789", string(b.Bytes()), "a refused chunk is not kept")

	b = &Body{URL: "t.json", Max: 10}
	assert.EqualError(t, b.Expect(11), "spanlens docs: t.json: 11 bytes or more, over the limit of 10 (raise data-spanlens-max-bytes, up to 536870912)")
	require.NoError(t, (&Body{Max: 10}).Expect(10))
}

func TestDetails(t *testing.T) {
	// HotROD's failing span: 0.78 ms, status error with a message.
	d, err := spanlens.Open([]byte(`{"data":[{"traceID":"1","spans":[
		{"traceID":"1","spanID":"a","operationName":"GetDriver","startTime":1000,"duration":780,"processID":"p1",
		 "tags":[{"key":"error","type":"bool","value":true},{"key":"otel.status_description","type":"string","value":"redis timeout"}]},
		{"traceID":"1","spanID":"b","operationName":"<script>x</script>","startTime":1000,"duration":2500000,"processID":"p1",
		 "references":[{"refType":"CHILD_OF","traceID":"1","spanID":"a"}]}],
		"processes":{"p1":{"serviceName":"redis"}}}]}`), spanlens.Options{})
	require.NoError(t, err)
	failed, err := d.Span(0)
	require.NoError(t, err)
	assert.Equal(t, []Detail{
		{"", "GetDriver"}, {"service", "redis"}, {"duration", "780µs"}, {"status", "error: redis timeout"},
	}, Details(failed, 1))
	child, err := d.Span(1)
	require.NoError(t, err)
	got := Details(child, 3)
	assert.Equal(t, []Detail{
		{"", "3 spans, too narrow to draw apart"}, {"first", "<script>x</script>"}, {"service", "redis"}, {"duration", "2.50s"}, {"status", "unset"},
	}, got)
	assert.False(t, strings.Contains(got[0].Value, "&lt;"), "details are text, not markup: no escaping here")
}
