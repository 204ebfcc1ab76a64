// The viewer and the dashboard in headless Chromium (Debian's chromium,
// driven by playwright-core), served by a real `spanlens serve`, and the
// offline page of `spanlens html` opened from file://. Screenshots of the
// main states go to out/screenshots/ for a person to look at.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const repo = fileURLToPath(new URL("../../", import.meta.url));
const out = `${repo}out/viewer-test`;
const shots = `${repo}out/screenshots`;

// Hostile names: shown as text, never run.
const HOSTILE_A = "<script>window.__pwned=1</script>";
const HOSTILE_B = `"><img src=x onerror="window.__pwned=2">`;
function hostileTrace() {
  const span = (id, parent, name, t0, t1) => ({
    traceId: "0af7651916cd43dd8448eb211c80319c",
    spanId: id,
    parentSpanId: parent,
    name,
    startTimeUnixNano: String(1700000000000000000n + BigInt(t0) * 1000000n),
    endTimeUnixNano: String(1700000000000000000n + BigInt(t1) * 1000000n),
    attributes: [{ key: "note", value: { stringValue: HOSTILE_B } }],
  });
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: "service.name", value: { stringValue: "<b>svc</b>" } }] },
        scopeSpans: [{ spans: [span("00f067aa0ba902b7", "", HOSTILE_A, 0, 100), span("00f067aa0ba902b8", "00f067aa0ba902b7", HOSTILE_B, 10, 60)] }],
      },
    ],
  });
}

/** Starts `spanlens serve` on a free port with the web/ directory as its files. */
async function startServer(bin) {
  const p = spawn(bin, ["serve", "--addr", "127.0.0.1:0", "--static", `${repo}web`], { stdio: ["ignore", "ignore", "pipe"] });
  const url = await new Promise((resolve, reject) => {
    let buf = "";
    p.stderr.on("data", (d) => {
      buf += d;
      const m = /dashboard at (http:\/\/\S+?)\//.exec(buf);
      if (m) resolve(m[1]);
    });
    p.on("exit", (code) => reject(new Error(`spanlens serve exited ${code}: ${buf}`)));
  });
  return { url, close: () => p.kill() };
}

/** Waits until the viewer has drawn a frame of a loaded document, and its tree arrays arrived. */
async function drawn(page) {
  await page.waitForFunction(() => {
    const v = document.querySelector("span-lens")?.viewer;
    return v && v.doc && v.lay && v.tree && !v.inflight && !v.raf;
  }, null, { timeout: 60_000 });
}

const state = (page) =>
  page.evaluate(() => {
    const v = document.querySelector("span-lens").viewer;
    return { t0: v.t0, t1: v.t1, rows: v.totalRows, selected: v.selected, range: v.el.range.textContent, matches: v.matches?.length ?? null };
  });

/** The canvas pixel (CSS coordinates) as [r, g, b]. */
const pixel = (page, x, y) =>
  page.evaluate(([x, y]) => {
    const cv = document.querySelector("span-lens").shadowRoot.querySelector("canvas.chart");
    const dpr = cv.width / cv.clientWidth;
    return [...cv.getContext("2d").getImageData(Math.round(x * dpr), Math.round(y * dpr), 1, 1).data.slice(0, 3)];
  }, [x, y]);

/** Where the viewer drew bar k of the last layout: the centre of its rectangle in CSS pixels, and its colour. */
const barAt = (page, k) =>
  page.evaluate((k) => {
    const v = document.querySelector("span-lens").viewer;
    const lay = v.lay;
    const x = 300 + lay.x[k] + Math.max(lay.w[k], 1) / 2;
    const y = 26 + (lay.row[k] - v.firstRow) * 22 + 11;
    const pal = v.palette[v.theme.dark ? "dark" : "light"];
    const hex = lay.flags[k] & 1 ? v.palette.error : pal[lay.color[k]];
    const n = parseInt(hex.slice(1), 16);
    return { x, y, span: lay.span[k], rgb: [(n >> 16) & 255, (n >> 8) & 255, n & 255] };
  }, k);

const close = (a, b) => a.every((v, i) => Math.abs(v - b[i]) <= 3);

