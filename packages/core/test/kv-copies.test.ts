/**
 * The step's memory holds the KV cache the way the engines lay it out (issue 11: the largest batch that fits
 * and the expected step's KV reads agree on the layout). Tensor parallelism splits the cache by KV head; a chip
 * of an attention group past the KV heads keeps a copy: an MLA latent (one KV head: DeepSeek, Kimi K2) under
 * TP8 is held whole by each of the 8 chips (SGLang v0.4 blog: "duplicated KV cache"; vLLM deepseek_v2.py:
 * the latent projection is a ReplicatedLinear). Attention data parallelism (groups side by side, each with
 * its own sequences) copies nothing. Before this, the step divided the latent by every chip: 8× too many
 * sequences fitted on one node.
 */
import { describe, expect, it } from "vitest";
import { analyzeStep, expectedStepTimes, getHardware, getModel, isRooflineError, serverMemory } from "../src/index.ts";

const v = (r: ReturnType<typeof analyzeStep>, k: string): number => {
  const d = r.derivations[k];
  if (!d) throw new Error(`no ${k}`);
  return d.value;
};

describe("KV copies under tensor parallelism: the largest batch that fits", () => {
  it("DeepSeek-V3 (MLA) on 8 × H200 at an 8K context: every chip holds the whole latent, 99 sequences fit (not 793)", () => {
    const r = analyzeStep({ model: getModel("deepseek-v3"), hardware: getHardware("h200"), chips: 8, batch: 1, contextTokens: 8192 });
    expect(v(r, "kvCopies")).toBe(8);
    const perSequence = v(r, "kvBytesHeldPerSequence");
    // 61 layers × (512 latent + 64 rope) values × 2 bytes (BF16 cache) per token, 8,193 tokens held after the pass.
    expect(perSequence).toBe(61 * 576 * 2 * 8193);
    expect(v(r, "kvBytesHeldPerSequenceWithCopies")).toBe(8 * perSequence);
    const free = r.memory.capacityBytes - r.memory.weightBytes;
    expect(r.memory.maxBatch).toBe(Math.floor(free / (8 * perSequence)));
    expect(r.memory.maxBatch).toBe(99);
    expect(r.memory.kvBytes).toBe(8 * perSequence);
    expect(r.memory.footprintBytes).toBe(r.memory.weightBytes + 8 * perSequence);
  });

  it("with attention data parallelism (groups of one chip) nothing is copied: 8× the sequences", () => {
    const base = { model: getModel("deepseek-v3"), hardware: getHardware("h200"), chips: 8, batch: 1, contextTokens: 8192 } as const;
    const tp = analyzeStep(base);
    const dp = analyzeStep({ ...base, attentionGroupChips: { value: 1, origin: "DP attention 8" } });
    expect(v(dp, "kvCopies")).toBe(1);
    expect(dp.memory.maxBatch).toBe(Math.floor((dp.memory.capacityBytes - dp.memory.weightBytes) / v(dp, "kvBytesHeldPerSequence")));
    expect(dp.memory.maxBatch).toBeGreaterThanOrEqual(8 * tp.memory.maxBatch);
    // Beyond one node the expected layout is DP attention already (groups as wide as the KV heads: 1 for MLA).
    const rack = analyzeStep({ ...base, chips: 16 });
    expect(v(rack, "kvCopies")).toBe(1);
  });

  it("copies = chips ÷ the chips the expected step's KV reads split over (expKvShards), for every layout", () => {
    const cases: [string, string, number, number][] = [
      // model, system, chips, copies
      ["deepseek-v3", "h200", 8, 8],
      ["deepseek-v3", "h200", 4, 4],
      ["deepseek-v3", "nvidia-gb200-nvl72", 72, 1],
      ["kimi-k2", "h200", 8, 8],
      ["palm-540b", "h200", 8, 8], // multi-query attention: one KV head
      ["qwen3-235b-a22b", "nvidia-h100-sxm5-80gb", 8, 2], // 4 KV heads on 8 chips
      ["llama-3.1-70b", "nvidia-h100-sxm5-80gb", 8, 1], // 8 KV heads
      ["llama-3.1-70b", "nvidia-h100-sxm5-80gb", 2, 1],
    ];
    for (const [model, hw, chips, copies] of cases) {
      const r = analyzeStep({ model: getModel(model), hardware: getHardware(hw), chips, batch: 4, contextTokens: 4096 });
      expect(v(r, "kvCopies"), `${model} × ${chips}`).toBe(copies);
      expect(v(r, "kvCopies") * v(r, "expKvShards"), `${model} × ${chips}`).toBe(chips);
    }
  });

  it("the serving simulation admits only the KV that fits with its copies", () => {
    const opts = { model: getModel("deepseek-v3"), hardware: getHardware("h200"), chips: 8 };
    const m = serverMemory(expectedStepTimes(opts), 8192);
    const step = analyzeStep({ ...opts, batch: 1, contextTokens: 8191 });
    const latentPerToken = v(step, "kvBytesHeldPerSequence") / 8192;
    expect(m.kvBytesPerToken).toBeCloseTo(8 * latentPerToken, 6);
    expect(m.kvBudgetTokens).toBe(Math.floor((m.capacityBytes - m.weightBytes) / m.kvBytesPerToken));
    expect(m.kvBudgetTokens * latentPerToken * 8).toBeLessThanOrEqual(m.capacityBytes - m.weightBytes);
  });

  it("an attention group that does not divide the chips is a clear error", () => {
    let err: unknown;
    try {
      analyzeStep({ model: getModel("deepseek-v3"), hardware: getHardware("h200"), chips: 8, attentionGroupChips: { value: 3, origin: "test" } });
    } catch (e) {
      err = e;
    }
    expect(isRooflineError(err)).toBe(true);
    expect(String((err as Error).message)).toMatch(/attentionGroupChips/);
  });
});
