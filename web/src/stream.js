// Staged loads (docs/protocol.md: loadBegin, loadChunk, loadEnd): a Blob,
// File or stream goes to the engine in batches, each copied once into the
// engine's own buffer, so that no second whole copy of the input exists
// on the JS side. Used on the page for the in-page engine and inside the
// Web Worker for the worker engine, where the chunks never cross
// postMessage.

import { decodeResponse, encodeRequest } from "./protocol.js";

/** Bytes a loadChunk carries: big enough that calls cost nothing, small enough to stay in warm memory. */
const BATCH = 8 << 20;
/** A preview is asked for once this much has arrived (the engine decodes as much: core/engine previewBytes). */
const PREVIEW_AFTER = 1 << 20;

/**
 * The size of a Response's body as it will be read, or -1 when unknown:
 * a Content-Length counts the encoded bytes, so a compressed body's is
 * not its size.
 */
export function bodySize(resp) {
  const enc = resp.headers.get("content-encoding");
  const n = Number(resp.headers.get("content-length"));
  return (!enc || enc === "identity") && n > 0 ? n : -1;
}

/**
 * A Blob as a stream of pieces of BATCH bytes (the first of `first`), each
 * read with one `arrayBuffer()` begun before the one before it is taken:
 * the browser reads the next piece while the engine decodes this one, as
 * a Blob's own stream, which hands out small pieces and stops while the
 * thread is busy, does not.
 */
function blobPieces(blob, first) {
  let at = 0;
  const read = (n) => {
    if (at >= blob.size) return null;
    const piece = blob.slice(at, at + n).arrayBuffer();
    at += n;
    return piece;
  };
  let ahead = null;
  return new ReadableStream(
    {
      start() {
        ahead = read(first);
      },
      async pull(c) {
        const piece = ahead;
        if (!piece) return c.close();
        ahead = read(BATCH);
        c.enqueue(new Uint8Array(await piece));
      },
    },
    { highWaterMark: 0 },
  );
}

/** Resolves in a task of its own, after the events already queued (a message, unlike a timer, is not clamped to 4 ms). */
function nextTask() {
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
  });
}

/**
 * Streams `stream` (a ReadableStream of Uint8Array) into the engine.
 * `send(cmd, args, payload?, onProgress?)` sends one request and resolves
 * to its decoded answer. `onPreview(result)`, if given, hears about a first
 * document of the records received so far (OTLP/JSON, Chrome) while the rest
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
    let early = wantPreview; // the first preview is asked for without waiting for a whole batch
    const chunk = async (payload) => {
      const a = { load };
      if (wantPreview && bytes >= PREVIEW_AFTER) a.preview = true;
      const { result } = await send("loadChunk", a, payload);
      onProgress?.({ phase: "read", bytes: result.bytes, total: size, spans: result.spans ?? 0 });
      if (result.preview) {
        wantPreview = false;
        onPreview(result.preview);
      }
      // A chunk an incremental load decodes takes the thread for tens of
      // milliseconds, and a stream's reads can resolve without a task in
      // between: the requests waiting (the preview's first layout) go first.
      await nextTask();
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
      if (early && wantPreview && n && bytes >= PREVIEW_AFTER) {
        early = false;
        await chunk(buf.subarray(0, n));
        n = 0;
      }
    }
    if (n) await chunk(buf.subarray(0, n));
    received = true;
  } finally {
    if (!received) await send("loadEnd", { load, cancel: true }).catch(() => {});
  }
  return send("loadEnd", { load, ...end }, undefined, onProgress);
}

/**
 * Runs a staged load of a Blob or ReadableStream on a Supervisor (wasm.js)
 * of this thread, or on a WorkerTransport (engine.js), which has the same
 * call(frame, onProgress, generation, payload) and generation; resolves
 * to loadEnd's response frame. onProgress hears read progress, onDecode
 * the engine's.
 */
export async function supervisedLoad(supervisor, source, size, args, { onProgress, onPreview, onDecode, end } = {}) {
  const blob = typeof Blob !== "undefined" && source instanceof Blob ? source : null;
  const gen = supervisor.generation;
  let last = null;
  const send = async (cmd, a, payload) => {
    const f = await supervisor.call(encodeRequest(cmd, 0, a), cmd === "loadEnd" ? onDecode : undefined, gen, payload);
    const answer = decodeResponse(f); // throws an error answer
    if (cmd === "loadEnd") last = f;
    return answer;
  };
  const preview = onPreview && ((r) => onPreview(r, gen));
  if (blob && !end && size > 0) {
    // A Blob can be read again, so it is decoded as it arrives, never
    // held whole (core/engine incremental.go); an input the engine cannot
    // read so past its first bytes is loaded again whole, for the whole
    // input's result or exact error.
    try {
      await streamLoad(send, blobPieces(blob, preview ? PREVIEW_AFTER : BATCH), size, { ...args, incremental: true }, { onProgress, onPreview: preview });
      return last;
    } catch (e) {
      if (e?.kind !== "IncrementalError") throw e;
    }
    await streamLoad(send, blob.stream(), size, args, { onProgress });
    return last;
  }
  await streamLoad(send, blob ? blob.stream() : source, size, args, { onProgress, onPreview: preview, end });
  return last;
}

