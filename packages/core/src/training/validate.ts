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
import { checkLayout, evaluateTrainStep, trainContext, type TrainContext, type TrainLayout, type TrainPrecision } from "./step.ts";

/** One row of the shared measurement schema (data/measurements/<source>.json), as far as training reads it. */
export interface MeasurementRow {
  id: string;
  group: string;
  hardware: string;
  chips: number;
  parallelism?: { tp?: number; pp?: number; ep?: number; dp?: number; cp?: number; vp?: number; fsdp?: number | boolean; etp?: number };
  model: string;
  /**
   * `dense`: the precision of the linears outside the routed experts the checkpoint leaves unquantised; `denseQuantized`
   * which non-expert linears are quantised with the experts ("mlp" | "mlp+o_proj"); `denseFp8` "q_b_proj"; `denseSource`
   * where that is stated (roofline validate, efficiency/validate.ts denseLinears); `kvSource` where the KV-cache
   * precision comes from when no document of the run states it (shown in the row's derivation); `dispatch` the expert
   * dispatch precision the run states (fp8, nvfp4, bf16) and `dispatchSource` where.
   */
  precision?: { weights?: string; kv?: string; compute?: string; dense?: string; denseQuantized?: string; denseFp8?: string; denseSource?: string; kvSource?: string; dispatch?: string; dispatchSource?: string };
  /**
   * `core`: the engine generation a run's records state where its version alone does not say it (vLLM "v0" | "v1").
   * `dualBatchOverlap` false: the run's engine did not overlap communication with another micro-batch's compute (its launch
   * flags and defaults); `offloadedExpertShare`: the share of routed-expert weights the run kept in host memory (not in HBM
   * when sizing the batch), `offloadSource` where the run states it; `untunedLinears`: the run's image ran its GEMM
   * library's untuned default tile for the dense linears — why and where stated; `tunedLinearShapes`: the per-chip N × K
   * shapes that library does tune for the chip (the rest run the default; absent: none) (efficiency/untuned-linears.ts).
   */
  engine?: { name?: string; version?: string; memoryFraction?: number; kvFreeMemoryFraction?: number; core?: string; dualBatchOverlap?: boolean; offloadedExpertShare?: number; offloadSource?: string; untunedLinears?: string; tunedLinearShapes?: number[][]; attentionDpWaitSteps?: number };
  workload?: { sequenceLength?: number; globalBatchTokens?: number; globalBatch?: number; microBatch?: number; recompute?: string; [k: string]: unknown };
  metric: { name: string; value: number; unit?: string; stat?: string };
  exactness?: string;
  note?: string;
  /** Set by the data: the row's metric has a cost the model does not describe (why); `roofline validate` checks it as a bound only. */
  boundOnly?: string;
}

