/**
 * Fast and slow modes: the price–speed frontier a provider moves along by choosing the batch.
 * A smaller batch amortises each weight read over fewer users — dearer, but each step is shorter;
 * the fastest step (batch 1) is the latency floor. A bigger batch cannot amortise compute or KV
 * reads (unique per sequence), so a slow mode saves little. (The lecture, 01:02 and 15:31.)
 */
import { RooflineError, type Warning } from "../errors.ts";
import { copyDerivation, withNotes, type Derivation } from "../formula/derivation.ts";
import { constant, derived, type Quantity } from "../formula/formula.ts";
import { formatSignificant } from "../format.ts";
import { analyzeBatch, type BatchOptions } from "../roofline/batch.ts";
import { bisectLog, curve, logGrid, solvedDerivation, type CurvePoint } from "../roofline/sweep.ts";
import { named, prepareRoofline, stepFromSetup, type RooflineSetup, type StepResult } from "../roofline/step.ts";
import { lectureAt, type SourceRef } from "../sources.ts";
import { LIMITS, type Given } from "../validate.ts";
import { resolveNumber } from "../inputs/define.ts";
import { MODES_INPUTS } from "../inputs/pages.ts";
import { modeRatio, slowModeSavings } from "./formulas.ts";
import { PRICE_CATALOG } from "./prices.ts";

/** A provider's published fast mode, for comparison: the price multiple and the speed-up it states. */
export interface ProviderFastMode {
  sheetId: string;
  model: string;
  priceMultiplier: number;
  speedMultiplierUpTo: number | null;
  source: SourceRef | null;
}

/** The fast modes of the price catalog (Anthropic's Opus 4.6: 6× the price, up to 2.5× the speed). */
export function providerFastModes(): ProviderFastMode[] {
  return PRICE_CATALOG.filter((s) => s.fastMode !== null).map((s) => {
    const f = s.fastMode as NonNullable<typeof s.fastMode>;
    const origin = f.priceMultiplier.origin;
    return {
      sheetId: s.id,
      model: `${s.provider} ${s.model}`,
      priceMultiplier: f.priceMultiplier.value,
      speedMultiplierUpTo: f.speedMultiplierUpTo?.value ?? null,
      source: origin.kind === "catalog" ? (origin.sources[0] ?? null) : null,
    };
  });
}

export interface ModesOptions extends BatchOptions {
  /** The fast mode's price multiple; default 6 (the lecture's "6x the price"). */
  priceMultiple?: Given;
  /** The standard mode's batch; default the exact optimal batch, rounded up (capped at what fits). */
  standardBatch?: Given;
}

export interface ModePoint {
  batch: number;
  stepSeconds: number;
  tokensPerSecondPerSequence: number;
  usdPerMillionTokens: number;
  bound: "compute" | "memory";
  fits: boolean;
  /** The same batch at the expected step time (the efficiency model: not a bound). */
  expectedStepSeconds: number;
  expectedTokensPerSecondPerSequence: number;
  expectedUsdPerMillionTokens: number;
}

export interface ModeSummary {
  batch: number;
  usdPerMillionTokens: number;
  tokensPerSecondPerSequence: number;
  priceRatio: number;
  speedRatio: number;
}

export interface ModesResult {
  model: { id: string; name: string };
  hardware: { id: string; name: string };
  chips: number;
  contextTokens: number;
  frontier: ModePoint[];
  standard: ModeSummary;
  /** The batch at which the price is `priceMultiple` × standard; null if even batch 1 is cheaper. */
  fast: ModeSummary | null;
  priceMultiple: number;
  latencyFloor: ModeSummary;
  slow: ModeSummary & { savings: number };
  /** Published fast modes to compare with. */
  providerFastModes: ProviderFastMode[];
  derivations: Record<string, Derivation>;
  warnings: Warning[];
}

