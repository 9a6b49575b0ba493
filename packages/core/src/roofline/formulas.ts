/**
 * The roofline of one forward pass, as formulas. Each is defined once here; analyses wire them into
 * graphs (see ./step.ts), which give both the derivations and the compiled sweep kernels.
 *
 * FLOP = 2 per multiply-accumulate. Bytes and seconds are SI. Efficiencies η are fractions of peak
 * (1 = the ideal roofline).
 */
import { add, div, exp, floor, ln, max, min, mul, sqrt, sub } from "../formula/expr.ts";
import { defineFormula } from "../formula/formula.ts";
import { cribSheet, flashcards, lectureAt, type SourceRef } from "../sources.ts";
import { FLOP_PER_MAC, SECONDS_PER_HOUR, TOKENS_PER_MILLION } from "../units.ts";

const EPOCH_COVERAGE: SourceRef = {
  title: "Epoch AI, inference economics of language models: expected expert coverage 1−(1−k/E)^B",
  url: "https://epoch.ai/blog/inference-economics-of-language-models",
};
const MLA_PAPER: SourceRef = { title: "DeepSeek-V2 technical report: Multi-head Latent Attention (arXiv:2405.04434)", url: "https://arxiv.org/abs/2405.04434" };
const DSA_REPO: SourceRef = { title: "DeepSeek-V3.2-Exp: DeepSeek Sparse Attention (lightning indexer, top-k)", url: "https://github.com/deepseek-ai/DeepSeek-V3.2-Exp" };

// ---- Tokens and FLOPs ---------------------------------------------------------------------------

export const tokensInPass = defineFormula({
  id: "roofline.tokensInPass",
  title: "Tokens in the pass",
  description: "Tokens processed by one forward pass: every sequence of the batch advances by the pass length (1 for a decode step).",
  symbol: "T",
  unit: "token",
  inputs: {
    batch: { symbol: "B", unit: "sequence", description: "sequences in the batch" },
    passTokens: { symbol: "P", unit: "token", description: "tokens per sequence in this pass (1 = decode, the prompt length = prefill)" },
  },
  expr: ({ batch, passTokens }) => mul(batch, passTokens),
  sources: [lectureAt("1:40:00", "decode is a pass of length 1, prefill a pass of many")],
});

export const weightFlopPerToken = defineFormula({
  id: "roofline.weightFlopPerToken",
  title: "Weight FLOP per token",
  description: "Matrix-multiply work per token: one multiply-accumulate (2 FLOP) per active weight.",
  symbol: "F_w",
  latex: "F_{w}",
  unit: "FLOP/token",
  inputs: {
    matmulParams: { symbol: "N_mm", latex: "N_{\\text{mm}}", unit: "param", description: "active parameters a token multiplies by (active parameters less the embedding lookup)" },
  },
  expr: ({ matmulParams }) => mul(FLOP_PER_MAC, matmulParams),
  sources: [lectureAt("03:20", "multiply by all of the active parameters"), flashcards("01:18:59 — 2 FLOPs per parameter per token forward")],
});

export const attendedTopK = defineFormula({
  id: "attention.attendedTopK",
  title: "Tokens attended (top-k sparse attention)",
  description: "With DeepSeek Sparse Attention each query reads only the top-k tokens the indexer selects.",
  symbol: "A",
  unit: "token",
  inputs: {
    contextTokens: { symbol: "L", unit: "token", description: "tokens in the context" },
    topK: { symbol: "k_sel", latex: "k_{\\text{sel}}", unit: "token", description: "tokens selected per query" },
  },
  expr: ({ contextTokens, topK }) => min(contextTokens, topK),
  sources: [DSA_REPO],
});

export const attendedSqrt = defineFormula({
  id: "attention.attendedSqrt",
  title: "Tokens attended (square-root sparse attention)",
  description:
    "The lecture's sparse-attention approximation: attention reads grow as the square root of the context. Dense up to the knee L₀, then √(L·L₀).",
  symbol: "A",
  unit: "token",
  inputs: {
    contextTokens: { symbol: "L", unit: "token", description: "tokens in the context" },
    kneeTokens: { symbol: "L_0", latex: "L_{0}", unit: "token", description: "context up to which attention stays dense" },
  },
  expr: ({ contextTokens, kneeTokens }) => min(contextTokens, sqrt(mul(contextTokens, kneeTokens))),
  sources: [lectureAt("12:31", "some of the DeepSeek papers … end up putting a square root in this term")],
  assumptions: ["a modelling option, not a published kernel: √(L·L₀) tokens attended beyond the knee"],
});

export const attentionFlopPerTokenFull = defineFormula({
  id: "attention.flopPerToken",
  title: "Attention FLOP per token",
  description: "Scores (q·k) and weighted values for every attended token, summed over layers.",
  symbol: "F_attn",
  latex: "F_{\\text{attn}}",
  unit: "FLOP/token",
  inputs: {
    flopPerAttended: { symbol: "a", unit: "FLOP/token", description: "FLOP per attended token summed over full-attention layers: 2·heads·(d_qk + d_v) per layer (MLA: absorbed latent form)" },
    attended: { symbol: "A", unit: "token", description: "tokens each query attends to" },
  },
  expr: ({ flopPerAttended, attended }) => mul(flopPerAttended, attended),
  sources: [lectureAt("1:47:00", "the number of multiplies that comes from doing the KV cache goes up linearly"), MLA_PAPER],
});

export const attentionFlopPerTokenMixed = defineFormula({
  id: "attention.flopPerTokenMixed",
  title: "Attention FLOP per token",
  description: "Full-context layers attend to A tokens, windowed layers to at most W, and a sparse-attention indexer scores all L.",
  symbol: "F_attn",
  latex: "F_{\\text{attn}}",
  unit: "FLOP/token",
  inputs: {
    flopPerAttended: { symbol: "a", unit: "FLOP/token", description: "FLOP per attended token, summed over full-context layers" },
    attended: { symbol: "A", unit: "token", description: "tokens each query attends to in full-context layers" },
    windowedFlopPerAttended: { symbol: "a_win", latex: "a_{\\text{win}}", unit: "FLOP/token", description: "FLOP per attended token, summed over windowed layers" },
    contextTokens: { symbol: "L", unit: "token", description: "tokens in the context" },
    windowTokens: { symbol: "W", unit: "token", description: "attention window of the windowed layers" },
    indexerFlopPerToken: { symbol: "a_idx", latex: "a_{\\text{idx}}", unit: "FLOP/token", description: "sparse-attention indexer FLOP per context token, summed over layers" },
  },
  expr: (x) => add(mul(x.flopPerAttended, x.attended), mul(x.windowedFlopPerAttended, min(x.contextTokens, x.windowTokens)), mul(x.indexerFlopPerToken, x.contextTokens)),
  sources: [lectureAt("1:47:00"), DSA_REPO],
});

