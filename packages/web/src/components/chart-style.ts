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

/** A count on an axis: 512, 4k, 1M. */
export function compactCount(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e9) return `${formatSignificant(v / 1e9, 3)}G`;
  if (a >= 1e6) return `${formatSignificant(v / 1e6, 3)}M`;
  if (a >= 1e4) return `${formatSignificant(v / 1e3, 3)}k`;
  return formatSignificant(v, 3);
}

/** A tick format that knows its unit, so read-outs print full values in it (as the CLI does). */
export type TickFormat = ((v: number) => string) & { unit?: UnitId };

/** Axis tick labels in the quantity's unit, compact (1 ms, 10 µs, $2, 4k). */
export function tickFormat(unit: UnitId): TickFormat {
  let f: (v: number) => string;
  if (unit === "1" || unit === "sequence" || unit === "token") f = compactCount;
  else if (unit === "param") f = (v) => (v === 0 ? "0" : formatQuantity(v, "param", 3).replace(" params", ""));
  else f = (v) => formatQuantity(v, unit, 3).replace("/Mtok", "");
  return Object.assign(f, { unit });
}

/** The unit of an axis: given, or known to its tick format. */
export function axisUnit(axis: { unit?: UnitId; format: (v: number) => string }): UnitId | undefined {
  return axis.unit ?? (axis.format as TickFormat).unit;
}
