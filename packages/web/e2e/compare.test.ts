/**
 * Compare on every chart page: a second (and third) scenario — another chip, model, chip count,
 * precision, layout or efficiency (ideal vs expected) — is drawn on the page's charts with a legend,
 * its values in the read-out equal the CLI's for that scenario, and it survives a reload. A pinned
 * read-out lives in the URL too: a reload restores the point and its open derivation.
 */
import type { Page } from "playwright-core";
import { chipEfficiency, getHardware, getModel } from "@roofline/core";
import { describe, expect, inject, it } from "vitest";
import { numValue, openPage, useBrowser } from "./browser.ts";
import { COLORS } from "../src/components/chart-style.ts";
import { cliJson } from "./cli.ts";

const base = inject("baseUrl");
const browser = useBrowser({ width: 1440, height: 900 });

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1e-300, Math.abs(b));

/** Titles of a chart's line paths (each labelled series has one). */
async function seriesTitles(page: Page, chart: string): Promise<string[]> {
  return page.$$eval(`[data-chart="${chart}"] .chart-box > svg path title`, (ts) => ts.map((t) => t.textContent ?? ""));
}

/** Hovers a chart at a fraction of its width; returns the read-out's x and each series' value. */
async function readout(page: Page, chart: string, fraction: number): Promise<{ x: number; y: Record<string, number> }> {
  await page.locator(`[data-chart="${chart}"] .chart-box`).scrollIntoViewIfNeeded();
  const box = await page.locator(`[data-chart="${chart}"] .chart-box`).boundingBox();
  if (!box) throw new Error(`no chart ${chart}`);
  await page.mouse.move(box.x + box.width * fraction, box.y + box.height * 0.5);
  const r = page.locator(`[data-chart="${chart}"] [data-readout]`);
  await r.waitFor();
  const x = Number(await r.getAttribute("data-readout"));
  const rows = await r.locator("tr[data-series]").evaluateAll((trs) => trs.map((tr) => [tr.getAttribute("data-series") ?? "", Number(tr.querySelector("[data-y]")?.getAttribute("data-y"))] as const));
  return { x, y: Object.fromEntries(rows) };
}

async function legend(page: Page, chart: string): Promise<string> {
  return (await page.textContent(`[data-chart="${chart}"] .legend`)) ?? "";
}

/** Reloads and waits for the chart to be drawn again. */
async function reload(page: Page, chart: string) {
  await page.reload();
  await page.waitForSelector(`[data-chart="${chart}"] .chart-box > svg`);
}

const H100 = ["-m", "llama-3.1-70b", "-H", "nvidia-h100-sxm5-80gb", "-n", "8"];

