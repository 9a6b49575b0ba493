/**
 * The NIM rows' serving engine and KV cache: NIM's optimized profile is a TensorRT-LLM engine, so the replay holds as
 * many requests as TensorRT-LLM's pool (0.9 of the memory the weights leave free) fits when each request reserves its
 * prompt and whole output at admission (GUARANTEED_NO_EVICT). The rows' FP8 KV cache is an assumed prior (NVIDIA's FP8
 * quantization recipe's default), labelled so: no NIM document states it.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  engineMemoryBytes,
  engineMemoryFractions,
  getHardware,
  getModel,
  heldTokensPerSequence,
  measurementFiles,
  measurementModel,
  prepareInferenceRow,
  prepareRoofline,
  type MeasurementRow,
  type Quantity,
} from "../src/index.ts";

const q = (value: number): Quantity => ({ value, origin: { kind: "user", name: "test" } });
const nim = measurementFiles().find((f) => f.source.id === "nim-benchmarks");
const rows = nim?.rows ?? [];
const row = (suffix: string): MeasurementRow => {
  const r = rows.find((x) => x.id.endsWith(suffix));
  if (!r) throw new Error(`no NIM row ${suffix}`);
  return r;
};

/** The most sequences of `tokens` KV tokens each that fit on Llama 70B / 2 × H100 (FP8 weights) in `hbm` bytes per chip. */
function fits(kv: "bf16" | "fp8", tokens: number, hbm?: number): number {
  const s = prepareRoofline({
    model: getModel("llama-3.1-70b"),
    hardware: getHardware("nvidia-h100-sxm5-80gb"),
    chips: q(2),
    weightPrecision: "fp8",
    kvPrecision: kv,
    phase: "decode",
    batch: q(1),
    contextTokens: q(tokens),
    ...(hbm !== undefined ? { hbmBytes: q(hbm) } : {}),
  });
  const values = Object.fromEntries(Object.entries(s.params).map(([k, p]) => [k, p.value]));
  return Math.floor(s.graph.evaluate(values, ["maxBatch"])["maxBatch"] as number);
}

describe("NIM's engine: TensorRT-LLM's KV pool and admission", () => {
  it("a NIM row takes TensorRT-LLM's defaults (0.9 of free memory, whole output reserved); vLLM and unknown engines allocate as tokens come", () => {
    expect(engineMemoryFractions({ name: "nim" })).toMatchObject({ total: 1, free: 0.9, reservedShare: 1 });
    expect(engineMemoryFractions({ name: "trt-llm" })).toMatchObject({ total: 1, free: 0.9, reservedShare: 1 });
    expect(engineMemoryFractions({ name: "vllm" })).toMatchObject({ reservedShare: 0.5 });
    expect(engineMemoryFractions({ name: "sglang" })).toMatchObject({ total: 1, free: 1, reservedShare: 0.5 });
    expect(heldTokensPerSequence.fn(5000, 500, 1)).toBe(5500);
    expect(heldTokensPerSequence.fn(5000, 500, 0.5)).toBe(5250);
  });

  it("reserving the whole output never claims less than allocating it as it comes", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200_000 }), fc.integer({ min: 0, max: 200_000 }), (i, o) => heldTokensPerSequence.fn(i, o, 1) >= heldTokensPerSequence.fn(i, o, 0.5)),
    );
  });

  it("the c100 row holds what TensorRT-LLM's pool fits at prompt + output per request, not at prompt + output/2 on the whole chip", () => {
    const p = prepareInferenceRow(row("5000in-500out-c100-tput"), "nim-benchmarks", measurementModel);
    expect("reason" in p).toBe(false);
    if ("reason" in p) return;
    const setup = prepareRoofline({ model: getModel("llama-3.1-70b"), hardware: getHardware("nvidia-h100-sxm5-80gb"), chips: q(2), weightPrecision: "fp8", kvPrecision: "fp8", phase: "decode", batch: q(1), contextTokens: q(5500) });
    const values = Object.fromEntries(Object.entries(setup.params).map(([k, v]) => [k, v.value]));
    const weightsPerChip = (setup.graph.evaluate(values, ["weightBytesResident"])["weightBytesResident"] as number) / 2;
    const hbm = setup.params["hbmBytes"]?.value as number;
    const pool = engineMemoryBytes.fn(hbm, weightsPerChip, 1, 0.9);
    expect(p.batch).toBe(fits("fp8", heldTokensPerSequence.fn(5000, 500, 1), pool));
    expect(p.batch).toBeLessThan(fits("fp8", heldTokensPerSequence.fn(5000, 500, 0.5)));
    expect(p.how).toMatch(/GUARANTEED_NO_EVICT/);
    expect(p.how).toMatch(/FP8 KV cache: assumed, not documented for NIM/);
  });
});

describe("the NIM rows' KV-cache precision is a labelled prior, not a measurement", () => {
  it("every row carries FP8 with its source: assumed from NVIDIA's recipe (ModelOpt hf_ptq.py at a pinned commit), not documented for NIM", () => {
    expect(rows.length).toBeGreaterThan(20);
    for (const r of rows) {
      expect(r.precision?.kv, r.id).toBe("fp8");
      expect(r.precision?.kvSource, r.id).toMatch(/^assumed, not documented for NIM/);
      expect(r.precision?.kvSource, r.id).toMatch(/hf_ptq\.py @42bb0236/);
    }
  });

  it("with a BF16 cache the same pool holds about half as many requests (what the prior decides)", () => {
    const held = heldTokensPerSequence.fn(5000, 500, 1);
    expect(fits("fp8", held)).toBeGreaterThanOrEqual(2 * fits("bf16", held) - 1);
  });
});
