/**
 * Serving a workload on a model and system: the closed-form steady state (every number derived) and
 * the discrete-event simulation (percentiles, goodput per class, batch and queue over time), side by
 * side; the lecture's train reproduced and reconciled; and the searches (max load under SLOs, the
 * throughput–interactivity frontier, capacity for a target rate).
 */
import { RooflineError, type Warning } from "../errors.ts";
import type { Derivation } from "../formula/derivation.ts";
import { copyDerivation, withNotes } from "../formula/derivation.ts";
import { constant, derived, withOrigin, type Quantity } from "../formula/formula.ts";
import { formatQuantity, formatSeconds, formatSignificant } from "../format.ts";
import * as RF from "../roofline/formulas.ts";
import { named, type RooflineOptions } from "../roofline/step.ts";
import { bisectLog, solvedDerivation } from "../roofline/sweep.ts";
import { solveOptimalBatch } from "../roofline/batch.ts";
import { lectureAt } from "../sources.ts";
import { LIMITS } from "../validate.ts";
import * as SF from "./formulas.ts";
import { simulatedDerivation, type SimulationMethod } from "./simulated.ts";
import { SimulationCancelled, simulate, type Admission, type Preemption, type Scheduler, type SimulationRun } from "./simulate.ts";
import { explainDecodeStep, explainPrefill, idealStepTimes, serverMemory, stepNodeOf, type ServerMemory, type StepTimeModel } from "./steptime.ts";
import { generateRequests, maxLength, meanLength, type LengthDistribution, type RequestSet, type TrafficClass, type Workload } from "./workload.ts";

export interface ServeOptions extends RooflineOptions {
  /** Classes and arrivals; or a trace (then `trace` holds the requests and classes give SLOs by name). */
  workload: Workload;
  trace?: RequestSet;
  scheduler?: Scheduler;
  admission?: Admission;
  preemption?: Preemption;
  /** Most sequences decoding at once (default: as many as memory admits). */
  maxBatch?: number;
  /** Chunked prefill: tokens per step (default 2,048). Others: most prompt tokens per prefill pass (default 16,384). */
  chunkTokens?: number;
  /** Disaggregated: chips of the prefill pool (the rest of `chips` decode). Default half. */
  prefillChips?: number;
  /** Requests to simulate (default 20,000). */
  requests?: number;
  seed?: number;
  /** Share of requests (by arrival) left out of statistics, [0, 0.9]. Default 0.1. */
  warmupFraction?: number;
  /** Step times for a chip count: default the ideal roofline (roofline/step.ts). */
  stepTimes?: (options: RooflineOptions) => StepTimeModel;
  onProgress?: (doneRequests: number, totalRequests: number) => boolean | void;
  /** How the SLO inputs are named in messages (the CLI's flags by default). */
  sloNames?: { ttft: string; tpot: string };
}

export interface LatencyStats {
  mean: number;
  p50: number;
  p90: number;
  p99: number;
}

export interface ClassResult {
  name: string;
  requests: number;
  percentile: number;
  sloTtftSeconds: number | null;
  sloTpotSeconds: number | null;
  ttftSeconds: LatencyStats;
  tpotSeconds: LatencyStats;
  e2eSeconds: LatencyStats;
  /** The SLO percentile of TTFT and TPOT (what the SLO is judged on). */
  ttftAtPercentile: number;
  tpotAtPercentile: number;
  /** Requests meeting every SLO of the class, per second. */
  goodputRequestsPerSecond: number;
  /** Share of the class's requests that met every SLO. */
  attainment: number;
  /** Whether the class's SLO percentiles are met. */
  meetsSlo: boolean;
  /** The latency distributions: TTFT and TPOT at each of QUANTILE_POINTS (percent). */
  quantiles: { p: readonly number[]; ttft: number[]; tpot: number[] };
}

/** Percentiles at which each class's latency distribution is sampled (for CDF charts). */
export const QUANTILE_POINTS: readonly number[] = [0, 1, 2, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 98, 99, 99.5, 99.9, 100];

export interface ClosedForm {
  applies: boolean;
  /** Why the closed form does not apply (or what it approximates). */
  note: string;
  prefillSeconds: number;
  maxBatch: number;
  maxRatePerSecond: number;
  /** At the given rate; null past λ_max (the queue grows without bound). */
  meanBatch: number | null;
  decodeStepSeconds: number | null;
  tpotSeconds: number | null;
  ttftSeconds: number | null;
  e2eSeconds: number | null;
  outputTokensPerSecond: number | null;
  inputTokensPerSecond: number | null;
}

export interface LectureTrain {
  /** The train at the optimal batch (compute time = memory time). */
  optimal: { batch: number; periodSeconds: number; worstCaseWaitSeconds: number } | null;
  /** The train at the batch that fills HBM: its period is (about) the HBM drain time. */
  full: { batch: number; periodSeconds: number; worstCaseWaitSeconds: number; drainSeconds: number } | null;
  /** Requests per second that keep the full train's seats filled for this workload's output length. */
  fillRatePerSecond: number | null;
  /** Tokens per second of one replica with the full train. */
  tokensPerSecond: number | null;
  /** Replicas (data parallel) multiply streams, not speed: per-user speed at 1 and at `replicas`. */
  dataParallel: { replicas: number; tokensPerSecond: number; perUserTokensPerSecond: number } | null;
}

export interface ServeResult {
  model: { id: string; name: string };
  hardware: { id: string; name: string };
  chips: number;
  scheduler: Scheduler;
  admission: Admission;
  stepTimes: string;
  arrivals: string;
  requestsPerSecond: number;
  outputTokensPerSecond: number;
  outputTokensPerSecondPerChip: number;
  inputTokensPerSecond: number;
  ttftSeconds: LatencyStats;
  tpotSeconds: LatencyStats;
  e2eSeconds: LatencyStats;
  goodputRequestsPerSecond: { total: number; perClass: Record<string, number> };
  usdPerMillionOutputTokens: number | null;
  usdPerMillionInputTokens: number | null;
  meanBatch: number;
  /** Mean decode step (the train's period) over the run. */
  trainPeriodSeconds: number;
  meanQueue: number;
  /** Time-average requests in the system, and rate × mean end-to-end time (Little's law). */
  little: { meanInSystem: number; rateTimesE2e: number };
  utilisation: number;
  preemptions: number;
  classes: ClassResult[];
  closedForm: ClosedForm;
  lecture: LectureTrain;
  simulation: SimulationMethod & { simulatedSeconds: number; steps: number; decodeSteps: number; prefillPasses: number };
  series: { t: number[]; batch: number[]; queue: number[] };
  /** Up to 40 measured requests: arrival, prefill start, first token, finish (seconds). */
  timeline: { requests: { id: number; cls: string; arrival: number; start: number; firstToken: number; finish: number }[]; steps: { start: number; duration: number; decode: number; prefill: number }[] };
  derivations: Record<string, Derivation>;
  warnings: Warning[];
}

export const DEFAULT_REQUESTS = 20_000;
export const DEFAULT_SEED = 1;
export const DEFAULT_CHUNK_TOKENS = 2048;
export const DEFAULT_PREFILL_CAP_TOKENS = 16_384;
const CI_BATCHES = 20;

// ---- Set-up ------------------------------------------------------------------------------------------

interface Prepared {
  o: ServeOptions;
  scheduler: Scheduler;
  admission: Admission;
  preemption: Preemption;
  steps: StepTimeModel;
  prefillSteps: StepTimeModel | undefined;
  memory: ServerMemory;
  chips: number;
  decodeChips: number;
  prefillChips: number;
  maxBatch: number;
  chunkTokens: number;
  swapSecondsPerToken: number;
  kvTransferSecondsPerToken: number;
  meanInput: number;
  meanOutput: number;
  meanCached: number;
  warnings: Warning[];
}

function chipsOf(o: RooflineOptions): number {
  const c = o.chips;
  return c === undefined ? 1 : typeof c === "number" ? c : c.value;
}

function workloadMeans(o: ServeOptions): { input: number; output: number; cached: number } {
  if (o.trace) {
    const t = o.trace;
    let i = 0;
    let out = 0;
    let c = 0;
    for (let k = 0; k < t.count; k++) {
      i += t.inputTokens[k] as number;
      out += t.outputTokens[k] as number;
      c += t.cachedTokens[k] as number;
    }
    return { input: i / t.count, output: out / t.count, cached: c / t.count };
  }
  const cls = o.workload.classes;
  const total = cls.reduce((a, c) => a + c.share, 0);
  let i = 0;
  let out = 0;
  let c = 0;
  for (const k of cls) {
    const w = k.share / total;
    const mi = meanLength(k.input);
    i += w * mi;
    out += w * meanLength(k.output);
    c += w * Math.floor(k.prefixHitFraction * mi);
  }
  return { input: i, output: out, cached: c };
}

