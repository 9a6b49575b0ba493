/**
 * The scenario a chart shows — model, system × chips, precisions, context, batch, efficiency — as one
 * line. AnalysisLayout provides it from the page's state and defaults; every Chart prints it under
 * its title (phones too) and writes it into exported SVG/PNG with the URL that reproduces the view.
 */
import { createContext } from "preact";
import { findHardware, findModel, formatSignificant } from "@roofline/core";
import { CUSTOM_MODEL, DEFAULT_CHIPS, type AppState } from "../state.ts";
import type { ControlDefaults, ControlId } from "./Controls.tsx";

export const ScenarioContext = createContext<string | null>(null);

const whole = (n: number) => formatSignificant(n, 7);

export function scenarioText(state: AppState, defaults: ControlDefaults, controls: readonly ControlId[]): string {
  const model = state.model === CUSTOM_MODEL ? "custom model" : (findModel(state.model)?.name ?? state.model);
  const hwSpec = findHardware(state.hardware);
  const hw = hwSpec?.name ?? state.hardware;
  const parts = [model];
  if (controls.includes("hardware")) parts.push(controls.includes("chips") ? `${whole(state.chips ?? DEFAULT_CHIPS)} × ${hw}` : hw);
  if (controls.includes("precisions")) {
    const m = state.model === CUSTOM_MODEL ? null : findModel(state.model);
    const w = state.weights ?? m?.defaultWeightPrecision ?? null;
    parts.push(`weights ${w ? w.toUpperCase() : "as released"}, KV ${(state.kv ?? defaults.kv ?? "bf16").toUpperCase()}${state.compute ? `, compute ${state.compute.toUpperCase()}` : ""}`);
  }
  if (controls.includes("context")) parts.push(`context ${whole(state.context ?? defaults.context)}`);
  if (controls.includes("prompt")) parts.push(`prompt ${whole(state.prompt ?? defaults.prompt)}`);
  if (controls.includes("batch")) parts.push(`batch ${whole(state.batch ?? defaults.batch)}`);
  if (controls.includes("efficiency")) parts.push(state.ce === null && state.be === null ? "ideal roofline" : `efficiency ${formatSignificant((state.ce ?? 1) * 100, 3)}% FLOP/s, ${formatSignificant((state.be ?? 1) * 100, 3)}% bandwidth`);
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
