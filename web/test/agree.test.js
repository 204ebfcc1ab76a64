// The WebAssembly engine, through the JS package, against the expectations
// worked out by hand in testdata/agree.json: the Go API, the CLI and
// the native engine are checked against the same file by
// cmd/spanlens/agree_test.go, so every surface agrees.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";

import { init } from "../src/index.js";

const dir = new URL("../../testdata/", import.meta.url);
const expect = JSON.parse(await readFile(new URL("agree.json", dir), "utf8"));
const sl = await init();

for (const [name, want] of Object.entries(expect)) {
  if (name.startsWith("_")) continue;
  test(`the WASM engine agrees on ${name}`, async () => {
    const doc = await sl.load(await readFile(new URL(name, dir)));
    try {
      const s = await doc.summary();
      assert.equal(s.spans, want.spans);
      assert.equal(s.traces.length, want.traces);
      assert.equal(s.traces[0].duration, want.durationNs);
      assert.equal(s.errors, want.errors);
      const errs = await doc.errors();
      assert.equal(errs.length, want.errors);
      if (want.errorSpans) assert.deepEqual(errs.map((e) => e.span), want.errorSpans);
      if (want.criticalPath) {
        const path = await doc.criticalPath(0);
        assert.deepEqual(path.map((p) => [p.span, p.start, p.end]), want.criticalPath);
      }
    } finally {
      await doc.free();
    }
  });
}