const HEAD = '{"resourceSpans":[';
/**
 * Where a parallel load cuts: before a resourceSpans element, or else
 * between two spans. A key followed by its colon cannot occur inside a
 * JSON string (its quotes would be escaped), and in OTLP/JSON only a
 * resourceSpans element has "resource", only a scopeSpans element "scope"
 * and "spans", and only spans and links "traceId" (a cut between links
 * leaves brackets unbalanced, which fails to decode).
 */
const RESOURCE_CUT = ',{"resource":';
const SPAN_CUT = '},{"traceId":';
/** How far past each even share of the input a cut is looked for, and how much is read at a time looking back. */
const WINDOW = 4 << 20;

const latin1 = new TextDecoder("latin1"); // one char per byte, so indexes are byte offsets
const text = async (blob, from, to) => latin1.decode(await blob.slice(from, to).arrayBuffer());

/** The offset of the last `pat` that starts in [lo, hi), reading back a window at a time, or -1. */
async function lastIndexIn(blob, pat, lo, hi) {
  for (let end = hi; end > lo; end -= WINDOW) {
    const from = Math.max(lo, end - WINDOW);
    const at = (await text(blob, from, Math.min(blob.size, end + pat.length - 1))).lastIndexOf(pat);
    if (at >= 0 && from + at < hi) return from + at;
  }
  return -1;
}

/** The offset of the first `pat` in [from, from + WINDOW), or -1. */
async function indexFrom(blob, pat, from) {
  const at = (await text(blob, from, from + WINDOW)).indexOf(pat);
  return at < 0 ? -1 : from + at;
}

/**
 * A cut at or after `from`: {at, tail, head}, the part before ending at
 * `at` plus `tail` and the part after starting with `head` and the byte
 * after `at`; or null.
 */
async function cutAfter(blob, from) {
  const r = await indexFrom(blob, RESOURCE_CUT, from);
  if (r >= 0) return { at: r, tail: "]}", head: HEAD };
  const c = await indexFrom(blob, SPAN_CUT, from);
  if (c < 0) return null;
  // Between two spans: the part after reopens their resource and scope.
  const at = c + 1;
  const res = await lastIndexIn(blob, '{"resource":', 0, at);
  if (res < 0) return null;
  const scopes = await indexFrom(blob, ',"scopeSpans":[', res);
  const scope = await lastIndexIn(blob, '{"scope":', Math.max(scopes, 0), at);
  if (scopes < 0 || scope < 0) return null;
  const spans = await indexFrom(blob, ',"spans":[', scope);
  if (spans < 0 || spans > at || (await lastIndexIn(blob, '"spans":[', spans + 2, at)) >= 0) return null;
  const resource = await text(blob, res, scopes);
  const scopeText = await text(blob, scope, spans);
  try {
    JSON.parse(resource + "}");
    JSON.parse(scopeText + "}");
  } catch {
    return null;
  }
  return { at: c + 1, tail: "]}]}]}", head: HEAD + resource + ',"scopeSpans":[' + scopeText + ',"spans":[' };
}

/**
 * Splits an OTLP/JSON Blob into up to n Blobs, each a whole OTLP/JSON
 * document of consecutive spans, or returns null when the input does not
 * look like one. Slicing a Blob copies nothing; the cuts are found by
 * reading windows near each share. A wrong cut only makes a part fail to
 * decode, and the caller then loads the input whole.
 */
export async function splitOTLPJSON(blob, n) {
  if ((await text(blob, 0, HEAD.length)) !== HEAD) return null;
  const cuts = [];
  for (let k = 1; k < n; k++) {
    const from = Math.max(Math.floor((k * blob.size) / n), (cuts.at(-1)?.at ?? 0) + 1);
    const cut = await cutAfter(blob, from);
    if (cut) cuts.push(cut);
  }
  if (!cuts.length) return null;
  const parts = [];
  for (let k = 0; k <= cuts.length; k++) {
    const pieces = [];
    if (k > 0) pieces.push(cuts[k - 1].head);
    pieces.push(blob.slice(k === 0 ? 0 : cuts[k - 1].at + 1, k === cuts.length ? blob.size : cuts[k].at));
    if (k < cuts.length) pieces.push(cuts[k].tail);
    parts.push(new Blob(pieces));
  }
  return parts;
}
