// The spanlens Worker's entry module: it replaces the worker.mjs that
// syumai/workers' workers-assets-gen writes, which starts a new Go
// instance for every request (about 25-40 ms each, and its Serve cannot
// answer twice). This one starts the Go program once per isolate and
// hands it every request through context.binding.serve (bridge.go).
// wasm_exec.js and app.wasm sit beside it in worker/dist.
import "./wasm_exec.js";
import { connect } from "cloudflare:sockets";
import mod from "./app.wasm";

// syumai/workers' jsutil calls it to catch JS exceptions.
globalThis.tryCatch = (fn) => {
  try {
    return { result: fn() };
  } catch (e) {
    return { error: e };
  }
};

// The one context the Go program sees as globalThis.context (its
// wasm_exec.js proxies that name). env is the same object for every
// request of an isolate; ctx is per request, and the Go side never keeps it.
const context = { env: undefined, ctx: undefined, connect, binding: {} };
let started;

function start(env) {
  if (started === undefined) {
    context.env = env;
    started = new Promise((resolve, reject) => {
      const go = new Go();
      const instance = new WebAssembly.Instance(mod, {
        ...go.importObject,
        workers: { ready: () => resolve() },
      });
      // If the program ever exits (it should not), the next request
      // starts a fresh one instead of calling into a dead instance.
      go.run(instance, context).then(
        () => { started = undefined; reject(new Error("worker: the Go program exited")); },
        (e) => { started = undefined; reject(e); },
      );
    });
  }
  return started;
}

// readBody reads at most max bytes of the body: past that Go answers 413
// anyway, and the isolate's memory is not spent on the rest.
async function readBody(req, max) {
  if (req.body === null) return null;
  const declared = Number(req.headers.get("content-length"));
  if (declared > max) return null; // refused by Content-Length alone
  if (declared > 0) return new Uint8Array(await req.arrayBuffer());
  const reader = req.body.getReader();
  const chunks = [];
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    n += value.length;
    if (n > max) {
      await reader.cancel();
      break;
    }
  }
  const out = new Uint8Array(n);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export default {
  async fetch(req, env, ctx) {
    await start(env);
    context.ctx = ctx;
    const body = await readBody(req, context.binding.maxBody + 1);
    const headers = [];
    for (const [k, v] of req.headers) headers.push(k, v);
    const res = await context.binding.serve(req.method, req.url, headers, body);
    return new Response(req.method === "HEAD" ? null : res.body, { status: res.status, headers: res.headers });
  },
};
