/**
 * Serving: a workload (input/output lengths, a rate, SLOs) on the sidebar's model and system. The
 * simulation and the closed form come from core (analyzeServing, rateSweep, frontier); this page
 * schedules them in slices (a progress bar, a Cancel button) and charts them: the train as a timeline,
 * latency distributions per class, goodput and throughput against rate, and the throughput–
 * interactivity frontier. Every number opens its derivation — simulated ones say how they were made.
 */
import {
  analyzeServing,
  joinClassMix,
  parseTrace,
  splitClassMix,
  type ClassMixRow,
  type ServeFiles,
  closedFormServing,
  concurrencyGrid,
  formatQuantity,
  formatSignificant,
  frontier,
  rateSweep,
  serveOptions as coreServeOptions,
  SERVE_PAGE_INPUTS,
  suggestedRequests,
  type FrontierPoint,
  type RatePoint,
  type ServeOptions,
  type ServeResult,
} from "@roofline/core";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { Chart } from "../components/Chart.tsx";
import { COLORS, tickFormat } from "../components/chart-style.ts";
import { AnalysisLayout, ErrorBox, Warnings, type PageProps } from "../components/Layout.tsx";
import { Stat } from "../components/Num.tsx";
import type { ChartSpec, LineMark, SpanMark } from "../components/svgchart.tsx";
import { attempt, inputOptions, rooflineOptions } from "../options.ts";
import { setInput } from "../components/Controls.tsx";
import type { AppState } from "../state.ts";
import { CapacityPanel } from "./serving-capacity.tsx";
import { ServingEnergy, SERVING_DIMS } from "./serving-energy.tsx";
import { SimCompareTable, useServingCompares, withSimCompares, type SimCompares } from "./serving-compare.tsx";
import { compareLegend } from "../components/compare-chart.ts";

/**
 * The workload as ServeOptions, from the page's inputs (the serve table, as `roofline serve` reads its
 * flags). Unset, the rate is half the closed form's saturation rate and the requests about 20 request
 * lifetimes of arrivals (at most MAIN_REQUESTS_CAP, so that the page stays quick).
 */
function serveOptions(state: AppState, trace: PastedTrace | null): { o: ServeOptions; cf: ReturnType<typeof closedFormServing> } {
  const given = inputOptions(state, SERVE_PAGE_INPUTS);
  const files: ServeFiles = trace ? { trace: parseTrace(trace.text, `trace ${trace.name}`, MAX_PAGE_TRACE_REQUESTS) } : {};
  const o = coreServeOptions(rooflineOptions(state, SERVE_PAGE_INPUTS), given, files, { defaultRate: (x) => Math.max(closedFormServing(x).closedForm.maxRatePerSecond * 0.5, 1e-6) });
  if (given["requests"] === undefined) o.requests = Math.min(MAIN_REQUESTS_CAP, suggestedRequests(o));
  const a = o.workload.arrivals;
  return { o, cf: closedFormServing(o, a.kind === "closed" || o.trace ? null : a.ratePerSecond, true) };
}

/** A JSON Lines trace pasted or opened on the page (kept in the page, not in the URL: traces are large). */
interface PastedTrace {
  text: string;
  name: string;
}

/** Requests a pasted trace may hold (the page simulates it in one slice). */
const MAX_PAGE_TRACE_REQUESTS = 200_000;

/** A cell of the class table: typing is kept while the page redraws; the value is applied when the cell is left. */
function Cell({ value, label, size, onCommit }: { value: string; label: string; size: number; onCommit: (v: string) => void }) {
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <input
      type="text"
      class="text"
      size={size}
      aria-label={label}
      spellcheck={false}
      value={draft ?? value}
      onInput={(e) => setDraft((e.currentTarget as HTMLInputElement).value)}
      onChange={(e) => {
        setDraft(null);
        onCommit((e.currentTarget as HTMLInputElement).value);
      }}
    />
  );
}

