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
  const outs = ["expectedStepSeconds", "expFixedSeconds"];
  const kd: Kernel = decodeSetup.kernel(["batch", "contextTokens"], outs);
  const kp: Kernel = prefillSetup.kernel(["batch", "passTokens", "contextTokens"], outs);
  const od = new Float64Array(2);
  const op = new Float64Array(2);
  return {
    label: "expected",
    stepNode: "expectedStepSeconds",
    description: `expected step times (matmul shape efficiency, achieved HBM bandwidth, fixed time per layer, tensor-parallel all-reduces, the busiest MoE chip; ${efficiencyAccuracy()})`,
    chips: (decodeSetup.params["chips"] as Quantity).value,
    decodeSetup,
    prefillSetup,
    decode: (seqs, meanContext) => kd(seqs, meanContext, od),
    prefill: (seqs, meanNewTokens, meanCachedTokens) => kp(seqs, meanNewTokens, meanCachedTokens, op),
    mixed(decodeSeqs, meanContext, prefillSeqs, meanNewTokens, meanCachedTokens) {
      if (prefillSeqs <= 0) return kd(decodeSeqs, meanContext, od);
      if (decodeSeqs <= 0) return kp(prefillSeqs, meanNewTokens, meanCachedTokens, op);
      // One pass: the decode part and the prefill part as kernels one after the other, the fixed time
      // per pass paid once (the weights are charged to both parts: an over-estimate when memory-bound).
      const d = kd(decodeSeqs, meanContext, od);
      const p = kp(prefillSeqs, meanNewTokens, meanCachedTokens, op);
      return d + p - (op[1] as number);
    },
  };
}

/** The step-time model for a mode: the ideal roofline (a bound) or the expected one. */
export function stepTimesFor(mode: EfficiencyMode): (options: RooflineOptions) => StepTimeModel {
  return mode === "ideal" ? idealStepTimes : expectedStepTimes;
}
