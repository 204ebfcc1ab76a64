// The canvas drawing of one viewport: the tree column, the time axis, the
// bars and the minimap. Everything drawn comes from the arrays the engine
// returned for this viewport (layout bars, overview columns) and the names
// tables, so a frame costs the same for a million spans as for a thousand.

import { fmtDur } from "./dom.js";

/** Bar flags (docs/protocol.md, layout). */
export const BAR = { error: 1, selected: 2, critical: 4, match: 8, dense: 16, collapsed: 32, parent: 64, offscreen: 128 };
/** Tree flags (docs/protocol.md, tree). */
export const TREE = { orphan: 1, duplicate: 2, cycle: 4, skew: 8, adjusted: 16, failed: 32 };

export const AXIS_H = 26;
export const ROW_H = 22;
export const LANE_H = 20;
export const INDENT = 12;
export const SCROLL_W = 10;

/** Reads the theme's colours from the host's custom properties. */
export function themeColors(host) {
  const cs = getComputedStyle(host);
  const v = (k) => cs.getPropertyValue(k).trim();
  const dark = cs.getPropertyValue("color-scheme").trim() === "dark";
  return {
    dark,
    bg: v("--bg"), panel: v("--panel"), border: v("--border"), text: v("--text"), muted: v("--muted"),
    rowAlt: v("--row-alt"), select: v("--select"), hover: v("--hover"), match: v("--match"),
    critical: v("--critical"), error: v("--error"), grid: v("--grid"), accent: v("--accent"),
  };
}

/** Sizes a canvas's backing store for the device pixel ratio; returns its 2D context in CSS pixels. */
export function fitCanvas(canvas) {
  const dpr = window.devicePixelRatio || 1;
  const w = Math.max(1, canvas.clientWidth);
  const hgt = Math.max(1, canvas.clientHeight);
  const bw = Math.round(w * dpr);
  const bh = Math.round(hgt * dpr);
  if (canvas.width !== bw || canvas.height !== bh) {
    canvas.width = bw;
    canvas.height = bh;
  }
  const ctx = canvas.getContext("2d");
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  return { ctx, w, h: hgt };
}

/** Shortens text to fit maxW pixels with an ellipsis (binary search on length). */
export function ellipsize(ctx, text, maxW) {
  if (maxW <= 8) return "";
  if (ctx.measureText(text).width <= maxW) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ctx.measureText(text.slice(0, mid) + "…").width <= maxW) lo = mid;
    else hi = mid - 1;
  }
  return lo ? text.slice(0, lo) + "…" : "";
}

/**
 * Draws one frame of the chart.
 * @param {object} f everything the frame needs: ctx, w, h, theme, lay (the layout), view, treeW, firstRow,
 *   names, palette, tree (optional), marks {match, critical, dim}, hoverRow, selected, t0, t1
 */
