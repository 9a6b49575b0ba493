/**
 * The lecture's arguments as analyses, each number with its derivation:
 *  - scale-up domains (8 → 72 → 500+ chips): aggregate HBM bandwidth and the largest model a domain
 *    serves at a per-token latency — why trillion-parameter models became viable with Blackwell racks;
 *  - the memory wall: a rack's HBM against a trillion-parameter model, where the rest goes (KV and
 *    batch), and what a chip with less HBM plus pipelining would need;
 *  - interleaved sliding-window and global layers unbalance pipeline stages (gpt-oss, Gemma 3).
 */
import type { HardwareSpec } from "../catalog/hardware.ts";
import { getHardware } from "../catalog/hardware.ts";
import { getModel } from "../catalog/models.ts";
import { RooflineError } from "../errors.ts";
import type { Derivation } from "../formula/derivation.ts";
import { derived, withOrigin, type Quantity } from "../formula/formula.ts";
import type { ModelSpec } from "../model/model.ts";
import { BYTES_PER_VALUE, type Precision } from "../precision.ts";
import * as F from "../roofline/formulas.ts";
import * as CF from "../cluster/formulas.ts";
import { analyzeStep } from "../roofline/step.ts";
import { analyzeBatch } from "../roofline/batch.ts";
import { checkGiven, type Given } from "../validate.ts";
import type { Warning } from "../errors.ts";
import * as L from "./formulas.ts";
import { resolveNumber } from "../inputs/define.ts";
import { MEMORY_WALL_INPUTS, PIPELINE_IMBALANCE_INPUTS, SCALE_UP_INPUTS } from "./inputs.ts";

const fact = (f: { value: number | null; origin: Quantity["origin"] }): Quantity | null => (f.value === null ? null : { value: f.value, origin: f.origin });

/** Scale-up bandwidth over scale-out bandwidth per chip (null where the catalog does not know one). */
export function explainScaleUpToScaleOut(h: HardwareSpec): Derivation | null {
  const up = fact(h.scaleUpBytesPerSecondPerChip);
  const out = fact(h.scaleOutBytesPerSecondPerChip);
  if (!up || !out) return null;
  return L.scaleUpToScaleOutRatio.explain({ scaleUpBytesPerSecond: up, scaleOutBytesPerSecond: out }, { name: `scaleUpToScaleOut.${h.id}` });
}

// ---- Scale-up domains ----------------------------------------------------------------------------

export interface ScaleUpOptions {
  hardware: HardwareSpec;
  /** Per-token latency allowed, seconds; default 20 ms (the lecture's train). */
  latencySeconds?: Given;
  /** Weight precision; default FP8. */
  weightPrecision?: Precision;
  /** Chips in the domain; default the catalog's scale-up domain. */
  domainChips?: Given;
}

export interface ScaleUpRow {
  hardware: { id: string; name: string };
  domainChips: number;
  latencySeconds: number;
  weightPrecision: Precision;
  aggregateBytesPerSecond: number | null;
  aggregateHbmBytes: number | null;
  maxWeightBytesAtLatency: number | null;
  maxParamsAtLatency: number | null;
  maxParamsInCapacity: number | null;
  /** The binding limit on model size: bandwidth at this latency, or capacity. */
  limit: "bandwidth" | "capacity" | "unknown";
  derivations: Partial<Record<"aggregateBytesPerSecond" | "aggregateHbmBytes" | "maxWeightBytesAtLatency" | "maxParamsAtLatency" | "maxParamsInCapacity", Derivation>> & { maxParamsAtLatency: Derivation };
}

export const DEFAULT_LATENCY_SECONDS = 0.02;
export const SCALE_UP_LADDER: readonly string[] = ["nvidia-h100-sxm5-80gb", "nvidia-b200-hgx", "nvidia-gb200-nvl72", "nvidia-gb300-nvl72", "nvidia-vera-rubin-nvl72", "nvidia-rubin-ultra-nvl576", "google-tpu7x-ironwood"];

