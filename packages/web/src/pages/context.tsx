/** Cost per token against context length at a fixed batch: the crossover, and attention variants. */
import { analyzeContext, analyzeStep, curve, formatSignificant, prepareRoofline, type ContextResult, type CurvePoint, type Derivation, type EfficiencyMode, type StepResult, CONTEXT_INPUTS } from "@roofline/core";
import { useMemo } from "preact/hooks";
import { Chart } from "../components/Chart.tsx";
import { COLORS } from "../components/chart-style.ts";
import { seriesChart } from "../components/curve-charts.ts";
import { curveColumns, explainerAt } from "../components/curve-table.tsx";
import { DataTable } from "../components/DataTable.tsx";
import { AnalysisLayout, ErrorBox, Warnings, type PageProps } from "../components/Layout.tsx";
import { ExpectedHint, Num, Stat } from "../components/Num.tsx";
import type { RuleMark } from "../components/svgchart.tsx";
import { attempt, rooflineOptions } from "../options.ts";
import { compareEach, computed, type Comparison } from "../compare.ts";
import { compareLegend, overlaid, overlay } from "../components/compare-chart.ts";
import { CompareFailures, NotDrawn } from "../components/CompareBar.tsx";
import type { AppState } from "../state.ts";

type CompareContext = Comparison & { value: ContextResult };

/** The context analysis of a scenario, its own attention only; with the expected mode, the expected curve. */
export function contextOf(state: AppState, mode: EfficiencyMode): ContextResult {
  const o = rooflineOptions(state, CONTEXT_INPUTS);
  const r = analyzeContext(o);
  const native = r.series[0];
  if (mode === "ideal" || !native) return { ...r, series: native ? [native] : [] };
  return { ...r, series: [{ ...native, points: curve(prepareRoofline({ ...o, attention: native.attention }, CONTEXT_INPUTS), "contextTokens", native.points.map((p) => p.x), mode) }] };
}

/** The CLI's `context` default batch. */
export const CONTEXT_BATCH_DEFAULT = CONTEXT_INPUTS.get("batch").default as number;

export function contextChart(r: ContextResult, yourContext: number, width: number, height: number, compares: readonly CompareContext[] = []) {
  // A comparison draws what the page draws: cost when the page's scenario is priced, else time (an unpriced comparison of a priced page is left out).
  const priced = isPriced(r);
  return overlay(contextSpec(r, yourContext, width, height, priced), overlaid(drawable(r, compares), (c) => contextSpec(c, yourContext, width, height, priced)), { name: () => null, rulesX: (r) => (r.label ?? "").startsWith("model limit") });
}

const isPriced = (r: ContextResult) => r.series[0]?.points[0]?.usdPerMillionTokens !== null;
/** The comparisons this chart can draw: all when it shows time, the priced ones when it shows cost. */
const drawable = (r: ContextResult, compares: readonly CompareContext[]) => compares.filter((c) => !isPriced(r) || isPriced(c.value));

function contextSpec(r: ContextResult, yourContext: number, width: number, height: number, priced: boolean) {
  const series = r.series.map((s, i) => ({
    label: s.label,
    color: COLORS.series[i % COLORS.series.length] as string,
    points: s.points.map((p) => ({ x: p.x, y: priced ? (p.usdPerMillionTokens ?? Number.NaN) : p.stepSeconds })),
    ...(i > 0 ? { dash: "6 4" } : {}),
  }));
  const rules: RuleMark[] = [{ at: yourContext, color: COLORS.band, width: 6 }];
  if (r.maxContextTokens !== null) rules.push({ at: r.maxContextTokens, color: COLORS.compute, width: 2, label: `model limit ${formatSignificant(r.maxContextTokens, 7)}` });
  r.series.forEach((s, i) => {
    if (s.crossoverContextTokens !== null) rules.push({ at: s.crossoverContextTokens, color: COLORS.series[i % COLORS.series.length] as string, dash: "3 3", label: `crossover ${formatSignificant(s.crossoverContextTokens, 3)}` });
  });
  return seriesChart(
    priced ? "Cost per million tokens vs context" : "Step time vs context (no price known)",
    series,
    { label: "context (tokens) →", unit: "token" },
    priced ? { label: "↑ $ per million tokens", unit: "USD/Mtoken" } : { label: "↑ time per step", unit: "s" },
    width,
    height,
    rules,
  );
}

