// DOM helpers for the viewer. Trace content (names, attribute values,
// messages) only ever reaches the page as text nodes or attribute values
// set through the DOM, never through innerHTML, so a span named
// "<img onerror=…>" is shown, not run.

/**
 * Creates an element: h("td", {class: "num", title: t}, "text", child).
 * Attributes go through setAttribute (or a property for on* handlers, which
 * take functions, never strings); strings among the children become text
 * nodes.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
      else if (k === "dataset") Object.assign(el.dataset, v);
      else el.setAttribute(k, v === true ? "" : String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** Formats nanoseconds as a short duration: 850ns, 12.3µs, 4.56ms, 1.23s, 2m 03s. */
export function fmtDur(ns) {
  const a = Math.abs(ns);
  const sign = ns < 0 ? "-" : "";
  if (a < 1e3) return `${sign}${Math.round(a)}ns`;
  if (a < 1e6) return `${sign}${trim(a / 1e3)}µs`;
  if (a < 1e9) return `${sign}${trim(a / 1e6)}ms`;
  if (a < 60e9) return `${sign}${trim(a / 1e9)}s`;
  const m = Math.floor(a / 60e9);
  const s = Math.round((a - m * 60e9) / 1e9);
  return `${sign}${m}m ${String(s).padStart(2, "0")}s`;
}

function trim(v) {
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}

/** Formats a count with thousands separators. */
export function fmtInt(n) {
  return Number(n || 0).toLocaleString("en-US");
}

/** Formats a cost in US dollars; tiny costs keep their significant digits. */
export function fmtCost(c) {
  if (!c) return "$0";
  if (c < 0.01) return `$${c.toPrecision(2)}`;
  return `$${c.toFixed(c < 10 ? 3 : 2)}`;
}

/** Formats a byte count: 1.2 MB. */
export function fmtBytes(n) {
  if (n < 1e3) return `${n} B`;
  if (n < 1e6) return `${(n / 1e3).toFixed(1)} kB`;
  if (n < 1e9) return `${(n / 1e6).toFixed(1)} MB`;
  return `${(n / 1e9).toFixed(2)} GB`;
}

/** An ISO-8601 UTC time with nanoseconds from a decimal epoch-ns string. */
export function fmtEpochNs(s) {
  if (!s || s === "0") return "";
  const ns = BigInt(s);
  const ms = Number(ns / 1000000n);
  const frac = String(ns % 1000000000n).padStart(9, "0");
  const iso = new Date(ms).toISOString(); // 2024-01-02T03:04:05.678Z
  return `${iso.slice(0, 19)}.${frac}Z`;
}
