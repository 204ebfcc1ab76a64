// One engine class over swappable transports, as docs/protocol.md
// describes: the same requests reach the WASM module on this thread, in a
// Web Worker, or a native `spanlens serve` over HTTP.

import { PROTOCOL_VERSION, SpanlensError, decodeResponse, encodeRequest } from "./protocol.js";

export class Engine {
  /** @param {{call(frame: Uint8Array, onProgress?: Function): Promise<Uint8Array>, close(): void}} transport */
  constructor(transport) {
    this.transport = transport;
    this.info = null;
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
   * @returns {Promise<{result: any, arrays: Record<string, ArrayBufferView>}>}
   */
  async call(cmd, handle = 0, args = undefined, payload = undefined, onProgress = undefined) {
    const frame = encodeRequest(cmd, handle, args, payload);
    const resp = await this.transport.call(frame, onProgress);
    return decodeResponse(resp);
  }

  close() {
    this.transport.close();
  }
}

/** Runs the module on this thread; calls are synchronous underneath. */
export class InPageTransport {
  constructor(api) {
    this.api = api;
  }
  async call(frame, onProgress) {
    return this.api.call(frame, onProgress ? (bytes, total, spans) => onProgress({ phase: "decode", bytes, total, spans }) : undefined);
  }
  // The Go runtime cannot be stopped from outside; dropping the API lets
  // the instance be garbage-collected.
  close() {
    this.api = null;
  }
}

/** Talks to a Web Worker running src/worker.js, transferring buffers. */
export class WorkerTransport {
  constructor(worker) {
    this.worker = worker;
    this.next = 1;
    this.pending = new Map();
    worker.onmessage = (ev) => {
      const { id, frame, progress, error } = ev.data;
      const p = this.pending.get(id);
      if (!p) return;
      if (progress) {
        p.onProgress?.({ phase: "decode", bytes: progress[0], total: progress[1], spans: progress[2] });
        return;
      }
      this.pending.delete(id);
      if (error) p.reject(new SpanlensError("Error", error));
      else p.resolve(new Uint8Array(frame));
    };
    worker.onerror = (ev) => {
      const err = new SpanlensError("Error", `spanlens: worker failed: ${ev.message || ev}`);
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
  }
  /** Starts the module inside the worker; wasmURL "" means the bundled one. */
  init(wasmURL) {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, wasmURL: wasmURL ? String(wasmURL) : "" });
    });
  }
  call(frame, onProgress) {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.worker.postMessage({ id, frame: frame.buffer, progress: !!onProgress }, [frame.buffer]);
    });
  }
  close() {
    this.worker.terminate();
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
    const resp = await fetch(this.url, { method: "POST", headers, body: frame });
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
