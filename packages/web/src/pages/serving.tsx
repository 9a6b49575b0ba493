/**
 * Serving: a workload (input/output lengths, a rate, SLOs) on the sidebar's model and system. The
 * simulation and the closed form come from core (analyzeServing, rateSweep, frontier); this page
 * schedules them in slices (a progress bar, a Cancel button) and charts them: the train as a timeline,
 * latency distributions per class, goodput and throughput against rate, and the throughput–
 * interactivity frontier. Every number opens its derivation — simulated ones say how they were made.
 */
import {
  analyzeServing,
  closedFormServing,
  concurrencyGrid,
  formatQuantity,
  formatSignificant,
  frontier,
  parseLength,
  parseNumber,
  rateSweep,
  suggestedRequests,
  type FrontierPoint,
  type RatePoint,
  type Scheduler,
  type ServeOptions,
  type ServeResult,
  type TrafficClass, SERVE_ROOFLINE_INPUTS } from "@roofline/core";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { Chart } from "../components/Chart.tsx";
import { COLORS, tickFormat } from "../components/chart-style.ts";
import { AnalysisLayout, ErrorBox, Warnings, type PageProps } from "../components/Layout.tsx";
import { Stat } from "../components/Num.tsx";
import type { ChartSpec, LineMark, SpanMark } from "../components/svgchart.tsx";
import { attempt, rooflineOptions } from "../options.ts";
import { localParam, type AppState } from "../state.ts";
import { NumberInput, Picker } from "./economics-common.tsx";
import { ServingEnergy, SERVING_DIMS } from "./serving-energy.tsx";

const SCHEDULERS: readonly { id: Scheduler; label: string }[] = [
  { id: "continuous", label: "continuous (the train departs every step)" },
  { id: "chunked", label: "chunked prefill" },
  { id: "static", label: "static (board together, ride to the end)" },
  { id: "disaggregated", label: "disaggregated prefill / decode" },
];

interface Inputs {
  input: string;
  output: string;
  rate: string;
  scheduler: Scheduler;
  ttftMs: string;
  tpotMs: string;
  requests: string;
  seed: string;
}

/** The workload as ServeOptions; `rate` null = half the closed form's saturation rate. */
function serveOptions(state: AppState, i: Inputs): { o: ServeOptions; rateGiven: boolean; cf: ReturnType<typeof closedFormServing> } {
  const base = rooflineOptions(state, SERVE_ROOFLINE_INPUTS);
  const { batch: _b, contextTokens: _c, promptTokens: _p, ...rest } = base;
  void _b;
  void _c;
  void _p;
  const cls: TrafficClass = {
    name: "default",
    share: 1,
    input: parseLength(i.input, "input tokens"),
    output: parseLength(i.output, "output tokens"),
    prefixHitFraction: 0,
    sloTtftSeconds: i.ttftMs.trim() ? parseNumber(i.ttftMs, "SLO TTFT (ms)", { what: "milliseconds", above: 0, max: 1e9 }) / 1000 : null,
    sloTpotSeconds: i.tpotMs.trim() ? parseNumber(i.tpotMs, "SLO TPOT (ms)", { what: "milliseconds", above: 0, max: 1e9 }) / 1000 : null,
    percentile: 99,
  };
  const seed = parseNumber(i.seed, "seed", { what: "seed", integer: true, min: 0, max: 4294967295 });
  const o: ServeOptions = { ...rest, workload: { classes: [cls], arrivals: { kind: "poisson", ratePerSecond: 1 } }, scheduler: i.scheduler, seed, sloNames: { ttft: "SLO p99 TTFT (ms)", tpot: "SLO p99 TPOT (ms)" } };
  const rateGiven = i.rate.trim() !== "";
  const rate = rateGiven ? parseNumber(i.rate, "rate (requests/s)", { what: "requests per second", above: 0, max: 1e9 }) : Math.max(closedFormServing(o).closedForm.maxRatePerSecond * 0.5, 1e-6);
  o.workload = { classes: [cls], arrivals: { kind: "poisson", ratePerSecond: rate } };
  o.requests = i.requests.trim() ? parseNumber(i.requests, "requests", { what: "requests", integer: true, min: 100, max: 500_000 }) : Math.min(MAIN_REQUESTS_CAP, suggestedRequests(o));
  return { o, rateGiven, cf: closedFormServing(o, rate, true) };
}

// ---- charts -----------------------------------------------------------------------------------------

const TRAIN_ROW = "train (steps)";

