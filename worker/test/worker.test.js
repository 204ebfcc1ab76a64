// The built Worker (worker/dist) in real workerd: traces from the
// OpenTelemetry JS SDK through both OTLP/HTTP exporters, read back from
// KV; every bundled sample through the stateless endpoints; refused
// requests with their exact statuses; and a bounded concurrent loop that
// checks every answer and the runtime's memory. Run by make test-worker.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { createServer } from "node:net";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import path from "node:path";

import { trace, context, SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { BasicTracerProvider, SimpleSpanProcessor, InMemorySpanExporter } from "@opentelemetry/sdk-trace-base";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { OTLPTraceExporter as ProtoExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { OTLPTraceExporter as JSONExporter } from "@opentelemetry/exporter-trace-otlp-http";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const dist = path.resolve(here, "../dist");
const testdata = path.join(root, "testdata");

let proc, main, bare;

async function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// rss is the runtime's resident memory in bytes.
function rss() {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${proc.pid}/status`, "utf8"));
  return Number(m[1]) * 1024;
}

before(async () => {
  assert.ok(existsSync(path.join(dist, "app.wasm")), "worker/dist/app.wasm is missing: run go run ./cmd/build -worker");
  const [p1, p2] = [await freePort(), await freePort()];
  main = `http://127.0.0.1:${p1}`;
  bare = `http://127.0.0.1:${p2}`;
  const bin = path.resolve(here, "../node_modules/.bin/workerd");
  proc = spawn(bin, ["serve", path.join(here, "config.capnp"), `--socket-addr=http=127.0.0.1:${p1}`, `--socket-addr=bare=127.0.0.1:${p2}`,
    `--directory-path=assets=${path.join(dist, "assets")}`], { stdio: ["ignore", "inherit", "inherit"] });
  for (let i = 0; ; i++) {
    try {
      await fetch(main + "/ready");
      await fetch(bare + "/ready");
      break;
    } catch (e) {
      if (i > 100) throw new Error(`workerd did not listen on ${main}: ${e}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
});

after(async () => {
  if (proc && proc.exitCode === null) {
    const exited = new Promise((r) => proc.once("exit", r));
    process.kill(proc.pid, "SIGTERM");
    await exited;
  }
});

function post(base, route, body, type = "application/json", headers = {}) {
  return fetch(base + route, { method: "POST", body, headers: { "content-type": type, ...headers } });
}

async function errorOf(res) {
  const j = await res.json();
  return j.error ? j.error.message : j.message;
}

// ---- (a) the OpenTelemetry SDK exports; KV keeps; /traces/{id} returns.

const hex = (id) => id;
const nanos = (t) => (BigInt(t[0]) * 1_000_000_000n + BigInt(t[1])).toString();

function otlpValue(v) {
  if (typeof v === "string") return { stringValue: v };
  if (typeof v === "boolean") return { boolValue: v };
  if (Number.isInteger(v)) return { intValue: String(v) };
  if (typeof v === "number") return { doubleValue: v };
  if (Array.isArray(v)) return { arrayValue: { values: v.map(otlpValue) } };
  throw new Error(`no OTLP value for ${v}`);
}

const attrMap = (list = []) => Object.fromEntries(list.map((a) => [a.key, a.value]));

function exportWith(exporter, spans) {
  return new Promise((resolve) => exporter.export(spans, resolve));
}

test("OpenTelemetry SDK spans round-trip through KV, span by span", async () => {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": "checkout", "deployment.environment": "test" }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer("worker-test", "1.2.3");
  const under = (span) => trace.setSpan(context.active(), span);

  const rootSpan = tracer.startSpan("POST /checkout", { kind: SpanKind.SERVER, attributes: { "http.request.method": "POST", "http.response.status_code": 200 } });
  const db = tracer.startSpan("SELECT orders", { kind: SpanKind.CLIENT, attributes: { "db.system": "postgresql", "db.rows": 3, ratio: 0.25, cached: false, tags: ["a", "b"] } }, under(rootSpan));
  db.addEvent("retry", { attempt: 2 });
  db.end();
  const pay = tracer.startSpan("charge card", { attributes: { "gen_ai.usage.input_tokens": 12 } }, under(rootSpan));
  const fraud = tracer.startSpan("fraud check", {}, under(pay));
  fraud.setStatus({ code: SpanStatusCode.ERROR, message: "score too high" });
  fraud.end();
  pay.end();
  rootSpan.end();
  const other = tracer.startSpan("cron tick");
  other.end();
  await provider.forceFlush();

  const spans = memory.getFinishedSpans();
  assert.equal(spans.length, 5);
  const traceA = rootSpan.spanContext().traceId;
  const traceB = other.spanContext().traceId;
  // Trace A arrives in three exports, by both encodings, one gzipped;
  // trace B rides along with the first.
  const [dbS, fraudS, payS, rootS, otherS] = spans;
  const proto = new ProtoExporter({ url: main + "/v1/traces" });
  const protoGz = new ProtoExporter({ url: main + "/v1/traces", compression: "gzip" });
  const json = new JSONExporter({ url: main + "/v1/traces" });
  for (const [exp, batch] of [[proto, [dbS, otherS]], [json, [fraudS, payS]], [protoGz, [rootS]]]) {
    const r = await exportWith(exp, batch);
    assert.equal(r.code, 0, `export failed: ${r.error}`);
  }

  for (const [id, want] of [[traceA, [dbS, fraudS, payS, rootS]], [traceB, [otherS]]]) {
    const res = await fetch(`${main}/traces/${hex(id)}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("access-control-allow-origin"), "*");
    const td = await res.json();
    const got = [];
    for (const rs of td.resourceSpans) {
      const res = attrMap(rs.resource.attributes);
      assert.deepEqual(res["service.name"], { stringValue: "checkout" });
      assert.deepEqual(res["deployment.environment"], { stringValue: "test" });
      for (const ss of rs.scopeSpans) {
        assert.equal(ss.scope.name, "worker-test");
        assert.equal(ss.scope.version, "1.2.3");
        got.push(...ss.spans);
      }
    }
    // Stored in export order, each export's spans in its order.
    assert.deepEqual(got.map((s) => s.name), want.map((s) => s.name));
    for (const [i, w] of want.entries()) {
      const g = got[i];
      assert.equal(g.traceId, id);
      assert.equal(g.spanId, w.spanContext().spanId);
      assert.equal(g.parentSpanId ?? "", w.parentSpanContext?.spanId ?? "", `${w.name}: parent`);
      assert.equal(g.kind ?? 0, w.kind + 1, `${w.name}: kind`); // OTLP kinds count from UNSPECIFIED
      assert.equal(g.startTimeUnixNano, nanos(w.startTime), `${w.name}: start`);
      assert.equal(g.endTimeUnixNano, nanos(w.endTime), `${w.name}: end`);
      const wantAttrs = Object.fromEntries(Object.entries(w.attributes).map(([k, v]) => [k, otlpValue(v)]));
      assert.deepEqual(attrMap(g.attributes), wantAttrs, `${w.name}: attributes`);
      assert.deepEqual((g.events ?? []).map((e) => [e.name, attrMap(e.attributes)]), w.events.map((e) => [e.name, Object.fromEntries(Object.entries(e.attributes ?? {}).map(([k, v]) => [k, otlpValue(v)]))]));
      assert.equal(g.status?.code ?? 0, w.status.code, `${w.name}: status`);
      if (w.status.message) assert.equal(g.status.message, w.status.message);
    }
  }
  // The stored trace is itself a trace the Worker analyses: one root,
  // the failed fraud check, one service.
  const a = await (await post(main, "/analyze", await (await fetch(`${main}/traces/${traceA}`)).text())).json();
  assert.equal(a.spans, 4);
  assert.deepEqual(a.errors.map((e) => e.name), ["fraud check"]);
  assert.equal(a.summary.services.length, 1);

  const missing = await fetch(`${main}/traces/${"0".repeat(31)}1`);
  assert.equal(missing.status, 404);
  const nokv = await fetch(`${bare}/traces/${traceA}`);
  assert.equal(nokv.status, 501);
  assert.match(await errorOf(nokv), /stores no traces.*bind a KV namespace as TRACES_KV or an R2 bucket as TRACES_R2 in wrangler.toml/);
});

// ---- (b) every bundled sample; refused requests.

const sampleDirs = ["chrome", "jaeger", "mamba", "otlp-json", "otlp-proto", "spanforge", "tutorial", "zipkin"];
const samples = sampleDirs.flatMap((d) =>
  readdirSync(path.join(testdata, d)).filter((f) => !/\.(golden|txtpb)$/.test(f) && f !== "agent.golden").map((f) => [d, f]));

test("every bundled sample through /analyze, /render.svg and /convert", async () => {
  assert.ok(samples.length >= 25, `${samples.length} samples`);
  for (const [dir, file] of samples) {
    const body = readFileSync(path.join(testdata, dir, file));
    const type = dir === "otlp-proto" ? "application/x-protobuf" : "application/json";
    const what = `${dir}/${file}`;
    const res = await post(main, "/analyze", body, type);
    assert.equal(res.status, 200, `${what}: ${await res.clone().text()}`);
    const a = await res.json();
    assert.equal(a.format, dir, `${what}: detected format`);
    assert.ok(a.spans > 0 && a.spans === a.summary.spans, `${what}: ${a.spans} spans`);
    assert.equal(a.criticalPaths.length, a.traces.length, what);

    const svg = await post(main, "/render.svg?view=flame&width=800", body, type);
    assert.equal(svg.status, 200, what);
    assert.equal(svg.headers.get("content-type"), "image/svg+xml");
    assert.match(await svg.text(), /^<svg[^>]* width="800"/, what);

    for (const to of ["otlp-json", "jaeger", "zipkin", "chrome"]) {
      const c = await post(main, `/convert?to=${to}`, body, type);
      assert.equal(c.status, 200, `${what} to ${to}`);
      const out = await c.text();
      JSON.parse(out.split("\n")[0]);
      if (to === "otlp-json") {
        // Converted and analysed again, nothing is lost.
        const again = await (await post(main, "/analyze", out)).json();
        assert.equal(again.spans, a.spans, `${what}: spans after otlp-json`);
        assert.equal(again.summary.errors, a.summary.errors, `${what}: errors after otlp-json`);
      }
    }
  }
});

// manySpans is an OTLP/JSON trace of n spans, each with attribute a=value.
function manySpans(n, value = "v") {
  const spans = Array.from({ length: n }, (_, i) => ({
    traceId: "0af7651916cd43dd8448eb211c80319c", spanId: (i + 1).toString(16).padStart(16, "0"), name: `s${i}`,
    startTimeUnixNano: "1000", endTimeUnixNano: "2000", attributes: [{ key: "a", value: { stringValue: value } }],
  }));
  return JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] });
}