export const flopPerToken = defineFormula({
  id: "roofline.flopPerToken",
  title: "FLOP per token",
  description: "Work per token: the weight multiplies plus attention over the context.",
  symbol: "F_tok",
  latex: "F_{\\text{tok}}",
  unit: "FLOP/token",
  inputs: {
    weightFlop: { symbol: "F_w", latex: "F_{w}", unit: "FLOP/token", description: "weight FLOP per token" },
    attentionFlop: { symbol: "F_attn", latex: "F_{\\text{attn}}", unit: "FLOP/token", description: "attention FLOP per token" },
  },
  expr: ({ weightFlop, attentionFlop }) => add(weightFlop, attentionFlop),
  sources: [lectureAt("03:20", "multiply by all of the active parameters and then … some work on the attention")],
});

// ---- Time -----------------------------------------------------------------------------------------

export const computeSeconds = defineFormula({
  id: "roofline.computeSeconds",
  title: "Compute time",
  description: "Time for the pass's arithmetic at the chips' dense peak.",
  symbol: "t_compute",
  latex: "t_{\\text{compute}}",
  unit: "s",
  inputs: {
    tokens: { symbol: "T", unit: "token", description: "tokens in the pass" },
    flopPerToken: { symbol: "F_tok", latex: "F_{\\text{tok}}", unit: "FLOP/token", description: "FLOP per token" },
    chips: { symbol: "N", unit: "chip", description: "chips in the scale-up domain serving the model" },
    peakFlopsPerSecond: { symbol: "F", unit: "FLOP/s", description: "dense peak FLOP/s per chip at the compute precision" },
    computeEfficiency: { symbol: "η_F", latex: "\\eta_{F}", unit: "1", description: "fraction of peak FLOP/s achieved (1 = ideal roofline)" },
  },
  expr: (x) => div(mul(x.tokens, x.flopPerToken), mul(x.chips, x.peakFlopsPerSecond, x.computeEfficiency)),
  sources: [lectureAt("03:10", "batch size times active parameters divided by the FLOPs of the chip"), flashcards("00:00:00")],
});

export const expectedExpertsTouched = defineFormula({
  id: "moe.expectedExpertsTouched",
  title: "Experts touched per MoE layer",
  description: "Expected number of distinct routed experts that at least one of T tokens picks, when each token picks k of E uniformly.",
  symbol: "E_touched",
  latex: "E_{\\text{touched}}",
  unit: "expert",
  inputs: {
    routedExperts: { symbol: "E", unit: "expert", description: "routed experts per MoE layer" },
    expertsPerToken: { symbol: "k", unit: "expert", description: "routed experts each token activates" },
    tokens: { symbol: "T", unit: "token", description: "tokens in the pass" },
  },
  // (1 − k/E)^T written as exp(T · ln(1 − k/E)): the same number, and the logarithm depends on the
  // model alone, so a sweep over T computes it once (Math.pow with a varying exponent is ~4× slower).
  expr: ({ routedExperts, expertsPerToken, tokens }) => mul(routedExperts, sub(1, exp(mul(tokens, ln(sub(1, div(expertsPerToken, routedExperts))))))),
  sources: [EPOCH_COVERAGE],
  assumptions: [
    "uniform, independent routing: real routers are skewed, which touches fewer experts at a given batch",
    "E_touched = E·(1 − (1 − k/E)^T), written with exp and ln",
  ],
});

export const weightBytesReadMoe = defineFormula({
  id: "roofline.weightBytesReadMoe",
  title: "Weight bytes read",
  description: "Weights one pass reads: everything but the routed experts, plus the experts the pass's tokens touch.",
  symbol: "W",
  unit: "B",
  inputs: {
    alwaysReadParams: { symbol: "N_dense", latex: "N_{\\text{dense}}", unit: "param", description: "parameters read whatever the routing (attention, dense FFN, shared experts, router, output head)" },
    moeLayers: { symbol: "n_moe", latex: "n_{\\text{moe}}", unit: "layer", description: "layers with routed experts" },
    expertsTouched: { symbol: "E_touched", latex: "E_{\\text{touched}}", unit: "expert", description: "experts touched per MoE layer" },
    paramsPerExpert: { symbol: "N_exp", latex: "N_{\\text{exp}}", unit: "param", description: "parameters of one routed expert" },
    bytesPerWeight: { symbol: "b_w", latex: "b_{w}", unit: "B/param", description: "bytes per weight at the weight precision" },
  },
  expr: (x) => mul(add(x.alwaysReadParams, mul(x.moeLayers, x.expertsTouched, x.paramsPerExpert)), x.bytesPerWeight),
  sources: [lectureAt("05:12", "fetch all of the weights"), EPOCH_COVERAGE],
});

export const weightBytesRead = defineFormula({
  id: "roofline.weightBytesRead",
  title: "Weight bytes read",
  description: "Weights one pass reads from HBM.",
  symbol: "W",
  unit: "B",
  inputs: {
    params: { symbol: "N_read", latex: "N_{\\text{read}}", unit: "param", description: "parameters the pass reads" },
    bytesPerWeight: { symbol: "b_w", latex: "b_{w}", unit: "B/param", description: "bytes per weight at the weight precision" },
  },
  expr: ({ params, bytesPerWeight }) => mul(params, bytesPerWeight),
  sources: [lectureAt("05:12", "fetch all of the total number of parameters, not just the active parameters")],
});

export const memoryReadSeconds = defineFormula({
  id: "roofline.memoryReadSeconds",
  title: "Memory read time",
  description: "Time to stream bytes from HBM, the chips reading in parallel.",
  symbol: "t_mem",
  latex: "t_{\\text{mem}}",
  unit: "s",
  inputs: {
    bytes: { symbol: "bytes", unit: "B", description: "bytes read" },
    chips: { symbol: "N", unit: "chip", description: "chips reading in parallel (a scale-up domain)" },
    bandwidthBytesPerSecond: { symbol: "BW", unit: "B/s", description: "HBM bandwidth per chip" },
    bandwidthEfficiency: { symbol: "η_BW", latex: "\\eta_{BW}", unit: "1", description: "fraction of peak HBM bandwidth achieved (1 = ideal roofline)" },
  },
  expr: (x) => div(x.bytes, mul(x.chips, x.bandwidthBytesPerSecond, x.bandwidthEfficiency)),
  sources: [lectureAt("07:18", "divided by the memory bandwidth"), lectureAt("41:00", "aggregate bandwidth = scale-up size × per-GPU bandwidth")],
});

