/**
 * The cluster layout, as formulas: where the model lives (experts across a scale-up domain, layers
 * across pipeline stages), what each chip holds, and what the communication between chips costs.
 * Compute and memory time per stage reuse the roofline's formulas (../roofline/formulas.ts); the
 * tensor-parallel all-reduce is efficiency/formulas.ts allReduceSeconds. Every formula cites the lecture (seed 002) by
 * timestamp.
 *
 * Symbols: E expert-parallel degree, T tensor-parallel degree (within an expert shard), G = E·T chips
 * per pipeline stage, A attention data-parallel degree (groups of G/A chips each serving 1/A of the
 * sequences with their own copy of the dense weights), P pipeline stages, m micro-batches in flight,
 * b sequences per micro-batch, D chips per scale-up domain.
 */
import { add, ceil, div, max, min, mul, sub } from "../formula/expr.ts";
import { defineFormula } from "../formula/formula.ts";
import { cribSheet, flashcards, lectureAt } from "../sources.ts";
import { MLA_REPLICATED } from "../efficiency/formulas.ts";

// ---- Placement ------------------------------------------------------------------------------------

export const chipsPerStage = defineFormula({
  id: "cluster.chipsPerStage",
  title: "Chips per pipeline stage",
  description: "A stage spreads its experts over E chips and splits each expert's matrices T ways.",
  symbol: "G",
  unit: "chip",
  inputs: {
    expertParallel: { symbol: "E", unit: "chip", description: "expert-parallel degree (chips the experts are spread over)" },
    tensorParallel: { symbol: "T", unit: "chip", description: "tensor-parallel degree (ways each expert's matrices are split)" },
  },
  expr: ({ expertParallel, tensorParallel }) => mul(expertParallel, tensorParallel),
  sources: [lectureAt("33:44", "expert parallelism: different experts go on different GPUs"), lectureAt("48:09", "tensor parallelism … has become much less relevant")],
});

export const chipsPerReplica = defineFormula({
  id: "cluster.chipsPerReplica",
  title: "Chips per replica",
  description: "One copy of the model: P pipeline stages of G chips each.",
  symbol: "N_rep",
  latex: "N_{\\text{rep}}",
  unit: "chip",
  inputs: {
    chipsPerStage: { symbol: "G", unit: "chip", description: "chips per pipeline stage" },
    pipelineStages: { symbol: "P", unit: "1", description: "pipeline stages" },
  },
  expr: ({ chipsPerStage, pipelineStages }) => mul(chipsPerStage, pipelineStages),
  sources: [lectureAt("1:05:29", "E is the expert parallelism … P the extent of pipelining, the number of racks")],
});

export const totalChips = defineFormula({
  id: "cluster.totalChips",
  title: "Chips used",
  description: "Data-parallel replicas each hold a whole copy of the model.",
  symbol: "N",
  unit: "chip",
  inputs: {
    chipsPerReplica: { symbol: "N_rep", latex: "N_{\\text{rep}}", unit: "chip", description: "chips per replica" },
    replicas: { symbol: "R", unit: "1", description: "data-parallel replicas" },
  },
  expr: ({ chipsPerReplica, replicas }) => mul(chipsPerReplica, replicas),
  sources: [lectureAt("48:18", "data parallelism and pipeline parallelism … a much better fit for using multiple racks"), cribSheet("DP adds streams, never faster ticks")],
});

export const expertsPerChip = defineFormula({
  id: "cluster.expertsPerChip",
  title: "Experts per chip",
  description: "Routed experts of each MoE layer held by one expert-parallel rank.",
  symbol: "e_chip",
  latex: "e_{\\text{chip}}",
  unit: "expert",
  inputs: {
    routedExperts: { symbol: "E_r", latex: "E_{r}", unit: "expert", description: "routed experts per MoE layer" },
    expertParallel: { symbol: "E", unit: "chip", description: "expert-parallel degree" },
  },
  expr: ({ routedExperts, expertParallel }) => div(routedExperts, expertParallel),
  sources: [lectureAt("33:55", "DeepSeek … 256 experts on a Blackwell rack of 72 GPUs: use 64 of them, four experts per GPU")],
});

export const layersPerStage = defineFormula({
  id: "cluster.layersPerStage",
  title: "Layers per stage",
  description: "Layers held by the heaviest pipeline stage (all equal when P divides the layers).",
  symbol: "L_s",
  latex: "L_{s}",
  unit: "layer",
  inputs: {
    layers: { symbol: "n_layers", latex: "n_{\\text{layers}}", unit: "layer", description: "transformer layers" },
    pipelineStages: { symbol: "P", unit: "1", description: "pipeline stages" },
  },
  expr: ({ layers, pipelineStages }) => ceil(div(layers, pipelineStages)),
  sources: [lectureAt("48:35", "I could decide at this point … to move to a different rack")],
  assumptions: ["with uneven stages the heaviest stage sets the pace; the others idle for the difference"],
});

export const stageLayerFraction = defineFormula({
  id: "cluster.stageLayerFraction",
  title: "Share of the model per stage",
  description: "Fraction of the layers (and so of the weights, FLOP and KV cache) that the heaviest stage holds.",
  symbol: "f",
  unit: "1",
  inputs: {
    layersPerStage: { symbol: "L_s", latex: "L_{s}", unit: "layer", description: "layers per stage" },
    layers: { symbol: "n_layers", latex: "n_{\\text{layers}}", unit: "layer", description: "transformer layers" },
  },
  expr: ({ layersPerStage, layers }) => div(layersPerStage, layers),
  sources: [lectureAt("1:06:56", "the layers are perfectly divided amongst the different racks")],
  assumptions: ["weights, FLOP and KV cache are spread evenly over layers (embedding, dense first layers and output head included)"],
});

export const attentionTensorDegree = defineFormula({
  id: "cluster.attentionTensorDegree",
  title: "Attention tensor-parallel degree",
  description: "The dense parts (attention, shared experts, dense FFN) are split over G/A chips and copied A times for attention data parallelism.",
  symbol: "T_a",
  latex: "T_{a}",
  unit: "chip",
  inputs: {
    chipsPerStage: { symbol: "G", unit: "chip", description: "chips per stage" },
    attentionDataParallel: { symbol: "A", unit: "1", description: "attention data-parallel groups per stage" },
  },
  expr: ({ chipsPerStage, attentionDataParallel }) => div(chipsPerStage, attentionDataParallel),
  sources: [{ title: "DeepSeek-V3 technical report §3.4: attention with data parallelism, MoE with expert parallelism (arXiv:2412.19437)", url: "https://arxiv.org/abs/2412.19437" }],
});

/** Copies of each KV entry: one definition, with the step's memory (efficiency/formulas.ts, beside the KV shards). */
export { kvCopies } from "../efficiency/formulas.ts";

export const routedParams = defineFormula({
  id: "cluster.routedParams",
  title: "Routed-expert parameters",
  description: "Parameters of all routed experts of all MoE layers.",
  symbol: "N_routed",
  latex: "N_{\\text{routed}}",
  unit: "param",
  inputs: {
    moeLayers: { symbol: "n_moe", latex: "n_{\\text{moe}}", unit: "layer", description: "MoE layers" },
    routedExperts: { symbol: "E_r", latex: "E_{r}", unit: "expert", description: "routed experts per MoE layer" },
    paramsPerExpert: { symbol: "N_exp", latex: "N_{\\text{exp}}", unit: "param", description: "parameters of one routed expert" },
  },
  expr: ({ moeLayers, routedExperts, paramsPerExpert }) => mul(moeLayers, routedExperts, paramsPerExpert),
  sources: [lectureAt("32:54", "each expert itself is a normal MLP")],
});

export const denseParams = defineFormula({
  id: "cluster.denseParams",
  title: "Dense parameters",
  description: "Everything but the routed experts: attention, dense FFN, shared experts, router, embeddings, output head.",
  symbol: "N_dense",
  latex: "N_{\\text{dense}}",
  unit: "param",
  inputs: {
    totalParams: { symbol: "N_total", latex: "N_{\\text{total}}", unit: "param", description: "total parameters" },
    routedParams: { symbol: "N_routed", latex: "N_{\\text{routed}}", unit: "param", description: "routed-expert parameters" },
  },
  expr: ({ totalParams, routedParams }) => sub(totalParams, routedParams),
  sources: [lectureAt("1:04:38", "the number of total parameters … what we need to fit the weights")],
});

