/**
 * A training step of a model on a layout: FLOP, time (compute and memory roofline at the expected
 * efficiency, communication, pipeline bubble), tokens/s per chip, MFU and HFU; memory per chip; and
 * the run (chip-hours, calendar time, dollars when a price is known).
 *
 * Every number comes from a formula of ./formulas.ts. `analyzeTrainStep` explains each (derivations);
 * `evaluateTrainStep` runs the same chain on the formulas' fast paths for the layout search.
 */
import { requireFact, type HardwareSpec } from "../catalog/hardware.ts";
import { RooflineError, type Warning } from "../errors.ts";
import type { Derivation } from "../formula/derivation.ts";
import { byDefault, constant, derived, type Formula, type Quantity } from "../formula/formula.ts";
import { formatQuantity, formatSignificant } from "../format.ts";
import type { ModelSpec } from "../model/model.ts";
import type { ComputePrecision } from "../precision.ts";
import { checkGiven, type Given } from "../validate.ts";
import { trainEfficiency, type TrainEfficiency } from "./efficiency.ts";
import { allReduceSeconds } from "../efficiency/formulas.ts";
import * as F from "./formulas.ts";
import * as Cl from "../cluster/formulas.ts";
import { runUsd } from "../economics/formulas.ts";
import { resolveChoice, resolveNumber, resolveSwitch } from "../inputs/define.ts";
import { TRAIN_STEP_INPUTS } from "./inputs.ts";

export const RECOMPUTE_MODES = ["none", "selective", "full"] as const;
export type Recompute = (typeof RECOMPUTE_MODES)[number];
export const PIPELINE_SCHEDULES = ["gpipe", "1f1b", "interleaved"] as const;
export type PipelineSchedule = (typeof PIPELINE_SCHEDULES)[number];
export const TRAIN_PRECISIONS = ["bf16", "fp16", "fp8"] as const satisfies readonly ComputePrecision[];
export type TrainPrecision = (typeof TRAIN_PRECISIONS)[number];

/** A training layout. Degrees multiply to the chips (D·T·P·C); E is carved out of D·C. */
export interface TrainLayout {
  dataParallel: number;
  tensorParallel: number;
  pipelineParallel: number;
  contextParallel: number;
  expertParallel: number;
  /** Sequences per micro-batch (b). */
  microBatch: number;
  /** Micro-batches per step (m). */
  microBatches: number;
  sequenceLength: number;
  schedule: PipelineSchedule;
  /** Model chunks per chip (interleaved schedule), else 1. */
  virtualStages: number;
  recompute: Recompute;
  /** ZeRO stage 0–3 (FSDP = 3). */
  zeroStage: number;
  sequenceParallel: boolean;
  /** Reversible layers (RevNets): activations O(1) in depth, one extra forward in the backward. */
  reversible: boolean;
  /** A fused attention kernel (FlashAttention) that never stores the S×S scores; default true. */
  fusedAttention: boolean;
}

export type LayoutGiven = { [K in keyof TrainLayout]?: TrainLayout[K] extends number ? Given : TrainLayout[K] };

export interface TrainStepOptions {
  model: ModelSpec;
  hardware: HardwareSpec;
  layout: LayoutGiven;
  /** Compute precision of the matmuls (default bf16). */
  precision?: TrainPrecision;
  /** Bytes per weight, gradient and optimizer-state parameter; default 2, 4 and 12 (BF16 weights, FP32 gradients, FP32 Adam). */
  weightBytesPerParam?: Given;
  gradientBytesPerParam?: Given;
  optimizerBytesPerParam?: Given;
  /** Override single efficiency terms. */
  efficiency?: Partial<TrainEfficiency>;
  /** Override the chip's figures. */
  peakFlopsPerSecond?: Given;
  hbmBytesPerSecond?: Given;
  hbmBytes?: Given;
  /** Tokens to train on (the run): default the table's (a 15T-token run); null: no run. */
  tokens?: Given | null;
  usdPerChipHour?: Given;
  /** Flag or control names for errors and origins. */
  names?: Partial<Record<string, string>>;
}

export interface TrainStepResult {
  model: string;
  hardware: string;
  layout: TrainLayout;
  precision: TrainPrecision;
  chips: number;
  globalBatchTokens: number;
  flop: { modelPerToken: number; hardwarePerToken: number; recomputePerToken: number; attentionForwardPerToken: number };
  time: {
    computeSeconds: number;
    memorySeconds: number;
    activationSeconds: number;
    fixedSeconds: number;
    tensorParallelSeconds: number;
    contextParallelSeconds: number;
    expertSeconds: number;
    pipelineSendSeconds: number;
    microBatchSeconds: number;
    bubbleFraction: number;
    pipelineSeconds: number;
    dataParallelSeconds: number;
    exposedDataParallelSeconds: number;
    optimizerSeconds: number;
    stepSeconds: number;
  };
  tokensPerSecondPerChip: number;
  /** Model FLOP utilisation (recomputation not counted) and hardware FLOP utilisation (counted). */
  mfu: number;
  hfu: number;
  peakFlopsPerSecond: number;
  memory: {
    weightBytes: number;
    gradientBytes: number;
    optimizerBytes: number;
    activationBytes: number;
    logitBytes: number;
    totalBytes: number;
    capacityBytes: number;
    usableBytes: number;
    fits: boolean;
    maxMicroBatch: number;
  };
  run: { tokens: number; chipHours: number; calendarSeconds: number; usd: number | null } | null;
  derivations: Record<string, Derivation>;
  warnings: Warning[];
}

const FAST_ORIGIN = { kind: "derived", formulaId: "fast", name: "fast" } as const;

/** Evaluates formulas either with derivations (explain) or on their fast paths (search). */
class Calc {
  readonly d: Record<string, Derivation> = {};
  constructor(readonly explain: boolean) {}
  f<K extends string>(name: string, formula: Formula<K>, inputs: { readonly [P in K]: Quantity }, title?: string): Quantity {
    if (this.explain) {
      const dv = formula.explain(inputs, title ? { name, title } : { name });
      this.d[name] = dv;
      return derived(dv);
    }
    const names = formula.inputNames;
    const args = new Array<number>(names.length);
    for (let i = 0; i < names.length; i++) args[i] = (inputs[names[i] as K] as Quantity).value;
    return { value: formula.fn.apply(null, args), origin: FAST_ORIGIN };
  }
}


interface ModelFacts {
  layers: number;
  hidden: number;
  heads: number;
  kvHeads: number;
  vocab: number;
  gated: boolean;
  denseLayers: number;
  denseWidth: number;
  moeLayers: number;
  moeWidth: number;
  expertsPerToken: number;
  routedExperts: number;
  routedParams: number;
  denseParams: number;
  kvValuesPerTokenPerLayer: number;
  headDimV: number;
}

