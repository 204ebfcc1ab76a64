// spanlens/record in Node: async nesting through AsyncLocalStorage,
// exceptions, traceparent, fail-safety, and a recorded trace summarized by
// the real WebAssembly module (go run ./cmd/build first). Token costs are
// worked out by hand from core/analyze/prices.json.

import { test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";

import { init } from "../src/index.js";
import { startTrace, trace, llmCall, toolCall, agentRun, currentSpan, parseTraceparent, hasAsyncContext } from "../src/record.js";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A clock starting at t0 (epoch ms) that advances 1 ms per reading. */
function stepClock(t0 = 1_700_000_000_000) {
  let t = t0;
  return () => t++;
}

const attr = (span, key) => span.attributes.get(key);

test("the current span follows async code", async () => {
  assert.ok(hasAsyncContext);
  const tr = startTrace("planner");
  const fetchDoc = trace(async (id) => {
    await sleep(1);
    const tool = toolCall("fetch", { attributes: { id } });
    tool.end();
    return `doc ${id}`;
  }, { name: "worker", role: "agent" });
  const docs = await tr.run(() => Promise.all([fetchDoc(1), fetchDoc(2), fetchDoc(3)]));
  tr.end();
  assert.deepEqual(docs, ["doc 1", "doc 2", "doc 3"]);
  assert.equal(tr.spans.length, 7);
  const workers = tr.spans.filter((s) => s.name === "worker");
  assert.equal(workers.length, 3);
  for (const w of workers) {
    assert.equal(w.parentSpanId, tr.root.spanId);
    const tools = tr.spans.filter((s) => s.parentSpanId === w.spanId);
    assert.equal(tools.length, 1, "each worker's tool call nests under it, across the await");
    assert.equal(tools[0].name, "execute_tool fetch");
    assert.equal(attr(tools[0], "id"), JSON.parse(attr(w, "function.args"))[0]);
  }
  assert.equal(currentSpan(), undefined, "nothing leaks out of run");
  assert.deepEqual(tr.allWarnings(), []);
});

test("exceptions are recorded and re-thrown, sync and async", async () => {
  const tr = startTrace("agent");
  const boom = new RangeError("index 9 out of range");
  const syncFail = trace(() => {
    throw boom;
  }, { name: "parse", role: "tool" });
  const asyncFail = trace(async () => {
    await sleep(1);
    throw new Error("upstream 503");
  }, { name: "fetch", role: "tool" });
  await tr.run(async () => {
    assert.throws(() => syncFail(), (e) => e === boom);
    await assert.rejects(asyncFail(), /upstream 503/);
  });
  const failing = tr.root.child("manual");
  failing.recordException(new TypeError("bad input"));
  failing.end();
  tr.end();
  const [, parse, fetch, manual] = tr.spans;
  assert.deepEqual(parse.status, { code: "error", message: "index 9 out of range" });
  assert.equal(parse.events[0].name, "exception");
  assert.equal(parse.events[0].attributes["exception.type"], "RangeError");
  assert.match(parse.events[0].attributes["exception.stacktrace"], /record\.test\.js/);
  assert.equal(fetch.status.code, "error");
  assert.equal(manual.events[0].attributes["exception.type"], "TypeError");
  assert.ok(parse.ended && fetch.ended);
});

test("traceparent goes out on fetch and comes back in", async () => {
  let seen;
  const server = http.createServer((req, res) => {
    seen = { traceparent: req.headers.traceparent, baggage: req.headers.baggage };
    const remote = startTrace("inventory", { traceparent: req.headers.traceparent });
    remote.end();
    seen.remote = remote;
    res.end("ok");
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  try {
    const tr = startTrace("shop");
    tr.root.setBaggage("user.id", "u 17");
    const call = tr.root.child("GET /stock", { kind: "client" });
    const resp = await fetch(`http://127.0.0.1:${server.address().port}/stock`, { headers: call.headers() });
    assert.equal(await resp.text(), "ok");
    call.end();
    tr.end();
    assert.equal(seen.traceparent, `00-${tr.id}-${call.spanId}-01`);
    assert.equal(seen.baggage, "user.id=u%2017");
    assert.equal(seen.remote.id, tr.id);
    assert.equal(seen.remote.root.parentSpanId, call.spanId);
  } finally {
    server.close();
  }
  assert.equal(parseTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")?.sampled, true);
  for (const bad of ["", "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"]) {
    assert.equal(parseTraceparent(bad), null, bad);
  }
});

test("recording never throws into the caller", () => {
  const tr = startTrace("agent", { tags: 7, bogus: true, maxSpans: 2 });
  const a = tr.root.child("a");
  a.end();
  a.end();
  a.setAttribute("late", 1);
  a.setStatus("weird");
  a.setTokenUsage(-1, 2);
  tr.root.child("dropped").end(); // the buffer holds root and a
  tr.end();
  tr.end();
  const late = tr.root.child("late");
  late.setAttribute("x", 1);
  late.end();
  const outside = llmCall("gpt-4o"); // no current span: a span that records nothing
  outside.setTokenUsage(1, 1);
  outside.end();
  const w = tr.allWarnings().join("\n");
  for (const want of [
    "tags must be an array of strings, got number",
    'unknown option "bogus"',
    'span "a"',
    "ended twice",
    'setAttribute on span "a" after it ended',
    'unknown code "weird"',
    "want two non-negative integers",
    "span buffer full (maxSpans 2): 1 spans dropped",
    `trace ${tr.id} ended twice`,
    'span "late" started after trace',
  ]) {
    assert.ok(w.includes(want), `no warning with ${JSON.stringify(want)} in\n${w}`);
  }
  assert.equal(tr.spans.length, 2);
});

test("a lazy trace without spans records nothing", async () => {
  const tr = startTrace("conditional", { lazyStart: true });
  tr.end();
  assert.deepEqual(tr.toOTLP(), { resourceSpans: [] });
  assert.equal(await tr.exportTo("http://127.0.0.1:1"), true, "nothing to send is not a failure");
});

test("a failing export is a warning, never a rejection", async () => {
  const server = http.createServer((req, res) => {
    res.statusCode = 503;
    res.end("overloaded");
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const hang = http.createServer(() => {}); // never answers
  await new Promise((r) => hang.listen(0, "127.0.0.1", r));
  try {
    const tr = startTrace("agent");
    tr.end();
    assert.equal(await tr.exportTo(`http://127.0.0.1:${server.address().port}`), false);
    assert.equal(await tr.exportTo(`http://127.0.0.1:${hang.address().port}/v1/traces`, { timeout: 100 }), false);
    const w = tr.allWarnings().join("\n");
    assert.match(w, /v1\/traces: 503 Service Unavailable: overloaded/);
    assert.match(w, /timed out \(timeout 100 ms\)/);
  } finally {
    server.close();
    hang.closeAllConnections();
    hang.close();
  }
});

test("a recorded trace summarized by the WebAssembly module", async () => {
  const sl = await init();
  const tr = startTrace("coordinator", { now: stepClock(), version: "1.0.0", tags: ["demo"] });
  await tr.run(async () => {
    const plan = llmCall("gpt-4o");
    plan.setTokenUsage(1200, 300);
    plan.end();
    const research = agentRun("researcher");
    await research.run(async () => {
      const llm = llmCall("gpt-4o-mini");
      llm.setTokenUsage(2000, 500);
      llm.end();
      const fetchUrl = toolCall("fetch_url");
      fetchUrl.recordException(new Error("503 Service Unavailable"));
      fetchUrl.end();
    });
    research.end();
  });
  tr.end();
  const s = await tr.summary(sl);
  // gpt-4o 1200 × $2.50/M + 300 × $10/M = $0.006; gpt-4o-mini 2000 × $0.15/M + 500 × $0.60/M = $0.0006.
  assert.equal(s.spans, 5);
  assert.equal(s.errors, 1);
  assert.equal(s.usage.input, 3200);
  assert.equal(s.usage.output, 800);
  assert.ok(Math.abs(s.usage.cost - 0.0066) < 1e-12, `cost ${s.usage.cost}`);
  const roles = Object.fromEntries(s.roles.map((g) => [g.name, g.count]));
  assert.deepEqual(roles, { agent: 2, llm: 2, tool: 1 });
  // Clock readings, 1 ms apart: root 0, plan 1–2, research 3, its llm 4–5,
  // fetch 6, exception 7, fetch end 8, research end 9, trace end 10.
  assert.equal(s.traces[0].duration, 10e6);
  assert.equal(s.traces[0].service, "coordinator");
  const doc = await tr.load(sl);
  const tree = await doc.tree();
  assert.equal(tree.parent.length, 5);
  await doc.free();
});
