/**
 * Speculative decoding / multi-token prediction for LLM decode: the speedup from draft length,
 * acceptance rate and draft cost, and how it shrinks with concurrency as decode becomes compute-bound.
 *
 * The target's decode step (batch B, one token per sequence) and its verify pass (batch B, k + 1
 * tokens per sequence, after the same context) are two rooflines from `prepareRoofline`; the speedup
 * formulas of ./formulas.ts combine them. The crib sheet's EAGLE figures are fitted for the
 * acceptance rate they imply, and the unbatched decode ceilings (48 tok/s on an H100, ≈2.4× that on a
 * B200) come from the same roofline.
 */
import { getHardware, type HardwareSpec } from "../catalog/hardware.ts";
import { RooflineError, type Warning } from "../errors.ts";
import { renamed, withNotes, type Derivation } from "../formula/derivation.ts";
import { constant, derived, type Quantity } from "../formula/formula.ts";
import { formatSignificant } from "../format.ts";
import type { ModelSpec } from "../model/model.ts";
import type { ComputePrecision, Precision } from "../precision.ts";
import { prepareRoofline, stepFromSetup, type RooflineOptions, type RooflineSetup } from "../roofline/step.ts";
import { bisectLog, logGrid, solvedDerivation } from "../roofline/sweep.ts";
import { cribSheet, type SourceRef } from "../sources.ts";
import { checkGiven, LIMITS, type Given } from "../validate.ts";
import * as F from "./formulas.ts";
import { SPECDEC_INPUTS } from "./inputs.ts";
import { resolveNumber } from "../inputs/define.ts";
import { efficiencyAccuracy, stepSecondsOutput, type EfficiencyMode } from "../efficiency/mode.ts";

import { cribSheetLlm } from "../seeds/crib-model.ts";
export { CRIB_LLM_FILE, cribSheetLlm } from "../seeds/crib-model.ts";

export interface MeasuredSpeedup {
  concurrency: number;
  speedup: number;
  source: SourceRef;
}

/** The crib sheet's EAGLE 3.1 figures. */
export const EAGLE_CRIB_SPEEDUPS: readonly MeasuredSpeedup[] = [
  { concurrency: 1, speedup: 2.0, source: cribSheet("EAGLE 3.1: 2.0× at concurrency 1") },
  { concurrency: 4, speedup: 1.7, source: cribSheet("EAGLE 3.1: 1.7× at concurrency 4") },
  { concurrency: 16, speedup: 1.66, source: cribSheet("EAGLE 3.1: 1.66× at concurrency 16") },
];

export const DEFAULT_DRAFT_TOKENS = SPECDEC_INPUTS.get("draftTokens").default as number;
export const DEFAULT_DRAFT_COST_RATIO = SPECDEC_INPUTS.get("draftCostRatio").default as number;
export const DEFAULT_SPECDEC_CONTEXT = SPECDEC_INPUTS.get("contextTokens").default as number;
/** Acceptance rates are fitted and checked on [0, MAX_ACCEPTANCE]: at α → 1 the closed form is 0/0. */
export const MAX_ACCEPTANCE = SPECDEC_INPUTS.get("acceptanceRate").max as number;

export interface SpecDecOptions {
  /** Target model; default the crib sheet's 70B FP8. */
  model?: ModelSpec;
  /** Default H100 SXM. */
  hardware?: HardwareSpec;
  /** The chip whose unbatched decode ceiling is compared; default B200. */
  compareHardware?: HardwareSpec;
  chips?: Given;
  /** Tokens of context per sequence; default 2,048. */
  contextTokens?: Given;
  /** Concurrent sequences at the explained point; default 1. */
  concurrency?: Given;
  weightPrecision?: Precision;
  kvPrecision?: Precision;
  computePrecision?: ComputePrecision;
  computeEfficiency?: Given;
  bandwidthEfficiency?: Given;
  /** Tokens drafted per iteration (k), whole, 1–64; default 3. */
  draftTokens?: Given;
  /** Per-token acceptance α in [0, 0.999]; default the value fitted to `measured`. */
  acceptanceRate?: Given;
  /** One draft step ÷ one target decode step, ≥ 0; default 0.03 (an EAGLE head: one layer plus the LM head of a 70B). */
  draftCostRatio?: Given;
  /** Measured speedups to fit; default the crib sheet's EAGLE figures. */
  measured?: readonly MeasuredSpeedup[];
  /** Concurrencies to tabulate; default 1 … 4,096. */
  concurrencies?: readonly number[];
  names?: Partial<Record<keyof SpecDecOptions, string>>;
}

