package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/spanlens/spanlens"
	"github.com/spanlens/spanlens/core/ingest"
)

// flagGroup names flags shared by several commands; each command takes
// only the groups it uses, so that a flag it would ignore is an error.
type flagGroup uint8

const (
	inputFlags flagGroup = 1 << iota // --format, --adjust-skew
	limitFlags                       // --max-bytes, --max-spans, …
	jsonFlag                         // --json
	colorFlag                        // --color
	readsTrace = inputFlags | limitFlags
)

// commonFlags holds the shared flags' values.
type commonFlags struct {
	format     string
	json       bool
	adjustSkew bool
	color      string
	limits     ingest.Limits
}

// limitFlag sets one field of Limits.
type limitFlag struct {
	l     *ingest.Limits
	field ingest.LimitField
}

func (f limitFlag) String() string {
	if f.l == nil {
		return ""
	}
	return strconv.FormatInt(f.l.Get(f.field.Name), 10)
}

func (f limitFlag) Set(s string) error {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return fmt.Errorf("want a whole number above 0")
	}
	f.l.Set(f.field.Name, n)
	return nil
}

func (f *commonFlags) register(fs *flag.FlagSet, groups flagGroup) {
	if groups&inputFlags != 0 {
		fs.StringVar(&f.format, "format", "", "input format (default: detect); one of "+formatList())
		fs.BoolVar(&f.adjustSkew, "adjust-skew", false, "shift child spans that clock skew put outside their parent")
	}
	if groups&limitFlags != 0 {
		f.limits = ingest.DefaultLimits
		for _, lf := range ingest.LimitFields {
			fs.Var(limitFlag{&f.limits, lf}, lf.Flag(), "refuse inputs over this bound on "+lf.Doc)
		}
	}
	if groups&jsonFlag != 0 {
		fs.BoolVar(&f.json, "json", false, "write machine-readable JSON")
	}
	if groups&colorFlag != 0 {
		fs.StringVar(&f.color, "color", "auto", "colour output: auto, always or never (auto honours NO_COLOR)")
	}
}

func formatList() string {
	fs := spanlens.Formats()
	s := make([]string, len(fs))
	for i, f := range fs {
		s[i] = string(f)
	}
	return strings.Join(s, ", ")
}

// useColor decides on ANSI colour: never when NO_COLOR is set or stdout is
// not a terminal, unless forced.
func (c *cli) useColor() bool {
	switch c.common.color {
	case "always":
		return true
	case "never":
		return false
	}
	if os.Getenv("NO_COLOR") != "" {
		return false
	}
	f, ok := c.stdout.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// load opens path ("-" or "" for stdin) as a document. When loading takes
// longer than a second, progress goes to stderr.
func (c *cli) load(path string) (*spanlens.Document, error) {
	var r io.Reader = c.stdin
	name := "stdin"
	if path != "" && path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r, name = f, path
	}
	p := newProgress(c.stderr, name)
	defer p.stop()
	o := c.openOptions()
	o.Progress = p.update
	d, err := spanlens.OpenReader(r, o)
	if err != nil {
		return nil, loadError(path, err)
	}
	return d, nil
}

// openOptions are the shared flags' options for opening a trace.
func (c *cli) openOptions() spanlens.Options {
	return spanlens.Options{
		Format:     spanlens.Format(c.common.format),
		Limits:     c.common.limits,
		AdjustSkew: c.common.adjustSkew,
		Prices:     c.priceTable,
	}
}

// loadError says what went wrong opening path in the command line's words:
// the file's name first, and the flag that raises a limit.
func loadError(path string, err error) error {
	// The knob goes in before the message is wrapped into another.
	var le *spanlens.LimitError
	if errors.As(err, &le) {
		if lf, ok := ingest.LookupLimit(le.Limit); ok {
			le.Knob = "--" + lf.Flag()
		}
	}
	if path != "" && path != "-" {
		return fmt.Errorf("%s: %w", path, err)
	}
	return err
}

// progress reports a long load on stderr, starting after one second.
type progress struct {
	mu    sync.Mutex
	w     io.Writer
	name  string
	start time.Time
	last  ingest.Progress
	shown bool
	done  chan struct{}
}

func newProgress(w io.Writer, name string) *progress {
	p := &progress{w: w, name: name, start: time.Now(), done: make(chan struct{})}
	go func() {
		t := time.NewTicker(500 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-p.done:
				return
			case <-t.C:
				p.print()
			}
		}
	}()
	return p
}

func (p *progress) update(pr ingest.Progress) {
	p.mu.Lock()
	if pr.Bytes >= 0 {
		p.last.Bytes = pr.Bytes
	}
	if pr.Spans > 0 {
		p.last.Spans = pr.Spans
	}
	p.mu.Unlock()
}

func (p *progress) print() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if time.Since(p.start) < time.Second {
		return
	}
	p.shown = true
	fmt.Fprintf(p.w, "\rloading %s: %.1f MB read, %d spans decoded, %.1fs ", p.name, float64(p.last.Bytes)/1e6, p.last.Spans, time.Since(p.start).Seconds())
}

func (p *progress) stop() {
	close(p.done)
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprintf(p.w, "\rloaded %s in %.1fs%s\n", p.name, time.Since(p.start).Seconds(), strings.Repeat(" ", 30))
	}
}

// oneFile parses flags and returns the single optional FILE argument.
func (c *cli) oneFile(args []string) (string, error) {
	if err := c.parse(args); err != nil {
		return "", err
	}
	switch c.flags.NArg() {
	case 0:
		return "-", nil
	case 1:
		return c.flags.Arg(0), nil
	}
	return "", usagef("want one FILE, got %d arguments", c.flags.NArg())
}
