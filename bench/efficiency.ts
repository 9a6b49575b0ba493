/**
 * Benchmark: the expected step against the ideal one, through the same compiled graph — a grid sweep
 * (batch × chips × context, 1M points) and per-point kernel calls — for a dense and an MoE model, and
 * the validation (every public row predicted, plus the leave-one-source-out refits). Prints JSON.
 *
 *   npx tsx bench/efficiency.ts
 *
 * Target (issue 11): the expected path at least half as fast as the ideal one (ratio ≥ 0.5).
 *
 * Both paths are measured in the SAME process, one after the other, `ROUNDS` times (the machine is shared:
 * load drifts between processes), each timing in CPU seconds of the process (see `seconds`); each figure is
 * the median over rounds and the ratio is the median of the rounds' ratios. Each path gets its own timing loop (generated per path), so neither loop's call site sees
 * the other's kernel. Results are consumed (summed, checked finite) so nothing is optimised away.
 *  - servingDecodeSteps: 2M decode steps through the serving simulation's step-time model (`idealStepTimes` /
 *    `expectedStepTimes` on 8 chips: `steps.decode(sequences, mean context)`), sequences 1…256, mean context
 *    1,000…3,930 tokens in fractional steps — the simulator's own call;
 *  - servingPrefillSteps…, servingMixedStepsChunked: the simulator's own prefill passes (`steps.prefill(sequences,
 *    mean new tokens, mean cached tokens)`) and chunked-prefill passes (`steps.mixed(…)`), recorded from a run
 *    (3,000 requests, Poisson 5/s, 300 output tokens) and replayed ~1M times per timing: prompts of a fixed 1,000
 *    tokens (a pass's token total recurs: the compiled kernels' memo tables hold its matmul shape terms) and
 *    prompts spread uniformly over 100…4,000 tokens (totals rarely recur);
 *  - curve: `curve(setup, "batch", 1…20,000)`, the pages' one-parameter sweep (roofline/sweep.ts: one
 *    kernel call and one point object per batch, every batch new; 10 curves per timing);
 *  - grid: `stepGrid(setup, …)` over 500 batches × 4 chip counts × 500 contexts, written to a 1M-entry array
 *    (5 sweeps per timing); gridBatchInnermost: the same grid with the batch as the innermost loop
 *    (context outermost): what depends on the batch and chips but not on the context is computed once per
 *    (chips, batch) into a table before the loops (formula/grid.ts `tabulate`), not once per point.
 * Random access, NOT sweeps (reported, outside the target): one kernel called with every input new on every
 * call. No caller in the engine does this — a sweep over several axes is `stepGrid(setup, …)`, the layout search a
 * two-stage kernel (per layout, then per micro-batch), the serving simulation a kernel of batch and context at
 * fixed chips (servingDecodeSteps above), pages a kernel of one parameter (curve) — so these measure the
 * kernel's cost per isolated point, where the ideal's is three divides inlined into the caller (~4 ns):
 *  - perPoint: 2M calls of `setup.kernel(["batch", "contextTokens", "chips"])`, batch 1…500, context
 *    0…127,744, chips cycling 1/2/4/8 — every input changes on every call;
 *  - perPointDistinctBatches: the same with the batch running 1…100,000 without repeating within a
 *    round (the worst case for the compiled kernels' memo tables, which pay off when values recur).
 */
import { spawnSync } from "node:child_process";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { analyzeServing, curve, expectedStepTimes, getHardware, getModel, idealStepTimes, type StepTimeModel, measurementFiles, measurementModel, prepareRoofline, stepGrid, stepSecondsOutput, type TrafficClass, validateInference, type EfficiencyMode, type Kernel } from "../packages/core/src/index.ts";

const scenarios = [
  { name: "dense GQA (Llama 3.1 70B on H100)", model: "llama-3.1-70b", hardware: "nvidia-h100-sxm5-80gb" },
  { name: "MoE + MLA (DeepSeek-V3 on GB200)", model: "deepseek-v3", hardware: "nvidia-gb200-nvl72" },
];
const MODES: readonly EfficiencyMode[] = ["ideal", "expected"];
const ROUNDS = 7;
const batches = Float64Array.from({ length: 500 }, (_, i) => i + 1);
const chips = Float64Array.from([1, 2, 4, 8]);
const contexts = Float64Array.from({ length: 500 }, (_, i) => i * 256);
const points = batches.length * chips.length * contexts.length;
const CALLS = 2_000_000;
const SWEEPS = ["servingDecodeSteps", "servingPrefillStepsFixedPrompts", "servingPrefillStepsSpreadPrompts", "servingMixedStepsChunked", "curve", "grid", "gridBatchInnermost"] as const;
const RANDOM_ACCESS = ["perPoint", "perPointDistinctBatches"] as const;
const CASES = [...SWEEPS, ...RANDOM_ACCESS] as const;
type Case = (typeof CASES)[number];
const RANDOM_ACCESS_NOTE =
  "not a sweep: every input (batch, context, chips) new on every call; no caller in the engine does this (multi-axis sweeps use stepGrid, the layout search a two-stage kernel, the serving simulation a kernel of batch and context at fixed chips); outside the target";
