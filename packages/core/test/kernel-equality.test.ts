/**
 * The optimised kernels (graph compiler: hoisting by loop level, common subexpressions across nodes,
 * reused compiled code, lookup tables) compute the same numbers as the derivations, for the EXPECTED
 * outputs as well as the ideal ones, on a fixed grid of models × systems × phases × batches × chips ×
 * contexts: per-point kernels (every input varying at once), grid sweeps (loop nests) and the layout
 * search's two-stage kernel (per layout, then per micro-batch). Equal to 1e-12 relative (the compiler
 * may multiply by a reciprocal computed once instead of dividing per point).
 */
import { describe, expect, it } from "vitest";
import { expectedStepTimes, getHardware, getModel, idealStepTimes, prepareLayout, prepareRoofline, stepGrid, userGiven, type Quantity } from "../src/index.ts";

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
          const sweep = stepGrid(setup, ["batch", "chips", "contextTokens"], "expectedStepSeconds");
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

describe("grid sweeps in every axis order (parts that miss an outer loop computed once into tables) equal the derivations", () => {
  const AXES = ["batch", "chips", "contextTokens"] as const;
  const orders = [
    [0, 1, 2],
    [0, 2, 1],
    [1, 0, 2],
    [1, 2, 0],
    [2, 0, 1],
    [2, 1, 0],
  ].map((o) => o.map((i) => AXES[i] as (typeof AXES)[number]));
  const VALUES: Record<(typeof AXES)[number], number[]> = { batch: [1, 2, 7, 64, 257, 1000], chips: [1, 3, 8, 72], contextTokens: [0, 1000, 32768, 100_000] };
  const GRID_OUTPUTS = ["expectedStepSeconds", "stepSeconds", "expectedTokensPerSecond", "expFixedSeconds"];
  const check = (setup: ReturnType<typeof prepareRoofline>, order: readonly (typeof AXES)[number][], values: Record<(typeof AXES)[number], number[]>, output: string, label: string) => {
    const sweep = stepGrid(setup, order, output);
    const n = order.reduce((a, ax) => a * values[ax].length, 1);
    const out = new Float64Array(n).fill(Number.NaN);
    expect(sweep(order.map((ax) => Float64Array.from(values[ax])), out)).toBe(n);
    const at = [0, 0, 0];
    for (let k = 0; k < n; k++) {
      // Row-major, the last axis fastest.
      let rest = k;
      for (let l = order.length - 1; l >= 0; l--) {
        const len = values[order[l] as (typeof AXES)[number]].length;
        at[l] = rest % len;
        rest = Math.floor(rest / len);
      }
      const point = Object.fromEntries(order.map((ax, l) => [ax, values[ax][at[l] as number] as number])) as Record<(typeof AXES)[number], number>;
      const d = setup.graph.explain({ ...setup.params, batch: userGiven(point.batch, "b"), chips: userGiven(point.chips, "n"), contextTokens: userGiven(point.contextTokens, "l") }, [output]);
      const want = (d[output] as { value: number }).value;
      expect(close(out[k] as number, want), `${label} ${order.join(",")} ${output} b=${point.batch} n=${point.chips} l=${point.contextTokens}: ${out[k]} vs ${want}`).toBe(true);
    }
  };
  for (const modelId of ["deepseek-v3", "llama-3.1-70b", "gpt-oss-120b"]) {
    it(modelId, () => {
      for (const hw of ["nvidia-h100-sxm5-80gb", "nvidia-gb200-nvl72"]) {
        for (const phase of ["decode", "prefill"] as const) {
          const setup = prepareRoofline({ model: getModel(modelId), hardware: getHardware(hw), chips: 8, batch: 1, contextTokens: 0, phase, promptTokens: 300, usdPerChipHour: 3 });
          for (const order of orders)
            for (const output of GRID_OUTPUTS) {
              check(setup, order, VALUES, output, `${hw} ${phase}`);
              // An outer axis of one value: the tables would be no smaller than the grid, so the plain loops run.
              check(setup, order, { ...VALUES, [order[0] as string]: [VALUES[order[0] as (typeof AXES)[number]][2]] }, output, `${hw} ${phase} (one outer value)`);
            }
        }
      }
    });
  }

  it("the same kernel over grids of other sizes (tables regrown, kept or made per sweep) and again over the first", () => {
    const setup = prepareRoofline({ model: getModel("deepseek-v3"), hardware: getHardware("nvidia-gb200-nvl72"), chips: 8, batch: 1, contextTokens: 0, usdPerChipHour: 3 });
    const order = ["contextTokens", "chips", "batch"];
    const sweep = stepGrid(setup, order, "expectedStepSeconds");
    const point = setup.kernel(["contextTokens", "chips", "batch"], ["expectedStepSeconds"]);
    const range = (n: number, f: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => f(i));
    // 3 × 2 × 5 points; 4 × 300 × 250 (a table of 75,000 rows × its results: past what a kernel keeps); 3 × 2 × 5 again.
    const grids = [
      [range(3, (i) => i * 5000), range(2, (i) => 2 ** i), range(5, (i) => i + 1)],
      [range(4, (i) => i * 8192), range(300, (i) => i + 1), range(250, (i) => 3 * i + 1)],
      [range(3, (i) => i * 5000 + 7), range(2, (i) => 8 * (i + 1)), range(5, (i) => 1025 * (i + 1))],
    ];
    for (const values of grids) {
      const n = values.reduce((a, v) => a * v.length, 1);
      const out = new Float64Array(n);
      expect(sweep(values, out)).toBe(n);
      let k = 0;
      let bad = 0;
      for (const l of values[0] as Float64Array)
        for (const c of values[1] as Float64Array)
          for (const b of values[2] as Float64Array) if (!close(out[k++] as number, point(l, c, b))) bad++;
      expect(bad).toBe(0);
    }
  });
});

