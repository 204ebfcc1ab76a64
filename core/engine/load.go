package engine

import (
	"errors"
	"strconv"

	"github.com/spanlens/spanlens"
	"github.com/spanlens/spanlens/core/ingest"
)

func cmdHello(c *call) (Result, error) {
	if err := c.args(&struct{}{}); err != nil {
		return Result{}, err
	}
	return Result{JSON: map[string]any{
		"protocol": ProtocolVersion,
		"version":  Version,
		"formats":  spanlens.Formats(),
	}}, nil
}

type loadArgs struct {
	Format     string        `json:"format"`
	Limits     ingest.Limits `json:"limits"`
	AdjustSkew bool          `json:"adjustSkew"`
}

// Load opens data as a document and returns its handle. It is what the
// load command does, for Go callers; opts.Limits are held within the
// engine's.
func (e *Engine) Load(data []byte, opts spanlens.Options) (uint32, *spanlens.Document, error) {
	e.mu.Lock()
	full := len(e.docs) >= e.cfg.MaxDocs
	e.mu.Unlock()
	if full {
		return 0, nil, &Error{Kind: "LimitError", Message: "spanlens: load: too many documents loaded at once; free some first"}
	}
	opts.Limits = opts.Limits.Within(e.cfg.Limits)
	d, err := spanlens.Open(data, opts)
	if err != nil {
		// Name the load option that raises the limit, as the JS package
		// spells it.
		var le *ingest.LimitError
		if errors.As(err, &le) {
			if lf, ok := ingest.LookupLimit(le.Limit); ok {
				le.Knob = "limits." + lf.JSON
			}
		}
		return 0, nil, err
	}
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
	data := c.req.Payload
	if c.req.External != nil {
		if n := int64(c.req.External.Len()); n > a.Limits.Within(c.e.cfg.Limits).MaxBytes {
			return Result{}, c.e.maxBytesError(a)
		}
		data = c.req.appendPayload(nil)
	}
	h, d, err := c.e.Load(data, a.options(c.progress))
	if err != nil {
		return Result{}, err
	}
	return loadResult(h, d), nil
}

func (a loadArgs) options(progress func(ingest.Progress)) spanlens.Options {
	return spanlens.Options{Format: ingest.Format(a.Format), Limits: a.Limits, AdjustSkew: a.AdjustSkew, Progress: progress}
}

// maxBytesError is the LimitError of an input over a load's MaxBytes, as
// the decoder words it.
func (e *Engine) maxBytesError(a loadArgs) error {
	l := a.Limits.Within(e.cfg.Limits)
	le := &ingest.LimitError{Format: ingest.Format(a.Format), Limit: "MaxBytes", Max: l.MaxBytes}
	if lf, ok := ingest.LookupLimit(le.Limit); ok {
		le.Knob = "limits." + lf.JSON
	}
	return le
}

// loadResult is what load and loadEnd answer.
func loadResult(h uint32, d *spanlens.Document) Result {
	return Result{JSON: map[string]any{
		"handle":   h,
		"format":   d.Format(),
		"spans":    d.Len(),
		"base":     strconv.FormatInt(d.Base(), 10),
		"traces":   d.Traces(),
		"warnings": d.Warnings(),
	}}
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
