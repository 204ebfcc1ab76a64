package tree

import (
	"slices"
	"testing"

	"github.com/spanlens/spanlens/core/model"
	"github.com/stretchr/testify/assert"
)

// skewSiblings is a root on service a with one child per case of the
// detection rule; ids are index+1.
func skewSiblings() []model.Span {
	return []model.Span{
		on("a", sp(1, 0, 1000, 2000)),
		on("b", sp(2, 1, 900, 1500)),  // starts early, shorter: centre, +300
		on("a", sp(3, 1, 900, 1500)),  // same service: not skew
		on("b", sp(4, 1, 1500, 2100)), // ends late, shorter: centre, -300
		on("b", sp(5, 1, 1200, 1300)), // fits
		on("b", sp(6, 1, 500, 2500)),  // longer, starts early: to parent start, +500
		on("b", sp(7, 1, 1500, 3000)), // longer, starts inside: outlived its caller
	}
}

func TestSkewDetection(t *testing.T) {
	spans := skewSiblings()
	f := Build(batch(spans...), Options{})
	assert.Equal(t, []int32{0, 5, 1, 2, 4, 3, 6}, f.Order)
	assert.Equal(t, []Skew{{Span: 5, Delta: 500}, {Span: 1, Delta: 300}, {Span: 3, Delta: -300}}, f.Skews)
	assert.Equal(t, []Flag{0, Skewed, 0, Skewed, 0, Skewed, 0}, f.Flags)
	assert.Equal(t, []int64{1000, 900, 900, 1500, 1200, 500, 1500}, f.Start)
	assert.Equal(t, []int64{2000, 1500, 1500, 2100, 1300, 2500, 3000}, f.End)
	assert.Nil(t, f.Shift)
	assert.Equal(t, []model.Warning{{Span: 5, Message: "trace 0000000000000001: 3 spans outside a parent on another service " +
		"(clock skew), not adjusted (first: span 0000000000000006)"}}, f.Warnings)
}

func TestSkewAdjustBranches(t *testing.T) {
	spans := skewSiblings()
	raw := slices.Clone(spans)
	f := Build(batch(spans...), Options{AdjustSkew: true})
	assert.Equal(t, []int64{1000, 1200, 900, 1200, 1200, 1000, 1500}, f.Start)
	assert.Equal(t, []int64{2000, 1800, 1500, 1800, 1300, 3000, 3000}, f.End)
	assert.Equal(t, []int64{0, 300, 0, -300, 0, 500, 0}, f.Shift)
	assert.Equal(t, []Flag{0, Skewed | Adjusted, 0, Skewed | Adjusted, 0, Skewed | Adjusted, 0}, f.Flags)
	// Siblings are ordered by their adjusted times.
	assert.Equal(t, []int32{0, 2, 5, 4, 1, 3, 6}, f.Order)
	assert.Equal(t, []Skew{{Span: 5, Delta: 500, Adjusted: true}, {Span: 1, Delta: 300, Adjusted: true},
		{Span: 3, Delta: -300, Adjusted: true}}, f.Skews)
	assert.Equal(t, "trace 0000000000000001: 3 spans outside a parent on another service (clock skew), adjusted (first: span 0000000000000006)",
		f.Warnings[0].Message)
	assert.Equal(t, raw, spans, "raw spans must not change")
}

// skewChain: b's clock runs 500 behind a's; c and the last b span are
// judged against their parents' adjusted times.
func skewChain() []model.Span {
	return []model.Span{
		on("a", sp(1, 0, 1000, 2000)),
		on("b", sp(2, 1, 800, 1200)),  // centred in 1: +500 → [1300,1700]
		on("b", sp(3, 2, 850, 900)),   // same service as its parent: moves with it
		on("b", sp(4, 3, 820, 830)),   // and so does its child
		on("c", sp(5, 2, 1310, 1690)), // fits the adjusted parent: no shift
		on("c", sp(6, 2, 700, 750)),   // centred in adjusted 2: +775 → [1475,1525]
		on("b", sp(7, 6, 1000, 1010)), // centred in adjusted 6: +495 → [1495,1505]
	}
}