export function prepareServing(o: ServeOptions): Prepared {
  const scheduler = o.scheduler ?? "continuous";
  const admission = o.admission ?? "reserve";
  const preemption = o.preemption ?? "recompute";
  const warnings: Warning[] = [];
  const chips = chipsOf(o);
  const make = o.stepTimes ?? idealStepTimes;
  let decodeChips = chips;
  let prefillChips = 0;
  let prefillSteps: StepTimeModel | undefined;
  if (scheduler === "disaggregated") {
    prefillChips = o.prefillChips ?? Math.max(1, Math.floor(chips / 2));
    if (!Number.isInteger(prefillChips) || prefillChips < 1 || prefillChips >= chips) {
      throw new RooflineError({ code: "out-of-range", field: named(o, "prefillChips"), input: "prefillChips", value: String(prefillChips), expected: `a whole number of chips from 1 to ${chips - 1} (the rest of the ${chips} chips decode)` });
    }
    decodeChips = chips - prefillChips;
    prefillSteps = make({ ...o, chips: { value: prefillChips, origin: { kind: "user", name: "prefill pool chips" } } });
  }
  const steps = make(scheduler === "disaggregated" ? { ...o, chips: { value: decodeChips, origin: { kind: "user", name: "decode pool chips" } } } : o);
  const means = workloadMeans(o);
  const memory = serverMemory(steps, means.input + means.output);
  if (memory.kvBudgetTokens <= 0) {
    throw new RooflineError({
      code: "does-not-fit",
      field: o.names?.chips ?? "chips",
      value: String(decodeChips),
      expected: `enough HBM for the weights (${formatQuantity(memory.weightBytes, "B")}) and some KV cache; ${decodeChips} chip(s) hold ${formatQuantity(memory.capacityBytes, "B")}`,
      input: "chips",
      fixes: [{ kind: "give", input: "chips", what: "more chips" }, { kind: "choose", input: "weightPrecision", values: ["fp8"] }],
    });
  }
  if (prefillSteps) {
    const pm = serverMemory(prefillSteps, means.input);
    if (pm.kvBudgetTokens <= 0) {
      throw new RooflineError({ code: "does-not-fit", field: named(o, "prefillChips"), input: "prefillChips", value: String(prefillChips), expected: `enough HBM for the weights (${formatQuantity(pm.weightBytes, "B")}) in the prefill pool`, fixes: [{ kind: "give", input: "prefillChips", what: "more chips in the prefill pool" }] });
    }
  }
  const maxBatch = Math.min(o.maxBatch ?? LIMITS.maxBatch, LIMITS.maxBatch);
  const chunkTokens = o.chunkTokens ?? (scheduler === "chunked" ? DEFAULT_CHUNK_TOKENS : DEFAULT_PREFILL_CAP_TOKENS);
  const hw = o.hardware;
  const host = hw.hostLinkBytesPerSecond.value;
  const net = hw.scaleOutBytesPerSecondPerChip.value;
  let swapSecondsPerToken = 0;
  if (admission === "paged" && preemption === "swap") {
    if (host === null) throw new RooflineError({ code: "missing-value", field: named(o, "preemption"), input: "preemption", value: hw.id, expected: "a host-link bandwidth in the catalog for this chip, to swap KV to host memory", fixes: [{ kind: "choose", input: "preemption", values: ["recompute"] }] });
    swapSecondsPerToken = memory.kvBytesPerToken / (host * decodeChips);
  }
  let kvTransferSecondsPerToken = 0;
  if (scheduler === "disaggregated") {
    if (net === null) throw new RooflineError({ code: "missing-value", field: named(o, "scheduler"), input: "scheduler", value: hw.id, expected: "a scale-out NIC bandwidth in the catalog for this chip, to hand the KV from the prefill pool to the decode pool", fixes: [{ kind: "choose", input: "scheduler", values: ["continuous", "chunked"] }] });
    kvTransferSecondsPerToken = SF.kvTransferSeconds.fn(1, memory.kvBytesPerToken, prefillChips, net);
  }
  // Every request must fit alone, or the server could never admit it.
  const longest = o.trace ? maxOfTrace(o.trace) : Math.max(...o.workload.classes.map((c) => maxLength(c.input) + maxLength(c.output)));
  const need = admission === "reserve" ? longest : longest;
  if (need > memory.kvBudgetTokens) {
    throw new RooflineError({
      code: "does-not-fit",
      field: named(o, o.trace ? "trace" : "inputTokens"),
      input: o.trace ? "trace" : "inputTokens",
      value: `${longest} tokens`,
      expected: `sequences of at most ${memory.kvBudgetTokens} tokens: the KV that fits beside the weights on ${decodeChips} chip(s)`,
      hint: "Shorten the sequences, or make room for their KV.",
      fixes: [{ kind: "give", input: "chips", what: "more chips" }, { kind: "choose", input: "kvPrecision", values: ["fp8"] }],
    });
  }
  return {
    o,
    scheduler,
    admission,
    preemption,
    steps,
    prefillSteps,
    memory,
    chips,
    decodeChips,
    prefillChips,
    maxBatch,
    chunkTokens,
    swapSecondsPerToken,
    kvTransferSecondsPerToken,
    meanInput: means.input,
    meanOutput: means.output,
    meanCached: means.cached,
    warnings: [...steps.decodeSetup.warnings, ...warnings],
  };
}

function maxOfTrace(t: RequestSet): number {
  let m = 0;
  for (let k = 0; k < t.count; k++) m = Math.max(m, (t.inputTokens[k] as number) + (t.outputTokens[k] as number));
  return m;
}

// ---- Statistics --------------------------------------------------------------------------------------

function percentileSorted(sorted: Float64Array, n: number, p: number): number {
  if (n === 0) return 0;
  const rank = Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1));
  return sorted[rank] as number;
}

function stats(values: Float64Array, n: number): LatencyStats {
  if (n === 0) return { mean: 0, p50: 0, p90: 0, p99: 0 };
  const s = values.subarray(0, n).sort();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += s[i] as number;
  return { mean: sum / n, p50: percentileSorted(s, n, 50), p90: percentileSorted(s, n, 90), p99: percentileSorted(s, n, 99) };
}

/** 95% confidence half-width of a mean by batch means (CI_BATCHES consecutive batches, Student t). */
function batchMeansHalfWidth(values: Float64Array, n: number): number {
  const b = CI_BATCHES;
  if (n < b * 2) return NaN;
  const size = Math.floor(n / b);
  const means: number[] = [];
  for (let k = 0; k < b; k++) {
    let s = 0;
    for (let i = k * size; i < (k + 1) * size; i++) s += values[i] as number;
    means.push(s / size);
  }
  const m = means.reduce((a, x) => a + x, 0) / b;
  const v = means.reduce((a, x) => a + (x - m) ** 2, 0) / (b - 1);
  const t19 = 2.093; // Student t, 19 degrees of freedom, two-sided 95%
  return (t19 * Math.sqrt(v)) / Math.sqrt(b);
}

// ---- The simulation, summarised ----------------------------------------------------------------------

interface Summary {
  run: SimulationRun;
  req: RequestSet;
  warm: number;
  measured: number;
  windowSeconds: number;
  requestsPerSecond: number;
  outputTokensPerSecond: number;
  inputTokensPerSecond: number;
  ttft: LatencyStats;
  tpot: LatencyStats;
  e2e: LatencyStats;
  e2eHalfWidth: number;
  ttftHalfWidth: number;
  tpotHalfWidth: number;
  classes: ClassResult[];
  goodput: number;
  meanBatch: number;
  meanQueue: number;
  trainPeriod: number;
  utilisation: number;
  little: { meanInSystem: number; rateTimesE2e: number };
}

