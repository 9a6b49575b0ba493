/**
 * The economics of the lecture, as formulas: what API prices reveal, where a KV cache should live,
 * fast and slow modes, and the compute split between pre-training, RL and inference.
 *
 * Formulas of the engine are reused, never re-written: the KV size at the balance point is
 * `context.kvBytesPerTokenAtBalance`, HBM drain time `hardware.hbmDrainSeconds`, a tier's read time
 * `roofline.memoryReadSeconds`, a prefill's cost `batch.costFloorUsdPerMillionTokens`. The ones here
 * are what the engine did not have. SI inside: bytes, seconds, FLOP, USD.
 */
import { add, ceil, div, mul, sub } from "../formula/expr.ts";
import { defineFormula } from "../formula/formula.ts";
import { flashcards, lectureAt, type SourceRef } from "../sources.ts";
import { FLOP_PER_MAC, FLOP_PER_PARAM_PER_TRAINING_TOKEN, SECONDS_PER_DAY, SECONDS_PER_HOUR, TOKENS_PER_MILLION } from "../units.ts";

/** Seconds in the 30-day month that $/GB-month storage prices are quoted for. */
export const SECONDS_PER_BILLING_MONTH = 30 * SECONDS_PER_DAY;
export const BYTES_PER_GB_PRICE = 1e9;

const CHINCHILLA: SourceRef = {
  title: "Hoffmann et al., Training Compute-Optimal Large Language Models (Chinchilla), arXiv:2203.15556: ~20 tokens per parameter",
  url: "https://arxiv.org/abs/2203.15556",
};
const KAPLAN_6ND: SourceRef = { title: "Kaplan et al., Scaling Laws for Neural Language Models, arXiv:2001.08361: C ≈ 6ND", url: "https://arxiv.org/abs/2001.08361" };

// ---- Prices ------------------------------------------------------------------------------------

export const priceRatio = defineFormula({
  id: "prices.ratio",
  title: "Price ratio",
  description: "How many times one price is another (output ÷ input, long-context ÷ standard, input ÷ cache hit).",
  symbol: "ρ",
  latex: "\\rho",
  unit: "1",
  inputs: {
    numeratorUsdPerMillionTokens: { symbol: "p_a", latex: "p_{a}", unit: "USD/Mtoken", description: "the dearer price" },
    denominatorUsdPerMillionTokens: { symbol: "p_b", latex: "p_{b}", unit: "USD/Mtoken", description: "the cheaper price" },
  },
  expr: (x) => div(x.numeratorUsdPerMillionTokens, x.denominatorUsdPerMillionTokens),
  sources: [lectureAt("1:33:07", "Gemini 3.1 is 50% more expensive if you go over 200k tokens"), lectureAt("1:41:43", "let's say it's five times more expensive"), lectureAt("1:49:06", "if you do hit a cache, it's 10x cheaper")],
});

export const impliedDecodeUtilization = defineFormula({
  id: "prices.impliedDecodeUtilization",
  title: "Decode utilisation implied by prices",
  description:
    "If input (prefill) is priced at cost and prefill runs at the compute roofline, a decoded token that costs r times more uses the chips' FLOPs 1/r as well: decode is memory-bound by the factor r.",
  symbol: "MFU_dec",
  latex: "\\text{MFU}_{\\text{dec}}",
  unit: "1",
  inputs: {
    prefillUtilization: { symbol: "MFU_pre", latex: "\\text{MFU}_{\\text{pre}}", unit: "1", description: "FLOP utilisation of prefill (1 = at the compute roofline)" },
    outputToInputRatio: { symbol: "r", unit: "1", description: "output price ÷ input price" },
  },
  expr: (x) => div(x.prefillUtilization, x.outputToInputRatio),
  sources: [lectureAt("1:47:57", "charging 5x less for prefill than decode does suggest that they are bottlenecked on memory bandwidth"), flashcards("01:33:02 — MFU during decode is about 1/5 that during prefill")],
  assumptions: ["prices are proportional to cost (the lecture: competition forces prices close to cost)", "prefill and decode run on the same chips at the same $/hour"],
});

