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
	if _, err := buildModule("./worker", "js", filepath.Join(dir, "app.wasm")); err != nil {
		return err
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
	// GET / (and /?trace=ID) opens the dashboard.
	if err := os.WriteFile(filepath.Join(dst, "index.html"), []byte(rootPage), 0o644); err != nil {
		return err
	}
	for _, sub := range []string{"src", "dist", "dashboard"} {
		root := filepath.Join("web", sub)
		if _, err := os.Stat(root); os.IsNotExist(err) {
			continue
		}
		err := filepath.WalkDir(root, func(p string, e os.DirEntry, err error) error {
			if err != nil || e.IsDir() || strings.HasSuffix(p, ".br") {
				return err
			}
			rel, _ := filepath.Rel("web", p)
			if strings.HasSuffix(p, ".gz") {
				// The dashboard's samples exist only gzipped, as the native
				// server sends them; static assets are served as they are,
				// so the Worker gets them plain, but not the large one.
				if !strings.Contains(p, "samples") {
					return nil
				}
				return gunzipAsset(p, filepath.Join(dst, strings.TrimSuffix(rel, ".gz")))
			}
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

// rootPage sends GET / on to the dashboard, keeping the query (?trace=ID).
const rootPage = `<!doctype html><meta charset="utf-8"><title>spanlens</title>
<script>location.replace("dashboard/" + location.search)</script>
<a href="dashboard/">spanlens dashboard</a>
`

// maxPlainSample bounds the samples a Worker serves: Cloudflare serves a
// static asset of at most 25 MiB.
const maxPlainSample = 20 << 20

// gunzipAsset writes the gzip file src decompressed to dst, unless it is
// larger than maxPlainSample.
func gunzipAsset(src, dst string) error {
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("%s: %w", src, err)
	}
	data, err := io.ReadAll(io.LimitReader(zr, maxPlainSample+1))
	if err != nil {
		return fmt.Errorf("%s: %w", src, err)
	}
	if len(data) > maxPlainSample {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return os.WriteFile(dst, data, 0o644)
}
