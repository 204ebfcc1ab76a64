// The docs-page loader: one script tag, and every element marked
// data-spanlens-src becomes a static drawing of that trace, with hover
// details and a click that opens it in the full viewer. The work is done
// in Go (wasm/docs) inside the same WebAssembly module the JS package
// runs, started once per page:
//
//   <script type="module" src=".../spanlens/src/docs.js"></script>
//   <div data-spanlens-src="trace.json" data-spanlens-view="flame"></div>
//
// Options are attributes of the element: data-spanlens-view (waterfall,
// flame), -theme (light, dark; default the page's colour scheme), -width
// (px; default the element's), -critical-path, -trace, -max-rows,
// -max-bytes, -viewer (the full viewer's URL, or "none"); see
// wasm/docs/options.go. data-spanlens-viewer on <html> sets the viewer
// for the whole page; the default is the dashboard beside this package
// (web/dashboard/). Each element gets data-spanlens-state: loading, ready
// or error (the error is shown in the element, as text).

import { offerPageEngine } from "./page.js";
import { Engine, InPageTransport, Spanlens } from "./index.js";
import { Supervisor, compile } from "./wasm.js";

let started = null;

/**
 * The page's one module instance, started on first use. Pass
 * options.wasmURL before anything else starts it to load another build.
 * @param {{wasmURL?: string|URL}} [options]
 * @returns {Promise<Supervisor>}
 */
export function supervisor(options) {
  started ??= compile(options?.wasmURL).then(async (module) => {
    const s = new Supervisor(module);
    await s.ready();
    return s;
  });
  return started;
}

/**
 * A JS engine (as init() returns) over the same instance as the embeds,
 * so that a page using both runs one Go runtime.
 * @returns {Promise<Spanlens>}
 */
export async function engine() {
  const e = new Engine(new InPageTransport(await supervisor()));
  await e.hello();
  return new Spanlens(e);
}

// An interactive viewer on this page shares the embeds' Go runtime.
const pageEngineP = engine();
pageEngineP.catch(() => {}); // a viewer that uses it reports the failure
offerPageEngine(pageEngineP);

const defaultViewer = new URL("../dashboard/", import.meta.url).href;

/**
 * Mounts the [data-spanlens-src] elements under root that are not
 * mounted yet (call it again after adding some).
 * @param {Document|Element} [root]
 * @returns {Promise<{src: string, state: "ready"|"error", error?: string}[]>}
 */
export async function mount(root = document) {
  let inst;
  try {
    inst = await (await supervisor()).ready(); // a fresh instance if the last one died
  } catch (e) {
    // Without the module nothing draws: say so in each element, as text.
    const out = [];
    for (const el of root.querySelectorAll("[data-spanlens-src]:not([data-spanlens-state])")) {
      const p = document.createElement("p");
      p.className = "spanlens-error";
      p.setAttribute("role", "alert");
      p.textContent = e.message;
      el.replaceChildren(p);
      el.setAttribute("data-spanlens-state", "error");
      out.push({ src: el.getAttribute("data-spanlens-src"), state: "error", error: e.message });
    }
    return out;
  }
  const viewer = document.documentElement.getAttribute("data-spanlens-viewer") ?? defaultViewer;
  return inst.api.mountDocs(root, { viewer });
}

/** The first mount, of the page as loaded. */
export const ready = typeof document === "undefined" ? Promise.resolve([]) : mount();
