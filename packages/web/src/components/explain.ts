/**
 * Every number on screen can open its derivation. A page renders numbers with <Num id=… d=…>; each
 * registers its explanation under a stable id, so the open derivation lives in the URL (`explain=id`)
 * and a copied link reopens it.
 */
import { createContext } from "preact";
import type { Derivation, Origin, UnitId } from "@roofline/core";

/** A value that was given, not computed (a catalog fact, a counted parameter): its origin is its derivation. */
export interface GivenValue {
  kind: "given";
  title: string;
  description: string;
  value: number;
  unit: UnitId;
  display: string;
  origin: Origin;
  notes?: string[];
}

export type Explanation = Derivation | GivenValue;
/** Explanations may be computed only when opened (a derivation that needs a second analysis). */
export type Explainable = Explanation | (() => Explanation | null);

export function isGiven(e: Explanation): e is GivenValue {
  return (e as GivenValue).kind === "given";
}

export interface ExplainApi {
  /** The id of the open derivation, or "". */
  openId: string;
  open(id: string): void;
  register(id: string, e: Explainable): void;
}

export const ExplainContext = createContext<ExplainApi>({ openId: "", open: () => {}, register: () => {} });

export function resolveExplainable(e: Explainable | undefined): Explanation | null {
  if (!e) return null;
  return typeof e === "function" ? e() : e;
}
