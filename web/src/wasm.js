// Starting the Go WebAssembly module. wasm_exec.js is copied next to the
// module by cmd/build from the Go toolchain that built it, so they always
// match.

import "../dist/wasm_exec.js";

const isNode = typeof process !== "undefined" && process.versions?.node && typeof window === "undefined";

/** The module bundled with the package. */
export const defaultWasmURL = new URL("../dist/spanlens.wasm", import.meta.url);

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
  if (url.protocol === "file:" && isNode) {
    const { readFile } = await import("node:fs/promises");
    return WebAssembly.compile(await readFile(url));
  }
  const resp = await fetch(url);
  if (!resp.ok) throw new Error(`spanlens: fetching ${url}: ${resp.status} ${resp.statusText}`);
  return compile(resp);
}

/**
 * Instantiates a compiled module and returns its API object
 * ({call, protocol, version}).
 */
export async function start(module) {
  const go = new globalThis.Go();
  const instance = await WebAssembly.instantiate(module, go.importObject);
  go.run(instance); // runs main until it blocks, which registers the API
  const api = globalThis.__spanlens;
  delete globalThis.__spanlens; // so that several instances can coexist
  if (!api) throw new Error("spanlens: the WebAssembly module did not register its API");
  api.memory = instance.exports.mem;
  return api;
}
