/** The lecture's first two drawings: time per step and cost per token against batch size. */
import { analyzeBatch, analyzeStepEnergy, BATCH_INPUTS, curve, formatSignificant, prepareRoofline, solveCrossoverContext, type BatchResult, type CurvePoint, type Derivation, type EfficiencyMode, type EnergyResult, type Precision, type RooflineOptions, type StepResult } from "@roofline/core";
import { useMemo } from "preact/hooks";
import { Chart, ChartMessage } from "../components/Chart.tsx";
import { DataTable } from "../components/DataTable.tsx";
import { AnalysisLayout, ErrorBox, Warnings, type PageProps } from "../components/Layout.tsx";
import { display, ExpectedHint, Num, Stat } from "../components/Num.tsx";
import { COLORS, tickFormat } from "../components/chart-style.ts";
import type { ChartSpec, RuleMark } from "../components/svgchart.tsx";
import { termsChart, TERMS_LEGEND } from "../components/curve-charts.ts";
import { curveColumns, explainerAt } from "../components/curve-table.tsx";
import { attempt, rooflineOptions } from "../options.ts";
import { setInput } from "../components/Controls.tsx";
import type { AppState, InputValue } from "../state.ts";
import { compareEach, computed, type Comparison } from "../compare.ts";
import { compareLegend, overlaid, overlay } from "../components/compare-chart.ts";
import { CompareFailures, NotDrawn } from "../components/CompareBar.tsx";

/** A comparison's batch analysis, ready to draw beside the page's own. */
export type CompareCurve = Comparison & { value: BatchResult };

export const BATCH_DEFAULT = BATCH_INPUTS.get("batch").default as number;
/** The Batch page (and `roofline batch`) open on an FP8 KV cache: see BATCH_INPUTS. */
export const BATCH_KV_DEFAULT = BATCH_INPUTS.get("kvPrecision").default as Precision;

/** The batch analysis of a scenario; with the expected mode, its curve is the expected one (core's expected nodes). */
export function batchOf(state: AppState, mode: EfficiencyMode): BatchResult {
  const o = rooflineOptions(state, BATCH_INPUTS);
  const r = analyzeBatch(o);
  return mode === "ideal" ? r : { ...r, points: curve(prepareRoofline(o, BATCH_INPUTS), "batch", r.points.map((p) => p.x), mode) };
}

function timeSpec(r: BatchResult, yourBatch: number, width: number, height: number): ChartSpec {
  const marks: RuleMark[] = [{ at: r.closedFormOptimalBatch, label: `B* closed form ${formatSignificant(Math.round(r.closedFormOptimalBatch), 7)}`, color: COLORS.accent, dash: "4 3" }];
  if (r.optimalBatch !== null) marks.push({ at: r.optimalBatch, label: `B_opt exact ${formatSignificant(Math.round(r.optimalBatch), 7)}`, color: COLORS.compute, dash: "4 3" });
  return termsChart("Time per step vs batch", r.points, "batch (sequences) →", width, height, [{ at: yourBatch, color: COLORS.band, width: 6 }, ...marks], [{ at: r.latencyFloorSeconds, color: COLORS.marker, dash: "2 3", label: "latency floor" }], "↑ time per step");
}

export function timeChart(r: BatchResult, yourBatch: number, width: number, height: number, compares: readonly CompareCurve[] = []): ChartSpec {
  return overlay(timeSpec(r, yourBatch, width, height), overlaid(compares, (c) => timeSpec(c, yourBatch, width, height)), { pick: (l) => l.key === "stepSeconds", name: () => "step" });
}

function costSpec(r: BatchResult, yourBatch: number, width: number, height: number): ChartSpec {
  const marks: RuleMark[] = [{ at: r.closedFormOptimalBatch, label: "B* closed form", color: COLORS.accent, dash: "4 3" }];
  if (r.optimalBatch !== null) marks.push({ at: r.optimalBatch, label: "B_opt exact", color: COLORS.compute, dash: "4 3" });
  const floor = r.costFloorUsdPerMillionTokens;
  return {
    title: "Cost per million tokens vs batch",
    width,
    height,
    x: { type: "log", label: "batch (sequences) →", format: tickFormat("1") },
    y: { type: "log", label: "↑ $ per million tokens", format: tickFormat("USD/Mtoken") },
    lines: [{ points: r.points.map((p) => ({ x: p.x, y: p.usdPerMillionTokens ?? Number.NaN })), color: COLORS.step, width: 2.5, label: "$ per million tokens", key: "usdPerMillionTokens" }],
    rulesY: floor !== null && floor > 0 ? [{ at: floor, color: COLORS.marker, dash: "2 3", label: "cost floor (batch → ∞)" }] : [],
    rulesX: [{ at: yourBatch, color: COLORS.band, width: 6 }, ...marks],
  };
}

