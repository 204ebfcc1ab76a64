//go:build js && wasm

// Command wasm is the spanlens engine compiled to WebAssembly for
// JavaScript hosts (browsers, Web Workers, Node, Cloudflare Workers). It is
// the only Go code that imports syscall/js.
//
// It registers one function, globalThis.__spanlens.call(request,
// progress?, payload?) → response, over the byte protocol of
// docs/protocol.md: a request frame in as one Uint8Array, a response frame
// out as one Uint8Array, so that no call crosses the boundary per span. A
// large payload (load's input, a loadChunk) may come as its own
// Uint8Array instead of inside the frame, and is then copied once,
// straight into the buffer the engine keeps. The JS package (web/) wraps
// it.
package main

import (
	"syscall/js"

	"github.com/spanlens/spanlens/core/engine"
	"github.com/spanlens/spanlens/core/ingest"
	"github.com/spanlens/spanlens/wasm/docs"
)

func main() {
	// A load may raise MaxBytes past its 512 MiB default up to this: a
	// million OTLP/JSON spans are about 660 MB. MaxModelBytes (1 GiB
	// here) still guards the 4 GiB memory.
	e := engine.New(engine.Config{Limits: ingest.Limits{MaxBytes: 2 << 30}, BoundHeap: true})
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

// call copies the request in, runs it, and copies the response out.
// args[1], if a function, hears load progress; args[2], if a Uint8Array,
// is the payload.
func call(e *engine.Engine, args []js.Value) any {
	u8 := js.Global().Get("Uint8Array")
	if len(args) == 0 || args[0].Type() != js.TypeObject || !args[0].InstanceOf(u8) {
		return errorResponse("spanlens: call wants a Uint8Array request frame")
	}
	var ext engine.External
	if len(args) > 2 && args[2].Type() == js.TypeObject {
		if !args[2].InstanceOf(u8) {
			return errorResponse("spanlens: call wants its payload as a Uint8Array")
		}
		ext = external{args[2]}
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
	resp := e.HandleExternal(req, ext, progress)
	out := js.Global().Get("Uint8Array").New(len(resp))
	js.CopyBytesToJS(out, resp)
	return out
}

// external is a payload left in JavaScript memory until the engine copies
// it where it is kept.
type external struct{ v js.Value }

func (x external) Len() int          { return x.v.Get("byteLength").Int() }
func (x external) CopyTo(dst []byte) { js.CopyBytesToGo(dst, x.v) }

func errorResponse(msg string) any {
	resp := engine.ErrorFrame(&engine.Error{Kind: "TypeError", Message: msg})
	out := js.Global().Get("Uint8Array").New(len(resp))
	js.CopyBytesToJS(out, resp)
	return out
}