const curveBatches = Array.from({ length: 20_000 }, (_, i) => i + 1);
const CURVE_REPEATS = 10;
const GRID_REPEATS = 5;

// The serving simulation's call: a decode step at the running sequences (whole) and their mean context (fractional).
type StepsLoop = (steps: StepTimeModel, calls: number) => number;
const makeStepsLoop = (tag: string) =>
  new Function("steps", "calls", `// ${tag}\nlet sink = 0; for (let i = 0; i < calls; i++) sink += steps.decode((i % 256) + 1, 1000 + (i % 7919) * 0.37); return sink;`) as StepsLoop;

// One timing loop per path and case (a distinct source each: the engine shares compiled code between equal
// sources), so that each loop's call site sees one kernel.
type Loop = (kernel: Kernel, chips: Float64Array, calls: number, batchPeriod: number) => number;
const makeLoop = (tag: string) =>
  new Function(
    "kernel",
    "chips",
    "calls",
    "batchPeriod",
    `// ${tag}\nlet sink = 0; for (let i = 0; i < calls; i++) sink += kernel((i % batchPeriod) + 1, (i % 499) * 256, chips[i & 3]); return sink;`,
  ) as Loop;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
/**
 * CPU seconds of this process (user + system, every thread: a path that makes garbage pays for its
 * collection), not wall seconds: the machine is shared, and wall time also counts the time the process
 * waited for a core (at a load of 5–10 on 2 cores one round's ratio swung 0.08–1.6 by wall time).
 */
const seconds = (f: () => unknown) => {
  const t0 = process.cpuUsage();
  f();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1e6;
};

/**
 * The simulator's own prefill and mixed calls, recorded once from a run (continuous batching for prefill passes,
 * chunked prefill for mixed passes; 3,000 requests at 5/s, ideal step times) and replayed through both paths.
 */
function recordServingCalls(s: (typeof scenarios)[number], input: TrafficClass["input"], scheduler: "continuous" | "chunked"): { prefill: Float64Array; mixed: Float64Array } {
  const prefill: number[] = [];
  const mixed: number[] = [];
  const recording = (o: Parameters<typeof idealStepTimes>[0]): StepTimeModel => {
    const steps = idealStepTimes(o);
    return {
      ...steps,
      prefill: (a, b, c) => (prefill.push(a, b, c), steps.prefill(a, b, c)),
      mixed: (a, b, c, d, e) => (mixed.push(a, b, c, d, e), steps.mixed(a, b, c, d, e)),
    };
  };
  const cls: TrafficClass = { name: "bench", share: 1, input, output: { kind: "fixed", tokens: 300 }, prefixHitFraction: 0, sloTtftSeconds: 2, sloTpotSeconds: 0.05, percentile: 99 };
  analyzeServing({ model: getModel(s.model), hardware: getHardware(s.hardware), chips: 8, scheduler, stepTimes: recording, workload: { classes: [cls], arrivals: { kind: "poisson", ratePerSecond: 5 } }, requests: 3000 });
  return { prefill: Float64Array.from(prefill), mixed: Float64Array.from(mixed) };
}
type Replay = (steps: StepTimeModel, args: Float64Array, reps: number) => number;
const makePrefillReplay = (tag: string) =>
  new Function("steps", "args", "reps", `// ${tag}\nlet sink = 0; for (let r = 0; r < reps; r++) for (let i = 0; i < args.length; i += 3) sink += steps.prefill(args[i], args[i + 1], args[i + 2]); return sink;`) as Replay;
const makeMixedReplay = (tag: string) =>
  new Function("steps", "args", "reps", `// ${tag}\nlet sink = 0; for (let r = 0; r < reps; r++) for (let i = 0; i < args.length; i += 5) sink += steps.mixed(args[i], args[i + 1], args[i + 2], args[i + 3], args[i + 4]); return sink;`) as Replay;
/** Replayed calls per timing (the recorded run repeated). */
const REPLAY_CALLS = 1_000_000;

