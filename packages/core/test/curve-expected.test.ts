/**
 * A curve in expected mode: its headline outputs are the step graph's expected nodes (what
 * analyzeStep reports as expected at that point), never below the ideal bound; its terms stay ideal.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyzeStep, curve, getHardware, MODELS, prepareRoofline } from "../src/index.ts";

const systems = ["nvidia-h100-sxm5-80gb", "nvidia-gb200-nvl72", "amd-mi355x"].map((id) => getHardware(id));
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1e-30, Math.abs(b));

describe("expected curves", () => {
  it("equal analyzeStep's expected numbers at each point and are never faster than the ideal curve", () => {
    fc.assert(
      fc.property(fc.constantFrom(...MODELS), fc.constantFrom(...systems), fc.integer({ min: 1, max: 2048 }), fc.integer({ min: 1, max: 100_000 }), (model, hardware, batch, context) => {
        const o = { model, hardware, chips: 8, contextTokens: context, usdPerChipHour: 2 };
        const setup = prepareRoofline(o);
        const [ideal] = curve(setup, "batch", [batch]);
        const [expected] = curve(setup, "batch", [batch], "expected");
        if (!ideal || !expected) throw new Error("no point");
        const step = analyzeStep({ ...o, batch });
        expect(rel(expected.stepSeconds, step.expectedStepSeconds)).toBeLessThan(1e-9);
        expect(rel(expected.tokensPerSecond, step.expectedTokensPerSecond)).toBeLessThan(1e-9);
        expect(rel(expected.usdPerMillionTokens as number, step.expectedUsdPerMillionTokens as number)).toBeLessThan(1e-9);
        expect(expected.stepSeconds).toBeGreaterThanOrEqual(ideal.stepSeconds * (1 - 1e-12));
        expect(expected.computeSeconds).toBe(ideal.computeSeconds);
        expect(expected.kvReadSeconds).toBe(ideal.kvReadSeconds);
      }),
      { numRuns: 60 },
    );
  });
});
