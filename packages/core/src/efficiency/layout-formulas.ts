/**
 * Efficiency formulas only the cluster layout uses (expert all-to-all, node-limited routing, dispatch and combine
 * precision, overlap of communication with compute): kept out of ./formulas.ts so the first page does not load them.
 */
import { add, ceil, div, ln, max, min, mul, pow, sqrt, sub } from "../formula/expr.ts";
import { defineFormula } from "../formula/formula.ts";
import { cribSheet } from "../sources.ts";
import { BALLS_INTO_BINS, DEEPSEEK_V3, NCCL_TESTS } from "./formulas.ts";

export const allToAllSeconds = defineFormula({
  id: "efficiency.allToAllSeconds",
  title: "All-to-all time",
  description: "An all-to-all over n chips: a fixed latency plus the share (n−1)/n of the message that leaves the chip, over the bus bandwidth.",
  symbol: "t_A2A",
  latex: "t_{\\text{A2A}}",
  unit: "s",
  inputs: {
    latencySeconds: { symbol: "α", latex: "\\alpha", unit: "s", description: "fixed latency of one collective on this fabric" },
    bytes: { symbol: "S", unit: "B", description: "bytes each chip sends" },
    chips: { symbol: "n", unit: "chip", description: "chips in the collective" },
    linkBytesPerSecond: { symbol: "BW_link", latex: "BW_{\\text{link}}", unit: "B/s", description: "link bandwidth per chip, one direction" },
    linkEfficiency: { symbol: "η_link", latex: "\\eta_{\\text{link}}", unit: "1", description: "fraction of the link rate a collective reaches" },
  },
  expr: (x) => add(mul(min(1, sub(x.chips, 1)), x.latencySeconds), div(mul(sub(x.chips, 1), x.bytes), mul(x.chips, x.linkBytesPerSecond, x.linkEfficiency))),
  sources: [NCCL_TESTS],
});

export const tokensPerExpert = defineFormula({
  id: "moe.tokensPerExpert",
  title: "Tokens per expert",
  description: "Rows of one routed expert's multiply: the pass's token-expert pairs shared over the experts.",
  symbol: "m_e",
  latex: "m_{e}",
  unit: "token",
  inputs: {
    tokens: { symbol: "T", unit: "token", description: "tokens in the pass" },
    expertsPerToken: { symbol: "k", unit: "expert", description: "routed experts per token" },
    routedExperts: { symbol: "E", unit: "expert", description: "routed experts per layer" },
  },
  expr: (x) => div(mul(x.tokens, x.expertsPerToken), x.routedExperts),
  sources: [BALLS_INTO_BINS],
});

// ---- Node-limited routing, dispatch precision ------------------------------------------------------

export const nodesReachedPerToken = defineFormula({
  id: "moe.nodesReachedPerToken",
  title: "Nodes a token's experts sit on",
  description:
    "Expected distinct nodes among D that a token's k experts fall on, uniform routing D·(1−(1−1/D)^k), capped by node-limited routing at M nodes.",
  symbol: "D_tok",
  latex: "D_{\\text{tok}}",
  unit: "1",
  inputs: {
    nodes: { symbol: "D", unit: "1", description: "nodes (scale-up domains) the experts are spread over" },
    expertsPerToken: { symbol: "k", unit: "expert", description: "routed experts per token" },
    nodeLimit: { symbol: "M", unit: "1", description: "most nodes a token may be routed to (node-limited routing; ≥ k means unlimited)" },
  },
  expr: (x) => min(x.nodeLimit, mul(x.nodes, sub(1, pow(sub(1, div(1, x.nodes)), x.expertsPerToken)))),
  sources: [DEEPSEEK_V3],
});

export const dispatchCombineBytesPerToken = defineFormula({
  id: "moe.dispatchCombineBytesPerToken",
  title: "Dispatch + combine bytes per token per destination",
  description: "A token's activation sent to an expert's chip (dispatch) and its result sent back (combine), each at its own precision (e.g. FP8 dispatch, BF16 combine).",
  symbol: "s_tok",
  latex: "s_{\\text{tok}}",
  unit: "B/token",
  inputs: {
    hiddenSize: { symbol: "d", unit: "1", description: "model width (activation values per token)" },
    dispatchBytes: { symbol: "b_disp", latex: "b_{\\text{disp}}", unit: "B/param", description: "bytes per value dispatched" },
    combineBytes: { symbol: "b_comb", latex: "b_{\\text{comb}}", unit: "B/param", description: "bytes per value combined" },
  },
  expr: (x) => mul(x.hiddenSize, add(x.dispatchBytes, x.combineBytes)),
  sources: [DEEPSEEK_V3],
});

