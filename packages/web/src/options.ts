/**
 * From the app state to core's RooflineOptions — the web twin of packages/cli/src/options.ts. A value
 * the user set keeps the control's name as its origin ("given: batch"); an unset value keeps the
 * engine's default and its reason, exactly as the CLI leaves it.
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
  type HardwareSpec,
  type ModelSpec,
  type Precision,
  type RooflineOptions,
} from "@roofline/core";
import { CUSTOM_MODEL, DEFAULT_CHIPS, type AppState } from "./state.ts";

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

/** How the web app names each option in origins and messages: the control's label. */
const NAMES: NonNullable<RooflineOptions["names"]> = {
  chips: "chips",
  batch: "batch",
  contextTokens: "context",
  promptTokens: "prompt tokens",
  computeEfficiency: "compute efficiency",
  bandwidthEfficiency: "bandwidth efficiency",
  usdPerChipHour: "$/chip-hour",
  weightPrecision: "weights",
  kvPrecision: "KV",
};

export interface OptionDefaults {
  /** The page's default batch when the user set none (the CLI command's default). */
  batch?: number;
  /** The page's default KV-cache precision when the user set none. */
  kv?: Precision;
}

export function rooflineOptions(state: AppState, defaults: OptionDefaults = {}): RooflineOptions {
  const o: RooflineOptions = { model: resolveModel(state), hardware: resolveHardware(state), names: NAMES };
  o.chips = state.chips !== null ? userGiven(state.chips, "chips") : { value: DEFAULT_CHIPS, origin: { kind: "default", reason: "the lecture's 64 GPUs of an NVL72 rack" } };
  if (state.batch !== null) o.batch = userGiven(state.batch, "batch");
  else if (defaults.batch !== undefined) o.batch = { value: defaults.batch, origin: { kind: "default", reason: "this page's default batch" } };
  if (state.context !== null) o.contextTokens = userGiven(state.context, "context");
  if (state.prompt !== null) o.promptTokens = userGiven(state.prompt, "prompt tokens");
  if (state.weights !== null) o.weightPrecision = state.weights;
  if (state.kv !== null) o.kvPrecision = state.kv;
  else if (defaults.kv !== undefined && o.model.attention.napkinKvBytesPerToken === null) o.kvPrecision = defaults.kv;
  if (state.compute !== null) o.computePrecision = state.compute;
  if (state.ce !== null) o.computeEfficiency = userGiven(state.ce, "compute efficiency");
  if (state.be !== null) o.bandwidthEfficiency = userGiven(state.be, "bandwidth efficiency");
  if (state.usd !== null) o.usdPerChipHour = userGiven(state.usd, "$/chip-hour");
  if (state.attention !== "native") o.attention = state.attention;
  if (state.routing !== "uniform") o.expertRouting = state.routing;
  return o;
}

/** The control's label of an input id (any table's), as the web app names inputs in messages. */
export function labelOf(id: string): string {
  return inputDefById(id)?.label ?? id;
}

/** An error's message with its input and fixes named as the page's controls (never a CLI flag). */
export function webMessage(details: ErrorDetails): string {
  return renderError(details, labelOf);
}

export type Attempt<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * Runs an analysis. A user error (RooflineError) comes back as its message; anything else is a bug,
 * shown as one line (never a stack trace) and logged for the developer.
 */
export function attempt<T>(run: () => T): Attempt<T> {
  try {
    return { ok: true, value: run() };
  } catch (e) {
    if (isRooflineError(e)) return { ok: false, message: webMessage(e.details) };
    console.warn(e);
    return { ok: false, message: `Internal error (a bug in roofline, please report it): ${quoteValue(e instanceof Error ? e.message : e, 200)}` };
  }
}
