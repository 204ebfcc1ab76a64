// Package layout computes what a trace looks like on screen: waterfall rows
// (Jaeger style) and flame/icicle lanes (Perfetto, speedscope style), the
// bars inside a viewport with level-of-detail merging, the time axis, the
// minimap density and the zoom and pan arithmetic.
//
// Every front end (the browser canvas, the SVG renderer, the Worker, the
// CLI) draws from these numbers, so they all show the same picture. Results
// are flat arrays (struct of arrays) that cross the WASM boundary in one
// copy each, and their size is bounded by the pixels of the viewport, not
// by the number of spans: tiny bars are merged into dense blocks.
package layout
