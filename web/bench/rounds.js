// One timed round of each side of the comparison, and the medians of
// several, shared by bench.js (Node) and browser.html (Chromium) so that
// both time the same work the same way. It imports nothing.

import { baseline } from "./baseline.js";

/**
 * Loads src with the JS package (sl, a running engine), then takes its
 * tree and summary and frees it; times each phase.
 */
export async function packageRound(sl, src, options) {
  const t0 = performance.now();
  const t = await sl.load(src, options);
  const t1 = performance.now();
  const tr = await t.tree();
  const t2 = performance.now();
  const s = await t.summary();
  const t3 = performance.now();
  await t.free();
  if (tr.parent.length !== t.spanCount || s.spans !== t.spanCount) throw new Error("span counts disagree");
  return { ms: t3 - t0, load: t1 - t0, tree: t2 - t1, summary: t3 - t2 };
}

/** Runs the plain-JS baseline on bytes once; its phases come with the total. */
export function baselineRound(bytes) {
  const t0 = performance.now();
  const r = baseline(bytes);
  const ms = performance.now() - t0;
  if (r.tree.order.length !== r.spans.length) throw new Error("baseline: the tree lost spans");
  return { ms, ...r.phases };
}

/** The median of each field over the rounds. */
export function medians(rounds) {
  const out = {};
  for (const k of Object.keys(rounds[0])) {
    const v = rounds.map((r) => r[k]).sort((a, b) => a - b);
    out[k] = v[v.length >> 1];
  }
  return out;
}