export function drawChart(f) {
  const { ctx, w, h, theme: c, lay, names, palette } = f;
  const flame = f.view === "flame";
  const rowH = flame ? LANE_H : ROW_H;
  const treeW = flame ? 0 : f.treeW;
  const x0 = treeW;
  const cw = f.chartW;
  ctx.clearRect(0, 0, w, h);
  ctx.fillStyle = c.bg;
  ctx.fillRect(0, 0, w, h);
  ctx.font = "12px system-ui, -apple-system, Segoe UI, Roboto, Ubuntu, sans-serif";
  ctx.textBaseline = "middle";

  const n = lay ? lay.span.length : 0;
  // Row backgrounds: zebra, hover and selection, across both columns.
  if (!flame && lay) {
    for (let k = 0; k < n; k++) {
      const y = AXIS_H + (lay.row[k] - f.firstRow) * rowH;
      const s = lay.span[k];
      if (s === f.selected) ctx.fillStyle = c.select;
      else if (lay.row[k] === f.hoverRow) ctx.fillStyle = c.hover;
      else if (lay.row[k] % 2) ctx.fillStyle = c.rowAlt;
      else continue;
      ctx.fillRect(0, y, w, rowH);
    }
  }

  // Grid lines under the bars.
  ctx.strokeStyle = c.grid;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (const t of lay?.ticks || []) {
    const x = Math.round(x0 + t.x) + 0.5;
    ctx.moveTo(x, AXIS_H);
    ctx.lineTo(x, h);
  }
  ctx.stroke();

  ctx.save();
  ctx.beginPath();
  ctx.rect(x0, AXIS_H, cw, h - AXIS_H);
  ctx.clip();
  const dimmed = f.marks.dim;
  const spanNs = f.t1 - f.t0;
  for (let k = 0; k < n; k++) {
    const s = lay.span[k];
    const fl = lay.flags[k];
    const y = AXIS_H + (lay.row[k] - f.firstRow) * rowH;
    if (y > h || y + rowH < AXIS_H) continue;
    const bx = x0 + lay.x[k];
    const bw = Math.max(lay.w[k], 1);
    const by = y + (flame ? 1 : 4);
    const bh = rowH - (flame ? 2 : 8);
    const isMatch = f.marks.match?.[s] === 1;
    const isCrit = f.marks.critical?.[s] === 1;
    const dim = dimmed && !isMatch;
    const color = fl & BAR.error ? palette.error : palette.colors[lay.color[k]] || c.muted;
    ctx.globalAlpha = dim ? 0.25 : fl & BAR.dense ? 0.6 : 1;
    if (!(fl & BAR.offscreen) || flame) {
      ctx.fillStyle = color;
      ctx.fillRect(bx, by, bw, bh);
      if (fl & BAR.dense && bw > 3) {
        // Dense blocks get a hatch so they read as "many", not "one long".
        ctx.strokeStyle = c.bg;
        ctx.globalAlpha = 0.35;
        ctx.beginPath();
        for (let hx = bx - bh; hx < bx + bw; hx += 5) {
          ctx.moveTo(Math.max(hx, bx), by + Math.max(0, bx - hx));
          ctx.lineTo(Math.min(hx + bh, bx + bw), by + bh - Math.max(0, hx + bh - (bx + bw)));
        }
        ctx.stroke();
      }
      ctx.globalAlpha = 1;
      if (isCrit) {
        ctx.fillStyle = c.critical;
        ctx.fillRect(bx, by + bh - 3, bw, 3);
      }
      if (isMatch || s === f.selected) {
        ctx.strokeStyle = s === f.selected ? c.accent : c.match;
        ctx.lineWidth = 2;
        ctx.strokeRect(bx - 1, by - 1, bw + 2, bh + 2);
        ctx.lineWidth = 1;
      }
      // Labels: inside a flame box, or the duration beside a waterfall bar.
      if (flame) {
        if (bw > 28) {
          ctx.fillStyle = textOn(color);
          const label = fl & BAR.dense ? `${lay.count[k]} spans` : names.names[names.name[s]];
          ctx.fillText(ellipsize(ctx, label, bw - 6), bx + 3, y + rowH / 2);
        }
      } else {
        let label = "";
        if (fl & BAR.dense) label = `${lay.count[k]} spans`;
        else if (f.tree) label = fmtDur(f.tree.end[s] - f.tree.start[s]);
        else if (cw > 0) label = fmtDur((lay.w[k] * spanNs) / cw);
        if (f.tree && f.tree.flags[s] & TREE.adjusted) label += " ⇆";
        if (label) {
          ctx.fillStyle = c.muted;
          const tw = ctx.measureText(label).width;
          const after = bx + bw + 4;
          if (after + tw < x0 + cw) ctx.fillText(label, after, y + rowH / 2);
          else if (bw > tw + 8) {
            ctx.fillStyle = textOn(color);
            ctx.fillText(label, bx + bw - tw - 4, y + rowH / 2);
          } else ctx.fillText(label, Math.max(x0 + 2, bx - tw - 4), y + rowH / 2);
        }
      }
    } else {
      // The row is shown but its bar lies outside the window: an arrow at
      // the edge tells which way it is.
      ctx.fillStyle = c.muted;
      ctx.fillText(lay.x[k] < 0 ? "◂" : "▸", lay.x[k] < 0 ? x0 + 2 : x0 + cw - 10, y + rowH / 2);
    }
    ctx.globalAlpha = 1;
  }
  ctx.restore();

  if (!flame) drawTreeColumn(f, rowH, n);
  else drawTracks(f, rowH);

  // The axis on top.
  ctx.fillStyle = c.panel;
  ctx.fillRect(0, 0, w, AXIS_H);
  ctx.strokeStyle = c.border;
  ctx.beginPath();
  ctx.moveTo(0, AXIS_H - 0.5);
  ctx.lineTo(w, AXIS_H - 0.5);
  if (!flame) {
    ctx.moveTo(treeW - 0.5, 0);
    ctx.lineTo(treeW - 0.5, h);
  }
  ctx.stroke();
  ctx.fillStyle = c.muted;
  if (!flame) ctx.fillText(f.treeLabel || "Span", 10, AXIS_H / 2);
  for (const t of lay?.ticks || []) {
    const x = Math.round(x0 + t.x) + 0.5;
    ctx.strokeStyle = c.border;
    ctx.beginPath();
    ctx.moveTo(x, AXIS_H - 6);
    ctx.lineTo(x, AXIS_H);
    ctx.stroke();
    if (x + 4 < x0 + cw - 20) ctx.fillText(t.label, x + 4, AXIS_H / 2);
  }

  // The vertical scrollbar.
  const total = lay?.rows || 0;
  const visible = Math.max(1, Math.floor((h - AXIS_H) / rowH));
  if (total > visible) {
    const sh = h - AXIS_H;
    const th = Math.max(24, (sh * visible) / total);
    const ty = AXIS_H + ((sh - th) * f.firstRow) / Math.max(1, total - visible);
    ctx.fillStyle = c.grid;
    ctx.fillRect(w - SCROLL_W, AXIS_H, SCROLL_W, sh);
    ctx.fillStyle = c.muted;
    ctx.globalAlpha = 0.5;
    ctx.fillRect(w - SCROLL_W + 2, ty, SCROLL_W - 4, th);
    ctx.globalAlpha = 1;
  }
}