/** The first measured requests against the steps that carried them: waiting, prefill, riding the decode train. */
export function timelineChart(r: ServeResult, width: number, height: number): ChartSpec {
  const reqs = r.timeline.requests;
  const t0 = reqs[0]?.arrival ?? 0;
  const period = r.trainPeriodSeconds > 0 ? r.trainPeriodSeconds : 0.01;
  const firstTokens = reqs.slice(0, 8).map((q) => q.firstToken - t0);
  const windowSeconds = Math.max(40 * period, ...firstTokens.map((x) => x * 1.15));
  const t1 = t0 + windowSeconds;
  const shown = reqs.filter((q) => q.arrival <= t1).slice(0, 10);
  const rows = [TRAIN_ROW, ...shown.map((q) => `request ${q.id}`)];
  const spans: SpanMark[] = [];
  let k = 0;
  for (const s of r.timeline.steps) {
    if (s.start + s.duration < t0 || s.start > t1) continue;
    const prefill = s.prefill > 0;
    spans.push({ row: TRAIN_ROW, x1: Math.max(s.start, t0) - t0, x2: Math.min(s.start + s.duration, t1) - t0, color: prefill ? COLORS.compute : k++ % 2 ? COLORS.weights : "#3b82f6", opacity: 0.9 });
  }
  for (const q of shown) {
    const row = `request ${q.id}`;
    const clip = (a: number, b: number, color: string, opacity = 1) => {
      const x1 = Math.max(a, t0) - t0;
      const x2 = Math.min(b, t1) - t0;
      if (x2 > x1) spans.push({ row, x1, x2, color, opacity });
    };
    clip(q.arrival, q.start, COLORS.marker, 0.55);
    clip(q.start, q.firstToken, COLORS.compute);
    clip(q.firstToken, q.finish, COLORS.weights, 0.75);
  }
  return {
    title: "The train: requests boarding, waiting and riding",
    width,
    height,
    x: { type: "linear", label: "time since the first request shown →", format: tickFormat("s"), domain: [0, windowSeconds] },
    y: { rows, label: "" },
    spans,
    margin: { left: 120, top: 24 },
  };
}

export function cdfChart(r: ServeResult, which: "ttft" | "tpot", width: number, height: number): ChartSpec {
  const lines: LineMark[] = r.classes.map((c, i) => ({
    points: c.quantiles.p.map((p, k) => ({ x: (which === "ttft" ? c.quantiles.ttft : c.quantiles.tpot)[k] as number, y: p })).filter((pt) => pt.x > 0),
    color: COLORS.series[(i + 1) % COLORS.series.length] as string,
    width: 2,
    label: c.name,
  }));
  const slo = r.classes.map((c) => (which === "ttft" ? c.sloTtftSeconds : c.sloTpotSeconds)).filter((x): x is number => x !== null);
  return {
    title: which === "ttft" ? "Time to first token: distribution" : "Time per output token: distribution",
    width,
    height,
    x: { type: "log", label: which === "ttft" ? "TTFT →" : "TPOT →", format: tickFormat("s") },
    y: { type: "linear", label: "↑ percent of requests at or below", format: (v) => `${formatSignificant(v, 3)}%`, domain: [0, 100] },
    lines,
    rulesX: slo.map((x) => ({ at: x, color: COLORS.compute, dash: "4 3", label: `SLO ${formatQuantity(x, "s")}` })),
    rulesY: [{ at: 99, color: COLORS.marker, dash: "2 3", opacity: 0.6, label: "p99" }],
  };
}

export function rateChart(points: readonly RatePoint[], maxRate: number, width: number, height: number): ChartSpec {
  return {
    title: "Goodput and throughput against arrival rate",
    width,
    height,
    x: { type: "linear", label: "arrival rate (requests/s) →", format: tickFormat("1"), zero: true },
    y: { type: "linear", label: "↑ requests/s", format: tickFormat("1"), zero: true },
    lines: [
      { points: points.map((p) => ({ x: p.rate, y: p.requestsPerSecond })), color: COLORS.step, width: 2, label: "throughput" },
      { points: points.map((p) => ({ x: p.rate, y: p.goodputRequestsPerSecond })), color: COLORS.kv, width: 2, label: "goodput (meets every SLO)" },
    ],
    dots: points.flatMap((p) => [
      { x: p.rate, y: p.requestsPerSecond, color: COLORS.step, r: 3 },
      { x: p.rate, y: p.goodputRequestsPerSecond, color: COLORS.kv, r: 3 },
    ]),
    rulesX: [{ at: maxRate, color: COLORS.compute, dash: "4 3", label: `saturation ${formatSignificant(maxRate, 3)}/s (closed form)` }],
  };
}

