/**
 * Comparisons: up to two more scenarios drawn on the same charts as the page's own. Each is the page's
 * state with a few inputs changed (another chip, model, precision, chip count or efficiency), kept in
 * the URL as `cmp=hw:amd-mi355x,chips:8;model:llama-3.1-70b` (scenarios split by ";", changes by ",").
 * Every value is checked with the rules the main controls use; a bad one is named and dropped.
 */
import { findHardware, findModel, isRooflineError, parseComputePrecision, parseNumber, parsePrecision, quoteValue, RooflineError, type ComputePrecision, type Precision } from "@roofline/core";
import { CUSTOM_MODEL, DEFAULT_CHIPS, NUMBER_RULES, type AppState } from "./state.ts";

export const MAX_COMPARE = 2;

export interface ComparePatch {
  model?: string;
  hardware?: string;
  chips?: number;
  weights?: Precision;
  kv?: Precision;
  compute?: ComputePrecision;
  ce?: number;
  be?: number;
}

/** URL key of each comparable input (the main controls' URL keys). */
const KEYS: Record<keyof ComparePatch, string> = { model: "model", hardware: "hw", chips: "chips", weights: "weights", kv: "kv", compute: "compute", ce: "ce", be: "be" };
const BY_URL_KEY = Object.fromEntries(Object.entries(KEYS).map(([k, v]) => [v, k])) as Record<string, keyof ComparePatch>;

function readValue(key: keyof ComparePatch, text: string, field: string): ComparePatch[keyof ComparePatch] {
  switch (key) {
    case "model": {
      const m = findModel(text);
      if (!m) throw new RooflineError({ code: "unknown-id", field, value: quoteValue(text), expected: "a catalog model id" });
      return m.id;
    }
    case "hardware": {
      const h = findHardware(text);
      if (!h) throw new RooflineError({ code: "unknown-id", field, value: quoteValue(text), expected: "a catalog hardware id" });
      return h.id;
    }
    case "chips":
    case "ce":
    case "be":
      return parseNumber(text, field, NUMBER_RULES[key]);
    case "weights":
    case "kv":
      return parsePrecision(quoteValue(text), field);
    case "compute":
      return parseComputePrecision(quoteValue(text), field);
  }
}

/** Reads `cmp`; never throws: each bad part becomes a message and is dropped. */
export function parseCompare(text: string): { scenarios: ComparePatch[]; problems: string[] } {
  const scenarios: ComparePatch[] = [];
  const problems: string[] = [];
  for (const part of text.split(";").slice(0, MAX_COMPARE)) {
    if (part.trim() === "") continue;
    const patch: ComparePatch = {};
    for (const kv of part.split(",")) {
      const i = kv.indexOf(":");
      const urlKey = i > 0 ? kv.slice(0, i).trim() : "";
      const key = BY_URL_KEY[urlKey];
      if (!key) {
        problems.push(`URL parameter cmp: "${quoteValue(kv, 40)}" is not a comparable input. Expected key:value with a key among ${Object.values(KEYS).join(", ")}.`);
        continue;
      }
      try {
        (patch as Record<string, unknown>)[key] = readValue(key, kv.slice(i + 1), `cmp ${urlKey}`);
      } catch (e) {
        problems.push(`URL parameter ${isRooflineError(e) ? e.message : `cmp ${urlKey}: could not read it.`} Dropped.`);
      }
    }
    if (Object.keys(patch).length > 0) scenarios.push(patch);
  }
  return { scenarios, problems };
}

export function serializeCompare(scenarios: readonly ComparePatch[]): string {
  return scenarios
    .slice(0, MAX_COMPARE)
    .map((p) =>
      (Object.keys(KEYS) as (keyof ComparePatch)[])
        .filter((k) => p[k] !== undefined)
        .map((k) => `${KEYS[k]}:${String(p[k])}`)
        .join(","),
    )
    .filter((s) => s !== "")
    .join(";");
}

/** The page's state with a comparison's changes applied. */
export function applyCompare(state: AppState, patch: ComparePatch): AppState {
  const next: AppState = { ...state };
  if (patch.model !== undefined) {
    next.model = patch.model;
    next.config = "";
  }
  if (patch.hardware !== undefined) next.hardware = patch.hardware;
  if (patch.chips !== undefined) next.chips = patch.chips;
  if (patch.weights !== undefined) next.weights = patch.weights;
  if (patch.kv !== undefined) next.kv = patch.kv;
  if (patch.compute !== undefined) next.compute = patch.compute;
  if (patch.ce !== undefined) next.ce = patch.ce;
  if (patch.be !== undefined) next.be = patch.be;
  return next;
}

/** A short name for a comparison: what it changes. */
export function compareLabel(patch: ComparePatch, state: AppState): string {
  const parts: string[] = [];
  if (patch.model !== undefined) parts.push(findModel(patch.model)?.name ?? patch.model);
  if (patch.hardware !== undefined || patch.chips !== undefined) {
    const hw = findHardware(patch.hardware ?? state.hardware)?.name.replace(/\s*\(.*\)$/, "") ?? patch.hardware ?? state.hardware;
    parts.push(`${patch.chips ?? state.chips ?? DEFAULT_CHIPS} × ${hw}`);
  }
  if (patch.weights !== undefined) parts.push(`weights ${patch.weights.toUpperCase()}`);
  if (patch.kv !== undefined) parts.push(`KV ${patch.kv.toUpperCase()}`);
  if (patch.compute !== undefined) parts.push(`compute ${patch.compute.toUpperCase()}`);
  if (patch.ce !== undefined || patch.be !== undefined) parts.push(`η ${patch.ce ?? state.ce ?? 1} FLOP/s, ${patch.be ?? state.be ?? 1} B/s`);
  return parts.join(", ") || "same scenario";
}

/** The comparisons in the state, each with its state and label (custom models are not comparable). */
export function comparisons(state: AppState): { patch: ComparePatch; state: AppState; label: string }[] {
  if (!state.compare || state.model === CUSTOM_MODEL) return [];
  return parseCompare(state.compare).scenarios.map((patch) => ({ patch, state: applyCompare(state, patch), label: compareLabel(patch, state) }));
}

/** Series colours of comparisons (after the page's own). */
export const COMPARE_COLORS = ["#0e7490", "#be185d"] as const;