function measure(s: (typeof scenarios)[number]) {
  const setup = prepareRoofline({ model: getModel(s.model), hardware: getHardware(s.hardware), chips: 8, batch: 1, contextTokens: 0 });
  const fixedPrompts = recordServingCalls(s, { kind: "fixed", tokens: 1000 }, "continuous").prefill;
  const spreadPrompts = recordServingCalls(s, { kind: "uniform", min: 100, max: 4000 }, "continuous").prefill;
  const chunked = recordServingCalls(s, { kind: "uniform", min: 100, max: 4000 }, "chunked").mixed;
  const paths = MODES.map((mode) => {
    const sweep = stepGrid(setup, ["batch", "chips", "contextTokens"], stepSecondsOutput(mode));
    const sweepBatchInnermost = stepGrid(setup, ["contextTokens", "chips", "batch"], stepSecondsOutput(mode));
    const kernel = setup.kernel(["batch", "contextTokens", "chips"], [stepSecondsOutput(mode)]);
    const steps = (mode === "ideal" ? idealStepTimes : expectedStepTimes)({ model: getModel(s.model), hardware: getHardware(s.hardware), chips: 8 });
    const stepsLoop = makeStepsLoop(`${mode} servingDecodeSteps`);
    const prefillFixed = makePrefillReplay(`${mode} servingPrefillStepsFixedPrompts`);
    const prefillSpread = makePrefillReplay(`${mode} servingPrefillStepsSpreadPrompts`);
    const mixedChunked = makeMixedReplay(`${mode} servingMixedStepsChunked`);
    const loop = makeLoop(`${mode} perPoint`);
    const distinctLoop = makeLoop(`${mode} perPointDistinctBatches`);
    const out = new Float64Array(points);
    const reps = (args: Float64Array, width: number) => Math.max(1, Math.round((REPLAY_CALLS * width) / Math.max(width, args.length)));
    // Each case: evaluations done by one timing, and the timing (its result consumed through the checksum).
    const cases: Record<Case, { evaluations: number; run: () => number }> = {
      servingDecodeSteps: { evaluations: CALLS, run: () => stepsLoop(steps, CALLS) },
      servingPrefillStepsFixedPrompts: { evaluations: (reps(fixedPrompts, 3) * fixedPrompts.length) / 3, run: () => prefillFixed(steps, fixedPrompts, reps(fixedPrompts, 3)) },
      servingPrefillStepsSpreadPrompts: { evaluations: (reps(spreadPrompts, 3) * spreadPrompts.length) / 3, run: () => prefillSpread(steps, spreadPrompts, reps(spreadPrompts, 3)) },
      servingMixedStepsChunked: { evaluations: (reps(chunked, 5) * chunked.length) / 5, run: () => mixedChunked(steps, chunked, reps(chunked, 5)) },
      curve: { evaluations: CURVE_REPEATS * curveBatches.length, run: () => {
        let sum = 0;
        for (let c = 0; c < CURVE_REPEATS; c++) sum += curve(setup, "batch", curveBatches, mode).reduce((a, q) => a + q.stepSeconds, 0);
        return sum;
      } },
      grid: { evaluations: GRID_REPEATS * points, run: () => {
        let n = 0;
        for (let g = 0; g < GRID_REPEATS; g++) n += sweep([batches, chips, contexts], out);
        return n + (out[points - 1] as number);
      } },
      gridBatchInnermost: { evaluations: GRID_REPEATS * points, run: () => {
        let n = 0;
        for (let g = 0; g < GRID_REPEATS; g++) n += sweepBatchInnermost([contexts, chips, batches], out);
        return n + (out[points - 1] as number);
      } },
      perPoint: { evaluations: CALLS, run: () => loop(kernel, chips, CALLS, 500) },
      perPointDistinctBatches: { evaluations: CALLS, run: () => distinctLoop(kernel, chips, CALLS, 100_000) },
    };
    // Warm-up: each path's code optimised before the first timed round.
    let checksum = curve(setup, "batch", curveBatches.slice(0, 2000), mode).length + stepsLoop(steps, 200_000);
    checksum += prefillFixed(steps, fixedPrompts, 20) + prefillSpread(steps, spreadPrompts, 20) + mixedChunked(steps, chunked, 20);
    for (let i = 0; i < 10; i++) sweep([batches.subarray(0, 5), chips, contexts], out);
    for (let i = 0; i < 10; i++) sweepBatchInnermost([contexts.subarray(0, 5), chips, batches], out);
    checksum += loop(kernel, chips, 200_000, 500) + distinctLoop(kernel, chips, 200_000, 100_000);
    return { mode, cases, rates: Object.fromEntries(CASES.map((k) => [k, [] as number[]])) as Record<Case, number[]>, checksum };
  });
  const ratios = Object.fromEntries(CASES.map((k) => [k, [] as number[]])) as Record<Case, number[]>;
  for (let r = 0; r < ROUNDS; r++) {
    for (const p of paths)
      for (const k of CASES) {
        const c = p.cases[k];
        p.rates[k].push(c.evaluations / seconds(() => (p.checksum += c.run())));
      }
    const [ideal, expected] = paths as [(typeof paths)[number], (typeof paths)[number]];
    for (const k of CASES) ratios[k].push((expected.rates[k][r] as number) / (ideal.rates[k][r] as number));
  }
  const rates = (p: (typeof paths)[number]) => Object.fromEntries(CASES.map((k) => [k, Math.round(median(p.rates[k]))])) as Record<Case, number>;
  return {
    ideal: rates(paths[0] as (typeof paths)[number]),
    expected: rates(paths[1] as (typeof paths)[number]),
    ratio: Object.fromEntries(CASES.map((k) => [k, median(ratios[k])])) as Record<Case, number>,
    ratioRange: Object.fromEntries(CASES.map((k) => [k, [Number(Math.min(...ratios[k]).toFixed(3)), Number(Math.max(...ratios[k]).toFixed(3))]])) as Record<Case, number[]>,
    replayedCalls: { servingPrefillStepsFixedPrompts: fixedPrompts.length / 3, servingPrefillStepsSpreadPrompts: spreadPrompts.length / 3, servingMixedStepsChunked: chunked.length / 5 },
    checksumFinite: paths.every((p) => Number.isFinite(p.checksum)),
  };
}

