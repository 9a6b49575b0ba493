/**
 * Charts say what they show and can be read: the scenario line, the crosshair read-out (mouse, touch,
 * keyboard) with the CLI's values at that point, a pinned point opening its derivation, exports that
 * carry title, scenario, legend and URL; and pages that answer their question or offer next steps.
 */
import { readFileSync } from "node:fs";
import { formatQuantity } from "@roofline/core";
import { describe, expect, inject, it } from "vitest";
import { numValue, openPage, useBrowser } from "./browser.ts";
import { cliJson } from "./cli.ts";

const base = inject("baseUrl");
const browser = useBrowser({ width: 1440, height: 900 });

function same(actual: number, expected: number) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.abs(expected) * 1e-12);
}

describe("scenario lines", () => {
  it("every chart of an analysis page names model, system × chips, precisions, context and batch", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=batch&model=llama-3.1-70b&hw=nvidia-h100-sxm5-80gb&chips=8&ctx=4096&batch=32`);
    const lines = await page.$$eval("[data-chart] [data-scenario]", (els) => els.map((e) => e.textContent ?? ""));
    expect(lines.length).toBe(await page.locator("[data-chart]").count());
    for (const l of lines) {
      for (const s of ["Llama 3.1 70B", "8 × NVIDIA H100 SXM5 80GB", "weights BF16", "KV FP8", "context 4096", "batch 32", "ideal roofline"]) expect(l).toContain(s);
    }
    expect(errors).toEqual([]);
  });
});

describe("read-outs", () => {
  it("hovering the time chart shows every series' value at that batch, equal to `roofline batch --json`", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=batch&model=llama-3.1-70b&hw=nvidia-h100-sxm5-80gb&chips=8`);
    const r = await cliJson<{ points: { x: number; computeSeconds: number; weightReadSeconds: number; kvReadSeconds: number; stepSeconds: number }[] }>("batch", "--json", "-m", "llama-3.1-70b", "-H", "nvidia-h100-sxm5-80gb", "-n", "8", "--kv", "fp8");
    const box = await page.locator('[data-chart="batch-time"] .chart-box').boundingBox();
    if (!box) throw new Error("no chart box");
    await page.mouse.move(box.x + box.width * 0.45, box.y + box.height * 0.5);
    const readout = page.locator('[data-chart="batch-time"] [data-readout]');
    await readout.waitFor();
    const x = Number(await readout.getAttribute("data-readout"));
    const point = r.points.find((p) => p.x === x);
    if (!point) throw new Error(`read-out at ${x}, which is not a point of the CLI's curve`);
    const rows = await readout.locator("tr[data-series]").evaluateAll((trs) => trs.map((tr) => ({ series: tr.getAttribute("data-series"), y: Number(tr.querySelector("[data-y]")?.getAttribute("data-y")), text: tr.querySelector("[data-y]")?.textContent ?? "" })));
    const byLabel = Object.fromEntries(rows.map((row) => [row.series, row]));
    same(byLabel["compute"]?.y as number, point.computeSeconds);
    same(byLabel["weight fetch"]?.y as number, point.weightReadSeconds);
    same(byLabel["KV fetch"]?.y as number, point.kvReadSeconds);
    same(byLabel["step = max(compute, memory)"]?.y as number, point.stepSeconds);
    // Formatted as the CLI formats seconds.
    expect(byLabel["step = max(compute, memory)"]?.text).toBe(formatQuantity(point.stepSeconds, "s", 4));
    expect(await readout.textContent()).toContain(`batch (sequences): ${formatQuantity(x, "1", 6)}`);
    expect(errors).toEqual([]);
  });

  it("the keyboard walks the points; Enter pins one and opens the step's derivation at that batch", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=batch`);
    await page.focus('[data-chart="batch-time"] .chart-box');
    await page.keyboard.press("Home");
    const readout = page.locator('[data-chart="batch-time"] [data-readout]');
    expect(await readout.getAttribute("data-readout")).toBe("1");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    const x = await readout.getAttribute("data-readout");
    expect(Number(x)).toBeGreaterThan(1);
    await page.keyboard.press("Enter");
    const id = `batch-time.at.${x}.stepSeconds`;
    await page.waitForSelector(`[data-panel="${id}"]`);
    expect(await page.textContent("[data-panel]")).toContain(`batch = ${x}, a point of the curve`);
    expect(await readout.textContent()).toContain("pinned");
    expect(errors).toEqual([]);
  });

  it("a tap on a phone shows the read-out", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=context`);
    await page.setViewportSize({ width: 390, height: 844 });
    const chart = page.locator("[data-chart] .chart-interactive").first();
    await chart.scrollIntoViewIfNeeded();
    const box = await chart.boundingBox();
    if (!box) throw new Error("no chart box");
    await chart.dispatchEvent("pointerdown", { pointerType: "touch", clientX: box.x + box.width * 0.5, clientY: box.y + box.height * 0.5, isPrimary: true });
    await page.locator("[data-chart] [data-readout]").first().waitFor();
    expect(await page.locator("[data-chart] [data-readout] tr[data-series]").count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });
});

