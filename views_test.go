package spanlens

import (
	"runtime"
	"testing"

	"github.com/spanlens/spanlens/core/model"
)

// TestLayoutCollapsedMany: a waterfall with many folded spans ("collapse
// all") is cached under a key of its fold list, which was built by
// concatenating one number at a time: quadratic in the list (80,000
// folded spans took 2 s a layout call, and about as many GB of garbage).
func TestLayoutCollapsedMany(t *testing.T) {
	const n = 40_000
	b := &model.Batch{Format: model.OTLPJSON}
	var collapsed []int32
	for i := range n {
		sp := model.Span{Resource: -1, Scope: -1, Name: "op", Service: "svc", Start: int64(i), End: int64(2*n - i)}
		sp.TraceID[15] = 1
		sp.ID = model.SpanID{byte(i >> 16), byte(i >> 8), byte(i), 1}
		if i > 0 {
			sp.ParentID = model.SpanID{byte((i - 1) >> 16), byte((i - 1) >> 8), byte(i - 1), 1}
		}
		b.Spans = append(b.Spans, sp)
		if i%2 == 1 {
			collapsed = append(collapsed, int32(i))
		}
	}
	d := FromBatch(b, Options{})
	o := LayoutOptions{Trace: 0, T1: 2 * n, Width: 1000, Rows: 50, Collapsed: collapsed}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	res, err := d.Layout(o)
	if err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	// The chain folds at its second span: the root and span 1 are shown.
	if res.Rows != 2 {
		t.Fatalf("%d rows, want 2", res.Rows)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 64<<20 {
		t.Fatalf("one layout allocated %d MB for %d folded spans", got>>20, len(collapsed))
	}
}

// TestLayoutFoldsChange: the waterfall is rebuilt when the fold list
// changes, in any way, and not only when its length does.
func TestLayoutFoldsChange(t *testing.T) {
	b := &model.Batch{Format: model.OTLPJSON}
	// A root with children 1 and 2; 2 has a child 3.
	for i, parent := range []byte{0, 1, 1, 3} {
		sp := model.Span{Resource: -1, Scope: -1, Name: "op", Service: "svc", Start: int64(i), End: 10}
		sp.TraceID[15] = 1
		sp.ID = model.SpanID{byte(i + 1)}
		if i > 0 {
			sp.ParentID = model.SpanID{parent}
		}
		b.Spans = append(b.Spans, sp)
	}
	d := FromBatch(b, Options{})
	for _, tc := range []struct {
		folds []int32
		rows  int
	}{{nil, 4}, {[]int32{2}, 3}, {[]int32{1}, 4}, {[]int32{0}, 1}, {[]int32{}, 4}, {[]int32{2}, 3}} {
		res, err := d.Layout(LayoutOptions{Trace: 0, T1: 20, Width: 100, Rows: 10, Collapsed: tc.folds})
		if err != nil {
			t.Fatal(err)
		}
		if res.Rows != tc.rows {
			t.Errorf("folds %v: %d rows, want %d", tc.folds, res.Rows, tc.rows)
		}
	}
}
