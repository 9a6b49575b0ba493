/**
 * A cluster layout: expert-parallel degree E, tensor-parallel degree T, pipeline stages P,
 * data-parallel replicas R and attention data parallelism A, over a system of scale-up domains (D
 * chips each, fast all-to-all inside) joined by a slower scale-out network.
 *
 * `prepareLayout` checks the degrees once (a RooflineError names the broken constraint) and builds
 * one formula graph: the roofline's own nodes for FLOP per token, weights read and KV per sequence
 * (from `prepareRoofline`, rebound to the micro-batch and to the stage's chips), then the cluster's
 * nodes for the stage, its communication, the pipeline and memory per chip. `analyzeLayout` explains
 * one layout; `LayoutSetup.kernel` compiles the same graph for the search.
 */
import { requireFact, type HardwareSpec } from "../catalog/hardware.ts";
import { RooflineError, type Warning } from "../errors.ts";
import type { Derivation } from "../formula/derivation.ts";
import { byDefault, constant, withOrigin, type Quantity } from "../formula/formula.ts";
import { FormulaGraph, fixed, from, node, type Binding, type GraphNode, type Kernel } from "../formula/graph.ts";
import { formatQuantity } from "../format.ts";
import { modelOrigin, type ModelSpec } from "../model/model.ts";
import { chipEfficiency } from "../efficiency/chips.ts";
import { efficiencyAccuracy } from "../efficiency/mode.ts";
import { denseLinearNodes, hasDenseLinearPrecision, mlaDenseLinears, perChipFeatures, sparseAttentionNode } from "../efficiency/expected.ts";
import * as EF from "../efficiency/formulas.ts";
import * as LF from "../efficiency/layout-formulas.ts";
import { BYTES_PER_VALUE, type ComputePrecision, type Precision } from "../precision.ts";
import * as RF from "../roofline/formulas.ts";
import { prepareRoofline, type RooflineOptions } from "../roofline/step.ts";
import { checkGiven, LIMITS, type Given } from "../validate.ts";
import * as C from "./formulas.ts";
import { inferenceSchedule, trainingSchedule, type Schedule } from "./pipeline.ts";
import { LAYOUT_INPUTS } from "./inputs.ts";
import { resolveSwitch } from "../inputs/define.ts";

/** Whether a layout hides communication behind compute (given, else the table's default). */
const overlapOf = (o: LayoutOptions): boolean => resolveSwitch(LAYOUT_INPUTS, "overlapCommunication", o.overlapCommunication);

/** The lecture's "a few milliseconds" per rack-to-rack hop; 2.5 ms makes four hops the lecture's 10 ms. */
export const DEFAULT_HOP_LATENCY_SECONDS = 0.0025;
export const DEFAULT_ACTIVATION_BYTES = 2;

export interface LayoutOptions extends Omit<RooflineOptions, "chips" | "batch" | "names"> {
  /** Chips the routed experts of each stage are spread over; must divide the routed experts. Default: the largest divisor of the experts that fits one scale-up domain (1 for a dense model). */
  expertParallel?: Given;
  /** Ways each expert's (and, for a dense model, each layer's) matrices are split; must divide the attention heads. Default 1. */
  tensorParallel?: Given;
  /** Pipeline stages; must divide the layers unless `unevenStages`. Default 1. */
  pipelineStages?: Given;
  /** Data-parallel replicas of the whole layout. Default 1. */
  dataParallel?: Given;
  /** Attention data-parallel groups per stage; must divide the stage's chips, and chips ÷ groups must divide the heads. Default: one group per chip for an MoE model (DeepSeek's layout), 1 for a dense model. */
  attentionDataParallel?: Given;
  /** Sequences per micro-batch (b). Default 1. */
  microBatch?: Given;
  /** Micro-batches in flight (m). Default: the pipeline stages (no bubble). */
  microBatches?: Given;
  /** Scale-up domains in the system; the layout must fit. Default: as many as the layout needs. */
  domains?: Given;
  /** Overrides of the system's catalog values. */
  scaleUpDomainChips?: Given;
  scaleUpBytesPerSecond?: Given;
  scaleOutBytesPerSecond?: Given;
  /** Fixed latency of a pipeline hop across scale-up domains, seconds. Default 2.5 ms (the lecture's "a few milliseconds"). */
  hopLatencySeconds?: Given;
  /** Fixed latency per collective (all-to-all, all-reduce), seconds, for the ideal and the expected alike. Default: 0 in the ideal (a bound: collectives cost only their bytes); the fitted latency (scale-up) and the sourced scale-out latency in the expected. */
  collectiveLatencySeconds?: Given;
  /** Bytes per activation value sent between chips (all-reduces, pipeline hops, activation memory). Default 2 (BF16). */
  activationBytes?: Given;
  /** Bytes per value of the expert dispatch (tokens sent to their experts). Default: the ideal takes the cheapest precision the chip computes in (FP4 0.5 B, FP8 1 B); the expected FP8 where the chip has FP8, else the activation bytes (DeepSeek-V3's FP8 dispatch). */
  dispatchBytes?: Given;
  /** Bytes per value of the expert combine (results sent back). Default: the ideal the cheapest precision the chip computes in; the expected the activation bytes (BF16 combine). */
  combineBytes?: Given;
  /** Node-limited routing: most scale-up domains a token may be sent to (DeepSeek-V3: 4). Default: the experts per token (no limit beyond sending a token once per domain). */
  nodeLimit?: Given;
  /** Hide communication behind compute. Default LAYOUT_INPUTS' (true): the ideal takes max(roofline, comms) (a bound), the expected overlaps two micro-batches with the last chunk's communication exposed. False: both add communication to compute (the lecture's serial sum). */
  overlapCommunication?: boolean;
  /** Allow P not dividing the layers: the heaviest stage holds ⌈layers/P⌉. Default LAYOUT_INPUTS' (true). */
  unevenStages?: boolean;
  /** How each option is named in messages ("--expert-parallel" for the CLI). */
  names?: Partial<Record<keyof LayoutOptions | keyof RooflineOptions, string>>;
}

/** The degrees of a layout, checked. */
export interface LayoutDegrees {
  expertParallel: number;
  tensorParallel: number;
  pipelineStages: number;
  dataParallel: number;
  attentionDataParallel: number;
  microBatch: number;
  microBatches: number;
}

export interface LayoutSystem {
  hardwareId: string;
  scaleUpDomainChips: number;
  domains: number;
  chips: number;
  /** Whether pipeline hops leave the scale-up domain (scale-out link, hop latency). */
  hopsCrossDomains: boolean;
}

export interface LayoutSetup {
  model: ModelSpec;
  hardware: HardwareSpec;
  degrees: LayoutDegrees;
  system: LayoutSystem;
  graph: FormulaGraph;
  params: Record<string, Quantity>;
  priced: boolean;
  moe: boolean;
  precisions: { weights: Precision; kv: Precision; compute: ComputePrecision };
  /** Whether communication overlaps compute (the default). */
  overlap: boolean;
  warnings: Warning[];
  /** A kernel of `varying` params (in order) computing `outputs`; other params fixed at this setup's values. */
  kernel(varying: readonly string[], outputs: readonly string[]): Kernel;
  /** A two-stage kernel: `outer` params once per candidate (a layout), then a kernel of the `inner` params (the micro-batch). */
  stagedKernel(outer: readonly string[], inner: readonly string[], outputs: readonly string[]): (...outerArgs: number[]) => Kernel;
}

function nameOf(o: LayoutOptions, key: keyof LayoutOptions): string {
  return o.names?.[key] ?? key;
}

function divisors(n: number, upTo = n): number[] {
  const out: number[] = [];
  for (let d = 1; d <= Math.min(n, upTo); d++) if (n % d === 0) out.push(d);
  return out;
}

function listDivisors(n: number, upTo = Infinity): string {
  const ds = divisors(n, upTo);
  return ds.length > 12 ? `${ds.slice(0, 11).join(", ")}, …` : ds.join(", ");
}

/** Attention heads and KV heads as the layout sees them (MLA: one latent shared by all heads). */
export function headCounts(model: ModelSpec): { heads: number | null; kvHeads: number | null; mla: boolean } {
  const a = model.architecture;
  if (!a) return { heads: null, kvHeads: null, mla: false };
  return { heads: a.numHeads, kvHeads: a.mla ? 1 : a.numKvHeads, mla: a.mla !== null };
}

/** Layers as the pipeline sees them: the model's layers, or 1 for a napkin model without "layers". */
export function layerCount(model: ModelSpec): number {
  return model.layers ?? model.architecture?.numLayers ?? 1;
}

function q(given: Given | undefined, fallback: Quantity, field: string, what: string, max: number = LIMITS.maxChips): Quantity {
  return checkGiven(given ?? fallback, field, { what, integer: true, min: 1, max });
}

/** The default expert-parallel degree: the largest divisor of the experts that fits one domain. */
export function defaultExpertParallel(model: ModelSpec, domainChips: number): number {
  if (!model.moe) return 1;
  return Math.max(...divisors(model.moe.routedExperts, Math.max(1, domainChips)));
}

