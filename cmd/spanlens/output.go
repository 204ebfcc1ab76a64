package main

import (
	json "github.com/goccy/go-json"
)

// writeJSON writes v as indented JSON. The CLI is native only, so it uses
// goccy/go-json, the fastest encoder on the design card; the WASM build
// never links it (see docs/benchmarks.md for the size it would cost).
func (c *cli) writeJSON(v any) error {
	enc := json.NewEncoder(c.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