describe("exports", () => {
  it("SVG and PNG exports carry the title, the scenario, the legend and the URL that reproduces the view", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=batch&model=llama-3.1-70b&hw=nvidia-h100-sxm5-80gb&chips=8&batch=32`);
    const [dl] = await Promise.all([page.waitForEvent("download"), page.click('[data-chart="batch-time"] button[aria-label*="SVG"]')]);
    const svg = readFileSync((await dl.path()) as string, "utf8");
    expect(svg).toMatch(/^<\?xml/);
    expect(svg).toContain(">Time per step vs batch</text>");
    expect(svg).toContain("Llama 3.1 70B");
    expect(svg).toContain("8 × NVIDIA H100 SXM5 80GB");
    expect(svg).toContain("batch 32");
    expect(svg).toContain('class="export-legend"');
    expect(svg).toContain(">step = max(compute, memory)</text>");
    const url = svg.match(/<desc>([^<]*)<\/desc>/)?.[1]?.replace(/&amp;/g, "&") ?? "";
    expect(url).toContain("page=batch");
    expect(url).toContain("model=llama-3.1-70b");
    expect(url).toContain("batch=32");
    expect(svg).not.toContain('class="readout"');
    // The PNG is that document, rasterised: taller than the chart alone.
    const [png] = await Promise.all([page.waitForEvent("download"), page.click('[data-chart="batch-time"] button[aria-label*="PNG"]')]);
    const bytes = readFileSync((await png.path()) as string);
    expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const height = bytes.readUInt32BE(20);
    const chartHeight = await page.$eval('[data-chart="batch-time"] .chart-box > svg', (el) => (el as SVGSVGElement).height.baseVal.value);
    expect(height).toBeGreaterThan(chartHeight * 2 + 60);
    // Opening the URL reproduces the view.
    const again = await openPage(browser(), url);
    expect(await again.page.textContent('[data-chart="batch-time"] [data-scenario]')).toContain("batch 32");
    expect(errors).toEqual([]);
  });
});

describe("answers and next steps", () => {
  it("the Batch page opens on an answer: an exact optimal batch", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=batch`);
    expect(Number(await page.getAttribute('[data-num="batch.optimalBatch"]', "data-value"))).toBeGreaterThan(1);
    expect(await page.locator("[data-no-answer]").count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it("with no optimum it says so and offers the largest batch, a narrower KV cache and a shorter context as buttons", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=batch&model=llama-3.1-70b&hw=nvidia-h100-sxm5-80gb&chips=8&kv=bf16`);
    const box = page.locator('[data-no-answer="batch.optimalBatch"]');
    await box.waitFor();
    const maxBatch = Number(await page.getAttribute('[data-num="batch.maxBatch"]', "data-value"));
    expect(await box.locator('[data-next="max-batch"]').textContent()).toContain(String(Math.floor(maxBatch)));
    await box.locator('[data-next="max-batch"]').click();
    await page.waitForURL(new RegExp(`batch=${Math.floor(maxBatch)}`));
    await box.locator('[data-next="kv"]').click();
    await page.waitForURL(/kv=fp8/);
    // FP8 is not enough for a dense GQA model at 8K: the shorter context is.
    await page.locator('[data-next="context"]').click();
    await page.waitForURL(/ctx=\d+/);
    expect(Number(await page.getAttribute('[data-num="batch.optimalBatch"]', "data-value"))).toBeGreaterThan(1);
    expect(errors).toEqual([]);
  });

  it("the Train page's hint says which optimum the train batch defaults to", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=train&model=llama-3.1-70b&hw=nvidia-h100-sxm5-80gb&chips=8`);
    expect(await page.textContent("main")).toContain("closed-form optimal batch, rounded up (no exact optimum");
    expect(errors).toEqual([]);
  });
});

