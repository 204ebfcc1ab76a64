// One engine class over swappable transports, as docs/protocol.md
// describes: the same requests reach the WASM module on this thread, in a
// Web Worker, or a native `spanlens serve` over HTTP.
//
// A transport is {call(frame, onProgress?, generation?, payload?):
// Promise<Uint8Array>, close()}, and optionally `generation` (how many
// times its engine died and was started again) and `death` (why it last
// died); a transport that has neither never restarts. One that sets
// `separatePayload` takes a request's payload beside its frame rather than
// in it (no copy of the input into the frame); one with `loadStream`
// runs a staged load of a Blob or stream where its engine is.

import { PROTOCOL_VERSION, SpanlensError, decodeResponse, encodeRequest } from "./protocol.js";
import { supervisedLoad } from "./stream.js";

export class Engine {
  /** @param {{call(frame: Uint8Array, onProgress?: Function, generation?: number): Promise<Uint8Array>, close(): void, generation?: number, death?: string}} transport */
  constructor(transport) {
    this.transport = transport;
    this.info = null;
    /** Handles of the documents loaded and not freed in the current generation. */
    this.live = new Set();
  }

  /** How many times the engine has died and been started again; a document belongs to the generation that loaded it. */
  get generation() {
    return this.transport.generation ?? 0;
  }

  /** Why the engine last died, or "". */
  get death() {
    return this.transport.death ?? "";
  }

  /** Checks that the engine speaks our protocol version. */
  async hello() {
    const { result } = await this.call("hello");
    if (result.protocol !== PROTOCOL_VERSION) {
      throw new SpanlensError(
        "Error",
        `spanlens: the engine speaks protocol ${result.protocol} (version ${result.version}) but this JS package speaks ${PROTOCOL_VERSION}; use matching builds`,
      );
    }
    this.info = result;
    return result;
  }

  /**
   * Sends one request and decodes the response.
   * @returns {Promise<{result: any, arrays: Record<string, ArrayBufferView>, generation: number}>}
   */
  call(cmd, handle = 0, args = undefined, payload = undefined, onProgress = undefined) {
    return this.request({ cmd, handle, args, payload, onProgress });
  }

  /**
   * Sends one request. `generation`, for a request about a document, is
   * the document's: a transport that restarts rejects it with
   * DocumentLost if its engine died since. The answer carries the
   * generation that served it.
   */
  async request({ cmd, handle = 0, args, payload, onProgress, generation }) {
    const separate = payload && this.transport.separatePayload;
    const frame = encodeRequest(cmd, handle, args, separate ? undefined : payload);
    let resp;
    try {
      resp = await this.transport.call(frame, onProgress, generation, separate ? payload : undefined);
    } catch (e) {
      throw this.died(e);
    }
    const answer = { ...decodeResponse(resp), generation: this.generation };
    if (cmd === "load" || (cmd === "loadEnd" && answer.result.handle)) this.live.add(answer.result.handle);
    if (cmd === "loadChunk" && answer.result.preview) this.live.add(answer.result.preview.handle);
    if (cmd === "free") this.live.delete(handle);
    return answer;
  }

  /** Adds to an EngineDied error the documents that went with the engine, by handle; returns e. */
  died(e) {
    if (e?.kind === "EngineDied") {
      e.lostHandles = [...this.live].sort((a, b) => a - b);
      e.message += e.lostHandles.length ? `; lost documents: ${e.lostHandles.join(", ")}` : "; no documents were loaded";
      this.live.clear();
    }
    return e;
  }

  close() {
    this.transport.close();
  }
}

const decodeProgress = (onProgress) => (onProgress ? (bytes, total, spans) => onProgress({ phase: "decode", bytes, total, spans }) : undefined);

const closed = () => new SpanlensError("TypeError", "spanlens: the engine was closed");

/** Runs the module on this thread (calls are synchronous underneath), starting a fresh instance after one dies. */
export class InPageTransport {
  /** @param {import("./wasm.js").Supervisor} supervisor */
  constructor(supervisor) {
    this.supervisor = supervisor;
    this.separatePayload = true;
  }
  get generation() {
    return this.supervisor?.generation ?? 0;
  }
  get death() {
    return this.supervisor?.death ?? "";
  }
  /** The live instance's raw API ({call, protocol, version, memory}), unsupervised; for benchmarks. */
  get api() {
    return this.supervisor?.api ?? null;
  }
  /** Bytes of WebAssembly memory the live instance holds. */
  memoryBytes() {
    return this.api?.memory?.buffer.byteLength;
  }
  async call(frame, onProgress, generation, payload) {
    if (!this.supervisor) throw closed();
    return this.supervisor.call(frame, decodeProgress(onProgress), generation, payload);
  }
  /** A staged load of a Blob or stream, as WorkerTransport.loadStream; resolves to loadEnd's response frame. */
  async loadStream(source, size, args, onProgress, onPreview, end) {
    if (!this.supervisor) throw closed();
    return supervisedLoad(this.supervisor, source, size, args, { onProgress, onPreview, onDecode: decodeProgress(onProgress), end });
  }
  // The Go runtime cannot be stopped from outside; dropping the
  // supervisor lets the instance be garbage-collected.
  close() {
    this.supervisor = null;
  }
}

