/**
 * The optimised kernels (graph compiler: hoisting by loop level, common subexpressions across nodes,
 * reused compiled code, lookup tables) compute the same numbers as the derivations, for the EXPECTED
 * outputs as well as the ideal ones, on a fixed grid of models × systems × phases × batches × chips ×
 * contexts: per-point kernels (every input varying at once), grid sweeps (loop nests) and the layout
 * search's two-stage kernel (per layout, then per micro-batch). Equal to 1e-12 relative (the compiler
 * may multiply by a reciprocal computed once instead of dividing per point).
 */
import { describe, expect, it } from "vitest";
import { getHardware, getModel, prepareLayout, prepareRoofline, userGiven, type Quantity } from "../src/index.ts";

function close(a: number, b: number): boolean {
  if (Object.is(a, b)) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
}

const MODELS = ["llama-3.1-70b", "llama-3.1-8b", "deepseek-v3", "gpt-oss-120b", "qwen3-235b-a22b", "mixtral-8x7b"];
const SYSTEMS = ["nvidia-h100-sxm5-80gb", "nvidia-gb200-nvl72", "amd-mi300x", "google-tpu-v5p"];
const BATCHES = [1, 2, 3, 7, 16, 17, 64, 100, 255, 256, 257, 1000, 4096];
const CONTEXTS = [0, 1000, 32768];
const CHIPS = [1, 2, 3, 8, 12, 72];
const STEP_OUTPUTS = ["expectedStepSeconds", "expectedTokensPerSecond", "expectedTokensPerSecondPerSequence", "expFixedSeconds", "stepSeconds", "tokensPerSecond"];

describe("optimised step kernels equal the derivations (expected and ideal)", () => {
  for (const modelId of MODELS) {
    it(modelId, () => {
      const model = getModel(modelId);
      let checked = 0;
      for (const hw of SYSTEMS) {
        for (const phase of ["decode", "prefill"] as const) {
          const setup = prepareRoofline({ model, hardware: getHardware(hw), chips: 8, batch: 1, contextTokens: 0, phase, promptTokens: 300, usdPerChipHour: 3 });
          const perPoint = setup.kernel(["batch", "contextTokens", "chips"], STEP_OUTPUTS);
          const out = new Float64Array(STEP_OUTPUTS.length);
          const sweep = setup.grid(["batch", "chips", "contextTokens"], "expectedStepSeconds");
          const grid = new Float64Array(BATCHES.length * CHIPS.length * CONTEXTS.length);
          sweep([Float64Array.from(BATCHES), Float64Array.from(CHIPS), Float64Array.from(CONTEXTS)], grid);
          let k = 0;
          for (const batch of BATCHES)
            for (const chips of CHIPS)
              for (const contextTokens of CONTEXTS) {
                const d = setup.graph.explain({ ...setup.params, batch: userGiven(batch, "b"), chips: userGiven(chips, "n"), contextTokens: userGiven(contextTokens, "l") }, STEP_OUTPUTS);
                perPoint(batch, contextTokens, chips, out);
                STEP_OUTPUTS.forEach((o, i) => {
                  const want = (d[o] as { value: number }).value;
                  expect(close(out[i] as number, want), `${hw} ${phase} ${o} b=${batch} n=${chips} l=${contextTokens}: ${out[i]} vs ${want}`).toBe(true);
                });
                const want = (d["expectedStepSeconds"] as { value: number }).value;
                expect(close(grid[k++] as number, want), `grid ${hw} ${phase} b=${batch} n=${chips} l=${contextTokens}: ${grid[k - 1]} vs ${want}`).toBe(true);
                checked++;
              }
        }
      }
      expect(checked).toBe(SYSTEMS.length * 2 * BATCHES.length * CHIPS.length * CONTEXTS.length);
    });
  }
});

const PER_LAYOUT = ["expertParallel", "tensorParallel", "attentionDataParallel", "pipelineStages", "microBatches", "hopLatencySeconds", "hopLinkBytesPerSecond"];
const LAYOUT_OUTPUTS = ["expectedTokenSeconds", "memoryBytesPerChip", "expectedUsdPerMillionTokens", "expectedTokensPerSecondPerSequence", "expectedTokensPerSecond", "tokenSeconds", "usdPerMillionTokens"];
const MICRO_BATCHES = [1, 2, 3, 8, 24, 64, 100, 512, 1536, 8192];

