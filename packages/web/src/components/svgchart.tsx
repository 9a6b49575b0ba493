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
        {sx.ticks.map((t) => (
          <text key={`tx${t}`} x={r2(sx(t))} y={y0 + 14} text-anchor="middle" style={textStyle}>
            {spec.x.format(t)}
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
          : sy.ticks.map((t) => (
              <text key={`ty${t}`} x={x0 - 6} y={r2(sy(t)) + 4} text-anchor="end" style={textStyle}>
                {(yAxis as AxisSpec).format(t)}
              </text>
            ))}
        <text x={4} y={12} font-weight="600">
          {band ? band.label : (yAxis as AxisSpec).label}
        </text>
      </g>
      <g class="spans">
        {(spec.spans ?? []).map((s, k) => {
          if (!okX(s.x1) || !okX(s.x2)) return null;
          const top = s.row !== undefined ? rowY(s.row) - rowH * 0.35 : sy(s.y2 ?? 0);
          const bottom = s.row !== undefined ? rowY(s.row) + rowH * 0.35 : sy(s.y1 ?? 0);
          const left = clampX(Math.min(s.x1, s.x2));
          const right = clampX(Math.max(s.x1, s.x2));
          return (
            <g key={`s${k}`}>
              <rect x={r2(left)} y={r2(Math.min(top, bottom))} width={r2(Math.max(1, right - left))} height={r2(Math.abs(bottom - top))} fill={s.color} fill-opacity={s.opacity ?? 0.8} />
              {s.label ? (
                <text x={r2(left + 4)} y={r2((top + bottom) / 2) + 4} fill="white" style={textStyle}>
                  {s.label}
                </text>
              ) : null}
            </g>
          );
        })}
      </g>
      <g class="rules-y">
        {(spec.rulesY ?? []).filter((r) => okY(r.at)).map((r, k) => (
          <g key={`ry${k}`}>
            <line x1={x0} x2={x1} y1={r2(sy(r.at))} y2={r2(sy(r.at))} stroke={r.color} stroke-width={r.width ?? 1.2} stroke-dasharray={r.dash} stroke-opacity={r.opacity} />
            {r.label ? (
              <text x={x0 + 4} y={r2(sy(r.at)) - 5} fill={r.color}>
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
        {labelledRulesX.map(({ r, row }, k) => (
          <g key={`rx${k}`}>
            <line x1={r2(sx(r.at))} x2={r2(sx(r.at))} y1={y1} y2={y0} stroke={r.color} stroke-width={r.width ?? 1.2} stroke-dasharray={r.dash} stroke-opacity={r.opacity} />
            {r.label ? (
              <text x={r2(sx(r.at)) + (flip(r) ? -4 : 4)} y={y1 + 10 + row * 13} fill={r.color} text-anchor={flip(r) ? "end" : "start"}>
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
              {d.label ? (
                <text x={r2(sx(d.x)) + 6} y={r2(cy) - 6} fill="#374151" style={textStyle}>
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
