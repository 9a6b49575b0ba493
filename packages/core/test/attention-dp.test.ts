/**
 * Attention data parallelism as a step layout (efficiency/attention-dp.ts): what TensorRT-LLM's enable_attention_dp,
 * SGLang's --enable-dp-attention and vLLM's DP + EP run. Each rank holds the weights outside the routed experts and
 * its own sequences; the routed experts stay spread over the chips, fed by an all-gather and drained by a
 * reduce-scatter in every MoE layer; the busiest rank sets the pace. The ideal is untouched (a bound).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { couponCollectorDraws, getHardware, getModel, isRooflineError, prepareRoofline, prepareStep, replayRequests, stepFromSetup, type StepOptions } from "../src/index.ts";

const model = getModel("deepseek-r1");
const hardware = getHardware("nvidia-b200-hgx");
const base: StepOptions = { model, hardware, chips: 8, batch: 128, contextTokens: 1400, phase: "decode", weightPrecision: "fp4", kvPrecision: "fp8", expertParallel: 8 };
const val = (d: Record<string, { value: number }>, k: string): number => {
  const x = d[k];
  if (!x) throw new Error(`no ${k}`);
  return x.value;
};

describe("a DeepSeek-R1 decode step with attention DP 8 on 8 × B200, against a hand derivation", () => {
  const setup = prepareStep({ ...base, attentionDataParallel: 8 });
  const r = stepFromSetup(setup);
  const d = r.derivations;
  const p = (k: string) => (setup.params[k] as { value: number }).value;

  it("uses the catalog's model and chip (the derivation's inputs)", () => {
    expect(p("expHiddenSize")).toBe(7168);
    expect(p("expMoeLayers")).toBe(58);
    expect(p("expLayers")).toBe(61);
    // NVFP4 tokens and one FP8 scale per 16 values (TensorRT-LLM's post-quant all-gather), BF16 results back.
    expect(p("expDispatchBytes")).toBe(0.5 + 1 / 16);
    expect(p("expCombineBytes")).toBe(2);
  });
  it("ranks of one chip: no tensor-parallel all-reduce, 16 sequences each", () => {
    expect(val(d, "expAttentionTensorParallel")).toBe(1);
    expect(val(d, "expAttentionDataParallel")).toBe(8);
    expect(val(d, "expHostSequences")).toBe(16);
    expect(val(d, "expRankLoad")).toBe(1);
    expect(val(d, "expTensorParallelCommSeconds")).toBe(0);
    expect(r.expectedBreakdown.hostSeconds).toBeCloseTo(16 * p("effHostSecondsPerSequence"), 15);
  });
  it("the experts' all-gather + reduce-scatter: 2α + (A−1)/A · T · d · (b_disp + b_comb) ÷ (BW · η) per MoE layer", () => {
    const alpha = p("effCollectiveLatencySeconds");
    const bw = p("expScaleUpBytesPerSecond");
    const eta = p("effLinkEfficiency");
    // 128 tokens × 7168 values × (0.5625 + 2) B = 2,351,104 B gathered and scattered; 7/8 of it crosses the fabric.
    const bytes = 128 * 7168 * (0.5625 + 2);
    expect(bytes).toBe(2_351_104);
    const perLayer = 2 * alpha + ((7 / 8) * bytes) / (bw * eta);
    expect(val(d, "expExchangeSeconds")).toBeCloseTo(perLayer, 15);
    expect(r.expectedBreakdown.commSeconds).toBeCloseTo(58 * perLayer, 14);
  });
  it("every rank holds the weights outside the routed experts: (N_total + 7 · N_dense) · b", () => {
    const b = p("bytesPerWeight");
    expect(b).toBe(0.5);
    expect(r.memory.weightBytes).toBe((p("totalParams") + 7 * p("expAlwaysReadParams")) * b);
  });
  it("each chip reads its rank's whole copy of the weights outside the experts: 8× the tensor-parallel step's reads, to within the split linears' tile padding", () => {
    const tp = stepFromSetup(prepareRoofline(base));
    // q_a/kv_a are replicated under tensor parallelism too; every other linear outside the experts is split 8 ways there.
    expect(r.expectedBreakdown.denseSeconds).toBeGreaterThan(4 * tp.expectedBreakdown.denseSeconds);
    expect(r.expectedBreakdown.denseSeconds).toBeLessThan(8.5 * tp.expectedBreakdown.denseSeconds);
    // The experts are the same: every chip holds 1/8 of them and sees every rank's tokens.
    expect(r.expectedBreakdown.expertSeconds).toBe(tp.expectedBreakdown.expertSeconds);
    // The ideal is the same graph's: attention DP changes only the expected step.
    expect(r.stepSeconds).toBe(tp.stepSeconds);
  });
  it("the busiest rank: 129 sequences put 17 on one rank, and its attention and host time scale with them", () => {
    const odd = stepFromSetup(prepareStep({ ...base, batch: 129, attentionDataParallel: 8 }));
    expect(val(odd.derivations, "expHostSequences")).toBe(17);
    expect(val(odd.derivations, "expRankLoad")).toBeCloseTo((17 * 8) / 129, 15);
    expect(val(odd.derivations, "expKvReadSecondsBusiest")).toBeCloseTo(val(odd.derivations, "expKvReadSeconds") * ((17 * 8) / 129), 15);
  });
  it("a prefill pass: prompts sit where requests finished, balls into bins over the ranks", () => {
    const pre = (n: number) => stepFromSetup(prepareStep({ ...base, phase: "prefill", batch: n, promptTokens: 1000, contextTokens: 0, attentionDataParallel: 8 })).derivations;
    expect(val(pre(1), "expHostSequences")).toBe(1);
    expect(val(pre(1), "expRankLoad")).toBe(8);
    // 8 prompts over 8 ranks: the fullest holds 1 + √(2 · 1 · ln 8).
    expect(val(pre(8), "expHostSequences")).toBeCloseTo(1 + Math.sqrt(2 * Math.log(8)), 12);
  });
});

describe("attention DP: the layout's invariants", () => {
  it("one rank is the plain step", () => {
    const a = stepFromSetup(prepareStep({ ...base, attentionDataParallel: 1 }));
    const b = stepFromSetup(prepareRoofline(base));
    expect(a.expectedStepSeconds).toBe(b.expectedStepSeconds);
    expect(a.memory.maxBatch).toBe(b.memory.maxBatch);
  });
  it("ranks that do not divide the chips are a coded error naming the input", () => {
    try {
      prepareStep({ ...base, attentionDataParallel: 3 });
      expect.unreachable();
    } catch (e) {
      expect(isRooflineError(e)).toBe(true);
      expect((e as { details: { input?: string } }).details.input).toBe("attentionDataParallel");
    }
    expect(() => prepareStep({ ...base, attentionDataParallel: 2.5 })).toThrow(/whole/);
  });
  it("expected ≥ ideal, finite, and the compiled kernel equals the derivations, over models, chips, ranks, batches and phases (property)", () => {
    const models = ["deepseek-r1", "qwen3-235b-a22b", "llama-3.1-70b"].map((m) => getModel(m));
    fc.assert(
      fc.property(
        fc.constantFrom(...models),
        fc.constantFrom(2, 4, 8, 16),
        fc.constantFrom(1, 2, 4, 8, 16),
        fc.integer({ min: 1, max: 512 }),
        fc.integer({ min: 0, max: 32_000 }),
        fc.constantFrom("decode", "prefill"),
        (m, chips, ranks, batch, context, phase) => {
          fc.pre(chips % ranks === 0);
          const o: StepOptions = { model: m, hardware, chips, batch, contextTokens: context, phase: phase as "decode" | "prefill", promptTokens: 512, kvPrecision: "fp8", attentionDataParallel: ranks };
          const setup = prepareStep(o);
          const r = stepFromSetup(setup);
          expect(Number.isFinite(r.expectedStepSeconds)).toBe(true);
          expect(r.expectedStepSeconds).toBeGreaterThanOrEqual(r.stepSeconds * (1 - 1e-12));
          const k = setup.kernel(["batch"], ["expectedStepSeconds"]);
          expect(k(batch)).toBeCloseTo(r.expectedStepSeconds, 12);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("the closed-loop replay with TensorRT-LLM's attention-DP balance", () => {
  it("finishes on 8 ranks refill every one after 8·H_8 ≈ 21.74 of them (coupon collector)", () => {
    const h8 = [1, 2, 3, 4, 5, 6, 7, 8].reduce((a, k) => a + 1 / k, 0);
    expect(couponCollectorDraws.fn(8)).toBeCloseTo(8 * h8, 1);
  });
  it("holds prompts back (fewer, larger prefill steps), every request still served", () => {
    const n = 400;
    const ins = Array.from({ length: n }, (_, i) => 900 + (i % 7) * 20);
    const outs = Array.from({ length: n }, (_, i) => 800 + ((i * 37) % 200));
    const free = replayRequests(ins, outs, 64);
    const held = replayRequests(ins, outs, 64, Infinity, { prompts: 22, waitSteps: 60 });
    expect(held.prefillSteps).toBeLessThan(free.prefillSteps);
    expect(held.outputTokens).toBe(free.outputTokens);
    expect(held.inputTokens).toBe(free.inputTokens);
    // prompts wait at most 60 decode steps: the run takes longer, by at most that per admission
    expect(held.steps).toBeGreaterThanOrEqual(free.steps);
    expect(held.steps).toBeLessThanOrEqual(free.steps + 60 * held.prefillSteps);
  });
});