describe("memo tables keyed by a product of parameters (a prefill pass's tokens = sequences × mean new tokens) give the derivation's numbers", () => {
  // The simulator's prefill call: whole totals that recur (1,000 tokens as 1 × 1000, 2 × 500, 4 × 250), totals that
  // share a slot of a 1,024-entry table (1,000, 2,024, 3,048) and of the 4,096-entry table a total's memo has
  // (1,000, 5,096, 9,192), fractional totals (3 × 333.5 = 1,000.5 shares 1,000's slot), a total of zero sequences'
  // worth, and each of them again after others took its slot.
  const calls: [number, number, number][] = [
    [1, 1000, 0],
    [2, 500, 0],
    [1, 2024, 0],
    [4, 250, 0],
    [3, 333.5, 100],
    [1, 3048, 512],
    [1, 1000, 0],
    [3, 333.5, 100],
    [2, 1012, 0],
    [1, 5096, 0],
    [4, 2298, 256],
    [1, 1000, 0],
    [2, 2548, 0],
    [7, 0.5, 0],
    [16, 64, 4096],
    [1, 1000, 0],
  ];
  for (const [modelId, hw] of [
    ["llama-3.1-70b", "nvidia-h100-sxm5-80gb"],
    ["deepseek-v3", "nvidia-gb200-nvl72"],
    ["gpt-oss-120b", "nvidia-b200-hgx"],
  ] as const) {
    it(`${modelId}: ideal and expected prefill steps`, () => {
      const opts = { model: getModel(modelId), hardware: getHardware(hw), chips: 8 };
      for (const [steps, output] of [
        [idealStepTimes(opts), "stepSeconds"],
        [expectedStepTimes(opts), "expectedStepSeconds"],
      ] as const) {
        for (const [seqs, fresh, cached] of calls) {
          const got = steps.prefill(seqs, fresh, cached);
          const d = steps.prefillSetup.graph.explain({ ...steps.prefillSetup.params, batch: userGiven(seqs, "b"), passTokens: userGiven(fresh, "p"), contextTokens: userGiven(cached, "l") }, [output]);
          const want = (d[output] as { value: number }).value;
          expect(close(got, want), `${output} seqs=${seqs} new=${fresh} cached=${cached}: ${got} vs ${want}`).toBe(true);
        }
      }
    });
  }
});