export const kvBytesPerTokenWithWeights = defineFormula({
  id: "prices.kvBytesPerTokenAtBalanceFiniteBatch",
  title: "KV bytes per token at the balance point, weights included",
  description:
    "At a finite batch the weight read also takes memory time, so KV fetch meets compute earlier: B·N·2/F = W/BW + B·L·kv/BW gives kv = kv*∞ − W/(B·L).",
  symbol: "kv*_B",
  latex: "kv^{*}_{B}",
  unit: "B/token",
  inputs: {
    kvBytesPerTokenUnbounded: { symbol: "kv*", latex: "kv^{*}", unit: "B/token", description: "KV bytes per token at the balance point with weights amortised away (batch → ∞)" },
    weightBytes: { symbol: "W", unit: "B", description: "weight bytes read per step" },
    batch: { symbol: "B", unit: "sequence", description: "sequences in the batch" },
    contextTokens: { symbol: "L", unit: "token", description: "context length at the balance point" },
  },
  expr: (x) => sub(x.kvBytesPerTokenUnbounded, div(x.weightBytes, mul(x.batch, x.contextTokens))),
  sources: [lectureAt("1:36:14", "assume the batch size is large enough that the memory time spent on weights is negligible")],
  assumptions: ["every weight is read once per step (dense, or MoE with every expert touched)"],
});

// ---- Memory tiers ---------------------------------------------------------------------------------

export const durationToDrainRatio = defineFormula({
  id: "memory.durationToDrainRatio",
  title: "Cache duration ÷ drain time",
  description: "How many drain times of a tier fit in a cache duration: near 1, the tier is balanced for that duration.",
  symbol: "q",
  unit: "1",
  inputs: {
    durationSeconds: { symbol: "T_cache", latex: "T_{\\text{cache}}", unit: "s", description: "the provider's cache duration" },
    drainSeconds: { symbol: "t_drain", latex: "t_{\\text{drain}}", unit: "s", description: "the tier's drain time" },
  },
  expr: (x) => div(x.durationSeconds, x.drainSeconds),
  sources: [lectureAt("2:00:37", "it's going to be the drain time of the memory tier that you're in")],
});

export const usdPerByteSecondFromChip = defineFormula({
  id: "kvtier.usdPerByteSecondHbm",
  title: "HBM rent per byte-second",
  description: "Holding bytes in HBM costs the fraction of the GPU's HBM they occupy, times the GPU's rent.",
  symbol: "h_HBM",
  latex: "h_{\\text{HBM}}",
  unit: "USD/s",
  inputs: {
    usdPerChipHour: { symbol: "p", unit: "USD/h", description: "rental price per chip-hour" },
    hbmBytes: { symbol: "C_chip", latex: "C_{\\text{chip}}", unit: "B", description: "HBM capacity per chip" },
  },
  expr: (x) => div(x.usdPerChipHour, mul(SECONDS_PER_HOUR, x.hbmBytes)),
  sources: [lectureAt("1:56:03", "the cost of it is proportional to the fraction of the HBM I'm using … times GPU dollars")],
  assumptions: ["per byte of HBM, per second; the unit shown is USD/s per byte"],
});

export const usdPerByteSecondFromStoragePrice = defineFormula({
  id: "kvtier.usdPerByteSecondStorage",
  title: "Storage rent per byte-second",
  description: "A $/GB-month storage price as dollars per byte per second.",
  symbol: "h",
  unit: "USD/s",
  inputs: {
    usdPerGbMonth: { symbol: "p_GBmo", latex: "p_{\\text{GB·mo}}", unit: "USD", description: "price per GB (10⁹ B) per 30-day month" },
  },
  expr: (x) => div(x.usdPerGbMonth, mul(BYTES_PER_GB_PRICE, SECONDS_PER_BILLING_MONTH)),
  sources: [lectureAt("1:57:42", "bytes per token over DDR capacity times DDR cost a second")],
  assumptions: ["a 30-day month; the unit shown is USD/s per byte"],
});