/** Checks the degrees against the model and system; throws a RooflineError naming the constraint. */
export function resolveDegrees(o: LayoutOptions, domainChips: number): { q: Record<keyof LayoutDegrees, Quantity>; warnings: Warning[] } {
  const { model } = o;
  const warnings: Warning[] = [];
  const heads = headCounts(model);
  const layers = layerCount(model);
  const E = q(
    o.expertParallel,
    byDefault(defaultExpertParallel(model, domainChips), model.moe ? `the largest divisor of ${model.moe.routedExperts} experts within one ${domainChips}-chip scale-up domain` : "a dense model has no experts to spread"),
    nameOf(o, "expertParallel"),
    "chips for expert parallelism",
  );
  const T = q(o.tensorParallel, byDefault(1, "no tensor parallelism (the lecture: experts are now too small to be worth splitting)"), nameOf(o, "tensorParallel"), "ways of tensor parallelism");
  const P = q(o.pipelineStages, byDefault(1, "no pipelining"), nameOf(o, "pipelineStages"), "pipeline stages");
  const R = q(o.dataParallel, byDefault(1, "one replica"), nameOf(o, "dataParallel"), "data-parallel replicas");
  const G = E.value * T.value;
  const A = q(
    o.attentionDataParallel,
    byDefault(model.moe ? G : 1, model.moe ? "one attention group per chip (DeepSeek's data-parallel attention)" : "tensor-parallel attention over the stage"),
    nameOf(o, "attentionDataParallel"),
    "attention data-parallel groups",
  );
  const b = q(o.microBatch, byDefault(1, "one sequence per micro-batch"), nameOf(o, "microBatch"), "sequences per micro-batch", LIMITS.maxBatch);
  const m = q(o.microBatches, byDefault(P.value, "as many micro-batches as stages: no bubble"), nameOf(o, "microBatches"), "micro-batches in flight", LIMITS.maxBatch);

  if (model.moe) {
    const experts = model.moe.routedExperts;
    if (experts % E.value !== 0) {
      const below = divisors(experts, E.value);
      throw new RooflineError({
        code: "out-of-range",
        field: nameOf(o, "expertParallel"),
        value: String(E.value),
        expected: `a divisor of the ${experts} routed experts of ${model.name} (${listDivisors(experts)})`,
        hint: `Each chip must hold a whole number of experts: ${experts} ÷ ${E.value} is not whole. The lecture uses ${below[below.length - 1]} of the chips and leaves the rest idle [34:09].`,
      });
    }
  } else if (E.value !== 1) {
    throw new RooflineError({
      code: "out-of-range",
      field: nameOf(o, "expertParallel"),
      value: String(E.value),
      expected: `1: ${model.name} is a dense model with no routed experts to spread`,
      hint: "Split a dense model with tensor parallelism or pipeline stages instead.",
    });
  }
  if (heads.heads !== null && heads.heads % T.value !== 0) {
    throw new RooflineError({
      code: "out-of-range",
      field: nameOf(o, "tensorParallel"),
      value: String(T.value),
      expected: `a divisor of the ${heads.heads} attention heads of ${model.name} (${listDivisors(heads.heads)})`,
      hint: "Tensor parallelism splits the heads across chips; each chip needs a whole number of them.",
    });
  }
  if (G % A.value !== 0) {
    throw new RooflineError({
      code: "out-of-range",
      field: nameOf(o, "attentionDataParallel"),
      value: String(A.value),
      expected: `a divisor of the ${G} chips per stage (${listDivisors(G)})`,
      hint: `A stage has E × T = ${E.value} × ${T.value} = ${G} chips; attention groups must split them evenly.`,
    });
  }
  const Ta = G / A.value;
  if (heads.heads !== null && heads.heads % Ta !== 0) {
    throw new RooflineError({
      code: "out-of-range",
      field: nameOf(o, "attentionDataParallel"),
      value: String(A.value),
      expected: `a number of groups leaving a divisor of the ${heads.heads} attention heads per group: ${G} chips ÷ ${A.value} = ${Ta} does not divide ${heads.heads}`,
      hint: `Raise the attention data-parallel degree (e.g. ${G}, one group per chip) so that each group's tensor-parallel degree divides the heads.`,
    });
  }
  if (P.value > layers) {
    throw new RooflineError({
      code: "out-of-range",
      field: nameOf(o, "pipelineStages"),
      value: String(P.value),
      expected: `at most the ${layers} layers of ${model.name}`,
      hint: model.layers === null ? 'A napkin model without "layers" cannot be pipelined; add "layers" to its JSON.' : "Each stage needs at least one layer.",
    });
  }
  const uneven = layers % P.value !== 0;
  if (uneven && resolveSwitch(LAYOUT_INPUTS, "unevenStages", o.unevenStages)) {
    warnings.push({ code: "uneven-stages", message: `${layers} layers over ${P.value} stages: stages of ${Math.ceil(layers / P.value)} and ${Math.floor(layers / P.value)} layers: the heaviest sets the pace, the others idle for the difference.` });
  }
  if (uneven && !resolveSwitch(LAYOUT_INPUTS, "unevenStages", o.unevenStages)) {
    throw new RooflineError({
      code: "out-of-range",
      field: nameOf(o, "pipelineStages"),
      value: String(P.value),
      expected: `a divisor of the ${layers} layers of ${model.name} (${listDivisors(layers)})`,
      hint: `${layers} ÷ ${P.value} is not whole; allow stages of ${Math.ceil(layers / P.value)} and ${Math.floor(layers / P.value)} layers with ${nameOf(o, "unevenStages")} (the heaviest stage sets the pace).`,
    });
  }
  if (heads.kvHeads !== null && !heads.mla && Ta > heads.kvHeads) {
    warnings.push({ code: "kv-heads-replicated", message: `Attention tensor-parallel degree ${Ta} exceeds the ${heads.kvHeads} KV heads: each KV head is stored on ${Ta / Math.min(Ta, heads.kvHeads)} chips.` });
  } else if (heads.kvHeads !== null && !heads.mla && heads.kvHeads % Ta !== 0) {
    warnings.push({ code: "kv-heads-uneven", message: `Attention tensor-parallel degree ${Ta} does not divide the ${heads.kvHeads} KV heads: the KV cache splits unevenly.` });
  }
  if (heads.mla && Ta > 1) {
    warnings.push({ code: "mla-kv-replicated", message: `MLA caches one latent per token shared by all heads: tensor-parallel attention over ${Ta} chips stores it ${Ta} times. Attention data parallelism (one group per chip) avoids the copies.` });
  }
  if (m.value < P.value) {
    warnings.push({ code: "pipeline-bubble", message: `${m.value} micro-batches for ${P.value} stages: each stage idles ${Math.round((1 - m.value / P.value) * 100)}% of the time. Use at least ${P.value}.` });
  }
  return { q: { expertParallel: E, tensorParallel: T, pipelineStages: P, dataParallel: R, attentionDataParallel: A, microBatch: b, microBatches: m }, warnings };
}

/** Scale-up domains a layout needs: stages pack into domains; a stage larger than a domain spans several. */
export function domainsNeeded(chipsPerStage: number, stages: number, replicas: number, domainChips: number): number {
  if (chipsPerStage <= domainChips) return Math.ceil((stages * replicas) / Math.floor(domainChips / chipsPerStage));
  return stages * replicas * Math.ceil(chipsPerStage / domainChips);
}

/** Names of the numbers a layout reports, in reading order. */
export const LAYOUT_HEADLINES = [
  "chipsPerStage",
  "chipsPerReplica",
  "totalChips",
  "expertsPerChip",
  "layersPerStage",
  "weightBytesPerChip",
  "kvBytesPerChip",
  "activationBytesPerChip",
  "memoryBytesPerChip",
  "stageComputeSeconds",
  "stageWeightReadSeconds",
  "stageKvReadSeconds",
  "stageRooflineSeconds",
  "stageAllToAllSeconds",
  "tensorParallelSeconds",
  "stageSeconds",
  "pipelineHopSeconds",
  "tokenSeconds",
  "pipelineCycleSeconds",
  "tokensPerSecondPerSequence",
  "tokensPerSecond",
  "totalTokensPerSecond",
  "usdPerMillionTokens",
  "expectedStageSeconds",
  "expectedTokenSeconds",
  "expectedCycleSeconds",
  "expectedTokensPerSecondPerSequence",
  "expectedTotalTokensPerSecond",
  "expectedUsdPerMillionTokens",
  "expectedOverIdeal",
  "pipelineBoundaryRatio",
  "aggregateHbmBytesPerSecond",
  "domainLatencyFloorSeconds",
] as const;

/** The roofline nodes the layout reuses, and what they need. */
const BASE_OUTPUTS = ["tokens", "flopPerToken", "weightBytesRead", "kvBytesRead", "kvBytesHeldPerSequence"];

function closure(nodes: readonly GraphNode[], outputs: readonly string[]): GraphNode[] {
  const byName = new Map(nodes.map((n) => [n.name, n] as const));
  const need = new Set<string>();
  const visit = (name: string) => {
    if (need.has(name)) return;
    const n = byName.get(name);
    if (!n) return;
    need.add(name);
    for (const b of Object.values(n.bind)) if ("node" in b) visit(b.node);
  };
  outputs.forEach(visit);
  return nodes.filter((n) => need.has(n.name));
}

function rebind(n: GraphNode, params: Readonly<Record<string, string>>): GraphNode {
  const bind: Record<string, Binding> = {};
  for (const [k, b] of Object.entries(n.bind)) bind[k] = "param" in b && params[b.param] ? { param: params[b.param] as string } : b;
  return { ...n, bind };
}

/** Bytes per value of the cheapest precision the chip computes in (FP4, FP8), or null when it has neither. */
function cheapestComputeBytes(hardware: HardwareSpec): { bytes: number; name: string } | null {
  if (hardware.denseFlopsPerSecond.fp4.value !== null) return { bytes: BYTES_PER_VALUE.fp4, name: "FP4" };
  if (hardware.denseFlopsPerSecond.fp8.value !== null) return { bytes: BYTES_PER_VALUE.fp8, name: "FP8" };
  return null;
}

/**
 * The expert exchange's precisions, node limit and latencies, for the ideal (the most optimistic the
 * chip allows: a bound) and the expected (what serving systems send). Given values hold for both.
 */
function communicationParams(o: LayoutOptions, hardware: HardwareSpec, activationBytes: Quantity, collectiveLatency: Quantity) {
  const eff = chipEfficiency(hardware, o.efficiencyFit);
  const byteRule = (what: string) => ({ what, min: 0.125, max: 8 });
  const cheapest = cheapestComputeBytes(hardware);
  const idealBytes = (what: string): Quantity =>
    cheapest && cheapest.bytes < activationBytes.value
      ? byDefault(cheapest.bytes, `the ideal sends ${what} at the cheapest precision ${hardware.name} computes in (${cheapest.name}): a bound`)
      : { value: activationBytes.value, origin: activationBytes.origin };
  const dispatchGiven = o.dispatchBytes !== undefined ? checkGiven(o.dispatchBytes, nameOf(o, "dispatchBytes"), byteRule("bytes per dispatched value")) : null;
  const combineGiven = o.combineBytes !== undefined ? checkGiven(o.combineBytes, nameOf(o, "combineBytes"), byteRule("bytes per combined value")) : null;
  const fp8 = hardware.denseFlopsPerSecond.fp8.value !== null && BYTES_PER_VALUE.fp8 < activationBytes.value;
  const k = o.model.moe?.expertsPerToken ?? 1;
  const groups = o.model.moe?.routingGroups ?? null;
  // The ideal takes the model's own group limit as a domain limit (each reached group's experts on one
  // domain: the most optimistic placement, a bound); the expected lets a group span its domains.
  const nodeLimit = o.nodeLimit !== undefined
    ? checkGiven(o.nodeLimit, nameOf(o, "nodeLimit"), { what: "scale-up domains per token", integer: true, min: 1, max: LIMITS.maxChips })
    : groups
      ? withOrigin(groups.groupsPerToken, modelOrigin(o.model, "topk_group", `of ${groups.groups} expert groups (n_group), a token's experts come from at most ${groups.groupsPerToken}; the ideal puts each group on one domain`))
      : byDefault(k, `no node-limited routing: a token reaches at most its ${k} experts' domains, sent once to each`);
  const latencyGiven = o.collectiveLatencySeconds !== undefined;
  return {
    dispatchBytes: dispatchGiven ?? idealBytes("the dispatch"),
    combineBytes: combineGiven ?? idealBytes("the combine"),
    nodeLimit,
    // Group-limited routing in the expected (unless a node limit is given): the groups the model states.
    routingGroups: o.nodeLimit === undefined && groups ? groups : null,
    idealLinkEfficiency: constant(1, "the ideal: collectives at the full link rate"),
    expDispatchBytes: dispatchGiven ?? (fp8 ? constant(BYTES_PER_VALUE.fp8, "FP8 dispatch, as DeepSeek-V3 and DeepEP send it", EF.DEEPSEEK_V3) : { value: activationBytes.value, origin: activationBytes.origin }),
    expCombineBytes: combineGiven ?? { value: activationBytes.value, origin: activationBytes.origin },
    expCollectiveLatencySeconds: latencyGiven ? collectiveLatency : eff.collectiveLatencySeconds,
    expScaleOutLatencySeconds: latencyGiven ? collectiveLatency : eff.scaleOutLatencySeconds,
  };
}

