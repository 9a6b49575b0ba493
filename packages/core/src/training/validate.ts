/**
 * The training step against public measurements: the rows of group "training" in data/measurements/
 * (MLPerf Training, Megatron-Bridge/NeMo performance summaries), each predicted from its own layout,
 * and the error on MFU. The fit of the few physical efficiency terms (matmul efficiency at 16 and 8
 * bits, the exposed share of tensor-parallel communication) and its leave-one-source-out error live
 * here too, so that scripts/fit-training.ts, `roofline train-step validate` and the tests share them.
 *
 * Pure: the caller reads the files and resolves model ids to ModelSpecs.
 */
import { findHardware } from "../catalog/hardware.ts";
import { isRooflineError } from "../errors.ts";
import type { Quantity } from "../formula/formula.ts";
import type { ModelSpec } from "../model/model.ts";
import { trainEfficiency, type TrainEfficiency } from "./efficiency.ts";
import { flopUtilization, tokensPerSecondPerChip } from "./formulas.ts";
import { searchTrainLayouts } from "./search.ts";
import { checkLayout, evaluateTrainStep, trainContext, type TrainLayout, type TrainPrecision } from "./step.ts";

/** One row of the shared measurement schema (data/measurements/<source>.json), as far as training reads it. */
export interface MeasurementRow {
  id: string;
  group: string;
  hardware: string;
  chips: number;
  parallelism?: { tp?: number; pp?: number; ep?: number; dp?: number; cp?: number; vp?: number; fsdp?: number | boolean; etp?: number };
  model: string;
  precision?: { weights?: string; kv?: string; compute?: string };
  engine?: { name?: string; version?: string };
  workload?: { sequenceLength?: number; globalBatchTokens?: number; globalBatch?: number; microBatch?: number; recompute?: string; [k: string]: unknown };
  metric: { name: string; value: number; unit?: string; stat?: string };
  exactness?: string;
  note?: string;
}

export interface MeasurementFile {
  source: { id: string; title?: string; kind?: string; url?: string; published?: string; notes?: string };
  rows: MeasurementRow[];
}

export interface TrainingRowPrediction {
  id: string;
  source: string;
  model: string;
  hardware: string;
  chips: number;
  precision: TrainPrecision;
  layout: TrainLayout;
  metric: string;
  measured: number;
  predicted: number;
  /** Measured MFU and predicted MFU, both as model FLOP (this engine's count: 6·N + causal attention) ÷ the chip's dense peak at the row's precision. */
  measuredMfu: number;
  predictedMfu: number;
  /** predicted ÷ measured − 1, on MFU (equivalently on throughput). */
  error: number;
  fits: boolean;
  /** The row gave no layout; this one was searched for (the fastest that fits). */
  searchedLayout: boolean;
}

export interface SkippedRow {
  id: string;
  source: string;
  reason: string;
}

export type ResolveModel = (id: string) => ModelSpec | null;

interface PreparedRow {
  row: MeasurementRow;
  source: string;
  model: ModelSpec;
  hardwareId: string;
  precision: TrainPrecision;
  layout: TrainLayout;
  /** The row gave no layout: the fastest that fits was searched for. */
  searched: boolean;
}

function precisionOf(row: MeasurementRow): TrainPrecision | string {
  const p = (row.precision?.compute ?? row.precision?.weights ?? "bf16").toLowerCase();
  if (p === "bf16" || p === "fp16") return p;
  if (p === "fp8" || p === "mxfp8" || p.startsWith("fp8")) return "fp8";
  return p;
}

