// The page's engine: a docs page whose static embeds already run the Go
// module on the main thread (docs.js) offers that instance here, so that
// an interactive <span-lens> on the same page uses it instead of starting
// a second Go runtime in a Web Worker.

let offered;

/** Offers engineP (a promise of an init()-style engine) to the page's viewers. */
export function offerPageEngine(engineP) {
  offered ??= engineP;
}

/** The engine a page offered, or undefined. */
export function pageEngine() {
  return offered;
}
