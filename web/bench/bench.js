// bench.js times, in one run, the same work three ways on generated
// OTLP/JSON traces: the WASM module through the JS package (load, tree,
// summary), a plain-JavaScript baseline (baseline.js) and the native Go core
// (native/main.go, run as a child process). It prints markdown tables for
// docs/benchmarks.md.
//
//   make wasm && cd web && node bench/bench.js [--sizes 10000,100000,1000000] [--runs N] [--keep] [--json FILE]
//
// The trace files are generated into a temporary directory by
// web/bench/gen (removed afterwards unless --keep). A size whose file
// exceeds the engine's default MaxBytes (512 MiB) is also run as a lean
// file of the same span count (see gen), which fits.
//
// Times are medians over the runs (default 10 for 10k spans, 5 for 100k,
// 3 above), after one untimed warm-up run up to 100k spans. MB is 10^6
// bytes. The process re-runs itself with a 16 GiB V8 heap and an exposed
// gc() so that the baseline is not cut short by the default heap limit and
// every run starts from a collected heap.

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { init } from "../src/index.js";
import { encodeRequest } from "../src/protocol.js";
import { compile } from "../src/wasm.js";
import { baselineRound, medians, packageRound } from "./rounds.js";

const NODE_FLAGS = ["--max-old-space-size=16384", "--expose-gc"];
const MAX_BYTES = 512 * 2 ** 20; // ingest.DefaultLimits.MaxBytes

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");

if (typeof globalThis.gc !== "function") {
  const r = spawnSync(process.execPath, [...NODE_FLAGS, ...process.argv.slice(1)], { stdio: "inherit" });
  process.exit(r.status ?? 1);
}

const opts = parseArgs(process.argv.slice(2));

function parseArgs(argv) {
  const o = { sizes: [10_000, 100_000, 1_000_000], runs: 0, keep: false, json: "" };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === "--sizes") o.sizes = val().split(",").map((s) => Number(s.trim()));
    else if (a === "--runs") o.runs = Number(val());
    else if (a === "--json") o.json = val();
    else if (a === "--keep") o.keep = true;
    else usage(`unknown argument ${a}`);
  }
  if (o.sizes.some((n) => !Number.isInteger(n) || n <= 0)) usage("--sizes wants positive integers");
  return o;
}

function usage(msg) {
  console.error(`bench: ${msg}\nusage: node bench/bench.js [--sizes 10000,100000,1000000] [--runs N] [--keep] [--json FILE]`);
  process.exit(2);
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "spanlens-bench-"));
  try {
    const env = environment();
    const bin = buildTools(dir);
    const cases = generate(bin.gen, dir);
    const module = await compile();
    const results = [];
    for (const c of cases) {
      log(`${c.label}: ${mb(c.bytes)} MB, ${c.runs} runs`);
      const bytes = readFileSync(c.file);
      const r = { ...c };
      r.native = runNative(bin.native, c);
      log(`  native ${fmtMs(r.native.total_ms)} ms`);
      r.wasm = await timeWASM(module, bytes, c.runs, c.warm);
      log(`  wasm   ${r.wasm.error ?? fmtMs(r.wasm.ms) + " ms"}`);
      r.js = timeJS(bytes, c.runs, c.warm);
      log(`  js     ${r.js.error ?? fmtMs(r.js.ms) + " ms"}`);
      if (!r.js.error) r.js.peak = jsPeak(c.file);
      results.push(r);
    }
    const tiny = cases.tiny;
    const boundary = await measureBoundary(module, readFileSync(tiny.file), tiny);
    env.loadAfter = os.loadavg();
    env.go = results[0]?.native.go;
    const report = render(env, results, boundary);
    console.log(report);
    if (opts.json) writeFileSync(opts.json, JSON.stringify({ env, results, boundary }, null, 2));
  } finally {
    if (opts.keep) log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

function log(msg) {
  process.stderr.write(msg + "\n");
}

function environment() {
  const cpus = os.cpus();
  return {
    node: process.version,
    cpus: cpus.length,
    cpu: cpus[0]?.model ?? "?",
    mem: os.totalmem(),
    loadBefore: os.loadavg(),
  };
}

/** Builds gen and native once, so that no timing waits on the compiler. */
function buildTools(dir) {
  const bin = { gen: path.join(dir, "gen"), native: path.join(dir, "native") };
  for (const [name, out] of Object.entries(bin)) {
    run("go", ["build", "-o", out, `./web/bench/${name}`], { cwd: repo });
  }
  return bin;
}

function run(cmd, args, o = {}) {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 64 << 20, ...o });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")}: exit ${r.status}\n${r.stderr}`);
  return r.stdout;
}

