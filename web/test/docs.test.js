// The docs-page embeds (web/src/docs.js driving wasm/docs) in headless
// Chromium: web/examples/docs.html mounts its static drawing and its
// interactive viewer, a hover
// shows a span's details, a click leads to the viewer, hostile span names
// stay text, and bad sources say why in the element. Screenshots go to
// out/screenshots/ for a person to look at.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";

import { serve } from "./serve.js";

const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const skip = !existsSync(executablePath) && "no chromium (make test installs it)";
const shots = new URL("../../out/screenshots/", import.meta.url);

let server, browser;
before(async () => {
  if (skip) return;
  server = await serve();
  browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"] });
  await mkdir(shots, { recursive: true });
});
after(async () => {
  await browser?.close();
  server?.close();
});

/** Opens the docs example and waits for its static embed to settle. */
async function openDocs(colorScheme = "light") {
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 }, colorScheme });
  // Count the Web Workers the page starts: the viewer must share the
  // embeds' Go runtime rather than start another in a Worker.
  await page.addInitScript(() => {
    const W = window.Worker;
    window.__workers = 0;
    window.Worker = class extends W {
      constructor(...a) {
        super(...a);
        window.__workers++;
      }
    };
  });
  const logs = [];
  page.on("console", (m) => logs.push(m.text()));
  page.on("pageerror", (e) => logs.push(String(e)));
  // The hostile trace and the broken ones are served from here, beside the page.
  await page.route("**/web/examples/hostile.json", (r) => r.fulfill({ contentType: "application/json", body: hostile }));
  // hotrod.json again, with its length declared (the test server streams it).
  await page.route("**/web/examples/declared.json", (r) => r.fulfill({ path: new URL("../examples/hotrod.json", import.meta.url).pathname, contentType: "application/json" }));
  await page.route("**/web/examples/broken.json", (r) => r.fulfill({ contentType: "application/json", body: `{"data":[{"traceID":"1","spans":[{"spanID":` }));
  await page.goto(`${server.url}/web/examples/docs.html`);
  await page.waitForSelector("#static[data-spanlens-state=ready], #static[data-spanlens-state=error]", { timeout: 60_000 });
  const state = await page.getAttribute("#static", "data-spanlens-state");
  assert.equal(state, "ready", `${await page.textContent("#static")}\n${logs.join("\n")}`);
  return { page, logs };
}

// Jaeger JSON: a root named with a script element and a child whose name
// breaks out of an attribute into an <img onerror>.
const rootName = `<script>window.pwned = 1</script>`;
const childName = `"><img src=x onerror="window.pwned = 2">`;
const hostile = JSON.stringify({
  data: [{
    traceID: "1",
    spans: [
      { traceID: "1", spanID: "a", operationName: rootName, startTime: 1000, duration: 5000, processID: "p" },
      { traceID: "1", spanID: "b", operationName: childName, startTime: 2000, duration: 1500, processID: "p", references: [{ refType: "CHILD_OF", traceID: "1", spanID: "a" }] },
    ],
    processes: { p: { serviceName: "evil&co" } },
  }],
});

/** Hovers the bar of span i in the embed sel and returns the tooltip's lines. */
async function hover(page, sel, i) {
  await page.hover(`${sel} g[data-span="${i}"] rect`);
  await page.waitForSelector(`${sel} .spanlens-tip:not([hidden])`);
  return page.$$eval(`${sel} .spanlens-tip > div`, (rows) => rows.map((r) => r.textContent));
}

test("the docs example mounts its static drawing, with hover details and a link to the viewer", { skip }, async () => {
  const { page, logs } = await openDocs();
  // HotROD: 14 spans, one bar each in the waterfall, in the Go-drawn SVG.
  assert.equal(await page.locator("#static svg g[data-span] rect:first-of-type").count(), 14);
  assert.equal(await page.locator("#static svg title").count(), 0, "the bars' <title>s gave way to the tooltip");
  // The fallback text was replaced.
  assert.equal(await page.locator("#static").getByText("Loading the HotROD trace").count(), 0);

  // Span 8 is the GetDriver call that failed: 30 ms on redis-manual.
  assert.deepEqual(await hover(page, "#static", 8), ["GetDriver", "service redis-manual", "duration 30ms", "status error: redis timeout"]);
  await page.screenshot({ path: new URL("docs-hover.png", shots).pathname });
  // The root: /dispatch on frontend, 713 ms.
  assert.deepEqual(await hover(page, "#static", 0), ["/dispatch", "service frontend", "duration 713ms", "status unset"]);
  await page.mouse.move(2, 2);
  assert.ok(await page.locator("#static .spanlens-tip").isHidden(), "the tooltip hides when the pointer leaves");

  // A click opens the dashboard beside the package with ?src= the trace.
  const href = await page.getAttribute("#static a.spanlens-open", "href");
  const want = new URL(`${server.url}/web/dashboard/`);
  want.searchParams.set("src", `${server.url}/web/examples/hotrod.json`);
  assert.equal(href, want.href);
  // The interactive half: the <span-lens> viewer loaded the agent run
  // (6 spans) and drew a frame.
  await page.waitForFunction(() => {
    const v = document.querySelector("#interactive span-lens")?.viewer;
    return v && v.doc && v.lay && v.tree && !v.inflight && !v.raf;
  }, null, { timeout: 60_000 });
  assert.equal(await page.evaluate(() => document.querySelector("#interactive span-lens").viewer.totalRows), 6);
  assert.equal(await page.evaluate(() => window.__workers), 0, "one Go runtime on the page: no Worker for the viewer");
  await page.screenshot({ path: new URL("docs.png", shots).pathname, fullPage: true });
  // docs.js's engine() speaks to the same instance: it loads HotROD too.
  const spans = await page.evaluate(async () => {
    const { engine } = await import("/web/src/docs.js");
    const doc = await (await engine()).load(new URL("hotrod.json", location.href));
    return (await doc.summary()).spans;
  });
  assert.equal(spans, 14);
  assert.deepEqual(logs.filter((l) => /spanlens docs|panic|fatal/.test(l)), []);
  await page.close();
});

