/** The compute split of a model's life: pre-training, RL and inference at equal cost; over-training. */
import { analyzeTraining, formatNumberForArithmetic, formatSignificant, trainingOptionsFromInputs, type TrainingResult, TRAINING_PAGE_INPUTS } from "@roofline/core";
import { useMemo } from "preact/hooks";
import { Chart } from "../components/Chart.tsx";
import { AnalysisLayout, ErrorBox, Warnings, type PageProps } from "../components/Layout.tsx";
import { Stat } from "../components/Num.tsx";
import { COLORS } from "../components/chart-style.ts";
import type { ChartSpec } from "../components/svgchart.tsx";
import { attempt, inputOptions, labelNames, resolveHardware } from "../options.ts";
import { compareEach, computed, tableDims, type Comparison } from "../compare.ts";
import { CompareFailures } from "../components/CompareBar.tsx";
import type { AppState } from "../state.ts";
import { TrainingCompare } from "./training-compare.tsx";

/** A comparison changes the chip (the split is in FLOP; the run's time and cost change). */
const TRAINING_DIMS = tableDims(TRAINING_PAGE_INPUTS);
/** A scenario's split and run (the same analysis as `roofline train`). */
const trainingOf = (state: AppState) => analyzeTraining({ hardware: resolveHardware(state), ...trainingOptionsFromInputs(inputOptions(state, TRAINING_PAGE_INPUTS), labelNames(TRAINING_PAGE_INPUTS)) });

export function splitChart(r: TrainingResult, width: number, height: number): ChartSpec {
  const rows = ["pre-training", "RL", "inference"] as const;
  const flop = [r.flop.pretrain, r.flop.rl, r.flop.inference];
  const colors = [COLORS.weights, COLORS.compute, COLORS.kv];
  return {
    title: "Compute of a model's life, pre-training-equivalent FLOP",
    width,
    height,
    x: { type: "linear", label: "FLOP →", format: (v) => formatNumberForArithmetic(v, 2), zero: true, domain: [0, Math.max(...flop) * 1.1] },
    y: { rows, label: "phase" },
    spans: rows.map((row, i) => ({ row, x1: 0, x2: flop[i] as number, color: colors[i] as string, opacity: 0.8, label: `${formatSignificant(((flop[i] as number) / r.flop.total) * 100, 3)}%` })),
  };
}

export function TrainingPage({ state, set }: PageProps) {
  const result = useMemo(() => attempt(() => trainingOf(state)), [state.hardware, state.inputs]);
  const compareList = useMemo(() => compareEach(state, trainingOf, TRAINING_DIMS), [state.hardware, state.inputs, state.compare, state.model]);
  return (
    <AnalysisLayout
      state={state}
      set={set}
      table={TRAINING_PAGE_INPUTS}
      compare={TRAINING_DIMS}
      effective={result.ok ? { trainingTokens: result.value.pretrainTokens } : {}}
      intro={
        <p>
          Pre-training costs 6·N·D, RL 2–6·N·D at a worse utilisation, inference 2·N·D at decode's utilisation. If the three costs are equal (the lecture's heuristic), a model should be pre-trained on about as many tokens as it will serve: 50M
          tokens/s for two months. With ~100B active parameters that is ~100× the Chinchilla-optimal 2T tokens. The pre-training run is priced on the chosen hardware at the MFU and on the chips you set (40% and 100,000 by default). The serving fleet that earns the list price is <code>roofline train</code>'s.
        </p>
      }
    >
      <CompareFailures list={compareList} />
      {result.ok ? <TrainingBody r={result.value} compares={computed(compareList)} /> : <ErrorBox message={result.message} details={result.details} />}
    </AnalysisLayout>
  );
}

function TrainingBody({ r, compares }: { r: TrainingResult; compares: readonly (Comparison & { value: TrainingResult })[] }) {
  const d = r.derivations;
  return (
    <>
      <Warnings warnings={r.warnings} />
      <div class="charts">
        <Chart id="training-split" title="The compute split" spec={(w, h) => splitChart(r, w, h)} height={220} legend={[{ label: "pre-training", color: COLORS.weights }, { label: "RL", color: COLORS.compute }, { label: "inference", color: COLORS.kv }]} />
      </div>
      <div class="stats">
        <Stat id="training.inferenceTokens" label="Lifetime inference tokens" value={r.inferenceTokens} unit="token" text={`${formatNumberForArithmetic(r.inferenceTokens, 3)} tokens`} d={d["inferenceTokens"] ?? null} />
        <Stat id="training.pretrainTokens" label="Pre-training tokens (equal cost)" value={r.pretrainTokens} unit="token" text={`${formatNumberForArithmetic(r.pretrainTokens, 3)} tokens`} d={d["pretrainTokens"] ?? null} />
        <Stat id="training.rlTokens" label="RL tokens (equal cost)" value={r.rlTokens} unit="token" text={`${formatNumberForArithmetic(r.rlTokens, 3)} tokens`} d={d["rlTokens"] ?? null} />
        <Stat id="training.chinchillaTokens" label="Chinchilla-optimal tokens" value={r.chinchillaTokens} unit="token" text={`${formatNumberForArithmetic(r.chinchillaTokens, 3)} tokens`} d={d["chinchillaTokens"] ?? null} />
        <Stat id="training.overtrainingFactor" label="Over-trained by" value={r.overtrainingFactor} unit="1" d={d["overtrainingFactor"] ?? null} />
        {r.run ? <Stat id="training.chipHours" label="Pre-training chip-hours" value={r.run.chipHours} unit="1" d={d["pretrainChipHours"] ?? null} /> : null}
        {r.run ? <Stat id="training.usd" label="Pre-training cost" value={r.run.usd} unit="USD" d={d["pretrainUsd"] ?? null} /> : null}
        {r.run?.seconds != null ? <Stat id="training.seconds" label={`… on ${formatSignificant(r.run.chips ?? 0, 6)} chips`} value={r.run.seconds} unit="s" d={d["pretrainSeconds"] ?? null} /> : null}
      </div>
      <p class="small" data-expected-note>
        {r.expectedNote}
      </p>
      <TrainingCompare here={r} compares={compares} />
    </>
  );
}
