// Type declarations for the spanlens JS package, written by hand and
// checked with `tsc --noEmit` against test/types-check.ts.

// The constants shared with the Go core are generated (cmd/build writes
// src/constants.js and src/constants.d.ts from the Go sources).
export { PROTOCOL_VERSION, TreeFlag, BarFlag, FORMATS, ENGINE_ERROR_KINDS } from "./src/constants.js";
import type { Format, EngineErrorKind } from "./src/constants.js";
export type { Format, EngineErrorKind };

/**
 * What went wrong: the engine's kinds ("TypeError" for misuse, including a
 * call on a freed document; "LimitError"; "Error") or the package's own:
 * "EngineDied" (the WebAssembly engine ran out of memory or crashed during
 * this call; the next call starts a fresh engine) and "DocumentLost" (the
 * document was held by an engine that died; load it again).
 */
export type ErrorKind = EngineErrorKind | "EngineDied" | "DocumentLost";

/** A failed request. */
export declare class SpanlensError extends Error {
  readonly kind: ErrorKind;
  /** For "EngineDied": the handles of the documents lost with the engine. */
  readonly lostHandles?: number[];
  constructor(kind: ErrorKind, message: string);
}

/** Load progress; every load given onProgress ends with a "decode" event whose bytes equal total. */
export interface Progress {
  phase: "read" | "decode";
  /** Bytes read or decoded so far; -1 when not known. */
  bytes: number;
  /** Input size; -1 when not known. */
  total: number;
  spans: number;
}

/**
 * Bounds on one load (core/ingest Limits); an omitted field takes its
 * default, and a load may lower the engine's limits but never raise them.
 */
export interface Limits {
  /** Input size in bytes; default 512 MiB. */
  maxBytes?: number;
  /** Spans in one input; default 4,000,000. */
  maxSpans?: number;
  /** Attributes on one span, event or link; default 1024. */
  maxAttrsPerSpan?: number;
  /** Bytes in one string from the input (value, name, key); default 1 MiB. */
  maxAttrValueBytes?: number;
  /** Events and links on one span; default 10,000. */
  maxEventsPerSpan?: number;
  /** Nesting of JSON objects and arrays or protobuf messages; default 64. */
  maxDepth?: number;
  /** Estimated model bytes per input byte; default 64. */
  maxModelBytesPerInputByte?: number;
  /** Estimated model bytes in all; default 1 GiB in WebAssembly, 8 GiB natively. */
  maxModelBytes?: number;
}

export interface InitOptions {
  /** The module; default: dist/spanlens.wasm next to this package. */
  wasmURL?: string | URL | Uint8Array | ArrayBuffer | Response | WebAssembly.Module;
  /** A compiled module (what a Cloudflare Worker's wasm import gives). */
  module?: WebAssembly.Module;
  /** Run the engine in a Web Worker (browsers). */
  worker?: boolean;
  /** Run the engine in this many Web Workers: the first holds the documents; OTLP/JSON loads of 8 MiB and more are decoded in parts on all of them (e.g. navigator.hardwareConcurrency). */
  workers?: number;
  /** Use a native `spanlens serve` at this /api URL instead of WebAssembly. */
  url?: string;
}

export interface LoadOptions {
  format?: Format;
  limits?: Limits;
  adjustSkew?: boolean;
  onProgress?: (p: Progress) => void;
  /** For a Blob, ReadableStream or Response of OTLP/JSON or a Chrome trace: a first document of the spans received so far, while the rest loads; freed when the load ends. */
  onPreview?: (preview: Document) => void | Promise<void>;
  /** A ReadableStream's length in bytes, when known: the engine allocates its buffer once. */
  size?: number;
}

export interface TraceInfo {
  id: string;
  root: number;
  name: string;
  service: string;
  /** ns relative to the document's earliest start. */
  start: number;
  duration: number;
  spans: number;
  roots: number;
  errors: number;
}

export interface Warning {
  span: number;
  message: string;
}

export interface Tree {
  spans: number;
  /** Earliest start in ns since the epoch; all times are relative to it. */
  base: bigint;
  parent: Int32Array;
  depth: Int32Array;
  order: Int32Array;
  childCount: Int32Array;
  size: Int32Array;
  start: Float64Array;
  end: Float64Array;
  flags: Uint8Array;
}

export interface Attribute {
  key: string;
  type: "empty" | "string" | "int" | "double" | "bool" | "bytes" | "array" | "map";
  value: unknown;
}

export interface SpanDetails {
  index: number;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  parent: number;
  name: string;
  service: string;
  kind: string;
  status: "unset" | "ok" | "error";
  statusMessage: string;
  /** The span is an error by the one rule (status; exceptions and HTTP/gRPC codes when unset). */
  failed: boolean;
  /** Effective times, ns from the document's base. */
  start: number;
  end: number;
  /** The clock-skew shift applied, ns. */
  shift: number;
  /** Self time, ns. */
  self: number;
  rawStartUnixNano: string;
  rawEndUnixNano: string;
  depth: number;
  flags: number;
  /** The span's own tokens and cost. */
  usage: Usage;
  /** With its descendants'. */
  usageTotal: Usage;
  attributes: Attribute[];
  events: { time: number; name: string; attributes: Attribute[] }[];
  /** span: the linked span's index, or -1 when it is not in the document. */
  links: { traceId: string; spanId: string; span: number; attributes: Attribute[] }[];
  resource?: Attribute[];
  scope?: { name: string; version: string };
}

export interface Usage {
  input?: number;
  output?: number;
  cacheRead?: number;
  cacheWrite?: number;
  reasoning?: number;
  total?: number;
  cost?: number;
  costKnown?: boolean;
  model?: string;
  unpriced?: boolean;
  /** Some of the cost came from the price table (whose date then matters). */
  priced?: boolean;
}

