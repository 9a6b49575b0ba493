/**
 * Benchmark: the expected step against the ideal one, through the same compiled graph — a grid sweep
 * (batch × chips × context, 1M points) and per-point kernel calls — for a dense and an MoE model, and
 * the validation (every public row predicted, plus the leave-one-source-out refits). Prints JSON.
 *
 *   npx tsx bench/efficiency.ts
 *
 * Target (issue 11): the expected path at least half as fast as the ideal one (ratio ≥ 0.5).
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { getHardware, getModel, measurementFiles, measurementModel, prepareRoofline, stepSecondsOutput, validateInference, type EfficiencyMode } from "../packages/core/src/index.ts";

const scenarios = [
  { name: "dense GQA (Llama 3.1 70B on H100)", model: "llama-3.1-70b", hardware: "nvidia-h100-sxm5-80gb" },
  { name: "MoE + MLA (DeepSeek-V3 on GB200)", model: "deepseek-v3", hardware: "nvidia-gb200-nvl72" },
];
const batches = Float64Array.from({ length: 500 }, (_, i) => i + 1);
const chips = Float64Array.from([1, 2, 4, 8]);
const contexts = Float64Array.from({ length: 500 }, (_, i) => i * 256);
const points = batches.length * chips.length * contexts.length;

function rate(mode: EfficiencyMode, s: (typeof scenarios)[number]) {
  const setup = prepareRoofline({ model: getModel(s.model), hardware: getHardware(s.hardware), chips: 8, batch: 1, contextTokens: 0 });
  const out = new Float64Array(points);
  const sweep = setup.grid(["batch", "chips", "contextTokens"], stepSecondsOutput(mode));
  for (let i = 0; i < 10; i++) sweep([batches.subarray(0, 5), chips, contexts], out);
  let t0 = process.hrtime.bigint();
  const n = sweep([batches, chips, contexts], out);
  const grid = n / (Number(process.hrtime.bigint() - t0) / 1e9);
  const kernel = setup.kernel(["batch", "contextTokens", "chips"], [stepSecondsOutput(mode)]);
  let sink = 0;
  for (let i = 0; i < 100_000; i++) sink += kernel((i % 500) + 1, (i % 499) * 256, 8);
  t0 = process.hrtime.bigint();
  const calls = 1_000_000;
  for (let i = 0; i < calls; i++) sink += kernel((i % 500) + 1, (i % 499) * 256, chips[i & 3] as number);
  const perPoint = calls / (Number(process.hrtime.bigint() - t0) / 1e9);
  return { grid: Math.round(grid), perPoint: Math.round(perPoint), checksum: Number.isFinite(sink) };
}

const arg = process.argv[2];
if (arg !== undefined) {
  const [i, mode] = arg.split(":") as [string, EfficiencyMode];
  console.log(JSON.stringify(rate(mode, scenarios[Number(i)] as (typeof scenarios)[number])));
  process.exit(0);
}
const run = (a: string) => JSON.parse(spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), a], { encoding: "utf8" }).stdout) as ReturnType<typeof rate>;
const sweeps = scenarios.map((s, i) => {
  const ideal = run(`${i}:ideal`);
  const expected = run(`${i}:expected`);
  return {
    scenario: s.name,
    points,
    idealEvaluationsPerSecond: { grid: ideal.grid, perPoint: ideal.perPoint },
    expectedEvaluationsPerSecond: { grid: expected.grid, perPoint: expected.perPoint },
    expectedOverIdealSpeed: { grid: Number((expected.grid / ideal.grid).toFixed(3)), perPoint: Number((expected.perPoint / ideal.perPoint).toFixed(3)) },
  };
});
let t0 = process.hrtime.bigint();
const v = validateInference(measurementFiles(), measurementModel, { loso: false });
const validateSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
t0 = process.hrtime.bigint();
validateInference(measurementFiles(), measurementModel, { loso: true });
const losoSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(
  JSON.stringify(
    {
      sweeps,
      validation: { rows: v.predictions.length, seconds: Number(validateSeconds.toFixed(3)), withLeaveOneSourceOutSeconds: Number(losoSeconds.toFixed(3)) },
      targetExpectedAtLeastHalfAsFast: sweeps.every((s) => s.expectedOverIdealSpeed.grid >= 0.5 && s.expectedOverIdealSpeed.perPoint >= 0.5),
    },
    null,
    2,
  ),
);
