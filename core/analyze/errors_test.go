package analyze

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/spanlens/spanlens/core/model"
)

func exception(typ, msg string) model.Event {
	return model.Event{Name: "exception", Attrs: attrs("exception.type", typ, "exception.message", msg)}
}

func TestErrors(t *testing.T) {
	f := forestOf(
		sp{id: 1, svc: "web", name: "GET /checkout", start: 0, end: 100, status: model.StatusError},
		sp{id: 2, parent: 1, svc: "payment", name: "charge", start: 10, end: 50, status: model.StatusError,
			events: []model.Event{{Name: "log"}, exception("TimeoutError", "deadline exceeded")}},
		sp{id: 3, parent: 2, svc: "db", name: "SELECT", start: 20, end: 40,
			events: []model.Event{exception("psycopg.OperationalError", "connection refused"), exception("Retry", "again")}},
		sp{id: 4, parent: 1, svc: "web", name: "render", start: 60, end: 70},
		sp{id: 5, parent: 1, svc: "cache", name: "GET", start: 70, end: 80, status: model.StatusError,
			attrs: attrs("error.type", "cache_miss")},
		sp{id: 1, svc: "other", name: "fine", start: 0, end: 5, trace: 2},
	)
	f.Batch.Spans[0].Status.Message = "upstream failed"
	want := []ErrorSpan{
		{Span: 0, Path: []int32{0}, Status: true, Message: "upstream failed"},
		{Span: 1, Path: []int32{0, 1}, Status: true, Exceptions: 1, Type: "TimeoutError", Message: "deadline exceeded"},
		{Span: 2, Path: []int32{0, 1, 2}, Exceptions: 2, Type: "psycopg.OperationalError", Message: "connection refused", Origin: true},
		{Span: 4, Path: []int32{0, 4}, Status: true, Type: "cache_miss", Origin: true},
	}
	assert.Equal(t, want, Errors(f))
	assert.True(t, f.Batch.Spans[2].Failed())
	assert.False(t, f.Batch.Spans[3].Failed())
}

func TestErrorsNone(t *testing.T) {
	assert.Nil(t, Errors(forestOf(sp{id: 1, start: 0, end: 1})))
}

func TestErrorsDeepChainBudget(t *testing.T) {
	// Every span of a deep chain fails: paths are 1, 2, 3, ... long, and
	// stop once their total would pass the budget, instead of growing
	// quadratically.
	const n = 5000
	f := chain(n)
	for i := range f.Batch.Spans {
		f.Batch.Spans[i].Status.Code = model.StatusError
	}
	errs := Errors(f)
	assert.Len(t, errs, n)
	assert.Equal(t, []int32{0, 1, 2}, errs[2].Path)
	assert.True(t, errs[n-1].Origin)
	assert.False(t, errs[0].Origin)
	total := 0
	for _, e := range errs {
		total += len(e.Path)
	}
	// 1+2+...+5000 = 12,502,500 > 4,194,304: paths 1..k with
	// k(k+1)/2 ≤ 4,194,304 → k = 2895 (2895×2896/2 = 4,191,960), then the
	// remaining budget 2,344 fits no later path (each ≥ 2896 long).
	assert.Equal(t, 4191960, total)
	assert.NotNil(t, errs[2894].Path)
	assert.Nil(t, errs[2895].Path)
}
