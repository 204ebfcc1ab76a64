// The interactive trace viewer: a waterfall or flame chart on a canvas,
// with a minimap, search, filters, span details, summary, agent graph and
// comparison tabs. It holds a document in the engine and asks it for one
// viewport at a time; per-span data on this side is only the flat typed
// arrays the engine hands over (names, and the tree once loaded).

import { pageEngine } from "../page.js";
import { init } from "../index.js";
import { bodySize } from "../stream.js";
import { AXIS_H, BAR, INDENT, LANE_H, ROW_H, SCROLL_W, TREE, drawChart, drawMinimap, fitCanvas, themeColors } from "./chart.js";
import { fill, fmtBytes, fmtDur, fmtInt, h } from "./dom.js";
import { renderCompare, renderDetails, renderGraph, renderSummary } from "./panels.js";
import { css, srOnly } from "./style.js";

let sharedEngine = null;

/** The engine viewers share unless given one: WASM in a Web Worker, in-page where workers are unavailable. */
export function defaultEngine() {
  // A docs page's static embeds may already run the module (page.js);
  // otherwise decode in a Web Worker so the page never freezes.
  sharedEngine ??= pageEngine() ?? init({ worker: true }).catch(() => init());
  return sharedEngine;
}

const ZOOM_STEP = 1.25;
/** Inputs this big or of unknown size are drawn from a preview while they load. */
const PREVIEW_MIN = 16 << 20;

// Metric axis units (core/layout TokenUnits, CostUnits): a token is 1000,
// a dollar 1e9.
const METRIC_UNITS = { tokens: 1000, cost: 1e9 };

/** A metric axis value: "12.3k tokens", "$0.0123". */
function fmtMetric(metric, v) {
  const x = v / METRIC_UNITS[metric];
  if (metric === "cost") return `${x < 0 ? "-" : ""}$${Math.abs(x) >= 1 ? Math.abs(x).toFixed(2) : Math.abs(x).toPrecision(3)}`;
  const a = Math.abs(x);
  const n = a >= 1e6 ? `${(x / 1e6).toFixed(1)}M` : a >= 1e3 ? `${(x / 1e3).toFixed(1)}k` : `${Math.round(x)}`;
  return `${n} tokens`;
}
const TREE_W = 300;

export class Viewer {
  /**
   * @param {HTMLElement} host the element to draw in (it gets a shadow root)
   * @param {{spanlens?: object}} [options] spanlens: a started engine (init()) to use instead of the shared Web Worker one
   */
  constructor(host, options = {}) {
    this.host = host;
    this.options = options;
    // The engine starts on the first open, so a viewer given one later
    // (mount on an existing <span-lens>) never starts the default.
    this.engineP = null;
    this.doc = null;
    this.other = null;
    this.reset();
    this.#build();
    host.viewer = this;
  }

  reset() {
    this.names = null;
    this.tree = null;
    this.treeP = null;
    this.pos = null;
    this.view = "waterfall";
    this.metric = "time";
    // The flame by tokens or cost has its own x axis (metric units from 0,
    // core/layout TokenUnits and CostUnits): each metric keeps its window.
    this.windows = {};
    this.metricExtent = null;
    this.flameExtent = null; // the time flame's window, leading idle trimmed
    this.trace = 0;
    this.t0 = 0;
    this.t1 = 1;
    this.firstRow = 0;
    this.totalRows = 0;
    this.selected = -1;
    this.collapsed = new Set();
    this.level = Infinity;
    this.matches = null;
    this.matchSet = null;
    this.matchAt = -1;
    this.matchesOnly = false;
    this.errorsOnly = false;
    this.showCritical = false;
    this.critSet = null;
    this.filter = "";
    this.lay = null;
    this.ov = null;
    this.hoverRow = -1;
    this.mouseX = -1;
    this.summaryP = null;
    this.graphP = null;
    // performance.now() of a download's response, of the first frame (a
    // load's preview, if it had one), of the whole document's first frame
    // and of the tree arriving (all interactions ready), for benchmarks.
    this.timings = {};
    this.frames = 0;
  }

