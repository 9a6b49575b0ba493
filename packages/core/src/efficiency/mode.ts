import { EFFICIENCY_FIT } from "./fitted.ts";

export { EFFICIENCY_MODE_INPUT, EFFICIENCY_MODES, type EfficiencyMode } from "./mode-input.ts";
import type { EfficiencyMode } from "./mode-input.ts";

/** The step graph's output for a mode: compile `setup.kernel(varying, [stepSecondsOutput(mode)])`. */
export function stepSecondsOutput(mode: EfficiencyMode): "stepSeconds" | "expectedStepSeconds" {
  return mode === "ideal" ? "stepSeconds" : "expectedStepSeconds";
}

/** One line on how accurate the expected numbers are, from the committed fit's leave-one-source-out error. */
export function efficiencyAccuracy(): string {
  const l = EFFICIENCY_FIT.loso;
  if ((EFFICIENCY_FIT.rows as number) === 0 || l.medianAbsError === null) return "not yet fitted to measurements: treat as indicative";
  return `leave-one-source-out median |error| ${(l.medianAbsError * 100).toFixed(0)}%, p90 ${((l.p90AbsError ?? 0) * 100).toFixed(0)}% on ${l.rows} public inference rows — see roofline validate`;
}
