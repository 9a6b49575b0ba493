/**
 * Training step: a model on a training layout — step time and where it goes (compute, weight reads,
 * tensor/context/expert/pipeline communication, the bubble, exposed gradient reduction), tokens/s per
 * chip, MFU and HFU; memory per chip (weights, gradients, optimizer state, activations, logits) against
 * HBM; the run for D tokens (chip-hours and days, dollars when a price is known); the pipeline schedule;
 * and a search for the fastest layout on N chips. Every number comes from core's analyzeTrainStep.
 */
import {
  analyzeTrainStep,
  idealTrainEfficiency,
  formatQuantity,
  formatSignificant,
  parseNumber,
  searchTrainLayouts,
  trainStepOptionsFromInputs,
  TRAIN_STEP_PAGE_INPUTS,
  TRAIN_SEARCH_PANEL_INPUTS,
  trainingSchedule,
  trainMicroBatchSweep,
  trainTradeoffs,
  type TrainSweepPoint,
  type TrainTradeoff,
  type EfficiencyMode,
  type TrainSearchResult,
  type TrainStepOptions,
  type TrainStepResult,
} from "@roofline/core";
import { useMemo, useState } from "preact/hooks";
import { Chart } from "../components/Chart.tsx";
import { DataTable } from "../components/DataTable.tsx";
import { AnalysisLayout, ErrorBox, Warnings, type PageProps } from "../components/Layout.tsx";
import { IdealHint, Stat } from "../components/Num.tsx";
import { COLORS, tickFormat } from "../components/chart-style.ts";
import type { ChartSpec } from "../components/svgchart.tsx";
import { attempt, inputOptions, labelNames, resolveHardware, resolveModel } from "../options.ts";
import { InputControl, type Effective } from "../components/Controls.tsx";
import type { AppState } from "../state.ts";
import { NumberInput } from "./economics-common.tsx";
import { compareEach, computed, TRAINING_LAYOUT_DIMS, type CompareDim, type Comparison } from "../compare.ts";
import { compareLegend, overlaid, overlay } from "../components/compare-chart.ts";
import { CompareFailures } from "../components/CompareBar.tsx";
import { Num } from "../components/Num.tsx";

/** What a comparison can change here: the model, the chip and the layout (data, tensor, pipeline parallel). */
const TRAIN_STEP_DIMS: readonly CompareDim[] = ["model", "hardware", ...TRAINING_LAYOUT_DIMS];
type CompareStep = Comparison & { value: TrainStepResult };

/**
 * The page's inputs are TRAIN_STEP_PAGE_INPUTS (train-step's, with its defaults: the library applies
 * them, as for the command; its switches are checkboxes).
 */
function options(state: AppState): TrainStepOptions {
  const T = TRAIN_STEP_PAGE_INPUTS;
  return trainStepOptionsFromInputs(inputOptions(state, T), { model: resolveModel(state), hardware: resolveHardware(state) }, labelNames(T));
}

/** What the engine chose for the layout inputs left unset (what their controls show). */
function layoutDefaults(r: TrainStepResult): Effective {
  const l = r.layout;
  return { microBatches: l.microBatches, virtualStages: l.virtualStages, expertParallel: l.expertParallel, sequenceParallel: l.sequenceParallel };
}

// ---- charts --------------------------------------------------------------------------------------


