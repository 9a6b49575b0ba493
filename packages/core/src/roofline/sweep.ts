/**
 * Curves and roots over one varying parameter, on the compiled kernel of a RooflineSetup.
 */
import type { Derivation } from "../formula/derivation.ts";
import { derived, type Quantity } from "../formula/formula.ts";
import { describeOrigin, type SourceRef } from "../sources.ts";
import { formatQuantity } from "../format.ts";
import type { UnitId } from "../units.ts";
import type { RooflineSetup } from "./step.ts";
import type { EfficiencyMode } from "../efficiency/mode.ts";

/** The per-point outputs of a curve. */
export const CURVE_OUTPUTS = ["computeSeconds", "weightReadSeconds", "kvReadSeconds", "memorySeconds", "stepSeconds", "tokensPerSecond", "tokensPerSecondPerSequence", "footprintBytes", "capacityBytes"] as const;
export type CurveOutput = (typeof CURVE_OUTPUTS)[number];

export type CurvePoint = Record<CurveOutput, number> & { x: number; usdPerMillionTokens: number | null; bound: "compute" | "memory"; fits: boolean };

/** Log-spaced values from `lo` to `hi` (inclusive), `perDecade` per factor of 10, rounded to whole numbers and deduplicated. */
export function logGrid(lo: number, hi: number, perDecade = 12, integer = true): number[] {
  const out: number[] = [];
  if (hi < lo) return out;
  const steps = Math.max(1, Math.ceil(Math.log10(hi / Math.max(lo, 1e-12)) * perDecade));
  for (let i = 0; i <= steps; i++) {
    const raw = lo * (hi / lo) ** (i / steps);
    const x = integer ? Math.round(raw) : raw;
    if (out.length === 0 || x !== out[out.length - 1]) out.push(x);
  }
  return out;
}

/** The step graph's expected node for each headline output of a curve (the terms have no expected twin). */
const EXPECTED_OUTPUT: Partial<Record<CurveOutput | "usdPerMillionTokens", string>> = {
  stepSeconds: "expectedStepSeconds",
  tokensPerSecond: "expectedTokensPerSecond",
  tokensPerSecondPerSequence: "expectedTokensPerSecondPerSequence",
  usdPerMillionTokens: "expectedUsdPerMillionTokens",
};

/**
 * Evaluates the roofline along `param` at each of `xs`; everything else as in the setup. With
 * `mode` "expected", the headline outputs (step time, tokens/s, $ per million tokens) are the step
 * graph's expected nodes (efficiency/expected.ts); the terms (compute, weight, KV, memory seconds)
 * stay the ideal roofline's, and `bound` is the ideal one.
 */
export function curve(setup: RooflineSetup, param: string, xs: readonly number[], mode: EfficiencyMode = "ideal"): CurvePoint[] {
  const pick = (name: CurveOutput | "usdPerMillionTokens") => (mode === "expected" ? (EXPECTED_OUTPUT[name] ?? name) : name);
  const outputs: string[] = CURVE_OUTPUTS.map(pick);
  if (setup.priced) outputs.push(pick("usdPerMillionTokens"));
  const kernel = setup.kernel([param], outputs);
  const out = new Float64Array(outputs.length);
  return xs.map((x) => {
    kernel(x, out);
    const p = { x } as CurvePoint;
    CURVE_OUTPUTS.forEach((name, i) => (p[name] = out[i] as number));
    p.usdPerMillionTokens = setup.priced ? (out[CURVE_OUTPUTS.length] as number) : null;
    p.bound = p.computeSeconds >= p.memorySeconds ? "compute" : "memory";
    p.fits = p.footprintBytes <= p.capacityBytes;
    return p;
  });
}

/**
 * The root of g(x) = f(x) − h(x) on [lo, hi] by bisection in log space, where g changes sign once.
 * Returns null when g does not change sign on the interval.
 */
export function bisectLog(g: (x: number) => number, lo: number, hi: number, iterations = 200): number | null {
  let a = lo;
  let b = hi;
  let ga = g(a);
  const gb = g(b);
  if (ga === 0) return a;
  if (gb === 0) return b;
  if (Math.sign(ga) === Math.sign(gb)) return null;
  for (let i = 0; i < iterations && b / a > 1 + 1e-12; i++) {
    const m = Math.sqrt(a * b);
    const gm = g(m);
    if (Math.sign(gm) === Math.sign(ga)) {
      a = m;
      ga = gm;
    } else b = m;
  }
  return Math.sqrt(a * b);
}

/**
 * A derivation for a number found by solving an equation (not by a closed formula): the equation,
 * both sides evaluated at the solution (with their derivations), and the solution.
 */
export function solvedDerivation(args: {
  formulaId: string;
  name: string;
  title: string;
  description: string;
  symbol: string;
  unit: UnitId;
  equation: { text: string; latex: string };
  value: number;
  sides: { label: string; derivation: Derivation }[];
  sources: SourceRef[];
  assumptions?: string[];
  notes?: string[];
}): Derivation {
  const inputs = args.sides.map((s) => {
    const q: Quantity = derived(s.derivation);
    return {
      name: s.derivation.name,
      symbol: s.derivation.symbol,
      latexSymbol: s.derivation.latexSymbol,
      description: `${s.label} at the solution`,
      unit: s.derivation.unit,
      value: q.value,
      display: s.derivation.display,
      origin: q.origin,
      originText: describeOrigin(q.origin),
    };
  });
  const display = formatQuantity(args.value, args.unit, 4);
  return {
    formulaId: args.formulaId,
    name: args.name,
    title: args.title,
    description: args.description,
    symbol: args.symbol,
    latexSymbol: args.symbol,
    unit: args.unit,
    formula: args.equation,
    inputs,
    substituted: {
      text: `solved numerically (bisection): at ${args.symbol} = ${display}, ${args.sides.map((s) => `${s.derivation.symbol} = ${s.derivation.display}`).join(", ")}`,
      latex: `${args.symbol} = ${display}`,
    },
    value: args.value,
    display,
    sources: args.sources,
    assumptions: args.assumptions ?? [],
    notes: args.notes ?? [],
    children: args.sides.map((s) => s.derivation),
  };
}