function summarise(p: Prepared, req: RequestSet, run: SimulationRun, warm: number, classes: TrafficClass[]): Summary {
  const n = req.count;
  const arr = run.arrivalSeconds;
  const m = n - warm;
  const ttft = new Float64Array(m);
  const tpot = new Float64Array(m);
  const e2e = new Float64Array(m);
  let nTpot = 0;
  let outTokens = 0;
  let inTokens = 0;
  let lastFinish = 0;
  const cls = classes.map(() => ({ ttft: new Float64Array(m), tpot: new Float64Array(m), e2e: new Float64Array(m), n: 0, nt: 0, good: 0 }));
  for (let i = warm; i < n; i++) {
    const a = arr[i] as number;
    const f = run.finishSeconds[i] as number;
    const ft = run.firstTokenSeconds[i] as number;
    const j = i - warm;
    ttft[j] = ft - a;
    e2e[j] = f - a;
    const o = req.outputTokens[i] as number;
    const tp = o > 1 ? (f - ft) / (o - 1) : 0;
    if (o > 1) tpot[nTpot++] = tp;
    outTokens += o;
    inTokens += req.inputTokens[i] as number;
    if (f > lastFinish) lastFinish = f;
    const c = cls[req.classIndex[i] as number];
    const spec = classes[req.classIndex[i] as number];
    if (c && spec) {
      c.ttft[c.n] = ft - a;
      c.e2e[c.n] = f - a;
      c.n++;
      if (o > 1) c.tpot[c.nt++] = tp;
      const okT = spec.sloTtftSeconds === null || ft - a <= spec.sloTtftSeconds;
      const okP = spec.sloTpotSeconds === null || o <= 1 || tp <= spec.sloTpotSeconds;
      if (okT && okP) c.good++;
    }
  }
  // Throughput over the steady window (the first measured arrival to the last arrival): what the
  // server sustains while requests keep coming, not diluted by filling up or draining at the end.
  const st = run.steady;
  const span0 = st.end - st.start;
  let doneInWindow = 0;
  let inputInWindow = 0;
  let lastFinish2 = 0;
  for (let i = 0; i < n; i++) {
    const f = run.finishSeconds[i] as number;
    if (f > lastFinish2) lastFinish2 = f;
    if (f >= st.start && f <= st.end) doneInWindow++;
    const ft = run.firstTokenSeconds[i] as number;
    if (ft >= st.start && ft <= st.end) inputInWindow += req.inputTokens[i] as number;
  }
  const steady = span0 > 0 && doneInWindow >= 20;
  const windowSeconds = steady ? span0 : Math.max(lastFinish - (arr[warm] as number), 1e-12);
  const goodWindow = (i: number, spec: TrafficClass | undefined) => {
    if (!spec) return false;
    const f = run.finishSeconds[i] as number;
    if (steady && (f < st.start || f > st.end)) return false;
    if (!steady && i < warm) return false;
    const a = arr[i] as number;
    const ft = run.firstTokenSeconds[i] as number;
    const o = req.outputTokens[i] as number;
    const okT = spec.sloTtftSeconds === null || ft - a <= spec.sloTtftSeconds;
    const okP = spec.sloTpotSeconds === null || o <= 1 || (f - ft) / (o - 1) <= spec.sloTpotSeconds;
    return okT && okP;
  };
  const goodByClass = new Float64Array(classes.length);
  for (let i = 0; i < n; i++) {
    const k = req.classIndex[i] as number;
    if (goodWindow(i, classes[k])) goodByClass[k] = (goodByClass[k] as number) + 1;
  }
  void lastFinish2;
  const e2eHalf = batchMeansHalfWidth(e2e, m);
  const ttftHalf = batchMeansHalfWidth(ttft, m);
  const tpotHalf = batchMeansHalfWidth(tpot, nTpot);
  const classResults: ClassResult[] = classes.map((spec, ci) => {
    const c = cls[ci] as (typeof cls)[number];
    const tS = stats(c.ttft, c.n);
    const pS = stats(c.tpot, c.nt);
    const eS = stats(c.e2e, c.n);
    const tAt = percentileSorted(c.ttft.subarray(0, c.n), c.n, spec.percentile);
    const pAt = percentileSorted(c.tpot.subarray(0, c.nt), c.nt, spec.percentile);
    const meets = c.n > 0 && (spec.sloTtftSeconds === null || tAt <= spec.sloTtftSeconds) && (spec.sloTpotSeconds === null || c.nt === 0 || pAt <= spec.sloTpotSeconds);
    return {
      name: spec.name,
      requests: c.n,
      percentile: spec.percentile,
      sloTtftSeconds: spec.sloTtftSeconds,
      sloTpotSeconds: spec.sloTpotSeconds,
      ttftSeconds: tS,
      tpotSeconds: pS,
      e2eSeconds: eS,
      ttftAtPercentile: tAt,
      tpotAtPercentile: pAt,
      goodputRequestsPerSecond: (goodByClass[ci] as number) / windowSeconds,
      attainment: c.n > 0 ? c.good / c.n : 0,
      meetsSlo: meets,
      quantiles: {
        p: QUANTILE_POINTS,
        ttft: QUANTILE_POINTS.map((q) => (q === 0 ? (c.n > 0 ? (c.ttft[0] as number) : 0) : percentileSorted(c.ttft, c.n, q))),
        tpot: QUANTILE_POINTS.map((q) => (q === 0 ? (c.nt > 0 ? (c.tpot[0] as number) : 0) : percentileSorted(c.tpot, c.nt, q))),
      },
    };
  });
  const ttftS = stats(ttft, m);
  const tpotS = stats(tpot, nTpot);
  const e2eS = stats(e2e, m);
  const w = run.window;
  const span = w.end - w.start;
  let arrivedInWindow = 0;
  let e2eInWindow = 0;
  for (let i = 0; i < n; i++) {
    const a = arr[i] as number;
    if (a >= w.start && a <= w.end) {
      arrivedInWindow++;
      e2eInWindow += (run.finishSeconds[i] as number) - a;
    }
  }
  const closed = req.closedLoopConcurrency;
  const little =
    closed !== null
      ? { meanInSystem: closed, rateTimesE2e: span > 0 ? (arrivedInWindow / span) * (e2eInWindow / Math.max(1, arrivedInWindow)) : 0 }
      : { meanInSystem: span > 0 ? run.inSystemIntegral / span : 0, rateTimesE2e: span > 0 ? (arrivedInWindow / span) * (e2eInWindow / Math.max(1, arrivedInWindow)) : 0 };
  const total = run.endSeconds - (arr[0] as number);
  let queueArea = 0;
  for (let i = 0; i < run.series.length; i++) queueArea += run.series.queue[i] as number;
  return {
    run,
    req,
    warm,
    measured: m,
    windowSeconds,
    requestsPerSecond: steady ? doneInWindow / windowSeconds : m / windowSeconds,
    outputTokensPerSecond: steady ? (st.tokensAtEnd - st.tokensAtStart) / windowSeconds : outTokens / windowSeconds,
    inputTokensPerSecond: steady ? inputInWindow / windowSeconds : inTokens / windowSeconds,
    ttft: ttftS,
    tpot: tpotS,
    e2e: e2eS,
    e2eHalfWidth: e2eHalf,
    ttftHalfWidth: ttftHalf,
    tpotHalfWidth: tpotHalf,
    classes: classResults,
    goodput: classResults.reduce((a, c) => a + c.goodputRequestsPerSecond, 0),
    meanBatch: closed === null && span > 0 ? run.batchWindowIntegral / span : run.batchSecondsIntegral / Math.max(total, 1e-12),
    meanQueue: run.series.length > 0 ? queueArea / run.series.length : 0,
    trainPeriod: run.decodeSteps > 0 ? run.decodeSeconds / run.decodeSteps : 0,
    utilisation: total > 0 ? Math.min(1, run.busySeconds / total) : 0,
    little,
  };
}

function requestsFor(p: Prepared, count: number, seed: number, rateOverride?: number, concurrencyOverride?: number): RequestSet {
  if (p.o.trace) return p.o.trace;
  let arrivals = p.o.workload.arrivals;
  if (rateOverride !== undefined) arrivals = arrivals.kind === "gamma" ? { ...arrivals, ratePerSecond: rateOverride } : { kind: "poisson", ratePerSecond: rateOverride };
  if (concurrencyOverride !== undefined) arrivals = { kind: "closed", concurrency: concurrencyOverride };
  return generateRequests({ classes: p.o.workload.classes, arrivals }, count, seed);
}

function classesFor(p: Prepared): TrafficClass[] {
  if (!p.o.trace) return p.o.workload.classes;
  // A trace names its classes; SLOs come from classes of the same name (else the first class's SLOs).
  const given = p.o.workload.classes;
  return p.o.trace.classNames.map((name) => {
    const hit = given.find((c) => c.name === name) ?? given[0];
    return hit ? { ...hit, name } : { name, share: 1, input: { kind: "fixed", tokens: 1 }, output: { kind: "fixed", tokens: 1 }, prefixHitFraction: 0, sloTtftSeconds: null, sloTpotSeconds: null, percentile: 99 };
  });
}

function runSimulation(p: Prepared, req: RequestSet, warmupFraction: number, onProgress?: ServeOptions["onProgress"]): { run: SimulationRun; warm: number } {
  const warm = Math.min(req.count - 1, Math.floor(req.count * warmupFraction));
  const run = simulate(req, {
    scheduler: p.scheduler,
    steps: p.steps,
    ...(p.prefillSteps ? { prefillSteps: p.prefillSteps } : {}),
    maxBatch: p.maxBatch,
    kvBudgetTokens: p.memory.kvBudgetTokens,
    admission: p.admission,
    preemption: p.preemption,
    chunkTokens: p.chunkTokens,
    swapSecondsPerToken: p.swapSecondsPerToken,
    kvTransferSecondsPerToken: p.kvTransferSecondsPerToken,
    warmupRequests: warm,
    ...(onProgress ? { onProgress } : {}),
  });
  return { run, warm };
}

// ---- Closed form -------------------------------------------------------------------------------------