// ---- Memory per chip ------------------------------------------------------------------------------

export const weightBytesPerChip = defineFormula({
  id: "cluster.weightBytesPerChip",
  title: "Weights per chip",
  description: "The stage's share of the weights on one chip: dense parts split over G/A chips, routed experts over E·T chips.",
  symbol: "M_w/chip",
  latex: "M_{w}^{\\text{chip}}",
  unit: "B",
  inputs: {
    denseParams: { symbol: "N_dense", latex: "N_{\\text{dense}}", unit: "param", description: "dense parameters" },
    routedParams: { symbol: "N_routed", latex: "N_{\\text{routed}}", unit: "param", description: "routed-expert parameters" },
    attentionTensorDegree: { symbol: "T_a", latex: "T_{a}", unit: "chip", description: "chips each dense weight is split over (G/A)" },
    chipsPerStage: { symbol: "G", unit: "chip", description: "chips per stage (E·T), over which the experts are split" },
    bytesPerWeight: { symbol: "b_w", latex: "b_{w}", unit: "B/param", description: "bytes per weight" },
    stageLayerFraction: { symbol: "f", unit: "1", description: "share of the layers on this stage" },
  },
  expr: (x) => mul(add(div(x.denseParams, x.attentionTensorDegree), div(x.routedParams, x.chipsPerStage)), x.bytesPerWeight, x.stageLayerFraction),
  sources: [lectureAt("1:06:25", "we just take all these numbers and divide by E·P"), lectureAt("1:11:22", "the memory footprint for the weights keeps going down")],
  assumptions: ["attention data parallelism copies the dense parts A times per stage (DeepSeek's serving layout); with A = 1 and T = 1 this is the lecture's N_total/(E·P)"],
});

export const kvBytesPerChip = defineFormula({
  id: "cluster.kvBytesPerChip",
  title: "KV cache per chip",
  description: "Every stage keeps the KV of its layers for all B = m·b sequences in flight, split over the stage's chips (replicated where tensor parallelism exceeds the KV heads).",
  symbol: "M_kv/chip",
  latex: "M_{kv}^{\\text{chip}}",
  unit: "B",
  inputs: {
    sequencesInFlight: { symbol: "B", unit: "sequence", description: "sequences in flight per replica (m·b)" },
    kvBytesPerSequence: { symbol: "KV_seq", latex: "KV_{\\text{seq}}", unit: "B/sequence", description: "KV bytes held per sequence, all layers" },
    stageLayerFraction: { symbol: "f", unit: "1", description: "share of the layers on this stage" },
    kvCopies: { symbol: "c_kv", latex: "c_{kv}", unit: "1", description: "copies of each KV entry within an attention group" },
    chipsPerStage: { symbol: "G", unit: "chip", description: "chips per stage" },
  },
  expr: (x) => div(mul(x.sequencesInFlight, x.kvBytesPerSequence, x.stageLayerFraction, x.kvCopies), x.chipsPerStage),
  sources: [lectureAt("1:10:40", "number of pipeline stages times little b … the P's cancel"), lectureAt("1:11:32", "the memory footprint for the activations stays constant"), flashcards("00:47:12 — concurrent sequences scale with PP")],
});

export const activationBytesPerChip = defineFormula({
  id: "cluster.activationBytesPerChip",
  title: "Activations per chip",
  description: "Live activations of the micro-batch on one chip: the residual stream and its normalised copy, plus dispatch and combine buffers of k expert copies per token.",
  symbol: "M_act/chip",
  latex: "M_{act}^{\\text{chip}}",
  unit: "B",
  inputs: {
    tokens: { symbol: "T_mb", latex: "T_{mb}", unit: "token", description: "tokens in the micro-batch (b × pass length)" },
    attentionDataParallel: { symbol: "A", unit: "1", description: "attention data-parallel groups (each holds its own tokens)" },
    hiddenSize: { symbol: "d", unit: "1", description: "model (residual stream) width" },
    activationBytes: { symbol: "b_act", latex: "b_{act}", unit: "B", description: "bytes per activation value" },
    expertsPerToken: { symbol: "k", unit: "expert", description: "routed experts per token (0 for a dense model)" },
  },
  expr: (x) => mul(div(x.tokens, x.attentionDataParallel), x.hiddenSize, x.activationBytes, add(2, mul(2, x.expertsPerToken))),
  sources: [lectureAt("1:04:23", "let's now start looking at memory capacity")],
  assumptions: ["inference frees each layer's intermediates before the next; tensor-parallel ranks each hold the group's full activations"],
});

export const memoryBytesPerChip = defineFormula({
  id: "cluster.memoryBytesPerChip",
  title: "Memory per chip",
  description: "Weights + KV cache + activations held by one chip of the heaviest stage.",
  symbol: "M_chip",
  latex: "M_{\\text{chip}}",
  unit: "B",
  inputs: {
    weightBytes: { symbol: "M_w/chip", latex: "M_{w}^{\\text{chip}}", unit: "B", description: "weights per chip" },
    kvBytes: { symbol: "M_kv/chip", latex: "M_{kv}^{\\text{chip}}", unit: "B", description: "KV cache per chip" },
    activationBytes: { symbol: "M_act/chip", latex: "M_{act}^{\\text{chip}}", unit: "B", description: "activations per chip" },
  },
  expr: (x) => add(x.weightBytes, x.kvBytes, x.activationBytes),
  sources: [lectureAt("1:06:19", "per GPU memory requirement")],
});

export const sequencesInFlight = defineFormula({
  id: "cluster.sequencesInFlight",
  title: "Sequences in flight",
  description: "The global batch: micro-batches in flight times sequences per micro-batch. Keeping P stages busy needs m ≥ P.",
  symbol: "B",
  unit: "sequence",
  inputs: {
    microBatches: { symbol: "m", unit: "1", description: "micro-batches in flight" },
    microBatch: { symbol: "b", unit: "sequence", description: "sequences per micro-batch" },
  },
  expr: ({ microBatches, microBatch }) => mul(microBatches, microBatch),
  sources: [lectureAt("1:08:38", "B is the number of micro-batches times the batch size per micro-batch"), lectureAt("1:09:50", "the number of micro-batches … is equal to the number of pipeline stages")],
});

export const weightBytesPerChipLecture = defineFormula({
  id: "cluster.weightBytesPerChipLecture",
  title: "Weights per chip (lecture)",
  description: "The lecture's weight term: total weights perfectly sharded over E chips per rack and P racks.",
  symbol: "M_w/chip",
  latex: "M_{w}^{\\text{chip}}",
  unit: "B",
  inputs: {
    totalParams: { symbol: "N_total", latex: "N_{\\text{total}}", unit: "param", description: "total parameters" },
    bytesPerWeight: { symbol: "b_w", latex: "b_{w}", unit: "B/param", description: "bytes per weight" },
    expertParallel: { symbol: "E", unit: "chip", description: "chips each layer is sharded over (the lecture's expert parallelism; E·T with tensor parallelism)" },
    pipelineStages: { symbol: "P", unit: "1", description: "pipeline stages" },
  },
  expr: (x) => div(mul(x.totalParams, x.bytesPerWeight), mul(x.expertParallel, x.pipelineStages)),
  sources: [lectureAt("1:06:25", "N_total … divided by E·P"), lectureAt("1:11:22", "the memory footprint for the weights keeps going down and down")],
  assumptions: ["perfect sharding: every parameter on exactly one chip"],
});