/** Talks to a Web Worker running src/worker.js, transferring buffers; the worker restarts its engine after a death. */
export class WorkerTransport {
  constructor(worker) {
    this.worker = worker;
    this.next = 1;
    this.pending = new Map();
    this.generation = 0;
    this.death = "";
    this.separatePayload = true;
    worker.onmessage = (ev) => {
      const { id, frame, progress, read, preview, error, kind, generation, death, memory } = ev.data;
      if (memory !== undefined) this.memory = memory;
      const p = this.pending.get(id);
      if (!p) return;
      if (progress) {
        p.onProgress?.({ phase: "decode", bytes: progress[0], total: progress[1], spans: progress[2] });
        return;
      }
      if (read) {
        p.onProgress?.(read);
        return;
      }
      if (preview) {
        p.onPreview?.(preview, generation);
        return;
      }
      this.pending.delete(id);
      if (generation !== undefined) {
        this.generation = generation;
        this.death = death;
      }
      if (error) p.reject(new SpanlensError(kind || "Error", error));
      else p.resolve(new Uint8Array(frame));
    };
    worker.onerror = (ev) => {
      const err = new SpanlensError("Error", `spanlens: worker failed: ${ev.message || ev}`);
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
  }
  /** Bytes of WebAssembly memory the worker's engine held at its last answer. */
  memoryBytes() {
    return this.memory;
  }
  /** Starts the module inside the worker: a compiled WebAssembly.Module, or a URL ("" means the bundled one). */
  init(source) {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage(source instanceof WebAssembly.Module ? { id, module: source } : { id, wasmURL: source ? String(source) : "" });
    });
  }
  call(frame, onProgress, generation, payload) {
    if (!this.worker) return Promise.reject(closed());
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      // The payload is the caller's: cloned (one copy), not transferred.
      this.worker.postMessage({ id, frame: frame.buffer, payload, progress: !!onProgress, generation }, [frame.buffer]);
    });
  }
  /**
   * A staged load: a Blob is posted by reference and read inside the
   * worker, so its bytes never cross to this thread. A ReadableStream is
   * read here and sent in batches (stream.js): transferred, it would
   * cross threads a chunk (64 KiB from a fetch) at a time, each waiting
   * for this thread's event loop (a 4.7 MB download took 230 ms to reach
   * the engine while the page drew, against 75 ms batched). Resolves to
   * loadEnd's response frame; `onPreview(result, generation)` hears of a
   * preview; `end` adds to loadEnd's args (a parallel load's `parts` or
   * `encode`).
   */
  loadStream(source, size, args, onProgress, onPreview, end) {
    if (!this.worker) return Promise.reject(closed());
    if (typeof ReadableStream !== "undefined" && source instanceof ReadableStream) {
      return supervisedLoad(this, source, size, args, { onProgress, onPreview, onDecode: onProgress, end });
    }
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress, onPreview });
      this.worker.postMessage({ id, stream: source, size, args, progress: !!onProgress, preview: !!onPreview, end });
    });
  }
  close() {
    this.worker?.terminate();
    this.worker = null;
  }
}

/** The content type of protocol frames over HTTP (httpapi.FrameType). */
const FRAME_TYPE = "application/x-spanlens-frame";
/** The header carrying the session token (httpapi.SessionHeader). */
const SESSION_HEADER = "spanlens-session";

/**
 * Talks to a native `spanlens serve` at url (its /api endpoint). The
 * server hands out a session token on the first answer; it is sent back
 * on every later request, since documents belong to the session that
 * loaded them.
 */
export class HttpTransport {
  constructor(url) {
    this.url = url;
    this.session = "";
  }
  async call(frame) {
    const headers = { "content-type": FRAME_TYPE };
    if (this.session) headers[SESSION_HEADER] = this.session;
    let resp;
    try {
      resp = await fetch(this.url, { method: "POST", headers, body: frame });
    } catch (e) {
      // fetch says only "fetch failed"; say what was tried and why.
      const why = e?.cause?.code || e?.cause?.message || e?.message || String(e);
      throw new SpanlensError("Error", `spanlens: cannot reach the engine at ${this.url} (${why}); is \`spanlens serve\` running there?`);
    }
    const token = resp.headers.get(SESSION_HEADER);
    if (token) this.session = token;
    if ((resp.headers.get("content-type") || "").split(";")[0].trim() === FRAME_TYPE) {
      return new Uint8Array(await resp.arrayBuffer());
    }
    // An expired session is gone with its documents; the next call starts
    // a new one.
    if (resp.status === 401) this.session = "";
    let kind = "Error";
    let message = `spanlens: ${this.url} answered ${resp.status} ${resp.statusText}`;
    try {
      const { error } = await resp.json();
      if (error?.message) {
        kind = error.kind || kind;
        message = error.message;
      }
    } catch {
      // Not our JSON error: keep the status line.
    }
    throw new SpanlensError(kind, message);
  }
  close() {}
}
