/**
 * Comparisons on a chart: the page builds each comparison's chart with the same function as its own
 * (so it shows the same quantity, computed by the same core analysis), and `overlay` draws the
 * comparison's series on the page's chart — in the comparison's colour, dashed, named "vs …" in the
 * legend and the read-out. Rules and marks of a comparison are left out: one scenario's marks per chart.
 */
import type { Comparison } from "../compare.ts";
import type { LegendItem } from "./Chart.tsx";
import type { ChartSpec, DotMark, LineMark } from "./svgchart.tsx";

export interface Overlaid {
  label: string;
  color: string;
  spec: ChartSpec;
}

export interface OverlayOptions {
  /** Which of a comparison's lines to draw (default: its lines with a label). */
  pick?: (line: LineMark) => boolean;
  /** The series' name after "vs <scenario>: " (default: the line's own label when more than one line is drawn). */
  name?: (line: LineMark) => string | null;
}

export const COMPARE_DASH = "7 4";

/** The page's chart with each comparison's series drawn on it. */
export function overlay(main: ChartSpec, others: readonly Overlaid[], options: OverlayOptions = {}): ChartSpec {
  if (others.length === 0) return main;
  const pick = options.pick ?? ((l: LineMark) => l.label !== undefined);
  const lines: LineMark[] = [...(main.lines ?? [])];
  const dots: DotMark[] = [...(main.dots ?? [])];
  for (const o of others) {
    const chosen = (o.spec.lines ?? []).filter(pick);
    for (const l of chosen) {
      const suffix = options.name ? options.name(l) : chosen.length > 1 ? (l.label ?? null) : null;
      lines.push({ points: l.points, color: o.color, width: 2.5, dash: COMPARE_DASH, label: suffix ? `vs ${o.label}: ${suffix}` : `vs ${o.label}` });
    }
    // Points (a scatter, a band chart): the comparison's, hollow-coloured, without labels (the page's own carry them).
    for (const d of o.spec.dots ?? []) {
      const { label: _label, ...rest } = d;
      dots.push({ ...rest, color: o.color });
    }
  }
  return { ...main, lines, dots };
}

/** Each computed comparison's chart, built by the page's own chart function. */
export function overlaid<T>(list: readonly (Comparison & { value: T })[], build: (value: T, c: Comparison) => ChartSpec | null): Overlaid[] {
  return list.flatMap((c) => {
    const spec = build(c.value, c);
    return spec ? [{ label: c.label, color: c.color, spec }] : [];
  });
}

/** Legend items of the comparisons. */
export function compareLegend(list: readonly { label: string; color: string }[]): LegendItem[] {
  return list.map((c) => ({ label: `vs ${c.label}`, color: c.color, dash: true }));
}
