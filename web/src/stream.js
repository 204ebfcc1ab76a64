// Staged loads (docs/protocol.md: loadBegin, loadChunk, loadEnd): a Blob,
// File or stream goes to the engine in batches, each copied once into the
// engine's own buffer, so that no second whole copy of the input exists
// on the JS side. Used on the page for the in-page engine and inside the
// Web Worker for the worker engine, where the chunks never cross
// postMessage.

/** Bytes a loadChunk carries: big enough that calls cost nothing, small enough to stay in warm memory. */
const BATCH = 8 << 20;
/** A preview is asked for once this much has arrived. */
const PREVIEW_AFTER = 4 << 20;

/**
 * Streams `stream` (a ReadableStream of Uint8Array) into the engine.
 * `send(cmd, args, payload?, onProgress?)` sends one request and resolves
 * to its decoded answer. `onPreview(result)`, if given, hears about a first
 * document of the spans received so far (OTLP/JSON only) while the rest
 * still loads. Resolves to loadEnd's answer.
 */
export async function streamLoad(send, stream, size, args, { onProgress, onPreview } = {}) {
  const begin = { ...args };
  if (size >= 0) begin.size = size;
  const { load } = (await send("loadBegin", begin)).result;
  let received = false;
  try {
    const reader = stream.getReader();
    let buf = null;
    let n = 0;
    let bytes = 0;
    let wantPreview = !!onPreview;
    const chunk = async (payload) => {
      const a = { load };
      if (wantPreview && bytes >= PREVIEW_AFTER) a.preview = true;
      const { result } = await send("loadChunk", a, payload);
      onProgress?.({ phase: "read", bytes: result.bytes, total: size, spans: 0 });
      if (result.preview) {
        wantPreview = false;
        onPreview(result.preview);
      }
    };
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.length;
      if (n === 0 && value.length >= BATCH) {
        await chunk(value);
        continue;
      }
      buf ??= new Uint8Array(size >= 0 ? Math.min(BATCH, Math.max(size, 1)) : BATCH);
      for (let v = value; v.length; ) {
        const k = Math.min(v.length, buf.length - n);
        buf.set(v.subarray(0, k), n);
        n += k;
        v = v.subarray(k);
        if (n === buf.length) {
          await chunk(buf);
          n = 0;
        }
      }
    }
    if (n) await chunk(buf.subarray(0, n));
    received = true;
  } finally {
    if (!received) await send("loadEnd", { load, cancel: true }).catch(() => {});
  }
  return send("loadEnd", { load }, undefined, onProgress);
}
