// The JS package against the real built module (make build first), in
// Node. Expected values come from the sample files themselves (span counts
// read off the files by hand) and from the protocol's documented errors.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";

import { init, SpanlensError } from "../src/index.js";

const testdata = new URL("../../testdata/", import.meta.url);
const read = (p) => readFile(new URL(p, testdata));

const sl = await init();

// Each sample with the format detection must name and the spans it holds.
const samples = [
  ["otlp-json/genai-agent.json", "otlp-json", 6],
  ["otlp-json/http-multiservice.json", "otlp-json", 10],
  ["otlp-json/tempo-base64.json", "otlp-json", 5],
  ["otlp-json/collector-file-exporter.jsonl", "otlp-json", 4],
  ["otlp-proto/agent.pb", "otlp-proto", 5],
  ["jaeger/hotrod.json", "jaeger", 14],
  ["jaeger/tutorial.json", "jaeger", 8],
  ["zipkin/shared_rpc.json", "zipkin", 5],
  ["zipkin/multi_service.json", "zipkin", 8],
  ["chrome/x-nesting.json", "chrome", 10],
  ["spanforge/multi_agent.jsonl", "spanforge", 5],
  ["tutorial/agent_run.json", "tutorial", 10],
  ["mamba/request_trace.json", "mamba", 4],
];

test("hello reports the protocol and formats", () => {
  assert.equal(sl.version, "0.1.0");
  assert.ok(sl.formats.includes("otlp-proto"));
});

for (const [file, format, spans] of samples) {
  test(`load ${file}`, async () => {
    const t = await sl.load(await read(file));
    try {
      assert.equal(t.format, format);
      assert.equal(t.spanCount, spans);
      const tree = await t.tree();
      assert.ok(tree.parent instanceof Int32Array);
      assert.equal(tree.parent.length, spans);
      assert.equal(tree.order.length, spans);
      // Every parent index is a span or -1, and depth agrees with it.
      for (let i = 0; i < spans; i++) {
        const p = tree.parent[i];
        assert.ok(p >= -1 && p < spans);
        assert.equal(tree.depth[i], p < 0 ? 0 : tree.depth[p] + 1);
      }
      const root = await t.spanDetails(t.traces[0].root);
      assert.equal(root.parent, -1);
      const summary = await t.summary();
      assert.equal(summary.spans, spans);
      const svg = await t.svg({ width: 800 });
      assert.match(svg, /^<svg /);
      // Converting to OTLP and loading the result keeps every span.
      const otlp = await t.convert("otlp-json");
      const back = await sl.load(otlp);
      assert.equal(back.spanCount, spans);
      await back.free();
    } finally {
      await t.free();
    }
  });
}

test("layout returns bars for a viewport as typed arrays", async () => {
  const t = await sl.load(await read("otlp-json/genai-agent.json"));
  const tr = t.traces[0];
  const l = await t.layout({ t0: tr.start, t1: tr.start + tr.duration, width: 1000, rows: 100 });
  assert.equal(l.bars, 6);
  assert.equal(l.rows, 6);
  assert.ok(l.x instanceof Float32Array && l.span instanceof Int32Array);
  assert.equal(l.x[0], 0); // the root starts the trace
  assert.equal(l.w[0], 1000); // and spans it
  assert.ok(l.ticks.length > 2);
  const names = await t.names();
  assert.equal(names.name.length, 6);
  await t.free();
});

test("malformed input rejects with the decoder's message", async () => {
  await assert.rejects(sl.load('{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"xyz"}]}]}]}'), (e) => {
    assert.ok(e instanceof SpanlensError);
    assert.match(e.message, /^ingest: otlp-json: resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.traceId: /);
    return true;
  });
  await assert.rejects(sl.load("not a trace"), /unknown trace format/);
  await assert.rejects(sl.load(""), /empty input/);
  await assert.rejects(sl.load('{"resourceSpans":[{"scopeSpans":[{"spans":['), /truncated/);
});

test("limits reject oversized input with a LimitError", async () => {
  const data = await read("otlp-json/genai-agent.json");
  await assert.rejects(sl.load(data, { limits: { maxSpans: 2 } }), (e) => e.name === "LimitError" && /Limits\.MaxSpans/.test(e.message));
  await assert.rejects(sl.load(data, { limits: { maxBytes: 100 } }), (e) => e.name === "LimitError");
});

test("misuse is a TypeError", async () => {
  await assert.rejects(sl.load("{}", { formt: "jaeger" }), (e) => e instanceof TypeError && /unknown option "formt"/.test(e.message));
  await assert.rejects(sl.load(42), TypeError);
  const t = await sl.load(await read("zipkin/shared_rpc.json"));
  await assert.rejects(t.layout({ t0: 0, t1: 0, width: 10, rows: 1 }), (e) => e.name === "TypeError");
  await assert.rejects(t.spanDetails(99), (e) => e.name === "TypeError" && /index must be 0\.\.4/.test(e.message));
  await assert.rejects(t.layout({ t0: 0, t1: 10, width: 10, rows: 1, zoom: 2 }), /unknown field "zoom"/);
  await t.free();
  await assert.rejects(t.summary(), (e) => e instanceof TypeError && /freed/.test(e.message));
  await assert.rejects(sl.engine.call("summary", 12345), (e) => e.name === "TypeError" && /handle 12345 is not loaded/.test(e.message));
  await assert.rejects(sl.engine.call("frobnicate"), (e) => e.name === "TypeError" && /unknown command "frobnicate"/.test(e.message));
});

test("many documents at once stay independent", async () => {
  const a = await read("otlp-json/genai-agent.json");
  const b = await read("zipkin/shared_rpc.json");
  const docs = [];
  for (let i = 0; i < 20; i++) docs.push(await sl.load(i % 2 ? a : b));
  for (let i = 0; i < 20; i++) assert.equal(docs[i].spanCount, i % 2 ? 6 : 5);
  const handles = new Set(docs.map((d) => d.handle));
  assert.equal(handles.size, 20);
  for (const d of docs) await d.free();
});

test("memory does not grow across 1,000 load/free cycles", async () => {
  const data = await read("otlp-json/http-multiservice.json");
  for (let i = 0; i < 200; i++) await (await sl.load(data)).free();
  const warm = sl.memoryBytes();
  for (let i = 0; i < 1000; i++) {
    const t = await sl.load(data);
    await t.summary();
    await t.free();
  }
  assert.ok(warm > 0);
  assert.equal(sl.memoryBytes(), warm, "WebAssembly memory grew across load/free cycles");
});

test("search returns matching span indexes; a bad query names the column", async () => {
  const t = await sl.load(await read("jaeger/hotrod.json"));
  // HotROD has one failing span (GetDriver) and six at or over 200ms.
  const errs = await t.search("status:error");
  assert.equal(errs.length, 1);
  assert.equal((await t.spanDetails(errs[0])).name, "GetDriver");
  assert.equal((await t.search("duration>=200ms")).length, 6);
  await assert.rejects(t.search("duration>"), (e) => e.name === "TypeError" && /col 10/.test(e.message));
  await t.free();
});

test("compare aligns two runs; the same run twice matches every span", async () => {
  const data = await read("spanforge/multi_agent.jsonl");
  const a = await sl.load(data);
  const b = await sl.load(data);
  const c = await a.compare(b);
  assert.equal(c.matched.length, 5);
  assert.deepEqual([c.added.length, c.removed.length], [0, 0]);
  assert.ok(c.matched.every((m) => m.duration === 0 && m.tokens === 0));
  assert.throws(() => a.compare({}), TypeError);
  await a.free();
  await b.free();
});
