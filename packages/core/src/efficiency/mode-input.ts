/**
 * Which step times drive a search or a simulation, and the one input that chooses it. Its own module,
 * free of the efficiency model, so that input tables (loaded by the first page) can declare it.
 */
import type { InputDef } from "../inputs/define.ts";

/** Which step time drives a search or a simulation: the ideal roofline (a bound) or the expected one. */
export type EfficiencyMode = "ideal" | "expected";
export const EFFICIENCY_MODES: readonly EfficiencyMode[] = ["ideal", "expected"];

/**
 * The input for every search and simulation (`search`, `serve`, `train-step search`; the Cluster
 * layout, Serving and Training step pages): one flag, URL key, choices and default everywhere.
 */
export const EFFICIENCY_MODE_INPUT = {
  id: "efficiency",
  flag: "efficiency",
  url: "eff",
  label: "Step times",
  unit: "",
  kind: "enum",
  group: "efficiency",
  doc: "step times that rank a search or drive a simulation: expected (calibrated) or ideal (a bound)",
  default: "expected",
  defaultFrom: "the efficiency model's calibrated step times",
  choices: EFFICIENCY_MODES,
  valueName: "<mode>",
} as const satisfies InputDef;