export const kvBytesPerTokenFromValues = defineFormula({
  id: "kv.bytesPerToken",
  title: "KV-cache bytes per token",
  description: "Bytes of KV cache one token of context occupies, summed over the layers that keep it.",
  symbol: "kv",
  unit: "B/token",
  inputs: {
    valuesPerToken: { symbol: "V_kv", latex: "V_{kv}", unit: "1", description: "cached values per token summed over layers: layers·2·kv_heads·d_head (MLA: layers·(d_latent + d_rope))" },
    bytesPerValue: { symbol: "b_kv", latex: "b_{kv}", unit: "B", description: "bytes per cached value at the KV precision" },
  },
  expr: ({ valuesPerToken, bytesPerValue }) => mul(valuesPerToken, bytesPerValue),
  sources: [cribSheet("160 KB/token KV"), MLA_PAPER],
});

export const kvBytesPerTokenGiven = defineFormula({
  id: "kv.bytesPerTokenGiven",
  title: "KV-cache bytes per token",
  description: "Bytes of KV cache one token of context occupies, as the model description gives it (a napkin model states it in bytes).",
  symbol: "kv",
  unit: "B/token",
  inputs: {
    given: { symbol: "kv_given", latex: "kv_{\\text{given}}", unit: "B/token", description: "KV bytes per token stated by the model file" },
  },
  expr: ({ given }) => given,
  sources: [cribSheet("160 KB/token KV")],
});

export const kvValuesPerTokenGqa = defineFormula({
  id: "kv.valuesPerTokenGqa",
  title: "KV values per token (MHA/GQA/MQA)",
  description: "Each layer caches a key and a value vector per KV head.",
  symbol: "V_kv",
  latex: "V_{kv}",
  unit: "1",
  inputs: {
    layers: { symbol: "n_layers", latex: "n_{\\text{layers}}", unit: "layer", description: "layers that cache this token" },
    kvHeads: { symbol: "n_kv", latex: "n_{kv}", unit: "1", description: "KV heads per layer" },
    headDimK: { symbol: "d_k", latex: "d_{k}", unit: "1", description: "key head dimension" },
    headDimV: { symbol: "d_v", latex: "d_{v}", unit: "1", description: "value head dimension" },
  },
  expr: ({ layers, kvHeads, headDimK, headDimV }) => mul(layers, kvHeads, add(headDimK, headDimV)),
  sources: [cribSheet("160 KB/token KV: 80 layers × 2 × 8 KV-heads × 128 × 1 B")],
});

export const kvValuesPerTokenMla = defineFormula({
  id: "kv.valuesPerTokenMla",
  title: "KV values per token (MLA)",
  description: "Multi-head latent attention caches one compressed latent and one shared RoPE key per token per layer, for all heads.",
  symbol: "V_kv",
  latex: "V_{kv}",
  unit: "1",
  inputs: {
    layers: { symbol: "n_layers", latex: "n_{\\text{layers}}", unit: "layer", description: "layers" },
    latentDim: { symbol: "d_c", latex: "d_{c}", unit: "1", description: "KV latent rank (kv_lora_rank)" },
    ropeDim: { symbol: "d_rope", latex: "d_{\\text{rope}}", unit: "1", description: "decoupled RoPE key dimension" },
  },
  expr: ({ layers, latentDim, ropeDim }) => mul(layers, add(latentDim, ropeDim)),
  sources: [MLA_PAPER],
});

export const attentionFlopPerAttendedGqa = defineFormula({
  id: "attention.flopPerAttendedTokenGqa",
  title: "Attention FLOP per attended token",
  description: "Each query head scores every attended key (d_qk multiply-accumulates) and weights its value (d_v), in every layer.",
  symbol: "a",
  unit: "FLOP/token",
  inputs: {
    layers: { symbol: "n_layers", latex: "n_{\\text{layers}}", unit: "layer", description: "layers" },
    heads: { symbol: "n_h", latex: "n_{h}", unit: "1", description: "query heads per layer" },
    headDimK: { symbol: "d_qk", latex: "d_{qk}", unit: "1", description: "query/key head dimension" },
    headDimV: { symbol: "d_v", latex: "d_{v}", unit: "1", description: "value head dimension" },
  },
  expr: ({ layers, heads, headDimK, headDimV }) => mul(layers, FLOP_PER_MAC, heads, add(headDimK, headDimV)),
  sources: [lectureAt("1:47:00", "the number of multiplies that comes from doing the KV cache")],
});

export const attentionFlopPerAttendedMlaAbsorbed = defineFormula({
  id: "attention.flopPerAttendedTokenMlaAbsorbed",
  title: "Attention FLOP per attended token (MLA, absorbed)",
  description: "Decode kernels for multi-head latent attention (FlashMLA) absorb the up-projections: each head scores the latent plus the RoPE key and weights the latent.",
  symbol: "a",
  unit: "FLOP/token",
  inputs: {
    layers: { symbol: "n_layers", latex: "n_{\\text{layers}}", unit: "layer", description: "layers" },
    heads: { symbol: "n_h", latex: "n_{h}", unit: "1", description: "query heads per layer" },
    latentDim: { symbol: "d_c", latex: "d_{c}", unit: "1", description: "KV latent rank (kv_lora_rank)" },
    ropeDim: { symbol: "d_rope", latex: "d_{\\text{rope}}", unit: "1", description: "decoupled RoPE key dimension" },
  },
  expr: ({ layers, heads, latentDim, ropeDim }) => mul(layers, FLOP_PER_MAC, heads, add(latentDim, ropeDim, latentDim)),
  sources: [MLA_PAPER, { title: "DeepSeek FlashMLA: MLA decoding kernel (absorbed weights)", url: "https://github.com/deepseek-ai/FlashMLA" }],
  assumptions: ["decode absorbs the up-projections; prefill runs the per-head form (d_qk + d_v), which is cheaper for long passes"],
});

export const kvBytesPerSequence = defineFormula({
  id: "kv.bytesPerSequence",
  title: "KV bytes per sequence",
  description: "KV cache a sequence reads (or holds) at this context.",
  symbol: "KV_seq",
  latex: "KV_{\\text{seq}}",
  unit: "B/sequence",
  inputs: {
    kvBytesPerToken: { symbol: "kv", unit: "B/token", description: "KV bytes per token of context" },
    tokens: { symbol: "L", unit: "token", description: "context tokens read" },
  },
  expr: ({ kvBytesPerToken, tokens }) => mul(kvBytesPerToken, tokens),
  sources: [lectureAt("05:28", "for every element of the batch we fetch an entire context length of tokens, times bytes per token")],
});

