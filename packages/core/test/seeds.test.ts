/**
 * Golden numbers from the seed documents, each reproduced from its derivation. Where a seed's quoted
 * figure differs from its own arithmetic, the test pins the derivation and records the quote.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  analyzeBatch,
  analyzePrefill,
  analyzeStep,
  cribSheetLlm,
  formulas as F,
  getHardware,
  getModel,
  hardwareFromJson,
  napkinModel,
  userGiven,
} from "../src/index.ts";

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8"));
const example = (name: string) => JSON.parse(readFileSync(new URL(`../../../examples/${name}`, import.meta.url), "utf8"));
const h100 = getHardware("nvidia-h100-sxm5-80gb");
const seventyB = cribSheetLlm();

describe("the crib sheet's 70B", () => {
  it("is one model: examples/crib-70b-fp8.json is the engine's crib-sheet LLM as a napkin file", () => {
    const file = napkinModel(example("crib-70b-fp8.json"), "crib-70b-fp8.json");
    expect(file.totalParams).toBe(seventyB.totalParams);
    expect(file.activeParams).toBe(seventyB.activeParams);
    expect(file.layers).toBe(seventyB.layers);
    expect(file.napkinWeightBytesPerParam).toBe(1);
    expect(file.attention.napkinKvBytesPerToken).toBe(163_840);
    expect(seventyB.attention.napkinKvBytesPerToken).toBe(163_840);
  });
});

describe("lecture: optimal batch ≈ 300 × sparsity", () => {
  it("gives ≈2,363 on an H100 for sparsity 8 (the lecture says 300 × 8 = 2,400)", () => {
    const model = napkinModel(fixture("napkin-sparsity-8.json"), "napkin-sparsity-8.json");
    const r = analyzeBatch({ model, hardware: h100, chips: 1, contextTokens: 0, weightPrecision: "bf16" });
    // 989.4 TFLOP/s ÷ 3.35 TB/s = 295.3 FLOP/B; × (2 B per weight ÷ 2 FLOP per MAC) × 8
    expect(r.closedFormOptimalBatch).toBeCloseTo((989.4e12 / 3.35e12) * 8, 6);
    expect(r.closedFormOptimalBatch).toBeCloseTo(2362.9, 0);
    expect(Math.abs(r.closedFormOptimalBatch / 2400 - 1)).toBeLessThan(0.02);
    expect(r.derivations["closedFormOptimalBatch"]?.notes.join(" ")).toMatch(/300 × sparsity/);
  });

  it("is the same at FP8 with 1-byte weights: the ratio is stable across precisions", () => {
    const model = napkinModel({ ...fixture("napkin-sparsity-8.json"), weightBytesPerParam: 1 }, "fp8 napkin");
    const r = analyzeBatch({ model, hardware: h100, chips: 1, contextTokens: 0, computePrecision: "fp8" });
    expect(r.closedFormOptimalBatch).toBeCloseTo((1978.9e12 / 3.35e12) * 0.5 * 8, 6);
  });

  it("uses DeepSeek-V3's real 671B / 37B (sparsity ≈ 18, not the lecture's '32 of 256' = 8)", () => {
    const ds = getModel("deepseek-v3");
    const r = analyzeBatch({ model: ds, hardware: h100, chips: 8, contextTokens: 0, weightPrecision: "bf16", hbmBytes: 1e12 });
    const sparsity = ds.totalParams / ds.activeParams;
    expect(sparsity).toBeGreaterThan(17.5);
    expect(sparsity).toBeLessThan(18.5);
    expect(r.closedFormOptimalBatch).toBeCloseTo((989.4e12 / 3.35e12) * sparsity, 6);
    expect(r.closedFormOptimalBatch).toBeGreaterThan(5000);
    expect(r.closedFormOptimalBatch).toBeLessThan(5500);
  });

  it("finds the exact balance above the closed form once KV traffic is included", () => {
    const model = napkinModel({ ...fixture("napkin-sparsity-8.json"), kvBytesPerToken: 1000 }, "with kv");
    const noKv = analyzeBatch({ model: napkinModel(fixture("napkin-sparsity-8.json"), "no kv"), hardware: h100, chips: 1, contextTokens: 0 });
    const withKv = analyzeBatch({ model, hardware: h100, chips: 1, contextTokens: 100_000 });
    expect(noKv.optimalBatch).toBeCloseTo(noKv.closedFormOptimalBatch, 3);
    expect(withKv.optimalBatch).not.toBeNull();
    expect(withKv.optimalBatch as number).toBeGreaterThan(withKv.closedFormOptimalBatch);
  });
});

describe("crib sheet: LLM serving", () => {
  it("48 tok/s unbatched: 3.35 TB/s ÷ 70 GB of FP8 weights", () => {
    const r = analyzeStep({ model: seventyB, hardware: h100, chips: 1, batch: 1, contextTokens: 0, hbmBytes: 1e11 });
    expect(r.tokensPerSecondPerSequence).toBeCloseTo(3.35e12 / 70e9, 9);
    expect(Math.round(r.tokensPerSecondPerSequence)).toBe(48);
    expect(r.bound).toBe("memory");
  });

  it("160 KB/token of FP8 KV: 80 layers × 2 × 8 KV heads × 128 dims × 1 B", () => {
    const values = F.kvValuesPerTokenGqa.fn(80, 8, 128, 128);
    expect(F.kvBytesPerTokenFromValues.fn(values, 1)).toBe(163_840); // 160 KiB
    // and Llama 3.1 70B, read from its config.json, has exactly that shape
    const llama = getModel("llama-3.1-70b");
    const r = analyzeStep({ model: llama, hardware: h100, chips: 2, batch: 1, contextTokens: 32_768, kvPrecision: "fp8" });
    expect(r.derivations["kvBytesPerToken"]?.value).toBe(163_840);
    // "→ 32K stream = 5 GB": 163,840 × 32,768 B = 5 GiB
    expect(F.kvBytesPerSequence.fn(163_840, 32_768)).toBe(5 * 2 ** 30);
  });

  it("TP2 leaves ~90 GB → 16 long streams by the derivation (the crib sheet rounds 5 GiB to 5 GB and says ~18)", () => {
    const r = analyzeStep({ model: seventyB, hardware: h100, chips: 2, batch: 1, contextTokens: 32_767 });
    expect(r.memory.capacityBytes - r.memory.weightBytes).toBe(90e9);
    expect(r.memory.maxBatch).toBe(16);
    expect(90e9 / 5e9).toBe(18); // the crib sheet's own division
  });

  it("a 4K-token prefill of a 70B model ≈ 1.27 s at 0.45 PFLOP/s effective (crib sheet: '≈ 1 s'; 0.57 PFLOP)", () => {
    const r = analyzeStep({ model: seventyB, hardware: h100, chips: 1, batch: 1, phase: "prefill", promptTokens: 4096, contextTokens: 0, peakFlopsPerSecond: 0.45e15, hbmBytes: 1e12 });
    expect(r.flopPerToken * 4096).toBeCloseTo(2 * 70e9 * 4096, 0);
    expect(r.flopPerToken * 4096).toBeCloseTo(0.573e15, -12);
    expect(r.computeSeconds).toBeCloseTo((2 * 70e9 * 4096) / 0.45e15, 9);
    expect(r.computeSeconds).toBeCloseTo(1.274, 3);
    expect(r.bound).toBe("compute");
  });

  it("$0.36 per million output tokens at TP2, batch 32, 6.7 TB/s, $2/GPU-hour (the crib sheet rounds to 3,000 tok/s and quotes $0.37)", () => {
    const r = analyzeStep({ model: seventyB, hardware: h100, chips: 2, batch: 32, contextTokens: 0, usdPerChipHour: 2 });
    expect(r.stepSeconds).toBeCloseTo(70e9 / 6.7e12, 12); // 10.45 ms
    expect(r.tokensPerSecond).toBeCloseTo(3062.9, 0); // "~3,000 tok/s/pair"
    expect(r.usdPerMillionTokens as number).toBeCloseTo(0.3628, 4);
    // the quoted figure follows from rounding throughput to 3,000 tok/s
    expect(((2 * 2) / 3600 / 3000) * 1e6).toBeCloseTo(0.37, 2);
  });
});

describe("lecture: HBM drain time and the train", () => {
  it("Rubin: 288 GB ÷ 20 TB/s = 14.4 ms (flashcards: ≈ 15 ms)", () => {
    expect(F.drainSeconds.fn(288e9, 20e12)).toBeCloseTo(0.0144, 12);
    // The catalog's Rubin uses the CES-2026 figure of 22 TB/s: 13.1 ms.
    const rubin = getHardware("rubin");
    expect((rubin.hbmBytes.value as number) / (rubin.hbmBytesPerSecond.value as number)).toBeCloseTo(0.01309, 5);
  });

  it("H100-class drain times sit near 20 ms", () => {
    const r = analyzeStep({ model: seventyB, hardware: h100, chips: 1, batch: 1, contextTokens: 0 });
    expect(r.hbmDrainSeconds).toBeCloseTo(80e9 / 3.35e12, 12); // 23.9 ms
  });

  it("a 2,000-token train every 15.625 ms (64 per second) carries 128K tokens/s", () => {
    expect(F.trainTokensPerSecond.fn(2000, 1 / 64)).toBe(128_000);
    expect(F.trainWorstCaseWait.fn(0.02)).toBe(0.04); // "the worst case latency is 40"
  });

  it("the batch analysis runs the train at the optimal batch with period = its step time", () => {
    const model = napkinModel(fixture("napkin-sparsity-8.json"), "napkin");
    const r = analyzeBatch({ model, hardware: h100, chips: 8, contextTokens: 0 });
    expect(r.train.batch).toBe(Math.ceil(r.optimalBatch as number));
    expect(r.train.periodSeconds).toBeCloseTo(r.trainStep.stepSeconds, 15);
    expect(r.train.worstCaseLatencySeconds).toBeCloseTo(2 * r.train.periodSeconds, 15);
    expect(r.train.tokensPerSecond).toBeCloseTo(r.train.batch / r.train.periodSeconds, 6);
  });
});

describe("lecture: KV bytes per token from the 200K-token balance", () => {
  it("≈1.7 KB at 100B active, 200K context, FP8 compute on an H100 (≈3.4 KB at BF16)", () => {
    const fp8 = F.kvBytesPerTokenAtBalance.fn(100e9, 3.35e12, 1978.9e12, 200e3);
    expect(fp8).toBeCloseTo(1693, 0);
    const bf16 = F.kvBytesPerTokenAtBalance.fn(100e9, 3.35e12, 989.4e12, 200e3);
    expect(bf16).toBeCloseTo(3386, 0);
    // the lecture's own arithmetic: (1/300) × 100B / 200K = 1,667 B
    expect(100e9 / 300 / 200e3).toBeCloseTo(1666.7, 1);
  });
});

describe("MoE: the weights a batch actually reads", () => {
  const ds = getModel("deepseek-v3");
  const system = { hardware: h100, chips: 16, contextTokens: 0 } as const;

  it("at batch 1 DeepSeek-V3 reads its ~37B active parameters, not its 671B", () => {
    const r = analyzeStep({ model: ds, ...system, batch: 1 });
    expect(r.expertsTouchedPerLayer).toBeCloseTo(8, 9);
    expect(r.weightBytesRead / 1e9).toBeGreaterThan(35);
    expect(r.weightBytesRead / 1e9).toBeLessThan(38);
    const lecture = analyzeStep({ model: ds, ...system, batch: 1, expertRouting: "all" });
    expect(lecture.weightBytesRead / 1e9).toBeGreaterThan(660);
    expect(r.stepSeconds).toBeLessThan(lecture.stepSeconds / 15);
  });

  it("touches E·(1−(1−k/E)^B) experts: almost all 256 by a batch of a few hundred", () => {
    expect(F.expectedExpertsTouched.fn(256, 8, 1)).toBeCloseTo(8, 12);
    expect(F.expectedExpertsTouched.fn(256, 8, 2)).toBeCloseTo(256 * (1 - (1 - 8 / 256) ** 2), 12);
    const r = analyzeStep({ model: ds, ...system, batch: 512 });
    expect(r.expertsTouchedPerLayer as number).toBeGreaterThan(255.9);
  });

  it("explains the coverage assumption in the derivation", () => {
    const r = analyzeStep({ model: ds, ...system, batch: 4 });
    expect(r.derivations["expertsTouched"]?.assumptions.join(" ")).toMatch(/uniform/);
  });
});

describe("prefill vs decode", () => {
  it("decode costs far more per token than prefill for a dense 70B model at batch 1", () => {
    const r = analyzePrefill({ model: seventyB, hardware: hardwareFromJson(example("my-h100.json"), "my-h100.json"), chips: 2, batch: 1, contextTokens: 0, promptTokens: userGiven(4096, "--prompt-tokens") });
    expect(r.decode.bound).toBe("memory");
    expect(r.prefill.bound).toBe("compute");
    expect(r.decodeToPrefillRatio).toBeGreaterThan(5);
  });
});