export const kvBytesPerChipLecture = defineFormula({
  id: "cluster.kvBytesPerChipLecture",
  title: "KV cache per chip (lecture)",
  description: "The lecture's KV term with B = P·b sequences in flight: the P in the numerator cancels the P in the denominator.",
  symbol: "M_kv/chip",
  latex: "M_{kv}^{\\text{chip}}",
  unit: "B",
  inputs: {
    pipelineStages: { symbol: "P", unit: "1", description: "pipeline stages (= micro-batches in flight)" },
    microBatch: { symbol: "b", unit: "sequence", description: "sequences per micro-batch" },
    contextTokens: { symbol: "L", unit: "token", description: "context length" },
    kvBytesPerToken: { symbol: "kv", unit: "B/token", description: "KV bytes per token, all layers" },
    expertParallel: { symbol: "E", unit: "chip", description: "chips each layer is sharded over (the lecture's expert parallelism; E·T with tensor parallelism)" },
  },
  expr: (x) => div(mul(x.pipelineStages, x.microBatch, x.contextTokens, x.kvBytesPerToken), mul(x.expertParallel, x.pipelineStages)),
  sources: [lectureAt("1:10:55", "we get number of pipeline stages times this little b … the P's cancel"), lectureAt("1:11:44", "the KV cache becomes the dominant term")],
  assumptions: ["perfect sharding of the context across the chips of a rack"],
});

export const memoryBytesPerChipLecture = defineFormula({
  id: "cluster.memoryBytesPerChipLecture",
  title: "Memory per chip (lecture)",
  description: "The lecture's per-GPU memory: (N_total + B·L·bytes/token)/(E·P), weights and KV in bytes.",
  symbol: "c_mem",
  latex: "c_{\\text{mem}}",
  unit: "B",
  inputs: {
    totalParams: { symbol: "N_total", latex: "N_{\\text{total}}", unit: "param", description: "total parameters" },
    bytesPerWeight: { symbol: "b_w", latex: "b_{w}", unit: "B/param", description: "bytes per weight" },
    sequencesInFlight: { symbol: "B", unit: "sequence", description: "sequences in flight (P·b)" },
    contextTokens: { symbol: "L", unit: "token", description: "context length" },
    kvBytesPerToken: { symbol: "kv", unit: "B/token", description: "KV bytes per token" },
    expertParallel: { symbol: "E", unit: "chip", description: "chips each layer is sharded over (the lecture's expert parallelism; E·T with tensor parallelism)" },
    pipelineStages: { symbol: "P", unit: "1", description: "pipeline stages" },
  },
  expr: (x) => div(add(mul(x.totalParams, x.bytesPerWeight), mul(x.sequencesInFlight, x.contextTokens, x.kvBytesPerToken)), mul(x.expertParallel, x.pipelineStages)),
  sources: [lectureAt("1:06:25", "(N_total + B · len_ctx · bytes per token) / (E · P)")],
  assumptions: ["perfect sharding of weights and KV cache"],
});

// ---- Time per stage -------------------------------------------------------------------------------

export const stageFlopPerToken = defineFormula({
  id: "cluster.stageFlopPerToken",
  title: "FLOP per token on one stage",
  description: "A stage does its share of each token's work.",
  symbol: "F_stage",
  latex: "F_{\\text{stage}}",
  unit: "FLOP/token",
  inputs: {
    flopPerToken: { symbol: "F_tok", latex: "F_{\\text{tok}}", unit: "FLOP/token", description: "FLOP per token, whole model" },
    stageLayerFraction: { symbol: "f", unit: "1", description: "share of the layers on this stage" },
  },
  expr: ({ flopPerToken, stageLayerFraction }) => mul(flopPerToken, stageLayerFraction),
  sources: [lectureAt("55:27", "we're just moving the memory time from one chip to another … no actual benefit in runtime")],
});

export const stageWeightBytesRead = defineFormula({
  id: "cluster.stageWeightBytesRead",
  title: "Weight bytes one stage reads per step",
  description: "The stage's share of the weights the micro-batch touches, plus the extra copies of the dense weights that A attention data-parallel groups each read.",
  symbol: "W_stage",
  latex: "W_{\\text{stage}}",
  unit: "B",
  inputs: {
    weightBytesRead: { symbol: "W", unit: "B", description: "weight bytes a pass of the micro-batch reads (dense + touched experts), whole model" },
    attentionDataParallel: { symbol: "A", unit: "1", description: "attention data-parallel groups" },
    alwaysReadParams: { symbol: "N_dense,read", latex: "N_{\\text{dense,read}}", unit: "param", description: "parameters read whatever the routing" },
    bytesPerWeight: { symbol: "b_w", latex: "b_{w}", unit: "B/param", description: "bytes per weight" },
    stageLayerFraction: { symbol: "f", unit: "1", description: "share of the layers on this stage" },
  },
  expr: (x) => mul(add(x.weightBytesRead, mul(sub(x.attentionDataParallel, 1), x.alwaysReadParams, x.bytesPerWeight)), x.stageLayerFraction),
  sources: [lectureAt("1:17:28", "the number of GPUs that I can use in parallel to load these weights")],
  assumptions: ["experts touched are spread evenly over the expert-parallel ranks (no routing imbalance)"],
});

export const stageKvBytesRead = defineFormula({
  id: "cluster.stageKvBytesRead",
  title: "KV bytes one stage reads per step",
  description: "The micro-batch's KV for the stage's layers, read once per copy.",
  symbol: "KV_stage",
  latex: "KV_{\\text{stage}}",
  unit: "B",
  inputs: {
    kvBytesRead: { symbol: "KV", unit: "B", description: "KV bytes the micro-batch reads, whole model" },
    stageLayerFraction: { symbol: "f", unit: "1", description: "share of the layers on this stage" },
    kvCopies: { symbol: "c_kv", latex: "c_{kv}", unit: "1", description: "copies of each KV entry" },
  },
  expr: (x) => mul(x.kvBytesRead, x.stageLayerFraction, x.kvCopies),
  sources: [lectureAt("1:12:37", "you can't amortize KV caches across batch size … nor shard it across pipeline stages")],
});

export const scaleOutFraction = defineFormula({
  id: "cluster.scaleOutFraction",
  title: "Share of expert traffic leaving the scale-up domain",
  description: "Under uniform routing a token's expert destinations are spread over all G chips of the stage; those outside its own domain of D chips go over scale-out.",
  symbol: "x_out",
  latex: "x_{\\text{out}}",
  unit: "1",
  inputs: {
    scaleUpDomainChips: { symbol: "D", unit: "chip", description: "chips per scale-up domain" },
    chipsPerStage: { symbol: "G", unit: "chip", description: "chips per stage" },
  },
  expr: ({ scaleUpDomainChips, chipsPerStage }) => max(0, sub(1, div(scaleUpDomainChips, chipsPerStage))),
  sources: [lectureAt("39:40", "half of the tokens are going to want to leave the rack"), lectureAt("36:30", "the rack-to-rack communication ends up being a substantial bottleneck")],
  assumptions: ["uniform routing; a stage spans whole domains once it outgrows one"],
});

export const allToAllBytesPerChip = defineFormula({
  id: "cluster.allToAllBytesPerChip",
  title: "Expert dispatch bytes per chip per layer",
  description: "Each token's activation vector goes to its k experts: the stage sends T·k·d·b_act bytes per MoE layer, spread over its G chips (combine sends the same back).",
  symbol: "S_a2a",
  latex: "S_{a2a}",
  unit: "B",
  inputs: {
    tokens: { symbol: "T_mb", latex: "T_{mb}", unit: "token", description: "tokens in the micro-batch" },
    expertsPerToken: { symbol: "k", unit: "expert", description: "routed experts per token" },
    hiddenSize: { symbol: "d", unit: "1", description: "model width" },
    activationBytes: { symbol: "b_act", latex: "b_{act}", unit: "B", description: "bytes per activation value" },
    chipsPerStage: { symbol: "G", unit: "chip", description: "chips per stage" },
  },
  expr: (x) => div(mul(x.tokens, x.expertsPerToken, x.hiddenSize, x.activationBytes), x.chipsPerStage),
  sources: [lectureAt("34:41", "there's some communication cost paid here; there's the same communication cost paid on the output"), lectureAt("51:36", "one token … gets routed to some number of experts")],
});

