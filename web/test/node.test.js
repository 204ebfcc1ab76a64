// The JS package against the real built module (make build first), in
// Node. Expected values come from the sample files themselves (span counts
// read off the files by hand) and from the protocol's documented errors.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, fork } from "node:child_process";
import { copyFile, cp, mkdir, readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

import { BarFlag, Document, Engine, FORMATS, InPageTransport, Spanlens, TreeFlag, init, SpanlensError } from "../src/index.js";
import { Supervisor, compile } from "../src/wasm.js";
import { encodeRequest } from "../src/protocol.js";

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

// resources(n) is OTLP/JSON of n resourceSpans of one span each, every
// element exactly as long as the others, so where a chunk boundary falls
// is arithmetic.
function resources(n) {
  const pad = "x".repeat(1000);
  const el = (k) => {
    const i = String(k + 1).padStart(8, "0");
    return `{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc-${i}"}}]},"scopeSpans":[{"spans":[{"traceId":"${i}${i}${i}${i}","spanId":"${i}${i}","name":"op","startTimeUnixNano":"1000","endTimeUnixNano":"2000","attributes":[{"key":"pad","value":{"stringValue":"${pad}"}}]}]}]}`;
  };
  return { json: `{"resourceSpans":[${Array.from({ length: n }, (_, k) => el(k)).join(",")}]}`, elementBytes: el(0).length };
}

// The tests of large loads run on engines of their own, so that the
// memory test below sees the shared engine's heap as it was.
test("a Blob, a ReadableStream or a Response streams in: the same document and errors, a preview first", async () => {
  const own = await init();
  const data = await read("otlp-json/http-multiservice.json");
  for (const input of [new Blob([data]), new Blob([data]).stream(), new Response(data)]) {
    const d = await own.load(input);
    assert.equal(d.spanCount, 10, input.constructor.name);
    assert.equal((await d.summary()).spans, 10);
    await d.free();
  }
  await assert.rejects(own.load(new Blob(['{"resourceSpans":[{"scopeSpans":[{"spans":[']), { format: "otlp-json" }), /^SpanlensError: ingest: otlp-json: .*truncated/);
  await assert.rejects(own.load(new Blob([data]), { limits: { maxBytes: 100 } }), (e) => e.name === "LimitError" && /limits\.maxBytes \(100\)/.test(e.message));

  // 12,000 resources of 1,313 bytes: 15.8 MB, read in 1 MiB pieces and
  // sent as the first piece (a preview is asked for as soon as its MiB is
  // in), an 8 MiB chunk and the rest. The preview decodes the first MiB:
  // the elements before the last "resource" key wholly inside it.
  const { json, elementBytes } = resources(12_000);
  assert.equal(elementBytes, 1313);
  const first = Math.floor((2 ** 20 - '{"resourceSpans":['.length - '{"resource":'.length) / (elementBytes + 1));
  let preview = null;
  const phases = new Set();
  const bytes = new TextEncoder().encode(json);
  const pieces = new ReadableStream({
    start(c) {
      for (let at = 0; at < bytes.length; at += 2 ** 20) c.enqueue(bytes.subarray(at, at + 2 ** 20));
      c.close();
    },
  });
  const d = await own.load(pieces, {
    onPreview: async (p) => {
      preview = { doc: p, spans: p.spanCount, services: (await p.names()).services.length };
    },
    onProgress: (p) => phases.add(p.phase),
  });
  assert.equal(d.spanCount, 12_000);
  assert.equal(preview.spans, first);
  assert.equal(preview.services, first);
  assert.equal(preview.doc.handle, 0, "the preview is freed when the load ends");
  assert.deepEqual([...phases].sort(), ["decode", "read"]);
  await d.free();

  // A stream's size, when the caller knows it, reaches the engine, which
  // then allocates its buffer once instead of doubling it as bytes come.
  const sizes = [];
  const t = own.engine.transport;
  const f = t.loadStream.bind(t);
  t.loadStream = (source, size, ...rest) => (sizes.push(size), f(source, size, ...rest));
  const sized = await own.load(new Blob([bytes]).stream(), { size: bytes.length });
  assert.equal(sized.spanCount, 12_000);
  await sized.free();
  await own.load(new Blob([bytes]).stream()).then((x) => x.free());
  assert.deepEqual(sizes, [bytes.length, -1]);
  await assert.rejects(own.load(new Blob([bytes]).stream(), { size: -2 }), /size must be a whole number of bytes/);

  // A Blob is decoded as it arrives (core/engine incremental.go): its read
  // progress counts the spans decoded so far. One whose last span id is
  // broken fails so, past its start, and is loaded again whole, for
  // load's exact error.
  let spansRead = 0;
  const inc = await own.load(new Blob([bytes]), { onProgress: (p) => p.phase === "read" && (spansRead = Math.max(spansRead, p.spans)) });
  assert.equal(inc.spanCount, 12_000);
  assert.ok(spansRead > 6_000, `${spansRead} spans decoded while reading`);
  await inc.free();
  const at = json.lastIndexOf('"spanId":"') + '"spanId":"'.length;
  const bad = json.slice(0, at) + "zz" + json.slice(at + 2);
  const exact = await own.load(new TextEncoder().encode(bad)).catch((e) => e);
  const viaBlob = await own.load(new Blob([bad])).catch((e) => e);
  assert.match(exact.message, /spans\[0\]\.spanId/);
  assert.deepEqual([viaBlob.name, viaBlob.message], [exact.name, exact.message]);
  own.close();
});

test("a parallel load decodes parts on helper engines and equals a whole load; any failure loads it whole", async () => {
  const own = await init();
  const module = await compile();
  const engine = async () => {
    const s = new Supervisor(module);
    await s.ready();
    return new InPageTransport(s);
  };
  const helpers = [await engine(), await engine()];
  const parts = [];
  for (const h of helpers) {
    const f = h.loadStream.bind(h);
    h.loadStream = (source, ...rest) => (parts.push(source.size), f(source, ...rest));
  }
  const primary = new Engine(await engine());
  await primary.hello();
  const par = new Spanlens(primary, helpers);

  // Cut before resourceSpans elements (12,000 of them), and between the
  // spans of one resource (one resource, 7,000 spans).
  const oneResource = (n) => {
    const span = (k) => {
      const i = String(k + 1).padStart(8, "0");
      return `{"traceId":"${i}${i}${i}${i}","spanId":"${i}${i}","name":"op${k % 7}","startTimeUnixNano":"${1000 + k}","endTimeUnixNano":"${5000 + 2 * k}","attributes":[{"key":"pad","value":{"stringValue":"${"y".repeat(1200)}"}}]}`;
    };
    return `{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"one"}}]},"scopeSpans":[{"scope":{"name":"s"},"spans":[${Array.from({ length: n }, (_, k) => span(k)).join(",")}]}]}]}`;
  };
  for (const [json, spans] of [[resources(12_000).json, 12_000], [oneResource(7_000), 7_000]]) {
    parts.length = 0;
    const bytes = new TextEncoder().encode(json);
    const a = await own.load(bytes);
    const b = await par.load(bytes);
    assert.equal(parts.length, 2, "two helpers decoded parts");
    assert.equal(b.spanCount, spans);
    assert.deepEqual(await b.summary(), await a.summary());
    assert.deepEqual((await b.tree()).order, (await a.tree()).order);
    assert.deepEqual(await b.spanDetails(spans - 1), await a.spanDetails(spans - 1));
    await a.free();
    await b.free();
  }

  // A bad span in the last part: the error of the whole input.
  const bad = new TextEncoder().encode(oneResource(7_000).replace(/"spanId":"0000700000007000"/, '"spanId":"xyz"'));
  const whole = await own.load(bad).catch((e) => e);
  assert.match(whole.message, /^ingest: otlp-json: resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[6999\]\.spanId: /);
  await assert.rejects(par.load(bad), (e) => e.message === whole.message);
  par.close();
  own.close();
});

test("limits reject oversized input with a LimitError", async () => {
  const data = await read("otlp-json/genai-agent.json");
  await assert.rejects(sl.load(data, { limits: { maxSpans: 2 } }), (e) => e.name === "LimitError" && /input exceeds limits\.maxSpans \(2\)/.test(e.message));
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
  await assert.rejects(t.summary(), (e) => e instanceof SpanlensError && e.kind === "TypeError" && /summary: this document was freed/.test(e.message));
  await assert.rejects(sl.engine.call("summary", 12345), (e) => e.name === "TypeError" && /handle 12345 is not loaded/.test(e.message));
  await assert.rejects(sl.engine.call("frobnicate"), (e) => e.name === "TypeError" && /unknown command "frobnicate"/.test(e.message));
});

// The agree sample as core/engine's TestCommandLayout reads it: spans 0
// (checkout), 2, 1 (its children), 3 (retry), 4 (db.query, under retry).
test("a layout's span lists cross as arrays and read as JSON lists do", async () => {
  const d = await sl.load(await read("otlp-json/exception-multiroot.json"));
  const ms = 1e6;
  const view = { t0: 0, t1: 150 * ms, width: 150, rows: 10 };
  const folded = await d.layout({ ...view, firstRow: 1, rows: 2, collapsed: [0] });
  assert.equal(folded.rows, 3);
  assert.deepEqual([...folded.span], [3, 4]);
  const typed = await d.layout({ ...view, firstRow: 1, rows: 2, collapsed: Int32Array.of(0) });
  assert.deepEqual([...typed.span], [3, 4]);
  const marked = await d.layout({ ...view, critical: [0, 2], match: new Int32Array([4]), selected: 3 });
  assert.deepEqual([...marked.flags], [64 | 4, 1 | 4, 1, 64 | 2, 8]);
  // The frame carries Int32Arrays in its payload, 8-aligned, not in args.
  const frame = encodeRequest("layout", 7, { rows: 1, collapsed: Int32Array.of(5, -1), match: Int32Array.of(9) });
  const n = new DataView(frame.buffer).getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(frame.subarray(4, 4 + n)));
  assert.deepEqual(header, {
    cmd: "layout", handle: 7, args: { rows: 1 },
    arrays: [{ name: "collapsed", type: "i32", offset: 0, length: 2 }, { name: "match", type: "i32", offset: 8, length: 1 }],
  });
  const p = (4 + n + 7) & ~7;
  assert.deepEqual([...new Int32Array(frame.buffer, p, 4)], [5, -1, 9, 0]);
  assert.throws(() => encodeRequest("load", 0, { x: Int32Array.of(1) }, new Uint8Array(1)), TypeError);
  // A list that is not all int32s goes as JSON, and the engine refuses it.
  await assert.rejects(d.layout({ ...view, collapsed: [0.5] }), (e) => e.name === "TypeError" && /layout: bad args/.test(e.message));
  await assert.rejects(d.layout({ ...view, collapsed: [2 ** 31] }), (e) => e.name === "TypeError" && /layout: bad args/.test(e.message));
  await d.free();
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
  // The warm-up does what the cycles do, so that the heap has grown to its
  // working size before it is measured (run alone, a warm-up without
  // summary left it one growth short).
  for (let i = 0; i < 200; i++) {
    const t = await sl.load(data);
    await t.summary();
    await t.free();
  }
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

const ms = 1e6; // ns per millisecond

test("hello's formats are the generated FORMATS", () => {
  assert.deepEqual(sl.formats, [...FORMATS]);
  assert.equal(FORMATS.length, 9); // otlp-json … mamba, otel-stdout
});

// genai-agent.json, read off the file (ms after the root's start):
//   0 invoke_agent TravelPlanner 0–9850
//   1 execute_tool get_weather 2150–2790
//   2 execute_tool search_flights 5020–6410, status error + exception event
//   3 chat gpt-4o 120–2130
//   4 chat gpt-4o 2800–5010
//   5 chat gpt-4o 6420–9840
// The five children run one after another with gaps, so the critical path
// alternates root gap and child, walking back from the root's end.
test("criticalPath tiles the root with each child and the gaps between", async () => {
  const t = await sl.load(await read("otlp-json/genai-agent.json"));
  const path = (await t.criticalPath()).map(({ span, start, end }) => ({ span, start, end }));
  const want = [
    [0, 0, 120],
    [3, 120, 2130],
    [0, 2130, 2150],
    [1, 2150, 2790],
    [0, 2790, 2800],
    [4, 2800, 5010],
    [0, 5010, 5020],
    [2, 5020, 6410],
    [0, 6410, 6420],
    [5, 6420, 9840],
    [0, 9840, 9850],
  ].map(([span, start, end]) => ({ span, start: start * ms, end: end * ms }));
  assert.deepEqual(path, want);
  await assert.rejects(t.criticalPath(1), (e) => e.kind === "TypeError" && /trace 1 out of range/.test(e.message));
  await t.free();
});

// http-multiservice.json holds two traces; the second (the email
// consumer, one span "orders process" 392–455 ms after the document's
// earliest start) must come back in document time, not its own.
test("criticalPath of a later trace is in document time", async () => {
  const t = await sl.load(await read("otlp-json/http-multiservice.json"));
  assert.equal(t.traces.length, 2);
  const k = t.traces.findIndex((tr) => tr.name === "orders process");
  assert.deepEqual(await t.criticalPath(k), [{ span: 9, start: 392 * ms, end: 455 * ms, name: "orders process", service: "email" }]);
  await t.free();
});

// http-multiservice.json: span 4 (checkout's Charge, 21–148 ms) has error
// status "upstream connect error"; its child span 7 (payments' Charge)
// has error status and one exception event of type
// io.grpc.StatusRuntimeException. The path runs GET /checkout (0) → POST
// (1) → POST /api/checkout (2) → 4 → 7.
test("errors lists failed spans in pre-order with their paths and causes", async () => {
  const t = await sl.load(await read("otlp-json/http-multiservice.json"));
  const errs = await t.errors();
  assert.equal(errs.length, 2);
  const [a, b] = errs;
  assert.deepEqual([a.span, a.path, a.status, a.exceptions ?? 0, a.message, a.origin], [4, [0, 1, 2, 4], true, 0, "upstream connect error", false]);
  assert.deepEqual([b.span, b.path, b.status, b.exceptions, b.type, b.message, b.origin], [7, [0, 1, 2, 4, 7], true, 1, "io.grpc.StatusRuntimeException", "UNAVAILABLE: upstream connect error", true]);
  await t.free();
});

// genai-agent.json folds into four nodes: the agent, one "chat gpt-4o"
// node for its three LLM calls (2010 + 2210 + 3420 = 7640 ms, all self
// time), and one node per tool. The agent's self time is its 9850 ms minus
// its children's 9670 ms.
test("agentGraph folds repeated calls into one node", async () => {
  const t = await sl.load(await read("otlp-json/genai-agent.json"));
  const g = await t.agentGraph();
  assert.equal(g.nodes.length, 4);
  const byName = Object.fromEntries(g.nodes.map((n) => [n.name, n]));
  const root = byName["invoke_agent TravelPlanner"];
  const chat = byName["chat gpt-4o"];
  const flights = byName["execute_tool search_flights"];
  assert.deepEqual([root.calls, root.total, root.self, root.parent], [1, 9850 * ms, 180 * ms, -1]);
  assert.deepEqual([chat.calls, chat.total, chat.self, chat.parent, chat.errors], [3, 7640 * ms, 7640 * ms, root.id, 0]);
  assert.deepEqual([flights.calls, flights.errors, flights.total], [1, 1, 1390 * ms]);
  assert.deepEqual([...g.node], [root.id, byName["execute_tool get_weather"].id, flights.id, chat.id, chat.id, chat.id]);
  const edges = g.edges.map((e) => [e.from, e.to, e.calls]).sort((x, y) => x[1] - y[1]);
  assert.deepEqual(edges, [chat, byName["execute_tool get_weather"], flights].map((n) => [root.id, n.id, n.calls]).sort((x, y) => x[1] - y[1]));
  await t.free();
});

// genai-agent.json over 10 columns of 985 ms: a span covers the columns
// from floor(start/985) to floor(end/985) (the last clamped to 9). The
// root covers all ten; chat 120–2130 covers 0–2; get_weather 2150–2790
// covers 2; chat 2800–5010 covers 2–5; search_flights 5020–6410 (failed)
// covers 5–6; chat 6420–9840 covers 6–9.
test("overview counts active and failed spans per column", async () => {
  const t = await sl.load(await read("otlp-json/genai-agent.json"));
  const o = await t.overview(10);
  assert.ok(o.active instanceof Uint32Array);
  assert.deepEqual([...o.active], [2, 2, 4, 2, 2, 3, 3, 2, 2, 2]);
  assert.deepEqual([...o.errors], [0, 0, 0, 0, 0, 1, 1, 0, 0, 0]);
  await assert.rejects(t.overview(0), (e) => e.kind === "TypeError" && /columns 0 out of range \(want 1\.\.65536\)/.test(e.message));
  await t.free();
});

test("flag bits match the generated TreeFlag and BarFlag", async () => {
  // Span b names a parent that is not in the file: an orphan.
  const t = await sl.load(
    JSON.stringify({
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                { traceId: "0af7651916cd43dd8448eb211c80319c", spanId: "00f067aa0ba902b7", name: "a", startTimeUnixNano: "1000", endTimeUnixNano: "9000" },
                { traceId: "0af7651916cd43dd8448eb211c80319c", spanId: "00f067aa0ba902b8", parentSpanId: "00f067aa0ba90999", name: "b", startTimeUnixNano: "2000", endTimeUnixNano: "3000", status: { code: 2 } },
              ],
            },
          ],
        },
      ],
    }),
  );
  const tree = await t.tree();
  assert.equal(tree.flags[0], 0);
  // b also has an error status.
  assert.equal(tree.flags[1], TreeFlag.Orphan | TreeFlag.Failed);
  assert.equal((await t.spanDetails(1)).flags, TreeFlag.Orphan | TreeFlag.Failed);
  await t.free();

  const g = await sl.load(await read("otlp-json/genai-agent.json"));
  const l = await g.layout({ t0: 0, t1: 9850 * ms, width: 1000, rows: 10, selected: 4 });
  const flagsOf = (span) => l.flags[[...l.span].indexOf(span)];
  assert.equal(flagsOf(0), BarFlag.Parent); // the agent has children
  assert.equal(flagsOf(2), BarFlag.Error); // search_flights failed
  assert.equal(flagsOf(4), BarFlag.Selected);
  assert.equal(flagsOf(1), 0);
  await g.free();
});