export const kvBytesPerSequenceMixed = defineFormula({
  id: "kv.bytesPerSequenceMixed",
  title: "KV bytes per sequence",
  description: "Full-context layers read A tokens of KV; windowed layers at most W; a sparse-attention indexer reads its keys for all L.",
  symbol: "KV_seq",
  latex: "KV_{\\text{seq}}",
  unit: "B/sequence",
  inputs: {
    kvBytesPerToken: { symbol: "kv", unit: "B/token", description: "KV bytes per token summed over full-context layers" },
    attended: { symbol: "A", unit: "token", description: "tokens read by full-context layers" },
    windowedKvBytesPerToken: { symbol: "kv_win", latex: "kv_{\\text{win}}", unit: "B/token", description: "KV bytes per token summed over windowed layers" },
    contextTokens: { symbol: "L", unit: "token", description: "tokens in the context" },
    windowTokens: { symbol: "W", unit: "token", description: "attention window of the windowed layers" },
    indexerBytesPerToken: { symbol: "kv_idx", latex: "kv_{\\text{idx}}", unit: "B/token", description: "sparse-attention indexer key bytes per token (FP8), summed over layers" },
  },
  expr: (x) => add(mul(x.kvBytesPerToken, x.attended), mul(x.windowedKvBytesPerToken, min(x.contextTokens, x.windowTokens)), mul(x.indexerBytesPerToken, x.contextTokens)),
  sources: [lectureAt("05:28"), DSA_REPO],
});

export const kvReadBytes = defineFormula({
  id: "roofline.kvReadBytes",
  title: "KV bytes read",
  description: "KV cache the pass reads: each sequence's own context (it cannot be shared or amortised across the batch).",
  symbol: "KV",
  unit: "B",
  inputs: {
    batch: { symbol: "B", unit: "sequence", description: "sequences in the batch" },
    kvBytesPerSequence: { symbol: "KV_seq", latex: "KV_{\\text{seq}}", unit: "B/sequence", description: "KV bytes read per sequence" },
  },
  expr: ({ batch, kvBytesPerSequence }) => mul(batch, kvBytesPerSequence),
  sources: [lectureAt("05:28"), lectureAt("15:43", "they're unique per batch")],
});

export const sumSeconds = defineFormula({
  id: "roofline.memorySeconds",
  title: "Memory time",
  description: "Weight fetch and KV fetch share the same HBM bandwidth, so their times add.",
  symbol: "t_mem",
  latex: "t_{\\text{mem}}",
  unit: "s",
  inputs: {
    weightSeconds: { symbol: "t_weights", latex: "t_{\\text{weights}}", unit: "s", description: "weight-read time" },
    kvSeconds: { symbol: "t_KV", latex: "t_{KV}", unit: "s", description: "KV-read time" },
  },
  expr: ({ weightSeconds, kvSeconds }) => add(weightSeconds, kvSeconds),
  sources: [lectureAt("08:11", "a maximum of a sum and then another term")],
});

export const stepSeconds = defineFormula({
  id: "roofline.stepSeconds",
  title: "Step time",
  description: "A forward pass takes at least as long as its compute and at least as long as its memory traffic; the roofline takes the larger.",
  symbol: "t_step",
  latex: "t_{\\text{step}}",
  unit: "s",
  inputs: {
    computeSeconds: { symbol: "t_compute", latex: "t_{\\text{compute}}", unit: "s", description: "compute time" },
    memorySeconds: { symbol: "t_mem", latex: "t_{\\text{mem}}", unit: "s", description: "memory time (weights + KV)" },
  },
  expr: ({ computeSeconds, memorySeconds }) => max(computeSeconds, memorySeconds),
  sources: [lectureAt("02:50", "the time must be greater than or equal to"), flashcards("T = max(t_compute, t_mem)")],
  assumptions: ["compute and memory traffic overlap perfectly; communication between chips is not modelled here (see the cluster layout)"],
});

export const tokensPerSecond = defineFormula({
  id: "roofline.tokensPerSecond",
  title: "Throughput",
  description: "Tokens produced per second by the chips serving this batch.",
  symbol: "Θ",
  latex: "\\Theta",
  unit: "token/s",
  inputs: {
    tokens: { symbol: "T", unit: "token", description: "tokens in the pass" },
    stepSeconds: { symbol: "t_step", latex: "t_{\\text{step}}", unit: "s", description: "step time" },
  },
  expr: ({ tokens, stepSeconds }) => div(tokens, stepSeconds),
  sources: [lectureAt("23:50", "tokens per second is the batch size … every T")],
});

export const tokensPerSecondPerSequence = defineFormula({
  id: "roofline.tokensPerSecondPerSequence",
  title: "Speed per sequence",
  description: "Tokens per second one user sees (decode: 1 ÷ step time).",
  symbol: "θ",
  latex: "\\theta",
  unit: "token/s",
  inputs: {
    passTokens: { symbol: "P", unit: "token", description: "tokens per sequence in the pass" },
    stepSeconds: { symbol: "t_step", latex: "t_{\\text{step}}", unit: "s", description: "step time" },
  },
  expr: ({ passTokens, stepSeconds }) => div(passTokens, stepSeconds),
  sources: [cribSheet("48 tok/s unbatched")],
});

export const usdPerMillionTokens = defineFormula({
  id: "roofline.usdPerMillionTokens",
  title: "Cost per million tokens",
  description: "Rental cost of the chips for the step, divided over the tokens it produced.",
  symbol: "c",
  unit: "USD/Mtoken",
  inputs: {
    chips: { symbol: "N", unit: "chip", description: "chips serving the batch" },
    usdPerChipHour: { symbol: "p", unit: "USD/h", description: "rental price per chip-hour" },
    stepSeconds: { symbol: "t_step", latex: "t_{\\text{step}}", unit: "s", description: "step time" },
    tokens: { symbol: "T", unit: "token", description: "tokens in the pass" },
  },
  expr: (x) => div(mul(x.chips, x.usdPerChipHour, x.stepSeconds, TOKENS_PER_MILLION), mul(SECONDS_PER_HOUR, x.tokens)),
  sources: [lectureAt("12:43", "I have to pay the rental time … divided by the batch size"), cribSheet("$0.37 / M output tokens")],
});

export const modelFlopsUtilization = defineFormula({
  id: "roofline.mfu",
  title: "MFU",
  description: "Model FLOP utilisation of the step: useful FLOP per second over the chips' dense peak.",
  symbol: "MFU",
  unit: "1",
  inputs: {
    tokens: { symbol: "T", unit: "token", description: "tokens in the pass" },
    flopPerToken: { symbol: "F_tok", latex: "F_{\\text{tok}}", unit: "FLOP/token", description: "FLOP per token" },
    stepSeconds: { symbol: "t_step", latex: "t_{\\text{step}}", unit: "s", description: "step time" },
    chips: { symbol: "N", unit: "chip", description: "chips" },
    peakFlopsPerSecond: { symbol: "F", unit: "FLOP/s", description: "dense peak per chip" },
  },
  expr: (x) => div(mul(x.tokens, x.flopPerToken), mul(x.stepSeconds, x.chips, x.peakFlopsPerSecond)),
  sources: [{ title: "PaLM: Scaling Language Modeling with Pathways, appendix B (model FLOPs utilization)", url: "https://arxiv.org/abs/2204.02311" }],
});