/**
 * One domain: its aggregate bandwidth and HBM, and the largest model it can serve at a per-token
 * latency. `derivations.maxParamsAtLatency` is present whenever bandwidth is known; a domain with an
 * unknown bandwidth throws (use `analyzeScaleUp`, which reports it as unknown).
 */
export function explainScaleUp(o: ScaleUpOptions): ScaleUpRow {
  const row = scaleUpRow(o);
  if (!row) throw new RooflineError({ code: "missing-value", field: "hardware", value: o.hardware.id, expected: "a chip whose HBM bandwidth the catalog knows", hint: "the catalog leaves this chip's HBM bandwidth unknown" });
  return row;
}

function scaleUpRow(o: ScaleUpOptions): ScaleUpRow | null {
  const h = o.hardware;
  const latency = resolveNumber(SCALE_UP_INPUTS, "latencySeconds", o.latencySeconds);
  const domainFact = o.domainChips !== undefined ? checkGiven(o.domainChips, "domainChips", { what: "chips in the scale-up domain", integer: true, min: 1, max: 1e6 }) : fact(h.scaleUpDomainChips);
  if (!domainFact) return null;
  const precision = o.weightPrecision ?? "fp8";
  const bytesPerWeight = withOrigin(BYTES_PER_VALUE[precision], { kind: "user", name: `weights in ${precision.toUpperCase()}` });
  const bw = fact(h.hbmBytesPerSecond);
  const cap = fact(h.hbmBytes);
  const d: Partial<Record<string, Derivation>> = {};
  if (cap) {
    d["aggregateHbmBytes"] = F.memoryCapacity.explain({ chips: domainFact, hbmBytes: cap }, { name: "aggregateHbmBytes", title: "HBM in the scale-up domain" });
    d["maxParamsInCapacity"] = L.paramsInBytes.explain({ bytes: derived(d["aggregateHbmBytes"]), bytesPerWeight }, { name: "maxParamsInCapacity", title: "Parameters the domain's HBM holds" });
  }
  if (bw) {
    d["aggregateBytesPerSecond"] = CF.aggregateHbmBytesPerSecond.explain({ chips: domainFact, bandwidthBytesPerSecond: bw }, { name: "aggregateBytesPerSecond" });
    d["maxWeightBytesAtLatency"] = L.weightBytesReadableInTime.explain({ aggregateBytesPerSecond: derived(d["aggregateBytesPerSecond"]), latencySeconds: latency }, { name: "maxWeightBytesAtLatency" });
    d["maxParamsAtLatency"] = L.paramsInBytes.explain({ bytes: derived(d["maxWeightBytesAtLatency"]), bytesPerWeight }, { name: "maxParamsAtLatency", title: "Largest model served at this latency" });
  }
  const v = (k: string) => d[k]?.value ?? null;
  const atLatency = v("maxParamsAtLatency");
  const inCapacity = v("maxParamsInCapacity");
  const base = {
    hardware: { id: h.id, name: h.name },
    domainChips: domainFact.value,
    latencySeconds: latency.value,
    weightPrecision: precision,
    aggregateBytesPerSecond: v("aggregateBytesPerSecond"),
    aggregateHbmBytes: v("aggregateHbmBytes"),
    maxWeightBytesAtLatency: v("maxWeightBytesAtLatency"),
    maxParamsAtLatency: atLatency,
    maxParamsInCapacity: inCapacity,
    limit: (atLatency === null || inCapacity === null ? "unknown" : atLatency <= inCapacity ? "bandwidth" : "capacity") as ScaleUpRow["limit"],
  };
  if (!d["maxParamsAtLatency"]) return null;
  return { ...base, derivations: d as ScaleUpRow["derivations"] };
}

