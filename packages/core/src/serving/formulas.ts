/**
 * Serving a workload, in closed form: the steady state of a continuous-batching server fed at a rate
 * λ (requests/s) with prompts of I tokens and O output tokens. Each formula is defined once here; the
 * analysis (./analysis.ts) wires them into derivations, and the simulation (./simulate.ts) checks them.
 *
 * Conventions: T_p is one prefill pass, T_d(B) one decode step at batch B. Output tokens are counted
 * from the first (made by the prefill pass); a request decodes O − 1 further steps.
 */
import { add, ceil, div, exp, floor, max, min, mul, neg, sub } from "../formula/expr.ts";
import { defineFormula } from "../formula/formula.ts";
import { lectureAt, SEEDS, type SourceRef } from "../sources.ts";
import { SECONDS_PER_HOUR, TOKENS_PER_MILLION } from "../units.ts";

function summary(locator: string): SourceRef {
  return { ...SEEDS.summary, locator };
}

const LITTLE: SourceRef = { title: "J. D. C. Little, A proof for the queuing formula L = λW, Operations Research 9(3), 1961", url: "https://doi.org/10.1287/opre.9.3.383" };
const ORCA: SourceRef = { title: "Yu et al., Orca: a distributed serving system for transformer-based generative models (OSDI 2022): iteration-level scheduling", url: "https://www.usenix.org/conference/osdi22/presentation/yu" };
const DISTSERVE: SourceRef = { title: "Zhong et al., DistServe: disaggregating prefill and decoding for goodput-optimized LLM serving (OSDI 2024)", url: "https://arxiv.org/abs/2401.09670" };

export const littleConcurrency = defineFormula({
  id: "serving.littleConcurrency",
  title: "Sequences in flight (Little's law)",
  description: "The mean number of requests in a stage equals the arrival rate times the mean time spent in it.",
  symbol: "L",
  unit: "sequence",
  inputs: {
    ratePerSecond: { symbol: "λ", latex: "\\lambda", unit: "1/s", description: "arrival rate (requests per second)" },
    residenceSeconds: { symbol: "W", unit: "s", description: "mean time a request spends in the stage" },
  },
  expr: ({ ratePerSecond, residenceSeconds }) => mul(ratePerSecond, residenceSeconds),
  sources: [LITTLE],
});

export const decodeResidenceSeconds = defineFormula({
  id: "serving.decodeResidenceSeconds",
  title: "Time a request spends decoding",
  description: "After its first token a request rides O − 1 decode steps, each TPOT apart.",
  symbol: "W_d",
  latex: "W_{d}",
  unit: "s",
  inputs: {
    outputTokens: { symbol: "O", unit: "token", description: "output tokens per request" },
    tpotSeconds: { symbol: "TPOT", unit: "s", description: "time per output token" },
  },
  expr: ({ outputTokens, tpotSeconds }) => mul(sub(outputTokens, 1), tpotSeconds),
  sources: [ORCA],
});

export const busyProbability = defineFormula({
  id: "serving.busyProbability",
  title: "Chance an arrival finds a step in progress",
  description:
    "Decoding sequences behave like an M/G/∞ population (Poisson with mean B), so the server is mid-step with probability 1 − e^(−B).",
  symbol: "P_busy",
  latex: "P_{\\text{busy}}",
  unit: "1",
  inputs: { meanBatch: { symbol: "B", unit: "sequence", description: "mean sequences decoding" } },
  expr: ({ meanBatch }) => sub(1, exp(neg(meanBatch))),
  sources: [{ title: "L. Kleinrock, Queueing Systems vol. 1 (1975), §3.8: the M/G/∞ occupancy is Poisson" }],
  assumptions: ["Poisson arrivals; prefill passes ignored in the occupancy"],
});

