/**
 * Cluster layout: the lecture's and the crib sheet's numbers as golden tests, the layout's
 * invariants as properties, and bad degrees as clear errors.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  analyzeLayout,
  clusterFormulas as C,
  getHardware,
  getModel,
  inferenceSchedule,
  isRooflineError,
  prepareLayout,
  RooflineError,
  ringAllReduceFactor,
  ringAllReduceSeconds,
  trainingSchedule,
  userGiven,
  type LayoutOptions,
} from "../src/index.ts";

const deepseek = getModel("deepseek-v3");
const gb200 = getHardware("gb200");
const gptOss = getModel("gpt-oss-120b");

function errorOf(f: () => unknown): RooflineError {
  try {
    f();
  } catch (e) {
    if (isRooflineError(e)) return e;
    throw e;
  }
  throw new Error("expected a RooflineError");
}

describe("golden: the lecture's MoE layout on a rack", () => {
  it("puts DeepSeek's 256 experts on 64 of an NVL72's 72 GPUs, four per GPU [34:00]", () => {
    const r = analyzeLayout({ model: deepseek, hardware: gb200 });
    expect(r.degrees.expertParallel).toBe(64);
    expect(r.derivations["expertsPerChip"]?.value).toBe(4);
    expect(r.chips.total).toBe(64);
    expect(r.chips.idleInSystem).toBe(8);
    const rack = r.placement[0]?.chips ?? [];
    expect(rack[0]?.experts).toEqual([0, 3]);
    expect(rack[63]?.experts).toEqual([252, 255]);
    expect(rack.slice(64).every((c) => c === null)).toBe(true);
  });

  it("sends half the expert traffic off the rack when one expert layer spans two racks [39:40]", () => {
    // The lecture's arithmetic: 64 tokens × 8 experts × 7,168 × 2 B ÷ 128 chips = 57 kB per chip per layer; half leaves the rack.
    const perChip = C.allToAllBytesPerChip.fn(64, 8, 7168, 2, 128);
    expect(perChip).toBe((64 * 8 * 7168 * 2) / 128);
    const xOut = C.scaleOutFraction.fn(64, 128);
    expect(xOut).toBe(0.5);
    expect(C.allToAllOutsideBytes.fn(perChip, xOut)).toBeCloseTo(perChip / 2, 6);
    // Scale-out is 18× slower on GB200 (50 GB/s NIC vs 900 GB/s NVLink): the off-rack half sets the time, dispatch and combine.
    expect(C.allToAllSecondsPerLayer.fn(C.allToAllInsideBytes.fn(perChip, 128, xOut), 900e9, perChip / 2, 50e9, 128, 0)).toBeCloseTo((2 * (perChip / 2)) / 50e9, 15);
    // The layout sends a token once per rack its experts sit on (DeepEP forwards it over NVLink on arrival):
    // with BF16 dispatch and combine, 0.5 tokens per chip × 2·(1 − ½⁸) = 1.99 racks reached × ½ of them remote × 7,168 × (2 + 2) B.
    const r = analyzeLayout({ model: deepseek, hardware: gb200, expertParallel: 128, scaleUpDomainChips: 64, microBatch: 64, collectiveLatencySeconds: 0, dispatchBytes: 2, combineBytes: 2 });
    expect(r.traffic.scaleOutFraction).toBe(0.5);
    const racksReached = 2 * (1 - 0.5 ** 8);
    expect(r.derivations["domainsReachedPerToken"]?.value).toBeCloseTo(racksReached, 12);
    const outside = (64 / 128) * racksReached * 0.5 * 7168 * 4;
    expect(r.traffic.allToAllOutsideBytesPerChipPerLayer).toBeCloseTo(outside, 6);
    expect(r.derivations["allToAllSecondsPerLayer"]?.value).toBeCloseTo(outside / 50e9, 15);
    // Sending once per rack instead of once per expert cuts the off-rack bytes k·x_out ÷ (D_tok·x_out) = 8 ÷ 1.99 ≈ 4×.
    expect((2 * C.allToAllOutsideBytes.fn(perChip, xOut)) / outside).toBeCloseTo(8 / racksReached, 9);
  });

  it("passes the rack-boundary test with scale-out 8× slower than scale-up [51:00–52:50]", () => {
    const ratio = (k: number, layersPerStage: number) =>
      C.pipelineBoundaryRatio.explain({
        scaleOutBytesPerSecond: userGiven(100e9, "scale-out"),
        scaleUpBytesPerSecond: userGiven(800e9, "scale-up"),
        expertsPerToken: userGiven(k, "k"),
        layersPerStage: userGiven(layersPerStage, "layers per stage"),
      }).value;
    // 1/8 × k × layers × 2 ≥ 1 ⇔ k × layers × 2 ≥ 8
    expect(ratio(8, 1)).toBe(2);
    expect(ratio(1, 1)).toBe(0.25);
    expect(ratio(1, 4)).toBe(1);
    expect(ratio(2, 1)).toBeLessThan(1);
    // DeepSeek (k = 8) passes with one layer per stage: "one rack does one layer".
    const r = analyzeLayout({ model: deepseek, hardware: gb200, pipelineStages: 61, expertParallel: 1, attentionDataParallel: 1, scaleOutBytesPerSecond: 900e9 / 8 });
    expect(r.pipelineBoundary?.ratio).toBe(2);
    expect(r.pipelineBoundary?.ok).toBe(true);
  });

  it("shrinks weights per GPU with E·P but not the KV cache (E = 64, P = 4) [1:06:25, 1:11:22]", () => {
    const at = (P: number) => analyzeLayout({ model: deepseek, hardware: gb200, expertParallel: 64, pipelineStages: P, microBatch: 2048, contextTokens: 8192, unevenStages: true });
    const p1 = at(1);
    const p4 = at(4);
    // weights: 671.0B params × 1 B (FP8) ÷ (64 × 4) = 2.62 GB
    expect(p4.lectureMemory.weightBytesPerChip).toBeCloseTo((671_026_544_128 * 1) / 256, 0);
    expect(p4.lectureMemory.weightBytesPerChip).toBeCloseTo(p1.lectureMemory.weightBytesPerChip / 4, 0);
    // KV: B = P·b sequences in flight; the P cancels: 2,048 × 8,192 × 70,272 B (MLA, BF16) ÷ 64 = 18.4 GB at any P
    const kv = (2048 * 8192 * 35136 * 2) / 64;
    expect(p1.lectureMemory.kvBytesPerChip).toBeCloseTo(kv, -1);
    expect(p4.lectureMemory.kvBytesPerChip).toBeCloseTo(kv, -1);
    expect(p4.derivations["kvBytesPerChipLecture"]?.formula.text).toBe("M_kv/chip = P · b · L · kv / (E · P)");
    // at P = 4 the KV term dominates, as the lecture says
    expect(p4.lectureMemory.kvBytesPerChip).toBeGreaterThan(p4.lectureMemory.weightBytesPerChip);
  });

  it("adds a few ms per pipeline hop to every decode step: ~20 ms → ~30 ms [1:15:46]", () => {
    const token = (P: number, stageSeconds: number, hopSeconds: number) =>
      C.tokenSeconds.explain({
        pipelineStages: userGiven(P, "P"),
        stageSeconds: userGiven(stageSeconds, "stage"),
        hops: userGiven(C.pipelineHopsPerToken.fn(P), "hops"),
        hopSeconds: userGiven(hopSeconds, "hop"),
      }).value;
    expect(token(1, 0.02, 0.0025)).toBeCloseTo(0.02, 12);
    expect(token(4, 0.005, 0.0025)).toBeCloseTo(0.03, 12);
    // End to end: pipelining moves the memory time between racks and adds P hops per token.
    const base: LayoutOptions = { model: gptOss, hardware: gb200, expertParallel: 32, microBatch: 64, contextTokens: 8192 };
    const p1 = analyzeLayout(base);
    const p4 = analyzeLayout({ ...base, pipelineStages: 4, hopLatencySeconds: 0.0025 });
    expect(p4.time.hopsPerToken).toBe(4);
    expect(p4.time.tokenSeconds - p1.time.tokenSeconds).toBeCloseTo(4 * p4.time.hopSeconds, 9);
    expect(p4.time.hopSeconds).toBeGreaterThanOrEqual(0.0025);
  });

  it("reads weights at scale-up size × per-GPU bandwidth: 72 × 8 TB/s = 576 TB/s [1:17:58]", () => {
    const r = analyzeLayout({ model: deepseek, hardware: gb200 });
    expect(r.aggregateHbmBytesPerSecond).toBe(72 * 8e12);
    expect(r.domainLatencyFloorSeconds).toBeCloseTo((671_026_544_128 * 1) / (72 * 8e12), 12);
    const h100 = analyzeLayout({ model: getModel("llama-3.1-70b"), hardware: getHardware("h100"), tensorParallel: 8 });
    expect(h100.aggregateHbmBytesPerSecond).toBe(8 * 3.35e12);
  });
});

describe("experts split by tensor parallelism reduce one vector per token per group", () => {
  const mixtral = getModel("mixtral-8x7b");
  const h100 = getHardware("h100");
  it("with every expert split over all chips (E = 1), a token's k experts are summed before one all-reduce: T·d·b, not k·T·d·b", () => {
    const r = analyzeLayout({ model: mixtral, hardware: h100, tensorParallel: 8, expertParallel: 1 });
    const tokens = r.derivations["tokens"]?.value ?? NaN;
    expect(r.derivations["expertGroupsPerToken"]?.value).toBeCloseTo(1, 12);
    expect(r.derivations["expertTensorParallelBytes"]?.value).toBeCloseTo(tokens * 4096 * 2, 6);
  });
  it("over E groups, a token reaches E·(1−(1−1/E)^k) of them, fewer than its k experts", () => {
    const r = analyzeLayout({ model: mixtral, hardware: h100, tensorParallel: 4, expertParallel: 2 });
    const tokens = r.derivations["tokens"]?.value ?? NaN;
    const groups = 2 * (1 - 0.5 ** 2); // k = 2 experts over E = 2 groups: 1.5
    expect(r.derivations["expertGroupsPerToken"]?.value).toBeCloseTo(groups, 12);
    expect(r.derivations["expertTensorParallelBytes"]?.value).toBeCloseTo((tokens * groups * 4096 * 2) / 2, 6);
    expect(groups).toBeLessThan(2);
  });
});

describe("golden: the crib sheet's TP4 pass misses a 100 ms tick", () => {
  it("23 ms compute + 56 all-reduces × 75 MB at 400 GB/s → 38.75 ms/pass → 155 ms for 4 steps", () => {
    expect(ringAllReduceFactor.fn(4)).toBe(1.5);
    const allReduces = C.allReducesPerStage.fn(28, 4);
    expect(allReduces).toBe(56);
    const oneAr = ringAllReduceSeconds.fn(75e6, 4, 400e9, 0);
    expect(oneAr).toBeCloseTo(2.8125e-4, 12);
    const comms = C.tensorParallelSeconds.fn(allReduces, oneAr);
    expect(comms).toBeCloseTo(0.01575, 9); // the crib sheet rounds to 16 ms
    const pass = C.stageSecondsSerial.fn(0.023, comms);
    expect(pass).toBeCloseTo(0.03875, 9); // quoted 39 ms
    const four = C.sequentialPassesSeconds.fn(4, pass);
    // The crib sheet's 156 ms is 4 × the rounded 39 ms; the derivation gives 155 ms.
    expect(four).toBeCloseTo(0.155, 9);
    expect(C.deadlineSlackSeconds.fn(0.1, four)).toBeLessThan(0);
    // Overlap would hide the comms: max(23, 15.75) × 4 = 92 ms, inside the tick.
    expect(C.sequentialPassesSeconds.fn(4, C.stageSecondsOverlapped.fn(0.023, comms))).toBeCloseTo(0.092, 9);
  });
});

describe("pipeline schedules", () => {
  it("decode has no bubble once micro-batches equal stages", () => {
    const s = inferenceSchedule({ stages: 4, microBatches: 4, iterations: 3 });
    expect(s.idleFraction).toBe(0);
    expect(s.bubble.value).toBe(0);
    const short = inferenceSchedule({ stages: 4, microBatches: 1, iterations: 3 });
    expect(short.idleFraction).toBeCloseTo(0.75, 12);
    expect(short.bubble.value).toBe(0.75);
  });

  it("training idles (P−1)/(m+P−1) of the time, GPipe and 1F1B alike; 1F1B holds fewer micro-batches", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 16 }), (P, m) => {
        const g = trainingSchedule({ stages: P, microBatches: m, kind: "gpipe" });
        const f = trainingSchedule({ stages: P, microBatches: m, kind: "1f1b" });
        const bubble = (P - 1) / (m + P - 1);
        expect(g.idleFraction).toBeCloseTo(bubble, 9);
        expect(f.idleFraction).toBeCloseTo(bubble, 9);
        expect(g.bubble.value).toBeCloseTo(bubble, 12);
        expect(g.makespan).toBeCloseTo((m + P - 1) * 3, 9);
        expect(g.peakMicroBatchesInFlight).toBe(m);
        expect(f.peakMicroBatchesInFlight).toBe(Math.min(m, P));
        expect(g.blocks.length).toBe(2 * P * m);
      }),
      { numRuns: 60 },
    );
  });
});

describe("properties", () => {
  const dsDivisors = [1, 2, 4, 8, 16, 32, 64, 128, 256];

  it("weight memory per chip is non-increasing in the expert-parallel degree", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 7 }), fc.constantFrom("per-chip", "tensor"), (i, attention) => {
        const E1 = dsDivisors[i] as number;
        const E2 = dsDivisors[i + 1] as number;
        if (attention === "tensor" && E2 > 128) return;
        const w = (E: number) =>
          analyzeLayout({ model: deepseek, hardware: gb200, expertParallel: E, attentionDataParallel: attention === "per-chip" ? E : 1 }).memory.weightBytesPerChip;
        expect(w(E2)).toBeLessThanOrEqual(w(E1));
      }),
      { numRuns: 20 },
    );
  });

  it("weight memory per chip is non-increasing in the pipeline degree", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.constantFrom(1, 8, 64), (P, E) => {
        const w = (p: number) => analyzeLayout({ model: deepseek, hardware: gb200, expertParallel: E, pipelineStages: p, unevenStages: true }).memory.weightBytesPerChip;
        expect(w(P + 1)).toBeLessThanOrEqual(w(P));
      }),
      { numRuns: 25 },
    );
  });

  it("KV memory per chip is unchanged by the pipeline degree at full occupancy", () => {
    fc.assert(
      fc.property(fc.constantFrom(1, 2, 3, 4, 6, 9, 12, 18, 36), fc.integer({ min: 1, max: 512 }), fc.integer({ min: 0, max: 200_000 }), (P, b, L) => {
        const kv = (p: number) => analyzeLayout({ model: gptOss, hardware: gb200, expertParallel: 16, pipelineStages: p, microBatch: b, contextTokens: L }).memory.kvBytesPerChip;
        const a = kv(1);
        expect(Math.abs(kv(P) - a)).toBeLessThanOrEqual(1e-9 * a);
      }),
      { numRuns: 25 },
    );
  });

  it("the explained layout and its compiled kernel agree", () => {
    const outputs = ["tokenSeconds", "memoryBytesPerChip", "usdPerMillionTokens", "pipelineCycleSeconds", "kvBytesPerChip", "weightBytesPerChip", "stageCommSeconds"];
    fc.assert(
      fc.property(fc.constantFrom(1, 4, 16, 64, 128), fc.constantFrom(1, 2, 4), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 4096 }), fc.boolean(), (E, T, P, b, overlap) => {
        const setup = prepareLayout({ model: deepseek, hardware: gb200, expertParallel: E, tensorParallel: T, pipelineStages: P, microBatch: b, unevenStages: true, overlapCommunication: overlap });
        const d = setup.graph.explain(setup.params);
        const out = new Float64Array(outputs.length);
        setup.kernel([], outputs)(out);
        outputs.forEach((o, i) => {
          const want = d[o]?.value as number;
          expect(Math.abs((out[i] as number) - want)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want)));
        });
      }),
      { numRuns: 25 },
    );
  });
});

describe("bad input: one clear error naming the constraint", () => {
  it("an expert degree that does not divide the experts", () => {
    const e = errorOf(() => analyzeLayout({ model: deepseek, hardware: gb200, expertParallel: 72 }));
    expect(e.details.field).toBe("expertParallel");
    expect(e.message).toMatch(/divisor of the 256 routed experts/);
    expect(e.message).toMatch(/64/);
  });

  it("a tensor degree that does not divide the heads", () => {
    const e = errorOf(() => analyzeLayout({ model: deepseek, hardware: gb200, expertParallel: 8, tensorParallel: 3 }));
    expect(e.details.field).toBe("tensorParallel");
    expect(e.message).toMatch(/128 attention heads/);
  });

  it("a pipeline degree that does not divide the layers: uneven stages by default (with a warning), refused when they are not allowed", () => {
    const uneven = analyzeLayout({ model: deepseek, hardware: gb200, pipelineStages: 4 });
    expect(uneven.derivations["layersPerStage"]?.value).toBe(16);
    expect(uneven.warnings.find((w) => w.code === "uneven-stages")?.message).toMatch(/61 layers over 4 stages: stages of 16 and 15 layers/);
    expect(analyzeLayout({ model: deepseek, hardware: gb200, pipelineStages: 1 }).warnings.some((w) => w.code === "uneven-stages")).toBe(false);
    const e = errorOf(() => analyzeLayout({ model: deepseek, hardware: gb200, pipelineStages: 4, unevenStages: false }));
    expect(e.details.field).toBe("pipelineStages");
    expect(e.message).toMatch(/divisor of the 61 layers/);
    expect(e.message).toMatch(/unevenStages/);
    expect(analyzeLayout({ model: deepseek, hardware: gb200, pipelineStages: 4, unevenStages: true }).derivations["layersPerStage"]?.value).toBe(16);
    expect(errorOf(() => analyzeLayout({ model: deepseek, hardware: gb200, pipelineStages: 62, unevenStages: true })).message).toMatch(/at most the 61 layers/);
  });

  it("a layout larger than the system", () => {
    const e = errorOf(() => analyzeLayout({ model: deepseek, hardware: gb200, expertParallel: 64, pipelineStages: 61, domains: 2 }));
    expect(e.code).toBe("does-not-fit");
    expect(e.message).toMatch(/3,?904 chips|3904 chips/);
    expect(e.message).toMatch(/2 × 72 = 144 chips/);
  });

  it("expert parallelism on a dense model, and attention groups that do not split the stage", () => {
    expect(errorOf(() => analyzeLayout({ model: getModel("llama-3.1-70b"), hardware: gb200, expertParallel: 8 })).message).toMatch(/dense model/);
    expect(errorOf(() => analyzeLayout({ model: deepseek, hardware: gb200, expertParallel: 64, attentionDataParallel: 3 })).message).toMatch(/divisor of the 64 chips per stage/);
    expect(() => analyzeLayout({ model: deepseek, hardware: gb200, expertParallel: 0 })).toThrow(RooflineError);
    expect(() => analyzeLayout({ model: deepseek, hardware: gb200, microBatch: Number.NaN })).toThrow(RooflineError);
  });

  it("warns about legal but suspicious layouts: a stage across racks, too few micro-batches", () => {
    const across = analyzeLayout({ model: deepseek, hardware: gb200, expertParallel: 128 });
    expect(across.warnings.map((w) => w.code)).toContain("stage-spans-domains");
    expect(across.warnings.find((w) => w.code === "stage-spans-domains")?.message).toMatch(/43\.8% of the expert traffic/);
    const bubble = analyzeLayout({ model: gptOss, hardware: gb200, expertParallel: 16, pipelineStages: 4, microBatches: 2 });
    expect(bubble.warnings.map((w) => w.code)).toContain("pipeline-bubble");
    expect(bubble.derivations["inferenceIdleFraction"]?.value).toBe(0.5);
    const clean = analyzeLayout({ model: gptOss, hardware: gb200, expertParallel: 16, pipelineStages: 4 });
    expect(clean.warnings).toEqual([]);
  });

  it("warns when MLA's latent KV is copied by tensor-parallel attention", () => {
    const r = analyzeLayout({ model: deepseek, hardware: gb200, expertParallel: 8, attentionDataParallel: 1 });
    expect(r.warnings.map((w) => w.code)).toContain("mla-kv-replicated");
    expect(r.derivations["kvCopies"]?.value).toBe(8);
  });
});
