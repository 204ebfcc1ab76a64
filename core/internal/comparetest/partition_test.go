package comparetest

import (
	"strings"
	"testing"

	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/core/tree"
)

// Two traces: A (trace 1) is spans 0, 1, 2; B (trace 2) is spans 3, 4.
func forest() *tree.Forest {
	sp := func(trace, id, parent byte) model.Span {
		s := model.Span{TraceID: model.TraceID{trace}, ID: model.SpanID{id}, Start: 1, End: 2, Resource: -1, Scope: -1}
		if parent != 0 {
			s.ParentID = model.SpanID{parent}
		}
		return s
	}
	b := &model.Batch{Spans: []model.Span{sp(1, 1, 0), sp(1, 2, 1), sp(1, 3, 1), sp(2, 4, 0), sp(2, 5, 4)}}
	return tree.Build(b, tree.Options{})
}

func TestPartition(t *testing.T) {
	f := forest()
	ta, tb := -1, -1
	for k, tr := range f.Traces {
		switch f.Order[tr.First] {
		case 0:
			ta = k
		case 3:
			tb = k
		}
	}
	if ta < 0 || tb < 0 {
		t.Fatalf("traces not found: %+v", f.Traces)
	}
	for _, c := range []struct {
		name           string
		matched        [][2]int32
		removed, added []int32
		spansA, spansB int
		want           string // "" for no error, else a part of it
	}{
		{"a partition", [][2]int32{{0, 3}, {1, 4}}, []int32{2}, nil, 3, 2, ""},
		{"all removed and added", nil, []int32{0, 1, 2}, []int32{3, 4}, 3, 2, ""},
		{"an A span twice", [][2]int32{{0, 3}, {1, 4}}, []int32{1, 2}, nil, 3, 2, "A span 1 is outside its trace or listed twice"},
		{"a B span outside B", [][2]int32{{0, 3}, {1, 2}}, []int32{2}, nil, 3, 2, "B span 2 is outside"},
		{"an A span missing", [][2]int32{{0, 3}, {1, 4}}, nil, nil, 3, 2, "2 of 3 A spans"},
		{"a wrong total", [][2]int32{{0, 3}, {1, 4}}, []int32{2}, nil, 3, 5, "(totals 3, 5)"},
	} {
		err := Partition(f, ta, f, tb, c.matched, c.removed, c.added, c.spansA, c.spansB)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: got %v, want %q", c.name, err, c.want)
		}
	}
}