/** Why each of the lecture's arguments shows only the roofline (a bound), and where the expected numbers are. */
export const LECTURE_EXPECTED_NOTES = {
  scaleUp: "Bounds only: the largest model whose weights the domain's full HBM bandwidth reads once per token. The expected time per token of a given model on a domain (achieved bandwidth, fixed time per layer) is step's and the Batch page's expected.",
  memoryWall: "No expected numbers: the memory wall is bytes (capacity), not time; the optimal batch is the roofline's balance point (the Batch page shows the expected step at it).",
  pipeline: "Ideal stage steps only: the efficiency model does not split a step by layer kind, so the imbalance stays the roofline's ratio; the expected step of the whole model is step's.",
} as const;

export interface ScaleUpResult {
  /** Why the ladder shows bounds only. */
  expectedNote: string;
  latencySeconds: number;
  weightPrecision: Precision;
  rows: (Omit<ScaleUpRow, "derivations"> & { derivations: Partial<ScaleUpRow["derivations"]> })[];
  /** Scale-up over scale-out bandwidth per chip, where known. */
  scaleOut: { hardwareId: string; ratio: number; derivation: Derivation }[];
  derivations: Record<string, Derivation>;
}

/** The ladder of scale-up domains: what each can serve at a per-token latency. */
export function analyzeScaleUp(o: { hardware?: readonly HardwareSpec[]; latencySeconds?: Given; weightPrecision?: Precision } = {}): ScaleUpResult {
  const chips = o.hardware ?? SCALE_UP_LADDER.map((id) => getHardware(id));
  const derivations: Record<string, Derivation> = {};
  const rows = chips.map((h) => {
    const row = scaleUpRow({ hardware: h, ...(o.latencySeconds !== undefined ? { latencySeconds: o.latencySeconds } : {}), ...(o.weightPrecision ? { weightPrecision: o.weightPrecision } : {}) });
    if (row) {
      for (const [k, d] of Object.entries(row.derivations)) if (d) derivations[`${h.id}.${k}`] = d;
      return row;
    }
    // Bandwidth unknown: report capacity only, the rest unknown.
    const cap = fact(h.hbmBytes);
    const n = fact(h.scaleUpDomainChips);
    const precision = o.weightPrecision ?? "fp8";
    const partial: ScaleUpResult["rows"][number] = {
      hardware: { id: h.id, name: h.name },
      domainChips: n?.value ?? 0,
      latencySeconds: typeof o.latencySeconds === "number" ? o.latencySeconds : (o.latencySeconds?.value ?? DEFAULT_LATENCY_SECONDS),
      weightPrecision: precision,
      aggregateBytesPerSecond: null,
      aggregateHbmBytes: null,
      maxWeightBytesAtLatency: null,
      maxParamsAtLatency: null,
      maxParamsInCapacity: null,
      limit: "unknown",
      derivations: {},
    };
    if (cap && n) {
      const agg = F.memoryCapacity.explain({ chips: n, hbmBytes: cap }, { name: "aggregateHbmBytes", title: "HBM in the scale-up domain" });
      const p = L.paramsInBytes.explain({ bytes: derived(agg), bytesPerWeight: withOrigin(BYTES_PER_VALUE[precision], { kind: "user", name: `weights in ${precision.toUpperCase()}` }) }, { name: "maxParamsInCapacity", title: "Parameters the domain's HBM holds" });
      partial.aggregateHbmBytes = agg.value;
      partial.maxParamsInCapacity = p.value;
      partial.derivations = { aggregateHbmBytes: agg, maxParamsInCapacity: p };
      derivations[`${h.id}.aggregateHbmBytes`] = agg;
    }
    return partial;
  });
  const scaleOut = chips
    .map((h) => ({ hardwareId: h.id, derivation: explainScaleUpToScaleOut(h) }))
    .filter((x): x is { hardwareId: string; derivation: Derivation } => x.derivation !== null)
    .map((x) => ({ ...x, ratio: x.derivation.value }));
  for (const s of scaleOut) derivations[`${s.hardwareId}.scaleUpToScaleOut`] = s.derivation;
  const first = rows[0];
  return { expectedNote: LECTURE_EXPECTED_NOTES.scaleUp, latencySeconds: first?.latencySeconds ?? DEFAULT_LATENCY_SECONDS, weightPrecision: first?.weightPrecision ?? "fp8", rows, scaleOut, derivations };
}

