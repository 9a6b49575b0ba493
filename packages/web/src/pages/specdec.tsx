/**
 * Speculative decoding: the speedup against concurrency on the roofline, with the crib sheet's EAGLE
 * figures and the acceptance rate they imply. Every number opens its derivation.
 */
import { analyzeSpecDec, cribSheetLlm, getHardware, formatQuantity, formatSignificant, SPECDEC_INPUTS, type SpecDecOptions, type SpecDecResult } from "@roofline/core";
import { useMemo } from "preact/hooks";
import { Chart } from "../components/Chart.tsx";
import { DataTable } from "../components/DataTable.tsx";
import { AnalysisLayout, ErrorBox, Warnings, type PageProps } from "../components/Layout.tsx";
import { ExpectedHint, Stat } from "../components/Num.tsx";
import { COLORS, tickFormat } from "../components/chart-style.ts";
import type { ChartSpec } from "../components/svgchart.tsx";
import { attempt, inputOptions, labelNames, resolveHardware, resolveModel } from "../options.ts";
import { Notes } from "./economics-common.tsx";
import { compareEach, computed, tableDims, type Comparison } from "../compare.ts";
import { compareLegend, overlaid, overlay } from "../components/compare-chart.ts";
import { CompareFailures } from "../components/CompareBar.tsx";
import type { AppState } from "../state.ts";

/** A comparison changes the target model, chip, chips or precisions (the draft k and acceptance stay the page's). */
const SPECDEC_DIMS = tableDims(SPECDEC_INPUTS);
type Compares = readonly (Comparison & { value: SpecDecResult })[];

/** A scenario's speculative decoding (the same analysis as `roofline specdec`). */
function specDecOf(state: AppState): SpecDecResult {
  const { model: _m, hardware: _h, compareHardware: _c, ...numbers } = inputOptions(state, SPECDEC_INPUTS);
  // No model chosen: the table's own default, the crib sheet's 70B (no catalog id names it).
  const o = { ...numbers, hardware: resolveHardware(state), names: labelNames(SPECDEC_INPUTS) } as SpecDecOptions;
  if (state.model) o.model = resolveModel(state);
  const other = state.inputs["compareHardware"];
  if (typeof other === "string") o.compareHardware = getHardware(other, SPECDEC_INPUTS.get("compareHardware").label);
  return analyzeSpecDec(o);
}

/** The page's chart with each comparison's modelled speedup on it (its EAGLE points are the same crib-sheet figures: not repeated). */
function speedupWithCompares(r: SpecDecResult, compares: Compares, width: number, height: number): ChartSpec {
  // A comparison draws its modelled (ideal) speedup only: one line per scenario keeps the read-out unambiguous.
  return overlay(speedupChart(r, width, height), overlaid(compares, (v) => {
    const c = speedupChart(v, width, height);
    return { ...c, lines: (c.lines ?? []).slice(0, 1), dots: [] };
  }), { name: () => null });
}

export function speedupChart(r: SpecDecResult, width: number, height: number): ChartSpec {
  return {
    title: "Speculative speedup vs concurrency",
    width,
    height,
    x: { type: "log", label: "concurrent sequences →", format: tickFormat("1") },
    y: { type: "linear", label: "↑ speedup (× tokens/s per sequence)", format: (v) => `${formatSignificant(v, 3)}×`, zero: true, domain: [0, r.speedupBound * 1.15] },
    lines: [
      { points: r.curve.map((p) => ({ x: p.concurrency, y: p.speedup })), color: COLORS.kv, width: 2, label: "modelled speedup" },
      { points: r.curve.map((p) => ({ x: p.concurrency, y: p.expectedSpeedup })), color: COLORS.kv, width: 1.5, dash: "5 3", label: "expected speedup" },
    ],
    rulesY: [
      { at: 1, color: COLORS.marker, dash: "4 3", label: "no speedup" },
      { at: r.speedupBound, color: COLORS.step, dash: "2 3", label: `k + 1 = ${r.speedupBound}` },
    ],
    rulesX: r.crossoverConcurrency !== null ? [{ at: r.crossoverConcurrency, color: COLORS.compute, dash: "4 3", label: `stops paying ≈ ${formatSignificant(r.crossoverConcurrency, 3)}` }] : [],
    dots: (r.fit?.points ?? []).map((p) => ({ x: p.concurrency, y: p.measured, color: COLORS.accent, r: 5, label: `EAGLE ${formatSignificant(p.measured, 3)}×` })),
  };
}

export function SpecDecPage({ state, set }: PageProps) {
  const result = useMemo(() => attempt(() => specDecOf(state)), [state.model, state.config, state.hardware, state.inputs]);
  const compareList = useMemo(() => compareEach(state, specDecOf, SPECDEC_DIMS), [state.model, state.config, state.hardware, state.inputs, state.compare]);
  const crib = state.model ? null : cribSheetLlm();
  return (
    <AnalysisLayout
      state={state}
      set={set}
      table={SPECDEC_INPUTS}
      compare={SPECDEC_DIMS}
      effective={{ ...(crib ? { weightPrecision: crib.defaultWeightPrecision } : {}), ...(result.ok ? { acceptanceRate: result.value.acceptanceRate } : {}) }}
      intro={
        <p>
          A drafter proposes k tokens; the target verifies them in one pass of k + 1 tokens per sequence. While decode is memory-bound that pass costs about one weight read, so accepted tokens come almost free; once the batch's B·(k + 1)
          tokens cross the ridge point, verification costs compute and the speedup collapses. By default the crib sheet's 70B FP8 model on an H100; the crib sheet's EAGLE 3.1 figures are fitted for the acceptance rate they imply.
        </p>
      }
    >
      <CompareFailures list={compareList} />
      {result.ok ? <SpecDecBody r={result.value} compares={computed(compareList)} /> : <ErrorBox message={result.message} details={result.details} />}
    </AnalysisLayout>
  );
}