function drawTreeColumn(f, rowH, n) {
  const { ctx, theme: c, lay, names, palette } = f;
  const treeW = f.treeW;
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, AXIS_H, treeW - 1, f.h - AXIS_H);
  ctx.clip();
  for (let k = 0; k < n; k++) {
    const s = lay.span[k];
    const fl = lay.flags[k];
    const y = AXIS_H + (lay.row[k] - f.firstRow) * rowH;
    const mid = y + rowH / 2;
    let x = 6 + Math.min(lay.depth[k], 40) * INDENT;
    ctx.globalAlpha = f.marks.dim && f.marks.match?.[s] !== 1 ? 0.5 : 1;
    if (fl & BAR.parent) {
      ctx.fillStyle = c.muted;
      ctx.fillText(fl & BAR.collapsed ? "▸" : "▾", x, mid);
    }
    x += 12;
    const svc = names.service[s];
    ctx.fillStyle = palette.colors[names.serviceColors[svc]] || c.muted;
    ctx.fillRect(x, y + 6, 4, rowH - 12);
    x += 8;
    const failed = fl & BAR.error;
    let suffix = "";
    if (fl & BAR.parent && f.tree) suffix = ` (${f.tree.childCount[s]})`;
    const name = names.names[names.name[s]] || "(unnamed)";
    const service = names.services[svc];
    ctx.fillStyle = failed ? c.error : c.text;
    const room = treeW - x - 8;
    const nameText = ellipsize(ctx, name, room - ctx.measureText(suffix).width);
    ctx.fillText(nameText, x, mid);
    let nx = x + ctx.measureText(nameText).width;
    if (suffix) {
      ctx.fillStyle = c.muted;
      ctx.fillText(suffix, nx, mid);
      nx += ctx.measureText(suffix).width;
    }
    if (service && nx + 30 < treeW - 8) {
      ctx.fillStyle = c.muted;
      ctx.fillText(ellipsize(ctx, " " + service, treeW - 8 - nx), nx, mid);
    }
  }
  ctx.globalAlpha = 1;
  ctx.restore();
}