// ---- The memory wall -----------------------------------------------------------------------------

export interface MemoryWallOptions {
  /** Default Kimi K2 (1.03T parameters). */
  model?: ModelSpec;
  /** Default GB200 NVL72. */
  hardware?: HardwareSpec;
  /** Chips of the rack; default the hardware's scale-up domain. */
  chips?: Given;
  /** Context per sequence; default 32,768 tokens. */
  contextTokens?: Given;
  weightPrecision?: Precision;
  kvPrecision?: Precision;
  /** Pipeline stages (racks) to tabulate for the smaller-HBM chip; default 1, 2, 4, 8. */
  pipelineStages?: readonly number[];
}

export interface MemoryWallStage {
  pipelineStages: number;
  /** Sequences in flight: P micro-batches of the optimal batch. */
  sequencesInFlight: number;
  weightBytesPerChip: number;
  kvBytesPerChip: number;
  memoryBytesPerChip: number;
  derivation: Derivation;
  weightDerivation: Derivation;
  kvDerivation: Derivation;
}

export interface MemoryWallResult {
  /** Why the memory wall has no expected numbers. */
  expectedNote: string;
  model: { id: string; name: string };
  hardware: { id: string; name: string };
  chips: number;
  contextTokens: number;
  rackHbmBytes: number;
  weightBytes: number;
  bytesLeft: number;
  kvBytesPerSequence: number;
  sequencesThatFit: number;
  optimalBatch: number | null;
  /** Sequences per rack (micro-batch): the optimal batch, or, when none exists, the most that fit. */
  microBatch: number;
  microBatchIs: "optimal" | "fits";
  /** The HBM per chip a rack needs to hold the weights and the optimal batch's KV, with P racks pipelined. */
  stages: MemoryWallStage[];
  derivations: Record<string, Derivation>;
  warnings: Warning[];
}

