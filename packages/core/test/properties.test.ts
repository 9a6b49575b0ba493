/**
 * Invariants of the roofline, for any catalog model on any catalog system.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyzeBatch, analyzeContext, analyzePrefill, analyzeStep, curve, getHardware, MODELS, napkinModel, prepareRoofline, type ModelSpec } from "../src/index.ts";

const systems = ["nvidia-h100-sxm5-80gb", "nvidia-h200-sxm-141gb", "nvidia-b200-hgx", "nvidia-gb200-nvl72", "google-tpu-v6e", "amd-mi355x"].map((id) => getHardware(id));
const arbModel = fc.constantFrom(...MODELS);
const arbSystem = fc.constantFrom(...systems);
const denseModels = MODELS.filter((m) => m.attention.windowedLayers === 0 && m.attention.sparseTopK === null);

describe("the roofline as a lower bound", () => {
  it("step time is never below compute time or weight-read time, and equals max(compute, weights + KV)", () => {
    fc.assert(
      fc.property(arbModel, arbSystem, fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 1, max: 64 }), (model, hardware, batch, context, chips) => {
        const r = analyzeStep({ model, hardware, batch, contextTokens: context, chips, computePrecision: "bf16" });
        expect(r.stepSeconds).toBeGreaterThanOrEqual(r.computeSeconds);
        expect(r.stepSeconds).toBeGreaterThanOrEqual(r.weightReadSeconds);
        expect(r.stepSeconds).toBe(Math.max(r.computeSeconds, r.weightReadSeconds + r.kvReadSeconds));
        expect(r.mfu).toBeLessThanOrEqual(1 + 1e-12);
        expect(r.mbu).toBeLessThanOrEqual(1 + 1e-12);
      }),
      { numRuns: 150 },
    );
  });
});

describe("batching", () => {
  it("cost per token never rises with batch", () => {
    fc.assert(
      fc.property(arbModel, arbSystem, fc.integer({ min: 0, max: 300_000 }), fc.integer({ min: 1, max: 16 }), (model, hardware, context, chips) => {
        const setup = prepareRoofline({ model, hardware, contextTokens: context, chips, usdPerChipHour: 2, computePrecision: "bf16" });
        const pts = curve(setup, "batch", [1, 2, 3, 5, 8, 13, 32, 100, 317, 1000, 3162, 10_000, 31_623, 100_000]);
        for (let i = 1; i < pts.length; i++) {
          expect(pts[i]!.usdPerMillionTokens as number).toBeLessThanOrEqual((pts[i - 1]!.usdPerMillionTokens as number) * (1 + 1e-12));
        }
      }),
      { numRuns: 80 },
    );
  });

  it("weight bytes read never fall as the batch grows (more tokens touch more experts)", () => {
    fc.assert(
      fc.property(arbModel, fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 5000 }), (model, a, b) => {
        const [lo, hi] = a < b ? [a, b] : [b, a];
        const h = systems[0]!;
        const x = analyzeStep({ model, hardware: h, batch: lo, contextTokens: 0 });
        const y = analyzeStep({ model, hardware: h, batch: hi, contextTokens: 0 });
        expect(y.weightBytesRead).toBeGreaterThanOrEqual(x.weightBytesRead * (1 - 1e-12));
      }),
      { numRuns: 100 },
    );
  });
});

describe("context", () => {
  it("KV time is linear in context for dense attention", () => {
    fc.assert(
      fc.property(fc.constantFrom(...denseModels), arbSystem, fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 500_000 }), fc.integer({ min: 2, max: 10 }), (model: ModelSpec, hardware, batch, context, k) => {
        const one = analyzeStep({ model, hardware, batch, contextTokens: context });
        const many = analyzeStep({ model, hardware, batch, contextTokens: context * k });
        expect(Math.abs(many.kvReadSeconds / (one.kvReadSeconds * k) - 1)).toBeLessThan(1e-12);
      }),
      { numRuns: 80 },
    );
  });

  it("sliding windows and top-k selection cap what a layer reads; forcing dense attention reads more", () => {
    for (const id of ["gpt-oss-120b", "gemma-3-27b", "deepseek-v3.2", "llama-4-scout"]) {
      const model = MODELS.find((m) => m.id === id)!;
      const native = analyzeStep({ model, hardware: systems[0]!, batch: 8, contextTokens: 200_000 });
      const dense = analyzeStep({ model, hardware: systems[0]!, batch: 8, contextTokens: 200_000, attention: "dense" });
      expect(native.kvReadSeconds).toBeLessThan(dense.kvReadSeconds);
    }
  });

  it("the √ approximation is dense up to its knee and sub-linear beyond it", () => {
    const model = MODELS.find((m) => m.id === "llama-3.1-70b")!;
    const at = (L: number) => analyzeStep({ model, hardware: systems[0]!, batch: 1, contextTokens: L, attention: "sqrt", sqrtKneeTokens: 4096 }).kvReadSeconds;
    const dense = (L: number) => analyzeStep({ model, hardware: systems[0]!, batch: 1, contextTokens: L }).kvReadSeconds;
    expect(at(2048)).toBeCloseTo(dense(2048), 15);
    expect(at(4 * 65_536) / at(65_536)).toBeCloseTo(2, 9);
  });
});

describe("memory", () => {
  it("the largest batch that fits does fit, and one more does not", () => {
    fc.assert(
      fc.property(arbModel, arbSystem, fc.integer({ min: 0, max: 200_000 }), fc.integer({ min: 1, max: 72 }), (model, hardware, context, chips) => {
        const r = analyzeStep({ model, hardware, batch: 1, contextTokens: context, chips });
        fc.pre(r.memory.maxBatch >= 1 && r.memory.maxBatch < 1e7);
        const fits = analyzeStep({ model, hardware, batch: r.memory.maxBatch, contextTokens: context, chips });
        const over = analyzeStep({ model, hardware, batch: r.memory.maxBatch + 1, contextTokens: context, chips });
        expect(fits.memory.fits).toBe(true);
        expect(over.memory.fits).toBe(false);
        expect(over.warnings.map((w) => w.code)).toContain("does-not-fit");
      }),
      { numRuns: 80 },
    );
  });
});

function nonFinite(value: unknown, path = "$"): string[] {
  if (typeof value === "number") return Number.isFinite(value) ? [] : [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => nonFinite(v, `${path}[${i}]`));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => nonFinite(v, `${path}.${k}`));
  return [];
}

describe("outputs are always finite", () => {
  const napkin = fc.record({
    name: fc.constant("napkin"),
    totalParams: fc.double({ min: 1e6, max: 1e13, noNaN: true }),
    activeFraction: fc.double({ min: 0.001, max: 1, noNaN: true }),
    weightBytesPerParam: fc.constantFrom(0.5, 1, 2, 4),
    kvBytesPerToken: fc.constantFrom(0, 1, 1000, 163_840, 4e6),
  });
  it("for napkin models of any size, including no KV cache, in every analysis", () => {
    fc.assert(
      fc.property(napkin, arbSystem, fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 0, max: 2_000_000 }), fc.integer({ min: 1, max: 72 }), (n, hardware, batch, context, chips) => {
        const model = napkinModel({ ...n, activeParams: n.totalParams * n.activeFraction }, "napkin");
        const o = { model, hardware, batch, contextTokens: context, chips, usdPerChipHour: 2 };
        for (const r of [analyzeStep(o), analyzeBatch(o), analyzeContext({ ...o, contexts: [0, 1, 1000, 1e6] }), analyzePrefill(o)]) {
          expect(nonFinite(r)).toEqual([]);
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe("napkin models: absurd magnitudes are refused, naming the field", () => {
  it("rejects 1e99 parameters and 1e12 bytes of KV per token", () => {
    expect(() => napkinModel({ name: "x", totalParams: 1e99, activeParams: 1e9, weightBytesPerParam: 1, kvBytesPerToken: 1 }, "m.json")).toThrow(/m\.json: totalParams: got "1e\+99"\. Expected a number of parameters, ≥ 1000 and ≤ 1e15/);
    expect(() => napkinModel({ name: "x", totalParams: 1e9, activeParams: 1e9, weightBytesPerParam: 1, kvBytesPerToken: 1e12 }, "m.json")).toThrow(/kvBytesPerToken/);
  });
});
