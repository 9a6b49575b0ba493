/** Prefill vs decode: cost per token against the length of the pass. */
import { analyzePrefill, curve, formatSignificant, prepareRoofline, type CurvePoint, type Derivation, type EfficiencyMode, type PrefillResult, PREFILL_INPUTS } from "@roofline/core";
import { useMemo } from "preact/hooks";
import { Chart, ChartMessage } from "../components/Chart.tsx";
import { COLORS } from "../components/chart-style.ts";
import { seriesChart, termsChart, TERMS_LEGEND } from "../components/curve-charts.ts";
import { curveColumns, explainerAt } from "../components/curve-table.tsx";
import { DataTable } from "../components/DataTable.tsx";
import { AnalysisLayout, ErrorBox, Warnings, type PageProps } from "../components/Layout.tsx";
import { ExpectedHint, Stat } from "../components/Num.tsx";
import type { RuleMark } from "../components/svgchart.tsx";
import { attempt, rooflineOptions } from "../options.ts";
import { compareEach, computed, type Comparison } from "../compare.ts";
import { compareLegend, overlaid, overlay } from "../components/compare-chart.ts";
import { CompareFailures, NotDrawn } from "../components/CompareBar.tsx";
import type { AppState } from "../state.ts";

type ComparePrefill = Comparison & { value: PrefillResult };

/** The prefill analysis of a scenario; with the expected mode, the pass-length curve is the expected one. */
export function prefillOf(state: AppState, mode: EfficiencyMode): PrefillResult {
  const o = rooflineOptions(state, PREFILL_INPUTS);
  const r = analyzePrefill(o);
  return mode === "ideal" ? r : { ...r, points: curve(prepareRoofline({ ...o, phase: "prefill" }, PREFILL_INPUTS), "passTokens", r.points.map((p) => p.x), mode) };
}

const priced = (r: PrefillResult) => r.prefill.usdPerMillionTokens !== null;

function marks(r: PrefillResult): RuleMark[] {
  return [
    { at: 1, color: COLORS.weights, dash: "4 3", label: "decode (1 token)" },
    { at: r.prefill.passTokens, color: COLORS.compute, dash: "4 3", label: `prefill (${formatSignificant(r.prefill.passTokens, 6)} tokens)` },
  ];
}

export function prefillCostChart(r: PrefillResult, width: number, height: number, compares: readonly ComparePrefill[] = []) {
  return overlay(costSpec(r, width, height), overlaid(compares.filter((c) => priced(c.value)), (c) => costSpec(c, width, height)), { name: () => null });
}

function prefillTimeChart(r: PrefillResult, width: number, height: number, compares: readonly ComparePrefill[]) {
  const spec = (p: PrefillResult) => termsChart("Time per pass vs pass length", p.points, "tokens per sequence in the pass →", width, height, marks(p));
  return overlay(spec(r), overlaid(compares, spec), { pick: (l) => l.key === "stepSeconds", name: () => "pass" });
}

function costSpec(r: PrefillResult, width: number, height: number) {
  return seriesChart(
    "Cost per million tokens vs pass length",
    [{ label: "$ per million tokens", color: COLORS.step, points: r.points.map((p) => ({ x: p.x, y: p.usdPerMillionTokens ?? Number.NaN })) }],
    { label: "tokens per sequence in the pass →", unit: "token" },
    { label: "↑ $ per million tokens", unit: "USD/Mtoken" },
    width,
    height,
    marks(r),
  );
}

export function PrefillPage({ state, set }: PageProps) {
  const result = useMemo(
    () =>
      attempt(() => {
        const o = rooflineOptions(state, PREFILL_INPUTS);
        const r = analyzePrefill(o);
        // The pass-length curve at the expected step times, point for point (the table's expected columns).
        const expected = curve(prepareRoofline({ ...o, phase: "prefill" }, PREFILL_INPUTS), "passTokens", r.points.map((p) => p.x), "expected");
        return { r, expected, at: explainerAt({ ...o, phase: "prefill" }, "passTokens", "pass length") };
      }),
    [state.model, state.config, state.hardware, state.inputs],
  );
  const compareList = useMemo(() => compareEach(state, prefillOf), [state.model, state.config, state.hardware, state.inputs, state.compare]);
  return (
    <AnalysisLayout
      state={state}
      set={set}
      table={PREFILL_INPUTS}
      compare
      intro={
        <p>
          Decode advances each sequence by one token per step and re-reads the weights every time; prefill pushes the whole prompt through in one pass, so the same weight read serves thousands of tokens and the pass
          becomes compute-bound. The ratio of their costs per token is what an API's output/input price ratio reveals.
        </p>
      }
    >
      <CompareFailures list={compareList} />
      {result.ok ? <PrefillBody r={result.value.r} expected={result.value.expected} at={result.value.at} compares={computed(compareList)} /> : <ErrorBox message={result.message} details={result.details} />}
    </AnalysisLayout>
  );
}