function modelFacts(model: ModelSpec, field: string): ModelFacts {
  const a = model.architecture;
  if (!a || !model.parameters) {
    throw new RooflineError({
      code: "unsupported-config",
      field,
      value: model.id,
      expected: "a model with an architecture (a catalog model or a Hugging Face config.json): the training step needs layers, width, heads and FFN widths",
      hint: "A napkin model gives only parameter counts; use `roofline train` for 6·N·D with an assumed MFU.",
    });
  }
  const routed = model.parameters.parts.find((x) => x.id === "routedExperts")?.total ?? 0;
  const moeLayers = a.moe ? a.moe.moeLayers.filter(Boolean).length : 0;
  const denseLayers = a.numLayers - moeLayers;
  const moeWidth = a.moe ? a.moe.expertsPerToken * a.moe.expertIntermediateSize + a.moe.sharedExperts * a.moe.sharedIntermediateSize : 0;
  const fullLayers = model.attention.fullLayers || 1;
  return {
    layers: a.numLayers,
    hidden: a.hiddenSize,
    heads: a.numHeads,
    kvHeads: a.numKvHeads,
    vocab: a.vocabSize,
    gated: a.gatedFfn,
    denseLayers,
    denseWidth: a.denseIntermediateSize ?? 0,
    moeLayers,
    moeWidth,
    expertsPerToken: a.moe?.expertsPerToken ?? 0,
    routedExperts: a.moe?.routedExperts ?? 0,
    routedParams: routed,
    denseParams: model.totalParams - routed,
    kvValuesPerTokenPerLayer: model.attention.fullKvValuesPerToken / fullLayers,
    headDimV: a.headDimV,
  };
}

function modelQ(model: ModelSpec, value: number, field: string): Quantity {
  return model.provenance.kind === "catalog"
    ? { value, origin: { kind: "catalog", catalog: "models", entry: model.id, field, sources: model.provenance.sources } }
    : { value, origin: { kind: "file", file: model.provenance.readFrom, field } };
}