export function prepareLayout(o: LayoutOptions): LayoutSetup {
  const { model, hardware } = o;
  const names = o.names ?? {};
  const domainQ = o.scaleUpDomainChips
    ? checkGiven(o.scaleUpDomainChips, nameOf(o, "scaleUpDomainChips"), { what: "chips per scale-up domain", integer: true, min: 1, max: LIMITS.maxChips })
    : hardware.scaleUpDomainChips.value !== null
      ? { value: hardware.scaleUpDomainChips.value, origin: hardware.scaleUpDomainChips.origin }
      : requireFact(hardware.scaleUpDomainChips, `scale-up domain size of ${hardware.id}`, names.scaleUpDomainChips ?? "scaleUpDomainChips");
  const D = domainQ.value;
  const { q: deg, warnings } = resolveDegrees(o, D);
  const E = deg.expertParallel.value;
  const T = deg.tensorParallel.value;
  const P = deg.pipelineStages.value;
  const R = deg.dataParallel.value;
  const G = E * T;
  const totalChips = G * P * R;
  // Each degree is within the chip limit; their product must be too (every chip is placed: 64 million ran out of memory).
  if (totalChips > LIMITS.maxChips) {
    throw new RooflineError({
      code: "out-of-range",
      field: nameOf(o, "dataParallel"),
      value: String(R),
      expected: `a layout of at most ${LIMITS.maxChips.toLocaleString("en-US")} chips: R × P × E × T = ${R} × ${P} × ${E} × ${T} = ${totalChips.toLocaleString("en-US")} chips`,
      hint: "Lower the data-parallel, pipeline, expert or tensor-parallel degree.",
    });
  }
  const needed = domainsNeeded(G, P, R, D);
  let domains: Quantity;
  if (o.domains !== undefined) {
    // The system's chips (domains × domain size) stay within the engine's chip limit: every chip is placed.
    domains = checkGiven(o.domains, nameOf(o, "domains"), { what: `scale-up domains of ${D} chips (at most ${Math.floor(LIMITS.maxChips / D)}: ${LIMITS.maxChips.toExponential().replace("+", "")} chips in all)`, integer: true, min: 1, max: Math.max(1, Math.floor(LIMITS.maxChips / D)) });
    if (domains.value * D < totalChips || domains.value < needed) {
      throw new RooflineError({
        code: "does-not-fit",
        field: nameOf(o, "domains"),
        value: String(domains.value),
        expected: `at least ${needed} scale-up domain(s) of ${D} chips: the layout needs R × P × E × T = ${R} × ${P} × ${E} × ${T} = ${totalChips} chips`,
        hint: `The system has ${domains.value} × ${D} = ${domains.value * D} chips. Add domains, or lower the expert, tensor, pipeline or data-parallel degree.`,
      });
    }
  } else domains = byDefault(needed, "as many scale-up domains as the layout needs");
  if (G > D) warnings.push({ code: "stage-spans-domains", message: `A stage of ${G} chips spans ${Math.ceil(G / D)} scale-up domains of ${D}: ${formatQuantity(C.scaleOutFraction.fn(D, G) * 100, "1")}% of the expert traffic crosses the slower scale-out network [36:06].` });
  const Ta = G / deg.attentionDataParallel.value;
  if (Ta > D) warnings.push({ code: "tensor-parallel-beyond-domain", message: `Tensor parallelism over ${Ta} chips exceeds the ${D}-chip scale-up domain: its all-reduces run at scale-out bandwidth.` });

  const hopsCross = G * P > D;
  const needUp = G > 1;
  const needOut = hopsCross && P > 1 ? true : G > D;
  const bwUp = o.scaleUpBytesPerSecond
    ? checkGiven(o.scaleUpBytesPerSecond, nameOf(o, "scaleUpBytesPerSecond"), { what: "bytes/s per chip", above: 0, max: LIMITS.maxBytesPerSecond })
    : hardware.scaleUpBytesPerSecondPerChip.value !== null || needUp
      ? requireFact(hardware.scaleUpBytesPerSecondPerChip, `scale-up bandwidth of ${hardware.id}`, names.scaleUpBytesPerSecond ?? "scaleUpBytesPerSecond")
      : byDefault(1e12, "unused: the layout has one chip per stage");
  const bwOut = o.scaleOutBytesPerSecond
    ? checkGiven(o.scaleOutBytesPerSecond, nameOf(o, "scaleOutBytesPerSecond"), { what: "bytes/s per chip", above: 0, max: LIMITS.maxBytesPerSecond })
    : hardware.scaleOutBytesPerSecondPerChip.value !== null || needOut
      ? requireFact(hardware.scaleOutBytesPerSecondPerChip, `scale-out bandwidth of ${hardware.id}`, names.scaleOutBytesPerSecond ?? "scaleOutBytesPerSecond")
      : byDefault(bwUp.value, "unused: the layout stays inside one scale-up domain");
  const hopLatency = checkGiven(o.hopLatencySeconds ?? byDefault(DEFAULT_HOP_LATENCY_SECONDS, "the lecture's \"on the order of a few milliseconds\" per rack-to-rack hop [1:15:22]"), nameOf(o, "hopLatencySeconds"), {
    what: "seconds per hop",
    min: 0,
    max: 10,
  });
  const collectiveLatency = checkGiven(o.collectiveLatencySeconds ?? byDefault(0, "the ideal is a bound: a collective costs only its bytes (the expected adds the fitted latency)"), nameOf(o, "collectiveLatencySeconds"), { what: "seconds per collective", min: 0, max: 1 });
  const activationBytes = checkGiven(o.activationBytes ?? byDefault(DEFAULT_ACTIVATION_BYTES, "activations in BF16"), nameOf(o, "activationBytes"), { what: "bytes per activation value", above: 0, max: 8 });
  const { routingGroups, ...comm } = communicationParams(o, hardware, activationBytes, collectiveLatency);

  // --- the roofline of one pass of the micro-batch, reused -------------------------------------
  const { expertParallel: _layoutExpertParallel, ...rooflineOptions } = o;
  const base = prepareRoofline({ ...rooflineOptions, chips: 1, batch: deg.microBatch, names: { ...(o.names ?? {}), batch: nameOf(o, "microBatch") } });
  warnings.push(...base.warnings.filter((w) => w.code !== "chips-beyond-scale-up"));
  const params: Record<string, Quantity> = { ...base.params };
  delete params["batch"];
  delete params["chips"];
  const mo = (field: string, value: number, note?: string): Quantity => withOrigin(value, modelOrigin(model, field, note));
  const heads = headCounts(model);
  const layers = layerCount(model);
  const arch = model.architecture;
  if (!arch && (G > 1 || P > 1)) warnings.push({ code: "napkin-no-communication", message: "A napkin model gives no hidden size: communication between chips is not modelled." });
  Object.assign(params, {
    expertParallel: deg.expertParallel,
    tensorParallel: deg.tensorParallel,
    pipelineStages: deg.pipelineStages,
    replicas: deg.dataParallel,
    attentionDataParallel: deg.attentionDataParallel,
    microBatch: deg.microBatch,
    microBatches: deg.microBatches,
    layers: model.layers !== null || arch ? mo("layers", layers) : byDefault(1, "napkin model without layers: one block"),
    kvHeads: heads.kvHeads !== null ? mo(heads.mla ? "KV heads (MLA: one latent shared by all heads)" : "KV heads", heads.kvHeads) : byDefault(LIMITS.maxChips, "napkin model: KV assumed to split evenly over any tensor-parallel degree"),
    hiddenSize: arch ? mo("hidden size", arch.hiddenSize) : byDefault(0, "napkin model: no hidden size, communication not modelled"),
    activationBytes,
    denseReadParams: mo("parameters outside the routed experts", model.alwaysReadParams, "read whatever the routing; copied per attention group"),
    scaleUpDomainChips: domainQ,
    scaleUpBytesPerSecond: bwUp,
    scaleOutBytesPerSecond: bwOut,
    collectiveLatencySeconds: collectiveLatency,
    hopLatencySeconds: hopsCross ? hopLatency : constant(0, "every stage of a replica sits in one scale-up domain: no rack-to-rack hop"),
    hopLinkBytesPerSecond: hopsCross ? bwOut : bwUp,
    tensorParallelLinkBytesPerSecond: Math.max(Ta, T) <= D ? bwUp : bwOut,
    ...comm,
    expTensorParallelLatencySeconds: Math.max(Ta, T) <= D ? comm.expCollectiveLatencySeconds : comm.expScaleOutLatencySeconds,
    expHiddenSize: arch ? mo("hidden size", arch.hiddenSize) : byDefault(8192, "a napkin model has no width: 8,192 (a 70B-class model) for the matmul shapes"),
    expOverlapChunks: !overlapOf(o) ? constant(1, "communication not overlapped: one chunk, compute then communication") : byDefault(2, "two micro-batches overlap each other's communication (DeepSeek-V3's dual micro-batch overlap)"),
  });
  const moe = model.moe !== null;
  if (model.moe) {
    params["routedExperts"] = mo("routed experts", model.moe.routedExperts);
    params["expertsPerToken"] = mo("experts per token", model.moe.expertsPerToken);
    params["moeLayers"] = mo("MoE layers", model.moe.moeLayers);
    params["paramsPerExpert"] = mo("parameters per expert", model.moe.paramsPerExpert);
    if (routingGroups) {
      params["expertGroups"] = mo("n_group", routingGroups.groups, "expert groups of group-limited routing");
      params["groupsPerToken"] = mo("topk_group", routingGroups.groupsPerToken, "groups a token's experts may come from");
    }
  }
  const kvPerToken: Binding = base.graph.has("kvBytesPerToken") ? from("kvBytesPerToken") : { param: "kvBytesPerToken" };

  const nodes: GraphNode[] = closure(base.graph.nodes, BASE_OUTPUTS).map((n) => rebind(n, { batch: "microBatch" }));
  if (base.graph.has("kvBytesPerToken") && !nodes.some((n) => n.name === "kvBytesPerToken")) nodes.push(...closure(base.graph.nodes, ["kvBytesPerToken"]).filter((n) => !nodes.includes(n)));
  const add = (n: GraphNode) => nodes.push(n);
  // placement
  add(node("chipsPerStage", C.chipsPerStage, { expertParallel: "expertParallel", tensorParallel: "tensorParallel" }));
  add(node("chipsPerReplica", C.chipsPerReplica, { chipsPerStage: from("chipsPerStage"), pipelineStages: "pipelineStages" }));
  add(node("totalChips", C.totalChips, { chipsPerReplica: from("chipsPerReplica"), replicas: "replicas" }));
  if (moe) add(node("expertsPerChip", C.expertsPerChip, { routedExperts: "routedExperts", expertParallel: "expertParallel" }));
  add(node("layersPerStage", C.layersPerStage, { layers: "layers", pipelineStages: "pipelineStages" }));
  add(node("stageLayerFraction", C.stageLayerFraction, { layersPerStage: from("layersPerStage"), layers: "layers" }));
  add(node("attentionTensorDegree", C.attentionTensorDegree, { chipsPerStage: from("chipsPerStage"), attentionDataParallel: "attentionDataParallel" }));
  add(node("kvCopies", C.kvCopies, { attentionTensorDegree: from("attentionTensorDegree"), kvHeads: "kvHeads" }));
  const routed: Binding = moe ? from("routedParams") : fixed(0, "dense model: no routed experts");
  if (moe) add(node("routedParams", C.routedParams, { moeLayers: "moeLayers", routedExperts: "routedExperts", paramsPerExpert: "paramsPerExpert" }));
  add(node("denseParams", C.denseParams, { totalParams: "totalParams", routedParams: routed }));
  add(node("sequencesInFlight", C.sequencesInFlight, { microBatches: "microBatches", microBatch: "microBatch" }));
  // memory per chip
  add(
    node("weightBytesPerChip", C.weightBytesPerChip, {
      denseParams: from("denseParams"),
      routedParams: routed,
      attentionTensorDegree: from("attentionTensorDegree"),
      chipsPerStage: from("chipsPerStage"),
      bytesPerWeight: "bytesPerWeight",
      stageLayerFraction: from("stageLayerFraction"),
    }),
  );
  add(
    node("kvBytesPerChip", C.kvBytesPerChip, {
      sequencesInFlight: from("sequencesInFlight"),
      kvBytesPerSequence: from("kvBytesHeldPerSequence"),
      stageLayerFraction: from("stageLayerFraction"),
      kvCopies: from("kvCopies"),
      chipsPerStage: from("chipsPerStage"),
    }),
  );
  const k: Binding = moe ? { param: "expertsPerToken" } : fixed(0, "dense model: no expert buffers");
  add(node("activationBytesPerChip", C.activationBytesPerChip, { tokens: from("tokens"), attentionDataParallel: "attentionDataParallel", hiddenSize: "hiddenSize", activationBytes: "activationBytes", expertsPerToken: k }));
  add(node("memoryBytesPerChip", C.memoryBytesPerChip, { weightBytes: from("weightBytesPerChip"), kvBytes: from("kvBytesPerChip"), activationBytes: from("activationBytesPerChip") }));
  // The lecture's E is the number of chips a layer is sharded over: E·T here (E when T = 1, as in the lecture).
  add(node("weightBytesPerChipLecture", C.weightBytesPerChipLecture, { totalParams: "totalParams", bytesPerWeight: "bytesPerWeight", expertParallel: from("chipsPerStage"), pipelineStages: "pipelineStages" }));
  add(node("kvBytesPerChipLecture", C.kvBytesPerChipLecture, { pipelineStages: "pipelineStages", microBatch: "microBatch", contextTokens: "contextTokens", kvBytesPerToken: kvPerToken, expertParallel: from("chipsPerStage") }));
  add(
    node("memoryBytesPerChipLecture", C.memoryBytesPerChipLecture, {
      totalParams: "totalParams",
      bytesPerWeight: "bytesPerWeight",
      sequencesInFlight: from("sequencesInFlight"),
      contextTokens: "contextTokens",
      kvBytesPerToken: kvPerToken,
      expertParallel: from("chipsPerStage"),
      pipelineStages: "pipelineStages",
    }),
  );
  // time per stage: the roofline's formulas on the stage's share
  add(node("stageFlopPerToken", C.stageFlopPerToken, { flopPerToken: from("flopPerToken"), stageLayerFraction: from("stageLayerFraction") }));
  add(
    node(
      "stageComputeSeconds",
      RF.computeSeconds,
      { tokens: from("tokens"), flopPerToken: from("stageFlopPerToken"), chips: from("chipsPerStage"), peakFlopsPerSecond: "peakFlopsPerSecond", computeEfficiency: "computeEfficiency" },
      { title: "Stage compute time" },
    ),
  );
  add(
    node("stageWeightBytesRead", C.stageWeightBytesRead, {
      weightBytesRead: from("weightBytesRead"),
      attentionDataParallel: "attentionDataParallel",
      alwaysReadParams: "denseReadParams",
      bytesPerWeight: "bytesPerWeight",
      stageLayerFraction: from("stageLayerFraction"),
    }),
  );
  add(
    node(
      "stageWeightReadSeconds",
      RF.memoryReadSeconds,
      { bytes: from("stageWeightBytesRead"), chips: from("chipsPerStage"), bandwidthBytesPerSecond: "bandwidthBytesPerSecond", bandwidthEfficiency: "bandwidthEfficiency" },
      { title: "Stage weight-read time" },
    ),
  );
  add(node("stageKvBytesRead", C.stageKvBytesRead, { kvBytesRead: from("kvBytesRead"), stageLayerFraction: from("stageLayerFraction"), kvCopies: from("kvCopies") }));
  add(
    node(
      "stageKvReadSeconds",
      RF.memoryReadSeconds,
      { bytes: from("stageKvBytesRead"), chips: from("chipsPerStage"), bandwidthBytesPerSecond: "bandwidthBytesPerSecond", bandwidthEfficiency: "bandwidthEfficiency" },
      { title: "Stage KV-read time" },
    ),
  );
  add(node("stageMemorySeconds", RF.sumSeconds, { weightSeconds: from("stageWeightReadSeconds"), kvSeconds: from("stageKvReadSeconds") }, { title: "Stage memory time" }));
  add(node("stageRooflineSeconds", RF.stepSeconds, { computeSeconds: from("stageComputeSeconds"), memorySeconds: from("stageMemorySeconds") }, { title: "Stage roofline time" }));
  // communication
  if (moe) {
    // The ideal exchange: cheapest precisions, one copy per destination domain (node-limited), full link rate.
    add(node("scaleOutFraction", C.scaleOutFraction, { scaleUpDomainChips: "scaleUpDomainChips", chipsPerStage: from("chipsPerStage") }));
    add(node("domainsPerStage", C.domainsPerStage, { chipsPerStage: from("chipsPerStage"), scaleUpDomainChips: "scaleUpDomainChips" }));
    add(node("domainsReachedPerToken", LF.nodesReachedPerToken, { nodes: from("domainsPerStage"), expertsPerToken: "expertsPerToken", nodeLimit: "nodeLimit" }, { title: "Domains a token's experts sit on" }));
    add(node("expertExchangeBytesPerToken", LF.dispatchCombineBytesPerToken, { hiddenSize: "hiddenSize", dispatchBytes: "dispatchBytes", combineBytes: "combineBytes" }));
    add(
      node("allToAllInsideBytes", C.expertInsideBytesPerChip, {
        tokens: from("tokens"),
        chipsPerStage: from("chipsPerStage"),
        expertsPerToken: "expertsPerToken",
        expertParallel: "expertParallel",
        scaleOutFraction: from("scaleOutFraction"),
        bytesPerToken: from("expertExchangeBytesPerToken"),
      }),
    );
    add(
      node("allToAllOutsideBytes", C.expertOutsideBytesPerChip, {
        tokens: from("tokens"),
        chipsPerStage: from("chipsPerStage"),
        domainsReached: from("domainsReachedPerToken"),
        scaleOutFraction: from("scaleOutFraction"),
        bytesPerToken: from("expertExchangeBytesPerToken"),
      }),
    );
    add(
      node("allToAllSecondsPerLayer", C.expertExchangeSecondsPerLayer, {
        insideBytes: from("allToAllInsideBytes"),
        scaleUpBytesPerSecond: "scaleUpBytesPerSecond",
        outsideBytes: from("allToAllOutsideBytes"),
        scaleOutBytesPerSecond: "scaleOutBytesPerSecond",
        linkEfficiency: "idealLinkEfficiency",
        expertParallel: "expertParallel",
        latencySeconds: "collectiveLatencySeconds",
      }),
    );
    add(node("moeLayersPerStage", C.moeLayersPerStage, { moeLayers: "moeLayers", stageLayerFraction: from("stageLayerFraction") }));
    add(node("stageAllToAllSeconds", C.stageAllToAllSeconds, { moeLayersPerStage: from("moeLayersPerStage"), secondsPerLayer: from("allToAllSecondsPerLayer") }));
  }
  add(node("tensorParallelBytes", C.tensorParallelBytes, { tokens: from("tokens"), attentionDataParallel: "attentionDataParallel", hiddenSize: "hiddenSize", activationBytes: "activationBytes" }));
  add(
    // The one all-reduce formula (efficiency/), at the full link rate in the ideal.
    node("allReduceSeconds", EF.allReduceSeconds, {
      latencySeconds: "collectiveLatencySeconds",
      bytes: from("tensorParallelBytes"),
      chips: from("attentionTensorDegree"),
      linkBytesPerSecond: "tensorParallelLinkBytesPerSecond",
      linkEfficiency: "idealLinkEfficiency",
    }),
  );
  add(node("allReducesPerStage", C.allReducesPerStage, { layersPerStage: from("layersPerStage"), attentionTensorDegree: from("attentionTensorDegree") }));
  add(node("tensorParallelSeconds", C.tensorParallelSeconds, { allReduces: from("allReducesPerStage"), allReduceSeconds: from("allReduceSeconds") }));
  if (moe) {
    add(node("expertGroupsPerToken", LF.nodesReachedPerToken, { nodes: "expertParallel", expertsPerToken: "expertsPerToken", nodeLimit: "expertsPerToken" }, { title: "Expert groups a token's experts fall in" }));
    add(node("expertTensorParallelBytes", C.expertTensorParallelBytes, { tokens: from("tokens"), groupsPerToken: from("expertGroupsPerToken"), expertParallel: "expertParallel", hiddenSize: "hiddenSize", activationBytes: "activationBytes" }));
    add(
      node(
        "expertAllReduceSeconds",
        EF.allReduceSeconds,
        { latencySeconds: "collectiveLatencySeconds", bytes: from("expertTensorParallelBytes"), chips: "tensorParallel", linkBytesPerSecond: "tensorParallelLinkBytesPerSecond", linkEfficiency: "idealLinkEfficiency" },
        { title: "Expert all-reduce time" },
      ),
    );
    add(node("expertAllReducesPerStage", C.expertAllReducesPerStage, { moeLayersPerStage: from("moeLayersPerStage"), tensorParallel: "tensorParallel" }));
    add(node("expertTensorParallelSeconds", C.tensorParallelSeconds, { allReduces: from("expertAllReducesPerStage"), allReduceSeconds: from("expertAllReduceSeconds") }, { title: "Expert tensor-parallel time" }));
  }
  add(
    node("stageCommSeconds", C.stageCommSeconds, {
      allToAllSeconds: moe ? from("stageAllToAllSeconds") : fixed(0, "dense model: no expert all-to-all"),
      tensorParallelSeconds: from("tensorParallelSeconds"),
      expertTensorParallelSeconds: moe ? from("expertTensorParallelSeconds") : fixed(0, "dense model: the FFN's all-reduce is among the dense parts'"),
    }),
  );
  add(node("stageSeconds", overlapOf(o) ? C.stageSecondsOverlapped : C.stageSecondsSerial, { rooflineSeconds: from("stageRooflineSeconds"), commSeconds: from("stageCommSeconds") }));
  // pipeline
  add(node("pipelineHopBytesPerChip", C.pipelineHopBytesPerChip, { tokens: from("tokens"), hiddenSize: "hiddenSize", activationBytes: "activationBytes", chipsPerStage: from("chipsPerStage") }));
  add(node("pipelineHopSeconds", C.pipelineHopSeconds, { hopLatencySeconds: "hopLatencySeconds", bytesPerChip: from("pipelineHopBytesPerChip"), linkBytesPerSecond: "hopLinkBytesPerSecond" }));
  add(node("pipelineHopsPerToken", C.pipelineHopsPerToken, { pipelineStages: "pipelineStages" }));
  add(node("tokenSeconds", C.tokenSeconds, { pipelineStages: "pipelineStages", stageSeconds: from("stageSeconds"), hops: from("pipelineHopsPerToken"), hopSeconds: from("pipelineHopSeconds") }));
  add(node("pipelineCycleSeconds", C.pipelineCycleSeconds, { tokenSeconds: from("tokenSeconds"), microBatches: "microBatches", stageSeconds: from("stageSeconds") }));
  add(node("inferenceIdleFraction", C.inferenceIdleFraction, { pipelineStages: "pipelineStages", microBatches: "microBatches" }));
  add(node("tokensPerCycle", RF.tokensInPass, { batch: from("sequencesInFlight"), passTokens: "passTokens" }, { title: "Tokens per cycle" }));
  add(node("tokensPerSecond", RF.tokensPerSecond, { tokens: from("tokensPerCycle"), stepSeconds: from("pipelineCycleSeconds") }, { title: "Throughput per replica" }));
  add(node("totalTokensPerSecond", C.totalTokensPerSecond, { replicaTokensPerSecond: from("tokensPerSecond"), replicas: "replicas" }));
  add(node("tokensPerSecondPerSequence", RF.tokensPerSecondPerSequence, { passTokens: "passTokens", stepSeconds: from("pipelineCycleSeconds") }, { title: "Speed per user" }));
  if (params["usdPerChipHour"]) {
    add(node("usdPerMillionTokens", RF.usdPerMillionTokens, { chips: from("chipsPerReplica"), usdPerChipHour: "usdPerChipHour", stepSeconds: from("pipelineCycleSeconds"), tokens: from("tokensPerCycle") }));
  }
  // the lecture's tests
  if (moe) {
    add(
      node("pipelineBoundaryRatio", C.pipelineBoundaryRatio, {
        scaleOutBytesPerSecond: "scaleOutBytesPerSecond",
        scaleUpBytesPerSecond: "scaleUpBytesPerSecond",
        expertsPerToken: "expertsPerToken",
        layersPerStage: from("layersPerStage"),
      }),
    );
  }
  add(node("aggregateHbmBytesPerSecond", C.aggregateHbmBytesPerSecond, { chips: "scaleUpDomainChips", bandwidthBytesPerSecond: "bandwidthBytesPerSecond" }));
  add(node("stageAggregateHbmBytesPerSecond", C.aggregateHbmBytesPerSecond, { chips: from("chipsPerStage"), bandwidthBytesPerSecond: "bandwidthBytesPerSecond" }, { title: "Weight-read bandwidth of one stage" }));
  add(
    node(
      "domainLatencyFloorSeconds",
      RF.latencyFloorLecture,
      { totalParams: "totalParams", bytesPerWeight: "bytesPerWeight", chips: "scaleUpDomainChips", bandwidthBytesPerSecond: "bandwidthBytesPerSecond", bandwidthEfficiency: "bandwidthEfficiency" },
      { title: "Latency floor of one scale-up domain", notes: ["pipeline stages run one after another, so only one domain's bandwidth reads a token's weights at a time [1:17:35]"] },
    ),
  );
  const rep = mlaDenseLinears(model)?.find((l) => l.split === "none");
  const replicatedParams = rep ? mo(`${rep.kind} (replicated), ${rep.layers} layers`, rep.layers * rep.outFeatures * rep.inFeatures) : null;
  if (replicatedParams) params["expReplicatedParams"] = replicatedParams;
  addExpectedLayoutNodes(nodes, moe, params["usdPerChipHour"] !== undefined, hasDenseLinearPrecision({ params, model }) ? params : null, params["expertGroups"] !== undefined, params["expSparseFlopPerSlot"] !== undefined, replicatedParams, params["effMoeMatmul"] !== undefined);
  const graph = new FormulaGraph(nodes);

  const system: LayoutSystem = { hardwareId: hardware.id, scaleUpDomainChips: D, domains: domains.value, chips: domains.value * D, hopsCrossDomains: hopsCross && P > 1 };
  return {
    model,
    hardware,
    degrees: {
      expertParallel: E,
      tensorParallel: T,
      pipelineStages: P,
      dataParallel: R,
      attentionDataParallel: deg.attentionDataParallel.value,
      microBatch: deg.microBatch.value,
      microBatches: deg.microBatches.value,
    },
    system,
    graph,
    params,
    priced: params["usdPerChipHour"] !== undefined,
    moe,
    precisions: { weights: base.weightPrecision, kv: base.kvPrecision, compute: base.computePrecision },
    overlap: overlapOf(o),
    warnings,
    kernel(varying, outputs) {
      // Fixed parameters become constants in the generated code, and what depends on them alone is
      // computed once: a point costs only what changes with the varying degrees and micro-batch.
      const fixedValues: Record<string, number> = {};
      for (const p of graph.params) if (!varying.includes(p)) fixedValues[p] = (params[p] as Quantity).value;
      return graph.specialize(varying, fixedValues, outputs);
    },
    stagedKernel(outer, inner, outputs) {
      const fixedValues: Record<string, number> = {};
      for (const p of graph.params) if (!outer.includes(p) && !inner.includes(p)) fixedValues[p] = (params[p] as Quantity).value;
      return graph.specializeStaged(outer, inner, fixedValues, outputs);
    },
  };
}