// ---- Overlap -----------------------------------------------------------------------------------------

export const overlappedSeconds = defineFormula({
  id: "efficiency.overlappedSeconds",
  title: "Compute and communication, overlapped",
  description:
    "Splitting the batch into c micro-batches lets one's communication run under another's compute: the longer of the two sets the pace, and the last chunk of the shorter stays exposed (1/c of it).",
  symbol: "t_overlap",
  latex: "t_{\\text{overlap}}",
  unit: "s",
  inputs: {
    computeSeconds: { symbol: "t_c", latex: "t_{c}", unit: "s", description: "compute time of the pass" },
    commSeconds: { symbol: "t_x", latex: "t_{x}", unit: "s", description: "communication time of the pass" },
    chunks: { symbol: "c", unit: "1", description: "micro-batches (2 in DeepSeek's dual micro-batch overlap; ∞ = full overlap)" },
  },
  expr: (x) => add(max(x.computeSeconds, x.commSeconds), div(min(x.computeSeconds, x.commSeconds), x.chunks)),
  sources: [DEEPSEEK_V3, cribSheet("principle 8: overlap turns compute + comms into max(compute, comms), and the last chunk's all-reduce is always exposed")],
  assumptions: ["chunks equal in size; the first chunk's compute and the last chunk's communication cannot hide"],
});

// ---- Attention data parallelism in the step (efficiency/attention-dp.ts) ---------------------------------

/** TensorRT-LLM's DeepSeek model under enable_attention_dp: attention, the dense MLPs and the shared experts are not split (tp 1). */
export const TRTLLM_ATTENTION_DP_MODEL = {
  title:
    "TensorRT-LLM tensorrt_llm/_torch/models/modeling_deepseekv3.py @000561df0bd751d793257102bbe59cb4a64b2fd5: with enable_attention_dp the MLP and the shared experts \"also use DP instead of TP\" (tp size 1), no attention all-reduce, the routed experts' results reduce-scattered instead of all-reduced",
  url: "https://github.com/NVIDIA/TensorRT-LLM/blob/000561df0bd751d793257102bbe59cb4a64b2fd5/tensorrt_llm/_torch/models/modeling_deepseekv3.py",
};
/** TensorRT-LLM's CUTLASS MoE under attention DP: all-gather of the (NVFP4-quantised or BF16) tokens, reduce-scatter of the BF16 results. */
export const TRTLLM_ATTENTION_DP_MOE = {
  title:
    "TensorRT-LLM tensorrt_llm/_torch/modules/fused_moe/fused_moe_cutlass.py @7b437aaa73bf5a44b1102aee5c631074da763b8f: with attention DP each rank's tokens are all-gathered before the experts (NVFP4 quantised first, post-quant all-gather; DeepSeek FP8 block scales send the BF16 activations) and the outputs reduce-scattered back; all-to-all only with MNNVL (enable_alltoall)",
  url: "https://github.com/NVIDIA/TensorRT-LLM/blob/7b437aaa73bf5a44b1102aee5c631074da763b8f/tensorrt_llm/_torch/modules/fused_moe/fused_moe_cutlass.py",
};

/** TensorRT-LLM's attention-DP balance: prompts start only when every rank has one, or after timeout_iters steps. */
export const TRTLLM_ATTENTION_DP_BALANCE = {
  title:
    "TensorRT-LLM tensorrt_llm/_torch/pyexecutor/py_executor.py _balance_adp_requests: with attention_dp_config enable_balance, context requests are held back until every attention-DP rank has one (and free slots), counting waiting iterations up to timeout_iters",
  url: "https://github.com/NVIDIA/TensorRT-LLM/blob/main/tensorrt_llm/_torch/pyexecutor/py_executor.py",
};