export const allToAllInsideBytes = defineFormula({
  id: "cluster.allToAllInsideBytes",
  title: "Expert traffic inside the scale-up domain",
  description: "Dispatch bytes per chip per layer that go to another chip of the same domain (1/E of the destinations are the chip itself).",
  symbol: "S_up",
  latex: "S_{\\text{up}}",
  unit: "B",
  inputs: {
    bytes: { symbol: "S_a2a", latex: "S_{a2a}", unit: "B", description: "dispatch bytes per chip per layer" },
    expertParallel: { symbol: "E", unit: "chip", description: "expert-parallel degree" },
    scaleOutFraction: { symbol: "x_out", latex: "x_{\\text{out}}", unit: "1", description: "share leaving the domain" },
  },
  expr: (x) => mul(x.bytes, max(0, sub(sub(1, div(1, x.expertParallel)), x.scaleOutFraction))),
  sources: [lectureAt("35:52", "the all-to-all pattern … is a perfect fit for how the Blackwell racks are configured")],
});

export const allToAllOutsideBytes = defineFormula({
  id: "cluster.allToAllOutsideBytes",
  title: "Expert traffic across scale-up domains",
  description: "Dispatch bytes per chip per layer that must cross the slower scale-out network.",
  symbol: "S_out",
  latex: "S_{\\text{out}}",
  unit: "B",
  inputs: {
    bytes: { symbol: "S_a2a", latex: "S_{a2a}", unit: "B", description: "dispatch bytes per chip per layer" },
    scaleOutFraction: { symbol: "x_out", latex: "x_{\\text{out}}", unit: "1", description: "share leaving the domain" },
  },
  expr: ({ bytes, scaleOutFraction }) => mul(bytes, scaleOutFraction),
  sources: [lectureAt("40:03", "they're going to need to use a much slower network, and so that becomes the bottleneck")],
});

export const allToAllSecondsPerLayer = defineFormula({
  id: "cluster.allToAllSecondsPerLayer",
  title: "Expert all-to-all time per MoE layer",
  description: "Dispatch then combine; inside and across the domain run on separate links in parallel, so the slower sets the time.",
  symbol: "t_a2a",
  latex: "t_{a2a}",
  unit: "s",
  inputs: {
    insideBytes: { symbol: "S_up", latex: "S_{\\text{up}}", unit: "B", description: "bytes per chip inside the domain" },
    scaleUpBytesPerSecond: { symbol: "BW_up", latex: "BW_{\\text{up}}", unit: "B/s", description: "scale-up bandwidth per chip, one direction" },
    outsideBytes: { symbol: "S_out", latex: "S_{\\text{out}}", unit: "B", description: "bytes per chip across domains" },
    scaleOutBytesPerSecond: { symbol: "BW_out", latex: "BW_{\\text{out}}", unit: "B/s", description: "scale-out bandwidth per chip, one direction" },
    expertParallel: { symbol: "E", unit: "chip", description: "expert-parallel degree (no all-to-all when 1)" },
    latencySeconds: { symbol: "α", latex: "\\alpha", unit: "s", description: "fixed latency per collective" },
  },
  expr: (x) => mul(2, add(max(div(x.insideBytes, x.scaleUpBytesPerSecond), div(x.outsideBytes, x.scaleOutBytesPerSecond)), mul(x.latencySeconds, min(1, sub(x.expertParallel, 1))))),
  sources: [lectureAt("35:02", "this is an all-to-all traffic pattern"), lectureAt("38:51", "a much slower connectivity, typically about eight times slower"), flashcards("00:32:09 — scale-out ~8× slower bottlenecks the all-to-all")],
  assumptions: ["no overlap of communication with compute unless overlap is chosen; links are full-duplex"],
});

export const moeLayersPerStage = defineFormula({
  id: "cluster.moeLayersPerStage",
  title: "MoE layers per stage",
  description: "The stage's share of the MoE layers.",
  symbol: "n_moe,s",
  latex: "n_{\\text{moe},s}",
  unit: "layer",
  inputs: {
    moeLayers: { symbol: "n_moe", latex: "n_{\\text{moe}}", unit: "layer", description: "MoE layers" },
    stageLayerFraction: { symbol: "f", unit: "1", description: "share of the layers on this stage" },
  },
  expr: ({ moeLayers, stageLayerFraction }) => mul(moeLayers, stageLayerFraction),
  sources: [lectureAt("52:03", "the same thing applies on multiple different layers")],
  assumptions: ["MoE layers spread evenly over stages"],
});

export const stageAllToAllSeconds = defineFormula({
  id: "cluster.stageAllToAllSeconds",
  title: "Expert all-to-all time per stage",
  description: "Dispatch and combine for every MoE layer of the stage.",
  symbol: "t_a2a,stage",
  latex: "t_{a2a,\\text{stage}}",
  unit: "s",
  inputs: {
    moeLayersPerStage: { symbol: "n_moe,s", latex: "n_{\\text{moe},s}", unit: "layer", description: "MoE layers on the stage" },
    secondsPerLayer: { symbol: "t_a2a", latex: "t_{a2a}", unit: "s", description: "all-to-all time per MoE layer" },
  },
  expr: ({ moeLayersPerStage, secondsPerLayer }) => mul(moeLayersPerStage, secondsPerLayer),
  sources: [lectureAt("52:03")],
});

// ---- Expert exchange: dispatch and combine at their own precisions, deduplicated per domain ------------

const DEEPSEEK_V3_COMM = {
  title: "DeepSeek-V3 technical report §3.2.2 and §3.3 (arXiv:2412.19437): node-limited routing, a token sent once per node over InfiniBand then forwarded over NVLink, FP8 dispatch with BF16 combine",
  url: "https://arxiv.org/abs/2412.19437",
};

export const domainsPerStage = defineFormula({
  id: "cluster.domainsPerStage",
  title: "Scale-up domains per stage",
  description: "How many scale-up domains a stage's G chips span: G/D once the stage outgrows one domain, else 1.",
  symbol: "n_dom",
  latex: "n_{\\text{dom}}",
  unit: "1",
  inputs: {
    chipsPerStage: { symbol: "G", unit: "chip", description: "chips per stage" },
    scaleUpDomainChips: { symbol: "D", unit: "chip", description: "chips per scale-up domain" },
  },
  expr: ({ chipsPerStage, scaleUpDomainChips }) => max(1, div(chipsPerStage, scaleUpDomainChips)),
  sources: [lectureAt("36:06", "once the experts no longer fit in one rack, the all-to-all crosses racks")],
});

export const routingDomainLimit = defineFormula({
  id: "cluster.routingDomainLimit",
  title: "Domains a group-limited token may reach",
  description: "A token's experts come from at most M_g of the G_r expert groups; a group spans ⌈n_dom/G_r⌉ domains, so at most M_g·⌈n_dom/G_r⌉ domains.",
  symbol: "M",
  unit: "1",
  inputs: {
    groupsPerToken: { symbol: "M_g", latex: "M_g", unit: "1", description: "expert groups a token may reach (config topk_group)" },
    domainsPerStage: { symbol: "n_dom", latex: "n_{\\text{dom}}", unit: "1", description: "scale-up domains per stage" },
    groups: { symbol: "G_r", latex: "G_r", unit: "1", description: "expert groups (config n_group)" },
  },
  expr: (x) => mul(x.groupsPerToken, ceil(div(x.domainsPerStage, x.groups))),
  sources: [DEEPSEEK_V3_COMM],
  assumptions: ["each group's experts on consecutive chips, so a group spans as few domains as it can"],
});

export const expertInsideBytesPerChip = defineFormula({
  id: "cluster.expertInsideBytesPerChip",
  title: "Expert dispatch + combine bytes inside the domain, per chip per MoE layer",
  description:
    "Each chip sends its share of the micro-batch's tokens (T_mb/G) to the k experts of each token; the destinations on other chips of its own domain (1 − 1/E − x_out of them) go over scale-up, dispatch and combine each at its own precision (s_tok bytes per token per destination).",
  symbol: "S_up",
  latex: "S_{\\text{up}}",
  unit: "B",
  inputs: {
    tokens: { symbol: "T_mb", latex: "T_{mb}", unit: "token", description: "tokens in the micro-batch" },
    chipsPerStage: { symbol: "G", unit: "chip", description: "chips per stage (each sends its share of the tokens)" },
    expertsPerToken: { symbol: "k", unit: "expert", description: "routed experts per token" },
    expertParallel: { symbol: "E", unit: "chip", description: "expert-parallel degree (1/E of the destinations are the chip itself)" },
    scaleOutFraction: { symbol: "x_out", latex: "x_{\\text{out}}", unit: "1", description: "share of destinations outside the domain" },
    bytesPerToken: { symbol: "s_tok", latex: "s_{\\text{tok}}", unit: "B/token", description: "dispatch + combine bytes per token per destination" },
  },
  expr: (x) => mul(div(x.tokens, x.chipsPerStage), x.expertsPerToken, max(0, sub(sub(1, div(1, x.expertParallel)), x.scaleOutFraction)), x.bytesPerToken),
  sources: [lectureAt("34:41", "there's some communication cost paid here; there's the same communication cost paid on the output"), DEEPSEEK_V3_COMM],
  assumptions: ["uniform routing over the stage's chips; forwarding inside the destination domain is not counted (the optimistic side)"],
});

