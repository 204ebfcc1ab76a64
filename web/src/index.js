// spanlens for JavaScript: the Go core compiled to WebAssembly, behind a
// promise API that is the same in browsers, Web Workers, Node and
// Cloudflare Workers.
//
//   const sl = await init();
//   const doc = await sl.load(new URL("trace.json", import.meta.url));
//   console.log(await doc.summary());

import { Engine, HttpTransport, InPageTransport, WorkerTransport } from "./engine.js";
import { SpanlensError, decodeResponse, documentLost } from "./protocol.js";
import { bodySize, splitOTLPJSON } from "./stream.js";

/** Inputs from this size up are decoded in parts when there are helper workers. */
const PARALLEL_MIN = 8 << 20;
import { Supervisor, compile } from "./wasm.js";

export { SpanlensError };
export { PROTOCOL_VERSION, TreeFlag, BarFlag, FORMATS, ENGINE_ERROR_KINDS } from "./constants.js";
export { Engine, HttpTransport, InPageTransport, WorkerTransport };

/** Rejects unknown option names, so a typo does not silently do nothing. */
function checkOptions(where, opts, allowed) {
  if (opts === undefined || opts === null) return {};
  if (typeof opts !== "object") throw new TypeError(`spanlens: ${where}: options must be an object`);
  for (const k of Object.keys(opts)) {
    if (!allowed.includes(k)) {
      throw new TypeError(`spanlens: ${where}: unknown option "${k}" (allowed: ${allowed.join(", ")})`);
    }
  }
  return opts;
}

/**
 * Starts an engine.
 * @param {object} [options]
 * @param {string|URL|Uint8Array|ArrayBuffer|Response|WebAssembly.Module} [options.wasmURL] the module; default: the one bundled next to this file
 * @param {boolean} [options.worker] run the module in a Web Worker (browsers)
 * @param {number} [options.workers] run it in this many Web Workers: the first holds the documents, and large OTLP/JSON loads are decoded in parts on all of them (e.g. navigator.hardwareConcurrency)
 * @param {string} [options.url] use a native `spanlens serve` at this /api URL instead of WebAssembly
 */
export async function init(options) {
  const o = checkOptions("init", options, ["wasmURL", "module", "worker", "workers", "url"]);
  if (o.workers !== undefined && !(Number.isInteger(o.workers) && o.workers >= 1)) {
    throw new TypeError(`spanlens: init: workers must be a whole number of at least 1, got ${o.workers}`);
  }
  let transport;
  const helpers = [];
  if (o.url) {
    transport = new HttpTransport(o.url);
  } else if (o.worker || o.workers) {
    if (typeof Worker === "undefined") {
      throw new TypeError("spanlens: init: worker mode needs the Web Worker API (a browser); in Node, init() runs in-process");
    }
    const src = o.module ?? o.wasmURL;
    if (src !== undefined && typeof src !== "string" && !(src instanceof URL) && !(src instanceof WebAssembly.Module)) {
      throw new TypeError("spanlens: init: in worker mode the module is a URL string or a compiled WebAssembly.Module");
    }
    // The workers start while the page compiles the module (V8 compiles a
    // streamed module off the main thread), once for all of them.
    const ts = Array.from({ length: o.workers || 1 }, () => new WorkerTransport(new Worker(new URL("./worker.js", import.meta.url), { type: "module" })));
    try {
      const module = await compile(src);
      await Promise.all(ts.map((t) => t.init(module)));
    } catch (e) {
      for (const t of ts) t.close();
      throw e;
    }
    transport = ts[0];
    helpers.push(...ts.slice(1));
  } else {
    const supervisor = new Supervisor(await compile(o.module ?? o.wasmURL));
    await supervisor.ready();
    transport = new InPageTransport(supervisor);
  }
  const engine = new Engine(transport);
  await engine.hello();
  return new Spanlens(engine, helpers);
}

const isNode = typeof process !== "undefined" && process.versions?.node && typeof window === "undefined";

/** Reads the file or resource a URL names: file: URLs from disk in Node, others with fetch. */
async function readURL(url, onProgress) {
  if (url.protocol === "file:") {
    if (!isNode) throw new TypeError(`spanlens: load: ${url.href}: file: URLs are read only in Node; elsewhere pass an http(s) URL, a Response or bytes`);
    const { readFile } = await import("node:fs/promises");
    const { fileURLToPath } = await import("node:url");
    const path = fileURLToPath(url);
    let bytes;
    try {
      bytes = await readFile(path);
    } catch (e) {
      throw new SpanlensError("Error", `spanlens: load: reading ${path}: ${e.code === "ENOENT" ? "no such file" : e.message}`);
    }
    onProgress?.({ phase: "read", bytes: bytes.length, total: bytes.length, spans: 0 });
    return bytes;
  }
  let resp;
  try {
    resp = await fetch(url);
  } catch (e) {
    throw new SpanlensError("Error", `spanlens: load: fetching ${url.href}: ${e.cause?.message || e.message}`);
  }
  return toBytes(resp, onProgress);
}

