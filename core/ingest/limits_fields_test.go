package ingest

import (
	"reflect"
	"testing"

	"github.com/spanlens/spanlens/core/internal/decode"
)

// LimitFields must name every field of Limits with its JSON name, so that
// every surface offers every limit.
func TestLimitFieldsCoverLimits(t *testing.T) {
	typ := reflect.TypeOf(decode.Limits{})
	if len(decode.LimitFields) != typ.NumField() {
		t.Fatalf("LimitFields has %d entries; Limits has %d fields", len(decode.LimitFields), typ.NumField())
	}
	for k, lf := range decode.LimitFields {
		f := typ.Field(k)
		tag := f.Tag.Get("json")
		if f.Name != lf.Name || tag != lf.JSON+",omitempty" {
			t.Errorf("LimitFields[%d] = %s/%s; want %s/%s", k, lf.Name, lf.JSON, f.Name, tag)
		}
	}
	if lf, _ := decode.LookupLimit("MaxAttrValueBytes"); lf.Flag() != "max-attr-value-bytes" {
		t.Errorf("Flag() = %q; want max-attr-value-bytes", lf.Flag())
	}
	var l decode.Limits
	l.Set("MaxDepth", 7)
	if l.MaxDepth != 7 || l.Get("MaxDepth") != 7 {
		t.Errorf("Set/Get MaxDepth: %+v", l)
	}
}

func TestLimitErrorKnob(t *testing.T) {
	e := &decode.LimitError{Format: Jaeger, Limit: "MaxSpans", Max: 3}
	if got, want := e.Error(), "ingest: jaeger: input exceeds Limits.MaxSpans (3); raise the limit to accept it"; got != want {
		t.Errorf("got %q; want %q", got, want)
	}
	e.Knob = "--max-spans"
	if got, want := e.Error(), "ingest: jaeger: input exceeds --max-spans (3); raise the limit to accept it"; got != want {
		t.Errorf("got %q; want %q", got, want)
	}
}
