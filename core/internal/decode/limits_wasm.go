//go:build wasm

package decode

// defaultMaxModelBytes keeps a WebAssembly module, whose memory cannot pass
// 4 GiB and which dies without recovery when it runs out, well clear of
// that with the input, the interner and the tree beside the model.
const defaultMaxModelBytes = 1 << 30