describe("compare on every chart page", () => {
  it("Batch: the expected step time (fitted efficiencies) beside the ideal bound, equal to `step --json`'s expected; survives a reload", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=batch&model=llama-3.1-70b&hw=nvidia-h100-sxm5-80gb&chips=8`);
    await page.click("[data-compare-add]");
    await page.waitForURL(/cmp=/);
    await page.selectOption('[data-compare="0"] [data-compare-field="eff"]', "expected");
    await page.selectOption('[data-compare="0"] [data-compare-field="hardware"]', "");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("cmp") === "eff:expected");
    for (const p of [page, null]) {
      if (p === null) await reload(page, "batch-time");
      expect(await seriesTitles(page, "batch-time")).toContain("vs expected (fitted): step");
      expect(await seriesTitles(page, "batch-cost")).toContain("vs expected (fitted)");
      expect(await legend(page, "batch-time")).toContain("vs expected (fitted)");
    }
    const { x, y } = await readout(page, "batch-time", 0.5);
    const step = await cliJson<{ stepSeconds: number; expectedStepSeconds: number }>("step", "--json", ...H100, "--kv", "fp8", "-b", String(x));
    expect(rel(y["vs expected (fitted): step"] as number, step.expectedStepSeconds)).toBeLessThan(1e-9);
    expect(rel(y["step = max(compute, memory)"] as number, step.stepSeconds)).toBeLessThan(1e-9);
    expect(y["vs expected (fitted): step"]).toBeGreaterThan(y["step = max(compute, memory)"] as number);
    expect(errors).toEqual([]);
  });

  it("Context: a narrower KV cache and another chip on the cost curve, equal to `context --json`; survives a reload", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=context&model=llama-3.1-70b&hw=nvidia-h100-sxm5-80gb&chips=8&cmp=kv:fp4;hw:nvidia-b200-hgx`);
    await page.waitForSelector('[data-chart="context-cost"] .chart-box > svg');
    const check = async () => {
      const titles = await seriesTitles(page, "context-cost");
      expect(titles).toContain("vs KV FP4");
      expect(titles).toContain("vs 8 × NVIDIA B200");
      expect(await legend(page, "context-cost")).toContain("vs KV FP4");
    };
    await check();
    await reload(page, "context-cost");
    await check();
    const { x, y } = await readout(page, "context-cost", 0.4);
    const fp4 = await cliJson<{ series: { points: { x: number; usdPerMillionTokens: number }[] }[] }>("context", "--json", ...H100, "--kv", "fp4");
    const point = fp4.series[0]?.points.find((p) => p.x === x);
    if (!point) throw new Error(`read-out at ${x} is not a point of the CLI's curve`);
    expect(rel(y["vs KV FP4"] as number, point.usdPerMillionTokens)).toBeLessThan(1e-9);
    expect(errors).toEqual([]);
  });

  it("Context: a comparison's sweep stops at its own model's context limit, marked in its colour", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=context&model=llama-3.1-70b&hw=nvidia-h100-sxm5-80gb&chips=8&cmp=model:qwen3-30b-a3b`);
    await page.waitForSelector('[data-chart="context-cost"] .chart-box > svg');
    const limit = getModel("qwen3-30b-a3b").maxContextTokens as number;
    const texts = await page.$$eval('[data-chart="context-cost"] .chart-box > svg text', (ts) => ts.map((t) => t.textContent ?? ""));
    expect(texts).toContain(`vs Qwen3-30B-A3B: model limit ${limit.toLocaleString("en-US")}`);
    expect(texts.some((t) => t.startsWith("model limit 131,072"))).toBe(true);
    const last = await page.$eval('[data-chart="context-cost"] .chart-box > svg', (svg) => {
      const path = [...svg.querySelectorAll("path")].find((p) => p.querySelector("title")?.textContent === "vs Qwen3-30B-A3B");
      return path?.getAttribute("d") ?? "";
    });
    expect(last).not.toBe("");
    // Its read-out beyond its limit has no value.
    await readout(page, "context-cost", 0.95);
    expect(await page.getAttribute('[data-chart="context-cost"] [data-readout] tr[data-series="vs Qwen3-30B-A3B"] [data-y]', "data-y")).toBe("");
    expect(errors).toEqual([]);
  });

  it("Prefill: another chip count and the expected pass time on both charts; survives a reload", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=prefill&model=llama-3.1-70b&hw=nvidia-h100-sxm5-80gb&chips=8`);
    await page.click("[data-compare-add]");
    await page.waitForSelector('[data-compare="0"]');
    await page.fill('[data-compare="0"] [data-compare-field="chips"]', "16");
    await page.press('[data-compare="0"] [data-compare-field="chips"]', "Tab");
    await page.selectOption('[data-compare="0"] [data-compare-field="hardware"]', "");
    await page.click("[data-compare-add]");
    await page.waitForSelector('[data-compare="1"]');
    await page.selectOption('[data-compare="1"] [data-compare-field="eff"]', "expected");
    await page.selectOption('[data-compare="1"] [data-compare-field="hardware"]', "");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("cmp") === "chips:16;eff:expected");
    const check = async () => {
      const time = await seriesTitles(page, "prefill-time");
      expect(time).toContain("vs 16 × NVIDIA H100 SXM5 80GB: pass");
      expect(time).toContain("vs expected (fitted): pass");
      const cost = await seriesTitles(page, "prefill-cost");
      expect(cost).toContain("vs 16 × NVIDIA H100 SXM5 80GB");
      expect(cost).toContain("vs expected (fitted)");
    };
    await check();
    await reload(page, "prefill-time");
    await check();
    const { x, y } = await readout(page, "prefill-time", 0.6);
    const step = await cliJson<{ stepSeconds: number; expectedStepSeconds: number }>("step", "--json", "--phase", "prefill", "-m", "llama-3.1-70b", "-H", "nvidia-h100-sxm5-80gb", "-n", "16", "-p", String(x), "-c", "0");
    expect(rel(y["vs 16 × NVIDIA H100 SXM5 80GB: pass"] as number, step.stepSeconds)).toBeLessThan(1e-9);
    expect(errors).toEqual([]);
  });

  it("Operators: another chip's roof and operators, and the expected roof at the chip's fitted efficiencies, on the roofline plot; survives a reload", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=operators&model=llama-3.1-70b&hw=nvidia-h100-sxm5-80gb&chips=8&cmp=hw:amd-mi300x;eff:expected`);
    await page.waitForSelector('[data-chart="operators-roofline"] .chart-box > svg');
    const check = async () => {
      const titles = await seriesTitles(page, "operators-roofline");
      expect(titles).toContain("vs 8 × AMD Instinct MI300X: roof");
      expect(titles).toContain("vs expected (fitted): roof");
      expect(await legend(page, "operators-roofline")).toContain("vs 8 × AMD Instinct MI300X (roof and decode operators)");
      // Each comparison draws the decode operators as points in its colour, as many as the page's own.
      const fills = await page.$$eval('[data-chart="operators-roofline"] .chart-box > svg circle', (cs) => cs.map((c) => c.getAttribute("fill")));
      const own = fills.filter((f) => f === COLORS.weights).length;
      expect(own).toBeGreaterThan(3);
      expect(fills.filter((f) => f === "#0e7490")).toHaveLength(own);
      expect(fills.filter((f) => f === "#be185d")).toHaveLength(own);
    };
    await check();
    await reload(page, "operators-roofline");
    await check();
    // At high intensity the roofs are flat: ideal = peak, expected = peak × the chip's fitted matmul efficiency.
    const { y } = await readout(page, "operators-roofline", 0.97);
    const eta = chipEfficiency(getHardware("nvidia-h100-sxm5-80gb")).matmul.value;
    expect(rel(y["vs expected (fitted): roof"] as number, (y["roofline (ideal)"] as number) * eta)).toBeLessThan(1e-9);
    expect(errors).toEqual([]);
  });

  it("Operators: energy per token of the pass equals `step --json`'s", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=operators&model=llama-3.1-70b&hw=nvidia-h100-sxm5-80gb&chips=8`);
    const step = await cliJson<{ energy: { joulesPerToken: number; tokensPerSecondPerMegawatt: number } }>("step", "--json", ...H100, "-b", "64");
    expect(rel(await numValue(page, "operators.decode.joulesPerToken"), step.energy.joulesPerToken)).toBeLessThan(1e-12);
    expect(rel(await numValue(page, "operators.decode.tokensPerSecondPerMegawatt"), step.energy.tokensPerSecondPerMegawatt)).toBeLessThan(1e-12);
    expect(errors).toEqual([]);
  });

  it("Hardware: tokens/s per MW of a model on every chip equal `step --json`'s; a comparison adds a point per chip; survives a reload", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=hardware&model=llama-3.1-70b&chips=8&cmp=kv:fp4`);
    await page.waitForSelector('[data-chart="hardware-energy"] .chart-box > svg');
    for (const hw of ["nvidia-h100-sxm5-80gb", "amd-mi355x"]) {
      const step = await cliJson<{ energy: { joulesPerToken: number; tokensPerSecondPerMegawatt: number } }>("step", "--json", "-m", "llama-3.1-70b", "-H", hw, "-n", "8", "-b", "64");
      expect(rel(await numValue(page, `hw.${hw}.tokensPerSecondPerMegawatt`), step.energy.tokensPerSecondPerMegawatt)).toBeLessThan(1e-12);
      expect(rel(await numValue(page, `hw.${hw}.joulesPerToken`), step.energy.joulesPerToken)).toBeLessThan(1e-12);
    }
    const check = async () => {
      const fills = await page.$$eval('[data-chart="hardware-energy"] .chart-box > svg circle', (cs) => cs.map((c) => c.getAttribute("fill")));
      expect(fills.filter((f) => f === "#0e7490").length).toBeGreaterThan(10);
      expect(fills.filter((f) => f === "#0e7490").length).toBe(fills.length / 2);
      expect(await legend(page, "hardware-energy")).toContain("vs KV FP4");
      const scenario = (await page.getAttribute(`[data-chart="hardware-energy"] [data-scenario]`, "data-scenario")) ?? "";
      expect(scenario).toContain("Llama 3.1 70B");
      expect(scenario).toContain("8 chips of every catalog system");
    };
    await check();
    await reload(page, "hardware-energy");
    await check();
    expect(errors).toEqual([]);
  });

  it("Train: another chip's trains and the expected train (fitted step time) on the same time axis, periods and 2T equal to `batch --json`'s; survives a reload", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=train&model=llama-3.1-70b&hw=nvidia-h100-sxm5-80gb&chips=8`);
    await page.click("[data-compare-add]");
    await page.waitForSelector('[data-compare="0"]');
    await page.selectOption('[data-compare="0"] [data-compare-field="hardware"]', "nvidia-b200-hgx");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("cmp") === "hw:nvidia-b200-hgx");
    // A second comparison: the same scenario's train at the expected step time (efficiency).
    await page.click("[data-compare-add]");
    await page.waitForSelector('[data-compare="1"]');
    await page.selectOption('[data-compare="1"] [data-compare-field="eff"]', "expected");
    await page.selectOption('[data-compare="1"] [data-compare-field="hardware"]', "");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("cmp") === "hw:nvidia-b200-hgx;eff:expected");
    type Trains = { train: { periodSeconds: number; worstCaseLatencySeconds: number }; expectedTrain: { periodSeconds: number; worstCaseLatencySeconds: number; tokensPerSecond: number } };
    const b200 = await cliJson<Trains>("batch", "--json", "-m", "llama-3.1-70b", "-H", "nvidia-b200-hgx", "-n", "8");
    const h100 = await cliJson<Trains>("batch", "--json", ...H100);
    const check = async () => {
      const rows = await page.$$eval('[data-chart="train-timeline"] .chart-box > svg text', (ts) => ts.map((t) => t.textContent ?? ""));
      expect(rows.some((t) => t.startsWith("vs 8 × NVIDIA B"))).toBe(true);
      expect(rows.some((t) => t.startsWith("vs expected"))).toBe(true);
      expect(await legend(page, "train-timeline")).toContain("vs 8 × NVIDIA B200");
      expect(await legend(page, "train-timeline")).toContain("vs expected (fitted)");
      expect(rel(await numValue(page, "train.compare.0.trainPeriodSeconds"), b200.train.periodSeconds)).toBeLessThan(1e-12);
      expect(rel(await numValue(page, "train.compare.0.trainWorstCaseLatencySeconds"), b200.train.worstCaseLatencySeconds)).toBeLessThan(1e-12);
      expect(rel(await numValue(page, "train.compare.1.trainPeriodSeconds"), h100.expectedTrain.periodSeconds)).toBeLessThan(1e-12);
      expect(rel(await numValue(page, "train.compare.1.trainWorstCaseLatencySeconds"), h100.expectedTrain.worstCaseLatencySeconds)).toBeLessThan(1e-12);
      expect(rel(await numValue(page, "train.compare.1.trainTokensPerSecond"), h100.expectedTrain.tokensPerSecond)).toBeLessThan(1e-12);
      expect(rel(await numValue(page, "train.expectedTrainPeriodSeconds"), h100.expectedTrain.periodSeconds)).toBeLessThan(1e-12);
      // The ideal is a bound: the expected train departs less often.
      expect(h100.expectedTrain.periodSeconds).toBeGreaterThan(h100.train.periodSeconds);
    };
    await check();
    await reload(page, "train-timeline");
    await check();
    expect(errors).toEqual([]);
  });

  it("Fast & slow modes: another chip's price–speed frontier, point for point `modes --json`'s; an unpriced one is named; survives a reload", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=modes&model=llama-3.1-70b&hw=nvidia-h100-sxm5-80gb&chips=8&cmp=hw:nvidia-b200-hgx;hw:amd-mi355x`);
    await page.waitForSelector('[data-chart="modes-frontier"] .chart-box > svg');
    const b200 = await cliJson<{ frontier: { tokensPerSecondPerSequence: number; usdPerMillionTokens: number }[] }>("modes", "--json", "-m", "llama-3.1-70b", "-H", "nvidia-b200-hgx", "-n", "8");
    const check = async () => {
      expect(await seriesTitles(page, "modes-frontier")).toContain("vs 8 × NVIDIA B200: frontier");
      const d = await page.$eval('[data-chart="modes-frontier"] .chart-box > svg', (svg) => [...svg.querySelectorAll("path")].find((p) => p.querySelector("title")?.textContent === "vs 8 × NVIDIA B200: frontier")?.getAttribute("d") ?? "");
      expect(d.split(/[ML]/).filter(Boolean)).toHaveLength(b200.frontier.length);
      // The MI355X has no catalog price: no price–speed frontier, and the page says so.
      expect((await page.textContent("[data-compare-failed]")) ?? "").toContain("Not drawn: vs 8 × AMD Instinct MI355X");
    };
    await check();
    await reload(page, "modes-frontier");
    await check();
    expect(errors).toEqual([]);
  });

  it("Training step: another layout (data, tensor, pipeline parallel) beside the page's, equal to `train-step --json`'s; survives a reload", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=train-step&model=llama-3.1-70b&hw=nvidia-h100-sxm5-80gb&x.dp=8&x.tp=8&x.m=16`);
    await page.click("[data-compare-add]");
    await page.waitForSelector('[data-compare="0"]');
    await page.fill('[data-compare="0"] [data-compare-field="tp"]', "4");
    await page.press('[data-compare="0"] [data-compare-field="tp"]', "Tab");
    await page.fill('[data-compare="0"] [data-compare-field="pp"]', "2");
    await page.press('[data-compare="0"] [data-compare-field="pp"]', "Tab");
    await page.selectOption('[data-compare="0"] [data-compare-field="hardware"]', "");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("cmp") === "tp:4,pp:2");
    const r = await cliJson<{ time: { stepSeconds: number }; tokensPerSecondPerChip: number; memory: { totalBytes: number } }>("train-step", "--json", "-m", "llama-3.1-70b", "-H", "nvidia-h100-sxm5-80gb", "--dp", "8", "--tp", "4", "--pp", "2", "--micro-batches", "16", "--seq-len", "8192", "--tokens", "15T");
    const check = async () => {
      expect(rel(await numValue(page, "train-step.compare.0.stepSeconds"), r.time.stepSeconds)).toBeLessThan(1e-12);
      expect(rel(await numValue(page, "train-step.compare.0.tokensPerSecondPerChip"), r.tokensPerSecondPerChip)).toBeLessThan(1e-12);
      expect(rel(await numValue(page, "train-step.compare.0.memory"), r.memory.totalBytes)).toBeLessThan(1e-12);
      expect(await page.textContent('[data-compare-row="0"]')).toContain("D8 T4 P2");
      expect(await legend(page, "train-step-memory")).toContain("vs layout T4 P2");
      // The comparison's bytes per part are points on the page's rows.
      const fills = await page.$$eval('[data-chart="train-step-memory"] .chart-box > svg circle', (cs) => cs.map((c) => c.getAttribute("fill")));
      expect(fills.filter((f) => f === "#0e7490")).toHaveLength(6);
    };
    await check();
    await reload(page, "train-step-memory");
    await check();
    expect(errors).toEqual([]);
  });

  it("Model inspector: another model's parameters by part as points on the parts both have; survives a reload", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=model&model=deepseek-v3&cmp=model:kimi-k2`);
    await page.waitForSelector('[data-chart="model-parts"] .chart-box > svg');
    const mine = new Set((getModel("deepseek-v3").parameters?.parts ?? []).filter((p) => p.total > 0).map((p) => p.label));
    const theirs = (getModel("kimi-k2").parameters?.parts ?? []).filter((p) => p.total > 0 && mine.has(p.label));
    const expected = theirs.reduce((n, p) => n + 1 + (p.active > 0 ? 1 : 0), 0);
    expect(expected).toBeGreaterThan(3);
    const check = async () => {
      const fills = await page.$$eval('[data-chart="model-parts"] .chart-box > svg circle', (cs) => cs.map((c) => c.getAttribute("fill")));
      expect(fills.filter((f) => f === "#0e7490")).toHaveLength(expected);
      expect(await legend(page, "model-parts")).toContain("vs Kimi K2");
    };
    await check();
    await reload(page, "model-parts");
    await check();
    expect(errors).toEqual([]);
  });

  it("a change a page cannot draw is named, never drawn as the page's own scenario again", async () => {
    // The price–speed frontier is the ideal roofline's: Fast & slow modes has no expected numbers.
    const { page, errors } = await openPage(browser(), `${base}?page=modes&model=llama-3.1-70b&hw=nvidia-h100-sxm5-80gb&chips=8&cmp=eff:expected;hw:nvidia-b200-hgx,eff:expected`);
    await page.waitForSelector('[data-chart="modes-frontier"] .chart-box > svg');
    const notes = (await page.textContent("[data-compare-failed]")) ?? "";
    expect(notes).toContain("Not drawn: vs expected (fitted). This page cannot vary efficiency (ideal or expected).");
    expect(notes).toContain("vs 8 × NVIDIA B200: drawn without its efficiency (ideal or expected) change");
    expect(await legend(page, "modes-frontier")).toContain("vs 8 × NVIDIA B200");
    expect(await legend(page, "modes-frontier")).not.toContain("expected");
    expect(errors).toEqual([]);
  });

  it("a comparison that cannot be computed says why instead of vanishing", async () => {
    // The catalog does not know Rubin Ultra's HBM bandwidth: that comparison cannot be drawn.
    const { page, errors } = await openPage(browser(), `${base}?page=batch&model=llama-3.1-70b&hw=nvidia-h100-sxm5-80gb&chips=8&cmp=hw:nvidia-rubin-ultra-nvl576;kv:fp4`);
    await page.waitForSelector('[data-chart="batch-time"] .chart-box > svg');
    const failed = (await page.textContent("[data-compare-failed]")) ?? "";
    expect(failed).toContain("Not drawn: vs 8 × NVIDIA Rubin Ultra");
    expect(failed).toContain("HBM bandwidth");
    const titles = await seriesTitles(page, "batch-time");
    expect(titles).toContain("vs KV FP4: step");
    expect(titles.some((t) => t.includes("Rubin"))).toBe(false);
    expect(errors).toEqual([]);
  });
});

describe("a pinned read-out lives in the URL", () => {
  it("pinning a point writes pin=chart:x; a reload restores the pinned point and its open derivation", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=batch&model=llama-3.1-70b&hw=nvidia-h100-sxm5-80gb&chips=8`);
    await page.focus('[data-chart="batch-time"] .chart-box');
    await page.keyboard.press("Home");
    for (let i = 0; i < 6; i++) await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("pin")?.startsWith("batch-time:"));
    const url = new URL(page.url());
    const x = Number(url.searchParams.get("pin")?.split(":")[1]);
    const explain = url.searchParams.get("explain") ?? "";
    expect(explain).toBe(`batch-time.at.${x}.stepSeconds`);
    await page.waitForSelector(".panel");
    const before = await page.textContent(".panel");
    await page.reload();
    const r = page.locator('[data-chart="batch-time"] [data-readout]');
    await r.waitFor();
    expect(Number(await r.getAttribute("data-readout"))).toBe(x);
    expect(await r.textContent()).toContain("pinned");
    await page.waitForSelector(".panel");
    expect(await page.textContent(".panel")).toBe(before);
    // Escape unpins: the URL forgets it.
    await page.focus('[data-chart="batch-time"] .chart-box');
    await page.keyboard.press("Escape");
    await page.waitForFunction(() => !new URL(location.href).searchParams.has("pin"));
    expect(errors).toEqual([]);
  });

  it("several points pin at once (pin=chart:x,chart:x2 in the URL): a reload restores them all, their values equal `step --json`'s, each can be unpinned", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=batch&model=llama-3.1-70b&hw=nvidia-h100-sxm5-80gb&chips=8`);
    await page.focus('[data-chart="batch-time"] .chart-box');
    await page.keyboard.press("Home");
    for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Enter");
    // Pinning opens the point's derivation (focus goes to its panel): back to the chart.
    await page.focus('[data-chart="batch-time"] .chart-box');
    for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => (new URL(location.href).searchParams.get("pin") ?? "").split(",").length === 2);
    // A pin on another chart of the same view is kept beside them.
    await page.focus('[data-chart="batch-cost"] .chart-box');
    await page.keyboard.press("End");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => (new URL(location.href).searchParams.get("pin") ?? "").split(",").length === 3);
    const pins = (new URL(page.url()).searchParams.get("pin") ?? "").split(",");
    const xs = pins.filter((p) => p.startsWith("batch-time:")).map((p) => Number(p.split(":")[1]));
    expect(xs).toHaveLength(2);
    expect(pins.filter((p) => p.startsWith("batch-cost:"))).toHaveLength(1);
    await page.reload();
    await page.waitForSelector('[data-pinned="batch-time"]');
    expect(await page.$$eval('[data-pinned="batch-time"] th[data-pin-x]', (ths) => ths.map((t) => Number(t.getAttribute("data-pin-x"))))).toEqual(xs);
    expect(await page.$$eval('[data-pinned="batch-cost"] th[data-pin-x]', (ths) => ths.length)).toBe(1);
    for (const [k, x] of xs.entries()) {
      const step = await cliJson<{ stepSeconds: number }>("step", "--json", ...H100, "--kv", "fp8", "-b", String(x));
      const y = await page.$$eval('[data-pinned="batch-time"] tr[data-series="step = max(compute, memory)"] td', (tds, i) => Number(tds[i as number]?.getAttribute("data-y")), k);
      expect(rel(y, step.stepSeconds)).toBeLessThan(1e-9);
    }
    // Each pinned value opens its derivation.
    await page.click(`[data-pinned="batch-time"] [data-num="batch-time.at.${xs[0]}.stepSeconds"]`);
    await page.waitForFunction((x) => new URL(location.href).searchParams.get("explain") === `batch-time.at.${x}.stepSeconds`, xs[0]);
    expect(await page.textContent(".panel")).toContain("step");
    // Unpin the first: the URL keeps the others.
    await page.click(`[data-pinned="batch-time"] th[data-pin-x="${xs[0]}"] button`);
    await page.waitForFunction((x) => !(new URL(location.href).searchParams.get("pin") ?? "").split(",").includes(`batch-time:${x}`), xs[0]);
    const left = (new URL(page.url()).searchParams.get("pin") ?? "").split(",");
    expect(left).toContain(`batch-time:${xs[1]}`);
    expect(left.filter((p) => p.startsWith("batch-cost:"))).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it("a derivation opened from the curve's table stays open while the batch is dragged (the curve is kept, its cells still register)", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=batch&model=llama-3.1-70b&hw=nvidia-h100-sxm5-80gb&chips=8`);
    await page.locator('[data-table="batch-points"] [data-num$=".stepSeconds"]').first().click();
    await page.waitForSelector(".panel");
    const before = await page.textContent(".panel");
    for (const v of [100, 600, 900]) {
      await page.$eval("#c-batch-slider", (el, value) => {
        (el as HTMLInputElement).value = String(value);
        el.dispatchEvent(new Event("input", { bubbles: true }));
      }, v);
      await page.waitForTimeout(50);
      expect(await page.textContent(".panel")).toBe(before);
    }
    expect(errors).toEqual([]);
  });

  it("a malformed pin is named and ignored", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=batch&pin=${encodeURIComponent("<svg>:1")}`);
    expect(await page.textContent("[data-url-problems]")).toContain("pin");
    expect(await page.$('[data-chart="batch-time"] [data-readout]')).toBeNull();
    expect(errors).toEqual([]);
  });
});

describe("energy beyond the Batch page", () => {
  it("Serving: J per output token and tokens/s per MW at the request rate: the chips' TDP over the rate × output length", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=serving&model=llama-3.1-70b&hw=nvidia-h100-sxm5-80gb&chips=8&x.rate=2&x.out=500&x.n=200`);
    await page.waitForSelector("[data-serving-energy]");
    const tdp = getHardware("nvidia-h100-sxm5-80gb").tdpWatts.value as number;
    const outPerSecond = 2 * 500;
    expect(rel(await numValue(page, "serving.energy.powerWatts"), 8 * tdp)).toBeLessThan(1e-12);
    expect(rel(await numValue(page, "serving.energy.joulesPerToken"), (8 * tdp) / outPerSecond)).toBeLessThan(1e-9);
    expect(rel(await numValue(page, "serving.energy.tokensPerSecondPerMegawatt"), (outPerSecond * 1e6) / (8 * tdp))).toBeLessThan(1e-9);
    // The curve against rate: energy per token falls as the rate fills the chips.
    await page.waitForSelector('[data-chart="serving-energy"] .chart-box > svg');
    const a = await readout(page, "serving-energy", 0.15);
    const b = await readout(page, "serving-energy", 0.85);
    expect(b.x).toBeGreaterThan(a.x);
    expect(b.y["J per output token (upper bound)"]).toBeLessThan(a.y["J per output token (upper bound)"] as number);
    // A comparison draws its own energy curve on the same chart, and survives a reload.
    await page.click("[data-compare-add]");
    await page.waitForSelector('[data-compare="0"]');
    await page.selectOption('[data-compare="0"] [data-compare-field="hardware"]', "nvidia-b200-hgx");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("cmp") === "hw:nvidia-b200-hgx");
    for (const again of [false, true]) {
      if (again) await reload(page, "serving-energy");
      await page.waitForFunction(() => [...document.querySelectorAll('[data-chart="serving-energy"] svg path title')].some((t) => t.textContent === "vs 8 × NVIDIA B200"));
      expect(await legend(page, "serving-energy")).toContain("vs 8 × NVIDIA B200");
    }
    // Its closed form at the page's rate is the CLI's (the page and the CLI both default to expected step times).
    const b200 = await cliJson<{ closedForm: { maxRatePerSecond: number; ttftSeconds: number; tpotSeconds: number } }>("serve", "--json", "-m", "llama-3.1-70b", "-H", "nvidia-b200-hgx", "-n", "8", "--rate", "2", "--input-tokens", "1000", "--output-tokens", "500", "--requests", "200");
    expect(rel(await numValue(page, "serving.compare.0.max"), b200.closedForm.maxRatePerSecond)).toBeLessThan(1e-12);
    expect(rel(await numValue(page, "serving.compare.0.ttft"), b200.closedForm.ttftSeconds)).toBeLessThan(1e-12);
    expect(rel(await numValue(page, "serving.compare.0.tpot"), b200.closedForm.tpotSeconds)).toBeLessThan(1e-12);
    // Its derivation names TDP as the upper bound.
    await page.click('[data-num="serving.energy.joulesPerToken"]');
    expect(await page.textContent(".panel")).toContain("TDP");
    expect(errors).toEqual([]);
  });
});

