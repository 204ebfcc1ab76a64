// The WASM module in headless Chromium (Debian's chromium, driven by
// playwright-core): in-page and in a Web Worker, with a screenshot of the
// SVG it drew saved to web/test/out/ for a person to look at.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";

import { serve } from "./serve.js";

const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";

test("the engine runs in Chromium, in-page and in a Web Worker", { skip: !existsSync(executablePath) && "no chromium (make test installs it)" }, async () => {
  const server = await serve();
  const browser = await chromium.launch({
    executablePath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 960, height: 600 } });
    const logs = [];
    page.on("console", (m) => logs.push(m.text()));
    page.on("pageerror", (e) => logs.push(String(e)));
    await page.goto(`${server.url}/web/test/browser/wasm.html`);
    await page.waitForFunction(() => window.results, null, { timeout: 120_000 });
    const results = await page.evaluate(() => window.results);
    assert.ok(!results.failed, `${results.failed}\n${logs.join("\n")}`);
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
  } finally {
    await browser.close();
    server.close();
  }
});
