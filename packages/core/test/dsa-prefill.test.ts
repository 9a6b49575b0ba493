/**
 * DeepSeek Sparse Attention (DeepSeek-V3.2) in the expected prefill: the sparse prefill kernel runs MLA in MQA
 * mode over every one of the index_topk slots of each query, with each chip's query heads padded up to the
 * kernel's head multiple; the ideal keeps the cheaper per-head form over min(context, top-k), a bound.
 * Numbers from DeepSeek-V3.2's config.json: 61 layers, 128 heads, kv_lora_rank 512, qk_rope_head_dim 64,
 * index_n_heads 64, index_head_dim 128, index_topk 2048.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyzeOperators, getHardware, getModel, prepareLayout, prepareRoofline } from "../src/index.ts";

const v32 = getModel("deepseek-v3.2");
const gb300 = getHardware("nvidia-gb300-nvl72");
const value = (d: Record<string, unknown>, name: string) => (d[name] as { value: number }).value;

describe("DeepSeek-V3.2 prefill: the sparse kernel's work in the expected step", () => {
  const setup = (o: { chips?: number; batch?: number; prompt?: number; context?: number; hw?: string; phase?: "prefill" | "decode" } = {}) =>
    prepareRoofline({
      model: v32,
      hardware: getHardware(o.hw ?? "nvidia-gb300-nvl72"),
      chips: o.chips ?? 2,
      batch: o.batch ?? 64,
      phase: o.phase ?? "prefill",
      promptTokens: o.prompt ?? 2048,
      contextTokens: o.context ?? 0,
      weightPrecision: "fp4",
    });

  it("FLOP per index slot is MLA's MQA mode from the config: 61 × 2 × 128 × (512 + 64 + 512)", () => {
    const s = setup();
    expect(s.params["expSparseFlopPerSlot"]?.value).toBe(61 * 2 * 128 * (512 + 64 + 512));
    expect(s.params["topK"]?.value).toBe(2048);
    expect(s.params["indexerFlopPerToken"]?.value).toBe(61 * 2 * 64 * 128);
  });

  // The sparse kernel's FLOP per token from the config's numbers, with each chip's heads padded to `padTo`.
  const sparseFlop = (L: number, headsPerChip: number, padTo: number) => ((61 * 2 * 128 * (512 + 64 + 512) * 2048 * Math.ceil(headsPerChip / padTo) * padTo) / headsPerChip) + 61 * 2 * 64 * 128 * L;

  it("a 2,048-token prompt on 1 Blackwell chip costs all 2,048 slots per query (whole heads) plus the indexer, above the ideal's count", () => {
    const s = setup({ chips: 1, batch: 8 });
    const d = s.graph.explain(s.params);
    const L = value(d, "queryContext");
    const sparse = value(d, "expSparseAttentionFlopPerToken");
    expect(sparse).toBeCloseTo(sparseFlop(L, 128, 128), 0);
    // The ideal: the per-head (MHA) form, d_qk 192 + d_v 128, over min(L, 2048) tokens, plus the same indexer.
    expect(value(d, "attentionFlopPerToken")).toBeCloseTo(61 * 2 * 128 * (192 + 128) * Math.min(L, 2048) + 61 * 2 * 64 * 128 * L, 0);
    expect(sparse / value(d, "attentionFlopPerToken")).toBeGreaterThan(5.5);
  });

  it("heads split over 2 Blackwell chips (64 each) are padded to 128, doubling the kernel's work; Hopper pads 8 chips' 16 heads to 64", () => {
    const two = setup({ chips: 2 });
    const d2 = two.graph.explain(two.params);
    expect(two.params["expSparseHeadMultiple"]?.value).toBe(128);
    expect(value(d2, "expSparseAttentionFlopPerToken")).toBeCloseTo(sparseFlop(value(d2, "queryContext"), 64, 128), 0);
    const h200 = setup({ chips: 8, hw: "nvidia-h200-sxm-141gb", batch: 8 });
    const d8 = h200.graph.explain(h200.params);
    expect(h200.params["expSparseHeadMultiple"]?.value).toBe(64);
    expect(value(d8, "expSparseAttentionFlopPerToken")).toBeCloseTo(sparseFlop(value(d8, "queryContext"), 16, 64), 0);
  });

  it("the expected attention time charges the sparse FLOP at the attention kernel's efficiency", () => {
    const s = setup();
    const d = s.graph.explain(s.params);
    const expected = (value(d, "tokens") * value(d, "expSparseAttentionFlopPerToken")) / (2 * value(d, "expAttentionPeakFlopsPerSecond") * value(d, "expAttentionFraction"));
    expect(value(d, "expAttentionComputeSeconds")).toBeCloseTo(expected, 9);
  });

  it("decode steps and models without DSA have no such term (DeepSeek-V3's prefill keeps the per-head form)", () => {
    const dec = setup({ phase: "decode", context: 4096 });
    expect(dec.graph.has("expSparseAttentionFlopPerToken")).toBe(false);
    const v3 = prepareRoofline({ model: getModel("deepseek-v3"), hardware: gb300, chips: 2, batch: 8, phase: "prefill", promptTokens: 2048, contextTokens: 0 });
    expect(v3.graph.has("expSparseAttentionFlopPerToken")).toBe(false);
    expect(v3.params["expSparseFlopPerSlot"]).toBeUndefined();
  });

  it("the layout's expected stage uses the same term (TP 2: padded heads, all slots), and its ideal stays below", () => {
    const l = prepareLayout({ model: v32, hardware: gb300, expertParallel: 1, tensorParallel: 2, attentionDataParallel: 1, microBatch: 64, phase: "prefill", promptTokens: 2048, contextTokens: 0, weightPrecision: "fp4" });
    const d = l.graph.explain(l.params);
    expect(value(d, "expSparseAttentionFlopPerToken")).toBeCloseTo(sparseFlop(value(d, "queryContext"), 64, 128), 0);
    expect(value(d, "expStageAttentionFlopPerToken")).toBe(value(d, "expSparseAttentionFlopPerToken"));
    expect(value(d, "expectedCycleSeconds")).toBeGreaterThanOrEqual(value(d, "pipelineCycleSeconds"));
  });

  it("the Operators analysis says its attention rows count the ideal's FLOP while the expected step charges the sparse kernel's", () => {
    const o = analyzeOperators({ model: v32, hardware: gb300, chips: 2, batch: 64, phase: "prefill", promptTokens: 2048, contextTokens: 0, weightPrecision: "fp4" });
    expect(o.notes.some((n) => n.startsWith("DeepSeek Sparse Attention prefill") && n.includes("70.6 GFLOP/token") && n.includes("6.14 GFLOP/token"))).toBe(true);
    const v3 = analyzeOperators({ model: getModel("deepseek-v3"), hardware: gb300, chips: 2, batch: 64, phase: "prefill", promptTokens: 2048, contextTokens: 0, weightPrecision: "fp4" });
    expect(v3.notes.some((n) => n.startsWith("DeepSeek Sparse Attention"))).toBe(false);
  });

  it("expected ≥ ideal for any prefill pass of V3.2 (chips, batch, prompt, cached context)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 16 }), fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 16384 }), fc.integer({ min: 0, max: 65536 }), (chips, batch, prompt, context) => {
        const s = setup({ chips, batch, prompt, context });
        const d = s.graph.explain(s.params);
        expect(value(d, "expSparseAttentionFlopPerToken")).toBeGreaterThanOrEqual(value(d, "attentionFlopPerToken"));
        expect(value(d, "expectedStepSeconds")).toBeGreaterThanOrEqual(value(d, "stepSeconds"));
      }),
      { numRuns: 60 },
    );
  });
});