describe("compare on the economics, speculative decoding and validation pages", () => {
  /** A read-out's value of a series at the read-out's x, or a clear failure naming what is missing. */
  const at = (y: Record<string, number>, name: string): number => {
    const v = y[name];
    if (v === undefined) throw new Error(`no series "${name}" in the read-out (has ${Object.keys(y).join(", ")})`);
    return v;
  };

  it("API prices: another chip's and a narrower KV cache's roofline cost under the list price, equal to `context --json`; survives a reload", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=prices&model=llama-3.1-70b&hw=nvidia-h100-sxm5-80gb&chips=8&cmp=hw:nvidia-b200-hgx;kv:fp8`);
    await page.waitForSelector('[data-chart="prices-context"] .chart-box > svg');
    const check = async () => {
      const titles = await seriesTitles(page, "prices-context");
      expect(titles).toContain("vs 8 × NVIDIA B200");
      expect(titles).toContain("vs KV FP8");
      expect(await legend(page, "prices-context")).toContain("vs 8 × NVIDIA B200 (roofline cost)");
    };
    await check();
    await reload(page, "prices-context");
    await check();
    const { x, y } = await readout(page, "prices-context", 0.55);
    type Ctx = { series: { points: { x: number; usdPerMillionTokens: number }[] }[] };
    const pointAt = (r: Ctx) => {
      const p = r.series[0]?.points.find((q) => q.x === x);
      if (!p) throw new Error(`read-out at ${x} is not a point of the CLI's curve`);
      return p.usdPerMillionTokens;
    };
    const here = await cliJson<Ctx>("context", "--json", ...H100);
    const b200 = await cliJson<Ctx>("context", "--json", "-m", "llama-3.1-70b", "-H", "nvidia-b200-hgx", "-n", "8");
    const fp8 = await cliJson<Ctx>("context", "--json", ...H100, "--kv", "fp8");
    expect(rel(at(y, "roofline cost (decode)"), pointAt(here))).toBeLessThan(1e-9);
    expect(rel(at(y, "vs 8 × NVIDIA B200"), pointAt(b200))).toBeLessThan(1e-9);
    expect(rel(at(y, "vs KV FP8"), pointAt(fp8))).toBeLessThan(1e-9);
    expect(errors).toEqual([]);
  });

  it("KV tiers: another model's and another chip's tier curves, equal to `kv-tiers --json`; survives a reload", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=kv-tiers&model=llama-3.1-70b&hw=nvidia-h100-sxm5-80gb`);
    await page.click("[data-compare-add]");
    await page.waitForSelector('[data-compare="0"]');
    await page.selectOption('[data-compare="0"] [data-compare-field="model"]', "deepseek-v3");
    await page.selectOption('[data-compare="0"] [data-compare-field="hardware"]', "");
    // KV tiers has no chip count: the comparison bar offers none.
    expect(await page.$('[data-compare="0"] [data-compare-field="chips"]')).toBeNull();
    await page.waitForFunction(() => new URL(location.href).searchParams.get("cmp") === "model:deepseek-v3");
    const check = async () => {
      const titles = await seriesTitles(page, "kv-tiers-hold");
      for (const tier of ["hbm", "flash", "recompute"]) expect(titles).toContain(`vs DeepSeek-V3: ${tier}`);
      expect(await legend(page, "kv-tiers-hold")).toContain("vs DeepSeek-V3 (each tier)");
    };
    await check();
    await reload(page, "kv-tiers-hold");
    await check();
    const { x, y } = await readout(page, "kv-tiers-hold", 0.5);
    type Tiers = { points: { holdSeconds: number; usd: Record<string, number | null> }[] };
    const ds = await cliJson<Tiers>("kv-tiers", "--json", "-m", "deepseek-v3", "-H", "nvidia-h100-sxm5-80gb");
    const p = ds.points.find((q) => q.holdSeconds === x);
    if (!p) throw new Error(`read-out at ${x} is not a point of the CLI's sweep`);
    for (const tier of ["hbm", "flash", "recompute"]) expect(rel(at(y, `vs DeepSeek-V3: ${tier}`), p.usd[tier] as number)).toBeLessThan(1e-9);
    expect(errors).toEqual([]);
  });

  it("Speculative decoding: another chip's and another model's speedup curves, equal to `specdec --json`; survives a reload", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=specdec&cmp=hw:nvidia-b200-hgx;model:llama-3.1-8b`);
    await page.waitForSelector('[data-chart="specdec-speedup"] .chart-box > svg');
    const check = async () => {
      const titles = await seriesTitles(page, "specdec-speedup");
      // The page decodes on one chip by default: the comparison names the chip, not a count it does not know.
      expect(titles).toContain("vs NVIDIA B200");
      expect(titles).toContain("vs Llama 3.1 8B");
      expect(await legend(page, "specdec-speedup")).toContain("vs NVIDIA B200 (modelled speedup)");
    };
    await check();
    await reload(page, "specdec-speedup");
    await check();
    const { x, y } = await readout(page, "specdec-speedup", 0.8);
    type Spec = { curve: { concurrency: number; speedup: number }[] };
    const pointAt = (r: Spec) => {
      const p = r.curve.find((q) => q.concurrency === x);
      if (!p) throw new Error(`read-out at ${x} is not a point of the CLI's curve`);
      return p.speedup;
    };
    const b200 = await cliJson<Spec>("specdec", "--json", "-H", "nvidia-b200-hgx");
    const l8 = await cliJson<Spec>("specdec", "--json", "-m", "llama-3.1-8b");
    expect(rel(at(y, "vs NVIDIA B200"), pointAt(b200))).toBeLessThan(1e-9);
    expect(rel(at(y, "vs Llama 3.1 8B"), pointAt(l8))).toBeLessThan(1e-9);
    expect(errors).toEqual([]);
  });

  it("Training split: the split is the same on every chip (said on the page); each chip's pre-training run equals `train --json`'s; survives a reload", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=training&cmp=hw:nvidia-b200-hgx;hw:amd-mi355x`);
    await page.waitForSelector('[data-chart="training-runs"] .chart-box > svg');
    type Train = { training: { run: { chipHours: number; usd: number | null; seconds: number } } };
    const b200 = await cliJson<Train>("train", "--json", "-H", "nvidia-b200-hgx");
    const mi = await cliJson<Train>("train", "--json", "-H", "amd-mi355x");
    const check = async () => {
      expect(await page.textContent('[data-compare-note="split"]')).toContain("does not depend on the chip");
      expect(rel(await numValue(page, "training.compare.0.chipHours"), b200.training.run.chipHours)).toBeLessThan(1e-12);
      expect(rel(await numValue(page, "training.compare.0.usd"), b200.training.run.usd as number)).toBeLessThan(1e-12);
      expect(rel(await numValue(page, "training.compare.0.seconds"), b200.training.run.seconds)).toBeLessThan(1e-12);
      expect(rel(await numValue(page, "training.compare.1.seconds"), mi.training.run.seconds)).toBeLessThan(1e-12);
      // No public MI355X price: its cost is unknown, never $0.
      expect(await page.textContent('[data-num="training.compare.1.usd"]')).toContain("unknown");
      const rows = await page.$$eval('[data-chart="training-runs"] .chart-box > svg text', (ts) => ts.map((t) => t.textContent ?? ""));
      expect(rows).toContain("vs NVIDIA B200");
      expect(rows).toContain("vs AMD Instinct MI355X");
      expect(await legend(page, "training-runs")).toContain("vs AMD Instinct MI355X");
    };
    await check();
    await reload(page, "training-runs");
    await check();
    expect(errors).toEqual([]);
  });

  it("World models: another chip's fan-out curve and its tier and tick bar ends on the page's charts, equal to `worldmodel --json`; survives a reload", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=worldmodel&cmp=hw:nvidia-b200-hgx`);
    await page.waitForSelector('[data-chart="worldmodel-fanout"] .chart-box > svg');
    type Wm = { fanOut: { windowFrames: number; branchesPerGpu: number }[]; tiers: unknown[]; tensorParallelSweep: unknown[] };
    const b200 = await cliJson<Wm>("worldmodel", "--json", "-H", "nvidia-b200-hgx");
    const check = async () => {
      expect(await seriesTitles(page, "worldmodel-fanout")).toContain("vs NVIDIA B200");
      expect(await legend(page, "worldmodel-fanout")).toContain("vs NVIDIA B200 (branches per GPU)");
      // A point per tier and two per tensor-parallel row (compute end, tick end) in the comparison's colour.
      const fills = async (chart: string) => (await page.$$eval(`[data-chart="${chart}"] .chart-box > svg circle`, (cs) => cs.map((c) => c.getAttribute("fill")))).filter((f) => f === "#0e7490").length;
      expect(await fills("worldmodel-tiers")).toBe(b200.tiers.length);
      expect(await fills("worldmodel-tick")).toBe(2 * b200.tensorParallelSweep.length);
    };
    await check();
    await reload(page, "worldmodel-fanout");
    await check();
    const { x, y } = await readout(page, "worldmodel-fanout", 0.3);
    const p = b200.fanOut.find((q) => q.windowFrames === x);
    if (!p) throw new Error(`read-out at ${x} is not a point of the CLI's fan-out`);
    expect(at(y, "vs NVIDIA B200")).toBe(p.branchesPerGpu);
    expect(errors).toEqual([]);
  });

  it("Cluster layout: the same layout on another chip and with an FP8 KV cache — time per token (ideal and expected), cost, chips, memory equal to `layout --json`; survives a reload", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=layout&x.b=64&cmp=hw:nvidia-b200-hgx;kv:fp8`);
    await page.waitForSelector('[data-chart="layout.compare"] .chart-box > svg');
    type Lay = { time: { tokenSeconds: number }; expected: { tokenSeconds: number }; expectedUsdPerMillionTokens: number | null; chips: { perReplica: number }; memory: { totalBytesPerChip: number } };
    const runs: [string, Lay][] = [
      ["page", await cliJson<Lay>("layout", "--json", "-b", "64")],
      ["0", await cliJson<Lay>("layout", "--json", "-b", "64", "-H", "nvidia-b200-hgx")],
      ["1", await cliJson<Lay>("layout", "--json", "-b", "64", "--kv", "fp8")],
    ];
    const check = async () => {
      for (const [i, r] of runs) {
        expect(rel(await numValue(page, `layout.compare.${i}.tokenSeconds`), r.time.tokenSeconds)).toBeLessThan(1e-12);
        expect(rel(await numValue(page, `layout.compare.${i}.expectedTokenSeconds`), r.expected.tokenSeconds)).toBeLessThan(1e-12);
        expect(rel(await numValue(page, `layout.compare.${i}.expectedUsdPerMillionTokens`), r.expectedUsdPerMillionTokens as number)).toBeLessThan(1e-12);
        expect(await numValue(page, `layout.compare.${i}.chips`)).toBe(r.chips.perReplica);
        expect(rel(await numValue(page, `layout.compare.${i}.memory`), r.memory.totalBytesPerChip)).toBeLessThan(1e-12);
      }
      const rows = await page.$$eval('[data-chart="layout.compare"] .chart-box > svg text', (ts) => ts.map((t) => t.textContent ?? ""));
      expect(rows).toContain("vs NVIDIA B200");
      expect(rows).toContain("vs KV FP8");
      expect(await legend(page, "layout.compare")).toContain("vs NVIDIA B200 (ideal)");
    };
    await check();
    await reload(page, "layout.compare");
    await check();
    expect(errors).toEqual([]);
  });

  it("Cluster layout: the same model and chip on other degrees (EP 32; TP 2) — time per token and chips equal to `layout --json`; survives a reload", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=layout&x.b=64&cmp=ep:32;tp:2`);
    await page.waitForSelector('[data-chart="layout.compare"] .chart-box > svg');
    type Lay = { time: { tokenSeconds: number }; expected: { tokenSeconds: number }; chips: { perReplica: number } };
    const runs: [string, Lay][] = [
      ["page", await cliJson<Lay>("layout", "--json", "-b", "64")],
      ["0", await cliJson<Lay>("layout", "--json", "-b", "64", "--ep", "32")],
      ["1", await cliJson<Lay>("layout", "--json", "-b", "64", "--tp", "2")],
    ];
    expect(runs[1]?.[1].chips.perReplica).not.toBe(runs[0]?.[1].chips.perReplica);
    const check = async () => {
      for (const [i, r] of runs) {
        expect(rel(await numValue(page, `layout.compare.${i}.tokenSeconds`), r.time.tokenSeconds)).toBeLessThan(1e-12);
        expect(rel(await numValue(page, `layout.compare.${i}.expectedTokenSeconds`), r.expected.tokenSeconds)).toBeLessThan(1e-12);
        expect(await numValue(page, `layout.compare.${i}.chips`)).toBe(r.chips.perReplica);
      }
      expect(await legend(page, "layout.compare")).toContain("vs EP 32 (ideal)");
      // Here EP changes the ideal too (chips per replica), so the step pages' "expected only" note is not shown.
      expect(await page.$('[data-compare-note="ep"]')).toBeNull();
    };
    await check();
    await reload(page, "layout.compare");
    await check();
    expect(errors).toEqual([]);
  });

  it("Lecture: the memory wall of another model and another rack beside the page's, equal to `lecture memory-wall --json`; survives a reload", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=lecture&cmp=model:deepseek-v3;hw:nvidia-gb300-nvl72`);
    await page.waitForSelector("[data-wall-compare] [data-compare-table]");
    type Wall = { rackHbmBytes: number; weightBytes: number; sequencesThatFit: number; optimalBatch: number | null };
    const runs: [string, Wall][] = [
      ["page", await cliJson<Wall>("lecture", "memory-wall", "--json")],
      ["0", await cliJson<Wall>("lecture", "memory-wall", "--json", "-m", "deepseek-v3")],
      ["1", await cliJson<Wall>("lecture", "memory-wall", "--json", "-H", "nvidia-gb300-nvl72")],
    ];
    const check = async () => {
      for (const [i, r] of runs) {
        expect(rel(await numValue(page, `lecture.wall.compare.${i}.rack`), r.rackHbmBytes)).toBeLessThan(1e-12);
        expect(rel(await numValue(page, `lecture.wall.compare.${i}.weights`), r.weightBytes)).toBeLessThan(1e-12);
        expect(await numValue(page, `lecture.wall.compare.${i}.fit`)).toBe(r.sequencesThatFit);
      }
      expect(await page.textContent('[data-compare-row="0"]')).toContain("vs DeepSeek-V3");
      expect(await page.textContent('[data-compare-note="lecture"]')).toContain("scale-up table above already compares every domain");
    };
    await check();
    await page.reload();
    await page.waitForSelector("[data-wall-compare] [data-compare-table]");
    await check();
    expect(errors).toEqual([]);
  });

  it("Validation: the ideal roofline's and the in-sample fit's errors beside the LOSO residuals, one point per scored row of `validate --json`; another chip is named, not drawn", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=validation&cmp=eff:ideal;hw:nvidia-b200-hgx`);
    await page.waitForSelector('[data-chart="validation-by-source"] .chart-box > svg');
    const v = await cliJson<{ predictions: { scored: boolean; idealError: number }[] }>("validate", "--json");
    const scored = v.predictions.filter((p) => p.scored).length;
    expect(scored).toBeGreaterThan(10);
    const check = async () => {
      for (const chart of ["validation-by-source", "validation-by-chip", "validation-by-phase"]) {
        const fills = await page.$$eval(`[data-chart="${chart}"] .chart-box > svg circle`, (cs) => cs.map((c) => c.getAttribute("fill")));
        expect(fills.filter((f) => f === "#0e7490")).toHaveLength(scored);
        expect(await legend(page, chart)).toContain("vs ideal roofline (a bound)");
      }
      expect((await page.textContent("[data-compare-failed]")) ?? "").toContain("Not drawn: vs NVIDIA B200");
    };
    await check();
    await reload(page, "validation-by-source");
    await check();
    expect(errors).toEqual([]);
  });
});