export const expertOutsideBytesPerChip = defineFormula({
  id: "cluster.expertOutsideBytesPerChip",
  title: "Expert dispatch + combine bytes across domains, per chip per MoE layer",
  description:
    "A token crosses the scale-out network once per other domain it is routed to (deduplicated per domain, forwarded over scale-up on arrival): the domains it reaches (D_tok, node-limited) times the share outside its own (x_out), dispatch and combine each at its own precision.",
  symbol: "S_out",
  latex: "S_{\\text{out}}",
  unit: "B",
  inputs: {
    tokens: { symbol: "T_mb", latex: "T_{mb}", unit: "token", description: "tokens in the micro-batch" },
    chipsPerStage: { symbol: "G", unit: "chip", description: "chips per stage (each sends its share of the tokens)" },
    domainsReached: { symbol: "D_tok", latex: "D_{\\text{tok}}", unit: "1", description: "domains a token's experts sit on (node-limited routing)" },
    scaleOutFraction: { symbol: "x_out", latex: "x_{\\text{out}}", unit: "1", description: "share of the stage outside a chip's own domain" },
    bytesPerToken: { symbol: "s_tok", latex: "s_{\\text{tok}}", unit: "B/token", description: "dispatch + combine bytes per token per destination" },
  },
  expr: (x) => mul(div(x.tokens, x.chipsPerStage), x.domainsReached, x.scaleOutFraction, x.bytesPerToken),
  sources: [lectureAt("39:40", "half of the tokens are going to want to leave the rack"), DEEPSEEK_V3_COMM],
  assumptions: ["one copy per destination domain (DeepEP-style forwarding); uniform routing over domains up to the node limit"],
});

export const allToAllLatencySeconds = defineFormula({
  id: "cluster.allToAllLatencySeconds",
  title: "Latency of one expert all-to-all",
  description: "An all-to-all that stays inside the domain pays the scale-up latency; one that leaves it pays the scale-out latency (the larger).",
  symbol: "α_a2a",
  latex: "\\alpha_{a2a}",
  unit: "s",
  inputs: {
    scaleUpLatencySeconds: { symbol: "α_up", latex: "\\alpha_{\\text{up}}", unit: "s", description: "latency of a collective inside the domain" },
    scaleOutLatencySeconds: { symbol: "α_out", latex: "\\alpha_{\\text{out}}", unit: "s", description: "latency of a collective across domains" },
    scaleOutFraction: { symbol: "x_out", latex: "x_{\\text{out}}", unit: "1", description: "share of destinations outside the domain (0: none leave)" },
  },
  expr: (x) => max(x.scaleUpLatencySeconds, mul(x.scaleOutLatencySeconds, ceil(x.scaleOutFraction))),
  sources: [{ title: "NVIDIA nccl-tests PERFORMANCE.md: small-message time is latency-bound; inter-node latency exceeds NVLink's", url: "https://github.com/NVIDIA/nccl-tests/blob/master/doc/PERFORMANCE.md" }],
});

export const expertExchangeSecondsPerLayer = defineFormula({
  id: "cluster.expertExchangeSecondsPerLayer",
  title: "Expert dispatch + combine time per MoE layer",
  description:
    "Dispatch and combine bytes inside and across the domain run on separate links in parallel, so the slower link sets the time, at the fraction of the link rate a collective reaches; plus a latency for each of the two collectives (none without expert parallelism).",
  symbol: "t_a2a",
  latex: "t_{a2a}",
  unit: "s",
  inputs: {
    insideBytes: { symbol: "S_up", latex: "S_{\\text{up}}", unit: "B", description: "dispatch + combine bytes per chip inside the domain" },
    scaleUpBytesPerSecond: { symbol: "BW_up", latex: "BW_{\\text{up}}", unit: "B/s", description: "scale-up bandwidth per chip, one direction" },
    outsideBytes: { symbol: "S_out", latex: "S_{\\text{out}}", unit: "B", description: "dispatch + combine bytes per chip across domains" },
    scaleOutBytesPerSecond: { symbol: "BW_out", latex: "BW_{\\text{out}}", unit: "B/s", description: "scale-out bandwidth per chip, one direction" },
    linkEfficiency: { symbol: "η_link", latex: "\\eta_{\\text{link}}", unit: "1", description: "fraction of the link rate a collective reaches (1 in the ideal)" },
    expertParallel: { symbol: "E", unit: "chip", description: "expert-parallel degree (no all-to-all when 1)" },
    latencySeconds: { symbol: "α_a2a", latex: "\\alpha_{a2a}", unit: "s", description: "latency of one all-to-all" },
  },
  expr: (x) =>
    add(
      div(max(div(x.insideBytes, x.scaleUpBytesPerSecond), div(x.outsideBytes, x.scaleOutBytesPerSecond)), x.linkEfficiency),
      mul(2, x.latencySeconds, min(1, sub(x.expertParallel, 1))),
    ),
  sources: [lectureAt("35:02", "this is an all-to-all traffic pattern"), lectureAt("38:51", "a much slower connectivity, typically about eight times slower"), DEEPSEEK_V3_COMM],
  assumptions: ["links are full-duplex: dispatch and combine bytes are counted together on the one direction each chip sends"],
});

// ---- The expected stage ------------------------------------------------------------------------------

export const tokensPerAttentionGroup = defineFormula({
  id: "cluster.tokensPerAttentionGroup",
  title: "Tokens per attention group",
  description: "Each attention data-parallel group runs the dense parts on its own share of the micro-batch's tokens: the rows of its matrix multiplies.",
  symbol: "T_grp",
  latex: "T_{\\text{grp}}",
  unit: "token",
  inputs: {
    tokens: { symbol: "T_mb", latex: "T_{mb}", unit: "token", description: "tokens in the micro-batch" },
    attentionDataParallel: { symbol: "A", unit: "1", description: "attention data-parallel groups" },
  },
  expr: ({ tokens, attentionDataParallel }) => div(tokens, attentionDataParallel),
  sources: [{ title: "DeepSeek-V3 technical report §3.4: attention with data parallelism, MoE with expert parallelism (arXiv:2412.19437)", url: "https://arxiv.org/abs/2412.19437" }],
});

export const stageKernelSeconds = defineFormula({
  id: "cluster.stageKernelSeconds",
  title: "Stage kernels (expected)",
  description: "The stage's dense matmuls, its routed experts on the busiest chip and its attention run one after another, each at its own roofline.",
  symbol: "t_kern",
  latex: "t_{\\text{kern}}",
  unit: "s",
  inputs: {
    denseSeconds: { symbol: "t_dense", latex: "t_{\\text{dense}}", unit: "s", description: "dense matmuls: max(compute, weight reads)" },
    expertSeconds: { symbol: "t_exp", latex: "t_{\\text{exp}}", unit: "s", description: "routed experts, busiest chip: max(compute, weight reads)" },
    attentionSeconds: { symbol: "t_attn", latex: "t_{\\text{attn}}", unit: "s", description: "attention: max(compute, KV reads)" },
  },
  expr: (x) => add(x.denseSeconds, x.expertSeconds, x.attentionSeconds),
  sources: [{ title: "NVIDIA Deep Learning Performance Guide: each kernel is limited by its own arithmetic or memory traffic", url: "https://docs.nvidia.com/deeplearning/performance/dl-performance-gpu-background/index.html" }],
  assumptions: ["kernels do not overlap one another; a kernel's compute and memory traffic do"],
});

