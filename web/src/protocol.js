// The spanlens engine protocol, JavaScript side. The frame layout and the
// command list are specified in docs/protocol.md; core/engine/frame.go is
// the Go side. Change all three together and bump PROTOCOL_VERSION.

export const PROTOCOL_VERSION = 1;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A failed request. `kind` is "TypeError", "LimitError" or "Error". */
export class SpanlensError extends Error {
  constructor(kind, message) {
    super(message);
    this.name = kind === "Error" ? "SpanlensError" : kind;
    this.kind = kind;
  }
}

function align8(n) {
  return (n + 7) & ~7;
}

/**
 * Encodes a request frame: u32 header length, JSON header, padding to 8,
 * payload.
 * @param {string} cmd
 * @param {number} handle 0 for none
 * @param {object|undefined} args
 * @param {Uint8Array|undefined} payload
 * @returns {Uint8Array}
 */
export function encodeRequest(cmd, handle, args, payload) {
  const header = { cmd };
  if (handle) header.handle = handle;
  if (args !== undefined) header.args = args;
  const h = encoder.encode(JSON.stringify(header));
  const p = align8(4 + h.length);
  const frame = new Uint8Array(p + (payload ? payload.length : 0));
  new DataView(frame.buffer).setUint32(0, h.length, true);
  frame.set(h, 4);
  if (payload) frame.set(payload, p);
  return frame;
}

const arrayTypes = {
  u8: Uint8Array,
  i32: Int32Array,
  u32: Uint32Array,
  f32: Float32Array,
  f64: Float64Array,
  i64: BigInt64Array,
};

/**
 * Decodes a response frame. Arrays are typed-array views on the frame's
 * buffer (no copy). Throws SpanlensError for an error response.
 * @param {Uint8Array} frame
 * @returns {{result: any, arrays: Record<string, ArrayBufferView>}}
 */
export function decodeResponse(frame) {
  if (frame.byteOffset % 8 !== 0) frame = frame.slice();
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const n = view.getUint32(0, true);
  const header = JSON.parse(decoder.decode(frame.subarray(4, 4 + n)));
  if (!header.ok) throw new SpanlensError(header.error.kind, header.error.message);
  const p = frame.byteOffset + align8(4 + n);
  const arrays = {};
  for (const a of header.arrays || []) {
    arrays[a.name] = new arrayTypes[a.type](frame.buffer, p + a.offset, a.length);
  }
  return { result: header.result, arrays };
}
