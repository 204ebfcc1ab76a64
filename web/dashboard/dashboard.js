// The `make run` dashboard: bundled samples, your own files (picker,
// drag-and-drop, paste) and ?src=URL, opened in the spanlens viewer. The
// engine is the WebAssembly module in a Web Worker, or the native server
// (`spanlens serve`'s /api) for files too big for a tab.

import { init } from "../src/index.js";
import { mount } from "../src/viewer/index.js";

/** The bundled samples (cmd/build copies them into dist/samples/). */
const SAMPLES = [
  { id: "agent", file: "multi_agent.jsonl", title: "AI agent run", desc: "A research agent with sub-agents, LLM calls and tools: tokens and cost per step.", format: "spanforge" },
  { id: "genai", file: "genai-agent.json", title: "GenAI agent (OTLP)", desc: "OpenTelemetry GenAI conventions: an agent invoking models and tools.", format: "otlp-json" },
  { id: "hotrod", file: "hotrod.json", title: "Microservice request", desc: "Jaeger's HotROD: a ride request across services, with a failing call.", format: "jaeger" },
  { id: "chrome", file: "node-fs-timers.json", title: "Chrome trace", desc: "A Node.js profile of file-system calls and timers (Chrome trace events).", format: "chrome" },
  { id: "large", file: "generated-100k.json", title: "100,000 spans", desc: "A generated trace set: 100 request trees of 1,000 spans. Stays smooth.", format: "otlp-json" },
];

const $ = (id) => document.getElementById(id);
const viewerEl = $("viewer");
const params = new URLSearchParams(location.search);
const engineSel = $("engine");
engineSel.value = params.get("engine") === "server" ? "server" : "worker";

let engineP = null;
function engine() {
  if (!engineP) {
    engineP = engineSel.value === "server" ? init({ url: new URL("../api", location.href).href }) : init({ worker: true }).catch(() => init());
  }
  return engineP;
}
engineSel.addEventListener("change", () => {
  const u = new URL(location.href);
  if (engineSel.value === "server") u.searchParams.set("engine", "server");
  else u.searchParams.delete("engine");
  location.href = u.href; // a new engine holds no documents: start afresh
});

let viewer = null;
const recent = [];

async function open(source, name, { sample } = {}) {
  $("landing").hidden = true;
  viewerEl.hidden = false;
  $("current").textContent = name;
  document.title = `${name} — spanlens`;
  for (const b of document.querySelectorAll(".list button")) b.setAttribute("aria-current", String(b.dataset.name === name));
  viewer ??= await mount(viewerEl, null, { spanlens: engine() });
  try {
    await viewer.open(source, { name });
    if (!sample && !recent.some((r) => r.name === name)) addRecent(name, source);
  } catch {
    // The viewer shows the error in place; the dashboard keeps working.
  }
}

function addRecent(name, source) {
  recent.unshift({ name, source });
  const ul = $("recent");
  ul.replaceChildren();
  for (const r of recent.slice(0, 8)) {
    const b = document.createElement("button");
    b.type = "button";
    b.dataset.name = r.name;
    const t = document.createElement("span");
    t.className = "t";
    t.textContent = r.name;
    b.append(t);
    b.addEventListener("click", () => open(r.source, r.name));
    const li = document.createElement("li");
    li.append(b);
    ul.append(li);
  }
}

function sampleURL(s) {
  return new URL(`../dist/samples/${s.file}`, location.href).href;
}

function openSample(s) {
  const u = new URL(location.href);
  u.searchParams.delete("src");
  u.searchParams.set("sample", s.id);
  history.replaceState(null, "", u);
  return open(sampleURL(s), s.title, { sample: true });
}

for (const s of SAMPLES) {
  const li = document.createElement("li");
  const b = document.createElement("button");
  b.type = "button";
  b.dataset.name = s.title;
  b.dataset.sample = s.id;
  const t = document.createElement("span");
  t.className = "t";
  t.textContent = s.title;
  const d = document.createElement("span");
  d.className = "d";
  d.textContent = s.format;
  b.append(t, d);
  b.addEventListener("click", () => openSample(s));
  li.append(b);
  $("samples").append(li);

  const c = document.createElement("button");
  c.type = "button";
  c.className = "card";
  c.dataset.sample = s.id;
  for (const [cls, text] of [["t", s.title], ["d", s.desc], ["f", s.format]]) {
    const x = document.createElement("span");
    x.className = cls;
    x.textContent = text;
    c.append(x);
  }
  c.addEventListener("click", () => openSample(s));
  $("cards").append(c);
}

// Your own files.
const file = $("file");
const pick = () => file.click();
$("open").addEventListener("click", pick);
$("open2").addEventListener("click", pick);
file.addEventListener("change", () => {
  const f = file.files[0];
  if (f) open(f, f.name);
  file.value = "";
});

let depth = 0;
window.addEventListener("dragenter", (e) => {
  if (!e.dataTransfer?.types.includes("Files")) return;
  depth++;
  $("dropveil").hidden = false;
});
window.addEventListener("dragleave", () => {
  if (--depth <= 0) {
    depth = 0;
    $("dropveil").hidden = true;
  }
});
window.addEventListener("dragover", (e) => e.preventDefault());
window.addEventListener("drop", (e) => {
  e.preventDefault();
  depth = 0;
  $("dropveil").hidden = true;
  const f = e.dataTransfer?.files[0];
  if (f) open(f, f.name);
});

const box = $("pastebox");
$("paste").addEventListener("click", () => {
  $("pastetext").value = "";
  box.showModal();
});
box.addEventListener("close", () => {
  const text = $("pastetext").value;
  if (box.returnValue === "ok" && text.trim()) open(new TextEncoder().encode(text), `pasted (${text.length.toLocaleString("en-US")} chars)`);
});
// Pasting anywhere outside a text field opens what was pasted.
document.addEventListener("paste", (e) => {
  const t = e.composedPath()[0];
  if (t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement) return;
  const f = e.clipboardData?.files[0];
  const text = e.clipboardData?.getData("text");
  if (f) open(f, f.name);
  else if (text?.trim()) open(new TextEncoder().encode(text), `pasted (${text.length.toLocaleString("en-US")} chars)`);
});

engine().then((sl) => {
  $("formats").textContent = `Formats: ${sl.formats.join(", ")}. spanlens ${sl.version}.`;
});

const src = params.get("src");
const sample = SAMPLES.find((s) => s.id === params.get("sample"));
// ?trace=ID opens a trace stored by the server this page came from (a
// Worker with a KV or R2 binding keeps what its /v1/traces receives).
const stored = params.get("trace");
if (src) open(src, src.split("/").pop().split("?")[0] || src);
else if (stored && /^[0-9a-f]{32}$/i.test(stored)) open(new URL(`/traces/${stored}`, location.href).href, `trace ${stored}`);
else if (sample) openSample(sample);