export const expectedStageSeconds = defineFormula({
  id: "cluster.expectedStageSeconds",
  title: "Stage time (expected)",
  description: "The stage's kernels with its communication (overlapped or not), plus the fixed time of its layers' kernel launches and the host's work per step (as in the step's expected time).",
  symbol: "t_stage,exp",
  latex: "t_{\\text{stage,exp}}",
  unit: "s",
  inputs: {
    busySeconds: { symbol: "t_overlap", latex: "t_{\\text{overlap}}", unit: "s", description: "kernels and communication, with the last chunk's communication exposed" },
    fixedSeconds: { symbol: "t_fixed", latex: "t_{\\text{fixed}}", unit: "s", description: "fixed time of the stage's layers" },
    hostSeconds: { symbol: "t_host", latex: "t_{\\text{host}}", unit: "s", description: "the serving engine's host work per step for the sequences it schedules, not hidden" },
  },
  expr: (x) => add(x.busySeconds, x.fixedSeconds, x.hostSeconds),
  sources: [cribSheet("principle 8: overlap turns compute + comms into max(compute, comms), and the last chunk's all-reduce is always exposed")],
});

export const tensorParallelBytes = defineFormula({
  id: "cluster.tensorParallelBytes",
  title: "Activation bytes per all-reduce",
  description: "A tensor-parallel group reduces the activations of its own tokens (1/A of the micro-batch).",
  symbol: "S_AR",
  latex: "S_{AR}",
  unit: "B",
  inputs: {
    tokens: { symbol: "T_mb", latex: "T_{mb}", unit: "token", description: "tokens in the micro-batch" },
    attentionDataParallel: { symbol: "A", unit: "1", description: "attention data-parallel groups" },
    hiddenSize: { symbol: "d", unit: "1", description: "model width" },
    activationBytes: { symbol: "b_act", latex: "b_{act}", unit: "B", description: "bytes per activation value" },
  },
  expr: (x) => mul(div(x.tokens, x.attentionDataParallel), x.hiddenSize, x.activationBytes),
  sources: [cribSheet("16 KB vs 75 MB all-reduce: LLM decode moves 1 token, a world-model pass moves 12K tokens")],
});

export const allReducesPerStage = defineFormula({
  id: "cluster.allReducesPerStage",
  title: "All-reduces per stage",
  description: "Two per layer (after attention and after the FFN, Megatron-style), none without tensor parallelism.",
  symbol: "n_AR",
  latex: "n_{AR}",
  unit: "1",
  inputs: {
    layersPerStage: { symbol: "L_s", latex: "L_{s}", unit: "layer", description: "layers per stage" },
    attentionTensorDegree: { symbol: "T_a", latex: "T_{a}", unit: "chip", description: "tensor-parallel degree of the dense parts" },
  },
  expr: ({ layersPerStage, attentionTensorDegree }) => mul(2, layersPerStage, min(1, sub(attentionTensorDegree, 1))),
  sources: [cribSheet("TP4 misses 100 ms: 56 all-reduces (28 layers × 2)"), { title: "Megatron-LM (arXiv:1909.08053) §3: two all-reduces per layer in the forward pass", url: "https://arxiv.org/abs/1909.08053" }],
});

export const tensorParallelSeconds = defineFormula({
  id: "cluster.tensorParallelSeconds",
  title: "Tensor-parallel communication time",
  description: "All-reduces run one after another, each on the critical path.",
  symbol: "t_TP",
  latex: "t_{TP}",
  unit: "s",
  inputs: {
    allReduces: { symbol: "n_AR", latex: "n_{AR}", unit: "1", description: "all-reduces" },
    allReduceSeconds: { symbol: "t_AR", latex: "t_{AR}", unit: "s", description: "time of one all-reduce" },
  },
  expr: ({ allReduces, allReduceSeconds }) => mul(allReduces, allReduceSeconds),
  sources: [cribSheet("TP4 misses 100 ms: 56 all-reduces × 75 MB @ ~400 GB/s ≈ 16 ms")],
});

export const expertTensorParallelBytes = defineFormula({
  id: "cluster.expertTensorParallelBytes",
  title: "Expert partial sums per all-reduce",
  description:
    "When each expert is split T ways, the T ranks of an expert group sum a token's experts in that group first and reduce one vector per token routed there: T_mb·g/E vectors, g the groups a token reaches (one vector per token when E = 1, not k).",
  symbol: "S_AR,exp",
  latex: "S_{AR,\\text{exp}}",
  unit: "B",
  inputs: {
    tokens: { symbol: "T_mb", latex: "T_{mb}", unit: "token", description: "tokens in the micro-batch" },
    groupsPerToken: { symbol: "g", unit: "1", description: "expert groups a token's experts fall in" },
    expertParallel: { symbol: "E", unit: "chip", description: "expert-parallel groups" },
    hiddenSize: { symbol: "d", unit: "1", description: "model width" },
    activationBytes: { symbol: "b_act", latex: "b_{act}", unit: "B", description: "bytes per activation value" },
  },
  expr: (x) => div(mul(x.tokens, x.groupsPerToken, x.hiddenSize, x.activationBytes), x.expertParallel),
  sources: [
    lectureAt("1:13:19", "tensor parallelism, cutting up within an expert … the experts are so small now that it's not a profitable optimization"),
    { title: "vLLM FusedMoE: one all-reduce of the summed experts' output per layer", url: "https://github.com/vllm-project/vllm/blob/main/vllm/model_executor/layers/fused_moe/layer.py", date: "2026-11-27", locator: "FusedMoE.forward: tensor_model_parallel_all_reduce of the summed output" },
  ],
  assumptions: ["uniform routing over the E expert groups"],
});

export const expertAllReducesPerStage = defineFormula({
  id: "cluster.expertAllReducesPerStage",
  title: "Expert all-reduces per stage",
  description: "One per MoE layer when the experts are tensor-split, none otherwise.",
  symbol: "n_AR,exp",
  latex: "n_{AR,\\text{exp}}",
  unit: "1",
  inputs: {
    moeLayersPerStage: { symbol: "n_moe,s", latex: "n_{\\text{moe},s}", unit: "layer", description: "MoE layers on the stage" },
    tensorParallel: { symbol: "T", unit: "chip", description: "ways each expert is split" },
  },
  expr: ({ moeLayersPerStage, tensorParallel }) => mul(moeLayersPerStage, min(1, sub(tensorParallel, 1))),
  sources: [lectureAt("48:13", "tensor parallelism … with a trend towards smaller experts this has become much less relevant")],
});

export const stageCommSeconds = defineFormula({
  id: "cluster.stageCommSeconds",
  title: "Communication time per stage",
  description: "Expert all-to-all plus the tensor-parallel all-reduces of the dense parts and of the experts.",
  symbol: "t_comm",
  latex: "t_{\\text{comm}}",
  unit: "s",
  inputs: {
    allToAllSeconds: { symbol: "t_a2a,stage", latex: "t_{a2a,\\text{stage}}", unit: "s", description: "expert all-to-all time" },
    tensorParallelSeconds: { symbol: "t_TP", latex: "t_{TP}", unit: "s", description: "tensor-parallel all-reduce time of the dense parts" },
    expertTensorParallelSeconds: { symbol: "t_TP,exp", latex: "t_{TP,\\text{exp}}", unit: "s", description: "tensor-parallel all-reduce time of the experts" },
  },
  expr: (x) => add(x.allToAllSeconds, x.tensorParallelSeconds, x.expertTensorParallelSeconds),
  sources: [lectureAt("34:53", "the hope is that this does not become communication limited")],
});

export const stageSecondsSerial = defineFormula({
  id: "cluster.stageSeconds",
  title: "Stage time",
  description: "The stage's roofline (max of compute and memory) plus its communication, not overlapped.",
  symbol: "t_stage",
  latex: "t_{\\text{stage}}",
  unit: "s",
  inputs: {
    rooflineSeconds: { symbol: "t_roof", latex: "t_{\\text{roof}}", unit: "s", description: "max(compute, memory) of the stage" },
    commSeconds: { symbol: "t_comm", latex: "t_{\\text{comm}}", unit: "s", description: "communication time" },
  },
  expr: ({ rooflineSeconds, commSeconds }) => add(rooflineSeconds, commSeconds),
  sources: [cribSheet("TP4 misses 100 ms: 23 ms compute + 16 ms comms → 39 ms/pass")],
  assumptions: ["communication is not overlapped with compute (the crib sheet's worst case)"],
});