export function analyzeMemoryWall(o: MemoryWallOptions = {}): MemoryWallResult {
  const model = o.model ?? getModel("kimi-k2");
  const hardware = o.hardware ?? getHardware("nvidia-gb200-nvl72");
  const domain = hardware.scaleUpDomainChips.value ?? 8;
  const chips = o.chips ?? withOrigin(domain, hardware.scaleUpDomainChips.origin);
  const context = resolveNumber(MEMORY_WALL_INPUTS, "contextTokens", o.contextTokens);
  const common = { model, hardware, chips, contextTokens: context, ...(o.weightPrecision ? { weightPrecision: o.weightPrecision } : {}), kvPrecision: o.kvPrecision ?? ("fp8" as Precision) };
  const step = analyzeStep({ ...common, batch: 1 });
  const d = step.derivations;
  const pick = (k: string) => {
    const x = d[k];
    if (!x) throw new Error(`internal: no ${k}`);
    return x;
  };
  const capacity = pick("capacityBytes");
  const weights = pick("weightBytesResident");
  const left = L.bytesLeftAfterWeights.explain({ capacityBytes: derived(capacity), weightBytes: derived(weights) }, { name: "bytesLeft" });
  // Copies included (an MLA latent under tensor parallelism is held by every chip of the group), as in maxBatch.
  const kvSeq = pick("kvBytesHeldPerSequenceWithCopies");
  const fit = pick("maxBatch");
  let optimal: number | null = null;
  let optimalD: Derivation | undefined;
  try {
    const b = analyzeBatch({ ...common, batches: [1] });
    optimal = b.optimalBatch;
    optimalD = b.derivations["optimalBatch"];
  } catch {
    optimal = null;
  }
  const derivations: Record<string, Derivation> = { rackHbmBytes: capacity, weightBytes: weights, bytesLeft: left, kvBytesPerSequence: kvSeq, sequencesThatFit: fit };
  if (optimalD) derivations["optimalBatch"] = optimalD;
  const stages: MemoryWallStage[] = [];
  const microBatch = Math.ceil(optimal ?? fit.value);
  const kvPerToken = pick("kvBytesPerToken");
  const bytesPerWeight = withOrigin(weights.value / model.totalParams, { kind: "derived", formulaId: weights.formulaId, name: "bytesPerWeight" });
  const totalParams = withOrigin(model.totalParams, { kind: "catalog", catalog: "models", entry: model.id, field: "total parameters", sources: model.provenance.sources });
  const contextQ = withOrigin(step.contextTokens, typeof context === "number" ? { kind: "user", name: "contextTokens" } : context.origin);
  const E = withOrigin(step.chips, typeof chips === "number" ? { kind: "user", name: "chips" } : chips.origin);
  const b = withOrigin(microBatch, optimal !== null ? { kind: "derived", formulaId: "batch.optimalBatch", name: "optimalBatch" } : { kind: "derived", formulaId: "memory.maxBatch", name: "maxBatch" });
  for (const p of o.pipelineStages ?? [1, 2, 4, 8]) {
    const P = withOrigin(p, { kind: "user", name: "pipeline stages" });
    const inFlight = CF.sequencesInFlight.explain({ microBatches: P, microBatch: b });
    const mem = CF.memoryBytesPerChipLecture.explain(
      { totalParams, bytesPerWeight, sequencesInFlight: derived(inFlight), contextTokens: contextQ, kvBytesPerToken: derived(kvPerToken), expertParallel: E, pipelineStages: P },
      { name: `memoryBytesPerChip.P${p}` },
    );
    const w = CF.weightBytesPerChipLecture.explain({ totalParams, bytesPerWeight, expertParallel: E, pipelineStages: P }, { name: `weightBytesPerChip.P${p}` });
    const kv = CF.kvBytesPerChipLecture.explain({ pipelineStages: P, microBatch: b, contextTokens: contextQ, kvBytesPerToken: derived(kvPerToken), expertParallel: E }, { name: `kvBytesPerChip.P${p}` });
    stages.push({ pipelineStages: p, sequencesInFlight: inFlight.value, weightBytesPerChip: w.value, kvBytesPerChip: kv.value, memoryBytesPerChip: mem.value, derivation: mem, weightDerivation: w, kvDerivation: kv });
    derivations[`memoryBytesPerChip.P${p}`] = mem;
  }
  return {
    expectedNote: LECTURE_EXPECTED_NOTES.memoryWall,
    model: { id: model.id, name: model.name },
    hardware: { id: hardware.id, name: hardware.name },
    chips: step.chips,
    contextTokens: step.contextTokens,
    rackHbmBytes: capacity.value,
    weightBytes: weights.value,
    bytesLeft: left.value,
    kvBytesPerSequence: kvSeq.value,
    sequencesThatFit: fit.value,
    optimalBatch: optimal,
    microBatch,
    microBatchIs: optimal !== null ? "optimal" : "fits",
    stages,
    derivations,
    warnings: step.warnings,
  };
}

// ---- Pipeline stages with interleaved sliding-window and global layers -----------------------------

export interface PipelineImbalanceOptions {
  /** Default gpt-oss-120b. */
  model?: ModelSpec;
  /** Default H100 SXM. */
  hardware?: HardwareSpec;
  /** Pipeline stages; default 4. */
  pipelineStages?: Given;
  /** Chips per stage; default 8. */
  chipsPerStage?: Given;
  /** Sequences in the batch (micro-batch on a stage); default 64. */
  batch?: Given;
  /** Context per sequence; default 65,536 tokens. */
  contextTokens?: Given;
  weightPrecision?: Precision;
  kvPrecision?: Precision;
}