describe("model limits", () => {
  it("the context sweep stops at the model's maximum context and marks it; beyond it, a warning", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=context&model=qwen3-30b-a3b`);
    const r = await cliJson<{ maxContextTokens: number; series: { points: { x: number }[] }[] }>("context", "--json", "-m", "qwen3-30b-a3b");
    expect(r.maxContextTokens).toBe(32_768);
    const xs = await page.$$eval('[data-table="context-points"] [data-num$=".stepSeconds"]', (els) => els.map((e) => Number((e.getAttribute("data-num") ?? "").split(".").slice(-2, -1)[0])));
    expect(Math.max(...xs)).toBe(32_768);
    expect(r.series[0]?.points.at(-1)?.x).toBe(32_768);
    expect(await page.textContent('[data-chart="context-cost"] .chart-box > svg')).toMatch(/model limit 32,?768/);
    expect(await page.locator('[data-warning="beyond-model-context"]').count()).toBe(0);
    const beyond = await openPage(browser(), `${base}?page=context&model=qwen3-30b-a3b&ctx=65536`);
    expect(await beyond.page.textContent('[data-warning="beyond-model-context"]')).toContain("beyond");
    expect(errors).toEqual([]);
  });
});

describe("operators", () => {
  for (const q of [
    { url: "", flags: ["--kv", "bf16"] },
    { url: "&model=llama-3.1-70b&hw=nvidia-h100-sxm5-80gb&chips=8&batch=16&ctx=4096", flags: ["-m", "llama-3.1-70b", "-H", "nvidia-h100-sxm5-80gb", "-n", "8", "-b", "16", "-c", "4096"] },
  ]) {
    it(`the Operators page's totals equal \`roofline step --json\` (${q.url || "defaults"})`, async () => {
      const { page, errors } = await openPage(browser(), `${base}?page=operators${q.url}`);
      const stepFlags = q.flags.includes("-b") ? q.flags : [...q.flags, "-b", "64"];
      const step = await cliJson<{ flopPerToken: number; batch: number; passTokens: number; weightBytesRead: number; kvBytesRead: number; stepSeconds: number; expectedStepSeconds: number; expectedBreakdown: { denseSeconds: number; attentionSeconds: number; fixedSeconds: number; commSeconds: number } }>("step", "--json", ...stepFlags);
      const near = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(Math.abs(b) * 1e-9);
      near(await numValue(page, "operators.decode.total.flop"), step.flopPerToken * step.batch * step.passTokens);
      near(await numValue(page, "operators.decode.total.weightBytes"), step.weightBytesRead);
      near(await numValue(page, "operators.decode.total.kvBytes"), step.kvBytesRead);
      near(await numValue(page, "operators.decode.stepSeconds"), step.stepSeconds);
      // Expected: the step's expected time and its parts; each operator's expected time is `operators --json`'s.
      near(await numValue(page, "operators.decode.expectedStepSeconds"), step.expectedStepSeconds);
      near(await numValue(page, "operators.decode.expected.expDenseSeconds"), step.expectedBreakdown.denseSeconds);
      near(await numValue(page, "operators.decode.expected.expAttentionSeconds"), step.expectedBreakdown.attentionSeconds);
      near(await numValue(page, "operators.decode.expected.expFixedSeconds"), step.expectedBreakdown.fixedSeconds);
      near(await numValue(page, "operators.decode.expected.expCommSeconds"), step.expectedBreakdown.commSeconds);
      const ops = await cliJson<{ operators: { id: string; seconds: number; expected: { seconds: number } }[]; expected: { stepSeconds: number } }>("operators", "--json", ...stepFlags);
      near(ops.expected.stepSeconds, step.expectedStepSeconds);
      for (const o of ops.operators) {
        near(await numValue(page, `operators.decode.${o.id}.expectedSeconds`), o.expected.seconds);
        expect(o.expected.seconds).toBeGreaterThanOrEqual(o.seconds);
      }
      // Each row's values sum to the totals shown.
      const flops = await page.$$eval('[data-table="operators-decode"] [data-num$=".flop"]', (els) => els.map((e) => Number(e.getAttribute("data-value"))));
      near(flops.reduce((a, b) => a + b, 0), step.flopPerToken * step.batch * step.passTokens);
      expect(await page.locator('[data-chart="operators-roofline"] .chart-box > svg circle').count()).toBeGreaterThan(10);
      expect(await page.textContent('[data-chart="operators-roofline"] .chart-box > svg')).toContain("ridge");
      // Prefill: the same page, the other pass.
      await page.check('input[name="phase"][value="prefill"]');
      await page.waitForSelector('[data-totals="prefill"]');
      expect(await numValue(page, "operators.prefill.total.flop")).toBeGreaterThan(0);
      expect(errors).toEqual([]);
    });
  }
});