export const holdUsdPerSecond = defineFormula({
  id: "kvtier.holdUsdPerSecond",
  title: "Cost to hold one token's KV",
  description: "Dollars per second to keep one token's KV cache in a tier.",
  symbol: "h_tok",
  latex: "h_{\\text{tok}}",
  unit: "USD/s",
  inputs: {
    kvBytesPerToken: { symbol: "kv", unit: "B/token", description: "KV bytes per token" },
    usdPerByteSecond: { symbol: "h", unit: "USD/s", description: "the tier's rent per byte per second" },
  },
  expr: (x) => mul(x.kvBytesPerToken, x.usdPerByteSecond),
  sources: [lectureAt("1:56:45", "cost to hold on … there's a cost per second")],
});

export const retrieveUsd = defineFormula({
  id: "kvtier.retrieveUsd",
  title: "Cost to bring one token's KV back",
  description:
    "Reading a token back uses the tier's bandwidth for kv/BW seconds; priced at the tier's whole rent per second, that is the hold cost for one drain time.",
  symbol: "c_ret",
  latex: "c_{\\text{ret}}",
  unit: "USD",
  inputs: {
    holdUsdPerSecond: { symbol: "h_tok", latex: "h_{\\text{tok}}", unit: "USD/s", description: "cost to hold one token's KV per second" },
    drainSeconds: { symbol: "t_drain", latex: "t_{\\text{drain}}", unit: "s", description: "the tier's drain time" },
  },
  expr: (x) => mul(x.holdUsdPerSecond, x.drainSeconds),
  sources: [lectureAt("2:02:53", "I want the retrieval time to be equal to the hold time times the fraction of capacity")],
  assumptions: ["the tier's cost is split between holding (capacity) and reading (bandwidth) in proportion to use; the HBM copy is not charged"],
});

export const tierTotalUsd = defineFormula({
  id: "kvtier.totalUsd",
  title: "Cost to hold and bring back one token",
  description: "Hold for T, then read back: h·T + c_ret.",
  symbol: "c(T)",
  unit: "USD",
  inputs: {
    holdUsdPerSecond: { symbol: "h_tok", latex: "h_{\\text{tok}}", unit: "USD/s", description: "cost to hold one token's KV per second" },
    holdSeconds: { symbol: "T", unit: "s", description: "how long the KV is held before it is used again" },
    retrieveUsd: { symbol: "c_ret", latex: "c_{\\text{ret}}", unit: "USD", description: "cost to bring it back" },
  },
  expr: (x) => add(mul(x.holdUsdPerSecond, x.holdSeconds), x.retrieveUsd),
  sources: [lectureAt("1:59:16", "all of this is multiplied by the hold time")],
});

export const crossoverHoldSeconds = defineFormula({
  id: "kvtier.crossoverHoldSeconds",
  title: "Crossover hold time",
  description: "The hold time at which a slower, cheaper tier b costs the same as a faster tier a: h_a·T + c_a = h_b·T + c_b.",
  symbol: "T*",
  latex: "T^{*}",
  unit: "s",
  inputs: {
    holdA: { symbol: "h_a", latex: "h_{a}", unit: "USD/s", description: "hold cost per second in the faster tier" },
    retrieveA: { symbol: "c_a", latex: "c_{a}", unit: "USD", description: "cost to bring back from the faster tier" },
    holdB: { symbol: "h_b", latex: "h_{b}", unit: "USD/s", description: "hold cost per second in the slower tier (0 for recomputing)" },
    retrieveB: { symbol: "c_b", latex: "c_{b}", unit: "USD", description: "cost to bring back from the slower tier (a prefill, for recomputing)" },
  },
  expr: (x) => div(sub(x.retrieveB, x.retrieveA), sub(x.holdA, x.holdB)),
  sources: [lectureAt("1:58:50", "as this cost goes up, this cost should go down")],
  assumptions: ["both costs linear in hold time; meaningful when the faster tier holds dearer and retrieves cheaper"],
});

