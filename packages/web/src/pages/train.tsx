/** The serving train: a batch departs every step period T; a request that just missed one waits up to 2T. */
import { analyzeBatch, formatQuantity, formatSignificant, type BatchResult , SERVING_TRAIN_INPUTS } from "@roofline/core";
import { useMemo } from "preact/hooks";
import { Chart } from "../components/Chart.tsx";
import { COLORS, tickFormat } from "../components/chart-style.ts";
import { AnalysisLayout, ErrorBox, Warnings, type PageProps } from "../components/Layout.tsx";
import { ExpectedHint, Stat } from "../components/Num.tsx";
import type { ChartSpec, DotMark, SpanMark } from "../components/svgchart.tsx";
import { attempt, rooflineOptions } from "../options.ts";
import { compareEach, computed, type CompareDim, type Comparison } from "../compare.ts";
import { compareLegend } from "../components/compare-chart.ts";
import { CompareFailures } from "../components/CompareBar.tsx";
import { Num } from "../components/Num.tsx";
import type { AppState } from "../state.ts";

/**
 * What a comparison can change here, efficiency included: an "expected" comparison runs the train at
 * the expected step time of its batch (core's analyzeBatch `expectedTrain`), an ideal one at the roofline's.
 */
const TRAIN_DIMS: readonly CompareDim[] = ["model", "hardware", "chips", "weights", "kv", "eff"];

type CompareTrain = Comparison & { value: BatchResult };
/** The train a comparison draws: the expected one for an expected comparison, else the ideal. */
const scheduleOf = (c: CompareTrain) => (c.mode === "expected" ? c.value.expectedTrain : c.value.train);
/** Its derivation of a train number (expected ones are named `expectedTrain…`). */
const trainDerivation = (c: CompareTrain, name: "PeriodSeconds" | "WorstCaseLatencySeconds" | "TokensPerSecond") => c.value.derivations[c.mode === "expected" ? `expectedTrain${name}` : `train${name}`] ?? null;

const trainOf = (state: AppState) => analyzeBatch(rooflineOptions(state, SERVING_TRAIN_INPUTS));

const TRAINS_SHOWN = 6;
const ROWS = ["trains", "worst-case request"];

/** Timeline geometry only: departures at k·T for the drawing; the numbers shown come from core. */
export function trainChart(r: BatchResult, width: number, height: number, compares: readonly CompareTrain[] = []): ChartSpec {
  const T = r.train.periodSeconds;
  const spans: SpanMark[] = [];
  const horizon = TRAINS_SHOWN * T;
  // Each comparison: a row of its own trains on the same time axis (cut at the page's horizon), its first token at 2T as a dot.
  const cmpRows = compares.map((c) => `vs ${c.label}`);
  const dots: DotMark[] = [];
  compares.forEach((c, i) => {
    const Tc = scheduleOf(c).periodSeconds;
    const row = cmpRows[i] as string;
    for (let k = 0; k * Tc < horizon && k < 1000; k++) spans.push({ x1: k * Tc + Tc * 0.03, x2: Math.min(horizon, (k + 1) * Tc - Tc * 0.03), row, color: c.color, opacity: k % 2 ? 0.55 : 0.9 });
    const wait = scheduleOf(c).worstCaseLatencySeconds;
    if (wait <= horizon) dots.push({ x: wait, y: 0, row, color: COLORS.compute, r: 5, ...(width > 500 ? { label: "first token (2T)" } : {}) });
  });
  for (let k = 0; k < TRAINS_SHOWN; k++) {
    spans.push({ x1: k * T + T * 0.03, x2: (k + 1) * T - T * 0.03, row: ROWS[0] as string, color: k % 2 ? COLORS.weights : "#3b82f6", label: width > 600 ? `train ${k + 1}: ${formatSignificant(r.train.batch, 4)} seq` : "" });
  }
  const wait = r.train.worstCaseLatencySeconds;
  spans.push({ x1: 0, x2: T, row: ROWS[1] as string, color: COLORS.marker, opacity: 0.55, label: width > 500 ? "waits for the next train" : "" });
  spans.push({ x1: T, x2: wait, row: ROWS[1] as string, color: COLORS.compute, label: width > 500 ? "rides: first token" : "" });
  return {
    title: "The train: departures every T",
    width,
    height,
    x: { type: "linear", label: "time →", format: tickFormat("s"), domain: [0, TRAINS_SHOWN * T] },
    y: { rows: [...ROWS, ...cmpRows], label: "" },
    spans,
    dots,
    rulesX: [
      ...Array.from({ length: TRAINS_SHOWN + 1 }, (_, k) => ({ at: k * T, color: COLORS.step, dash: "2 3", opacity: 0.5 })),
      { at: wait, color: COLORS.compute, width: 2, label: `first token at ${formatQuantity(wait, "s")} = 2T` },
    ],
    margin: { left: 124, top: 30 },
  };
}

