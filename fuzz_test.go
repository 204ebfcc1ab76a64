package spanlens

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/spanlens/spanlens/core/layout"
)

// FuzzDocument opens fuzzed input (seeded with every small sample) and
// checks that the document's views agree with each other, as every
// surface relies on: the base is the earliest start; Traces, Summary and
// Errors count the same spans and errors; each trace's critical path lies
// inside it in order; the empty query matches every span; a layout of the
// whole document draws at most one bar per row; the minimap never counts
// more errors than spans; the SVG is well-formed; and the OTLP/JSON export
// of a document whose spans all have trace ids opens again with the same
// spans.
func FuzzDocument(f *testing.F) {
	samples, err := filepath.Glob("testdata/*/*")
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range samples {
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() && st.Size() < 4000 && filepath.Ext(p) != ".golden" {
			data, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data, false)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, adjust bool) {
		d, err := Open(data, Options{AdjustSkew: adjust})
		if err != nil {
			return
		}
		n := d.Len()
		traces := d.Traces()
		spans, failed := 0, 0
		for i := range n {
			if d.Failed(int32(i)) {
				failed++
			}
		}
		for k, tr := range traces {
			spans += int(tr.Spans)
			if tr.Start < 0 || tr.Duration < 0 {
				t.Fatalf("trace %d: start %d, duration %d: before the base or negative", k, tr.Start, tr.Duration)
			}
			path, err := d.CriticalPath(k)
			if err != nil {
				t.Fatal(err)
			}
			for j, s := range path {
				if s.Start >= s.End || s.Start < tr.Start || s.End > tr.Start+tr.Duration || j > 0 && s.Start < path[j-1].End {
					t.Fatalf("trace %d: segment %d %+v outside [%d, %d] or out of order", k, j, s, tr.Start, tr.Start+tr.Duration)
				}
			}
		}
		if spans != n {
			t.Fatalf("traces hold %d spans of %d", spans, n)
		}
		s := d.Summary()
		if s.Spans != n || s.Errors != failed || len(d.Errors()) != failed || len(s.Traces) != len(traces) {
			t.Fatalf("summary: %d spans, %d errors, %d traces; document: %d, %d (Errors %d), %d", s.Spans, s.Errors, len(s.Traces), n, failed, len(d.Errors()), len(traces))
		}
		if hits, err := d.Search(""); err != nil || len(hits) != n {
			t.Fatalf("empty query: %d of %d spans, %v", len(hits), n, err)
		}
		if n == 0 {
			return
		}

		lo, hi := d.extent()
		if width := float64(hi - lo); width > 0 && width < 1<<53 {
			r, err := d.Layout(LayoutOptions{Trace: -1, T0: 0, T1: width, Width: 800, Rows: layout.MaxRows})
			if err != nil {
				t.Fatalf("layout of the whole document: %v", err)
			}
			if r.Bars.Len() > min(r.Rows, layout.MaxRows) || len(r.Ticks) > layout.MaxTicks {
				t.Fatalf("layout: %d bars for %d rows, %d ticks", r.Bars.Len(), r.Rows, len(r.Ticks))
			}
		}
		active, errs, err := d.Overview(64)
		if err != nil {
			t.Fatal(err)
		}
		for c := range active {
			if errs[c] > active[c] || int(active[c]) > n {
				t.Fatalf("overview column %d: %d errors of %d active, %d spans", c, errs[c], active[c], n)
			}
		}
		out, err := d.SVG(SVGOptions{Trace: -1, CriticalPath: true})
		if err != nil {
			t.Fatal(err)
		}
		for dec := xml.NewDecoder(bytes.NewReader(out)); ; {
			if _, err := dec.Token(); errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				t.Fatalf("svg: not well-formed: %v", err)
			}
		}

		otlp, err := d.AppendConvert(nil, "otlp-json")
		if err != nil {
			t.Fatal(err)
		}
		back, err := Open(otlp, Options{})
		if err != nil || back.Len() != n {
			t.Fatalf("otlp-json export of %d spans opens as %v, %v", n, back, err)
		}
	})
}