/** Checks and completes a layout; bad layouts are named (field, value, why, how to fix). */
export function resolveLayout(o: TrainStepOptions, facts: ModelFacts): { layout: TrainLayout; q: Record<string, Quantity>; warnings: Warning[] } {
  const nm = (k: string) => o.names?.[k] ?? k;
  const L = o.layout;
  const warnings: Warning[] = [];
  const num = (k: keyof TrainLayout) => resolveNumber(TRAIN_STEP_INPUTS, k, L[k] as Given | undefined, nm(k));
  const q: Record<string, Quantity> = {};
  for (const k of ["dataParallel", "tensorParallel", "pipelineParallel", "contextParallel", "expertParallel", "microBatch", "sequenceLength", "zeroStage"] as const) q[k] = num(k);
  const schedule = resolveChoice<PipelineSchedule>(TRAIN_STEP_INPUTS, "schedule", L.schedule, nm("schedule"));
  q["virtualStages"] =
    L.virtualStages !== undefined ? num("virtualStages") : byDefault(schedule === "interleaved" ? 2 : 1, schedule === "interleaved" ? "two model chunks per chip" : "no interleaving");
  const P = (q["pipelineParallel"] as Quantity).value;
  q["microBatches"] = L.microBatches !== undefined ? num("microBatches") : byDefault(Math.max(1, 4 * P), P > 1 ? "4·P micro-batches (bubble under 20%)" : "4·P micro-batches (P = 1: four, accumulated)");
  const recompute = resolveChoice<Recompute>(TRAIN_STEP_INPUTS, "recompute", L.recompute, nm("recompute"));
  const zeroQ = q["zeroStage"] as Quantity;
  const T = (q["tensorParallel"] as Quantity).value;
  const Dp = (q["dataParallel"] as Quantity).value;
  const C = (q["contextParallel"] as Quantity).value;
  const E = (q["expertParallel"] as Quantity).value;
  const m = (q["microBatches"] as Quantity).value;
  const v = (q["virtualStages"] as Quantity).value;
  const S = (q["sequenceLength"] as Quantity).value;
  const sp = L.sequenceParallel ?? T > 1;
  const layout: TrainLayout = {
    dataParallel: Dp,
    tensorParallel: T,
    pipelineParallel: P,
    contextParallel: C,
    expertParallel: E,
    microBatch: (q["microBatch"] as Quantity).value,
    microBatches: m,
    sequenceLength: S,
    schedule,
    virtualStages: schedule === "interleaved" ? v : 1,
    recompute,
    zeroStage: zeroQ.value,
    sequenceParallel: T > 1 && sp,
    reversible: resolveSwitch(TRAIN_STEP_INPUTS, "reversible", L.reversible),
    fusedAttention: resolveSwitch(TRAIN_STEP_INPUTS, "fusedAttention", L.fusedAttention),
  };
  const bad = (field: string, value: number | string, expected: string, hint: string) => new RooflineError({ code: "out-of-range", field: nm(field), value: String(value), expected, hint });
  if (facts.heads % T !== 0) throw bad("tensorParallel", T, `a tensor-parallel degree that divides the ${facts.heads} attention heads`, `Try ${divisors(facts.heads).filter((d) => d <= 64).join(", ")}.`);
  if (facts.kvHeads % T !== 0 && T % facts.kvHeads !== 0) warnings.push({ code: "tp-kv-heads", message: `Tensor parallelism ${T} does not divide the ${facts.kvHeads} KV heads: K and V are replicated over ${T / gcd(T, facts.kvHeads)} ranks.` });
  if (P > facts.layers) throw bad("pipelineParallel", P, `at most the model's ${facts.layers} layers`, "Use fewer pipeline stages.");
  if (schedule !== "interleaved" && v > 1 && L.virtualStages !== undefined) throw bad("virtualStages", v, "1 unless the schedule is interleaved", "Set the schedule to interleaved, or drop the virtual stages.");
  if (schedule === "interleaved") {
    if (P < 2) throw bad("schedule", "interleaved", "at least 2 pipeline stages for an interleaved schedule", "Use 1f1b, or more pipeline stages.");
    if (v < 2) throw bad("virtualStages", v, "at least 2 model chunks per chip for an interleaved schedule", "Give 2 or more.");
    if (P * v > 2 * facts.layers) throw bad("virtualStages", v, `P·v ≤ ${2 * facts.layers} (twice the ${facts.layers} layers)`, "Use fewer virtual stages.");
    if (P * v > facts.layers) warnings.push({ code: "empty-chunks", message: `${P * v} pipeline chunks for ${facts.layers} layers: some chunks hold no transformer layer (the embedding or the loss may sit there).` });
    if (m % P !== 0) throw bad("microBatches", m, `a multiple of the ${P} pipeline stages (the interleaved schedule needs it)`, `Try ${Math.ceil(m / P) * P}.`);
  }
  if (facts.layers % (P * layout.virtualStages) !== 0) warnings.push({ code: "uneven-stages", message: `${facts.layers} layers do not split evenly over ${P * layout.virtualStages} pipeline chunks: the heaviest stage holds ${Math.ceil(facts.layers / P)} and sets the pace.` });
  if (E > 1 && facts.routedExperts === 0) throw bad("expertParallel", E, "1 for a dense model (it has no experts)", "Drop expert parallelism.");
  if (E > 1 && facts.routedExperts % E !== 0) throw bad("expertParallel", E, `a divisor of the ${facts.routedExperts} routed experts`, `Try ${divisors(facts.routedExperts).filter((d) => d <= Dp * C).slice(-4).join(", ")}.`);
  if ((T * Dp * C) % E !== 0) throw bad("expertParallel", E, `a divisor of tensor × context × data parallel = ${T * Dp * C} (MoE parallel folding: expert ranks are carved out of the attention ranks)`, "Raise data parallelism or lower expert parallelism.");
  if (C > 1 && S % (2 * C) !== 0) throw bad("contextParallel", C, `a degree with the sequence length ${S} divisible by 2·C (load-balanced causal chunks)`, "Pick C so that 2·C divides the sequence length.");
  if (P > 1 && m < P) warnings.push({ code: "few-micro-batches", message: `${m} micro-batches for ${P} pipeline stages: stages idle most of the step (bubble ${formatSignificant(((P - 1) / (m + P - 1)) * 100, 3)}%).` });
  if (recompute === "selective" && layout.fusedAttention) warnings.push({ code: "selective-with-fused-attention", message: "Selective recomputation redoes attention's core to drop the S×S scores, but a fused attention kernel never stores them: it costs time and saves no memory here (it matters with unfused attention)." });
  if (layout.reversible && recompute !== "none") warnings.push({ code: "reversible-recompute", message: "Reversible layers already rematerialise activations: recomputation is ignored." });
  const domain = o.hardware.scaleUpDomainChips.value;
  if (domain !== null && T > domain) warnings.push({ code: "tp-beyond-domain", message: `Tensor parallelism ${T} spans beyond the ${domain}-chip scale-up domain: its collectives run over the slower scale-out network.` });
  return { layout, q, warnings };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
export function divisors(n: number): number[] {
  const out: number[] = [];
  for (let i = 1; i <= n; i++) if (n % i === 0) out.push(i);
  return out;
}

/** Per-model and per-hardware inputs that do not depend on the layout (computed once for a search). */
export interface TrainContext {
  model: ModelSpec;
  hardware: HardwareSpec;
  facts: ModelFacts;
  precision: TrainPrecision;
  peak: Quantity;
  /** The 16-bit peak (attention's core runs at it whatever the matmul precision). */
  peak16: Quantity;
  hbmBw: Quantity;
  hbm: Quantity;
  scaleUp: Quantity;
  scaleOut: Quantity;
  domain: Quantity;
  eff: TrainEfficiency;
  bytes: { weight: Quantity; gradient: Quantity; optimizer: Quantity; activation: Quantity };
  warnings: Warning[];
}

export function trainContext(o: TrainStepOptions): TrainContext {
  const nm = (k: string) => o.names?.[k] ?? k;
  const facts = modelFacts(o.model, nm("model"));
  const precision = resolveChoice<TrainPrecision>(TRAIN_STEP_INPUTS, "trainPrecision", o.precision, nm("trainPrecision"));
  const hw = o.hardware;
  const warnings: Warning[] = [];
  const give = (input: string) => ({ kind: "give" as const, input });
  const peak = o.peakFlopsPerSecond !== undefined ? resolveNumber(TRAIN_STEP_INPUTS, "peakFlopsPerSecond", o.peakFlopsPerSecond, nm("peakFlopsPerSecond")) : requireFact(hw.denseFlopsPerSecond[precision], `dense ${precision.toUpperCase()} FLOP/s of ${hw.id}`, give("peakFlopsPerSecond"));
  const peak16 = precision === "bf16" || precision === "fp16" || o.peakFlopsPerSecond !== undefined ? peak : requireFact(hw.denseFlopsPerSecond.bf16, `dense BF16 FLOP/s of ${hw.id}`, give("peakFlopsPerSecond"));
  const hbmBw = o.hbmBytesPerSecond !== undefined ? resolveNumber(TRAIN_STEP_INPUTS, "hbmBytesPerSecond", o.hbmBytesPerSecond, nm("hbmBytesPerSecond")) : requireFact(hw.hbmBytesPerSecond, `HBM bandwidth of ${hw.id}`, give("hbmBytesPerSecond"));
  const hbm = o.hbmBytes !== undefined ? resolveNumber(TRAIN_STEP_INPUTS, "hbmBytes", o.hbmBytes, nm("hbmBytes")) : requireFact(hw.hbmBytes, `HBM capacity of ${hw.id}`, give("hbmBytes"));
  const domain: Quantity = hw.scaleUpDomainChips.value !== null ? { value: hw.scaleUpDomainChips.value, origin: hw.scaleUpDomainChips.origin } : byDefault(8, "scale-up domain unknown: an 8-chip server assumed");
  const scaleUp: Quantity = hw.scaleUpBytesPerSecondPerChip.value !== null ? { value: hw.scaleUpBytesPerSecondPerChip.value, origin: hw.scaleUpBytesPerSecondPerChip.origin } : byDefault(100e9, "scale-up bandwidth unknown: 100 GB/s assumed");
  const scaleOut: Quantity = hw.scaleOutBytesPerSecondPerChip.value !== null ? { value: hw.scaleOutBytesPerSecondPerChip.value, origin: hw.scaleOutBytesPerSecondPerChip.origin } : byDefault(50e9, "scale-out bandwidth unknown: one 400 Gb/s NIC per chip assumed");
  if (hw.scaleUpDomainChips.value === null) warnings.push({ code: "assumed-domain", message: `${hw.id}: scale-up domain unknown; 8 chips assumed.` });
  if (hw.scaleUpBytesPerSecondPerChip.value === null) warnings.push({ code: "assumed-scale-up", message: `${hw.id}: scale-up bandwidth unknown; 100 GB/s per chip assumed.` });
  if (hw.scaleOutBytesPerSecondPerChip.value === null) warnings.push({ code: "assumed-scale-out", message: `${hw.id}: scale-out bandwidth unknown; 50 GB/s per chip assumed.` });
  const eff = trainEfficiency(o.efficiency);
  const counts = new Set(["kernelsPerLayer", "kernelsPerMoeLayer"]);
  for (const [k, q] of Object.entries(eff)) checkGiven(q, nm(k), counts.has(k) ? { what: "kernels", min: 0, max: 1e4 } : { what: k.endsWith("Seconds") ? "seconds" : "fraction", min: 0, max: 1 });
  const bytes = {
    weight: checkGiven(o.weightBytesPerParam ?? byDefault(2, "BF16 weights used by the matmuls"), nm("weightBytesPerParam"), { what: "bytes per parameter", above: 0, max: 8 }),
    gradient: resolveNumber(TRAIN_STEP_INPUTS, "gradientBytesPerParam", o.gradientBytesPerParam, nm("gradientBytesPerParam")),
    optimizer: checkGiven(o.optimizerBytesPerParam ?? byDefault(12, "Adam in mixed precision: FP32 master weights, momentum and variance (ZeRO §3)"), nm("optimizerBytesPerParam"), { what: "bytes per parameter", min: 0, max: 32 }),
    activation: constant(2, "16-bit activations"),
  };
  return { model: o.model, hardware: hw, facts, precision, peak, peak16, hbmBw, hbm, scaleUp, scaleOut, domain, eff, bytes, warnings };
}

/** The whole chain; with `explain` every number has a derivation. */
function computeStep(ctx: TrainContext, layout: TrainLayout, q: Record<string, Quantity>, explain: boolean, run?: { tokens?: Quantity; usd?: Quantity | null }) {
  const k = new Calc(explain);
  // Constants carry their reason only when explained (the fast path allocates no origins).
  const c = (value: number, reason: string): Quantity => (explain ? constant(value, reason) : { value, origin: FAST_ORIGIN });
  const { facts: mf, eff, bytes } = ctx;
  const user = (name: string, v: number): Quantity => q[name] ?? c(v, name);
  const Dq = user("dataParallel", layout.dataParallel);
  const Tq = user("tensorParallel", layout.tensorParallel);
  const Pq = user("pipelineParallel", layout.pipelineParallel);
  const Cq = user("contextParallel", layout.contextParallel);
  const Eq = user("expertParallel", layout.expertParallel);
  const bq = user("microBatch", layout.microBatch);
  const mq = user("microBatches", layout.microBatches);
  const Sq = user("sequenceLength", layout.sequenceLength);
  const vq = user("virtualStages", layout.virtualStages);
  const zq = user("zeroStage", layout.zeroStage);
  const forwardAgain = layout.reversible || layout.recompute === "full";
  const rN = c(forwardAgain ? 1 : 0, layout.reversible ? "reversible layers rematerialise the forward in the backward" : `recomputation: ${layout.recompute}`);
  const rA = c(forwardAgain || layout.recompute === "selective" ? 1 : 0, `recomputation: ${layout.reversible ? "reversible" : layout.recompute}`);
  const model = ctx.model;
  const L = modelQ(model, mf.layers, "num_hidden_layers");
  const h = modelQ(model, mf.hidden, "hidden_size");

  // FLOP
  const attn = k.f("attentionForwardFlopPerToken", F.attentionForwardFlopPerToken, {
    fullFlopPerAttended: modelQ(model, model.attention.fullFlopPerAttendedTokenPrefill, "attention FLOP per attended token (full layers)"),
    windowedFlopPerAttended: modelQ(model, model.attention.windowedFlopPerAttendedToken, "attention FLOP per attended token (windowed layers)"),
    sequenceTokens: Sq,
    windowTokens: modelQ(model, model.attention.windowTokens ?? 0, "attention window"),
  });
  const Nmm = modelQ(model, model.matmulParamsPerToken, "parameters per token (active, less embedding lookup)");
  const fModel = k.f("modelFlopPerToken", F.modelFlopPerToken, { matmulParams: Nmm, attentionForwardFlop: attn });
  const fRe = k.f("recomputeFlopPerToken", F.recomputeFlopPerToken, { matmulParams: Nmm, attentionForwardFlop: attn, recomputeMatmuls: rN, recomputeAttention: rA });
  const fHw = k.f("hardwareFlopPerToken", F.hardwareFlopPerToken, { modelFlop: fModel, recomputeFlop: fRe });
  const fAttnTrain = k.f("attentionTrainingFlopPerToken", F.attentionTrainingFlopPerToken, { attentionForwardFlop: attn, recomputeAttention: rA });

  // Layout
  const chips = k.f("chips", F.trainingChips, { dataParallel: Dq, tensorParallel: Tq, pipelineParallel: Pq, contextParallel: Cq });
  const gbt = k.f("globalBatchTokens", F.globalBatchTokens, { dataParallel: Dq, microBatches: mq, microBatch: bq, sequenceTokens: Sq });
  const fs = k.f("stageFraction", F.stageFraction, { layers: L, pipelineParallel: Pq });
  const Ls = k.f("layersPerStage", F.layersPerStage, { layers: L, pipelineParallel: Pq });
  const mbTokens = c(layout.microBatch * layout.sequenceLength, "b·S tokens per micro-batch");
  const eta = ctx.precision === "fp8" ? eff.matmul8 : eff.matmul16;

  // Memory per chip: parameters and states
  const pDense = k.f("denseParamsPerChip", F.paramsPerChip, { denseParams: modelQ(model, mf.denseParams, "parameters outside routed experts"), routedParams: c(0, "dense part only"), tensorParallel: Tq, expertParallel: Eq, stageFraction: fs }, "Dense parameters per chip");
  const pExp = k.f("expertParamsPerChip", F.paramsPerChip, { denseParams: c(0, "expert part only"), routedParams: modelQ(model, mf.routedParams, "routed-expert parameters"), tensorParallel: Tq, expertParallel: Eq, stageFraction: fs }, "Expert parameters per chip");
  const ndDense = c(layout.dataParallel * layout.contextParallel, "D·C replicas of the dense weights");
  const ndExp = c((layout.tensorParallel * layout.dataParallel * layout.contextParallel) / layout.expertParallel, "T·C·D/E replicas of each expert (MoE parallel folding, expert tensor parallelism 1)");
  const shard = (name: string, threshold: number, nd: Quantity) => k.f(name, F.zeroShardDegree, { zeroStage: zq, threshold: c(threshold, `sharded from ZeRO stage ${threshold}`), replicas: nd });
  const sOptD = shard("optimizerShardDense", 1, ndDense);
  const sOptE = shard("optimizerShardExpert", 1, ndExp);
  const sGradD = shard("gradientShardDense", 2, ndDense);
  const sGradE = shard("gradientShardExpert", 2, ndExp);
  const sWD = shard("weightShardDense", 3, ndDense);
  const sWE = shard("weightShardExpert", 3, ndExp);
  const one = c(1, "not sharded");
  const mW = k.f("weightBytes", F.shardedStateBytes, { denseParamsPerChip: pDense, denseShard: sWD, expertParamsPerChip: pExp, expertShard: sWE, bytesPerParam: bytes.weight }, "Weights per chip");
  const mG = k.f("gradientBytes", F.shardedStateBytes, { denseParamsPerChip: pDense, denseShard: sGradD, expertParamsPerChip: pExp, expertShard: sGradE, bytesPerParam: bytes.gradient }, "Gradients per chip");
  const mO = k.f("optimizerBytes", F.shardedStateBytes, { denseParamsPerChip: pDense, denseShard: sOptD, expertParamsPerChip: pExp, expertShard: sOptE, bytesPerParam: bytes.optimizer }, "Optimizer state per chip");
  const wGathered = k.f("weightBytesGathered", F.shardedStateBytes, { denseParamsPerChip: pDense, denseShard: one, expertParamsPerChip: pExp, expertShard: one, bytesPerParam: bytes.weight }, "Weights a chip computes with (gathered)");
  const gradFull = k.f("gradientBytesUnsharded", F.shardedStateBytes, { denseParamsPerChip: pDense, denseShard: one, expertParamsPerChip: c(0, "dense part"), expertShard: one, bytesPerParam: bytes.gradient }, "Dense gradient bytes per chip (before sharding)");
  const wDense = k.f("denseWeightBytesUnsharded", F.shardedStateBytes, { denseParamsPerChip: pDense, denseShard: one, expertParamsPerChip: c(0, "dense part"), expertShard: one, bytesPerParam: bytes.weight }, "Dense weight bytes per chip (before sharding)");
  const wExp = k.f("expertWeightBytesUnsharded", F.shardedStateBytes, { denseParamsPerChip: c(0, "expert part"), denseShard: one, expertParamsPerChip: pExp, expertShard: one, bytesPerParam: bytes.weight }, "Expert weight bytes per chip (before sharding)");
  const gradExpFull = k.f("expertGradientBytesUnsharded", F.shardedStateBytes, { denseParamsPerChip: c(0, "expert part"), denseShard: one, expertParamsPerChip: pExp, expertShard: one, bytesPerParam: bytes.gradient }, "Expert gradient bytes per chip (before sharding)");
  const optParams = k.f("optimizerParamsPerChip", F.shardedStateBytes, { denseParamsPerChip: pDense, denseShard: sOptD, expertParamsPerChip: pExp, expertShard: sOptE, bytesPerParam: c(1, "count parameters") }, "Parameters this chip updates");

  // Activations
  const Tv = layout.tensorParallel;
  const spQ = c(layout.sequenceParallel ? 1 : 0, layout.sequenceParallel ? "sequence parallelism on" : "no sequence parallelism");
  const mlpVals = k.f("mlpActivationValues", F.mlpActivationValues, {
    valuesPerWidth: c(mf.gated ? 3 : 2, mf.gated ? "gated MLP: gate, up and their product" : "plain MLP: up and activation outputs"),
    denseLayers: modelQ(model, mf.denseLayers, "dense layers"),
    denseWidth: modelQ(model, mf.denseWidth, "intermediate_size"),
    moeLayers: modelQ(model, mf.moeLayers, "MoE layers"),
    moeWidth: modelQ(model, mf.moeWidth, "FFN width per token in MoE layers (k routed + shared experts)"),
    layers: L,
  });
  const fullAct = k.f("activationBytesPerTokenLayer", F.activationBytesPerTokenLayer, {
    hiddenSize: h,
    mlpValues: mlpVals,
    heads: modelQ(model, mf.heads, "num_attention_heads"),
    sequenceTokens: Sq,
    storeScores: c(layout.fusedAttention || layout.recompute !== "none" ? 0 : 1, layout.fusedAttention ? "fused attention (FlashAttention) recomputes the S×S scores in its backward: none stored" : layout.recompute !== "none" ? "recomputation redoes attention's core: scores not stored" : "unfused attention keeps the scores, softmax and dropout mask"),
    tensorParallel: Tq,
    sequenceParallel: spQ,
    contextParallel: Cq,
  });
  const ckpt = k.f("checkpointBytesPerTokenLayer", F.checkpointBytesPerTokenLayer, { hiddenSize: h, tensorParallel: Tq, sequenceParallel: spQ, contextParallel: Cq });
  const rev = layout.reversible ? k.f("reversibleBytesPerToken", F.reversibleBytesPerToken, { hiddenSize: h, tensorParallel: Tq, contextParallel: Cq }) : null;
  const inFlightValue = layout.pipelineParallel === 1 ? 1 : layout.schedule === "gpipe" ? layout.microBatches : Math.min(layout.microBatches, layout.pipelineParallel);
  const inFlight = c(inFlightValue, layout.pipelineParallel === 1 ? "one micro-batch at a time (gradient accumulation)" : layout.schedule === "gpipe" ? "GPipe: all m forwards before any backward" : "1F1B: min(m, P) micro-batches in flight on the first stage");
  const iota = layout.schedule === "interleaved" ? k.f("interleaveFactor", F.interleaveFactor, { pipelineParallel: Pq, virtualStages: vq }) : c(1, "not interleaved");
  let stored: Quantity;
  let held: Quantity;
  let working: Quantity;
  if (rev) {
    stored = rev;
    held = c(inFlightValue * (layout.schedule === "interleaved" ? layout.virtualStages : 1), "reversible: one stored output per micro-batch (chunk) in flight, whatever the depth");
    working = fullAct;
  } else {
    held = k.f("layerMicroBatchesHeld", F.layerMicroBatchesHeld, { layersPerStage: Ls, inFlight, interleaveFactor: iota });
    stored = layout.recompute === "full" ? ckpt : fullAct;
    working = layout.recompute === "full" ? fullAct : c(0, "nothing recomputed");
  }
  const mAct = k.f("activationBytes", F.activationBytesPerChip, { storedBytesPerTokenLayer: stored, microBatchTokens: mbTokens, layerMicroBatches: held, workingBytesPerToken: working });
  const mLogit = k.f("logitBytes", F.logitBytesPerChip, { microBatchTokens: mbTokens, vocabSize: modelQ(model, mf.vocab, "vocab_size"), tensorParallel: Tq, contextParallel: Cq });
  const mTot = k.f("memoryBytesPerChip", F.memoryBytesPerChip, { weightBytes: mW, gradientBytes: mG, optimizerBytes: mO, activationBytes: mAct, logitBytes: mLogit });
  // Largest micro-batch: activations and logits scale with b.
  const perSeq = k.f("bytesPerSequence", F.bytesPerSequence, { activationBytes: mAct, logitBytes: mLogit, microBatch: bq });
  const staticB = k.f("staticBytes", F.staticBytes, { weightBytes: mW, gradientBytes: mG, optimizerBytes: mO });
  const bMax = k.f("maxMicroBatch", F.maxMicroBatch, { hbmBytes: ctx.hbm, usableFraction: eff.usableMemory, staticBytes: staticB, bytesPerSequence: perSeq });

  // Time of one micro-batch on one stage
  const fMmTrain = k.f("matmulTrainingFlopPerToken", F.matmulTrainingFlopPerToken, { matmulParams: Nmm, recomputeMatmuls: rN });
  const zero: Quantity = c(0, "none");
  const tC = k.f("computeSeconds", F.microBatchComputeSeconds, {
    matmulFlopPerToken: fMmTrain,
    matmulFlopsPerSecond: ctx.peak,
    matmulEfficiency: eta,
    attentionFlopPerToken: fAttnTrain,
    attentionFlopsPerSecond: ctx.peak16,
    attentionEfficiency: eff.attention,
    microBatchTokens: mbTokens,
    stageFraction: fs,
    tensorParallel: Tq,
    contextParallel: Cq,
  });
  const passes = k.f("weightPasses", F.perMicroBatchCount, { layers: c(1, "the whole stage at once"), perLayer: c(3, "forward, backward for inputs, backward for weights"), perLayerRecompute: c(1, "the recomputed forward"), recomputeForward: rN }, "Weight reads per micro-batch");
  const tM = k.f("memorySeconds", F.microBatchMemorySeconds, { weightBytesPerChip: wGathered, passes, hbmBytesPerSecond: ctx.hbmBw, bandwidthEfficiency: eff.hbm });
  const link = (name: string, members: number, stride: number, why: string) =>
    k.f(name, F.groupLinkBytesPerSecond, { members: c(members, why), stride: c(stride, "ranks laid out tensor-innermost, then context, data/expert, pipeline"), domainChips: ctx.domain, scaleUpBytesPerSecond: ctx.scaleUp, scaleOutBytesPerSecond: ctx.scaleOut, networkEfficiency: eff.network });
  const latency = (members: number, stride: number) => (members * stride <= ctx.domain.value ? eff.latencyScaleUpSeconds : eff.latencyScaleOutSeconds);
  // Tensor parallel
  const bwTP = link("tensorParallelBandwidth", layout.tensorParallel, 1, "T ranks of the tensor-parallel group");
  const nTP = k.f("tensorParallelCollectives", F.perMicroBatchCount, { layers: Ls, perLayer: c(4, "2 forward + 2 backward per layer (attention and MLP)"), perLayerRecompute: c(2, "the recomputed forward's 2"), recomputeForward: rN }, "Tensor-parallel collectives per micro-batch");
  const actBytesTP = k.f("tensorParallelBytes", F.tensorBytes, { microBatchTokens: mbTokens, width: h, activationBytes: bytes.activation, split: Cq }, "Activation bytes per tensor-parallel collective");
  const arTP = k.f("tensorParallelAllReduceSeconds", allReduceSeconds, { latencySeconds: latency(layout.tensorParallel, 1), bytes: actBytesTP, chips: Tq, linkBytesPerSecond: bwTP, linkEfficiency: c(1, "the link bandwidth is already the achieved one") }, "One tensor-parallel all-reduce");
  const tTP = k.f("tensorParallelSeconds", F.tensorParallelSeconds, { collectives: nTP, allReduceSeconds: arTP, exposedFraction: eff.tensorExposed });
  // Context parallel
  const bwCP = link("contextParallelBandwidth", layout.contextParallel, Tv, "C ranks of the context-parallel ring");
  const kvChunk = k.f("contextParallelChunkBytes", F.tensorBytes, { microBatchTokens: mbTokens, width: modelQ(model, mf.kvValuesPerTokenPerLayer, "K and V values per token per layer"), activationBytes: bytes.activation, split: c(layout.contextParallel * Math.min(Tv, Math.max(1, mf.kvHeads)), "C chunks, K/V heads split over the tensor ranks") }, "K and V bytes of one chunk per layer");
  const tAttn = k.f(
    "attentionSeconds",
    F.microBatchComputeSeconds,
    { matmulFlopPerToken: zero, matmulFlopsPerSecond: ctx.peak, matmulEfficiency: eta, attentionFlopPerToken: fAttnTrain, attentionFlopsPerSecond: ctx.peak16, attentionEfficiency: eff.attention, microBatchTokens: mbTokens, stageFraction: fs, tensorParallel: Tq, contextParallel: Cq },
    "Attention compute of one micro-batch on one stage",
  );
  const tCP = k.f("contextParallelSeconds", F.contextParallelSeconds, { layers: Ls, kvBytesPerChunk: kvChunk, contextParallel: Cq, linkBytesPerSecond: bwCP, attentionSeconds: tAttn });
  // Expert all-to-all (MoE parallel folding: E consecutive ranks of the T·C·D attention ranks; the cluster's all-to-all formulas)
  const moeLs = k.f("moeLayersPerStage", F.layersPerStage, { layers: modelQ(model, mf.moeLayers, "MoE layers"), pipelineParallel: Pq }, "MoE layers on the heaviest stage");
  const nRounds = k.f("expertRounds", F.perMicroBatchCount, { layers: moeLs, perLayer: c(2, "dispatch + combine forward, and again backward"), perLayerRecompute: c(1, "the recomputed forward's dispatch + combine"), recomputeForward: rN }, "Dispatch-and-combine rounds per micro-batch");
  const tokChip = k.f("tokensPerChip", F.tensorBytes, { microBatchTokens: mbTokens, width: c(1, "tokens"), activationBytes: c(1, "count tokens"), split: c(layout.contextParallel * Tv, "tokens split over C·T chips (sequence parallel)") }, "Tokens of the micro-batch per chip");
  const a2aBytes = k.f("expertDispatchBytes", Cl.allToAllBytesPerChip, { tokens: tokChip, expertsPerToken: modelQ(model, mf.expertsPerToken, "num_experts_per_tok"), hiddenSize: h, activationBytes: bytes.activation, chipsPerStage: c(1, "per chip: its own tokens") });
  const xOut = k.f("expertScaleOutFraction", Cl.scaleOutFraction, { scaleUpDomainChips: ctx.domain, chipsPerStage: Eq });
  const aIn = k.f("expertInsideBytes", Cl.allToAllInsideBytes, { bytes: a2aBytes, expertParallel: Eq, scaleOutFraction: xOut });
  const aOut = k.f("expertOutsideBytes", Cl.allToAllOutsideBytes, { bytes: a2aBytes, scaleOutFraction: xOut });
  const upAch = k.f("scaleUpAchieved", F.achievedBandwidth, { bytesPerSecond: ctx.scaleUp, efficiency: eff.network }, "Achieved scale-up bandwidth");
  const outAch = k.f("scaleOutAchieved", F.achievedBandwidth, { bytesPerSecond: ctx.scaleOut, efficiency: eff.network }, "Achieved scale-out bandwidth");
  const tA2A = k.f("expertSecondsPerRound", Cl.allToAllSecondsPerLayer, { insideBytes: aIn, scaleUpBytesPerSecond: upAch, outsideBytes: aOut, scaleOutBytesPerSecond: outAch, expertParallel: Eq, latencySeconds: latency(layout.expertParallel, 1) });
  const tEP = k.f("expertSeconds", F.expertAllToAllSeconds, { rounds: nRounds, roundSeconds: tA2A, exposedFraction: eff.expertExposed });
  // Pipeline send/receive
  const bwPP = link("pipelineBandwidth", layout.pipelineParallel, Tv * layout.contextParallel * layout.dataParallel, "P stages, one hop between neighbours");
  const hop = k.f("pipelineHopBytes", F.tensorBytes, { microBatchTokens: mbTokens, width: h, activationBytes: bytes.activation, split: c(Tv * layout.contextParallel, "split over T·C chips") }, "Activation bytes each chip sends between stages");
  const tPP = k.f("pipelineSendSeconds", F.pipelineSendSeconds, { activationBytesPerChip: hop, linkBytesPerSecond: bwPP, latencySeconds: latency(2, Tv * layout.contextParallel * layout.dataParallel), pipelineParallel: Pq });
  const tokHeld = k.f("activationTokensPerChip", F.tensorBytes, { microBatchTokens: mbTokens, width: c(1, "tokens"), activationBytes: c(1, "count tokens"), split: Cq }, "Tokens of the micro-batch on one chip's sequence shard");
  const routed = k.f("routedTokensPerChip", F.tensorBytes, { microBatchTokens: tokChip, width: modelQ(model, mf.expertsPerToken, "num_experts_per_tok"), activationBytes: c(1, "count tokens"), split: c(1, "per chip") }, "Routed token copies per chip per MoE layer");
  const cast = k.f("fp8CastBytesPerTokenLayer", F.fp8CastBytesPerTokenLayer, {
    hiddenSize: h,
    attentionWidth: modelQ(model, mf.heads * mf.headDimV, "num_attention_heads × value head size"),
    mlpWidth: k.f("mlpWidthPerToken", F.mlpActivationValues, {
      valuesPerWidth: c(1, "the width itself"),
      denseLayers: modelQ(model, mf.denseLayers, "dense layers"),
      denseWidth: modelQ(model, mf.denseWidth, "intermediate_size"),
      moeLayers: modelQ(model, mf.moeLayers, "MoE layers"),
      moeWidth: modelQ(model, mf.moeWidth, "FFN width per token in MoE layers (k routed + shared experts)"),
      layers: L,
    }, "FFN width per token (layer average)"),
    fp8: c(ctx.precision === "fp8" ? 1 : 0, ctx.precision === "fp8" ? "FP8 matmuls" : "16-bit matmuls: no casts"),
    tensorParallel: Tq,
    contextParallel: Cq,
  });
  const vAct = k.f("activationTrafficBytes", F.activationTrafficBytes, { tokensPerChip: tokHeld, layers: Ls, activationBytesPerTokenLayer: fullAct, recomputeForward: rN, routedTokensPerChip: routed, moeLayers: moeLs, hiddenSize: h, activationBytes: bytes.activation, castBytesPerTokenLayer: cast });
  const tAct = k.f("activationSeconds", F.activationTrafficSeconds, { bytes: vAct, hbmBytesPerSecond: ctx.hbmBw, bandwidthEfficiency: eff.hbm });
  const tFix = k.f("fixedSeconds", F.fixedSecondsPerMicroBatch, { layers: Ls, kernelsPerLayer: eff.kernelsPerLayer, moeLayers: moeLs, kernelsPerMoeLayer: eff.kernelsPerMoeLayer, gapSeconds: eff.kernelGapSeconds, recomputeForward: rN });
  const tMb = k.f("microBatchSeconds", F.stageMicroBatchSeconds, { computeSeconds: tC, memorySeconds: tM, activationSeconds: tAct, fixedSeconds: tFix, tensorParallelSeconds: tTP, contextParallelSeconds: tCP, expertSeconds: tEP, pipelineSendSeconds: tPP });
  const beta = k.f("bubbleFraction", Cl.trainingBubbleFraction, { pipelineStages: Pq, microBatches: mq, virtualStages: vq });
  const tPipe = k.f("pipelineSeconds", F.pipelineSeconds, { microBatches: mq, pipelineParallel: Pq, virtualStages: vq, stageMicroBatchSeconds: tMb });

  // Data parallel
  const kG = k.f("dataParallelGathers", F.zeroCollectivePasses, { zeroStage: zq, microBatches: mq, perMicroBatch: c(2, "gathers for the forward and the backward") }, "Weight all-gathers per step");
  const kR = k.f("dataParallelReductions", F.zeroCollectivePasses, { zeroStage: zq, microBatches: mq, perMicroBatch: c(1, "one gradient reduce-scatter") }, "Gradient reduce-scatters per step");
  const bwDP = link("dataParallelBandwidth", layout.dataParallel * layout.contextParallel, Tv, "D·C replicas of the dense weights");
  const tDPd = k.f("dataParallelSeconds", F.dataParallelSeconds, { gathers: kG, weightBytes: wDense, reductions: kR, gradientBytes: gradFull, replicas: ndDense, linkBytesPerSecond: bwDP, latencySeconds: latency(layout.dataParallel * layout.contextParallel, Tv) });
  const bwDPe = link("expertDataParallelBandwidth", ndExp.value, layout.expertParallel, "T·C·D/E replicas of each expert");
  const tDPe = k.f("expertDataParallelSeconds", F.dataParallelSeconds, { gathers: kG, weightBytes: wExp, reductions: kR, gradientBytes: gradExpFull, replicas: ndExp, linkBytesPerSecond: bwDPe, latencySeconds: latency(ndExp.value, layout.expertParallel) }, "Data-parallel communication of expert gradients");
  const tDP = k.f("dataParallelTotalSeconds", F.dataParallelTotalSeconds, { denseSeconds: tDPd, expertSeconds: tDPe });
  const overlap = layout.zeroStage >= 3 ? tPipe : k.f("backwardOverlapSeconds", F.backwardOverlapSeconds, { computeSeconds: tMb, virtualStages: vq });
  const tDPexp = k.f("exposedDataParallelSeconds", F.exposedDataParallelSeconds, { dataParallelSeconds: tDP, overlapSeconds: overlap, overlapEfficiency: eff.dataParallelOverlap });
  const tOpt = k.f("optimizerSeconds", F.optimizerSeconds, { params: optParams, bytesTouchedPerParam: c(2 * 12 + 4 + 2, "read and write FP32 master, momentum and variance; read FP32 gradient; write BF16 weight"), hbmBytesPerSecond: ctx.hbmBw, bandwidthEfficiency: eff.hbm });
  const tStep = k.f("stepSeconds", F.stepSeconds, { pipelineSeconds: tPipe, exposedDataParallelSeconds: tDPexp, optimizerSeconds: tOpt });
  const tps = k.f("tokensPerSecondPerChip", F.tokensPerSecondPerChip, { globalBatchTokens: gbt, stepSeconds: tStep, chips });
  const mfu = k.f("mfu", F.flopUtilization, { flopPerToken: fModel, tokensPerSecondPerChip: tps, peakFlopsPerSecond: ctx.peak }, "Model FLOP utilisation (MFU)");
  const hfu = k.f("hfu", F.flopUtilization, { flopPerToken: fHw, tokensPerSecondPerChip: tps, peakFlopsPerSecond: ctx.peak }, "Hardware FLOP utilisation (HFU)");

  let runOut: TrainStepResult["run"] = null;
  if (run?.tokens) {
    const hrs = k.f("chipHours", F.runChipHours, { tokens: run.tokens, tokensPerSecondPerChip: tps });
    const cal = k.f("calendarSeconds", F.runCalendarSeconds, { tokens: run.tokens, tokensPerSecondPerChip: tps, chips });
    let usd: number | null = null;
    if (run.usd) usd = k.f("usd", runUsd, { chipHours: hrs, usdPerChipHour: run.usd }, "Cost of the run").value;
    runOut = { tokens: run.tokens.value, chipHours: hrs.value, calendarSeconds: cal.value, usd };
  }
  const usable = ctx.hbm.value * eff.usableMemory.value;
  return {
    d: k.d,
    chips: chips.value,
    globalBatchTokens: gbt.value,
    flop: { modelPerToken: fModel.value, hardwarePerToken: fHw.value, recomputePerToken: fRe.value, attentionForwardPerToken: attn.value },
    time: {
      computeSeconds: tC.value,
      memorySeconds: tM.value,
      activationSeconds: tAct.value,
      fixedSeconds: tFix.value,
      tensorParallelSeconds: tTP.value,
      contextParallelSeconds: tCP.value,
      expertSeconds: tEP.value,
      pipelineSendSeconds: tPP.value,
      microBatchSeconds: tMb.value,
      bubbleFraction: beta.value,
      pipelineSeconds: tPipe.value,
      dataParallelSeconds: tDP.value,
      exposedDataParallelSeconds: tDPexp.value,
      optimizerSeconds: tOpt.value,
      stepSeconds: tStep.value,
    },
    tokensPerSecondPerChip: tps.value,
    mfu: mfu.value,
    hfu: hfu.value,
    memory: {
      weightBytes: mW.value,
      gradientBytes: mG.value,
      optimizerBytes: mO.value,
      activationBytes: mAct.value,
      logitBytes: mLogit.value,
      totalBytes: mTot.value,
      capacityBytes: ctx.hbm.value,
      usableBytes: usable,
      fits: mTot.value <= usable,
      maxMicroBatch: bMax.value,
    },
    run: runOut,
  };
}

/** A training step with every number explained. */
export function analyzeTrainStep(o: TrainStepOptions): TrainStepResult {
  const ctx = trainContext(o);
  const { layout, q, warnings } = resolveLayout(o, ctx.facts);
  const nm = (k: string) => o.names?.[k] ?? k;
  // The run's tokens: given, else the table's default (a 15T-token run); null (TrainStepOptions.tokens) asks for no run.
  const tokens = o.tokens === null ? undefined : resolveNumber(TRAIN_STEP_INPUTS, "trainingTokens", o.tokens, nm("trainingTokens"));
  let usd: Quantity | null = null;
  if (o.usdPerChipHour !== undefined) usd = resolveNumber(TRAIN_STEP_INPUTS, "usdPerChipHour", o.usdPerChipHour, nm("usdPerChipHour"));
  else if (o.hardware.usdPerChipHour.value !== null) usd = { value: o.hardware.usdPerChipHour.value, origin: o.hardware.usdPerChipHour.origin };
  const r = computeStep(ctx, layout, q, true, tokens ? { tokens, usd } : undefined);
  const all = [...ctx.warnings, ...warnings];
  if (!r.memory.fits) {
    all.push({
      code: "does-not-fit",
      message: `${formatQuantity(r.memory.totalBytes, "B")} per chip exceeds the ${formatQuantity(r.memory.usableBytes, "B")} usable of ${formatQuantity(r.memory.capacityBytes, "B")} HBM${r.memory.maxMicroBatch >= 1 ? `; the largest micro-batch that fits is ${r.memory.maxMicroBatch}` : "; even one sequence per micro-batch does not fit: raise tensor, pipeline or context parallelism, the ZeRO stage, or recompute"}.`,
    });
  }
  if (tokens && r.run && r.run.usd === null) all.push({ code: "no-price", message: `No rental price for ${o.hardware.id}: chip-hours and calendar time are shown, the cost is unknown (give ${nm("usdPerChipHour")}).` });
  return {
    model: o.model.id,
    hardware: o.hardware.id,
    layout,
    precision: ctx.precision,
    chips: r.chips,
    globalBatchTokens: r.globalBatchTokens,
    flop: r.flop,
    time: r.time,
    tokensPerSecondPerChip: r.tokensPerSecondPerChip,
    mfu: r.mfu,
    hfu: r.hfu,
    peakFlopsPerSecond: ctx.peak.value,
    memory: r.memory,
    run: r.run,
    derivations: r.d,
    warnings: all,
  };
}

/** The fast path (no derivations) for searches and sweeps: the same formulas, evaluated. */
export function evaluateTrainStep(ctx: TrainContext, layout: TrainLayout): Omit<TrainStepResult, "derivations" | "warnings" | "model" | "hardware" | "precision" | "peakFlopsPerSecond" | "layout"> {
  const r = computeStep(ctx, layout, {}, false);
  return { chips: r.chips, globalBatchTokens: r.globalBatchTokens, flop: r.flop, time: r.time, tokensPerSecondPerChip: r.tokensPerSecondPerChip, mfu: r.mfu, hfu: r.hfu, memory: r.memory, run: r.run };
}

/** Checks a layout as `analyzeTrainStep` does, without computing (for searches). Throws on a bad layout. */
export function checkLayout(ctx: TrainContext, layout: TrainLayout): Warning[] {
  const given: LayoutGiven = { ...layout };
  return resolveLayout({ model: ctx.model, hardware: ctx.hardware, layout: given }, ctx.facts).warnings;
}