export const memoryBandwidthUtilization = defineFormula({
  id: "roofline.mbu",
  title: "MBU",
  description: "Memory-bandwidth utilisation of the step: bytes moved per second over the chips' peak HBM bandwidth.",
  symbol: "MBU",
  unit: "1",
  inputs: {
    weightBytes: { symbol: "W", unit: "B", description: "weight bytes read" },
    kvBytes: { symbol: "KV", unit: "B", description: "KV bytes read" },
    stepSeconds: { symbol: "t_step", latex: "t_{\\text{step}}", unit: "s", description: "step time" },
    chips: { symbol: "N", unit: "chip", description: "chips" },
    bandwidthBytesPerSecond: { symbol: "BW", unit: "B/s", description: "HBM bandwidth per chip" },
  },
  expr: (x) => div(add(x.weightBytes, x.kvBytes), mul(x.stepSeconds, x.chips, x.bandwidthBytesPerSecond)),
  sources: [{ title: "Databricks, LLM inference performance engineering: model bandwidth utilization", url: "https://www.databricks.com/blog/llm-inference-performance-engineering-best-practices" }],
});

// ---- Memory capacity ----------------------------------------------------------------------------

export const weightBytesResident = defineFormula({
  id: "memory.weightBytes",
  title: "Weights in memory",
  description: "All weights, every expert included, held in HBM.",
  symbol: "M_w",
  latex: "M_{w}",
  unit: "B",
  inputs: {
    totalParams: { symbol: "N_total", latex: "N_{\\text{total}}", unit: "param", description: "total parameters" },
    bytesPerWeight: { symbol: "b_w", latex: "b_{w}", unit: "B/param", description: "bytes per weight" },
  },
  expr: ({ totalParams, bytesPerWeight }) => mul(totalParams, bytesPerWeight),
  sources: [lectureAt("56:20", "the demand on memory is the number of total parameters plus the KVs")],
});

export const memoryCapacity = defineFormula({
  id: "memory.capacityBytes",
  title: "HBM capacity",
  description: "HBM of the chips serving the model.",
  symbol: "C",
  unit: "B",
  inputs: {
    chips: { symbol: "N", unit: "chip", description: "chips" },
    hbmBytes: { symbol: "C_chip", latex: "C_{\\text{chip}}", unit: "B", description: "HBM per chip" },
  },
  expr: ({ chips, hbmBytes }) => mul(chips, hbmBytes),
  sources: [lectureAt("56:20")],
});

export const memoryFootprint = defineFormula({
  id: "memory.footprintBytes",
  title: "Memory footprint",
  description: "Weights plus the batch's KV cache (activations and workspace are not counted).",
  symbol: "M",
  unit: "B",
  inputs: {
    weightBytes: { symbol: "M_w", latex: "M_{w}", unit: "B", description: "weights in memory" },
    batch: { symbol: "B", unit: "sequence", description: "sequences in the batch" },
    kvBytesPerSequence: { symbol: "KV_seq", latex: "KV_{\\text{seq}}", unit: "B/sequence", description: "KV bytes held per sequence" },
  },
  expr: (x) => add(x.weightBytes, mul(x.batch, x.kvBytesPerSequence)),
  sources: [lectureAt("56:20", "N_total + B · len_ctx · bytes/token")],
});

export const maxBatchThatFits = defineFormula({
  id: "memory.maxBatch",
  title: "Largest batch that fits",
  description: "Sequences whose KV cache fits in the HBM left after the weights (0 when the weights alone do not fit; at most the engine's largest batch).",
  symbol: "B_max",
  latex: "B_{\\max}",
  unit: "sequence",
  inputs: {
    capacityBytes: { symbol: "C", unit: "B", description: "HBM capacity" },
    weightBytes: { symbol: "M_w", latex: "M_{w}", unit: "B", description: "weights in memory" },
    kvBytesPerSequence: { symbol: "KV_seq", latex: "KV_{\\text{seq}}", unit: "B/sequence", description: "KV bytes held per sequence" },
    batchLimit: { symbol: "B_lim", latex: "B_{\\text{lim}}", unit: "sequence", description: "the largest batch the engine models" },
  },
  // A sequence is taken to hold at least one byte, so a napkin model with no KV cache gives B_lim, not ∞.
  expr: (x) => min(floor(div(max(sub(x.capacityBytes, x.weightBytes), 0), max(x.kvBytesPerSequence, 1))), x.batchLimit),
  sources: [cribSheet("160 KB/token KV: TP2 leaves ~90 GB → ~18 long streams")],
});

// ---- Hardware ratios, batch and train -----------------------------------------------------------

export const flopPerByte = defineFormula({
  id: "hardware.flopPerByte",
  title: "FLOP per byte",
  description: "The machine balance: FLOP the chip can do per byte it reads from HBM (the roofline's ridge point).",
  symbol: "F/BW",
  unit: "FLOP/B",
  inputs: {
    peakFlopsPerSecond: { symbol: "F", unit: "FLOP/s", description: "dense peak FLOP/s per chip" },
    bandwidthBytesPerSecond: { symbol: "BW", unit: "B/s", description: "HBM bandwidth per chip" },
  },
  expr: ({ peakFlopsPerSecond, bandwidthBytesPerSecond }) => div(peakFlopsPerSecond, bandwidthBytesPerSecond),
  sources: [lectureAt("18:29", "this ends up being on most GPUs around 300")],
  assumptions: ["FLOP counts 2 per multiply-accumulate; the lecture's \"≈300\" is multiply-accumulates × bytes per weight per byte"],
});

export const drainSeconds = defineFormula({
  id: "memory.drainSeconds",
  title: "Drain time",
  description:
    "Time to read a whole memory once at its bandwidth (capacity ÷ bandwidth). For HBM: a lower bound on a step that touches all of memory, and the natural period of the serving train; for slower tiers: the hold time the tier is balanced for.",
  symbol: "t_drain",
  latex: "t_{\\text{drain}}",
  unit: "s",
  inputs: {
    capacityBytes: { symbol: "C", unit: "B", description: "capacity (per chip or device)" },
    bandwidthBytesPerSecond: { symbol: "BW", unit: "B/s", description: "bandwidth it is read at (per chip or device)" },
  },
  expr: ({ capacityBytes, bandwidthBytesPerSecond }) => div(capacityBytes, bandwidthBytesPerSecond),
  sources: [
    lectureAt("23:00", "capacity divided by bandwidth … 20 milliseconds on many generations"),
    flashcards("Rubin: 288 GB / 20 TB/s ≈ 15 ms"),
    lectureAt("2:01:02", "storage capacity over storage bandwidth … equal to 5 minutes or something like that"),
  ],
});

