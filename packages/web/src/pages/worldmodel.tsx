/**
 * World models: the crib sheet's first table, live. The tier ladder ($ per mile, log scale), the
 * fan-out chart (branches per GPU vs window length: HBM-bound) and the tick-budget bar (compute vs
 * communication per tick at each tensor-parallel degree, against the tick). Every number opens its
 * derivation; the crib sheet's quotes are listed beside the derivations.
 */
import {
  analyzeWorldModel,
  FIDELITY_DESCRIPTIONS,
  formatQuantity,
  formatSignificant,
  WORLD_MODELS,
  WORLDMODEL_INPUTS,
  worldModelOptions,
  type FidelityLevel,
  type WorldModelResult,
} from "@roofline/core";
import { useMemo } from "preact/hooks";
import { Chart } from "../components/Chart.tsx";
import { DataTable } from "../components/DataTable.tsx";
import { AnalysisLayout, ErrorBox, Warnings, type PageProps } from "../components/Layout.tsx";
import { Stat } from "../components/Num.tsx";
import { COLORS, tickFormat } from "../components/chart-style.ts";
import type { ChartSpec } from "../components/svgchart.tsx";
import { attempt, inputOptions, labelNames, resolveHardware } from "../options.ts";
import { compareEach, computed, tableDims, type Comparison } from "../compare.ts";
import { compareLegend, overlaid, overlay } from "../components/compare-chart.ts";
import { CompareFailures } from "../components/CompareBar.tsx";
import type { AppState } from "../state.ts";
import type { Effective } from "../components/Controls.tsx";
import { Notes } from "./economics-common.tsx";

const TIER_COLORS: Record<string, string> = { "log-replay": COLORS.marker, "object-sim": COLORS.weights, student: COLORS.kv, teacher: COLORS.compute };

export function tierLadderChart(r: WorldModelResult, width: number, height: number): ChartSpec {
  const rows = r.tiers.map((t) => t.name);
  const lo = Math.min(...r.tiers.map((t) => t.usdPerMile).filter((v) => v > 0)) / 10;
  return {
    title: "Simulation tiers: $ per mile",
    width,
    height,
    x: { type: "log", label: "$ per mile →", format: tickFormat("USD") },
    y: { rows, label: "tier" },
    spans: r.tiers.map((t) => ({ row: t.name, x1: lo, x2: Math.max(t.usdPerMile, lo), color: TIER_COLORS[t.id] ?? COLORS.step, opacity: t.id === r.cheapestTier.id ? 0.95 : 0.6, label: formatQuantity(t.usdPerMile, "USD", 3) })),
  };
}

export function fanOutChart(r: WorldModelResult, width: number, height: number): ChartSpec {
  const window = r.fanOut.find((p) => p.branchesPerGpu === r.branchesPerGpu && p.kvBytesPerWindow === r.kvBytesPerWindow);
  return {
    title: "Branches per GPU vs attention window",
    width,
    height,
    x: { type: "linear", label: "frames in the attention window →", format: tickFormat("1"), zero: true },
    y: { type: "linear", label: "↑ branches per GPU (KV windows that fit in HBM)", format: tickFormat("1"), zero: true },
    lines: [{ points: r.fanOut.map((p) => ({ x: p.windowFrames, y: p.branchesPerGpu })), color: COLORS.kv, width: 2, label: "branches per GPU" }],
    dots: window ? [{ x: window.windowFrames, y: window.branchesPerGpu, color: COLORS.compute, r: 5, label: `${window.windowFrames} frames → ${window.branchesPerGpu} branches` }] : [],
  };
}

export function tickBudgetChart(r: WorldModelResult, width: number, height: number): ChartSpec {
  const rows = r.tensorParallelSweep.map((p) => `TP${p.tensorParallel}`);
  const spans = r.tensorParallelSweep.flatMap((p) => [
    { row: `TP${p.tensorParallel}`, x1: 0, x2: p.tickComputeSeconds, color: COLORS.compute, opacity: 0.85, label: "compute" },
    { row: `TP${p.tensorParallel}`, x1: p.tickComputeSeconds, x2: p.tickSeconds, color: COLORS.memory, opacity: 0.85, label: p.tickCommSeconds > 0 ? "comms" : "" },
  ]);

  return {
    title: "Time per tick: compute + communication vs the tick budget",
    width,
    height,
    x: { type: "linear", label: "seconds per tick →", format: tickFormat("s"), zero: true },
    y: { rows, label: "tensor parallel" },
    spans,
    rulesX: [{ at: r.tickBudget.budgetSeconds, color: COLORS.step, dash: "4 3", width: 2, label: `tick budget ${formatQuantity(r.tickBudget.budgetSeconds, "s")}` }],
  };
}

