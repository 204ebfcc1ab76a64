package engine

import (
	"errors"
	"strconv"

	"github.com/spanlens/spanlens"
	"github.com/spanlens/spanlens/core/ingest"
	"github.com/spanlens/spanlens/core/model"
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
	if e.full() {
		return 0, nil, errTooManyDocs
	}
	opts.Limits = opts.Limits.Within(e.cfg.Limits)
	d, err := spanlens.Open(data, opts)
	if err != nil {
		return 0, nil, knobbed(err)
	}
	return e.register(d), d, nil
}

var errTooManyDocs = &Error{Kind: "LimitError", Message: "spanlens: load: too many documents loaded at once; free some first"}

func (e *Engine) full() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.docs) >= e.cfg.MaxDocs
}

// register keeps d and returns its handle.
func (e *Engine) register(d *spanlens.Document) uint32 {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.next++
	e.docs[e.next] = d
	return e.next
}

// knobbed names, in a LimitError, the load option that raises the limit,
// as the JS package spells it.
func knobbed(err error) error {
	var le *ingest.LimitError
	if errors.As(err, &le) {
		if lf, ok := ingest.LookupLimit(le.Limit); ok {
			le.Knob = "limits." + lf.JSON
		}
	}
	return err
}

// decode decodes data as load does, without making a document of it.
func (e *Engine) decode(data []byte, a loadArgs, progress func(ingest.Progress)) (*model.Batch, error) {
	b, err := ingest.Decode(data, ingest.Options{Format: ingest.Format(a.Format), Limits: a.Limits.Within(e.cfg.Limits), Progress: progress})
	return b, knobbed(err)
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
	return knobbed(&ingest.LimitError{Format: ingest.Format(a.Format), Limit: "MaxBytes", Max: l.MaxBytes})
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
