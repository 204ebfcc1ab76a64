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
// warning; parent cycles are broken with a warning. Warnings are
// aggregated per trace and kind, so a hundred thousand orphans make one.
//
// # Clock skew
//
// Clock skew is judged only where a child runs in another process than its
// parent (another service, or the same service on another host), since
// only there do two clocks meet. Such a child is skewed if it starts
// before its parent, or ends after it while being no longer than it; a
// longer child that starts inside its parent is taken as work that
// outlived its caller. Only synchronous calls are judged, as Jaeger's
// adjuster and Zipkin Lens judge only those: a consumer, any child of a
// producer, and a span that follows from its parent (a FOLLOWS_FROM
// reference, kept as a link to the parent) run on their own schedule, so
// a consumer starting after its producer ended is normal. Every skew is
// recorded in Forest.Skews with the shift Jaeger's adjuster would apply: a
// longer child moves to start with its parent, a shorter one is centred in
// it.
//
// Skew is adjusted only when Options.AdjustSkew asks (Jaeger disabled its
// adjuster by default, and users distrust silently moved timestamps). The
// forest is then walked top-down: a skewed child moves by its delta, judged
// against its parent's adjusted times; a span on its parent's process
// moves with its parent, having read the same clock; a span on another
// process that fits its parent does not move. The raw times stay in the
// batch, and Forest.Shift records every span's offset.
package tree