export const meanTtft = defineFormula({
  id: "serving.ttftSeconds",
  title: "Mean time to first token",
  description:
    "An arrival waits for the step in progress to end — the mean residual of a step is (T_d² + r·T_p²)/(2·TPOT) when a decode step and r prefill passes share each TPOT (longer steps are likelier to be hit) — then rides the prefill pass that makes its first token.",
  symbol: "TTFT",
  unit: "s",
  inputs: {
    busyProbability: { symbol: "P_busy", latex: "P_{\\text{busy}}", unit: "1", description: "chance a step is in progress" },
    decodeStepSeconds: { symbol: "T_d", latex: "T_{d}", unit: "s", description: "decode step at the steady-state batch" },
    passesPerStep: { symbol: "r", unit: "1", description: "prefill passes per decode step" },
    prefillSeconds: { symbol: "T_p", latex: "T_{p}", unit: "s", description: "the prefill pass (with the prompts that arrived during the wait)" },
    tpotSeconds: { symbol: "TPOT", unit: "s", description: "time per output token (a decode step and its prefill passes)" },
  },
  expr: (x) => add(mul(x.busyProbability, div(add(mul(x.decodeStepSeconds, x.decodeStepSeconds), mul(x.passesPerStep, x.prefillSeconds, x.prefillSeconds)), mul(2, x.tpotSeconds))), x.prefillSeconds),
  sources: [lectureAt("23:12", "the worst case is that you … just missed the train"), summary("Worst-case queue latency is roughly 40ms"), { title: "L. Kleinrock, Queueing Systems vol. 1 (1975), §5.2: the mean residual life E[S²]/(2E[S])" }],
  assumptions: ["prefill queueing behind a backlog of other prefills is ignored (light prefill load)"],
});

export const meanE2e = defineFormula({
  id: "serving.e2eSeconds",
  title: "Mean end-to-end latency",
  description: "Time to the first token, then O − 1 more tokens, TPOT apart.",
  symbol: "E2E",
  unit: "s",
  inputs: {
    ttftSeconds: { symbol: "TTFT", unit: "s", description: "time to first token" },
    outputTokens: { symbol: "O", unit: "token", description: "output tokens per request" },
    tpotSeconds: { symbol: "TPOT", unit: "s", description: "time per output token" },
  },
  expr: (x) => add(x.ttftSeconds, mul(sub(x.outputTokens, 1), x.tpotSeconds)),
  sources: [ORCA],
});

export const tokensAtRate = defineFormula({
  id: "serving.tokensPerSecond",
  title: "Tokens per second",
  description: "In steady state every request that arrives is served: tokens per second = rate × tokens per request.",
  symbol: "Θ",
  latex: "\\Theta",
  unit: "token/s",
  inputs: {
    ratePerSecond: { symbol: "λ", latex: "\\lambda", unit: "1/s", description: "requests per second" },
    tokensPerRequest: { symbol: "n", unit: "token", description: "tokens per request" },
  },
  expr: ({ ratePerSecond, tokensPerRequest }) => mul(ratePerSecond, tokensPerRequest),
  sources: [LITTLE],
});

export const usdPerMillionPhaseTokens = defineFormula({
  id: "serving.usdPerMillionTokens",
  title: "Cost per million tokens of a phase",
  description: "The chips' rental for the share of time spent in this phase (prefill for input tokens, decode for output tokens), over the tokens the phase makes.",
  symbol: "c",
  unit: "USD/Mtoken",
  inputs: {
    chips: { symbol: "N", unit: "chip", description: "chips serving" },
    usdPerChipHour: { symbol: "p", unit: "USD/h", description: "rental price per chip-hour" },
    timeShare: { symbol: "s", unit: "1", description: "share of the chips' time spent in this phase" },
    tokensPerSecond: { symbol: "Θ", latex: "\\Theta", unit: "token/s", description: "tokens of this phase per second" },
  },
  expr: (x) => div(mul(x.chips, x.usdPerChipHour, x.timeShare, TOKENS_PER_MILLION), mul(SECONDS_PER_HOUR, x.tokensPerSecond)),
  sources: [lectureAt("12:43", "I have to pay the rental time")],
  assumptions: ["idle time is charged to the phases in proportion to their busy time"],
});

export const trainFillRate = defineFormula({
  id: "serving.trainFillRate",
  title: "Arrival rate that keeps the train full",
  description: "A sequence rides O trains; to keep B seats filled when a train departs every T, B/O new requests must board each period.",
  symbol: "λ_fill",
  latex: "\\lambda_{\\text{fill}}",
  unit: "1/s",
  inputs: {
    batch: { symbol: "B", unit: "sequence", description: "seats on the train (sequences per step)" },
    outputTokens: { symbol: "O", unit: "token", description: "trains each request rides (its output tokens)" },
    periodSeconds: { symbol: "T_dep", latex: "T_{\\text{dep}}", unit: "s", description: "period between departures" },
  },
  expr: (x) => div(x.batch, mul(x.outputTokens, x.periodSeconds)),
  sources: [summary("You only need enough users to fill a 2,000-token train every 20ms"), LITTLE],
});