export const stageSecondsOverlapped = defineFormula({
  id: "cluster.stageSecondsOverlapped",
  title: "Stage time (communication overlapped)",
  description: "With communication hidden behind compute and memory traffic, the slower of the two sets the time.",
  symbol: "t_stage",
  latex: "t_{\\text{stage}}",
  unit: "s",
  inputs: {
    rooflineSeconds: { symbol: "t_roof", latex: "t_{\\text{roof}}", unit: "s", description: "max(compute, memory) of the stage" },
    commSeconds: { symbol: "t_comm", latex: "t_{\\text{comm}}", unit: "s", description: "communication time" },
  },
  expr: ({ rooflineSeconds, commSeconds }) => max(rooflineSeconds, commSeconds),
  sources: [cribSheet("Overlap turns compute + comms into max(compute, comms)")],
  assumptions: ["perfect overlap; in practice the last chunk's communication stays exposed"],
});

// ---- Pipeline --------------------------------------------------------------------------------------

export const pipelineHopBytesPerChip = defineFormula({
  id: "cluster.pipelineHopBytesPerChip",
  title: "Pipeline hop bytes per chip",
  description: "The micro-batch's activations passed to the next stage, each of the stage's G chips sending its share.",
  symbol: "S_hop",
  latex: "S_{\\text{hop}}",
  unit: "B",
  inputs: {
    tokens: { symbol: "T_mb", latex: "T_{mb}", unit: "token", description: "tokens in the micro-batch" },
    hiddenSize: { symbol: "d", unit: "1", description: "model width" },
    activationBytes: { symbol: "b_act", latex: "b_{act}", unit: "B", description: "bytes per activation value" },
    chipsPerStage: { symbol: "G", unit: "chip", description: "chips per stage" },
  },
  expr: (x) => div(mul(x.tokens, x.hiddenSize, x.activationBytes), x.chipsPerStage),
  sources: [lectureAt("49:49", "we're only sending one thing here")],
});

export const pipelineHopSeconds = defineFormula({
  id: "cluster.pipelineHopSeconds",
  title: "Pipeline hop time",
  description: "Passing the micro-batch's activations to the next stage: a fixed hop latency plus the bytes over the link.",
  symbol: "t_hop",
  latex: "t_{\\text{hop}}",
  unit: "s",
  inputs: {
    hopLatencySeconds: { symbol: "h", unit: "s", description: "fixed latency of one hop (GPU → NIC → switch → NIC → GPU)" },
    bytesPerChip: { symbol: "S_hop", latex: "S_{\\text{hop}}", unit: "B", description: "bytes each chip sends" },
    linkBytesPerSecond: { symbol: "BW_hop", latex: "BW_{\\text{hop}}", unit: "B/s", description: "per-chip bandwidth of the hop's link" },
  },
  expr: (x) => add(x.hopLatencySeconds, div(x.bytesPerChip, x.linkBytesPerSecond)),
  sources: [lectureAt("1:15:13", "what is the latency cost per hop? … on the order of a few milliseconds"), lectureAt("1:15:54", "GPU to a network card, to a top-of-rack switch, then over to the other rack")],
});

export const pipelineHopsPerToken = defineFormula({
  id: "cluster.pipelineHopsPerToken",
  title: "Pipeline hops per token",
  description: "A decoded token crosses P − 1 stage boundaries and, to feed the next step, one hop back to the first stage (none with one stage).",
  symbol: "n_hop",
  latex: "n_{\\text{hop}}",
  unit: "1",
  inputs: {
    pipelineStages: { symbol: "P", unit: "1", description: "pipeline stages" },
  },
  expr: ({ pipelineStages }) => add(sub(pipelineStages, 1), min(sub(pipelineStages, 1), 1)),
  sources: [lectureAt("1:16:26", "because decode is sequential … they stack up across the stages"), lectureAt("1:08:05", "I'm going to be running this batch in a loop")],
});

export const tokenSeconds = defineFormula({
  id: "cluster.tokenSeconds",
  title: "Time per output token",
  description: "One decode step of a sequence: every stage in turn, plus every hop.",
  symbol: "t_token",
  latex: "t_{\\text{token}}",
  unit: "s",
  inputs: {
    pipelineStages: { symbol: "P", unit: "1", description: "pipeline stages" },
    stageSeconds: { symbol: "t_stage", latex: "t_{\\text{stage}}", unit: "s", description: "time of the heaviest stage" },
    hops: { symbol: "n_hop", latex: "n_{\\text{hop}}", unit: "1", description: "hops per token" },
    hopSeconds: { symbol: "t_hop", latex: "t_{\\text{hop}}", unit: "s", description: "time per hop" },
  },
  expr: (x) => add(mul(x.pipelineStages, x.stageSeconds), mul(x.hops, x.hopSeconds)),
  sources: [lectureAt("1:01:13", "pipelining is neither better nor worse for latency"), lectureAt("1:15:46", "if it goes from 20 to 30")],
});

export const pipelineCycleSeconds = defineFormula({
  id: "cluster.pipelineCycleSeconds",
  title: "Decode cycle",
  description: "Time for every micro-batch in flight to advance one token: the slower of one trip round the pipeline and the first stage working through all m micro-batches.",
  symbol: "t_cycle",
  latex: "t_{\\text{cycle}}",
  unit: "s",
  inputs: {
    tokenSeconds: { symbol: "t_token", latex: "t_{\\text{token}}", unit: "s", description: "time per token round the pipeline" },
    microBatches: { symbol: "m", unit: "1", description: "micro-batches in flight" },
    stageSeconds: { symbol: "t_stage", latex: "t_{\\text{stage}}", unit: "s", description: "time of the heaviest stage" },
  },
  expr: (x) => max(x.tokenSeconds, mul(x.microBatches, x.stageSeconds)),
  sources: [lectureAt("57:43", "we run it as soon as we can, immediately after inference zero finishes"), lectureAt("1:09:42", "as small as possible such that we can wrap around and not leave any idle time")],
});

export const totalTokensPerSecond = defineFormula({
  id: "cluster.totalTokensPerSecond",
  title: "Throughput of all replicas",
  description: "Data-parallel replicas serve separate sequences side by side: throughput adds, speed per user does not change.",
  symbol: "Θ_total",
  latex: "\\Theta_{\\text{total}}",
  unit: "token/s",
  inputs: {
    replicaTokensPerSecond: { symbol: "Θ_rep", latex: "\\Theta_{\\text{rep}}", unit: "token/s", description: "throughput of one replica" },
    replicas: { symbol: "R", unit: "1", description: "data-parallel replicas" },
  },
  expr: ({ replicaTokensPerSecond, replicas }) => mul(replicaTokensPerSecond, replicas),
  sources: [cribSheet("DP adds streams, never faster ticks")],
});

export const pipelineBoundaryRatio = defineFormula({
  id: "cluster.pipelineBoundaryRatio",
  title: "Scale-up time ÷ scale-out time at a rack boundary",
  description:
    "A stage boundary sends each token once over scale-out, while inside the stage each token goes to k experts and back on every layer; at ≥ 1 the scale-up all-to-all, not the boundary, is the bottleneck.",
  symbol: "t_up/t_out",
  latex: "t_{\\text{up}}/t_{\\text{out}}",
  unit: "1",
  inputs: {
    scaleOutBytesPerSecond: { symbol: "BW_out", latex: "BW_{\\text{out}}", unit: "B/s", description: "scale-out bandwidth per chip" },
    scaleUpBytesPerSecond: { symbol: "BW_up", latex: "BW_{\\text{up}}", unit: "B/s", description: "scale-up bandwidth per chip" },
    expertsPerToken: { symbol: "k", unit: "expert", description: "activated experts per token" },
    layersPerStage: { symbol: "L_s", latex: "L_{s}", unit: "layer", description: "layers per stage" },
  },
  expr: (x) => mul(div(x.scaleOutBytesPerSecond, x.scaleUpBytesPerSecond), x.expertsPerToken, x.layersPerStage, 2),
  sources: [
    lectureAt("50:50", "the ratio of the time spent on scale up over the time spent on scale out"),
    lectureAt("51:16", "scale up is eight times faster … one over eight"),
    lectureAt("52:20", "multiply the whole thing by two"),
    lectureAt("52:31", "we would like this number to be greater than or equal to one"),
  ],
  assumptions: ["every token's activation crosses the boundary once; inside, each token is dispatched to k experts and combined back on every layer"],
});

