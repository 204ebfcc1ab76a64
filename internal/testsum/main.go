// Command testsum reads `go test -json` on stdin and prints what a person
// wants from it: one line per package, the output of failed tests in full,
// and build errors. It records the number of tests that passed and failed
// in the file named by -o (as "passed failed"), and exits 1 when anything
// failed. With -summarize DIR it instead adds up what every step of make
// test recorded in DIR (those files, and the TAP files of node --test) and
// prints make test's closing line.
//
//	go test -json ./... | go run ./internal/testsum -label go -o out/test-counts/go.count
//	go run ./internal/testsum -summarize out/test-counts
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
)

// event is one line of `go test -json` (cmd/test2json).
type event struct {
	Action  string
	Package string
	Test    string
	Elapsed float64
	Output  string
}

type pkgState struct {
	passed, failed, skipped int
	output                  map[string][]string // per test, its lines
	order                   []string
}

func main() {
	out := flag.String("o", "", "file to write \"passed failed\" to")
	label := flag.String("label", "", "prefix for the per-package lines, e.g. js/wasm")
	summarize := flag.String("summarize", "", "add up the counts in this directory instead")
	flag.Parse()
	if *summarize != "" {
		os.Exit(summary(*summarize))
	}

	pkgs := map[string]*pkgState{}
	state := func(p string) *pkgState {
		s := pkgs[p]
		if s == nil {
			s = &pkgState{output: map[string][]string{}}
			pkgs[p] = s
		}
		return s
	}
	prefix := ""
	if *label != "" {
		prefix = *label + " "
	}
	passed, failed := 0, 0
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 64<<20)
	for in.Scan() {
		line := in.Bytes()
		var e event
		if len(line) == 0 || line[0] != '{' || json.Unmarshal(line, &e) != nil {
			fmt.Println(string(line)) // a build error or other plain output
			continue
		}
		s := state(e.Package)
		switch e.Action {
		case "output", "build-output":
			if _, ok := s.output[e.Test]; !ok {
				s.order = append(s.order, e.Test)
			}
			s.output[e.Test] = append(s.output[e.Test], e.Output)
		case "build-fail":
			failed++
			fmt.Printf("%sFAIL %s [build failed]\n", prefix, e.Package)
			for _, l := range s.output[""] {
				fmt.Print(l)
			}
		case "pass", "fail", "skip":
			if e.Test != "" {
				// Subtests count through their parents.
				if strings.Contains(e.Test, "/") {
					if e.Action == "fail" {
						fmt.Print(strings.Join(s.output[e.Test], ""))
					}
					continue
				}
				switch e.Action {
				case "pass":
					s.passed++
					passed++
				case "fail":
					s.failed++
					failed++
					fmt.Print(strings.Join(s.output[e.Test], ""))
				case "skip":
					s.skipped++
				}
				delete(s.output, e.Test)
				continue
			}
			// The package is done.
			switch {
			case e.Action == "fail" && s.failed == 0:
				// A failure outside any test (a panic in init, TestMain).
				failed++
				for _, t := range s.order {
					fmt.Print(strings.Join(s.output[t], ""))
				}
				fmt.Printf("%sFAIL %s\n", prefix, e.Package)
			case e.Action == "fail":
				fmt.Printf("%sFAIL %s  %d passed, %d failed\n", prefix, e.Package, s.passed, s.failed)
			case s.passed+s.failed == 0:
				fmt.Printf("%s?    %s  [no tests]\n", prefix, e.Package)
			default:
				fmt.Printf("%sok   %s  %.1fs  %s\n", prefix, e.Package, e.Elapsed, plural(s.passed, "test"))
			}
		}
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, "testsum:", err)
		failed++
	}
	if *out != "" {
		if err := os.WriteFile(*out, fmt.Appendf(nil, "%d %d\n", passed, failed), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "testsum:", err)
			os.Exit(1)
		}
	}
	fmt.Printf("%s%d passed, %d failed\n", prefix, passed, failed)
	if failed > 0 {
		os.Exit(1)
	}
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// summary prints one line per step from the counts in dir (NAME.count
// from -o, NAME.tap from node --test's TAP reporter), then the closing
// line, and returns the exit status: 1 if anything failed or nothing ran.
func summary(dir string) int {
	entries, err := os.ReadDir(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "testsum:", err)
		return 1
	}
	var parts []string
	passed, failed := 0, 0
	for _, e := range entries {
		name := e.Name()
		data, err := os.ReadFile(dir + "/" + name)
		if err != nil {
			fmt.Fprintln(os.Stderr, "testsum:", err)
			return 1
		}
		var p, f int
		switch {
		case strings.HasSuffix(name, ".count"):
			fmt.Sscanf(string(data), "%d %d", &p, &f)
			name = strings.TrimSuffix(name, ".count")
		case strings.HasSuffix(name, ".tap"):
			for _, l := range strings.Split(string(data), "\n") {
				fmt.Sscanf(l, "# pass %d", &p)
				fmt.Sscanf(l, "# fail %d", &f)
			}
			name = strings.TrimSuffix(name, ".tap")
		default:
			continue
		}
		passed, failed = passed+p, failed+f
		part := fmt.Sprintf("%s %d", name, p)
		if f > 0 {
			part += fmt.Sprintf(" (%d failed)", f)
		}
		parts = append(parts, part)
	}
	fmt.Println("make test: " + strings.Join(parts, " · "))
	fmt.Printf("spanlens: %d passed, %d failed\n", passed, failed)
	if failed > 0 || passed == 0 {
		return 1
	}
	return 0
}
