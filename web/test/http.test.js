// The same JS API over the HTTP transport, against a native
// `spanlens serve`: the path for traces too big for a browser tab.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { init, HttpTransport, Engine } from "../src/index.js";

const repo = fileURLToPath(new URL("../../", import.meta.url));

test("init({url}) drives a native spanlens serve", async () => {
  const bin = join(mkdtempSync(join(tmpdir(), "spanlens-")), "spanlens");
  execFileSync("go", ["build", "-o", bin, "./cmd/spanlens"], { cwd: repo, stdio: "inherit" });
  const server = spawn(bin, ["serve", "--addr", "127.0.0.1:0"], { stdio: ["ignore", "ignore", "pipe"] });
  try {
    const url = await new Promise((resolve, reject) => {
      let err = "";
      server.stderr.on("data", (d) => {
        err += d;
        const m = /listening on (http:\/\/\S+)/.exec(err);
        if (m) resolve(m[1]);
      });
      server.on("exit", (code) => reject(new Error(`serve exited ${code}: ${err}`)));
    });
    const sl = await init({ url });
    const t = await sl.load(await readFile(new URL("../../testdata/jaeger/hotrod.json", import.meta.url)));
    assert.equal(t.format, "jaeger");
    assert.equal(t.spanCount, 14);
    const tree = await t.tree();
    assert.equal(tree.parent.length, 14);
    assert.equal((await t.search("status:error")).length, 1);
    await assert.rejects(sl.load("nope"), /unknown trace format/);

    // A second client has its own session: the first one's handle means
    // nothing there, and its free cannot touch the first one's document.
    const other = new Engine(new HttpTransport(url));
    await other.hello();
    assert.notEqual(other.transport.session, "");
    assert.notEqual(other.transport.session, sl.engine.transport.session);
    await assert.rejects(other.call("tree", t.handle), /not loaded/);
    await other.call("free", t.handle).catch(() => {});
    assert.equal((await t.tree()).parent.length, 14);

    // A page elsewhere cannot post a simple (no-preflight) request.
    const simple = await fetch(url, { method: "POST", headers: { "content-type": "text/plain" }, body: "x" });
    assert.equal(simple.status, 415);
    const foreign = await fetch(url, { method: "POST", headers: { origin: "https://evil.example" }, body: "x" });
    assert.equal(foreign.status, 403);
    assert.equal(foreign.headers.get("access-control-allow-origin"), null);

    await t.free();
    await assert.rejects(t.summary(), /freed/);
  } finally {
    server.kill();
  }
});

test("an unreachable engine URL says what was tried", async () => {
  // A loopback port that was free a moment ago: the connection is refused.
  const srv = createServer();
  await new Promise((resolve) => srv.listen(0, "127.0.0.1", resolve));
  const { port } = srv.address();
  await new Promise((resolve) => srv.close(resolve));
  const url = `http://127.0.0.1:${port}/api`;
  await assert.rejects(new HttpTransport(url).call(new Uint8Array(8)), (e) =>
    e.name === "SpanlensError" && e.kind === "Error" &&
    e.message === `spanlens: cannot reach the engine at ${url} (ECONNREFUSED); is \`spanlens serve\` running there?`);
});
