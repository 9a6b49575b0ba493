/**
 * The training step: the lecture's and the papers' numbers as goldens (6 FLOP per parameter per
 * token, the bubble (P−1)/(m+P−1), ZeRO's memory per chip, Korthikanti's 34·s·b·h), invariants as
 * properties (memory per chip non-increasing in the ZeRO stage and in parallel degrees, MFU ≤ 1,
 * recomputation trades memory for time), bad layouts as named errors, and the run without a price.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  analyzeTrainStep,
  evaluateTrainStep,
  idealTrainEfficiency,
  getHardware,
  getModel,
  isRooflineError,
  RooflineError,
  searchTrainLayouts,
  trainContext,
  clusterFormulas as Cl,
  trainingFormulas as F,
  trainingSchedule,
  trainMicroBatchSweep,
  trainTradeoffs,
  type TrainLayout,
  type TrainStepOptions,
} from "../src/index.ts";

const llama8 = getModel("llama-3.1-8b");
const llama70 = getModel("llama-3.1-70b");
const mixtral = getModel("mixtral-8x7b");
const h100 = getHardware("h100");

function errorOf(f: () => unknown): RooflineError {
  try {
    f();
  } catch (e) {
    if (isRooflineError(e)) return e;
    throw e;
  }
  throw new Error("expected a RooflineError");
}

const base = (layout: TrainStepOptions["layout"], extra: Partial<TrainStepOptions> = {}): TrainStepOptions => ({ model: llama70, hardware: h100, layout, ...extra });

describe("golden: FLOP per token", () => {
  it("is 6 FLOP per parameter per token plus attention (the lecture's 6·N·D)", () => {
    expect(F.modelFlopPerToken.fn(1e9, 0)).toBe(6e9);
    const r = analyzeTrainStep(base({ sequenceLength: 4096 }));
    expect(r.flop.modelPerToken - 3 * r.flop.attentionForwardPerToken).toBeCloseTo(6 * llama70.matmulParamsPerToken, -3);
  });

  it("counts causal attention as 4·L·h·S/2 FLOP per token forward for Llama (Q·K and A·V over half the sequence)", () => {
    const r = analyzeTrainStep({ model: llama8, hardware: h100, layout: { sequenceLength: 4096 } });
    // 32 layers, 32 heads of 128 (h = 4096): 2·(128 + 128) FLOP per head per attended key.
    expect(r.flop.attentionForwardPerToken).toBe(4 * 32 * 4096 * (4096 / 2));
  });

  it("adds a forward (2N + attention) for full recomputation and attention alone for selective", () => {
    const none = analyzeTrainStep(base({ recompute: "none" }));
    const sel = analyzeTrainStep(base({ recompute: "selective" }));
    const full = analyzeTrainStep(base({ recompute: "full" }));
    expect(sel.flop.recomputePerToken).toBe(none.flop.attentionForwardPerToken);
    expect(full.flop.recomputePerToken).toBeCloseTo(2 * llama70.matmulParamsPerToken + none.flop.attentionForwardPerToken, -3);
    expect(full.mfu).toBeLessThan(full.hfu);
    expect(none.mfu).toBe(none.hfu);
  });
});

describe("golden: the pipeline bubble", () => {
  it("is (P−1)/(m+P−1) for GPipe and 1F1B [the lecture 1:00:21; GPipe]", () => {
    expect(Cl.trainingBubbleFraction.fn(4, 8, 1)).toBeCloseTo(3 / 11, 15);
    const r = analyzeTrainStep(base({ pipelineParallel: 4, microBatches: 8, tensorParallel: 8 }));
    expect(r.time.bubbleFraction).toBeCloseTo(3 / 11, 15);
  });

  it("shrinks v-fold when interleaved: (P−1)/(v·m + P−1)", () => {
    const r = analyzeTrainStep(base({ pipelineParallel: 4, microBatches: 8, tensorParallel: 8, schedule: "interleaved", virtualStages: 2 }));
    expect(r.time.bubbleFraction).toBeCloseTo(3 / 19, 15);
  });

  it("agrees with the simulated schedule of cluster/pipeline.ts (idle share of m + P − 1 slots)", () => {
    for (const kind of ["gpipe", "1f1b"] as const) {
      for (const [P, m] of [
        [2, 2],
        [4, 8],
        [8, 3],
      ] as const) {
        const sim = trainingSchedule({ stages: P, microBatches: m, kind, forwardSeconds: 1 });
        const r = analyzeTrainStep(base({ pipelineParallel: P, microBatches: m, tensorParallel: 8, schedule: kind }));
        expect(r.time.bubbleFraction).toBeCloseTo(sim.idleFraction, 12);
        // The step's pipeline time is (m + P − 1) micro-batch slots, the simulated makespan in slots of t_f + t_b.
        expect(r.time.pipelineSeconds / r.time.microBatchSeconds).toBeCloseTo(sim.makespan / 3, 12);
      }
    }
  });
});

describe("golden: memory per chip", () => {
  // ZeRO (arXiv:1910.02054) figure 1: Ψ = 7.5B, K = 12, N_d = 64, 2-byte weights and gradients.
  const psi = 7.5e9;
  const state = (z: number) => {
    const s = (t: number) => F.zeroShardDegree.fn(z, t, 64);
    return F.shardedStateBytes.fn(psi, s(3), 0, 1, 2) + F.shardedStateBytes.fn(psi, s(2), 0, 1, 2) + F.shardedStateBytes.fn(psi, s(1), 0, 1, 12);
  };
  it("reproduces ZeRO's 120 GB, 31.4 GB, 16.6 GB and 1.9 GB for a 7.5B model on 64 GPUs", () => {
    expect(state(0) / 1e9).toBeCloseTo(120, 6);
    expect(state(1) / 1e9).toBeCloseTo(31.41, 2);
    expect(state(2) / 1e9).toBeCloseTo(16.64, 2);
    expect(state(3) / 1e9).toBeCloseTo(1.875, 3);
  });

  it("reproduces Korthikanti's 34·h bytes per token per layer with sequence parallelism, (10 + 24/t)·h without, + 5·a·S with scores", () => {
    const h = 12288;
    const a = 96;
    const S = 2048;
    const mlp = 2 * 4 * h; // plain MLP of width 4h keeps 2 values per unit of width
    expect(F.activationBytesPerTokenLayer.fn(h, mlp, a, S, 0, 8, 1, 1)).toBeCloseTo((34 * h) / 8, 6);
    expect(F.activationBytesPerTokenLayer.fn(h, mlp, a, S, 0, 8, 0, 1)).toBeCloseTo((10 + 24 / 8) * h, 6);
    expect(F.activationBytesPerTokenLayer.fn(h, mlp, a, S, 1, 8, 1, 1)).toBeCloseTo((34 * h + 5 * a * S) / 8, 6);
    expect(F.activationBytesPerTokenLayer.fn(h, mlp, a, S, 1, 1, 1, 1)).toBeCloseTo(34 * h + 5 * a * S, 6);
    // Full recomputation keeps only each layer's input: 2·h bytes, split over T with sequence parallelism.
    expect(F.checkpointBytesPerTokenLayer.fn(h, 8, 1, 1)).toBeCloseTo((2 * h) / 8, 6);
  });

  it("holds BF16 weights, FP32 gradients and a sharded Adam state by default (Megatron's distributed optimizer)", () => {
    const r = analyzeTrainStep(base({ dataParallel: 8, tensorParallel: 8, pipelineParallel: 1 }));
    const perChip = llama70.totalParams / 8;
    expect(r.memory.weightBytes).toBeCloseTo(perChip * 2, -3);
    expect(r.memory.gradientBytes).toBeCloseTo(perChip * 4, -3);
    expect(r.memory.optimizerBytes).toBeCloseTo((perChip * 12) / 8, -3);
  });

  it("holds all m micro-batches' activations under GPipe and at most P under 1F1B (why 1F1B exists)", () => {
    const at = (schedule: "gpipe" | "1f1b") => analyzeTrainStep(base({ tensorParallel: 8, pipelineParallel: 4, microBatches: 16, schedule }));
    const g = at("gpipe");
    const o = at("1f1b");
    expect(g.memory.activationBytes / o.memory.activationBytes).toBeCloseTo(16 / 4, 9);
    expect(g.time.stepSeconds).toBeCloseTo(o.time.stepSeconds, 9);
  });

  it("keeps reversible layers' activations constant in depth (RevNets) and pays one more forward", () => {
    const shallow = analyzeTrainStep({ model: llama8, hardware: h100, layout: { reversible: true } });
    const plain = analyzeTrainStep({ model: llama8, hardware: h100, layout: {} });
    const deep = analyzeTrainStep({ model: llama70, hardware: h100, layout: { reversible: true, tensorParallel: 8 } });
    expect(shallow.memory.activationBytes).toBeLessThan(plain.memory.activationBytes / 10);
    expect(shallow.flop.recomputePerToken).toBeCloseTo(2 * llama8.matmulParamsPerToken + plain.flop.attentionForwardPerToken, -3);
    // 80 layers instead of 32 at the same width ratio: stored bytes do not grow with the layers.
    const perLayerPlain = analyzeTrainStep({ model: llama70, hardware: h100, layout: { tensorParallel: 8 } }).memory.activationBytes;
    expect(deep.memory.activationBytes).toBeLessThan(perLayerPlain / 20);
  });

  it("finds the largest micro-batch that fits, and says so when the layout does not fit", () => {
    const r = analyzeTrainStep(base({ tensorParallel: 8, pipelineParallel: 4, dataParallel: 8, microBatches: 16, sequenceLength: 4096 }));
    expect(r.memory.maxMicroBatch).toBeGreaterThanOrEqual(1);
    const bigger = analyzeTrainStep(base({ tensorParallel: 8, pipelineParallel: 4, dataParallel: 8, microBatches: 16, sequenceLength: 4096, microBatch: r.memory.maxMicroBatch + 1 }));
    expect(bigger.memory.fits).toBe(false);
    expect(bigger.warnings.some((w) => w.code === "does-not-fit")).toBe(true);
    const atMax = analyzeTrainStep(base({ tensorParallel: 8, pipelineParallel: 4, dataParallel: 8, microBatches: 16, sequenceLength: 4096, microBatch: r.memory.maxMicroBatch }));
    expect(atMax.memory.fits).toBe(true);
  });
});

// ---- Properties ---------------------------------------------------------------------------------

const ctx70 = trainContext({ model: llama70, hardware: h100, layout: {} });
const layoutArb = fc.record({
  dataParallel: fc.constantFrom(1, 2, 4, 8, 16),
  tensorParallel: fc.constantFrom(1, 2, 4, 8),
  pipelineParallel: fc.constantFrom(1, 2, 4, 5, 8, 10),
  contextParallel: fc.constantFrom(1, 2, 4),
  microBatch: fc.constantFrom(1, 2, 4),
  microBatches: fc.constantFrom(1, 4, 8, 16, 32),
  sequenceLength: fc.constantFrom(2048, 4096, 8192),
  recompute: fc.constantFrom("none" as const, "selective" as const, "full" as const),
  zeroStage: fc.constantFrom(0, 1, 2, 3),
  schedule: fc.constantFrom("gpipe" as const, "1f1b" as const),
});
const full = (l: Omit<TrainLayout, "expertParallel" | "virtualStages" | "sequenceParallel" | "reversible" | "fusedAttention">): TrainLayout => ({ ...l, expertParallel: 1, virtualStages: 1, sequenceParallel: l.tensorParallel > 1, reversible: false, fusedAttention: true });

describe("properties", () => {
  it("memory per chip is non-increasing in the ZeRO stage", () => {
    fc.assert(
      fc.property(layoutArb, (l) => {
        let prev = Infinity;
        for (const z of [0, 1, 2, 3]) {
          const m = evaluateTrainStep(ctx70, full({ ...l, zeroStage: z })).memory.totalBytes;
          if (m > prev * (1 + 1e-12)) return false;
          prev = m;
        }
        return true;
      }),
      { numRuns: 80 },
    );
  });

  it("memory per chip is non-increasing in data, tensor, context and pipeline parallel degrees", () => {
    fc.assert(
      fc.property(layoutArb, fc.constantFrom("dataParallel" as const, "tensorParallel" as const, "contextParallel" as const, "pipelineParallel" as const), (l, key) => {
        const a = full(l);
        const b = { ...a, [key]: a[key] * 2 };
        // Pipeline stages that do not divide the layers leave the heaviest stage with more than L/P.
        if (key === "pipelineParallel" && ctx70.facts.layers % b.pipelineParallel !== 0) return true;
        // GPipe keeps every micro-batch's activations, so pipelining it from P = 1 (one at a time) adds memory; 1F1B does not.
        if (key === "pipelineParallel" && a.schedule === "gpipe") return true;
        if (key === "tensorParallel" && b.tensorParallel > 8) return true;
        return evaluateTrainStep(ctx70, b).memory.totalBytes <= evaluateTrainStep(ctx70, a).memory.totalBytes * (1 + 1e-12);
      }),
      { numRuns: 150 },
    );
  });

  it("memory per chip is non-increasing in the expert-parallel degree (MoE)", () => {
    const ctx = trainContext({ model: mixtral, hardware: h100, layout: {} });
    const l = full({ dataParallel: 8, tensorParallel: 1, pipelineParallel: 1, contextParallel: 1, microBatch: 1, microBatches: 4, sequenceLength: 4096, recompute: "none", zeroStage: 1, schedule: "1f1b" });
    for (const E of [1, 2, 4]) {
      const a = evaluateTrainStep(ctx, { ...l, expertParallel: E });
      const b = evaluateTrainStep(ctx, { ...l, expertParallel: E * 2 });
      expect(b.memory.totalBytes).toBeLessThan(a.memory.totalBytes);
    }
  });

  it("MFU ≤ HFU ≤ 1, and HFU ≤ the matmul (and attention) efficiency", () => {
    fc.assert(
      fc.property(layoutArb, fc.double({ min: 0.05, max: 1, noNaN: true }), (l, eta) => {
        const q = { value: eta, origin: { kind: "user" as const, name: "eta" } };
        const ctx = trainContext({ model: llama70, hardware: h100, layout: {}, efficiency: { matmul16: q, attention: q } });
        const r = evaluateTrainStep(ctx, full(l));
        return r.mfu > 0 && r.mfu <= r.hfu * (1 + 1e-12) && r.hfu <= 1 && r.hfu <= eta * (1 + 1e-12);
      }),
      { numRuns: 150 },
    );
  });

  it("recomputation trades memory for time: none → selective → full never raises memory nor lowers the step time", () => {
    fc.assert(
      fc.property(layoutArb, fc.boolean(), (l, fused) => {
        const at = (recompute: "none" | "selective" | "full") => evaluateTrainStep(ctx70, { ...full({ ...l, recompute }), fusedAttention: fused });
        const [a, b, c] = [at("none"), at("selective"), at("full")];
        const tol = 1 + 1e-12;
        const memory = b.memory.totalBytes <= a.memory.totalBytes * tol && c.memory.activationBytes <= b.memory.activationBytes * tol;
        // With an unfused kernel, selective recomputation also saves the S×S scores' HBM traffic, and can be faster (Korthikanti et al.).
        const time = !fused || (b.time.stepSeconds * tol >= a.time.stepSeconds && c.time.stepSeconds * tol >= b.time.stepSeconds);
        return memory && time && c.time.stepSeconds * tol >= a.time.stepSeconds;
      }),
      { numRuns: 100 },
    );
  });

  it("the fast path equals the explained path", () => {
    fc.assert(
      fc.property(layoutArb, (l) => {
        const fast = evaluateTrainStep(ctx70, full(l));
        const slow = analyzeTrainStep({ model: llama70, hardware: h100, layout: full(l) });
        return Math.abs(fast.time.stepSeconds - slow.time.stepSeconds) <= 1e-12 * slow.time.stepSeconds && fast.memory.totalBytes === slow.memory.totalBytes && slow.derivations["stepSeconds"]?.value === slow.time.stepSeconds;
      }),
      { numRuns: 30 },
    );
  });
});

describe("trade-off views", () => {
  it("the micro-batch sweep shrinks the bubble as m grows, and MFU rises with it", () => {
    const pts = trainMicroBatchSweep(base({ tensorParallel: 8, pipelineParallel: 8, dataParallel: 4, microBatches: 8 }));
    for (let i = 1; i < pts.length; i++) {
      expect((pts[i] as { bubbleFraction: number }).bubbleFraction).toBeLessThan((pts[i - 1] as { bubbleFraction: number }).bubbleFraction);
      expect((pts[i] as { mfu: number }).mfu).toBeGreaterThan((pts[i - 1] as { mfu: number }).mfu);
    }
    expect(pts[0]?.bubbleFraction).toBeCloseTo(7 / 8, 12);
  });
  it("lists recomputation, reversible layers and ZeRO stages: full recomputation and RevNets hold less and take longer", () => {
    const t = trainTradeoffs(base({ tensorParallel: 8, pipelineParallel: 4, dataParallel: 4, microBatches: 16 }));
    expect(t).toHaveLength(16);
    const at = (mode: string, z: number) => t.find((x) => (x.reversible ? "rev" : x.recompute) === mode && x.zeroStage === z) as { memoryBytes: number; stepSeconds: number };
    for (const z of [0, 1, 2, 3]) {
      expect(at("full", z).memoryBytes).toBeLessThan(at("none", z).memoryBytes);
      expect(at("full", z).stepSeconds).toBeGreaterThan(at("none", z).stepSeconds);
      expect(at("rev", z).memoryBytes).toBeLessThan(at("full", z).memoryBytes);
    }
  });
});

describe("bad layouts are named", () => {
  it("refuses a tensor-parallel degree that does not divide the heads", () => {
    const e = errorOf(() => analyzeTrainStep(base({ tensorParallel: 3 }, { names: { tensorParallel: "--tp" } })));
    expect(e.details.field).toBe("--tp");
    expect(e.message).toMatch(/divides the 64 attention heads/);
  });
  it("refuses expert parallelism on a dense model, and one that does not divide the experts or DP·CP", () => {
    expect(errorOf(() => analyzeTrainStep(base({ expertParallel: 2, dataParallel: 2 }))).message).toMatch(/dense model/);
    expect(errorOf(() => analyzeTrainStep({ model: mixtral, hardware: h100, layout: { expertParallel: 3, dataParallel: 3 } })).message).toMatch(/divisor of the 8 routed experts/);
    expect(errorOf(() => analyzeTrainStep({ model: mixtral, hardware: h100, layout: { expertParallel: 8, dataParallel: 2, tensorParallel: 2 } })).message).toMatch(/tensor × context × data parallel = 4/);
  });
  it("refuses more stages than layers, an interleaved schedule with m not a multiple of P, and a context split that breaks causal chunks", () => {
    expect(errorOf(() => analyzeTrainStep(base({ pipelineParallel: 81 }))).message).toMatch(/80 layers/);
    expect(errorOf(() => analyzeTrainStep(base({ pipelineParallel: 4, microBatches: 6, schedule: "interleaved" }))).message).toMatch(/multiple of the 4 pipeline stages/);
    expect(errorOf(() => analyzeTrainStep(base({ contextParallel: 3, sequenceLength: 4096 }))).message).toMatch(/divisible by 2·C/);
    expect(errorOf(() => analyzeTrainStep(base({ zeroStage: 4 }))).details.code).toBe("out-of-range");
    expect(errorOf(() => analyzeTrainStep(base({ dataParallel: 0 }))).details.code).toBe("out-of-range");
    expect(errorOf(() => analyzeTrainStep(base({ microBatch: 1.5 }))).details.code).toBe("not-an-integer");
  });
  it("refuses a napkin model (no architecture) with a pointer to `roofline train`", () => {
    const napkin = { ...llama70, architecture: null, parameters: null };
    expect(errorOf(() => analyzeTrainStep({ model: napkin, hardware: h100, layout: {} })).message).toMatch(/roofline train/);
  });
});

describe("the run", () => {
  it("reports chip-hours and calendar time on TPU v4 without a price", () => {
    const tpu = getHardware("tpu-v4");
    expect(tpu.usdPerChipHour.value).toBeNull();
    const r = analyzeTrainStep({ model: llama8, hardware: tpu, layout: { dataParallel: 256, tensorParallel: 4, sequenceLength: 4096, microBatches: 4 }, tokens: 1e12 });
    expect(r.run).not.toBeNull();
    expect(r.run?.usd).toBeNull();
    expect(r.run?.chipHours).toBeCloseTo(1e12 / r.tokensPerSecondPerChip / 3600, 3);
    expect(r.run?.calendarSeconds).toBeCloseTo(1e12 / (r.tokensPerSecondPerChip * r.chips), 3);
    expect(r.warnings.some((w) => w.code === "no-price")).toBe(true);
  });
  it("prices the run when a price is known", () => {
    const r = analyzeTrainStep({ model: llama8, hardware: h100, layout: { dataParallel: 8 }, tokens: 1e12, usdPerChipHour: 2 });
    expect(r.run?.usd).toBeCloseTo((r.run?.chipHours ?? 0) * 2, 6);
  });
});

describe("search", () => {
  it("finds layouts that fit and ranks the fastest first; the winner is explained", () => {
    const r = searchTrainLayouts({ model: llama8, hardware: h100, chips: 64, sequenceLength: 4096, globalBatchTokens: 2 ** 21, top: 5 });
    expect(r.fitting).toBeGreaterThan(0);
    expect(r.fastest.length).toBe(5);
    for (let i = 1; i < r.fastest.length; i++) expect((r.fastest[i] as { stepSeconds: number }).stepSeconds).toBeGreaterThanOrEqual((r.fastest[i - 1] as { stepSeconds: number }).stepSeconds);
    expect(r.fastest.every((x) => x.chips === 64 && x.memoryBytes <= 80e9)).toBe(true);
    expect(r.bestFastest?.time.stepSeconds).toBeCloseTo(r.fastest[0]?.stepSeconds ?? 0, 9);
    expect(r.cheapest[0]?.tokensPerSecondPerChip).toBeGreaterThanOrEqual(r.fastest[0]?.tokensPerSecondPerChip ?? Infinity);
  });
  it("ranks by the expected step times by default, by the ideal (a bound) with efficiencyMode ideal", () => {
    const o = { model: llama8, hardware: h100, chips: 16, sequenceLength: 4096, globalBatchTokens: 2 ** 20, top: 5 };
    const expected = searchTrainLayouts(o);
    const ideal = searchTrainLayouts({ ...o, efficiencyMode: "ideal" });
    expect(expected.efficiency).toBe("expected");
    expect(ideal.efficiency).toBe("ideal");
    expect(ideal.evaluated).toBe(expected.evaluated);
    // Each ranked layout's step time is that layout's ideal step (every efficiency term at its most optimistic) …
    for (const x of ideal.fastest) {
      expect(x.stepSeconds).toBe(analyzeTrainStep({ model: llama8, hardware: h100, layout: { ...x.layout }, efficiency: idealTrainEfficiency() }).time.stepSeconds);
      expect(x.stepSeconds).toBeLessThanOrEqual(analyzeTrainStep({ model: llama8, hardware: h100, layout: { ...x.layout } }).time.stepSeconds);
    }
    for (const x of expected.fastest) expect(x.stepSeconds).toBe(analyzeTrainStep({ model: llama8, hardware: h100, layout: { ...x.layout } }).time.stepSeconds);
    // … so the ideal's fastest is a bound on the expected's, and the winner is explained at the same times.
    expect(ideal.fastest[0]!.stepSeconds).toBeLessThanOrEqual(expected.fastest[0]!.stepSeconds);
    expect(ideal.bestFastest?.time.stepSeconds).toBe(ideal.fastest[0]?.stepSeconds);
    expect(ideal.bestFastest?.derivations["computeSeconds"]?.inputs.find((i) => i.name === "matmulEfficiency")?.value).toBe(1);
    // A mode that is neither is refused, naming the input.
    expect(errorOf(() => searchTrainLayouts({ ...o, efficiencyMode: "best" as "ideal", names: { efficiency: "--efficiency" } })).message).toMatch(/--efficiency: got "best"\. Expected one of ideal, expected/);
  });
  it("refuses a global batch that is not whole sequences", () => {
    expect(errorOf(() => searchTrainLayouts({ model: llama8, hardware: h100, chips: 8, sequenceLength: 4096, globalBatchTokens: 5000 })).message).toMatch(/multiple of the sequence length/);
  });
});