/** The layout's expected outputs, beside the ideal ones. */
export const EXPECTED_LAYOUT_OUTPUTS = ["expectedStageSeconds", "expectedTokenSeconds", "expectedCycleSeconds", "expectedTokensPerSecond", "expectedTotalTokensPerSecond", "expectedTokensPerSecondPerSequence", "expectedUsdPerMillionTokens", "expectedOverIdeal"] as const;

/**
 * The expected stage, beside the ideal one in the same graph and reading the same work (tokens, FLOP,
 * bytes): the efficiency model's terms (packages/core/src/efficiency/) applied to one stage — dense
 * matmuls at their shape's efficiency, the routed experts on the busiest chip (balls into bins),
 * attention at its kernel's efficiency, the fixed launch time of the stage's layers, the expert
 * exchange at the precisions serving systems send (FP8 dispatch, BF16 combine) with collective
 * latencies and the achieved link rate, tensor-parallel all-reduces, and the overlap of two
 * micro-batches with the last chunk's communication exposed.
 *
 * Expected ≥ ideal by construction: every efficiency ≤ 1 (times the user's own), the busiest chip
 * carries at least the mean, a sum of per-kernel maxima is at least the maximum of the sums, the
 * expected precisions and latencies are at least the ideal's, and the overlap exposes at least max().
 */