function SpecDecBody({ r, compares }: { r: SpecDecResult; compares: Compares }) {
  const d = r.derivations;
  const dd = (n: string) => d[n] ?? null;
  return (
    <>
      <Warnings warnings={r.warnings} />
      <div class="stats">
        <Stat
          id="specdec.speedup"
          label={`Speedup at concurrency ${r.concurrency}`}
          value={r.speedup}
          unit="1"
          text={`${formatSignificant(r.speedup, 3)}×`}
          d={dd("speedup")}
          hint={<ExpectedHint id="specdec.expectedSpeedup" value={r.expected.speedup} unit="1" text={`${formatSignificant(r.expected.speedup, 3)}×`} d={dd("expectedSpeedup")} />}
        />
        {r.fit ? <Stat id="specdec.fittedAcceptanceRate" label="Acceptance implied by EAGLE (least squares)" value={r.fit.acceptanceRate} unit="1" d={dd("fittedAcceptanceRate")} /> : null}
        {r.crossoverConcurrency !== null ? (
          <Stat
            id="specdec.crossover"
            label="Stops paying at concurrency"
            value={r.crossoverConcurrency}
            unit="1"
            d={dd("crossoverConcurrency")}
            hint={r.expectedCrossoverConcurrency !== null ? <ExpectedHint id="specdec.expectedCrossover" value={r.expectedCrossoverConcurrency} unit="1" d={dd("expectedCrossoverConcurrency")} /> : null}
          />
        ) : null}
        <Stat id="specdec.unbatched" label={`Unbatched decode on ${r.hardware.name.replace("NVIDIA ", "")}`} value={r.unbatched.tokensPerSecond} unit="token/s" d={dd("unbatchedTokensPerSecond")} />
        <Stat id="specdec.ceilingRatio" label={`${r.unbatched.compare.hardware.name.replace("NVIDIA ", "").split(" ")[0]} ÷ ${r.hardware.name.replace("NVIDIA ", "").split(" ")[0]} decode ceiling`} value={r.unbatched.compare.ratio} unit="1" text={`${formatSignificant(r.unbatched.compare.ratio, 3)}×`} d={dd("decodeCeilingRatio")} />
      </div>
      <div class="charts">
        <Chart
          id="specdec-speedup"
          title="Speedup shrinks once verification is compute-bound"
          spec={(w, h) => speedupWithCompares(r, compares, w, h)}
          legend={[
            { label: "modelled speedup", color: COLORS.kv },
            { label: "expected speedup (efficiency model)", color: COLORS.kv, dash: true },
            { label: "crib sheet's EAGLE 3.1", color: COLORS.accent },
            { label: "crossover", color: COLORS.compute, dash: true },
            ...compareLegend(compares).map((l) => ({ ...l, label: `${l.label} (modelled speedup)` })),
          ]}
        />
      </div>
      {r.fit ? (
        <DataTable
          id="specdec-fit"
          title="The EAGLE figures and the acceptance each implies"
          columns={[
            { key: "b", label: "concurrency", value: (p) => p.concurrency, numeric: true },
            { key: "measured", label: "measured", value: (p) => p.measured, cell: (p) => `${formatSignificant(p.measured, 3)}×`, numeric: true },
            { key: "implied", label: "implied α", value: (p) => p.impliedAcceptanceRate, cell: (p) => (p.impliedAcceptanceRate === null ? "out of reach" : formatSignificant(p.impliedAcceptanceRate, 3)), numeric: true },
            { key: "fitted", label: "modelled at the fit", value: (p) => p.fitted, cell: (p) => `${formatSignificant(p.fitted, 3)}×`, numeric: true },
          ]}
          rows={r.fit.points}
          rowKey={(p) => String(p.concurrency)}
        />
      ) : null}
      <DataTable
        id="specdec-curve"
        title="Speedup by concurrency"
        columns={[
          { key: "b", label: "concurrency", value: (p) => p.concurrency, numeric: true },
          { key: "decode", label: "decode step", value: (p) => p.targetStepSeconds, cell: (p) => formatQuantity(p.targetStepSeconds, "s"), numeric: true },
          { key: "verify", label: "verify pass", value: (p) => p.verifyStepSeconds, cell: (p) => formatQuantity(p.verifyStepSeconds, "s"), numeric: true },
          { key: "bound", label: "verify bound", value: (p) => p.verifyBound },
          { key: "speedup", label: "speedup", value: (p) => p.speedup, cell: (p) => `${formatSignificant(p.speedup, 3)}×`, numeric: true },
          { key: "fits", label: "fits in HBM", value: (p) => (p.fits ? "yes" : "no") },
          { key: "xdecode", label: "decode step (exp.)", value: (p) => p.expectedTargetStepSeconds, cell: (p) => formatQuantity(p.expectedTargetStepSeconds, "s"), numeric: true },
          { key: "xspeedup", label: "speedup (exp.)", value: (p) => p.expectedSpeedup, cell: (p) => `${formatSignificant(p.expectedSpeedup, 3)}×`, numeric: true },
        ]}
        rows={r.curve}
        rowKey={(p) => String(p.concurrency)}
      />
      <p class="small" data-expected-note>
        Ideal: the roofline's step times, a bound. Expected: the same acceptance rate and draft cost over the efficiency model's decode step and verify pass — not a bound ({r.expected.accuracy}). The acceptance fit uses the ideal steps.
      </p>
      <Notes title="Notes" items={r.notes} />
    </>
  );
}