export function costChart(r: BatchResult, yourBatch: number, width: number, height: number, compares: readonly CompareCurve[] = []): ChartSpec {
  // A comparison on a chip with no price has no cost curve (and no entry in this chart's legend).
  return overlay(costSpec(r, yourBatch, width, height), overlaid(compares, (c) => (c.costFloorUsdPerMillionTokens === null ? null : costSpec(c, yourBatch, width, height))), { name: () => null });
}

/** The inputs without the batch: the curves, optima and floors do not depend on it (only "your batch" does). */
function curveKey(state: AppState): string {
  const { batch: _batch, ...rest } = state.inputs;
  return JSON.stringify(rest);
}

export function BatchPage({ state, set }: PageProps) {
  // Dragging the batch re-derives only the step at that batch: the batch curves (and their table) are kept.
  const key = curveKey(state);
  const curves = useMemo(
    () =>
      attempt(() => {
        const o = rooflineOptions(state, BATCH_INPUTS);
        const r = analyzeBatch(o);
        // The expected curve, point for point beside the ideal one (the table's expected columns).
        const expected = curve(prepareRoofline(o, BATCH_INPUTS), "batch", r.points.map((p) => p.x), "expected");
        return { r, expected, at: explainerAt(o, "batch", "batch") };
      }),
    [state.model, state.config, state.hardware, key],
  );
  const result = useMemo(
    () =>
      curves.ok
        ? attempt(() => {
            const o = rooflineOptions(state, BATCH_INPUTS);
            const { step, energy, expectedEnergy } = analyzeStepEnergy(o);
            return { ...curves.value, step, energy, expectedEnergy, o };
          })
        : curves,
    [curves, state.inputs],
  );
  const effective = { trainBatch: result.ok ? result.value.r.train.batch : null };
  const compareList = useMemo(() => compareEach(state, batchOf), [state.model, state.config, state.hardware, key, state.compare]);
  const compares = computed(compareList);
  return (
    <AnalysisLayout
      state={state}
      set={set}
      table={BATCH_INPUTS}
      effective={effective}
      compare
      intro={
        <p>
          Each decode step reads the weights once for the whole batch and each sequence's KV cache, and multiplies every active weight for every sequence. Small batches wait on memory; large batches on compute. The two meet at the
          optimal batch — the lecture's "≈ 300 × sparsity". Click any number to see how it is derived.
        </p>
      }
    >
      <CompareFailures list={compareList} />
      {result.ok ? <BatchBody r={result.value.r} expected={result.value.expected} step={result.value.step} energy={result.value.energy} expectedEnergy={result.value.expectedEnergy} o={result.value.o} at={result.value.at} put={(id, v) => setInput(state, set, id, v)} compares={compares} /> : <ErrorBox message={result.message} details={result.details} />}
    </AnalysisLayout>
  );
}

/** A context short enough that compute can catch up with KV reads: half the crossover, rounded down to a power of two. */
function shorterContext(o: RooflineOptions): number | null {
  const crossover = solveCrossoverContext(prepareRoofline(o));
  if (crossover === null || crossover < 2) return null;
  return 2 ** Math.floor(Math.log2(crossover / 2));
}

