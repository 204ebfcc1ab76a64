// Package tree builds the span trees of the traces in a model.Batch.
//
// The result, a Forest, is a set of flat index arrays over the batch's span
// slice (parent, first child, next sibling, depth, pre-order position,
// subtree size) rather than a graph of pointers: it is built without
// recursion, so a million-deep parent chain builds and walks safely, and
// every later layer (analysis, layout, the WASM boundary) can hand the
// arrays over in bulk.
//
// Building never drops a span. Orphans whose parent never arrived become
// roots of their trace, flagged; duplicate span ids are kept with a
// warning; parent cycles are broken with a warning. Clock skew between
// services is detected and reported, and adjusted only when asked, with
// every adjustment recorded so that raw times stay available.
package tree