const arg = process.argv[2];
if (arg !== undefined) {
  console.log(JSON.stringify(measure(scenarios[Number(arg)] as (typeof scenarios)[number])));
  process.exit(0);
}
const load = (): number[] => loadavg().map((x) => Number(x.toFixed(2)));
const loadBefore = load();
// Each scenario in its own process (a fresh engine: one scenario's kernels do not affect another's).
const run = (a: string) => JSON.parse(spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), a], { encoding: "utf8" }).stdout) as ReturnType<typeof measure>;
const sweeps = scenarios.map((s, i) => {
  const m = run(String(i));
  const pick = <K extends string, T>(keys: readonly K[], o: Readonly<Record<K, T>>) => Object.fromEntries(keys.map((k) => [k, o[k]])) as Record<K, T>;
  const ratios = (keys: readonly (keyof typeof m.ratio)[]) => Object.fromEntries(keys.map((k) => [k, Number(m.ratio[k].toFixed(3))])) as Record<keyof typeof m.ratio, number>;
  return {
    scenario: s.name,
    points,
    rounds: ROUNDS,
    idealEvaluationsPerSecond: pick(SWEEPS, m.ideal),
    expectedEvaluationsPerSecond: pick(SWEEPS, m.expected),
    expectedOverIdealSpeed: ratios(SWEEPS),
    expectedOverIdealSpeedRange: pick(SWEEPS, m.ratioRange),
    replayedSimulatorCalls: m.replayedCalls,
    randomAccess: {
      note: RANDOM_ACCESS_NOTE,
      idealEvaluationsPerSecond: pick(RANDOM_ACCESS, m.ideal),
      expectedEvaluationsPerSecond: pick(RANDOM_ACCESS, m.expected),
      expectedOverIdealSpeed: ratios(RANDOM_ACCESS),
      expectedOverIdealSpeedRange: pick(RANDOM_ACCESS, m.ratioRange),
    },
    checksumFinite: m.checksumFinite,
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
      node: process.version,
      loadAverage: { before: loadBefore, after: load() },
      sweeps,
      validation: { rows: v.predictions.length, seconds: Number(validateSeconds.toFixed(3)), withLeaveOneSourceOutSeconds: Number(losoSeconds.toFixed(3)) },
      // Issue 11: sweeps and the serving simulation's calls (here) and the layout search (bench/layout-search.ts) with
      // the expected path at least half as fast as the ideal; the cases below half are listed.
      targetExpectedAtLeastHalfAsFast: sweeps.every((s) => Object.values(s.expectedOverIdealSpeed).every((r) => r >= 0.5)),
      belowHalf: sweeps.flatMap((s) => Object.entries(s.expectedOverIdealSpeed).filter(([, r]) => r < 0.5).map(([k, r]) => `${s.scenario}: ${k} ${r}`)),
    },
    null,
    2,
  ),
);