/** No exact optimum: why, and the next steps as buttons. */
function NoOptimum({ r, step, o, put }: { r: BatchResult; step: StepResult; o: RooflineOptions; put: (id: string, v: InputValue) => void }) {
  const kv = step.precisions.kv;
  const narrower: Precision | null = kv === "fp32" || kv === "bf16" || kv === "fp16" ? "fp8" : kv === "fp8" || kv === "int8" ? "fp4" : null;
  const shorter = useMemo(() => attempt(() => shorterContext(o)), [o]);
  const ctx = shorter.ok ? shorter.value : null;
  const fits = Math.floor(r.maxBatch);
  return (
    <div class="no-answer" role="note" data-no-answer="batch.optimalBatch">
      <p>
        <strong>No exact optimum here</strong> (see the warning above): cost per token still falls with batch, down to the cost floor. Next steps:
      </p>
      <div class="next-steps">
        {fits >= 1 ? (
          <button type="button" data-next="max-batch" onClick={() => put("batch", Math.min(fits, 1_000_000))}>
            Largest batch that fits: {formatSignificant(fits, 7)}
          </button>
        ) : null}
        {narrower ? (
          <button type="button" data-next="kv" onClick={() => put("kvPrecision", narrower)}>
            {narrower.toUpperCase()} KV cache
          </button>
        ) : null}
        {ctx !== null && ctx < step.contextTokens ? (
          <button type="button" data-next="context" onClick={() => put("contextTokens", ctx)}>
            Shorter context: {formatSignificant(ctx, 7)} tokens
          </button>
        ) : null}
      </div>
    </div>
  );
}

