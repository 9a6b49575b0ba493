/**
 * One training step as formulas: FLOP per token (6·N plus causal attention, plus recomputation), the
 * compute and memory roofline of one micro-batch on one pipeline stage, the collectives of tensor,
 * context, expert, pipeline and data parallelism, the pipeline bubble (GPipe, 1F1B, interleaved), the
 * step time, tokens/s per chip and MFU; memory per chip (weights, gradients, optimizer state by ZeRO
 * stage, activations by recomputation and sequence/tensor parallelism, reversible layers); and the run.
 *
 * Symbols: D data-parallel degree, T tensor-parallel, P pipeline stages, C context-parallel, E
 * expert-parallel; b sequences per micro-batch, m micro-batches per step, S sequence length, v virtual
 * stages per chip (interleaved 1F1B), L layers, h model width, f FFN width a token passes through.
 */
import { add, ceil, div, floor, max, min, mul, sub } from "../formula/expr.ts";
import { defineFormula } from "../formula/formula.ts";
import { flashcards, lectureAt, type SourceRef } from "../sources.ts";

export const MEGATRON_2021: SourceRef = {
  title: "Narayanan et al., Efficient Large-Scale Language Model Training on GPU Clusters Using Megatron-LM (SC21), arXiv:2104.04473",
  url: "https://arxiv.org/abs/2104.04473",
};
export const KORTHIKANTI_2022: SourceRef = {
  title: "Korthikanti et al., Reducing Activation Recomputation in Large Transformer Models, arXiv:2205.05198",
  url: "https://arxiv.org/abs/2205.05198",
};
export const ZERO_2020: SourceRef = {
  title: "Rajbhandari et al., ZeRO: Memory Optimizations Toward Training Trillion Parameter Models, arXiv:1910.02054",
  url: "https://arxiv.org/abs/1910.02054",
};
export const PALM_MFU: SourceRef = {
  title: "Chowdhery et al., PaLM, arXiv:2204.02311, appendix B: model FLOPs utilization (MFU) and hardware FLOPs utilization (HFU)",
  url: "https://arxiv.org/abs/2204.02311",
};
export const REVNET_2017: SourceRef = {
  title: "Gomez et al., The Reversible Residual Network: Backpropagation Without Storing Activations, arXiv:1707.04585",
  url: "https://arxiv.org/abs/1707.04585",
};
export const RING_ATTENTION: SourceRef = {
  title: "Liu et al., Ring Attention with Blockwise Transformers for Near-Infinite Context, arXiv:2310.01889",
  url: "https://arxiv.org/abs/2310.01889",
};
export const GSHARD: SourceRef = {
  title: "Lepikhin et al., GShard: expert all-to-all dispatch and combine, arXiv:2006.16668",
  url: "https://arxiv.org/abs/2006.16668",
};
export const KAPLAN: SourceRef = { title: "Kaplan et al., Scaling Laws for Neural Language Models, arXiv:2001.08361: C ≈ 6ND", url: "https://arxiv.org/abs/2001.08361" };
export const CHEN_2016: SourceRef = { title: "Chen et al., Training Deep Nets with Sublinear Memory Cost (activation recomputation), arXiv:1604.06174", url: "https://arxiv.org/abs/1604.06174" };

// ---- FLOP --------------------------------------------------------------------------------------------

export const attentionForwardFlopPerToken = defineFormula({
  id: "trainstep.attentionForwardFlopPerToken",
  title: "Attention FLOP per token, forward (causal)",
  description: "Scores and weighted values: a token attends on average to half the sequence under the causal mask (full layers), and to at most its window (windowed layers).",
  symbol: "F_attn",
  latex: "F_{\\text{attn}}",
  unit: "FLOP/token",
  inputs: {
    fullFlopPerAttended: { symbol: "a_full", latex: "a_{\\text{full}}", unit: "FLOP/token", description: "FLOP per query token per attended key, summed over full-context layers" },
    windowedFlopPerAttended: { symbol: "a_win", latex: "a_{\\text{win}}", unit: "FLOP/token", description: "the same, summed over windowed layers" },
    sequenceTokens: { symbol: "S", unit: "token", description: "sequence length" },
    windowTokens: { symbol: "W", unit: "token", description: "window of the windowed layers" },
  },
  expr: (x) => add(mul(x.fullFlopPerAttended, div(x.sequenceTokens, 2)), mul(x.windowedFlopPerAttended, min(x.windowTokens, div(x.sequenceTokens, 2)))),
  sources: [MEGATRON_2021, { title: "Dao et al., FlashAttention-2: causal masking skips the upper triangle, arXiv:2307.08691", url: "https://arxiv.org/abs/2307.08691" }],
  assumptions: ["causal: on average S/2 keys per query (the FLOP a causal kernel does, not the full S² that some MFU conventions count)"],
});

export const modelFlopPerToken = defineFormula({
  id: "trainstep.modelFlopPerToken",
  title: "Model FLOP per token (training)",
  description: "6 FLOP per parameter a token multiplies by (2 forward + 4 backward), plus attention forward and its backward (× 3).",
  symbol: "F_model",
  latex: "F_{\\text{model}}",
  unit: "FLOP/token",
  inputs: {
    matmulParams: { symbol: "N", unit: "param", description: "parameters one token multiplies by (active, less the embedding lookup)" },
    attentionForwardFlop: { symbol: "F_attn", latex: "F_{\\text{attn}}", unit: "FLOP/token", description: "attention FLOP per token, forward" },
  },
  expr: (x) => add(mul(6, x.matmulParams), mul(3, x.attentionForwardFlop)),
  sources: [lectureAt("1:22:13", "the famous 6ND formula"), flashcards("01:18:59 — 2 + 4 = 6"), KAPLAN, PALM_MFU],
});

export const recomputeFlopPerToken = defineFormula({
  id: "trainstep.recomputeFlopPerToken",
  title: "Recomputation FLOP per token",
  description: "Work redone in the backward pass to save memory: full recomputation (and reversible layers) run the forward again (2N + F_attn); selective recomputation redoes only attention's core (F_attn).",
  symbol: "F_re",
  latex: "F_{\\text{re}}",
  unit: "FLOP/token",
  inputs: {
    matmulParams: { symbol: "N", unit: "param", description: "parameters one token multiplies by" },
    attentionForwardFlop: { symbol: "F_attn", latex: "F_{\\text{attn}}", unit: "FLOP/token", description: "attention FLOP per token, forward" },
    recomputeMatmuls: { symbol: "r_N", latex: "r_{N}", unit: "1", description: "1 when the matmuls are recomputed (full, reversible), else 0" },
    recomputeAttention: { symbol: "r_a", latex: "r_{a}", unit: "1", description: "1 when attention's core is recomputed (selective, full, reversible), else 0" },
  },
  expr: (x) => add(mul(x.recomputeMatmuls, 2, x.matmulParams), mul(x.recomputeAttention, x.attentionForwardFlop)),
  sources: [KORTHIKANTI_2022, CHEN_2016, REVNET_2017, lectureAt("2:13:13", "you're spending more compute to save memory")],
});

export const hardwareFlopPerToken = defineFormula({
  id: "trainstep.hardwareFlopPerToken",
  title: "Hardware FLOP per token",
  description: "What the chips actually execute: model FLOP plus recomputation.",
  symbol: "F_hw",
  latex: "F_{\\text{hw}}",
  unit: "FLOP/token",
  inputs: {
    modelFlop: { symbol: "F_model", latex: "F_{\\text{model}}", unit: "FLOP/token", description: "model FLOP per token" },
    recomputeFlop: { symbol: "F_re", latex: "F_{\\text{re}}", unit: "FLOP/token", description: "recomputation FLOP per token" },
  },
  expr: (x) => add(x.modelFlop, x.recomputeFlop),
  sources: [PALM_MFU],
});

// ---- Layout ------------------------------------------------------------------------------------------

export const trainingChips = defineFormula({
  id: "trainstep.chips",
  title: "Chips of the training layout",
  description: "Data × tensor × pipeline × context parallel; expert parallelism is carved out of the data- and context-parallel ranks (Megatron's layout).",
  symbol: "N_chips",
  latex: "N_{\\text{chips}}",
  unit: "chip",
  inputs: {
    dataParallel: { symbol: "D", unit: "1", description: "data-parallel degree" },
    tensorParallel: { symbol: "T", unit: "1", description: "tensor-parallel degree" },
    pipelineParallel: { symbol: "P", unit: "1", description: "pipeline stages" },
    contextParallel: { symbol: "C", unit: "1", description: "context-parallel degree" },
  },
  expr: (x) => mul(x.dataParallel, x.tensorParallel, x.pipelineParallel, x.contextParallel),
  sources: [MEGATRON_2021, { title: "Megatron Core MoE: expert parallelism folds into data parallelism (EP divides DP·CP)", url: "https://github.com/NVIDIA/Megatron-LM/tree/main/megatron/core/transformer/moe" }],
});