export interface StageRow {
  stage: number;
  firstLayer: number;
  lastLayer: number;
  globalLayers: number;
  windowLayers: number;
  flop: number;
  weightBytes: number;
  kvBytes: number;
  seconds: number;
  derivation: Derivation;
  kvDerivation: Derivation;
}

export interface PipelineImbalanceResult {
  /** Why the stage steps are the roofline's only. */
  expectedNote: string;
  model: { id: string; name: string };
  hardware: { id: string; name: string };
  pipelineStages: number;
  layers: number;
  windowTokens: number | null;
  stages: StageRow[];
  imbalance: number;
  derivations: Record<string, Derivation>;
}

/** Contiguous stages, the first ones taking one layer more when P does not divide the layers. */
function splitLayers(layers: number, stages: number): [number, number][] {
  const out: [number, number][] = [];
  let start = 0;
  for (let s = 0; s < stages; s++) {
    const n = Math.floor(layers / stages) + (s < layers % stages ? 1 : 0);
    out.push([start, start + n - 1]);
    start += n;
  }
  return out;
}

export function analyzePipelineImbalance(o: PipelineImbalanceOptions = {}): PipelineImbalanceResult {
  const model = o.model ?? getModel("gpt-oss-120b");
  const hardware = o.hardware ?? getHardware("nvidia-h100-sxm5-80gb");
  const arch = model.architecture;
  if (!arch) throw new RooflineError({ code: "missing-value", field: "model", value: model.id, expected: "a model with a per-layer architecture (catalog or config.json)", hint: "a napkin model has no layer pattern" });
  const layers = arch.numLayers;
  const P = resolveNumber(PIPELINE_IMBALANCE_INPUTS, "pipelineParallel", o.pipelineStages, "pipelineStages");
  if (P.value > layers) throw new RooflineError({ code: "out-of-range", field: "pipelineStages", input: "pipelineParallel", value: String(P.value), expected: `at most the ${layers} layers of ${model.name}` });
  const chips = resolveNumber(PIPELINE_IMBALANCE_INPUTS, "chipsPerStage", o.chipsPerStage);
  const batch = resolveNumber(PIPELINE_IMBALANCE_INPUTS, "batch", o.batch);
  const context = resolveNumber(PIPELINE_IMBALANCE_INPUTS, "contextTokens", o.contextTokens);
  const kvPrecision = o.kvPrecision ?? (PIPELINE_IMBALANCE_INPUTS.get("kvPrecision").default as Precision);
  const step = analyzeStep({ model, hardware, chips: chips.value, batch: batch.value, contextTokens: context.value, kvPrecision, ...(o.weightPrecision ? { weightPrecision: o.weightPrecision } : {}) });
  const sd = step.derivations;
  const weightBytes = sd["weightBytesResident"] as Derivation;
  const weightFlop = sd["weightFlopPerToken"] as Derivation;
  const source = { kind: "catalog" as const, catalog: "models" as const, entry: model.id, field: "config.json", sources: model.provenance.sources };
  const one = withOrigin(1, { kind: "constant", reason: "one layer" });
  const kvValues = arch.mla
    ? F.kvValuesPerTokenMla.explain({ layers: one, latentDim: withOrigin(arch.mla.kvLoraRank, source), ropeDim: withOrigin(arch.mla.qkRopeHeadDim, source) })
    : F.kvValuesPerTokenGqa.explain({ layers: one, kvHeads: withOrigin(arch.numKvHeads, source), headDimK: withOrigin(arch.headDimQk, source), headDimV: withOrigin(arch.headDimV, source) });
  const kvPerLayer = F.kvBytesPerTokenFromValues.explain({ valuesPerToken: derived(kvValues), bytesPerValue: withOrigin(BYTES_PER_VALUE[kvPrecision], { kind: "user", name: `KV in ${kvPrecision.toUpperCase()}` }) }, { name: "kvBytesPerTokenPerLayer" });
  const attnPerLayer = F.attentionFlopPerAttendedGqa.explain({ layers: one, heads: withOrigin(arch.numHeads, source), headDimK: withOrigin(arch.headDimQk, source), headDimV: withOrigin(arch.headDimV, source) }, { name: "attentionFlopPerAttendedPerLayer" });
  const windows = arch.layerWindows.filter((w): w is number => w !== null);
  const windowTokens = windows.length ? Math.max(...windows) : null;
  const W = withOrigin(windowTokens ?? 0, source);
  const hwF = step.derivations["computeSeconds"]?.inputs.find((i) => i.name === "peakFlopsPerSecond");
  const hwB = step.derivations["weightReadSeconds"]?.inputs.find((i) => i.name === "bandwidthBytesPerSecond");
  if (!hwF || !hwB) throw new Error("internal: step without peak FLOP/s or bandwidth");
  const peak: Quantity = { value: hwF.value, origin: hwF.origin };
  const bw: Quantity = { value: hwB.value, origin: hwB.origin };
  const n = withOrigin(layers, source);
  const stages: StageRow[] = splitLayers(layers, P.value).map(([a, b], s) => {
    const ws = arch.layerWindows.slice(a, b + 1);
    const g = ws.filter((w) => w === null).length;
    const w = ws.length - g;
    const gq = withOrigin(g, { ...source, field: `layers ${a}–${b} with full attention` });
    const wq = withOrigin(w, { ...source, field: `layers ${a}–${b} with a sliding window` });
    const ns = withOrigin(ws.length, { kind: "constant", reason: `layers ${a}–${b}` });
    const flop = L.stageFlop.explain({ batch, weightFlopPerToken: derived(weightFlop), stageLayers: ns, layers: n, attentionFlopPerAttendedPerLayer: derived(attnPerLayer), globalLayers: gq, windowLayers: wq, contextTokens: context, windowTokens: W }, { name: `stage${s}.flop` });
    const wb = L.stageLayerWeightBytes.explain({ weightBytes: derived(weightBytes), stageLayers: ns, layers: n }, { name: `stage${s}.weightBytes` });
    const kv = L.stageKvBytesReadMixed.explain({ batch, kvBytesPerTokenPerLayer: derived(kvPerLayer), globalLayers: gq, windowLayers: wq, contextTokens: context, windowTokens: W }, { name: `stage${s}.kvBytes` });
    const t = L.stageDecodeSeconds.explain({ stageFlop: derived(flop), stageWeightBytes: derived(wb), stageKvBytes: derived(kv), chips, peakFlopsPerSecond: peak, bandwidthBytesPerSecond: bw }, { name: `stage${s}.seconds`, title: `Stage ${s + 1} decode step (layers ${a}–${b})` });
    return { stage: s + 1, firstLayer: a, lastLayer: b, globalLayers: g, windowLayers: w, flop: flop.value, weightBytes: wb.value, kvBytes: kv.value, seconds: t.value, derivation: t, kvDerivation: kv };
  });
  const slowest = stages.reduce((x, y) => (y.seconds > x.seconds ? y : x));
  const totalSeconds = stages.reduce((s, x) => s + x.seconds, 0);
  const imbalance = L.stageImbalance.explain(
    { slowestStageSeconds: derived(slowest.derivation), totalStageSeconds: withOrigin(totalSeconds, { kind: "constant", reason: `sum of the ${stages.length} stages' steps` }), stages: P },
    { name: "imbalance" },
  );
  const derivations: Record<string, Derivation> = { imbalance, kvBytesPerTokenPerLayer: kvPerLayer };
  for (const s of stages) derivations[`stage${s.stage}.seconds`] = s.derivation;
  return { expectedNote: LECTURE_EXPECTED_NOTES.pipeline, model: { id: model.id, name: model.name }, hardware: { id: hardware.id, name: hardware.name }, pipelineStages: P.value, layers, windowTokens, stages, imbalance: imbalance.value, derivations };
}