func TestSkewAdjustPropagates(t *testing.T) {
	spans := skewChain()
	raw := slices.Clone(spans)
	f := Build(batch(spans...), Options{AdjustSkew: true})
	assert.Equal(t, []int64{1000, 1300, 1350, 1320, 1310, 1475, 1495}, f.Start)
	assert.Equal(t, []int64{2000, 1700, 1400, 1330, 1690, 1525, 1505}, f.End)
	assert.Equal(t, []int64{0, 500, 500, 500, 0, 775, 495}, f.Shift)
	assert.Equal(t, []Flag{0, Skewed | Adjusted, Adjusted, Adjusted, 0, Skewed | Adjusted, Skewed | Adjusted}, f.Flags)
	assert.Equal(t, []int32{0, 1, 4, 2, 3, 5, 6}, f.Order)
	assert.Equal(t, []Skew{{Span: 1, Delta: 500, Adjusted: true}, {Span: 5, Delta: 775, Adjusted: true},
		{Span: 6, Delta: 495, Adjusted: true}}, f.Skews)
	assert.Equal(t, raw, spans, "raw spans must not change")
	for i := range spans {
		assert.Equal(t, spans[i].Start, f.Start[i]-f.Shift[i], "raw start of span %d", i)
	}
}

func TestSkewChainDetectionOnly(t *testing.T) {
	f := Build(batch(skewChain()...), Options{})
	// Judged against raw parents: 5 fits adjusted 2 but not raw 2.
	assert.Equal(t, []Skew{{Span: 1, Delta: 500}, {Span: 5, Delta: 275}, {Span: 6, Delta: -280}, {Span: 4, Delta: -500}}, f.Skews)
	assert.Equal(t, []int32{0, 1, 5, 6, 2, 3, 4}, f.Order)
	assert.Nil(t, f.Shift)
}

func TestSkewHosts(t *testing.T) {
	host := func(h string) model.Resource {
		return model.Resource{Service: "svc", Attrs: model.Attrs{{Key: hostKey, Value: model.StringValue(h)}}}
	}
	res := func(r int32, s model.Span) model.Span { s.Resource = r; return s }
	tests := []struct {
		name  string
		child model.Span
		skews []Skew
	}{
		{"same service, other host", res(1, sp(2, 1, 900, 1100)), []Skew{{Span: 1, Delta: 200}}},
		{"same service, same host", res(2, sp(2, 1, 900, 1100)), nil},
		{"same service, host unknown", res(-1, sp(2, 1, 900, 1100)), nil},
		{"no service, other host", on("", res(1, sp(2, 1, 900, 1100))), []Skew{{Span: 1, Delta: 200}}},
		{"no service, host unknown", on("", res(-1, sp(2, 1, 900, 1100))), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent := res(0, sp(1, 0, 1000, 1400))
			if tt.child.Service == "" {
				parent = on("", parent)
			}
			b := batch(parent, tt.child)
			b.Resources = []model.Resource{host("h1"), host("h2"), host("h1")}
			assert.Equal(t, tt.skews, Build(b, Options{}).Skews)
		})
	}
}

func TestSkewDelta(t *testing.T) {
	tests := []struct {
		name           string
		ps, pe, cs, ce int64
		delta          int64
		skewed         bool
	}{
		{"fits", 0, 100, 10, 90, 0, false},
		{"same bounds", 0, 100, 0, 100, 0, false},
		{"starts early", 0, 100, -20, 50, 15 + 20, true},
		{"ends late", 0, 100, 60, 130, 15 - 60, true},
		{"odd slack truncates", 0, 101, -10, 0, 45 + 10, true},
		{"longer, starts early", 0, 100, -50, 100, 50, true},
		{"longer, starts inside", 0, 100, 10, 200, 0, false},
		{"instant child outside", 0, 100, 150, 150, 50 - 150, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			delta, skewed := skewDelta(tt.ps, tt.pe, tt.cs, tt.ce)
			assert.Equal(t, tt.delta, delta)
			assert.Equal(t, tt.skewed, skewed)
		})
	}
}

