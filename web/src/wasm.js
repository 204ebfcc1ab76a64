// Starting the Go WebAssembly module, and starting it again when it dies.
// wasm_exec.js is copied next to the module by cmd/build from the Go
// toolchain that built it, so they always match.
//
// A Go program that runs out of memory (or hits any other fatal error)
// exits and cannot be resumed: the call that killed it returns no frame,
// and every later call throws "Go program has already exited". Supervisor
// turns that into one SpanlensError("EngineDied") for the call that died,
// SpanlensError("DocumentLost") for the dead instance's documents, and a
// fresh instance for everything else.

import { SpanlensError, documentLost, frameHeader } from "./protocol.js";

const isNode = typeof process !== "undefined" && process.versions?.node && typeof window === "undefined";

/** The module bundled with the package. */
export const defaultWasmURL = new URL("../dist/spanlens.wasm", import.meta.url);

const notBuilt =
  "the WebAssembly module is not built (web/dist/ has no wasm_exec.js or spanlens.wasm); " +
  "run `make wasm` (or `go run ./cmd/build`) in the spanlens repository, or pass init({ wasmURL }) a built spanlens.wasm";

let runtime = null;

/** Loads wasm_exec.js (once), which defines globalThis.Go. */
function loadGoRuntime() {
  runtime ??= import("../dist/wasm_exec.js").then(
    () => tapOutput(),
    (e) => {
      runtime = null;
      throw new Error(`spanlens: init: ${notBuilt} (${e.message})`);
    },
  );
  return runtime;
}

// The instance inside a call: Go writes its crash report (to fd 2)
// synchronously during the call that dies, so output seen then is its.
let running = null;

/** Keeps the start of what each call writes (a crash report leads with its cause), to say why an instance died. */
function tapOutput() {
  const fs = globalThis.fs;
  if (!fs || fs.spanlensTapped) return;
  const write = fs.writeSync;
  const decoder = new TextDecoder();
  fs.writeSync = function (fd, buf) {
    if (running && running.output.length < 4096) running.output += decoder.decode(buf);
    return write.call(this, fd, buf);
  };
  fs.spanlensTapped = true;
}

/**
 * Compiles the module from a URL, bytes, a Response or a compiled
 * WebAssembly.Module (what Cloudflare Workers hand to an `import`).
 * @returns {Promise<WebAssembly.Module>}
 */
export async function compile(source = defaultWasmURL) {
  if (source instanceof WebAssembly.Module) return source;
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) return WebAssembly.compile(source);
  if (typeof Response !== "undefined" && source instanceof Response) {
    return WebAssembly.compileStreaming ? WebAssembly.compileStreaming(source) : WebAssembly.compile(await source.arrayBuffer());
  }
  const url = source instanceof URL ? source : new URL(String(source), globalThis.location?.href ?? import.meta.url);
  const bundled = url.href === defaultWasmURL.href;
  if (url.protocol === "file:" && isNode) {
    const { readFile } = await import("node:fs/promises");
    let bytes;
    try {
      bytes = await readFile(url);
    } catch (e) {
      if (bundled && e.code === "ENOENT") throw new Error(`spanlens: init: ${notBuilt}`);
      throw e;
    }
    return WebAssembly.compile(bytes);
  }
  const resp = await fetch(url);
  if (!resp.ok) {
    throw new Error(`spanlens: init: fetching ${url}: ${resp.status} ${resp.statusText}${bundled && resp.status === 404 ? `; ${notBuilt}` : ""}`);
  }
  return compile(resp);
}

/**
 * Instantiates a compiled module: {api: {call, protocol, version, memory},
 * go, output}. `output` collects what the program writes during calls.
 */
async function instantiate(module) {
  await loadGoRuntime();
  const go = new globalThis.Go();
  const inst = { api: null, go, output: "", exitCode: undefined };
  go.exit = (code) => (inst.exitCode = code); // instead of a console warning: the death is reported as an error
  const instance = await WebAssembly.instantiate(module, go.importObject);
  go.run(instance); // runs main until it blocks, which registers the API
  const api = globalThis.__spanlens;
  delete globalThis.__spanlens; // so that several instances can coexist
  if (!api) throw new Error("spanlens: the WebAssembly module did not register its API");
  api.memory = instance.exports.mem;
  inst.api = api;
  return inst;
}

/** Why an instance died, in a few words. */
function causeOf(inst, thrown) {
  const fatal = /^(fatal error|panic|runtime: out of memory)[^\n]*/m.exec(inst.output)?.[0];
  if (inst.go.exited) {
    return `the Go program exited${inst.exitCode !== undefined ? ` with code ${inst.exitCode}` : ""}${fatal ? ` (${fatal})` : ""}`;
  }
  if (thrown) return `the module threw ${thrown?.name || "an error"}: ${thrown?.message ?? thrown}`;
  return "the module returned no response frame";
}

/**
 * Runs the module, one instance at a time: after a death the next call
 * starts a fresh instance. `generation` counts the deaths; a document
 * belongs to the generation that loaded it.
 */
export class Supervisor {
  /** @param {WebAssembly.Module} module */
  constructor(module) {
    this.module = module;
    this.instance = null;
    this.starting = null;
    this.generation = 0;
    /** Why the last instance died ("it died during …"), or "" while none has. */
    this.death = "";
  }

  /** Starts the first instance (or a fresh one after a death). */
  async ready() {
    if (this.instance) return this.instance;
    this.starting ??= instantiate(this.module).then(
      (inst) => ((this.starting = null), (this.instance = inst)),
      (e) => {
        this.starting = null;
        throw e;
      },
    );
    return this.starting;
  }

  /** The live instance's API, or null between a death and the next call. */
  get api() {
    return this.instance?.api ?? null;
  }

  /**
   * Sends one frame. `generation`, when given, is the generation of the
   * document the request is about: a request for a document of a dead
   * instance rejects with DocumentLost rather than reach a new instance,
   * whose handles restart at 1.
   * @returns {Promise<Uint8Array>}
   */
  async call(frame, onProgress, generation, payload) {
    if (generation !== undefined && generation !== this.generation) {
      const h = frameHeader(frame);
      throw documentLost(h.cmd, h.handle, this.death);
    }
    const inst = await this.ready();
    let out, thrown;
    const outer = running;
    running = inst;
    inst.output = "";
    try {
      out = inst.api.call(frame, onProgress, payload);
    } catch (e) {
      thrown = e;
    } finally {
      running = outer;
    }
    if (out instanceof Uint8Array && !inst.go.exited) return out;
    // Any throw out of the module leaves the Go runtime mid-call (a trap,
    // an exit): it cannot be trusted again.
    if (this.instance === inst) {
      this.instance = null;
      this.generation++;
      this.death = `it died during "${frameHeader(frame).cmd}": ${causeOf(inst, thrown)}`;
    }
    throw new SpanlensError(
      "EngineDied",
      `spanlens: the engine ${this.death.slice(3)}; the documents it held are lost (calls on them reject with DocumentLost) and the next call starts a fresh engine`,
    );
  }
}
