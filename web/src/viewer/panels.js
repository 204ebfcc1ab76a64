// The viewer's DOM panels: span details, the summary tables, the agent
// graph and the comparison of two traces. All trace text goes in as text
// nodes (dom.js h/fill).

import { fill, fmtBytes, fmtCost, fmtDur, fmtEpochNs, fmtInt, h } from "./dom.js";

const LONG = 160; // attribute values longer than this are folded

/** Renders a span's details into el. onSpan(i) selects a linked span. */
export function renderDetails(el, d, { traceStart = 0, onSpan, onClose } = {}) {
  const status = d.failed ? h("span", { class: "badge err" }, "error") : d.status === "ok" ? h("span", { class: "badge ok" }, "ok") : null;
  const rows = [
    ["Start", `${fmtDur(d.start - traceStart)} after the trace start`],
    ["Duration", fmtDur(d.end - d.start)],
    ["Self time", fmtDur(d.self)],
    ["Started at", fmtEpochNs(d.rawStartUnixNano)],
  ];
  if (d.shift) rows.push(["Clock skew", `moved by ${fmtDur(d.shift)} (raw start ${fmtDur(d.start - d.shift - traceStart)})`]);
  rows.push(["Kind", d.kind || "—"], ["Status", d.status || "unset"]);
  if (d.statusMessage) rows.push(["Message", d.statusMessage]);
  rows.push(["Trace", d.traceId], ["Span", d.spanId]);
  if (d.parentSpanId) rows.push(["Parent", d.parent >= 0 ? link(d.parentSpanId, () => onSpan(d.parent)) : d.parentSpanId]);

  const parts = [
    h("button", { class: "close", title: "Close details", "aria-label": "Close details", onclick: onClose }, "×"),
    h("h3", null, d.name || "(unnamed)"),
    h("div", { class: "sub" }, status, d.service || ""),
    kv(rows),
  ];
  const u = d.usage || {};
  if (u.total || u.cost) {
    const ur = [];
    if (u.model) ur.push(["Model", u.model]);
    for (const [k, l] of [["input", "Input tokens"], ["output", "Output tokens"], ["cacheRead", "Cache read"], ["cacheWrite", "Cache write"], ["reasoning", "Reasoning"], ["total", "Total tokens"]]) {
      if (u[k]) ur.push([l, fmtInt(u[k])]);
    }
    ur.push(["Cost", u.costKnown ? fmtCost(u.cost) : "unpriced model"]);
    parts.push(h("h4", null, "Tokens and cost (this span)"), kv(ur));
  }
  // With descendants: what this agent run or step spent in all.
  const r = d.usageTotal || {};
  if ((r.total || r.cost) && (r.total !== u.total || r.cost !== u.cost)) {
    const rr = [["Total tokens", fmtInt(r.total || 0)], ["Input", fmtInt(r.input || 0)], ["Output", fmtInt(r.output || 0)]];
    rr.push(["Cost", r.unpriced ? `${fmtCost(r.cost || 0)} + unpriced` : fmtCost(r.cost || 0)]);
    parts.push(h("h4", null, "Tokens and cost (with descendants)"), kv(rr));
  }
  if (d.attributes?.length) parts.push(h("h4", null, `Attributes (${d.attributes.length})`), attrTable(d.attributes));
  if (d.events?.length) {
    parts.push(h("h4", null, `Events (${d.events.length})`));
    const t = h("table");
    for (const e of d.events) {
      t.append(h("tr", null, h("td", { class: "k" }, fmtDur(e.time - d.start)), h("td", null, h("strong", null, e.name), e.attributes?.length ? attrTable(e.attributes) : null)));
    }
    parts.push(t);
  }
  if (d.links?.length) {
    parts.push(h("h4", null, `Links (${d.links.length})`));
    const t = h("table");
    for (const l of d.links) {
      const label = `${l.traceId.slice(0, 12)}… / ${l.spanId}`;
      t.append(h("tr", null, h("td", null, l.span >= 0 ? link(label, () => onSpan(l.span)) : h("span", { title: "not in this file" }, label))));
    }
    parts.push(t);
  }
  if (d.resource?.length) parts.push(h("h4", null, "Resource"), attrTable(d.resource));
  if (d.scope?.name) parts.push(h("h4", null, "Scope"), kv([["Name", d.scope.name], ["Version", d.scope.version || "—"]]));
  parts.push(h("details", null, h("summary", null, "Raw span (JSON)"), h("pre", null, JSON.stringify(d, null, 2))));
  fill(el, parts);
}

function link(text, onclick) {
  return h("button", { class: "linkbtn", onclick }, text);
}

function kv(rows) {
  const t = h("table");
  for (const [k, v] of rows) t.append(h("tr", null, h("td", { class: "k" }, k), h("td", null, v)));
  return t;
}