export const usdPerTokenFromPerMillion = defineFormula({
  id: "economics.usdPerToken",
  title: "Dollars per token",
  description: "A cost per million tokens as dollars per token.",
  symbol: "c_tok",
  latex: "c_{\\text{tok}}",
  unit: "USD",
  inputs: {
    usdPerMillionTokens: { symbol: "c", unit: "USD/Mtoken", description: "cost per million tokens" },
  },
  expr: (x) => div(x.usdPerMillionTokens, TOKENS_PER_MILLION),
  sources: [lectureAt("1:51:01", "to rematerialize one token of KV cache I just need to run a forward pass")],
});

// ---- Fast and slow modes ------------------------------------------------------------------------

export const modeRatio = defineFormula({
  id: "modes.ratio",
  title: "Ratio to the standard mode",
  description: "A mode's price or speed over the standard mode's.",
  symbol: "×",
  unit: "1",
  inputs: {
    modeValue: { symbol: "x_mode", latex: "x_{\\text{mode}}", unit: "1", description: "the mode's price per token or speed" },
    standardValue: { symbol: "x_std", latex: "x_{\\text{std}}", unit: "1", description: "the standard mode's, in the same unit" },
  },
  expr: (x) => div(x.modeValue, x.standardValue),
  sources: [lectureAt("01:02", "fast mode where for 6x the price, they'll give you streamy tokens at 2.5x the speed")],
});

export const slowModeSavings = defineFormula({
  id: "modes.slowModeSavings",
  title: "What a slow mode saves",
  description: "Fraction of the standard price saved by batching as much as memory allows: 1 − c_slow / c_std.",
  symbol: "s",
  unit: "1",
  inputs: {
    slowUsdPerMillionTokens: { symbol: "c_slow", latex: "c_{\\text{slow}}", unit: "USD/Mtoken", description: "cost per million tokens at the largest batch" },
    standardUsdPerMillionTokens: { symbol: "c_std", latex: "c_{\\text{std}}", unit: "USD/Mtoken", description: "cost per million tokens at the standard batch" },
  },
  expr: (x) => sub(1, div(x.slowUsdPerMillionTokens, x.standardUsdPerMillionTokens)),
  sources: [lectureAt("15:31", "slow mode would just live on this line and it wouldn't help much")],
});

// ---- Training and lifetime compute -----------------------------------------------------------------

export const pretrainFlop = defineFormula({
  id: "training.pretrainFlop",
  title: "Pre-training compute",
  description: "6 FLOP per active parameter per token: 2 forward, 4 backward (gradients with respect to both inputs of each multiply).",
  symbol: "C_pre",
  latex: "C_{\\text{pre}}",
  unit: "FLOP",
  inputs: {
    activeParams: { symbol: "N", unit: "param", description: "active parameters" },
    pretrainTokens: { symbol: "D_pre", latex: "D_{\\text{pre}}", unit: "token", description: "pre-training tokens" },
  },
  expr: (x) => mul(FLOP_PER_PARAM_PER_TRAINING_TOKEN, x.activeParams, x.pretrainTokens),
  sources: [lectureAt("1:22:13", "there's a factor of six out here … the famous 6ND formula"), flashcards("01:18:59 — 2 + 4 = 6"), KAPLAN_6ND],
});

export const rlFlop = defineFormula({
  id: "training.rlFlop",
  title: "RL compute",
  description: "Rollouts are decoded (2 FLOP per parameter per token) and some are trained on (up to 6), at a worse utilisation than pre-training.",
  symbol: "C_RL",
  latex: "C_{\\text{RL}}",
  unit: "FLOP",
  inputs: {
    flopPerParamPerToken: { symbol: "k_RL", latex: "k_{\\text{RL}}", unit: "1", description: "FLOP per parameter per RL token, 2 (forward only) to 6 (train on every rollout)" },
    activeParams: { symbol: "N", unit: "param", description: "active parameters" },
    rlTokens: { symbol: "D_RL", latex: "D_{\\text{RL}}", unit: "token", description: "RL tokens" },
    inefficiency: { symbol: "ι_RL", latex: "\\iota_{\\text{RL}}", unit: "1", description: "inefficiency multiplier (pre-training MFU ÷ RL MFU; decode-heavy rollouts run at lower MFU)" },
  },
  expr: (x) => mul(x.flopPerParamPerToken, x.activeParams, x.rlTokens, x.inefficiency),
  sources: [lectureAt("1:23:09", "it would at least be two, somewhere in the range of two to six"), lectureAt("1:22:52", "decode runs at less MFU than training")],
  assumptions: ["cost measured in pre-training-equivalent FLOP (time on the same chips)"],
});