export function frontierChart(points: readonly FrontierPoint[], width: number, height: number): ChartSpec {
  const sim = points.filter((p) => p.tokensPerSecondPerUser > 0 && p.tokensPerSecondPerChip > 0);
  return {
    title: "Throughput–interactivity frontier",
    width,
    height,
    x: { type: "log", label: "tokens/s per user →", format: tickFormat("1") },
    y: { type: "log", label: "↑ tokens/s per chip", format: tickFormat("1") },
    lines: [
      { points: sim.map((p) => ({ x: p.tokensPerSecondPerUser, y: p.tokensPerSecondPerChip })), color: COLORS.step, width: 2, label: "simulated (prefill included)" },
      { points: points.map((p) => ({ x: p.idealPerUser, y: p.idealPerChip })), color: COLORS.weights, width: 1.5, dash: "5 4", label: "decode roofline alone" },
    ],
    dots: sim.map((p) => ({ x: p.tokensPerSecondPerUser, y: p.tokensPerSecondPerChip, color: COLORS.step, r: 3, label: width > 560 ? `${p.concurrency}` : "" })),
  };
}

// ---- the job: main run, rate sweep, frontier — in slices ------------------------------------------------

interface Job {
  running: boolean;
  done: number;
  total: number;
  main: ServeResult | null;
  maxRate: number;
  rates: RatePoint[];
  frontier: FrontierPoint[];
  error: string | null;
  cancelled: boolean;
}

const IDLE: Job = { running: false, done: 0, total: 0, main: null, maxRate: 0, rates: [], frontier: [], error: null, cancelled: false };
const RATE_FRACTIONS = [0.1, 0.3, 0.5, 0.7, 0.85, 1, 1.15, 1.3, 1.5];
const SWEEP_REQUESTS = 2500;
/** Caps that keep each slice of the job short (a slice cannot be interrupted). */
const SWEEP_REQUESTS_CAP = 60_000;
const MAIN_REQUESTS_CAP = 100_000;

