/**
 * A small SVG chart renderer in Preact: log/linear/band axes, lines, rules, dots, bars, spans and
 * labels. Observable Plot (with d3) costs ~84 KB gzipped — over half the app's 150 KB budget — for
 * the handful of marks these pages draw; this is ~4 KB, renders in the same Preact pass as the page
 * (no DOM replacement while dragging), and its output is deterministic for the golden SVGs.
 */
import type { UnitId } from "@roofline/core";
import type { JSX } from "preact";
import { axisUnit } from "./chart-style.ts";

export type ScaleType = "log" | "linear";

export interface AxisSpec {
  type: ScaleType;
  label: string;
  format: (v: number) => string;
  /** Default: the data's extent (padded to whole decades on log axes). */
  domain?: [number, number];
  /** Start a linear axis at zero. */
  zero?: boolean;
  /** The quantity's unit: read-outs print values in it, as the CLI does (default: the tick format). */
  unit?: UnitId;
}

export interface LineMark {
  points: readonly { x: number; y: number }[];
  color: string;
  width?: number;
  dash?: string;
  label?: string;
  /** The name of this series' number in the page's derivations at a point (read-outs open it). */
  key?: string;
}
export interface RuleMark {
  at: number;
  color: string;
  dash?: string;
  width?: number;
  opacity?: number;
  label?: string;
}
export interface DotMark {
  x: number;
  y: number;
  color: string;
  r?: number;
  label?: string;
  /** Band charts: the row's name. */
  row?: string;
}
export interface SpanMark {
  x1: number;
  x2: number;
  /** Rows of a band y axis, or a numeric y range. */
  row?: string;
  y1?: number;
  y2?: number;
  color: string;
  opacity?: number;
  label?: string;
}

export interface ChartSpec {
  width: number;
  height: number;
  x: AxisSpec;
  /** A numeric y axis, or rows (a band axis, top to bottom). */
  y: AxisSpec | { rows: readonly string[]; label: string };
  lines?: readonly LineMark[];
  rulesX?: readonly RuleMark[];
  rulesY?: readonly RuleMark[];
  dots?: readonly DotMark[];
  spans?: readonly SpanMark[];
  margin?: { left?: number; right?: number; top?: number; bottom?: number };
  title: string;
}

interface Scale {
  (v: number): number;
  ticks: number[];
}

const finitePositive = (v: number) => Number.isFinite(v) && v > 0;

function extent(values: readonly number[], type: ScaleType, zero: boolean): [number, number] {
  const vs = values.filter(type === "log" ? finitePositive : Number.isFinite);
  if (vs.length === 0) return type === "log" ? [1, 10] : [0, 1];
  let lo = Math.min(...vs);
  let hi = Math.max(...vs);
  if (type === "linear" && zero) lo = Math.min(0, lo);
  if (lo === hi) {
    if (type === "log") return [lo / 2, hi * 2];
    return [lo - 1, hi + 1];
  }
  return [lo, hi];
}

function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m >= 5 ? 10 : m >= 2 ? 5 : m >= 1 ? 2 : 1) * p;
}

/** Round steps of time past two minutes: minutes, hours, days (no 16.7 min or 2.78 h ticks). */
const TIME_STEPS = [60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800, 604_800, 2_592_000, 31_536_000];
/** Round tick values of time on a log axis past a minute. */
const TIME_LOG_TICKS = [60, 600, 3600, 86_400, 864_000, 31_536_000, 315_360_000];

function linearTicks(d0: number, d1: number, step: number): number[] {
  const ticks: number[] = [];
  for (let v = Math.ceil(d0 / step - 1e-9) * step; v <= d1 + step * 1e-9; v += step) ticks.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return ticks;
}