export const attentionGroupWidth = defineFormula({
  id: "efficiency.attentionGroupWidth",
  title: "Chips per attention group",
  description: "Attention data parallelism over A ranks: the N chips form A groups, each splitting attention (and the linears outside the routed experts) over N/A chips.",
  symbol: "t_attn",
  latex: "t_{\\text{attn}}",
  unit: "chip",
  inputs: {
    chips: { symbol: "N", unit: "chip", description: "chips of the replica" },
    attentionDataParallel: { symbol: "A", unit: "1", description: "attention data-parallel ranks" },
  },
  expr: (x) => div(x.chips, x.attentionDataParallel),
  sources: [TRTLLM_ATTENTION_DP_MODEL],
});

export const busiestRankSequences = defineFormula({
  id: "efficiency.busiestRankSequences",
  title: "Sequences on the busiest attention rank",
  description: "B sequences dealt out over A attention ranks as evenly as whole sequences allow (TensorRT-LLM's attention_dp_config enable_balance): the busiest holds ⌈B/A⌉.",
  symbol: "B_rank",
  latex: "B_{\\text{rank}}",
  unit: "sequence",
  inputs: {
    sequences: { symbol: "B", unit: "sequence", description: "sequences in the step" },
    attentionDataParallel: { symbol: "A", unit: "1", description: "attention data-parallel ranks" },
  },
  expr: (x) => ceil(div(x.sequences, x.attentionDataParallel)),
  sources: [TRTLLM_ATTENTION_DP_MODEL],
  assumptions: ["every rank steps together (the MoE collectives synchronise them), so the busiest sets the pace"],
});

export const busiestRankLoad = defineFormula({
  id: "efficiency.busiestRankLoad",
  title: "Busiest attention rank over the mean",
  description: "The busiest rank's sequences over the mean B/A (≥ 1): its attention, KV reads and per-token matmuls take this much longer than an even split.",
  symbol: "λ_rank",
  latex: "\\lambda_{\\text{rank}}",
  unit: "1",
  inputs: {
    busiestSequences: { symbol: "B_rank", latex: "B_{\\text{rank}}", unit: "sequence", description: "sequences on the busiest rank" },
    sequences: { symbol: "B", unit: "sequence", description: "sequences in the step" },
    attentionDataParallel: { symbol: "A", unit: "1", description: "attention data-parallel ranks" },
  },
  expr: (x) => div(mul(x.busiestSequences, x.attentionDataParallel), x.sequences),
  sources: [TRTLLM_ATTENTION_DP_MODEL],
});

export const busiestRankSeconds = defineFormula({
  id: "efficiency.busiestRankSeconds",
  title: "Time on the busiest attention rank",
  description: "A time that the step would split evenly over the ranks, on the busiest one: t × λ_rank.",
  symbol: "t_rank",
  latex: "t_{\\text{rank}}",
  unit: "s",
  inputs: {
    evenSeconds: { symbol: "t", unit: "s", description: "the time with the sequences split evenly" },
    load: { symbol: "λ_rank", latex: "\\lambda_{\\text{rank}}", unit: "1", description: "busiest rank's sequences over the mean" },
  },
  expr: (x) => mul(x.evenSeconds, x.load),
  sources: [TRTLLM_ATTENTION_DP_MODEL],
});

export const gatherScatterSeconds = defineFormula({
  id: "moe.gatherScatterSeconds",
  title: "Expert all-gather + reduce-scatter time",
  description:
    "Attention data parallelism feeding expert-parallel MoE: every rank's tokens all-gathered to every rank before the experts (dispatch) and the results reduce-scattered back (combine), over A ranks: two collective latencies plus (A−1)/A of the whole pass's bytes each way over the bus bandwidth (nccl-tests' convention for both collectives).",
  symbol: "t_AG+RS",
  latex: "t_{\\text{AG+RS}}",
  unit: "s",
  inputs: {
    latencySeconds: { symbol: "α", latex: "\\alpha", unit: "s", description: "fixed latency of one collective on this fabric" },
    tokens: { symbol: "T", unit: "token", description: "tokens in the pass, every rank's" },
    bytesPerToken: { symbol: "s_tok", latex: "s_{\\text{tok}}", unit: "B/token", description: "dispatch + combine bytes per token" },
    ranks: { symbol: "A", unit: "1", description: "attention data-parallel ranks" },
    linkBytesPerSecond: { symbol: "BW_link", latex: "BW_{\\text{link}}", unit: "B/s", description: "link bandwidth per chip, one direction" },
    linkEfficiency: { symbol: "η_link", latex: "\\eta_{\\text{link}}", unit: "1", description: "bus bandwidth ÷ link rate" },
  },
  expr: (x) => add(mul(2, min(1, sub(x.ranks, 1)), x.latencySeconds), div(mul(sub(x.ranks, 1), x.tokens, x.bytesPerToken), mul(x.ranks, x.linkBytesPerSecond, x.linkEfficiency))),
  sources: [NCCL_TESTS, TRTLLM_ATTENTION_DP_MOE],
  assumptions: ["not overlapped with compute (the engine waits for the gathered tokens and the scattered results)"],
});