function closedForm(p: Prepared, rate: number | null, derivations: Record<string, Derivation>): ClosedForm {
  const I = p.meanInput;
  const O = p.meanOutput;
  const cachedTokens = p.meanCached;
  const fixed = !p.o.trace && p.o.workload.classes.every((c) => c.input.kind === "fixed" && c.output.kind === "fixed");
  const poisson = p.o.workload.arrivals.kind === "poisson" && !p.o.trace;
  const applies = fixed && poisson && p.scheduler === "continuous" && O > 1;
  const moe = p.o.model.moe !== null && p.o.model.moe !== undefined;
  const note = applies
    ? `continuous batching, Poisson arrivals, fixed lengths: the closed form is a steady-state approximation the simulation checks${moe ? " (for dense models within 10% on TPOT and batch at up to 40% of saturation; this MoE model's decode step grows unevenly with the batch — experts covered — and the closed form takes it at the mean batch, so at batches of a few sequences it can be off by ~20%: trust the simulation there)" : ""}`
    : `approximate here (${[!fixed ? "lengths vary: means used" : "", !poisson ? "arrivals not Poisson" : "", p.scheduler !== "continuous" ? `scheduler ${p.scheduler}: the closed form models continuous batching` : "", O <= 1 ? "a single output token" : ""].filter(Boolean).join("; ")})`;

  const prefillModel = p.prefillSteps ?? p.steps;
  const fresh = Math.max(1, I - cachedTokens);
  // A pass holds whole prompts: the mean pass at k̄ prompts lies between the passes of ⌊k̄⌋ and ⌊k̄⌋ + 1.
  const passOf = (k: number) => {
    const lo = Math.floor(k);
    return SF.meanPrefillPassSeconds.fn(k, prefillModel.prefill(lo, fresh, cachedTokens), prefillModel.prefill(lo + 1, fresh, cachedTokens));
  };
  const tp1 = explainPrefill(prefillModel, 1, fresh, cachedTokens, "one prompt, alone");
  const prefillD = copyDerivation(tp1[stepNodeOf(prefillModel)] as Derivation, { name: "prefillSeconds", title: "Prefill pass of one prompt, alone (T_p)" });
  derivations["prefillSeconds"] = prefillD;
  const maxFit = explainDecodeStep(p.steps, 1, Math.max(0, I + O - 1), "one sequence at its full length")["maxBatch"] as Derivation;
  const memMax = Math.max(0, Math.floor(maxFit.value));
  const bMax = Math.max(1, Math.min(memMax, p.maxBatch));
  const bMaxQ: Quantity = bMax < memMax ? withOrigin(bMax, { kind: "user", name: named(p.o, "maxBatch") }) : derived(copyDerivation(maxFit, { name: "maxBatch", title: "Most sequences that fit (KV for the whole sequence)" }));
  const ctx = I + O / 2;
  const tdMax = explainDecodeStep(p.steps, bMax, ctx, "the largest batch that fits")[stepNodeOf(p.steps)] as Derivation;
  const tdMaxQ = derived(copyDerivation(tdMax, { name: "decodeStepAtMaxBatch", title: "Decode step at the largest batch" }));
  const Oq = constant(O, fixed ? "output tokens per request" : "mean output tokens per request");
  const kMax = Math.max(1, Math.floor(p.chunkTokens / fresh));
  const kMaxQ = constant(kMax, `${p.chunkTokens} prompt tokens per pass at most (${named(p.o, "chunkTokens")}) ÷ ${formatSignificant(fresh, 4)} per prompt`);
  /** Prompts per pass, pass time, passes per decode step and TPOT at a rate and decode step (fixed point in k). */
  const stateAt = (rate: number, td: number) => {
    let k = 1;
    let tp = passOf(1);
    let r = SF.prefillPassesPerDecodeStep.fn(rate, td, tp);
    let tpot = SF.tpotAtLoad.fn(td, r, tp);
    for (let i = 0; i < 30; i++) {
      const k2 = SF.promptsPerPrefillPass.fn(rate, tpot, r, kMax);
      if (!Number.isFinite(k2) || Math.abs(k2 - k) <= 1e-9 * k) break;
      k = k2;
      tp = passOf(k);
      r = SF.prefillPassesPerDecodeStep.fn(rate, td, tp);
      tpot = SF.tpotAtLoad.fn(td, r, tp);
    }
    return { k, tp, r, tpot };
  };
  /** The derivations of that state. */
  /** The mean pass of k̄ whole prompts: between the passes of ⌊k̄⌋ and ⌊k̄⌋ + 1 (serving.meanPrefillPassSeconds). */
  const wholePass = (kQ: Quantity, why: string, name: string, title: string) => {
    const lo = Math.floor(kQ.value);
    const fewer = explainPrefill(prefillModel, lo, fresh, cachedTokens, `${why}: the whole number below k̄`)[stepNodeOf(prefillModel)] as Derivation;
    const more = explainPrefill(prefillModel, lo + 1, fresh, cachedTokens, `${why}: the whole number above k̄`)[stepNodeOf(prefillModel)] as Derivation;
    return SF.meanPrefillPassSeconds.explain(
      {
        meanPrompts: kQ,
        passSecondsFewer: derived(copyDerivation(fewer, { name: `${name}Fewer`, title: `Prefill pass of ${lo} prompt${lo === 1 ? "" : "s"}` })),
        passSecondsMore: derived(copyDerivation(more, { name: `${name}More`, title: `Prefill pass of ${lo + 1} prompts` })),
      },
      { name, title },
    );
  };
  const explainState = (rateQ: Quantity, tdQ: Quantity, k: number, why: string) => {
    const passD = wholePass(constant(k, `${why} (k̄, solved below)`), why, "prefillPassSeconds", "Mean prefill pass of the prompts waiting (T_p)");
    const r = SF.prefillPassesPerDecodeStep.explain({ ratePerSecond: rateQ, decodeStepSeconds: tdQ, prefillPassSeconds: derived(passD) });
    const tpot = SF.tpotAtLoad.explain({ decodeStepSeconds: tdQ, passesPerStep: derived(r), prefillPassSeconds: derived(passD) }, { name: "tpotSeconds" });
    const kD = SF.promptsPerPrefillPass.explain({ ratePerSecond: rateQ, tpotSeconds: derived(tpot), passesPerStep: derived(r), maxPrompts: kMaxQ }, { notes: ["T_p depends on k and k on T_p: solved by fixed-point iteration."] });
    return { passD, r, tpot, kD };
  };
  // λ_max: past it every seat is taken and requests queue, so requests are admitted as seats free: per decode step
  // B_max/(O − 1) finish and as many board, k̄_sat to a prefill pass. TPOT at saturation, then Little's law at B_max.
  const admitted = SF.admissionsPerStepAtSaturation.explain({ maxBatch: bMaxQ, outputTokens: Oq }, { name: "admissionsPerStepAtSaturation" });
  const kSat = SF.promptsPerPassAtSaturation.explain({ admissionsPerStep: derived(admitted), maxPrompts: kMaxQ }, { name: "promptsPerPassAtSaturation" });
  const rSat = SF.passesPerStepAtSaturation.explain({ admissionsPerStep: derived(admitted), promptsPerPass: derived(kSat) }, { name: "passesPerStepAtSaturation" });
  const passSat = wholePass(derived(kSat), "the prompts admitted per pass at saturation", "prefillPassAtSaturation", "Mean prefill pass at saturation");
  const tpotSat = SF.tpotAtLoad.explain({ decodeStepSeconds: tdMaxQ, passesPerStep: derived(rSat), prefillPassSeconds: derived(passSat) }, { name: "tpotAtMaxRate", title: "TPOT at saturation (every seat taken)" });
  const lambdaMax = SF.rateAtBatch.explain({ maxBatch: bMaxQ, outputTokens: Oq, tpotSeconds: derived(tpotSat) }, { name: "maxRatePerSecond" });
  derivations["maxRatePerSecond"] = lambdaMax;
  const out: ClosedForm = {
    applies,
    note,
    prefillSeconds: prefillD.value,
    maxBatch: bMax,
    maxRatePerSecond: O > 1 ? lambdaMax.value : 0,
    meanBatch: null,
    decodeStepSeconds: null,
    tpotSeconds: null,
    ttftSeconds: null,
    e2eSeconds: null,
    outputTokensPerSecond: null,
    inputTokensPerSecond: null,
  };
  if (rate === null || !(rate < lambdaMax.value) || O <= 1) return out;
  // Solve B = λ·(O−1)·TPOT(B) on the compiled kernels. A sequence decodes beside the B others in
  // flight (Poisson arrivals see time averages), so its step is at batch 1 + B.
  const g = (b: number) => b - rate * (O - 1) * stateAt(rate, p.steps.decode(Math.min(1 + b, bMax), ctx)).tpot;
  const B = bisectLog(g, 1e-9, bMax) ?? bMax;
  const rateQ = withOrigin(rate, { kind: "user", name: named(p.o, "arrivalRate") });
  const seen = Math.min(1 + B, bMax);
  const td = explainDecodeStep(p.steps, seen, ctx, "a sequence beside the B others in flight (1 + B)")[stepNodeOf(p.steps)] as Derivation;
  const tdQ = derived(copyDerivation(td, { name: "decodeStepSeconds", title: "Decode step at the steady-state batch, 1 + B (T_d)" }));
  const st = stateAt(rate, td.value);
  const e = explainState(rateQ, tdQ, st.k, "the prompts waiting per pass");
  derivations["promptsPerPrefillPass"] = e.kD;
  derivations["prefillPassSeconds"] = e.passD;
  derivations["prefillPassesPerDecodeStep"] = e.r;
  const tpot = e.tpot;
  const rho = SF.prefillUtilisation.explain({ passesPerStep: derived(e.r), prefillPassSeconds: derived(e.passD), tpotSeconds: derived(tpot) });
  const wd = SF.decodeResidenceSeconds.explain({ outputTokens: Oq, tpotSeconds: derived(tpot) });
  const little = SF.littleConcurrency.explain({ ratePerSecond: rateQ, residenceSeconds: derived(wd) }, { name: "littleConcurrency" });
  derivations["meanBatch"] = solvedDerivation({
    formulaId: "serving.meanBatch",
    name: "meanBatch",
    title: "Mean decode batch at this rate",
    description: "The batch B at which Little's law holds for the decode stage: B = λ·(O−1)·TPOT, where TPOT = T_d(1 + B) + r·T_p.",
    symbol: "B",
    unit: "sequence",
    equation: { text: "B solves B = λ·(O−1)·(T_d(1 + B) + r·T_p)", latex: "B = \\lambda (O-1) \\left(T_d(1+B) + r\\,T_p\\right)" },
    value: B,
    sides: [{ label: "Little's law: rate × time decoding", derivation: little }],
    sources: [lectureAt("26:31", "tokens per second is going to be equal to the batch size … every T")],
  });
  const busy = SF.busyProbability.explain({ meanBatch: constant(B, "the steady-state batch") });
  const ttft = SF.meanTtft.explain({ busyProbability: derived(busy), decodeStepSeconds: tdQ, passesPerStep: derived(e.r), prefillSeconds: derived(e.passD), tpotSeconds: derived(tpot) }, { name: "ttftSeconds" });
  const e2e = SF.meanE2e.explain({ ttftSeconds: derived(ttft), outputTokens: Oq, tpotSeconds: derived(tpot) }, { name: "e2eSeconds" });
  const outTok = SF.tokensAtRate.explain({ ratePerSecond: rateQ, tokensPerRequest: Oq }, { name: "outputTokensPerSecond", title: "Output tokens per second" });
  const inTok = SF.tokensAtRate.explain({ ratePerSecond: rateQ, tokensPerRequest: constant(I, "input tokens per request") }, { name: "inputTokensPerSecond", title: "Input tokens per second" });
  Object.assign(derivations, { decodeStepSeconds: tdQ.derivation, prefillUtilisation: rho, tpotSeconds: tpot, ttftSeconds: ttft, e2eSeconds: e2e, outputTokensPerSecond: outTok, inputTokensPerSecond: inTok });
  const price = p.steps.decodeSetup.params["usdPerChipHour"];
  if (price && p.scheduler !== "disaggregated") {
    const chipsQ = p.steps.decodeSetup.params["chips"] as Quantity;
    derivations["usdPerMillionOutputTokens"] = SF.usdPerMillionPhaseTokens.explain(
      { chips: chipsQ, usdPerChipHour: price, timeShare: constant(1 - rho.value, "the share of time not in prefill"), tokensPerSecond: derived(outTok) },
      { name: "usdPerMillionOutputTokens", title: "Cost per million output tokens" },
    );
    derivations["usdPerMillionInputTokens"] = SF.usdPerMillionPhaseTokens.explain(
      { chips: chipsQ, usdPerChipHour: price, timeShare: derived(rho), tokensPerSecond: derived(inTok) },
      { name: "usdPerMillionInputTokens", title: "Cost per million input tokens" },
    );
  }
  return { ...out, meanBatch: B, decodeStepSeconds: td.value, tpotSeconds: tpot.value, ttftSeconds: ttft.value, e2eSeconds: e2e.value, outputTokensPerSecond: outTok.value, inputTokensPerSecond: inTok.value };
}

