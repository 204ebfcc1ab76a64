package engine

import (
	"github.com/spanlens/spanlens/core/ingest"
	"github.com/spanlens/spanlens/core/tree"
)

func cmdHello(c *call) (Result, error) {
	if err := c.args(&struct{}{}); err != nil {
		return Result{}, err
	}
	return Result{JSON: map[string]any{
		"protocol": ProtocolVersion,
		"version":  Version,
		"formats":  ingest.Formats(),
	}}, nil
}

type loadArgs struct {
	Format     string        `json:"format"`
	Limits     ingest.Limits `json:"limits"`
	AdjustSkew bool          `json:"adjustSkew"`
}

// Load decodes data and builds its tree, returning the new document's
// handle. It is what the load command does, for Go callers.
func (e *Engine) Load(data []byte, format ingest.Format, limits ingest.Limits, adjustSkew bool, progress func(ingest.Progress)) (uint32, *Doc, error) {
	e.mu.Lock()
	full := len(e.docs) >= e.cfg.MaxDocs
	e.mu.Unlock()
	if full {
		return 0, nil, &Error{Kind: "LimitError", Message: "spanlens: load: too many documents loaded at once; free some first"}
	}
	b, err := ingest.Decode(data, ingest.Options{
		Format:   format,
		Limits:   limits.Within(e.cfg.Limits),
		Progress: progress,
	})
	if err != nil {
		return 0, nil, err
	}
	d := &Doc{Batch: b, Forest: tree.Build(b, tree.Options{AdjustSkew: adjustSkew}), Size: len(data)}
	e.mu.Lock()
	e.next++
	h := e.next
	e.docs[h] = d
	e.mu.Unlock()
	return h, d, nil
}

func cmdLoad(c *call) (Result, error) {
	var a loadArgs
	if err := c.args(&a); err != nil {
		return Result{}, err
	}
	h, d, err := c.e.Load(c.req.Payload, ingest.Format(a.Format), a.Limits, a.AdjustSkew, c.progress)
	if err != nil {
		return Result{}, err
	}
	return Result{JSON: map[string]any{
		"handle":   h,
		"format":   d.Batch.Format,
		"spans":    len(d.Batch.Spans),
		"traces":   traceList(d),
		"warnings": warningList(d),
	}}, nil
}

func cmdFree(c *call) (Result, error) {
	if err := c.args(&struct{}{}); err != nil {
		return Result{}, err
	}
	c.e.mu.Lock()
	delete(c.e.docs, c.req.Handle)
	c.e.mu.Unlock()
	return Result{JSON: struct{}{}}, nil
}
