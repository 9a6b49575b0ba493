/**
 * The serving train at the expected step time (analyzeBatch's `expectedTrain`): the same train
 * formulas on the expected step at the train's batch. The ideal is a bound, so the expected train
 * departs no more often than the ideal one and its worst-case first token comes no sooner.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyzeBatch, getHardware, getModel } from "../src/index.ts";

const CASES = [
  { model: "llama-3.1-70b", hardware: "nvidia-h100-sxm5-80gb", chips: 8 },
  { model: "deepseek-v3", hardware: "nvidia-gb200-nvl72", chips: 72 },
  { model: "qwen3-30b-a3b", hardware: "amd-mi300x", chips: 1 },
] as const;

describe("the expected train", () => {
  it("runs at the expected step time of the train's batch, never faster than the ideal train", () => {
    fc.assert(
      fc.property(fc.constantFrom(...CASES), fc.integer({ min: 1, max: 512 }), fc.constantFrom("bf16", "fp8") , (c, trainBatch, kv) => {
        const r = analyzeBatch({ model: getModel(c.model), hardware: getHardware(c.hardware), chips: c.chips, trainBatch, kvPrecision: kv, contextTokens: 4096 });
        expect(r.expectedTrain.batch).toBe(r.train.batch);
        expect(r.expectedTrain.periodSeconds).toBe(r.trainStep.expectedStepSeconds);
        expect(r.expectedTrain.periodSeconds).toBeGreaterThanOrEqual(r.train.periodSeconds);
        expect(r.expectedTrain.worstCaseLatencySeconds).toBeCloseTo(2 * r.expectedTrain.periodSeconds, 12);
        expect(r.expectedTrain.tokensPerSecond).toBeLessThanOrEqual(r.train.tokensPerSecond * (1 + 1e-12));
        expect(r.derivations["expectedTrainWorstCaseLatencySeconds"]?.value).toBe(r.expectedTrain.worstCaseLatencySeconds);
      }),
      { numRuns: 40 },
    );
  });
});