/** The closed form alone (no simulation): saturation rate, largest batch and, at a rate, the steady state. */
export function closedFormServing(o: ServeOptions, rate: number | null = null, withLecture = false): { closedForm: ClosedForm; lecture: LectureTrain | null; derivations: Record<string, Derivation>; warnings: Warning[] } {
  const p = prepareServing(o);
  checkSloFloors(p);
  const derivations: Record<string, Derivation> = {};
  const cf = closedForm(p, rate, derivations);
  return { closedForm: cf, lecture: withLecture ? lectureTrain(p, derivations) : null, derivations, warnings: [...p.warnings, ...prefillHeavy(cf, derivations)] };
}

/** A warning when prefill takes most of the server's time: the closed form's prefill model is rough there. */
function prefillHeavy(cf: ClosedForm, derivations: Record<string, Derivation>): Warning[] {
  const rho = derivations["prefillUtilisation"]?.value;
  if (rho === undefined || rho <= 0.5 || cf.tpotSeconds === null) return [];
  return [
    {
      code: "prefill-heavy",
      message: `Prefill passes take ${formatSignificant(rho * 100, 2)}% of the server's time at this rate: the closed form's account of prefill interrupting decode is rough here (it assumes light prefill load); trust the simulation.`,
    },
  ];
}

// ---- The lecture's train -------------------------------------------------------------------------------

function lectureTrain(p: Prepared, derivations: Record<string, Derivation>): LectureTrain {
  const setup = p.steps.decodeSetup;
  const I = p.meanInput;
  const O = p.meanOutput;
  const ctx = I + O / 2;
  const ctxParams: Record<string, Quantity> = { ...setup.params, contextTokens: constant(ctx, "the workload's mean context while decoding") };
  const ctxSetup = { ...setup, params: ctxParams };
  const kernelSetup = {
    ...ctxSetup,
    kernel: (varying: readonly string[], outputs: readonly string[]) => {
      const fixedValues: Record<string, number> = {};
      for (const name of setup.graph.params) if (!varying.includes(name)) fixedValues[name] = (ctxParams[name] as Quantity).value;
      return setup.graph.specialize(varying, fixedValues, outputs);
    },
  };
  const opt = solveOptimalBatch(kernelSetup);
  const result: LectureTrain = { optimal: null, full: null, fillRatePerSecond: null, tokensPerSecond: null, dataParallel: null };
  if (opt !== null) {
    const b = Math.ceil(opt);
    const d = explainDecodeStep(p.steps, b, ctx, "the optimal batch (compute time = memory time), rounded up")["stepSeconds"] as Derivation;
    const period = copyDerivation(d, { name: "trainPeriodAtOptimalBatch", title: "Train period at the optimal batch" });
    derivations["trainPeriodAtOptimalBatch"] = period;
    result.optimal = { batch: b, periodSeconds: d.value, worstCaseWaitSeconds: RF.trainWorstCaseWait.fn(d.value) };
  }
  const fitD = explainDecodeStep(p.steps, 1, ctx, "one sequence at the mean context")["maxBatch"] as Derivation;
  const bFull = Math.floor(fitD.value);
  if (bFull >= 1) {
    const all = explainDecodeStep(p.steps, bFull, ctx, "the batch that fills HBM");
    const d = all["stepSeconds"] as Derivation;
    const drain = all["hbmDrainSeconds"] as Derivation;
    const period = withNotes(
      copyDerivation(d, { name: "trainPeriodAtFullBatch", title: "Train period at the batch that fills HBM" }),
      `The lecture's "~20 ms" is this: a step that reads all of HBM (weights + every sequence's KV) takes the drain time, ${drain.display} here. At the optimal batch the step is shorter (${result.optimal ? formatSeconds(result.optimal.periodSeconds) : "no balance point"}): the lecture's train runs at the batch that fills memory, not at the optimum.`,
    );
    derivations["trainPeriodAtFullBatch"] = period;
    const periodQ = derived(period);
    const worst = RF.trainWorstCaseWait.explain({ periodSeconds: periodQ }, { name: "trainWorstCaseWaitSeconds" });
    derivations["trainWorstCaseWaitSeconds"] = worst;
    derivations["trainMeanWaitSeconds"] = SF.meanWaitForTrain.explain({ periodSeconds: periodQ }, { name: "trainMeanWaitSeconds" });
    const Oq = constant(O, "output tokens per request: trains each request rides");
    const fill = SF.trainFillRate.explain({ batch: constant(bFull, "seats: the batch that fills HBM"), outputTokens: Oq, periodSeconds: periodQ }, { name: "trainFillRatePerSecond" });
    derivations["trainFillRatePerSecond"] = fill;
    const tps = RF.trainTokensPerSecond.explain({ batch: constant(bFull, "tokens per train (one per sequence)"), periodSeconds: periodQ }, { name: "trainTokensPerSecond" });
    derivations["trainTokensPerSecond"] = tps;
    result.full = { batch: bFull, periodSeconds: d.value, worstCaseWaitSeconds: worst.value, drainSeconds: drain.value };
    result.fillRatePerSecond = fill.value;
    result.tokensPerSecond = tps.value;
    const replicas = 4;
    result.dataParallel = { replicas, tokensPerSecond: replicas * tps.value, perUserTokensPerSecond: RF.tokensPerSecondPerSequence.fn(1, d.value) };
  }
  return result;
}

// ---- The analysis ------------------------------------------------------------------------------------

function describeArrivals(o: ServeOptions): string {
  if (o.trace) return `trace of ${o.trace.count} requests`;
  const a = o.workload.arrivals;
  switch (a.kind) {
    case "poisson":
      return `Poisson at ${formatSignificant(a.ratePerSecond, 4)} requests/s`;
    case "gamma":
      return `gamma (CV ${formatSignificant(a.cv, 3)}) at ${formatSignificant(a.ratePerSecond, 4)} requests/s`;
    case "closed":
      return `closed loop, ${a.concurrency} users`;
  }
}