export const closedFormOptimalBatch = defineFormula({
  id: "batch.closedFormOptimalBatch",
  title: "Optimal batch (closed form)",
  description:
    "The batch at which weight-fetch time equals compute time, ignoring KV traffic and reading all weights: the lecture's \"300 × sparsity\".",
  symbol: "B*",
  latex: "B^{*}",
  unit: "sequence",
  inputs: {
    peakFlopsPerSecond: { symbol: "F", unit: "FLOP/s", description: "dense peak FLOP/s per chip" },
    computeEfficiency: { symbol: "η_F", latex: "\\eta_{F}", unit: "1", description: "compute efficiency" },
    bandwidthBytesPerSecond: { symbol: "BW", unit: "B/s", description: "HBM bandwidth per chip" },
    bandwidthEfficiency: { symbol: "η_BW", latex: "\\eta_{BW}", unit: "1", description: "bandwidth efficiency" },
    bytesPerWeight: { symbol: "b_w", latex: "b_{w}", unit: "B/param", description: "bytes per weight" },
    totalParams: { symbol: "N_total", latex: "N_{\\text{total}}", unit: "param", description: "total parameters" },
    activeParams: { symbol: "N_active", latex: "N_{\\text{active}}", unit: "param", description: "active parameters per token" },
  },
  expr: (x) =>
    mul(div(mul(x.peakFlopsPerSecond, x.computeEfficiency), mul(x.bandwidthBytesPerSecond, x.bandwidthEfficiency)), div(x.bytesPerWeight, FLOP_PER_MAC), div(x.totalParams, x.activeParams)),
  sources: [lectureAt("16:57", "N_total / mem_bw = B · N_active / FLOPs"), lectureAt("19:07", "batch size needs to be bigger than approximately 300 times sparsity"), flashcards("B ≥ 300 × sparsity")],
  assumptions: ["KV traffic ignored and all weights read every step, as in the lecture's closed form"],
});

export const latencyFloorLecture = defineFormula({
  id: "batch.allWeightsReadSeconds",
  title: "Time to read all weights",
  description: "The lecture's latency floor: every step reads every weight, whatever the batch.",
  symbol: "t_all",
  latex: "t_{\\text{all}}",
  unit: "s",
  inputs: {
    totalParams: { symbol: "N_total", latex: "N_{\\text{total}}", unit: "param", description: "total parameters" },
    bytesPerWeight: { symbol: "b_w", latex: "b_{w}", unit: "B/param", description: "bytes per weight" },
    chips: { symbol: "N", unit: "chip", description: "chips reading in parallel" },
    bandwidthBytesPerSecond: { symbol: "BW", unit: "B/s", description: "HBM bandwidth per chip" },
    bandwidthEfficiency: { symbol: "η_BW", latex: "\\eta_{BW}", unit: "1", description: "bandwidth efficiency" },
  },
  expr: (x) => div(mul(x.totalParams, x.bytesPerWeight), mul(x.chips, x.bandwidthBytesPerSecond, x.bandwidthEfficiency)),
  sources: [lectureAt("10:14", "a lower bound on latency which is simply: I need to read all of my total parameters")],
  assumptions: ["all weights (every expert) read every step — a simplification for MoE models at small batch"],
});

export const costFloor = defineFormula({
  id: "batch.costFloorUsdPerMillionTokens",
  title: "Cost floor",
  description: "Cost per million tokens once weight fetches are amortised away (batch → ∞): compute or KV fetch, whichever is larger per token.",
  symbol: "c_min",
  latex: "c_{\\min}",
  unit: "USD/Mtoken",
  inputs: {
    usdPerChipHour: { symbol: "p", unit: "USD/h", description: "rental price per chip-hour" },
    flopPerToken: { symbol: "F_tok", latex: "F_{\\text{tok}}", unit: "FLOP/token", description: "FLOP per token" },
    peakFlopsPerSecond: { symbol: "F", unit: "FLOP/s", description: "dense peak per chip" },
    computeEfficiency: { symbol: "η_F", latex: "\\eta_{F}", unit: "1", description: "compute efficiency" },
    kvBytesPerSequence: { symbol: "KV_seq", latex: "KV_{\\text{seq}}", unit: "B/sequence", description: "KV bytes read per sequence per step" },
    passTokens: { symbol: "P", unit: "token", description: "tokens per sequence in the pass" },
    bandwidthBytesPerSecond: { symbol: "BW", unit: "B/s", description: "HBM bandwidth per chip" },
    bandwidthEfficiency: { symbol: "η_BW", latex: "\\eta_{BW}", unit: "1", description: "bandwidth efficiency" },
  },
  expr: (x) =>
    div(
      mul(
        x.usdPerChipHour,
        TOKENS_PER_MILLION,
        max(div(x.flopPerToken, mul(x.peakFlopsPerSecond, x.computeEfficiency)), div(x.kvBytesPerSequence, mul(x.passTokens, x.bandwidthBytesPerSecond, x.bandwidthEfficiency))),
      ),
      SECONDS_PER_HOUR,
    ),
  sources: [lectureAt("15:18", "there is a limiting lower bound on cost"), lectureAt("15:31", "slow mode … wouldn't help much")],
});

export const trainWorstCaseWait = defineFormula({
  id: "train.worstCaseLatencySeconds",
  title: "Worst-case latency to the first step",
  description: "A request that arrives just after a departure waits one period for the next train, then rides it for another.",
  symbol: "t_wait",
  latex: "t_{\\text{wait}}",
  unit: "s",
  inputs: {
    periodSeconds: { symbol: "T_dep", latex: "T_{\\text{dep}}", unit: "s", description: "period between departures (the step time)" },
  },
  expr: ({ periodSeconds }) => mul(2, periodSeconds),
  sources: [lectureAt("22:30", "the worst case latency is 40"), SEEDS_SUMMARY()],
});

export const trainDeparturesPerSecond = defineFormula({
  id: "train.departuresPerSecond",
  title: "Departures per second",
  description: "How many trains (steps) leave each second.",
  symbol: "f_dep",
  latex: "f_{\\text{dep}}",
  unit: "1/s",
  inputs: {
    periodSeconds: { symbol: "T_dep", latex: "T_{\\text{dep}}", unit: "s", description: "period between departures" },
  },
  expr: ({ periodSeconds }) => div(1, periodSeconds),
  sources: [lectureAt("24:00", "this ends up being batch size itself times about 60 … 64")],
});