export interface SpecDecPoint {
  concurrency: number;
  targetStepSeconds: number;
  verifyStepSeconds: number;
  verifyBound: "compute" | "memory";
  /** Whether the weights and every sequence's KV fit in the chips' HBM at this concurrency. */
  fits: boolean;
  speedup: number;
  baselineTokensPerSecondPerSequence: number;
  speculativeTokensPerSecondPerSequence: number;
  /** The same at the expected step times (the efficiency model), not a bound. */
  expectedTargetStepSeconds: number;
  expectedVerifyStepSeconds: number;
  expectedSpeedup: number;
  expectedBaselineTokensPerSecondPerSequence: number;
  expectedSpeculativeTokensPerSecondPerSequence: number;
}

export interface FitPoint {
  concurrency: number;
  measured: number;
  /** The acceptance rate at which the model gives exactly the measured speedup (null if none in [0, 0.999] does). */
  impliedAcceptanceRate: number | null;
  /** The model's speedup at the fitted acceptance rate. */
  fitted: number;
  residual: number;
}

export interface SpecDecResult {
  model: { id: string; name: string };
  hardware: { id: string; name: string };
  chips: number;
  contextTokens: number;
  concurrency: number;
  draftTokens: number;
  draftCostRatio: number;
  acceptanceRate: number;
  acceptanceFromFit: boolean;
  expectedTokensPerIteration: number;
  targetStepSeconds: number;
  verifyStepSeconds: number;
  iterationSeconds: number;
  speedup: number;
  /** The most any draft of length k can give: k + 1. */
  speedupBound: number;
  /**
   * The explained point at the expected step times (the efficiency model's target step and verify
   * pass, same acceptance rate and draft cost): not a bound. Tokens/s are per sequence.
   */
  expected: {
    targetStepSeconds: number;
    verifyStepSeconds: number;
    iterationSeconds: number;
    speedup: number;
    baselineTokensPerSecondPerSequence: number;
    speculativeTokensPerSecondPerSequence: number;
    accuracy: string;
  };
  curve: SpecDecPoint[];
  /** The concurrency at which speculation stops paying (speedup falls to 1); null if it never does up to 10⁷. */
  crossoverConcurrency: number | null;
  /** The same at the expected step times; null if it never falls to 1 up to 10⁷. */
  expectedCrossoverConcurrency: number | null;
  /** The least-squares fit to the measured speedups; null when none were given. */
  fit: { acceptanceRate: number; rmse: number; points: FitPoint[] } | null;
  unbatched: {
    tokensPerSecond: number;
    compare: { hardware: { id: string; name: string }; tokensPerSecond: number; ratio: number };
  };
  derivations: Record<string, Derivation>;
  warnings: Warning[];
  notes: string[];
}

function name(o: SpecDecOptions, key: keyof SpecDecOptions): string {
  return o.names?.[key] ?? key;
}

function stepOptions(o: SpecDecOptions, model: ModelSpec, hardware: HardwareSpec, contextTokens: Quantity): RooflineOptions {
  const r: RooflineOptions = {
    model,
    hardware,
    contextTokens,
    names: {
      chips: name(o, "chips"),
      contextTokens: name(o, "contextTokens"),
      batch: name(o, "concurrency"),
      computeEfficiency: name(o, "computeEfficiency"),
      bandwidthEfficiency: name(o, "bandwidthEfficiency"),
      weightPrecision: name(o, "weightPrecision"),
      kvPrecision: name(o, "kvPrecision"),
    },
  };
  if (o.chips !== undefined) r.chips = o.chips;
  if (o.weightPrecision) r.weightPrecision = o.weightPrecision;
  if (o.kvPrecision) r.kvPrecision = o.kvPrecision;
  if (o.computePrecision) r.computePrecision = o.computePrecision;
  if (o.computeEfficiency !== undefined) r.computeEfficiency = o.computeEfficiency;
  if (o.bandwidthEfficiency !== undefined) r.bandwidthEfficiency = o.bandwidthEfficiency;
  return r;
}