test("the dashboard, viewer and offline page in Chromium", { skip: !existsSync(executablePath) && "no chromium (make test installs it)", timeout: 600_000 }, async (t) => {
  await mkdir(out, { recursive: true });
  await mkdir(shots, { recursive: true });
  const bin = `${out}/spanlens`;
  execFileSync("go", ["build", "-o", bin, "./cmd/spanlens"], { cwd: repo, stdio: "inherit" });
  const server = await startServer(bin);
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
  const logs = [];
  const newPage = async (opts = {}) => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 820 }, ...opts });
    page.on("console", (m) => logs.push(m.text()));
    page.on("pageerror", (e) => logs.push(`pageerror: ${e}`));
    page.on("dialog", (d) => {
      logs.push(`dialog: ${d.message()}`);
      d.dismiss();
    });
    return page;
  };
  try {
    const page = await newPage();
    await t.test("the landing page lists the samples", async () => {
      await page.goto(`${server.url}/`);
      assert.match(page.url(), /\/dashboard\/$/);
      await page.waitForFunction(() => document.getElementById("formats").textContent.includes("Formats"));
      assert.equal(await page.locator(".cards .card").count(), 5);
      await page.screenshot({ path: `${shots}/dashboard-landing.png` });
    });

    // Each sample: the root's name heads the tree column and its bar is
    // drawn in its service's colour where the layout put it.
    const roots = { agent: "agent_run:coordinator", genai: "invoke_agent", hotrod: "/dispatch", chrome: "", large: "" };
    for (const [id, root] of Object.entries(roots)) {
      await t.test(`sample ${id} draws`, async () => {
        await page.goto(`${server.url}/dashboard/?sample=${id}`);
        await drawn(page);
        const first = await page.locator("span-lens ol.rows li").first().textContent();
        if (root) assert.ok(first.startsWith(root), `first row ${JSON.stringify(first)}, want ${root}`);
        const bar = await barAt(page, 0);
        assert.ok(close(await pixel(page, bar.x, bar.y), bar.rgb), `bar pixel at ${bar.x},${bar.y} is ${await pixel(page, bar.x, bar.y)}, want ${bar.rgb}`);
        // Above the bar, in the row's 4px margin, is background.
        assert.ok(!close(await pixel(page, bar.x, bar.y - 10), bar.rgb), "the bar is no taller than its row");
        if (id === "large") {
          assert.equal((await state(page)).rows, 100_000);
          await page.screenshot({ path: `${shots}/large-light.png` });
        }
      });
    }

    await t.test("HotROD: summary numbers, details, search, zoom, pan, collapse", async () => {
      await page.goto(`${server.url}/dashboard/?sample=hotrod`);
      await drawn(page);
      await page.screenshot({ path: `${shots}/hotrod-light.png` });

      // Summary, counted by hand from testdata/jaeger/hotrod.json: 14
      // spans, one failing GetDriver, six processes, a 713 ms root;
      // redis-manual has FindDriverIDs and three GetDriver calls.
      await page.locator("span-lens .tabs button[data-tab=summary]").click();
      await page.locator("span-lens .pane[data-pane=summary] .card").first().waitFor();
      const cards = Object.fromEntries(
        await page.locator("span-lens .pane[data-pane=summary] .card").evaluateAll((cs) => cs.map((c) => [c.querySelector(".l").textContent, c.querySelector(".v").textContent])),
      );
      assert.equal(cards.Spans, "14");
      assert.equal(cards.Errors, "1");
      assert.equal(cards.Services, "6");
      assert.equal(cards.Duration, "713ms");
      const redis = await page.locator("span-lens .pane[data-pane=summary] table.grid").first().locator("tr", { hasText: "redis-manual" }).locator("td").allTextContents();
      assert.deepEqual(redis.slice(0, 3), ["redis-manual", "4", "1"]);
      // HotROD spends no tokens: its usage cells say so with a dash, never "$0".
      assert.deepEqual(redis.slice(-2), ["—", "—"]);
      await page.screenshot({ path: `${shots}/hotrod-summary.png` });
      await page.locator("span-lens .tabs button[data-tab=timeline]").click();
      await drawn(page);

      // Click the failing GetDriver (row 8) → its attributes.
      const names = await page.locator("span-lens ol.rows li").allTextContents();
      const row = names.findIndex((n, i) => n.startsWith("GetDriver") && i >= 8);
      assert.equal(row, 8, names.join(" | "));
      const bar = await barAt(page, row);
      const chart = await page.locator("span-lens canvas.chart").boundingBox();
      await page.mouse.click(chart.x + bar.x, chart.y + bar.y);
      await page.locator("span-lens .details h3").waitFor();
      assert.equal(await page.locator("span-lens .details h3").textContent(), "GetDriver");
      const details = await page.locator("span-lens .details").textContent();
      assert.match(details, /param\.driverID/);
      assert.match(details, /redis-manual/);

      // Search: count, and the matches drawn outlined.
      await page.keyboard.press("/");
      await page.keyboard.type("service:redis-manual");
      await page.waitForFunction(() => document.querySelector("span-lens").viewer.matches?.length === 4);
      assert.equal(await page.locator("span-lens .search .count").textContent(), "4 matches");
      await page.keyboard.press("Enter");
      await page.waitForFunction(() => document.querySelector("span-lens").viewer.selected >= 0);
      assert.equal(await page.locator("span-lens .search .count").textContent(), "1 of 4");
      await drawn(page);
      await page.screenshot({ path: `${shots}/hotrod-search.png` });
      // Matches only: the four redis-manual spans and the path to them
      // (/dispatch, and the two FindNearest spans of frontend and driver).
      await page.locator("span-lens label", { hasText: "Matches only" }).locator("input").check();
      await page.waitForFunction(() => document.querySelector("span-lens").viewer.totalRows === 7);
      await drawn(page);
      await page.screenshot({ path: `${shots}/hotrod-matches-only.png` });
      await page.locator("span-lens label", { hasText: "Matches only" }).locator("input").uncheck();
      await page.waitForFunction(() => document.querySelector("span-lens").viewer.totalRows === 14);

      // A bad query points at its column.
      await page.locator("span-lens .search input").fill("duration>250");
      await page.locator("span-lens .qerr").waitFor();
      assert.match(await page.locator("span-lens .qerr").textContent(), /\^.*col 10/s);
      await page.locator("span-lens .search input").fill("");
      await page.keyboard.press("Escape");

      // Zoom (W) and pan (D) change the axis.
      await page.locator("span-lens canvas.chart").focus();
      await page.keyboard.press("Escape");
      await drawn(page);
      const before = await state(page);
      await page.keyboard.press("w");
      await page.keyboard.press("w");
      await drawn(page);
      const zoomed = await state(page);
      assert.ok(zoomed.t1 - zoomed.t0 < (before.t1 - before.t0) * 0.7, `zoom: ${before.range} → ${zoomed.range}`);
      assert.notEqual(zoomed.range, before.range);
      await page.keyboard.press("d");
      await drawn(page);
      const panned = await state(page);
      assert.ok(panned.t0 > zoomed.t0, `pan: ${zoomed.range} → ${panned.range}`);
      assert.ok(Math.abs(panned.t1 - panned.t0 - (zoomed.t1 - zoomed.t0)) < 1, "pan keeps the zoom");
      await page.keyboard.press("Escape");
      await drawn(page);

      // Collapse driver.DriverService/FindNearest (row 4: 6 spans below it
      // counting the inner one) with its arrow: 14 → 9 rows.
      const arrowX = 6 + 1 * 12 + 4;
      const y4 = 26 + 4 * 22 + 11;
      const box = await page.locator("span-lens canvas.chart").boundingBox();
      await page.mouse.click(box.x + arrowX, box.y + y4);
      await page.waitForFunction(() => document.querySelector("span-lens").viewer.totalRows === 9);
      await drawn(page);
      const after = await page.locator("span-lens ol.rows li").allTextContents();
      assert.equal(after.length, 9);
      assert.ok(!after.some((n) => n.startsWith("GetDriver")), "the subtree is hidden");
      await page.mouse.click(box.x + arrowX, box.y + y4);
      await page.waitForFunction(() => document.querySelector("span-lens").viewer.totalRows === 14);

      // The flame view and the agent graph draw.
      await page.locator("span-lens button[title='Flame view']").click();
      await drawn(page);
      await page.screenshot({ path: `${shots}/hotrod-flame.png` });
      await page.locator("span-lens button[title='Waterfall view']").click();
    });

    await t.test("the agent graph highlights a node's spans", async () => {
      await page.goto(`${server.url}/dashboard/?sample=agent`);
      await drawn(page);
      await page.locator("span-lens .tabs button[data-tab=graph]").click();
      const node = page.locator("span-lens .graph .node").filter({ hasText: "llm_call:gpt-4o" });
      await node.waitFor();
      await page.screenshot({ path: `${shots}/agent-graph.png` });
      await node.click();
      await page.waitForFunction(() => document.querySelector("span-lens").viewer.matches?.length === 1);
      assert.equal(await page.locator("span-lens .details h3").textContent(), "llm_call:gpt-4o");
    });

    await t.test("the flame by cost weighs each agent by what it spent", async () => {
      await page.goto(`${server.url}/dashboard/?sample=agent`);
      await drawn(page);
      await page.locator("span-lens .tabs button[data-tab=timeline]").click();
      await page.locator("span-lens button[title='Flame view']").click();
      await page.locator("span-lens select[aria-label='Flame widths']").selectOption("cost");
      await page.waitForFunction(() => {
        const v = document.querySelector("span-lens").viewer;
        return v.metricExtent && v.lay && !v.inflight && !v.raf && v.frameReq?.metric === "cost";
      });
      // multi_agent.jsonl's total_cost_usd: gpt-4o $0.000725 and, under
      // the researcher, claude-3-5-sonnet $0.0084, so the coordinator's run
      // costs $0.009125 and the researcher's box is 0.0084/0.009125 of the
      // root's; the axis is in dollars (1e9 units).
      const got = await page.evaluate(() => {
        const v = document.querySelector("span-lens").viewer;
        const width = (name) => {
          const i = v.names.names.indexOf(name);
          const k = [...v.lay.span].findIndex((s) => v.names.name[s] === i);
          return k < 0 ? 0 : v.lay.w[k];
        };
        return { extent: v.metricExtent, range: v.el.range.textContent, ratio: width("agent_run:researcher") / width("agent_run:coordinator") };
      });
      assert.equal(got.extent[1], 9_125_000);
      assert.ok(Math.abs(got.ratio - 0.0084 / 0.009125) < 0.005, `researcher/coordinator ${got.ratio}`);
      assert.match(got.range, /^\$/);
      await page.screenshot({ path: `${shots}/agent-flame-cost.png` });
      // Back to time: the time axis and its window return.
      await page.locator("span-lens select[aria-label='Flame widths']").selectOption("time");
      await drawn(page);
      assert.doesNotMatch((await state(page)).range, /\$/);
    });

    await t.test("a large download is drawn from a preview of its first spans, then whole", async () => {
      // The large sample is served gzip-encoded, so its size is unknown
      // until read: the viewer asks the load for a preview.
      const p = await newPage();
      await p.addInitScript(() => {
        window.__frames = [];
        addEventListener("frame", (e) => window.__frames.push(e.detail), true);
      });
      await p.goto(`${server.url}/dashboard/?sample=large`);
      await drawn(p);
      const frames = await p.evaluate(() => window.__frames);
      assert.ok(frames[0].preview, `first frame ${JSON.stringify(frames[0])}, want a preview`);
      assert.ok(frames[0].spans > 1000 && frames[0].spans < 100_000, `preview of ${frames[0].spans} spans`);
      const whole = frames.find((f) => !f.preview);
      assert.equal(whole?.spans, 100_000);
      assert.equal((await state(p)).rows, 100_000);
      // The download's copy is what the skew toggle decodes again.
      const again = await p.evaluate(async () => {
        const v = document.querySelector("span-lens").viewer;
        const before = v.doc.handle;
        await v.setSkew(false);
        return { spans: v.doc.spanCount, changed: v.doc.handle !== before };
      });
      assert.deepEqual(again, { spans: 100_000, changed: true });
      await p.close();
    });

    await t.test("a malformed file shows a readable error and the page keeps working", async () => {
      await page.goto(`${server.url}/dashboard/`);
      await page.locator("#file").setInputFiles({ name: "broken.json", mimeType: "application/json", buffer: Buffer.from('{"resourceSpans": [{"scopeSpans": 5}]}') });
      const status = page.locator("span-lens .status.error");
      await status.waitFor();
      assert.match(await status.textContent(), /Could not open broken\.json: .*ingest: otlp-json: /);
      await page.locator("#samples button[data-sample=hotrod]").click();
      await drawn(page);
      assert.equal((await state(page)).rows, 14);
    });

    await t.test("hostile names are text and run nothing", async () => {
      await page.goto(`${server.url}/dashboard/`);
      await page.locator("#file").setInputFiles({ name: HOSTILE_B, mimeType: "application/json", buffer: Buffer.from(hostileTrace()) });
      await drawn(page);
      const rows = await page.locator("span-lens ol.rows li").allTextContents();
      assert.deepEqual(rows, [`${HOSTILE_A} — <b>svc</b>`, `${HOSTILE_B} — <b>svc</b>`]);
      await page.locator("span-lens canvas.chart").focus();
      const h3is = (name) => page.waitForFunction((n) => document.querySelector("span-lens").shadowRoot.querySelector(".details h3")?.textContent === n, name);
      await page.keyboard.press("ArrowDown");
      await h3is(HOSTILE_A);
      await page.keyboard.press("ArrowDown");
      await h3is(HOSTILE_B);
      assert.equal(await page.locator("span-lens .details h3").textContent(), HOSTILE_B);
      assert.match(await page.locator("span-lens .details").textContent(), /onerror/);
      assert.equal(await page.locator("span-lens .details img, span-lens .details script, #recent img").count(), 0);
      assert.equal(await page.evaluate(() => window.__pwned), undefined);
      assert.equal(await page.locator("#current").textContent(), HOSTILE_B);
    });

    await t.test("dark theme", async () => {
      const dark = await newPage({ colorScheme: "dark" });
      await dark.goto(`${server.url}/dashboard/?sample=agent`);
      await drawn(dark);
      const bg = await pixel(dark, 1300, 700);
      assert.ok(bg[0] < 40 && bg[1] < 40 && bg[2] < 40, `dark background, got ${bg}`);
      await dark.screenshot({ path: `${shots}/agent-dark.png` });
      await dark.goto(`${server.url}/dashboard/?sample=large`);
      await drawn(dark);
      await dark.screenshot({ path: `${shots}/large-dark.png` });
      await dark.close();
    });

    await t.test("the offline page opens from file:// with no network", async () => {
      const trace = `${out}/hostile.json`;
      await writeFile(trace, hostileTrace());
      const html = execFileSync(bin, ["html", trace], { maxBuffer: 64 << 20 });
      await writeFile(`${out}/hostile.html`, html);
      const hotrod = execFileSync(bin, ["html", `${repo}testdata/jaeger/hotrod.json`], { maxBuffer: 64 << 20 });
      await writeFile(`${out}/hotrod.html`, hotrod);
      const off = await newPage();
      const requests = [];
      off.on("request", (r) => !r.url().startsWith("data:") && !r.url().startsWith("file:") && requests.push(r.url()));
      await off.goto(`file://${out}/hostile.html`);
      await drawn(off);
      const rows = await off.locator("span-lens ol.rows li").allTextContents();
      assert.equal(rows[0], `${HOSTILE_A} — <b>svc</b>`);
      assert.equal(await off.evaluate(() => window.__pwned), undefined);
      await off.goto(`file://${out}/hotrod.html`);
      await drawn(off);
      assert.equal((await state(off)).rows, 14);
      await off.screenshot({ path: `${shots}/offline-hotrod.png` });
      assert.deepEqual(requests, []);
      await off.close();
    });
    assert.ok(!logs.some((l) => l.startsWith("pageerror")), logs.join("\n"));
  } finally {
    await browser.close();
    server.close();
  }
});