/** Turns a row into a layout; null with a reason when it cannot be predicted. */
export function prepareRow(row: MeasurementRow, source: string, resolveModel: ResolveModel): PreparedRow | SkippedRow {
  const skip = (reason: string): SkippedRow => ({ id: row.id, source, reason });
  if (row.group !== "training") return skip("not a training row");
  const hw = findHardware(row.hardware);
  if (!hw) return skip(`hardware ${row.hardware} is not in the catalog`);
  const model = resolveModel(row.model);
  if (!model) return skip(`model ${row.model} could not be read`);
  if (!model.architecture) return skip(`model ${row.model} has no architecture`);
  const precision = precisionOf(row);
  if (precision !== "bf16" && precision !== "fp16" && precision !== "fp8") return skip(`compute precision ${precision} is not modelled for training (bf16, fp16, fp8)`);
  if (hw.denseFlopsPerSecond[precision].value === null) return skip(`${hw.id} has no ${precision} peak in the catalog`);
  const w = row.workload ?? {};
  const S = w.sequenceLength;
  if (!S) return skip("no sequence length");
  if (/lora|peft|fine-?tun/i.test(`${row.id} ${row.note ?? ""} ${JSON.stringify(row.workload ?? {})}`)) return skip("fine-tuning (LoRA/PEFT): frozen weights change the FLOP count (no 4N weight gradients); the step models pre-training");
  const par = row.parallelism ?? {};
  const gbt0 = w.globalBatchTokens ?? (w.globalBatch !== undefined ? w.globalBatch * S : undefined);
  if (par.tp === undefined && par.pp === undefined && par.dp === undefined && par.cp === undefined && par.ep === undefined) {
    // No layout published: the fastest layout that fits, as the submitter would have tuned it.
    if (!gbt0) return skip("no global batch");
    try {
      const found = searchTrainLayouts({ model, hardware: hw, precision, chips: row.chips, sequenceLength: S, globalBatchTokens: gbt0, fewerChips: false, top: 1 });
      const best = found.fastest[0];
      if (!best) return skip("no layout of these chips fits the model in memory");
      return { row, source, model, hardwareId: hw.id, precision, layout: best.layout, searched: true };
    } catch (e) {
      if (isRooflineError(e)) return skip(e.message);
      throw e;
    }
  }
  const tp = par.tp ?? 1;
  const pp = par.pp ?? 1;
  const cp = par.cp ?? 1;
  const ep = par.ep ?? 1;
  const inner = tp * pp * cp;
  const dp = par.dp ?? row.chips / inner;
  if (!Number.isInteger(dp) || dp < 1) return skip(`chips ${row.chips} are not a multiple of TP·PP·CP = ${inner}`);
  if (dp * inner !== row.chips) return skip(`DP·TP·PP·CP = ${dp * inner} differs from the ${row.chips} chips`);
  const b = w.microBatch ?? 1;
  const gbt = w.globalBatchTokens ?? (w.globalBatch !== undefined ? w.globalBatch * S : undefined);
  if (!gbt) return skip("no global batch");
  const m = gbt / (S * dp * b);
  if (!Number.isInteger(m) || m < 1) return skip(`global batch ${gbt} tokens is not a whole number of micro-batches of ${b}×${S} tokens on ${dp} replicas`);
  const vp = par.vp ?? 1;
  const recompute = w.recompute === "full" || w.recompute === "selective" ? w.recompute : "none";
  const fsdp = par.fsdp === true || (typeof par.fsdp === "number" && par.fsdp > 0);
  const layout: TrainLayout = {
    dataParallel: dp,
    tensorParallel: tp,
    pipelineParallel: pp,
    contextParallel: cp,
    expertParallel: ep,
    microBatch: b,
    microBatches: m,
    sequenceLength: S,
    schedule: pp > 1 && vp > 1 ? "interleaved" : "1f1b",
    virtualStages: pp > 1 && vp > 1 ? vp : 1,
    recompute,
    zeroStage: fsdp ? 3 : dp * cp > 1 ? 1 : 0,
    sequenceParallel: tp > 1,
    reversible: false,
    fusedAttention: true,
  };
  return { row, source, model, hardwareId: hw.id, precision, layout, searched: false };
}

const isSkip = (x: PreparedRow | SkippedRow): x is SkippedRow => "reason" in x;