export const inferenceFlop = defineFormula({
  id: "training.inferenceFlop",
  title: "Inference compute",
  description: "Serving is a forward pass, 2 FLOP per active parameter per token, at decode's lower utilisation.",
  symbol: "C_inf",
  latex: "C_{\\text{inf}}",
  unit: "FLOP",
  inputs: {
    activeParams: { symbol: "N", unit: "param", description: "active parameters" },
    inferenceTokens: { symbol: "D_inf", latex: "D_{\\text{inf}}", unit: "token", description: "tokens served over the model's life" },
    inefficiency: { symbol: "ι_inf", latex: "\\iota_{\\text{inf}}", unit: "1", description: "inefficiency multiplier (pre-training MFU ÷ decode MFU)" },
  },
  expr: (x) => mul(FLOP_PER_MAC, x.activeParams, x.inferenceTokens, x.inefficiency),
  sources: [lectureAt("1:23:19", "the inference cost is two, number of active, times the data in inference")],
});

export const lifetimeInferenceTokens = defineFormula({
  id: "training.lifetimeInferenceTokens",
  title: "Lifetime inference tokens",
  description: "Tokens a model serves before it is replaced: traffic × deployment time.",
  symbol: "D_inf",
  latex: "D_{\\text{inf}}",
  unit: "token",
  inputs: {
    tokensPerSecond: { symbol: "Θ", latex: "\\Theta", unit: "token/s", description: "traffic served by this model" },
    deploymentSeconds: { symbol: "T_dep", latex: "T_{\\text{dep}}", unit: "s", description: "how long the model is deployed" },
  },
  expr: (x) => mul(x.tokensPerSecond, x.deploymentSeconds),
  sources: [lectureAt("1:30:35", "50 million tokens per second per specific model … live for two months"), flashcards("01:18:59 — 50M tokens/sec × 60 days × 86,400 sec/day")],
});

export const tokensAtEqualCost = defineFormula({
  id: "training.tokensAtEqualCost",
  title: "Tokens at equal cost",
  description: "Tokens of a phase costing k·ι FLOP per parameter per token that cost as much as D_ref tokens at k_ref·ι_ref: D = D_ref·k_ref·ι_ref/(k·ι). N cancels.",
  symbol: "D",
  unit: "token",
  inputs: {
    referenceTokens: { symbol: "D_ref", latex: "D_{\\text{ref}}", unit: "token", description: "tokens of the reference phase" },
    referenceFlopPerParamPerToken: { symbol: "k_ref", latex: "k_{\\text{ref}}", unit: "1", description: "FLOP per parameter per token of the reference phase" },
    referenceInefficiency: { symbol: "ι_ref", latex: "\\iota_{\\text{ref}}", unit: "1", description: "inefficiency multiplier of the reference phase" },
    flopPerParamPerToken: { symbol: "k", unit: "1", description: "FLOP per parameter per token of this phase" },
    inefficiency: { symbol: "ι", latex: "\\iota", unit: "1", description: "inefficiency multiplier of this phase" },
  },
  expr: (x) => div(mul(x.referenceTokens, x.referenceFlopPerParamPerToken, x.referenceInefficiency), mul(x.flopPerParamPerToken, x.inefficiency)),
  sources: [lectureAt("1:20:39", "the minimum tends to be where the costs are equalized"), lectureAt("1:24:42", "we can immediately see that the number of activated parameters totally disappears"), flashcards("01:18:59 — D_pretrain = 1.5 D_RL = D_inference")],
  assumptions: ["the heuristic that a sum of a falling and a rising cost is least where they are equal; a 1/3 split between the three phases"],
});