export function timeChart(r: TrainStepResult, width: number, height: number): ChartSpec {
  const t = r.time;
  const slots = r.layout.microBatches + (r.layout.pipelineParallel - 1) / r.layout.virtualStages;
  const parts: [string, number, string][] = [
    ["compute", Math.max(t.computeSeconds, t.memorySeconds) * r.layout.microBatches, COLORS.compute],
    ["activation traffic", t.activationSeconds * r.layout.microBatches, COLORS.weights],
    ["tensor parallel", t.tensorParallelSeconds * r.layout.microBatches, COLORS.series[2] as string],
    ["context parallel", t.contextParallelSeconds * r.layout.microBatches, COLORS.series[3] as string],
    ["expert all-to-all", t.expertSeconds * r.layout.microBatches, COLORS.series[4] as string],
    ["pipeline send", t.pipelineSendSeconds * r.layout.microBatches, COLORS.series[5] as string],
    ["bubble", t.pipelineSeconds - t.microBatchSeconds * r.layout.microBatches, COLORS.marker],
    ["DP exposed", t.exposedDataParallelSeconds, COLORS.kv],
    ["optimizer", t.optimizerSeconds, COLORS.weights],
  ];
  const rows = parts.map((p) => p[0]);
  return {
    title: `Where the ${formatQuantity(t.stepSeconds, "s")} step goes (${formatSignificant(slots, 4)} micro-batch slots)`,
    width,
    height,
    x: { type: "linear", label: "seconds per step →", format: tickFormat("s"), zero: true },
    y: { rows, label: "" },
    spans: parts.map(([row, v, color]) => ({ row, x1: 0, x2: Math.max(0, v), color, opacity: 0.85, label: formatQuantity(Math.max(0, v), "s") })),
    margin: { left: 150 },
  };
}

export function memoryChart(r: TrainStepResult, width: number, height: number): ChartSpec {
  const m = r.memory;
  const parts: [string, number, string][] = [
    ["weights", m.weightBytes, COLORS.weights],
    ["gradients", m.gradientBytes, COLORS.series[2] as string],
    ["optimizer state", m.optimizerBytes, COLORS.series[3] as string],
    ["activations", m.activationBytes, COLORS.kv],
    ["logits", m.logitBytes, COLORS.series[5] as string],
    ["total", m.totalBytes, m.fits ? COLORS.compute : COLORS.marker],
  ];
  return {
    title: `Memory per chip: ${formatQuantity(m.totalBytes, "B")} of ${formatQuantity(m.usableBytes, "B")} usable`,
    width,
    height,
    x: { type: "linear", label: "bytes per chip →", format: tickFormat("B"), zero: true, domain: [0, Math.max(m.totalBytes, m.capacityBytes) * 1.05] },
    y: { rows: parts.map((p) => p[0]), label: "" },
    spans: parts.map(([row, v, color]) => ({ row, x1: 0, x2: v, color, opacity: 0.85, label: formatQuantity(v, "B") })),
    rulesX: [{ at: m.usableBytes, color: COLORS.marker, dash: "4 3", label: "usable HBM" }],
    margin: { left: 150 },
  };
}

export function scheduleChart(r: TrainStepResult, width: number, height: number): ChartSpec {
  const P = r.layout.pipelineParallel;
  const m = Math.min(r.layout.microBatches, 32);
  const s = trainingSchedule({ stages: P, microBatches: m, kind: r.layout.schedule === "gpipe" ? "gpipe" : "1f1b", forwardSeconds: r.time.microBatchSeconds / 3 });
  const rows = Array.from({ length: P }, (_, i) => `stage ${i}`);
  return {
    title: `Pipeline schedule (${r.layout.schedule === "gpipe" ? "GPipe" : r.layout.schedule === "interleaved" ? "drawn as 1F1B; interleaving shrinks the ramps v-fold" : "1F1B"}${r.layout.microBatches > m ? `, first ${m} of ${r.layout.microBatches} micro-batches` : ""}): bubble ${formatSignificant(r.time.bubbleFraction * 100, 3)}%`,
    width,
    height,
    x: { type: "linear", label: "time →", format: tickFormat("s"), zero: true },
    y: { rows, label: "stage" },
    spans: s.blocks.map((b) => ({ row: `stage ${b.stage}`, x1: b.start, x2: b.end, color: b.kind === "forward" ? COLORS.compute : COLORS.kv, opacity: 0.55 + 0.4 * ((b.microbatch % 4) / 4), label: `${b.kind === "forward" ? "F" : "B"}${b.microbatch}` })),
  };
}

