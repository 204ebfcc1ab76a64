// Package docs mounts static trace views into a docs page: it finds the
// elements marked data-spanlens-src, fetches each trace, and puts the
// core's SVG drawing of it in the element, with hover details for each
// bar and a click that opens the trace in the full viewer. A page needs
// one script tag (web/src/docs.js) and no JavaScript of its own.
//
// It runs inside the same WebAssembly module as the engine (wasm/main.go
// calls Register), so a page that also uses the JS package in-page starts
// one Go runtime, not two. The DOM is reached through syscall/js, with a
// small element type for the calls an embed makes (mount.go).
//
// This file holds what needs no browser: reading an element's options,
// bounding a download, and the words a tooltip shows.
package docs

import (
	"strconv"
	"strings"

	"github.com/spanlens/spanlens"
	"github.com/spanlens/spanlens/core/layout"
	"github.com/spanlens/spanlens/core/render/svg"
	"github.com/spanlens/spanlens/internal/msg"
)

// The attributes an embed reads, on the element itself.
const (
	AttrSrc          = "data-spanlens-src"           // the trace's URL, relative to the page
	AttrView         = "data-spanlens-view"          // waterfall (default) or flame
	AttrTheme        = "data-spanlens-theme"         // light or dark; default: the page's prefers-color-scheme
	AttrWidth        = "data-spanlens-width"         // pixels; default: the element's width
	AttrCriticalPath = "data-spanlens-critical-path" // present, "", "true" or "false"
	AttrTrace        = "data-spanlens-trace"         // which trace of the file; default 0, -1 draws all
	AttrMaxRows      = "data-spanlens-max-rows"      // waterfall rows drawn at most; default 400
	AttrMaxBytes     = "data-spanlens-max-bytes"     // the download's size limit; default DefaultMaxBytes
	AttrViewer       = "data-spanlens-viewer"        // the full viewer's URL; "none" turns click-to-open off
	// AttrState is written, not read: loading, ready or error, for styles
	// and tests.
	AttrState = "data-spanlens-state"
)

// Limits on a download: an embed on a docs page is a small trace, and a
// page that embeds a big one says so with data-spanlens-max-bytes.
const (
	DefaultMaxBytes = 32 << 20
	MaxMaxBytes     = 512 << 20 // ingest's own default limit
)

// Env is what an element's options default to, read from the page.
type Env struct {
	Width  int    // the element's width in CSS pixels; 0 when it has none (hidden)
	Dark   bool   // the page prefers a dark colour scheme
	Viewer string // the full viewer's URL (docs.js passes web/dashboard/)
}

// Options are one embed's, read from its element's attributes.
type Options struct {
	Src      string
	SVG      spanlens.SVGOptions
	MaxBytes int64
	Viewer   string // "" when click-to-open is off
}

