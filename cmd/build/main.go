// Command build compiles the spanlens WebAssembly module and lays out the
// JS package's dist/ folder: the module, the wasm_exec.js of the Go
// toolchain that built it (they must match), and gzip and brotli copies,
// then prints a size table (recorded in docs/benchmarks.md). First it
// regenerates web/src/constants.js (and .d.ts): the flag bits, format
// names, protocol version and error kinds the JS package shares with the
// Go core, read from the Go sources. It also lays out samples/, the traces
// the dashboard offers: copies of a few of testdata/ and a generated
// 100,000-span file (gzip only, as served).
//
//	go run ./cmd/build              # constants, then web/dist/spanlens.wasm and friends
//	go run ./cmd/build -out DIR     # the module elsewhere
//	go run ./cmd/build -constants   # only the constants
//	go run ./cmd/build -worker      # the Cloudflare Worker in worker/dist (worker.go)
//
// Run it from the repository root.
//
// The same module serves browsers, Web Workers, Node and Cloudflare
// Workers: the JS package picks the transport, not the build.
package main

import (
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/andybalholm/brotli"

	"github.com/spanlens/spanlens/core/export"
	"github.com/spanlens/spanlens/core/synth"
)

// target is one module to build.
type target struct {
	name string // output file name
	pkg  string // main package
	goos string
}

var targets = []target{
	{name: "spanlens.wasm", pkg: "./wasm", goos: "js"},
}

func main() {
	out := flag.String("out", "web/dist", "output directory")
	onlyConstants := flag.Bool("constants", false, "only regenerate web/src/constants.js and constants.d.ts")
	worker := flag.Bool("worker", false, "build the Cloudflare Worker into worker/dist instead (worker/README.md)")
	flag.Parse()
	err := writeConstants(".")
	switch {
	case err != nil || *onlyConstants:
	case *worker:
		err = buildWorker(workerDist)
	default:
		err = run(*out)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "build:", err)
		os.Exit(1)
	}
}

func run(out string) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	goroot, err := goEnv("GOROOT")
	if err != nil {
		return err
	}
	if err := copyFile(filepath.Join(goroot, "lib", "wasm", "wasm_exec.js"), filepath.Join(out, "wasm_exec.js")); err != nil {
		return fmt.Errorf("copying wasm_exec.js (it must come from the toolchain that builds the module): %w", err)
	}
	fmt.Printf("%-16s %12s %12s %12s\n", "module", "raw", "gzip", "brotli")
	for _, t := range targets {
		dst := filepath.Join(out, t.name)
		raw, err := buildModule(t.pkg, t.goos, dst)
		if err != nil {
			return err
		}
		gz, err := compress(raw, func(w io.Writer) io.WriteCloser {
			z, _ := gzip.NewWriterLevel(w, gzip.BestCompression)
			return z
		})
		if err != nil {
			return err
		}
		br, err := compress(raw, func(w io.Writer) io.WriteCloser { return brotli.NewWriterLevel(w, brotli.BestCompression) })
		if err != nil {
			return err
		}
		if err := os.WriteFile(dst+".gz", gz, 0o644); err != nil {
			return err
		}
		if err := os.WriteFile(dst+".br", br, 0o644); err != nil {
			return err
		}
		fmt.Printf("%-16s %12s %12s %12s\n", t.name, mb(len(raw)), mb(len(gz)), mb(len(br)))
	}
	return samples(filepath.Join(out, "samples"))
}

// buildModule builds the main package pkg for goos/wasm into dst, with
// its data segments merged (wasmdata.go), and returns the module.
func buildModule(pkg, goos, dst string) ([]byte, error) {
	cmd := exec.Command("go", "build", "-trimpath", "-buildvcs=false", "-ldflags=-s -w -buildid=", "-o", dst, pkg)
	cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH=wasm", "CGO_ENABLED=0")
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("building %s: %w", pkg, err)
	}
	raw, err := os.ReadFile(dst)
	if err != nil {
		return nil, err
	}
	if raw, err = mergeDataSegments(raw); err != nil {
		return nil, fmt.Errorf("%s: %w", dst, err)
	}
	return raw, os.WriteFile(dst, raw, 0o755)
}

// sampleFiles are the testdata/ traces the dashboard lists.
var sampleFiles = []string{
	"testdata/spanforge/multi_agent.jsonl",
	"testdata/otlp-json/genai-agent.json",
	"testdata/jaeger/hotrod.json",
	"testdata/chrome/node-fs-timers.json",
}

// largeSample is the generated sample's span count: a hundred request
// trees of a thousand spans, enough to show that the viewer stays smooth.
const largeSample = 100_000

func samples(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, f := range sampleFiles {
		if err := copyFile(f, filepath.Join(dir, filepath.Base(f))); err != nil {
			return fmt.Errorf("copying sample %s (run from the repository root): %w", f, err)
		}
	}
	b := synth.Generate(synth.Config{Seed: 7, Spans: largeSample, Traces: largeSample / 1000, Shape: synth.Balanced, AttrsPerSpan: 1, EventsEvery: 50, ErrorEvery: 200})
	gz, err := compress(export.AppendOTLPJSON(nil, b), func(w io.Writer) io.WriteCloser {
		z, _ := gzip.NewWriterLevel(w, gzip.BestCompression)
		return z
	})
	if err != nil {
		return err
	}
	// Only the compressed copy: the static server sends it to every
	// browser (all accept gzip), and it keeps binaries that embed dist/
	// small.
	return os.WriteFile(filepath.Join(dir, fmt.Sprintf("generated-%dk.json.gz", largeSample/1000)), gz, 0o644)
}

// writeConstants regenerates the constants files under root.
func writeConstants(root string) error {
	s, err := readShared(root)
	if err != nil {
		return err
	}
	for i, data := range s.render() {
		if err := os.WriteFile(filepath.Join(root, constantsFiles[i]), data, 0o644); err != nil {
			return fmt.Errorf("constants: %w", err)
		}
	}
	return nil
}

func goEnv(key string) (string, error) {
	b, err := exec.Command("go", "env", key).Output()
	return strings.TrimSpace(string(b)), err
}

func compress(data []byte, newWriter func(io.Writer) io.WriteCloser) ([]byte, error) {
	var buf bytes.Buffer
	w := newWriter(&buf)
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func copyFile(src, dst string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, b, 0o644)
}

func mb(n int) string { return fmt.Sprintf("%.2f MB", float64(n)/1e6) }
