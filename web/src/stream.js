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
 * still loads. `end` adds to loadEnd's args (a parallel load's `parts` or
 * `encode`). Resolves to loadEnd's answer.
 */
export async function streamLoad(send, stream, size, args, { onProgress, onPreview, end } = {}) {
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
  return send("loadEnd", { load, ...end }, undefined, onProgress);
}

const HEAD = '{"resourceSpans":[';
/** Where a parallel load cuts: the comma before a resourceSpans element, which no JSON string can hold unescaped. */
const CUT = ',{"resource":';
/** How far past each even share of the input a cut is looked for. */
const CUT_WINDOW = 4 << 20;

/**
 * Splits an OTLP/JSON Blob into up to n Blobs, each a whole OTLP/JSON
 * document of consecutive resourceSpans elements, or returns null when the
 * input does not look like one. Slicing a Blob copies nothing; the cuts
 * are found by reading a window at each share. A wrong cut only makes a
 * part fail to decode, and the caller then loads the input whole.
 */
export async function splitOTLPJSON(blob, n) {
  const latin1 = new TextDecoder("latin1"); // one char per byte, so indexes are byte offsets
  if (latin1.decode(await blob.slice(0, HEAD.length).arrayBuffer()) !== HEAD) return null;
  const cuts = [];
  for (let k = 1; k < n; k++) {
    const from = Math.max(Math.floor((k * blob.size) / n), (cuts.at(-1) ?? 0) + 1);
    const at = latin1.decode(await blob.slice(from, from + CUT_WINDOW).arrayBuffer()).indexOf(CUT);
    if (at >= 0) cuts.push(from + at);
  }
  if (!cuts.length) return null;
  const parts = [];
  for (let k = 0; k <= cuts.length; k++) {
    const from = k === 0 ? 0 : cuts[k - 1] + 1;
    const to = k === cuts.length ? blob.size : cuts[k];
    const pieces = [];
    if (k > 0) pieces.push(HEAD);
    pieces.push(blob.slice(from, to));
    if (k < cuts.length) pieces.push("]}");
    parts.push(new Blob(pieces));
  }
  return parts;
}
