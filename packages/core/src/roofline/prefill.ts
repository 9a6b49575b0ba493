/**
 * Prefill vs decode: cost per token against the length of the pass. Decode is a pass of length 1
 * (every step re-reads the weights for one token per sequence); prefill amortises the weight read over
 * the whole prompt and becomes compute-bound. The ratio of their costs per token is what the
 * output/input price ratio of an API reveals.
 */
import type { Derivation } from "../formula/derivation.ts";
import { copyDerivation, withNotes } from "../formula/derivation.ts";
import { derived, type Quantity } from "../formula/formula.ts";
import { costRatio, throughputRatio } from "./formulas.ts";
import { curve, logGrid, type CurvePoint } from "./sweep.ts";
import { PREFILL_INPUTS } from "../inputs/roofline.ts";
import { prepareRoofline, stepFromSetup, type RooflineOptions, type StepResult } from "./step.ts";

export interface PrefillOptions extends RooflineOptions {
  /** Pass lengths to tabulate; default log-spaced from 1 to 128K. */
  passLengths?: readonly number[];
}

export interface PrefillResult {
  /** Cost and time per token for passes of each length (x = tokens per sequence in the pass). */
  points: CurvePoint[];
  decode: StepResult;
  prefill: StepResult;
  /** Cost (or, with no price, time) per token of decode ÷ prefill. */
  decodeToPrefillRatio: number;
  derivations: Record<string, Derivation>;
  warnings: StepResult["warnings"];
}

export function analyzePrefill(options: PrefillOptions): PrefillResult {
  const prefillSetup = prepareRoofline({ ...options, phase: "prefill" }, PREFILL_INPUTS);
  const decodeSetup = prepareRoofline({ ...options, phase: "decode", contextTokens: options.contextTokens ?? prefillSetup.params["contextTokens"] ?? 0 }, PREFILL_INPUTS);
  const prefill = stepFromSetup(prefillSetup);
  const decode = stepFromSetup(decodeSetup);
  const points = curve(prefillSetup, "passTokens", options.passLengths ?? logGrid(1, 131_072, 8));
  const derivations: Record<string, Derivation> = {};
  let ratio: Derivation;
  const dCost = decode.derivations["usdPerMillionTokens"];
  const pCost = prefill.derivations["usdPerMillionTokens"];
  // A $0 chip-hour prices both at $0 (0 ÷ 0): the ratio of throughputs on the same chips is the same ratio, and defined.
  if (dCost && pCost && dCost.value > 0 && pCost.value > 0) {
    ratio = costRatio.explain(
      { decodeUsdPerMillionTokens: derived(copyDerivation(dCost, { name: "decodeUsdPerMillionTokens", title: "Decode cost per million tokens" })), prefillUsdPerMillionTokens: derived(copyDerivation(pCost, { name: "prefillUsdPerMillionTokens", title: "Prefill cost per million tokens" })) },
      { name: "decodeToPrefillRatio" },
    );
  } else {
    // No price (or a $0 one): cost per token on the same chips is inversely proportional to throughput.
    const tps = (s: StepResult, label: string): Quantity => derived(copyDerivation(s.derivations["tokensPerSecond"] as Derivation, { name: label }));
    ratio = throughputRatio.explain({ prefillTokensPerSecond: tps(prefill, "prefillTokensPerSecond"), decodeTokensPerSecond: tps(decode, "decodeTokensPerSecond") }, { name: "decodeToPrefillRatio" });
  }
  derivations["decodeToPrefillRatio"] = withNotes(ratio, "The lecture reads an API's ~5× output/input price ratio as evidence that decode is memory-bound and prefill compute-bound.");
  return {
    points,
    decode,
    prefill,
    decodeToPrefillRatio: derivations["decodeToPrefillRatio"]!.value,
    derivations,
    warnings: [...prefill.warnings],
  };
}