describe("the layout search's two-stage kernel equals the derivations (expected and ideal)", () => {
  const cases: { model: string; hw: string; layouts: [number, number, number, number, number, number][] }[] = [
    // [expertParallel, tensorParallel, attentionDataParallel, pipelineStages, hopLatencySeconds, hopLinkBytesPerSecond]
    { model: "deepseek-v3", hw: "nvidia-gb200-nvl72", layouts: [[1, 1, 1, 1, 0, 0], [8, 1, 8, 1, 0, 0], [72, 1, 72, 1, 0, 0], [32, 2, 8, 4, 5e-6, 5e10], [64, 1, 16, 3, 5e-6, 5e10], [8, 9, 1, 2, 0, 0]] },
    { model: "mixtral-8x7b", hw: "nvidia-h100-sxm5-80gb", layouts: [[1, 1, 1, 1, 0, 0], [8, 1, 8, 1, 0, 0], [1, 8, 1, 1, 0, 0], [4, 2, 2, 2, 5e-6, 5e10]] },
    { model: "llama-3.1-70b", hw: "amd-mi300x", layouts: [[1, 1, 1, 1, 0, 0], [1, 8, 1, 1, 0, 0], [1, 4, 1, 5, 5e-6, 5e10], [1, 2, 2, 2, 0, 0]] },
  ];
  for (const c of cases) {
    it(`${c.model} on ${c.hw}`, () => {
      for (const weightPrecision of ["bf16", "fp8"] as const) {
        const setup = prepareLayout({ model: getModel(c.model), hardware: getHardware(c.hw), weightPrecision, unevenStages: true, usdPerChipHour: 3 });
        const staged = setup.stagedKernel(PER_LAYOUT, ["microBatch"], LAYOUT_OUTPUTS);
        const out = new Float64Array(LAYOUT_OUTPUTS.length);
        for (const [E, T, A, P, hopLat, hopBw] of c.layouts) {
          const bw = hopBw || (setup.params["scaleUpBytesPerSecond"] as Quantity).value;
          const kernel = staged(E, T, A, P, P, hopLat, bw);
          for (const b of MICRO_BATCHES) {
            kernel(b, out);
            const given = { expertParallel: E, tensorParallel: T, attentionDataParallel: A, pipelineStages: P, microBatches: P, hopLatencySeconds: hopLat, hopLinkBytesPerSecond: bw, microBatch: b };
            const params = { ...setup.params };
            for (const [k, v] of Object.entries(given)) params[k] = userGiven(v, k);
            const d = setup.graph.explain(params, LAYOUT_OUTPUTS);
            LAYOUT_OUTPUTS.forEach((o, i) => {
              const want = (d[o] as { value: number }).value;
              expect(close(out[i] as number, want), `${weightPrecision} E${E} T${T} A${A} P${P} b=${b} ${o}: ${out[i]} vs ${want}`).toBe(true);
            });
          }
        }
      }
    });
  }
});

describe("memo tables: repeated, colliding and fractional keys give the derivation's numbers", () => {
  it("a per-point kernel called over keys that share table slots, in and out of order", () => {
    // 1 and 1025 (and 2049) share a slot of a 1,024-entry table; 2.5 shares one with 2; each value comes back
    // after others have taken its slot, and again while it is still there.
    const sequence = [1, 1025, 1, 2049, 1025, 2.5, 2, 2.5, 2, 3.75, 1e6, 1e6 + 1024, 1e6, 7, 7, 1];
    for (const modelId of ["deepseek-v3", "llama-3.1-70b"]) {
      const setup = prepareRoofline({ model: getModel(modelId), hardware: getHardware("nvidia-h100-sxm5-80gb"), chips: 8, batch: 1, contextTokens: 0, usdPerChipHour: 3 });
      const kernel = setup.kernel(["batch", "contextTokens", "chips"], STEP_OUTPUTS);
      const out = new Float64Array(STEP_OUTPUTS.length);
      for (const [i, batch] of sequence.entries()) {
        const chips = [8, 1025, 3, 1][i % 4] as number;
        const contextTokens = (i % 3) * 1000;
        kernel(batch, contextTokens, chips, out);
        const d = setup.graph.explain({ ...setup.params, batch: userGiven(batch, "b"), chips: userGiven(chips, "n"), contextTokens: userGiven(contextTokens, "l") }, STEP_OUTPUTS);
        STEP_OUTPUTS.forEach((o, k) => {
          const want = (d[o] as { value: number }).value;
          expect(close(out[k] as number, want), `${modelId} #${i} b=${batch} n=${chips} ${o}: ${out[k]} vs ${want}`).toBe(true);
        });
      }
    }
  });
});