/** Speedup as a function of (α, B), on the compiled roofline kernels. */
export interface SpeedupModel {
  targetSeconds(concurrency: number): number;
  verifySeconds(concurrency: number): number;
  speedup(acceptanceRate: number, concurrency: number): number;
}

export function speedupModel(target: RooflineSetup, verify: RooflineSetup, draftTokens: number, draftCostRatio: number, mode: EfficiencyMode = "ideal"): SpeedupModel {
  const kt = target.kernel(["batch"], [stepSecondsOutput(mode)]);
  const kv = verify.kernel(["batch"], [stepSecondsOutput(mode)]);
  return {
    targetSeconds: (b) => kt(b),
    verifySeconds: (b) => kv(b),
    speedup(alpha, b) {
      const tt = kt(b);
      const iter = F.iterationSeconds.fn(F.draftSeconds.fn(draftTokens, draftCostRatio, tt), kv(b));
      return F.speculativeSpeedup.fn(F.expectedTokensPerIteration.fn(alpha, draftTokens), tt, iter);
    },
  };
}

/** The α in [0, MAX_ACCEPTANCE] at which f(α) = target, f increasing; null if out of reach. */
function solveIncreasing(f: (a: number) => number, target: number): number | null {
  let lo = 0;
  let hi = MAX_ACCEPTANCE;
  if (f(lo) > target || f(hi) < target) return null;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Least-squares acceptance rate: a grid then golden-section refinement around the best cell. */
function fitAcceptance(m: SpeedupModel, points: readonly MeasuredSpeedup[]): number {
  const sse = (a: number) => points.reduce((s, p) => s + (m.speedup(a, p.concurrency) - p.speedup) ** 2, 0);
  const n = 1000;
  let best = 0;
  let bestErr = Infinity;
  for (let i = 0; i <= n; i++) {
    const a = (MAX_ACCEPTANCE * i) / n;
    const e = sse(a);
    if (e < bestErr) {
      bestErr = e;
      best = a;
    }
  }
  let lo = Math.max(0, best - MAX_ACCEPTANCE / n);
  let hi = Math.min(MAX_ACCEPTANCE, best + MAX_ACCEPTANCE / n);
  const g = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 80; i++) {
    const x1 = hi - g * (hi - lo);
    const x2 = lo + g * (hi - lo);
    if (sse(x1) < sse(x2)) hi = x2;
    else lo = x1;
  }
  return (lo + hi) / 2;
}

/**
 * The unbatched decode ceiling: tokens per second one sequence gets at batch 1 with no KV to read —
 * one full weight read per token (the crib sheet's "48 tok/s unbatched" for 70 GB at 3.35 TB/s).
 */
export function unbatchedDecodeCeiling(options: RooflineOptions, name = "unbatchedTokensPerSecond"): Derivation {
  const step = stepFromSetup(
    prepareRoofline({
      ...options,
      phase: "decode",
      batch: constant(1, "unbatched"),
      contextTokens: constant(0, "the crib sheet's unbatched figure: one full weight read per token, no KV"),
    }),
  );
  return renamed(step.derivations["tokensPerSecondPerSequence"] as Derivation, name, `Unbatched decode ceiling on ${options.hardware.name}`);
}

