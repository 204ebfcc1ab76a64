// Web Worker entry: runs the WASM engine off the page's main thread. The
// page's WorkerTransport (engine.js) posts request frames here and gets
// response frames back; buffers are transferred, not copied. A Supervisor
// starts a fresh instance after one dies; every answer says which
// generation served it. A staged load of a Blob or stream (stream.js) runs
// here whole, so its bytes go from the stream to the engine in this
// thread.

import { supervisedLoad } from "./stream.js";
import { compile, Supervisor } from "./wasm.js";

let supervisor = null;
let ready = null;

self.onmessage = async (ev) => {
  const { id, frame, payload, progress, wasmURL, module, generation, stream } = ev.data;
  try {
    if (wasmURL !== undefined || module !== undefined) {
      // The page compiles the module (once for all its workers) while the
      // worker starts, and posts it; a URL is compiled here.
      ready = compile(module ?? (wasmURL || undefined)).then((m) => {
        supervisor = new Supervisor(m);
        return supervisor.ready();
      });
      await ready;
      self.postMessage({ id, frame: new ArrayBuffer(0), generation: 0, death: "" });
      return;
    }
    await ready;
    const onProgress = progress ? (b, t, s) => self.postMessage({ id, progress: [b, t, s] }) : undefined;
    let out;
    if (stream) {
      out = await stagedLoad(id, ev.data, onProgress);
    } else {
      out = await supervisor.call(new Uint8Array(frame), onProgress, generation, payload);
    }
    const memory = supervisor.api?.memory?.buffer.byteLength;
    self.postMessage({ id, frame: out.buffer, generation: supervisor.generation, death: supervisor.death, memory }, [out.buffer]);
  } catch (e) {
    self.postMessage({ id, error: String(e?.message || e), kind: e?.kind, generation: supervisor?.generation, death: supervisor?.death });
  }
};

/** Runs a staged load of a Blob or ReadableStream; resolves to loadEnd's response frame. */
function stagedLoad(id, { stream, size, args, progress, preview, end }, onDecode) {
  return supervisedLoad(supervisor, stream, size, args, {
    onProgress: progress ? (p) => self.postMessage({ id, read: p }) : undefined,
    onPreview: preview ? (r, generation) => self.postMessage({ id, preview: r, generation }) : undefined,
    onDecode,
    end,
  });
}