export interface MeasurementFile {
  /** `fixture`: a format fixture (placeholder values in a script's output format, not a measurement): its rows are read and never scored. */
  source: { id: string; title?: string; kind?: string; url?: string; published?: string; notes?: string; fixture?: string };
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
  if (precision !== "bf16" && precision !== "fp16" && precision !== "fp8") return skip(precision === "unknown" ? "the source does not state the compute precision" : `compute precision ${precision} is not modelled for training (bf16, fp16, fp8)`);
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

const contexts = new WeakMap<PreparedRow, TrainContext | SkippedRow>();

/** The row's context with the default efficiency (built and its layout checked once per row). */
function contextOf(p: PreparedRow): TrainContext | SkippedRow {
  const hit = contexts.get(p);
  if (hit) return hit;
  let out: TrainContext | SkippedRow;
  try {
    const hw = findHardware(p.hardwareId);
    if (!hw) throw new Error(`hardware ${p.hardwareId} vanished from the catalog`);
    const ctx = trainContext({ model: p.model, hardware: hw, layout: {}, precision: p.precision });
    checkLayout(ctx, p.layout);
    out = ctx;
  } catch (e) {
    if (!isRooflineError(e)) throw e;
    out = { id: p.row.id, source: p.source, reason: e.message };
  }
  contexts.set(p, out);
  return out;
}

/** Predicts prepared rows under one set of efficiency terms (overriding the defaults). */
function predict(rows: readonly PreparedRow[], eff: Partial<TrainEfficiency>): { predictions: TrainingRowPrediction[]; skipped: SkippedRow[] } {
  const predictions: TrainingRowPrediction[] = [];
  const skipped: SkippedRow[] = [];
  for (const p of rows) {
    const base = contextOf(p);
    if ("reason" in base) {
      skipped.push(base);
      continue;
    }
    const ctx: TrainContext = { ...base, eff: { ...base.eff, ...eff } };
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
  expertExposed: number;
  kernelGapSeconds: number;
}

const q = (value: number, name: string): Quantity => ({ value, origin: { kind: "default", reason: `fit candidate ${name}` } });
export function fitEfficiency(p: TrainingFitParameters): Partial<TrainEfficiency> {
  return { matmul16: q(p.matmul16, "matmul16"), matmul8: q(p.matmul8, "matmul8"), tensorExposed: q(p.tensorExposed, "tensorExposed"), expertExposed: q(p.expertExposed, "expertExposed"), kernelGapSeconds: q(p.kernelGapSeconds, "kernelGapSeconds") };
}

const steps = (lo: number, hi: number, step: number) => Array.from({ length: Math.round((hi - lo) / step) + 1 }, (_, i) => Math.round((lo + i * step) * 1e9) / 1e9);
const GRID: Record<keyof TrainingFitParameters, number[]> = {
  // Physical bounds: large training matmuls reach 35–90% of their dense peak (cuBLAS/cuBLASLt on Hopper and Blackwell).
  matmul16: steps(0.35, 0.9, 0.01),
  matmul8: steps(0.35, 0.9, 0.01),
  tensorExposed: steps(0, 1, 0.05),
  expertExposed: steps(0, 1, 0.05),
  kernelGapSeconds: steps(0, 40e-6, 1e-6),
};
const START: TrainingFitParameters = { matmul16: 0.6, matmul8: 0.5, tensorExposed: 0.5, expertExposed: 1, kernelGapSeconds: 5e-6 };

/**
 * Fits the terms by coordinate descent on a grid (each term in turn over its whole grid, the others
 * held; four rounds), minimising the median |error| on MFU, ties broken by the mean. Deterministic.
 */
export function fitTraining(rows: readonly PreparedRow[]): { parameters: TrainingFitParameters; medianAbsError: number } {
  const score = (p: TrainingFitParameters) => {
    const a = predict(rows, fitEfficiency(p)).predictions.map((x) => Math.abs(x.error));
    return { med: median(a), mean: a.reduce((x, y) => x + y, 0) / Math.max(1, a.length) };
  };
  let best = { ...START };
  let bestScore = score(best);
  for (let round = 0; round < 4; round++) {
    let changed = false;
    for (const key of Object.keys(GRID) as (keyof TrainingFitParameters)[]) {
      for (const v of GRID[key]) {
        if (v === best[key]) continue;
        const cand = { ...best, [key]: v };
        const s = score(cand);
        if (s.med < bestScore.med - 1e-12 || (Math.abs(s.med - bestScore.med) <= 1e-12 && s.mean < bestScore.mean - 1e-12)) {
          best = cand;
          bestScore = s;
          changed = true;
        }
      }
    }
    if (!changed) break;
  }
  return { parameters: best, medianAbsError: bestScore.med };
}

export interface TrainingValidation {
  predictions: TrainingRowPrediction[];
  skipped: SkippedRow[];
  /** In-sample: with the current (fitted) efficiency terms. */
  medianAbsError: number;
  p90AbsError: number;
  bySource: { source: string; rows: number; medianAbsError: number }[];
  byModel: { model: string; rows: number; medianAbsError: number }[];
  /**
   * Held-out error: each group predicted with terms fitted to the others. Groups are the sources
   * (leave-one-source-out) when there are two or more, else the models (leave-one-model-out).
   */
  loso: { groupedBy: "source" | "model"; medianAbsError: number; p90AbsError: number; rows: number; folds: { group: string; rows: number; parameters: TrainingFitParameters; medianAbsError: number }[] } | null;
}

function quantile(xs: readonly number[], q: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] as number;
}

export function prepareTrainingRows(files: readonly MeasurementFile[], resolveModel: ResolveModel): { prepared: PreparedRow[]; skipped: SkippedRow[] } {
  const prepared: PreparedRow[] = [];
  const skipped: SkippedRow[] = [];
  for (const f of files) {
    for (const row of f.rows) {
      if (row.group !== "training") continue;
      if (f.source.fixture) {
        skipped.push({ id: row.id, source: f.source.id, reason: "format fixture, not a measurement: read, never scored" });
        continue;
      }
      const p = prepareRow(row, f.source.id, resolveModel);
      if (isSkip(p)) skipped.push(p);
      else prepared.push(p);
    }
  }
  return { prepared, skipped };
}

/** Predicts every training row with the default efficiency (or `efficiency`), and runs the held-out refit. */
export function validateTraining(files: readonly MeasurementFile[], resolveModel: ResolveModel, o: { efficiency?: Partial<TrainEfficiency>; loso?: boolean } = {}): TrainingValidation {
  const { prepared, skipped } = prepareTrainingRows(files, resolveModel);
  const base = predict(prepared, o.efficiency ?? trainEfficiency());
  const preds = base.predictions;
  const abs = preds.map((p) => Math.abs(p.error));
  const group = <K extends "source" | "model">(key: K) =>
    [...new Set(preds.map((p) => p[key]))].map((g) => {
      const e = preds.filter((p) => p[key] === g).map((p) => Math.abs(p.error));
      return { g, rows: e.length, medianAbsError: median(e) };
    });
  const sources = group("source");
  const models = group("model");
  let loso: TrainingValidation["loso"] = null;
  const by: "source" | "model" = sources.length >= 2 ? "source" : "model";
  const groups = by === "source" ? sources.map((x) => x.g) : models.map((x) => x.g);
  if ((o.loso ?? true) && groups.length >= 2) {
    const held: number[] = [];
    const folds: NonNullable<TrainingValidation["loso"]>["folds"] = [];
    const ok = prepared.filter((p) => preds.some((x) => x.id === p.row.id));
    const keyOf = (p: PreparedRow) => (by === "source" ? p.source : p.model.id);
    for (const g of groups) {
      const fit = fitTraining(ok.filter((p) => keyOf(p) !== g));
      const e = predict(ok.filter((p) => keyOf(p) === g), fitEfficiency(fit.parameters)).predictions.map((p) => Math.abs(p.error));
      held.push(...e);
      folds.push({ group: g, rows: e.length, parameters: fit.parameters, medianAbsError: median(e) });
    }
    loso = { groupedBy: by, medianAbsError: median(held), p90AbsError: quantile(held, 0.9), rows: held.length, folds };
  }
  return {
    predictions: preds,
    skipped: [...skipped, ...base.skipped],
    medianAbsError: median(abs),
    p90AbsError: quantile(abs, 0.9),
    bySource: sources.map((x) => ({ source: x.g, rows: x.rows, medianAbsError: x.medianAbsError })),
    byModel: models.map((x) => ({ model: x.g, rows: x.rows, medianAbsError: x.medianAbsError })),
    loso,
  };
}
