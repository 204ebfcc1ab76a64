# workerd config for make test-worker: the built Worker (worker/dist) behind
# a stand-in for Cloudflare's asset routing, twice: "http" with an
# in-memory KV namespace, "bare" with no binding and tight limits.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = (
      modules = [(name = "platform.mjs", esModule = embed "platform.mjs")],
      compatibilityDate = "2025-01-01",
      bindings = [(name = "ASSETS", service = "assets"), (name = "WORKER", service = "spanlens")])),
    (name = "spanlens", worker = .spanlens),
    (name = "bare", worker = .bare),
    (name = "kv", worker = (
      modules = [(name = "kv.mjs", esModule = embed "kv.mjs")],
      compatibilityDate = "2025-01-01")),
    (name = "assets", disk = (path = "../dist/assets", writable = false)),
  ],
  sockets = [
    (name = "http", address = "127.0.0.1:8787", http = (), service = "main"),
    (name = "bare", address = "127.0.0.1:8788", http = (), service = "bare"),
  ],
);

const modules :List(Workerd.Worker.Module) = [
  (name = "worker.mjs", esModule = embed "../dist/worker.mjs"),
  (name = "wasm_exec.js", esModule = embed "../dist/wasm_exec.js"),
  (name = "app.wasm", wasm = embed "../dist/app.wasm"),
];

const spanlens :Workerd.Worker = (
  modules = .modules,
  compatibilityDate = "2025-01-01",
  bindings = [(name = "TRACES_KV", kvNamespace = "kv")],
);

const bare :Workerd.Worker = (
  modules = .modules,
  compatibilityDate = "2025-01-01",
  bindings = [
    (name = "MAX_BODY_BYTES", text = "65536"),
    (name = "MAX_SPANS", text = "100"),
    (name = "MAX_ATTR_VALUE_BYTES", text = "1024"),
    (name = "ALLOW_ORIGINS", text = "https://viewer.example"),
  ],
);
