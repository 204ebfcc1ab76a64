// spanlens for JavaScript: the Go core compiled to WebAssembly, behind a
// promise API that is the same in browsers, Web Workers, Node and
// Cloudflare Workers.
//
//   const sl = await init();
//   const trace = await sl.load(await fetch("trace.json"));
//   console.log(await trace.summary());

import { Engine, HttpTransport, InPageTransport, WorkerTransport } from "./engine.js";
import { compile, start } from "./wasm.js";

export { SpanlensError } from "./protocol.js";
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
 * @param {string} [options.url] use a native `spanlens serve` at this /api URL instead of WebAssembly
 */
export async function init(options) {
  const o = checkOptions("init", options, ["wasmURL", "module", "worker", "url"]);
  let transport;
  if (o.url) {
    transport = new HttpTransport(o.url);
  } else if (o.worker) {
    if (typeof Worker === "undefined") {
      throw new TypeError("spanlens: init: worker mode needs the Web Worker API (a browser); in Node, init() runs in-process");
    }
    const w = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
    transport = new WorkerTransport(w);
    const src = o.module ?? o.wasmURL;
    if (src !== undefined && typeof src !== "string" && !(src instanceof URL)) {
      w.terminate();
      throw new TypeError("spanlens: init: in worker mode wasmURL must be a URL string");
    }
    await transport.init(src);
  } else {
    transport = new InPageTransport(await start(await compile(o.module ?? o.wasmURL)));
  }
  const engine = new Engine(transport);
  await engine.hello();
  return new Spanlens(engine);
}

/** Reads an input into bytes, reporting read progress for streams. */
async function toBytes(input, onProgress) {
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  if (typeof input === "string") return new TextEncoder().encode(input);
  if (typeof Response !== "undefined" && input instanceof Response) {
    if (!input.ok) throw new Error(`spanlens: load: ${input.url || "response"}: ${input.status} ${input.statusText}`);
    const total = Number(input.headers.get("content-length")) || -1;
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
  throw new TypeError("spanlens: load: want a Uint8Array, ArrayBuffer, string, Response, Blob or File");
}

/** A running engine. */
export class Spanlens {
  constructor(engine) {
    this.engine = engine;
    this.version = engine.info.version;
    this.formats = engine.info.formats;
  }

  /**
   * Decodes a trace file (any supported format, detected) and builds its
   * tree.
   * @param {Uint8Array|ArrayBuffer|string|Response|Blob} input
   * @param {{format?: string, limits?: object, adjustSkew?: boolean, onProgress?: Function}} [options]
   * @returns {Promise<Trace>}
   */
  async load(input, options) {
    const o = checkOptions("load", options, ["format", "limits", "adjustSkew", "onProgress"]);
    const bytes = await toBytes(input, o.onProgress);
    const args = {};
    if (o.format !== undefined) args.format = o.format;
    if (o.limits !== undefined) args.limits = o.limits;
    if (o.adjustSkew !== undefined) args.adjustSkew = o.adjustSkew;
    const { result } = await this.engine.call("load", 0, args, bytes, o.onProgress);
    return new Trace(this.engine, result);
  }

  /** Bytes of WebAssembly memory the in-page engine holds, or undefined for other transports. */
  memoryBytes() {
    return this.engine.transport.api?.memory?.buffer.byteLength;
  }

  close() {
    this.engine.close();
  }
}

/** One loaded document (a file of one or more traces). */
export class Trace {
  constructor(engine, info) {
    this.engine = engine;
    this.handle = info.handle;
    this.format = info.format;
    this.spanCount = info.spans;
    this.traces = info.traces;
    this.warnings = info.warnings || [];
  }

  async #call(cmd, args) {
    if (!this.handle) throw new TypeError("spanlens: this trace was freed");
    return this.engine.call(cmd, this.handle, args);
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
    if (!(other instanceof Trace) || !other.handle) throw new TypeError("spanlens: compare: want a loaded Trace");
    return this.#result("compare", { other: other.handle, trace, otherTrace });
  }
  /** Span indexes matching a query such as 'service:checkout status:error duration>250ms'. */
  async search(query) {
    const { arrays } = await this.#call("search", { query });
    return arrays.spans;
  }
  /** Lays out a viewport: {bars, rows, ticks, span, row, x, w, depth, color, flags, count}. */
  async layout(viewport) {
    const { result, arrays } = await this.#call("layout", viewport);
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
  /** Releases the document in the engine. Further calls throw. */
  async free() {
    if (!this.handle) return;
    const h = this.handle;
    this.handle = 0;
    await this.engine.call("free", h);
  }
}