export const trainTokensPerSecond = defineFormula({
  id: "train.tokensPerSecond",
  title: "Tokens per second per replica",
  description: "A train of B tokens departs every T_dep.",
  symbol: "Θ_train",
  latex: "\\Theta_{\\text{train}}",
  unit: "token/s",
  inputs: {
    batch: { symbol: "B", unit: "token", description: "tokens per train (sequences × 1 for decode)" },
    periodSeconds: { symbol: "T_dep", latex: "T_{\\text{dep}}", unit: "s", description: "period between departures" },
  },
  expr: ({ batch, periodSeconds }) => div(batch, periodSeconds),
  sources: [lectureAt("24:10", "2,000 × 64 … 128K tokens per second")],
});

export const kvBytesPerTokenAtBalance = defineFormula({
  id: "context.kvBytesPerTokenAtBalance",
  title: "KV bytes per token at the balance point",
  description: "The KV size per token at which KV-fetch time equals compute time at context L (weights amortised away).",
  symbol: "kv*",
  latex: "kv^{*}",
  unit: "B/token",
  inputs: {
    activeParams: { symbol: "N_active", latex: "N_{\\text{active}}", unit: "param", description: "active parameters" },
    bandwidthBytesPerSecond: { symbol: "BW", unit: "B/s", description: "HBM bandwidth per chip" },
    peakFlopsPerSecond: { symbol: "F", unit: "FLOP/s", description: "dense peak FLOP/s per chip" },
    contextTokens: { symbol: "L", unit: "token", description: "context length at the balance point" },
  },
  expr: (x) => div(mul(FLOP_PER_MAC, x.activeParams, x.bandwidthBytesPerSecond), mul(x.peakFlopsPerSecond, x.contextTokens)),
  sources: [lectureAt("1:36:30", "solve for bytes per token … about 2 kilobytes"), flashcards("bytes/token = (mem_bw / FLOPs) · N_active / len_ctx ≈ 1.7 KB")],
  assumptions: ["attention FLOPs ignored; the lecture's \"1/300\" is bytes per multiply-accumulate, hence the factor 2 here with FLOP"],
});

export const denseCrossoverContext = defineFormula({
  id: "context.crossoverTokens",
  title: "Crossover context",
  description: "Context length at which KV-fetch time equals compute time, for dense attention: B·L·kv/BW = B·(F_w + a·L)/F.",
  symbol: "L*",
  latex: "L^{*}",
  unit: "token",
  inputs: {
    weightFlop: { symbol: "F_w", latex: "F_{w}", unit: "FLOP/token", description: "weight FLOP per token" },
    peakFlopsPerSecond: { symbol: "F", unit: "FLOP/s", description: "dense peak FLOP/s per chip" },
    computeEfficiency: { symbol: "η_F", latex: "\\eta_{F}", unit: "1", description: "compute efficiency" },
    kvBytesPerToken: { symbol: "kv", unit: "B/token", description: "KV bytes per token" },
    bandwidthBytesPerSecond: { symbol: "BW", unit: "B/s", description: "HBM bandwidth per chip" },
    bandwidthEfficiency: { symbol: "η_BW", latex: "\\eta_{BW}", unit: "1", description: "bandwidth efficiency" },
    flopPerAttended: { symbol: "a", unit: "FLOP/token", description: "attention FLOP per attended token" },
  },
  expr: (x) => {
    const F = mul(x.peakFlopsPerSecond, x.computeEfficiency);
    return div(div(x.weightFlop, F), sub(div(x.kvBytesPerToken, mul(x.bandwidthBytesPerSecond, x.bandwidthEfficiency)), div(x.flopPerAttended, F)));
  },
  sources: [lectureAt("1:34:30", "you see there is this inflection point"), flashcards("At the crossover, t_compute = t_KV fetch")],
  assumptions: ["dense attention (KV read and attention FLOPs linear in L); positive only when a token of KV takes longer to read than its attention takes to compute"],
});

export const costRatio = defineFormula({
  id: "prefill.decodeToPrefillCostRatio",
  title: "Decode ÷ prefill cost per token",
  description: "How many times more a decoded token costs than a prefilled one.",
  symbol: "r",
  unit: "1",
  inputs: {
    decodeUsdPerMillionTokens: { symbol: "c_decode", latex: "c_{\\text{decode}}", unit: "USD/Mtoken", description: "cost per million decoded tokens" },
    prefillUsdPerMillionTokens: { symbol: "c_prefill", latex: "c_{\\text{prefill}}", unit: "USD/Mtoken", description: "cost per million prefilled tokens" },
  },
  expr: (x) => div(x.decodeUsdPerMillionTokens, x.prefillUsdPerMillionTokens),
  sources: [lectureAt("1:41:00", "output is 5× more expensive … tremendously memory bandwidth bound")],
});

export const throughputRatio = defineFormula({
  id: "prefill.decodeToPrefillThroughputRatio",
  title: "Decode ÷ prefill cost per token",
  description: "On the same chips cost per token is inversely proportional to throughput, so the cost ratio is the throughput ratio.",
  symbol: "r",
  unit: "1",
  inputs: {
    prefillTokensPerSecond: { symbol: "Θ_prefill", latex: "\\Theta_{\\text{prefill}}", unit: "token/s", description: "prefill throughput" },
    decodeTokensPerSecond: { symbol: "Θ_decode", latex: "\\Theta_{\\text{decode}}", unit: "token/s", description: "decode throughput" },
  },
  expr: (x) => div(x.prefillTokensPerSecond, x.decodeTokensPerSecond),
  sources: [lectureAt("1:41:00", "output is 5× more expensive … tremendously memory bandwidth bound")],
});

function SEEDS_SUMMARY(): SourceRef {
  return { title: "Lecture summary (seed 004): worst-case queue latency is roughly 40 ms" };
}

export const meanQueryContext = defineFormula({
  id: "attention.meanQueryContext",
  title: "Mean context per query",
  description: "Tokens an average query of the pass attends to under causal attention: the prior context plus half the pass (a decode token sees L + 1).",
  symbol: "L_q",
  latex: "L_{q}",
  unit: "token",
  inputs: {
    contextTokens: { symbol: "L", unit: "token", description: "tokens already in the KV cache before the pass" },
    passTokens: { symbol: "P", unit: "token", description: "tokens per sequence in the pass" },
  },
  expr: ({ contextTokens, passTokens }) => add(contextTokens, div(add(passTokens, 1), 2)),
  sources: [lectureAt("1:38:00", "prefill: every token of the pass attends to what came before it")],
  assumptions: ["for windowed or sparse layers the mean query context slightly overstates prefill attention FLOPs (min() is concave)"],
});

