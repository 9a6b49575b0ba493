/**
 * The lecture's arguments that had no formula yet: scale-up domains and the largest model they can
 * serve at a per-token latency, the memory wall (HBM in a rack against a trillion-parameter model),
 * the scale-up/scale-out ratio, where attention compute catches up with weight compute, and the
 * per-stage time of pipeline stages holding interleaved sliding-window and global layers.
 */
import { defineFormula } from "../formula/formula.ts";
import { add, div, max, min, mul, sub } from "../formula/expr.ts";
import { flashcards, lectureAt, SEEDS } from "../sources.ts";

const SUMMARY = { title: SEEDS.summary.title, locator: "Key Takeaways" };

export const weightBytesReadableInTime = defineFormula({
  id: "lecture.weightBytesReadableInTime",
  title: "Weights a domain can read in one token's time",
  description: "Bytes all chips of a scale-up domain read from HBM, in parallel, within the per-token latency: the most weight bytes one decode step can touch.",
  symbol: "M_read",
  latex: "M_{\\text{read}}",
  unit: "B",
  inputs: {
    aggregateBytesPerSecond: { symbol: "BW_agg", latex: "BW_{\\text{agg}}", unit: "B/s", description: "HBM bandwidth of the whole scale-up domain" },
    latencySeconds: { symbol: "t_tok", latex: "t_{\\text{tok}}", unit: "s", description: "per-token (per-step) latency allowed" },
  },
  expr: (x) => mul(x.aggregateBytesPerSecond, x.latencySeconds),
  sources: [lectureAt("1:17:58", "scale-up size times memory bandwidth per GPU"), { ...SUMMARY, locator: "Bigger scale-up domains drove model scaling" }],
  assumptions: ["at the optimal batch every expert is touched each step, so all weights are read once per step", "weights perfectly sharded over the domain; KV reads take the rest of the step and are not counted here"],
});

export const paramsInBytes = defineFormula({
  id: "lecture.paramsInBytes",
  title: "Parameters that fit in a byte budget",
  description: "How many parameters a number of bytes holds at a weight precision.",
  symbol: "N_max",
  latex: "N_{\\max}",
  unit: "param",
  inputs: {
    bytes: { symbol: "M", unit: "B", description: "bytes available for weights" },
    bytesPerWeight: { symbol: "b_w", latex: "b_{w}", unit: "B/param", description: "bytes per weight" },
  },
  expr: (x) => div(x.bytes, x.bytesPerWeight),
  sources: [lectureAt("45:44", "a scale up on the order of 10, 20 terabytes … enough for a 5T model plus KV cache")],
});

export const bytesLeftAfterWeights = defineFormula({
  id: "lecture.bytesLeftAfterWeights",
  title: "HBM left for KV and batch",
  description: "What a domain's HBM holds beyond the weights: the room for KV caches, that is for batch and context.",
  symbol: "C_free",
  latex: "C_{\\text{free}}",
  unit: "B",
  inputs: {
    capacityBytes: { symbol: "C_dom", latex: "C_{\\text{dom}}", unit: "B", description: "HBM of the scale-up domain" },
    weightBytes: { symbol: "M_w", latex: "M_{w}", unit: "B", description: "the model's weights" },
  },
  expr: (x) => max(sub(x.capacityBytes, x.weightBytes), 0),
  sources: [lectureAt("1:01:56", "a trillion parameter model only needs one terabyte"), { ...SUMMARY, locator: "The Memory Wall Paradox" }],
});

export const scaleUpToScaleOutRatio = defineFormula({
  id: "lecture.scaleUpToScaleOutRatio",
  title: "Scale-up over scale-out bandwidth",
  description: "How much faster a chip talks inside its scale-up domain (NVLink, ICI) than across domains (its backend NIC): the lecture's \"~8× slower\" scale-out.",
  symbol: "r_up/out",
  latex: "r_{\\text{up/out}}",
  unit: "1",
  inputs: {
    scaleUpBytesPerSecond: { symbol: "BW_up", latex: "BW_{\\text{up}}", unit: "B/s", description: "scale-up bandwidth per chip, one direction" },
    scaleOutBytesPerSecond: { symbol: "BW_out", latex: "BW_{\\text{out}}", unit: "B/s", description: "scale-out bandwidth per chip, one direction" },
  },
  expr: (x) => div(x.scaleUpBytesPerSecond, x.scaleOutBytesPerSecond),
  sources: [lectureAt("51:16", "scale up is eight times faster"), flashcards("00:32:09 — across racks, scale-out is ~8× slower")],
});