test("hostile span names appear as text, and no script runs", { skip }, async () => {
  const { page } = await openDocs();
  const results = await page.evaluate(async () => {
    const el = document.createElement("div");
    el.id = "hostile";
    el.setAttribute("data-spanlens-src", "hostile.json");
    el.setAttribute("data-spanlens-theme", "dark");
    document.body.append(el);
    const { mount } = await import("/web/src/docs.js");
    return mount();
  });
  assert.deepEqual(results, [{ src: "hostile.json", state: "ready" }]);
  assert.deepEqual(await hover(page, "#hostile", 0), [rootName, "service evil&co", "duration 5.0ms", "status unset"]);
  assert.deepEqual(await hover(page, "#hostile", 1), [childName, "service evil&co", "duration 1.5ms", "status unset"]);
  const labels = await page.$$eval("#hostile svg text", (ts) => ts.map((t) => t.textContent));
  assert.ok(labels.includes(rootName), labels.join("\n"));
  // The child's label is cut to its column, the markup intact as text.
  assert.ok(labels.includes(`"><img src=x onerror="window.pwned = …`), labels.join("\n"));
  assert.equal(await page.locator("#hostile script, #hostile img").count(), 0);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  await page.locator("#hostile").screenshot({ path: new URL("docs-hostile.png", shots).pathname });
  await page.close();
});

test("a bad source shows a readable error in its element, and the others still mount", { skip }, async () => {
  const { page } = await openDocs("dark");
  const results = await page.evaluate(async () => {
    for (const [id, attrs] of [
      ["missing", { "data-spanlens-src": "missing.json" }],
      ["broken", { "data-spanlens-src": "broken.json" }],
      ["big", { "data-spanlens-src": "hotrod.json", "data-spanlens-max-bytes": "1000" }],
      ["declared", { "data-spanlens-src": "declared.json", "data-spanlens-max-bytes": "1000" }],
      ["badview", { "data-spanlens-src": "hotrod.json", "data-spanlens-view": "tree" }],
      ["flame", { "data-spanlens-src": "hotrod.json", "data-spanlens-view": "flame", "data-spanlens-viewer": "none" }],
    ]) {
      const el = document.createElement("div");
      el.id = id;
      for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
      document.body.append(el);
    }
    const { mount } = await import("/web/src/docs.js");
    return mount();
  });
  const byId = Object.fromEntries(results.map((r, k) => [["missing", "broken", "big", "declared", "badview", "flame"][k], r]));
  const hotrod = `${server.url}/web/examples/hotrod.json`;
  assert.equal(byId.missing.error, `spanlens docs: fetching ${server.url}/web/examples/missing.json: 404 Not Found`);
  assert.match(byId.broken.error, /^spanlens docs: broken\.json: ingest: jaeger: /);
  // hotrod.json is 29,789 bytes. Streamed, the download stops at the
  // first chunk past the limit; with its length declared, before it starts.
  const over = / (\d+) bytes or more, over the limit of 1000 \(raise data-spanlens-max-bytes, up to 536870912\)$/;
  assert.ok(byId.big.error.startsWith(`spanlens docs: ${hotrod}: `), byId.big.error);
  const n = Number(over.exec(byId.big.error)?.[1]);
  assert.ok(n > 1000 && n <= 29789, byId.big.error);
  assert.equal(byId.declared.error, `spanlens docs: ${server.url}/web/examples/declared.json: 29789 bytes or more, over the limit of 1000 (raise data-spanlens-max-bytes, up to 536870912)`);
  assert.equal(byId.badview.error, `spanlens docs: data-spanlens-view "tree": want waterfall or flame`);
  assert.deepEqual(byId.flame, { src: "hotrod.json", state: "ready" });
  for (const id of ["missing", "broken", "big", "declared", "badview"]) {
    assert.equal(await page.getAttribute(`#${id}`, "data-spanlens-state"), "error");
    assert.equal(await page.textContent(`#${id} .spanlens-error`), byId[id].error);
  }
  // The flame drawing follows the page's dark scheme, and has no link.
  assert.equal(await page.getAttribute("#flame svg > rect", "fill"), "#0d1117");
  assert.equal(await page.locator("#flame a").count(), 0);
  await page.screenshot({ path: new URL("docs-errors-dark.png", shots).pathname, fullPage: true });
  await page.close();
});
