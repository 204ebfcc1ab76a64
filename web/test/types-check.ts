// Compiled by `tsc --noEmit` only: proves index.d.ts describes the API the
// tests use. Not run.
import { init, SpanlensError, type Layout, type Summary } from "spanlens";

async function main(): Promise<void> {
  const sl = await init({ worker: false });
  const t = await sl.load(new Uint8Array(), { format: "otlp-json", onProgress: (p) => p.spans, limits: { maxSpans: 10 } });
  const s: Summary = await t.summary();
  const l: Layout = await t.layout({ t0: 0, t1: s.traces[0].duration, width: 800, rows: 40, view: "flame" });
  const first: number = l.span[0];
  const svg: string = await t.svg({ theme: "dark", criticalPath: true });
  const bytes: Uint8Array = await t.convert("chrome");
  const tree = await t.tree();
  const base: bigint = tree.base;
  await t.free();
  try {
    await sl.load("x");
  } catch (e) {
    if (e instanceof SpanlensError && e.kind === "LimitError") throw e;
  }
  void [first, svg, bytes, base];
}
void main;