test("load reads a file: URL in Node; a path string gets a hint", async () => {
  const url = new URL("jaeger/hotrod.json", testdata);
  const progress = [];
  const t = await sl.load(url, { onProgress: (p) => progress.push(p) });
  assert.ok(t instanceof Document);
  assert.equal(t.spanCount, 14);
  // 29,789 bytes, read then decoded; the last event says the decode is done.
  const size = (await read("jaeger/hotrod.json")).length;
  assert.deepEqual(progress[0], { phase: "read", bytes: size, total: size, spans: 0 });
  assert.deepEqual(progress.at(-1), { phase: "decode", bytes: size, total: size, spans: 14 });
  await t.free();
  await assert.rejects(sl.load(fileURLToPath(url)), (e) => e instanceof SpanlensError && /looks like a path or URL: to load a file pass new URL/.test(e.message));
  await assert.rejects(sl.load(new URL("nope.json", testdata)), (e) => e instanceof SpanlensError && /reading .*nope\.json: no such file/.test(e.message));
});

test("init before the module is built says to run make wasm", async () => {
  // A copy of src/ with no dist/ beside it is a package nobody built.
  const dir = new URL("./out/unbuilt/", import.meta.url);
  await cp(new URL("../src/", import.meta.url), new URL("src/", dir), { recursive: true });
  const index = JSON.stringify(new URL("src/index.js", dir).href);
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", `import(${index}).then((m) => m.init()).catch((e) => console.log(e.message))`], { encoding: "utf8" });
  assert.match(out, /^spanlens: init: the WebAssembly module is not built .*run `make wasm`/);
});

