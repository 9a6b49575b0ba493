/** Chart specs shared by the curve pages: the roofline's terms, and one output, along a swept input. */
import type { CurvePoint, UnitId } from "@roofline/core";
import { COLORS, tickFormat } from "./chart-style.ts";
import type { ChartSpec, RuleMark } from "./svgchart.tsx";

export const TERMS = [
  { key: "computeSeconds", label: "compute", color: COLORS.compute, dash: false },
  { key: "weightReadSeconds", label: "weight fetch", color: COLORS.weights, dash: false },
  { key: "kvReadSeconds", label: "KV fetch", color: COLORS.kv, dash: false },
  { key: "memorySeconds", label: "memory = weights + KV", color: COLORS.memory, dash: true },
  { key: "stepSeconds", label: "step = max(compute, memory)", color: COLORS.step, dash: false },
] as const;

export const TERMS_LEGEND = TERMS.map((s) => ({ label: s.label, color: s.color, dash: s.dash }));

export function termsChart(title: string, points: readonly CurvePoint[], xLabel: string, width: number, height: number, rulesX: RuleMark[] = [], rulesY: RuleMark[] = [], yLabel = "↑ time per pass"): ChartSpec {
  return {
    title,
    width,
    height,
    x: { type: "log", label: xLabel, format: tickFormat("1") },
    y: { type: "log", label: yLabel, format: tickFormat("s") },
    lines: TERMS.map((s) => ({ points: points.map((p) => ({ x: p.x, y: p[s.key] })), color: s.color, label: s.label, key: s.key, width: s.key === "stepSeconds" ? 3 : 1.8, ...(s.dash ? { dash: "5 4" } : {}) })),
    rulesX,
    rulesY,
  };
}

export interface Series {
  label: string;
  color: string;
  points: readonly { x: number; y: number }[];
  dash?: string;
}

export function seriesChart(title: string, series: readonly Series[], x: { label: string; unit: UnitId }, y: { label: string; unit: UnitId }, width: number, height: number, rulesX: RuleMark[] = [], rulesY: RuleMark[] = []): ChartSpec {
  return {
    title,
    width,
    height,
    x: { type: "log", label: x.label, format: tickFormat(x.unit) },
    y: { type: "log", label: y.label, format: tickFormat(y.unit) },
    lines: series.map((s) => ({ points: s.points, color: s.color, label: s.label, width: 2.2, ...(s.dash ? { dash: s.dash } : {}) })),
    rulesX,
    rulesY,
  };
}
