/**
 * From the app state to core's options — the web twin of packages/cli/src/options.ts, driven by the
 * same input tables. A value the user set keeps the control's label as its origin ("given: Batch"); an
 * unset value keeps the engine's default and its reason, exactly as the CLI leaves it.
 */
import {
  getHardware,
  getModel,
  inputDefById,
  renderError,
  type ErrorDetails,
  isRooflineError,
  modelFromJson,
  parseJsonText,
  quoteValue,
  userGiven,
  commandDefaults,
  STEP_INPUTS,
  type HardwareSpec,
  type InputTable,
  type ModelSpec,
  type RooflineOptions,
} from "@roofline/core";
import { CUSTOM_MODEL, type AppState } from "./state.ts";

const modelCache = new Map<string, ModelSpec>();

/** The pasted JSON as a model; errors name the JSON field at fault. */
export function customModel(config: string): ModelSpec {
  const hit = modelCache.get(config);
  if (hit) return hit;
  const m = modelFromJson(parseJsonText(config, { field: "config" }), "pasted config.json");
  modelCache.set(config, m);
  return m;
}

export function resolveModel(state: AppState): ModelSpec {
  if (state.model === CUSTOM_MODEL) return customModel(state.config);
  return getModel(state.model, "model");
}

export function resolveHardware(state: AppState): HardwareSpec {
  return getHardware(state.hardware, "hw");
}

/** Each input of the table named as its control's label (an analysis' `names`: warnings name controls). */
export function labelNames(table: InputTable): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of table.inputs) out[d.id] = d.label;
  return out;
}

/**
 * The inputs of the table the user set, by id: numbers as Quantities whose origin is the control
 * ("given: Batch"), enums as their value. Inputs not set are left out: the engine applies the table's
 * default and its reason, exactly as for the CLI.
 */
export function inputOptions(state: AppState, table: InputTable): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const d of table.inputs) {
    const v = state.inputs[d.id];
    if (v === undefined || d.kind === "catalog" || d.kind === "file") continue;
    out[d.id] = typeof v === "number" ? userGiven(v, d.label) : v;
  }
  return out;
}

/** Core's RooflineOptions from the state, for the inputs of `table` (default: step's). */
export function rooflineOptions(state: AppState, table: InputTable = STEP_INPUTS): RooflineOptions {
  const given = inputOptions(state, table);
  const model = resolveModel(state);
  const own = commandDefaults(table, { napkinKv: model.attention.napkinKvBytesPerToken !== null });
  return { ...own, ...given, model, hardware: resolveHardware(state), names: labelNames(table) } as RooflineOptions;
}

/** The control's label of an input id (any table's), as the web app names inputs in messages. */
export function labelOf(id: string): string {
  return inputDefById(id)?.label ?? id;
}

/** An error's message with its input and fixes named as the page's controls (never a CLI flag). */
export function webMessage(details: ErrorDetails): string {
  return renderError(details, labelOf);
}

/** A failed run: the message as the web app words it, and the error's data (its input and fixes) when it is a user error. */
export type Attempt<T> = { ok: true; value: T } | { ok: false; message: string; details?: ErrorDetails };

/**
 * Runs an analysis. A user error (RooflineError) comes back as its message; anything else is a bug,
 * shown as one line (never a stack trace) and logged for the developer.
 */
export function attempt<T>(run: () => T): Attempt<T> {
  try {
    return { ok: true, value: run() };
  } catch (e) {
    if (isRooflineError(e)) return { ok: false, message: webMessage(e.details), details: e.details };
    console.warn(e);
    return { ok: false, message: `Internal error (a bug in roofline, please report it): ${quoteValue(e instanceof Error ? e.message : e, 200)}` };
  }
}
