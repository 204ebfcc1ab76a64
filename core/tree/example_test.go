package tree_test

import (
	"fmt"
	"strings"

	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/core/tree"
)

func ExampleBuild() {
	span := func(id, parent byte, name, service string, start, end int64) model.Span {
		return model.Span{
			TraceID: model.TraceID{15: 1}, ID: model.SpanID{7: id}, ParentID: model.SpanID{7: parent},
			Name: name, Service: service, Start: start, End: end, Resource: -1, Scope: -1,
		}
	}
	b := &model.Batch{Spans: []model.Span{
		span(3, 1, "SELECT", "db", 800, 900), // db's clock runs behind
		span(1, 0, "GET /cart", "web", 1000, 2000),
		span(2, 1, "render", "web", 1600, 1900),
	}}
	f := tree.Build(b, tree.Options{AdjustSkew: true})
	for _, i := range f.Order {
		s := &b.Spans[i]
		fmt.Printf("%s%s %d-%d", strings.Repeat("  ", int(f.Depth[i])), s.Name, f.Start[i], f.End[i])
		if f.Flags[i] != 0 {
			fmt.Printf(" %v (shifted %+d, raw start %d)", f.Flags[i], f.Shift[i], s.Start)
		}
		fmt.Println()
	}
	fmt.Println(f.Skews)
	// Output:
	// GET /cart 1000-2000
	//   SELECT 1450-1550 skewed|adjusted (shifted +650, raw start 800)
	//   render 1600-1900
	// [{0 650 true}]
}
