//go:build js && wasm

// Command wasm is the spanlens engine compiled to WebAssembly for
// JavaScript hosts (browsers, Web Workers, Node, Cloudflare Workers). It is
// the only Go code that imports syscall/js.
//
// It registers one function, globalThis.__spanlens.call(request) →
// response, over the byte protocol of docs/protocol.md: a request frame in
// as one Uint8Array, a response frame out as one Uint8Array, so that no
// call crosses the boundary per span. The JS package (web/) wraps it.
package main

import (
	"syscall/js"

	"github.com/spanlens/spanlens/core/engine"
	"github.com/spanlens/spanlens/core/ingest"
	"github.com/spanlens/spanlens/wasm/docs"
)

func main() {
	e := engine.New(engine.Config{})
	api := js.Global().Get("Object").New()
	api.Set("call", js.FuncOf(func(this js.Value, args []js.Value) any {
		return call(e, args)
	}))
	api.Set("protocol", engine.ProtocolVersion)
	api.Set("version", engine.Version)
	docs.Register(api)
	js.Global().Set("__spanlens", api)
	select {}
}

// call copies the request in, runs it, and copies the response out: two
// bulk copies per request. args[1], if a function, hears load progress.
func call(e *engine.Engine, args []js.Value) any {
	if len(args) == 0 || args[0].Type() != js.TypeObject || !args[0].InstanceOf(js.Global().Get("Uint8Array")) {
		return errorResponse("spanlens: call wants a Uint8Array request frame")
	}
	req := make([]byte, args[0].Get("byteLength").Int())
	js.CopyBytesToGo(req, args[0])
	var progress func(ingest.Progress)
	if len(args) > 1 && args[1].Type() == js.TypeFunction {
		cb := args[1]
		progress = func(p ingest.Progress) {
			cb.Invoke(float64(p.Bytes), float64(p.TotalBytes), p.Spans)
		}
	}
	resp := e.Handle(req, progress)
	out := js.Global().Get("Uint8Array").New(len(resp))
	js.CopyBytesToJS(out, resp)
	return out
}

func errorResponse(msg string) any {
	resp := engine.ErrorFrame(&engine.Error{Kind: "TypeError", Message: msg})
	out := js.Global().Get("Uint8Array").New(len(resp))
	js.CopyBytesToJS(out, resp)
	return out
}
