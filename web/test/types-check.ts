// Compiled by `tsc --noEmit` only: proves index.d.ts describes the API the
// tests use. Not run.
import { BarFlag, Document, FORMATS, init, PROTOCOL_VERSION, SpanlensError, TreeFlag, type ErrorKind, type Format, type Layout, type Summary } from "spanlens";

async function main(): Promise<void> {
  const sl = await init({ worker: false });
  const t: Document = await sl.load(new Uint8Array(), { format: "otlp-json", onProgress: (p) => p.spans, limits: { maxSpans: 10 } });
  const fromFile: Document = await sl.load(new URL("file:///tmp/trace.json"));
  const s: Summary = await t.summary();
  const l: Layout = await t.layout({ t0: 0, t1: s.traces[0].duration, width: 800, rows: 40, view: "flame" });
  const first: number = l.span[0];
  const critical: boolean = (l.flags[0] & BarFlag.Critical) !== 0;
  const svg: string = await t.svg({ theme: "dark", criticalPath: true });
  const bytes: Uint8Array = await t.convert("chrome");
  const tree = await t.tree();
  const base: bigint = tree.base;
  const orphan: boolean = (tree.flags[0] & TreeFlag.Orphan) !== 0;
  const format: Format = FORMATS[0];
  const version: 3 = PROTOCOL_VERSION;
  const path = await t.criticalPath(0);
  const errors = await t.errors();
  const graph = await t.agentGraph();
  const overview = await t.overview(100);
  const lost: boolean = fromFile.lost;
  await t.compare(fromFile);
  await t.free();
  try {
    await sl.load("x");
  } catch (e) {
    const kinds: ErrorKind[] = ["EngineDied", "DocumentLost", "LimitError"];
    if (e instanceof SpanlensError && kinds.includes(e.kind)) throw e;
  }
  void [first, critical, svg, bytes, base, orphan, format, version, path[0].span, errors[0].path, graph.node, overview.active, lost];
}
void main;
