/**
 * The web app shows the CLI's numbers and derivations for the same inputs: each displayed number's
 * full-precision value (data-value) equals `roofline … --json`, and an opened derivation shows the same
 * formula, arithmetic and inputs as `roofline explain <name> --format json`.
 */
import type { Derivation } from "@roofline/core";
import { describe, expect, inject, it } from "vitest";
import { numValue, openPage, useBrowser } from "./browser.ts";
import { cliJson } from "./cli.ts";

const base = inject("baseUrl");
const browser = useBrowser();

/** The same inputs, as URL parameters and as CLI flags. */
const CASES = [
  { name: "the lecture's defaults", url: "", flags: [] as string[] },
  {
    name: "Llama 3.1 70B on 8 H100s, BF16 weights, FP8 KV, a price and efficiencies",
    url: "&model=llama-3.1-70b&hw=nvidia-h100-sxm5-80gb&chips=8&batch=256&ctx=4096&weights=bf16&kv=fp8&usd=2.5&ce=0.6&be=0.8",
    flags: ["-m", "llama-3.1-70b", "-H", "nvidia-h100-sxm5-80gb", "-n", "8", "-b", "256", "-c", "4096", "--weights", "bf16", "--kv", "fp8", "--usd-per-hour", "2.5", "--compute-efficiency", "0.6", "--bandwidth-efficiency", "0.8"],
  },
  {
    name: "gpt-oss-120b on MI300X with √ sparse attention and every expert read",
    url: "&model=gpt-oss-120b&hw=amd-mi300x&chips=4&batch=32&ctx=131072&attn=sqrt&routing=all",
    flags: ["-m", "gpt-oss-120b", "-H", "amd-mi300x", "-n", "4", "-b", "32", "-c", "131072", "--attention", "sqrt", "--expert-routing", "all"],
  },
];

/** The Batch page opens on an FP8 KV cache (BATCH_KV_DEFAULT) where the URL sets none. */
const batchPageFlags = (flags: string[]) => [...flags, ...(flags.includes("-b") ? [] : ["-b", "64"]), ...(flags.includes("--kv") ? [] : ["--kv", "fp8"])];

function same(actual: number, expected: number) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.abs(expected) * 1e-12);
}

