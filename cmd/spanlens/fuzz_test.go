package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// FuzzArgs runs the CLI on fuzzed command lines over a real trace: every
// argument a user can type. It must never panic, exit only with 0, 1 or 2,
// say what went wrong on stderr when it fails, and write a bounded amount.
// serve is left out: it would listen and run until stopped.
func FuzzArgs(f *testing.F) {
	trace, err := os.ReadFile("../../testdata/otlp-json/exception-multiroot.json")
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{
		"tree", "tree --depth 1 --max-lines 2", "timeline --color always", "summary --top 1 --json",
		"critical-path", "errors --json", "graph --as dot", "search status:error", "search duration>",
		"svg --width 10", "svg --width 2000000000", "svg --max-rows 5 --view flame --metric cost",
		"convert --to zipkin", "convert --to otlp-proto", "diff - -", "tree --max-spans 1",
		"tree --max-attr-value-bytes -1", "summary --prices /nonexistent", "frobnicate", "svg --trace 99",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, line string) {
		args := strings.Fields(line)
		if len(args) > 0 && strings.TrimLeft(args[0], "-") == "serve" {
			return
		}
		var out, errOut bytes.Buffer
		c := &cli{stdout: &out, stderr: &errOut, stdin: bytes.NewReader(trace)}
		code := c.main(args)
		switch code {
		case 0:
		case 1, 2:
			if errOut.Len() == 0 && len(args) > 0 {
				t.Errorf("%q: exit %d with nothing on stderr", line, code)
			}
		default:
			t.Errorf("%q: exit %d", line, code)
		}
		// The sample is 3 kB; nothing the CLI draws of it should be
		// more than a few hundred kB, whatever the flags.
		if out.Len() > 1<<20 || errOut.Len() > 1<<20 {
			t.Errorf("%q: %d bytes out, %d on stderr", line, out.Len(), errOut.Len())
		}
	})
}
