package engine

import (
	"strconv"

	"github.com/spanlens/spanlens/core/tree"
)

func cmdTraces(c *call) (Result, error) {
	if err := c.args(&struct{}{}); err != nil {
		return Result{}, err
	}
	return Result{JSON: c.doc.Traces()}, nil
}

// cmdTree sends the flat tree arrays; times are relative to the base.
func cmdTree(c *call) (Result, error) {
	if err := c.args(&struct{}{}); err != nil {
		return Result{}, err
	}
	d := c.doc
	f, b := d.Tree(), d.Base()
	n := len(f.Start)
	start, end := make([]float64, n), make([]float64, n)
	for i := range n {
		start[i] = float64(f.Start[i] - b)
		end[i] = float64(f.End[i] - b)
	}
	return Result{
		JSON: map[string]any{"spans": n, "base": strconv.FormatInt(b, 10)},
		Arrays: []Array{
			I32("parent", f.Parent), I32("depth", f.Depth), I32("order", f.Order),
			I32("childCount", f.ChildCount), I32("size", f.Size),
			F64("start", start), F64("end", end), U8("flags", flagBytes(f.Flags)),
		},
	}, nil
}

func flagBytes(fs []tree.Flag) []uint8 {
	out := make([]uint8, len(fs))
	for i, fl := range fs {
		out[i] = uint8(fl)
	}
	return out
}

func cmdSpan(c *call) (Result, error) {
	var a struct {
		Index *int32 `json:"index"`
	}
	if err := c.args(&a); err != nil {
		return Result{}, err
	}
	if a.Index == nil {
		return Result{}, typeErrorf("span: index must be 0..%d", c.doc.Len()-1)
	}
	s, err := c.doc.Span(*a.Index)
	return Result{JSON: s}, err
}