export function ServingPage({ state, set }: PageProps) {
  const [inp, setInp] = localParam(state, set, "in", "1000");
  const [out, setOut] = localParam(state, set, "out", "1000");
  const [rate, setRate] = localParam(state, set, "rate", "");
  const [sched, setSched] = localParam(state, set, "sched", "continuous");
  const [ttft, setTtft] = localParam(state, set, "ttft", "2000");
  const [tpot, setTpot] = localParam(state, set, "tpot", "50");
  const [reqs, setReqs] = localParam(state, set, "n", "");
  const [seed, setSeed] = localParam(state, set, "seed", "1");
  const inputs: Inputs = { input: inp, output: out, rate, scheduler: (SCHEDULERS.find((s) => s.id === sched)?.id ?? "continuous") as Scheduler, ttftMs: ttft, tpotMs: tpot, requests: reqs, seed };
  const key = JSON.stringify([state.model, state.config, state.hardware, state.inputs, inputs]);
  const prepared = useMemo(() => attempt(() => serveOptions(state, inputs)), [key]);
  const [job, setJob] = useState<Job>(IDLE);
  const timer = useRef<number | null>(null);
  const live = useRef(0);

  const stop = () => {
    live.current++;
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = null;
    setJob((j) => (j.running ? { ...j, running: false, cancelled: true } : j));
  };

  useEffect(() => {
    if (!prepared.ok) {
      stop();
      setJob({ ...IDLE, error: prepared.message });
      return;
    }
    const { o } = prepared.value;
    const id = ++live.current;
    const slices: (() => void)[] = [];
    let acc: Job = { ...IDLE, running: true };
    const push = (patch: Partial<Job>) => {
      acc = { ...acc, ...patch };
    };
    slices.push(() => push({ main: analyzeServing(o) }));
    for (const f of RATE_FRACTIONS) {
      slices.push(() => {
        const s = rateSweep(o, [f], SWEEP_REQUESTS, SWEEP_REQUESTS_CAP);
        push({ maxRate: s.maxRatePerSecond, rates: [...acc.rates, ...s.points] });
      });
    }
    const bMax = prepared.value.cf.closedForm.maxBatch;
    const grid = concurrencyGrid(bMax);
    const cs = grid.length > 10 ? grid.filter((_, i) => i % Math.ceil(grid.length / 10) === 0 || i === grid.length - 1) : grid;
    for (const c of cs) slices.push(() => push({ frontier: [...acc.frontier, ...frontier(o, [c], 1200)] }));
    acc = { ...acc, total: slices.length };
    let k = 0;
    const tick = () => {
      if (live.current !== id) return;
      const slice = slices[k];
      if (!slice) return;
      const r = attempt(slice);
      k++;
      if (!r.ok) {
        setJob({ ...acc, running: false, done: k, error: r.message });
        return;
      }
      const finished = k >= slices.length;
      setJob({ ...acc, running: !finished, done: k });
      if (!finished) timer.current = window.setTimeout(tick, 0);
    };
    setJob({ ...acc, done: 0 });
    timer.current = window.setTimeout(tick, 120);
    return () => {
      live.current++;
      if (timer.current !== null) window.clearTimeout(timer.current);
    };
  }, [key]);

  const rateNote = prepared.ok && !prepared.value.rateGiven ? ` (empty: half the saturation rate, ${formatSignificant((prepared.value.o.workload.arrivals as { ratePerSecond: number }).ratePerSecond, 4)}/s)` : "";
  return (
    <AnalysisLayout
      state={state}
      set={set}
      table={SERVE_ROOFLINE_INPUTS}
      compare={SERVING_DIMS}
      intro={
        <>
          <p>
            From one step to a workload. Requests arrive (Poisson), wait for the next departure, ride a prefill pass to their first token, then ride the decode train until their last. The simulation runs every
            step on the compiled roofline kernel; the closed form beside it derives the steady state. Goodput counts only requests that meet their SLOs: past saturation throughput holds while goodput
            collapses. Step times are the ideal roofline — a bound.
          </p>
          <div class="inline-inputs">
            <NumberInput id="serve-in" label="Input tokens:" value={inp} onChange={setInp} />
            <NumberInput id="serve-out" label="Output tokens:" value={out} onChange={setOut} />
            <NumberInput id="serve-rate" label={`Rate, requests/s${rateNote}:`} value={rate} onChange={setRate} />
            <NumberInput id="serve-ttft" label="SLO p99 TTFT, ms:" value={ttft} onChange={setTtft} />
            <NumberInput id="serve-tpot" label="SLO p99 TPOT, ms:" value={tpot} onChange={setTpot} />
            <NumberInput id="serve-n" label={`Requests simulated${prepared.ok && !reqs.trim() ? ` (empty: ~20 request lifetimes, ${prepared.value.o.requests})` : ""}:`} value={reqs} onChange={setReqs} />
            <NumberInput id="serve-seed" label="Seed:" value={seed} onChange={setSeed} />
            <Picker id="serve-sched" label="Scheduler:" value={inputs.scheduler} options={SCHEDULERS} onChange={setSched} />
          </div>
          <p class="small">Lengths accept distributions: uniform:500:1500, normal:1000:200, lognormal:1000:0.6, hist:128=0.3,2048=0.7.</p>
        </>
      }
    >
      <p class="small" data-serve-progress>
        {job.running ? (
          <>
            <button type="button" data-action="cancel-serve" onClick={stop}>
              Cancel
            </button>{" "}
            <progress max={job.total} value={job.done} aria-label="Simulation progress">
              {job.done}/{job.total}
            </progress>{" "}
            simulating {job.done + 1} of {job.total}…
          </>
        ) : job.cancelled ? (
          <>cancelled after {job.done} of {job.total} simulations: what finished is shown.</>
        ) : job.total > 0 ? (
          <>{job.total} simulations done.</>
        ) : null}
      </p>
      {job.error ? <ErrorBox message={job.error} /> : null}
      {prepared.ok ? <ClosedFormBody cf={prepared.value.cf} /> : null}
      {prepared.ok ? <ServingEnergy o={prepared.value.o} rate={(prepared.value.o.workload.arrivals as { ratePerSecond: number }).ratePerSecond} state={state} optionsOf={(s) => serveOptions(s, inputs).o} /> : null}
      {job.main ? <ServeBody r={job.main} /> : null}
      {job.rates.length > 1 ? (
        <div class="charts">
          <Chart
            id="serving.rate"
            title="Goodput and throughput against rate"
            spec={(w, h) => rateChart(job.rates, job.maxRate, w, h)}
            legend={[
              { label: "throughput", color: COLORS.step },
              { label: "goodput (meets every SLO)", color: COLORS.kv },
              { label: "saturation (closed form)", color: COLORS.compute, dash: true },
            ]}
          />
        </div>
      ) : null}
      {job.frontier.length > 1 ? (
        <div class="charts">
          <Chart
            id="serving.frontier"
            title="Throughput–interactivity frontier"
            spec={(w, h) => frontierChart(job.frontier, w, h)}
            legend={[
              { label: "simulated, closed loop at each concurrency", color: COLORS.step },
              { label: "decode roofline alone (ideal)", color: COLORS.weights, dash: true },
            ]}
          />
        </div>
      ) : null}
    </AnalysisLayout>
  );
}