export const meanWaitForTrain = defineFormula({
  id: "serving.meanWaitForTrain",
  title: "Mean latency to the first departure",
  description: "An arrival at a random moment waits half a period on average for the next train, then rides it for a full period.",
  symbol: "t̄_wait",
  latex: "\\bar{t}_{\\text{wait}}",
  unit: "s",
  inputs: { periodSeconds: { symbol: "T_dep", latex: "T_{\\text{dep}}", unit: "s", description: "period between departures" } },
  expr: ({ periodSeconds }) => mul(1.5, periodSeconds),
  sources: [lectureAt("23:12", "worst case … just missed the train")],
  assumptions: ["arrivals uniform over the period (Poisson)"],
});

export const kvTransferSeconds = defineFormula({
  id: "serving.kvTransferSeconds",
  title: "KV hand-over time",
  description: "Disaggregated serving: the prompt's KV cache moves from the prefill pool to the decode pool over the scale-out network.",
  symbol: "t_xfer",
  latex: "t_{\\text{xfer}}",
  unit: "s",
  inputs: {
    tokens: { symbol: "I", unit: "token", description: "prompt tokens whose KV is handed over" },
    kvBytesPerToken: { symbol: "kv", unit: "B/token", description: "KV bytes per token (all layers)" },
    chips: { symbol: "N", unit: "chip", description: "chips sending in parallel (one NIC each)" },
    linkBytesPerSecond: { symbol: "BW_net", latex: "BW_{\\text{net}}", unit: "B/s", description: "scale-out bandwidth per chip" },
  },
  expr: (x) => div(mul(x.tokens, x.kvBytesPerToken), mul(x.chips, x.linkBytesPerSecond)),
  sources: [DISTSERVE],
  assumptions: ["the transfer overlaps nothing and sees the full line rate"],
});

export const prefillPassesPerDecodeStep = defineFormula({
  id: "serving.prefillPassesPerDecodeStep",
  title: "Prefill passes per decode step",
  description:
    "With prefill prioritised, a step boundary runs a prefill pass whenever a prompt arrived during the step before it. Passes follow a decode step with probability 1 − e^(−λ·T_d) and follow each other with probability 1 − e^(−λ·T_p), so per decode step there are r = (1 − e^(−λ·T_d)) / e^(−λ·T_p) passes.",
  symbol: "r",
  unit: "1",
  inputs: {
    ratePerSecond: { symbol: "λ", latex: "\\lambda", unit: "1/s", description: "arrival rate (requests per second)" },
    decodeStepSeconds: { symbol: "T_d", latex: "T_{d}", unit: "s", description: "decode step" },
    prefillPassSeconds: { symbol: "T_p", latex: "T_{p}", unit: "s", description: "prefill pass (of the prompts waiting)" },
  },
  expr: (x) => div(sub(1, exp(neg(mul(x.ratePerSecond, x.decodeStepSeconds)))), exp(neg(mul(x.ratePerSecond, x.prefillPassSeconds)))),
  sources: [ORCA],
  assumptions: ["Poisson arrivals; prefill passes are not chunked or mixed with decode (vLLM's default without chunked prefill)"],
});

export const tpotAtLoad = defineFormula({
  id: "serving.tpotSeconds",
  title: "Time per output token at load",
  description: "Between two of a sequence's tokens the train runs one decode step and, on average, r prefill passes for new arrivals.",
  symbol: "TPOT",
  unit: "s",
  inputs: {
    decodeStepSeconds: { symbol: "T_d", latex: "T_{d}", unit: "s", description: "decode step at the steady-state batch" },
    passesPerStep: { symbol: "r", unit: "1", description: "prefill passes per decode step" },
    prefillPassSeconds: { symbol: "T_p", latex: "T_{p}", unit: "s", description: "prefill pass" },
  },
  expr: (x) => add(x.decodeStepSeconds, mul(x.passesPerStep, x.prefillPassSeconds)),
  sources: [lectureAt("22:57", "a new train departs every 20 milliseconds"), ORCA],
});

export const prefillUtilisation = defineFormula({
  id: "serving.prefillUtilisation",
  title: "Share of time spent in prefill",
  description: "Of each TPOT, r prefill passes of T_p; the rest is the decode step.",
  symbol: "ρ_p",
  latex: "\\rho_{p}",
  unit: "1",
  inputs: {
    passesPerStep: { symbol: "r", unit: "1", description: "prefill passes per decode step" },
    prefillPassSeconds: { symbol: "T_p", latex: "T_{p}", unit: "s", description: "prefill pass" },
    tpotSeconds: { symbol: "TPOT", unit: "s", description: "time per output token" },
  },
  expr: (x) => div(mul(x.passesPerStep, x.prefillPassSeconds), x.tpotSeconds),
  sources: [ORCA],
});