function scale(type: ScaleType, [d0, d1]: [number, number], [r0, r1]: [number, number], approxTicks: number, time = false): Scale {
  if (type === "log") {
    const l0 = Math.log10(d0);
    const l1 = Math.log10(d1);
    const s = ((v: number) => r0 + ((Math.log10(v) - l0) / (l1 - l0)) * (r1 - r0)) as Scale;
    const decades = l1 - l0;
    let ticks: number[] = [];
    const stepDecades = Math.max(1, Math.ceil(decades / approxTicks));
    for (let e = Math.ceil(l0 - 1e-9); e <= Math.floor(l1 + 1e-9); e += stepDecades) ticks.push(10 ** e);
    // 2 and 5 between the decades when there is room for them (three labels a decade).
    if (decades * 3 <= approxTicks * 1.6) {
      for (let e = Math.floor(l0); e <= Math.ceil(l1); e++) for (const m of [2, 5]) {
        const v = m * 10 ** e;
        if (v >= d0 * (1 - 1e-9) && v <= d1 * (1 + 1e-9)) ticks.push(v);
      }
      ticks.sort((a, b) => a - b);
    }
    if (time && d1 > 100) {
      // Past a minute, seconds' decades read badly (100 s = 1.67 min): tick at minutes, hours, days.
      ticks = ticks.filter((t) => t < 60);
      const round = TIME_LOG_TICKS.filter((t) => t >= d0 * (1 - 1e-9) && t <= d1 * (1 + 1e-9));
      const every = Math.max(1, Math.ceil((ticks.length + round.length) / Math.max(2, approxTicks)));
      ticks = [...ticks.filter((_, i) => (ticks.length - 1 - i) % every === 0), ...round].sort((a, b) => a - b);
    }
    s.ticks = ticks;
    return s;
  }
  const s = ((v: number) => r0 + ((v - d0) / (d1 - d0)) * (r1 - r0)) as Scale;
  let step = niceStep(d1 - d0, approxTicks);
  if (time && step >= 60) step = TIME_STEPS.find((t) => t >= step) ?? step;
  let ticks = linearTicks(d0, d1, step);
  // At least two labelled ticks, however narrow the chart (a phone's time axis showed only "0 s").
  for (let k = 0; ticks.length < 2 && k < 6; k++) {
    step /= 2;
    ticks = linearTicks(d0, d1, step);
  }
  s.ticks = ticks;
  return s;
}

/** Pads a log domain by 4% of its decades on each side; rounds a linear one out to nice steps. */
function niceDomain(type: ScaleType, [a, b]: [number, number]): [number, number] {
  if (type === "log") {
    const pad = Math.max(0.02, (Math.log10(b) - Math.log10(a)) * 0.04);
    return [a / 10 ** pad, b * 10 ** pad];
  }
  const step = niceStep(b - a, 5);
  return [Math.floor(a / step) * step, Math.ceil(b / step) * step];
}

const r2 = (v: number) => Math.round(v * 100) / 100;

function linePath(points: readonly { x: number; y: number }[], sx: Scale, sy: Scale, ok: (p: { x: number; y: number }) => boolean): string {
  let d = "";
  let pen = false;
  for (const p of points) {
    if (!ok(p)) {
      pen = false;
      continue;
    }
    d += `${pen ? "L" : "M"}${r2(sx(p.x))},${r2(sy(p.y))}`;
    pen = true;
  }
  return d;
}

export interface ChartLayout {
  spec: ChartSpec;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  sx: Scale;
  sy: Scale;
  xDomain: [number, number];
  band: { rows: readonly string[]; label: string } | null;
  rowY: (row: string) => number;
  rowH: number;
  okX: (v: number) => boolean;
  okY: (v: number) => boolean;
}

/** Scales and plot box of a spec: what the renderer draws with and what read-outs hit-test against. */
export function chartLayout(spec: ChartSpec): ChartLayout {
  const { width, height } = spec;
  const band = "rows" in spec.y ? spec.y : null;
  const m = { left: band ? 150 : 70, right: 20, top: 22, bottom: 40, ...spec.margin };
  const x0 = m.left;
  const x1 = Math.max(x0 + 10, width - m.right);
  const y0 = height - m.bottom;
  const y1 = m.top;
  const okX = (v: number) => (spec.x.type === "log" ? finitePositive(v) : Number.isFinite(v));

  const xs: number[] = [];
  for (const l of spec.lines ?? []) for (const p of l.points) xs.push(p.x);
  for (const r of spec.rulesX ?? []) xs.push(r.at);
  for (const d of spec.dots ?? []) xs.push(d.x);
  for (const s of spec.spans ?? []) xs.push(s.x1, s.x2);
  const xDomain = spec.x.domain ?? niceDomain(spec.x.type, extent(xs, spec.x.type, spec.x.zero ?? false));
  const sx = scale(spec.x.type, xDomain, [x0, x1], Math.max(2, Math.floor((x1 - x0) / 80)), axisUnit(spec.x) === "s");

  let sy: Scale;
  let rowY: (row: string) => number = () => 0;
  let rowH = 0;
  const yAxis = band ? null : (spec.y as AxisSpec);
  if (band) {
    rowH = (y0 - y1) / Math.max(1, band.rows.length);
    const index = new Map(band.rows.map((r, i) => [r, i] as const));
    rowY = (row) => y1 + rowH * ((index.get(row) ?? 0) + 0.5);
    sy = Object.assign((v: number) => v, { ticks: [] as number[] });
  } else {
    const ya = yAxis as AxisSpec;
    const ys: number[] = [];
    for (const l of spec.lines ?? []) for (const p of l.points) if (okX(p.x)) ys.push(p.y);
    for (const r of spec.rulesY ?? []) ys.push(r.at);
    for (const d of spec.dots ?? []) ys.push(d.y);
    for (const s of spec.spans ?? []) if (s.y1 !== undefined && s.y2 !== undefined) ys.push(s.y1, s.y2);
    const yDomain = ya.domain ?? niceDomain(ya.type, extent(ys, ya.type, ya.zero ?? false));
    sy = scale(ya.type, yDomain, [y0, y1], Math.max(2, Math.floor((y0 - y1) / 50)), axisUnit(ya) === "s");
  }
  const okY = (v: number) => (band ? true : yAxis?.type === "log" ? finitePositive(v) : Number.isFinite(v));
  return { spec, x0, x1, y0, y1, sx, sy, xDomain, band, rowY, rowH, okX, okY };
}