function ServeBody({ r }: { r: ServeResult }) {
  const d = r.derivations;
  const dd = (n: string) => d[n] ?? null;
  const cf = r.closedForm;
  return (
    <>
      <h2 class="sub">Simulated</h2>
      <Warnings warnings={r.warnings.filter((w) => w.code !== "prefill-heavy")} />
      <p class="small">
        {r.model.name} on {r.chips} × {r.hardware.name}: {r.scheduler} batching, {r.arrivals}; {r.simulation.requests} requests simulated (seed {r.simulation.seed}, first {r.simulation.warmupDiscarded} discarded),{" "}
        {formatQuantity(r.simulation.simulatedSeconds, "s")} of serving, {formatSignificant(r.simulation.decodeSteps, 6)} decode steps.
      </p>
      <div class="stats">
        <Stat id="serving.rps" label="Requests/s served" value={r.requestsPerSecond} unit="1/s" d={dd("simulated.outputTokensPerSecond")} />
        <Stat id="serving.out" label="Output tokens/s" value={r.outputTokensPerSecond} unit="token/s" d={dd("simulated.outputTokensPerSecond")} hint={cf.outputTokensPerSecond !== null ? `closed form ${formatQuantity(cf.outputTokensPerSecond, "token/s")}` : undefined} />
        <Stat id="serving.perChip" label="Output tokens/s per chip" value={r.outputTokensPerSecondPerChip} unit="token/s" d={dd("simulated.outputTokensPerSecond")} />
        <Stat id="serving.ttft" label="TTFT mean (p99 below)" value={r.ttftSeconds.mean} unit="s" d={dd("simulated.ttftSeconds")} hint={`p50 ${formatQuantity(r.ttftSeconds.p50, "s")} · p99 ${formatQuantity(r.ttftSeconds.p99, "s")}`} />
        <Stat id="serving.tpot" label="TPOT mean (p99 below)" value={r.tpotSeconds.mean} unit="s" d={dd("simulated.tpotSeconds")} hint={`p50 ${formatQuantity(r.tpotSeconds.p50, "s")} · p99 ${formatQuantity(r.tpotSeconds.p99, "s")}`} />
        <Stat id="serving.e2e" label="End-to-end mean" value={r.e2eSeconds.mean} unit="s" d={dd("simulated.e2eSeconds")} hint={`p99 ${formatQuantity(r.e2eSeconds.p99, "s")}`} />
        <Stat id="serving.goodput" label="Goodput (requests/s meeting SLOs)" value={r.goodputRequestsPerSecond.total} unit="1/s" d={dd("simulated.goodputRequestsPerSecond")} />
        <Stat id="serving.batch" label="Mean batch" value={r.meanBatch} unit="sequence" d={dd("simulated.meanBatch")} hint={cf.meanBatch !== null ? `closed form ${formatSignificant(cf.meanBatch, 4)}` : undefined} />
        <Stat id="serving.period" label="Train period (mean decode step)" value={r.trainPeriodSeconds} unit="s" d={dd("simulated.trainPeriodSeconds")} />
        <Stat id="serving.usdOut" label="$ per million output tokens" value={r.usdPerMillionOutputTokens} unit="USD/Mtoken" d={dd("usdPerMillionOutputTokens")} />
        <Stat id="serving.usdIn" label="$ per million input tokens" value={r.usdPerMillionInputTokens} unit="USD/Mtoken" d={dd("usdPerMillionInputTokens")} />
      </div>
      <div class="charts">
        <Chart
          id="serving.timeline"
          title="The train: requests boarding, waiting and riding"
          height={Math.max(180, 48 + 22 * Math.min(11, r.timeline.requests.length + 1))}
          spec={(w, h) => timelineChart(r, w, h)}
          legend={[
            { label: "decode step (a departure)", color: COLORS.weights },
            { label: "prefill pass", color: COLORS.compute },
            { label: "waiting", color: COLORS.marker },
          ]}
        />
        <Chart id="serving.ttftCdf" title="TTFT distribution" height={280} spec={(w, h) => cdfChart(r, "ttft", w, h)} legend={r.classes.map((c, i) => ({ label: c.name, color: COLORS.series[(i + 1) % COLORS.series.length] as string }))} />
        <Chart id="serving.tpotCdf" title="TPOT distribution" height={280} spec={(w, h) => cdfChart(r, "tpot", w, h)} legend={r.classes.map((c, i) => ({ label: c.name, color: COLORS.series[(i + 1) % COLORS.series.length] as string }))} />
      </div>
    </>
  );
}

