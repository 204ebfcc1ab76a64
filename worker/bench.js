// Figures for docs/benchmarks.md: the built Worker in workerd, cold start,
// warm overhead (GET of an unknown route: the whole JS→Go→JS round trip
// and httpapi's gate), and POST /analyze of a 10k-span trace.
//   node worker/bench.js /tmp/slb/otlp-10000.json
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const port = 18787 + Math.floor(Math.random() * 1000);
const base = `http://127.0.0.1:${port}`;
const rss = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))[1]) / 1024;
const median = (a) => a.slice().sort((x, y) => x - y)[a.length >> 1];
const p = (a, q) => a.slice().sort((x, y) => x - y)[Math.floor(a.length * q)];

const proc = spawn(path.join(here, "node_modules/.bin/workerd"), ["serve", path.join(here, "test/config.capnp"),
  `--socket-addr=http=127.0.0.1:${port}`, `--socket-addr=bare=127.0.0.1:${port + 1}`, `--directory-path=assets=${path.join(here, "dist/assets")}`], { stdio: "inherit" });
for (;;) { try { await fetch(base + "/up"); break; } catch { await new Promise((r) => setTimeout(r, 50)); } }
// The first request to the Worker's isolate: instantiating the module and starting Go.
let t = performance.now();
await (await fetch(base + "/x/cold")).text();
const cold = performance.now() - t;
const warm = [];
for (let i = 0; i < 300; i++) {
  t = performance.now();
  await (await fetch(base + "/x")).text();
  warm.push(performance.now() - t);
}
const node = [];
const s = (await import("node:http")).createServer((q, r) => r.end("x")).listen(0);
const np = s.address().port;
for (let i = 0; i < 300; i++) {
  t = performance.now();
  await (await fetch(`http://127.0.0.1:${np}/`)).text();
  node.push(performance.now() - t);
}
s.close();
const big = readFileSync(process.argv[2]);
const lat = [];
let peak = rss(proc.pid);
t = performance.now();
for (let i = 0; i < 20; i++) {
  const t1 = performance.now();
  const r = await fetch(base + "/analyze", { method: "POST", body: big, headers: { "content-type": "application/json" } });
  if (r.status !== 200) throw new Error(await r.text());
  await r.arrayBuffer();
  lat.push(performance.now() - t1);
  peak = Math.max(peak, rss(proc.pid));
}
const secs = (performance.now() - t) / 1000;
console.log(JSON.stringify({ coldMs: cold.toFixed(1), warmMedianMs: median(warm).toFixed(2), warmP90Ms: p(warm, 0.9).toFixed(2),
  loopbackNodeMedianMs: median(node).toFixed(2), trace: { bytes: big.length, reqPerSec: (20 / secs).toFixed(2), medianMs: median(lat).toFixed(0), p90Ms: p(lat, 0.9).toFixed(0) },
  peakRssMiB: peak.toFixed(0) }));
process.kill(proc.pid, "SIGTERM");
