/**
 * Comparisons on the Validation page. Its rows carry their own model, chips and workload (the
 * measurements'), so another chip or model has nothing to be compared with; what can be compared is
 * the prediction: the residual charts show the expected step fitted without the row's source (LOSO),
 * and a comparison adds, on the same rows, the ideal roofline's error (`cmp=eff:ideal`; a bound, so its
 * error says how far the measurement sits from peak) or the expected step with the committed fit
 * (`cmp=eff:expected`, in sample). Each error is `roofline validate --json`'s (`idealError`, `error`).
 */
import type { RowPrediction } from "@roofline/core";
import { comparisons, type CompareDim } from "../compare.ts";
import type { AppState } from "../state.ts";

export const VALIDATION_DIMS: readonly CompareDim[] = ["eff"];

/** A comparison drawn on the residual charts: each scored row's error under another prediction. */
export interface ResidualOverlay {
  label: string;
  color: string;
  error: (p: RowPrediction) => number;
}

export function validationOverlays(state: AppState): ResidualOverlay[] {
  return comparisons(state, VALIDATION_DIMS).flatMap((c) =>
    c.patch.eff === "ideal"
      ? [{ label: "ideal roofline (a bound)", color: c.color, error: (p: RowPrediction) => p.idealError }]
      : c.patch.eff === "expected"
        ? [{ label: "expected, committed fit (in sample)", color: c.color, error: (p: RowPrediction) => p.error }]
        : [],
  );
}

/** Comparisons this page cannot draw (anything but the prediction), named rather than dropped. */
export function validationIgnored(state: AppState): string[] {
  return comparisons(state, VALIDATION_DIMS).filter((c) => c.patch.eff === undefined).map((c) => `vs ${c.label}: this page's rows carry their own model, chips and workload (the measurements'); only the prediction (efficiency: ideal or expected) can be compared.`);
}