/** Generates the trace files; returns the cases in size order, with .tiny. */
function generate(gen, dir) {
  const parse = (out, lean) =>
    out
      .trim()
      .split("\n")
      .map((line) => {
        const [spans, bytes, file] = line.split(" ");
        const n = Number(spans);
        const runs = opts.runs || (n <= 10_000 ? 10 : n <= 100_000 ? 5 : 3);
        return { label: lean ? `${n} lean` : String(n), spans: n, bytes: Number(bytes), file, runs, warm: n <= 100_000 };
      });
  const sizes = [...opts.sizes].sort((a, b) => a - b);
  const cases = [];
  for (const c of parse(run(gen, ["-dir", dir, "-sizes", sizes.join(",")]), false)) {
    cases.push(c);
    if (c.bytes > MAX_BYTES) cases.push(...parse(run(gen, ["-dir", dir, "-lean", "-sizes", String(c.spans)]), true));
  }
  cases.tiny = parse(run(gen, ["-dir", dir, "-sizes", "10"]), false)[0];
  return cases;
}

function runNative(bin, c) {
  return JSON.parse(run(bin, ["-file", c.file, "-runs", String(c.runs)]));
}

/** The WASM module in a fresh instance per case, so its memory is this case's peak. */
async function timeWASM(module, bytes, runs, warm) {
  const sl = await init({ module });
  try {
    const once = () => packageRound(sl, bytes);
    if (warm) await once();
    const rs = [];
    for (let i = 0; i < runs; i++) {
      globalThis.gc();
      rs.push(await once());
    }
    return { ...medians(rs), memory: sl.memoryBytes() };
  } catch (e) {
    return { error: `${e.name}: ${e.message}` };
  } finally {
    sl.close();
  }
}

function timeJS(bytes, runs, warm) {
  try {
    const once = () => baselineRound(bytes);
    if (warm) once();
    const rs = [];
    for (let i = 0; i < runs; i++) {
      globalThis.gc();
      rs.push(once());
    }
    return medians(rs);
  } catch (e) {
    return { error: `${e.name}: ${e.message}` };
  }
}

/** Peak RSS of a Node process that runs the baseline once on file. */
function jsPeak(file) {
  try {
    return JSON.parse(run(process.execPath, ["--max-old-space-size=16384", path.join(here, "baseline.js"), file])).maxRSS;
  } catch {
    return undefined;
  }
}

/** The fixed costs of crossing into the module. */
async function measureBoundary(module, tinyBytes, tiny) {
  const t0 = performance.now();
  const sl = await init({ module });
  const startMs = performance.now() - t0;
  const e = sl.engine;
  try {
    // The median of n timed calls after a few untimed ones.
    const perCall = async (n, fn) => {
      for (let i = 0; i < Math.min(n, 20); i++) await fn();
      const ts = [];
      for (let i = 0; i < n; i++) {
        const t = performance.now();
        await fn();
        ts.push(performance.now() - t);
      }
      return ts.sort((a, b) => a - b)[n >> 1];
    };
    const helloMs = await perCall(2000, () => e.call("hello"));
    const tinyLoadMs = await perCall(500, async () => (await sl.load(tinyBytes)).free());
    const tinyAllMs = await perCall(300, async () => {
      const t = await sl.load(tinyBytes);
      await t.tree();
      await t.summary();
      await t.free();
    });
    // Copying input in is two copies: encodeRequest writes the payload
    // into a fresh frame (JS), and the module copies the frame into Go
    // memory (CopyBytesToGo).
    const copies = [];
    for (const size of [1 << 20, 16 << 20, 128 << 20]) {
      const payload = new Uint8Array(size).fill(32);
      const n = size > 16 << 20 ? 9 : 31;
      const frameMs = await perCall(n, () => encodeRequest("hello", 0, undefined, payload));
      const frame = encodeRequest("hello", 0, undefined, payload);
      const goMs = await perCall(n, () => e.transport.api.call(frame));
      copies.push({ bytes: size, frameMs, goMs });
    }
    // First writes to fresh memory are what most copies above pay for on
    // a virtual machine that faults pages in lazily.
    const fresh = new Uint8Array(128 << 20);
    let t = performance.now();
    fresh.fill(1);
    const firstTouchMs = performance.now() - t;
    t = performance.now();
    fresh.fill(2);
    const rewriteMs = performance.now() - t;
    return { compileStartMs: startMs, helloMs, tinyBytes: tiny.bytes, tinySpans: tiny.spans, tinyLoadMs, tinyAllMs, copies, firstTouchMs, rewriteMs };
  } finally {
    sl.close();
  }
}