function addExpectedLayoutNodes(nodes: GraphNode[], moe: boolean, priced: boolean, denseLinear: Record<string, Quantity> | null = null, groupLimited = false, sparse = false, replicatedParams: Quantity | null = null, fp4Moe = false): void {
  const add = (n: GraphNode) => nodes.push(n);
  const has = (name: string) => nodes.some((n) => n.name === name);
  // Routed experts in NVFP4 prefill: the fused MoE kernel's measured fraction (expected.ts sets effMoeMatmul).
  if (fp4Moe) add(node("expMoePeakFraction", EF.combinedFraction, { a: "effMoeMatmul", b: "computeEfficiency" }, { title: "NVFP4 MoE efficiency × given compute efficiency" }));
  add(node("expMatmulPeakFraction", EF.combinedFraction, { a: "effMatmul", b: "computeEfficiency" }, { title: "Large-matmul efficiency × given compute efficiency" }));
  add(node("expHbmFraction", EF.combinedFraction, { a: "effHbm", b: "bandwidthEfficiency" }, { title: "Achieved HBM fraction × given bandwidth efficiency", symbol: "η_HBM", latexSymbol: "\\eta_{\\text{HBM}}" }));
  add(node("expKvFraction", EF.combinedFraction, { a: from("expHbmFraction"), b: "effKvRead" }, { title: "Achieved HBM fraction reading the KV cache", symbol: "η_KV", latexSymbol: "\\eta_{\\text{KV}}" }));
  add(node("expAttentionFraction", EF.combinedFraction, { a: "effAttentionPrefill", b: "computeEfficiency" }, { title: "Attention kernel efficiency × given compute efficiency", symbol: "η_attn", latexSymbol: "\\eta_{\\text{attn}}" }));
  add(node("expAttentionPeakFlopsPerSecond", EF.attentionPeakFlopsPerSecond, { peakFlopsPerSecond: "peakFlopsPerSecond", kvPrecisionPeakFlopsPerSecond: "expAttentionPrecisionPeakFlopsPerSecond" }));

  // Linears outside the routed experts at their own precision where the checkpoint keeps them wider (MoE only).
  if (moe && denseLinear) {
    for (const n of denseLinearNodes(denseLinear)) add(n);
  }
  // Dense matmuls: each attention group multiplies its own tokens, output features split over its chips.
  add(node("expTokensPerGroup", C.tokensPerAttentionGroup, { tokens: from("tokens"), attentionDataParallel: "attentionDataParallel" }));
  add(node("expDenseFeaturesPerChip", perChipFeatures, { hiddenSize: "expHiddenSize", chips: from("attentionTensorDegree") }));
  add(
    node(
      "expDenseMatmulEfficiency",
      EF.matmulEfficiency,
      { peakFraction: from("expMatmulPeakFraction"), rows: from("expTokensPerGroup"), outFeatures: from("expDenseFeaturesPerChip"), tileRows: "effTileRows", tileCols: "effTileCols", computeUnits: "effComputeUnits" },
      { title: "Dense matmul efficiency" },
    ),
  );
  if (moe) {
    add(node("expDenseFlopPerToken", EF.denseMatmulFlopPerToken, { weightFlop: from("weightFlopPerToken"), moeLayers: "moeLayers", expertsPerToken: "expertsPerToken", paramsPerExpert: "paramsPerExpert" }));
    add(node("expDenseWeightBytes", RF.weightBytesRead, { params: "denseReadParams", bytesPerWeight: denseLinear ? from("expDenseBytesPerWeight") : "bytesPerWeight" }, { title: "Dense weight bytes read", symbol: "W_dense", latexSymbol: "W_{\\text{dense}}" }));
  }
  add(node("expStageDenseFlopPerToken", C.stageFlopPerToken, { flopPerToken: from(moe ? "expDenseFlopPerToken" : "weightFlopPerToken"), stageLayerFraction: from("stageLayerFraction") }, { title: "Dense matmul FLOP per token on one stage" }));
  add(
    node(
      "expDenseComputeSeconds",
      RF.computeSeconds,
      { tokens: from("tokens"), flopPerToken: from("expStageDenseFlopPerToken"), chips: from("chipsPerStage"), peakFlopsPerSecond: denseLinear ? from("expDensePeakFlopsPerSecond") : "peakFlopsPerSecond", computeEfficiency: from("expDenseMatmulEfficiency") },
      { title: "Stage dense matmul compute time (expected)", symbol: "t_dense,c", latexSymbol: "t_{\\text{dense},c}" },
    ),
  );
  add(
    node(
      "expStageDenseWeightBytes",
      C.stageWeightBytesRead,
      { weightBytesRead: from(moe ? "expDenseWeightBytes" : "weightBytesRead"), attentionDataParallel: "attentionDataParallel", alwaysReadParams: "denseReadParams", bytesPerWeight: denseLinear ? from("expDenseBytesPerWeight") : "bytesPerWeight", stageLayerFraction: from("stageLayerFraction") },
      { title: "Dense weight bytes one stage reads per step" },
    ),
  );
  // MLA's q_a/kv_a are replicated linears: every chip of an attention group reads them whole.
  const replicated = moe && replicatedParams !== null;
  if (replicated) {
    add(
      node(
        "expStageDenseBytesReplicated",
        C.replicatedStageBytes,
        { stageBytes: from("expStageDenseWeightBytes"), tensorParallel: from("attentionTensorDegree"), attentionDataParallel: "attentionDataParallel", replicatedParams: "expReplicatedParams", bytesPerWeight: denseLinear ? from("expDenseBytesPerWeight") : "bytesPerWeight", stageLayerFraction: from("stageLayerFraction") },
        { title: "Dense weight bytes one stage reads, replicated linears copied" },
      ),
    );
  }
  add(
    node(
      "expDenseReadSeconds",
      RF.memoryReadSeconds,
      { bytes: from(replicated ? "expStageDenseBytesReplicated" : "expStageDenseWeightBytes"), chips: from("chipsPerStage"), bandwidthBytesPerSecond: "bandwidthBytesPerSecond", bandwidthEfficiency: from("expHbmFraction") },
      { title: "Stage dense weight-read time (expected)", symbol: "t_dense,m", latexSymbol: "t_{\\text{dense},m}" },
    ),
  );
  add(node("expDenseSeconds", EF.kernelSeconds, { computeSeconds: from("expDenseComputeSeconds"), memorySeconds: from("expDenseReadSeconds") }, { title: "Dense matmuls (expected)", symbol: "t_dense", latexSymbol: "t_{\\text{dense}}" }));

  if (moe) {
    // Routed experts: the busiest expert-parallel rank sets the pace.
    add(node("expExpertFeaturesPerChip", perChipFeatures, { hiddenSize: "expHiddenSize", chips: "tensorParallel" }, { title: "Expert output features per chip" }));
    add(node("expBusiestPairs", EF.busiestChipExpertPairs, { tokens: from("tokens"), expertsPerToken: "expertsPerToken", routedExperts: "routedExperts", expertParallel: "expertParallel" }));
    if (has("expertsTouched")) add(node("expBusiestTouched", EF.busiestChipExpertsTouched, { expertsTouched: from("expertsTouched"), routedExperts: "routedExperts", expertParallel: "expertParallel" }));
    else add(node("expBusiestTouched", C.expertsPerChip, { routedExperts: "routedExperts", expertParallel: "expertParallel" }, { title: "Experts read on the busiest chip (every expert every step)" }));
    // The busiest rank's multiplies are as thin as its own tokens per expert (not the mean over all ranks):
    // its pairs at the mean's tile padding would make it faster as the batch grows.
    add(node("expBusiestTokensPerExpert", EF.busiestChipTokensPerExpert, { busiestPairs: from("expBusiestPairs"), busiestTouched: from("expBusiestTouched") }));
    add(
      node(
        "expExpertMatmulEfficiency",
        EF.matmulEfficiency,
        { peakFraction: from(fp4Moe ? "expMoePeakFraction" : "expMatmulPeakFraction"), rows: from("expBusiestTokensPerExpert"), outFeatures: from("expExpertFeaturesPerChip"), tileRows: "effTileRows", tileCols: "effTileCols", computeUnits: "effComputeUnits" },
        { title: "Expert matmul efficiency" },
      ),
    );
    add(
      node("expExpertComputeSeconds", EF.busiestChipExpertComputeSeconds, {
        moeLayers: from("moeLayersPerStage"),
        paramsPerExpert: "paramsPerExpert",
        busiestPairs: from("expBusiestPairs"),
        chips: from("chipsPerStage"),
        expertParallel: "expertParallel",
        peakFlopsPerSecond: "peakFlopsPerSecond",
        efficiency: from("expExpertMatmulEfficiency"),
      }),
    );
    add(
      node("expExpertReadSeconds", EF.busiestChipExpertReadSeconds, {
        moeLayers: from("moeLayersPerStage"),
        paramsPerExpert: "paramsPerExpert",
        busiestTouched: from("expBusiestTouched"),
        bytesPerWeight: "bytesPerWeight",
        chips: from("chipsPerStage"),
        expertParallel: "expertParallel",
        bandwidthBytesPerSecond: "bandwidthBytesPerSecond",
        efficiency: from("expHbmFraction"),
      }),
    );
    add(node("expExpertSeconds", EF.kernelSeconds, { computeSeconds: from("expExpertComputeSeconds"), memorySeconds: from("expExpertReadSeconds") }, { title: "Routed experts, busiest chip (expected)", symbol: "t_exp", latexSymbol: "t_{\\text{exp}}" }));
  }

  // Attention (and recurrent mixers): FLOP at the attention kernel's efficiency, KV reads at the paged-read fraction.
  // DSA prefill (step.ts gives the parameters): the sparse kernel's FLOP, heads padded over the attention group.
  if (sparse) add(sparseAttentionNode(from("attentionTensorDegree")));
  const mixer = has("expSparseAttentionFlopPerToken") ? "expSparseAttentionFlopPerToken" : has("mixerFlopPerToken") ? "mixerFlopPerToken" : has("attentionFlopPerToken") ? "attentionFlopPerToken" : null;
  add(
    node(
      "expStageAttentionFlopPerToken",
      C.stageFlopPerToken,
      { flopPerToken: mixer ? from(mixer) : fixed(0, "napkin model: attention FLOP not modelled"), stageLayerFraction: from("stageLayerFraction") },
      { title: "Attention FLOP per token on one stage" },
    ),
  );
  add(
    node(
      "expAttentionComputeSeconds",
      RF.computeSeconds,
      { tokens: from("tokens"), flopPerToken: from("expStageAttentionFlopPerToken"), chips: from("chipsPerStage"), peakFlopsPerSecond: from("expAttentionPeakFlopsPerSecond"), computeEfficiency: from("expAttentionFraction") },
      { title: "Stage attention compute time (expected)", symbol: "t_attn,c", latexSymbol: "t_{\\text{attn},c}" },
    ),
  );
  add(
    node(
      "expKvReadSeconds",
      RF.memoryReadSeconds,
      { bytes: from("stageKvBytesRead"), chips: from("chipsPerStage"), bandwidthBytesPerSecond: "bandwidthBytesPerSecond", bandwidthEfficiency: from("expKvFraction") },
      { title: "Stage KV-read time (expected)", symbol: "t_KV,exp", latexSymbol: "t_{KV,\\text{exp}}" },
    ),
  );
  add(node("expAttentionSeconds", EF.attentionSecondsWithFloor, { computeSeconds: from("expAttentionComputeSeconds"), memorySeconds: from("expKvReadSeconds"), layers: from("layersPerStage"), floorSeconds: "effAttentionFloorSeconds" }, { title: "Attention (expected)", symbol: "t_attn", latexSymbol: "t_{\\text{attn}}" }));
  add(
    node("expKernelSeconds", C.stageKernelSeconds, {
      denseSeconds: from("expDenseSeconds"),
      expertSeconds: moe ? from("expExpertSeconds") : fixed(0, "dense model: no routed experts"),
      attentionSeconds: from("expAttentionSeconds"),
    }),
  );
  add(node("expFixedSeconds", EF.fixedSecondsPerPass, { layers: from("layersPerStage"), kernelsPerLayer: "effKernelsPerLayer", launchSeconds: "effLaunchSeconds" }, { title: "Fixed time of the stage's layers" }));

  // Communication at the precisions, latencies and link rates serving systems reach.
  if (moe) {
    // Group-limited routing: a group spans its domains, so the expected reaches up to M_g·⌈n_dom/G_r⌉ of them.
    if (groupLimited) {
      add(node("expRoutingDomainLimit", C.routingDomainLimit, { groupsPerToken: "groupsPerToken", domainsPerStage: from("domainsPerStage"), groups: "expertGroups" }));
      add(node("expDomainsReachedPerToken", LF.nodesReachedPerToken, { nodes: from("domainsPerStage"), expertsPerToken: "expertsPerToken", nodeLimit: from("expRoutingDomainLimit") }, { title: "Domains a token's experts sit on (expected)" }));
    }
    add(node("expExpertExchangeBytesPerToken", LF.dispatchCombineBytesPerToken, { hiddenSize: "hiddenSize", dispatchBytes: "expDispatchBytes", combineBytes: "expCombineBytes" }, { title: "Dispatch + combine bytes per token per destination (expected)" }));
    add(
      node(
        "expAllToAllInsideBytes",
        C.expertInsideBytesPerChip,
        { tokens: from("tokens"), chipsPerStage: from("chipsPerStage"), expertsPerToken: "expertsPerToken", expertParallel: "expertParallel", scaleOutFraction: from("scaleOutFraction"), bytesPerToken: from("expExpertExchangeBytesPerToken") },
        { title: "Expert bytes inside the domain, per chip per MoE layer (expected)" },
      ),
    );
    add(
      node(
        "expAllToAllOutsideBytes",
        C.expertOutsideBytesPerChip,
        { tokens: from("tokens"), chipsPerStage: from("chipsPerStage"), domainsReached: from(groupLimited ? "expDomainsReachedPerToken" : "domainsReachedPerToken"), scaleOutFraction: from("scaleOutFraction"), bytesPerToken: from("expExpertExchangeBytesPerToken") },
        { title: "Expert bytes across domains, per chip per MoE layer (expected)" },
      ),
    );
    add(node("expAllToAllLatencySeconds", C.allToAllLatencySeconds, { scaleUpLatencySeconds: "expCollectiveLatencySeconds", scaleOutLatencySeconds: "expScaleOutLatencySeconds", scaleOutFraction: from("scaleOutFraction") }));
    add(
      node(
        "expAllToAllSecondsPerLayer",
        C.expertExchangeSecondsPerLayer,
        {
          insideBytes: from("expAllToAllInsideBytes"),
          scaleUpBytesPerSecond: "scaleUpBytesPerSecond",
          outsideBytes: from("expAllToAllOutsideBytes"),
          scaleOutBytesPerSecond: "scaleOutBytesPerSecond",
          linkEfficiency: "effLinkEfficiency",
          expertParallel: "expertParallel",
          latencySeconds: from("expAllToAllLatencySeconds"),
        },
        { title: "Expert dispatch + combine time per MoE layer (expected)" },
      ),
    );
    add(node("expStageAllToAllSeconds", C.stageAllToAllSeconds, { moeLayersPerStage: from("moeLayersPerStage"), secondsPerLayer: from("expAllToAllSecondsPerLayer") }, { title: "Expert all-to-all time per stage (expected)" }));
    add(
      node(
        "expExpertAllReduceSeconds",
        EF.allReduceSeconds,
        { latencySeconds: "expTensorParallelLatencySeconds", bytes: from("expertTensorParallelBytes"), chips: "tensorParallel", linkBytesPerSecond: "tensorParallelLinkBytesPerSecond", linkEfficiency: "effLinkEfficiency" },
        { title: "Expert all-reduce time (expected)" },
      ),
    );
    add(node("expExpertTensorParallelSeconds", C.tensorParallelSeconds, { allReduces: from("expertAllReducesPerStage"), allReduceSeconds: from("expExpertAllReduceSeconds") }, { title: "Expert tensor-parallel time (expected)" }));
  }
  add(
    node(
      "expAllReduceSeconds",
      EF.allReduceSeconds,
      { latencySeconds: "expTensorParallelLatencySeconds", bytes: from("tensorParallelBytes"), chips: from("attentionTensorDegree"), linkBytesPerSecond: "tensorParallelLinkBytesPerSecond", linkEfficiency: "effLinkEfficiency" },
      { title: "All-reduce time (expected)" },
    ),
  );
  add(node("expTensorParallelSeconds", C.tensorParallelSeconds, { allReduces: from("allReducesPerStage"), allReduceSeconds: from("expAllReduceSeconds") }, { title: "Tensor-parallel communication time (expected)" }));
  add(
    node(
      "expStageCommSeconds",
      C.stageCommSeconds,
      {
        allToAllSeconds: moe ? from("expStageAllToAllSeconds") : fixed(0, "dense model: no expert all-to-all"),
        tensorParallelSeconds: from("expTensorParallelSeconds"),
        expertTensorParallelSeconds: moe ? from("expExpertTensorParallelSeconds") : fixed(0, "dense model: the FFN's all-reduce is among the dense parts'"),
      },
      { title: "Communication time per stage (expected)" },
    ),
  );
  add(node("expBusySeconds", LF.overlappedSeconds, { computeSeconds: from("expKernelSeconds"), commSeconds: from("expStageCommSeconds"), chunks: "expOverlapChunks" }, { title: "Stage kernels and communication, overlapped (expected)" }));
  // The serving engine's host work per step for the sequences one scheduler drives (each attention group has its own), as in the step.
  add(node("expHostSequences", EF.sequencesPerScheduler, { sequences: "microBatch", attentionDataParallel: "attentionDataParallel" }));
  add(node("expHostSeconds", EF.hostSecondsPerStep, { batch: from("expHostSequences"), secondsPerSequence: "effHostSecondsPerSequence" }));
  add(node("expectedStageSeconds", C.expectedStageSeconds, { busySeconds: from("expBusySeconds"), fixedSeconds: from("expFixedSeconds"), hostSeconds: from("expHostSeconds") }));
  // The pipeline, with the expected stage.
  add(node("expectedTokenSeconds", C.tokenSeconds, { pipelineStages: "pipelineStages", stageSeconds: from("expectedStageSeconds"), hops: from("pipelineHopsPerToken"), hopSeconds: from("pipelineHopSeconds") }, { title: "Time per output token (expected)" }));
  add(node("expectedCycleSeconds", C.pipelineCycleSeconds, { tokenSeconds: from("expectedTokenSeconds"), microBatches: "microBatches", stageSeconds: from("expectedStageSeconds") }, { title: "Decode cycle (expected)" }));
  add(node("expectedTokensPerSecond", RF.tokensPerSecond, { tokens: from("tokensPerCycle"), stepSeconds: from("expectedCycleSeconds") }, { title: "Throughput per replica (expected)", symbol: "Θ_exp", latexSymbol: "\\Theta_{\\text{exp}}" }));
  add(node("expectedTotalTokensPerSecond", C.totalTokensPerSecond, { replicaTokensPerSecond: from("expectedTokensPerSecond"), replicas: "replicas" }, { title: "Throughput of all replicas (expected)" }));
  add(node("expectedTokensPerSecondPerSequence", RF.tokensPerSecondPerSequence, { passTokens: "passTokens", stepSeconds: from("expectedCycleSeconds") }, { title: "Speed per user (expected)", symbol: "θ_exp", latexSymbol: "\\theta_{\\text{exp}}" }));
  if (priced) {
    add(
      node(
        "expectedUsdPerMillionTokens",
        RF.usdPerMillionTokens,
        { chips: from("chipsPerReplica"), usdPerChipHour: "usdPerChipHour", stepSeconds: from("expectedCycleSeconds"), tokens: from("tokensPerCycle") },
        { title: "Cost per million tokens (expected)", symbol: "c_exp", latexSymbol: "c_{\\text{exp}}" },
      ),
    );
  }
  add(node("expectedOverIdeal", EF.expectedOverIdeal, { expectedSeconds: from("expectedCycleSeconds"), idealSeconds: from("pipelineCycleSeconds") }));
}