/** The x values a read-out can stop at: every point of every labelled line, in order. */
export function readoutXs(l: ChartLayout): number[] {
  const set = new Set<number>();
  for (const line of l.spec.lines ?? []) for (const p of line.points) if (l.okX(p.x) && p.x >= l.xDomain[0] * (1 - 1e-9) && p.x <= l.xDomain[1] * (1 + 1e-9)) set.add(p.x);
  return [...set].sort((a, b) => a - b);
}

/** Each line's value at x (the point with that x, or none). */
export function valuesAt(l: ChartLayout, x: number): { line: LineMark; y: number | null }[] {
  return (l.spec.lines ?? []).map((line) => {
    const p = line.points.find((q) => q.x === x);
    return { line, y: p && l.okY(p.y) && Number.isFinite(p.y) ? p.y : null };
  });
}

/** Estimated width of 11 px text (system-ui averages ≈ 6.2 px a character; a margin keeps estimates safe). */
export const textWidth = (text: string, px = 11) => text.length * px * 0.6 + 2;
const TEXT_H = 12;

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}
const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** Greedy label placement: a label takes the first candidate box inside the chart that overlaps no placed label. */
class Placer {
  readonly boxes: Box[] = [];
  constructor(
    readonly width: number,
    readonly height: number,
  ) {}
  fits(b: Box): boolean {
    return b.x >= 0 && b.y >= 0 && b.x + b.w <= this.width && b.y + b.h <= this.height && !this.boxes.some((o) => overlaps(o, b));
  }
  take(b: Box): void {
    this.boxes.push(b);
  }
  /** The first fitting candidate (taken), or null. */
  place<T extends Box>(candidates: readonly T[]): T | null {
    for (const c of candidates) if (this.fits(c)) return (this.take(c), c);
    return null;
  }
}

const isRoundTick = (v: number) => {
  const l = Math.log10(v);
  return Math.abs(l - Math.round(l)) < 1e-9 || [60, 600, 3600, 86_400, 864_000, 31_536_000, 315_360_000].includes(v);
};

/** Thins ticks until their labels no longer collide: first the 2s and 5s of a log axis, then every other tick. */
function thinTicks(ticks: number[], log: boolean, collide: (ts: number[]) => boolean): number[] {
  let ts = ticks;
  if (log && collide(ts)) {
    const round = ts.filter(isRoundTick);
    if (round.length >= 2) ts = round;
  }
  for (let k = 0; k < 6 && ts.length > 2 && collide(ts); k++) {
    const last = ts.length - 1;
    ts = ts.filter((_, i) => (last - i) % 2 === 0);
  }
  return ts;
}