describe.each(CASES)("$name", ({ url, flags }) => {
  it("Batch page: the step at the chosen batch equals `roofline step --json`", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=batch${url}`);
    const batchFlags = batchPageFlags(flags);
    const step = await cliJson<Record<string, number | null>>("step", "--json", ...batchFlags);
    for (const k of ["stepSeconds", "tokensPerSecond", "tokensPerSecondPerSequence", "mfu", "usdPerMillionTokens"]) {
      const expected = step[k];
      if (expected === null || expected === undefined) continue;
      same(await numValue(page, `step.${k}`), expected);
    }
    expect(errors).toEqual([]);
  });

  it("Batch page: the marked numbers equal `roofline batch --json`", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=batch${url}`);
    const r = await cliJson<Record<string, unknown>>("batch", "--json", ...flags, ...(flags.includes("--kv") ? [] : ["--kv", "fp8"]));
    same(await numValue(page, "batch.closedFormOptimalBatch"), r["closedFormOptimalBatch"] as number);
    same(await numValue(page, "batch.latencyFloorSeconds"), r["latencyFloorSeconds"] as number);
    same(await numValue(page, "batch.allWeightsReadSeconds"), r["allWeightsReadSeconds"] as number);
    same(await numValue(page, "batch.hbmDrainSeconds"), r["hbmDrainSeconds"] as number);
    same(await numValue(page, "batch.maxBatch"), r["maxBatch"] as number);
    if (r["optimalBatch"] !== null) same(await numValue(page, "batch.optimalBatch"), r["optimalBatch"] as number);
    else expect(await page.textContent('[data-num="batch.optimalBatch"]')).toContain("none");
    if (r["costFloorUsdPerMillionTokens"] !== null) same(await numValue(page, "batch.costFloorUsdPerMillionTokens"), r["costFloorUsdPerMillionTokens"] as number);
    // The chart's table is the CLI's curve, point for point.
    const xs = await page.$$eval('[data-table="batch-points"] [data-num$=".stepSeconds"]', (els) => els.map((e) => Number(e.getAttribute("data-value"))));
    const points = r["points"] as { stepSeconds: number }[];
    expect(xs.length).toBe(points.length);
    xs.forEach((v, i) => same(v, points[i]?.stepSeconds as number));
    expect(errors).toEqual([]);
  });

  it("Train page equals the CLI's train", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=train${url}`);
    const r = await cliJson<{ train: Record<string, number> }>("batch", "--json", ...flags);
    same(await numValue(page, "train.trainPeriodSeconds"), r.train["periodSeconds"] as number);
    same(await numValue(page, "train.trainWorstCaseLatencySeconds"), r.train["worstCaseLatencySeconds"] as number);
    same(await numValue(page, "train.trainTokensPerSecond"), r.train["tokensPerSecond"] as number);
    expect(errors).toEqual([]);
  });

  it("Context page equals `roofline context --json`", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=context${url}`);
    const r = await cliJson<{ series: { attention: string; crossoverContextTokens: number | null }[]; kvBytesPerTokenAtBalance: number; kvBytesPerToken: number }>("context", "--json", ...flags);
    for (const s of r.series) {
      if (s.crossoverContextTokens === null) expect(await page.textContent(`[data-num="context.crossover.${s.attention}"]`)).toBe("none");
      else same(await numValue(page, `context.crossover.${s.attention}`), s.crossoverContextTokens);
    }
    same(await numValue(page, "context.kvBytesPerTokenAtBalance"), r.kvBytesPerTokenAtBalance);
    same(await numValue(page, "context.kvBytesPerToken"), r.kvBytesPerToken);
    expect(errors).toEqual([]);
  });

  it("Prefill page equals `roofline prefill --json`", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=prefill${url}`);
    const r = await cliJson<{ decodeToPrefillRatio: number; prefill: { stepSeconds: number }; decode: { stepSeconds: number } }>("prefill", "--json", ...flags);
    same(await numValue(page, "prefill.decodeToPrefillRatio"), r.decodeToPrefillRatio);
    same(await numValue(page, "prefill.prefill.stepSeconds"), r.prefill.stepSeconds);
    same(await numValue(page, "prefill.decode.stepSeconds"), r.decode.stepSeconds);
    expect(errors).toEqual([]);
  });

  it("an opened derivation shows what `roofline explain stepSeconds` prints", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=batch${url}&explain=step.stepSeconds`);
    const batchFlags = batchPageFlags(flags);
    const d = await cliJson<Derivation>("explain", "stepSeconds", "--format", "json", ...batchFlags);
    await page.waitForSelector('[data-panel="step.stepSeconds"]');
    const panel = page.locator('[data-panel="step.stepSeconds"] [data-derivation="stepSeconds"]').first();
    expect(await panel.locator('[data-role="formula"]').first().textContent()).toBe(d.formula.text);
    expect(await panel.locator('[data-role="substituted"]').first().textContent()).toBe(`${d.substituted.text}\n  = ${d.display}`);
    expect(await page.textContent("#panel-title")).toBe(`${d.title} = ${d.display}`);
    const rows = await panel.locator(".deriv-inputs").first().locator("tbody tr").allTextContents();
    expect(rows.length).toBe(d.inputs.length);
    d.inputs.forEach((i, k) => {
      expect(rows[k]).toContain(i.symbol);
      expect(rows[k]).toContain(i.display);
    });
    // Derived inputs nest their own derivations, as the CLI's tree does.
    expect(await page.locator('[data-panel] .panel-body > .deriv > .deriv-children > details').count()).toBe(d.children.length);
    expect(errors).toEqual([]);
  });
});

describe("seeds", () => {
  it("the Seeds page shows `roofline seeds --json`'s derived values", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=seeds`);
    const claims = await cliJson<{ id: string; derivedValue: number | null; quotedValue: number }[]>("seeds", "--json");
    expect(claims.length).toBeGreaterThan(5);
    for (const c of claims) {
      if (c.derivedValue === null) expect(await page.locator(`[data-quoted-only="${c.id}"]`).count(), c.id).toBe(1);
      else same(await numValue(page, `seeds.${c.id}`), c.derivedValue);
      same(await numValue(page, `seeds.${c.id}.quoted`), c.quotedValue);
    }
    expect(errors).toEqual([]);
  });
});

