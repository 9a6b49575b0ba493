/**
 * The operator breakdown partitions the step: its FLOP, weight bytes and KV bytes add up to the
 * step's for every catalog model, system, phase, attention mode and routing; each operator is on its
 * own roofline; energy follows TDP.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyzeOperators, analyzeStepEnergy, getHardware, MODELS, napkinModel } from "../src/index.ts";

const systems = ["nvidia-h100-sxm5-80gb", "nvidia-gb200-nvl72", "google-tpu-v6e", "amd-mi355x"].map((id) => getHardware(id));
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));

describe("operators add up to the step", () => {
  it("FLOP, weight bytes and KV bytes equal the step's; Σ operator time ≥ step time", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...MODELS),
        fc.constantFrom(...systems),
        fc.integer({ min: 1, max: 4096 }),
        fc.integer({ min: 0, max: 200_000 }),
        fc.constantFrom("decode" as const, "prefill" as const),
        fc.constantFrom("native" as const, "dense" as const, "sqrt" as const),
        fc.constantFrom("uniform" as const, "all" as const),
        (model, hardware, batch, context, phase, attention, expertRouting) => {
          const r = analyzeOperators({ model, hardware, batch, contextTokens: context, chips: 8, phase, attention, expertRouting, promptTokens: 1024, computePrecision: "bf16" });
          const s = r.step;
          expect(rel(r.totals.flop, s.flopPerToken * s.batch * s.passTokens)).toBeLessThan(1e-9);
          expect(rel(r.totals.weightBytes, s.weightBytesRead)).toBeLessThan(1e-9);
          expect(rel(r.totals.kvBytes, s.kvBytesRead)).toBeLessThan(1e-9);
          expect(r.totals.seconds).toBeGreaterThanOrEqual(s.stepSeconds * (1 - 1e-9));
          for (const o of r.operators) {
            expect(o.flop).toBeGreaterThanOrEqual(0);
            expect(o.kvBytes).toBeGreaterThanOrEqual(-1e-6 * s.kvBytesRead);
            expect(Number.isFinite(o.seconds) && o.seconds > 0).toBe(true);
            expect(o.derivations.seconds.value).toBe(o.seconds);
            // Its bound: compute-bound exactly when its intensity is at or above the ridge point.
            expect(o.bound === "compute").toBe(o.intensity >= r.ridgeFlopPerByte * (1 - 1e-12));
            expect(o.attainableFlopsPerSecond).toBeLessThanOrEqual(r.peakFlopsPerSecond * (1 + 1e-12));
          }
        },
      ),
      { numRuns: 120 },
    );
  });

  it("expected: each operator at its kind's expected efficiencies (never faster than its ideal), the expected total is the step's expected time and its parts", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...MODELS),
        fc.constantFrom(...systems),
        fc.integer({ min: 1, max: 4096 }),
        fc.integer({ min: 0, max: 200_000 }),
        fc.constantFrom("decode" as const, "prefill" as const),
        fc.constantFrom(1, 8, 64),
        (model, hardware, batch, context, phase, chips) => {
          const r = analyzeOperators({ model, hardware, batch, contextTokens: context, chips, phase, promptTokens: 1024, computePrecision: "bf16" });
          const s = r.step;
          expect(r.expected.stepSeconds).toBe(s.expectedStepSeconds);
          const parts = r.expected.breakdown.reduce((sum, b) => sum + b.seconds, 0);
          expect(rel(parts, s.expectedStepSeconds)).toBeLessThan(1e-9);
          expect(r.expected.breakdown.find((b) => b.name === "expDenseSeconds")?.seconds).toBe(s.expectedBreakdown.denseSeconds);
          for (const o of r.operators) {
            expect(o.expected.seconds).toBeGreaterThanOrEqual(o.seconds * (1 - 1e-12));
            expect(o.expected.attainableFlopsPerSecond).toBeLessThanOrEqual(o.attainableFlopsPerSecond * (1 + 1e-12));
            expect(o.expected.derivations.seconds.value).toBe(o.expected.seconds);
            // The efficiencies are the step's own nodes.
            const eta = s.derivations[o.expected.computeEfficiencyNode]?.value ?? Number.NaN;
            expect(o.expected.derivations.seconds.inputs.find((i) => i.name === "computeEfficiency")?.value).toBe(eta);
          }
          expect(r.expected.operatorSeconds).toBeGreaterThanOrEqual(r.totals.seconds * (1 - 1e-12));
        },
      ),
      { numRuns: 60 },
    );
  });

  it("has the operators people look for: projections, attention, experts, head", () => {
    const ds = MODELS.find((m) => m.id === "deepseek-v3");
    if (!ds) throw new Error("no deepseek-v3");
    const r = analyzeOperators({ model: ds, hardware: getHardware("nvidia-h100-sxm5-80gb"), chips: 8, batch: 64, computePrecision: "bf16" });
    expect(r.operators.map((o) => o.id)).toEqual(["qkv", "attentionOutput", "attentionScores", "attentionValues", "router", "routedExperts", "sharedExperts", "mlp", "norms", "lmHead"]);
    // Decode at batch 64: the routed experts are the memory-bound bulk; MLA attention over 8K is memory-bound on its latent reads.
    const routed = r.operators.find((o) => o.id === "routedExperts");
    expect(routed?.bound).toBe("memory");
    expect(r.ridgeFlopPerByte).toBeCloseTo(989.4e12 / 3.35e12, 0);
  });

  it("refuses a napkin model, naming what is missing", () => {
    const m = napkinModel({ name: "napkin", totalParams: 1e11, activeParams: 1e10, weightBytesPerParam: 1, kvBytesPerToken: 1e5 });
    expect(() => analyzeOperators({ model: m, hardware: getHardware("nvidia-h100-sxm5-80gb") })).toThrow(/architecture/);
  });
});

describe("energy from TDP", () => {
  it("joules per token × tokens per second = chips × TDP, and tokens/s per MW is its reciprocal × 10⁶", () => {
    const hw = getHardware("nvidia-h100-sxm5-80gb");
    const { step, energy } = analyzeStepEnergy({ model: MODELS[0] as (typeof MODELS)[number], hardware: hw, chips: 8, batch: 32 });
    if (!energy || hw.tdpWatts.value === null) throw new Error("H100 has a TDP in the catalog");
    expect(energy.powerWatts).toBe(8 * hw.tdpWatts.value);
    expect(rel(energy.joulesPerToken * step.tokensPerSecond, 8 * hw.tdpWatts.value)).toBeLessThan(1e-12);
    expect(rel(energy.tokensPerSecondPerMegawatt * energy.joulesPerToken, 1e6)).toBeLessThan(1e-12);
    expect(energy.derivations.powerWatts.assumptions.join(" ")).toMatch(/upper bound/);
    expect(JSON.stringify(energy.derivations.powerWatts)).toContain("tdp_W");
  });
});

describe("operators: one default for the command and the page", () => {
  it("a decode step at a batch of 64, a prefill pass of one prompt, each with its reason", () => {
    const hardware = getHardware("h100");
    const model = MODELS.find((m) => m.id === "llama-3.1-70b")!;
    const decode = analyzeOperators({ model, hardware, chips: 8 });
    const prefill = analyzeOperators({ model, hardware, chips: 8, phase: "prefill" });
    expect(decode.step.batch).toBe(64);
    expect(prefill.step.batch).toBe(1);
    expect(analyzeOperators({ model, hardware, chips: 8, phase: "prefill", batch: 4 }).step.batch).toBe(4);
    expect(JSON.stringify(decode.step.derivations["tokensPerSecond"])).toContain("a decode batch of 64");
  });
});