export function TrainPage({ state, set }: PageProps) {
  const result = useMemo(() => attempt(() => trainOf(state)), [state.model, state.config, state.hardware, state.inputs]);
  const compareList = useMemo(() => compareEach(state, trainOf, TRAIN_DIMS), [state.model, state.config, state.hardware, state.inputs, state.compare]);
  return (
    <AnalysisLayout
      state={state}
      set={set}
      table={SERVING_TRAIN_INPUTS}
      compare={TRAIN_DIMS}
      effective={{ trainBatch: result.ok ? result.value.train.batch : null }}
      hints={{ trainBatch: result.ok && result.value.optimalBatch === null ? "default: the closed-form optimal batch, rounded up (no exact optimum: memory-bound at every batch)" : "default: the exact optimal batch, rounded up" }}
      intro={
        <p>
          A server runs one step after another; each step carries a batch, like a train that departs every T (the step time at the train's batch). A request that arrives just after a departure waits for the next train
          and then rides one step: its first token comes after 2T in the worst case. The lecture's trains leave about every 20 ms — the HBM drain time.
        </p>
      }
    >
      <CompareFailures list={compareList} />
      {result.ok ? <TrainBody r={result.value} compares={computed(compareList)} /> : <ErrorBox message={result.message} details={result.details} />}
    </AnalysisLayout>
  );
}

function TrainBody({ r, compares }: { r: BatchResult; compares: readonly CompareTrain[] }) {
  const d = r.derivations;
  return (
    <>
      <div class="charts">
        <Chart
          id="train-timeline"
          title="The train: departures every T, worst-case wait 2T"
          height={200 + 34 * compares.length}
          spec={(w, h) => trainChart(r, w, h, compares)}
          legend={[
            { label: "a train (one step)", color: COLORS.weights },
            { label: "waiting", color: COLORS.marker },
            { label: "riding to the first token", color: COLORS.compute },
            ...compareLegend(compares),
          ]}
        />
      </div>
      {compares.length ? (
        <table class="compare-table" data-compare-table>
          <caption class="visually-hidden">The train of each scenario</caption>
          <thead>
            <tr>
              <th scope="col">scenario</th>
              <th scope="col">train batch</th>
              <th scope="col">departs every T</th>
              <th scope="col">worst-case first token (2T)</th>
              <th scope="col">tokens/s per replica</th>
            </tr>
          </thead>
          <tbody>
            <tr data-compare-row="page">
              <th scope="row">this scenario</th>
              <td class="num-col">{formatSignificant(r.train.batch, 6)}</td>
              <td class="num-col">{formatQuantity(r.train.periodSeconds, "s")}</td>
              <td class="num-col">{formatQuantity(r.train.worstCaseLatencySeconds, "s")}</td>
              <td class="num-col">{formatQuantity(r.train.tokensPerSecond, "token/s")}</td>
            </tr>
            {compares.map((c, i) => (
              <tr key={c.label} data-compare-row={i}>
                <th scope="row">vs {c.label}</th>
                <td class="num-col">{formatSignificant(scheduleOf(c).batch, 6)}</td>
                <td class="num-col">
                  <Num id={`train.compare.${i}.trainPeriodSeconds`} value={scheduleOf(c).periodSeconds} unit="s" d={trainDerivation(c, "PeriodSeconds")} />
                </td>
                <td class="num-col">
                  <Num id={`train.compare.${i}.trainWorstCaseLatencySeconds`} value={scheduleOf(c).worstCaseLatencySeconds} unit="s" d={trainDerivation(c, "WorstCaseLatencySeconds")} />
                </td>
                <td class="num-col">
                  <Num id={`train.compare.${i}.trainTokensPerSecond`} value={scheduleOf(c).tokensPerSecond} unit="token/s" d={trainDerivation(c, "TokensPerSecond")} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <Warnings warnings={r.warnings} />
      <div class="stats">
        <Stat id="train.batch" label="Train batch" value={r.train.batch} unit="sequence" digits={6} d={{ kind: "given", title: "Train batch", description: "Sequences per train (per step).", value: r.train.batch, unit: "sequence", display: formatQuantity(r.train.batch, "sequence", 6), origin: r.trainStep.derivations["tokens"]?.inputs.find((i) => i.name === "batch")?.origin ?? { kind: "default", reason: "the exact optimal batch, rounded up" } }} />
        <Stat id="train.trainPeriodSeconds" label="Departs every T (step time)" value={r.train.periodSeconds} unit="s" d={d["trainPeriodSeconds"] ?? null} />
        <Stat id="train.trainWorstCaseLatencySeconds" label="Worst-case wait to first token (2T)" value={r.train.worstCaseLatencySeconds} unit="s" d={d["trainWorstCaseLatencySeconds"] ?? null} />
        <Stat id="train.trainTokensPerSecond" label="Tokens/s per replica" value={r.train.tokensPerSecond} unit="token/s" d={d["trainTokensPerSecond"] ?? null} hint={<ExpectedHint id="train.expectedTrainTokensPerSecond" value={r.expectedTrain.tokensPerSecond} unit="token/s" d={d["expectedTrainTokensPerSecond"] ?? null} />} />
        <Stat id="train.expectedTrainPeriodSeconds" label="Expected: departs every (fitted step time, not a bound)" value={r.expectedTrain.periodSeconds} unit="s" d={d["expectedTrainPeriodSeconds"] ?? null} />
        <Stat id="train.expectedTrainWorstCaseLatencySeconds" label="Expected worst-case wait to first token" value={r.expectedTrain.worstCaseLatencySeconds} unit="s" d={d["expectedTrainWorstCaseLatencySeconds"] ?? null} />
        <Stat id="train.trainDeparturesPerSecond" label="Departures per second (the lecture's ≈ 64)" value={r.train.departuresPerSecond} unit="1/s" d={d["trainDeparturesPerSecond"] ?? null} />
        <Stat id="train.hbmDrainSeconds" label="HBM drain time (the lecture's ≈ 20 ms)" value={r.hbmDrainSeconds} unit="s" d={d["hbmDrainSeconds"] ?? null} />
        <Stat id="train.trainStep.tokensPerSecondPerSequence" label="Tokens/s per sequence" value={r.trainStep.tokensPerSecondPerSequence} unit="token/s" d={r.trainStep.derivations["tokensPerSecondPerSequence"] ?? null} hint={<ExpectedHint id="train.trainStep.expectedTokensPerSecondPerSequence" value={r.trainStep.expectedTokensPerSecondPerSequence} unit="token/s" d={r.trainStep.derivations["expectedTokensPerSecondPerSequence"] ?? null} />} />
        <Stat id="train.trainStep.usdPerMillionTokens" label="Cost per million tokens" value={r.trainStep.usdPerMillionTokens} unit="USD/Mtoken" d={r.trainStep.derivations["usdPerMillionTokens"] ?? null} hint={<ExpectedHint id="train.trainStep.expectedUsdPerMillionTokens" value={r.trainStep.expectedUsdPerMillionTokens} unit="USD/Mtoken" d={r.trainStep.derivations["expectedUsdPerMillionTokens"] ?? null} />} />
      </div>
    </>
  );
}