export const globalBatchTokens = defineFormula({
  id: "trainstep.globalBatchTokens",
  title: "Tokens per step (global batch)",
  description: "Every data-parallel replica runs m micro-batches of b sequences of S tokens.",
  symbol: "B_tok",
  latex: "B_{\\text{tok}}",
  unit: "token",
  inputs: {
    dataParallel: { symbol: "D", unit: "1", description: "data-parallel degree" },
    microBatches: { symbol: "m", unit: "1", description: "micro-batches per step" },
    microBatch: { symbol: "b", unit: "sequence", description: "sequences per micro-batch" },
    sequenceTokens: { symbol: "S", unit: "token", description: "sequence length" },
  },
  expr: (x) => mul(x.dataParallel, x.microBatches, x.microBatch, x.sequenceTokens),
  sources: [MEGATRON_2021, lectureAt("1:08:38", "B is the number of micro-batches times the batch size per micro-batch")],
});

export const stageFraction = defineFormula({
  id: "trainstep.stageFraction",
  title: "Share of the layers on the heaviest stage",
  description: "ceil(L/P)/L: with uneven stages the heaviest sets the pace.",
  symbol: "f_s",
  latex: "f_{s}",
  unit: "1",
  inputs: {
    layers: { symbol: "L", unit: "layer", description: "transformer layers" },
    pipelineParallel: { symbol: "P", unit: "1", description: "pipeline stages" },
  },
  expr: (x) => div(ceil(div(x.layers, x.pipelineParallel)), x.layers),
  sources: [MEGATRON_2021],
});

// ---- Time of one micro-batch on one stage ------------------------------------------------------------

export const microBatchComputeSeconds = defineFormula({
  id: "trainstep.microBatchComputeSeconds",
  title: "Compute time of one micro-batch on one stage",
  description:
    "Forward and backward (and recomputation) of the stage's layers for b·S tokens, split over T·C chips: the weight matmuls at the training precision's peak and efficiency, attention's core (scores and weighted values, kept in 16 bits by FP8 recipes) at the 16-bit peak and efficiency.",
  symbol: "t_c",
  latex: "t_{c}",
  unit: "s",
  inputs: {
    matmulFlopPerToken: { symbol: "F_mm", latex: "F_{mm}", unit: "FLOP/token", description: "weight-matmul FLOP per token, whole model (6N, + 2N recomputed)" },
    matmulFlopsPerSecond: { symbol: "F_peak", latex: "F_{\\text{peak}}", unit: "FLOP/s", description: "dense peak FLOP/s per chip at the training precision" },
    matmulEfficiency: { symbol: "η_mm", latex: "\\eta_{mm}", unit: "1", description: "expected fraction of that peak the matmuls reach" },
    attentionFlopPerToken: { symbol: "F_at", latex: "F_{at}", unit: "FLOP/token", description: "attention-core FLOP per token, whole model (3·F_attn, + F_attn recomputed)" },
    attentionFlopsPerSecond: { symbol: "F_16", latex: "F_{16}", unit: "FLOP/s", description: "dense 16-bit peak FLOP/s per chip" },
    attentionEfficiency: { symbol: "η_16", latex: "\\eta_{16}", unit: "1", description: "expected fraction of the 16-bit peak" },
    microBatchTokens: { symbol: "b·S", unit: "token", description: "tokens per micro-batch" },
    stageFraction: { symbol: "f_s", latex: "f_{s}", unit: "1", description: "share of the layers on the stage" },
    tensorParallel: { symbol: "T", unit: "1", description: "tensor-parallel degree" },
    contextParallel: { symbol: "C", unit: "1", description: "context-parallel degree" },
  },
  expr: (x) =>
    div(
      mul(add(div(x.matmulFlopPerToken, mul(x.matmulFlopsPerSecond, x.matmulEfficiency)), div(x.attentionFlopPerToken, mul(x.attentionFlopsPerSecond, x.attentionEfficiency))), x.microBatchTokens, x.stageFraction),
      mul(x.tensorParallel, x.contextParallel),
    ),
  sources: [MEGATRON_2021, lectureAt("1:22:13"), { title: "NVIDIA Transformer Engine: FP8 for the linear layers; attention's batched matmuls stay in BF16", url: "https://docs.nvidia.com/deeplearning/transformer-engine/user-guide/examples/fp8_primer.html" }],
  assumptions: ["work splits evenly over tensor- and context-parallel ranks; experts are balanced over expert-parallel ranks"],
});

export const matmulTrainingFlopPerToken = defineFormula({
  id: "trainstep.matmulTrainingFlopPerToken",
  title: "Weight-matmul FLOP per token, forward + backward (+ recomputation)",
  description: "2N forward, 4N backward, 2N more when the forward is recomputed.",
  symbol: "F_mm",
  latex: "F_{mm}",
  unit: "FLOP/token",
  inputs: {
    matmulParams: { symbol: "N", unit: "param", description: "parameters one token multiplies by" },
    recomputeMatmuls: { symbol: "r_N", latex: "r_{N}", unit: "1", description: "1 when the forward is recomputed" },
  },
  expr: (x) => mul(x.matmulParams, add(6, mul(2, x.recomputeMatmuls))),
  sources: [lectureAt("1:22:13", "the famous 6ND formula"), KORTHIKANTI_2022],
});

export const microBatchMemorySeconds = defineFormula({
  id: "trainstep.microBatchMemorySeconds",
  title: "Weight-read time of one micro-batch on one stage",
  description: "Each micro-batch reads the chip's weights again in the forward, the backward (twice: input and weight gradients) and any recomputation: micro-batching cannot amortise weight loads across the global batch.",
  symbol: "t_m",
  latex: "t_{m}",
  unit: "s",
  inputs: {
    weightBytesPerChip: { symbol: "W_chip", latex: "W_{\\text{chip}}", unit: "B", description: "weight bytes held for compute on one chip (gathered, under ZeRO-3)" },
    passes: { symbol: "n_pass", latex: "n_{\\text{pass}}", unit: "1", description: "weight reads per micro-batch (3, or 4 with a recomputed forward)" },
    hbmBytesPerSecond: { symbol: "BW_HBM", latex: "BW_{\\text{HBM}}", unit: "B/s", description: "HBM bandwidth per chip" },
    bandwidthEfficiency: { symbol: "η_bw", latex: "\\eta_{bw}", unit: "1", description: "fraction of HBM bandwidth achieved" },
  },
  expr: (x) => div(mul(x.weightBytesPerChip, x.passes), mul(x.hbmBytesPerSecond, x.bandwidthEfficiency)),
  sources: [lectureAt("56:22", "if you do micro batches … you're by definition not able to amortize loading the weights"), lectureAt("15:05", "weight fetches become amortized over so many different batch elements")],
  assumptions: ["activation traffic to HBM is hidden under the matmuls (fused kernels); only weight reads are counted"],
});

