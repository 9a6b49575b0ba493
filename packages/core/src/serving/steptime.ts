/**
 * Step times for serving, pluggable: the simulation and the closed form ask a StepTimeModel how long
 * a decode step, a prefill pass or a mixed (chunked) step takes. The ideal model compiles the roofline
 * graph of roofline/step.ts into kernels once; another model (expected, calibrated) only has to answer
 * the same three questions.
 */
import type { Derivation } from "../formula/derivation.ts";
import { constant, type Quantity } from "../formula/formula.ts";
import type { Kernel } from "../formula/graph.ts";
import * as F from "../roofline/formulas.ts";
import { prepareRoofline, type RooflineOptions, type RooflineSetup } from "../roofline/step.ts";

export interface StepTimeModel {
  /** "ideal" (the roofline: a bound) or how the times were made. */
  label: string;
  /** One sentence for derivations: what the step times are and how good they are. */
  description: string;
  /** The node of the setups' graphs that is this model's step time (explained derivations): default "stepSeconds" (the ideal). */
  stepNode?: string;
  chips: number;
  /** A decode step of `seqs` sequences whose KV caches hold `meanContext` tokens on average. */
  decode(seqs: number, meanContext: number): number;
  /** A prefill pass of `seqs` prompts, `meanNewTokens` new tokens each, after `meanCachedTokens` cached. */
  prefill(seqs: number, meanNewTokens: number, meanCachedTokens: number): number;
  /** One pass that decodes `decodeSeqs` sequences and prefills `prefillSeqs` prompt chunks (chunked prefill). */
  mixed(decodeSeqs: number, meanContext: number, prefillSeqs: number, meanNewTokens: number, meanCachedTokens: number): number;
  /** The roofline setups behind the model, for derivations of individual steps. */
  decodeSetup: RooflineSetup;
  prefillSetup: RooflineSetup;
}

export interface ServerMemory {
  /** HBM of the replica, bytes. */
  capacityBytes: number;
  weightBytes: number;
  /** KV bytes held per token of context (at the workload's mean sequence length), with the copies tensor parallelism keeps. */
  kvBytesPerToken: number;
  /** Tokens of KV that fit beside the weights (0 when the weights do not fit). */
  kvBudgetTokens: number;
  usdPerChipHour: number | null;
}

/** Step times from a decode setup and a prefill setup (same model and system, different phase). */
export function stepTimesFromSetups(decodeSetup: RooflineSetup, prefillSetup: RooflineSetup, label: string, description: string): StepTimeModel {
  const outs = ["stepSeconds", "computeSeconds", "weightReadSeconds", "kvReadSeconds"];
  const kd: Kernel = decodeSetup.kernel(["batch", "contextTokens"], outs);
  const kp: Kernel = prefillSetup.kernel(["batch", "passTokens", "contextTokens"], outs);
  const od = new Float64Array(4);
  const op = new Float64Array(4);
  const ow = new Float64Array(4);
  const sum = F.sumSeconds.fn;
  const step = F.stepSeconds.fn;
  const chips = (decodeSetup.params["chips"] as Quantity).value;
  return {
    label,
    description,
    chips,
    decodeSetup,
    prefillSetup,
    decode(seqs, meanContext) {
      return kd(seqs, meanContext, od);
    },
    prefill(seqs, meanNewTokens, meanCachedTokens) {
      return kp(seqs, meanNewTokens, meanCachedTokens, op);
    },
    mixed(decodeSeqs, meanContext, prefillSeqs, meanNewTokens, meanCachedTokens) {
      if (prefillSeqs <= 0) return kd(decodeSeqs, meanContext, od);
      if (decodeSeqs <= 0) return kp(prefillSeqs, meanNewTokens, meanCachedTokens, op);
      kd(decodeSeqs, meanContext, od);
      kp(prefillSeqs, meanNewTokens, meanCachedTokens, op);
      // Weights are read once for every token of the pass (expert coverage of all of them).
      kd(decodeSeqs + prefillSeqs * meanNewTokens, 0, ow);
      const compute = (od[1] as number) + (op[1] as number);
      return step(compute, sum(ow[2] as number, (od[3] as number) + (op[3] as number)));
    },
  };
}

/** The ideal step times: the roofline bound of roofline/step.ts (peak FLOP/s and bandwidth, or the given efficiencies). */
export function idealStepTimes(options: RooflineOptions): StepTimeModel {
  const { batch: _b, contextTokens: _c, promptTokens: _p, ...base } = options;
  void _b;
  void _c;
  void _p;
  const d = prepareRoofline({ ...base, phase: "decode" });
  const p = prepareRoofline({ ...base, phase: "prefill" });
  const ce = (d.params["computeEfficiency"] as Quantity).value;
  const be = (d.params["bandwidthEfficiency"] as Quantity).value;
  const ideal = ce === 1 && be === 1;
  return stepTimesFromSetups(
    d,
    p,
    ideal ? "ideal" : "roofline with given efficiencies",
    ideal
      ? "ideal roofline step times (peak FLOP/s and HBM bandwidth, perfect overlap, no communication): a lower bound on every latency, an upper bound on throughput"
      : `roofline step times at ${ce} of peak FLOP/s and ${be} of peak bandwidth (as given)`,
  );
}

/** Memory of one replica for a workload whose sequences hold `meanSequenceTokens` tokens at the end. */
export function serverMemory(steps: StepTimeModel, meanSequenceTokens: number): ServerMemory {
  // KV per sequence with the copies tensor parallelism keeps (an MLA latent is held whole by every chip of an attention group).
  const k = steps.decodeSetup.kernel(["batch", "contextTokens"], ["capacityBytes", "weightBytesResident", "kvBytesHeldPerSequenceWithCopies"]);
  const out = new Float64Array(3);
  const L = Math.max(1, Math.round(meanSequenceTokens));
  k(1, L - 1, out);
  const capacity = out[0] as number;
  const weights = out[1] as number;
  const kvPerToken = (out[2] as number) / L;
  const usd = steps.decodeSetup.params["usdPerChipHour"];
  return {
    capacityBytes: capacity,
    weightBytes: weights,
    kvBytesPerToken: kvPerToken,
    kvBudgetTokens: capacity > weights && kvPerToken > 0 ? Math.floor((capacity - weights) / kvPerToken) : capacity > weights ? Number.MAX_SAFE_INTEGER : 0,
    usdPerChipHour: usd ? usd.value : null,
  };
}

/** The derivation of one decode step (explained, not compiled), for the closed form. */
export function explainDecodeStep(steps: StepTimeModel, batch: number, meanContext: number, reason: string): Record<string, Derivation> {
  const s = steps.decodeSetup;
  return s.graph.explain({ ...s.params, batch: constant(batch, reason), contextTokens: constant(meanContext, "the mean context over a request's decode (prompt + half the output)") });
}

export function explainPrefill(steps: StepTimeModel, seqs: number, newTokens: number, cachedTokens: number, reason: string): Record<string, Derivation> {
  const s = steps.prefillSetup;
  return s.graph.explain({
    ...s.params,
    batch: constant(seqs, reason),
    passTokens: constant(newTokens, cachedTokens > 0 ? "prompt tokens not in the prefix cache" : "the prompt"),
    contextTokens: constant(cachedTokens, cachedTokens > 0 ? "prompt tokens found in the prefix cache" : "no prefix cached"),
  });
}

/** The graph node whose derivation is this model's step time. */
export function stepNodeOf(steps: StepTimeModel): string {
  return steps.stepNode ?? "stepSeconds";
}