export function analyzeSpecDec(o: SpecDecOptions = {}): SpecDecResult {
  const model = o.model ?? cribSheetLlm();
  // Ranges and defaults: SPECDEC_INPUTS (the CLI's flags and the page's controls come from it too).
  const T = SPECDEC_INPUTS;
  const hardware = o.hardware ?? getHardware(T.get("hardware").default as string, name(o, "hardware"));
  const compareHardware = o.compareHardware ?? getHardware(T.get("compareHardware").default as string, name(o, "compareHardware"));
  const draftTokens = resolveNumber(T, "draftTokens", o.draftTokens, name(o, "draftTokens"));
  const draftCostRatio = resolveNumber(T, "draftCostRatio", o.draftCostRatio, name(o, "draftCostRatio"));
  const contextTokens = resolveNumber(T, "contextTokens", o.contextTokens, name(o, "contextTokens"));
  const concurrency = resolveNumber(T, "concurrency", o.concurrency, name(o, "concurrency"));
  const measured = o.measured ?? EAGLE_CRIB_SPEEDUPS;
  for (const p of measured) {
    checkGiven(p.concurrency, `${name(o, "measured")}: concurrency`, { what: "concurrent sequences", integer: true, min: 1, max: LIMITS.maxBatch });
    checkGiven(p.speedup, `${name(o, "measured")}: speedup`, { what: "measured speedup", above: 0, max: 1e3 });
  }

  const base = stepOptions(o, model, hardware, contextTokens);
  const target = prepareRoofline({ ...base, phase: "decode", batch: concurrency });
  const verify = prepareRoofline({
    ...base,
    phase: "prefill",
    batch: concurrency,
    promptTokens: constant(draftTokens.value + 1, `k + 1 = ${draftTokens.value + 1}: the drafted tokens plus the target's own next token, verified in one pass`),
  });
  const m = speedupModel(target, verify, draftTokens.value, draftCostRatio.value);
  const mx = speedupModel(target, verify, draftTokens.value, draftCostRatio.value, "expected");
  const warnings: Warning[] = [];
  const notes: string[] = [];

  // --- fit the measured speedups ------------------------------------------------------------------
  const fitted = measured.length > 0 ? fitAcceptance(m, measured) : null;
  const fitPoints: FitPoint[] = measured.map((p) => {
    const implied = solveIncreasing((a) => m.speedup(a, p.concurrency), p.speedup);
    const f = m.speedup(fitted ?? 0, p.concurrency);
    return { concurrency: p.concurrency, measured: p.speedup, impliedAcceptanceRate: implied, fitted: f, residual: f - p.speedup };
  });
  const rmse = fitPoints.length ? Math.sqrt(fitPoints.reduce((s, p) => s + p.residual ** 2, 0) / fitPoints.length) : 0;

  let acceptance: Quantity;
  let acceptanceFromFit = false;
  if (o.acceptanceRate !== undefined) {
    acceptance = resolveNumber(T, "acceptanceRate", o.acceptanceRate, name(o, "acceptanceRate"));
  } else if (fitted !== null) {
    acceptance = { value: fitted, origin: { kind: "derived", formulaId: "specdec.fittedAcceptanceRate", name: "fittedAcceptanceRate" } };
    acceptanceFromFit = true;
  } else {
    throw new RooflineError({ code: "missing-value", field: name(o, "acceptanceRate"), expected: "an acceptance rate in [0, 0.999], or measured speedups to fit one from" });
  }

  // --- the explained point --------------------------------------------------------------------------
  const targetStep = stepFromSetup(target);
  const verifyStep = stepFromSetup(verify);
  warnings.push(...targetStep.warnings);
  for (const w of verifyStep.warnings) if (!warnings.some((x) => x.code === w.code)) warnings.push(w);
  const targetD = renamed(targetStep.derivations["stepSeconds"] as Derivation, "targetStepSeconds", "Target decode step (1 token per sequence)");
  const verifyD = renamed(verifyStep.derivations["stepSeconds"] as Derivation, "verifyStepSeconds", `Verify pass (${draftTokens.value + 1} tokens per sequence)`);
  const expected = F.expectedTokensPerIteration.explain({ acceptanceRate: acceptance, draftTokens }, { name: "expectedTokensPerIteration" });
  const draft = F.draftSeconds.explain({ draftTokens, draftCostRatio, targetStepSeconds: derived(targetD) });
  const iter = F.iterationSeconds.explain({ draftSeconds: derived(draft), verifySeconds: derived(verifyD) });
  const speedup = F.speculativeSpeedup.explain({ expectedTokens: derived(expected), targetStepSeconds: derived(targetD), iterationSeconds: derived(iter) });

  // The same point at the expected step times: the same formulas over the efficiency model's steps.
  const xTargetD = renamed(targetStep.derivations["expectedStepSeconds"] as Derivation, "expectedTargetStepSeconds", "Target decode step, expected");
  const xVerifyD = renamed(verifyStep.derivations["expectedStepSeconds"] as Derivation, "expectedVerifyStepSeconds", `Verify pass (${draftTokens.value + 1} tokens per sequence), expected`);
  const xDraft = F.draftSeconds.explain({ draftTokens, draftCostRatio, targetStepSeconds: derived(xTargetD) }, { name: "expectedDraftSeconds", title: "Draft time per iteration, expected" });
  const xIter = F.iterationSeconds.explain({ draftSeconds: derived(xDraft), verifySeconds: derived(xVerifyD) }, { name: "expectedIterationSeconds", title: "Time per iteration, expected" });
  const xSpeedup = F.speculativeSpeedup.explain({ expectedTokens: derived(expected), targetStepSeconds: derived(xTargetD), iterationSeconds: derived(xIter) }, { name: "expectedSpeedup", title: "Speculative speedup at the expected step times" });

  const derivations: Record<string, Derivation> = {
    targetStepSeconds: targetD,
    verifyStepSeconds: verifyD,
    expectedTokensPerIteration: expected,
    draftSeconds: draft,
    iterationSeconds: iter,
    speedup: withNotes(speedup, `Never above k + 1 = ${draftTokens.value + 1}: at most k + 1 tokens per iteration, and an iteration takes at least one target step.`),
    expectedTargetStepSeconds: xTargetD,
    expectedVerifyStepSeconds: xVerifyD,
    expectedDraftSeconds: xDraft,
    expectedIterationSeconds: xIter,
    expectedSpeedup: xSpeedup,
  };

  // --- fitted acceptance and crossover, as solved derivations -------------------------------------
  const explainAt = (alpha: number, b: number, label: string, mode: EfficiencyMode = "ideal"): Derivation => {
    const t = prepareRoofline({ ...base, phase: "decode", batch: constant(b, label) });
    const v = prepareRoofline({ ...base, phase: "prefill", batch: constant(b, label), promptTokens: constant(draftTokens.value + 1, "k + 1 tokens verified per sequence") });
    const out = stepSecondsOutput(mode);
    const td = renamed(t.graph.explain(t.params, [out])[out] as Derivation, "targetStepSeconds", mode === "ideal" ? "Target decode step" : "Target decode step, expected");
    const vd = renamed(v.graph.explain(v.params, [out])[out] as Derivation, "verifyStepSeconds", mode === "ideal" ? "Verify pass" : "Verify pass, expected");
    const e = F.expectedTokensPerIteration.explain({ acceptanceRate: constant(alpha, "the solved acceptance rate"), draftTokens });
    const d = F.draftSeconds.explain({ draftTokens, draftCostRatio, targetStepSeconds: derived(td) });
    const it = F.iterationSeconds.explain({ draftSeconds: derived(d), verifySeconds: derived(vd) });
    return F.speculativeSpeedup.explain({ expectedTokens: derived(e), targetStepSeconds: derived(td), iterationSeconds: derived(it) }, { name: `speedup@${b}`, title: `Speedup at concurrency ${b}` });
  };
  if (fitted !== null) {
    derivations["fittedAcceptanceRate"] = solvedDerivation({
      formulaId: "specdec.fittedAcceptanceRate",
      name: "fittedAcceptanceRate",
      title: "Acceptance rate implied by the measured speedups (least squares)",
      description: "The one acceptance rate whose modelled speedups at the measured concurrencies are closest, in squared error, to the measurements.",
      symbol: "α̂",
      unit: "1",
      equation: { text: "α̂ = argmin_α Σ_i (S(α; B_i) − S_i)²", latex: "\\hat\\alpha = \\arg\\min_{\\alpha} \\sum_i \\left(S(\\alpha; B_i) - S_i\\right)^2" },
      value: fitted,
      sides: measured.map((p) => ({ label: `modelled speedup at concurrency ${p.concurrency} (measured ${formatSignificant(p.speedup, 3)}×)`, derivation: explainAt(fitted, p.concurrency, `measured concurrency ${p.concurrency}`) })),
      sources: [...new Set(measured.map((p) => p.source))],
      assumptions: [`draft length k = ${draftTokens.value} and draft cost c = ${formatSignificant(draftCostRatio.value, 3)} are held fixed; only α is fitted`],
      notes: fitPoints.map(
        (p) =>
          `concurrency ${p.concurrency}: measured ${formatSignificant(p.measured, 3)}×, modelled ${formatSignificant(p.fitted, 3)}× (residual ${p.residual >= 0 ? "+" : ""}${formatSignificant(p.residual, 2)}); the acceptance rate this point alone implies is ${p.impliedAcceptanceRate === null ? "out of reach" : formatSignificant(p.impliedAcceptanceRate, 3)}`,
      ),
    });
  }
  const unreachable = fitPoints.filter((p) => p.impliedAcceptanceRate === null);
  if (unreachable.length > 0) {
    notes.push(
      `No acceptance rate in [0, ${MAX_ACCEPTANCE}] reproduces the measured ${unreachable.map((p) => `${formatSignificant(p.measured, 3)}× at concurrency ${p.concurrency}`).join(", ")} with k = ${draftTokens.value} and c = ${formatSignificant(draftCostRatio.value, 3)} on this model and system: even α = ${MAX_ACCEPTANCE} falls short (the speedup is capped by k + 1 = ${draftTokens.value + 1} and by what verification costs), so the fit there is a bound, not an estimate.`,
    );
  }
  const falling = fitPoints.filter((p) => p.impliedAcceptanceRate !== null);
  if (falling.length >= 2) {
    const first = falling[0] as FitPoint;
    const last = falling[falling.length - 1] as FitPoint;
    const vFirst = m.verifySeconds(first.concurrency) / m.targetSeconds(first.concurrency);
    const vLast = m.verifySeconds(last.concurrency) / m.targetSeconds(last.concurrency);
    notes.push(
      `The roofline makes verifying ${draftTokens.value + 1} tokens cost ${formatSignificant(vFirst, 3)}× a decode step at concurrency ${first.concurrency} and ${formatSignificant(vLast, 3)}× at ${last.concurrency}: decode is still memory-bound there, so the measured fall from ${formatSignificant(first.measured, 3)}× to ${formatSignificant(last.measured, 3)}× reads as a falling effective acceptance rate (${formatSignificant(first.impliedAcceptanceRate as number, 3)} → ${formatSignificant(last.impliedAcceptanceRate as number, 3)}): draft and tree overheads the roofline does not model. Profile the crossover.`,
    );
  }

  const g = (b: number) => m.speedup(acceptance.value, b) - 1;
  const crossover = g(1) <= 0 ? 1 : bisectLog(g, 1, LIMITS.maxBatch);
  if (crossover !== null) {
    const at = Math.ceil(crossover);
    derivations["crossoverConcurrency"] = solvedDerivation({
      formulaId: "specdec.crossoverConcurrency",
      name: "crossoverConcurrency",
      title: "Concurrency where speculation stops paying",
      description: "The concurrency at which the speedup falls to 1: verifying k + 1 tokens per sequence has become compute-bound and costs as much as the tokens it yields.",
      symbol: "B_×",
      unit: "sequence",
      equation: { text: "S(α; B_×) = 1", latex: "S(\\alpha; B_{\\times}) = 1" },
      value: crossover,
      sides: [{ label: `speedup at concurrency ${at}`, derivation: explainAt(acceptance.value, at, "the crossover, rounded up") }],
      sources: [cribSheet("EAGLE 3.1 — spec decode survives moderate batch now; profile the crossover")],
      assumptions: ["the roofline's ideal step times at the given efficiencies; memory capacity is not checked along the way"],
    });
  }

  // The same crossover at the expected step times (verification stops being free sooner: thin matmuls).
  const gx = (b: number) => mx.speedup(acceptance.value, b) - 1;
  const expectedCrossover = gx(1) <= 0 ? 1 : bisectLog(gx, 1, LIMITS.maxBatch);
  if (expectedCrossover !== null) {
    const at = Math.ceil(expectedCrossover);
    derivations["expectedCrossoverConcurrency"] = solvedDerivation({
      formulaId: "specdec.crossoverConcurrency",
      name: "expectedCrossoverConcurrency",
      title: "Concurrency where speculation stops paying, expected",
      description: "The concurrency at which the speedup at the expected step times (the efficiency model's decode step and verify pass) falls to 1.",
      symbol: "B_×,exp",
      unit: "sequence",
      equation: { text: "S_exp(α; B_×) = 1", latex: "S_{\\text{exp}}(\\alpha; B_{\\times}) = 1" },
      value: expectedCrossover,
      sides: [{ label: `expected speedup at concurrency ${at}`, derivation: explainAt(acceptance.value, at, "the crossover, rounded up", "expected") }],
      sources: [cribSheet("EAGLE 3.1 — spec decode survives moderate batch now; profile the crossover")],
      assumptions: ["the efficiency model's expected step times (not a bound); memory capacity is not checked along the way"],
    });
  }

  // --- the curve ------------------------------------------------------------------------------------
  const grid = o.concurrencies ?? [...new Set([...logGrid(1, 4096, 3), 4, 16])].sort((a, b) => a - b);
  const vk = verify.kernel(["batch"], ["computeSeconds", "memorySeconds", "footprintBytes", "capacityBytes"]);
  const out = new Float64Array(4);
  const curve: SpecDecPoint[] = grid.map((b) => {
    const tt = m.targetSeconds(b);
    const tv = m.verifySeconds(b);
    const s = m.speedup(acceptance.value, b);
    vk(b, out);
    const xt = mx.targetSeconds(b);
    const xs = mx.speedup(acceptance.value, b);
    return {
      concurrency: b,
      targetStepSeconds: tt,
      verifyStepSeconds: tv,
      verifyBound: (out[0] as number) >= (out[1] as number) ? "compute" : "memory",
      fits: (out[2] as number) <= (out[3] as number),
      speedup: s,
      baselineTokensPerSecondPerSequence: 1 / tt,
      speculativeTokensPerSecondPerSequence: s / tt,
      expectedTargetStepSeconds: xt,
      expectedVerifyStepSeconds: mx.verifySeconds(b),
      expectedSpeedup: xs,
      expectedBaselineTokensPerSecondPerSequence: 1 / xt,
      expectedSpeculativeTokensPerSecondPerSequence: xs / xt,
    };
  });

  // --- unbatched decode ceilings -------------------------------------------------------------------
  const ceilD = unbatchedDecodeCeiling(stepOptions(o, model, hardware, constant(0, "unused")), "unbatchedTokensPerSecond");
  const ceilCompareD = unbatchedDecodeCeiling(stepOptions(o, model, compareHardware, constant(0, "unused")), "compareUnbatchedTokensPerSecond");
  const ratioD = F.decodeCeilingRatio.explain({ tokensPerSecond: derived(ceilCompareD), baselineTokensPerSecond: derived(ceilD) });
  derivations["unbatchedTokensPerSecond"] = ceilD;
  derivations["compareUnbatchedTokensPerSecond"] = ceilCompareD;
  derivations["decodeCeilingRatio"] = ratioD;

  return {
    model: { id: model.id, name: model.name },
    hardware: { id: hardware.id, name: hardware.name },
    chips: targetStep.chips,
    contextTokens: contextTokens.value,
    concurrency: concurrency.value,
    draftTokens: draftTokens.value,
    draftCostRatio: draftCostRatio.value,
    acceptanceRate: acceptance.value,
    acceptanceFromFit,
    expectedTokensPerIteration: expected.value,
    targetStepSeconds: targetD.value,
    verifyStepSeconds: verifyD.value,
    iterationSeconds: iter.value,
    speedup: speedup.value,
    speedupBound: draftTokens.value + 1,
    expected: {
      targetStepSeconds: xTargetD.value,
      verifyStepSeconds: xVerifyD.value,
      iterationSeconds: xIter.value,
      speedup: xSpeedup.value,
      baselineTokensPerSecondPerSequence: 1 / xTargetD.value,
      speculativeTokensPerSecondPerSequence: xSpeedup.value / xTargetD.value,
      accuracy: efficiencyAccuracy(),
    },
    curve,
    crossoverConcurrency: crossover,
    expectedCrossoverConcurrency: expectedCrossover,
    fit: fitted === null ? null : { acceptanceRate: fitted, rmse, points: fitPoints },
    unbatched: {
      tokensPerSecond: ceilD.value,
      compare: { hardware: { id: compareHardware.id, name: compareHardware.name }, tokensPerSecond: ceilCompareD.value, ratio: ratioD.value },
    },
    derivations,
    warnings,
    notes,
  };
}
