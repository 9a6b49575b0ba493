/**
 * Speculative decoding on the roofline: the crib sheet's decode ceilings (48 tok/s unbatched, B200 ≈
 * 2.4×), the EAGLE fit (2.0× / 1.7× / 1.66× at concurrency 1 / 4 / 16) and the acceptance rate it
 * implies, the speedup's collapse once verification turns compute-bound, and its invariants.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  analyzeSpecDec,
  cribSheetLlm,
  EAGLE_CRIB_SPEEDUPS,
  getHardware,
  getModel,
  isRooflineError,
  prepareRoofline,
  specdecFormulas,
  speedupModel,
  type SpecDecOptions,
} from "../src/index.ts";

const base = analyzeSpecDec();

describe("decode ceilings", () => {
  it("decodes 48 tok/s unbatched: 3.35 TB/s ÷ 70 GB of FP8 weights", () => {
    expect(base.unbatched.tokensPerSecond).toBeCloseTo(3.35e12 / 70e9, 9);
    expect(Math.round(base.unbatched.tokensPerSecond)).toBe(48);
    expect(base.derivations["unbatchedTokensPerSecond"]?.formulaId).toBe("roofline.tokensPerSecondPerSequence");
  });

  it("puts a B200's decode ceiling at ≈ 2.4× an H100's (8 TB/s vs 3.35 TB/s)", () => {
    expect(base.unbatched.compare.hardware.id).toBe("nvidia-b200-hgx");
    expect(base.unbatched.compare.tokensPerSecond).toBeCloseTo(8e12 / 70e9, 9);
    expect(base.unbatched.compare.ratio).toBeCloseTo(8 / 3.35, 9);
    expect(base.unbatched.compare.ratio).toBeCloseTo(2.4, 1);
  });

  it("uses the crib sheet's 70B with 160 KB/token of FP8 KV", () => {
    const m = cribSheetLlm();
    expect(m.attention.napkinKvBytesPerToken).toBe(163_840);
    expect(m.totalParams).toBe(70e9);
  });
});

describe("fitting the crib sheet's EAGLE figures", () => {
  it("fits the figures at concurrency 1, 4 and 16", () => {
    expect(EAGLE_CRIB_SPEEDUPS.map((p) => [p.concurrency, p.speedup])).toEqual([
      [1, 2.0],
      [4, 1.7],
      [16, 1.66],
    ]);
    expect(base.fit?.points.map((p) => p.measured)).toEqual([2.0, 1.7, 1.66]);
  });

  it("reports the acceptance rate they imply: ≈ 0.53 by least squares, 0.60 → 0.49 → 0.48 point by point", () => {
    const fit = base.fit;
    expect(fit).not.toBeNull();
    expect(fit?.acceptanceRate).toBeCloseTo(0.5257, 3);
    expect(fit?.points.map((p) => Number(p.impliedAcceptanceRate?.toFixed(3)))).toEqual([0.601, 0.492, 0.476]);
    expect(base.acceptanceFromFit).toBe(true);
    expect(base.acceptanceRate).toBe(fit?.acceptanceRate);
    expect(base.derivations["fittedAcceptanceRate"]?.value).toBe(fit?.acceptanceRate);
  });

  it("reproduces each measured speedup exactly at the acceptance rate that point implies", () => {
    const o = prepareRoofline({ model: cribSheetLlm(), hardware: getHardware("h100"), contextTokens: 2048 });
    const v = prepareRoofline({ model: cribSheetLlm(), hardware: getHardware("h100"), contextTokens: 2048, phase: "prefill", promptTokens: 4 });
    const m = speedupModel(o, v, 3, 0.03);
    for (const p of base.fit?.points ?? []) expect(m.speedup(p.impliedAcceptanceRate as number, p.concurrency)).toBeCloseTo(p.measured, 9);
  });

  it("says the roofline keeps verification free at these batches, so the measured fall is overhead beyond it", () => {
    expect(base.curve.find((p) => p.concurrency === 16)?.verifyBound).toBe("memory");
    expect(base.notes.join(" ")).toMatch(/falling effective acceptance rate \(0\.601 → 0\.476\)/);
  });

  it("says so when no acceptance rate can reach the measured speedups (one drafted token on an MoE model)", () => {
    const r = analyzeSpecDec({ model: getModel("deepseek-v3"), hardware: getHardware("gb200"), chips: 64, draftTokens: 1, acceptanceRate: 0.85 });
    expect(r.fit?.points.every((p) => p.impliedAcceptanceRate === null)).toBe(true);
    expect(r.notes.join(" ")).toMatch(/No acceptance rate in \[0, 0\.999\] reproduces the measured 2× at concurrency 1/);
    // verifying 2 tokens touches more experts than decoding 1: verification is not free on an MoE model
    expect(r.verifyStepSeconds).toBeGreaterThan(1.2 * r.targetStepSeconds);
    expect(r.speedup).toBeLessThan(2);
  });

  it("fits user-measured speedups too", () => {
    const r = analyzeSpecDec({ measured: [{ concurrency: 1, speedup: 2.5, source: { title: "test" } }] });
    expect(r.fit?.points[0]?.fitted).toBeCloseTo(2.5, 6);
  });
});

describe("speedup vs concurrency", () => {
  it("speeds up 1.79× at concurrency 1 with the fitted α, k = 3 and c = 0.03", () => {
    expect(base.speedup).toBeCloseTo(specdecFormulas.expectedTokensPerIteration.fn(base.acceptanceRate, 3) / (1 + 3 * 0.03), 9);
    expect(base.speedup).toBeCloseTo(1.787, 3);
  });

  it("shrinks once B·(k + 1) tokens cross the ridge, and stops paying near 400 sequences", () => {
    const s = base.curve.map((p) => p.speedup);
    for (let i = 1; i < s.length; i++) expect(s[i] as number).toBeLessThanOrEqual((s[i - 1] as number) + 1e-12);
    expect(base.curve.at(-1)?.verifyBound).toBe("compute");
    expect(base.crossoverConcurrency).toBeCloseTo(400.4, 0);
    expect(base.derivations["crossoverConcurrency"]?.children[0]?.value).toBeLessThanOrEqual(1);
  });

  it("marks the concurrencies whose KV no longer fits beside the weights", () => {
    expect(base.curve.find((p) => p.concurrency === 16)?.fits).toBe(true);
    expect(base.curve.find((p) => p.concurrency === 4096)?.fits).toBe(false);
  });

  it("is never above draft length + 1, for any acceptance, draft cost, concurrency and context", () => {
    const model = getModel("llama-3.1-8b");
    const hw = getHardware("h100");
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 4096 }),
        fc.integer({ min: 0, max: 65_536 }),
        (k, alpha, c, b, ctx) => {
          const t = prepareRoofline({ model, hardware: hw, contextTokens: ctx });
          const v = prepareRoofline({ model, hardware: hw, contextTokens: ctx, phase: "prefill", promptTokens: k + 1 });
          const s = speedupModel(t, v, k, c).speedup(alpha, b);
          return s <= k + 1 && s > 0;
        },
      ),
      { numRuns: 300 },
    );
  });

  it("grows with the acceptance rate and falls with the draft cost", () => {
    const hi = analyzeSpecDec({ acceptanceRate: 0.8 }).speedup;
    const lo = analyzeSpecDec({ acceptanceRate: 0.4 }).speedup;
    expect(hi).toBeGreaterThan(lo);
    expect(analyzeSpecDec({ acceptanceRate: 0.8, draftCostRatio: 0.2 }).speedup).toBeLessThan(hi);
    expect(analyzeSpecDec({ acceptanceRate: 0 }).speedup).toBeLessThan(1);
  });
});

describe("bad input", () => {
  const bad = (o: SpecDecOptions, field: string) => {
    try {
      analyzeSpecDec(o);
    } catch (e) {
      expect(isRooflineError(e)).toBe(true);
      if (isRooflineError(e)) expect(e.details.field).toBe(field);
      return;
    }
    throw new Error("expected an error");
  };
  it("rejects an acceptance rate of 1 or more, a zero draft length, and a zero concurrency", () => {
    bad({ acceptanceRate: 1 }, "acceptanceRate");
    bad({ draftTokens: 0 }, "draftTokens");
    bad({ concurrency: 0, names: { concurrency: "--concurrency" } }, "--concurrency");
    bad({ draftCostRatio: -0.1 }, "draftCostRatio");
  });
});
