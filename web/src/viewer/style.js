// The viewer's stylesheet, applied inside its shadow root so that a host
// page's CSS neither breaks it nor is broken by it. Colours are custom
// properties; the canvas reads the same properties, so one theme switch
// (prefers-color-scheme, or the theme attribute) repaints everything.

export const css = `
:host {
  --bg: #ffffff; --panel: #f6f7f9; --panel2: #eef0f3; --border: #dfe3e8; --text: #1b2230; --muted: #5f6b7d;
  --accent: #2563eb; --accent-text: #ffffff; --row-alt: #f8f9fb; --select: #dbe7ff; --hover: #eef3ff;
  --match: #e8a100; --critical: #111827; --error: #d62728; --error-bg: #fdecec; --grid: #e9ecf0;
  --focus: #2563eb; --tooltip: #111827; --tooltip-text: #f9fafb; --shadow: 0 1px 3px rgba(16,24,40,.12);
  display: block; position: relative; color: var(--text); background: var(--bg);
  font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, Ubuntu, sans-serif;
  min-height: 320px; height: 600px; overflow: hidden; border: 1px solid var(--border); border-radius: 8px;
  color-scheme: light;
}
@media (prefers-color-scheme: dark) {
  :host(:not([theme=light])) {
    --bg: #12151a; --panel: #191d24; --panel2: #20252e; --border: #2d333d; --text: #e5e9f0; --muted: #9aa5b5;
    --accent: #6ea8ff; --accent-text: #0b1220; --row-alt: #151920; --select: #1e3354; --hover: #1a2538;
    --match: #ffc640; --critical: #f8fafc; --error: #ff5c5c; --error-bg: #3a1d1f; --grid: #232932;
    --focus: #8ab8ff; --tooltip: #f1f5f9; --tooltip-text: #0f172a; --shadow: 0 1px 3px rgba(0,0,0,.5);
    color-scheme: dark;
  }
}
:host([theme=dark]) {
  --bg: #12151a; --panel: #191d24; --panel2: #20252e; --border: #2d333d; --text: #e5e9f0; --muted: #9aa5b5;
  --accent: #6ea8ff; --accent-text: #0b1220; --row-alt: #151920; --select: #1e3354; --hover: #1a2538;
  --match: #ffc640; --critical: #f8fafc; --error: #ff5c5c; --error-bg: #3a1d1f; --grid: #232932;
  --focus: #8ab8ff; --tooltip: #f1f5f9; --tooltip-text: #0f172a; --shadow: 0 1px 3px rgba(0,0,0,.5);
  color-scheme: dark;
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
.root { display: flex; flex-direction: column; height: 100%; }
.bar { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; padding: 6px 8px; border-bottom: 1px solid var(--border); background: var(--panel); }
.bar .sep { width: 1px; height: 20px; background: var(--border); margin: 0 2px; }
.bar .grow { flex: 1; }
button, select, input { font: inherit; color: inherit; }
select { max-width: 280px; }
button, select { background: var(--bg); border: 1px solid var(--border); border-radius: 6px; padding: 3px 9px; cursor: pointer; min-height: 26px; }
button:hover, select:hover { background: var(--hover); }
button[aria-pressed=true] { background: var(--accent); color: var(--accent-text); border-color: var(--accent); }
button:disabled { opacity: .45; cursor: default; }
:focus-visible { outline: 2px solid var(--focus); outline-offset: 1px; }
canvas:focus-visible { outline-offset: -2px; }
.tabs { display: flex; gap: 2px; }
.tabs button { border-radius: 6px; border-color: transparent; background: transparent; }
.tabs button[aria-selected=true] { background: var(--bg); border-color: var(--border); font-weight: 600; }
.search { display: flex; align-items: center; gap: 4px; position: relative; }
.search input { width: 230px; padding: 3px 8px; border: 1px solid var(--border); border-radius: 6px; background: var(--bg); min-height: 26px; }
.search input[aria-invalid=true] { border-color: var(--error); }
.search .count { color: var(--muted); min-width: 64px; font-variant-numeric: tabular-nums; }
.qerr { position: absolute; top: 30px; left: 0; z-index: 5; background: var(--error-bg); color: var(--text); border: 1px solid var(--error); border-radius: 6px; padding: 4px 8px; font: 12px/1.35 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; white-space: pre; box-shadow: var(--shadow); }
.chk { display: inline-flex; align-items: center; gap: 4px; color: var(--muted); cursor: pointer; user-select: none; }
.chk input { margin: 0; accent-color: var(--accent); }
.status { padding: 6px 10px; border-bottom: 1px solid var(--border); font-size: 12px; color: var(--muted); display: flex; gap: 10px; align-items: center; }
.status[hidden] { display: none; }
.status.error { color: var(--text); background: var(--error-bg); border-color: var(--error); white-space: pre-wrap; }
.status progress { width: 180px; }
.main { flex: 1; display: flex; min-height: 0; }
.pane { flex: 1; display: flex; flex-direction: column; min-width: 0; min-height: 0; }
.pane[hidden] { display: none; }
.minimap { height: 44px; border-bottom: 1px solid var(--border); display: block; width: 100%; cursor: pointer; }
.chartwrap { flex: 1; position: relative; min-height: 0; }
.chart { position: absolute; inset: 0; width: 100%; height: 100%; display: block; cursor: default; }
.chart.dragging { cursor: grabbing; }
.tooltip { position: absolute; pointer-events: none; z-index: 10; background: var(--tooltip); color: var(--tooltip-text); padding: 6px 8px; border-radius: 6px; font-size: 12px; max-width: 420px; box-shadow: var(--shadow); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.tooltip[hidden] { display: none; }
.tooltip .t { font-weight: 600; overflow: hidden; text-overflow: ellipsis; }
.tooltip .m { opacity: .8; }
.details { position: relative; width: 380px; border-left: 1px solid var(--border); background: var(--panel); overflow: auto; padding: 10px 12px; flex: none; }
.details[hidden] { display: none; }
.details h3 { margin: 0 24px 2px 0; font-size: 15px; word-break: break-word; }
.details .close { position: absolute; right: 8px; top: 6px; }
.details .sub { color: var(--muted); margin-bottom: 8px; word-break: break-word; }
.details h4 { margin: 12px 0 4px; font-size: 11px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); }
.details table { width: 100%; border-collapse: collapse; font-size: 12px; }
.details td { padding: 2px 4px; vertical-align: top; border-bottom: 1px solid var(--border); word-break: break-word; }
.details td.k { color: var(--muted); width: 38%; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.details td .ty { display: block; color: var(--muted); font-size: 10px; }
.details pre { margin: 2px 0; white-space: pre-wrap; word-break: break-word; font: 11px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.details a, .linkbtn { color: var(--accent); cursor: pointer; text-decoration: underline; background: none; border: 0; padding: 0; min-height: 0; }
.badge { display: inline-block; padding: 0 6px; border-radius: 10px; font-size: 11px; background: var(--panel2); color: var(--muted); margin-right: 4px; }
.badge.err { background: var(--error); color: #fff; }
.badge.ok { background: #1a7f37; color: #fff; }
.scroll { overflow: auto; padding: 12px 14px; flex: 1; }
.scroll h3 { margin: 14px 0 6px; font-size: 14px; }
.scroll h3:first-child { margin-top: 0; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; margin-bottom: 8px; }
.card { background: var(--panel); border: 1px solid var(--border); border-radius: 8px; padding: 8px 12px; min-width: 120px; }
.card .v { font-size: 18px; font-weight: 600; font-variant-numeric: tabular-nums; }
.card .l { color: var(--muted); font-size: 11px; text-transform: uppercase; letter-spacing: .05em; }
table.grid { border-collapse: collapse; width: 100%; font-size: 12px; margin-bottom: 6px; }
table.grid th, table.grid td { padding: 4px 8px; border-bottom: 1px solid var(--border); text-align: left; white-space: nowrap; }
table.grid th { position: sticky; top: 0; background: var(--panel); font-weight: 600; cursor: pointer; user-select: none; }
table.grid th[aria-sort=ascending]::after { content: " ▲"; font-size: 9px; }
table.grid th[aria-sort=descending]::after { content: " ▼"; font-size: 9px; }
table.grid td.num, table.grid th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.grid tr:hover td { background: var(--hover); }
table.grid td.name { max-width: 360px; overflow: hidden; text-overflow: ellipsis; }
.pos { color: var(--error); } .neg { color: #1a7f37; }
.muted { color: var(--muted); }
.graph svg { display: block; max-width: 100%; }
.graph .node rect { fill: var(--panel); stroke: var(--border); rx: 6px; }
.graph .node { cursor: pointer; }
.graph .node:hover rect, .graph .node.on rect { stroke: var(--accent); stroke-width: 2px; }
.graph .node text { fill: var(--text); font-size: 12px; }
.graph .node text.m { fill: var(--muted); font-size: 11px; }
.graph .node.err rect { stroke: var(--error); }
.graph path { fill: none; stroke: var(--muted); stroke-width: 1.2px; }
.graph .edge text { fill: var(--muted); font-size: 10px; }
.empty { color: var(--muted); padding: 24px; text-align: center; }
.help { color: var(--muted); font-size: 11px; }
kbd { font: 11px ui-monospace, monospace; border: 1px solid var(--border); border-bottom-width: 2px; border-radius: 4px; padding: 0 4px; background: var(--bg); }
`;
export const srOnly = "position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;";