export const activationTrafficBytes = defineFormula({
  id: "trainstep.activationTrafficBytes",
  title: "Activation and dispatch traffic of one micro-batch on one stage",
  description:
    "Bytes the non-matmul kernels move through HBM: every stored activation is written in the forward and read back in the backward (once more when the forward is recomputed), FP8 recipes cast every matmul operand to 8 bits, and every routed token is permuted to its experts and back, forward and backward (8 h-wide reads and writes per routed token and MoE layer, 12 with recomputation).",
  symbol: "V_act",
  latex: "V_{act}",
  unit: "B",
  inputs: {
    tokensPerChip: { symbol: "T_chip", latex: "T_{\\text{chip}}", unit: "token", description: "tokens of the micro-batch whose activations one chip holds (b·S/C; the per-token bytes are already split over T)" },
    layers: { symbol: "L_s", latex: "L_{s}", unit: "layer", description: "layers on the stage" },
    activationBytesPerTokenLayer: { symbol: "A_tok", latex: "A_{\\text{tok}}", unit: "B/token", description: "activation bytes per token per layer on one chip (no recomputation)" },
    recomputeForward: { symbol: "r_N", latex: "r_{N}", unit: "1", description: "1 when the forward is recomputed" },
    routedTokensPerChip: { symbol: "T_r", latex: "T_{r}", unit: "token", description: "routed token copies one chip dispatches per MoE layer (tokens per chip × k)" },
    moeLayers: { symbol: "L_e", latex: "L_{e}", unit: "layer", description: "MoE layers on the stage" },
    hiddenSize: { symbol: "h", unit: "1", description: "model width" },
    activationBytes: { symbol: "b_act", latex: "b_{act}", unit: "B", description: "bytes per activation value" },
    castBytesPerTokenLayer: { symbol: "C_8", latex: "C_{8}", unit: "B/token", description: "FP8 cast traffic per token per layer on one chip: every matmul input (forward), output gradient (backward) and its transpose (weight gradient) read in 16 bits and written in 8 (0 at 16-bit)" },
  },
  expr: (x) =>
    add(
      mul(x.tokensPerChip, x.layers, add(mul(x.activationBytesPerTokenLayer, add(2, x.recomputeForward)), x.castBytesPerTokenLayer)),
      mul(x.routedTokensPerChip, x.moeLayers, x.hiddenSize, x.activationBytes, add(8, mul(4, x.recomputeForward))),
    ),
  sources: [KORTHIKANTI_2022, { title: "Megatron Core MoE token dispatcher: permute tokens to experts and unpermute back, in the forward and the backward", url: "https://github.com/NVIDIA/Megatron-LM/tree/main/megatron/core/transformer/moe" }],
  assumptions: ["the matmuls' own operand traffic hides under their arithmetic; the element-wise, norm, permutation and activation-store traffic does not (separate kernels)"],
});

export const fp8CastBytesPerTokenLayer = defineFormula({
  id: "trainstep.fp8CastBytesPerTokenLayer",
  title: "FP8 cast traffic per token per layer",
  description:
    "An FP8 recipe casts each matmul's input in the forward, its output gradient in the backward and their transposes for the weight gradient: three casts of the layer's matmul input widths (QKV and MLP inputs h each, the output projection's q, the down projection's f), each reading 2 bytes and writing 1, split over T·C chips.",
  symbol: "C_8",
  latex: "C_{8}",
  unit: "B/token",
  inputs: {
    hiddenSize: { symbol: "h", unit: "1", description: "model width" },
    attentionWidth: { symbol: "q", unit: "1", description: "attention output width (heads × value head size)" },
    mlpWidth: { symbol: "f", unit: "1", description: "FFN width a token passes through (k routed + shared experts in MoE layers)" },
    fp8: { symbol: "r_8", latex: "r_{8}", unit: "1", description: "1 for FP8 matmuls, 0 at 16 bits" },
    tensorParallel: { symbol: "T", unit: "1", description: "tensor-parallel degree" },
    contextParallel: { symbol: "C", unit: "1", description: "context-parallel degree" },
  },
  expr: (x) => div(mul(x.fp8, 3, 3, add(mul(2, x.hiddenSize), x.attentionWidth, x.mlpWidth)), mul(x.tensorParallel, x.contextParallel)),
  sources: [{ title: "NVIDIA Transformer Engine FP8 primer: inputs and gradients are cast (and transposed) to FP8 before each GEMM", url: "https://docs.nvidia.com/deeplearning/transformer-engine/user-guide/examples/fp8_primer.html" }],
});

export const activationTrafficSeconds = defineFormula({
  id: "trainstep.activationTrafficSeconds",
  title: "Activation and dispatch traffic time",
  description: "The non-matmul kernels' HBM traffic at the achieved bandwidth.",
  symbol: "t_act",
  latex: "t_{act}",
  unit: "s",
  inputs: {
    bytes: { symbol: "V_act", latex: "V_{act}", unit: "B", description: "activation and dispatch traffic" },
    hbmBytesPerSecond: { symbol: "BW_HBM", latex: "BW_{\\text{HBM}}", unit: "B/s", description: "HBM bandwidth per chip" },
    bandwidthEfficiency: { symbol: "η_bw", latex: "\\eta_{bw}", unit: "1", description: "fraction of HBM bandwidth achieved" },
  },
  expr: (x) => div(x.bytes, mul(x.hbmBytesPerSecond, x.bandwidthEfficiency)),
  sources: [KORTHIKANTI_2022],
});

export const fixedSecondsPerMicroBatch = defineFormula({
  id: "trainstep.fixedSecondsPerMicroBatch",
  title: "Fixed time of one micro-batch on one stage",
  description:
    "Time a micro-batch spends whatever its size: the kernels of each layer's forward and backward (more in MoE layers: router, permutation, grouped matmuls, unpermutation) each cost a launch-and-synchronisation gap; a recomputed forward adds its kernels again.",
  symbol: "t_fix",
  latex: "t_{\\text{fix}}",
  unit: "s",
  inputs: {
    layers: { symbol: "L_s", latex: "L_{s}", unit: "layer", description: "layers on the stage" },
    kernelsPerLayer: { symbol: "k_L", latex: "k_{L}", unit: "1", description: "kernels per layer, forward and backward" },
    moeLayers: { symbol: "L_e", latex: "L_{e}", unit: "layer", description: "MoE layers on the stage" },
    kernelsPerMoeLayer: { symbol: "k_E", latex: "k_{E}", unit: "1", description: "extra kernels per MoE layer, forward and backward" },
    gapSeconds: { symbol: "t_gap", latex: "t_{\\text{gap}}", unit: "s", description: "gap per kernel (launch, dependency wait, tail)" },
    recomputeForward: { symbol: "r_N", latex: "r_{N}", unit: "1", description: "1 when the forward is recomputed" },
  },
  expr: (x) => mul(add(mul(x.layers, x.kernelsPerLayer), mul(x.moeLayers, x.kernelsPerMoeLayer)), x.gapSeconds, add(1, div(x.recomputeForward, 3))),
  sources: [
    { title: "NVIDIA CUDA Programming Guide, CUDA Graphs: per-kernel launch overhead", url: "https://docs.nvidia.com/cuda/cuda-c-programming-guide/index.html#cuda-graphs" },
    { title: "Megatron Core transformer layer and MoE layer (router, token dispatcher, grouped GEMM experts)", url: "https://github.com/NVIDIA/Megatron-LM/tree/main/megatron/core/transformer" },
  ],
  assumptions: ["the forward is a third of a layer's kernels (the backward has two matmuls per forward matmul)"],
});

export const tensorParallelSeconds = defineFormula({
  id: "trainstep.tensorParallelSeconds",
  title: "Tensor-parallel communication per micro-batch per stage",
  description: "Per layer, 2 all-reduces forward and 2 backward (with sequence parallelism: the same bytes as all-gathers and reduce-scatters), more with recomputation; each takes one all-reduce's time over the scale-up link; the unoverlapped share is exposed.",
  symbol: "t_TP",
  latex: "t_{TP}",
  unit: "s",
  inputs: {
    collectives: { symbol: "n_AR", latex: "n_{AR}", unit: "1", description: "all-reduces per micro-batch on the stage (layers × (4 + 2 with full recomputation))" },
    allReduceSeconds: { symbol: "t_AR", latex: "t_{\\text{AR}}", unit: "s", description: "one all-reduce of the micro-batch's activations over the T ranks" },
    exposedFraction: { symbol: "x_TP", latex: "x_{TP}", unit: "1", description: "share of the communication not hidden under compute" },
  },
  expr: (x) => mul(x.collectives, x.exposedFraction, x.allReduceSeconds),
  sources: [MEGATRON_2021, KORTHIKANTI_2022],
});

export const contextParallelSeconds = defineFormula({
  id: "trainstep.contextParallelSeconds",
  title: "Context-parallel communication per micro-batch per stage (exposed)",
  description: "Ring attention passes each chunk's K and V round the C ranks (forward), and K, V and their gradients back (backward): 3(C−1) chunk transfers per layer; it hides under attention's compute up to that compute's time.",
  symbol: "t_CP",
  latex: "t_{CP}",
  unit: "s",
  inputs: {
    layers: { symbol: "L_s", latex: "L_{s}", unit: "layer", description: "layers on the stage" },
    kvBytesPerChunk: { symbol: "S_kv", latex: "S_{kv}", unit: "B", description: "K and V of one chip's chunk for one layer (b·S/C tokens)" },
    contextParallel: { symbol: "C", unit: "1", description: "context-parallel degree" },
    linkBytesPerSecond: { symbol: "BW", unit: "B/s", description: "achieved bandwidth per chip of the ring's link, one direction" },
    attentionSeconds: { symbol: "t_attn", latex: "t_{\\text{attn}}", unit: "s", description: "attention compute time of the micro-batch on the stage (what the transfers hide under)" },
  },
  expr: (x) => max(0, sub(div(mul(x.layers, 3, sub(x.contextParallel, 1), x.kvBytesPerChunk), x.linkBytesPerSecond), x.attentionSeconds)),
  sources: [RING_ATTENTION, { title: "Megatron Core context parallelism (ring attention with P2P KV exchange)", url: "https://docs.nvidia.com/megatron-core/developer-guide/latest/api-guide/context_parallel.html" }],
});