describe("compare", () => {
  it("a second and third scenario are drawn on the same charts with a legend, and survive a reload", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=batch&model=llama-3.1-70b&hw=nvidia-h100-sxm5-80gb&chips=8`);
    await page.click("[data-compare-add]");
    await page.waitForURL(/cmp=/);
    await page.selectOption('[data-compare="0"] [data-compare-field="hardware"]', "amd-mi355x");
    await page.waitForURL(/cmp=hw%3Aamd-mi355x/);
    await page.click("[data-compare-add]");
    await page.waitForSelector('[data-compare="1"]');
    await page.selectOption('[data-compare="1"] [data-compare-field="kv"]', "fp4");
    await page.waitForFunction(() => (document.querySelector('[data-compare="1"]')?.textContent ?? "").includes("KV FP4"));
    await page.selectOption('[data-compare="1"] [data-compare-field="hardware"]', "");
    await page.waitForFunction(() => (document.querySelector('[data-compare="1"] .compare-name')?.textContent ?? "") === "vs KV FP4");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("cmp")?.includes(";"));
    const cmp = new URL(page.url()).searchParams.get("cmp") ?? "";
    expect(cmp.split(";")).toHaveLength(2);
    const check = async (p: typeof page) => {
      const titles = await p.$$eval('[data-chart="batch-time"] .chart-box > svg path title', (ts) => ts.map((t) => t.textContent ?? ""));
      expect(titles.some((t) => t.startsWith("vs 8 × AMD Instinct MI355X"))).toBe(true);
      expect(titles).toContain("vs KV FP4: step");
      const legend = await p.textContent('[data-chart="batch-time"] .legend');
      expect(legend).toContain("vs 8 × AMD Instinct MI355X");
      const costTitles = await p.$$eval('[data-chart="batch-cost"] .chart-box > svg path title', (ts) => ts.map((t) => t.textContent ?? ""));
      // The MI355X has no catalog price: only the priced comparison has a cost curve.
      expect(costTitles.filter((t) => t.startsWith("vs "))).toEqual(["vs KV FP4"]);
    };
    await check(page);
    // The comparisons' curves are the CLI's for the changed inputs.
    const mi = await cliJson<{ points: { x: number; stepSeconds: number }[] }>("batch", "--json", "-m", "llama-3.1-70b", "-H", "amd-mi355x", "-n", "8", "--kv", "fp8");
    const d = await page.$eval('[data-chart="batch-time"] .chart-box > svg', (svg) => [...svg.querySelectorAll("path")].find((p) => p.querySelector("title")?.textContent?.startsWith("vs 8 × AMD"))?.getAttribute("d") ?? "");
    expect(d.split(/[ML]/).filter(Boolean)).toHaveLength(mi.points.length);
    await page.reload();
    await page.waitForSelector('[data-chart="batch-time"] .chart-box > svg');
    await check(page);
    // Other pages keep them too.
    await page.click('[data-page-link="context"]');
    await page.waitForSelector('main[data-page="context"] [data-chart="context-cost"] .chart-box > svg');
    expect(await page.textContent('[data-chart="context-cost"] .legend')).toContain("vs KV FP4");
    // The MI355X has no price: the cost chart names it as left out, and why.
    expect(await page.textContent('[data-chart="context-cost"] [data-compare-skipped]')).toContain("vs 8 × AMD Instinct MI355X");
    expect(errors).toEqual([]);
  });
});