// ParseOptions reads an embed's options through attr, which returns an
// attribute's value and whether the element has it. Errors name the
// attribute and the values it takes.
func ParseOptions(attr func(name string) (string, bool), env Env) (Options, error) {
	o := Options{MaxBytes: DefaultMaxBytes, Viewer: env.Viewer}
	o.Src, _ = attr(AttrSrc)
	if o.Src = strings.TrimSpace(o.Src); o.Src == "" {
		return o, msg.Errorf("spanlens docs: %s is empty (want the URL of a trace file)", AttrSrc)
	}
	o.SVG.View = "waterfall"
	if v, ok := attr(AttrView); ok {
		if v != "waterfall" && v != "flame" {
			return o, msg.Errorf("spanlens docs: %s %q: want waterfall or flame", AttrView, v)
		}
		o.SVG.View = v
	}
	o.SVG.Theme = "light"
	if env.Dark {
		o.SVG.Theme = "dark"
	}
	if v, ok := attr(AttrTheme); ok {
		if v != "light" && v != "dark" {
			return o, msg.Errorf("spanlens docs: %s %q: want light or dark", AttrTheme, v)
		}
		o.SVG.Theme = v
	}
	// The element's width, kept within what the SVG accepts; a hidden
	// element has none and gets the SVG's default.
	o.SVG.Width = min(max(env.Width, svg.MinWidth), svg.MaxWidth)
	if env.Width <= 0 {
		o.SVG.Width = 0
	}
	var err error
	if o.SVG.Width, err = intAttr(attr, AttrWidth, o.SVG.Width, svg.MinWidth, svg.MaxWidth, "pixels"); err != nil {
		return o, err
	}
	if v, ok := attr(AttrCriticalPath); ok {
		switch v {
		case "", "true":
			o.SVG.CriticalPath = true
		case "false":
		default:
			return o, msg.Errorf("spanlens docs: %s %q: want true or false (or the attribute alone)", AttrCriticalPath, v)
		}
	}
	if o.SVG.Trace, err = intAttr(attr, AttrTrace, 0, -1, 1<<30, "a trace index (-1 draws every trace)"); err != nil {
		return o, err
	}
	if o.SVG.MaxRows, err = intAttr(attr, AttrMaxRows, 0, 1, svg.MaxRowsLimit, "rows"); err != nil {
		return o, err
	}
	o.SVG.RowsKnob = AttrMaxRows
	maxBytes, err := intAttr(attr, AttrMaxBytes, DefaultMaxBytes, 1, MaxMaxBytes, "bytes")
	if err != nil {
		return o, err
	}
	o.MaxBytes = int64(maxBytes)
	if v, ok := attr(AttrViewer); ok {
		o.Viewer = strings.TrimSpace(v)
	}
	if o.Viewer == "none" {
		o.Viewer = ""
	}
	return o, nil
}

// intAttr reads an integer attribute within lo..hi, or def when absent.
func intAttr(attr func(string) (string, bool), name string, def, lo, hi int, unit string) (int, error) {
	v, ok := attr(name)
	if !ok {
		return def, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < lo || n > hi {
		return def, msg.Errorf("spanlens docs: %s %q: want %s, %d..%d", name, v, unit, lo, hi)
	}
	return n, nil
}

// Body collects a download up to a limit, so that a page cannot be made
// to hold more than its embed allows.
type Body struct {
	URL string // for errors
	Max int64
	buf []byte
}

// Add appends a chunk, or fails once the body passes the limit.
func (b *Body) Add(chunk []byte) error {
	if int64(len(b.buf))+int64(len(chunk)) > b.Max {
		return b.tooBig(int64(len(b.buf)) + int64(len(chunk)))
	}
	b.buf = append(b.buf, chunk...)
	return nil
}

// Expect checks a declared length (Content-Length) before the download
// starts; a negative length is unknown and passes.
func (b *Body) Expect(n int64) error {
	if n > b.Max {
		return b.tooBig(n)
	}
	if n > 0 {
		b.buf = make([]byte, 0, n)
	}
	return nil
}

func (b *Body) tooBig(n int64) error {
	return msg.Errorf("spanlens docs: %s: %d bytes or more, over the limit of %d (raise %s, up to %d)", b.URL, n, b.Max, AttrMaxBytes, MaxMaxBytes)
}

// Bytes returns what was collected.
func (b *Body) Bytes() []byte { return b.buf }

// Detail is one line of a bar's tooltip.
type Detail struct {
	Label, Value string
}

// Details are the lines a bar's tooltip shows: name, service, duration,
// status (with its message when the span failed). count > 1 is a block of
// merged spans, of which s is the first.
func Details(s *spanlens.SpanDetails, count int) []Detail {
	var out []Detail
	if count > 1 {
		out = append(out, Detail{"", strconv.Itoa(count) + " spans, too narrow to draw apart"}, Detail{"first", s.Name})
	} else {
		out = append(out, Detail{"", s.Name})
	}
	out = append(out, Detail{"service", s.Service}, Detail{"duration", layout.ShortDuration(s.End - s.Start)})
	status := s.Status
	if s.Failed && status != "error" {
		status += " (failed)"
	}
	if s.StatusMessage != "" {
		status += ": " + s.StatusMessage
	}
	return append(out, Detail{"status", status})
}