export const expertAllToAllSeconds = defineFormula({
  id: "trainstep.expertAllToAllSeconds",
  title: "Expert all-to-all per micro-batch per stage (exposed)",
  description: "Every MoE layer dispatches each token to its k experts and combines them back, in the forward and again in the backward (and the recomputed forward): rounds × the time of one dispatch-and-combine, the unoverlapped share exposed.",
  symbol: "t_EP",
  latex: "t_{EP}",
  unit: "s",
  inputs: {
    rounds: { symbol: "n_r", latex: "n_{r}", unit: "1", description: "dispatch-and-combine rounds per micro-batch on the stage (MoE layers × 2, or × 3)" },
    roundSeconds: { symbol: "t_a2a", latex: "t_{a2a}", unit: "s", description: "one dispatch and combine (inside and across the scale-up domain in parallel)" },
    exposedFraction: { symbol: "x_EP", latex: "x_{EP}", unit: "1", description: "share not hidden under compute" },
  },
  expr: (x) => mul(x.rounds, x.roundSeconds, x.exposedFraction),
  sources: [GSHARD, lectureAt("34:41", "there's some communication cost paid here; there's the same communication cost paid on the output"), { title: "Megatron Core MoE parallel folding: expert parallelism over the attention's T·C·D ranks", url: "https://github.com/NVIDIA/Megatron-LM/tree/main/megatron/core/transformer/moe" }],
  assumptions: ["uniform routing (no load imbalance, no token dropping)"],
});

export const achievedBandwidth = defineFormula({
  id: "trainstep.achievedBandwidth",
  title: "Achieved link bandwidth",
  description: "A link's bandwidth times the fraction collectives reach.",
  symbol: "BW_ach",
  latex: "BW_{\\text{ach}}",
  unit: "B/s",
  inputs: {
    bytesPerSecond: { symbol: "BW", unit: "B/s", description: "link bandwidth per chip, one direction" },
    efficiency: { symbol: "η_net", latex: "\\eta_{net}", unit: "1", description: "fraction of link bandwidth achieved" },
  },
  expr: (x) => mul(x.bytesPerSecond, x.efficiency),
  sources: [{ title: "NVIDIA nccl-tests: bus bandwidth vs link rate", url: "https://github.com/NVIDIA/nccl-tests/blob/master/doc/PERFORMANCE.md" }],
});

export const pipelineSendSeconds = defineFormula({
  id: "trainstep.pipelineSendSeconds",
  title: "Pipeline send/receive per micro-batch per stage",
  description: "The stage sends the micro-batch's activations forward and receives their gradients back: 2 transfers of b·S·h values split over the T·C chips, plus a hop latency each (none with one stage).",
  symbol: "t_PP",
  latex: "t_{PP}",
  unit: "s",
  inputs: {
    activationBytesPerChip: { symbol: "S_hop", latex: "S_{\\text{hop}}", unit: "B", description: "activation bytes each chip sends (b·S·h·bytes/(T·C))" },
    linkBytesPerSecond: { symbol: "BW", unit: "B/s", description: "achieved bandwidth per chip between stages, one direction" },
    latencySeconds: { symbol: "α", latex: "\\alpha", unit: "s", description: "latency of one hop" },
    pipelineParallel: { symbol: "P", unit: "1", description: "pipeline stages" },
  },
  expr: (x) => mul(2, min(1, sub(x.pipelineParallel, 1)), add(div(x.activationBytesPerChip, x.linkBytesPerSecond), x.latencySeconds)),
  sources: [lectureAt("49:49", "we're only sending one thing here"), MEGATRON_2021],
});

export const stageMicroBatchSeconds = defineFormula({
  id: "trainstep.stageMicroBatchSeconds",
  title: "Time of one micro-batch on one stage",
  description: "The matmul roofline (the slower of compute and weight reads), the non-matmul kernels' activation and dispatch traffic, and the exposed communication of tensor, context, expert and pipeline parallelism.",
  symbol: "t_mb",
  latex: "t_{mb}",
  unit: "s",
  inputs: {
    computeSeconds: { symbol: "t_c", latex: "t_{c}", unit: "s", description: "compute time" },
    memorySeconds: { symbol: "t_m", latex: "t_{m}", unit: "s", description: "weight-read time" },
    activationSeconds: { symbol: "t_act", latex: "t_{act}", unit: "s", description: "activation and dispatch traffic time" },
    fixedSeconds: { symbol: "t_fix", latex: "t_{\\text{fix}}", unit: "s", description: "fixed time (kernel gaps)" },
    tensorParallelSeconds: { symbol: "t_TP", latex: "t_{TP}", unit: "s", description: "exposed tensor-parallel communication" },
    contextParallelSeconds: { symbol: "t_CP", latex: "t_{CP}", unit: "s", description: "exposed context-parallel communication" },
    expertSeconds: { symbol: "t_EP", latex: "t_{EP}", unit: "s", description: "exposed expert all-to-all" },
    pipelineSendSeconds: { symbol: "t_PP", latex: "t_{PP}", unit: "s", description: "pipeline send/receive" },
  },
  expr: (x) => add(max(x.computeSeconds, x.memorySeconds), x.activationSeconds, x.fixedSeconds, x.tensorParallelSeconds, x.contextParallelSeconds, x.expertSeconds, x.pipelineSendSeconds),
  sources: [lectureAt("10:42", "the time is the max of the compute time and the memory time"), MEGATRON_2021],
});

export const pipelineSeconds = defineFormula({
  id: "trainstep.pipelineSeconds",
  title: "Pipeline time of the step",
  description: "m micro-batch slots of work plus (P−1)/v slots of ramp-up and ramp-down (the bubble).",
  symbol: "t_pipe",
  latex: "t_{\\text{pipe}}",
  unit: "s",
  inputs: {
    microBatches: { symbol: "m", unit: "1", description: "micro-batches per step" },
    pipelineParallel: { symbol: "P", unit: "1", description: "pipeline stages" },
    virtualStages: { symbol: "v", unit: "1", description: "model chunks per chip" },
    stageMicroBatchSeconds: { symbol: "t_mb", latex: "t_{mb}", unit: "s", description: "time of one micro-batch on one stage" },
  },
  expr: (x) => mul(add(x.microBatches, div(sub(x.pipelineParallel, 1), x.virtualStages)), x.stageMicroBatchSeconds),
  sources: [MEGATRON_2021, lectureAt("59:24", "then we do a hard stop and transition everyone to the backwards pass")],
});

export const dataParallelSeconds = defineFormula({
  id: "trainstep.dataParallelSeconds",
  title: "Data-parallel communication",
  description:
    "Over the N_d replicas holding the same weights, each all-gather of the weights and each reduce-scatter of the gradients moves (N_d−1)/N_d of their bytes per chip: k_g gathers of the weights (bytes W) and k_r reductions of the gradients (bytes G).",
  symbol: "t_DP",
  latex: "t_{DP}",
  unit: "s",
  inputs: {
    gathers: { symbol: "k_g", latex: "k_{g}", unit: "1", description: "all-gathers of the weights per step (1; 2m under ZeRO-3)" },
    weightBytes: { symbol: "W", unit: "B", description: "weight bytes per chip before sharding" },
    reductions: { symbol: "k_r", latex: "k_{r}", unit: "1", description: "reduce-scatters of the gradients per step (1; m under ZeRO-3)" },
    gradientBytes: { symbol: "G", unit: "B", description: "gradient bytes per chip before sharding" },
    replicas: { symbol: "N_d", latex: "N_{d}", unit: "1", description: "replicas of these weights (D·C, or D·C/E for experts)" },
    linkBytesPerSecond: { symbol: "BW", unit: "B/s", description: "achieved bandwidth per chip of the data-parallel group's slowest link, one direction" },
    latencySeconds: { symbol: "α", latex: "\\alpha", unit: "s", description: "fixed latency per collective" },
  },
  expr: (x) =>
    mul(
      min(1, sub(x.replicas, 1)),
      add(div(mul(sub(x.replicas, 1), add(mul(x.gathers, x.weightBytes), mul(x.reductions, x.gradientBytes))), mul(x.replicas, x.linkBytesPerSecond)), mul(add(x.gathers, x.reductions), x.latencySeconds)),
    ),
  sources: [ZERO_2020, { title: "PyTorch FSDP (Zhao et al., arXiv:2304.11277)", url: "https://arxiv.org/abs/2304.11277" }],
});