export const attentionWeightCrossoverTokens = defineFormula({
  id: "lecture.attentionWeightCrossoverTokens",
  title: "Context where attention compute equals weight compute",
  description: "Attended tokens at which a token's attention FLOP (scores and weighted values over the context) equal its matmul FLOP against the weights.",
  symbol: "L_attn",
  latex: "L_{\\text{attn}}",
  unit: "token",
  inputs: {
    weightFlopPerToken: { symbol: "F_w", latex: "F_{w}", unit: "FLOP/token", description: "FLOP per token in the weight matmuls (2 per active parameter)" },
    attentionFlopPerAttendedToken: { symbol: "F_a", latex: "F_{a}", unit: "FLOP/token", description: "attention FLOP per token per attended token, all full-context layers" },
  },
  expr: (x) => div(x.weightFlopPerToken, x.attentionFlopPerAttendedToken),
  sources: [lectureAt("1:52:13", "you start to notice the effect of the quadratic or the linear term up in the millions of tokens")],
  assumptions: ["dense attention on every full-context layer; windowed layers attend a bounded span and are left out"],
});

export const stageLayerWeightBytes = defineFormula({
  id: "lecture.stageWeightBytes",
  title: "Weights on one pipeline stage",
  description: "The weight bytes of the layers a stage holds, at equal weights per layer.",
  symbol: "M_w,s",
  latex: "M_{w,s}",
  unit: "B",
  inputs: {
    weightBytes: { symbol: "M_w", latex: "M_{w}", unit: "B", description: "weights of all layers" },
    stageLayers: { symbol: "n_s", latex: "n_{s}", unit: "layer", description: "layers on this stage" },
    layers: { symbol: "n", unit: "layer", description: "layers of the model" },
  },
  expr: (x) => div(mul(x.weightBytes, x.stageLayers), x.layers),
  sources: [lectureAt("1:06:25", "N_total … divided by E·P")],
  assumptions: ["every layer holds the same weights (embeddings and the head are left out)"],
});

export const stageKvBytesReadMixed = defineFormula({
  id: "lecture.stageKvBytesRead",
  title: "KV one stage reads per step (global and sliding layers)",
  description: "A stage's global layers read the whole context, its sliding-window layers at most their window: the stage's KV read per decode step.",
  symbol: "KV_s",
  latex: "KV_{s}",
  unit: "B",
  inputs: {
    batch: { symbol: "B", unit: "sequence", description: "sequences in the batch" },
    kvBytesPerTokenPerLayer: { symbol: "kv_l", latex: "kv_{l}", unit: "B/token", description: "KV bytes per token per layer" },
    globalLayers: { symbol: "g_s", latex: "g_{s}", unit: "layer", description: "global (full-context) layers on this stage" },
    windowLayers: { symbol: "w_s", latex: "w_{s}", unit: "layer", description: "sliding-window layers on this stage" },
    contextTokens: { symbol: "L", unit: "token", description: "context length" },
    windowTokens: { symbol: "W", unit: "token", description: "sliding window" },
  },
  expr: (x) => mul(x.batch, x.kvBytesPerTokenPerLayer, add(mul(x.globalLayers, x.contextTokens), mul(x.windowLayers, min(x.contextTokens, x.windowTokens)))),
  sources: [flashcards("01:03:37 — interleaving sliding-window and global attention layers could cause load imbalance across stages")],
});

