// Viewer benchmarks in headless Chromium (not assertions; results go in
// docs/benchmarks.md): for generated traces of 10k, 100k and 1M spans
// opened in the dashboard with ?src=, the time from navigation to the
// first drawn frame (of the load's preview, its first spans, for a file
// of 16 MiB or more), to the whole document's first frame and to
// interactive (the tree arrays in, every interaction ready), and frame
// times while panning and zooming; beside
// it, in the same browser, the same 100k-event Chrome trace in speedscope
// 1.25.0 (installed into out/bench by this script from npm).
//
//	node web/bench/viewer.js [10000,100000,1000000]

import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve } from "../test/serve.js";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const dir = `${repo}out/bench`;
const sizes = (process.argv[2] || "10000,100000,1000000").split(",").map(Number);
await mkdir(dir, { recursive: true });
for (const n of sizes) {
  if (!existsSync(`${dir}/otlp-lean-${n}.json`)) execFileSync("go", ["run", "./web/bench/gen", "-lean", "-dir", dir, "-sizes", String(n)], { cwd: repo, stdio: "inherit" });
}
const chrome = `${dir}/chrome-100000.json`;
if (!existsSync(chrome)) {
  execFileSync("go", ["build", "-o", `${dir}/spanlens`, "./cmd/spanlens"], { cwd: repo, stdio: "inherit" });
  execFileSync("sh", ["-c", `${dir}/spanlens convert --to chrome ${dir}/otlp-lean-100000.json > ${chrome}`], { stdio: "inherit" });
}
if (!existsSync(`${dir}/node_modules/speedscope/dist/release/index.html`)) {
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--no-save", "--prefix", dir, "speedscope@1.25.0"], { stdio: "inherit" });
}

const server = await serve();
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--enable-precise-memory-info", "--js-flags=--expose-gc"] });
const med = (a) => a.slice().sort((x, y) => x - y)[Math.floor(a.length / 2)];
const ms = (v) => `${Math.round(v)} ms`;
const mem = (r) => `${(r.loadHeap / 1e6).toFixed(0)} / ${(r.heap / 1e6).toFixed(0)} + ${(r.wasm / 1e6).toFixed(0)} MB`;

async function viewer(file) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 820 } });
  await page.goto(`${server.url}/web/dashboard/index.html?src=${encodeURIComponent(`/out/bench/${file}`)}`);
  await page.waitForFunction(() => document.querySelector("span-lens")?.viewer?.timings.interactive, null, { timeout: 600_000, polling: 50 });
  const r = await page.evaluate(async () => {
    const el = document.querySelector("span-lens");
    const v = el.viewer;
    // The page's JS heap when the trace became interactive (load garbage
    // included), and once settled (2 s, then a collection): what the open
    // trace keeps; with the engine's WebAssembly memory, which never
    // shrinks (its peak).
    const loadHeap = performance.memory?.usedJSHeapSize;
    // One collection does not free the load's buffers (they wait on
    // finalization); a second, later, does.
    window.gc?.();
    await new Promise((r) => setTimeout(r, 2000));
    window.gc?.();
    const heap = performance.memory?.usedJSHeapSize;
    const wasm = v.sl.engine.transport.memoryBytes?.();
    const times = [];
    const until = performance.now() + 3000;
    for (let i = 0; performance.now() < until; i++) {
      const t = performance.now();
      const done = new Promise((res) => el.addEventListener("frame", res, { once: true }));
      if (i % 4 < 2) v.pan(i % 8 < 4 ? 0.01 : -0.01);
      else v.zoom(i % 8 < 6 ? 0.97 : 1 / 0.97);
      await done;
      times.push(performance.now() - t); // input to drawn, the wait for the next animation frame included
    }
    return { fetched: v.timings.fetched, first: v.timings.firstFrame, loaded: v.timings.loaded, interactive: v.timings.interactive, times, loadHeap, heap, wasm, spans: v.doc.spanCount };
  });
  await page.close();
  return r;
}

async function speedscope(file) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 820 } });
  const url = `${server.url}/out/bench/node_modules/speedscope/dist/release/index.html#profileURL=${encodeURIComponent(`${server.url}/out/bench/${file}`)}`;
  await page.goto(url);
  // speedscope names the tab after the profile once it is imported and drawn.
  await page.waitForFunction(() => document.title.includes("chrome-"), null, { timeout: 600_000, polling: 20 });
  const t = await page.evaluate(() => new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(() => res(performance.now())))));
  await page.close();
  return t;
}

const rows = [];
for (const n of sizes) {
  const r = await viewer(`otlp-lean-${n}.json`);
  rows.push(`| ${n.toLocaleString("en-US")} spans, OTLP/JSON | ${ms(r.first)} (${ms(r.first - r.fetched)}) | ${ms(r.loaded)} | ${ms(r.interactive)} | ${r.times.length} | ${r.times.length ? med(r.times).toFixed(1) : "-"} ms | ${Math.max(...r.times).toFixed(1)} ms | ${mem(r)} |`);
  console.error(rows.at(-1));
}
const ours = await viewer("chrome-100000.json");
rows.push(`| 100k-event Chrome trace | ${ms(ours.first)} (${ms(ours.first - ours.fetched)}) | ${ms(ours.loaded)} | ${ms(ours.interactive)} | ${ours.times.length} | ${med(ours.times).toFixed(1)} ms | ${Math.max(...ours.times).toFixed(1)} ms | ${mem(ours)} |`);
const ss = await speedscope("chrome-100000.json");
console.log("| trace | first frame (after the response) | whole document drawn | interactive | frames | median frame | worst frame | JS heap at interactive / settled + WebAssembly memory |");
console.log("|---|---|---|---|---|---|---|---|");
for (const r of rows) console.log(r);
console.log(`\nspeedscope 1.25.0, same Chrome trace: drawn ${ms(ss)} after navigation; spanlens first frame ${ms(ours.first)} (ratio speedscope/spanlens ${(ss / ours.first).toFixed(2)}), whole document drawn ${ms(ours.loaded)} (${(ss / ours.loaded).toFixed(2)}).`);
await browser.close();
server.close();
