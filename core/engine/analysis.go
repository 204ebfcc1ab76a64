package engine

import (
	"sync"

	"github.com/spanlens/spanlens/core/analyze"
)

// analysis caches per-document analysis results, computed on first use.
type analysis struct {
	criticalOnce sync.Once
	critical     [][]analyze.Segment // per trace, the path of its first root
}

// criticalPaths returns the critical path of each trace (of its first
// root).
func (d *Doc) criticalPaths() [][]analyze.Segment {
	d.analysis.criticalOnce.Do(func() {
		f := d.Forest
		d.analysis.critical = make([][]analyze.Segment, len(f.Traces))
		for t, tr := range f.Traces {
			if len(tr.Roots) > 0 {
				d.analysis.critical[t] = analyze.CriticalPath(f, tr.Roots[0])
			}
		}
	})
	return d.analysis.critical
}

// criticalSet marks the spans on any trace's critical path.
func (d *Doc) criticalSet() []bool {
	set := make([]bool, len(d.Batch.Spans))
	for _, path := range d.criticalPaths() {
		for _, s := range path {
			set[s.Span] = true
		}
	}
	return set
}

// cmdCriticalPath returns the segments of one trace's critical path, times
// relative to the document base.
func cmdCriticalPath(c *call) (Result, error) {
	var a struct {
		Trace int `json:"trace"`
	}
	if err := c.args(&a); err != nil {
		return Result{}, err
	}
	paths := c.doc.criticalPaths()
	if a.Trace < 0 || a.Trace >= len(paths) {
		return Result{}, typeErrorf("criticalPath: trace %d out of range (have %d)", a.Trace, len(paths))
	}
	b := base(c.doc.Forest)
	type seg struct {
		Span  int32 `json:"span"`
		Start int64 `json:"start"`
		End   int64 `json:"end"`
	}
	out := make([]seg, len(paths[a.Trace]))
	for k, s := range paths[a.Trace] {
		out[k] = seg{s.Span, s.Start - b, s.End - b}
	}
	return Result{JSON: out}, nil
}