export function analyzeServing(o: ServeOptions): ServeResult {
  const p = prepareServing(o);
  checkSloFloors(p);
  const seed = o.seed ?? DEFAULT_SEED;
  const count = o.trace ? o.trace.count : o.requests ?? DEFAULT_REQUESTS;
  const derivations: Record<string, Derivation> = {};
  const rate = !o.trace && o.workload.arrivals.kind !== "closed" ? o.workload.arrivals.ratePerSecond : null;
  const cf = closedForm(p, rate, derivations);
  const req = requestsFor(p, count, seed);
  // Warm-up: 10% of the requests, or more if the system takes longer to fill (about two request lifetimes).
  let warmupFraction = o.warmupFraction ?? 0.1;
  const early: Warning[] = [];
  if (o.warmupFraction === undefined && rate !== null && cf.e2eSeconds !== null) {
    warmupFraction = fillWarmup(req, cf.e2eSeconds, warmupFraction);
    const lifetimes = count / rate / cf.e2eSeconds;
    if (lifetimes < 10) {
      early.push({
        code: "short-simulation",
        message: `${count} requests arrive over ${formatSeconds(count / rate)}, only ${formatSignificant(lifetimes, 2)} request lifetimes (${formatSeconds(cf.e2eSeconds)} each): the run barely reaches steady state. Simulate at least ${suggestedRequestCount(rate, cf.e2eSeconds)} requests.`,
      });
    }
  }
  const { run, warm } = runSimulation(p, req, warmupFraction, o.onProgress);
  const classes = classesFor(p);
  const s = summarise(p, req, run, warm, classes);
  const lecture = lectureTrain(p, derivations);

  const method: SimulationMethod = {
    engine: "discrete-event simulation of one replica, step by step on the compiled roofline kernel",
    scheduler: p.scheduler,
    admission: p.admission,
    seed,
    requests: count,
    warmupDiscarded: warm,
    measured: s.measured,
    stepTimes: p.steps.description,
    arrivals: describeArrivals(o),
  };
  const sim = (name: string, title: string, unit: Derivation["unit"], value: number, statistic: string, halfWidth?: number, notes: string[] = []) => {
    derivations[`simulated.${name}`] = simulatedDerivation({
      name,
      title,
      unit,
      value,
      statistic,
      method,
      confidence: halfWidth !== undefined && Number.isFinite(halfWidth) ? { level: 0.95, low: value - halfWidth, high: value + halfWidth, method: `batch means over ${CI_BATCHES} consecutive batches of requests` } : null,
      notes,
    });
  };
  sim("ttftSeconds", "Time to first token (mean, simulated)", "s", s.ttft.mean, "mean TTFT of the measured requests", s.ttftHalfWidth, [`p50 ${formatSeconds(s.ttft.p50)}, p90 ${formatSeconds(s.ttft.p90)}, p99 ${formatSeconds(s.ttft.p99)}`]);
  sim("tpotSeconds", "Time per output token (mean, simulated)", "s", s.tpot.mean, "mean TPOT ((finish − first token)/(O − 1)) of the measured requests", s.tpotHalfWidth, [`p50 ${formatSeconds(s.tpot.p50)}, p90 ${formatSeconds(s.tpot.p90)}, p99 ${formatSeconds(s.tpot.p99)}`]);
  sim("e2eSeconds", "End-to-end latency (mean, simulated)", "s", s.e2e.mean, "mean end-to-end latency of the measured requests", s.e2eHalfWidth, [`p50 ${formatSeconds(s.e2e.p50)}, p90 ${formatSeconds(s.e2e.p90)}, p99 ${formatSeconds(s.e2e.p99)}`]);
  sim("outputTokensPerSecond", "Output tokens per second (simulated)", "token/s", s.outputTokensPerSecond, "output tokens of the measured requests ÷ the time from the first measured arrival to the last finish");
  sim("goodputRequestsPerSecond", "Goodput (simulated)", "1/s", s.goodput, "measured requests that met every SLO of their class ÷ the same window");
  sim("meanBatch", "Mean decode batch (simulated)", "sequence", s.meanBatch, "time-average of sequences decoding");
  sim("trainPeriodSeconds", "Train period: mean decode step (simulated)", "s", s.trainPeriod, "mean duration of a decode step");

  // Cost from the simulation: each phase's share of the chips' time.
  const price = p.steps.decodeSetup.params["usdPerChipHour"];
  let usdOut: number | null = null;
  let usdIn: number | null = null;
  if (price) {
    const busy = run.decodeSeconds + run.prefillSeconds;
    if (p.scheduler === "disaggregated") {
      usdOut = SF.usdPerMillionPhaseTokens.fn(p.decodeChips, price.value, 1, s.outputTokensPerSecond);
      usdIn = SF.usdPerMillionPhaseTokens.fn(p.prefillChips, price.value, 1, s.inputTokensPerSecond);
    } else if (busy > 0) {
      usdOut = SF.usdPerMillionPhaseTokens.fn(p.chips, price.value, run.decodeSeconds / busy, s.outputTokensPerSecond);
      usdIn = SF.usdPerMillionPhaseTokens.fn(p.chips, price.value, run.prefillSeconds / busy, s.inputTokensPerSecond);
    }
  }
  const warnings = [...p.warnings, ...early, ...prefillHeavy(cf, derivations)];
  if (cf.maxRatePerSecond > 0 && rate !== null && rate >= cf.maxRatePerSecond) {
    warnings.push({
      code: "past-saturation",
      message: `The rate ${formatSignificant(rate, 4)}/s is at or past the highest sustainable rate (≈ ${formatSignificant(cf.maxRatePerSecond, 4)}/s, closed form): the queue grows for as long as requests keep coming, so latencies depend on how many are simulated.`,
    });
  }
  if (!p.steps.label.startsWith("ideal")) void 0;
  const perClass: Record<string, number> = {};
  for (const c of s.classes) perClass[c.name] = c.goodputRequestsPerSecond;
  const tl = timelineOf(req, run, warm, classes);
  return {
    model: { id: o.model.id, name: o.model.name },
    hardware: { id: o.hardware.id, name: o.hardware.name },
    chips: p.chips,
    scheduler: p.scheduler,
    admission: p.admission,
    stepTimes: p.steps.label,
    arrivals: describeArrivals(o),
    requestsPerSecond: s.requestsPerSecond,
    outputTokensPerSecond: s.outputTokensPerSecond,
    outputTokensPerSecondPerChip: s.outputTokensPerSecond / p.chips,
    inputTokensPerSecond: s.inputTokensPerSecond,
    ttftSeconds: s.ttft,
    tpotSeconds: s.tpot,
    e2eSeconds: s.e2e,
    goodputRequestsPerSecond: { total: s.goodput, perClass },
    usdPerMillionOutputTokens: usdOut,
    usdPerMillionInputTokens: usdIn,
    meanBatch: s.meanBatch,
    trainPeriodSeconds: s.trainPeriod,
    meanQueue: s.meanQueue,
    little: s.little,
    utilisation: s.utilisation,
    preemptions: run.preemptions,
    classes: s.classes,
    closedForm: cf,
    lecture,
    simulation: { ...method, simulatedSeconds: run.endSeconds, steps: run.steps, decodeSteps: run.decodeSteps, prefillPasses: run.prefillPasses },
    series: { t: Array.from(run.series.t.subarray(0, run.series.length)), batch: Array.from(run.series.batch.subarray(0, run.series.length)), queue: Array.from(run.series.queue.subarray(0, run.series.length)) },
    timeline: tl,
    derivations,
    warnings,
  };
}

function timelineOf(req: RequestSet, run: SimulationRun, warm: number, classes: TrafficClass[]): ServeResult["timeline"] {
  const requests: ServeResult["timeline"]["requests"] = [];
  for (let i = warm; i < Math.min(req.count, warm + 40); i++) {
    requests.push({
      id: i,
      cls: classes[req.classIndex[i] as number]?.name ?? "",
      arrival: run.arrivalSeconds[i] as number,
      start: run.startSeconds[i] as number,
      firstToken: run.firstTokenSeconds[i] as number,
      finish: run.finishSeconds[i] as number,
    });
  }
  const end = requests.reduce((a, r) => Math.max(a, r.finish), 0);
  const steps: ServeResult["timeline"]["steps"] = [];
  const log = run.stepLog;
  for (let k = 0; k < log.length && (log.start[k] as number) <= end && steps.length < 2000; k++) {
    steps.push({ start: log.start[k] as number, duration: log.duration[k] as number, decode: log.decode[k] as number, prefill: log.prefill[k] as number });
  }
  return { requests, steps };
}

/** The share of requests (by arrival) that arrive while the system fills: about two request lifetimes, at least `base`, at most half. */
function fillWarmup(req: RequestSet, e2eSeconds: number, base: number): number {
  const fillUntil = (req.arrivalSeconds[0] as number) + 2 * e2eSeconds;
  let k = 0;
  while (k < req.count && (req.arrivalSeconds[k] as number) < fillUntil) k++;
  return Math.min(0.5, Math.max(base, k / req.count));
}

function suggestedRequestCount(rate: number, e2eSeconds: number): number {
  return Math.max(DEFAULT_REQUESTS / 4, Math.min(2_000_000, Math.ceil((20 * rate * e2eSeconds) / 1000) * 1000));
}

/** Requests to simulate for a steady-state answer: about 20 request lifetimes of arrivals (at least 5,000). */
export function suggestedRequests(o: ServeOptions): number {
  if (o.trace) return o.trace.count;
  const a = o.workload.arrivals;
  const { closedForm: cf } = closedFormServing(o, a.kind === "closed" ? null : a.ratePerSecond);
  if (a.kind !== "closed" && cf.e2eSeconds !== null) return suggestedRequestCount(a.ratePerSecond, cf.e2eSeconds);
  return Math.max(DEFAULT_REQUESTS / 4, Math.min(200_000, 20 * cf.maxBatch));
}