export function SvgChart({ spec, layout, readoutX = null }: { spec: ChartSpec; layout?: ChartLayout | undefined; readoutX?: number | null }): JSX.Element {
  const L = layout ?? chartLayout(spec);
  const { width, height } = spec;
  const { x0, x1, y0, y1, sx, sy, xDomain, band, rowY, rowH, okX, okY } = L;
  const yAxis = band ? null : (spec.y as AxisSpec);
  const inX = (v: number) => okX(v) && v >= xDomain[0] * (1 - 1e-9) && v <= xDomain[1] * (1 + 1e-9);
  const clampX = (v: number) => Math.min(x1, Math.max(x0, sx(v)));
  const textStyle = { fontSize: "11px" };
  /** A rule's label goes left of the rule when it would run past the plot's right edge (≈6 px a character). */
  const flip = (r: RuleMark) => sx(r.at) + 6 + (r.label?.length ?? 0) * 6 > x1;
  // Labels of vertical rules stack one text line apart, counting only the rules that have one.
  let labelRow = 0;
  const labelledRulesX = (spec.rulesX ?? []).filter((r) => inX(r.at)).map((r) => ({ r, row: r.label ? labelRow++ : 0 }));

  // --- labels that never collide or run out of the chart ---------------------------------------
  const placer = new Placer(width, height);
  const xLabelBox = (t: number) => {
    const text = spec.x.format(t);
    const w = textWidth(text);
    const cx = sx(t);
    const x = Math.min(width - w - 1, Math.max(1, cx - w / 2));
    return { x, y: y0 + 4, w, h: TEXT_H, text, anchorX: x + w / 2 };
  };
  const xTicks = thinTicks(sx.ticks, spec.x.type === "log", (ts) => ts.some((t, i) => i > 0 && overlaps(xLabelBox(ts[i - 1] as number), { ...xLabelBox(t), x: xLabelBox(t).x - 3 })));
  const xTickLabels = xTicks.map((t) => xLabelBox(t));
  for (const b of xTickLabels) placer.take(b);
  const yLabelBox = (t: number) => {
    const text = (yAxis as AxisSpec).format(t);
    const w = textWidth(text);
    return { x: Math.max(1, x0 - 6 - w), y: sy(t) + 4 - 10, w, h: TEXT_H, text };
  };
  const yTicks = band ? [] : thinTicks(sy.ticks, (yAxis as AxisSpec).type === "log", (ts) => ts.some((t, i) => i > 0 && Math.abs(sy(t) - sy(ts[i - 1] as number)) < TEXT_H + 1));
  // A y tick label in the corner where the first x tick label sits (a low x domain) gives way to it.
  const yTickLabels = yTicks.map((t) => ({ t, ...yLabelBox(t) })).filter((b) => !xTickLabels.some((x) => overlaps(x, b)));
  for (const b of yTickLabels) placer.take(b);
  const xTitle = { x: x1 - textWidth(spec.x.label, 11.5), y: height - 16, w: textWidth(spec.x.label, 11.5), h: TEXT_H };
  placer.take(xTitle);
  const yTitleText = band ? band.label : (yAxis as AxisSpec).label;
  placer.take({ x: 4, y: 2, w: textWidth(yTitleText, 11.5), h: TEXT_H });
  if (band) for (const r of band.rows) placer.take({ x: Math.max(0, x0 - 6 - textWidth(r.length > 22 ? `${r.slice(0, 21)}…` : r)), y: rowY(r) - 6, w: textWidth(r.length > 22 ? `${r.slice(0, 21)}…` : r), h: TEXT_H });
  const spanGeom = (spec.spans ?? [])
    .filter((sp) => okX(sp.x1) && okX(sp.x2))
    .map((sp) => {
      const top = sp.row !== undefined ? rowY(sp.row) - rowH * 0.35 : sy(sp.y2 ?? 0);
      const bottom = sp.row !== undefined ? rowY(sp.row) + rowH * 0.35 : sy(sp.y1 ?? 0);
      const left = clampX(Math.min(sp.x1, sp.x2));
      const right = clampX(Math.max(sp.x1, sp.x2));
      const box = sp.label ? { x: left + 4, y: (top + bottom) / 2 - 6, w: textWidth(sp.label), h: TEXT_H } : null;
      const showLabel = box !== null && box.w + 6 <= right - left && placer.fits(box);
      if (showLabel && box) placer.take(box);
      return { s: sp, left, right, top, bottom, showLabel };
    });
  // Vertical rules: stacked rows under the top; a label that still collides goes one row further down.
  const ruleXLabels = new Map<RuleMark, { x: number; y: number; anchor: "start" | "end" }>();
  for (const { r, row } of labelledRulesX) {
    if (!r.label) continue;
    const w = textWidth(r.label);
    const cx = sx(r.at);
    const cands = [];
    for (let k = row; k < row + 6; k++) {
      const y = y1 + 10 + k * 13;
      cands.push({ x: cx + 4, y: y - 10, w, h: TEXT_H, anchor: "start" as const, ty: y, tx: cx + 4 });
      cands.push({ x: cx - 4 - w, y: y - 10, w, h: TEXT_H, anchor: "end" as const, ty: y, tx: cx - 4 });
    }
    const order = flip(r) ? [...cands].sort((a, b) => (a.anchor === b.anchor ? 0 : a.anchor === "end" ? -1 : 1)) : cands;
    const hit = placer.place(order.filter((c) => c.y + c.h <= y0));
    if (hit) ruleXLabels.set(r, { x: hit.tx, y: hit.ty, anchor: hit.anchor });
  }
  const ruleYLabels = new Map<RuleMark, { x: number; y: number; anchor: "start" | "end" }>();
  for (const r of (spec.rulesY ?? []).filter((q) => okY(q.at))) {
    if (!r.label) continue;
    const w = textWidth(r.label);
    const y = sy(r.at);
    const hit = placer.place([
      { x: x0 + 4, y: y - 15, w, h: TEXT_H, tx: x0 + 4, ty: y - 5, anchor: "start" as const },
      { x: x1 - 4 - w, y: y - 15, w, h: TEXT_H, tx: x1 - 4, ty: y - 5, anchor: "end" as const },
      { x: x0 + 4, y: y + 3, w, h: TEXT_H, tx: x0 + 4, ty: y + 13, anchor: "start" as const },
      { x: x1 - 4 - w, y: y + 3, w, h: TEXT_H, tx: x1 - 4, ty: y + 13, anchor: "end" as const },
    ]);
    if (hit) ruleYLabels.set(r, { x: hit.tx, y: hit.ty, anchor: hit.anchor });
  }
  const dotLabels = new Map<DotMark, { x: number; y: number; anchor: "start" | "end" }>();
  for (const d of (spec.dots ?? []).filter((q) => okX(q.x) && okY(q.y))) {
    if (!d.label) continue;
    const w = textWidth(d.label);
    const cx = sx(d.x);
    const cy = d.row !== undefined ? rowY(d.row) : sy(d.y);
    const hit = placer.place([
      { x: cx + 6, y: cy - 16, w, h: TEXT_H, tx: cx + 6, ty: cy - 6, anchor: "start" as const },
      { x: cx + 6, y: cy + 4, w, h: TEXT_H, tx: cx + 6, ty: cy + 14, anchor: "start" as const },
      { x: cx - 6 - w, y: cy - 16, w, h: TEXT_H, tx: cx - 6, ty: cy - 6, anchor: "end" as const },
      { x: cx - 6 - w, y: cy + 4, w, h: TEXT_H, tx: cx - 6, ty: cy + 14, anchor: "end" as const },
      { x: cx + 8, y: cy - 6, w, h: TEXT_H, tx: cx + 8, ty: cy + 4, anchor: "start" as const },
      { x: cx - 8 - w, y: cy - 6, w, h: TEXT_H, tx: cx - 8, ty: cy + 4, anchor: "end" as const },
    ]);
    if (hit) dotLabels.set(d, { x: hit.tx, y: hit.ty, anchor: hit.anchor });
  }
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={spec.title}
      font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
      font-size="11"
      style={{ background: "white" }}
    >
      <title>{spec.title}</title>
      <g class="grid" stroke="#e5e7eb">
        {sx.ticks.map((t) => (
          <line key={`gx${t}`} x1={r2(sx(t))} x2={r2(sx(t))} y1={y1} y2={y0} />
        ))}
        {band
          ? null
          : sy.ticks.map((t) => (
              <line key={`gy${t}`} x1={x0} x2={x1} y1={r2(sy(t))} y2={r2(sy(t))} />
            ))}
      </g>
      <g class="axis-x" fill="#374151">
        <line x1={x0} x2={x1} y1={y0} y2={y0} stroke="#6b7280" />
        {xTickLabels.map((b) => (
          <text key={`tx${b.text}`} x={r2(b.anchorX)} y={y0 + 14} text-anchor="middle" style={textStyle}>
            {b.text}
          </text>
        ))}
        <text x={x1} y={height - 6} text-anchor="end" font-weight="600">
          {spec.x.label}
        </text>
      </g>
      <g class="axis-y" fill="#374151">
        <line x1={x0} x2={x0} y1={y1} y2={y0} stroke="#6b7280" />
        {band
          ? band.rows.map((r) => (
              <text key={`ty${r}`} x={x0 - 6} y={r2(rowY(r)) + 4} text-anchor="end" style={textStyle}>
                {r.length > 22 ? `${r.slice(0, 21)}…` : r}
              </text>
            ))
          : yTickLabels.map((b) => (
              <text key={`ty${b.t}`} x={x0 - 6} y={r2(sy(b.t)) + 4} text-anchor="end" style={textStyle}>
                {b.text}
              </text>
            ))}
        <text x={4} y={12} font-weight="600">
          {band ? band.label : (yAxis as AxisSpec).label}
        </text>
      </g>
      <g class="spans">
        {spanGeom.map(({ s, left, right, top, bottom, showLabel }, k) => (
          <g key={`s${k}`}>
            <rect x={r2(left)} y={r2(Math.min(top, bottom))} width={r2(Math.max(1, right - left))} height={r2(Math.abs(bottom - top))} fill={s.color} fill-opacity={s.opacity ?? 0.8} />
            {showLabel ? (
              <text x={r2(left + 4)} y={r2((top + bottom) / 2) + 4} fill="white" style={textStyle}>
                {s.label}
              </text>
            ) : null}
          </g>
        ))}
      </g>
      <g class="rules-y">
        {(spec.rulesY ?? []).filter((r) => okY(r.at)).map((r, k) => (
          <g key={`ry${k}`}>
            <line x1={x0} x2={x1} y1={r2(sy(r.at))} y2={r2(sy(r.at))} stroke={r.color} stroke-width={r.width ?? 1.2} stroke-dasharray={r.dash} stroke-opacity={r.opacity} />
            {ruleYLabels.has(r) ? (
              <text x={r2(ruleYLabels.get(r)?.x ?? 0)} y={r2(ruleYLabels.get(r)?.y ?? 0)} fill={r.color} text-anchor={ruleYLabels.get(r)?.anchor}>
                {r.label}
              </text>
            ) : null}
          </g>
        ))}
      </g>
      <g class="lines" fill="none">
        {(spec.lines ?? []).map((l, k) => (
          <path key={`l${k}`} d={linePath(l.points, sx, sy, (p) => okX(p.x) && okY(p.y))} stroke={l.color} stroke-width={l.width ?? 1.8} stroke-dasharray={l.dash} stroke-linejoin="round" stroke-linecap="round">
            {l.label ? <title>{l.label}</title> : null}
          </path>
        ))}
      </g>
      <g class="rules-x">
        {labelledRulesX.map(({ r }, k) => (
          <g key={`rx${k}`}>
            <line x1={r2(sx(r.at))} x2={r2(sx(r.at))} y1={y1} y2={y0} stroke={r.color} stroke-width={r.width ?? 1.2} stroke-dasharray={r.dash} stroke-opacity={r.opacity} />
            {ruleXLabels.has(r) ? (
              <text x={r2(ruleXLabels.get(r)?.x ?? 0)} y={r2(ruleXLabels.get(r)?.y ?? 0)} fill={r.color} text-anchor={ruleXLabels.get(r)?.anchor}>
                {r.label}
              </text>
            ) : null}
          </g>
        ))}
      </g>
      <g class="dots">
        {(spec.dots ?? []).filter((d) => okX(d.x) && okY(d.y)).map((d, k) => {
          const cy = d.row !== undefined ? rowY(d.row) : sy(d.y);
          return (
            <g key={`d${k}`}>
              <circle cx={r2(sx(d.x))} cy={r2(cy)} r={d.r ?? 4} fill={d.color} stroke="white" stroke-width="1" />
              {dotLabels.has(d) ? (
                <text x={r2(dotLabels.get(d)?.x ?? 0)} y={r2(dotLabels.get(d)?.y ?? 0)} fill="#374151" style={textStyle} text-anchor={dotLabels.get(d)?.anchor}>
                  {d.label}
                </text>
              ) : null}
            </g>
          );
        })}
      </g>
      {readoutX !== null && inX(readoutX) && !band ? (
        <g class="readout" pointer-events="none">
          <line x1={r2(sx(readoutX))} x2={r2(sx(readoutX))} y1={y1} y2={y0} stroke="#6b7280" stroke-width="1" stroke-dasharray="3 2" />
          {valuesAt(L, readoutX).map(({ line, y }, k) =>
            y === null ? null : <circle key={`ro${k}`} cx={r2(sx(readoutX))} cy={r2(sy(y))} r="4" fill={line.color} stroke="white" stroke-width="1.5" />,
          )}
        </g>
      ) : null}
    </svg>
  );
}