export function ContextPage({ state, set }: PageProps) {
  const result = useMemo(
    () =>
      attempt(() => {
        const o = rooflineOptions(state, CONTEXT_INPUTS);
        const r = analyzeContext(o);
        const step = analyzeStep(o);
        const ats = r.series.map((s) => explainerAt({ ...o, attention: s.attention }, "contextTokens", "context"));
        // The model's own attention at the expected step times, point for point (the table's expected columns).
        const native = r.series[0];
        const expected = native ? curve(prepareRoofline({ ...o, attention: native.attention }, CONTEXT_INPUTS), "contextTokens", native.points.map((p) => p.x), "expected") : [];
        const crossover = (mode: ContextResult["series"][number]["attention"]) => () => (mode === r.series[0]?.attention ? (r.derivations["crossoverContextTokens"] ?? null) : (analyzeContext({ ...o, attention: mode }).derivations["crossoverContextTokens"] ?? null));
        return { r, step, ats, crossover, expected };
      }),
    [state.model, state.config, state.hardware, state.inputs],
  );
  const compareList = useMemo(() => compareEach(state, contextOf), [state.model, state.config, state.hardware, state.inputs, state.compare]);
  const compares = computed(compareList);
  return (
    <AnalysisLayout
      state={state}
      set={set}
      table={CONTEXT_INPUTS}
      compare
      intro={
        <p>
          At a fixed batch, cost per token is flat while compute dominates and rises once reading each sequence's KV cache takes longer than the multiplications: the crossover. Sliding windows and sparse attention move it
          out; the dashed lines compare dense attention and the lecture's √ sparse attention with the model's own.
        </p>
      }
    >
      <CompareFailures list={compareList} />
      {result.ok ? <ContextBody {...result.value} compares={compares} /> : <ErrorBox message={result.message} details={result.details} />}
    </AnalysisLayout>
  );
}

function ContextBody({ r, step, ats, crossover, expected, compares }: { r: ContextResult; step: StepResult; expected: readonly CurvePoint[]; ats: ((x: number) => Record<string, Derivation>)[]; crossover: (mode: ContextResult["series"][number]["attention"]) => () => Derivation | null; compares: readonly CompareContext[] }) {
  const d = r.derivations;
  const native = r.series[0];
  return (
    <>
      <div class="charts">
        <Chart
          id="context-cost"
          title="Cost per million tokens vs context"
          spec={(w, h) => contextChart(r, step.contextTokens, w, h, compares)}
          legend={[...r.series.map((s, i) => ({ label: s.label, color: COLORS.series[i % COLORS.series.length] as string, dash: i > 0 })), { label: "your context", color: COLORS.band }, ...compareLegend(drawable(r, compares))]}
        >
          <NotDrawn list={compares.filter((c) => !drawable(r, compares).includes(c))} why="no price is known for it" />
        </Chart>
      </div>
      <Warnings warnings={[...r.warnings, ...step.warnings]} />
      <div class="stats">
        {r.series.map((s) => (
          <Stat key={s.attention} id={`context.crossover.${s.attention}`} label={`Crossover context, ${s.label}`} value={s.crossoverContextTokens} unit="token" d={s.crossoverContextTokens === null ? null : crossover(s.attention)} text={s.crossoverContextTokens === null ? "none" : undefined} />
        ))}
        {r.closedFormCrossoverTokens !== null ? <Stat id="context.closedFormCrossoverTokens" label="Crossover, dense closed form" value={r.closedFormCrossoverTokens} unit="token" d={d["closedFormCrossoverTokens"] ?? null} /> : null}
        <Stat id="context.kvBytesPerToken" label="KV bytes per token (full-context layers)" value={r.kvBytesPerToken} unit="B/token" d={step.derivations["kvBytesPerToken"] ?? null} />
        <Stat id="context.kvBytesPerTokenAtBalance" label="KV bytes per token that balance at this context" value={r.kvBytesPerTokenAtBalance} unit="B/token" d={d["kvBytesPerTokenAtBalance"] ?? null} />
      </div>
      <h2 class="sub">
        At your context of {formatSignificant(step.contextTokens, 6)} tokens, batch {formatSignificant(r.batch, 6)} ({step.bound}-bound)
      </h2>
      <div class="stats">
        <Stat id="step.usdPerMillionTokens" label="Cost per million tokens" value={step.usdPerMillionTokens} unit="USD/Mtoken" d={step.derivations["usdPerMillionTokens"] ?? null} hint={<ExpectedHint id="step.expectedUsdPerMillionTokens" value={step.expectedUsdPerMillionTokens} unit="USD/Mtoken" d={step.derivations["expectedUsdPerMillionTokens"] ?? null} />} />
        <Stat id="step.stepSeconds" label="Step time" value={step.stepSeconds} unit="s" d={step.derivations["stepSeconds"] ?? null} hint={<ExpectedHint id="step.expectedStepSeconds" value={step.expectedStepSeconds} unit="s" d={step.derivations["expectedStepSeconds"] ?? null} />} />
        <Stat id="step.kvReadSeconds" label="KV-read time" value={step.kvReadSeconds} unit="s" d={step.derivations["kvReadSeconds"] ?? null} />
        <Stat id="step.computeSeconds" label="Compute time" value={step.computeSeconds} unit="s" d={step.derivations["computeSeconds"] ?? null} />
      </div>
      {native ? (
        <DataTable id="context-points" title={`The curve, point by point (${native.label})`} columns={curveColumns("context.points", "context", ats[0] ?? (() => ({})), "1", expected)} rows={native.points} rowKey={(p) => String(p.x)} />
      ) : null}
      <p class="small muted">
        Every number above opens its derivation; the crossover of the model's own attention is <Num id="context.crossover.mark" value={native?.crossoverContextTokens ?? null} unit="token" d={d["crossoverContextTokens"] ?? null} />.
      </p>
    </>
  );
}