function BatchBody({ r, expected, step, energy, expectedEnergy, o, at, put, compares }: { r: BatchResult; expected: readonly CurvePoint[]; step: StepResult; energy: EnergyResult | null; expectedEnergy: EnergyResult | null; o: RooflineOptions; at: (x: number) => Record<string, Derivation>; put: (id: string, v: InputValue) => void; compares: readonly CompareCurve[] }) {
  const cmpLegend = compareLegend(compares);
  const d = r.derivations;
  const sd = step.derivations;
  const yourBatch = step.batch;
  return (
    <>
      <div class="charts">
        <Chart
          id="batch-time"
          title="Time per step vs batch"
          spec={(w, h) => timeChart(r, yourBatch, w, h, compares)}
          explainAt={at}
          legend={[...TERMS_LEGEND, { label: "your batch", color: COLORS.band }, ...cmpLegend]}
        />
        {r.costFloorUsdPerMillionTokens !== null ? (
          <Chart id="batch-cost" title="Cost per million tokens vs batch" spec={(w, h) => costChart(r, yourBatch, w, h, compares)} explainAt={at} legend={[{ label: "$ per million tokens", color: COLORS.step }, ...compareLegend(compares.filter((c) => c.value.costFloorUsdPerMillionTokens !== null))]}>
            <NotDrawn list={compares.filter((c) => c.value.costFloorUsdPerMillionTokens === null)} why="no price is known for it" />
          </Chart>
        ) : (
          <ChartMessage title="Cost per million tokens vs batch" message="This hardware has no catalog price: set a price ($ per chip-hour) to draw the cost curve." />
        )}
      </div>
      <Warnings warnings={[...r.warnings, ...step.warnings]} />
      {r.optimalBatch === null ? <NoOptimum r={r} step={step} o={o} put={put} /> : null}
      <div class="stats">
        <Stat id="batch.closedFormOptimalBatch" label="Optimal batch, closed form (≈ 300 × sparsity)" value={r.closedFormOptimalBatch} unit="sequence" digits={4} d={d["closedFormOptimalBatch"] ?? null} />
        {r.optimalBatch !== null ? (
          <Stat id="batch.optimalBatch" label="Optimal batch, exact (KV + expert coverage)" value={r.optimalBatch} unit="sequence" digits={4} d={d["optimalBatch"] ?? null} />
        ) : (
          <div class="stat">
            <div class="stat-label">Optimal batch, exact (KV + expert coverage)</div>
            <div class="stat-value stat-text" data-num="batch.optimalBatch" data-value="">
              none: memory-bound at every batch
            </div>
            <div class="stat-hint">see the next steps below</div>
          </div>
        )}
        <Stat id="batch.latencyFloorSeconds" label="Latency floor (step at batch 1)" value={r.latencyFloorSeconds} unit="s" d={d["latencyFloorSeconds"] ?? null} />
        <Stat id="batch.allWeightsReadSeconds" label="Time to read all weights (lecture's floor)" value={r.allWeightsReadSeconds} unit="s" d={d["allWeightsReadSeconds"] ?? null} />
        <Stat id="batch.costFloorUsdPerMillionTokens" label="Cost floor (batch → ∞)" value={r.costFloorUsdPerMillionTokens} unit="USD/Mtoken" d={d["costFloorUsdPerMillionTokens"] ?? null} />
        <Stat id="batch.hbmDrainSeconds" label="HBM drain time" value={r.hbmDrainSeconds} unit="s" d={d["hbmDrainSeconds"] ?? null} />
        <Stat id="batch.maxBatch" label="Largest batch that fits" value={r.maxBatch} unit="sequence" digits={6} d={r.trainStep.derivations["maxBatch"] ?? null} />
      </div>
      <h2 class="sub">
        At your batch of {formatSignificant(yourBatch, 6)} ({step.bound}-bound)
      </h2>
      <div class="stats">
        <Stat id="step.stepSeconds" label="Step time" value={step.stepSeconds} unit="s" d={sd["stepSeconds"] ?? null} hint={<ExpectedHint id="step.expectedStepSeconds" value={step.expectedStepSeconds} unit="s" d={sd["expectedStepSeconds"] ?? null} />} />
        <Stat id="step.usdPerMillionTokens" label="Cost per million tokens" value={step.usdPerMillionTokens} unit="USD/Mtoken" d={sd["usdPerMillionTokens"] ?? null} hint={<ExpectedHint id="step.expectedUsdPerMillionTokens" value={step.expectedUsdPerMillionTokens} unit="USD/Mtoken" d={sd["expectedUsdPerMillionTokens"] ?? null} />} />
        <Stat id="step.tokensPerSecond" label="Tokens/s (replica)" value={step.tokensPerSecond} unit="token/s" d={sd["tokensPerSecond"] ?? null} hint={<ExpectedHint id="step.expectedTokensPerSecond" value={step.expectedTokensPerSecond} unit="token/s" d={sd["expectedTokensPerSecond"] ?? null} />} />
        <Stat id="step.tokensPerSecondPerSequence" label="Tokens/s per sequence" value={step.tokensPerSecondPerSequence} unit="token/s" d={sd["tokensPerSecondPerSequence"] ?? null} hint={<ExpectedHint id="step.expectedTokensPerSecondPerSequence" value={step.expectedTokensPerSecondPerSequence} unit="token/s" d={sd["expectedTokensPerSecondPerSequence"] ?? null} />} />
        <Stat id="step.mfu" label="Model FLOP utilisation" value={step.mfu} unit="1" text={display(step.mfu, "1", 3, true)} d={sd["mfu"] ?? null} />
        <Stat id="step.joulesPerToken" label="Energy per token (chips at TDP: an upper bound)" value={energy?.joulesPerToken ?? null} unit="J/token" d={energy?.derivations.joulesPerToken ?? null} hint={expectedEnergy ? `expected: ${display(expectedEnergy.joulesPerToken, "J/token")}` : undefined} />
        <Stat id="step.tokensPerSecondPerMegawatt" label="Tokens/s per MW (at TDP: a lower bound)" value={energy?.tokensPerSecondPerMegawatt ?? null} unit="token/s/MW" d={energy?.derivations.tokensPerSecondPerMegawatt ?? null} hint={expectedEnergy ? `expected: ${display(expectedEnergy.tokensPerSecondPerMegawatt, "token/s/MW")}` : undefined} />
        <Stat id="step.footprintBytes" label="HBM needed / available" value={step.memory.footprintBytes} unit="B" d={sd["footprintBytes"] ?? null} hint={undefined} />
      </div>
      <p class="small muted">
        Marked: the latency floor <Num id="batch.latencyFloorSeconds.mark" value={r.latencyFloorSeconds} unit="s" d={d["latencyFloorSeconds"] ?? null} />, the closed-form optimum{" "}
        <Num id="batch.closedFormOptimalBatch.mark" value={r.closedFormOptimalBatch} unit="sequence" digits={4} d={d["closedFormOptimalBatch"] ?? null} />
        {r.optimalBatch !== null ? (
          <>
            , the exact optimum <Num id="batch.optimalBatch.mark" value={r.optimalBatch} unit="sequence" digits={4} d={d["optimalBatch"] ?? null} />
          </>
        ) : null}
        {r.costFloorUsdPerMillionTokens !== null ? (
          <>
            {" "}
            and the cost floor <Num id="batch.costFloor.mark" value={r.costFloorUsdPerMillionTokens} unit="USD/Mtoken" d={d["costFloorUsdPerMillionTokens"] ?? null} />
          </>
        ) : null}
        . The grey band is your batch.
      </p>
      <DataTable id="batch-points" title="The curve, point by point" columns={curveColumns("batch.points", "batch", at, "1", expected)} rows={r.points} rowKey={(p) => String(p.x)} />
    </>
  );
}
