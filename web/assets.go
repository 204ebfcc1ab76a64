// Package web holds the browser side of spanlens as files for Go programs
// to serve or inline: the JS package (src/), the dashboard (dashboard/),
// and what cmd/build lays out in dist/ (the WebAssembly module, the
// wasm_exec.js that matches it, compressed copies and the sample traces).
//
// dist/ is built, not committed, so a binary compiled before
// `go run ./cmd/build` (make wasm) embeds no module; Built says so.
package web

import (
	"embed"
	"errors"
	"io/fs"
)

//go:embed src dashboard dist
var files embed.FS

// FS returns the embedded files, laid out as the web/ directory is.
func FS() fs.FS { return files }

// Module is the path of the WebAssembly module within FS.
const Module = "dist/spanlens.wasm"

// Built reports whether FS holds the module, with what to do if it does not.
func Built() error {
	if _, err := fs.Stat(files, Module); err != nil {
		return errors.New("this binary was built without the WebAssembly module (web/dist is empty): run `make wasm` (go run ./cmd/build), then build spanlens again")
	}
	return nil
}