// The README's JavaScript example, run as written (it imports "spanlens",
// which the package's own files resolve to itself) beside a trace.json.
test("the README's JavaScript example runs in Node", async () => {
  const readme = await readFile(new URL("../../README.md", import.meta.url), "utf8");
  const snippet = /## JavaScript\n+```js\n([\s\S]*?)```/.exec(readme)[1];
  const dir = new URL("./out/readme/", import.meta.url);
  await mkdir(dir, { recursive: true });
  await copyFile(new URL("otlp-json/genai-agent.json", testdata), new URL("trace.json", dir));
  const report = 'console.log("RESULT " + JSON.stringify({ spans: summary.spans, bars: bars.bars, svg: svg.slice(0, 5) }));\n';
  await writeFile(new URL("snippet.mjs", dir), snippet + report);
  const out = execFileSync(process.execPath, [fileURLToPath(new URL("snippet.mjs", dir))], { encoding: "utf8" });
  assert.match(out, /phase: 'decode'/);
  assert.deepEqual(JSON.parse(/^RESULT (.*)$/m.exec(out)[1]), { spans: 6, bars: 6, svg: "<svg " });
});

// A child Node with WebAssembly memory capped at 32 MiB loads a 14 MB
// trace: the Go program really runs out of memory and exits (see
// engine-death.js). The call rejects with EngineDied, the documents loaded
// before are lost (even though the fresh engine reuses their handles), and
// the next load works.
test("a dead engine is reported, its documents lost, and a fresh one started", async () => {
  const child = fork(fileURLToPath(new URL("./engine-death.js", import.meta.url)), {
    execArgv: ["--wasm-max-mem-pages=512"],
    stdio: ["ignore", "ignore", "pipe", "ipc"],
  });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const r = await new Promise((resolve, reject) => {
    child.on("message", resolve);
    child.on("exit", (code) => reject(new Error(`engine-death.js exited ${code} without reporting:\n${stderr}`)));
  });
  assert.equal(r.died.ok, false);
  assert.equal(r.died.class, "SpanlensError");
  assert.equal(r.died.kind, "EngineDied");
  assert.match(r.died.message, /^spanlens: the engine died during "load": the Go program exited with code 2 \(runtime: out of memory.*; lost documents: 1, 2$/);
  assert.deepEqual(r.died.lostHandles, [1, 2]);
  assert.equal(r.generation, 1);
  assert.equal(r.lost, true);
  assert.deepEqual([r.afterSpans, r.afterSummarySpans], [14, 14]);
  assert.equal(r.afterHandle, r.beforeHandle, "the fresh engine reuses handle numbers, so only the generation tells documents apart");
  assert.equal(r.lostSummary.kind, "DocumentLost");
  assert.match(r.lostSummary.message, /^spanlens: summary: document 1 was lost when the engine restarted \(it died during "load": .*out of memory.*\); load it again$/);
  assert.equal(r.lostCompare.kind, "DocumentLost");
  assert.match(r.lostCompare.message, /compare: document 2 was lost/);
  assert.equal(r.lostFree.ok, true);
});
