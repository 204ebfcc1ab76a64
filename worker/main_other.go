//go:build !(js && wasm)

package main

import (
	"fmt"
	"os"
)

// The Worker runs only as js/wasm inside workerd; its config and answer
// rewriting build natively so that their tests run with the rest.
func main() {
	fmt.Fprintln(os.Stderr, "worker: a Cloudflare Worker; build it with `go run ./cmd/build -worker` and run it with wrangler or workerd")
	os.Exit(2)
}
