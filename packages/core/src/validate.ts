/**
 * Input checks at the engine's entry points. Values are checked once, here; the formulas then see
 * clean numbers only. A failed check is a RooflineError naming the field, the value and the range.
 */
import { quoteValue, RooflineError } from "./errors.ts";
import { userGiven, type Quantity } from "./formula/formula.ts";

export type Given = number | Quantity;

export interface NumberRule {
  /** What the number is, with its unit ("sequences in the batch"). */
  what: string;
  min?: number;
  /** Exclusive lower bound. */
  above?: number;
  max?: number;
  integer?: boolean;
  /** Zero is allowed (free, none) but a positive value below this is a typo whose outputs would be absurd. */
  minNonZero?: number;
}

function describeRule(r: NumberRule): string {
  const parts: string[] = [];
  // "a number" already names itself: never "a number of a number".
  if (/^(a|an|the) /.test(r.what)) parts.push(r.integer && !/whole/.test(r.what) ? r.what.replace(/^an? /, "a whole ") : r.what);
  else {
    parts.push(r.integer ? "a whole number of" : "a number of");
    parts.push(r.what);
  }
  const range: string[] = [];
  if (r.above !== undefined) range.push(`> ${r.above}`);
  if (r.min !== undefined) range.push(r.minNonZero !== undefined && r.min <= 0 ? `0 or ≥ ${r.minNonZero}` : `≥ ${r.min}`);
  if (r.max !== undefined) range.push(`≤ ${formatMax(r.max)}`);
  return `${parts.join(" ")}${range.length ? `, ${range.join(" and ")}` : ""}`;
}

function formatMax(n: number): string {
  return n >= 1e6 ? n.toExponential().replace("+", "") : String(n);
}

/** Checks a number against a rule; returns it as a Quantity (origin: the field, if it was a plain number). */
export function checkGiven(given: Given, field: string, rule: NumberRule): Quantity {
  const q: Quantity = typeof given === "number" ? userGiven(given, field) : given;
  const v = q.value;
  const fail = (code: "invalid-number" | "out-of-range" | "not-an-integer") => {
    throw new RooflineError({ code, field, value: quoteValue(typeof given === "number" ? given : given.value), expected: describeRule(rule) });
  };
  if (typeof v !== "number" || Number.isNaN(v) || !Number.isFinite(v)) fail("invalid-number");
  if (rule.integer && !Number.isInteger(v)) fail("not-an-integer");
  if (rule.min !== undefined && v < rule.min) fail("out-of-range");
  if (rule.above !== undefined && v <= rule.above) fail("out-of-range");
  if (rule.max !== undefined && v > rule.max) fail("out-of-range");
  if (rule.minNonZero !== undefined && v > 0 && v < rule.minNonZero) fail("out-of-range");
  // No input of this engine is physical below 1e-30 in SI units (seconds, bytes, FLOP, USD, tokens, fractions):
  // such a value is a typo for 0, and outputs computed from it come out as 1e-290 or 1e+307.
  if (rule.minNonZero === undefined && v !== 0 && Math.abs(v) < TINIEST_INPUT) {
    throw new RooflineError({ code: "out-of-range", field, value: quoteValue(typeof given === "number" ? given : given.value), expected: `${describeRule(rule)}; a magnitude below 1e-30 is no physical input (give 0 if you meant none, where 0 is allowed)` });
  }
  return q;
}

/** Magnitudes below this are refused for every numeric input (see checkGiven). */
export const TINIEST_INPUT = 1e-30;

/** Parses a flag or URL value as a number: accepts 1e9, 2_000, 1,000 and the suffixes k, M, G, T. */
export function parseNumber(text: string, field: string, rule: NumberRule): number {
  const raw = String(text).trim();
  const cleaned = raw.replace(/[_,]/g, "");
  const m = /^([-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)([kKMGTP]?)$/.exec(cleaned);
  if (!m) {
    throw new RooflineError({ code: "invalid-number", field, value: quoteValue(raw), expected: describeRule(rule) });
  }
  const scale: Record<string, number> = { "": 1, k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15 };
  const value = Number(m[1]) * (scale[m[2] ?? ""] ?? 1);
  // Text past double range (400 digits) or below it (1e-400) is echoed as typed, never as Infinity or 0.
  const mantissa = (m[1] ?? "").split(/e/i)[0] ?? "";
  if (!Number.isFinite(value) || (value === 0 && /[1-9]/.test(mantissa))) {
    throw new RooflineError({ code: "out-of-range", field, value: quoteValue(raw), expected: describeRule(rule) });
  }
  try {
    return checkGiven(value, field, rule).value;
  } catch (e) {
    // Echo the value as typed (1e+88 was typed as 89 digits).
    if (e instanceof RooflineError) throw new RooflineError({ ...e.details, value: quoteValue(raw) });
    throw e;
  }
}

/** Limits that keep every output finite: beyond them the physics is meaningless anyway. */
export const LIMITS = {
  maxBatch: 1e7,
  maxContextTokens: 1e9,
  maxChips: 1e6,
  maxPassTokens: 1e8,
  maxUsdPerHour: 1e6,
  maxFlopsPerSecond: 1e21,
  maxBytesPerSecond: 1e17,
  maxBytes: 1e16,
} as const;
