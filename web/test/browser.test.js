// The WASM module in headless Chromium (Debian's chromium, driven by
// playwright-core): in-page and in a Web Worker, with a screenshot of the
// SVG it drew saved to web/test/out/ for a person to look at; the engine
// dying of a real out-of-memory; and the README's example as written.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";

import { serve } from "./serve.js";

const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const skip = !existsSync(executablePath) && "no chromium (make test installs it)";

let server, browser;
before(async () => {
  if (skip) return;
  server = await serve();
  browser = await chromium.launch({
    executablePath,
    // WebAssembly memories are capped at 32 MiB (512 pages) so that the
    // death test can run the engine out of memory with a 14 MB trace; the
    // other pages stay far below that.
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--js-flags=--wasm-max-mem-pages=512"],
  });
});
after(async () => {
  await browser?.close();
  server?.close();
});

/** Opens a page of the repository and waits for its window.results. */
async function openPage(path) {
  const page = await browser.newPage({ viewport: { width: 960, height: 600 } });
  const logs = [];
  page.on("console", (m) => logs.push(m.text()));
  page.on("pageerror", (e) => logs.push(String(e)));
  await page.goto(`${server.url}${path}`);
  await page.waitForFunction(() => window.results, null, { timeout: 120_000 });
  const r = await page.evaluate(() => window.results);
  assert.ok(!r.failed, `${r.failed}\n${logs.join("\n")}`);
  return { page, results: r, logs };
}

test("the engine runs in Chromium, in-page and in a Web Worker", { skip }, async () => {
  const { page, results } = await openPage("/web/test/browser/wasm.html");
  for (const r of results) {
    // HotROD: 14 spans, one failing GetDriver; the root has depth 0.
    assert.equal(r.spans, 14, `worker=${r.worker}`);
    assert.equal(r.errors, 1);
    assert.equal(r.depth0, 0);
    assert.ok(r.bars > 0);
    assert.match(r.error, /^ingest: jaeger: /);
    assert.ok(r.progress >= 1, "load reported progress");
  }
  await mkdir(new URL("./out/", import.meta.url), { recursive: true });
  await page.locator("#svg svg").screenshot({ path: new URL("./out/browser-svg.png", import.meta.url).pathname });
  await page.close();
});

test("a dead engine in Chromium is reported and restarted, in-page and in a Web Worker", { skip }, async () => {
  const { page, results } = await openPage("/web/test/browser/death.html");
  for (const r of results) {
    assert.equal(r.died.kind, "EngineDied", `worker=${r.worker}: ${r.died.message}`);
    assert.match(r.died.message, /^spanlens: the engine died during "load": the Go program exited with code 2 \(runtime: out of memory/);
    assert.equal(r.generation, 1);
    assert.equal(r.lostSummary.kind, "DocumentLost");
    assert.match(r.lostSummary.message, /^spanlens: summary: document 1 was lost when the engine restarted/);
    assert.equal(r.afterSpans, 14);
  }
  await page.close();
});

// Large loads need more than the 32 MiB the death test allows, so they
// run in a browser of their own.
test("a File streams into Web Workers, two of them decode it in parts, and either equals a whole load", { skip }, async () => {
  const big = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
  try {
    const page = await big.newPage();
    const logs = [];
    page.on("pageerror", (e) => logs.push(String(e)));
    await page.goto(`${server.url}/web/test/browser/parallel.html`);
    await page.waitForFunction(() => window.results, null, { timeout: 120_000 });
    const results = await page.evaluate(() => window.results);
    assert.ok(!results.failed, `${results.failed}\n${logs.join("\n")}`);
    for (const r of results) {
      assert.equal(r.spans, 7000, `workers=${r.workers}`);
      assert.equal(r.helpers, r.workers - 1);
      assert.ok(r.sameSummary, `workers=${r.workers}: the summary differs from a whole load's`);
      // A chain: span k is the child of span k-1.
      assert.equal(r.depth, 6999);
      assert.equal(r.wantDepth, 6999);
      assert.equal(r.preview, r.previewWant, `workers=${r.workers}: the preview's spans`);
      assert.ok(r.previewWant > 500, `a preview of ${r.previewWant} spans is some 1 MiB of 1.4 KB spans`);
      assert.deepEqual(r.phases, ["decode", "read"]);
      assert.match(r.error, /^ingest: otlp-json: resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[6999\]\.spanId: /);
    }
  } finally {
    await big.close();
  }
});

// The README's JavaScript example as written, in a page that maps the
// name "spanlens" to web/src/index.js as the README says, beside a
// trace.json.
test("the README's JavaScript example runs in Chromium", { skip }, async () => {
  const readme = await readFile(new URL("../../README.md", import.meta.url), "utf8");
  const snippet = /## JavaScript\n+```js\n([\s\S]*?)```/.exec(readme)[1];
  const dir = new URL("./out/readme-browser/", import.meta.url);
  await mkdir(dir, { recursive: true });
  await copyFile(new URL("../../testdata/otlp-json/genai-agent.json", import.meta.url), new URL("trace.json", dir));
  const html = `<!doctype html>
<script type="importmap">{"imports": {"spanlens": "/web/src/index.js"}}</script>
<script>
  // The snippet runs as a module at top level (it has an import), so its
  // failures arrive here.
  window.onerror = (message, src, line, col, e) => (window.results = { failed: String((e && e.stack) || message) });
</script>
<script type="module">
${snippet}
window.results = { spans: summary.spans, bars: bars.bars, svg: svg.slice(0, 5) };
</script>
`;
  await writeFile(new URL("index.html", dir), html);
  const { page, results: r, logs } = await openPage("/web/test/out/readme-browser/index.html");
  assert.deepEqual(r, { spans: 6, bars: 6, svg: "<svg " });
  assert.ok(logs.some((l) => /"decode"|decode/.test(l)), "onProgress logged");
  await page.close();
});