/** The values the engine uses for inputs whose default follows the chosen models (what their controls show). */
function modelDefaults(r: WorldModelResult): Effective {
  const out: Record<string, number | string> = {};
  for (const d of WORLDMODEL_INPUTS.inputs) {
    const q = r.params[d.id];
    if (d.default === null && q) out[d.id] = q.value;
  }
  out["tokensPerStep"] = r.tokensPerStep;
  const student = WORLD_MODELS.find((m) => m.id === r.student.id);
  if (student) {
    out["studentWeightPrecision"] = student.weightPrecision;
    if (student.kv) out["kvPrecision"] = student.kv.kvPrecision;
  }
  return out;
}

/** A comparison changes the chip (its HBM, FLOP/s, links and price) or the KV precision; the world models stay the page's. */
const WORLDMODEL_DIMS = tableDims(WORLDMODEL_INPUTS);
type Compares = readonly (Comparison & { value: WorldModelResult })[];
/** A scenario's world model (the same analysis as `roofline worldmodel`). */
const worldModelOf = (state: AppState) => analyzeWorldModel(worldModelOptions(inputOptions(state, WORLDMODEL_INPUTS), { hardware: resolveHardware(state) }, labelNames(WORLDMODEL_INPUTS)));

export function WorldModelPage({ state, set }: PageProps) {
  const result = useMemo(() => attempt(() => worldModelOf(state)), [state.hardware, state.inputs]);
  const compareList = useMemo(() => compareEach(state, worldModelOf, WORLDMODEL_DIMS), [state.hardware, state.inputs, state.compare, state.model]);
  const question = (result.ok ? result.value.question : (state.inputs["question"] ?? WORLDMODEL_INPUTS.get("question").default)) as FidelityLevel;
  return (
    <AnalysisLayout
      state={state}
      set={set}
      table={WORLDMODEL_INPUTS}
      compare={WORLDMODEL_DIMS}
      effective={result.ok ? modelDefaults(result.value) : {}}
      intro={
        <>
          <p>
            A driving world model generates every camera's frame (and lidar) each tick: 720p through a VAE f8 and 2×2 patches is 3,600 tokens per camera, 12.8K per 100 ms tick (the crib sheet rounds to 12K) — 128K tokens/s per stream,
            thousands of times an LLM's decode. A 30-step diffusion teacher costs dollars per mile; a 4-step distilled student cents. Branching rollouts are bounded by KV windows in HBM, and tensor parallelism cannot meet a 100 ms tick.
          </p>
          <p class="small">The question needs {question}: {FIDELITY_DESCRIPTIONS[question]}.</p>
        </>
      }
    >
      <CompareFailures list={compareList} />
      {result.ok ? <WorldModelBody r={result.value} compares={computed(compareList)} /> : <ErrorBox message={result.message} />}
    </AnalysisLayout>
  );
}