// A string that fails to decode and looks like a path or URL gets a hint:
// strings are trace content, never locations.
const looksLikeLocation = (s) => s.length < 4096 && !/[\n{[]/.test(s) && /^(\/|\.{1,2}\/|[A-Za-z]:\\|[a-z]+:\/\/)|\.(json|jsonl|ndjson|pb)$/i.test(s.trim());

// A list of span indexes (a layout's folds or marks), which may hold every
// span, crosses as an Int32Array in bulk; a list that is not all int32s is
// sent as it is, for the engine to refuse with its TypeError.
const i32List = (list) =>
  Array.isArray(list) && list.every((v) => Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31) ? Int32Array.from(list) : list;

/** Reads an input into bytes, reporting read progress for streams. */
async function toBytes(input, onProgress) {
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  if (typeof input === "string") return new TextEncoder().encode(input);
  if (input instanceof URL) return readURL(input, onProgress);
  if (typeof Response !== "undefined" && input instanceof Response) {
    if (!input.ok) throw new SpanlensError("Error", `spanlens: load: ${input.url || "response"}: ${input.status} ${input.statusText}`);
    const total = bodySize(input);
    if (!input.body || !onProgress) return new Uint8Array(await input.arrayBuffer());
    const chunks = [];
    let bytes = 0;
    for (const reader = input.body.getReader(); ; ) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      bytes += value.length;
      onProgress({ phase: "read", bytes, total, spans: 0 });
    }
    const out = new Uint8Array(bytes);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
  if (typeof Blob !== "undefined" && input instanceof Blob) {
    onProgress?.({ phase: "read", bytes: 0, total: input.size, spans: 0 });
    return new Uint8Array(await input.arrayBuffer());
  }
  throw new TypeError("spanlens: load: want a Uint8Array, ArrayBuffer, string (trace content), URL, Response, Blob or File");
}

/** The stream and size of an input that a staged load takes, or null. */
function streamOf(input) {
  if (typeof Blob !== "undefined" && input instanceof Blob) return { stream: input, size: input.size };
  if (typeof ReadableStream !== "undefined" && input instanceof ReadableStream) return { stream: input, size: -1 };
  if (typeof Response !== "undefined" && input instanceof Response && input.ok && input.body) {
    return { stream: input.body, size: bodySize(input) };
  }
  return null;
}

/** A running engine. */
export class Spanlens {
  constructor(engine, helpers = []) {
    this.engine = engine;
    /** Worker transports that decode parts of large loads for the engine. */
    this.helpers = helpers;
    this.version = engine.info.version;
    this.formats = engine.info.formats;
  }

  /**
   * Decodes a trace file (any supported format, detected) and builds its
   * tree. A string is always the trace's content, never a path or URL;
   * to load a file pass a URL (file: URLs are read in Node, others
   * fetched).
   *
   * A Blob (a File), a ReadableStream or a Response is streamed into the
   * engine (in the Web Worker, with `worker`), so no second whole copy of
   * it is made; `onPreview(doc)` then hears, while the rest still loads,
   * of a first Document of the spans received so far (OTLP/JSON and Chrome traces), to draw
   * a first screen from. The preview is freed when the load ends. `size`
   * is a ReadableStream's length, when known, so that the engine
   * allocates its buffer once. A Blob of compact OTLP/JSON (what SDKs and
   * the Collector write) is decoded as it arrives and never held whole in
   * the engine; should it stop fitting that layout, it is read again and
   * decoded whole, for the whole input's result or exact error.
   * @param {Uint8Array|ArrayBuffer|string|URL|Response|Blob|ReadableStream} input
   * @param {{format?: string, limits?: object, adjustSkew?: boolean, onProgress?: Function, onPreview?: Function, size?: number}} [options]
   * @returns {Promise<Document>}
   */
  async load(input, options) {
    const o = checkOptions("load", options, ["format", "limits", "adjustSkew", "onProgress", "onPreview", "size"]);
    if (o.size !== undefined && !(Number.isSafeInteger(o.size) && o.size >= 0)) {
      throw new TypeError(`spanlens: load: size must be a whole number of bytes, got ${o.size}`);
    }
    const args = {};
    if (o.format !== undefined) args.format = o.format;
    if (o.limits !== undefined) args.limits = o.limits;
    if (o.adjustSkew !== undefined) args.adjustSkew = o.adjustSkew;
    if (this.helpers.length) {
      const blob = input instanceof Blob ? input : input instanceof Uint8Array || input instanceof ArrayBuffer ? new Blob([input]) : null;
      if (blob && blob.size >= PARALLEL_MIN) {
        const doc = await this.#loadParallel(blob, args, o);
        if (doc) return doc;
      }
    }
    const stream = this.engine.transport.loadStream ? streamOf(input) : null;
    if (stream && stream.size < 0 && o.size !== undefined) stream.size = o.size;
    if (stream) return this.#loadStream(stream, args, o);
    const bytes = await toBytes(input, o.onProgress);
    // Every transport ends a load with a complete "decode" event, even
    // one (HTTP) that reports none while decoding.
    let last = null;
    const onProgress = o.onProgress && ((p) => o.onProgress((last = p)));
    let answer;
    try {
      answer = await this.engine.call("load", 0, args, bytes, onProgress);
    } catch (e) {
      if (typeof input === "string" && e instanceof SpanlensError && looksLikeLocation(input)) {
        e.message += `; a string is trace content, and this one looks like a path or URL: to load a file pass new URL(...) (file: URLs are read in Node), a Response or bytes`;
      }
      throw e;
    }
    const { result, generation } = answer;
    if (onProgress && !(last?.phase === "decode" && last.bytes === bytes.length)) {
      onProgress({ phase: "decode", bytes: bytes.length, total: bytes.length, spans: result.spans });
    }
    return new Document(this.engine, result, generation);
  }

  /**
   * Decodes an OTLP/JSON Blob in parts, one per worker, and merges them
   * in the first; null when the input cannot be split or any part fails,
   * for the caller to load it whole (and report its errors exactly).
   */
  async #loadParallel(blob, args, o) {
    const parts = await splitOTLPJSON(blob, 1 + this.helpers.length);
    if (!parts) return null;
    const engine = this.engine;
    const generation = engine.generation;
    let load = 0;
    const preview = this.#previewer(o);
    try {
      // A helper's failure (even its death: it restarts itself) only
      // means the input is loaded whole.
      // Read progress sums the parts'.
      const read = parts.map(() => 0);
      const onRead = (k) => o.onProgress && ((p) => p.phase === "read" && ((read[k] = p.bytes), o.onProgress({ phase: "read", bytes: read.reduce((a, b) => a + b), total: blob.size, spans: 0 })));
      const helped = parts.slice(1).map((p, k) => this.helpers[k].loadStream(p, p.size, args, onRead(k + 1), undefined, { encode: true }).catch(() => null));
      const own = decodeResponse(await engine.transport.loadStream(parts[0], parts[0].size, args, onRead(0), preview.onPreview, { parts: parts.length - 1 }));
      load = own.result.load;
      const done = (await Promise.all(helped)).map((f) => {
        if (!f) throw new Error("a part failed");
        return decodeResponse(f);
      });
      // Each loadPart says how many spans are still to come, so that the
      // document's spans are allocated once.
      let spans = done.reduce((n, d) => n + d.result.spans, 0);
      let answer;
      for (const { result, arrays } of done) {
        answer = await engine.request({ cmd: "loadPart", args: { load, spans }, payload: arrays.part });
        spans -= result.spans;
      }
      load = 0;
      engine.live.add(answer.result.handle);
      o.onProgress?.({ phase: "decode", bytes: blob.size, total: blob.size, spans: answer.result.spans });
      return new Document(engine, answer.result, generation);
    } catch (e) {
      if (e?.kind === "EngineDied") throw engine.died(e);
      if (load) await engine.request({ cmd: "loadEnd", args: { load, cancel: true } }).catch(() => {});
      return null;
    } finally {
      await preview.free();
    }
  }

  /** Turns a load's preview answers into Documents for o.onPreview, and frees them after. */
  #previewer(o) {
    const engine = this.engine;
    let doc = null;
    const onPreview =
      o.onPreview &&
      ((r, generation = engine.generation) => {
        engine.live.add(r.handle);
        doc = new Document(engine, r, generation);
        try {
          Promise.resolve(o.onPreview(doc)).catch(() => {});
        } catch {
          // The preview is a courtesy: its callback's failure is not the load's.
        }
      });
    return { onPreview, free: () => doc?.free().catch(() => {}) };
  }

  async #loadStream({ stream, size }, args, o) {
    const engine = this.engine;
    const t = engine.transport;
    let last = null;
    const onProgress = o.onProgress && ((p) => o.onProgress((last = p)));
    const preview = this.#previewer(o);
    const onPreview = preview.onPreview;
    let result, generation;
    try {
      ({ result } = decodeResponse(await t.loadStream(stream, size, args, onProgress, onPreview)));
      generation = engine.generation;
      engine.live.add(result.handle);
    } catch (e) {
      throw engine.died(e);
    } finally {
      await preview.free();
    }
    if (onProgress && !(last?.phase === "decode" && last.bytes === last.total)) {
      onProgress({ phase: "decode", bytes: size, total: size, spans: result.spans });
    }
    return new Document(engine, result, generation);
  }

  /** Bytes of WebAssembly memory the engine holds (a Web Worker's: at its last answer), or undefined over HTTP. */
  memoryBytes() {
    const m = this.engine.transport.memoryBytes?.();
    return m === undefined ? m : this.helpers.reduce((sum, h) => sum + (h.memoryBytes() ?? 0), m);
  }

  close() {
    this.engine.close();
    for (const h of this.helpers) h.close();
  }
}