/** Attributes keep their types; JSON strings are pretty-printed and long values folded. */
function attrTable(attrs) {
  const t = h("table");
  for (const a of attrs) {
    t.append(h("tr", null, h("td", { class: "k" }, a.key, h("span", { class: "ty" }, a.type)), h("td", null, attrValue(a))));
  }
  return t;
}

function attrValue(a) {
  let v = a.value;
  let text = typeof v === "string" ? v : JSON.stringify(v, null, Array.isArray(v) || (v && typeof v === "object") ? 2 : 0);
  if (typeof v === "string" && /^\s*[[{]/.test(v)) {
    try {
      text = JSON.stringify(JSON.parse(v), null, 2);
    } catch {
      // Not JSON after all: shown as it is.
    }
  }
  if (text.length > LONG || text.includes("\n")) {
    return h("details", null, h("summary", null, text.slice(0, 80).replace(/\s+/g, " ") + (text.length > 80 ? "…" : "")), h("pre", null, text));
  }
  return text;
}

/** A sortable table: columns [{key, label, num, fmt}], rows of objects. */
export function sortableTable(columns, rows, { limit = 500, sortKey, onRow } = {}) {
  let key = sortKey || columns[0].key;
  let desc = true;
  const table = h("table", { class: "grid" });
  const head = h("tr");
  const body = h("tbody");
  const ths = columns.map((col) => {
    const th = h("th", { class: col.num ? "num" : null, scope: "col", tabindex: 0 }, col.label);
    const sort = () => {
      desc = key === col.key ? !desc : !!col.num;
      key = col.key;
      draw();
    };
    th.addEventListener("click", sort);
    th.addEventListener("keydown", (e) => (e.key === "Enter" || e.key === " ") && (e.preventDefault(), sort()));
    head.append(th);
    return th;
  });
  table.append(h("thead", null, head), body);
  const colOf = (k) => columns.find((c) => c.key === k);
  function draw() {
    const get = colOf(key).get || ((r) => r[key]);
    const sorted = rows.slice().sort((a, b) => {
      const x = get(a);
      const y = get(b);
      const r = typeof x === "number" && typeof y === "number" ? x - y : String(x ?? "").localeCompare(String(y ?? ""));
      return desc ? -r : r;
    });
    ths.forEach((th, i) => (columns[i].key === key ? th.setAttribute("aria-sort", desc ? "descending" : "ascending") : th.removeAttribute("aria-sort")));
    body.replaceChildren();
    for (const r of sorted.slice(0, limit)) {
      const tr = h("tr");
      for (const col of columns) {
        const raw = col.get ? col.get(r) : r[col.key];
        const cell = col.fmt ? col.fmt(raw, r) : raw;
        tr.append(h("td", { class: col.num ? "num" : "name", title: col.num ? null : String(raw ?? "") }, cell ?? ""));
      }
      if (onRow) {
        tr.style.cursor = "pointer";
        tr.addEventListener("click", () => onRow(r));
      }
      body.append(tr);
    }
    if (sorted.length > limit) body.append(h("tr", null, h("td", { colspan: columns.length, class: "muted" }, `… and ${fmtInt(sorted.length - limit)} more (sort to see others)`)));
  }
  draw();
  return table;
}

const usageTotal = (r) => r.usage?.total || 0;
const usageCost = (r) => r.usage?.cost || 0;
// As the CLI says them (render.UsageCost): nothing to tell is "—", never
// "$0"; a cost with unpriced tokens is a lower bound ("+?").
const fmtTokens = (n) => (n ? fmtInt(n) : "—");
function fmtUsageCost(c, r) {
  const u = r.usage || {};
  if (u.unpriced) return c > 0 ? `${fmtCost(c)}+?` : "$?";
  return u.costKnown ? fmtCost(c) : "—";
}

function groupColumns(first) {
  return [
    ...first,
    { key: "count", label: "Spans", num: true, fmt: fmtInt },
    { key: "errors", label: "Errors", num: true, fmt: fmtInt },
    { key: "total", label: "Total", num: true, fmt: fmtDur },
    { key: "self", label: "Self", num: true, fmt: fmtDur },
    { key: "mean", label: "Mean", num: true, fmt: fmtDur },
    { key: "p50", label: "p50", num: true, fmt: fmtDur },
    { key: "p90", label: "p90", num: true, fmt: fmtDur },
    { key: "p99", label: "p99", num: true, fmt: fmtDur },
    { key: "max", label: "Max", num: true, fmt: fmtDur },
    { key: "tokens", label: "Tokens", num: true, get: usageTotal, fmt: fmtTokens },
    { key: "cost", label: "Cost", num: true, get: usageCost, fmt: fmtUsageCost },
  ];
}

function card(label, value) {
  return h("div", { class: "card" }, h("div", { class: "v" }, value), h("div", { class: "l" }, label));
}

/** Renders the summary tab. */
export function renderSummary(el, s, { bytes, format } = {}) {
  const u = s.usage || {};
  const dur = s.traces.reduce((m, t) => Math.max(m, t.start + t.duration), 0) - s.traces.reduce((m, t) => Math.min(m, t.start), Infinity);
  const parts = [
    h(
      "div",
      { class: "cards" },
      card("Spans", fmtInt(s.spans)),
      card("Traces", fmtInt(s.traces.length)),
      card("Errors", fmtInt(s.errors)),
      card("Duration", fmtDur(Number.isFinite(dur) ? dur : 0)),
      card("Services", fmtInt(s.services.length)),
      u.total ? card("Tokens", fmtInt(u.total)) : null,
      u.total || u.cost ? card("Cost", fmtCost(u.cost)) : null,
      format ? card("Format", format) : null,
      bytes ? card("File", fmtBytes(bytes)) : null,
    ),
  ];
  if (s.unpriced?.length) {
    parts.push(h("p", { class: "muted" }, `Unpriced models (no price in the ${s.priceDate} table): `, s.unpriced.map((m) => `${m.model} (${fmtInt(m.spans)} spans, ${fmtInt(m.total)} tokens)`).join(", ")));
  } else if (u.total) {
    parts.push(h("p", { class: "muted" }, `Costs from the price table of ${s.priceDate}.`));
  }
  parts.push(h("h3", null, "Services"), sortableTable(groupColumns([{ key: "service", label: "Service" }]), s.services, { sortKey: "total" }));
  parts.push(h("h3", null, "Operations"), sortableTable(groupColumns([{ key: "service", label: "Service" }, { key: "name", label: "Operation" }]), s.operations, { sortKey: "total" }));
  if (s.roles?.length) parts.push(h("h3", null, "Roles"), sortableTable(groupColumns([{ key: "name", label: "Role" }]), s.roles, { sortKey: "total" }));
  if (s.models?.length) parts.push(h("h3", null, "Models"), sortableTable(groupColumns([{ key: "name", label: "Model" }]), s.models, { sortKey: "cost" }));
  if (s.traces.length > 1) {
    parts.push(
      h("h3", null, "Traces"),
      sortableTable(
        [
          { key: "name", label: "Root" },
          { key: "service", label: "Service" },
          { key: "spans", label: "Spans", num: true, fmt: fmtInt },
          { key: "errors", label: "Errors", num: true, fmt: fmtInt },
          { key: "duration", label: "Duration", num: true, fmt: fmtDur },
          { key: "tokens", label: "Tokens", num: true, get: usageTotal, fmt: fmtTokens },
          { key: "cost", label: "Cost", num: true, get: usageCost, fmt: fmtUsageCost },
        ],
        s.traces,
        { sortKey: "duration" },
      ),
    );
  }
  fill(el, parts);
}

const SVG = "http://www.w3.org/2000/svg";
function s(tag, attrs, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/**
 * Renders the agent graph as a left-to-right tree of nodes (calls, time,
 * tokens, cost) joined by edges with call counts. onNode(id) is called on
 * a click.
 */
export function renderGraph(el, g, onNode) {
  if (!g.nodes.length) {
    fill(el, h("div", { class: "empty" }, "No spans to draw."));
    return;
  }
  const NW = 230;
  const NH = 52;
  const GX = 60;
  const GY = 12;
  const MAX = 400;
  const nodes = g.nodes.slice(0, MAX);
  // Rows in depth-first order of the node tree.
  const kids = new Map();
  for (const n of nodes) {
    if (!kids.has(n.parent)) kids.set(n.parent, []);
    kids.get(n.parent).push(n);
  }
  const pos = new Map();
  let row = 0;
  const walk = (n) => {
    pos.set(n.id, { x: 10 + n.depth * (NW + GX), y: 10 + row++ * (NH + GY) });
    for (const c of kids.get(n.id) || []) walk(c);
  };
  for (const r of nodes.filter((n) => n.parent < 0 || !nodes.some((m) => m.id === n.parent))) walk(r);
  const width = Math.max(...[...pos.values()].map((p) => p.x)) + NW + 20;
  const height = row * (NH + GY) + 20;
  const svg = s("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "Agent graph" });
  for (const e of g.edges) {
    const a = pos.get(e.from);
    const b = pos.get(e.to);
    if (!a || !b) continue;
    const x1 = a.x + NW;
    const y1 = a.y + NH / 2;
    const x2 = b.x;
    const y2 = b.y + NH / 2;
    const grp = s("g", { class: "edge" });
    grp.append(s("path", { d: `M${x1},${y1} C${x1 + GX / 2},${y1} ${x2 - GX / 2},${y2} ${x2},${y2}` }));
    if (e.calls > 1) grp.append(s("text", { x: x2 - 18, y: y2 - 4, "text-anchor": "end" }, `×${e.calls}`));
    svg.append(grp);
  }
  for (const n of nodes) {
    const p = pos.get(n.id);
    if (!p) continue;
    const grp = s("g", { class: `node${n.errors ? " err" : ""}`, transform: `translate(${p.x},${p.y})`, tabindex: 0, role: "button", "data-node": n.id });
    grp.append(s("rect", { width: NW, height: NH, rx: 6 }));
    const title = `${n.role && n.role !== "other" ? n.role + " · " : ""}${n.name}`;
    grp.append(s("text", { x: 8, y: 18 }, title.length > 32 ? title.slice(0, 31) + "…" : title));
    const m1 = `${n.service} · ${fmtInt(n.calls)} call${n.calls === 1 ? "" : "s"}${n.errors ? ` · ${n.errors} failed` : ""}`;
    grp.append(s("text", { x: 8, y: 33, class: "m" }, m1.length > 38 ? m1.slice(0, 37) + "…" : m1));
    const u = n.usage || {};
    const m2 = `${fmtDur(n.total)} total${u.total ? ` · ${fmtInt(u.total)} tok` : ""}${u.cost ? ` · ${fmtCost(u.cost)}` : ""}`;
    grp.append(s("text", { x: 8, y: 46, class: "m" }, m2));
    grp.append(s("title", null, `${title}\n${m1}\n${m2}`));
    const pick = () => {
      for (const o of svg.querySelectorAll(".node.on")) o.classList.remove("on");
      grp.classList.add("on");
      onNode(n.id);
    };
    grp.addEventListener("click", pick);
    grp.addEventListener("keydown", (e) => (e.key === "Enter" || e.key === " ") && (e.preventDefault(), pick()));
    svg.append(grp);
  }
  const note = g.nodes.length > MAX ? h("p", { class: "muted" }, `Showing the first ${MAX} of ${fmtInt(g.nodes.length)} nodes.`) : null;
  fill(el, h("p", { class: "muted" }, "Spans folded by their path of (role, service, name). Click a node to highlight its spans in the timeline."), note, svg);
}

function delta(a, b, fmt) {
  const d = b - a;
  if (!d) return h("span", { class: "muted" }, "±0");
  return h("span", { class: d > 0 ? "pos" : "neg" }, (d > 0 ? "+" : "−") + fmt(Math.abs(d)));
}

/** Renders the comparison of trace A (this document) with B. */
export function renderCompare(el, c, { nameA, nameB }) {
  const row = (label, a, b, fmt) => h("tr", null, h("td", null, label), h("td", { class: "num" }, fmt(a)), h("td", { class: "num" }, fmt(b)), h("td", { class: "num" }, delta(a, b, fmt)));
  const totals = h(
    "table",
    { class: "grid" },
    h("thead", null, h("tr", null, h("th", null, ""), h("th", { class: "num" }, `A: ${nameA}`), h("th", { class: "num" }, `B: ${nameB}`), h("th", { class: "num" }, "B − A"))),
    h(
      "tbody",
      null,
      row("Duration", c.a.duration, c.b.duration, fmtDur),
      row("Spans", c.a.spans, c.b.spans, fmtInt),
      row("Tokens", c.a.tokens, c.b.tokens, fmtInt),
      row("Cost", c.a.cost, c.b.cost, fmtCost),
    ),
  );
  const ops = sortableTable(
    [
      { key: "service", label: "Service" },
      { key: "name", label: "Operation" },
      { key: "countA", label: "Count A", num: true, fmt: fmtInt },
      { key: "countB", label: "Count B", num: true, fmt: fmtInt },
      { key: "dd", label: "Δ duration", num: true, get: (r) => r.durationB - r.durationA, fmt: (_, r) => delta(r.durationA, r.durationB, fmtDur) },
      { key: "dt", label: "Δ tokens", num: true, get: (r) => r.tokensB - r.tokensA, fmt: (_, r) => delta(r.tokensA, r.tokensB, fmtInt) },
      { key: "dc", label: "Δ cost", num: true, get: (r) => r.costB - r.costA, fmt: (_, r) => delta(r.costA, r.costB, fmtCost) },
      { key: "added", label: "Added", num: true, fmt: fmtInt },
      { key: "removed", label: "Removed", num: true, fmt: fmtInt },
    ],
    c.ops,
    { sortKey: "dd" },
  );
  fill(
    el,
    h("h3", null, "Totals"),
    totals,
    h("p", { class: "muted" }, `${fmtInt(c.matched.length)} spans matched, ${fmtInt(c.added.length)} only in B, ${fmtInt(c.removed.length)} only in A.`),
    h("h3", null, "Operations"),
    ops,
  );
}