export const chinchillaTokens = defineFormula({
  id: "training.chinchillaTokens",
  title: "Chinchilla-optimal tokens",
  description: "Compute-optimal pre-training tokens for a model, ~20 per parameter.",
  symbol: "D_Ch",
  latex: "D_{\\text{Ch}}",
  unit: "token",
  inputs: {
    tokensPerParam: { symbol: "τ", latex: "\\tau", unit: "1", description: "tokens per parameter at the compute optimum" },
    activeParams: { symbol: "N", unit: "param", description: "active parameters" },
  },
  expr: (x) => mul(x.tokensPerParam, x.activeParams),
  sources: [lectureAt("1:31:29", "multiply by 20 to get the chinchilla token count"), CHINCHILLA],
  assumptions: ["for an MoE model the lecture applies 20 tokens per active parameter"],
});

export const overtrainingFactor = defineFormula({
  id: "training.overtrainingFactor",
  title: "Over-training factor",
  description: "Pre-training tokens over the Chinchilla-optimal count.",
  symbol: "χ",
  latex: "\\chi",
  unit: "1",
  inputs: {
    pretrainTokens: { symbol: "D_pre", latex: "D_{\\text{pre}}", unit: "token", description: "pre-training tokens" },
    chinchillaTokens: { symbol: "D_Ch", latex: "D_{\\text{Ch}}", unit: "token", description: "Chinchilla-optimal tokens" },
  },
  expr: (x) => div(x.pretrainTokens, x.chinchillaTokens),
  sources: [lectureAt("1:31:59", "the ratio of this 200 trillion … over the chinchilla optimal of two trillion"), flashcards("01:18:59 — 200T / 2T = 100×")],
});

export const chipHours = defineFormula({
  id: "training.chipHours",
  title: "Chip-hours",
  description: "Chip-hours to do C FLOP at a model FLOP utilisation: C ÷ (F·MFU) ÷ 3,600 (a count of chip-hours).",
  symbol: "H",
  unit: "1",
  inputs: {
    flop: { symbol: "C", unit: "FLOP", description: "compute of the run" },
    peakFlopsPerSecond: { symbol: "F", unit: "FLOP/s", description: "dense peak FLOP/s per chip" },
    mfu: { symbol: "MFU", unit: "1", description: "model FLOP utilisation of the run" },
  },
  expr: (x) => div(x.flop, mul(x.peakFlopsPerSecond, x.mfu, SECONDS_PER_HOUR)),
  sources: [{ title: "PaLM: Scaling Language Modeling with Pathways, appendix B (model FLOPs utilization)", url: "https://arxiv.org/abs/2204.02311" }],
});

export const runUsd = defineFormula({
  id: "training.runUsd",
  title: "Cost of the run",
  description: "Chip-hours times the rental price per chip-hour.",
  symbol: "$",
  unit: "USD",
  inputs: {
    chipHours: { symbol: "H", unit: "1", description: "chip-hours" },
    usdPerChipHour: { symbol: "p", unit: "USD/h", description: "rental price per chip-hour" },
  },
  expr: (x) => mul(x.chipHours, x.usdPerChipHour),
  sources: [lectureAt("12:58", "it's $2 an hour per GPU or something like that")],
});

export const runSeconds = defineFormula({
  id: "training.runSeconds",
  title: "Wall-clock time of the run",
  description: "Chip-hours spread over a cluster.",
  symbol: "T_run",
  latex: "T_{\\text{run}}",
  unit: "s",
  inputs: {
    chipHours: { symbol: "H", unit: "1", description: "chip-hours" },
    chips: { symbol: "n", unit: "chip", description: "chips in the cluster" },
  },
  expr: (x) => div(mul(x.chipHours, SECONDS_PER_HOUR), x.chips),
  sources: [lectureAt("1:30:00", "the model is deployed for 2 months before it becomes obsolete")],
});

// ---- Fleet ----------------------------------------------------------------------------------------------

export const fleetReplicas = defineFormula({
  id: "fleet.replicas",
  title: "Replicas",
  description: "Model replicas needed to serve the traffic, each at its own tokens/s.",
  symbol: "R",
  unit: "1",
  inputs: {
    demandTokensPerSecond: { symbol: "Θ", latex: "\\Theta", unit: "token/s", description: "traffic to serve" },
    replicaTokensPerSecond: { symbol: "Θ_rep", latex: "\\Theta_{\\text{rep}}", unit: "token/s", description: "tokens/s one replica serves" },
  },
  expr: (x) => ceil(div(x.demandTokensPerSecond, x.replicaTokensPerSecond)),
  sources: [lectureAt("24:10", "about 1/1000 of Gemini's reported global throughput")],
});