function at(setup: RooflineSetup, batch: number, reason: string): StepResult {
  return stepFromSetup({ ...setup, params: { ...setup.params, batch: constant(batch, reason) } });
}

export function analyzeModes(o: ModesOptions): ModesResult {
  const setup = prepareRoofline(o, MODES_INPUTS);
  if (!setup.priced) {
    throw new RooflineError({ code: "missing-value", field: named(o, "usdPerChipHour"), input: "usdPerChipHour", expected: `a rental price per chip-hour for ${setup.hardware.id}`, hint: "The catalog has no dated quote for this chip.", fixes: [{ kind: "give", input: "usdPerChipHour", what: "USD per chip-hour" }] });
  }
  const batchResult = analyzeBatch(o);
  const warnings: Warning[] = [...batchResult.warnings];
  const maxFit = Math.max(1, batchResult.maxBatch);
  const multiple = resolveNumber(MODES_INPUTS, "priceMultiple", o.priceMultiple, named(o, "priceMultiple"));
  const stdBatch =
    o.standardBatch !== undefined
      ? resolveNumber(MODES_INPUTS, "standardBatch", o.standardBatch, named(o, "standardBatch")).value
      : Math.min(Math.ceil(batchResult.optimalBatch ?? batchResult.closedFormOptimalBatch), maxFit);
  const std = at(setup, stdBatch, "the standard mode's batch");
  const cost = setup.kernel(["batch"], ["usdPerMillionTokens"]);
  const derivations: Record<string, Derivation> = {};
  const stdCost = std.derivations["usdPerMillionTokens"] as Derivation;
  const stdSpeed = std.derivations["tokensPerSecondPerSequence"] as Derivation;
  // Modes are priced against each other: at a $0 chip-hour every mode is free and no price ratio exists (0 ÷ 0).
  if (!(stdCost.value > 0)) {
    throw new RooflineError({ code: "out-of-range", field: named(o, "usdPerChipHour"), value: "0", expected: "a chip-hour price above 0: fast and slow modes are priced as multiples of the standard price, and at $0 every mode is free" });
  }
  derivations["standardUsdPerMillionTokens"] = copyDerivation(stdCost, { name: "standardUsdPerMillionTokens", title: `Standard mode: cost per million tokens at batch ${stdBatch}` });
  derivations["standardTokensPerSecondPerSequence"] = copyDerivation(stdSpeed, { name: "standardTokensPerSecondPerSequence", title: `Standard mode: speed per sequence at batch ${stdBatch}` });

  const summary = (s: StepResult, label: string): ModeSummary => {
    const c = s.derivations["usdPerMillionTokens"] as Derivation;
    const v = s.derivations["tokensPerSecondPerSequence"] as Derivation;
    const pr = modeRatio.explain({ modeValue: derived(c), standardValue: derived(stdCost) }, { name: `${label}.priceRatio`, title: `${label}: price ÷ standard price` });
    const sr = modeRatio.explain({ modeValue: derived(v), standardValue: derived(stdSpeed) }, { name: `${label}.speedRatio`, title: `${label}: speed ÷ standard speed` });
    derivations[`${label}.priceRatio`] = pr;
    derivations[`${label}.speedRatio`] = sr;
    return { batch: s.batch, usdPerMillionTokens: c.value, tokensPerSecondPerSequence: v.value, priceRatio: pr.value, speedRatio: sr.value };
  };
  const standard: ModeSummary = { batch: stdBatch, usdPerMillionTokens: stdCost.value, tokensPerSecondPerSequence: stdSpeed.value, priceRatio: 1, speedRatio: 1 };

  // Latency floor: batch 1.
  const one = at(setup, 1, "a batch of one: the latency floor");
  const latencyFloor = summary(one, "latencyFloor");
  derivations["latencyFloor.speedRatio"] = withNotes(derivations["latencyFloor.speedRatio"] as Derivation, "No price buys more speed than this: every step still reads the weights the token needs (the lecture: the floor is the HBM read time).");

  // Fast mode: the batch whose price is `multiple` × standard.
  let fast: ModeSummary | null = null;
  const target = multiple.value * stdCost.value;
  if (cost(1) >= target) {
    const b = bisectLog((x) => cost(x) - target, 1, stdBatch) ?? 1;
    const s = at(setup, b, `the batch whose price is ${multiple.value}× the standard`);
    fast = summary(s, "fast");
    derivations["fastBatch"] = solvedDerivation({
      formulaId: "modes.fastBatch",
      name: "fastBatch",
      title: `Fast-mode batch (price ${formatSignificant(multiple.value, 3)}× standard)`,
      description: "The batch at which the cost per token is the given multiple of the standard mode's.",
      symbol: "B_fast",
      unit: "sequence",
      equation: { text: "c(B_fast) = m · c(B_std)", latex: "c(B_{\\text{fast}}) = m \\cdot c(B_{\\text{std}})" },
      value: b,
      sides: [
        { label: "cost per million tokens at the fast batch", derivation: s.derivations["usdPerMillionTokens"] as Derivation },
        { label: "cost per million tokens at the standard batch", derivation: stdCost },
      ],
      sources: [lectureAt("01:02", "for 6x the price … 2.5x the speed")],
      notes: [`The lecture quotes 2.5× the speed for 6× the price; here ${formatSignificant(multiple.value, 3)}× the price buys ${formatSignificant(fast.speedRatio, 3)}× the speed.`],
    });
  } else {
    warnings.push({ code: "fast-mode-beyond-floor", message: `Even a batch of 1 costs only ${formatSignificant(latencyFloor.priceRatio, 3)}× the standard price: ${formatSignificant(multiple.value, 3)}× buys no more than the latency floor.` });
  }

  // Slow mode: the largest batch that fits.
  const slowBatch = Math.max(stdBatch, Math.min(maxFit, LIMITS.maxBatch));
  const slowStep = at(setup, slowBatch, "the largest batch that fits: a slow mode");
  const slowSummary = summary(slowStep, "slow");
  const savings = slowModeSavings.explain({ slowUsdPerMillionTokens: derived(slowStep.derivations["usdPerMillionTokens"] as Derivation), standardUsdPerMillionTokens: derived(stdCost) });
  derivations["slowModeSavings"] = withNotes(savings, "Past the optimal batch the cost per token sits on the compute (or KV) floor, which no batch amortises.");

  const grid = logGrid(1, Math.max(16, slowBatch), 12).filter((b) => b <= Math.max(slowBatch, stdBatch));
  const expected = curve(setup, "batch", grid, "expected");
  const frontier: ModePoint[] = curve(setup, "batch", grid).map((p, i) => ({
    batch: p.x,
    stepSeconds: p.stepSeconds,
    tokensPerSecondPerSequence: p.tokensPerSecondPerSequence,
    usdPerMillionTokens: p.usdPerMillionTokens as number,
    bound: p.bound,
    fits: p.fits,
    expectedStepSeconds: (expected[i] as CurvePoint).stepSeconds,
    expectedTokensPerSecondPerSequence: (expected[i] as CurvePoint).tokensPerSecondPerSequence,
    expectedUsdPerMillionTokens: (expected[i] as CurvePoint).usdPerMillionTokens as number,
  }));
  const q = setup.params["chips"] as Quantity;
  return {
    model: { id: setup.model.id, name: setup.model.name },
    hardware: { id: setup.hardware.id, name: setup.hardware.name },
    chips: q.value,
    contextTokens: (setup.params["contextTokens"] as Quantity).value,
    frontier,
    standard,
    fast,
    priceMultiple: multiple.value,
    latencyFloor,
    slow: { ...slowSummary, savings: savings.value },
    providerFastModes: providerFastModes(),
    derivations,
    warnings,
  };
}
