/**
 * Comparisons on a chart: the page builds each comparison's chart with the same function as its own
 * (so it shows the same quantity, computed by the same core analysis), and `overlay` draws the
 * comparison's series on the page's chart — in the comparison's colour, dashed, named "vs …" in the
 * legend and the read-out; on a band chart (rows), its points, and its bars as points at their ends.
 * Rules and marks of a comparison are left out: one scenario's marks per chart.
 */
import type { Comparison } from "../compare.ts";
import type { LegendItem } from "./Chart.tsx";
import type { ChartSpec, DotMark, LineMark, RuleMark } from "./svgchart.tsx";

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
  /** A comparison's vertical rules to keep (e.g. its model's context limit), drawn in its colour and named "vs …". */
  rulesX?: (rule: RuleMark) => boolean;
}

export const COMPARE_DASH = "7 4";

/** The page's chart with each comparison's series drawn on it. */
export function overlay(main: ChartSpec, others: readonly Overlaid[], options: OverlayOptions = {}): ChartSpec {
  if (others.length === 0) return main;
  const pick = options.pick ?? ((l: LineMark) => l.label !== undefined);
  const lines: LineMark[] = [...(main.lines ?? [])];
  const dots: DotMark[] = [...(main.dots ?? [])];
  const rulesX: RuleMark[] = [...(main.rulesX ?? [])];
  for (const o of others) {
    if (options.rulesX) for (const r of (o.spec.rulesX ?? []).filter(options.rulesX)) if (!rulesX.some((m) => m.at === r.at && m.label === r.label)) rulesX.push({ ...r, color: o.color, dash: "4 3", ...(r.label ? { label: `vs ${o.label}: ${r.label}` } : {}) });
    const chosen = (o.spec.lines ?? []).filter(pick);
    for (const l of chosen) {
      const suffix = options.name ? options.name(l) : chosen.length > 1 ? (l.label ?? null) : null;
      lines.push({ points: l.points, color: o.color, width: 2.5, dash: COMPARE_DASH, label: suffix ? `vs ${o.label}: ${suffix}` : `vs ${o.label}` });
    }
    // Points (a scatter, a band chart): the comparison's, in its colour, without labels (the page's own carry them).
    for (const d of o.spec.dots ?? []) {
      const { label: _label, ...rest } = d;
      dots.push({ ...rest, color: o.color });
    }
    // Bars of a band chart (rows shared with the page's): the comparison's value as a point at the bar's end.
    if ("rows" in main.y) for (const sp of o.spec.spans ?? []) if (sp.row !== undefined && "rows" in o.spec.y && main.y.rows.includes(sp.row)) dots.push({ x: sp.x2, y: 0, row: sp.row, color: o.color, r: 5 });
  }
  // A fixed x domain (a bar chart's, from the page's values) widens to take in the comparisons' values.
  const domain = main.x.domain;
  if (!domain) return { ...main, lines, dots, rulesX };
  const xs = others.flatMap((o) => [...(o.spec.lines ?? []).flatMap((l) => l.points.map((p) => p.x)), ...(o.spec.dots ?? []).map((d) => d.x), ...(o.spec.spans ?? []).map((sp) => sp.x2)]).filter((x) => Number.isFinite(x) && (main.x.type === "linear" || x > 0));
  const lo = Math.min(domain[0], ...xs);
  const over = xs.filter((x) => x > domain[1]);
  const hi = over.length ? Math.max(...over) * 1.02 : domain[1];
  return { ...main, lines, dots, rulesX, x: { ...main.x, domain: [lo, hi] } };
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