// ---- SLO floors --------------------------------------------------------------------------------------

export interface SloFloor {
  cls: string;
  ttftFloorSeconds: number;
  tpotFloorSeconds: number;
}

/** The physical floors of each class: its shortest prompt's prefill alone; one decode step at batch 1. */
export function sloFloors(p: Prepared): SloFloor[] {
  const classes = classesFor(p);
  return classes.map((c) => {
    const minIn = minLength(c.input);
    const cachedTokens = Math.min(minIn - 1, Math.floor(c.prefixHitFraction * minIn));
    const pre = p.prefillSteps ?? p.steps;
    return {
      cls: c.name,
      ttftFloorSeconds: pre.prefill(1, Math.max(1, minIn - cachedTokens), cachedTokens),
      tpotFloorSeconds: p.steps.decode(1, minIn),
    };
  });
}

function minLength(d: LengthDistribution): number {
  switch (d.kind) {
    case "fixed":
      return d.tokens;
    case "uniform":
      return d.min;
    case "histogram":
      return Math.min(...d.tokens);
    default:
      return 1;
  }
}

function checkSloFloors(p: Prepared): void {
  const classes = classesFor(p);
  sloFloors(p).forEach((f, i) => {
    const c = classes[i] as TrafficClass;
    const who = classes.length > 1 ? ` (class ${c.name})` : "";
    if (c.sloTtftSeconds !== null && c.sloTtftSeconds < f.ttftFloorSeconds) {
      throw new RooflineError({
        code: "out-of-range",
        field: `${p.o.sloNames?.ttft ?? named(p.o, "sloTtftMs")}${who}`,
        input: "sloTtftMs",
        value: formatSignificant(c.sloTtftSeconds * 1000, 4),
        expected: `at least ${formatSignificant(f.ttftFloorSeconds * 1000, 4)} ms: the physical floor, one prefill pass of the prompt alone on this system (${p.steps.label} step times)`,
        hint: "No load or scheduler on this system can meet it: add chips, use faster chips or a smaller model, or raise the SLO.",
      });
    }
    if (c.sloTpotSeconds !== null && c.sloTpotSeconds < f.tpotFloorSeconds) {
      throw new RooflineError({
        code: "out-of-range",
        field: `${p.o.sloNames?.tpot ?? named(p.o, "sloTpotMs")}${who}`,
        input: "sloTpotMs",
        value: formatSignificant(c.sloTpotSeconds * 1000, 4),
        expected: `at least ${formatSignificant(f.tpotFloorSeconds * 1000, 4)} ms: the physical floor, one decode step at batch 1 on this system (${p.steps.label} step times)`,
        hint: "No batch is faster than a batch of one: add chips (more bandwidth per replica), use faster chips, lower the weight precision, or raise the SLO.",
      });
    }
  });
}

// ---- Max load ------------------------------------------------------------------------------------------

export interface MaxLoadResult {
  /** "rate" (requests/s, open loop) or "concurrency" (users, closed loop). */
  axis: "rate" | "concurrency";
  /** The highest load at which every class meets its SLOs; 0 when none does. */
  maxLoad: number;
  /** Throughput at the max load. */
  outputTokensPerSecond: number;
  /** Each probe: load and whether every class met its SLOs. */
  probes: { load: number; meets: boolean; keepsUp: boolean; goodput: number; throughput: number }[];
  /** Each class's floors (for an SLO no load can meet). */
  floors: SloFloor[];
  /** Open loop: the measured service rate that bounds every sustainable rate (null for a closed loop). */
  service: ServiceRate | null;
  derivation: Derivation;
  message: string;
}

/** The server's measured service rate: what it completes per second while it has more work than it can take. */
export interface ServiceRate {
  /** Requests per second completed while requests were waiting (null when the overload probe never backed up). */
  ratePerSecond: number | null;
  /** The overload probe: its arrival rate, requests simulated, and the completions and seconds measured (the second half of its arrivals). */
  probeRatePerSecond: number;
  requests: number;
  completions: number;
  seconds: number;
}

/**
 * Measures what the server sustains: a simulation at an arrival rate just past the closed form's saturation
 * (10% past it; 25%, 50%, 2×, 3×, 5× if the queue did not back up), long enough (40 batches' worth of requests)
 * that the queue grows through the second half of the arrivals. Then every seat is busy, and the completions over
 * that second half, per second, are the service rate. A mild overload is what a rate just past saturation
 * meets: a heavy one from a cold start serves in lock-step waves at another rate. A rate is sustainable — the
 * queue does not grow without bound — only at or below it.
 */
export function measuredServiceRate(p: Prepared, count: number, seed: number, onProgress?: ServeOptions["onProgress"]): ServiceRate {
  const cf = closedForm(p, null, {});
  const bMax = Math.min(cf.maxBatch, p.maxBatch);
  const n = Math.min(100_000, Math.max(count, 40 * bMax));
  let last: ServiceRate = { ratePerSecond: null, probeRatePerSecond: 0, requests: n, completions: 0, seconds: 0 };
  for (const factor of [1.1, 1.25, 1.5, 2, 3, 5]) {
    const rate = Math.max(cf.maxRatePerSecond, 1e-9) * factor;
    const req = requestsFor(p, n, seed, rate);
    const { run } = runSimulation(p, req, 0, onProgress);
    const arr = run.arrivalSeconds;
    const end = arr[req.count - 1] as number;
    const mid = (arr[0] as number) + (end - (arr[0] as number)) / 2;
    let completions = 0;
    let waiting = 0;
    for (let i = 0; i < req.count; i++) {
      const f = run.finishSeconds[i] as number;
      if (f > mid && f <= end) completions++;
      if ((run.admitSeconds[i] as number) > end) waiting++;
    }
    // Backed up: more requests still wait for a seat at the last arrival than two full batches (or 2% of them).
    const backedUp = waiting >= Math.max(0.02 * req.count, 2 * bMax) && completions > 0 && end > mid;
    last = { ratePerSecond: backedUp ? completions / (end - mid) : null, probeRatePerSecond: rate, requests: req.count, completions, seconds: end - mid };
    if (backedUp) return last;
  }
  return last;
}

/** A load is sustainable when the arrival rate does not exceed the measured service rate (null: it never backed up). */
export function sustainable(ratePerSecond: number, service: ServiceRate): boolean {
  return service.ratePerSecond === null || ratePerSecond <= service.ratePerSecond;
}

/**
 * The highest rate (or concurrency, for a closed loop) at which every class meets its SLOs, by bisection over simulations.
 * An open-loop rate also has to be sustainable: at or below the measured service rate (measuredServiceRate), so an
 * SLO on TPOT alone (which a full batch still meets while the queue grows) cannot pass a rate the server falls behind.
 */
