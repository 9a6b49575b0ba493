/**
 * Spaced repetition over problem families (each family is a concept; each review draws a fresh
 * problem from it). Leitner boxes: a success moves the family up a box and pushes its next review
 * further out; a miss sends it back to box 0. Pure functions over a plain JSON state, stored by the
 * CLI in a file and by the web app in localStorage.
 */
import { RooflineError } from "../errors.ts";

export const REVIEW_STATE_VERSION = 1;
/** Days until the next review, by box. */
export const BOX_INTERVAL_DAYS: readonly number[] = [0, 1, 3, 7, 16, 35];
const DAY_MS = 86_400_000;

export interface FamilyRecord {
  box: number;
  /** Epoch milliseconds when the family is next due. */
  dueMs: number;
  reviews: number;
  correct: number;
  lastSeed: number | null;
}

export interface ReviewState {
  version: number;
  families: Record<string, FamilyRecord>;
}

export function emptyReviewState(): ReviewState {
  return { version: REVIEW_STATE_VERSION, families: {} };
}

/** Reads a stored state, refusing (with a RooflineError naming `where`) anything that is not one. */
export function parseReviewState(json: unknown, where: string): ReviewState {
  const bad = (why: string): never => {
    throw new RooflineError({ code: "invalid-json", field: where, expected: `a roofline practice state (version ${REVIEW_STATE_VERSION})`, hint: `${why}; delete the file or pass another --state path to start afresh` });
  };
  if (typeof json !== "object" || json === null) return bad("it is not a JSON object");
  const o = json as { version?: unknown; families?: unknown };
  if (o.version !== REVIEW_STATE_VERSION) return bad(`its version is ${JSON.stringify(o.version)}`);
  if (typeof o.families !== "object" || o.families === null) return bad("it has no families");
  const families: Record<string, FamilyRecord> = {};
  for (const [k, v] of Object.entries(o.families as Record<string, unknown>)) {
    const r = v as Partial<FamilyRecord>;
    const ok = typeof r.box === "number" && Number.isInteger(r.box) && r.box >= 0 && typeof r.dueMs === "number" && Number.isFinite(r.dueMs) && typeof r.reviews === "number" && typeof r.correct === "number";
    if (!ok) return bad(`the record of "${k}" is malformed`);
    families[k] = { box: Math.min(r.box as number, BOX_INTERVAL_DAYS.length - 1), dueMs: r.dueMs as number, reviews: r.reviews as number, correct: r.correct as number, lastSeed: typeof r.lastSeed === "number" ? r.lastSeed : null };
  }
  return { version: REVIEW_STATE_VERSION, families };
}

/** The state after one review of `family` (a new object; the old one is unchanged). */
export function recordReview(state: ReviewState, family: string, correct: boolean, nowMs: number, seed: number | null = null): ReviewState {
  const prev = state.families[family] ?? { box: 0, dueMs: nowMs, reviews: 0, correct: 0, lastSeed: null };
  const box = correct ? Math.min(prev.box + 1, BOX_INTERVAL_DAYS.length - 1) : 0;
  const days = correct ? (BOX_INTERVAL_DAYS[box] ?? 0) : 0;
  const next: FamilyRecord = { box, dueMs: nowMs + days * DAY_MS, reviews: prev.reviews + 1, correct: prev.correct + (correct ? 1 : 0), lastSeed: seed ?? prev.lastSeed };
  return { version: REVIEW_STATE_VERSION, families: { ...state.families, [family]: next } };
}

/**
 * The order to practise families in: overdue ones first (longest overdue first), then never-seen
 * ones in the given order, then the rest by due date. Missed families (box 0) are always due.
 */
export function dueOrder(state: ReviewState, families: readonly string[], nowMs: number): { family: string; due: boolean; record: FamilyRecord | null }[] {
  const rows = families.map((family, i) => {
    const record = state.families[family] ?? null;
    const due = record === null || record.dueMs <= nowMs;
    return { family, due, record, i };
  });
  const rank = (r: (typeof rows)[number]) => (r.record === null ? 1 : r.due ? 0 : 2);
  rows.sort((a, b) => rank(a) - rank(b) || (a.record && b.record ? a.record.dueMs - b.record.dueMs : 0) || a.i - b.i);
  return rows.map(({ family, due, record }) => ({ family, due, record }));
}
