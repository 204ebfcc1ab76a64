// spanlens/viewer: the interactive trace viewer, usable as a custom element
//
//   <script type="module" src=".../spanlens/src/viewer/index.js"></script>
//   <span-lens src="trace.json"></span-lens>
//
// or from code:
//
//   import { mount } from "spanlens/viewer";
//   const viewer = await mount(element, fileOrBytesOrURL);

import { Viewer, defaultEngine } from "./viewer.js";

export { Viewer, defaultEngine };

/**
 * Mounts a viewer in element and opens source in it (bytes, a string URL,
 * a URL, a File or Blob, a Response, or a loaded document).
 * @param {HTMLElement} element
 * @param {any} [source]
 * @param {{spanlens?: object, theme?: "light"|"dark", name?: string}} [options]
 * @returns {Promise<Viewer>}
 */
export async function mount(element, source, options = {}) {
  if (options.theme) element.setAttribute("theme", options.theme);
  let v = element.viewer;
  if (v instanceof Viewer) {
    if (options.spanlens && !v.doc) {
      v.options.spanlens = options.spanlens;
      v.engineP = null;
    }
  } else v = new Viewer(element, options);
  if (source !== undefined && source !== null) await v.open(source, { name: options.name });
  return v;
}

/** <span-lens src="…" theme="light|dark">: a viewer that opens its src. */
export class SpanLensElement extends HTMLElement {
  static observedAttributes = ["src"];
  connectedCallback() {
    if (!this.viewer) new Viewer(this, {});
    if (!this.hasAttribute("tabindex")) this.tabIndex = -1;
    const src = this.getAttribute("src");
    if (src && src !== this.opened) this.#open(src);
  }
  attributeChangedCallback(name, old, value) {
    // An element upgraded from the page's markup hears its src here before
    // connectedCallback has made its viewer; connectedCallback opens it.
    if (name === "src" && this.viewer && this.isConnected && value && value !== this.opened) this.#open(value);
  }
  #open(src) {
    this.opened = src;
    this.viewer.open(src).catch(() => {}); // the viewer shows the error
  }
  disconnectedCallback() {
    this.viewer?.destroy();
    this.viewer = null;
    this.opened = null;
  }
}

if (typeof customElements !== "undefined" && !customElements.get("span-lens")) {
  customElements.define("span-lens", SpanLensElement);
}
