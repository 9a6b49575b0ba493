/**
 * Expected step times for serving: the same three questions as the ideal StepTimeModel (a decode step,
 * a prefill pass, a mixed chunked-prefill pass), answered by the expected nodes of the step graph.
 * Pass `stepTimes: expectedStepTimes` in ServeOptions (or pick it with `stepTimesFor("expected")`).
 */
import type { Quantity } from "../formula/formula.ts";
import type { Kernel } from "../formula/graph.ts";
import { prepareRoofline, type RooflineOptions } from "../roofline/step.ts";
import { idealStepTimes, type StepTimeModel } from "../serving/steptime.ts";
import { efficiencyAccuracy, type EfficiencyMode } from "./mode.ts";

export function expectedStepTimes(options: RooflineOptions): StepTimeModel {
  const { batch: _b, contextTokens: _c, promptTokens: _p, ...base } = options;
  void _b;
  void _c;
  void _p;
  const decodeSetup = prepareRoofline({ ...base, phase: "decode" });
  const prefillSetup = prepareRoofline({ ...base, phase: "prefill" });
  // One output per kernel (no array written per call); the fixed time per pass depends on no varying input
  // (layers × kernels per layer × launch time), so it is computed once, by a kernel of nothing.
  const kd: Kernel = decodeSetup.kernel(["batch", "contextTokens"], ["expectedStepSeconds"]);
  const kp: Kernel = prefillSetup.kernel(["batch", "passTokens", "contextTokens"], ["expectedStepSeconds"]);
  const fixedSecondsPerPass = prefillSetup.kernel([], ["expFixedSeconds"])();
  return {
    label: "expected",
    stepNode: "expectedStepSeconds",
    description: `expected step times (matmul shape efficiency, achieved HBM bandwidth, fixed time per layer, tensor-parallel all-reduces, the busiest MoE chip; ${efficiencyAccuracy()})`,
    chips: (decodeSetup.params["chips"] as Quantity).value,
    decodeSetup,
    prefillSetup,
    decode: (seqs, meanContext) => kd(seqs, meanContext),
    prefill: (seqs, meanNewTokens, meanCachedTokens) => kp(seqs, meanNewTokens, meanCachedTokens),
    mixed(decodeSeqs, meanContext, prefillSeqs, meanNewTokens, meanCachedTokens) {
      // One pass: the decode part and the prefill part as kernels one after the other, the fixed time
      // per pass paid once (the weights are charged to both parts: an over-estimate when memory-bound).
      // Without prefill chunks it is a decode step, without decode sequences a prefill pass. One call of
      // each kernel (not one per case): small enough for the engine to inline into the simulator's loop.
      const d = decodeSeqs > 0 || prefillSeqs <= 0 ? kd(decodeSeqs, meanContext) : 0;
      const p = prefillSeqs > 0 ? kp(prefillSeqs, meanNewTokens, meanCachedTokens) : 0;
      return prefillSeqs <= 0 ? d : decodeSeqs <= 0 ? p : d + p - fixedSecondsPerPass;
    },
  };
}

/** The step-time model for a mode: the ideal roofline (a bound) or the expected one. */
export function stepTimesFor(mode: EfficiencyMode): (options: RooflineOptions) => StepTimeModel {
  return mode === "ideal" ? idealStepTimes : expectedStepTimes;
}
