// spanlens/record: record traces in JavaScript, the way agent SDKs do
// (tmam's @trace and start_trace, spanforge's llm_call and tool_call), and
// hand them to spanlens as OTLP/JSON.
//
//   const tr = startTrace("coordinator");
//   const llm = tr.root.child("chat gpt-4o", { role: "llm" });
//   llm.setTokenUsage(100, 50);
//   llm.end();
//   tr.end();
//   const doc = await tr.load(await init());   // a spanlens Trace
//
// The attributes are the ones the Go analysis reads (core/analyze:
// roles.go, usage.go), as the Go recorder (record/) sets them. In Node and
// in Workers the current span follows async code through AsyncLocalStorage
// (span.run, trace()); in browsers parents are explicit (span.child, the
// parent option). Recording never throws into the caller: misuse and
// internal failures become warnings on the trace (trace.warnings, and the
// root span's attribute spanlens.record.warnings).

const SCOPE = "spanlens/record";
const MAX_WARNINGS = 100;

/** AsyncLocalStorage where the platform has it (Node, Deno, Workers), else null. */
const storage = await (async () => {
  try {
    if (typeof globalThis.AsyncLocalStorage === "function") return new globalThis.AsyncLocalStorage();
    const mod = await import("node:async_hooks");
    return new mod.AsyncLocalStorage();
  } catch {
    return null;
  }
})();

/** Whether the current span follows async code on this platform. */
export const hasAsyncContext = storage !== null;

/** Span kinds with their OTLP numbers. */
const KINDS = { internal: 1, server: 2, client: 3, producer: 4, consumer: 5 };
/** Status codes with their OTLP numbers. */
const STATUS = { unset: 0, ok: 1, error: 2 };
/** Roles the analysis knows through OpenInference span kinds rather than tmam's role attribute. */
const OI_ROLES = ["retriever", "reranker", "guardrail", "evaluator", "chain"];

