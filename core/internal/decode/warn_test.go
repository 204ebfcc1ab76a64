package decode

import (
	"fmt"
	"testing"

	"github.com/spanlens/spanlens/core/model"
)

// TestWarnPerKind: a decode lists at most MaxWarningsPerKind warnings of
// one kind (one format string), then says in one more how many it left
// out; other kinds are listed as they come.
func TestWarnPerKind(t *testing.T) {
	st := NewState(model.Zipkin, nil, Options{})
	for i := range MaxWarningsPerKind + 150 {
		st.Warn(int32(i), "zipkin: span %d has no timestamp", i)
		if i%100 == 0 {
			st.Warn(-1, "other %d", i)
		}
	}
	st.Warn(7, "one more kind")
	w := st.Done().Warnings
	want := MaxWarningsPerKind + 3 + 1 + 1
	if len(w) != want {
		t.Fatalf("%d warnings, want %d", len(w), want)
	}
	for i, k := 0, 0; k < MaxWarningsPerKind; i++ {
		if w[i].Message[0] == 'o' {
			continue
		}
		if w[i].Span != int32(k) || w[i].Message != fmt.Sprintf("zipkin: span %d has no timestamp", k) {
			t.Fatalf("warning %d: %+v", i, w[i])
		}
		k++
	}
	last := w[len(w)-1]
	if last.Span != -1 || last.Message != "zipkin: span 0 has no timestamp; and 150 more like it, not listed" {
		t.Fatalf("the count: %+v", last)
	}
	if w[len(w)-2].Message != "one more kind" {
		t.Fatalf("the last kind: %+v", w[len(w)-2])
	}
}