/** Black or white text, whichever reads better on a #rrggbb fill. */
function textOn(hex) {
  const v = parseInt(hex.slice(1), 16);
  const r = (v >> 16) & 255;
  const g = (v >> 8) & 255;
  const b = v & 255;
  return 0.299 * r + 0.587 * g + 0.114 * b > 150 ? "#111" : "#fff";
}

/**
 * Draws the minimap: span density per column (errors on top) across the
 * document, and the visible window.
 */
export function drawMinimap(m) {
  const { ctx, w, h, theme: c, ov } = m;
  ctx.clearRect(0, 0, w, h);
  ctx.fillStyle = c.panel;
  ctx.fillRect(0, 0, w, h);
  if (ov) {
    const cols = ov.active.length;
    let max = 1;
    for (let i = 0; i < cols; i++) max = Math.max(max, ov.active[i]);
    const sx = w / cols;
    ctx.fillStyle = c.accent;
    ctx.globalAlpha = 0.55;
    for (let i = 0; i < cols; i++) {
      const v = ov.active[i];
      if (!v) continue;
      const bh = Math.max(1, (Math.sqrt(v) / Math.sqrt(max)) * (h - 6));
      ctx.fillRect(i * sx, h - bh, Math.max(sx, 1), bh);
    }
    ctx.fillStyle = c.error;
    ctx.globalAlpha = 0.9;
    for (let i = 0; i < cols; i++) {
      if (ov.errors[i]) ctx.fillRect(i * sx, 0, Math.max(sx, 1), 3);
    }
    ctx.globalAlpha = 1;
  }
  // The window: the rest is shaded.
  const a = m.x(m.t0);
  const b = Math.max(a + 2, m.x(m.t1));
  ctx.fillStyle = c.dark ? "rgba(0,0,0,.45)" : "rgba(15,23,42,.12)";
  ctx.fillRect(0, 0, Math.max(0, a), h);
  ctx.fillRect(b, 0, Math.max(0, w - b), h);
  ctx.strokeStyle = c.accent;
  ctx.lineWidth = 2;
  ctx.strokeRect(a + 1, 1, b - a - 2, h - 2);
  ctx.lineWidth = 1;
}

// drawTracks labels the flame's bands when it has several (a Chrome
// trace's processes and threads, or traces and services): a rule at each
// band's top lane and its name on a plate, as Perfetto heads its tracks.
function drawTracks(f, rowH) {
  const { ctx, theme: c, lay, w, h } = f;
  const tracks = lay?.tracks || [];
  if (tracks.length < 2) return;
  ctx.save();
  ctx.font = "11px system-ui, -apple-system, Segoe UI, Roboto, Ubuntu, sans-serif";
  for (const t of tracks) {
    const y = AXIS_H + (t.firstLane - f.firstRow) * rowH;
    if (y + rowH < AXIS_H || y > h) continue;
    ctx.strokeStyle = c.border;
    ctx.beginPath();
    ctx.moveTo(0, Math.round(y) + 0.5);
    ctx.lineTo(w, Math.round(y) + 0.5);
    ctx.stroke();
    const label = ellipsize(ctx, t.label, Math.min(320, w / 2));
    const tw = ctx.measureText(label).width;
    ctx.fillStyle = c.panel;
    ctx.globalAlpha = 0.9;
    ctx.fillRect(2, y + 1, tw + 10, 14);
    ctx.globalAlpha = 1;
    ctx.fillStyle = c.muted;
    ctx.fillText(label, 7, y + 8);
  }
  ctx.restore();
}