/** Predicts prepared rows under one set of efficiency terms. */
function predict(rows: readonly PreparedRow[], eff: Partial<TrainEfficiency>): { predictions: TrainingRowPrediction[]; skipped: SkippedRow[] } {
  const predictions: TrainingRowPrediction[] = [];
  const skipped: SkippedRow[] = [];
  for (const p of rows) {
    const hw = findHardware(p.hardwareId);
    if (!hw) continue;
    let ctx;
    try {
      ctx = trainContext({ model: p.model, hardware: hw, layout: {}, precision: p.precision, efficiency: eff });
      checkLayout(ctx, p.layout);
    } catch (e) {
      if (!isRooflineError(e)) throw e;
      skipped.push({ id: p.row.id, source: p.source, reason: e.message });
      continue;
    }
    const r = evaluateTrainStep(ctx, p.layout);
    const metric = p.row.metric;
    const peak = ctx.peak.value;
    // Every metric becomes tokens/s per chip, then MFU under this engine's FLOP count.
    let measuredTps: number;
    if (metric.name === "tokens_per_second_per_chip") measuredTps = metric.value;
    else if (metric.name === "mfu") measuredTps = (metric.value * peak) / r.flop.modelPerToken;
    else if (metric.name === "step_seconds") measuredTps = tokensPerSecondPerChip.fn(r.globalBatchTokens, metric.value, r.chips);
    else if (metric.name === "total_tokens_per_second") measuredTps = metric.value / r.chips;
    else {
      skipped.push({ id: p.row.id, source: p.source, reason: `metric ${metric.name} is not a training throughput` });
      continue;
    }
    const measuredMfu = flopUtilization.fn(r.flop.modelPerToken, measuredTps, peak);
    const predicted = metric.name === "mfu" ? r.mfu : metric.name === "step_seconds" ? r.time.stepSeconds : metric.name === "total_tokens_per_second" ? r.tokensPerSecondPerChip * r.chips : r.tokensPerSecondPerChip;
    predictions.push({
      id: p.row.id,
      source: p.source,
      model: p.model.id,
      hardware: p.hardwareId,
      chips: r.chips,
      precision: p.precision,
      layout: p.layout,
      metric: metric.name,
      measured: metric.value,
      predicted,
      measuredMfu,
      predictedMfu: r.mfu,
      error: r.mfu / measuredMfu - 1,
      fits: r.memory.fits,
      searchedLayout: p.searched,
    });
  }
  return { predictions, skipped };
}

export function median(xs: readonly number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const h = Math.floor(s.length / 2);
  return s.length % 2 ? (s[h] as number) : ((s[h - 1] as number) + (s[h] as number)) / 2;
}

/** The fitted terms. */
export interface TrainingFitParameters {
  matmul16: number;
  matmul8: number;
  tensorExposed: number;
}

const q = (value: number, name: string): Quantity => ({ value, origin: { kind: "default", reason: `fit candidate ${name}` } });
const toEff = (p: TrainingFitParameters): Partial<TrainEfficiency> => ({ matmul16: q(p.matmul16, "matmul16"), matmul8: q(p.matmul8, "matmul8"), tensorExposed: q(p.tensorExposed, "tensorExposed") });

const GRID = {
  matmul: Array.from({ length: 71 }, (_, i) => 0.25 + i * 0.01),
  tensorExposed: [0, 0.25, 0.5, 0.75, 1],
};

/**
 * Fits the three terms by grid search, minimising the median |error| on MFU (ties: the mean). Each
 * matmul efficiency only touches rows of its precision, so they are fitted one at a time for each
 * exposed share of tensor-parallel communication.
 */