export const meanPrefillPassSeconds = defineFormula({
  id: "serving.meanPrefillPassSeconds",
  title: "Mean prefill pass over whole prompts",
  description:
    "A pass holds a whole number of prompts. With k̄ prompts per pass on average, the passes hold ⌊k̄⌋ or ⌊k̄⌋ + 1 of them (the narrowest spread of whole numbers with that mean: a share k̄ − ⌊k̄⌋ of the passes hold one more), so the mean pass time is the line between those two passes. The step time at a fraction of a prompt is no pass the scheduler runs: expected matmul times are a staircase in the pass's rows (whole waves of tiles), and 1.07 prompts would pay for a whole extra wave.",
  symbol: "T̄_p",
  latex: "\bar{T}_{p}",
  unit: "s",
  inputs: {
    meanPrompts: { symbol: "k̄", latex: "\bar{k}", unit: "sequence", description: "mean prompts per prefill pass" },
    passSecondsFewer: { symbol: "T_p(⌊k̄⌋)", latex: "T_{p}(\lfloor\bar{k}\rfloor)", unit: "s", description: "a pass of ⌊k̄⌋ prompts" },
    passSecondsMore: { symbol: "T_p(⌊k̄⌋+1)", latex: "T_{p}(\lfloor\bar{k}\rfloor+1)", unit: "s", description: "a pass of ⌊k̄⌋ + 1 prompts" },
  },
  expr: (x) => add(x.passSecondsFewer, mul(sub(x.meanPrompts, floor(x.meanPrompts)), sub(x.passSecondsMore, x.passSecondsFewer))),
  sources: [ORCA],
  assumptions: ["pass sizes spread over the two whole numbers around the mean (at light prefill load nearly every pass holds one prompt); exact whenever the pass time is a straight line in whole prompts"],
});

export const promptsPerPrefillPass = defineFormula({
  id: "serving.promptsPerPrefillPass",
  title: "Prompts per prefill pass",
  description: "λ·TPOT prompts arrive per decode step and r passes share them, up to the pass's token cap.",
  symbol: "k",
  unit: "sequence",
  inputs: {
    ratePerSecond: { symbol: "λ", latex: "\\lambda", unit: "1/s", description: "arrival rate (requests per second)" },
    tpotSeconds: { symbol: "TPOT", unit: "s", description: "time per output token (one decode step and its prefill passes)" },
    passesPerStep: { symbol: "r", unit: "1", description: "prefill passes per decode step" },
    maxPrompts: { symbol: "k_max", latex: "k_{\\max}", unit: "sequence", description: "prompts that fit the pass's token cap" },
  },
  expr: (x) => min(max(1, div(mul(x.ratePerSecond, x.tpotSeconds), x.passesPerStep)), x.maxPrompts),
  sources: [ORCA],
  assumptions: ["Poisson arrivals"],
});

export const admissionsPerStepAtSaturation = defineFormula({
  id: "serving.admissionsPerStepAtSaturation",
  title: "Requests admitted per decode step at saturation",
  description:
    "Past saturation every seat is taken and requests queue, so a request is admitted whenever one finishes. Each of the B_max sequences decodes O − 1 steps after its first token, so each decode step retires B_max / (O − 1) of them on average — and admits as many.",
  symbol: "a",
  unit: "sequence",
  inputs: {
    maxBatch: { symbol: "B_max", latex: "B_{\\max}", unit: "sequence", description: "seats: most sequences that fit (or the batch cap)" },
    outputTokens: { symbol: "O", unit: "token", description: "output tokens per request" },
  },
  expr: (x) => div(x.maxBatch, sub(x.outputTokens, 1)),
  sources: [LITTLE, ORCA],
  assumptions: ["every request has the same output length, and the finishes are spread evenly over the steps (the seats are not in lock-step)"],
});

export const promptsPerPassAtSaturation = defineFormula({
  id: "serving.promptsPerPassAtSaturation",
  title: "Prompts per prefill pass at saturation",
  description: "The requests admitted after a decode step share one prefill pass (at least one prompt a pass, at most what the pass's token cap holds).",
  symbol: "k̄_sat",
  latex: "\\bar{k}_{\\text{sat}}",
  unit: "sequence",
  inputs: {
    admissionsPerStep: { symbol: "a", unit: "sequence", description: "requests admitted per decode step" },
    maxPrompts: { symbol: "k_max", latex: "k_{\\max}", unit: "sequence", description: "prompts that fit the pass's token cap" },
  },
  expr: (x) => min(max(1, x.admissionsPerStep), x.maxPrompts),
  sources: [ORCA],
});

