package svg

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spanlens/spanlens/core/layout"
	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/core/tree"
)

// wellFormed fails unless out parses as XML to its end.
func wellFormed(t testing.TB, out []byte) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(out))
	for {
		_, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v\n%s", err, out)
		}
	}
}

// spans builds one trace from [start, end, start, end, …] pairs: the first
// span is the root, the rest its children, all named name.
func spans(name, service string, times ...int64) *layout.Scene {
	b := &model.Batch{}
	for k := 0; k < len(times); k += 2 {
		s := model.Span{Name: name, Service: service, Start: times[k], End: times[k+1], Resource: -1, Scope: -1}
		s.TraceID[0], s.ID[6], s.ID[7] = 1, byte(k>>9), byte(k/2+1)
		if k > 0 {
			s.ParentID[7] = 1
		}
		b.Spans = append(b.Spans, s)
	}
	return layout.NewScene(tree.Build(b, tree.Options{}))
}

func TestExtremeTimes(t *testing.T) {
	for _, tt := range []struct {
		name  string
		times []int64
	}{
		// One OTLP span from "1" to "9223372036854775807".
		{"one to MaxInt64", []int64{1, math.MaxInt64}},
		{"at MaxInt64", []int64{math.MaxInt64, math.MaxInt64}},
		{"negative", []int64{-5e9, -1e9, -4e9, -2e9}},
		{"wider than int64", []int64{math.MinInt64, math.MaxInt64, -1, math.MaxInt64}},
	} {
		for _, view := range []string{"waterfall", "flame"} {
			t.Run(tt.name+"/"+view, func(t *testing.T) {
				out, err := Append(nil, spans("op", "svc", tt.times...), Options{View: view, Trace: 0})
				require.NoError(t, err)
				wellFormed(t, out)
				assert.Less(t, len(out), 20_000)
				assert.Equal(t, len(tt.times)/2, strings.Count(string(out), "<title>svc: op"), "every span drawn")
			})
		}
	}
	// 1..MaxInt64 across the default 1200px: the waterfall's bars span
	// 1200 − 370 − 10 = 820px, and 90px between ticks is 1.01e18 ns, so the
	// axis steps by 2e18 ns: 0, 2e18, …, 8e18 (133333333 min and 20 s).
	out, err := Append(nil, spans("op", "svc", 1, math.MaxInt64), Options{Trace: 0})
	require.NoError(t, err)
	assert.Contains(t, string(out), `width="820.0" height="12"`)
	assert.Equal(t, 5, strings.Count(string(out), `text-anchor="middle"`))
	assert.Contains(t, string(out), ">133333333m20s</text>", "the tick at 8e18 ns")
}

func TestLongStringsTruncated(t *testing.T) {
	// A 1 MB span name and service must not make a 1 MB SVG: titles and
	// labels stop at MaxTextRunes.
	name := strings.Repeat("n", 1<<20)
	svc := strings.Repeat("s", 1<<20)
	for _, view := range []string{"waterfall", "flame"} {
		out, err := Append(nil, spans(name, svc, 0, 1000, 0, 500), Options{View: view, Trace: 0, Title: name})
		require.NoError(t, err)
		wellFormed(t, out)
		assert.Less(t, len(out), 8*MaxTextRunes+4_000, view)
		assert.Contains(t, string(out), "<title>"+strings.Repeat("s", MaxTextRunes-1)+"…: "+strings.Repeat("n", MaxTextRunes-1)+"… (1.0µs)</title>", view)
	}
}

func TestControlCharactersWellFormed(t *testing.T) {
	var all strings.Builder
	for r := rune(0); r < 0x100; r++ {
		all.WriteRune(r)
	}
	all.WriteString("\uFFFE\uFFFF\xff\xc3\u202e")
	for _, view := range []string{"waterfall", "flame"} {
		out, err := Append(nil, spans(all.String(), all.String(), 0, 1000), Options{View: view, Trace: 0, Width: 4000})
		require.NoError(t, err)
		wellFormed(t, out)
	}
}

func TestValidate(t *testing.T) {
	assert.NoError(t, Options{}.Validate())
	assert.NoError(t, Options{Width: MinWidth, MaxRows: MaxRowsLimit, View: "flame", Theme: "dark"}.Validate())
	for _, tt := range []struct {
		opts Options
		want string
	}{
		{Options{Width: 2_000_000_000}, "svg: width 2000000000 out of range (want 0 for the default 1200, or 300..20000 px)"},
		{Options{Width: 100}, "svg: width 100 out of range (want 0 for the default 1200, or 300..20000 px)"},
		{Options{Width: -1}, "svg: width -1 out of range (want 0 for the default 1200, or 300..20000 px)"},
		{Options{MaxRows: 1 << 30}, "svg: maxRows 1073741824 out of range (want 0 for the default 400, or 1..5000)"},
		{Options{MaxRows: -3}, "svg: maxRows -3 out of range (want 0 for the default 400, or 1..5000)"},
		{Options{View: "pie"}, `svg: unknown view "pie" (want waterfall or flame)`},
		{Options{Theme: "neon"}, `svg: unknown theme "neon" (want light or dark)`},
	} {
		assert.EqualError(t, tt.opts.Validate(), tt.want)
		_, err := Append(nil, spans("op", "svc", 0, 10), tt.opts)
		assert.EqualError(t, err, tt.want, "Append validates")
	}
	_, err := Append(nil, spans("op", "svc", 0, 10), Options{Trace: -2})
	assert.EqualError(t, err, "svg: trace -2 out of range (have 1)")
}
