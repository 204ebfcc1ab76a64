//go:build js && wasm

// Command worker is spanlens as a Cloudflare Worker: httpapi's handler
// (the stateless endpoints, the OTLP/HTTP receiver and, with a KV or R2
// binding, stored traces) behind the JS glue in glue.mjs, configured by
// wrangler [vars] (config.go). cmd/build -worker builds it to worker/dist.
//
// syumai/workers' own handler (workers.Serve) is for one Go instance per
// request: it closes its done channel when the first answer's body ends,
// so a second request on the same instance panics. glue.mjs instead keeps
// one instance per isolate and calls serve (bridge.go) for each request;
// syumai/workers still provides the Go↔JS glue (its wasm_exec.js hands
// the per-isolate context to the program), Ready and the KV binding.
package main

import (
	"github.com/syumai/workers"
	"github.com/syumai/workers/cloudflare"

	"github.com/spanlens/spanlens/httpapi"
)

func main() {
	s, err := configFrom(cloudflare.Getenv)
	if err != nil {
		serve(failing(err), 1<<10)
		workers.Ready()
		select {}
	}
	s.cfg.Store, err = bindStore(s.ttl)
	if err != nil {
		serve(failing(err), 1<<10)
		workers.Ready()
		select {}
	}
	serve(httpapi.New(s.cfg), s.cfg.MaxBodyBytes)
	workers.Ready()
	select {} // requests arrive as calls from glue.mjs
}
