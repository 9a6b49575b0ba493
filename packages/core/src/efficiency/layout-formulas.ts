/**
 * Efficiency formulas only the cluster layout uses (expert all-to-all, node-limited routing, dispatch and combine
 * precision, overlap of communication with compute): kept out of ./formulas.ts so the first page does not load them.
 */
import { add, div, max, min, mul, pow, sub } from "../formula/expr.ts";
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