function hex(bytes) {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

function randomId(n) {
  const b = new Uint8Array(n);
  for (;;) {
    globalThis.crypto.getRandomValues(b);
    if (b.some((x) => x !== 0)) return hex(b);
  }
}

/** Milliseconds since the epoch, with sub-millisecond precision where the platform gives it. */
function nowMs() {
  if (typeof performance !== "undefined" && performance.timeOrigin) return performance.timeOrigin + performance.now();
  return Date.now();
}

/** Epoch milliseconds as a decimal nanosecond string (epoch ns exceed 2^53). */
function nanos(ms) {
  const whole = Math.floor(ms);
  const frac = Math.round((ms - whole) * 1e6);
  return (BigInt(whole) * 1000000n + BigInt(frac)).toString();
}

/** FNV-1a 128-bit of s, as 32 hex digits: a stable trace id for ids that are not hex. */
function hashTraceId(s) {
  let h = 0x6c62272e07bb014262b821756295c58dn;
  const prime = 0x0000000001000000000000000000013bn;
  const mask = (1n << 128n) - 1n;
  for (const b of new TextEncoder().encode(s)) h = ((h ^ BigInt(b)) * prime) & mask;
  return h.toString(16).padStart(32, "0");
}

/** Converts a JS value to an OTLP/JSON AnyValue, or undefined to skip it. */
function anyValue(v, depth = 0) {
  if (v === null || v === undefined) return undefined;
  if (depth > 8) return { stringValue: String(v) };
  switch (typeof v) {
    case "string":
      return { stringValue: v };
    case "boolean":
      return { boolValue: v };
    case "bigint":
      return { intValue: v.toString() };
    case "number":
      return Number.isSafeInteger(v) ? { intValue: String(v) } : { doubleValue: v };
  }
  if (v instanceof Uint8Array) {
    let bin = "";
    for (const b of v) bin += String.fromCharCode(b);
    return { bytesValue: btoa(bin) };
  }
  if (Array.isArray(v)) return { arrayValue: { values: v.map((x) => anyValue(x, depth + 1) ?? {}) } };
  if (v instanceof Error) return { stringValue: `${v.name}: ${v.message}` };
  if (v instanceof Date) return { stringValue: v.toISOString() };
  if (typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
    const values = [];
    for (const [k, x] of Object.entries(v)) {
      const a = anyValue(x, depth + 1);
      if (a !== undefined) values.push({ key: k, value: a });
    }
    return { kvlistValue: { values } };
  }
  return { stringValue: String(v) };
}

/** The span of async code in progress, or undefined (always undefined without AsyncLocalStorage). */
export function currentSpan() {
  return storage?.getStore();
}

/** A timed operation. Every method is safe: misuse is a warning on the trace. */
export class Span {
  #trace;
  #ended = false;

  /** @internal */
  constructor(trace, parent, name, kind, start) {
    this.#trace = trace;
    this.traceId = trace.id;
    this.spanId = randomId(8);
    this.parentSpanId = parent ? parent.spanId : "";
    this.parent = parent;
    this.name = name;
    this.kind = kind;
    this.start = start;
    this.endTime = undefined;
    this.attributes = new Map();
    this.events = [];
    this.status = { code: "unset", message: "" };
    this.baggage = parent ? parent.baggage : [];
  }

  /** The trace this span belongs to. */
  get trace() {
    return this.#trace;
  }

  /** Whether end was called. */
  get ended() {
    return this.#ended;
  }

  #usable(op) {
    if (this.#ended) {
      this.#trace._warn(`${op} on span "${this.name}" after it ended; ignored`);
      return false;
    }
    return true;
  }

  /**
   * Starts a child span.
   * @param {string} name
   * @param {{role?: string, kind?: string, attributes?: object}} [options]
   */
  child(name, options) {
    return this.#trace._start(this, name, options);
  }

  /** Sets an attribute; numbers that are integers are ints, others doubles. */
  setAttribute(key, value) {
    this.#trace._safe(() => {
      if (typeof key !== "string" || key === "") return this.#trace._warn(`setAttribute on span "${this.name}": key must be a non-empty string`);
      if (this.#usable("setAttribute")) this.attributes.set(key, value);
    });
    return this;
  }

  /** Adds a point-in-time event. */
  addEvent(name, attributes) {
    this.#trace._safe(() => {
      if (this.#usable("addEvent")) this.events.push({ time: this.#trace._now(), name: String(name), attributes: { ...(attributes ?? {}) } });
    });
    return this;
  }

  /** Adds an OpenTelemetry "exception" event and sets the status to error. */
  recordException(err) {
    this.#trace._safe(() => {
      if (!this.#usable("recordException")) return;
      const e = err instanceof Error ? err : { name: typeof err, message: String(err), stack: "" };
      this.events.push({
        time: this.#trace._now(),
        name: "exception",
        attributes: { "exception.type": e.name || "Error", "exception.message": e.message ?? "", "exception.stacktrace": e.stack ?? "" },
      });
      this.status = { code: "error", message: e.message ?? "" };
    });
    return this;
  }

  /**
   * Sets the outcome; the message is kept for errors only.
   * @param {"unset"|"ok"|"error"} code
   * @param {string} [message]
   */
  setStatus(code, message = "") {
    this.#trace._safe(() => {
      if (!(code in STATUS)) return this.#trace._warn(`setStatus on span "${this.name}": unknown code ${JSON.stringify(code)} (want unset, ok or error)`);
      if (this.#usable("setStatus")) this.status = { code, message: code === "error" ? String(message) : "" };
    });
    return this;
  }

  /** Records the tokens a model call consumed (gen_ai.usage.input_tokens and output_tokens). */
  setTokenUsage(input, output) {
    this.#trace._safe(() => {
      if (!(Number.isSafeInteger(input) && Number.isSafeInteger(output) && input >= 0 && output >= 0)) {
        return this.#trace._warn(`setTokenUsage on span "${this.name}": want two non-negative integers, got ${input}, ${output}`);
      }
      if (!this.#usable("setTokenUsage")) return;
      this.attributes.set("gen_ai.usage.input_tokens", input);
      this.attributes.set("gen_ai.usage.output_tokens", output);
    });
    return this;
  }

  /** Sets baggage: an attribute on this span and every span started under it from now on, and the W3C baggage header. */
  setBaggage(key, value) {
    this.#trace._safe(() => {
      this.baggage = [...this.baggage.filter(([k]) => k !== key), [String(key), String(value)]];
      if (!this.#ended) this.attributes.set(String(key), String(value));
    });
    return this;
  }

  /** Ends the span; ending twice is a warning. */
  end() {
    this.#trace._safe(() => {
      if (this.#ended) return this.#trace._warn(`span "${this.name}" (${this.spanId}) ended twice; the first end stands`);
      this._endAt(this.#trace._now());
    });
  }

  /** @internal */
  _endAt(t) {
    this.#ended = true;
    this.endTime = Math.max(t, this.start);
  }

  /** The W3C traceparent header value, for outgoing fetch headers. */
  traceparent() {
    this.#trace._materialize(this);
    return `00-${this.traceId}-${this.spanId}-01`;
  }

  /** Headers carrying this span's trace context: traceparent and, when set, baggage. */
  headers() {
    const h = { traceparent: this.traceparent() };
    if (this.baggage.length) h.baggage = this.baggage.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join(",");
    return h;
  }

  /** Runs fn with this span as the current span (AsyncLocalStorage), returning what fn returns. */
  run(fn, ...args) {
    return storage ? storage.run(this, fn, ...args) : fn(...args);
  }
}