describe("Serving: comparisons are simulated too", () => {
  it("another chip and the ideal step times: TTFT/TPOT distributions, goodput against rate and the frontier on the page's charts, simulated numbers equal to `serve --json`'s; survives a reload", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=serving&model=llama-3.1-70b&hw=nvidia-h100-sxm5-80gb&chips=8&x.rate=2&x.out=500&x.n=200&cmp=hw:nvidia-b200-hgx;eff:ideal`);
    type Serve = { stepTimes: string; requestsPerSecond: number; ttftSeconds: { p50: number; p99: number }; tpotSeconds: { p50: number; p99: number }; goodputRequestsPerSecond: { total: number } };
    const args = ["--json", "-m", "llama-3.1-70b", "-n", "8", "--rate", "2", "--input-tokens", "1000", "--output-tokens", "500", "--requests", "200"];
    const b200 = await cliJson<Serve>("serve", ...args, "-H", "nvidia-b200-hgx");
    const ideal = await cliJson<Serve>("serve", ...args, "-H", "nvidia-h100-sxm5-80gb", "--efficiency", "ideal");
    expect(b200.stepTimes).toBe("expected");
    expect(ideal.stepTimes).toBe("ideal");
    const check = async () => {
      await page.waitForFunction(() => document.querySelectorAll("[data-sim-done]").length === 3 && document.querySelectorAll('[data-chart="serving.rate"] svg path title').length >= 6, null, { timeout: 120_000 });
      for (const [i, r] of [[0, b200], [1, ideal]] as const) {
        expect(rel(await numValue(page, `serving.sim.compare.${i}.rps`), r.requestsPerSecond)).toBeLessThan(1e-12);
        expect(rel(await numValue(page, `serving.sim.compare.${i}.ttftP50`), r.ttftSeconds.p50)).toBeLessThan(1e-12);
        expect(rel(await numValue(page, `serving.sim.compare.${i}.ttftP99`), r.ttftSeconds.p99)).toBeLessThan(1e-12);
        expect(rel(await numValue(page, `serving.sim.compare.${i}.tpotP99`), r.tpotSeconds.p99)).toBeLessThan(1e-12);
        expect(rel(await numValue(page, `serving.sim.compare.${i}.goodput`), r.goodputRequestsPerSecond.total)).toBeLessThan(1e-12);
      }
      // The ideal step times are a bound: the ideal scenario's first tokens come sooner.
      expect(ideal.ttftSeconds.p50).toBeLessThan(await numValue(page, "serving.sim.compare.page.ttftP50"));
      for (const chart of ["serving.ttftCdf", "serving.tpotCdf"]) {
        const titles = await seriesTitles(page, chart);
        expect(titles).toContain("vs 8 × NVIDIA B200");
        expect(titles).toContain("vs ideal roofline");
      }
      const rate = await seriesTitles(page, "serving.rate");
      for (const t of ["vs 8 × NVIDIA B200: throughput", "vs 8 × NVIDIA B200: goodput", "vs ideal roofline: throughput", "vs ideal roofline: goodput"]) expect(rate).toContain(t);
      expect(await legend(page, "serving.rate")).toContain("vs ideal roofline (throughput, goodput)");
      // The throughput–interactivity frontier: each comparison's closed loops, after its rate sweep.
      await page.waitForFunction(() => ["vs 8 × NVIDIA B200", "vs ideal roofline"].every((t) => [...document.querySelectorAll('[data-chart="serving.frontier"] svg path title')].some((x) => x.textContent === t)), null, { timeout: 120_000 });
      expect(await legend(page, "serving.frontier")).toContain("vs ideal roofline (simulated)");
      expect((await page.getAttribute('[data-chart="serving.ttftCdf"] [data-scenario]', "data-scenario")) ?? "").toContain("expected step times");
    };
    await check();
    await page.reload();
    await check();
    expect(errors).toEqual([]);
  });
});