const hotrod = readFileSync(path.join(testdata, "jaeger/hotrod.json"));
const agentPB = readFileSync(path.join(testdata, "otlp-proto/agent.pb"));
const bomb = gzipSync(Buffer.alloc(9 << 20)); // 9 MiB of zeros in about 9 KB

test("refused requests get exact statuses and name the var that changes the limit", async () => {
  const cases = [
    ["malformed JSON", post(main, "/analyze", '{"resourceSpans": ['), 400, /^ingest: /],
    ["unknown format", post(main, "/analyze?format=nope", hotrod), 400, /nope/],
    ["unknown parameter", post(main, "/analyze?colour=red", hotrod), 400, /unknown parameter "colour"/],
    ["text/plain", post(main, "/analyze", hotrod, "text/plain"), 415, /takes Content-Type/],
    ["oversized", post(main, "/analyze", Buffer.alloc((8 << 20) + 1, 32)), 413, /exceeds 8388608 bytes.*the var MAX_BODY_BYTES in wrangler.toml/],
    ["gzip bomb", post(main, "/analyze", bomb, "application/json", { "content-encoding": "gzip" }), 413, /decompresses to more than 8388608 bytes.*MAX_BODY_BYTES/],
    ["OTLP gzip bomb", post(main, "/v1/traces", bomb, "application/json", { "content-encoding": "gzip" }), 413, /decompresses.*MAX_BODY_BYTES/],
    ["too many spans", post(bare, "/analyze", manySpans(101)), 413, /input exceeds the var MAX_SPANS \(wrangler.toml \[vars\]\) \(100\)/],
    ["long attribute", post(bare, "/analyze", manySpans(1, "x".repeat(1025))), 413, /input exceeds the var MAX_ATTR_VALUE_BYTES \(wrangler.toml \[vars\]\) \(1024\)/],
    ["bad encoding", post(main, "/analyze", hotrod, "application/json", { "content-encoding": "br" }), 415, /Content-Encoding "br"/],
    ["GET /analyze", fetch(main + "/analyze"), 405, /takes POST, not GET/],
    ["PUT /v1/traces", fetch(main + "/v1/traces", { method: "PUT", body: "{}", headers: { "content-type": "application/json" } }), 405, /takes POST/],
    ["DELETE /traces", fetch(`${main}/traces/${"a".repeat(32)}`, { method: "DELETE" }), 405, /takes GET, not DELETE/],
    ["bad trace id", fetch(`${main}/traces/xyz`), 400, /32 hex digits/],
    ["unknown route", fetch(main + "/nope"), 404, /no endpoint \/nope/],
    ["foreign origin", post(main, "/analyze", hotrod, "application/json", { origin: "https://evil.example" }), 403, /may not call this server/],
  ];
  for (const [name, p, status, msg] of cases) {
    const res = await p;
    assert.equal(res.status, status, name);
    assert.match(await errorOf(res), msg, name);
  }
  assert.equal((await post(bare, "/analyze", manySpans(100))).status, 200, "at MAX_SPANS");
  assert.equal((await post(bare, "/analyze", manySpans(1, "x".repeat(1024)))).status, 200, "at MAX_ATTR_VALUE_BYTES");
  // An allowed origin gets CORS on the POST routes; OTLP protobuf errors
  // are google.rpc.Status with the hint inside.
  const cors = await post(bare, "/analyze", hotrod.subarray(0, 10), "application/json", { origin: "https://viewer.example" });
  assert.equal(cors.headers.get("access-control-allow-origin"), "https://viewer.example");
  const pb = await post(main, "/v1/traces", bomb, "application/x-protobuf", { "content-encoding": "gzip" });
  assert.equal(pb.status, 413);
  assert.equal(pb.headers.get("content-type"), "application/x-protobuf");
  const st = Buffer.from(await pb.arrayBuffer());
  assert.deepEqual([...st.subarray(0, 2)], [0x08, 8]); // code RESOURCE_EXHAUSTED
  assert.match(st.toString("latin1"), /MAX_BODY_BYTES in wrangler.toml \[vars\]$/);
});

