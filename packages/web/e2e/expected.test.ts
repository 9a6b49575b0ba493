/**
 * Issue 11's "both numbers everywhere", in the browser: where the Batch, Context, Prefill and Training step
 * pages show a step time, a throughput or a cost, the expected number stands beside the ideal one (a stat's
 * hint and the curve table's "(exp.)" columns), and each equals what the CLI prints for the same inputs.
 */
import { describe, expect, inject, it } from "vitest";
import { numValue, openPage, useBrowser } from "./browser.ts";
import { cliJson } from "./cli.ts";

const base = inject("baseUrl");
const browser = useBrowser({ width: 1440, height: 900 });

const URL_INPUTS = "&model=llama-3.1-70b&hw=nvidia-h100-sxm5-80gb&chips=8&batch=64&ctx=4096&kv=fp8";
const FLAGS = ["-m", "llama-3.1-70b", "-H", "nvidia-h100-sxm5-80gb", "-n", "8", "-b", "64", "-c", "4096", "--kv", "fp8"];

function same(actual: number, expected: number) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.abs(expected) * 1e-12);
}

interface Point {
  x: number;
  stepSeconds: number;
  tokensPerSecond: number;
  usdPerMillionTokens: number | null;
}

describe("the expected numbers beside the ideal ones", () => {
  it("Batch page: step time, cost and throughput carry their expected twin (= `roofline step --json`), and the table its (exp.) columns (= `roofline batch --json`)", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=batch${URL_INPUTS}`);
    const step = await cliJson<Record<string, number>>("step", "--json", ...FLAGS);
    for (const k of ["expectedStepSeconds", "expectedTokensPerSecond", "expectedTokensPerSecondPerSequence", "expectedUsdPerMillionTokens"]) same(await numValue(page, `step.${k}`), step[k] as number);
    expect(step["expectedStepSeconds"]).toBeGreaterThan(step["stepSeconds"] as number);
    const batch = await cliJson<{ points: Point[]; expectedPoints: Point[] }>("batch", "--json", ...FLAGS);
    const headers = await page.$$eval('[data-table="batch-points"] th, #batch-points th, table th', (ths) => ths.map((t) => (t.textContent ?? "").trim()));
    expect(headers.join(" | ")).toMatch(/step \(exp\.\).*tokens\/s \(exp\.\).*\$\/Mtok \(exp\.\)/);
    for (const p of [batch.expectedPoints[0], batch.expectedPoints[batch.expectedPoints.length - 1]] as Point[]) {
      same(await numValue(page, `batch.points.${p.x}.expectedStepSeconds`), p.stepSeconds);
      same(await numValue(page, `batch.points.${p.x}.expectedUsdPerMillionTokens`), p.usdPerMillionTokens as number);
    }
    expect(errors).toEqual([]);
  });

  it("Context page: the step at your context and its cost, ideal and expected (= `roofline step --json`)", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=context${URL_INPUTS}`);
    const step = await cliJson<Record<string, number>>("step", "--json", ...FLAGS);
    same(await numValue(page, "step.stepSeconds"), step["stepSeconds"] as number);
    same(await numValue(page, "step.expectedStepSeconds"), step["expectedStepSeconds"] as number);
    same(await numValue(page, "step.expectedUsdPerMillionTokens"), step["expectedUsdPerMillionTokens"] as number);
    const ctx = await cliJson<{ series: { points: Point[]; expectedPoints: Point[] }[] }>("context", "--json", ...FLAGS);
    const first = ctx.series[0]?.expectedPoints[0] as Point;
    same(await numValue(page, `context.points.${first.x}.expectedStepSeconds`), first.stepSeconds);
    expect(errors).toEqual([]);
  });

  it("Training step page: the expected step leads, the ideal (a bound) beside it (= `roofline train-step --json`'s ideal)", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=train-step`);
    const r = await cliJson<{ time: { stepSeconds: number }; mfu: number; ideal: { stepSeconds: number; tokensPerSecondPerChip: number; mfu: number } }>("train-step", "--json");
    same(await numValue(page, "train-step.stepSeconds"), r.time.stepSeconds);
    same(await numValue(page, "train-step.ideal.stepSeconds"), r.ideal.stepSeconds);
    same(await numValue(page, "train-step.ideal.tokensPerSecondPerChip"), r.ideal.tokensPerSecondPerChip);
    same(await numValue(page, "train-step.ideal.mfu"), r.ideal.mfu);
    expect(r.ideal.stepSeconds).toBeLessThan(r.time.stepSeconds);
    expect(errors).toEqual([]);
  });

  it("Prefill page: the prefill pass and the decode step, ideal and expected (= `roofline prefill --json`)", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=prefill&model=llama-3.1-70b&hw=nvidia-h100-sxm5-80gb&chips=8`);
    const r = await cliJson<{ prefill: Record<string, number>; decode: Record<string, number> }>("prefill", "--json", "-m", "llama-3.1-70b", "-H", "nvidia-h100-sxm5-80gb", "-n", "8");
    for (const phase of ["prefill", "decode"] as const) {
      same(await numValue(page, `prefill.${phase}.stepSeconds`), r[phase]["stepSeconds"] as number);
      same(await numValue(page, `prefill.${phase}.expectedStepSeconds`), r[phase]["expectedStepSeconds"] as number);
      same(await numValue(page, `prefill.${phase}.expectedTokensPerSecond`), r[phase]["expectedTokensPerSecond"] as number);
    }
    expect(errors).toEqual([]);
  });

  it("Validation page: every fitted constant of `roofline validate --json` is named and shown in its unit, not as its code name", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=validation`);
    const v = await cliJson<{ fitted: { parameters: Record<string, { value: number }> } }>("validate", "--json", "--no-loso");
    const intro = (await page.textContent("main p")) ?? "";
    for (const [k, p] of Object.entries(v.fitted.parameters)) {
      if (/[A-Z]/.test(k)) expect(intro, k).not.toContain(k); // a camelCase code name, not a word of the prose
      same(await numValue(page, `validation.fit.${k}`), p.value);
      if (/Seconds/.test(k)) expect(await page.textContent(`[data-num="validation.fit.${k}"]`), k).toMatch(/s$/);
    }
    expect(errors).toEqual([]);
  });

  it("Speculative decoding page: the expected speedup and crossover beside the ideal ones, and the curve's (exp.) columns (= `roofline specdec --json`)", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=specdec`);
    const r = await cliJson<{ speedup: number; crossoverConcurrency: number; expectedCrossoverConcurrency: number; expected: { speedup: number }; curve: { concurrency: number; expectedSpeedup: number }[] }>("specdec", "--json");
    same(await numValue(page, "specdec.speedup"), r.speedup);
    same(await numValue(page, "specdec.expectedSpeedup"), r.expected.speedup);
    same(await numValue(page, "specdec.crossover"), r.crossoverConcurrency);
    same(await numValue(page, "specdec.expectedCrossover"), r.expectedCrossoverConcurrency);
    const headers = await page.$$eval('[data-table="specdec-curve"] th', (ths) => ths.map((t) => (t.textContent ?? "").trim()));
    expect(headers.join(" | ")).toMatch(/decode step \(exp\.\).*speedup \(exp\.\)/);
    expect(await page.textContent("[data-expected-note]")).toMatch(/not a bound/);
    expect(await page.textContent('[data-chart="specdec-speedup"]')).toMatch(/expected speedup/);
    expect(errors).toEqual([]);
  });

  it("KV tiers page: the expected recompute cost under the ideal one (= `roofline kv-tiers --json`), and how it was made", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=kv-tiers&model=llama-3.1-70b`);
    const r = await cliJson<{ recomputeUsdPerToken: number; expectedRecomputeUsdPerToken: number; durations: { durationSeconds: number; expected: { impliedDiscount: number } }[] }>("kv-tiers", "--json", "-m", "llama-3.1-70b");
    same(await numValue(page, "kvtiers.recompute"), r.recomputeUsdPerToken);
    same(await numValue(page, "kvtiers.expectedRecompute"), r.expectedRecomputeUsdPerToken);
    for (const d of r.durations) same(await numValue(page, `kvtiers.expectedDuration${d.durationSeconds}`), d.expected.impliedDiscount);
    // The page always has a model (its own default when none is chosen): the note says how the expected was made.
    expect(await page.textContent("[data-expected-note]")).toMatch(/4096-token prefill pass on one chip at the same price, attention included: not a bound/);
    expect(errors).toEqual([]);
  });

  it("Training split, World models and Lecture pages say in one line why they show no expected numbers (the CLI's reason, word for word)", async () => {
    const cases: [string, string[], string][] = [
      ["training", ["train", "--json"], "training.expectedNote"],
      ["worldmodel", ["worldmodel", "--json"], "expectedNote"],
    ];
    for (const [pageId, argv, path] of cases) {
      const { page, errors } = await openPage(browser(), `${base}?page=${pageId}`);
      const j = await cliJson<Record<string, unknown>>(...argv);
      const note = path.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], j) as string;
      expect((await page.textContent("[data-expected-note]"))?.trim()).toBe(note);
      expect(errors).toEqual([]);
    }
    const { page, errors } = await openPage(browser(), `${base}?page=lecture`);
    for (const [section, cmd] of [["scale-up", "scale-up"], ["memory-wall", "memory-wall"], ["pipeline", "pipeline"]] as const) {
      const j = await cliJson<{ expectedNote: string }>("lecture", cmd, "--json");
      expect((await page.textContent(`[data-expected-note="${section}"]`))?.trim()).toBe(j.expectedNote);
    }
    expect(errors).toEqual([]);
  });
});
