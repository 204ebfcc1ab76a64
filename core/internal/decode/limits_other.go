//go:build !wasm

package decode

// defaultMaxModelBytes is more than any real trace needs (4M spans take
// about 2 GiB) and less than a desktop can hold.
const defaultMaxModelBytes = 8 << 30
