/**
 * Benchmark: step time over a (batch × context × chips) grid of 10 million points per scenario,
 * through the engine's compiled formula graph (the same formulas the derivations come from). Prints
 * JSON. Each scenario runs in its own process so that its call sites see one kernel.
 *
 *   npx tsx bench/step-sweep.ts
 *
 * Target (issue 2): at least 50 million evaluations per second on one core.
 *  - grid: `stepGrid(setup, [...axes], "stepSeconds")`, loops generated with each node computed at the
 *    outermost loop where its inputs are known (batch outermost, context innermost);
 *  - perPoint: `setup.kernel([...], ["stepSeconds"])` called once per point, nothing shared between
 *    points (the cost of a random-access evaluation).
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { getHardware, getModel, prepareRoofline, stepGrid } from "../packages/core/src/index.ts";

interface Scenario {
  name: string;
  model: string;
  hardware: string;
}

const scenarios: Scenario[] = [
  { name: "dense GQA (Llama 3.1 70B on H100)", model: "llama-3.1-70b", hardware: "nvidia-h100-sxm5-80gb" },
  { name: "MoE + MLA with expert coverage (DeepSeek-V3 on GB200)", model: "deepseek-v3", hardware: "nvidia-gb200-nvl72" },
  { name: "MoE + sliding windows (gpt-oss-120b on B200)", model: "gpt-oss-120b", hardware: "nvidia-b200-hgx" },
];

const batches = Float64Array.from({ length: 1000 }, (_, i) => i + 1);
const contexts = Float64Array.from({ length: 1250 }, (_, i) => i * 128);
const chips = Float64Array.from([1, 2, 4, 8, 16, 32, 64, 72]);
const points = batches.length * contexts.length * chips.length; // 10,000,000

function runScenario(s: Scenario) {
  const setup = prepareRoofline({ model: getModel(s.model), hardware: getHardware(s.hardware), chips: 8, batch: 1, contextTokens: 0 });
  // Grid sweep.
  const sweep = stepGrid(setup, ["batch", "chips", "contextTokens"], "stepSeconds");
  const out = new Float64Array(points);
  // Warm-up: several whole calls, so the sweep is optimized as a function rather than on-stack mid-loop.
  for (let i = 0; i < 20; i++) sweep([batches.subarray(0, 5), chips, contexts], out);
  let t0 = process.hrtime.bigint();
  const n = sweep([batches, chips, contexts], out);
  const gridSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  // Per-point kernel calls.
  const kernel = setup.kernel(["batch", "contextTokens", "chips"], ["stepSeconds"]);
  let sink = 0;
  for (let i = 0; i < 200_000; i++) sink += kernel((i % 1000) + 1, (i % 977) * 128, 8); // warm-up
  t0 = process.hrtime.bigint();
  let k = 0;
  let maxDiff = 0;
  for (let b = 0; b < batches.length; b++) {
    for (let c = 0; c < chips.length; c++) {
      for (let l = 0; l < contexts.length; l++) {
        const v = kernel(batches[b] as number, contexts[l] as number, chips[c] as number);
        const d = Math.abs(v / (out[k++] as number) - 1);
        if (d > maxDiff) maxDiff = d;
      }
    }
  }
  const pointSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return {
    scenario: s.name,
    points: n,
    grid: { seconds: Number(gridSeconds.toFixed(3)), evaluationsPerSecond: Math.round(n / gridSeconds) },
    perPoint: { seconds: Number(pointSeconds.toFixed(3)), evaluationsPerSecond: Math.round(n / pointSeconds) },
    // The grid multiplies by hoisted reciprocals where the per-point kernel divides: at most an ulp apart.
    maxRelativeDifferenceGridVsPerPoint: maxDiff,
    gridMatchesPerPoint: maxDiff <= 1e-12,
    checksum: sink,
  };
}

const only = process.argv[2];
if (only !== undefined) {
  console.log(JSON.stringify(runScenario(scenarios[Number(only)] as Scenario)));
  process.exit(0);
}
const results = scenarios.map((_, i) => {
  const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), String(i)], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split("\n").pop() as string) as ReturnType<typeof runScenario>;
});
console.log(
  JSON.stringify(
    {
      benchmark: "step-sweep",
      node: process.version,
      pointsPerScenario: points,
      targetEvaluationsPerSecond: 50_000_000,
      results,
      minGridEvaluationsPerSecond: Math.min(...results.map((r) => r.grid.evaluationsPerSecond)),
      minPerPointEvaluationsPerSecond: Math.min(...results.map((r) => r.perPoint.evaluationsPerSecond)),
    },
    null,
    2,
  ),
);
