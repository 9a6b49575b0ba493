/**
 * Issue 11's "both numbers everywhere" on the analyses built from the crib sheet and the lecture: the
 * speculative-decoding speedup, the KV tiers' recompute cost and the serving fleet carry their expected
 * twin (the efficiency model's step, through the one step graph: never redone by hand), never below the
 * ideal; the analyses where an expected number would be invented say why instead.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  analyzeBatch,
  analyzeFleet,
  analyzeKvTiers,
  analyzeMemoryWall,
  analyzePipelineImbalance,
  analyzeScaleUp,
  analyzeSpecDec,
  analyzeStep,
  analyzeTraining,
  analyzeWorldModel,
  getHardware,
  getModel,
  getPriceSheet,
  prepareRoofline,
  stepFromSetup,
  specdecFormulas as F,
} from "../src/index.ts";

const h100 = getHardware("h100");

describe("speculative decoding at the expected step times", () => {
  const r = analyzeSpecDec({ model: getModel("llama-3.1-70b"), hardware: h100, chips: 4, concurrency: 8 });

  it("takes the target step and the verify pass from the step graph's expected outputs", () => {
    const target = analyzeStep({ model: getModel("llama-3.1-70b"), hardware: h100, chips: 4, batch: 8, contextTokens: 2048 });
    const verify = analyzeStep({ model: getModel("llama-3.1-70b"), hardware: h100, chips: 4, batch: 8, contextTokens: 2048, phase: "prefill", promptTokens: r.draftTokens + 1 });
    expect(r.expected.targetStepSeconds).toBe(target.expectedStepSeconds);
    expect(r.expected.verifyStepSeconds).toBe(verify.expectedStepSeconds);
    // The same speedup formulas over them, at the same acceptance rate and draft cost.
    const tokens = F.expectedTokensPerIteration.fn(r.acceptanceRate, r.draftTokens);
    const iteration = F.iterationSeconds.fn(F.draftSeconds.fn(r.draftTokens, r.draftCostRatio, target.expectedStepSeconds), verify.expectedStepSeconds);
    expect(r.expected.iterationSeconds).toBeCloseTo(iteration, 15);
    expect(r.expected.speedup).toBeCloseTo(F.speculativeSpeedup.fn(tokens, target.expectedStepSeconds, iteration), 12);
    expect(r.derivations["expectedSpeedup"]?.value).toBe(r.expected.speedup);
    expect(r.derivations["expectedTargetStepSeconds"]?.inputs.length).toBeGreaterThan(0);
  });

  it("is never faster than the ideal, point by point, and stops paying no later", () => {
    for (const p of r.curve) {
      expect(p.expectedTargetStepSeconds).toBeGreaterThanOrEqual(p.targetStepSeconds);
      expect(p.expectedVerifyStepSeconds).toBeGreaterThanOrEqual(p.verifyStepSeconds);
      expect(p.expectedSpeculativeTokensPerSecondPerSequence).toBeCloseTo(p.expectedSpeedup / p.expectedTargetStepSeconds, 9);
    }
    const at8 = r.curve.find((p) => p.concurrency === r.concurrency);
    if (at8) expect(at8.expectedSpeedup).toBeCloseTo(r.expected.speedup, 12);
    // The crib sheet's 70B on one H100: thin verify passes make speculation stop paying far sooner.
    const crib = analyzeSpecDec();
    expect(crib.expectedCrossoverConcurrency).not.toBeNull();
    expect(crib.expectedCrossoverConcurrency as number).toBeLessThanOrEqual(crib.crossoverConcurrency as number);
    expect(crib.derivations["expectedCrossoverConcurrency"]?.value).toBe(crib.expectedCrossoverConcurrency);
  });
});

describe("KV tiers: the expected recompute", () => {
  it("is the efficiency model's prefill pass at the same price, at or above the compute-bound ideal", () => {
    for (const id of ["llama-3.1-70b", "llama-3.1-8b", "deepseek-v3", "mixtral-8x7b", "qwen3-235b-a22b"]) {
      const r = analyzeKvTiers({ hardware: h100, model: getModel(id) });
      // One chip, as the ideal recompute cost (compute per token per chip) and the engine's prefill default take it.
      const pass = stepFromSetup(prepareRoofline({ model: getModel(id), hardware: h100, phase: "prefill" }));
      expect(pass.chips).toBe(1);
      expect(r.expectedRecomputeUsdPerToken, id).toBeCloseTo((pass.expectedUsdPerMillionTokens as number) / 1e6, 18);
      expect(r.expectedRecomputeUsdPerToken as number, id).toBeGreaterThanOrEqual(r.recomputeUsdPerToken);
      for (const d of r.durations) {
        expect(d.expected?.recomputeUsd).toBe(r.expectedRecomputeUsdPerToken);
        // A dearer recompute can only keep the cache where it was or make storing it more worthwhile.
        expect(d.expected?.cheapestUsd as number).toBeLessThanOrEqual(r.expectedRecomputeUsdPerToken as number);
        if (d.impliedDiscount !== null && d.expected?.impliedDiscount != null) expect(d.expected.impliedDiscount).toBeGreaterThanOrEqual(d.impliedDiscount * (1 - 1e-12));
      }
    }
  });

  it("says why there is none without a model (a napkin KV size has no shapes)", () => {
    const r = analyzeKvTiers({ hardware: h100, kvBytesPerToken: 1700, modelActiveParams: 100e9 });
    expect(r.expectedRecomputeUsdPerToken).toBeNull();
    expect(r.expectedNote).toMatch(/give a model/);
    expect(r.durations.every((d) => d.expected === null)).toBe(true);
  });
});

describe("the serving fleet at the expected train", () => {
  it("needs at least the ideal fleet's replicas, at the expected train's tokens/s per replica (property over chips and batches)", () => {
    const sheet = getPriceSheet("deepseek");
    fc.assert(
      fc.property(fc.constantFrom("llama-3.1-70b", "deepseek-v3", "gpt-oss-120b"), fc.constantFrom(8, 16, 64), fc.double({ min: 1e5, max: 1e8, noNaN: true }), (id, chips, demand) => {
        const o = { model: getModel(id), hardware: getHardware("gb200"), chips, demandTokensPerSecond: demand, sheet };
        const f = analyzeFleet(o);
        const b = analyzeBatch(o);
        expect(f.expected.replicaTokensPerSecond).toBe(b.expectedTrain.tokensPerSecond);
        expect(f.expected.replicas).toBe(Math.ceil(demand / b.expectedTrain.tokensPerSecond));
        expect(f.expected.replicas).toBeGreaterThanOrEqual(f.replicas);
        expect(f.expected.chips).toBe(f.expected.replicas * (f.chips / f.replicas));
        expect(f.expected.usdPerDay).toBeGreaterThanOrEqual(f.usdPerDay);
        expect(f.expected.margin).toBeLessThanOrEqual(f.margin + 1e-12);
        expect(f.derivations["expectedReplicas"]?.value).toBe(f.expected.replicas);
      }),
      { numRuns: 12 },
    );
  });
});

describe("where an expected number would be invented, the analysis says why", () => {
  it("training split, world models and the lecture's three arguments each carry a one-line reason", () => {
    const notes = [
      analyzeTraining().expectedNote,
      analyzeWorldModel().expectedNote,
      analyzeScaleUp().expectedNote,
      analyzeMemoryWall().expectedNote,
      analyzePipelineImbalance().expectedNote,
    ];
    for (const n of notes) {
      expect(n.length).toBeGreaterThan(40);
      expect(n).toMatch(/expected|bound|roofline/i);
    }
  });
});
