package spanlens

import (
	"io"
	"sync"

	"github.com/spanlens/spanlens/core/analyze"
	"github.com/spanlens/spanlens/core/ingest"
	"github.com/spanlens/spanlens/core/model"
	"github.com/spanlens/spanlens/core/tree"
)

// Format names an input or output format, e.g. "otlp-json".
type Format = ingest.Format

// Limits bound what Open accepts; zero fields take the defaults
// (ingest.DefaultLimits).
type Limits = ingest.Limits

// Progress reports how far a long Open has got.
type Progress = ingest.Progress

// LimitError is the error Open returns when an input exceeds a limit; it
// names the limit.
type LimitError = ingest.LimitError

// PriceTable prices token usage by model.
type PriceTable = analyze.PriceTable

// Formats lists the input formats Open detects.
func Formats() []Format { return ingest.Formats() }

// DefaultPrices returns the embedded, dated price table.
func DefaultPrices() *PriceTable { return analyze.DefaultPrices() }

// LoadPrices reads a JSON price table and merges it over the embedded one.
func LoadPrices(data []byte) (*PriceTable, error) { return analyze.LoadPrices(data) }

// Options control how a document is opened.
type Options struct {
	// Format forces a decoder; empty detects the format from the content.
	Format Format
	// Limits bound the input; zero fields take the defaults.
	Limits Limits
	// AdjustSkew shifts child subtrees that clock skew placed outside
	// their parent; every view then uses the adjusted times.
	AdjustSkew bool
	// Prices prices token usage; nil is the embedded table.
	Prices *PriceTable
	// Progress, if set, hears about long loads.
	Progress func(Progress)
}

// Document is one opened input: its spans, their tree, and every analysis
// and view of them, each computed on first use and cached. A Document is
// safe for concurrent use.
type Document struct {
	batch  *model.Batch
	forest *tree.Forest
	size   int
	base   int64
	prices *analyze.PriceTable

	inputsOnce sync.Once
	inputs     analyze.Options
	rollOnce   sync.Once
	rolled     []analyze.Usage // per span, its subtree's usage

	// Shared by repriced copies: nothing in them depends on prices.
	paths *pathCache
	views *viewCache
}

// Open decodes data and builds its tree.
func Open(data []byte, opts Options) (*Document, error) {
	b, err := ingest.Decode(data, ingest.Options{Format: opts.Format, Limits: opts.Limits, Progress: opts.Progress})
	if err != nil {
		return nil, err
	}
	return newDocument(b, len(data), opts), nil
}

// OpenReader decodes everything r yields, as Open does. Line-delimited
// inputs (Collector JSON lines, spanforge NDJSON) are decoded as they
// arrive, a line at a time, with progress reported as they go (see
// ingest.DecodeReader).
func OpenReader(r io.Reader, opts Options) (*Document, error) {
	cr := &countingReader{r: r}
	b, err := ingest.DecodeReader(cr, ingest.Options{Format: opts.Format, Limits: opts.Limits, Progress: opts.Progress})
	if err != nil {
		return nil, err
	}
	return newDocument(b, int(cr.n), opts), nil
}

// FromBatch makes a document of spans already in memory, such as a
// finished recording. Format, Limits and Progress are not used.
func FromBatch(b *model.Batch, opts Options) *Document {
	return newDocument(b, 0, opts)
}

func newDocument(b *model.Batch, size int, opts Options) *Document {
	f := tree.Build(b, tree.Options{AdjustSkew: opts.AdjustSkew})
	d := &Document{batch: b, forest: f, size: size, prices: opts.Prices, paths: &pathCache{}, views: &viewCache{}}
	if d.prices == nil {
		d.prices = analyze.DefaultPrices()
	}
	if len(f.Traces) > 0 {
		d.base = f.Traces[0].Start
		for _, t := range f.Traces[1:] {
			d.base = min(d.base, t.Start)
		}
	}
	return d
}

// Repriced returns the document with usage priced by p (nil: the embedded
// table). It shares the spans, the tree and the views with d.
func (d *Document) Repriced(p *PriceTable) *Document {
	if p == nil {
		p = analyze.DefaultPrices()
	}
	return &Document{batch: d.batch, forest: d.forest, size: d.size, base: d.base, prices: p, paths: d.paths, views: d.views}
}

// Format is the format the document was decoded from.
func (d *Document) Format() Format { return d.batch.Format }

// Batch is the decoded spans with their raw times, resources and scopes.
// Callers must not modify it.
func (d *Document) Batch() *model.Batch { return d.batch }

// Tree is the span tree, as flat arrays indexed by span. Callers must not
// modify it.
func (d *Document) Tree() *tree.Forest { return d.forest }

// Len is the number of spans.
func (d *Document) Len() int { return len(d.batch.Spans) }

// Size is the number of input bytes decoded (0 for FromBatch).
func (d *Document) Size() int { return d.size }

// Base is the time every result is relative to: the earliest effective
// start of any trace, in Unix nanoseconds (0 for an empty document).
func (d *Document) Base() int64 { return d.base }

// Failed reports whether span i is an error (model.Span.Failed).
func (d *Document) Failed(i int32) bool { return d.forest.Flags[i]&tree.Failed != 0 }

// analysisInputs returns the per-span self times, roles and usage every
// analysis reads, computed once.
func (d *Document) analysisInputs() analyze.Options {
	d.inputsOnce.Do(func() {
		d.inputs = analyze.Options{
			Prices: d.prices,
			Rules:  analyze.DefaultRoleRules,
			Self:   analyze.SelfTimes(d.forest),
			Roles:  analyze.ClassifyRoles(d.batch, analyze.DefaultRoleRules),
			Usage:  analyze.Usages(d.batch, d.prices),
		}
	})
	return d.inputs
}

// countingReader counts the bytes OpenReader decoded.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
