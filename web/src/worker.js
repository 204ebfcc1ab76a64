// Web Worker entry: runs the WASM engine off the page's main thread. The
// page's WorkerTransport (engine.js) posts request frames here and gets
// response frames back; buffers are transferred, not copied.

import { compile, start } from "./wasm.js";

let api = null;
let ready = null;

self.onmessage = async (ev) => {
  const { id, frame, progress, wasmURL } = ev.data;
  try {
    if (wasmURL !== undefined) {
      ready = compile(wasmURL || undefined).then(start).then((a) => (api = a));
      await ready;
      self.postMessage({ id, frame: new ArrayBuffer(0) });
      return;
    }
    await ready;
    const onProgress = progress ? (b, t, s) => self.postMessage({ id, progress: [b, t, s] }) : undefined;
    const out = api.call(new Uint8Array(frame), onProgress);
    self.postMessage({ id, frame: out.buffer }, [out.buffer]);
  } catch (e) {
    self.postMessage({ id, error: String(e?.message || e) });
  }
};