/** The traffic classes as a small table: it writes the class mix (one input, `mix` in the URL, `--class-mix` in the CLI). */
function ClassEditor({ state, set }: { state: AppState; set: (p: Partial<AppState>) => void }) {
  const text = typeof state.inputs["classMix"] === "string" ? state.inputs["classMix"] : "";
  const rows = splitClassMix(text);
  const write = (next: ClassMixRow[]) => setInput(state, set, "classMix", next.length ? joinClassMix(next) : null);
  const columns: { key: string; label: string }[] = [
    { key: "share", label: "share" },
    { key: "in", label: "input tokens" },
    { key: "out", label: "output tokens" },
    { key: "ttft", label: "SLO TTFT, ms" },
    { key: "tpot", label: "SLO TPOT, ms" },
  ];
  const edit = (i: number, key: string | null, value: string) => {
    const next = rows.map((r) => ({ name: r.name, fields: { ...r.fields } }));
    const row = next[i] as ClassMixRow;
    if (key === null) row.name = value.trim().replace(/\s+/g, "-") || `class${i + 1}`;
    else row.fields[key] = value.trim().replace(/\s+/g, "");
    write(next);
  };
  return (
    <details class="class-editor" open={rows.length > 0} data-class-editor>
      <summary>Traffic classes ({rows.length || 1})</summary>
      <p class="small">Each class has a share of the requests, its own lengths and SLOs; an empty field takes the sidebar's input. The classes travel in the address.</p>
      {rows.length ? (
        <table class="compare-table">
          <thead>
            <tr>
              <th>class</th>
              {columns.map((c) => (
                <th key={c.key}>{c.label}</th>
              ))}
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={`${i}-${r.name}`} data-class-row={r.name}>
                <td>
                  <Cell size={8} label={`name of class ${i + 1}`} value={r.name} onCommit={(v) => edit(i, null, v)} />
                </td>
                {columns.map((c) => (
                  <td key={c.key}>
                    <Cell size={c.key === "in" || c.key === "out" ? 12 : 6} label={`${c.label} of class ${r.name}`} value={r.fields[c.key] ?? ""} onCommit={(v) => edit(i, c.key, v)} />
                  </td>
                ))}
                <td>
                  <button type="button" aria-label={`Remove class ${r.name}`} onClick={() => write(rows.filter((_, k) => k !== i))}>
                    remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <button
        type="button"
        data-action="add-class"
        onClick={() => write([...(rows.length ? rows : [{ name: "default", fields: { share: "1" } }]), { name: `class${Math.max(2, rows.length + 1)}`, fields: { share: "1" } }])}
      >
        Add a class
      </button>
    </details>
  );
}

/** Paste or open a JSON Lines trace: its requests replace the generated workload (rate sweep and frontier need generated arrivals). */
function TraceInput({ trace, setTrace }: { trace: PastedTrace | null; setTrace: (t: PastedTrace | null) => void }) {
  const [text, setText] = useState(trace?.text ?? "");
  return (
    <details class="trace-input" open={trace !== null} data-trace-input>
      <summary>{trace ? `Trace: ${trace.name} (in use)` : "Your own trace: paste JSON Lines"}</summary>
      <label for="trace-text" class="small">
        One request per line, in arrival order: <code>{`{"arrivalSeconds": 0.1, "inputTokens": 800, "outputTokens": 200, "class": "chat", "cachedTokens": 0}`}</code> (class and cachedTokens optional). Not kept in the address.
      </label>
      <textarea id="trace-text" rows={5} spellcheck={false} value={text} onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)} />
      <div class="field-row">
        <button type="button" data-action="use-trace" onClick={() => setTrace(text.trim() ? { text, name: "pasted" } : null)}>
          Use this trace
        </button>
        <label class="file-button">
          Open file…
          <input
            type="file"
            accept=".jsonl,.json,.txt,application/json"
            onChange={(e) => {
              const f = (e.currentTarget as HTMLInputElement).files?.[0];
              if (f) f.text().then((t) => (setText(t), setTrace({ text: t, name: f.name })));
            }}
          />
        </label>
        {trace ? (
          <button type="button" data-action="clear-trace" onClick={() => setTrace(null)}>
            Stop using it
          </button>
        ) : null}
      </div>
    </details>
  );
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
      { points: points.map((p) => ({ x: p.idealPerUser, y: p.idealPerChip })), color: COLORS.weights, width: 1.5, dash: "5 4", label: "decode steps alone (no prefill)" },
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
const FRONTIER_REQUESTS = 1200;
/** The concurrencies the frontier is simulated at: at most about ten of the grid up to the closed form's largest batch. */
function frontierConcurrencies(maxBatch: number): number[] {
  const grid = concurrencyGrid(maxBatch);
  return grid.length > 10 ? grid.filter((_, i) => i % Math.ceil(grid.length / 10) === 0 || i === grid.length - 1) : grid;
}

export function ServingPage({ state, set }: PageProps) {
  const [trace, setTrace] = useState<PastedTrace | null>(null);
  const key = JSON.stringify([state.model, state.config, state.hardware, state.inputs, trace ? [trace.name, trace.text.length, trace.text.slice(0, 200)] : null]);
  const prepared = useMemo(() => attempt(() => serveOptions(state, trace)), [key, trace]);
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
    // A trace fixes its own arrivals: no rate sweep, no closed loops.
    for (const f of o.trace ? [] : RATE_FRACTIONS) {
      slices.push(() => {
        const s = rateSweep(o, [f], SWEEP_REQUESTS, SWEEP_REQUESTS_CAP);
        push({ maxRate: s.maxRatePerSecond, rates: [...acc.rates, ...s.points] });
      });
    }
    const cs = frontierConcurrencies(prepared.value.cf.closedForm.maxBatch);
    for (const c of o.trace ? [] : cs) slices.push(() => push({ frontier: [...acc.frontier, ...frontier(o, [c], FRONTIER_REQUESTS)] }));
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

  // Comparisons are simulated too (after the page's own job), and drawn on its simulated charts.
  const sim = useServingCompares(state, (s) => serveOptions(s, trace).o, prepared.ok && !trace, key, { fractions: RATE_FRACTIONS, requests: SWEEP_REQUESTS, cap: SWEEP_REQUESTS_CAP, concurrencies: (x) => frontierConcurrencies(closedFormServing(x).closedForm.maxBatch), frontierRequests: FRONTIER_REQUESTS });
  const arrivals = prepared.ok ? prepared.value.o.workload.arrivals : null;
  const effective = prepared.ok ? { arrivalRate: arrivals && arrivals.kind !== "closed" ? arrivals.ratePerSecond : null, requests: prepared.value.o.requests ?? null } : {};
  const hints: Record<string, string> = {};
  if (state.inputs["arrivalRate"] === undefined && arrivals?.kind !== "closed") hints["arrivalRate"] = "unset: half the closed form's saturation rate";
  if (state.inputs["requests"] === undefined) hints["requests"] = "unset: about 20 request lifetimes of arrivals";
  hints["inputTokens"] = "a number, or uniform:500:1500, normal:1000:200, lognormal:1000:0.6, hist:128=0.3,2048=0.7";
  const noSlo = state.inputs["sloTtftMs"] === undefined && state.inputs["sloTpotMs"] === undefined && !/\b(ttft|tpot)=/.test(String(state.inputs["classMix"] ?? ""));
  const stepTimes = state.inputs["efficiency"] === "ideal" ? "ideal" : "expected";
  return (
    <AnalysisLayout
      state={state}
      set={set}
      table={SERVE_PAGE_INPUTS}
      compare={SERVING_DIMS}
      effective={effective}
      hints={hints}
      intro={
        <>
          <p>
            From one step to a workload. Requests arrive (Poisson, bursty, or a closed loop of users), wait for the next departure, ride a prefill pass to their first token, then ride the decode train until
            their last. The simulation runs every step on the compiled step kernel; the closed form beside it derives the steady state. Goodput counts only requests that meet their SLOs: past saturation
            throughput holds while goodput collapses. Step times are {stepTimes === "expected" ? "expected (the efficiency model's calibrated times; choose ideal under Efficiency for the roofline bound)" : "the ideal roofline: a bound"}. The inputs are{" "}
            <code>roofline serve</code>'s.
          </p>
          {noSlo ? (
            <p class="small">
              No SLO is set, so goodput equals throughput.{" "}
              <button type="button" data-action="typical-slo" onClick={() => set({ inputs: { ...state.inputs, sloTtftMs: 2000, sloTpotMs: 50 } })}>
                Use p99 TTFT ≤ 2 s, TPOT ≤ 50 ms
              </button>
            </p>
          ) : null}
          <ClassEditor state={state} set={set} />
          <TraceInput trace={trace} setTrace={setTrace} />
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
      {prepared.ok && !prepared.value.o.trace && prepared.value.o.workload.arrivals.kind !== "closed" ? (
        <ServingEnergy o={prepared.value.o} rate={prepared.value.o.workload.arrivals.ratePerSecond} state={state} optionsOf={(s) => serveOptions(s, trace).o} />
      ) : null}
      {job.main ? <ServeBody r={job.main} compares={sim.sims} /> : null}
      {job.rates.length > 1 ? (
        <div class="charts">
          <Chart
            id="serving.rate"
            title="Goodput and throughput against rate"
            spec={(w, h) => withSimCompares(rateChart(job.rates, job.maxRate, w, h), sim.sims, (v) => (v.rates.length > 1 ? rateChart(v.rates, v.maxRate, w, h) : null), (l) => (l.startsWith("goodput") ? "goodput" : l))}
            legend={[
              { label: "throughput", color: COLORS.step },
              { label: "goodput (meets every SLO)", color: COLORS.kv },
              { label: "saturation (closed form)", color: COLORS.compute, dash: true },
              ...compareLegend(sim.sims).map((l) => ({ ...l, label: `${l.label} (throughput, goodput)` })),
            ]}
          />
        </div>
      ) : null}
      {job.frontier.length > 1 ? (
        <div class="charts">
          <Chart
            id="serving.frontier"
            title="Throughput–interactivity frontier"
            spec={(w, h) => withSimCompares(frontierChart(job.frontier, w, h), sim.sims, (v) => (v.frontier.length > 1 ? frontierChart(v.frontier, w, h) : null), (l) => (l.startsWith("simulated") ? null : l), (l) => l.startsWith("simulated"))}
            legend={[
              { label: "simulated, closed loop at each concurrency", color: COLORS.step },
              // At the page's step times (expected unless ideal is chosen): a bound on the simulation only with ideal step times.
              { label: `decode steps alone (no prefill; ${stepTimes} step times)`, color: COLORS.weights, dash: true },
              ...compareLegend(sim.sims).map((l) => ({ ...l, label: `${l.label} (simulated)` })),
            ]}
          />
        </div>
      ) : null}
      <CapacityPanel state={state} set={set} serve={prepared.ok && !prepared.value.o.trace && prepared.value.o.workload.arrivals.kind !== "closed" ? prepared.value.o : null} />
    </AnalysisLayout>
  );
}

function ServeBody({ r, compares }: { r: ServeResult; compares: SimCompares }) {
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
        <Chart id="serving.ttftCdf" title="TTFT distribution" height={280} spec={(w, h) => withSimCompares(cdfChart(r, "ttft", w, h), compares, (v) => (v.main ? cdfChart(v.main, "ttft", w, h) : null))} legend={[...r.classes.map((c, i) => ({ label: c.name, color: COLORS.series[(i + 1) % COLORS.series.length] as string })), ...compareLegend(compares)]} />
        <Chart id="serving.tpotCdf" title="TPOT distribution" height={280} spec={(w, h) => withSimCompares(cdfChart(r, "tpot", w, h), compares, (v) => (v.main ? cdfChart(v.main, "tpot", w, h) : null))} legend={[...r.classes.map((c, i) => ({ label: c.name, color: COLORS.series[(i + 1) % COLORS.series.length] as string })), ...compareLegend(compares)]} />
      </div>
      <SimCompareTable here={r} compares={compares} />
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
