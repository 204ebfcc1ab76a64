// Soak: the WebAssembly module in Node takes 10,000 mixed good, bad and
// absurd requests through the JS package (build the module first: `go run
// ./cmd/build`). Every good read must answer what it answered before the
// soak, every bad one must reject with the documented error kind, and
// afterwards, with every document freed, WebAssembly memory must be about
// where the first 1,000 requests left it (it never shrinks, so a leak
// shows as growth).

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";

import { init, SpanlensError } from "../src/index.js";

const testdata = new URL("../../testdata/", import.meta.url);
const read = (p) => readFile(new URL(p, testdata));

const REQUESTS = 10_000;
const MiB = 1 << 20;

// The good inputs, and the reads whose answers must not change.
const files = ["jaeger/hotrod.json", "zipkin/shared_rpc.json", "chrome/async.json", "spanforge/multi_agent.jsonl", "otlp-json/genai-agent.json", "otlp-proto/agent.pb"];
const reads = {
  summary: (t) => t.summary(),
  layout: async (t) => {
    const l = await t.layout({ t0: 0, t1: 1e9, width: 800, rows: 40 });
    return { ...l, span: [...l.span], row: [...l.row], x: [...l.x], w: [...l.w], flags: [...l.flags] };
  },
  search: async (t) => [...(await t.search("duration>1ms"))],
  svg: (t) => t.svg({ width: 600, criticalPath: true }),
  criticalPath: (t) => t.criticalPath(0),
};

async function answers(t) {
  const out = {};
  for (const [name, fn] of Object.entries(reads)) out[name] = JSON.stringify(await fn(t));
  return out;
}

/** Runs fn, which must reject with a SpanlensError of kind. */
async function rejects(what, kind, fn) {
  try {
    await fn();
  } catch (e) {
    assert.ok(e instanceof SpanlensError, `${what}: ${e}; want the engine's answer`);
    assert.equal(e.kind, kind, `${what}: ${e.message}`);
    assert.ok(!/internal error/.test(e.message), `${what}: ${e.message}`);
    return;
  }
  assert.fail(`${what}: resolved; want a ${kind}`);
}

test("10,000 mixed requests leave the module's answers and memory as they were", { timeout: 300_000 }, async () => {
  const sl = await init();
  const samples = [];
  for (const f of files) {
    const data = await read(f);
    const t = await sl.load(data);
    samples.push({ file: f, data, spans: t.spanCount, answers: await answers(t) });
    await t.free();
  }
  const startBytes = sl.memoryBytes();
  const engine = sl.engine;

  const held = [];
  const freed = [];
  const absurd = [
    { t0: 0, t1: 1e12, width: 1e308, rows: 10 },
    { t0: -1e308, t1: 1e308, width: 800, rows: 10 },
    { t0: 0, t1: 1e9, width: 800, rows: 2 ** 40, tickGap: 1e-9 },
    { t0: 0, t1: 1e300, width: 1e5, rows: 1e4, minBarPx: 1e-300 },
  ];
  const started = Date.now();
  let good = 0;
  let earlyBytes;
  for (let i = 0; i < REQUESTS; i++) {
    if (i === 1000) earlyBytes = sl.memoryBytes(); // eight documents held: the working set's peak
    const s = samples[i % samples.length];
    switch (i % 16) {
      case 0:
      case 1: {
        const t = await sl.load(s.data);
        assert.equal(t.spanCount, s.spans);
        held.push({ t, s });
        if (held.length > 8) {
          const d = held.shift();
          freed.push(d.t.handle);
          await d.t.free();
        }
        break;
      }
      case 2:
      case 3:
      case 4:
      case 5: {
        if (held.length === 0) break;
        const d = held[i % held.length];
        const name = Object.keys(reads)[i % Object.keys(reads).length];
        assert.equal(JSON.stringify(await reads[name](d.t)), d.s.answers[name], `${name} of ${d.s.file} after ${i} requests`);
        good++;
        break;
      }
      case 6:
        await rejects("malformed load", "Error", () => sl.load('{"resourceSpans": [{"scopeSpans": [{"spans": [{"traceId": "xyz"'));
        break;
      case 7:
        await rejects("binary garbage", "Error", () => sl.load(new Uint8Array(64).fill(0x12)));
        break;
      case 8:
        if (held.length > 0) await rejects("absurd layout", "TypeError", () => held[0].t.layout(absurd[i % absurd.length]));
        break;
      case 9:
        if (held.length > 0) await rejects("absurd svg", "TypeError", () => held[0].t.svg({ width: 2e9, maxRows: 1e9 }));
        break;
      case 10:
        if (held.length > 0) await rejects("absurd overview", "TypeError", () => held[0].t.overview(1e12));
        break;
      case 11:
        await rejects("unknown command", "TypeError", () => engine.call("no-such-command"));
        break;
      case 12:
        // A handle freed earlier, sent past the Trace object's own check.
        if (freed.length > 0) await rejects("freed handle", "TypeError", () => engine.call("summary", freed[i % freed.length]));
        break;
      case 13:
        if (held.length > 0) await rejects("bad query", "TypeError", () => held[0].t.search("((duration>"));
        break;
      case 14:
        if (held.length > 0) await rejects("span out of range", "TypeError", () => held[0].t.spanDetails(2 ** 31 - 1));
        break;
      case 15:
        await rejects("limit", "LimitError", () => sl.load(s.data, { limits: { maxSpans: 1 } }));
        break;
    }
  }
  for (const d of held) await d.t.free();
  const elapsed = Date.now() - started;

  // Every good input still gives the answers it gave before.
  for (const s of samples) {
    const t = await sl.load(s.data);
    assert.deepEqual(await answers(t), s.answers, s.file);
    await t.free();
  }
  const endBytes = sl.memoryBytes();
  console.log(`soak: ${REQUESTS} requests (${good} checked reads) in ${elapsed} ms; WebAssembly memory ${(startBytes / MiB).toFixed(1)} MiB after warm-up, ${(earlyBytes / MiB).toFixed(1)} MiB after 1,000 requests, ${(endBytes / MiB).toFixed(1)} MiB after all`);
  // Holding eight documents grows memory once; past that it must stay flat.
  assert.ok(endBytes <= startBytes + 16 * MiB, `memory grew from ${startBytes} to ${endBytes} bytes`);
  assert.ok(endBytes <= earlyBytes + 4 * MiB, `memory grew from ${earlyBytes} bytes after 1,000 requests to ${endBytes} after all`);
  sl.close();
});
