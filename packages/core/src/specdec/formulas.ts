/**
 * Speculative decoding and multi-token prediction, as formulas. A cheap drafter proposes k tokens; the
 * target model verifies all of them (plus one token of its own) in one pass of k + 1 tokens per
 * sequence; each drafted token is accepted with probability α, in order, until the first rejection.
 *
 * The step times come from the engine's roofline (`roofline.stepSeconds` of a decode step at batch B
 * and of a k + 1-token pass at batch B), so the speedup shrinks exactly as fast as verification stops
 * being free: while decode is memory-bound, verifying k + 1 tokens costs about one weight read; once
 * B·(k + 1) tokens cross the ridge point, it costs k + 1 times the compute.
 */
import { add, div, mul, pow, sub } from "../formula/expr.ts";
import { defineFormula } from "../formula/formula.ts";
import { cribSheet, type SourceRef } from "../sources.ts";

const LEVIATHAN: SourceRef = {
  title: "Leviathan, Kalman, Matias: Fast Inference from Transformers via Speculative Decoding (arXiv:2211.17192), expected tokens per iteration (1 − α^(γ+1))/(1 − α)",
  url: "https://arxiv.org/abs/2211.17192",
};
const EAGLE3: SourceRef = {
  title: "Li et al., EAGLE-3: Scaling up Inference Acceleration of Large Language Models via Training-Time Test (arXiv:2503.01840)",
  url: "https://arxiv.org/abs/2503.01840",
};

export const expectedTokensPerIteration = defineFormula({
  id: "specdec.expectedTokensPerIteration",
  title: "Tokens per verify iteration",
  description: "Expected tokens one draft-and-verify iteration yields: the accepted prefix of the k drafted tokens plus the target's own next token.",
  symbol: "E_tok",
  latex: "E_{\\text{tok}}",
  unit: "token",
  inputs: {
    acceptanceRate: { symbol: "α", latex: "\\alpha", unit: "1", description: "probability each drafted token is accepted (independent, in order), 0 ≤ α < 1" },
    draftTokens: { symbol: "k", unit: "token", description: "tokens drafted per iteration" },
  },
  expr: ({ acceptanceRate, draftTokens }) => div(sub(1, pow(acceptanceRate, add(draftTokens, 1))), sub(1, acceptanceRate)),
  sources: [LEVIATHAN],
  assumptions: ["acceptances are independent with a constant rate α; 1 + α + … + α^k, never more than k + 1"],
});

export const draftSeconds = defineFormula({
  id: "specdec.draftSeconds",
  title: "Draft time per iteration",
  description: "The drafter runs k sequential steps, each costing a fixed fraction of a target decode step at the same batch.",
  symbol: "t_draft",
  latex: "t_{\\text{draft}}",
  unit: "s",
  inputs: {
    draftTokens: { symbol: "k", unit: "token", description: "tokens drafted per iteration" },
    draftCostRatio: { symbol: "c", unit: "1", description: "one draft step's time ÷ one target decode step's time" },
    targetStepSeconds: { symbol: "t_target", latex: "t_{\\text{target}}", unit: "s", description: "target decode step time at this batch" },
  },
  expr: ({ draftTokens, draftCostRatio, targetStepSeconds }) => mul(draftTokens, draftCostRatio, targetStepSeconds),
  sources: [LEVIATHAN, EAGLE3],
  assumptions: ["the drafter's cost scales with the target's step time (an EAGLE head is one decoder layer plus the LM head)"],
});

export const iterationSeconds = defineFormula({
  id: "specdec.iterationSeconds",
  title: "Time per iteration",
  description: "Drafting and verification run one after the other.",
  symbol: "t_iter",
  latex: "t_{\\text{iter}}",
  unit: "s",
  inputs: {
    draftSeconds: { symbol: "t_draft", latex: "t_{\\text{draft}}", unit: "s", description: "draft time" },
    verifySeconds: { symbol: "t_verify", latex: "t_{\\text{verify}}", unit: "s", description: "time of the target's pass over k + 1 tokens per sequence" },
  },
  expr: ({ draftSeconds, verifySeconds }) => add(draftSeconds, verifySeconds),
  sources: [LEVIATHAN],
});

export const speculativeSpeedup = defineFormula({
  id: "specdec.speedup",
  title: "Speculative decoding speedup",
  description: "Tokens per second per sequence with speculation over without: tokens per iteration × target step time ÷ iteration time.",
  symbol: "S",
  unit: "1",
  inputs: {
    expectedTokens: { symbol: "E_tok", latex: "E_{\\text{tok}}", unit: "token", description: "tokens per iteration" },
    targetStepSeconds: { symbol: "t_target", latex: "t_{\\text{target}}", unit: "s", description: "target decode step time (one token per sequence)" },
    iterationSeconds: { symbol: "t_iter", latex: "t_{\\text{iter}}", unit: "s", description: "draft + verify time" },
  },
  expr: ({ expectedTokens, targetStepSeconds, iterationSeconds }) => div(mul(expectedTokens, targetStepSeconds), iterationSeconds),
  sources: [LEVIATHAN, cribSheet("EAGLE 3.1: 2.0× / 1.7× / 1.66× at concurrency 1 / 4 / 16 — spec decode survives moderate batch now; profile the crossover")],
});

export const decodeCeilingRatio = defineFormula({
  id: "specdec.decodeCeilingRatio",
  title: "Decode ceiling ratio",
  description: "How many times faster one chip's unbatched decode is than another's.",
  symbol: "r_dec",
  latex: "r_{\\text{dec}}",
  unit: "1",
  inputs: {
    tokensPerSecond: { symbol: "θ_1", latex: "\\theta_{1}", unit: "token/s", description: "unbatched decode speed on this chip" },
    baselineTokensPerSecond: { symbol: "θ_0", latex: "\\theta_{0}", unit: "token/s", description: "unbatched decode speed on the baseline chip" },
  },
  expr: ({ tokensPerSecond, baselineTokensPerSecond }) => div(tokensPerSecond, baselineTokensPerSecond),
  sources: [cribSheet("B200 ≈ 2.4× decode ceiling: ~8 TB/s HBM — constants move, regime logic doesn't")],
});