function PrefillBody({ r, expected, at, compares }: { r: PrefillResult; expected: readonly CurvePoint[]; at: (x: number) => Record<string, Derivation>; compares: readonly ComparePrefill[] }) {
  const dd = r.decode.derivations;
  const pd = r.prefill.derivations;
  const isPriced = priced(r);
  return (
    <>
      <div class="charts">
        {isPriced ? (
          <Chart id="prefill-cost" title="Cost per million tokens vs pass length" spec={(w, h) => prefillCostChart(r, w, h, compares)} legend={[{ label: "$ per million tokens", color: COLORS.step }, ...compareLegend(compares.filter((c) => priced(c.value)))]}>
            <NotDrawn list={compares.filter((c) => !priced(c.value))} why="no price is known for it" />
          </Chart>
        ) : (
          <ChartMessage title="Cost per million tokens vs pass length" message="This hardware has no catalog price: set a price ($ per chip-hour) to draw the cost curve." />
        )}
        <Chart id="prefill-time" title="Time per pass vs pass length" spec={(w, h) => prefillTimeChart(r, w, h, compares)} legend={[...TERMS_LEGEND, ...compareLegend(compares)]} />
      </div>
      <Warnings warnings={r.warnings} />
      <div class="stats">
        <Stat id="prefill.decodeToPrefillRatio" label={isPriced ? "Decode ÷ prefill cost per token" : "Decode ÷ prefill time per token"} value={r.decodeToPrefillRatio} unit="1" d={r.derivations["decodeToPrefillRatio"] ?? null} />
        <Stat id="prefill.decode.usdPerMillionTokens" label="Decode: $ per million tokens" value={r.decode.usdPerMillionTokens} unit="USD/Mtoken" d={dd["usdPerMillionTokens"] ?? null} hint={<ExpectedHint id="prefill.decode.expectedUsdPerMillionTokens" value={r.decode.expectedUsdPerMillionTokens} unit="USD/Mtoken" d={dd["expectedUsdPerMillionTokens"] ?? null} />} />
        <Stat id="prefill.prefill.usdPerMillionTokens" label="Prefill: $ per million tokens" value={r.prefill.usdPerMillionTokens} unit="USD/Mtoken" d={pd["usdPerMillionTokens"] ?? null} hint={<ExpectedHint id="prefill.prefill.expectedUsdPerMillionTokens" value={r.prefill.expectedUsdPerMillionTokens} unit="USD/Mtoken" d={pd["expectedUsdPerMillionTokens"] ?? null} />} />
        <Stat id="prefill.prefill.stepSeconds" label={`Prefill pass (${r.prefill.bound}-bound)`} value={r.prefill.stepSeconds} unit="s" d={pd["stepSeconds"] ?? null} hint={<ExpectedHint id="prefill.prefill.expectedStepSeconds" value={r.prefill.expectedStepSeconds} unit="s" d={pd["expectedStepSeconds"] ?? null} />} />
        <Stat id="prefill.decode.stepSeconds" label={`Decode step (${r.decode.bound}-bound)`} value={r.decode.stepSeconds} unit="s" d={dd["stepSeconds"] ?? null} hint={<ExpectedHint id="prefill.decode.expectedStepSeconds" value={r.decode.expectedStepSeconds} unit="s" d={dd["expectedStepSeconds"] ?? null} />} />
        <Stat id="prefill.prefill.tokensPerSecond" label="Prefill tokens/s" value={r.prefill.tokensPerSecond} unit="token/s" d={pd["tokensPerSecond"] ?? null} hint={<ExpectedHint id="prefill.prefill.expectedTokensPerSecond" value={r.prefill.expectedTokensPerSecond} unit="token/s" d={pd["expectedTokensPerSecond"] ?? null} />} />
        <Stat id="prefill.decode.tokensPerSecond" label="Decode tokens/s" value={r.decode.tokensPerSecond} unit="token/s" d={dd["tokensPerSecond"] ?? null} hint={<ExpectedHint id="prefill.decode.expectedTokensPerSecond" value={r.decode.expectedTokensPerSecond} unit="token/s" d={dd["expectedTokensPerSecond"] ?? null} />} />
      </div>
      <DataTable id="prefill-points" title="The curve, point by point" columns={curveColumns("prefill.points", "pass tokens", at, "1", expected)} rows={r.points} rowKey={(p) => String(p.x)} />
    </>
  );
}
