/**
 * The layout search: it returns only layouts that fit and meet the SLO, never a dominated point,
 * misses no point of the frontier, and its fast numbers equal the explained layout's.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createLayoutSearch, enumerateLayouts, getHardware, getModel, isRooflineError, searchLayouts, type SearchPoint } from "../src/index.ts";

const gb200 = getHardware("gb200");
const gptOss = getModel("gpt-oss-120b");
const deepseek = getModel("deepseek-v3");

/** a weakly dominates b (as good in speed, cost and chips) and strictly in one. */
function dominates(a: SearchPoint, b: SearchPoint): boolean {
  const ge = a.tokensPerSecondPerUser >= b.tokensPerSecondPerUser && a.usdPerMillionTokens <= b.usdPerMillionTokens && a.chips <= b.chips;
  const gt = a.tokensPerSecondPerUser > b.tokensPerSecondPerUser || a.usdPerMillionTokens < b.usdPerMillionTokens || a.chips < b.chips;
  return ge && gt;
}

describe("layout search", () => {
  it("enumerates only valid degrees", () => {
    const layouts = enumerateLayouts({ model: deepseek, maxChips: 576, domainChips: 72 });
    expect(layouts.length).toBeGreaterThan(100);
    for (const l of layouts) {
      expect(256 % l.expertParallel).toBe(0);
      expect(128 % l.tensorParallel).toBe(0);
      expect(61 % l.pipelineStages).toBe(0);
      const G = l.expertParallel * l.tensorParallel;
      expect(G % l.attentionDataParallel).toBe(0);
      expect(128 % (G / l.attentionDataParallel)).toBe(0);
      expect(G * l.pipelineStages).toBeLessThanOrEqual(576);
    }
  });

  it("never returns a dominated point or a layout that does not fit, and misses none", () => {
    fc.assert(
      fc.property(fc.constantFrom(8, 36, 72, 144), fc.constantFrom(undefined, 0.004, 0.01, 0.03), fc.constantFrom(1024, 32_768, 131_072), (maxChips, slo, context) => {
        const r = searchLayouts({
          model: gptOss,
          hardware: gb200,
          maxChips,
          contextTokens: context,
          precisions: ["bf16", "fp8"],
          batches: [1, 4, 16, 64, 256, 1024],
          unevenStages: true,
          collectFeasible: true,
          ...(slo !== undefined ? { latencySloSeconds: slo } : {}),
        });
        const feasible = r.feasible ?? [];
        const hbm = 186e9;
        const bad: string[] = [];
        for (const p of r.frontier) {
          if (p.memoryBytesPerChip > hbm) bad.push("does not fit");
          if (p.chips > maxChips) bad.push("too many chips");
          if (slo !== undefined && p.tokenSeconds > slo) bad.push("misses the SLO");
          if (feasible.some((q) => dominates(q, p))) bad.push("dominated by a feasible point");
          if (r.frontier.some((q) => dominates(q, p))) bad.push("dominated by a frontier point");
        }
        // Every feasible point is matched or beaten by a frontier point.
        for (const q of feasible) {
          if (!r.frontier.some((p) => p.tokensPerSecondPerUser >= q.tokensPerSecondPerUser && p.usdPerMillionTokens <= q.usdPerMillionTokens && p.chips <= q.chips)) bad.push("a feasible point is missing");
        }
        // The 2-D frontier: nothing feasible is faster and cheaper.
        for (const p of r.speedCostFrontier) {
          if (feasible.some((q) => q.tokensPerSecondPerUser > p.tokensPerSecondPerUser && q.usdPerMillionTokens < p.usdPerMillionTokens)) bad.push("2-D frontier point dominated");
        }
        expect(feasible.length).toBeGreaterThanOrEqual(r.frontier.length);
        expect(bad).toEqual([]);
      }),
      { numRuns: 8 },
    );
  });

  it("gives each point the explained layout's numbers (ideal or expected, as chosen), and fits when explained", () => {
    for (const efficiency of ["ideal", "expected"] as const) {
      const r = searchLayouts({ model: deepseek, hardware: gb200, maxChips: 144, precisions: ["fp8", "fp4"], batches: [1, 16, 256, 2048], unevenStages: true, efficiency });
      expect(r.efficiency).toBe(efficiency);
      expect(r.frontier.length).toBeGreaterThan(3);
      for (const p of [r.frontier[0], r.frontier[r.frontier.length - 1], r.frontier[Math.floor(r.frontier.length / 2)]]) {
        const x = r.explain(p as SearchPoint);
        expect(x.memory.fits).toBe(true);
        const tokenSeconds = efficiency === "ideal" ? x.time.tokenSeconds : x.expected.tokenSeconds;
        const usd = efficiency === "ideal" ? x.usdPerMillionTokens : x.expectedUsdPerMillionTokens;
        const perUser = efficiency === "ideal" ? x.tokensPerSecondPerUser : x.expectedTokensPerSecondPerUser;
        expect(Math.abs(tokenSeconds - (p as SearchPoint).tokenSeconds)).toBeLessThanOrEqual(1e-12 * tokenSeconds);
        expect(Math.abs((usd as number) - (p as SearchPoint).usdPerMillionTokens)).toBeLessThanOrEqual(1e-9 * (usd as number));
        expect(Math.abs(perUser - (p as SearchPoint).tokensPerSecondPerUser)).toBeLessThanOrEqual(1e-9 * perUser);
        expect(x.precisions.weights).toBe((p as SearchPoint).precision);
      }
    }
  });

  it("ranks by expected step times by default; the ideal frontier is at least as fast and as cheap", () => {
    const o = { model: deepseek, hardware: gb200, maxChips: 144, precisions: ["fp8"] as const, batches: [1, 16, 256, 2048], unevenStages: true };
    const expected = searchLayouts({ ...o, precisions: [...o.precisions] });
    const ideal = searchLayouts({ ...o, precisions: [...o.precisions], efficiency: "ideal" });
    expect(expected.efficiency).toBe("expected");
    // Every expected frontier point is matched or beaten by an ideal point (the ideal bounds each layout).
    for (const p of expected.frontier) {
      expect(ideal.frontier.some((q) => q.tokensPerSecondPerUser >= p.tokensPerSecondPerUser && q.usdPerMillionTokens <= p.usdPerMillionTokens && q.chips <= p.chips)).toBe(true);
    }
    const fastest = (r: typeof ideal) => Math.max(...r.frontier.map((p) => p.tokensPerSecondPerUser));
    expect(fastest(ideal)).toBeGreaterThan(fastest(expected));
  });

  it("respects a tight SLO and reports when nothing fits", () => {
    const tight = searchLayouts({ model: deepseek, hardware: gb200, maxChips: 72, latencySloSeconds: 1e-5, precisions: ["fp8"], batches: [1, 2] });
    expect(tight.frontier).toEqual([]);
    expect(tight.warnings.map((w) => w.code)).toContain("no-feasible-layout");
  });

  it("reports progress and can be stopped", () => {
    let calls = 0;
    const r = searchLayouts({
      model: deepseek,
      hardware: gb200,
      maxChips: 576,
      precisions: ["fp8"],
      onProgress: () => calls++,
      shouldStop: () => calls >= 5,
    });
    expect(calls).toBe(5);
    expect(r.stats.stopped).toBe(true);
  });

  it("gives the same frontier when run in slices, and stops when cancelled", () => {
    const o = { model: deepseek, hardware: gb200, maxChips: 144, precisions: ["fp8", "fp4"] as const, batches: [1, 8, 64, 512], unevenStages: true };
    const whole = searchLayouts({ ...o, precisions: [...o.precisions] });
    const sliced = createLayoutSearch({ ...o, precisions: [...o.precisions] });
    let steps = 0;
    while (!sliced.step(0)) steps++;
    expect(steps).toBeGreaterThan(10);
    const r = sliced.result();
    expect(r.frontier.map((p) => [p.chips, p.precision, p.microBatch, p.tokenSeconds])).toEqual(whole.frontier.map((p) => [p.chips, p.precision, p.microBatch, p.tokenSeconds]));
    const cancelled = createLayoutSearch({ ...o, precisions: [...o.precisions] });
    cancelled.step(0);
    cancelled.cancel();
    expect(cancelled.step(1000)).toBe(true);
    expect(cancelled.result().stats.stopped).toBe(true);
    expect(cancelled.progress().done).toBeLessThan(cancelled.progress().total);
  });

  it("needs a price to rank by cost", () => {
    const noPrice = { ...gb200, usdPerChipHour: { value: null, origin: gb200.usdPerChipHour.origin } };
    try {
      searchLayouts({ model: deepseek, hardware: noPrice, maxChips: 72 });
      expect.unreachable();
    } catch (e) {
      expect(isRooflineError(e)).toBe(true);
      expect((e as Error).message).toMatch(/usd-per-hour/);
    }
  });
});