func TestSkewAsync(t *testing.T) {
	kind := func(k model.SpanKind, s model.Span) model.Span { s.Kind = k; return s }
	link := func(ref string, to uint64, s model.Span) model.Span {
		s.Links = []model.Link{{TraceID: tid(1), SpanID: sid(to),
			Attrs: model.Attrs{{Key: model.RefTypeKey, Value: model.StringValue(ref)}}}}
		return s
	}
	// The parent, on service a, runs [1000, 2000]; every child is on b.
	// late runs after the parent ends: centred, it would move by
	// 1000 + (1000-100)/2 - 3000 = -1550. early starts before the parent:
	// centred, by 1000 + (1000-600)/2 - 900 = +300.
	late, early := sp(2, 1, 3000, 3100), sp(2, 1, 900, 1500)
	tests := []struct {
		name          string
		parent, child model.Span
		skews         []Skew
	}{
		{"consumer after its producer", kind(model.KindProducer, sp(1, 0, 1000, 2000)),
			kind(model.KindConsumer, late), nil},
		{"consumer before its producer", kind(model.KindProducer, sp(1, 0, 1000, 2000)),
			kind(model.KindConsumer, early), nil},
		{"consumer under an internal span", sp(1, 0, 1000, 2000), kind(model.KindConsumer, late), nil},
		{"internal child of a producer", kind(model.KindProducer, sp(1, 0, 1000, 2000)), late, nil},
		{"follows_from child", sp(1, 0, 1000, 2000), link("follows_from", 1, late), nil},
		{"child_of link to the parent", sp(1, 0, 1000, 2000), link("child_of", 1, late),
			[]Skew{{Span: 1, Delta: -1550}}},
		{"follows_from another span", sp(1, 0, 1000, 2000), link("follows_from", 7, late),
			[]Skew{{Span: 1, Delta: -1550}}},
		{"server under its client", kind(model.KindClient, sp(1, 0, 1000, 2000)),
			kind(model.KindServer, early), []Skew{{Span: 1, Delta: 300}}},
		{"internal child after its parent", sp(1, 0, 1000, 2000), late, []Skew{{Span: 1, Delta: -1550}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Build(batch(on("a", tt.parent), on("b", tt.child)), Options{AdjustSkew: true})
			assert.Equal(t, tt.skews, adjustedOff(f.Skews))
			if tt.skews == nil {
				assert.Equal(t, []Flag{0, 0}, f.Flags)
				assert.Equal(t, tt.child.Start, f.Start[1], "an async child keeps its own clock")
				assert.Empty(t, f.Warnings)
			}
		})
	}
}

// adjustedOff returns skews with Adjusted cleared, or nil for none.
func adjustedOff(skews []Skew) []Skew {
	var out []Skew
	for _, s := range skews {
		s.Adjusted = false
		out = append(out, s)
	}
	return out
}

// TestSkewAsyncSubtree: a consumer's own children, on its process, keep
// its clock; a synchronous call it makes to another process is judged
// against it as usual.
func TestSkewAsyncSubtree(t *testing.T) {
	prod := on("a", sp(1, 0, 1000, 2000))
	prod.Kind = model.KindProducer
	cons := on("b", sp(2, 1, 5000, 5400))
	cons.Kind = model.KindConsumer
	spans := []model.Span{
		prod, cons,
		on("b", sp(3, 2, 5100, 5200)), // the consumer's own work
		on("c", sp(4, 2, 4900, 5100)), // a call to c starting early: centred, 5000 + 100 - 4900 = +200
	}
	f := Build(batch(spans...), Options{AdjustSkew: true})
	assert.Equal(t, []Skew{{Span: 3, Delta: 200, Adjusted: true}}, f.Skews)
	assert.Equal(t, []int64{1000, 5000, 5100, 5100}, f.Start)
	assert.Equal(t, []Flag{0, 0, 0, Skewed | Adjusted}, f.Flags)
}
