/**
 * A derivation: what one number is, how it was computed, from what, and where the formula comes from.
 * JSON-serialisable data; renderers turn it into text, Markdown or LaTeX. A formula's derivation renders
 * its text when first read (formula.ts): copy one with copyDerivation (or renamed, withNotes), never
 * with a spread.
 */
import type { UnitId } from "../units.ts";
import type { Origin, SourceRef } from "../sources.ts";

export interface DerivationInput {
  name: string;
  symbol: string;
  latexSymbol: string;
  description: string;
  unit: UnitId;
  value: number;
  /** The value with its unit, human-readable. */
  display: string;
  origin: Origin;
  /** The origin in one line. */
  originText: string;
}

export interface Derivation {
  /** Stable id of the formula ("roofline.stepSeconds"). */
  formulaId: string;
  /** Name of this number in its analysis ("stepSeconds"); equals formulaId's last part unless renamed. */
  name: string;
  title: string;
  description: string;
  symbol: string;
  latexSymbol: string;
  unit: UnitId;
  formula: { text: string; latex: string };
  inputs: DerivationInput[];
  substituted: { text: string; latex: string };
  value: number;
  display: string;
  sources: SourceRef[];
  assumptions: string[];
  /** Remarks for this use: a seed's quoted figure and how it differs, a simplification beside the model. */
  notes: string[];
  /** Derivations of the inputs that were themselves derived. */
  children: Derivation[];
  /** How the number was made: a formula (default), an equation solved numerically, or a simulation. */
  kind?: "formula" | "solved" | "simulated";
  /** For kind "simulated": how the simulation was run (scheduler, seed, requests, warm-up, confidence interval). */
  simulation?: {
    engine: string;
    scheduler: string;
    admission: string;
    seed: number;
    requests: number;
    warmupDiscarded: number;
    measured: number;
    stepTimes: string;
    arrivals: string;
    statistic: string;
    confidence: { level: number; low: number; high: number; method: string } | null;
  };
}

/** Adds remarks to a derivation (returns a new object). */
export function withNotes(d: Derivation, ...notes: string[]): Derivation {
  return copyDerivation(d, { notes: [...d.notes, ...notes] });
}

export function renamed(d: Derivation, name: string, title?: string): Derivation {
  return copyDerivation(d, { name, title: title ?? d.title });
}

/** Finds a derivation by name or formula id anywhere in a tree (depth-first). */
export function findDerivation(root: Derivation, key: string): Derivation | undefined {
  if (root.name === key || root.formulaId === key) return root;
  for (const c of root.children) {
    const hit = findDerivation(c, key);
    if (hit) return hit;
  }
  return undefined;
}

/** A derivation as plain data, its keys in the interface's order (what JSON shows of a lazily rendered one). */
export function derivationData(d: Derivation): Derivation {
  const { formulaId, name, title, description, symbol, latexSymbol, unit, formula, inputs, substituted, value, display, sources, assumptions, notes, children, kind, simulation } = d;
  return { formulaId, name, title, description, symbol, latexSymbol, unit, formula, inputs, substituted, value, display, sources, assumptions, notes, children, ...(kind !== undefined ? { kind } : {}), ...(simulation !== undefined ? { simulation } : {}) };
}

/**
 * A copy of a derivation with some fields changed (a renamed number, notes added). Use it, never a
 * spread: a formula's derivation renders its text when first read (formula.ts ExplainedDerivation,
 * getters on its class), which a spread would not copy.
 */
export function copyDerivation(d: Derivation, patch: Partial<Derivation>): Derivation {
  return { ...(typeof (d as { toJSON?: unknown }).toJSON === "function" ? derivationData(d) : d), ...patch };
}