export const aggregateHbmBytesPerSecond = defineFormula({
  id: "cluster.aggregateHbmBytesPerSecond",
  title: "Aggregate weight-read bandwidth",
  description: "All chips of a scale-up domain read their share of the weights in parallel; pipeline stages cannot, because they run one after another.",
  symbol: "BW_agg",
  latex: "BW_{\\text{agg}}",
  unit: "B/s",
  inputs: {
    chips: { symbol: "D", unit: "chip", description: "chips reading in parallel (the scale-up domain)" },
    bandwidthBytesPerSecond: { symbol: "BW", unit: "B/s", description: "HBM bandwidth per chip" },
  },
  expr: ({ chips, bandwidthBytesPerSecond }) => mul(chips, bandwidthBytesPerSecond),
  sources: [lectureAt("1:17:35", "I can't use different pipeline stages in parallel … but I can use all the GPUs in my scale-up domain"), lectureAt("1:17:58", "scale-up size times memory bandwidth per GPU")],
});

// ---- Pipeline schedules ------------------------------------------------------------------------------

export const trainingBubbleFraction = defineFormula({
  id: "pipeline.trainingBubbleFraction",
  title: "Training pipeline bubble",
  description: "With m micro-batches through P stages the ramp-up and ramp-down leave (P−1)/(v·m + P−1) of the step idle; v model chunks per chip (interleaved 1F1B) shrink it v-fold, v = 1 is GPipe and 1F1B.",
  symbol: "β",
  latex: "\\beta",
  unit: "1",
  inputs: {
    pipelineStages: { symbol: "P", unit: "1", description: "pipeline stages" },
    microBatches: { symbol: "m", unit: "1", description: "micro-batches per step" },
    virtualStages: { symbol: "v", unit: "1", description: "model chunks per chip (1 without interleaving)" },
  },
  expr: ({ pipelineStages, microBatches, virtualStages }) => div(sub(pipelineStages, 1), add(mul(virtualStages, microBatches), sub(pipelineStages, 1))),
  sources: [
    lectureAt("58:54", "we'll do some number of batches in the forwards pass, then transition to the backwards pass for everyone"),
    lectureAt("1:00:21", "this idle time here which is the bubble … one forward one backward"),
    flashcards("00:47:12 — pipeline bubbles"),
    { title: "GPipe (arXiv:1811.06965): bubble (P−1)/(m+P−1)", url: "https://arxiv.org/abs/1811.06965" },
    { title: "Narayanan et al., Efficient Large-Scale Language Model Training on GPU Clusters Using Megatron-LM (SC21): interleaved schedule, bubble (P−1)/(v·m)", url: "https://arxiv.org/abs/2104.04473" },
  ],
  assumptions: ["equal stage times; backward passes take a fixed multiple of forward"],
});

export const inferenceIdleFraction = defineFormula({
  id: "pipeline.inferenceIdleFraction",
  title: "Inference pipeline idle share",
  description: "In decode each micro-batch loops back to the first stage, so with m ≥ P micro-batches no stage waits; with fewer, 1 − m/P of the time is idle.",
  symbol: "β_inf",
  latex: "\\beta_{\\text{inf}}",
  unit: "1",
  inputs: {
    pipelineStages: { symbol: "P", unit: "1", description: "pipeline stages" },
    microBatches: { symbol: "m", unit: "1", description: "micro-batches in flight" },
  },
  expr: ({ pipelineStages, microBatches }) => max(0, sub(1, div(microBatches, pipelineStages))),
  sources: [lectureAt("57:34", "three-quarters of the time each of the racks is doing nothing"), lectureAt("1:09:50", "it is equal to the number of pipeline stages")],
  assumptions: ["hop latency ignored (it adds idle time unless m exceeds P)"],
});

export const trainingStepSlots = defineFormula({
  id: "pipeline.trainingStepSeconds",
  title: "Training step time (pipelined)",
  description: "m micro-batches forward and backward through P stages: (m + P − 1) forward-plus-backward slots.",
  symbol: "t_train",
  latex: "t_{\\text{train}}",
  unit: "s",
  inputs: {
    pipelineStages: { symbol: "P", unit: "1", description: "pipeline stages" },
    microBatches: { symbol: "m", unit: "1", description: "micro-batches per step" },
    forwardSeconds: { symbol: "t_f", latex: "t_{f}", unit: "s", description: "forward time of one micro-batch on one stage" },
    backwardSeconds: { symbol: "t_b", latex: "t_{b}", unit: "s", description: "backward time of one micro-batch on one stage (≈ 2 t_f)" },
  },
  expr: (x) => mul(add(x.microBatches, sub(x.pipelineStages, 1)), add(x.forwardSeconds, x.backwardSeconds)),
  sources: [lectureAt("59:24", "then we do a hard stop and transition everyone to the backwards pass"), flashcards("01:18:59 — backward is 2× forward")],
});

// ---- Deadlines (the crib sheet's tick budget) --------------------------------------------------------

export const sequentialPassesSeconds = defineFormula({
  id: "cluster.sequentialPassesSeconds",
  title: "Time for sequential passes",
  description: "Passes that depend on each other (denoising steps, decode steps) add up; data parallelism cannot shorten them.",
  symbol: "t_total",
  latex: "t_{\\text{total}}",
  unit: "s",
  inputs: {
    passes: { symbol: "n", unit: "1", description: "sequential passes" },
    passSeconds: { symbol: "t_pass", latex: "t_{\\text{pass}}", unit: "s", description: "time per pass" },
  },
  expr: ({ passes, passSeconds }) => mul(passes, passSeconds),
  sources: [cribSheet("TP4 misses 100 ms: 39 ms/pass × 4 = 156 ms"), cribSheet("DP adds streams, never faster ticks")],
});

export const deadlineSlackSeconds = defineFormula({
  id: "cluster.deadlineSlackSeconds",
  title: "Slack against the deadline",
  description: "Deadline minus time taken: negative means the deadline is missed.",
  symbol: "slack",
  unit: "s",
  inputs: {
    deadlineSeconds: { symbol: "t_tick", latex: "t_{\\text{tick}}", unit: "s", description: "deadline (one tick)" },
    seconds: { symbol: "t_total", latex: "t_{\\text{total}}", unit: "s", description: "time taken" },
  },
  expr: ({ deadlineSeconds, seconds }) => sub(deadlineSeconds, seconds),
  sources: [cribSheet("TP4 misses 100 ms")],
});

export const replicatedStageBytes = defineFormula({
  id: "cluster.replicatedStageBytes",
  title: "Dense bytes one stage reads, replicated linears copied",
  description: "A replicated linear (MLA's q_a/kv_a) is read whole by each of the t chips of an attention group: t − 1 more copies per group.",
  symbol: "W_stage,r",
  latex: "W_{\\text{stage},r}",
  unit: "B",
  inputs: {
    stageBytes: { symbol: "W_stage", latex: "W_{\\text{stage}}", unit: "B", description: "dense bytes of the stage, split" },
    tensorParallel: { symbol: "t", unit: "chip", description: "chips per attention group" },
    attentionDataParallel: { symbol: "A", unit: "1", description: "attention groups" },
    replicatedParams: { symbol: "N_r", latex: "N_{r}", unit: "param", description: "replicated parameters, all layers" },
    bytesPerWeight: { symbol: "b", unit: "B", description: "bytes per weight" },
    stageLayerFraction: { symbol: "f", unit: "1", description: "share of the layers on this stage" },
  },
  expr: (x) => add(x.stageBytes, mul(sub(x.tensorParallel, 1), x.attentionDataParallel, x.replicatedParams, x.bytesPerWeight, x.stageLayerFraction)),
  sources: [MLA_REPLICATED],
});
