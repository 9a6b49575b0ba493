/**
 * Energy from TDP at any throughput: a step's (ideal or expected) or a served workload's output tokens
 * per second at a request rate. Power is chips × TDP in every case, so J/token × tokens/s = power, and
 * the expected throughput (never above the ideal bound) costs at least the ideal energy per token.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyzeStepEnergy, closedFormServing, energyOfThroughput, getHardware, MODELS, prepareRoofline, SERVE_ROOFLINE_INPUTS, type ServeOptions } from "../src/index.ts";

const systems = ["nvidia-h100-sxm5-80gb", "nvidia-b200-hgx", "amd-mi300x"].map((id) => getHardware(id));
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1e-30, Math.abs(b));

describe("energy at a throughput", () => {
  it("expected energy per token is at least the ideal; both multiply back to chips × TDP", () => {
    fc.assert(
      fc.property(fc.constantFrom(...MODELS), fc.constantFrom(...systems), fc.integer({ min: 1, max: 1024 }), (model, hardware, batch) => {
        const o = { model, hardware, chips: 8, batch, contextTokens: 4096 };
        const ideal = analyzeStepEnergy(o).energy;
        const expected = analyzeStepEnergy(o, "expected").energy;
        if (!ideal || !expected) throw new Error("these chips have a TDP");
        expect(expected.joulesPerToken).toBeGreaterThanOrEqual(ideal.joulesPerToken * (1 - 1e-12));
        expect(rel(expected.powerWatts, 8 * (hardware.tdpWatts.value as number))).toBeLessThan(1e-12);
        expect(rel(expected.joulesPerToken * analyzeStepEnergy(o).step.expectedTokensPerSecond, expected.powerWatts)).toBeLessThan(1e-9);
      }),
      { numRuns: 40 },
    );
  });

  it("a served workload: J per output token × output tokens/s at the rate = chips × TDP, and falls as the rate rises", () => {
    const hardware = getHardware("nvidia-h100-sxm5-80gb");
    const model = MODELS.find((m) => m.id === "llama-3.1-70b");
    if (!model) throw new Error("catalog model");
    const o: ServeOptions = { model, hardware, chips: 8, workload: { classes: [{ name: "default", share: 1, input: { kind: "fixed", tokens: 1000 }, output: { kind: "fixed", tokens: 500 }, prefixHitFraction: 0, sloTtftSeconds: null, sloTpotSeconds: null, percentile: 99 }], arrivals: { kind: "poisson", ratePerSecond: 1 } } } as ServeOptions;
    const chips = prepareRoofline(o, SERVE_ROOFLINE_INPUTS).params["chips"];
    if (!chips) throw new Error("chips");
    const max = closedFormServing(o).closedForm.maxRatePerSecond;
    let last = Infinity;
    for (const f of [0.1, 0.4, 0.8]) {
      const out = closedFormServing(o, f * max).derivations["outputTokensPerSecond"];
      if (!out) throw new Error("closed form output tokens/s");
      const e = energyOfThroughput(out, chips, hardware);
      if (!e) throw new Error("H100 has a TDP");
      expect(rel(e.joulesPerToken * out.value, 8 * (hardware.tdpWatts.value as number))).toBeLessThan(1e-12);
      expect(rel(e.tokensPerSecondPerMegawatt, (out.value * 1e6) / e.powerWatts)).toBeLessThan(1e-12);
      expect(e.joulesPerToken).toBeLessThan(last);
      last = e.joulesPerToken;
    }
  });
});
