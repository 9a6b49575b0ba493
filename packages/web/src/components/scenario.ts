/**
 * The scenario a chart shows — model, system × chips, precisions, context, batch, efficiency — as one
 * line. AnalysisLayout provides it from the page's state and defaults; every Chart prints it under
 * its title (phones too) and writes it into exported SVG/PNG with the URL that reproduces the view.
 */
import { createContext } from "preact";
import { findHardware, findModel, formatSignificant, type InputTable } from "@roofline/core";
import { CUSTOM_MODEL, type AppState, type InputValue } from "../state.ts";

export const ScenarioContext = createContext<string | null>(null);

/**
 * The pinned read-outs, kept in the URL (`pin=<chart id>:<x>`, several joined by ",", e.g.
 * `pin=batch-time:64,batch-time:512,batch-cost:256`); null outside the app (charts then pin locally).
 */
export const PinContext = createContext<{ pin: string; setPin: (pin: string) => void } | null>(null);

/** At most this many pinned points per chart (the oldest goes), and in a view. */
export const MAX_PINS_PER_CHART = 4;
export const MAX_PINS = 8;

export interface PinEntry {
  chart: string;
  x: number;
}

/** The pins of a `pin` value (its syntax is checked where the URL is read: state.ts). */
export function parsePins(text: string): PinEntry[] {
  if (!text) return [];
  return text.split(",").flatMap((e) => {
    const i = e.lastIndexOf(":");
    const x = Number(e.slice(i + 1));
    return i > 0 && Number.isFinite(x) ? [{ chart: e.slice(0, i), x }] : [];
  });
}

export function serializePins(pins: readonly PinEntry[]): string {
  return pins.map((p) => `${p.chart}:${p.x}`).join(",");
}

/** One chart's pins changed (in order, the last is the active one); other charts' pins kept. */
export function withChartPins(text: string, chart: string, xs: readonly number[]): string {
  const others = parsePins(text).filter((p) => p.chart !== chart);
  const mine = [...new Set(xs)].slice(-MAX_PINS_PER_CHART).map((x) => ({ chart, x }));
  return serializePins([...others, ...mine].slice(-MAX_PINS));
}

const whole = (n: number) => formatSignificant(n, 7);

/** One line from the page's input table: each input's value as set, or as the engine will use it. */
export function scenarioText(state: AppState, table: InputTable, effective: Readonly<Record<string, InputValue | null>>): string {
  const value = (id: string): InputValue | null => {
    const v = state.inputs[id];
    if (v !== undefined) return v;
    if (id in effective) return effective[id] ?? null;
    return table.has(id) ? table.get(id).default : null;
  };
  const num = (id: string) => {
    const v = value(id);
    return typeof v === "number" ? whole(v) : "?";
  };
  const has = (id: string) => table.has(id);
  const model = state.model === CUSTOM_MODEL ? "custom model" : (findModel(state.model)?.name ?? state.model);
  const hw = findHardware(state.hardware)?.name ?? state.hardware;
  const parts = [has("model") && model ? model : null].filter((x): x is string => x !== null);
  if (has("hardware")) parts.push(has("chips") ? `${num("chips")} × ${hw}` : hw);
  if (has("weightPrecision") || has("kvPrecision")) {
    const up = (id: string) => String(value(id) ?? "as released").toUpperCase();
    parts.push([has("weightPrecision") ? `weights ${up("weightPrecision")}` : null, has("kvPrecision") ? `KV ${up("kvPrecision")}` : null, state.inputs["computePrecision"] ? `compute ${up("computePrecision")}` : null].filter(Boolean).join(", "));
  }
  if (has("contextTokens")) parts.push(`context ${num("contextTokens")}`);
  if (has("promptTokens")) parts.push(`prompt ${num("promptTokens")}`);
  if (has("batch")) parts.push(`batch ${num("batch")}`);
  // A page with its own step-time mode (Serving: expected by default) names it; the ideal one its efficiencies.
  if (has("efficiency") && String(value("efficiency") ?? "") === "expected") parts.push("expected step times (fitted)");
  else if (has("computeEfficiency")) {
    const ce = state.inputs["computeEfficiency"];
    const be = state.inputs["bandwidthEfficiency"];
    // A page whose step times may be the expected ones (Serving: input "efficiency") says which it drew.
    const expected = has("efficiency") && value("efficiency") === "expected";
    const given = ce === undefined && be === undefined ? null : `efficiency ${formatSignificant(Number(ce ?? 1) * 100, 3)}% FLOP/s, ${formatSignificant(Number(be ?? 1) * 100, 3)}% bandwidth`;
    parts.push(expected ? "expected step times" : (given ?? "ideal roofline"));
  }
  return parts.join(" · ");
}

/** The URL that reproduces the current view (the app sets this; the address bar may lag a moment behind). */
let urlNow: () => string = () => (typeof window === "undefined" ? "" : window.location.href);
export function setUrlNow(f: () => string): void {
  urlNow = f;
}
export function currentUrl(): string {
  return urlNow();
}