export const fleetChips = defineFormula({
  id: "fleet.chips",
  title: "Chips in the fleet",
  description: "Replicas times the chips of one replica.",
  symbol: "n",
  unit: "chip",
  inputs: {
    replicas: { symbol: "R", unit: "1", description: "replicas" },
    chipsPerReplica: { symbol: "N", unit: "chip", description: "chips per replica" },
  },
  expr: (x) => mul(x.replicas, x.chipsPerReplica),
  sources: [lectureAt("41:00", "a rack of 72 GPUs")],
});

export const fleetNodes = defineFormula({
  id: "fleet.nodes",
  title: "Nodes",
  description: "Chips grouped into nodes (servers or racks).",
  symbol: "n_node",
  latex: "n_{\\text{node}}",
  unit: "1",
  inputs: {
    chips: { symbol: "n", unit: "chip", description: "chips in the fleet" },
    chipsPerNode: { symbol: "g", unit: "chip", description: "chips per node" },
  },
  expr: (x) => ceil(div(x.chips, x.chipsPerNode)),
  sources: [lectureAt("41:00")],
});

export const fleetUsdPerDay = defineFormula({
  id: "fleet.usdPerDay",
  title: "Fleet cost per day",
  description: "Chips × $/chip-hour × 24 h.",
  symbol: "$_day",
  latex: "\\$_{\\text{day}}",
  unit: "USD",
  inputs: {
    chips: { symbol: "n", unit: "chip", description: "chips in the fleet" },
    usdPerChipHour: { symbol: "p", unit: "USD/h", description: "rental price per chip-hour" },
  },
  expr: (x) => mul(x.chips, x.usdPerChipHour, 24),
  sources: [lectureAt("12:58")],
});

export const fleetTokensPerDay = defineFormula({
  id: "fleet.tokensPerDay",
  title: "Tokens per day",
  description: "Traffic × 86,400 s.",
  symbol: "D_day",
  latex: "D_{\\text{day}}",
  unit: "token",
  inputs: {
    tokensPerSecond: { symbol: "Θ", latex: "\\Theta", unit: "token/s", description: "traffic served" },
  },
  expr: (x) => mul(x.tokensPerSecond, SECONDS_PER_DAY),
  sources: [lectureAt("1:30:35")],
});

export const fleetRevenuePerDay = defineFormula({
  id: "fleet.revenuePerDay",
  title: "Revenue per day at list price",
  description: "Tokens per day at the list price per million output tokens.",
  symbol: "Rev_day",
  latex: "\\text{Rev}_{\\text{day}}",
  unit: "USD",
  inputs: {
    tokensPerDay: { symbol: "D_day", latex: "D_{\\text{day}}", unit: "token", description: "tokens per day" },
    usdPerMillionTokens: { symbol: "p_out", latex: "p_{\\text{out}}", unit: "USD/Mtoken", description: "list price per million output tokens" },
  },
  expr: (x) => div(mul(x.tokensPerDay, x.usdPerMillionTokens), TOKENS_PER_MILLION),
  sources: [lectureAt("1:41:18", "you are incentivized to price close to your costs")],
});

export const fleetMargin = defineFormula({
  id: "fleet.margin",
  title: "Gross margin",
  description: "1 − cost ÷ revenue.",
  symbol: "m",
  unit: "1",
  inputs: {
    usdPerDay: { symbol: "$_day", latex: "\\$_{\\text{day}}", unit: "USD", description: "fleet cost per day" },
    revenuePerDay: { symbol: "Rev_day", latex: "\\text{Rev}_{\\text{day}}", unit: "USD", description: "revenue per day" },
  },
  expr: (x) => sub(1, div(x.usdPerDay, x.revenuePerDay)),
  sources: [lectureAt("1:41:18")],
});