/**
 * One loaded document (a file of one or more traces): Go's Document on
 * the other side of the engine.
 */
export class Document {
  constructor(engine, info, generation) {
    this.engine = engine;
    this.handle = info.handle;
    this.format = info.format;
    this.spanCount = info.spans;
    this.traces = info.traces;
    this.warnings = info.warnings || [];
    /** The engine generation that holds the document (see Engine.generation). */
    this.generation = generation;
  }

  /** Whether the engine that held the document has died since it was loaded. */
  get lost() {
    return this.generation !== this.engine.generation;
  }

  #check(cmd) {
    if (!this.handle) throw new SpanlensError("TypeError", `spanlens: ${cmd}: this document was freed`);
    if (this.lost) throw documentLost(cmd, this.handle, this.engine.death);
  }
  async #call(cmd, args) {
    this.#check(cmd);
    return this.engine.request({ cmd, handle: this.handle, args, generation: this.generation });
  }
  async #result(cmd, args) {
    return (await this.#call(cmd, args)).result;
  }

  /** Flat tree arrays: parent, depth, order, childCount, size (Int32Array), start, end (Float64Array, ns from base), flags. */
  async tree() {
    const { result, arrays } = await this.#call("tree");
    return { ...arrays, spans: result.spans, base: BigInt(result.base) };
  }
  /** One span with its attributes (types kept), events, links, resource. */
  spanDetails(index) {
    return this.#result("span", { index });
  }
  /** Span name and service tables: {names, services, serviceColors, palette, name: Int32Array, service: Int32Array}. */
  async names() {
    const { result, arrays } = await this.#call("names");
    return { ...result, ...arrays };
  }
  criticalPath(trace = 0) {
    return this.#result("criticalPath", { trace });
  }
  /** Statistics per trace, service, operation, role and model, with tokens and cost. `prices` is an optional price-table JSON. */
  summary(options = {}) {
    return this.#result("summary", options);
  }
  /** Failed spans with exception details and the path from their root. */
  errors() {
    return this.#result("errors");
  }
  /** The call graph folded by ancestral (role, service, name) path; `node` maps spans to nodes. */
  async agentGraph(options = {}) {
    const { result, arrays } = await this.#call("agentGraph", options);
    return { ...result, node: arrays.node };
  }
  /** Aligns a trace of this document (A) with one of `other` (B): matched, added and removed spans and per-operation deltas (B minus A). */
  compare(other, { trace = 0, otherTrace = 0 } = {}) {
    if (!(other instanceof Document) || !other.handle) throw new TypeError("spanlens: compare: want a loaded Document");
    if (other.lost) return Promise.reject(documentLost("compare", other.handle, this.engine.death));
    return this.#result("compare", { other: other.handle, trace, otherTrace });
  }
  /** Span indexes matching a query such as 'service:checkout status:error duration>250ms'. */
  async search(query) {
    const { arrays } = await this.#call("search", { query });
    return arrays.spans;
  }
  /** Lays out a viewport: {bars, rows, ticks, span, row, x, w, depth, color, flags, count}. */
  async layout(viewport) {
    const req = { ...viewport };
    for (const k of ["collapsed", "critical", "match"]) if (req[k] !== undefined) req[k] = i32List(req[k]);
    const { result, arrays } = await this.#call("layout", req);
    return { ...result, ...arrays };
  }
  /** Span and error density per pixel column across the document. */
  async overview(columns) {
    const { arrays } = await this.#call("overview", { columns });
    return arrays;
  }
  /** A static SVG document as a string. */
  svg(options = {}) {
    return this.#result("svg", options);
  }
  /** The document in another format ("otlp-json", "jaeger", "zipkin", "chrome") as bytes. */
  async convert(to) {
    const { arrays } = await this.#call("convert", { to });
    return arrays.data;
  }
  /** Releases the document in the engine. Further calls reject; freeing twice, or a lost document, does nothing. */
  async free() {
    if (!this.handle) return;
    const h = this.handle;
    this.handle = 0;
    try {
      await this.engine.request({ cmd: "free", handle: h, generation: this.generation });
    } catch (e) {
      if (e?.kind !== "DocumentLost") throw e; // its engine is gone, and the document with it
    }
  }
}
