/**
 * The fast path and the explained path are one definition; these tests prove they agree: for every
 * registered formula (compiled `fn` vs interpreted `explain`), and for every analysis graph (compiled
 * kernel vs the derivations) over the catalog's models and systems.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allFormulas, CURVE_OUTPUTS, getHardware, MODELS, prepareRoofline, stepGrid, userGiven, type Quantity } from "../src/index.ts";
// Importing the analyses registers their formulas.
import "../src/roofline/formulas.ts";

function close(a: number, b: number): boolean {
  if (Object.is(a, b)) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));
}

describe("every formula: fn and explain agree", () => {
  const formulas = [...allFormulas().values()];
  it("has formulas registered", () => {
    expect(formulas.length).toBeGreaterThan(30);
  });
  for (const f of formulas) {
    it(`${f.id}`, () => {
      fc.assert(
        fc.property(fc.array(fc.double({ min: 1e-3, max: 1e6, noNaN: true }), { minLength: f.inputNames.length, maxLength: f.inputNames.length }), (values) => {
          const q: Record<string, Quantity> = {};
          f.inputNames.forEach((n, i) => (q[n] = userGiven(values[i] as number, n)));
          const explained = f.explain(q).value;
          const fast = f.fn(...values);
          const viaRecord = f.evaluate(Object.fromEntries(f.inputNames.map((n, i) => [n, values[i] as number])));
          return close(fast, explained) && close(viaRecord, explained);
        }),
        { numRuns: 60 },
      );
    });
  }
});

describe("every step graph: the compiled kernel equals the derivations", () => {
  const systems = ["nvidia-h100-sxm5-80gb", "nvidia-gb200-nvl72", "google-tpu-v5p", "amd-mi300x"].map((id) => getHardware(id));
  for (const model of MODELS) {
    it(`${model.id}`, () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...systems),
          fc.integer({ min: 1, max: 4096 }),
          fc.integer({ min: 0, max: 500_000 }),
          fc.integer({ min: 1, max: 72 }),
          fc.constantFrom("decode" as const, "prefill" as const),
          fc.constantFrom("native" as const, "dense" as const, "sqrt" as const),
          (hardware, batch, context, chips, phase, attention) => {
            const setup = prepareRoofline({ model, hardware, batch, contextTokens: context, chips, phase, attention, promptTokens: 512, usdPerChipHour: 3, computePrecision: "bf16" });
            const d = setup.graph.explain(setup.params);
            const outputs = [...CURVE_OUTPUTS, "usdPerMillionTokens", "mfu", "mbu", "maxBatch"];
            const kernel = setup.kernel([], outputs);
            const out = new Float64Array(outputs.length);
            kernel(out);
            return outputs.every((o, i) => close(out[i] as number, (d[o] as { value: number }).value));
          },
        ),
        { numRuns: 25 },
      );
    });
  }
});

describe("grid sweeps: the loop-nest kernel equals the derivations", () => {
  for (const id of ["llama-3.1-70b", "deepseek-v3", "gpt-oss-120b", "deepseek-v3.2", "gemma-3-27b"]) {
    it(`${id}`, () => {
      const model = MODELS.find((m) => m.id === id)!;
      const setup = prepareRoofline({ model, hardware: getHardware("nvidia-b200-hgx"), chips: 8, batch: 1, contextTokens: 0, usdPerChipHour: 3 });
      const batches = Float64Array.from([1, 7, 64, 900]);
      const chips = Float64Array.from([1, 8, 64]);
      const contexts = Float64Array.from([0, 100, 4096, 200_000]);
      for (const output of ["stepSeconds", "usdPerMillionTokens", "kvReadSeconds", "computeSeconds"]) {
        const sweep = stepGrid(setup, ["batch", "chips", "contextTokens"], output);
        const out = new Float64Array(batches.length * chips.length * contexts.length);
        expect(sweep([batches, chips, contexts], out)).toBe(out.length);
        let k = 0;
        for (const b of batches)
          for (const n of chips)
            for (const l of contexts) {
              const d = setup.graph.explain({ ...setup.params, batch: userGiven(b, "b"), chips: userGiven(n, "n"), contextTokens: userGiven(l, "l") }, [output]);
              expect(close(out[k++] as number, (d[output] as { value: number }).value) || Math.abs((out[k - 1] as number) / (d[output] as { value: number }).value - 1) < 1e-12).toBe(true);
            }
      }
    });
  }
});
