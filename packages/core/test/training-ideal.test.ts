/**
 * The ideal training step (idealTrainEfficiency: every efficiency term at its most optimistic) is a bound on
 * the expected one: on any layout, dense or MoE, BF16 or FP8, it is never slower, and its MFU never lower.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateTrainStep, getHardware, getModel, idealTrainEfficiency, trainContext, trainEfficiency, type TrainLayout } from "../src/index.ts";

const layoutArb = fc.record({
  dataParallel: fc.constantFrom(1, 2, 4, 8, 16),
  tensorParallel: fc.constantFrom(1, 2, 4, 8),
  pipelineParallel: fc.constantFrom(1, 2, 4, 8),
  contextParallel: fc.constantFrom(1, 2),
  expertParallel: fc.constantFrom(1, 2, 8),
  microBatch: fc.constantFrom(1, 2),
  microBatches: fc.constantFrom(1, 4, 16),
  sequenceLength: fc.constantFrom(2048, 8192),
  recompute: fc.constantFrom("none" as const, "selective" as const, "full" as const),
  zeroStage: fc.constantFrom(0, 1, 3),
  schedule: fc.constantFrom("gpipe" as const, "1f1b" as const),
});

const cases = [
  { model: getModel("llama-3.1-70b"), hardware: getHardware("h100"), precision: "bf16" as const },
  { model: getModel("llama-3.1-8b"), hardware: getHardware("nvidia-b200-hgx"), precision: "fp8" as const },
  { model: getModel("mixtral-8x7b"), hardware: getHardware("h100"), precision: "bf16" as const },
];

describe("the ideal training step", () => {
  it("takes every term at its most optimistic: peaks, no latency or gaps, communication hidden", () => {
    const i = idealTrainEfficiency();
    const e = trainEfficiency();
    for (const k of ["matmul16", "matmul8", "attention", "hbm", "network", "dataParallelOverlap"] as const) {
      expect(i[k].value).toBe(1);
      expect(i[k].value).toBeGreaterThanOrEqual(e[k].value);
    }
    for (const k of ["latencyScaleUpSeconds", "latencyScaleOutSeconds", "tensorExposed", "expertExposed", "kernelGapSeconds"] as const) {
      expect(i[k].value).toBe(0);
      expect(i[k].value).toBeLessThanOrEqual(e[k].value);
    }
    expect(i.usableMemory.value).toBe(e.usableMemory.value);
  });

  it("is a bound on the expected step on any layout: never slower, MFU never lower", () => {
    const contexts = cases.map((c) => ({
      expected: trainContext({ model: c.model, hardware: c.hardware, layout: {}, precision: c.precision }),
      ideal: trainContext({ model: c.model, hardware: c.hardware, layout: {}, precision: c.precision, efficiency: idealTrainEfficiency() }),
      moe: c.model.moe !== null && c.model.moe !== undefined,
    }));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: cases.length - 1 }), layoutArb, (ci, l) => {
        const c = contexts[ci]!;
        const layout: TrainLayout = { ...l, expertParallel: c.moe ? l.expertParallel : 1, virtualStages: 1, sequenceParallel: l.tensorParallel > 1, reversible: false, fusedAttention: true };
        const e = evaluateTrainStep(c.expected, layout);
        const i = evaluateTrainStep(c.ideal, layout);
        expect(i.time.stepSeconds).toBeLessThanOrEqual(e.time.stepSeconds * (1 + 1e-12));
        expect(i.mfu).toBeGreaterThanOrEqual(e.mfu * (1 - 1e-12));
        expect(i.memory.totalBytes).toBe(e.memory.totalBytes);
      }),
      { numRuns: 300 },
    );
  });
});