export const contextAfterPass = defineFormula({
  id: "roofline.contextAfterPass",
  title: "Context after the pass",
  description: "Tokens each sequence keeps in its KV cache once the pass is done.",
  symbol: "L'",
  unit: "token",
  inputs: {
    contextTokens: { symbol: "L", unit: "token", description: "tokens in the KV cache before the pass" },
    passTokens: { symbol: "P", unit: "token", description: "tokens per sequence in the pass" },
  },
  expr: ({ contextTokens, passTokens }) => add(contextTokens, passTokens),
  sources: [lectureAt("56:20", "KVs go as batch size times the length of the context")],
});

// ---- Recurrent layers (Mamba, Gated DeltaNet): a fixed-size state per sequence -------------------

const MAMBA2_PAPER: SourceRef = { title: "Dao & Gu, Transformers are SSMs (Mamba-2), arXiv:2405.21060", url: "https://arxiv.org/abs/2405.21060" };
const GATED_DELTANET_PAPER: SourceRef = { title: "Yang, Kautz & Hatamizadeh, Gated Delta Networks, arXiv:2412.06464", url: "https://arxiv.org/abs/2412.06464" };

export const stateValuesPerLayer = defineFormula({
  id: "state.valuesPerLayer",
  title: "Recurrent state values per layer",
  description:
    "A recurrent mixer keeps, per sequence, a state matrix per head (Mamba: d_inner × d_state; Mamba-2: head_dim × d_state per head; Gated DeltaNet: d_k × d_v per value head) and the last k−1 inputs of its short convolution.",
  symbol: "V_state",
  latex: "V_{\\text{state}}",
  unit: "1",
  inputs: {
    heads: { symbol: "n_h", latex: "n_{h}", unit: "1", description: "state heads (Mamba-1: 1)" },
    rows: { symbol: "d_r", latex: "d_{r}", unit: "1", description: "state rows per head (Mamba: d_inner; Mamba-2: head_dim; Gated DeltaNet: d_k)" },
    cols: { symbol: "d_c", latex: "d_{c}", unit: "1", description: "state columns per head (Mamba: d_state; Gated DeltaNet: d_v)" },
    convChannels: { symbol: "c_conv", latex: "c_{\\text{conv}}", unit: "1", description: "channels of the short causal convolution" },
    convKernel: { symbol: "k_conv", latex: "k_{\\text{conv}}", unit: "1", description: "convolution width (it keeps k−1 past inputs)" },
  },
  expr: (x) => add(mul(x.heads, x.rows, x.cols), mul(x.convChannels, sub(x.convKernel, 1))),
  sources: [MAMBA2_PAPER, GATED_DELTANET_PAPER],
});

export const stateBytesPerSequence = defineFormula({
  id: "state.bytesPerSequence",
  title: "Recurrent state bytes per sequence",
  description: "The fixed-size state a sequence holds across all recurrent layers, whatever its context length.",
  symbol: "S_seq",
  latex: "S_{\\text{seq}}",
  unit: "B/sequence",
  inputs: {
    layers: { symbol: "n_rec", latex: "n_{\\text{rec}}", unit: "layer", description: "recurrent (Mamba / linear-attention) layers" },
    valuesPerLayer: { symbol: "V_state", latex: "V_{\\text{state}}", unit: "1", description: "state values per layer" },
    bytesPerValue: { symbol: "b_state", latex: "b_{\\text{state}}", unit: "B", description: "bytes per state value" },
  },
  expr: ({ layers, valuesPerLayer, bytesPerValue }) => mul(layers, valuesPerLayer, bytesPerValue),
  sources: [MAMBA2_PAPER, GATED_DELTANET_PAPER],
});

export const stateBytesTouchedPerPass = defineFormula({
  id: "state.bytesTouchedPerPass",
  title: "Recurrent state bytes read and written per pass",
  description: "Each pass reads every recurrent layer's state and writes it back updated: twice the state, per sequence, independent of context.",
  symbol: "S_rw",
  latex: "S_{\\text{rw}}",
  unit: "B/sequence",
  inputs: {
    stateBytesPerSequence: { symbol: "S_seq", latex: "S_{\\text{seq}}", unit: "B/sequence", description: "state bytes per sequence" },
  },
  expr: ({ stateBytesPerSequence }) => mul(2, stateBytesPerSequence),
  assumptions: ["the state is read once and written once per pass (a fused kernel keeps it on chip within the pass)"],
  sources: [MAMBA2_PAPER, GATED_DELTANET_PAPER],
});

export const cacheBytesPerSequenceWithState = defineFormula({
  id: "kv.bytesPerSequenceWithState",
  title: "KV and state bytes per sequence",
  description: "Attention layers' KV cache, which grows with context, plus the recurrent layers' fixed-size state.",
  symbol: "KV_seq",
  latex: "KV_{\\text{seq}}",
  unit: "B/sequence",
  inputs: {
    attentionKvBytes: { symbol: "KV_attn", latex: "KV_{\\text{attn}}", unit: "B/sequence", description: "KV bytes of the attention layers" },
    stateBytes: { symbol: "S", unit: "B/sequence", description: "recurrent state bytes" },
  },
  expr: ({ attentionKvBytes, stateBytes }) => add(attentionKvBytes, stateBytes),
  sources: [MAMBA2_PAPER, GATED_DELTANET_PAPER],
});

export const stateFlopPerToken = defineFormula({
  id: "state.flopPerToken",
  title: "Recurrence FLOP per token",
  description: "Updating and reading a recurrent state costs about 4 FLOP per state value per token: decay, rank-1 update (2), read-out (2).",
  symbol: "F_rec",
  latex: "F_{\\text{rec}}",
  unit: "FLOP/token",
  inputs: {
    layers: { symbol: "n_rec", latex: "n_{\\text{rec}}", unit: "layer", description: "recurrent layers" },
    valuesPerLayer: { symbol: "V_state", latex: "V_{\\text{state}}", unit: "1", description: "state values per layer" },
  },
  expr: ({ layers, valuesPerLayer }) => mul(4, layers, valuesPerLayer),
  assumptions: ["≈4 FLOP per state value per token; the projections' FLOP are in the weight FLOP"],
  sources: [MAMBA2_PAPER, GATED_DELTANET_PAPER],
});

export const mixerFlopPerToken = defineFormula({
  id: "roofline.mixerFlopPerToken",
  title: "Token-mixing FLOP per token",
  description: "Attention over the context plus the recurrent layers' state updates.",
  symbol: "F_mix",
  latex: "F_{\\text{mix}}",
  unit: "FLOP/token",
  inputs: {
    attentionFlop: { symbol: "F_attn", latex: "F_{\\text{attn}}", unit: "FLOP/token", description: "attention FLOP per token" },
    stateFlop: { symbol: "F_rec", latex: "F_{\\text{rec}}", unit: "FLOP/token", description: "recurrence FLOP per token" },
  },
  expr: ({ attentionFlop, stateFlop }) => add(attentionFlop, stateFlop),
  sources: [MAMBA2_PAPER],
});