/** A recording: a root span and everything under it. */
export class Trace {
  #now;
  #ended = false;
  #lazy;
  #maxSpans;
  #dropped = 0;
  #lost = 0;

  /** @internal */
  constructor(name, o) {
    this.#now = o.now ?? nowMs;
    this.#maxSpans = o.maxSpans ?? 100000;
    this.warnings = [];
    this.spans = [];
    this.service = o.service ?? name;
    this.version = o.version ?? "";
    let remote = null;
    if (o.traceparent !== undefined) {
      remote = parseTraceparent(o.traceparent);
      if (!remote) this._warn(`startTrace: traceparent ${JSON.stringify(o.traceparent)} is malformed; a new trace is started`);
    }
    this.id = remote?.traceId ?? (o.traceId ? (/^[0-9a-f]{32}$/.test(o.traceId) ? o.traceId : hashTraceId(o.traceId)) : randomId(16));
    this.root = new Span(this, null, name, "internal", this.#now());
    if (remote) this.root.parentSpanId = remote.spanId;
    this.root.attributes.set("gen_ai.operation.name", "invoke_agent");
    this.root.attributes.set("gen_ai.agent.name", name);
    if (Array.isArray(o.tags)) {
      if (o.tags.length) this.root.attributes.set("tags", o.tags.map(String));
    } else if (o.tags !== undefined) {
      this._warn(`startTrace: tags must be an array of strings, got ${typeof o.tags}; ignored`);
    }
    if (o.modelId) this.root.attributes.set("agent.model_id", o.modelId);
    for (const [k, v] of Object.entries(o.metadata ?? {})) this.root.attributes.set(`metadata.${k}`, v);
    for (const [k, v] of Object.entries(o.attributes ?? {})) this.root.attributes.set(k, v);
    this.#lazy = Boolean(o.lazyStart);
    if (!this.#lazy) this.spans.push(this.root);
  }

  /** Whether end was called. */
  get ended() {
    return this.#ended;
  }

  /** @internal */
  _now() {
    return this.#now();
  }

  /** @internal */
  _warn(msg) {
    if (this.warnings.length >= MAX_WARNINGS) this.#lost++;
    else this.warnings.push(`record: ${msg}`);
  }

  /** @internal runs f, turning anything it throws into a warning. */
  _safe(f) {
    try {
      f();
    } catch (e) {
      try {
        this._warn(`recorder error caught: ${e?.message ?? e}`);
      } catch {
        // nothing left to report to
      }
    }
  }

  /** @internal a lazy root becomes real when something refers to it. */
  _materialize(span) {
    if (span === this.root && this.#lazy && !this.#ended) {
      this.#lazy = false;
      this.spans.unshift(this.root);
    }
  }

  /** @internal */
  _start(parent, name, options) {
    let span = null;
    this._safe(() => {
      const o = options ?? {};
      if (this.#ended) return this._warn(`span "${name}" started after trace ${this.id} ended; dropped`);
      if (parent.ended) this._warn(`span "${name}" started under span "${parent.name}", which had ended`);
      if (this.spans.length >= this.#maxSpans) {
        this.#dropped++;
        return;
      }
      const kind = o.kind ?? "internal";
      if (!(kind in KINDS)) this._warn(`span "${name}": unknown kind ${JSON.stringify(kind)}; internal is used`);
      span = new Span(this, parent, String(name || "span"), kind in KINDS ? kind : "internal", this.#now());
      if (this.#lazy) {
        this.#lazy = false;
        this.root.start = span.start;
        this.spans.unshift(this.root);
      }
      for (const [k, v] of span.baggage) span.attributes.set(k, v);
      if (o.role) {
        span.attributes.set("role", o.role);
        if (OI_ROLES.includes(String(o.role).toLowerCase())) span.attributes.set("openinference.span.kind", String(o.role).toUpperCase());
      }
      for (const [k, v] of Object.entries(o.attributes ?? {})) span.attributes.set(k, v);
      this.spans.push(span);
    });
    return span ?? new NoopSpan(this, name);
  }

  /** Sets an attribute on the root span. */
  setAttribute(key, value) {
    this.root.setAttribute(key, value);
    return this;
  }

  /** Sets the root span's status to error. */
  markFailed(message) {
    this.root.setStatus("error", message);
    return this;
  }

  /** Runs fn with the root span as the current span. */
  run(fn, ...args) {
    return this.root.run(fn, ...args);
  }

  /** Ends the trace: open spans end with it (with a warning each); ending twice is a warning. */
  end() {
    this._safe(() => {
      if (this.#ended) return this._warn(`trace ${this.id} ended twice; the first end stands`);
      const t = this.#now();
      for (const s of this.spans) {
        if (s !== this.root && !s.ended) {
          this._warn(`span "${s.name}" (${s.spanId}) still open when the trace ended; ended with it`);
          s._endAt(t);
        }
      }
      if (!this.root.ended) this.root._endAt(t);
      this.#ended = true;
    });
  }

  /** Everything that went wrong while recording. */
  allWarnings() {
    const out = [...this.warnings];
    if (this.#dropped) out.push(`record: span buffer full (maxSpans ${this.#maxSpans}): ${this.#dropped} spans dropped`);
    if (this.#lost) out.push(`record: ${this.#lost} more warnings dropped (at most ${MAX_WARNINGS} kept)`);
    return out;
  }

  /** The recording as an OTLP/JSON TracesData object; open spans appear as ending now. */
  toOTLP() {
    const now = this.#now();
    const warnings = this.allWarnings();
    const attrs = (m) => {
      const out = [];
      for (const [key, v] of m instanceof Map ? m : Object.entries(m)) {
        const value = anyValue(v);
        if (value !== undefined) out.push({ key, value });
      }
      return out;
    };
    const spans = this.spans.map((s) => {
      const a = new Map(s.attributes);
      if (s === this.root && warnings.length) a.set("spanlens.record.warnings", warnings);
      const o = {
        traceId: s.traceId,
        spanId: s.spanId,
        name: s.name,
        kind: KINDS[s.kind],
        startTimeUnixNano: nanos(s.start),
        endTimeUnixNano: nanos(s.endTime ?? Math.max(now, s.start)),
        attributes: attrs(a),
        status: { code: STATUS[s.status.code], ...(s.status.message ? { message: s.status.message } : {}) },
      };
      if (s.parentSpanId) o.parentSpanId = s.parentSpanId;
      if (s.events.length) o.events = s.events.map((e) => ({ timeUnixNano: nanos(e.time), name: e.name, attributes: attrs(e.attributes) }));
      return o;
    });
    const resource = [{ key: "service.name", value: { stringValue: this.service } }];
    if (this.version) resource.push({ key: "service.version", value: { stringValue: this.version } });
    return { resourceSpans: spans.length ? [{ resource: { attributes: resource }, scopeSpans: [{ scope: { name: SCOPE }, spans }] }] : [] };
  }

  /** The recording as OTLP/JSON bytes, for sl.load or a collector. */
  toBytes() {
    return new TextEncoder().encode(JSON.stringify(this.toOTLP()));
  }

  /**
   * Opens the recording in a spanlens engine (init()), giving a spanlens
   * Trace with every analysis and drawing.
   * @param {{load(input: Uint8Array, options?: object): Promise<any>}} sl
   */
  load(sl) {
    return sl.load(this.toBytes(), { format: "otlp-json" });
  }

  /** The spanlens summary of the recording, computed by the engine. */
  async summary(sl) {
    const doc = await this.load(sl);
    try {
      return await doc.summary();
    } finally {
      await doc.free?.();
    }
  }

  /**
   * Posts the recording as OTLP/JSON to a collector's /v1/traces (added to
   * url unless it ends so). Never rejects: resolves to whether it was
   * accepted, with a warning on the trace when not.
   * @param {string} url
   * @param {{headers?: Record<string, string>, timeout?: number, fetch?: typeof fetch}} [options] timeout in ms, default 10000
   */
  async exportTo(url, options) {
    try {
      const o = options ?? {};
      const target = /\/v1\/traces$/.test(url) ? url : `${String(url).replace(/\/+$/, "")}/v1/traces`;
      if (this.spans.length === 0) return true; // a lazy trace that never started: nothing to send
      const ctl = new AbortController();
      const timeout = o.timeout ?? 10000;
      const timer = setTimeout(() => ctl.abort(), timeout);
      try {
        const resp = await (o.fetch ?? fetch)(target, {
          method: "POST",
          headers: { "content-type": "application/json", ...(o.headers ?? {}) },
          body: this.toBytes(),
          signal: ctl.signal,
        });
        if (!resp.ok) {
          const text = (await resp.text().catch(() => "")).slice(0, 512).trim();
          this._warn(`otlp export: POST ${target}: ${resp.status} ${resp.statusText}: ${text}`);
          return false;
        }
        return true;
      } finally {
        clearTimeout(timer);
      }
    } catch (e) {
      const why = e?.name === "AbortError" ? `timed out (timeout ${options?.timeout ?? 10000} ms)` : e?.message ?? String(e);
      this._warn(`otlp export: POST ${url}: ${why}`);
      return false;
    }
  }
}

/** What recording calls return when nothing can be recorded: every method does nothing. */
class NoopSpan extends Span {
  constructor(trace, name) {
    super(trace, null, String(name), "internal", 0);
  }
  child(name) {
    return new NoopSpan(this.trace, name);
  }
  setAttribute() {
    return this;
  }
  addEvent() {
    return this;
  }
  recordException() {
    return this;
  }
  setStatus() {
    return this;
  }
  setTokenUsage() {
    return this;
  }
  setBaggage() {
    return this;
  }
  end() {}
}

/** Parses a traceparent header value into {traceId, spanId, sampled}, or null. */
export function parseTraceparent(v) {
  const m = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/.exec(String(v ?? "").trim());
  if (!m || m[1] === "ff" || (m[1] === "00" && m[5]) || /^0+$/.test(m[2]) || /^0+$/.test(m[3])) return null;
  return { traceId: m[2], spanId: m[3], sampled: (parseInt(m[4], 16) & 1) === 1 };
}

const TRACE_OPTIONS = ["service", "tags", "metadata", "modelId", "version", "traceId", "lazyStart", "traceparent", "attributes", "now", "maxSpans"];

/**
 * Starts a recording of one agent run.
 * @param {string} name the agent name
 * @param {object} [options] service, tags, metadata, modelId, version,
 *   traceId, lazyStart, traceparent (continue a remote trace), attributes,
 *   now (a clock in epoch ms), maxSpans
 * @returns {Trace}
 */
export function startTrace(name, options) {
  const o = options && typeof options === "object" ? options : {};
  let t;
  try {
    t = new Trace(String(name || "agent"), o);
  } catch (e) {
    t = new Trace(String(name || "agent"), {});
    t._warn(`startTrace: options rejected (${e?.message ?? e}); recorded without them`);
  }
  for (const k of Object.keys(o)) {
    if (!TRACE_OPTIONS.includes(k)) t._warn(`startTrace: unknown option "${k}" ignored (allowed: ${TRACE_OPTIONS.join(", ")})`);
  }
  return t;
}

/** The parent for a helper: the explicit one, else the current span. */
function parentOf(o) {
  return o?.parent ?? currentSpan();
}

/**
 * Wraps fn (sync or async) so that each call is a span under the current
 * span (or options.parent): arguments become function.args, the return
 * value function.result, a throw or rejection an exception (re-thrown).
 * Outside a recording fn runs unrecorded.
 * @param {Function} fn
 * @param {{name?: string, role?: string, parent?: Span}} [options]
 */
export function trace(fn, options) {
  const o = options ?? {};
  const name = o.name ?? (fn.name || "function");
  return function traced(...args) {
    const parent = parentOf(o);
    if (!parent) return fn.apply(this, args);
    const span = parent.child(name, { role: o.role });
    span.setAttribute("function.args", safeJSON(args));
    const ok = (v) => {
      span.setAttribute("function.result", safeJSON(v));
      span.end();
      return v;
    };
    const fail = (e) => {
      span.recordException(e);
      span.end();
      throw e;
    };
    let out;
    try {
      out = span.run(() => fn.apply(this, args));
    } catch (e) {
      fail(e);
    }
    if (out && typeof out.then === "function") return out.then(ok, fail);
    return ok(out);
  };
}

function safeJSON(v) {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** Starts a model call (role llm) under the current span or options.parent. */
export function llmCall(model, options) {
  return helper(`chat ${model}`, options, { kind: "client", attributes: { "gen_ai.operation.name": "chat", "gen_ai.request.model": model } });
}

/** Starts a tool call (role tool). */
export function toolCall(tool, options) {
  return helper(`execute_tool ${tool}`, options, { attributes: { "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": tool } });
}

/** Starts a sub-agent run (role agent). */
export function agentRun(agent, options) {
  return helper(`invoke_agent ${agent}`, options, { attributes: { "gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": agent } });
}

let detached;

function helper(name, o, base) {
  const parent = parentOf(o);
  if (!parent) return new NoopSpan((detached ??= new Trace("detached", { lazyStart: true })), name);
  return parent.child(name, { ...base, attributes: { ...base.attributes, ...(o?.attributes ?? {}) } });
}
