/**
 * Comparisons: up to two more scenarios drawn on the same charts as the page's own, on every chart
 * page. Each is the page's state with a few inputs changed — another chip, model, chip count,
 * precision, layout (expert parallelism) or efficiency (the ideal roofline or the expected numbers
 * fitted to measurements) — kept in the URL as `cmp=hw:amd-mi355x,chips:8;eff:expected`
 * (scenarios split by ";", changes by ","). Every value is checked with the rules the main controls
 * use; a bad one is named and dropped.
 */
import { EFFICIENCY_MODES, findHardware, findModel, isRooflineError, parseInput, quoteValue, RooflineError, STEP_INPUTS, TRAIN_STEP_INPUTS, type ComputePrecision, type EfficiencyMode, type InputTable, type Precision } from "@roofline/core";
import { attempt } from "./options.ts";
import { CUSTOM_MODEL, type AppState } from "./state.ts";

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
  /** Ideal roofline (a bound) or expected (the fitted efficiencies). */
  eff?: EfficiencyMode;
  /** Layout: chips the routed experts are spread over (MoE; the expected numbers charge the busiest chip). */
  ep?: number;
  /** Layout of a training step (the Training step page's x.dp, x.tp, x.pp): data, tensor and pipeline parallel degrees. */
  dp?: number;
  tp?: number;
  pp?: number;
}

/** What a comparison can change (the compare bar's fields, in order). */
export type CompareDim = "model" | "hardware" | "chips" | "weights" | "kv" | "eff" | "ep" | "dp" | "tp" | "pp";
/** The dimensions of the inference pages (the default). */
export const ALL_DIMS: readonly CompareDim[] = ["model", "hardware", "chips", "weights", "kv", "eff", "ep"];
/** A training step's layout. */
export const TRAINING_LAYOUT_DIMS: readonly CompareDim[] = ["dp", "tp", "pp"];
/**
 * The dimensions a page's input table can vary (model, hardware, chips, weight and KV precision: those
 * it has), plus `extra` (e.g. "eff" where the page has expected numbers).
 */
export function tableDims(table: InputTable, extra: readonly CompareDim[] = []): readonly CompareDim[] {
  const byInput: [CompareDim, string][] = [["model", "model"], ["hardware", "hardware"], ["chips", "chips"], ["weights", "weightPrecision"], ["kv", "kvPrecision"]];
  return [...byInput.filter(([, id]) => table.has(id)).map(([d]) => d), ...extra];
}
const EVERY_DIM: readonly CompareDim[] = [...ALL_DIMS, ...TRAINING_LAYOUT_DIMS];
/** Training-layout changes are inputs of the Training step page's table, by these ids. */
const TRAIN_INPUT_ID = { dp: "dataParallel", tp: "tensorParallel", pp: "pipelineParallel" } as const;

/** The input id (core's input tables) of each comparable input other than model and hardware. */
const INPUT_ID = { chips: "chips", weights: "weightPrecision", kv: "kvPrecision", compute: "computePrecision", ce: "computeEfficiency", be: "bandwidthEfficiency", ep: "expertParallel" } as const;

/** URL key of each comparable input (the main controls' URL keys). */
const KEYS: Record<keyof ComparePatch, string> = { model: "model", hardware: "hw", chips: "chips", weights: "weights", kv: "kv", compute: "compute", ce: "ce", be: "be", eff: "eff", ep: "ep", dp: "dp", tp: "tp", pp: "pp" };
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
    case "eff": {
      const v = text.trim().toLowerCase();
      if (!(EFFICIENCY_MODES as readonly string[]).includes(v)) throw new RooflineError({ code: "invalid-choice", field, value: quoteValue(text), expected: `one of ${EFFICIENCY_MODES.join(", ")}` });
      return v as EfficiencyMode;
    }
    case "dp":
    case "tp":
    case "pp":
      return parseInput(TRAIN_STEP_INPUTS.get(TRAIN_INPUT_ID[key]), quoteValue(text), field) as number;
    default:
      return parseInput(STEP_INPUTS.get(INPUT_ID[key]), quoteValue(text), field) as ComparePatch[typeof key];
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
  const inputs = { ...state.inputs };
  for (const k of Object.keys(INPUT_ID) as (keyof typeof INPUT_ID)[]) if (patch[k] !== undefined) inputs[INPUT_ID[k]] = patch[k] as number | string;
  // Either mode drops the main scenario's own efficiencies: ideal is the bound, expected uses the fit.
  if (patch.eff !== undefined && patch.ce === undefined) delete inputs["computeEfficiency"];
  if (patch.eff !== undefined && patch.be === undefined) delete inputs["bandwidthEfficiency"];
  // A training layout's degrees are inputs of the Training step page's table (train-step's --dp/--tp/--pp).
  for (const k of TRAINING_LAYOUT_DIMS as readonly (keyof typeof TRAIN_INPUT_ID)[]) if (patch[k] !== undefined) inputs[TRAIN_INPUT_ID[k]] = patch[k] as number;
  // Pages whose table has an efficiency mode of their own (Serving's step times) take the comparison's.
  if (patch.eff !== undefined) inputs["efficiency"] = patch.eff;
  next.inputs = inputs;
  return next;
}