// ---- Placement: which experts and layers sit on which chips -----------------------------------

export interface ChipPlacement {
  /** Chip index within its scale-up domain. */
  chip: number;
  replica: number;
  stage: number;
  /** Layers [first, last] of the stage (0-based, inclusive). */
  layers: [number, number];
  /** Routed experts [first, last] of each MoE layer on this chip, or null for a dense model. */
  experts: [number, number] | null;
  tensorRank: number;
  attentionGroup: number;
}

export interface DomainPlacement {
  domain: number;
  /** One entry per chip of the domain; null where the chip is idle. */
  chips: (ChipPlacement | null)[];
}

export function placement(setup: LayoutSetup): DomainPlacement[] {
  const { degrees: d, system } = setup;
  const D = system.scaleUpDomainChips;
  const G = d.expertParallel * d.tensorParallel;
  const layers = layerCount(setup.model);
  const Ta = G / d.attentionDataParallel;
  const expertsPerRank = setup.model.moe ? setup.model.moe.routedExperts / d.expertParallel : 0;
  const out: DomainPlacement[] = Array.from({ length: system.domains }, (_, i) => ({ domain: i, chips: new Array<ChipPlacement | null>(D).fill(null) }));
  const units = d.dataParallel * d.pipelineStages;
  const perDomain = G <= D ? Math.floor(D / G) : 0;
  const spans = G <= D ? 1 : Math.ceil(G / D);
  for (let u = 0; u < units; u++) {
    const replica = Math.floor(u / d.pipelineStages);
    const stage = u % d.pipelineStages;
    const first = Math.floor((stage * layers) / d.pipelineStages);
    const last = Math.floor(((stage + 1) * layers) / d.pipelineStages) - 1;
    for (let c = 0; c < G; c++) {
      const e = Math.floor(c / d.tensorParallel);
      const chip: ChipPlacement = {
        chip: 0,
        replica,
        stage,
        layers: [first, last],
        experts: setup.model.moe ? [e * expertsPerRank, (e + 1) * expertsPerRank - 1] : null,
        tensorRank: c % d.tensorParallel,
        attentionGroup: Math.floor(c / Ta),
      };
      const domain = perDomain > 0 ? Math.floor(u / perDomain) : u * spans + Math.floor(c / D);
      const slot = perDomain > 0 ? (u % perDomain) * G + c : c % D;
      chip.chip = slot;
      const dom = out[domain];
      if (dom) dom.chips[slot] = chip;
    }
  }
  return out;
}

