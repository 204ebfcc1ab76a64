// Compile-only check of record.d.ts against typical use (tsc --noEmit -p .).
import { startTrace, trace, llmCall, type Span } from "spanlens/record";
const tr = startTrace("a", { tags: ["x"], lazyStart: true });
const s: Span = tr.root.child("c", { role: "tool", attributes: { n: 1 } });
s.setTokenUsage(1, 2).setAttribute("k", [1, "a", { x: true }]);
const f = trace(async (x: number) => x * 2, { role: "tool" });
const p: Promise<number> = f(2);
llmCall("gpt-4o", { parent: s }).end();
const h: string = s.traceparent();
tr.end();
void p; void h;