export const exposedDataParallelSeconds = defineFormula({
  id: "trainstep.exposedDataParallelSeconds",
  title: "Exposed data-parallel communication",
  description: "Gradient buckets are reduced while the last micro-batch's backward still runs: only what exceeds the overlappable share of that backward is exposed.",
  symbol: "t_DP,exp",
  latex: "t_{DP}^{\\text{exp}}",
  unit: "s",
  inputs: {
    dataParallelSeconds: { symbol: "t_DP", latex: "t_{DP}", unit: "s", description: "data-parallel communication time" },
    overlapSeconds: { symbol: "t_ov", latex: "t_{ov}", unit: "s", description: "compute it can hide under (the last micro-batch's backward on each stage; under ZeRO-3 the whole step's compute)" },
    overlapEfficiency: { symbol: "ω", latex: "\\omega", unit: "1", description: "share of that compute that actually hides communication" },
  },
  expr: (x) => max(0, sub(x.dataParallelSeconds, mul(x.overlapEfficiency, x.overlapSeconds))),
  sources: [{ title: "Megatron Core distributed optimizer: --overlap-grad-reduce / --overlap-param-gather", url: "https://docs.nvidia.com/megatron-core/developer-guide/latest/api-guide/dist_optimizer.html" }, ZERO_2020],
});

export const optimizerSeconds = defineFormula({
  id: "trainstep.optimizerSeconds",
  title: "Optimizer update time",
  description: "Adam reads and writes the chip's shard of master weights and both moments, reads its gradients and writes the weights: a memory-bound pass.",
  symbol: "t_opt",
  latex: "t_{\\text{opt}}",
  unit: "s",
  inputs: {
    params: { symbol: "N_opt", latex: "N_{\\text{opt}}", unit: "param", description: "parameters whose optimizer state this chip updates" },
    bytesTouchedPerParam: { symbol: "b_opt", latex: "b_{\\text{opt}}", unit: "B/param", description: "bytes read and written per parameter (2×12 state + 4 gradient + 2 weight)" },
    hbmBytesPerSecond: { symbol: "BW_HBM", latex: "BW_{\\text{HBM}}", unit: "B/s", description: "HBM bandwidth per chip" },
    bandwidthEfficiency: { symbol: "η_bw", latex: "\\eta_{bw}", unit: "1", description: "fraction of HBM bandwidth achieved" },
  },
  expr: (x) => div(mul(x.params, x.bytesTouchedPerParam), mul(x.hbmBytesPerSecond, x.bandwidthEfficiency)),
  sources: [ZERO_2020, { title: "Kingma & Ba, Adam, arXiv:1412.6980", url: "https://arxiv.org/abs/1412.6980" }],
});

export const stepSeconds = defineFormula({
  id: "trainstep.stepSeconds",
  title: "Training step time",
  description: "The pipeline's time, the exposed data-parallel communication and the optimizer update.",
  symbol: "t_step",
  latex: "t_{\\text{step}}",
  unit: "s",
  inputs: {
    pipelineSeconds: { symbol: "t_pipe", latex: "t_{\\text{pipe}}", unit: "s", description: "pipeline time (work + bubble)" },
    exposedDataParallelSeconds: { symbol: "t_DP,exp", latex: "t_{DP}^{\\text{exp}}", unit: "s", description: "exposed data-parallel communication" },
    optimizerSeconds: { symbol: "t_opt", latex: "t_{\\text{opt}}", unit: "s", description: "optimizer update" },
  },
  expr: (x) => add(x.pipelineSeconds, x.exposedDataParallelSeconds, x.optimizerSeconds),
  sources: [MEGATRON_2021],
});

export const tokensPerSecondPerChip = defineFormula({
  id: "trainstep.tokensPerSecondPerChip",
  title: "Training tokens per second per chip",
  description: "Tokens of the global batch over the step time and the chips.",
  symbol: "θ_chip",
  latex: "\\theta_{\\text{chip}}",
  unit: "token/s",
  inputs: {
    globalBatchTokens: { symbol: "B_tok", latex: "B_{\\text{tok}}", unit: "token", description: "tokens per step" },
    stepSeconds: { symbol: "t_step", latex: "t_{\\text{step}}", unit: "s", description: "step time" },
    chips: { symbol: "N_chips", latex: "N_{\\text{chips}}", unit: "chip", description: "chips" },
  },
  expr: (x) => div(x.globalBatchTokens, mul(x.stepSeconds, x.chips)),
  sources: [MEGATRON_2021],
});

export const flopUtilization = defineFormula({
  id: "trainstep.flopUtilization",
  title: "FLOP utilisation",
  description: "FLOP per token times tokens/s per chip over the chip's dense peak: with model FLOP this is MFU, with hardware FLOP (recomputation included) HFU.",
  symbol: "MFU",
  unit: "1",
  inputs: {
    flopPerToken: { symbol: "F", unit: "FLOP/token", description: "FLOP per token (model or hardware)" },
    tokensPerSecondPerChip: { symbol: "θ_chip", latex: "\\theta_{\\text{chip}}", unit: "token/s", description: "tokens/s per chip" },
    peakFlopsPerSecond: { symbol: "F_peak", latex: "F_{\\text{peak}}", unit: "FLOP/s", description: "dense peak FLOP/s per chip" },
  },
  expr: (x) => div(mul(x.flopPerToken, x.tokensPerSecondPerChip), x.peakFlopsPerSecond),
  sources: [PALM_MFU],
});

// ---- Memory per chip ---------------------------------------------------------------------------------

export const paramsPerChip = defineFormula({
  id: "trainstep.paramsPerChip",
  title: "Parameters per chip (before ZeRO sharding)",
  description: "Dense parameters split over T tensor ranks, routed experts over E expert ranks, both over the stage's share of the layers.",
  symbol: "N_chip",
  latex: "N_{\\text{chip}}",
  unit: "param",
  inputs: {
    denseParams: { symbol: "N_dense", latex: "N_{\\text{dense}}", unit: "param", description: "parameters outside the routed experts" },
    routedParams: { symbol: "N_routed", latex: "N_{\\text{routed}}", unit: "param", description: "routed-expert parameters" },
    tensorParallel: { symbol: "T", unit: "1", description: "tensor-parallel degree" },
    expertParallel: { symbol: "E", unit: "1", description: "expert-parallel degree" },
    stageFraction: { symbol: "f_s", latex: "f_{s}", unit: "1", description: "share of the layers on the heaviest stage" },
  },
  expr: (x) => mul(add(div(x.denseParams, x.tensorParallel), div(x.routedParams, x.expertParallel)), x.stageFraction),
  sources: [MEGATRON_2021, lectureAt("1:06:25", "we just take all these numbers and divide by E·P")],
  assumptions: ["experts are whole on their expert-parallel rank (expert tensor parallelism 1, Megatron's MoE default)", "embedding and output head spread with the layers"],
});

export const zeroShardDegree = defineFormula({
  id: "trainstep.zeroShardDegree",
  title: "ZeRO shard degree of a state",
  description: "A state (optimizer, gradients, weights) is split over the N_d data-parallel replicas once the ZeRO stage reaches its threshold (1, 2, 3), else it is replicated.",
  symbol: "s",
  unit: "1",
  inputs: {
    zeroStage: { symbol: "z", unit: "1", description: "ZeRO stage (0–3; FSDP = 3)" },
    threshold: { symbol: "z_0", latex: "z_{0}", unit: "1", description: "stage from which this state is sharded" },
    replicas: { symbol: "N_d", latex: "N_{d}", unit: "1", description: "data-parallel replicas holding the same weights" },
  },
  expr: (x) => add(1, mul(sub(x.replicas, 1), min(1, max(0, add(sub(x.zeroStage, x.threshold), 1))))),
  sources: [ZERO_2020],
});