test("static assets are served beside the API", async () => {
  const res = await fetch(main + "/src/index.js");
  assert.equal(res.status, 200);
  assert.equal(await res.text(), readFileSync(path.join(root, "web/src/index.js"), "utf8"));
});

// ---- (c) many clients, good and bad requests mixed.

const mixed = [
  async () => {
    const r = await post(main, "/analyze", hotrod);
    assert.equal(r.status, 200);
    const a = await r.json();
    assert.equal(a.spans, 14);
    assert.equal(a.summary.errors, 1);
  },
  async () => {
    const r = await post(main, "/analyze?format=jaeger", `{"data": [{"spans": [`);
    assert.equal(r.status, 400);
    assert.match(await errorOf(r), /^ingest: jaeger: /);
  },
  async () => {
    const r = await post(main, "/render.svg?width=600", hotrod);
    assert.equal(r.status, 200);
    assert.match(await r.text(), /^<svg[^>]* width="600"[\s\S]*<\/svg>\n?$/);
  },
  async () => {
    const r = await post(main, "/v1/traces", agentPB, "application/x-protobuf");
    assert.equal(r.status, 200);
    assert.equal((await r.arrayBuffer()).byteLength, 0); // ExportTraceServiceResponse{}
  },
  async () => {
    const r = await post(main, "/analyze", bomb, "application/json", { "content-encoding": "gzip" });
    assert.equal(r.status, 413);
    assert.match(await errorOf(r), /MAX_BODY_BYTES/);
  },
  async () => {
    const r = await fetch(main + "/convert?to=zipkin");
    assert.equal(r.status, 405);
    assert.equal(r.headers.get("allow"), "POST, OPTIONS");
    await r.arrayBuffer();
  },
  async () => {
    const r = await post(main, "/convert?to=chrome", hotrod);
    assert.equal(r.status, 200);
    assert.equal(JSON.parse(await r.text()).traceEvents.filter((e) => e.ph === "X").length, 14);
  },
];

test("2,000 mixed requests from 8 clients: every answer right, memory back near its start", async () => {
  // Warm every kind of request first, so the start is the working size.
  for (const f of mixed) await f();
  const start = rss();
  let peak = start;
  const total = 2000, clients = 8;
  let next = 0, done = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: clients }, async () => {
    for (let i; (i = next++) < total;) {
      await mixed[i % mixed.length]();
      if (++done % 100 === 0) peak = Math.max(peak, rss());
    }
  }));
  const secs = (performance.now() - t0) / 1000;
  const end = rss();
  console.log(`# ${total} requests from ${clients} clients in ${secs.toFixed(1)} s; workerd RSS ${(start / 2 ** 20).toFixed(0)} MiB at start, ${(peak / 2 ** 20).toFixed(0)} MiB peak, ${(end / 2 ** 20).toFixed(0)} MiB at end`);
  assert.equal(done, total);
  assert.ok(end < start + 96 * 2 ** 20, `RSS grew from ${start} to ${end}`);
  // Still answering, and answering right.
  for (const f of mixed) await f();
});
