/**
 * Energy of a forward pass from the chips' TDP: joules per token and tokens per second per megawatt
 * (InferenceX's "tokens per megawatt"). TDP is the most a chip is rated to draw, so the power here is
 * an upper bound on the accelerators' draw — and only theirs: host CPUs, networking and cooling (PUE)
 * are not counted. Unknown TDP leaves energy unknown.
 */
import type { Derivation } from "../formula/derivation.ts";
import { div, mul } from "../formula/expr.ts";
import { defineFormula, derived, type Quantity } from "../formula/formula.ts";
import type { SourceRef } from "../sources.ts";
import { prepareRoofline, stepFromSetup, type RooflineOptions, type RooflineSetup, type StepResult } from "./step.ts";
import type { EfficiencyMode } from "../efficiency/mode.ts";
import type { InputTable } from "../inputs/define.ts";
import type { HardwareSpec } from "../catalog/hardware.ts";

const WATTS_PER_MEGAWATT = 1e6;
const INFERENCEX: SourceRef = { title: "SemiAnalysis InferenceX: tokens per second per megawatt from measured sweeps", url: "https://inferencemax.semianalysis.com/" };
const TDP_BOUND = [
  "power = chips × TDP: the chips' rated maximum, an upper bound on what they draw during the pass",
  "accelerators only: host CPUs, NICs, switches and cooling (PUE) are not counted",
] as const;

export const powerWatts = defineFormula({
  id: "energy.powerWatts",
  title: "Power (upper bound)",
  description: "The chips serving the replica, each at its thermal design power.",
  symbol: "P",
  unit: "W",
  inputs: {
    chips: { symbol: "N", unit: "chip", description: "chips serving the replica" },
    tdpWatts: { symbol: "P_TDP", latex: "P_{\\text{TDP}}", unit: "W", description: "thermal design power per chip" },
  },
  expr: ({ chips, tdpWatts }) => mul(chips, tdpWatts),
  sources: [INFERENCEX],
  assumptions: TDP_BOUND,
});

export const joulesPerToken = defineFormula({
  id: "energy.joulesPerToken",
  title: "Energy per token (upper bound)",
  description: "Power times the time the chips spend per token.",
  symbol: "E_tok",
  latex: "E_{\\text{tok}}",
  unit: "J/token",
  inputs: {
    powerWatts: { symbol: "P", unit: "W", description: "power of the chips (TDP: an upper bound)" },
    tokensPerSecond: { symbol: "Θ", latex: "\\Theta", unit: "token/s", description: "tokens per second the chips produce" },
  },
  expr: ({ powerWatts, tokensPerSecond }) => div(powerWatts, tokensPerSecond),
  sources: [INFERENCEX],
  assumptions: TDP_BOUND,
});

export const tokensPerSecondPerMegawatt = defineFormula({
  id: "energy.tokensPerSecondPerMegawatt",
  title: "Tokens per second per megawatt (lower bound)",
  description: "Throughput for each megawatt the chips draw at TDP: a lower bound, since they draw at most TDP.",
  symbol: "Θ_MW",
  latex: "\\Theta_{\\text{MW}}",
  unit: "token/s/MW",
  inputs: {
    tokensPerSecond: { symbol: "Θ", latex: "\\Theta", unit: "token/s", description: "tokens per second the chips produce" },
    powerWatts: { symbol: "P", unit: "W", description: "power of the chips (TDP: an upper bound)" },
  },
  expr: ({ tokensPerSecond, powerWatts }) => div(mul(tokensPerSecond, WATTS_PER_MEGAWATT), powerWatts),
  sources: [INFERENCEX],
  assumptions: TDP_BOUND,
});

export interface EnergyResult {
  powerWatts: number;
  joulesPerToken: number;
  tokensPerSecondPerMegawatt: number;
  derivations: { powerWatts: Derivation; joulesPerToken: Derivation; tokensPerSecondPerMegawatt: Derivation };
}

/**
 * Energy of a step (`stepFromSetup(setup)`) from the hardware's TDP; null when the catalog has no TDP
 * for it. `mode` "expected" divides by the expected throughput (the fitted efficiencies) instead of
 * the ideal one, which is a bound: ideal energy per token is then a lower bound on time, not on power.
 */
export function energyOfStep(step: StepResult, setup: RooflineSetup, mode: EfficiencyMode = "ideal"): EnergyResult | null {
  const tps = step.derivations[mode === "expected" ? "expectedTokensPerSecond" : "tokensPerSecond"];
  const chipsQ = setup.params["chips"];
  if (!tps || !chipsQ) return null;
  return energyOfThroughput(tps, chipsQ, setup.hardware);
}

/**
 * Energy at a throughput: `chips` chips at TDP producing `tokensPerSecond` (a step's, or a served
 * workload's output tokens per second at a request rate — then the chips' idle and prefill time is in
 * the power too). Null when the catalog has no TDP for the hardware.
 */
export function energyOfThroughput(tokensPerSecond: Derivation, chips: Quantity, hardware: HardwareSpec): EnergyResult | null {
  const tdp = hardware.tdpWatts;
  if (tdp.value === null || !(tokensPerSecond.value > 0)) return null;
  const tps = tokensPerSecond;
  const chipsQ = chips;
  const tdpQ: Quantity = { value: tdp.value, origin: tdp.origin };
  const power = powerWatts.explain({ chips: chipsQ, tdpWatts: tdpQ }, { name: "powerWatts" });
  const jpt = joulesPerToken.explain({ powerWatts: derived(power), tokensPerSecond: derived(tps) }, { name: "joulesPerToken" });
  const perMw = tokensPerSecondPerMegawatt.explain({ tokensPerSecond: derived(tps), powerWatts: derived(power) }, { name: "tokensPerSecondPerMegawatt" });
  return { powerWatts: power.value, joulesPerToken: jpt.value, tokensPerSecondPerMegawatt: perMw.value, derivations: { powerWatts: power, joulesPerToken: jpt, tokensPerSecondPerMegawatt: perMw } };
}

/** A step and its energy (at `mode`'s throughput, and at the expected one), from the same options (`table`: the command's input table, for its defaults). */
export function analyzeStepEnergy(options: RooflineOptions, mode: EfficiencyMode = "ideal", table?: InputTable): { step: StepResult; energy: EnergyResult | null; expectedEnergy: EnergyResult | null } {
  const setup = table ? prepareRoofline(options, table) : prepareRoofline(options);
  const step = stepFromSetup(setup);
  // The expected figure from the same step (its expected throughput): no second step graph.
  return { step, energy: energyOfStep(step, setup, mode), expectedEnergy: energyOfStep(step, setup, "expected") };
}