export const shardedStateBytes = defineFormula({
  id: "trainstep.shardedStateBytes",
  title: "Bytes of a training state per chip",
  description: "Dense and expert parameters per chip, each divided by its ZeRO shard degree, times the bytes per parameter of the state.",
  symbol: "M",
  unit: "B",
  inputs: {
    denseParamsPerChip: { symbol: "N_d,chip", latex: "N_{d}^{\\text{chip}}", unit: "param", description: "dense parameters per chip" },
    denseShard: { symbol: "s_d", latex: "s_{d}", unit: "1", description: "shard degree of the dense part" },
    expertParamsPerChip: { symbol: "N_e,chip", latex: "N_{e}^{\\text{chip}}", unit: "param", description: "expert parameters per chip" },
    expertShard: { symbol: "s_e", latex: "s_{e}", unit: "1", description: "shard degree of the expert part" },
    bytesPerParam: { symbol: "b", unit: "B/param", description: "bytes per parameter of this state" },
  },
  expr: (x) => mul(add(div(x.denseParamsPerChip, x.denseShard), div(x.expertParamsPerChip, x.expertShard)), x.bytesPerParam),
  sources: [ZERO_2020, { title: "ZeRO §3: mixed-precision Adam holds 2Ψ (fp16 weights) + 2Ψ (fp16 gradients) + 12Ψ (fp32 master, momentum, variance)", url: "https://arxiv.org/abs/1910.02054" }],
});

export const activationBytesPerTokenLayer = defineFormula({
  id: "trainstep.activationBytesPerTokenLayer",
  title: "Activation bytes per token per layer (no recomputation)",
  description:
    "What the backward pass keeps, in bytes (16-bit values, 1-byte dropout masks): attention 11h (inputs of QKV and of the output projection, Q, K, V, a mask), norms 4h, the MLP 3h plus 2 bytes per FFN value (2f plain: up and activation outputs; 3f gated), and the attention scores 5·a·S unless a fused kernel recomputes them; divided over T·C chips with sequence parallelism (10h replicated over T without it).",
  symbol: "A_tok",
  latex: "A_{\\text{tok}}",
  unit: "B/token",
  inputs: {
    hiddenSize: { symbol: "h", unit: "1", description: "model width" },
    mlpValues: { symbol: "c_f·f", latex: "c_{f} f", unit: "1", description: "MLP values kept per token: 2f, or 3f for a gated MLP (f: FFN width a token passes through)" },
    heads: { symbol: "a", unit: "1", description: "attention heads" },
    sequenceTokens: { symbol: "S", unit: "token", description: "sequence length" },
    storeScores: { symbol: "σ", latex: "\\sigma", unit: "1", description: "1 when the S×S scores are stored (no fused attention, no selective recomputation), else 0" },
    tensorParallel: { symbol: "T", unit: "1", description: "tensor-parallel degree" },
    sequenceParallel: { symbol: "q", unit: "1", description: "1 with sequence parallelism, 0 without" },
    contextParallel: { symbol: "C", unit: "1", description: "context-parallel degree" },
  },
  expr: (x) =>
    div(
      add(
        div(add(mul(8, x.hiddenSize), mul(2, x.mlpValues), mul(5, x.heads, x.sequenceTokens, x.storeScores)), x.tensorParallel),
        mul(10, x.hiddenSize, add(x.sequenceParallel, mul(sub(1, x.sequenceParallel), x.tensorParallel)), div(1, x.tensorParallel)),
      ),
      x.contextParallel,
    ),
  sources: [KORTHIKANTI_2022],
  assumptions: ["the paper's count: an MLP of width 4h gives 18h + 16h = 34h bytes per token with sequence parallelism; other MLP widths scale the 16h term"],
});

export const checkpointBytesPerTokenLayer = defineFormula({
  id: "trainstep.checkpointBytesPerTokenLayer",
  title: "Activation bytes per token per layer (full recomputation)",
  description: "Only each layer's input is kept (2h bytes in 16 bits), split over T·C chips with sequence parallelism.",
  symbol: "A_ckpt",
  latex: "A_{\\text{ckpt}}",
  unit: "B/token",
  inputs: {
    hiddenSize: { symbol: "h", unit: "1", description: "model width" },
    tensorParallel: { symbol: "T", unit: "1", description: "tensor-parallel degree" },
    sequenceParallel: { symbol: "q", unit: "1", description: "1 with sequence parallelism, 0 without" },
    contextParallel: { symbol: "C", unit: "1", description: "context-parallel degree" },
  },
  expr: (x) => div(mul(2, x.hiddenSize), mul(x.contextParallel, add(mul(x.sequenceParallel, x.tensorParallel), sub(1, x.sequenceParallel)))),
  sources: [KORTHIKANTI_2022, CHEN_2016],
});

export const layerMicroBatchesHeld = defineFormula({
  id: "trainstep.layerMicroBatchesHeld",
  title: "Layer × micro-batch activations the first stage holds",
  description: "The first stage keeps its layers' activations for every micro-batch in flight: all m under GPipe, min(m, P) under 1F1B, ×(1 + (P−1)/(P·v)) when interleaved.",
  symbol: "n_held",
  latex: "n_{\\text{held}}",
  unit: "layer",
  inputs: {
    layersPerStage: { symbol: "L_s", latex: "L_{s}", unit: "layer", description: "layers on the stage" },
    inFlight: { symbol: "m_f", latex: "m_{f}", unit: "1", description: "micro-batches in flight on the first stage (GPipe: m; 1F1B: min(m, P); one without pipelining)" },
    interleaveFactor: { symbol: "ι", latex: "\\iota", unit: "1", description: "extra in-flight share of the interleaved schedule (1 for GPipe and 1F1B)" },
  },
  expr: (x) => mul(x.layersPerStage, x.inFlight, x.interleaveFactor),
  sources: [KORTHIKANTI_2022, lectureAt("1:00:21", "one forward one backward"), { title: "PipeDream-Flush / 1F1B (Narayanan et al., arXiv:2006.09503)", url: "https://arxiv.org/abs/2006.09503" }],
});

export const interleaveFactor = defineFormula({
  id: "trainstep.interleaveFactor",
  title: "Interleaving's extra activation memory",
  description: "With v model chunks per chip the first stage warms up with more chunk micro-batches: it holds 1 + (P−1)/(P·v) times what 1F1B holds.",
  symbol: "ι",
  latex: "\\iota",
  unit: "1",
  inputs: {
    pipelineParallel: { symbol: "P", unit: "1", description: "pipeline stages" },
    virtualStages: { symbol: "v", unit: "1", description: "model chunks per chip" },
  },
  expr: (x) => add(1, div(sub(x.pipelineParallel, 1), mul(x.pipelineParallel, x.virtualStages))),
  sources: [KORTHIKANTI_2022, MEGATRON_2021],
});

export const activationBytesPerChip = defineFormula({
  id: "trainstep.activationBytesPerChip",
  title: "Activation memory per chip",
  description: "Stored activations per token per layer × tokens per micro-batch × the layer-micro-batches held, plus one layer's full working set while it is recomputed (full recomputation, reversible layers).",
  symbol: "M_act",
  latex: "M_{\\text{act}}",
  unit: "B",
  inputs: {
    storedBytesPerTokenLayer: { symbol: "A_st", latex: "A_{\\text{st}}", unit: "B/token", description: "bytes kept per token per layer" },
    microBatchTokens: { symbol: "b·S", unit: "token", description: "tokens per micro-batch" },
    layerMicroBatches: { symbol: "n_held", latex: "n_{\\text{held}}", unit: "layer", description: "layer × micro-batch activations held" },
    workingBytesPerToken: { symbol: "A_work", latex: "A_{\\text{work}}", unit: "B/token", description: "one layer's full activations per token while recomputing (0 without recomputation)" },
  },
  expr: (x) => mul(x.microBatchTokens, add(mul(x.storedBytesPerTokenLayer, x.layerMicroBatches), x.workingBytesPerToken)),
  sources: [KORTHIKANTI_2022, REVNET_2017, lectureAt("2:12:21", "an HBM footprint … linear in number of layers")],
});

export const reversibleBytesPerToken = defineFormula({
  id: "trainstep.reversibleBytesPerToken",
  title: "Stored activations per token, reversible layers",
  description: "A reversible network keeps only the last layer's two streams (x, y) per micro-batch in flight: the backward inverts each layer to rematerialise its inputs, so storage is O(1) in depth.",
  symbol: "A_rev",
  latex: "A_{\\text{rev}}",
  unit: "B/token",
  inputs: {
    hiddenSize: { symbol: "h", unit: "1", description: "model width" },
    tensorParallel: { symbol: "T", unit: "1", description: "tensor-parallel degree" },
    contextParallel: { symbol: "C", unit: "1", description: "context-parallel degree" },
  },
  expr: (x) => div(mul(2, 2, x.hiddenSize), mul(x.tensorParallel, x.contextParallel)),
  sources: [REVNET_2017, lectureAt("2:12:51", "I don't need to store this at all. I can completely rematerialize it")],
  assumptions: ["two 16-bit streams of width h per token, split over T·C chips"],
});