/** A short name for a comparison: what it changes. */
export function compareLabel(patch: ComparePatch, state: AppState, dims: readonly CompareDim[] = ALL_DIMS): string {
  const parts: string[] = [];
  if (patch.model !== undefined) parts.push(findModel(patch.model)?.name ?? patch.model);
  if (patch.hardware !== undefined || patch.chips !== undefined) {
    const hw = findHardware(patch.hardware ?? state.hardware)?.name.replace(/\s*\(.*\)$/, "") ?? patch.hardware ?? state.hardware;
    // A page with no chip count (KV tiers, Training split) names the chip alone.
    // The count only where it is known here: the page's own default may differ from the app's (Speculative decoding: 1).
    const chips = patch.chips ?? state.inputs["chips"];
    parts.push(dims.includes("chips") && chips !== undefined ? `${chips} × ${hw}` : hw);
  }
  if (patch.weights !== undefined) parts.push(`weights ${patch.weights.toUpperCase()}`);
  if (patch.kv !== undefined) parts.push(`KV ${patch.kv.toUpperCase()}`);
  if (patch.compute !== undefined) parts.push(`compute ${patch.compute.toUpperCase()}`);
  if (patch.ce !== undefined || patch.be !== undefined) parts.push(`η ${patch.ce ?? state.inputs["computeEfficiency"] ?? 1} FLOP/s, ${patch.be ?? state.inputs["bandwidthEfficiency"] ?? 1} B/s`);
  if (patch.ep !== undefined) parts.push(`EP ${patch.ep}`);
  const layout = [patch.dp !== undefined ? `D${patch.dp}` : null, patch.tp !== undefined ? `T${patch.tp}` : null, patch.pp !== undefined ? `P${patch.pp}` : null].filter(Boolean);
  if (layout.length) parts.push(`layout ${layout.join(" ")}`);
  if (patch.eff === "expected") parts.push("expected (fitted)");
  if (patch.eff === "ideal") parts.push("ideal roofline");
  return parts.join(", ") || "same scenario";
}

/** A comparison scenario: its changes, the page's state with them applied, a label, the efficiency mode. */
export interface Comparison {
  patch: ComparePatch;
  state: AppState;
  label: string;
  /** Which numbers the page computes for it: the ideal roofline (a bound) or the expected ones. */
  mode: EfficiencyMode;
  color: string;
  /** Changes in the URL this page cannot draw (e.g. efficiency on a page with no expected numbers), by name. */
  ignored: string[];
}

const DIM_NAMES: Record<CompareDim, string> = { model: "model", hardware: "hardware", chips: "chip count", weights: "weight precision", kv: "KV precision", eff: "efficiency (ideal or expected)", ep: "expert parallelism", dp: "data parallelism", tp: "tensor parallelism", pp: "pipeline stages" };

/** The comparisons in the state, each with its state and label (custom models are not comparable). */
export function comparisons(state: AppState, dims: readonly CompareDim[] = ALL_DIMS): Comparison[] {
  if (!state.compare || state.model === CUSTOM_MODEL) return [];
  return parseCompare(state.compare).scenarios.map((raw, i) => {
    const patch = onlyDims(raw, dims);
    const ignored = EVERY_DIM.filter((d) => raw[d] !== undefined && patch[d] === undefined).map((d) => DIM_NAMES[d]);
    return { patch, state: applyCompare(state, patch), label: compareLabel(Object.keys(patch).length ? patch : raw, state, Object.keys(patch).length ? dims : ALL_DIMS), mode: patch.eff === "expected" ? "expected" : "ideal", color: COMPARE_COLORS[i % COMPARE_COLORS.length] as string, ignored };
  });
}

/** A patch without the changes a page cannot draw (the Hardware page shows every chip: no hardware change). */
function onlyDims(patch: ComparePatch, dims: readonly CompareDim[]): ComparePatch {
  const out: ComparePatch = { ...patch };
  for (const d of EVERY_DIM) if (!dims.includes(d)) delete out[d];
  return out;
}

/** A comparison computed by the page: its value, or why it could not be computed. */
export type Compared<T> = Comparison & ({ ok: true; value: T } | { ok: false; message: string });

/** Runs the page's analysis for each comparison (errors become messages, never a blank chart). */
export function compareEach<T>(state: AppState, run: (s: AppState, mode: EfficiencyMode) => T, dims: readonly CompareDim[] = ALL_DIMS): Compared<T>[] {
  return comparisons(state, dims).map((c) => {
    // Nothing left that this page can change: say so rather than draw the page's own scenario again.
    if (Object.keys(c.patch).length === 0) return { ...c, ok: false as const, message: `This page cannot vary ${c.ignored.join(", ") || "what it changes"}.` };
    const a = attempt(() => run(c.state, c.mode));
    return a.ok ? { ...c, ok: true as const, value: a.value } : { ...c, ok: false as const, message: a.message };
  });
}

/** The comparisons that computed. */
export function computed<T>(list: readonly Compared<T>[]): (Comparison & { value: T })[] {
  return list.flatMap((c) => (c.ok ? [c] : []));
}

/** Series colours of comparisons (after the page's own). */
export const COMPARE_COLORS = ["#0e7490", "#be185d"] as const;
