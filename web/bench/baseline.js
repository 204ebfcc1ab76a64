// The plain-JavaScript baseline that bench.js measures the WASM module
// against: what a user could write in an afternoon to get a span tree and
// per-service statistics out of an OTLP/JSON file. TextDecoder and
// JSON.parse, a Map from "traceId:spanId" to the span's index, children
// sorted by start, depths, and count, errors, total and p50/p90/p99
// duration per service.
//
// It reads times with Number(), which rounds epoch nanoseconds to about
// 256 ns (the Go core keeps int64); a user who wants them exact pays for
// BigInt.
//
// Run directly it measures its own peak memory, which bench.js cannot
// separate from the WASM module's in its own process:
//
//   node --max-old-space-size=16384 bench/baseline.js FILE   # prints {"spans", "ms", "maxRSS"}
//
// It imports nothing, so browser.html runs the same code in Chromium.

const STATUS_ERROR = 2;

/**
 * Decodes OTLP/JSON bytes, builds the span tree and per-service
 * statistics.
 * @param {Uint8Array} bytes
 */
export function baseline(bytes) {
  const t0 = performance.now();
  const doc = JSON.parse(new TextDecoder().decode(bytes));
  const t1 = performance.now();
  const spans = flatten(doc);
  const tree = buildTree(spans);
  const t2 = performance.now();
  const services = serviceStats(spans);
  const t3 = performance.now();
  return { spans, tree, services, phases: { parse: t1 - t0, tree: t2 - t1, stats: t3 - t2 } };
}

/** The spans of every resource and scope, with their service name. */
function flatten(doc) {
  const spans = [];
  for (const rs of doc.resourceSpans ?? []) {
    let service = "unknown_service";
    for (const a of rs.resource?.attributes ?? []) {
      if (a.key === "service.name") service = a.value?.stringValue ?? service;
    }
    for (const ss of rs.scopeSpans ?? []) {
      for (const s of ss.spans ?? []) {
        const code = s.status?.code;
        spans.push({
          traceId: s.traceId,
          spanId: s.spanId,
          parentSpanId: s.parentSpanId ?? "",
          name: s.name,
          service,
          start: Number(s.startTimeUnixNano),
          end: Number(s.endTimeUnixNano),
          error: code === STATUS_ERROR || code === "STATUS_CODE_ERROR",
          attributes: s.attributes ?? [],
          events: s.events ?? [],
        });
      }
    }
  }
  return spans;
}

/**
 * Parent index (-1 for roots and orphans), children sorted by start, depth
 * and a depth-first order, roots by start.
 */
function buildTree(spans) {
  const n = spans.length;
  const index = new Map();
  for (let i = 0; i < n; i++) index.set(spans[i].traceId + ":" + spans[i].spanId, i);
  const parent = new Int32Array(n).fill(-1);
  const children = new Array(n);
  const roots = [];
  for (let i = 0; i < n; i++) {
    const s = spans[i];
    const p = s.parentSpanId ? index.get(s.traceId + ":" + s.parentSpanId) : undefined;
    if (p === undefined || p === i) {
      roots.push(i);
      continue;
    }
    parent[i] = p;
    (children[p] ??= []).push(i);
  }
  const byStart = (a, b) => spans[a].start - spans[b].start;
  roots.sort(byStart);
  for (const c of children) if (c) c.sort(byStart);
  const depth = new Int32Array(n);
  const order = new Int32Array(n);
  let k = 0;
  const stack = [];
  for (let r = roots.length - 1; r >= 0; r--) stack.push(roots[r]);
  while (stack.length) {
    const i = stack.pop();
    order[k++] = i;
    const c = children[i];
    if (!c) continue;
    for (let j = c.length - 1; j >= 0; j--) {
      depth[c[j]] = depth[i] + 1;
      stack.push(c[j]);
    }
  }
  return { parent, children, roots, depth, order: order.subarray(0, k) };
}

/** Count, errors, total and p50/p90/p99 duration (ns) per service, by total. */
function serviceStats(spans) {
  const groups = new Map();
  for (const s of spans) {
    let g = groups.get(s.service);
    if (!g) groups.set(s.service, (g = { service: s.service, count: 0, errors: 0, total: 0, durations: [] }));
    const d = Math.max(0, s.end - s.start);
    g.count++;
    if (s.error) g.errors++;
    g.total += d;
    g.durations.push(d);
  }
  const out = [];
  for (const g of groups.values()) {
    const d = Float64Array.from(g.durations).sort();
    const q = (p) => d[Math.min(d.length - 1, Math.ceil(p * d.length) - 1)];
    out.push({ service: g.service, count: g.count, errors: g.errors, total: g.total, p50: q(0.5), p90: q(0.9), p99: q(0.99) });
  }
  return out.sort((a, b) => b.total - a.total);
}

if (typeof process !== "undefined" && process.argv?.[1] && import.meta.url === (await import("node:url")).pathToFileURL(process.argv[1]).href) {
  const bytes = (await import("node:fs")).readFileSync(process.argv[2]);
  const t0 = performance.now();
  const r = baseline(bytes);
  const ms = performance.now() - t0;
  console.log(JSON.stringify({ spans: r.spans.length, ms, maxRSS: process.resourceUsage().maxRSS * 1024 }));
}