// ---- One layout, explained ------------------------------------------------------------------------

export interface LayoutResult {
  model: { id: string; name: string };
  hardware: { id: string; name: string };
  degrees: LayoutDegrees;
  system: LayoutSystem;
  phase: "decode" | "prefill";
  contextTokens: number;
  precisions: { weights: Precision; kv: Precision; compute: ComputePrecision };
  chips: { perStage: number; perReplica: number; total: number; idleInSystem: number };
  memory: { weightBytesPerChip: number; kvBytesPerChip: number; activationBytesPerChip: number; totalBytesPerChip: number; capacityBytesPerChip: number; fits: boolean };
  /** The lecture's (N_total + B·L·bytes/token)/(E·P), term by term. */
  lectureMemory: { weightBytesPerChip: number; kvBytesPerChip: number; totalBytesPerChip: number };
  time: {
    stageComputeSeconds: number;
    stageWeightReadSeconds: number;
    stageKvReadSeconds: number;
    stageRooflineSeconds: number;
    stageAllToAllSeconds: number;
    tensorParallelSeconds: number;
    stageSeconds: number;
    hopSeconds: number;
    hopsPerToken: number;
    tokenSeconds: number;
    cycleSeconds: number;
    bound: "compute" | "memory";
  };
  tokensPerSecondPerUser: number;
  tokensPerSecondPerReplica: number;
  tokensPerSecond: number;
  usdPerMillionTokens: number | null;
  /** The ideal decode cycle (or prefill pass) of a replica: the bound. */
  stepSeconds: number;
  /** The same layout through the efficiency model (busiest chip, achieved efficiencies, fixed time, exposed communication). */
  expectedStepSeconds: number;
  expectedTokensPerSecond: number;
  expectedTokensPerSecondPerUser: number;
  expectedUsdPerMillionTokens: number | null;
  /** expected ÷ ideal cycle (≥ 1). */
  expectedOverIdeal: number;
  expected: {
    stageSeconds: number;
    tokenSeconds: number;
    cycleSeconds: number;
    tokensPerSecondPerReplica: number;
    /** Where the expected stage's time goes. */
    breakdown: { denseSeconds: number; expertSeconds: number; attentionSeconds: number; kernelSeconds: number; commSeconds: number; busySeconds: number; fixedSeconds: number; hostSeconds: number };
    /** How accurate the efficiency model is (from its leave-one-source-out validation). */
    accuracy: string;
  };
  /** What each path assumes of the expert exchange and the overlap. */
  communication: {
    ideal: { dispatchBytes: number; combineBytes: number; nodeLimit: number; linkEfficiency: number; collectiveLatencySeconds: number; overlap: "full" | "none" };
    expected: { dispatchBytes: number; combineBytes: number; nodeLimit: number; linkEfficiency: number; collectiveLatencySeconds: number; scaleOutLatencySeconds: number; overlapChunks: number };
  };
  traffic: { allToAllInsideBytesPerChipPerLayer: number; allToAllOutsideBytesPerChipPerLayer: number; scaleOutFraction: number; hopBytesPerChip: number; hopsCrossDomains: boolean };
  pipelineBoundary: { ratio: number; ok: boolean } | null;
  aggregateHbmBytesPerSecond: number;
  domainLatencyFloorSeconds: number;
  placement: DomainPlacement[];
  schedule: Schedule;
  warnings: Warning[];
  derivations: Record<string, Derivation>;
}