export const commWithExchangeSeconds = defineFormula({
  id: "efficiency.commWithExchangeSeconds",
  title: "Communication per pass with attention DP",
  description: "The attention groups' tensor-parallel all-reduces (none on one-chip groups) plus the experts' all-gather and reduce-scatter in every MoE layer.",
  symbol: "t_comm",
  latex: "t_{\\text{comm}}",
  unit: "s",
  inputs: {
    allReduceSeconds: { symbol: "t_TP", latex: "t_{TP}", unit: "s", description: "tensor-parallel all-reduces per pass" },
    moeLayers: { symbol: "L_moe", latex: "L_{\\text{moe}}", unit: "1", description: "MoE layers" },
    exchangeSeconds: { symbol: "t_AG+RS", latex: "t_{\\text{AG+RS}}", unit: "s", description: "all-gather + reduce-scatter of one MoE layer" },
  },
  expr: (x) => add(x.allReduceSeconds, mul(x.moeLayers, x.exchangeSeconds)),
  sources: [TRTLLM_ATTENTION_DP_MODEL],
});

export const replicatedWeightBytes = defineFormula({
  id: "memory.replicatedWeightBytes",
  title: "Weights in memory, attention DP",
  description: "Every attention rank holds its own copy of the parameters outside the routed experts (attention, dense MLPs, shared experts, embeddings); the routed experts are held once, spread over the chips.",
  symbol: "M_w",
  latex: "M_{w}",
  unit: "B",
  inputs: {
    totalParams: { symbol: "N_total", latex: "N_{\\text{total}}", unit: "param", description: "total parameters" },
    replicatedParams: { symbol: "N_dense", latex: "N_{\\text{dense}}", unit: "param", description: "parameters outside the routed experts" },
    attentionDataParallel: { symbol: "A", unit: "1", description: "attention data-parallel ranks" },
    bytesPerWeight: { symbol: "b_w", latex: "b_{w}", unit: "B/param", description: "bytes per weight" },
  },
  expr: (x) => mul(add(x.totalParams, mul(sub(x.attentionDataParallel, 1), x.replicatedParams)), x.bytesPerWeight),
  sources: [TRTLLM_ATTENTION_DP_MODEL],
});

export const busiestRankPrompts = defineFormula({
  id: "efficiency.busiestRankPrompts",
  title: "Prompts on the busiest attention rank",
  description:
    "A prefill pass's P prompts sit on the ranks whose requests finished (a closed loop refills the rank that freed a slot): balls into bins, the fullest of A ranks holds the mean plus √(2·mean·ln A), at least ⌈P/A⌉ and at most P.",
  symbol: "P_rank",
  latex: "P_{\\text{rank}}",
  unit: "sequence",
  inputs: {
    prompts: { symbol: "P", unit: "sequence", description: "prompts in the pass" },
    attentionDataParallel: { symbol: "A", unit: "1", description: "attention data-parallel ranks" },
  },
  expr: (x) => {
    const mean = div(x.prompts, x.attentionDataParallel);
    return min(x.prompts, max(ceil(mean), add(mean, sqrt(mul(2, mean, ln(x.attentionDataParallel))))));
  },
  sources: [BALLS_INTO_BINS, TRTLLM_ATTENTION_DP_MODEL],
  assumptions: ["finished requests spread uniformly over the ranks"],
});