export interface GroupStats {
  service?: string;
  name?: string;
  count: number;
  errors: number;
  total: number;
  self: number;
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  usage: Usage;
}

export interface UnpricedModel {
  model: string;
  spans: number;
  input: number;
  output: number;
  total: number;
}

export interface Summary {
  spans: number;
  errors: number;
  usage: Usage;
  unpriced?: UnpricedModel[];
  priceDate: string;
  traces: {
    id: string;
    root: number;
    /** The root's name and service. */
    name: string;
    service: string;
    start: number;
    duration: number;
    spans: number;
    services: number;
    errors: number;
    depth: number;
    usage: Usage;
    unpriced?: UnpricedModel[];
  }[];
  services: GroupStats[];
  operations: GroupStats[];
  roles: GroupStats[];
  models: GroupStats[];
}

export interface Segment {
  span: number;
  start: number;
  end: number;
  name: string;
  service: string;
}

export interface ErrorSpan {
  span: number;
  name: string;
  service: string;
  path: number[] | null;
  status: boolean;
  exceptions?: number;
  type?: string;
  message?: string;
  origin: boolean;
}

export interface AgentGraph {
  nodes: {
    id: number;
    parent: number;
    depth: number;
    role: string;
    service: string;
    name: string;
    calls: number;
    errors: number;
    total: number;
    self: number;
    usage: Usage;
  }[];
  edges: { from: number; to: number; calls: number }[];
  /** The node of each span. */
  node: Int32Array;
}

export interface Comparison {
  matched: { a: number; b: number; duration: number; tokens: number; cost: number }[];
  removed: number[];
  added: number[];
  ops: {
    service: string;
    name: string;
    countA: number;
    countB: number;
    removed: number;
    added: number;
    durationA: number;
    durationB: number;
    tokensA: number;
    tokensB: number;
    costA: number;
    costB: number;
  }[];
  a: { duration: number; spans: number; tokens: number; cost: number };
  b: { duration: number; spans: number; tokens: number; cost: number };
}

export interface Viewport {
  view?: "waterfall" | "flame";
  /** Waterfall: which trace (default 0; -1 for all). */
  trace?: number;
  /** Visible window, ns relative to the document base. */
  t0: number;
  t1: number;
  width: number;
  firstRow?: number;
  rows: number;
  minBarPx?: number;
  /** Folded spans. This and the other span lists cross to the engine as Int32Arrays, in bulk. */
  collapsed?: number[] | Int32Array;
  /** A search query: the waterfall shows only its matches and their ancestors. */
  filter?: string;
  selected?: number;
  critical?: number[] | Int32Array;
  match?: number[] | Int32Array;
  tickGap?: number;
}

export interface Layout {
  bars: number;
  rows: number;
  ticks: { x: number; t: number; label: string }[];
  span: Int32Array;
  row: Int32Array;
  x: Float32Array;
  w: Float32Array;
  depth: Int32Array;
  color: Uint8Array;
  flags: Uint8Array;
  count: Int32Array;
}

export interface Names {
  names: string[];
  services: string[];
  serviceColors: number[];
  palette: { light: string[]; dark: string[]; error: string };
  name: Int32Array;
  service: Int32Array;
}

export interface SVGOptions {
  width?: number;
  view?: "waterfall" | "flame";
  theme?: "light" | "dark";
  trace?: number;
  maxRows?: number;
  criticalPath?: boolean;
  title?: string;
}

/**
 * One loaded document (a file of one or more traces): the Go API's
 * Document, by handle. (It shadows the DOM's `Document` only in modules
 * that import it; import it under another name there if both are needed.)
 */
export declare class Document {
  readonly handle: number;
  /** The engine generation that holds it: how many times the engine had died before it was loaded. */
  readonly generation: number;
  /** The engine that held it died since; every call rejects with DocumentLost. */
  readonly lost: boolean;
  readonly format: Format;
  readonly spanCount: number;
  readonly traces: TraceInfo[];
  readonly warnings: Warning[];
  tree(): Promise<Tree>;
  spanDetails(index: number): Promise<SpanDetails>;
  names(): Promise<Names>;
  criticalPath(trace?: number): Promise<Segment[]>;
  summary(options?: { prices?: string }): Promise<Summary>;
  errors(): Promise<ErrorSpan[]>;
  agentGraph(options?: { prices?: string }): Promise<AgentGraph>;
  search(query: string): Promise<Int32Array>;
  compare(other: Document, options?: { trace?: number; otherTrace?: number }): Promise<Comparison>;
  layout(viewport: Viewport): Promise<Layout>;
  overview(columns: number): Promise<{ active: Uint32Array; errors: Uint32Array }>;
  svg(options?: SVGOptions): Promise<string>;
  convert(to: "otlp-json" | "otlp-proto" | "jaeger" | "zipkin" | "chrome"): Promise<Uint8Array>;
  /** Releases it; later calls reject (kind "TypeError"); freeing twice, or a lost document, does nothing. */
  free(): Promise<void>;
}

export declare class Spanlens {
  readonly version: string;
  readonly formats: Format[];
  /**
   * Decodes a trace file. A string is always the trace's content, never a
   * path or URL; pass a URL to read a file (file: URLs in Node, e.g.
   * `pathToFileURL(path)`) or fetch one.
   */
  load(input: Uint8Array | ArrayBuffer | ArrayBufferView | string | URL | Response | Blob | ReadableStream<Uint8Array>, options?: LoadOptions): Promise<Document>;
  memoryBytes(): number | undefined;
  close(): void;
}

export declare function init(options?: InitOptions): Promise<Spanlens>;
