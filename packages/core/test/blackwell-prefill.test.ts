/**
 * DeepSeek prefill on Blackwell: the two kernel fractions vLLM timed on one GB200 (MLA prefill, trtllm_ragged_prefill, at
 * 2,048-token sequences; the NVFP4 MoE layer, flashinfer_trtllm_nvfp4, 256 experts top-8), where the expected step uses
 * them (prefill passes of MLA models and of FP4 experts on Blackwell) and where it does not; and the expert-exchange
 * inputs the runs state (NVFP4 dispatch, no dual-batch overlap, offloaded expert weights) reaching `roofline validate`.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  chipEfficiency,
  DISPATCH_BYTES_PER_VALUE,
  GB200_PREFILL_KERNELS,
  getHardware,
  getModel,
  measurementFiles,
  measurementModel,
  prepareInferenceRows,
  prepareLayout,
  prepareRoofline,
  VLLM_GB200_KERNELS,
} from "../src/index.ts";

const r1 = getModel("deepseek-r1");
const gb200 = getHardware("nvidia-gb200-nvl72");
const value = (d: Record<string, unknown>, name: string) => (d[name] as { value: number }).value;

describe("GB200 prefill kernel fractions reproduce vLLM's benchmark points", () => {
  it("MLA prefill: 9.76M tokens/s of 2,048-token causal attention (the model's FLOP per token per layer) is 0.328 of GB200's BF16 peak", () => {
    const [tokens, perSecond, fraction] = GB200_PREFILL_KERNELS.mla;
    expect(tokens).toBe(65536);
    // The engine's own count of one prompt's attention FLOP per token, over the model's 61 layers.
    const s = prepareRoofline({ model: r1, hardware: gb200, chips: 1, batch: 1, phase: "prefill", promptTokens: 2048, contextTokens: 0 });
    const d = s.graph.explain(s.params);
    const perLayer = value(d, "attentionFlopPerToken") / 61;
    expect(perLayer).toBeCloseTo(2 * 128 * (192 + 128) * (2048 + 1) / 2, -3);
    const bf16 = gb200.denseFlopsPerSecond.bf16.value as number;
    expect((perSecond * perLayer) / bf16).toBeCloseTo(fraction, 3);
  });

  it("NVFP4 MoE: 4.63M tokens/s through 8 of 256 experts (3 × 7,168 × 2,048 weights each) is 0.326 of GB200's FP4 peak", () => {
    const [tokens, perSecond, fraction] = GB200_PREFILL_KERNELS.moe;
    expect(tokens).toBe(131072);
    const moe = r1.moe;
    expect(moe?.paramsPerExpert).toBe(3 * 7168 * 2048);
    const flopPerToken = 2 * (moe?.expertsPerToken ?? 0) * (moe?.paramsPerExpert ?? 0);
    expect((perSecond * flopPerToken) / (gb200.denseFlopsPerSecond.fp4.value as number)).toBeCloseTo(fraction, 3);
  });

  it("GB200 cites the benchmark; other Blackwell chips take it as a labelled stand-in; Hopper and CDNA have none", () => {
    const e = chipEfficiency(gb200);
    expect(e.mlaPrefillAttention.value).toBe(0.328);
    expect(e.mlaPrefillAttention.origin).toMatchObject({ kind: "constant", source: VLLM_GB200_KERNELS });
    expect(e.fp4MoePrefill?.value).toBe(0.326);
    for (const id of ["nvidia-b200-hgx", "nvidia-gb300-nvl72", "nvidia-b300-hgx"]) {
      const b = chipEfficiency(getHardware(id));
      expect(b.fp4MoePrefill?.value).toBe(0.326);
      expect(b.mlaPrefillAttention.origin.kind).toBe("default");
      expect(JSON.stringify(b.mlaPrefillAttention.origin)).toContain("stands in");
    }
    for (const id of ["nvidia-h200-sxm-141gb", "amd-mi355x"]) {
      const h = chipEfficiency(getHardware(id));
      expect(h.fp4MoePrefill).toBeNull();
      expect(h.mlaPrefillAttention).toBe(h.attentionPrefill);
    }
  });
});

describe("where the expected step uses them", () => {
  const step = (o: { phase?: "prefill" | "decode"; hw?: string; weights?: "fp4" | "fp8"; model?: string; chips?: number } = {}) => {
    const s = prepareRoofline({
      model: getModel(o.model ?? "deepseek-r1"),
      hardware: getHardware(o.hw ?? "nvidia-gb200-nvl72"),
      chips: o.chips ?? 4,
      batch: 8,
      phase: o.phase ?? "prefill",
      promptTokens: 2048,
      contextTokens: o.phase === "decode" ? 2048 : 0,
      weightPrecision: o.weights ?? "fp4",
    });
    return { s, d: s.graph.explain(s.params) };
  };

  it("a DeepSeek-R1 FP4 prefill on GB200: MLA attention at 0.328, the routed experts' large-shape fraction 0.326", () => {
    const { s, d } = step();
    expect(s.params["effAttentionPrefill"]?.value).toBe(0.328);
    expect(value(d, "expMoePeakFraction")).toBe(0.326);
    // The experts' efficiency is that fraction × tile and wave quantisation (≤ 1): never above it, never the fitted matmul's.
    expect(value(d, "expExpertMatmulEfficiency")).toBeLessThanOrEqual(0.326);
    expect(value(d, "expDenseMatmulEfficiency")).toBeLessThanOrEqual(value(d, "expMatmulPeakFraction"));
  });

  it("not in decode, not for FP8 experts, not for DSA's sparse prefill kernel, not on Hopper", () => {
    const dec = step({ phase: "decode" });
    expect(dec.s.params["effAttentionPrefill"]).toStrictEqual(chipEfficiency(gb200).attentionPrefill);
    expect(dec.s.params["effMoeMatmul"]).toBeUndefined();
    const fp8 = step({ weights: "fp8", hw: "nvidia-b200-hgx", chips: 8 });
    expect(fp8.s.params["effMoeMatmul"]).toBeUndefined();
    expect(fp8.s.params["effAttentionPrefill"]?.value).toBe(0.328);
    const v32 = step({ model: "deepseek-v3.2", hw: "nvidia-gb300-nvl72", chips: 2 });
    expect(v32.s.params["effAttentionPrefill"]).toStrictEqual(chipEfficiency(getHardware("nvidia-gb300-nvl72")).attentionPrefill);
    const h200 = step({ hw: "nvidia-h200-sxm-141gb", weights: "fp8", chips: 8 });
    expect(h200.s.params["effAttentionPrefill"]?.value).toBe(0.75);
    expect(h200.s.graph.has("expMoePeakFraction")).toBe(false);
  });

  it("the layout's expected stage reads the same fraction for its experts", () => {
    const l = prepareLayout({ model: r1, hardware: gb200, expertParallel: 2, tensorParallel: 1, attentionDataParallel: 2, microBatch: 32, phase: "prefill", promptTokens: 2048, contextTokens: 0, weightPrecision: "fp4" });
    const d = l.graph.explain(l.params);
    expect(value(d, "expMoePeakFraction")).toBe(0.326);
    expect(value(d, "expExpertMatmulEfficiency")).toBeLessThanOrEqual(0.326);
    expect(l.params["effAttentionPrefill"]?.value).toBe(0.328);
  });

  it("expected ≥ ideal for Blackwell DeepSeek prefills of any batch and prompt (property)", () => {
    const chips = ["nvidia-gb200-nvl72", "nvidia-b200-hgx", "nvidia-gb300-nvl72"];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 256 }), fc.integer({ min: 16, max: 16384 }), fc.constantFrom(1, 2, 4, 8), (h, batch, prompt, n) => {
        const s = prepareRoofline({ model: r1, hardware: getHardware(chips[h] as string), chips: n, batch, phase: "prefill", promptTokens: prompt, contextTokens: 0, weightPrecision: "fp4" });
        const out = s.graph.evaluate(Object.fromEntries(Object.entries(s.params).map(([k, q]) => [k, q.value])), ["stepSeconds", "expectedStepSeconds"]);
        return (out["expectedStepSeconds"] as number) >= (out["stepSeconds"] as number) * (1 - 1e-12);
      }),
      { numRuns: 60 },
    );
  });
});

describe("the expert-exchange inputs the runs state reach roofline validate", () => {
  const { prepared } = prepareInferenceRows(measurementFiles(), measurementModel);
  const how = (id: string) => prepared.find((p) => p.row.id === id)?.how ?? "";

  it("NVFP4 dispatch is 4 bits plus one FP8 scale per 16 values", () => {
    expect(DISPATCH_BYTES_PER_VALUE["nvfp4"]).toBe(0.5 + 1 / 16);
    expect(how("sglang-gb200-part2/deepseek-prefill-low-precision")).toContain("dispatch nvfp4 (0.5625 B/value)");
    expect(how("sglang-gb200-part2/deepseek-prefill-original-precision")).not.toContain("dispatch nvfp4");
    expect(how("vllm-blog/gb200-deepseek-decode-8x-instance")).toContain("dispatch nvfp4");
  });

  it("vLLM 0.14.1 as the GB300 post launched it: no dual-batch overlap; the GB200 post's rows keep the default", () => {
    for (const id of ["vllm-blog/gb300-deepseek-r1-nvfp4-ep2-prefill-only", "vllm-blog/gb300-deepseek-v3.2-nvfp4-tp2-mixed-2k-1k"]) expect(how(id)).toContain("no dual-batch overlap");
    expect(how("vllm-blog/gb200-deepseek-decode-8x-instance")).not.toContain("no dual-batch overlap");
  });

  it("the GB200 prefill instance with half its expert weights in Grace memory fits far more than one prompt", () => {
    const p = prepared.find((x) => x.row.id === "vllm-blog/gb200-deepseek-prefill-2x-instance");
    expect(p?.how).toContain("0.5 of the routed-expert weights in host memory");
    expect(p?.batch ?? 0).toBeGreaterThan(32);
  });
});