export const passesPerStepAtSaturation = defineFormula({
  id: "serving.passesPerStepAtSaturation",
  title: "Prefill passes per decode step at saturation",
  description: "The a requests admitted per decode step, k̄ to a pass: a / k̄ passes per step (a pass every few steps when fewer than one request finishes per step).",
  symbol: "r_sat",
  latex: "r_{\\text{sat}}",
  unit: "1",
  inputs: {
    admissionsPerStep: { symbol: "a", unit: "sequence", description: "requests admitted per decode step" },
    promptsPerPass: { symbol: "k̄_sat", latex: "\\bar{k}_{\\text{sat}}", unit: "sequence", description: "prompts per prefill pass" },
  },
  expr: (x) => div(x.admissionsPerStep, x.promptsPerPass),
  sources: [ORCA],
});

export const rateAtBatch = defineFormula({
  id: "serving.maxRatePerSecond",
  title: "Highest sustainable rate",
  description:
    "Little's law for the decode stage at the largest batch that fits: B_max sequences, each decoding for (O − 1)·TPOT, admit λ = B_max / ((O − 1)·TPOT) requests per second. Beyond it the queue grows without bound.",
  symbol: "λ_max",
  latex: "\\lambda_{\\max}",
  unit: "1/s",
  inputs: {
    maxBatch: { symbol: "B_max", latex: "B_{\\max}", unit: "sequence", description: "most sequences that fit (KV reserved for the whole sequence) or the batch cap" },
    outputTokens: { symbol: "O", unit: "token", description: "output tokens per request" },
    tpotSeconds: { symbol: "TPOT", unit: "s", description: "time per output token at saturation: the decode step at B_max and the prefill passes of the requests admitted as seats free" },
  },
  expr: (x) => div(x.maxBatch, mul(sub(x.outputTokens, 1), x.tpotSeconds)),
  sources: [LITTLE, lectureAt("22:57")],
  assumptions: ["decode throughput B/T_d(B) grows with B, so the binding limit is memory (or the batch cap), not compute"],
});

// ---- Capacity: replicas for a target rate -------------------------------------------------------------

export const replicasForRate = defineFormula({
  id: "serving.replicasForRate",
  title: "Replicas for a target rate",
  description:
    "Each replica serves at most its max load (the highest rate at which every class meets its SLOs); requests spread evenly over R replicas give each λ/R, so R is the smallest whole number with λ/R within the max load.",
  symbol: "R",
  unit: "1",
  inputs: {
    targetRatePerSecond: { symbol: "λ", latex: "\\lambda", unit: "1/s", description: "target rate (requests per second)" },
    maxRatePerReplica: { symbol: "λ_1", latex: "\\lambda_{1}", unit: "1/s", description: "max load of one replica under the SLOs" },
  },
  expr: (x) => ceil(div(x.targetRatePerSecond, x.maxRatePerReplica)),
  sources: [LITTLE],
  assumptions: ["a load balancer splits arrivals evenly at random, so each replica sees the same kind of arrivals at λ/R"],
});

export const fleetChips = defineFormula({
  id: "serving.fleetChips",
  title: "Chips for the target rate",
  description: "Replicas times the chips of one replica.",
  symbol: "N",
  unit: "chip",
  inputs: {
    replicas: { symbol: "R", unit: "1", description: "replicas" },
    chipsPerReplica: { symbol: "C", unit: "chip", description: "chips of one replica (its layout)" },
  },
  expr: (x) => mul(x.replicas, x.chipsPerReplica),
  sources: [lectureAt("12:43", "I have to pay the rental time")],
});

export const fleetUsdPerHour = defineFormula({
  id: "serving.fleetUsdPerHour",
  title: "Cost of the fleet per hour",
  description: "Replicas × chips per replica × rental price per chip-hour.",
  symbol: "c_h",
  latex: "c_{h}",
  unit: "USD/h",
  inputs: {
    replicas: { symbol: "R", unit: "1", description: "replicas" },
    chipsPerReplica: { symbol: "C", unit: "chip", description: "chips of one replica (its layout)" },
    usdPerChipHour: { symbol: "p", unit: "USD/h", description: "rental price per chip-hour" },
  },
  expr: (x) => mul(x.replicas, x.chipsPerReplica, x.usdPerChipHour),
  sources: [lectureAt("12:43", "I have to pay the rental time")],
});
