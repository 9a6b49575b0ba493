/**
 * Practice problems: what one is, a seeded random source, reading a typed answer, and grading it.
 * A problem's answer is always a number the engine computed (a formula's `explain` or an analysis's
 * derivation), never one recomputed here; grading only compares.
 */
import type { Derivation } from "../formula/derivation.ts";
import { RooflineError, quoteValue } from "../errors.ts";
import { formatQuantity } from "../format.ts";
import type { SourceRef } from "../sources.ts";
import type { UnitId } from "../units.ts";

export type ProblemKind = "numeric" | "choice" | "recall";

export interface Given {
  /** What the number is ("HBM bandwidth per chip"). */
  label: string;
  symbol: string;
  display: string;
  /** Where it comes from, in one line. */
  origin: string;
}

export interface Problem {
  /** "family:seed": regenerates the same problem. */
  id: string;
  family: string;
  seed: number;
  kind: ProblemKind;
  /** The concept drilled ("Optimal batch ≈ 300 × sparsity"). */
  concept: string;
  prompt: string;
  /** The numbers the problem gives (the derivation's leaf inputs, or the card's context). */
  givens: Given[];
  /** The engine's answer: a number in SI units (numeric), the index of the right choice (choice), or 0 (recall). */
  answer: number;
  unit: UnitId;
  answerDisplay: string;
  /** For choice problems, the options; the answer indexes them. */
  choices?: string[];
  /** For recall problems, the text to compare with (a formula). */
  recallText?: string;
  /** Relative tolerance accepted as correct (numeric). */
  tolerance: number;
  /** The engine's derivation of the answer, revealed after answering. */
  derivation: Derivation;
  /** More to reveal after answering: where a seed's figure slipped, what else the engine says. */
  notes: string[];
  /** The inputs the problem was generated from (catalog ids and numbers), for regenerating and testing. */
  inputs: Record<string, string | number>;
  source: SourceRef;
}

// ---- Seeded randomness --------------------------------------------------------------------------

/** A small deterministic generator (mulberry32): the same seed gives the same problems everywhere. */
export interface Rng {
  next(): number;
  int(lo: number, hi: number): number;
  pick<T>(xs: readonly T[]): T;
}

export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function createRng(seed: number, salt = ""): Rng {
  let a = (Math.floor(seed) ^ hashString(salt)) >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]) => {
      if (!xs.length) throw new Error("internal: pick from an empty list");
      return xs[Math.floor(next() * xs.length)] as T;
    },
  };
}

// ---- Reading an answer --------------------------------------------------------------------------

