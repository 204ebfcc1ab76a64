// Run by node.test.js in a child Node whose WebAssembly memories are
// capped (--wasm-max-mem-pages), so that loading a big trace really runs
// the Go program out of memory. Reports what the package did over IPC;
// does nothing when not started that way.

import { readFile } from "node:fs/promises";

import { init } from "../src/index.js";

/** OTLP/JSON with n sibling spans under no parent: ~145 bytes a span. */
function bigTrace(n) {
  const spans = [];
  for (let i = 0; i < n; i++) {
    const id = (i + 1).toString(16).padStart(16, "0");
    spans.push(`{"traceId":"0123456789abcdef0123456789abcdef","spanId":"${id}","name":"s${i}","startTimeUnixNano":"${1000 + i}","endTimeUnixNano":"${2000 + i}"}`);
  }
  return `{"resourceSpans":[{"scopeSpans":[{"spans":[${spans.join(",")}]}]}]}`;
}

const outcome = (p) =>
  p.then(
    (v) => ({ ok: true, value: v }),
    (e) => ({ ok: false, class: e?.constructor?.name, kind: e?.kind, message: e?.message, lostHandles: e?.lostHandles }),
  );

if (process.send) {
  const small = await readFile(new URL("../../testdata/jaeger/hotrod.json", import.meta.url));
  const sl = await init();
  const before = await sl.load(small);
  const other = await sl.load(small);
  const died = await outcome(sl.load(bigTrace(100_000)));
  const after = await sl.load(small);
  const r = {
    died,
    generation: sl.engine.generation,
    beforeHandle: before.handle,
    lost: before.lost,
    afterHandle: after.handle,
    afterSpans: after.spanCount,
    afterSummarySpans: (await after.summary()).spans,
    lostSummary: await outcome(before.summary()),
    lostCompare: await outcome(after.compare(other)),
    lostFree: await outcome(before.free()),
  };
  await after.free();
  process.send(r);
}
