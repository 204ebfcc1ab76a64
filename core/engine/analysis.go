package engine

import "github.com/spanlens/spanlens"

// priced returns the call's document priced by the request's optional
// price table (JSON, as spanlens.LoadPrices reads it).
func (c *call) priced(prices string) (*spanlens.Document, error) {
	if prices == "" {
		return c.doc, nil
	}
	t, err := spanlens.LoadPrices([]byte(prices))
	if err != nil {
		return nil, typeErrorf("%s: prices: %v", c.req.Cmd, err)
	}
	return c.doc.Repriced(t), nil
}

type pricesArgs struct {
	Prices string `json:"prices"`
}

func cmdSummary(c *call) (Result, error) {
	var a pricesArgs
	if err := c.args(&a); err != nil {
		return Result{}, err
	}
	d, err := c.priced(a.Prices)
	if err != nil {
		return Result{}, err
	}
	return Result{JSON: d.Summary()}, nil
}

func cmdErrors(c *call) (Result, error) {
	if err := c.args(&struct{}{}); err != nil {
		return Result{}, err
	}
	return Result{JSON: c.doc.Errors()}, nil
}

// cmdAgentGraph: the node of each span travels as the i32 array "node".
func cmdAgentGraph(c *call) (Result, error) {
	var a pricesArgs
	if err := c.args(&a); err != nil {
		return Result{}, err
	}
	d, err := c.priced(a.Prices)
	if err != nil {
		return Result{}, err
	}
	g := d.AgentGraph()
	return Result{JSON: g, Arrays: []Array{I32("node", g.Node)}}, nil
}

func cmdCriticalPath(c *call) (Result, error) {
	var a struct {
		Trace int `json:"trace"`
	}
	if err := c.args(&a); err != nil {
		return Result{}, err
	}
	path, err := c.doc.CriticalPath(a.Trace)
	return Result{JSON: path}, err
}

// cmdSearch: the matching span indexes travel as the i32 array "spans".
func cmdSearch(c *call) (Result, error) {
	var a struct {
		Query string `json:"query"`
	}
	if err := c.args(&a); err != nil {
		return Result{}, err
	}
	hits, err := c.doc.Search(a.Query)
	if err != nil {
		return Result{}, err
	}
	return Result{JSON: map[string]any{"matches": len(hits)}, Arrays: []Array{I32("spans", hits)}}, nil
}

func cmdCompare(c *call) (Result, error) {
	var a struct {
		Other      uint32 `json:"other"`
		Trace      int    `json:"trace"`
		OtherTrace int    `json:"otherTrace"`
	}
	if err := c.args(&a); err != nil {
		return Result{}, err
	}
	c.e.mu.Lock()
	other := c.e.docs[a.Other]
	c.e.mu.Unlock()
	if other == nil {
		return Result{}, typeErrorf("compare: other handle %d is not loaded", a.Other)
	}
	cmp, err := c.doc.Compare(a.Trace, other, a.OtherTrace)
	return Result{JSON: cmp}, err
}