function WorldModelBody({ r, compares }: { r: WorldModelResult; compares: Compares }) {
  // Each comparison on the same charts: its tiers' and ticks' bar ends as points on the page's rows, its fan-out curve dashed.
  const more = (label: string) => compareLegend(compares).map((l) => ({ ...l, label: `${l.label} (${label})` }));
  const d = r.derivations;
  const dd = (name: string) => d[name] ?? null;
  return (
    <>
      <Warnings warnings={r.warnings} />
      <div class="stats">
        <Stat id="worldmodel.tokensPerStep" label="Tokens per step" value={r.tokensPerStep} unit="token" d={dd("tokensPerStep")} hint={r.tokensFrom === "given" ? "given" : "3 cameras × 3,600 + 2K lidar"} />
        <Stat id="worldmodel.streamTokensPerSecond" label="Tokens/s per stream" value={r.streamTokensPerSecond} unit="token/s" d={dd("streamTokensPerSecond")} />
        <Stat id="worldmodel.teacherUsdPerMile" label="Teacher $ per mile" value={r.teacherUsdPerMile} unit="USD" d={dd("teacherUsdPerMile")} />
        <Stat id="worldmodel.studentUsdPerMile" label="Student $ per mile" value={r.studentUsdPerMile} unit="USD" d={dd("studentUsdPerMile")} />
        <Stat id="worldmodel.kvBytesPerWindow" label="KV per window" value={r.kvBytesPerWindow} unit="B" d={dd("kvBytesPerWindow")} />
        <Stat id="worldmodel.branchesPerGpu" label={`Branches per ${r.hardware.name.replace("NVIDIA ", "")}`} value={r.branchesPerGpu} unit="1" d={dd("branchesPerGpu")} />
        <Stat id="worldmodel.fullAttentionRatio" label="Full attention ÷ matmuls" value={r.fullAttentionRatio} unit="1" text={`${formatSignificant(r.fullAttentionRatio, 3)}×`} d={dd("fullAttentionRatio")} />
        <Stat id="worldmodel.tickSeconds" label={`Tick at TP${r.tickBudget.tensorParallel}`} value={r.tickBudget.tickSeconds} unit="s" d={dd("tickSeconds")} hint={r.tickBudget.meetsBudget ? "meets the tick" : `misses the ${formatQuantity(r.tickBudget.budgetSeconds, "s")} tick`} />
        {r.distillation.paybackSeconds !== null ? <Stat id="worldmodel.paybackSeconds" label="Distillation pays back in" value={r.distillation.paybackSeconds} unit="s" d={dd("paybackSeconds")} /> : null}
        <Stat id="worldmodel.nightlyUsd" label="Nightly validation + audit" value={r.validation.totalUsd} unit="USD" d={dd("nightlyUsd")} />
      </div>
      <div class="charts">
        <Chart
          id="worldmodel-tiers"
          title={`Tier ladder — cheapest for this question: ${r.cheapestTier.name}`}
          spec={(w, h) => overlay(tierLadderChart(r, w, h), overlaid(compares, (v) => tierLadderChart(v, w, h)))}
          height={220}
          legend={[...r.tiers.map((t) => ({ label: t.name, color: TIER_COLORS[t.id] ?? COLORS.step })), ...more("$ per mile, points")]}
        />
        <Chart id="worldmodel-fanout" title="Fan-out is HBM-bound: branches per GPU vs window" spec={(w, h) => overlay(fanOutChart(r, w, h), overlaid(compares, (v) => fanOutChart(v, w, h)))} legend={[{ label: "branches per GPU", color: COLORS.kv }, ...more("branches per GPU")]} />
        <Chart
          id="worldmodel-tick"
          title="Tick budget: compute vs communication"
          spec={(w, h) => overlay(tickBudgetChart(r, w, h), overlaid(compares, (v) => tickBudgetChart(v, w, h)))}
          height={240}
          legend={[
            { label: "compute", color: COLORS.compute },
            { label: "communication (ring all-reduce)", color: COLORS.memory },
            { label: "tick budget", color: COLORS.step, dash: true },
            ...more("compute and tick ends, points"),
          ]}
        />
      </div>
      {r.quoted.length ? (
        <DataTable
          id="worldmodel-quoted"
          title="The crib sheet's figures beside their derivations"
          columns={[
            { key: "name", label: "quantity", value: (q) => q.name },
            { key: "quote", label: "crib sheet", value: (q) => q.quote },
            { key: "derived", label: "derived", value: (q) => q.derivedValue, cell: (q) => formatQuantity(q.derivedValue, d[q.name]?.unit ?? "1", 3), numeric: true },
            { key: "difference", label: "difference", value: (q) => q.difference, cell: (q) => (q.kind === "below" ? (q.derivedValue < q.quotedValue ? "below ✓" : "not below") : `${q.difference >= 0 ? "+" : ""}${formatSignificant(q.difference * 100, 2)}%`), numeric: true },
            { key: "at12k", label: "at 12K tokens/step", value: (q) => q.atQuotedTokens, cell: (q) => formatQuantity(q.atQuotedTokens, d[q.name]?.unit ?? "1", 3), numeric: true },
          ]}
          rows={r.quoted}
          rowKey={(q) => q.name}
        />
      ) : null}
      <Notes title="Assumptions" items={r.assumptions} />
      <p class="small" data-expected-note>
        {r.expectedNote}
      </p>
    </>
  );
}