// Formatting.

const mb = (bytes) => (bytes / 1e6).toFixed(1);
const mib = (bytes) => (bytes === undefined ? "–" : (bytes / 2 ** 20).toFixed(0) + " MiB");
const fmtMs = (ms) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3));
const rate = (bytes, ms) => (bytes / 1e6 / (ms / 1e3)).toFixed(0);
const cell = (r, bytes) => (r.error ? `fails: ${r.error.slice(0, 70)}` : `${fmtMs(r.ms ?? r.total_ms)} ms (${rate(bytes, r.ms ?? r.total_ms)} MB/s)`);
const ratio = (a, b) => (a.error || b.error ? "–" : ((a.ms ?? a.total_ms) / (b.ms ?? b.total_ms)).toFixed(2));
const load = (l) => l.map((x) => x.toFixed(2)).join(" ");

function render(env, results, b) {
  const L = [];
  L.push(`node ${env.node}, ${env.go}, ${env.cpus} × ${env.cpu}, ${(env.mem / 2 ** 30).toFixed(0)} GiB; load average ${load(env.loadBefore)} before, ${load(env.loadAfter)} after`);
  L.push("");
  L.push("Load + tree + summary, median time (throughput). WASM/JS and WASM/native are time ratios: below 1 the WASM module is faster.");
  L.push("");
  L.push("| spans | file | WASM (JS package) | plain JS | native Go | WASM/JS | WASM/native |");
  L.push("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const r of results) {
    L.push(`| ${r.label} | ${mb(r.bytes)} MB | ${cell(r.wasm, r.bytes)} | ${cell(r.js, r.bytes)} | ${cell(r.native, r.bytes)} | ${ratio(r.wasm, r.js)} | ${ratio(r.wasm, r.native)} |`);
  }
  L.push("");
  L.push("Where the time goes (median ms per phase).");
  L.push("");
  L.push("| spans | WASM load / tree / summary | JS parse / tree / stats | native decode / tree / summary |");
  L.push("| ---: | ---: | ---: | ---: |");
  const ph = (r, ks) => (r.error ? "–" : ks.map((k) => fmtMs(r[k])).join(" / "));
  for (const r of results) {
    L.push(`| ${r.label} | ${ph(r.wasm, ["load", "tree", "summary"])} | ${ph(r.js, ["parse", "tree", "stats"])} | ${ph(r.native, ["decode_ms", "tree_ms", "summary_ms"])} |`);
  }
  L.push("");
  L.push("Peak memory: WebAssembly memory of a fresh instance after the runs; resident set high-water mark of a process that runs the JS baseline once or the native runs (input bytes included).");
  L.push("");
  L.push("| spans | WASM memory | JS peak RSS | native peak RSS |");
  L.push("| ---: | ---: | ---: | ---: |");
  for (const r of results) {
    L.push(`| ${r.label} | ${r.wasm.error ? "–" : mib(r.wasm.memory)} | ${mib(r.js.peak)} | ${mib(r.native.peak_rss)} |`);
  }
  L.push("");
  L.push("The boundary: fixed costs of the JS package and the module.");
  L.push("");
  L.push("| what | time |");
  L.push("| --- | ---: |");
  L.push(`| compile + instantiate + hello (init) | ${fmtMs(b.compileStartMs)} ms |`);
  L.push(`| \`hello\` round trip (frame out, JSON header in and out) | ${(b.helloMs * 1e3).toFixed(1)} µs |`);
  L.push(`| load + free of a ${b.tinySpans}-span file (${b.tinyBytes} bytes) | ${(b.tinyLoadMs * 1e3).toFixed(0)} µs |`);
  L.push(`| load + tree + summary + free of the same | ${(b.tinyAllMs * 1e3).toFixed(0)} µs |`);
  for (const c of b.copies) {
    const gbps = (ms) => (c.bytes / 1e9 / (ms / 1e3)).toFixed(2);
    L.push(`| ${c.bytes >> 20} MiB payload: JS writes the request frame | ${fmtMs(c.frameMs)} ms (${gbps(c.frameMs)} GB/s) |`);
    L.push(`| ${c.bytes >> 20} MiB payload: the module copies it into Go memory (\`hello\`) | ${fmtMs(c.goMs)} ms (${gbps(c.goMs)} GB/s) |`);
  }
  L.push(`| first write to a fresh 128 MiB buffer (page faults) | ${fmtMs(b.firstTouchMs)} ms |`);
  L.push(`| rewriting the same buffer | ${fmtMs(b.rewriteMs)} ms |`);
  return L.join("\n");
}

await main();