const PREFIX: Record<string, number> = { "": 1, n: 1e-9, u: 1e-6, µ: 1e-6, m: 1e-3, k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
const BINARY: Record<string, number> = { Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4 };
/** Count suffixes for plain numbers (tokens, parameters, sequences): 2.4k, 200T, 70B. */
const COUNT_SUFFIX: Record<string, number> = { "": 1, k: 1e3, K: 1e3, M: 1e6, B: 1e9, G: 1e9, T: 1e12, P: 1e15 };

type Dimension = "time" | "bytes" | "flop" | "usd" | "count";

function dimensionOf(unit: UnitId): { dim: Dimension; per: string | null } {
  const [head, per] = unit.split("/") as [string, string | undefined];
  if (unit === "s") return { dim: "time", per: null };
  if (unit === "1/s") return { dim: "count", per: "s" };
  if (head === "B") return { dim: "bytes", per: per ?? null };
  if (head === "FLOP") return { dim: "flop", per: per ?? null };
  if (head === "USD") return { dim: "usd", per: per ?? null };
  return { dim: "count", per: per ?? null };
}

const TIME_UNITS: Record<string, number> = { s: 1, sec: 1, secs: 1, second: 1, seconds: 1, ms: 1e-3, us: 1e-6, µs: 1e-6, ns: 1e-9, min: 60, mins: 60, minute: 60, minutes: 60, h: 3600, hr: 3600, hrs: 3600, hour: 3600, hours: 3600, d: 86_400, day: 86_400, days: 86_400 };

function bad(text: string, unit: UnitId, why: string): never {
  throw new RooflineError({ code: "invalid-number", field: "answer", value: quoteValue(text), expected: `a number in ${unit} (${why})`, hint: exampleFor(unit) });
}

function exampleFor(unit: UnitId): string {
  const { dim } = dimensionOf(unit);
  if (dim === "time") return 'e.g. "24 ms", "0.024", "1.3 s" (a bare number is seconds)';
  if (dim === "bytes") return 'e.g. "164 kB", "1.7KB", "5 GiB", "13 TB" (a bare number is bytes)';
  if (dim === "flop") return 'e.g. "5.7e17", "0.57 PFLOP", "570 TFLOP"';
  if (dim === "usd") return 'e.g. "$0.37", "0.37", "$1.8M"';
  return 'e.g. "2400", "2.4k", "2.6e14", "200T"';
}

/**
 * Reads a typed answer in the problem's unit: "24 ms", "1.7 KB", "$0.37", "2.4k", "2.6×10^14", "18×".
 * A bare number is taken in SI units (seconds, bytes, FLOP, dollars). Throws a RooflineError naming
 * the answer and giving examples when it cannot be read.
 */
export function parseAnswer(text: string, unit: UnitId): number {
  const raw = String(text).trim();
  if (!raw) bad(text, unit, "nothing was typed");
  let s = raw.replace(/[,_\s]/g, "").replace(/[×x]10\^?([-+]?\d+)/i, "e$1").replace(/^~|^≈/, "");
  const { dim, per } = dimensionOf(unit);
  let usd = false;
  if (s.startsWith("$")) {
    usd = true;
    s = s.slice(1);
  }
  const m = /^([-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)(.*)$/i.exec(s);
  if (!m) bad(text, unit, "it does not start with a number");
  const n = Number(m[1]);
  let rest = (m[2] ?? "").replace(/^[×x]$/i, "");
  if (per) rest = rest.replace(new RegExp(`/(${per}|tok|token|tokens|seq|sequence|sequences|param|chip)$`, "i"), "");
  if (rest === "%") return n / 100;
  let value: number | null = null;
  if (dim === "time") {
    value = rest === "" ? n : TIME_UNITS[rest] !== undefined ? n * (TIME_UNITS[rest] as number) : null;
  } else if (dim === "bytes") {
    const b = /^(Ki|Mi|Gi|Ti|[kKMGTP]?)B?$/.exec(rest);
    if (b) value = n * (BINARY[b[1] ?? ""] ?? PREFIX[b[1] ?? ""] ?? 1);
  } else if (dim === "flop") {
    const f = /^([kKMGTPE]?)(?:FLOPs?|F)?$/i.exec(rest);
    if (f) value = n * (PREFIX[(f[1] ?? "").toUpperCase() === "K" ? "k" : (f[1] ?? "").toUpperCase()] ?? 1);
  } else if (dim === "usd") {
    const u = /^([kKMB]?)(?:USD|\$)?$/.exec(rest);
    if (u) value = n * (COUNT_SUFFIX[u[1] ?? ""] ?? 1);
  } else {
    const c = /^([kKMBGTP]?)(?:tokens?|tok|sequences?|seqs?|params?|parameters|experts?|chips?|layers?)?$/.exec(rest);
    if (c) value = n * (COUNT_SUFFIX[c[1] ?? ""] ?? 1);
  }
  if (usd && dim !== "usd") bad(text, unit, "a dollar amount was typed");
  if (value === null) bad(text, unit, `"${rest}" is not a unit of ${unit}`);
  if (!Number.isFinite(value)) bad(text, unit, "it is not a finite number");
  return value;
}

// ---- Grading ------------------------------------------------------------------------------------

export type Verdict = "correct" | "order-of-magnitude" | "wrong" | "self-check";

export interface Grade {
  problemId: string;
  verdict: Verdict;
  /** Counts as a success for spaced repetition. */
  correct: boolean;
  /** What was read from the answer (SI units, or the chosen index). */
  given: number | null;
  expected: number;
  /** given ÷ expected (numeric). */
  ratio: number | null;
  message: string;
}

/** Within the tolerance is correct; within a factor √10 is the right order of magnitude. */
export const ORDER_OF_MAGNITUDE = Math.sqrt(10);

export function gradeNumber(p: Problem, given: number): Grade {
  const expected = p.answer;
  const ratio = given / expected;
  const shown = formatQuantity(given, p.unit, 4);
  if (!(ratio > 0)) return { problemId: p.id, verdict: "wrong", correct: false, given, expected, ratio: null, message: `${shown} has the wrong sign; the engine gives ${p.answerDisplay}.` };
  const rel = Math.abs(ratio - 1);
  if (rel <= p.tolerance) return { problemId: p.id, verdict: "correct", correct: true, given, expected, ratio, message: `Correct: ${shown} is within ${formatTolerance(p.tolerance)} of ${p.answerDisplay}.` };
  const off = ratio >= 1 ? `${formatRatio(ratio)} too high` : `${formatRatio(1 / ratio)} too low`;
  if (ratio <= ORDER_OF_MAGNITUDE && ratio >= 1 / ORDER_OF_MAGNITUDE) {
    return { problemId: p.id, verdict: "order-of-magnitude", correct: false, given, expected, ratio, message: `Right order of magnitude, but ${off}: the engine gives ${p.answerDisplay} (±${formatTolerance(p.tolerance)} accepted).` };
  }
  return { problemId: p.id, verdict: "wrong", correct: false, given, expected, ratio, message: `Wrong: ${shown} is ${off}; the engine gives ${p.answerDisplay}.` };
}

function formatTolerance(t: number): string {
  return `${Math.round(t * 1000) / 10}%`;
}
function formatRatio(r: number): string {
  return r >= 10 ? `${r.toExponential(1).replace("e+", "×10^")}×` : `${Math.round(r * 100) / 100}×`;
}

function normalizeText(s: string): string {
  return s.toLowerCase().replace(/[\s·×*]/g, "");
}

/** Which choice a typed answer names: a letter (a, b…), a number (1, 2…) or the choice's text. */
export function parseChoice(text: string, choices: readonly string[]): number {
  const t = String(text).trim();
  const letter = /^[a-z]$/i.test(t) ? t.toLowerCase().charCodeAt(0) - 97 : -1;
  if (letter >= 0 && letter < choices.length) return letter;
  if (/^\d+$/.test(t) && Number(t) >= 1 && Number(t) <= choices.length) return Number(t) - 1;
  const exact = choices.findIndex((c) => c.toLowerCase() === t.toLowerCase());
  if (exact >= 0) return exact;
  const prefix = choices.map((c, i) => [c, i] as const).filter(([c]) => t.length >= 2 && c.toLowerCase().startsWith(t.toLowerCase()));
  if (prefix.length === 1) return (prefix[0] as readonly [string, number])[1];
  throw new RooflineError({ code: "invalid-choice", field: "answer", value: quoteValue(t), expected: `one of ${choices.map((c, i) => `${String.fromCharCode(97 + i)}) ${c}`).join(", ")}`, hint: "answer with the letter, the number or the choice's text" });
}

/** Grades a typed answer against the engine's. Throws a RooflineError when the answer cannot be read. */
export function gradeAnswer(p: Problem, text: string): Grade {
  if (p.kind === "choice") {
    const choices = p.choices ?? [];
    const i = parseChoice(text, choices);
    const right = choices[p.answer] ?? "";
    return i === p.answer
      ? { problemId: p.id, verdict: "correct", correct: true, given: i, expected: p.answer, ratio: null, message: `Correct: ${right}.` }
      : { problemId: p.id, verdict: "wrong", correct: false, given: i, expected: p.answer, ratio: null, message: `Wrong: the engine says ${right}, not ${choices[i]}.` };
  }
  if (p.kind === "recall") {
    const same = p.recallText !== undefined && normalizeText(text) === normalizeText(p.recallText);
    return same
      ? { problemId: p.id, verdict: "correct", correct: true, given: null, expected: 0, ratio: null, message: `Correct: ${p.recallText}.` }
      : { problemId: p.id, verdict: "self-check", correct: false, given: null, expected: 0, ratio: null, message: `Compare with the engine's formula: ${p.recallText ?? p.answerDisplay}.` };
  }
  return gradeNumber(p, parseAnswer(text, p.unit));
}