/** The closed form and the lecture's train: derived at once, before any simulation. */
function ClosedFormBody({ cf: c }: { cf: ReturnType<typeof closedFormServing> }) {
  const d = c.derivations;
  const dd = (n: string) => d[n] ?? null;
  const cf = c.closedForm;
  const l = c.lecture;
  return (
    <>
      <h2 class="sub">Closed form (steady state, derived)</h2>
      <Warnings warnings={c.warnings} />
      <p class="small">{cf.note}.</p>
      <div class="stats">
        <Stat id="serving.cf.max" label="Saturation rate" value={cf.maxRatePerSecond} unit="1/s" d={dd("maxRatePerSecond")} hint={`largest batch that fits: ${formatSignificant(cf.maxBatch, 6)}`} />
        <Stat id="serving.cf.batch" label="Mean batch at this rate" value={cf.meanBatch} unit="sequence" d={dd("meanBatch")} hint={cf.meanBatch === null ? "past saturation: the queue grows" : undefined} />
        <Stat id="serving.cf.tpot" label="TPOT" value={cf.tpotSeconds} unit="s" d={dd("tpotSeconds")} />
        <Stat id="serving.cf.ttft" label="TTFT" value={cf.ttftSeconds} unit="s" d={dd("ttftSeconds")} />
        <Stat id="serving.cf.e2e" label="End-to-end" value={cf.e2eSeconds} unit="s" d={dd("e2eSeconds")} />
        <Stat id="serving.cf.prefill" label="Prefill pass of one prompt, alone" value={cf.prefillSeconds} unit="s" d={dd("prefillSeconds")} hint="the TTFT floor" />
        <Stat id="serving.cf.usdOut" label="$ per million output tokens" value={d["usdPerMillionOutputTokens"]?.value ?? null} unit="USD/Mtoken" d={dd("usdPerMillionOutputTokens")} />
        <Stat id="serving.cf.usdIn" label="$ per million input tokens" value={d["usdPerMillionInputTokens"]?.value ?? null} unit="USD/Mtoken" d={dd("usdPerMillionInputTokens")} />
      </div>
      {l ? (
        <>
          <h2 class="sub">The lecture's train, for this workload</h2>
          <div class="stats">
            <Stat id="serving.trainOptimal" label={l.optimal ? `Train period at the optimal batch (${formatSignificant(l.optimal.batch, 6)})` : "Train at the optimal batch"} value={l.optimal?.periodSeconds ?? null} unit="s" d={dd("trainPeriodAtOptimalBatch")} hint={l.optimal ? undefined : "none: memory-bound at every batch at this context"} />
            <Stat id="serving.trainFull" label={l.full ? `Train period when the batch fills HBM (${formatSignificant(l.full.batch, 6)})` : "Train when the batch fills HBM"} value={l.full?.periodSeconds ?? null} unit="s" d={dd("trainPeriodAtFullBatch")} hint={l.full ? `≈ HBM drain time ${formatQuantity(l.full.drainSeconds, "s")}: the lecture's ~20 ms` : undefined} />
            <Stat id="serving.trainWorst" label="Worst case: just missed it, then ride it" value={l.full?.worstCaseWaitSeconds ?? null} unit="s" d={dd("trainWorstCaseWaitSeconds")} />
            <Stat id="serving.trainFill" label="Arrival rate that keeps that train full" value={l.fillRatePerSecond} unit="1/s" d={dd("trainFillRatePerSecond")} />
            <Stat id="serving.trainTokens" label="Tokens/s of one replica (full train)" value={l.tokensPerSecond} unit="token/s" d={dd("trainTokensPerSecond")} hint={l.dataParallel ? `${l.dataParallel.replicas} replicas: ${formatQuantity(l.dataParallel.tokensPerSecond, "token/s")}, each user still ${formatQuantity(l.dataParallel.perUserTokensPerSecond, "token/s")} — DP adds streams, never faster ticks` : undefined} />
          </div>
        </>
      ) : null}
    </>
  );
}