export const stageFlop = defineFormula({
  id: "lecture.stageFlop",
  title: "FLOP of one stage per decode step",
  description: "The batch's matmul FLOP for the stage's layers plus its attention FLOP: global layers attend the whole context, sliding-window layers at most their window.",
  symbol: "F_s",
  latex: "F_{s}",
  unit: "FLOP",
  inputs: {
    batch: { symbol: "B", unit: "sequence", description: "sequences in the batch" },
    weightFlopPerToken: { symbol: "F_w", latex: "F_{w}", unit: "FLOP/token", description: "matmul FLOP per token, all layers" },
    stageLayers: { symbol: "n_s", latex: "n_{s}", unit: "layer", description: "layers on this stage" },
    layers: { symbol: "n", unit: "layer", description: "layers of the model" },
    attentionFlopPerAttendedPerLayer: { symbol: "f_a", latex: "f_{a}", unit: "FLOP/token", description: "attention FLOP per token per attended token, one layer" },
    globalLayers: { symbol: "g_s", latex: "g_{s}", unit: "layer", description: "global (full-context) layers on this stage" },
    windowLayers: { symbol: "w_s", latex: "w_{s}", unit: "layer", description: "sliding-window layers on this stage" },
    contextTokens: { symbol: "L", unit: "token", description: "context length" },
    windowTokens: { symbol: "W", unit: "token", description: "sliding window" },
  },
  expr: (x) =>
    mul(x.batch, add(div(mul(x.weightFlopPerToken, x.stageLayers), x.layers), mul(x.attentionFlopPerAttendedPerLayer, add(mul(x.globalLayers, x.contextTokens), mul(x.windowLayers, min(x.contextTokens, x.windowTokens)))))),
  sources: [flashcards("01:03:37 — interleaving sliding-window and global attention layers could cause load imbalance across stages")],
  assumptions: ["matmul FLOP spread equally over layers"],
});

export const stageDecodeSeconds = defineFormula({
  id: "lecture.stageSeconds",
  title: "One stage's decode step",
  description: "The stage's own roofline: the longer of its compute and its HBM reads (weights and KV) over the chips of the stage.",
  symbol: "t_s",
  latex: "t_{s}",
  unit: "s",
  inputs: {
    stageFlop: { symbol: "F_s", latex: "F_{s}", unit: "FLOP", description: "FLOP of the stage's layers for the batch" },
    stageWeightBytes: { symbol: "M_w,s", latex: "M_{w,s}", unit: "B", description: "weights on the stage" },
    stageKvBytes: { symbol: "KV_s", latex: "KV_{s}", unit: "B", description: "KV the stage reads" },
    chips: { symbol: "D", unit: "chip", description: "chips per stage" },
    peakFlopsPerSecond: { symbol: "F", unit: "FLOP/s", description: "dense peak FLOP/s per chip" },
    bandwidthBytesPerSecond: { symbol: "BW", unit: "B/s", description: "HBM bandwidth per chip" },
  },
  expr: (x) => max(div(x.stageFlop, mul(x.chips, x.peakFlopsPerSecond)), div(add(x.stageWeightBytes, x.stageKvBytes), mul(x.chips, x.bandwidthBytesPerSecond))),
  sources: [flashcards("01:03:37 — interleaving sliding-window and global attention layers could cause load imbalance across stages")],
  assumptions: ["ideal roofline per stage; attention FLOP of the stage included in F_s"],
});

export const stageImbalance = defineFormula({
  id: "lecture.stageImbalance",
  title: "Pipeline imbalance",
  description: "The slowest stage's time over the mean stage time: the pipeline runs at the slowest stage's pace, so this is the throughput lost to uneven stages.",
  symbol: "ι",
  latex: "\\iota",
  unit: "1",
  inputs: {
    slowestStageSeconds: { symbol: "t_max", latex: "t_{\\max}", unit: "s", description: "the slowest stage's step" },
    totalStageSeconds: { symbol: "Σt_s", latex: "\\sum t_s", unit: "s", description: "all stages' steps added" },
    stages: { symbol: "P", unit: "1", description: "pipeline stages" },
  },
  expr: (x) => div(mul(x.slowestStageSeconds, x.stages), x.totalStageSeconds),
  sources: [flashcards("01:03:37 — load imbalance across stages")],
});

export const domainBandwidthRatio = defineFormula({
  id: "lecture.domainBandwidthRatio",
  title: "Aggregate bandwidth of one domain over another",
  description: "How many times more HBM bandwidth a larger scale-up domain reads in parallel.",
  symbol: "r_BW",
  latex: "r_{BW}",
  unit: "1",
  inputs: {
    largerBytesPerSecond: { symbol: "BW_agg,new", latex: "BW_{\\text{agg,new}}", unit: "B/s", description: "aggregate HBM bandwidth of the newer domain" },
    smallerBytesPerSecond: { symbol: "BW_agg,old", latex: "BW_{\\text{agg,old}}", unit: "B/s", description: "aggregate HBM bandwidth of the older domain" },
  },
  expr: (x) => div(x.largerBytesPerSecond, x.smallerBytesPerSecond),
  sources: [{ ...SUMMARY, locator: "Bigger scale-up domains drove model scaling" }],
});