export const logitBytesPerChip = defineFormula({
  id: "trainstep.logitBytesPerChip",
  title: "Output logits per chip",
  description: "The last stage materialises b·S × vocabulary logits in FP32 for the loss, split over the tensor-parallel ranks (vocabulary-parallel) and context ranks.",
  symbol: "M_logit",
  latex: "M_{\\text{logit}}",
  unit: "B",
  inputs: {
    microBatchTokens: { symbol: "b·S", unit: "token", description: "tokens per micro-batch" },
    vocabSize: { symbol: "V", unit: "1", description: "vocabulary size" },
    tensorParallel: { symbol: "T", unit: "1", description: "tensor-parallel degree" },
    contextParallel: { symbol: "C", unit: "1", description: "context-parallel degree" },
  },
  expr: (x) => div(mul(x.microBatchTokens, x.vocabSize, 4), mul(x.tensorParallel, x.contextParallel)),
  sources: [MEGATRON_2021],
  assumptions: ["counted on top of the first stage's activations (a bound: with P > 1 they live on different stages)"],
});

export const memoryBytesPerChip = defineFormula({
  id: "trainstep.memoryBytesPerChip",
  title: "Training memory per chip",
  description: "Weights, gradients, optimizer state, activations and logits on the heaviest chip.",
  symbol: "M_chip",
  latex: "M_{\\text{chip}}",
  unit: "B",
  inputs: {
    weightBytes: { symbol: "M_w", latex: "M_{w}", unit: "B", description: "weights" },
    gradientBytes: { symbol: "M_g", latex: "M_{g}", unit: "B", description: "gradients" },
    optimizerBytes: { symbol: "M_opt", latex: "M_{\\text{opt}}", unit: "B", description: "optimizer state" },
    activationBytes: { symbol: "M_act", latex: "M_{\\text{act}}", unit: "B", description: "activations" },
    logitBytes: { symbol: "M_logit", latex: "M_{\\text{logit}}", unit: "B", description: "output logits" },
  },
  expr: (x) => add(x.weightBytes, x.gradientBytes, x.optimizerBytes, x.activationBytes, x.logitBytes),
  sources: [ZERO_2020, KORTHIKANTI_2022],
});

export const maxMicroBatch = defineFormula({
  id: "trainstep.maxMicroBatch",
  title: "Largest micro-batch that fits",
  description: "Sequences per micro-batch whose activations and logits fit in the HBM left after the weights, gradients and optimizer state.",
  symbol: "b_max",
  latex: "b_{\\max}",
  unit: "sequence",
  inputs: {
    hbmBytes: { symbol: "M_HBM", latex: "M_{\\text{HBM}}", unit: "B", description: "HBM capacity per chip" },
    usableFraction: { symbol: "u", unit: "1", description: "share of HBM usable (allocator, workspace and framework reserve the rest)" },
    staticBytes: { symbol: "M_static", latex: "M_{\\text{static}}", unit: "B", description: "weights + gradients + optimizer state" },
    bytesPerSequence: { symbol: "M_seq", latex: "M_{\\text{seq}}", unit: "B/sequence", description: "activations and logits per sequence of the micro-batch" },
  },
  expr: (x) => max(0, floor(div(sub(mul(x.hbmBytes, x.usableFraction), x.staticBytes), x.bytesPerSequence))),
  sources: [KORTHIKANTI_2022, ZERO_2020],
});

// ---- The run ----------------------------------------------------------------------------------------

export const runChipHours = defineFormula({
  id: "trainstep.runChipHours",
  title: "Chip-hours of the run",
  description: "Tokens to train on over tokens/s per chip, in hours (a count of chip-hours; no price needed).",
  symbol: "H",
  unit: "1",
  inputs: {
    tokens: { symbol: "D_tok", latex: "D_{\\text{tok}}", unit: "token", description: "training tokens" },
    tokensPerSecondPerChip: { symbol: "θ_chip", latex: "\\theta_{\\text{chip}}", unit: "token/s", description: "tokens/s per chip" },
  },
  expr: (x) => div(x.tokens, mul(x.tokensPerSecondPerChip, 3600)),
  sources: [PALM_MFU, lectureAt("1:22:13")],
});

export const runCalendarSeconds = defineFormula({
  id: "trainstep.runCalendarSeconds",
  title: "Calendar time of the run",
  description: "Tokens over the whole cluster's tokens/s (no restarts, no failures).",
  symbol: "T_run",
  latex: "T_{\\text{run}}",
  unit: "s",
  inputs: {
    tokens: { symbol: "D_tok", latex: "D_{\\text{tok}}", unit: "token", description: "training tokens" },
    tokensPerSecondPerChip: { symbol: "θ_chip", latex: "\\theta_{\\text{chip}}", unit: "token/s", description: "tokens/s per chip" },
    chips: { symbol: "N_chips", latex: "N_{\\text{chips}}", unit: "chip", description: "chips" },
  },
  expr: (x) => div(x.tokens, mul(x.tokensPerSecondPerChip, x.chips)),
  sources: [PALM_MFU],
  assumptions: ["no failures, restarts, evaluation or checkpoint pauses"],
});

// ---- Small counts and sizes the step needs -----------------------------------------------------------

export const layersPerStage = defineFormula({
  id: "trainstep.layersPerStage",
  title: "Layers on the heaviest stage",
  description: "ceil(L/P): with uneven stages the heaviest sets the pace.",
  symbol: "L_s",
  latex: "L_{s}",
  unit: "layer",
  inputs: {
    layers: { symbol: "L", unit: "layer", description: "transformer layers" },
    pipelineParallel: { symbol: "P", unit: "1", description: "pipeline stages" },
  },
  expr: (x) => ceil(div(x.layers, x.pipelineParallel)),
  sources: [MEGATRON_2021],
});

export const perMicroBatchCount = defineFormula({
  id: "trainstep.perMicroBatchCount",
  title: "Operations per micro-batch",
  description: "A per-layer count (collectives, weight reads) over the stage's layers, with the extra ones a recomputed forward adds.",
  symbol: "n",
  unit: "1",
  inputs: {
    layers: { symbol: "L_s", latex: "L_{s}", unit: "layer", description: "layers it applies to on the stage" },
    perLayer: { symbol: "n_0", latex: "n_{0}", unit: "1", description: "count per layer without recomputation (forward + backward)" },
    perLayerRecompute: { symbol: "n_re", latex: "n_{re}", unit: "1", description: "extra count per layer when the forward is recomputed" },
    recomputeForward: { symbol: "r_N", latex: "r_{N}", unit: "1", description: "1 when the forward is recomputed (full, reversible), else 0" },
  },
  expr: (x) => mul(x.layers, add(x.perLayer, mul(x.perLayerRecompute, x.recomputeForward))),
  sources: [MEGATRON_2021, KORTHIKANTI_2022],
});

export const attentionTrainingFlopPerToken = defineFormula({
  id: "trainstep.attentionTrainingFlopPerToken",
  title: "Attention FLOP per token, forward + backward (+ recomputation)",
  description: "Attention's core runs once forward, twice as much backward, and once more when recomputed.",
  symbol: "F_attn,train",
  latex: "F_{\\text{attn}}^{\\text{train}}",
  unit: "FLOP/token",
  inputs: {
    attentionForwardFlop: { symbol: "F_attn", latex: "F_{\\text{attn}}", unit: "FLOP/token", description: "attention FLOP per token, forward" },
    recomputeAttention: { symbol: "r_a", latex: "r_{a}", unit: "1", description: "1 when attention's core is recomputed" },
  },
  expr: (x) => mul(x.attentionForwardFlop, add(3, x.recomputeAttention)),
  sources: [MEGATRON_2021, KORTHIKANTI_2022],
});