function pv(p: Record<string, Quantity>, name: string): number {
  const q = p[name];
  if (!q) throw new Error(`no parameter ${name}`);
  return q.value;
}

function val(d: Record<string, Derivation>, name: string): number {
  const x = d[name];
  if (!x) throw new Error(`no derivation for ${name}`);
  return x.value;
}

export function layoutFromSetup(setup: LayoutSetup): LayoutResult {
  const d = setup.graph.explain(setup.params);
  const p = setup.params;
  const capacity = (p["hbmBytes"] as Quantity).value;
  const memTotal = val(d, "memoryBytesPerChip");
  const warnings = [...setup.warnings];
  const fits = memTotal <= capacity;
  if (!fits) {
    warnings.push({
      code: "does-not-fit",
      message: `Each chip needs ${formatQuantity(memTotal, "B")} (weights ${formatQuantity(val(d, "weightBytesPerChip"), "B")}, KV ${formatQuantity(val(d, "kvBytesPerChip"), "B")}) but has ${formatQuantity(capacity, "B")}: raise the expert or pipeline degree (weights) or lower the micro-batch or context (KV).`,
    });
  }
  const ratio = d["pipelineBoundaryRatio"]?.value ?? null;
  if (ratio !== null && ratio < 1 && setup.degrees.pipelineStages > 1 && setup.system.hopsCrossDomains) {
    warnings.push({ code: "pipeline-boundary-bottleneck", message: `Scale-up ÷ scale-out time at a stage boundary is ${formatQuantity(ratio, "1")} < 1: the rack-to-rack link, not the all-to-all, is the bottleneck; put more layers per stage [52:31].` });
  }
  const stageSeconds = val(d, "stageSeconds");
  const hopSeconds = val(d, "pipelineHopSeconds");
  const G = val(d, "chipsPerStage");
  const schedule = inferenceSchedule({ stages: setup.degrees.pipelineStages, microBatches: setup.degrees.microBatches, stageSeconds, hopSeconds: setup.degrees.pipelineStages > 1 ? hopSeconds : 0, iterations: 2 });
  const perReplica = val(d, "tokensPerSecond");
  return {
    model: { id: setup.model.id, name: setup.model.name },
    hardware: { id: setup.hardware.id, name: setup.hardware.name },
    degrees: setup.degrees,
    system: setup.system,
    phase: (p["passTokens"] as Quantity).value === 1 ? "decode" : "prefill",
    contextTokens: (p["contextTokens"] as Quantity).value,
    precisions: setup.precisions,
    chips: { perStage: G, perReplica: val(d, "chipsPerReplica"), total: val(d, "totalChips"), idleInSystem: setup.system.chips - val(d, "totalChips") },
    memory: {
      weightBytesPerChip: val(d, "weightBytesPerChip"),
      kvBytesPerChip: val(d, "kvBytesPerChip"),
      activationBytesPerChip: val(d, "activationBytesPerChip"),
      totalBytesPerChip: memTotal,
      capacityBytesPerChip: capacity,
      fits,
    },
    lectureMemory: { weightBytesPerChip: val(d, "weightBytesPerChipLecture"), kvBytesPerChip: val(d, "kvBytesPerChipLecture"), totalBytesPerChip: val(d, "memoryBytesPerChipLecture") },
    time: {
      stageComputeSeconds: val(d, "stageComputeSeconds"),
      stageWeightReadSeconds: val(d, "stageWeightReadSeconds"),
      stageKvReadSeconds: val(d, "stageKvReadSeconds"),
      stageRooflineSeconds: val(d, "stageRooflineSeconds"),
      stageAllToAllSeconds: d["stageAllToAllSeconds"]?.value ?? 0,
      tensorParallelSeconds: val(d, "tensorParallelSeconds") + (d["expertTensorParallelSeconds"]?.value ?? 0),
      stageSeconds,
      hopSeconds,
      hopsPerToken: val(d, "pipelineHopsPerToken"),
      tokenSeconds: val(d, "tokenSeconds"),
      cycleSeconds: val(d, "pipelineCycleSeconds"),
      bound: val(d, "stageComputeSeconds") >= val(d, "stageMemorySeconds") ? "compute" : "memory",
    },
    tokensPerSecondPerUser: val(d, "tokensPerSecondPerSequence"),
    tokensPerSecondPerReplica: perReplica,
    tokensPerSecond: val(d, "totalTokensPerSecond"),
    usdPerMillionTokens: d["usdPerMillionTokens"]?.value ?? null,
    stepSeconds: val(d, "pipelineCycleSeconds"),
    expectedStepSeconds: val(d, "expectedCycleSeconds"),
    expectedTokensPerSecond: val(d, "expectedTotalTokensPerSecond"),
    expectedTokensPerSecondPerUser: val(d, "expectedTokensPerSecondPerSequence"),
    expectedUsdPerMillionTokens: d["expectedUsdPerMillionTokens"]?.value ?? null,
    expectedOverIdeal: val(d, "expectedOverIdeal"),
    expected: {
      stageSeconds: val(d, "expectedStageSeconds"),
      tokenSeconds: val(d, "expectedTokenSeconds"),
      cycleSeconds: val(d, "expectedCycleSeconds"),
      tokensPerSecondPerReplica: val(d, "expectedTokensPerSecond"),
      breakdown: {
        denseSeconds: val(d, "expDenseSeconds"),
        expertSeconds: d["expExpertSeconds"]?.value ?? 0,
        attentionSeconds: val(d, "expAttentionSeconds"),
        kernelSeconds: val(d, "expKernelSeconds"),
        commSeconds: val(d, "expStageCommSeconds"),
        busySeconds: val(d, "expBusySeconds"),
        fixedSeconds: val(d, "expFixedSeconds"),
        hostSeconds: val(d, "expHostSeconds"),
      },
      accuracy: efficiencyAccuracy(),
    },
    communication: {
      ideal: {
        dispatchBytes: pv(p, "dispatchBytes"),
        combineBytes: pv(p, "combineBytes"),
        nodeLimit: pv(p, "nodeLimit"),
        linkEfficiency: pv(p, "idealLinkEfficiency"),
        collectiveLatencySeconds: pv(p, "collectiveLatencySeconds"),
        overlap: setup.overlap ? "full" : "none",
      },
      expected: {
        dispatchBytes: pv(p, "expDispatchBytes"),
        combineBytes: pv(p, "expCombineBytes"),
        nodeLimit: d["expRoutingDomainLimit"]?.value ?? pv(p, "nodeLimit"),
        linkEfficiency: pv(p, "effLinkEfficiency"),
        collectiveLatencySeconds: pv(p, "expCollectiveLatencySeconds"),
        scaleOutLatencySeconds: pv(p, "expScaleOutLatencySeconds"),
        overlapChunks: pv(p, "expOverlapChunks"),
      },
    },
    traffic: {
      allToAllInsideBytesPerChipPerLayer: d["allToAllInsideBytes"]?.value ?? 0,
      allToAllOutsideBytesPerChipPerLayer: d["allToAllOutsideBytes"]?.value ?? 0,
      scaleOutFraction: d["scaleOutFraction"]?.value ?? 0,
      hopBytesPerChip: val(d, "pipelineHopBytesPerChip"),
      hopsCrossDomains: setup.system.hopsCrossDomains,
    },
    pipelineBoundary: ratio === null ? null : { ratio, ok: ratio >= 1 },
    aggregateHbmBytesPerSecond: val(d, "aggregateHbmBytesPerSecond"),
    domainLatencyFloorSeconds: val(d, "domainLatencyFloorSeconds"),
    placement: placement(setup),
    schedule,
    warnings,
    derivations: d,
  };
}

/** One layout, every number explained. */
export function analyzeLayout(options: LayoutOptions): LayoutResult {
  return layoutFromSetup(prepareLayout(options));
}

/**
 * The pipeline diagram of a layout (`layout --schedule`, the page's schedule input): its inference
 * schedule, or a training schedule (GPipe, 1F1B) of m micro-batches (default 2·P, the table's) at its
 * stage time, forward, with backward passes twice as long.
 */
export function layoutSchedule(r: LayoutResult, kind: string = String(LAYOUT_INPUTS.get("schedule").default), trainingMicroBatches?: number): Schedule {
  if (kind === "inference") return r.schedule;
  if (kind !== "gpipe" && kind !== "1f1b") throw new RooflineError({ code: "invalid-choice", field: "schedule", input: "schedule", value: kind, expected: "inference, gpipe or 1f1b" });
  const m = trainingMicroBatches ?? 2 * r.degrees.pipelineStages;
  return trainingSchedule({ stages: r.degrees.pipelineStages, microBatches: m, kind, forwardSeconds: r.time.stageSeconds });
}
