/** Shared chart colours and axis formats: numbers on axes are formatted by core, as everywhere else. */
import { formatQuantity, formatSignificant, type UnitId } from "@roofline/core";

export const COLORS = {
  compute: "#c2410c",
  weights: "#1d4ed8",
  kv: "#15803d",
  memory: "#7c3aed",
  step: "#111827",
  marker: "#6b7280",
  accent: "#b45309",
  band: "#11182733",
  series: ["#111827", "#1d4ed8", "#c2410c", "#15803d", "#7c3aed", "#0e7490"],
} as const;

/** Axis tick labels in the quantity's unit, compact (1 ms, 10 µs, $2/Mtok). */
export function tickFormat(unit: UnitId): (v: number) => string {
  if (unit === "1" || unit === "sequence" || unit === "token") return (v) => (v >= 1e4 ? formatQuantity(v, "token/s", 3).replace(" token/s", "").replace(/ ?([kMGT])/, "$1") : formatSignificant(v, 3));
  return (v) => formatQuantity(v, unit, 3).replace("/Mtok", "");
}