export const mlpActivationValues = defineFormula({
  id: "trainstep.mlpActivationValues",
  title: "MLP activation values per token (layer average)",
  description: "What the MLP keeps for its backward per token: c_f values per unit of FFN width a token passes through (2 plain, 3 gated), averaged over dense and MoE layers.",
  symbol: "c_f·f",
  latex: "c_{f} f",
  unit: "1",
  inputs: {
    valuesPerWidth: { symbol: "c_f", latex: "c_{f}", unit: "1", description: "values kept per unit of FFN width (2 plain: up and activation outputs; 3 gated: gate, up and their product)" },
    denseLayers: { symbol: "L_d", latex: "L_{d}", unit: "layer", description: "layers with a dense FFN" },
    denseWidth: { symbol: "f_d", latex: "f_{d}", unit: "1", description: "dense FFN width" },
    moeLayers: { symbol: "L_e", latex: "L_{e}", unit: "layer", description: "MoE layers" },
    moeWidth: { symbol: "f_e", latex: "f_{e}", unit: "1", description: "FFN width a token passes through in a MoE layer (k routed + shared experts)" },
    layers: { symbol: "L", unit: "layer", description: "layers" },
  },
  expr: (x) => div(mul(x.valuesPerWidth, add(mul(x.denseLayers, x.denseWidth), mul(x.moeLayers, x.moeWidth))), x.layers),
  sources: [KORTHIKANTI_2022],
});

export const tensorBytes = defineFormula({
  id: "trainstep.tensorBytes",
  title: "Activation tensor bytes",
  description: "A micro-batch's width-h activations, split over the chips that share it.",
  symbol: "S_act",
  latex: "S_{act}",
  unit: "B",
  inputs: {
    microBatchTokens: { symbol: "b·S", unit: "token", description: "tokens per micro-batch" },
    width: { symbol: "h", unit: "1", description: "values per token (model width, or K and V width per layer)" },
    activationBytes: { symbol: "b_act", latex: "b_{act}", unit: "B", description: "bytes per activation value" },
    split: { symbol: "n_split", latex: "n_{\\text{split}}", unit: "1", description: "chips it is split over" },
  },
  expr: (x) => div(mul(x.microBatchTokens, x.width, x.activationBytes), x.split),
  sources: [MEGATRON_2021],
});

export const groupLinkBytesPerSecond = defineFormula({
  id: "trainstep.groupLinkBytesPerSecond",
  title: "Achieved collective bandwidth of a group",
  description:
    "A group of n chips spaced s apart fits in the scale-up domain when n·s ≤ D and uses its links; otherwise it crosses the scale-out network, where the k = min(n, D/s) members sharing a domain each drive their own NIC (hierarchical collectives), capped by the scale-up link. Times the achieved fraction η_net.",
  symbol: "BW_grp",
  latex: "BW_{\\text{grp}}",
  unit: "B/s",
  inputs: {
    members: { symbol: "n", unit: "chip", description: "chips in the group" },
    stride: { symbol: "s", unit: "chip", description: "spacing of the group's ranks (product of the degrees laid out inside it)" },
    domainChips: { symbol: "D_up", latex: "D_{\\text{up}}", unit: "chip", description: "chips per scale-up domain" },
    scaleUpBytesPerSecond: { symbol: "BW_up", latex: "BW_{\\text{up}}", unit: "B/s", description: "scale-up bandwidth per chip, one direction" },
    scaleOutBytesPerSecond: { symbol: "BW_out", latex: "BW_{\\text{out}}", unit: "B/s", description: "scale-out bandwidth per chip, one direction" },
    networkEfficiency: { symbol: "η_net", latex: "\\eta_{net}", unit: "1", description: "fraction of link bandwidth a collective achieves" },
  },
  expr: (x) => {
    const outside = min(1, max(0, sub(mul(x.members, x.stride), x.domainChips)));
    const hier = min(x.scaleUpBytesPerSecond, mul(x.scaleOutBytesPerSecond, max(1, min(x.members, floor(div(x.domainChips, x.stride))))));
    return mul(x.networkEfficiency, add(mul(sub(1, outside), x.scaleUpBytesPerSecond), mul(outside, hier)));
  },
  sources: [NCCL_HIER(), lectureAt("38:51", "a much slower connectivity, typically about eight times slower")],
  assumptions: ["ranks laid out tensor-innermost, then context, expert/data, pipeline (Megatron's order)"],
});

function NCCL_HIER(): SourceRef {
  return { title: "NCCL: rings and trees use every GPU's NIC across nodes (one channel per NIC), so inter-node bandwidth scales with the group's members per node", url: "https://github.com/NVIDIA/nccl" };
}

export const dataParallelTotalSeconds = defineFormula({
  id: "trainstep.dataParallelTotalSeconds",
  title: "Data-parallel communication, dense and expert",
  description: "Dense gradients are reduced over D·C replicas and expert gradients over D·C/E, one after the other.",
  symbol: "t_DP",
  latex: "t_{DP}",
  unit: "s",
  inputs: {
    denseSeconds: { symbol: "t_DP,d", latex: "t_{DP,d}", unit: "s", description: "dense gradients" },
    expertSeconds: { symbol: "t_DP,e", latex: "t_{DP,e}", unit: "s", description: "expert gradients" },
  },
  expr: (x) => add(x.denseSeconds, x.expertSeconds),
  sources: [ZERO_2020],
});

export const backwardOverlapSeconds = defineFormula({
  id: "trainstep.backwardOverlapSeconds",
  title: "Compute that hides gradient reduction",
  description: "Gradient buckets are reduced during the last micro-batch's backward on each of the v chunks: 2/3 of its time on the stage.",
  symbol: "t_ov",
  latex: "t_{ov}",
  unit: "s",
  inputs: {
    computeSeconds: { symbol: "t_mb", latex: "t_{mb}", unit: "s", description: "time of one micro-batch on one stage" },
    virtualStages: { symbol: "v", unit: "1", description: "model chunks per chip" },
  },
  expr: (x) => mul(div(2, 3), x.computeSeconds, x.virtualStages),
  sources: [MEGATRON_2021, { title: "Megatron Core distributed optimizer: --overlap-grad-reduce", url: "https://docs.nvidia.com/megatron-core/developer-guide/latest/api-guide/dist_optimizer.html" }],
});

export const staticBytes = defineFormula({
  id: "trainstep.staticBytes",
  title: "Weights, gradients and optimizer state per chip",
  description: "The part of training memory that does not grow with the micro-batch.",
  symbol: "M_static",
  latex: "M_{\\text{static}}",
  unit: "B",
  inputs: {
    weightBytes: { symbol: "M_w", latex: "M_{w}", unit: "B", description: "weights" },
    gradientBytes: { symbol: "M_g", latex: "M_{g}", unit: "B", description: "gradients" },
    optimizerBytes: { symbol: "M_opt", latex: "M_{\\text{opt}}", unit: "B", description: "optimizer state" },
  },
  expr: (x) => add(x.weightBytes, x.gradientBytes, x.optimizerBytes),
  sources: [ZERO_2020],
});

export const bytesPerSequence = defineFormula({
  id: "trainstep.bytesPerSequence",
  title: "Activation memory per sequence of the micro-batch",
  description: "Activations and logits grow linearly with the sequences per micro-batch.",
  symbol: "M_seq",
  latex: "M_{\\text{seq}}",
  unit: "B/sequence",
  inputs: {
    activationBytes: { symbol: "M_act", latex: "M_{\\text{act}}", unit: "B", description: "activations per chip" },
    logitBytes: { symbol: "M_logit", latex: "M_{\\text{logit}}", unit: "B", description: "logits per chip" },
    microBatch: { symbol: "b", unit: "sequence", description: "sequences per micro-batch" },
  },
  expr: (x) => div(add(x.activationBytes, x.logitBytes), x.microBatch),
  sources: [KORTHIKANTI_2022],
});

export const zeroCollectivePasses = defineFormula({
  id: "trainstep.zeroCollectivePasses",
  title: "Data-parallel collectives per step",
  description: "ZeRO 0–2 reduce the gradients once and gather the updated weights once per step (an all-reduce's worth). ZeRO-3/FSDP frees gathered weights after use, so every micro-batch gathers them for its forward and again for its backward (2m) and reduces its gradients (m).",
  symbol: "k",
  unit: "1",
  inputs: {
    zeroStage: { symbol: "z", unit: "1", description: "ZeRO stage" },
    microBatches: { symbol: "m", unit: "1", description: "micro-batches per step" },
    perMicroBatch: { symbol: "k_mb", latex: "k_{mb}", unit: "1", description: "collectives per micro-batch under ZeRO-3 (2 gathers, 1 reduction)" },
  },
  expr: (x) => add(1, mul(min(1, max(0, sub(x.zeroStage, 2))), sub(mul(x.perMicroBatch, x.microBatches), 1))),
  sources: [ZERO_2020, { title: "PyTorch FSDP (Zhao et al., arXiv:2304.11277): all-gather before forward and backward, reduce-scatter after backward", url: "https://arxiv.org/abs/2304.11277" }],
});