export function maxLoad(o: ServeOptions, opts: { requests?: number; iterations?: number } = {}): MaxLoadResult {
  const p = prepareServing(o);
  checkSloFloors(p);
  if (o.trace) throw new RooflineError({ code: "unsupported-config", field: "max load", value: `a trace (${named(o, "trace")})`, expected: "a generated workload (a trace fixes its own arrival times): lengths and an arrival process instead of the trace" });
  const classes = classesFor(p);
  if (classes.every((c) => c.sloTtftSeconds === null && c.sloTpotSeconds === null)) {
    throw new RooflineError({ code: "missing-value", field: "max load", expected: "at least one SLO to search under (on TTFT, on TPOT, or in the traffic classes)", fixes: [{ kind: "give", input: "sloTtftMs" }, { kind: "give", input: "sloTpotMs" }] });
  }
  const closed = o.workload.arrivals.kind === "closed";
  const count = opts.requests ?? Math.min(o.requests ?? 5000, 5000);
  const seed = o.seed ?? DEFAULT_SEED;
  const probes: MaxLoadResult["probes"] = [];
  const cfRate = closedForm(p, null, {}).maxRatePerSecond;
  const service = closed ? null : measuredServiceRate(p, count, seed, o.onProgress);
  const probe = (load: number) => {
    const req = closed ? requestsFor(p, count, seed, undefined, Math.max(1, Math.round(load))) : requestsFor(p, count, seed, load);
    const { run, warm } = runSimulation(p, req, 0.1, o.onProgress);
    const s = summarise(p, req, run, warm, classes);
    // An open-loop load also counts only if the server keeps up with it (the queue does not grow).
    const keepsUp = service === null || sustainable(load, service);
    const meets = s.classes.every((c) => c.meetsSlo) && keepsUp;
    probes.push({ load, meets, keepsUp, goodput: s.goodput, throughput: s.requestsPerSecond });
    return { meets, s };
  };
  let hi: number;
  let lo: number;
  if (closed) {
    lo = 1;
    hi = Math.max(2, closedForm(p, null, {}).maxBatch * 2);
  } else {
    lo = cfRate * 1e-3;
    // No rate past the measured service rate is sustainable: it is the top of the bracket.
    hi = service?.ratePerSecond ?? cfRate * 1.5;
  }
  const base = probe(lo);
  const floors = sloFloors(p);
  const finish = (maxL: number, thr: number, message: string): MaxLoadResult => {
    const unit = closed ? "sequence" : "1/s";
    const derivation = simulatedDerivation({
      name: "maxLoad",
      title: closed ? "Max concurrency under the SLOs" : "Max rate under the SLOs",
      unit,
      value: maxL,
      statistic: `bisection over ${probes.length} simulations of ${count} requests each: the highest ${closed ? "concurrency" : "rate"} at which every class meets its SLO percentiles`,
      method: {
        engine: "discrete-event simulation of one replica, step by step on the compiled roofline kernel",
        scheduler: p.scheduler,
        admission: p.admission,
        seed,
        requests: count,
        warmupDiscarded: Math.floor(count * 0.1),
        measured: count - Math.floor(count * 0.1),
        stepTimes: p.steps.description,
        arrivals: closed ? "closed loop" : o.workload.arrivals.kind === "gamma" ? "gamma" : "Poisson",
      },
      confidence: null,
      notes: [message],
    });
    return { axis: closed ? "concurrency" : "rate", maxLoad: maxL, outputTokensPerSecond: thr, probes, floors, service, derivation, message };
  };
  if (!base.meets) {
    const bad = base.s.classes.filter((c) => !c.meetsSlo).map((c) => {
      const f = floors.find((x) => x.cls === c.name);
      return `${c.name}: p${c.percentile} TTFT ${formatSeconds(c.ttftAtPercentile)} (floor ${f ? formatSeconds(f.ttftFloorSeconds) : "?"}), p${c.percentile} TPOT ${formatSeconds(c.tpotAtPercentile)} (floor ${f ? formatSeconds(f.tpotFloorSeconds) : "?"})`;
    });
    return finish(0, 0, `No load meets the SLOs: even at vanishing load ${bad.join("; ")}. The floors are one prefill pass alone and one decode step at batch 1 (longer prompts in the distribution take longer); add chips or relax the SLOs.`);
  }
  let best = { load: lo, thr: base.s.outputTokensPerSecond };
  const top = probe(hi);
  if (top.meets) {
    if (service?.ratePerSecond != null) {
      return finish(hi, top.s.outputTokensPerSecond, `Every class meets its SLOs up to saturation: the max load is the server's measured service rate, ${formatSignificant(hi, 4)} requests/s (completions per second while requests wait); past it the queue grows without bound.`);
    }
    return finish(hi, top.s.outputTokensPerSecond, `Every class meets its SLOs up to the highest load probed (${formatSignificant(hi, 4)}), past the closed form's saturation point, and the server never fell behind there: the SLOs are looser than the queue.`);
  }
  const iterations = opts.iterations ?? 12;
  for (let i = 0; i < iterations; i++) {
    const mid = closed ? Math.round((lo + hi) / 2) : Math.sqrt(lo * hi);
    if (closed && (mid === lo || mid === hi)) break;
    const r = probe(mid);
    if (r.meets) {
      lo = mid;
      best = { load: mid, thr: r.s.outputTokensPerSecond };
    } else hi = mid;
    if (!closed && hi / lo < 1.01) break;
  }
  const sat = service?.ratePerSecond != null ? `; the measured service rate (saturation) is ${formatSignificant(service.ratePerSecond, 4)}/s, the closed form's ${formatSignificant(cfRate, 4)}/s` : `; the closed form's saturation rate is ${formatSignificant(cfRate, 4)}/s`;
  return finish(best.load, best.thr, `Highest ${closed ? "concurrency" : "rate"} found meeting every SLO: ${formatSignificant(best.load, 4)}${closed ? " users" : " requests/s"} (the next probe up, ${formatSignificant(hi, 4)}, misses)${closed ? `; the closed form's saturation rate is ${formatSignificant(cfRate, 4)}/s` : sat}.`);
}

/** One probe of the max-load search, at a given open-loop rate: does every class meet its SLOs (and, with keepUp, keep up)? */
export interface SloCheck {
  ratePerSecond: number;
  requests: number;
  seed: number;
  meets: boolean;
  /** The rate is at or below the measured service rate (the queue does not grow). */
  keepsUp: boolean;
  serviceRatePerSecond: number | null;
  requestsPerSecond: number;
  outputTokensPerSecond: number;
  classes: ClassResult[];
}

/** Simulates `requests` requests at `ratePerSecond` exactly as a max-load probe does (same seed, warm-up and test). */
export function sloCheck(o: ServeOptions, ratePerSecond: number, requests: number, service?: ServiceRate): SloCheck {
  const p = prepareServing(o);
  const classes = classesFor(p);
  const seed = o.seed ?? DEFAULT_SEED;
  const req = requestsFor(p, requests, seed, ratePerSecond);
  const { run, warm } = runSimulation(p, req, 0.1, o.onProgress);
  const s = summarise(p, req, run, warm, classes);
  const sv = service ?? measuredServiceRate(p, requests, seed, o.onProgress);
  const keepsUp = sustainable(ratePerSecond, sv);
  const meets = s.classes.every((c) => c.meetsSlo) && keepsUp;
  return { ratePerSecond, requests, seed, meets, keepsUp, serviceRatePerSecond: sv.ratePerSecond, requestsPerSecond: s.requestsPerSecond, outputTokensPerSecond: s.outputTokensPerSecond, classes: s.classes };
}

// ---- Sweeps for charts: rate sweep and the frontier ---------------------------------------------------

export interface RatePoint {
  rate: number;
  requestsPerSecond: number;
  outputTokensPerSecond: number;
  goodputRequestsPerSecond: number;
  ttftP99: number;
  tpotP99: number;
}

/** Goodput and throughput against rate (fractions of the closed form's saturation rate). */
export function rateSweep(o: ServeOptions, fractions: readonly number[] = [0.1, 0.25, 0.4, 0.55, 0.7, 0.8, 0.9, 1, 1.1, 1.25, 1.5], requests = 4000, maxRequests = 400_000): { maxRatePerSecond: number; points: RatePoint[] } {
  const p = prepareServing(o);
  const classes = classesFor(p);
  const lmax = closedForm(p, null, {}).maxRatePerSecond;
  const seed = o.seed ?? DEFAULT_SEED;
  const points = fractions.map((f) => {
    const rate = f * lmax;
    // Enough requests for about six request lifetimes of arrivals (two to fill, four measured), within reason.
    const e2e = closedForm(p, rate, {}).e2eSeconds;
    const lifetimes = e2e !== null ? Math.ceil(6 * rate * e2e) : 6 * closedForm(p, null, {}).maxBatch;
    const req = requestsFor(p, Math.min(maxRequests, Math.max(requests, lifetimes)), seed, rate);
    const { run, warm } = runSimulation(p, req, e2e !== null ? fillWarmup(req, e2e, 0.1) : 0.1, o.onProgress);
    const s = summarise(p, req, run, warm, classes);
    return { rate, requestsPerSecond: s.requestsPerSecond, outputTokensPerSecond: s.outputTokensPerSecond, goodputRequestsPerSecond: s.goodput, ttftP99: s.ttft.p99, tpotP99: s.tpot.p99 };
  });
  return { maxRatePerSecond: lmax, points };
}

export interface FrontierPoint {
  concurrency: number;
  /** Output tokens per second per chip (simulated). */
  tokensPerSecondPerChip: number;
  /** Output tokens per second one user sees: 1 / mean TPOT (simulated). */
  tokensPerSecondPerUser: number;
  ttftMean: number;
  /** The same from the decode roofline alone (batch = concurrency, no prefill): the ideal bound. */
  idealPerChip: number;
  idealPerUser: number;
}

/** The throughput–interactivity frontier: a closed loop at each concurrency. */
export function frontier(o: ServeOptions, concurrencies?: readonly number[], requests = 2000): FrontierPoint[] {
  const p = prepareServing(o);
  const classes = classesFor(p);
  const bMax = closedForm(p, null, {}).maxBatch;
  const cs = concurrencies ?? concurrencyGrid(bMax);
  const seed = o.seed ?? DEFAULT_SEED;
  const ctx = p.meanInput + p.meanOutput / 2;
  return cs.map((c) => {
    const req = requestsFor(p, Math.max(requests, c * 4), seed, undefined, c);
    const { run, warm } = runSimulation(p, req, 0.2, o.onProgress);
    const s = summarise(p, req, run, warm, classes);
    const td = p.steps.decode(Math.min(c, bMax), ctx);
    return {
      concurrency: c,
      tokensPerSecondPerChip: s.outputTokensPerSecond / p.chips,
      tokensPerSecondPerUser: s.tpot.mean > 0 ? 1 / s.tpot.mean : 0,
      ttftMean: s.ttft.mean,
      idealPerChip: RF.tokensPerSecond.fn(Math.min(c, bMax), td) / p.chips,
      idealPerUser: RF.tokensPerSecondPerSequence.fn(1, td),
    };
  });
}

export function concurrencyGrid(maxBatch: number): number[] {
  const out: number[] = [];
  for (let c = 1; c <= maxBatch; c *= 2) out.push(c);
  if (out[out.length - 1] !== maxBatch) out.push(maxBatch);
  return out;
}

/** "max" concurrency: as many sequences as memory admits at the workload's full sequence length. */
export function maxConcurrency(o: ServeOptions): number {
  const p = prepareServing({ ...o, workload: { ...o.workload, arrivals: { kind: "poisson", ratePerSecond: 1 } } });
  return closedForm(p, null, {}).maxBatch;
}

export { SimulationCancelled };
