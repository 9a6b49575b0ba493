/** Fast and slow modes: price against speed along the batch frontier. */
import { analyzeModes, formatQuantity, formatSignificant, type ModesResult, MODES_INPUTS } from "@roofline/core";
import { useMemo } from "preact/hooks";
import { Chart } from "../components/Chart.tsx";
import { DataTable } from "../components/DataTable.tsx";
import { AnalysisLayout, ErrorBox, Warnings, type PageProps } from "../components/Layout.tsx";
import { display, Stat } from "../components/Num.tsx";
import { COLORS, tickFormat } from "../components/chart-style.ts";
import type { ChartSpec, DotMark } from "../components/svgchart.tsx";
import { attempt, rooflineOptions } from "../options.ts";
import { countTick } from "./economics-common.tsx";
import { compareEach, computed, type CompareDim, type Comparison } from "../compare.ts";
import { compareLegend, overlaid, overlay } from "../components/compare-chart.ts";
import { CompareFailures } from "../components/CompareBar.tsx";
import type { AppState } from "../state.ts";

/** What a comparison can change here (the frontier is the ideal roofline's). */
const MODES_DIMS: readonly CompareDim[] = ["model", "hardware", "chips", "weights", "kv"];
const modesOf = (s: AppState) => analyzeModes(rooflineOptions(s, MODES_INPUTS));

/** The page's frontier with each comparison's frontier and modes (points unlabelled) on it. */
function modesWithCompares(r: ModesResult, compares: readonly (Comparison & { value: ModesResult })[], width: number, height: number): ChartSpec {
  return overlay(modesChart(r, width, height), overlaid(compares, (v) => modesChart(v, width, height)), { name: () => "frontier" });
}

export function modesChart(r: ModesResult, width: number, height: number): ChartSpec {
  const dots: DotMark[] = [
    { x: r.standard.tokensPerSecondPerSequence, y: r.standard.usdPerMillionTokens, color: COLORS.step, r: 5, label: "standard" },
    { x: r.latencyFloor.tokensPerSecondPerSequence, y: r.latencyFloor.usdPerMillionTokens, color: COLORS.compute, r: 5, label: "latency floor" },
    { x: r.slow.tokensPerSecondPerSequence, y: r.slow.usdPerMillionTokens, color: COLORS.kv, r: 5, label: "slow" },
  ];
  if (r.fast) dots.push({ x: r.fast.tokensPerSecondPerSequence, y: r.fast.usdPerMillionTokens, color: COLORS.accent, r: 5, label: `fast (${formatSignificant(r.priceMultiple, 3)}× price)` });
  return {
    title: "Price vs speed per user, by batch",
    width,
    height,
    x: { type: "log", label: "tokens/s per user →", format: countTick },
    y: { type: "log", label: "↑ $ per million tokens", format: tickFormat("USD/Mtoken") },
    lines: [{ points: r.frontier.map((p) => ({ x: p.tokensPerSecondPerSequence, y: p.usdPerMillionTokens })), color: COLORS.marker, width: 2, label: "batch frontier" }],
    dots,
  };
}

export function ModesPage({ state, set }: PageProps) {
  const result = useMemo(() => attempt(() => modesOf(state)), [state.model, state.config, state.hardware, state.inputs]);
  const compareList = useMemo(() => compareEach(state, modesOf, MODES_DIMS), [state.model, state.config, state.hardware, state.inputs, state.compare]);
  return (
    <AnalysisLayout
      state={state}
      set={set}
      table={MODES_INPUTS}
      compare={MODES_DIMS}
      intro={
        <p>
          A fast mode is a smaller batch: each weight read is shared by fewer users, so every token costs more, and each step is shorter. The lecture: 6× the price for 2.5× the speed. The fastest step is batch 1 — the latency floor. A
          slow mode, the biggest batch that fits, saves little: compute and KV reads are per sequence and no batch amortises them.
        </p>
      }
    >
      <CompareFailures list={compareList} />
      {result.ok ? <ModesBody r={result.value} compares={computed(compareList)} /> : <ErrorBox message={result.message} details={result.details} />}
    </AnalysisLayout>
  );
}

function ModesBody({ r, compares }: { r: ModesResult; compares: readonly (Comparison & { value: ModesResult })[] }) {
  const d = r.derivations;
  return (
    <>
      <Warnings warnings={r.warnings} />
      <div class="charts">
        <Chart id="modes-frontier" title="Price vs speed" spec={(w, h) => modesWithCompares(r, compares, w, h)} legend={[{ label: "batch frontier", color: COLORS.marker }, { label: "fast", color: COLORS.accent }, { label: "latency floor", color: COLORS.compute }, { label: "slow", color: COLORS.kv }, ...compareLegend(compares).map((l) => ({ ...l, label: `${l.label} (frontier and modes)` }))]} />
      </div>
      <div class="stats">
        <Stat id="modes.standard" label={`Standard: $/Mtok at batch ${formatSignificant(r.standard.batch, 4)}`} value={r.standard.usdPerMillionTokens} unit="USD/Mtoken" d={d["standardUsdPerMillionTokens"] ?? null} />
        {r.fast ? <Stat id="modes.fastSpeed" label={`Fast (${formatSignificant(r.priceMultiple, 3)}× price): speed ÷ standard`} value={r.fast.speedRatio} unit="1" d={d["fast.speedRatio"] ?? null} /> : null}
        <Stat id="modes.floorSpeed" label="Latency floor: speed ÷ standard" value={r.latencyFloor.speedRatio} unit="1" d={d["latencyFloor.speedRatio"] ?? null} />
        <Stat id="modes.floorPrice" label="Latency floor: price ÷ standard" value={r.latencyFloor.priceRatio} unit="1" d={d["latencyFloor.priceRatio"] ?? null} />
        <Stat id="modes.slowSavings" label="Slow mode saves" value={r.slow.savings} unit="1" text={display(Math.abs(r.slow.savings) < 1e-9 ? 0 : r.slow.savings, "1", 3, true)} d={d["slowModeSavings"] ?? null} />
      </div>
      <DataTable
        id="modes-points"
        title="The frontier, batch by batch"
        columns={[
          { key: "batch", label: "batch", value: (p) => p.batch, numeric: true },
          { key: "step", label: "step", value: (p) => p.stepSeconds, cell: (p) => formatQuantity(p.stepSeconds, "s"), numeric: true },
          { key: "speed", label: "tok/s per user", value: (p) => p.tokensPerSecondPerSequence, cell: (p) => formatSignificant(p.tokensPerSecondPerSequence, 3), numeric: true },
          { key: "usd", label: "$/Mtok", value: (p) => p.usdPerMillionTokens, cell: (p) => formatQuantity(p.usdPerMillionTokens, "USD/Mtoken"), numeric: true },
          { key: "bound", label: "bound", value: (p) => p.bound },
          { key: "expectedStep", label: "step (exp.)", value: (p) => p.expectedStepSeconds, cell: (p) => formatQuantity(p.expectedStepSeconds, "s"), numeric: true },
          { key: "expectedSpeed", label: "tok/s per user (exp.)", value: (p) => p.expectedTokensPerSecondPerSequence, cell: (p) => formatSignificant(p.expectedTokensPerSecondPerSequence, 3), numeric: true },
          { key: "expectedUsd", label: "$/Mtok (exp.)", value: (p) => p.expectedUsdPerMillionTokens, cell: (p) => formatQuantity(p.expectedUsdPerMillionTokens, "USD/Mtoken"), numeric: true },
        ]}
        rows={r.frontier}
        rowKey={(p) => String(p.batch)}
      />
    </>
  );
}
