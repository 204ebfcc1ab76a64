package main

import (
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// workerDist is what wrangler.toml deploys: the entry module, the Go glue,
// the module and the static assets.
const workerDist = "worker/dist"

// buildWorker lays out dir for wrangler and workerd:
//
//	worker.mjs     worker/glue.mjs, the entry (one Go instance per isolate)
//	wasm_exec.js   syumai/workers' Go glue, from its workers-assets-gen
//	app.wasm       ./worker for js/wasm
//	assets/        what web/ has to serve (its pages, src/ and dist/)
//
// and prints the bundle's size, which Cloudflare limits compressed.
func buildWorker(dir string) error {
	// workers-assets-gen empties dir first, then writes wasm_exec.js and
	// the stock worker.mjs and runtime.mjs, which glue.mjs replaces.
	gen := exec.Command("go", "run", "github.com/syumai/workers/cmd/workers-assets-gen", "-mode=go", "-o", dir)
	gen.Stdout, gen.Stderr = os.Stdout, os.Stderr
	if err := gen.Run(); err != nil {
		return fmt.Errorf("workers-assets-gen: %w", err)
	}
	if err := os.Remove(filepath.Join(dir, "runtime.mjs")); err != nil {
		return err
	}
	if err := copyFile("worker/glue.mjs", filepath.Join(dir, "worker.mjs")); err != nil {
		return err
	}
	cmd := exec.Command("go", "build", "-trimpath", "-buildvcs=false", "-ldflags=-s -w -buildid=", "-o", filepath.Join(dir, "app.wasm"), "./worker")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0")
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("building ./worker: %w", err)
	}
	if err := copyAssets(filepath.Join(dir, "assets")); err != nil {
		return fmt.Errorf("copying web/ to the Worker's assets: %w", err)
	}
	fmt.Printf("%-16s %12s %12s\n", "worker", "raw", "gzip")
	total, totalGz := 0, 0
	for _, f := range []string{"worker.mjs", "wasm_exec.js", "app.wasm"} {
		raw, err := os.ReadFile(filepath.Join(dir, f))
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
		total, totalGz = total+len(raw), totalGz+len(gz)
		fmt.Printf("%-16s %12s %12s\n", f, mb(len(raw)), mb(len(gz)))
	}
	fmt.Printf("%-16s %12s %12s\n", "bundle", mb(total), mb(totalGz))
	return nil
}

// copyAssets copies what web/ can serve: its top-level pages and styles,
// src/ and dist/ (when built), so that GET / on the Worker is the viewer.
func copyAssets(dst string) error {
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	tops, err := filepath.Glob("web/*")
	if err != nil {
		return err
	}
	for _, p := range tops {
		switch ext := filepath.Ext(p); ext {
		case ".html", ".css", ".js", ".ico", ".svg":
			if err := copyFile(p, filepath.Join(dst, filepath.Base(p))); err != nil {
				return err
			}
		}
	}
	for _, sub := range []string{"src", "dist"} {
		root := filepath.Join("web", sub)
		if _, err := os.Stat(root); os.IsNotExist(err) {
			continue
		}
		err := filepath.WalkDir(root, func(p string, e os.DirEntry, err error) error {
			if err != nil || e.IsDir() || strings.HasSuffix(p, ".br") || strings.HasSuffix(p, ".gz") {
				return err
			}
			rel, _ := filepath.Rel("web", p)
			if err := os.MkdirAll(filepath.Join(dst, filepath.Dir(rel)), 0o755); err != nil {
				return err
			}
			return copyFile(p, filepath.Join(dst, rel))
		})
		if err != nil {
			return err
		}
	}
	return nil
}
