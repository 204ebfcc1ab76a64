// Package engine is the request/response service that every spanlens front
// end talks to: the WASM module (in a page or a Web Worker), the native
// `spanlens serve` HTTP server and the Cloudflare Worker. It holds loaded
// documents by handle and answers framed requests; the frame layout and the
// command list are specified in docs/protocol.md, which web/src/protocol.js
// follows too.
//
// Keeping one protocol means one JS engine class with swappable transports:
// a trace too big for a browser tab opens through the native server with
// the same viewer.
package engine
