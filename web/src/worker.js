// Web Worker entry: runs the WASM engine off the page's main thread. The
// page's WorkerTransport (engine.js) posts request frames here and gets
// response frames back; buffers are transferred, not copied. A Supervisor
// starts a fresh instance after one dies; every answer says which
// generation served it.

import { compile, Supervisor } from "./wasm.js";

let supervisor = null;
let ready = null;

self.onmessage = async (ev) => {
  const { id, frame, progress, wasmURL, generation } = ev.data;
  try {
    if (wasmURL !== undefined) {
      ready = compile(wasmURL || undefined).then((m) => {
        supervisor = new Supervisor(m);
        return supervisor.ready();
      });
      await ready;
      self.postMessage({ id, frame: new ArrayBuffer(0), generation: 0, death: "" });
      return;
    }
    await ready;
    const onProgress = progress ? (b, t, s) => self.postMessage({ id, progress: [b, t, s] }) : undefined;
    const out = await supervisor.call(new Uint8Array(frame), onProgress, generation);
    self.postMessage({ id, frame: out.buffer, generation: supervisor.generation, death: supervisor.death }, [out.buffer]);
  } catch (e) {
    self.postMessage({ id, error: String(e?.message || e), kind: e?.kind, generation: supervisor?.generation, death: supervisor?.death });
  }
};