/** A chart of the page's step with each comparison's values as points on the same rows. */
function withCompares(chart: (r: TrainStepResult, w: number, h: number) => ChartSpec, r: TrainStepResult, compares: readonly CompareStep[], width: number, height: number): ChartSpec {
  return overlay(chart(r, width, height), overlaid(compares, (v) => chart(v, width, height)));
}

/** Each scenario's step: layout, step time, tokens/s per chip, MFU and memory per chip (core's derivations). */
function CompareSteps({ r, compares }: { r: TrainStepResult; compares: readonly CompareStep[] }) {
  const layout = (x: TrainStepResult) => `D${x.layout.dataParallel} T${x.layout.tensorParallel} P${x.layout.pipelineParallel}`;
  return (
    <table class="compare-table" data-compare-table>
      <caption class="visually-hidden">The step of each scenario</caption>
      <thead>
        <tr>
          <th scope="col">scenario</th>
          <th scope="col">layout</th>
          <th scope="col">step (expected)</th>
          <th scope="col">tokens/s per chip</th>
          <th scope="col">MFU</th>
          <th scope="col">memory per chip</th>
        </tr>
      </thead>
      <tbody>
        <tr data-compare-row="page">
          <th scope="row">this scenario</th>
          <td>{layout(r)}</td>
          <td class="num-col">{formatQuantity(r.time.stepSeconds, "s")}</td>
          <td class="num-col">{formatSignificant(r.tokensPerSecondPerChip, 4)}</td>
          <td class="num-col">{formatSignificant(r.mfu * 100, 3)}%</td>
          <td class="num-col">{formatQuantity(r.memory.totalBytes, "B")}</td>
        </tr>
        {compares.map((c, i) => (
          <tr key={c.label} data-compare-row={i}>
            <th scope="row">vs {c.label}</th>
            <td>{layout(c.value)}</td>
            <td class="num-col">
              <Num id={`train-step.compare.${i}.stepSeconds`} value={c.value.time.stepSeconds} unit="s" d={c.value.derivations["stepSeconds"] ?? null} />
            </td>
            <td class="num-col">
              <Num id={`train-step.compare.${i}.tokensPerSecondPerChip`} value={c.value.tokensPerSecondPerChip} unit="token/s" d={c.value.derivations["tokensPerSecondPerChip"] ?? null} />
            </td>
            <td class="num-col">
              <Num id={`train-step.compare.${i}.mfu`} value={c.value.mfu} unit="1" text={`${formatSignificant(c.value.mfu * 100, 3)}%`} d={c.value.derivations["mfu"] ?? null} />
            </td>
            <td class="num-col">
              <Num id={`train-step.compare.${i}.memory`} value={c.value.memory.totalBytes} unit="B" d={c.value.derivations["memoryBytesPerChip"] ?? null} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

// ---- page ----------------------------------------------------------------------------------------

export function TrainStepPage({ state, set }: PageProps) {
  const result = useMemo(() => attempt(() => analyzeTrainStep(options(state))), [state]);
  // The same layout with every efficiency term at its most optimistic: the ideal, a bound on the expected step.
  const ideal = useMemo(() => (result.ok ? attempt(() => analyzeTrainStep({ ...options(state), efficiency: idealTrainEfficiency() })) : null), [state, result.ok]);
  const compareList = useMemo(() => compareEach(state, (s) => analyzeTrainStep(options(s)), TRAIN_STEP_DIMS), [state]);
  const extras = useMemo(() => (result.ok ? attempt(() => ({ sweep: trainMicroBatchSweep(options(state)), trades: trainTradeoffs(options(state)) })) : null), [state, result.ok]);
  const [search, setSearch] = useState<{ result: TrainSearchResult | null; error: string | null }>({ result: null, error: null });
  const [chips, setChips] = useState("64");
  const runSearch = () => {
    const made = attempt(() => {
      const o = options(state);
      const n = parseNumber(chips, "chips to search on", { what: "chips", integer: true, min: 1, max: 1e5 });
      const S = o.layout.sequenceLength;
      const mode = inputOptions(state, TRAIN_SEARCH_PANEL_INPUTS)["efficiency"] as EfficiencyMode | undefined;
      return searchTrainLayouts({ ...o, chips: n, ...(S !== undefined ? { sequenceLength: S } : {}), top: 10, ...(mode ? { efficiencyMode: mode } : {}) });
    });
    setSearch(made.ok ? { result: made.value, error: null } : { result: null, error: made.message });
  };
  const use = (l: TrainStepResult["layout"]) => {
    const next: Record<string, number | string> = { ...state.inputs, dataParallel: l.dataParallel, tensorParallel: l.tensorParallel, pipelineParallel: l.pipelineParallel, contextParallel: l.contextParallel, expertParallel: l.expertParallel, microBatch: l.microBatch, microBatches: l.microBatches, zeroStage: l.zeroStage, schedule: l.schedule, recompute: l.recompute };
    if (l.schedule === "interleaved") next["virtualStages"] = l.virtualStages;
    else delete next["virtualStages"];
    set({ inputs: next });
  };
  return (
    <AnalysisLayout
      state={state}
      set={set}
      table={TRAIN_STEP_PAGE_INPUTS}
      effective={result.ok ? layoutDefaults(result.value) : {}}
      compare={TRAIN_STEP_DIMS}
      intro={
        <>
          <p>
            One training step, predicted rather than assumed: 6 FLOP per parameter per token plus causal attention (and recomputation), at the expected matmul efficiency; the weights read again for every
            micro-batch (micro-batching cannot amortise them); tensor, context, expert and pipeline communication; the bubble (P−1)/(v·m+P−1); and the gradient reduction that the last backward does not hide.
            Memory per chip by ZeRO stage, recomputation and reversible layers. Empty fields take the engine's defaults.
          </p>
        </>
      }
    >
      <CompareFailures list={compareList} />
      {result.ok ? <Body r={result.value} ideal={ideal?.ok ? ideal.value : null} compares={computed(compareList)} /> : <ErrorBox message={result.message} details={result.details} />}
      {result.ok && extras?.ok ? <Tradeoffs r={result.value} sweep={extras.value.sweep} trades={extras.value.trades} /> : null}
      <h2 class="sub">Search layouts</h2>
      <div class="inline-inputs">
        <NumberInput id="train-step-search-chips" label="Chips:" value={chips} onChange={setChips} />
        {TRAIN_SEARCH_PANEL_INPUTS.inputs.map((d) => (
          <InputControl key={d.id} def={d} state={state} set={set} effective={{}} idPrefix="train-search" />
        ))}
        <p class="small">
          <button type="button" data-action="train-search" onClick={runSearch}>
            Find the fastest layout
          </button>
        </p>
      </div>
      {search.error ? <ErrorBox message={search.error} /> : null}
      {search.result ? <SearchTable r={search.result} onUse={use} /> : null}
    </AnalysisLayout>
  );
}

function Body({ r, ideal, compares }: { r: TrainStepResult; ideal: TrainStepResult | null; compares: readonly CompareStep[] }) {
  const d = r.derivations;
  const dd = (k: string) => d[k] ?? null;
  const idd = (k: string) => ideal?.derivations[k] ?? null;
  return (
    <>
      <Warnings warnings={r.warnings} />
      {compares.length ? <CompareSteps r={r} compares={compares} /> : null}
      <div class="stats">
        <Stat id="train-step.stepSeconds" label="Step time (expected)" value={r.time.stepSeconds} unit="s" d={dd("stepSeconds")} hint={
            <>
              {`${r.chips} chips, ${formatSignificant(r.globalBatchTokens, 4)} tokens per step`}
              {ideal ? (
                <>
                  {" · "}
                  <IdealHint id="train-step.ideal.stepSeconds" value={ideal.time.stepSeconds} unit="s" d={idd("stepSeconds")} />
                </>
              ) : null}
            </>
          }
        />
        <Stat id="train-step.tokensPerSecondPerChip" label="Tokens/s per chip" value={r.tokensPerSecondPerChip} unit="token/s" d={dd("tokensPerSecondPerChip")} hint={ideal ? <IdealHint id="train-step.ideal.tokensPerSecondPerChip" value={ideal.tokensPerSecondPerChip} unit="token/s" d={idd("tokensPerSecondPerChip")} /> : undefined} />
        <Stat id="train-step.mfu" label={`MFU (÷ ${r.precision.toUpperCase()} peak)`} value={r.mfu} unit="1" d={dd("mfu")} text={`${formatSignificant(r.mfu * 100, 3)}%`} hint={ideal ? <IdealHint id="train-step.ideal.mfu" value={ideal.mfu} unit="1" d={idd("mfu")} text={`${formatSignificant(ideal.mfu * 100, 3)}%`} /> : undefined} />
        <Stat id="train-step.hfu" label="HFU (with recomputation)" value={r.hfu} unit="1" d={dd("hfu")} text={`${formatSignificant(r.hfu * 100, 3)}%`} />
        <Stat id="train-step.bubble" label="Pipeline bubble" value={r.time.bubbleFraction} unit="1" d={dd("bubbleFraction")} text={`${formatSignificant(r.time.bubbleFraction * 100, 3)}%`} />
        <Stat id="train-step.memory" label="Memory per chip" value={r.memory.totalBytes} unit="B" d={dd("memoryBytesPerChip")} hint={r.memory.fits ? "fits" : "does not fit"} />
        <Stat id="train-step.maxMicroBatch" label="Largest micro-batch that fits" value={r.memory.maxMicroBatch} unit="sequence" d={dd("maxMicroBatch")} />
        {r.run ? <Stat id="train-step.chipHours" label="Chip-hours for D tokens" value={r.run.chipHours} unit="1" d={dd("chipHours")} /> : null}
        {r.run ? (
          <Stat id="train-step.calendar" label="Calendar time" value={r.run.calendarSeconds} unit="s" d={dd("calendarSeconds")} hint={
              <>
                {`on ${r.chips} chips, no restarts`}
                {ideal?.run ? (
                  <>
                    {" · "}
                    <IdealHint id="train-step.ideal.calendarSeconds" value={ideal.run.calendarSeconds} unit="s" d={idd("calendarSeconds")} />
                  </>
                ) : null}
              </>
            }
          />
        ) : null}
        {r.run ? <Stat id="train-step.usd" label="Cost" value={r.run.usd} unit="USD" d={dd("usd")} /> : null}
      </div>
      <div class="charts">
        <Chart id="train-step-time" title="Where the step goes" spec={(w, h) => withCompares(timeChart, r, compares, w, h)} height={280} legend={compareLegend(compares).map((l) => ({ ...l, label: `${l.label} (its time per part)` }))} />
        <Chart id="train-step-memory" title="Memory per chip" spec={(w, h) => withCompares(memoryChart, r, compares, w, h)} height={260} legend={compareLegend(compares).map((l) => ({ ...l, label: `${l.label} (its bytes per part)` }))} />
        {r.layout.pipelineParallel > 1 && r.layout.pipelineParallel <= 64 ? <Chart id="train-step-schedule" title="Pipeline schedule" spec={(w, h) => scheduleChart(r, w, h)} height={Math.min(420, 60 + 22 * r.layout.pipelineParallel)} /> : null}
      </div>
    </>
  );
}

export function sweepChart(points: readonly TrainSweepPoint[], current: number, width: number, height: number): ChartSpec {
  return {
    title: "MFU and the bubble against micro-batches per step (global batch grows with m)",
    width,
    height,
    x: { type: "log", label: "micro-batches per step m →", format: tickFormat("1") },
    y: { type: "linear", label: "↑ share", format: (v) => `${formatSignificant(v * 100, 3)}%`, zero: true, domain: [0, 1] },
    lines: [
      { points: points.map((p) => ({ x: p.microBatches, y: p.mfu })), color: COLORS.compute, width: 2, label: "MFU" },
      { points: points.map((p) => ({ x: p.microBatches, y: p.bubbleFraction })), color: COLORS.marker, width: 2, label: "bubble" },
    ],
    rulesX: [{ at: current, color: COLORS.step, dash: "4 3", label: `m = ${current}` }],
  };
}

function Tradeoffs({ r, sweep, trades }: { r: TrainStepResult; sweep: readonly TrainSweepPoint[]; trades: readonly TrainTradeoff[] }) {
  const label = (t: TrainTradeoff) => (t.reversible ? "reversible layers" : `recompute ${t.recompute}`);
  return (
    <>
      <h2 class="sub">Trade-offs</h2>
      <div class="charts">
        {r.layout.pipelineParallel > 1 ? <Chart id="train-step-sweep" title="Bubble vs micro-batches" spec={(w, h) => sweepChart(sweep, r.layout.microBatches, w, h)} height={280} legend={[{ label: "MFU", color: COLORS.compute }, { label: "bubble", color: COLORS.marker }]} /> : null}
      </div>
      <DataTable
        id="train-step.tradeoffs"
        title="Memory for time: recomputation, reversible layers and ZeRO stages on this layout"
        rows={trades}
        rowKey={(t) => `${label(t)}-${t.zeroStage}`}
        columns={[
          { key: "mode", label: "activations", value: (t) => label(t) },
          { key: "zero", label: "ZeRO", value: (t) => t.zeroStage, numeric: true },
          { key: "memory", label: "memory/chip", value: (t) => t.memoryBytes, cell: (t) => `${formatQuantity(t.memoryBytes, "B")}${t.fits ? "" : " (over)"}`, numeric: true },
          { key: "step", label: "step", value: (t) => t.stepSeconds, cell: (t) => formatQuantity(t.stepSeconds, "s"), numeric: true },
          { key: "mfu", label: "MFU", value: (t) => t.mfu, cell: (t) => `${formatSignificant(t.mfu * 100, 3)}%`, numeric: true },
          { key: "hfu", label: "HFU", value: (t) => t.hfu, cell: (t) => `${formatSignificant(t.hfu * 100, 3)}%`, numeric: true },
        ]}
      />
    </>
  );
}

function SearchTable({ r, onUse }: { r: TrainSearchResult; onUse: (l: TrainStepResult["layout"]) => void }) {
  return (
    <>
      <p class="small">
        {r.evaluated} layouts evaluated, {r.fitting} fit in memory, ranked by <span data-search-efficiency>{r.efficiency}</span> step times
        {r.efficiency === "ideal" ? " (every efficiency term at its most optimistic: a bound)" : " (the efficiency model)"}. The fastest on all chips:
      </p>
      <DataTable
        id="train-step.search"
        title="Fastest layouts"
        rows={r.fastest}
        rowKey={(x) => JSON.stringify(x.layout)}
        columns={[
          { key: "layout", label: "layout", value: (x) => `D${x.layout.dataParallel} T${x.layout.tensorParallel} P${x.layout.pipelineParallel} C${x.layout.contextParallel} E${x.layout.expertParallel} b${x.layout.microBatch}×${x.layout.microBatches} ${x.layout.schedule} ${x.layout.recompute} Z${x.layout.zeroStage}` },
          { key: "step", label: "step", value: (x) => x.stepSeconds, cell: (x) => formatQuantity(x.stepSeconds, "s"), numeric: true },
          { key: "tps", label: "tokens/s/chip", value: (x) => x.tokensPerSecondPerChip, cell: (x) => formatSignificant(x.tokensPerSecondPerChip, 4), numeric: true },
          { key: "mfu", label: "MFU", value: (x) => x.mfu, cell: (x) => `${formatSignificant(x.mfu * 100, 3)}%`, numeric: true },
          { key: "mem", label: "memory/chip", value: (x) => x.memoryBytes, cell: (x) => formatQuantity(x.memoryBytes, "B"), numeric: true },
          {
            key: "use",
            label: "",
            value: () => null,
            cell: (x) => (
              <button type="button" data-action="use-train-layout" onClick={() => onUse(x.layout)}>
                use
              </button>
            ),
          },
        ]}
      />
    </>
  );
}
