/**
 * Formatting numbers with their units, for the edges (CLI, web app, derivation text).
 * Pure functions; the engine never formats inside its math.
 */
import type { UnitId } from "./units.ts";

const SI_PREFIXES: ReadonlyArray<readonly [number, string]> = [
  [1e18, "E"],
  [1e15, "P"],
  [1e12, "T"],
  [1e9, "G"],
  [1e6, "M"],
  [1e3, "k"],
  [1, ""],
];

/** Rounds to `digits` significant digits and drops trailing zeros: 2363.4 -> "2,363", 0.0104477 -> "0.0104". */
export function formatSignificant(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return "0";
  const abs = Math.abs(value);
  if (abs >= 1e21 || abs < 1e-6) return value.toExponential(digits - 1).replace(/\.?0+e/, "e");
  const magnitude = Math.floor(Math.log10(abs));
  const decimals = Math.max(0, digits - 1 - magnitude);
  const rounded = Number(value.toFixed(Math.min(decimals, 20)));
  return plainDecimal(rounded, Math.min(decimals, 20), abs >= 1e4);
}

/**
 * What `Intl.NumberFormat("en-US", { maximumFractionDigits, useGrouping })` prints for a value already
 * rounded to `maximumFractionDigits` (and below 1e21), without Intl: even a cached formatter cost
 * ~1 µs a call, which made formatting most of a derivation's cost and slowed the web app's slider
 * drags. test/format.test.ts checks the strings are identical to Intl's.
 */
export function plainDecimal(rounded: number, maximumFractionDigits: number, useGrouping: boolean): string {
  // Integers print their shortest round-trip digits, as Intl does (toFixed would print 2^53+ exactly).
  let s = maximumFractionDigits === 0 ? String(rounded) : rounded.toFixed(maximumFractionDigits).replace(/\.?0+$/, "");
  if (useGrouping) s = s.replace(/^-?\d+/, (int) => int.replace(/\B(?=(\d{3})+$)/g, ","));
  return s;
}

function withPrefix(value: number, baseSymbol: string, digits: number): string {
  const abs = Math.abs(value);
  for (const [scale, prefix] of SI_PREFIXES) {
    if (abs >= scale * 0.9995) return `${formatSignificant(value / scale, digits)} ${prefix}${baseSymbol}`;
  }
  return `${formatSignificant(value, digits)} ${baseSymbol}`;
}

/** Seconds as ns/µs/ms/s, minutes, hours or days. */
export function formatSeconds(seconds: number, digits = 3): string {
  const abs = Math.abs(seconds);
  if (abs === 0) return "0 s";
  if (abs < 1e-6) return `${formatSignificant(seconds * 1e9, digits)} ns`;
  if (abs < 1e-3) return `${formatSignificant(seconds * 1e6, digits)} µs`;
  if (abs < 1) return `${formatSignificant(seconds * 1e3, digits)} ms`;
  if (abs < 120) return `${formatSignificant(seconds, digits)} s`;
  if (abs < 2 * 3600) return `${formatSignificant(seconds / 60, digits)} min`;
  if (abs < 2 * 86_400) return `${formatSignificant(seconds / 3600, digits)} h`;
  return `${formatSignificant(seconds / 86_400, digits)} days`;
}

export function formatUsd(usd: number, digits = 3): string {
  const abs = Math.abs(usd);
  if (abs >= 1e6) return `$${formatSignificant(usd / 1e6, digits)}M`;
  if (abs >= 1e4) return `$${Math.round(usd).toLocaleString("en-US")}`;
  // Fractions of a millionth of a dollar read as powers of ten, never as "1e-9".
  if (abs > 0 && abs < 1e-4) return `$${formatNumberForArithmetic(usd, digits)}`;
  return `$${formatSignificant(usd, digits)}`;
}

/** A value in its unit, human-readable: 3.35e12 B/s -> "3.35 TB/s". */
export function formatQuantity(value: number | null, unit: UnitId, digits = 3): string {
  if (value === null) return "unknown";
  if (!Number.isFinite(value)) return value > 0 ? "unbounded" : String(value);
  switch (unit) {
    case "s":
      return formatSeconds(value, digits);
    case "B":
      return withPrefix(value, "B", digits);
    case "B/s":
      return withPrefix(value, "B/s", digits);
    case "B/token":
      return withPrefix(value, "B/token", digits);
    case "B/sequence":
      return withPrefix(value, "B/sequence", digits);
    case "FLOP":
      return withPrefix(value, "FLOP", digits);
    case "FLOP/s":
      return withPrefix(value, "FLOP/s", digits);
    case "FLOP/token":
      return withPrefix(value, "FLOP/token", digits);
    case "token/s":
      return withPrefix(value, "token/s", digits);
    case "W":
      return withPrefix(value, "W", digits);
    case "J/token":
      return withPrefix(value, "J/token", digits);
    case "token/s/MW":
      return `${withPrefix(value, "token/s", digits)} per MW`;
    case "param":
      return withPrefix(value, "param", digits).replace(" Gparam", "B params").replace(" Tparam", "T params").replace(" Mparam", "M params").replace(" kparam", "k params");
    case "USD":
      return formatUsd(value, digits);
    case "USD/h":
      return `${formatUsd(value, digits)}/h`;
    case "USD/s":
      return `${formatUsd(value, digits)}/s`;
    case "USD/Mtoken":
      return `${formatUsd(value, digits)}/Mtok`;
    case "USD/GB-month":
      return `${formatUsd(value, digits)}/GB-month`;
    case "1":
      return formatSignificant(value, digits);
    case "1/s":
      return `${formatSignificant(value, digits)} /s`;
    case "day":
    case "token":
    case "sequence":
    case "chip":
    case "layer":
    case "expert":
      // Counts past a billion (lifetime tokens, training corpora) read better as powers of ten.
      return `${Math.abs(value) >= 1e9 ? formatNumberForArithmetic(value, digits) : formatSignificant(value, digits)} ${unit}${value === 1 ? "" : "s"}`;
    default:
      return `${formatSignificant(value, digits)} ${unit}`;
  }
}

/** A plain number for substituted arithmetic: 3.35e12 -> "3.35×10¹²", 64 -> "64". */
export function formatNumberForArithmetic(value: number, digits = 4): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return "0";
  const abs = Math.abs(value);
  if (abs >= 1e-3 && abs < 1e6) return formatSignificant(value, digits).replace(/,/g, ",");
  const exp = Math.floor(Math.log10(abs));
  const mantissa = value / 10 ** exp;
  return `${formatSignificant(mantissa, digits)}×10${toSuperscript(exp)}`;
}

/** Same, as LaTeX. */
export function formatNumberForLatex(value: number, digits = 4): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return "0";
  const abs = Math.abs(value);
  if (abs >= 1e-3 && abs < 1e6) return formatSignificant(value, digits).replace(/,/g, "{,}");
  const exp = Math.floor(Math.log10(abs));
  const mantissa = value / 10 ** exp;
  return `${formatSignificant(mantissa, digits)} \\times 10^{${exp}}`;
}

const SUPERSCRIPTS: Record<string, string> = {
  "-": "⁻",
  "0": "⁰",
  "1": "¹",
  "2": "²",
  "3": "³",
  "4": "⁴",
  "5": "⁵",
  "6": "⁶",
  "7": "⁷",
  "8": "⁸",
  "9": "⁹",
};
function toSuperscript(n: number): string {
  return String(n)
    .split("")
    .map((ch) => SUPERSCRIPTS[ch] ?? ch)
    .join("");
}