export function fitTraining(rows: readonly PreparedRow[]): { parameters: TrainingFitParameters; medianAbsError: number } {
  const bf = rows.filter((r) => r.precision !== "fp8");
  const f8 = rows.filter((r) => r.precision === "fp8");
  const score = (preds: TrainingRowPrediction[]) => {
    const a = preds.map((p) => Math.abs(p.error));
    return { med: median(a), mean: a.reduce((x, y) => x + y, 0) / Math.max(1, a.length) };
  };
  let best: { p: TrainingFitParameters; med: number; mean: number } | null = null;
  for (const tx of GRID.tensorExposed) {
    const bestFor = (subset: readonly PreparedRow[], key: "matmul16" | "matmul8") => {
      let b = { eta: 0.5, errs: [] as number[], med: Infinity, mean: Infinity };
      if (!subset.length) return { eta: key === "matmul16" ? 0.7 : 0.5, errs: [] as number[], med: 0, mean: 0 };
      for (const eta of GRID.matmul) {
        const preds = predict(subset, toEff({ matmul16: eta, matmul8: eta, tensorExposed: tx })).predictions;
        const s = score(preds);
        if (s.med < b.med - 1e-12 || (Math.abs(s.med - b.med) <= 1e-12 && s.mean < b.mean)) b = { eta, errs: preds.map((p) => Math.abs(p.error)), ...s };
      }
      return b;
    };
    const a = bestFor(bf, "matmul16");
    const c = bestFor(f8, "matmul8");
    const all = [...a.errs, ...c.errs];
    const med = median(all);
    const mean = all.reduce((x, y) => x + y, 0) / Math.max(1, all.length);
    if (!best || med < best.med - 1e-12 || (Math.abs(med - best.med) <= 1e-12 && mean < best.mean)) best = { p: { matmul16: round2(a.eta), matmul8: round2(c.eta), tensorExposed: tx }, med, mean };
  }
  const b = best as { p: TrainingFitParameters; med: number };
  return { parameters: b.p, medianAbsError: b.med };
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export interface TrainingValidation {
  predictions: TrainingRowPrediction[];
  skipped: SkippedRow[];
  /** In-sample: with the current (fitted) efficiency terms. */
  medianAbsError: number;
  bySource: { source: string; rows: number; medianAbsError: number }[];
  /** Leave-one-source-out: each source predicted with terms fitted to the others. */
  loso: { medianAbsError: number; rows: number; folds: { source: string; parameters: TrainingFitParameters; medianAbsError: number }[] } | null;
}

export function prepareTrainingRows(files: readonly MeasurementFile[], resolveModel: ResolveModel): { prepared: PreparedRow[]; skipped: SkippedRow[] } {
  const prepared: PreparedRow[] = [];
  const skipped: SkippedRow[] = [];
  for (const f of files) {
    for (const row of f.rows) {
      if (row.group !== "training") continue;
      const p = prepareRow(row, f.source.id, resolveModel);
      if (isSkip(p)) skipped.push(p);
      else prepared.push(p);
    }
  }
  return { prepared, skipped };
}

/** Predicts every training row with the default efficiency (or `efficiency`), and runs the leave-one-source-out fit. */
export function validateTraining(files: readonly MeasurementFile[], resolveModel: ResolveModel, o: { efficiency?: Partial<TrainEfficiency>; loso?: boolean } = {}): TrainingValidation {
  const { prepared, skipped } = prepareTrainingRows(files, resolveModel);
  const base = predict(prepared, o.efficiency ?? trainEfficiency());
  const preds = base.predictions;
  const sources = [...new Set(preds.map((p) => p.source))];
  const bySource = sources.map((s) => {
    const e = preds.filter((p) => p.source === s).map((p) => Math.abs(p.error));
    return { source: s, rows: e.length, medianAbsError: median(e) };
  });
  let loso: TrainingValidation["loso"] = null;
  if ((o.loso ?? true) && sources.length >= 2) {
    const held: number[] = [];
    const folds: NonNullable<TrainingValidation["loso"]>["folds"] = [];
    const ok = prepared.filter((p) => preds.some((x) => x.id === p.row.id));
    for (const s of sources) {
      const train = ok.filter((p) => p.source !== s);
      const test = ok.filter((p) => p.source === s);
      const fit = fitTraining(train);
      const e = predict(test, toEff(fit.parameters)).predictions.map((p) => Math.abs(p.error));
      held.push(...e);
      folds.push({ source: s, parameters: fit.parameters, medianAbsError: median(e) });
    }
    loso = { medianAbsError: median(held), rows: held.length, folds };
  }
  return { predictions: preds, skipped: [...skipped, ...base.skipped], medianAbsError: median(preds.map((p) => Math.abs(p.error))), bySource, loso };
}