  #build() {
    const root = this.host.shadowRoot || this.host.attachShadow({ mode: "open" });
    this.root = root;
    const style = h("style");
    style.textContent = css;
    const btn = (label, title, onclick, attrs = {}) => h("button", { type: "button", title, "aria-label": title, onclick, ...attrs }, label);
    this.el = {};
    const e = this.el;
    e.traceSel = h("select", { "aria-label": "Trace", hidden: true, onchange: () => this.setTrace(Number(e.traceSel.value)) });
    e.tabs = h("div", { class: "tabs", role: "tablist" });
    for (const [id, label] of [["timeline", "Timeline"], ["summary", "Summary"], ["graph", "Agent graph"], ["compare", "Compare"]]) {
      e.tabs.append(h("button", { type: "button", role: "tab", "data-tab": id, "aria-selected": id === "timeline" ? "true" : "false", onclick: () => this.showTab(id) }, label));
    }
    e.viewWf = btn("Waterfall", "Waterfall view", () => this.setView("waterfall"), { "aria-pressed": "true" });
    e.viewFl = btn("Flame", "Flame view", () => this.setView("flame"), { "aria-pressed": "false" });
    e.metric = h(
      "select",
      { "aria-label": "Flame widths", title: "What a flame box's width measures", hidden: true, onchange: () => this.setMetric(e.metric.value) },
      h("option", { value: "time" }, "by time"),
      h("option", { value: "tokens" }, "by tokens"),
      h("option", { value: "cost" }, "by cost"),
    );
    e.q = h("input", { type: "search", placeholder: "Search: service:api status:error duration>50ms", "aria-label": "Search spans", spellcheck: "false", autocomplete: "off" });
    e.count = h("span", { class: "count", "aria-live": "polite" });
    e.qerr = h("div", { class: "qerr", hidden: true, role: "alert" });
    e.prev = btn("↑", "Previous match (Shift+Enter)", () => this.nextMatch(-1));
    e.next = btn("↓", "Next match (Enter)", () => this.nextMatch(1));
    e.only = h("input", { type: "checkbox", onchange: () => this.setMatchesOnly(e.only.checked) });
    e.crit = h("input", { type: "checkbox", onchange: () => this.setCritical(e.crit.checked) });
    e.errs = h("input", { type: "checkbox", onchange: () => this.setErrorsOnly(e.errs.checked) });
    e.skew = h("input", { type: "checkbox", checked: true, onchange: () => this.setSkew(e.skew.checked) });
    e.skewLabel = h("label", { class: "chk", hidden: true, title: "Clock skew was detected: show adjusted (⇆ marks moved spans) or raw times" }, e.skew, "Skew-adjusted");
    let qTimer = 0;
    e.q.addEventListener("input", () => {
      clearTimeout(qTimer);
      qTimer = setTimeout(() => this.search(e.q.value), 150);
    });
    e.q.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter") {
        ev.preventDefault();
        clearTimeout(qTimer);
        if (e.q.value !== this.lastQuery) this.search(e.q.value).then(() => this.nextMatch(1));
        else this.nextMatch(ev.shiftKey ? -1 : 1);
      } else if (ev.key === "Escape") {
        e.chart.focus();
      }
      ev.stopPropagation();
    });
    const tools = h(
      "div",
      { class: "bar", role: "toolbar", "aria-label": "Trace tools" },
      e.traceSel,
      e.tabs,
      h("span", { class: "sep" }),
      e.viewWf,
      e.viewFl,
      e.metric,
      h("span", { class: "sep" }),
      h("div", { class: "search" }, e.q, e.count, e.prev, e.next, e.qerr),
      h("label", { class: "chk" }, e.only, "Matches only"),
      h("span", { class: "grow" }),
      h("label", { class: "chk" }, e.crit, "Critical path"),
      h("label", { class: "chk" }, e.errs, "Errors only"),
      e.skewLabel,
    );
    const nav = h(
      "div",
      { class: "bar", role: "toolbar", "aria-label": "View controls" },
      btn("−", "Zoom out (S)", () => this.zoom(ZOOM_STEP)),
      btn("+", "Zoom in (W)", () => this.zoom(1 / ZOOM_STEP)),
      btn("◂", "Pan left (A)", () => this.pan(-0.2)),
      btn("▸", "Pan right (D)", () => this.pan(0.2)),
      btn("Fit", "Fit the whole trace (Esc)", () => this.fit()),
      btn("Fit span", "Fit the selected span (double-click, Enter)", () => this.fitSelected()),
      h("span", { class: "sep" }),
      btn("Collapse level", "Collapse one level ([)", () => this.collapseLevel(-1)),
      btn("Expand level", "Expand one level (])", () => this.collapseLevel(1)),
      h("span", { class: "grow" }),
      (e.range = h("span", { class: "help", "aria-live": "polite" })),
      h("span", { class: "help" }, h("kbd", null, "W"), h("kbd", null, "S"), " zoom ", h("kbd", null, "A"), h("kbd", null, "D"), " pan ", h("kbd", null, "/"), " search ", h("kbd", null, "[", "]"), " levels"),
    );
    e.status = h("div", { class: "status", hidden: true, role: "status" });
    e.minimap = h("canvas", { class: "minimap", "aria-label": "Minimap: drag the window to move the view" });
    e.chart = h("canvas", { class: "chart", tabindex: 0, role: "application", "aria-label": "Trace timeline. Arrow keys move the selection; W/S zoom, A/D pan." });
    e.tooltip = h("div", { class: "tooltip", hidden: true });
    e.rows = h("ol", { class: "rows", style: srOnly, "aria-label": "Visible spans" });
    e.chartwrap = h("div", { class: "chartwrap" }, e.chart, e.tooltip, e.rows);
    e.details = h("aside", { class: "details", hidden: true, "aria-label": "Span details" });
    e.timeline = h("div", { class: "pane", "data-pane": "timeline" }, nav, e.minimap, e.chartwrap);
    e.summary = h("div", { class: "pane scroll", "data-pane": "summary", hidden: true });
    e.graph = h("div", { class: "pane scroll graph", "data-pane": "graph", hidden: true });
    e.cmpFile = h("input", { type: "file", hidden: true, onchange: () => e.cmpFile.files[0] && this.compareWith(e.cmpFile.files[0], e.cmpFile.files[0].name) });
    e.cmpOut = h("div");
    e.compare = h(
      "div",
      { class: "pane scroll", "data-pane": "compare", hidden: true },
      h("p", null, "Open a second run of the same workflow to align its spans with this one and see the differences (B minus A). ", btn("Open trace B…", "Open a trace file to compare", () => e.cmpFile.click()), e.cmpFile),
      e.cmpOut,
    );
    e.main = h("div", { class: "main" }, e.timeline, e.summary, e.graph, e.compare, e.details);
    root.replaceChildren(style, h("div", { class: "root" }, tools, e.status, e.main));
    this.#wire();
  }

  // ---- loading ----

  /**
   * Opens a trace: bytes, a string of file content, a URL (string or URL),
   * a File/Blob, a Response, or a document already loaded in the same
   * engine.
   */
  async open(source, { name = "", format } = {}) {
    this.name = name || (typeof source === "string" && !source.trimStart().startsWith("{") && !source.trimStart().startsWith("[") ? source.split("/").pop() : source?.name || "trace");
    // The engine starts (a worker, the module compiled) while the trace
    // downloads: neither waits for the other.
    this.engineP ??= this.options.spanlens ? Promise.resolve(this.options.spanlens) : defaultEngine();
    const old = this.doc;
    this.reset();
    this.status("Loading…", 0);
    this.source = this.url = null; // what the skew toggle decodes again
    try {
      let doc;
      if (source && typeof source === "object" && "handle" in source && typeof source.layout === "function") {
        this.sl = await this.engineP;
        doc = source;
      } else {
        let input = source;
        if (typeof source === "string" && !/^\s*[[{<]/.test(source) && source.length < 4096) input = await fetch(source);
        else if (source instanceof URL) input = await fetch(source);
        // A trace fetched from a URL is fetched again for the skew toggle
        // (from the HTTP cache, mostly); a Response given keeps a copy.
        this.url = input !== source ? source : null;
        if (this.url) this.timings.fetched = performance.now(); // the response's headers are in
        if (typeof Response !== "undefined" && input instanceof Response) input = await bodyOf(input, !this.url);
        if (typeof input === "string") input = new TextEncoder().encode(input);
        this.format = format;
        const sl = await this.engineP;
        this.sl = sl;
        doc = await this.#load(sl, input, { preview: true });
      }
      if (old && old !== doc) old.free().catch(() => {});
      await this.#use(doc);
      this.host.dispatchEvent(new CustomEvent("load", { detail: { spans: doc.spanCount, traces: doc.traces.length, format: doc.format } }));
      return doc;
    } catch (err) {
      this.doc = null;
      this.error(err);
      this.host.dispatchEvent(new CustomEvent("error", { detail: err }));
      throw err;
    }
  }

  /**
   * Loads input: bytes, a Blob, or a download ({download, size, blob}).
   * Blobs and downloads stream into the engine (in its worker), so the
   * page never holds the file, and with `preview` the first spans are
   * drawn while the rest still loads. What can be decoded again (bytes, a
   * Blob, the download's Blob copy) is kept for the skew toggle.
   */
  async #load(sl, input, { preview = false, ...extra } = {}) {
    const size = input.size ?? input.byteLength ?? 0;
    this.source = input.download ? input.blob : input;
    this.size = size;
    const opts = {
      ...extra,
      onProgress: (p) => {
        const what = p.phase === "read" ? (input.download ? "downloading" : "reading") : "decoding";
        const shown = this.docIsPreview && this.doc ? `Showing the first ${fmtInt(this.doc.spanCount)} spans · ${what}` : what[0].toUpperCase() + what.slice(1);
        this.status(`${shown} ${fmtBytes(p.bytes || 0)}${size ? ` of ${fmtBytes(size)}` : ""}${p.spans ? ` · ${fmtInt(p.spans)} spans` : ""}…`, size ? (p.bytes || 0) / size : -1);
      },
    };
    // A preview decodes the first MiB a second time: worth it only when
    // the rest takes long.
    if (preview && !(size > 0 && size < PREVIEW_MIN)) opts.onPreview = (doc) => this.#preview(doc);
    if (this.format) opts.format = this.format;
    this.loading = true;
    try {
      if (input.download && size) opts.size = size;
      return await sl.load(input.download ?? input, opts);
    } finally {
      this.loading = false;
    }
  }

  /** Draws a load's preview (its first spans) until the whole document arrives. */
  async #preview(doc) {
    if (!this.loading || this.doc) return;
    try {
      await this.#use(doc, { preview: true });
    } catch {
      // The preview is freed when the load ends; a call that meets it freed is moot.
    }
  }

  async #use(doc, { preview = false } = {}) {
    this.doc = doc;
    this.docIsPreview = preview;
    this.status(`Laying out ${fmtInt(doc.spanCount)} spans…`, -1);
    const names = await doc.names();
    if (doc !== this.doc) return;
    this.names = names;
    this.palette = this.names.palette;
    const traces = doc.traces || [];
    this.docEnd = traces.reduce((m, t) => Math.max(m, t.start + t.duration), 1);
    const sel = this.el.traceSel;
    sel.replaceChildren();
    sel.hidden = traces.length < 2;
    if (traces.length > 1) {
      sel.append(h("option", { value: -1 }, `All ${fmtInt(traces.length)} traces`));
      traces.forEach((t, i) => sel.append(h("option", { value: i }, `${t.name || "(no root)"} · ${t.service} · ${fmtDur(t.duration)} · ${fmtInt(t.spans)} spans${t.errors ? ` · ${t.errors} errors` : ""}`)));
    }
    this.trace = traces.length > 1 ? -1 : 0;
    sel.value = String(this.trace);
    this.fit(false);
    this.status(preview ? `Showing the first ${fmtInt(doc.spanCount)} spans while the rest loads…` : "", -1);
    this.el.summary.replaceChildren();
    this.el.graph.replaceChildren();
    this.el.cmpOut.replaceChildren();
    // The first frame's layout reaches the engine first; the minimap's
    // overview and the tree arrays (child counts, durations, flags) queue
    // behind it.
    await this.#frame();
    if (preview || doc !== this.doc) return;
    this.#drawMinimap(true);
    this.ensureTree().then(() => this.schedule());
    if (doc.warnings?.length) this.status(`${doc.warnings.length} warning${doc.warnings.length > 1 ? "s" : ""}: ${doc.warnings.slice(0, 3).map((w) => w.message || w).join("; ")}`, undefined, "warn");
  }

  ensureTree() {
    if (!this.treeP) {
      const doc = this.doc;
      this.treeP = doc.tree().then((t) => {
        if (doc !== this.doc) return null;
        this.tree = t;
        this.timings.interactive = performance.now();
        let skew = false;
        for (let i = 0; i < t.flags.length && !skew; i++) skew = (t.flags[i] & TREE.skew) !== 0;
        this.el.skewLabel.hidden = !skew && this.el.skew.checked;
        return t;
      });
    }
    return this.treeP;
  }

  status(text, progress, kind) {
    const s = this.el.status;
    if (!text) {
      s.hidden = true;
      return;
    }
    s.hidden = false;
    s.className = `status${kind === "error" ? " error" : ""}`;
    const bar = progress === undefined ? null : h("progress", progress >= 0 ? { max: 1, value: progress } : {});
    fill(s, bar, text);
  }

  error(err) {
    this.status(`Could not open ${this.name}: ${err?.message || err}`, undefined, "error");
    this.lay = null;
    this.draw();
  }

  // ---- the view ----

  get chartW() {
    const w = this.el.chart.clientWidth;
    return Math.max(10, w - (this.view === "flame" ? 0 : TREE_W) - SCROLL_W);
  }
  get rowH() {
    return this.view === "flame" ? LANE_H : ROW_H;
  }
  get visibleRows() {
    return Math.max(1, Math.floor((this.el.chart.clientHeight - AXIS_H) / this.rowH));
  }
  traceRange() {
    if (this.metricActive) return this.metricExtent || [0, 1];
    // A flame starts at its first span that lasts (leading idle trimmed).
    if (this.view === "flame" && this.flameExtent) return this.flameExtent;
    const ts = this.doc?.traces || [];
    if (this.trace >= 0 && ts[this.trace]) return [ts[this.trace].start, ts[this.trace].start + Math.max(ts[this.trace].duration, 1)];
    return [ts.reduce((m, t) => Math.min(m, t.start), Infinity) || 0, this.docEnd || 1];
  }

  fit(draw = true) {
    const [a, b] = this.traceRange();
    const pad = (b - a) * 0.02;
    // A metric axis starts at nothing spent: no room left of it.
    this.t0 = this.metricActive ? a : a - pad * 0.25;
    this.t1 = b + pad;
    if (draw) this.schedule();
  }

  setWindow(t0, t1) {
    const minSpan = 10; // ns: the engine needs t1 > t0
    if (t1 - t0 < minSpan) {
      const m = (t0 + t1) / 2;
      t0 = m - minSpan / 2;
      t1 = m + minSpan / 2;
    }
    const [a, b] = this.traceRange();
    const span = t1 - t0;
    const lo = a - (b - a);
    const hi = b + (b - a);
    if (span > hi - lo) {
      t0 = lo;
      t1 = hi;
    } else if (t0 < lo) {
      t1 += lo - t0;
      t0 = lo;
    } else if (t1 > hi) {
      t0 -= t1 - hi;
      t1 = hi;
    }
    this.t0 = t0;
    this.t1 = t1;
    this.schedule();
  }

  /** Zooms by factor (<1 in) around the pixel x in the chart (default: the mouse, else the centre). */
  zoom(factor, x) {
    const cw = this.chartW;
    const px = x ?? (this.mouseX >= 0 ? this.mouseX : cw / 2);
    const at = this.t0 + ((this.t1 - this.t0) * Math.min(Math.max(px, 0), cw)) / cw;
    this.setWindow(at - (at - this.t0) * factor, at + (this.t1 - at) * factor);
  }
  pan(frac) {
    const d = (this.t1 - this.t0) * frac;
    this.setWindow(this.t0 + d, this.t1 + d);
  }
  scrollRows(d) {
    const max = Math.max(0, this.totalRows - this.visibleRows + 1);
    const r = Math.min(Math.max(0, Math.round(this.firstRow + d)), max);
    if (r !== this.firstRow) {
      this.firstRow = r;
      this.schedule();
    }
  }

  setView(v) {
    const was = this.metricActive;
    this.windows[was ? this.metric : "time"] = [this.t0, this.t1];
    this.view = v;
    this.firstRow = 0;
    this.el.viewWf.setAttribute("aria-pressed", String(v === "waterfall"));
    this.el.viewFl.setAttribute("aria-pressed", String(v === "flame"));
    this.el.metric.hidden = v !== "flame";
    if (was !== this.metricActive) this.#restoreWindow();
    this.schedule();
  }

  /** Whether the chart's x axis is a metric (tokens, cost) rather than time. */
  get metricActive() {
    return this.view === "flame" && this.metric !== "time";
  }

  /** Sets what flame widths measure: "time", "tokens" or "cost". */
  setMetric(m) {
    this.windows[this.metricActive ? this.metric : "time"] = [this.t0, this.t1];
    this.metric = m;
    this.el.metric.value = m;
    this.firstRow = 0;
    this.metricExtent = null;
    this.#restoreWindow();
    this.schedule();
  }

  // The window of the axis now shown: as it was left, or (a metric seen
  // for the first time) fitted once its extent is known.
  #restoreWindow() {
    const key = this.metricActive ? this.metric : "time";
    const w = this.windows[key];
    if (w) [this.t0, this.t1] = w;
    else if (this.metricActive) [this.t0, this.t1] = [0, 1];
    else this.fit(false);
    this.el.minimap.hidden = this.metricActive; // the minimap is of time
  }

  setTrace(i) {
    this.trace = i;
    this.flameExtent = this.metricExtent = null;
    this.firstRow = 0;
    this.fit();
    if (this.showCritical) this.setCritical(true);
    this.#refilter();
  }

  schedule() {
    if (!this.raf) this.raf = requestAnimationFrame(() => this.#frame());
  }

  async #frame() {
    this.raf = 0;
    if (!this.doc) return;
    if (this.inflight) {
      this.dirty = true;
      return;
    }
    this.inflight = true;
    const req = {
      view: this.view,
      trace: this.trace,
      t0: this.t0,
      t1: this.t1,
      width: this.chartW,
      firstRow: this.firstRow,
      rows: this.visibleRows + 1,
      tickGap: 90,
    };
    if (this.metricActive) req.metric = this.metric;
    const col = this.#collapsedList();
    if (col.length && this.view === "waterfall") req.collapsed = col;
    if (this.filter && this.view === "waterfall") req.filter = this.filter;
    const doc = this.doc;
    try {
      const lay = await doc.layout(req);
      if (doc !== this.doc) return;
      this.lay = lay;
      this.totalRows = lay.rows;
      if (this.view === "flame" && !req.metric && lay.extent && !this.flameExtent) {
        this.flameExtent = [lay.extent[0], Math.max(lay.extent[1], lay.extent[0] + 1)];
        this.fit(false);
        this.dirty = true;
      }
      if (req.metric && lay.extent && !this.metricExtent) {
        // First layout of this metric: fit its whole extent.
        this.metricExtent = [lay.extent[0], Math.max(lay.extent[1], lay.extent[0] + 1)];
        if (!this.windows[req.metric]) {
          this.fit(false);
          this.dirty = true;
        }
      }
      this.frameReq = req;
      if (this.firstRow > 0 && this.firstRow > lay.rows - 1) {
        this.firstRow = Math.max(0, lay.rows - this.visibleRows);
        this.dirty = true;
      }
      this.draw();
      this.frames = (this.frames || 0) + 1;
      if (this.frames === 1) this.timings.firstFrame = performance.now();
      if (!this.docIsPreview) this.timings.loaded ??= performance.now();
      this.host.dispatchEvent(new CustomEvent("frame", { detail: { first: this.frames === 1, preview: !!this.docIsPreview, spans: doc.spanCount } }));
    } catch (err) {
      // A preview is freed when its load ends, maybe under a frame.
      if (doc === this.doc && !this.docIsPreview) this.status(`Layout failed: ${err.message}`, undefined, "error");
    } finally {
      this.inflight = false;
      if (this.dirty) {
        this.dirty = false;
        this.schedule();
      }
    }
  }

  #collapsedList() {
    return [...this.collapsed];
  }

  draw() {
    const { ctx, w, h: hh } = fitCanvas(this.el.chart);
    this.theme = themeColors(this.host);
    const pal = this.palette || { light: [], dark: [], error: "#D62728" };
    const palette = { colors: this.theme.dark ? pal.dark : pal.light, error: pal.error };
    if (!this.lay || !this.names) {
      ctx.fillStyle = this.theme.bg;
      ctx.fillRect(0, 0, w, hh);
      return;
    }
    const dim = (this.matchesOnly && this.matchSet) || (this.errorsOnly && this.errSet);
    drawChart({
      ctx, w, h: hh, theme: this.theme, lay: this.lay, view: this.view, treeW: TREE_W, chartW: this.chartW,
      firstRow: this.firstRow, names: this.names, palette, tree: this.tree,
      marks: { match: this.errorsOnly && !this.matchesOnly ? this.errSet : this.matchSet, critical: this.showCritical ? this.critSet : null, dim },
      hoverRow: this.hoverRow, selected: this.selected, t0: this.t0, t1: this.t1,
      treeLabel: `${fmtInt(this.totalRows)} ${this.view === "flame" ? "lanes" : "rows"}`,
    });
    this.#drawMinimap(false);
    const fmt = this.metricActive ? (v) => fmtMetric(this.metric, v) : fmtDur;
    this.el.range.textContent = `${fmt(this.t0)} – ${fmt(this.t1)} (${fmt(this.t1 - this.t0)} visible)`;
    // The visible rows as text, for screen readers (and tests).
    if (this.view === "waterfall") {
      const items = [];
      for (let k = 0; k < this.lay.span.length; k++) {
        const s = this.lay.span[k];
        items.push(h("li", { "data-span": s, "aria-level": this.lay.depth[k] + 1 }, this.names.names[this.names.name[s]], " — ", this.names.services[this.names.service[s]]));
      }
      this.el.rows.replaceChildren(...items);
    } else this.el.rows.replaceChildren();
  }

  async #drawMinimap(fetch) {
    const cv = this.el.minimap;
    if (fetch && this.doc) {
      const doc = this.doc;
      const cols = Math.min(65536, Math.max(1, Math.round(cv.clientWidth)));
      const ov = await doc.overview(cols);
      if (doc !== this.doc) return;
      this.ov = ov;
    }
    const { ctx, w, h: hh } = fitCanvas(cv);
    const end = this.docEnd || 1;
    drawMinimap({ ctx, w, h: hh, theme: this.theme || themeColors(this.host), ov: this.ov, t0: this.t0, t1: this.t1, x: (t) => (t / end) * w });
  }

  // ---- selection, details ----

  async select(span, { scroll = true, details = true } = {}) {
    this.selected = span;
    this.schedule();
    if (span < 0) {
      this.el.details.hidden = true;
      return;
    }
    if (scroll && this.view === "waterfall") await this.scrollToSpan(span);
    if (details) await this.showDetails(span);
    this.host.dispatchEvent(new CustomEvent("select", { detail: { span } }));
  }

  async showDetails(span) {
    const d = await this.doc.spanDetails(span);
    const ts = this.doc.traces;
    const t = ts.find((x) => d.start >= x.start && d.start <= x.start + x.duration);
    this.el.details.hidden = false;
    renderDetails(this.el.details, d, { traceStart: t ? t.start : 0, onSpan: (i) => this.select(i), onClose: () => this.select(-1) });
    requestAnimationFrame(() => this.schedule());
  }

  /** The row showing span s in the current waterfall (its collapsed ancestor's if hidden). */
  async rowOf(s) {
    const t = await this.ensureTree();
    if (!t) return -1;
    if (!this.pos) {
      this.pos = new Int32Array(t.order.length);
      for (let k = 0; k < t.order.length; k++) this.pos[t.order[k]] = k;
    }
    const pos = this.pos;
    let first = 0;
    if (this.trace >= 0) {
      const root = this.doc.traces[this.trace].root;
      first = root >= 0 ? pos[root] : 0;
    }
    const p = pos[s];
    let hidden = 0;
    let row = -1;
    const col = this.#collapsedList().map((c) => pos[c]).sort((a, b) => a - b);
    let coverEnd = -1;
    for (const cp of col) {
      if (cp < first || cp <= coverEnd) continue; // another trace, or inside a folded subtree
      const c = t.order[cp];
      const end = cp + t.size[c];
      if (cp < p && p < end) {
        row = cp - first - hidden;
        break;
      }
      if (cp > p) break;
      hidden += t.size[c] - 1;
      coverEnd = end - 1;
    }
    return row >= 0 ? row : p - first - hidden;
  }

  async scrollToSpan(s) {
    const row = await this.rowOf(s);
    if (row < 0) return;
    const vis = this.visibleRows;
    if (row < this.firstRow || row >= this.firstRow + vis - 1) this.firstRow = Math.max(0, row - Math.floor(vis / 3));
    // Bring the bar into the window too, keeping the zoom when it fits.
    const t = this.tree;
    if (t) {
      const a = t.start[s];
      const b = t.end[s];
      if (b < this.t0 || a > this.t1) {
        const span = this.t1 - this.t0;
        this.setWindow(a - span * 0.1, a + span * 0.9);
      }
    }
    this.schedule();
  }

  async fitSpan(s) {
    if (this.metricActive) {
      // The metric axis has no span times: fit the span's box as drawn.
      const k = this.lay ? this.lay.span.indexOf(s) : -1;
      if (k < 0) return this.fit();
      const per = (this.t1 - this.t0) / this.chartW;
      const a = this.t0 + this.lay.x[k] * per;
      const b = a + Math.max(this.lay.w[k], 1) * per;
      const pad = (b - a) * 0.05;
      return this.setWindow(a - pad, b + pad);
    }
    const t = await this.ensureTree();
    if (!t) return;
    const a = t.start[s];
    const b = Math.max(t.end[s], a + 1);
    const pad = (b - a) * 0.05;
    this.setWindow(a - pad, b + pad);
  }
  fitSelected() {
    if (this.selected >= 0) this.fitSpan(this.selected);
  }

  async toggle(span) {
    if (this.collapsed.has(span)) this.collapsed.delete(span);
    else this.collapsed.add(span);
    this.schedule();
  }

  /** `[` (dir −1) folds the deepest shown level of parents; `]` (+1) unfolds it. */
  async collapseLevel(dir) {
    const t = await this.ensureTree();
    if (!t) return;
    let maxDepth = 0;
    for (let i = 0; i < t.depth.length; i++) if (t.childCount[i] > 0 && t.depth[i] > maxDepth) maxDepth = t.depth[i];
    let L = Number.isFinite(this.level) ? this.level : maxDepth + 1;
    if (dir < 0) L = Math.max(0, Math.min(L, maxDepth + 1) - 1);
    const atLevel = (d) => {
      const out = [];
      for (let i = 0; i < t.depth.length; i++) if (t.depth[i] === d && t.childCount[i] > 0) out.push(i);
      return out;
    };
    if (dir < 0) {
      for (const i of atLevel(L)) this.collapsed.add(i);
    } else {
      for (const i of atLevel(L)) this.collapsed.delete(i);
      L += 1;
    }
    this.level = L > maxDepth ? Infinity : L;
    this.schedule();
  }

  // ---- search and filters ----

  async search(q) {
    this.lastQuery = q;
    const e = this.el;
    e.qerr.hidden = true;
    e.q.removeAttribute("aria-invalid");
    if (!q.trim() || !this.doc) {
      this.matches = null;
      this.matchSet = null;
      e.count.textContent = "";
      this.#refilter();
      return;
    }
    try {
      const m = await this.doc.search(q);
      if (q !== this.lastQuery) return;
      this.matches = m;
      const set = new Uint8Array(this.doc.spanCount);
      for (const s of m) set[s] = 1;
      this.matchSet = set;
      this.matchAt = -1;
      e.count.textContent = m.length ? `${fmtInt(m.length)} match${m.length === 1 ? "" : "es"}` : "no matches";
    } catch (err) {
      this.matches = null;
      this.matchSet = null;
      e.count.textContent = "";
      e.q.setAttribute("aria-invalid", "true");
      const msg = String(err.message || err);
      const col = /col (\d+)/.exec(msg);
      // A caret under the column the engine named.
      fill(e.qerr, col ? `${q}\n${" ".repeat(Math.max(0, Number(col[1]) - 1))}^\n` : "", msg);
      e.qerr.hidden = false;
    }
    this.#refilter();
  }

  nextMatch(dir) {
    if (!this.matches?.length) return;
    const n = this.matches.length;
    this.matchAt = this.matchAt < 0 ? (dir > 0 ? 0 : n - 1) : (this.matchAt + dir + n) % n;
    this.el.count.textContent = `${fmtInt(this.matchAt + 1)} of ${fmtInt(n)}`;
    this.select(this.matches[this.matchAt]);
  }

  setMatchesOnly(on) {
    this.matchesOnly = on;
    this.#refilter();
  }
  setErrorsOnly(on) {
    this.errorsOnly = on;
    this.#refilter();
  }
  async setCritical(on) {
    this.showCritical = on;
    if (on && this.doc) {
      const set = new Uint8Array(this.doc.spanCount);
      const traces = this.trace >= 0 ? [this.trace] : this.doc.traces.slice(0, 200).map((_, i) => i);
      for (const t of traces) for (const seg of await this.doc.criticalPath(t)) set[seg.span] = 1;
      this.critSet = set;
    }
    this.schedule();
  }
  async setSkew(adjusted) {
    const source = (await this.source) ?? (this.url && (await bodyOf(await fetch(this.url), false)));
    if (!source) return;
    const doc = await this.#load(this.sl, source, { adjustSkew: adjusted });
    const old = this.doc;
    const keep = { t0: this.t0, t1: this.t1, trace: this.trace };
    this.reset();
    await this.#use(doc);
    this.el.skewLabel.hidden = false;
    Object.assign(this, keep);
    old?.free().catch(() => {});
    this.schedule();
  }

  /**
   * "Only" filters show just the kept spans (matches or errors) and the
   * path to them; the path's own spans are dimmed.
   */
  async #refilter() {
    this.errSet = null;
    const parts = [];
    if (this.matchesOnly && this.matchSet) parts.push(`(${this.lastQuery})`);
    if (this.errorsOnly) {
      parts.push("status:error");
      const t = await this.ensureTree();
      if (!t) return;
      const set = new Uint8Array(t.flags.length);
      for (let i = 0; i < set.length; i++) if (t.flags[i] & TREE.failed) set[i] = 1;
      this.errSet = set;
    }
    // The engine keeps the filter's matches and the path to them (the
    // layout's filter); the viewer only says which.
    this.filter = parts.join(" OR ");
    this.firstRow = Math.min(this.firstRow, Math.max(0, this.totalRows - 1));
    this.schedule();
  }

  // ---- tabs ----

  async showTab(id) {
    for (const b of this.el.tabs.children) b.setAttribute("aria-selected", String(b.dataset.tab === id));
    for (const p of [this.el.timeline, this.el.summary, this.el.graph, this.el.compare]) p.hidden = p.dataset.pane !== id;
    this.tab = id;
    if (!this.doc) return;
    if (id === "timeline") this.schedule();
    if (id === "summary" && !this.el.summary.firstChild) {
      this.el.summary.append(h("div", { class: "empty" }, "Computing statistics…"));
      const s = await this.doc.summary();
      renderSummary(this.el.summary, s, { bytes: this.size, format: this.doc.format });
    }
    if (id === "graph" && !this.el.graph.firstChild) {
      this.el.graph.append(h("div", { class: "empty" }, "Folding the call graph…"));
      const g = await this.doc.agentGraph();
      this.graphNode = g.node;
      renderGraph(this.el.graph, g, (node) => this.highlightNode(node));
    }
  }

  highlightNode(node) {
    const map = this.graphNode;
    const spans = [];
    for (let i = 0; i < map.length; i++) if (map[i] === node) spans.push(i);
    this.matches = Int32Array.from(spans);
    const set = new Uint8Array(map.length);
    for (const s of spans) set[s] = 1;
    this.matchSet = set;
    this.matchAt = -1;
    this.lastQuery = this.el.q.value = "";
    this.el.count.textContent = `${fmtInt(spans.length)} span${spans.length === 1 ? "" : "s"} of the node`;
    this.showTab("timeline");
    this.#refilter();
    if (spans.length) this.nextMatch(1);
  }

  async compareWith(source, name) {
    const out = this.el.cmpOut;
    fill(out, h("div", { class: "empty" }, "Loading trace B…"));
    try {
      let input = source;
      if (typeof Blob !== "undefined" && source instanceof Blob) input = new Uint8Array(await source.arrayBuffer());
      else if (typeof source === "string") input = await fetch(source);
      this.other?.free().catch(() => {});
      this.other = await this.sl.load(input);
      const c = await this.doc.compare(this.other, { trace: Math.max(0, this.trace), otherTrace: 0 });
      renderCompare(out, c, { nameA: this.name, nameB: name || "B" });
    } catch (err) {
      fill(out, h("div", { class: "status error" }, `Could not compare: ${err.message || err}`));
    }
  }

  // ---- input ----

  #hit(x, y) {
    const lay = this.lay;
    if (!lay) return null;
    const treeW = this.view === "flame" ? 0 : TREE_W;
    const row = Math.floor((y - AXIS_H) / this.rowH) + this.firstRow;
    if (y < AXIS_H) return null;
    let best = null;
    for (let k = 0; k < lay.span.length; k++) {
      if (lay.row[k] !== row) continue;
      if (this.view === "waterfall") {
        const inBar = x >= treeW + lay.x[k] - 2 && x <= treeW + lay.x[k] + Math.max(lay.w[k], 1) + 2;
        return { k, row, span: lay.span[k], inTree: x < treeW, inBar, arrow: x < treeW && lay.flags[k] & BAR.parent && x >= 2 + lay.depth[k] * INDENT && x < 20 + Math.min(lay.depth[k], 40) * INDENT };
      }
      if (x >= lay.x[k] && x <= lay.x[k] + Math.max(lay.w[k], 1)) best = { k, row, span: lay.span[k], inBar: true };
    }
    return best;
  }

  #tooltip(hit, ev) {
    const tip = this.el.tooltip;
    if (!hit || !(hit.inBar || hit.inTree)) {
      tip.hidden = true;
      return;
    }
    const lay = this.lay;
    const s = hit.span;
    const name = this.names.names[this.names.name[s]];
    const svc = this.names.services[this.names.service[s]];
    const fl = lay.flags[hit.k];
    let dur;
    if (fl & BAR.dense) dur = `${fmtInt(lay.count[hit.k])} spans merged (zoom in to separate)`;
    else if (this.tree) dur = `${fmtDur(this.tree.end[s] - this.tree.start[s])} · starts at ${fmtDur(this.tree.start[s] - this.traceRange()[0])}`;
    else dur = "";
    fill(tip, h("div", { class: "t" }, name || "(unnamed)"), h("div", { class: "m" }, svc, fl & BAR.error ? " · error" : "", dur ? ` · ${dur}` : ""));
    tip.hidden = false;
    const r = this.el.chartwrap.getBoundingClientRect();
    const x = ev.clientX - r.left;
    const y = ev.clientY - r.top;
    tip.style.left = `${Math.min(x + 14, r.width - Math.min(tip.offsetWidth, 420) - 4)}px`;
    tip.style.top = `${y + 18 > r.height - 50 ? y - 46 : y + 18}px`;
  }

  #wire() {
    const cv = this.el.chart;
    const treeW = () => (this.view === "flame" ? 0 : TREE_W);
    let drag = null;
    cv.addEventListener("mousemove", (ev) => {
      const r = cv.getBoundingClientRect();
      const x = ev.clientX - r.left;
      const y = ev.clientY - r.top;
      this.mouseX = x - treeW();
      if (drag) {
        const dx = ev.clientX - drag.x;
        const dy = ev.clientY - drag.y;
        if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
        if (drag.scrollbar) {
          const sh = r.height - AXIS_H;
          this.firstRow = Math.max(0, Math.min(this.totalRows - this.visibleRows + 1, Math.round(drag.row + (dy / sh) * this.totalRows)));
          this.schedule();
          return;
        }
        const dt = (-dx * (drag.t1 - drag.t0)) / this.chartW;
        this.setWindow(drag.t0 + dt, drag.t1 + dt);
        const rowDelta = Math.round(-dy / this.rowH);
        const max = Math.max(0, this.totalRows - this.visibleRows + 1);
        this.firstRow = Math.max(0, Math.min(max, drag.row + rowDelta));
        this.el.tooltip.hidden = true;
        return;
      }
      const hit = this.#hit(x, y);
      const row = hit ? hit.row : -1;
      if (row !== this.hoverRow) {
        this.hoverRow = row;
        this.schedule();
      }
      cv.style.cursor = hit?.arrow ? "pointer" : "default";
      this.#tooltip(hit, ev);
    });
    cv.addEventListener("mouseleave", () => {
      this.hoverRow = -1;
      this.mouseX = -1;
      this.el.tooltip.hidden = true;
      this.schedule();
    });
    cv.addEventListener("mousedown", (ev) => {
      if (ev.button !== 0) return;
      const r = cv.getBoundingClientRect();
      drag = { x: ev.clientX, y: ev.clientY, t0: this.t0, t1: this.t1, row: this.firstRow, moved: false, scrollbar: ev.clientX - r.left > r.width - SCROLL_W };
      cv.classList.add("dragging");
    });
    window.addEventListener("mouseup", (ev) => {
      if (!drag) return;
      const d = drag;
      drag = null;
      cv.classList.remove("dragging");
      if (d.moved || d.scrollbar) return;
      const r = cv.getBoundingClientRect();
      const hit = this.#hit(ev.clientX - r.left, ev.clientY - r.top);
      if (!hit) return;
      if (hit.arrow) this.toggle(hit.span);
      else this.select(hit.span, { scroll: false });
    });
    cv.addEventListener("dblclick", (ev) => {
      const r = cv.getBoundingClientRect();
      const hit = this.#hit(ev.clientX - r.left, ev.clientY - r.top);
      if (hit && !hit.arrow) this.fitSpan(hit.span);
    });
    cv.addEventListener(
      "wheel",
      (ev) => {
        ev.preventDefault();
        const r = cv.getBoundingClientRect();
        const x = ev.clientX - r.left - treeW();
        const dy = ev.deltaMode === 1 ? ev.deltaY * 16 : ev.deltaY;
        const dx = ev.deltaMode === 1 ? ev.deltaX * 16 : ev.deltaX;
        if (ev.ctrlKey || ev.metaKey || ev.clientY - r.top < AXIS_H) {
          // Pinch on a trackpad arrives as ctrl+wheel.
          this.zoom(Math.exp(dy * 0.0025), x);
        } else if (ev.shiftKey || Math.abs(dx) > Math.abs(dy)) {
          this.pan((ev.shiftKey ? dy : dx) / this.chartW);
        } else {
          this.wheelRows = (this.wheelRows || 0) + dy / this.rowH;
          const whole = Math.trunc(this.wheelRows);
          if (whole) {
            this.wheelRows -= whole;
            this.scrollRows(whole);
          }
        }
      },
      { passive: false },
    );
    // Keys act when the viewer has focus (the chart, or any control but the search box).
    this.root.addEventListener("keydown", (ev) => this.#key(ev));
    this.host.addEventListener("keydown", (ev) => ev.composedPath()[0] === this.host && this.#key(ev));

    // Minimap: click to centre, drag to move the window.
    const mm = this.el.minimap;
    let mdrag = null;
    const mmT = (ev) => ((ev.clientX - mm.getBoundingClientRect().left) / mm.clientWidth) * (this.docEnd || 1);
    mm.addEventListener("mousedown", (ev) => {
      const t = mmT(ev);
      const span = this.t1 - this.t0;
      if (t < this.t0 || t > this.t1) this.setWindow(t - span / 2, t + span / 2);
      mdrag = { t, t0: this.t0, t1: this.t1 };
      ev.preventDefault();
    });
    window.addEventListener("mousemove", (ev) => {
      if (!mdrag) return;
      const d = mmT(ev) - mdrag.t;
      this.setWindow(mdrag.t0 + d, mdrag.t1 + d);
    });
    window.addEventListener("mouseup", () => (mdrag = null));
    this.ro = new ResizeObserver(() => {
      this.schedule();
      if (this.doc) this.#drawMinimap(true);
    });
    this.ro.observe(this.el.chartwrap);
    window.matchMedia?.("(prefers-color-scheme: dark)").addEventListener?.("change", () => this.schedule());
  }

  #key(ev) {
    const t = ev.composedPath()[0];
    if (t instanceof HTMLInputElement || t instanceof HTMLSelectElement) return;
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const k = ev.key;
    const act = {
      w: () => this.zoom(1 / ZOOM_STEP),
      s: () => this.zoom(ZOOM_STEP),
      a: () => this.pan(-0.15),
      d: () => this.pan(0.15),
      "[": () => this.collapseLevel(-1),
      "]": () => this.collapseLevel(1),
      "/": () => this.el.q.focus(),
      Escape: () => {
        this.fit();
        this.select(-1);
      },
      ArrowDown: () => this.#moveSel(1),
      ArrowUp: () => this.#moveSel(-1),
      ArrowLeft: () => this.#sideSel(-1),
      ArrowRight: () => this.#sideSel(1),
      Enter: () => this.fitSelected(),
      PageDown: () => this.scrollRows(this.visibleRows - 1),
      PageUp: () => this.scrollRows(-(this.visibleRows - 1)),
      Home: () => this.#selRow(0),
      End: () => this.#selRow(this.totalRows - 1),
    }[k.length === 1 ? k.toLowerCase() : k];
    if (!act || this.tab !== undefined && this.tab !== "timeline") return;
    ev.preventDefault();
    // Key repeats queue up, so each step starts from the last one's selection.
    this.keyQ = (this.keyQ || Promise.resolve()).then(act, act);
  }

  /** Selects the span on a waterfall row, scrolling it into view. */
  async #selRow(row) {
    if (this.view !== "waterfall" || !this.doc) return;
    row = Math.max(0, Math.min(this.totalRows - 1, row));
    const lay = await this.doc.layout({ ...this.frameReq, collapsed: this.frameReq.collapsed, firstRow: row, rows: 1 });
    if (!lay.span.length) return;
    const vis = this.visibleRows;
    if (row < this.firstRow) this.firstRow = row;
    else if (row >= this.firstRow + vis - 1) this.firstRow = row - vis + 2;
    this.select(lay.span[0], { scroll: false });
  }

  async #moveSel(d) {
    if (this.selected < 0) return this.#selRow(this.firstRow);
    const row = await this.rowOf(this.selected);
    return this.#selRow(row + d);
  }

  /** Left folds the selected span or goes to its parent; right unfolds it or goes to its first child. */
  async #sideSel(d) {
    const s = this.selected;
    if (s < 0) return d < 0 ? this.pan(-0.15) : this.pan(0.15);
    const t = await this.ensureTree();
    if (!t) return;
    if (d < 0) {
      if (t.childCount[s] > 0 && !this.collapsed.has(s)) return this.toggle(s);
      if (t.parent[s] >= 0) return this.select(t.parent[s]);
    } else {
      if (this.collapsed.has(s)) return this.toggle(s);
      if (t.childCount[s] > 0) return this.#moveSel(1);
    }
  }

  /** Frees the documents and stops observing. */
  destroy() {
    this.ro?.disconnect();
    this.doc?.free().catch(() => {});
    this.other?.free().catch(() => {});
    this.doc = null;
  }
}

/**
 * A download to stream into the engine: its body, its size when the
 * server said, and, with `copy`, a Blob copy of it (the other half of a
 * tee) for the skew toggle to decode again.
 */
async function bodyOf(resp, copy) {
  if (!resp.ok) throw new Error(`${resp.url || "fetch"}: ${resp.status} ${resp.statusText}`);
  if (!resp.body) return new Uint8Array(await resp.arrayBuffer());
  const size = Math.max(bodySize(resp), 0);
  if (!copy) return { download: resp.body, size, blob: null };
  const [stream, rest] = resp.body.tee();
  return { download: stream, size, blob: new Response(rest).blob() };
}
