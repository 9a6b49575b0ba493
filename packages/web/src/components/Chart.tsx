/**
 * A chart: its title and the scenario it shows (model, system × chips, precisions, context, batch), a
 * legend, the SVG of the spec that `spec(width)` builds (svgchart.tsx), a read-out, and SVG/PNG
 * downloads that carry title, scenario, legend and the URL that reproduces the view.
 *
 * Read-out: a crosshair follows the pointer (mouse, pen or touch) or the arrow keys (the chart box is
 * focusable) and lists every series' value at that x in its unit, formatted as the CLI prints it.
 * A click, a tap or Enter pins the point (again: unpins it); several points can be pinned (their values
 * are listed under the chart, each column removable); where the page gives the derivations at a point
 * (`explainAt`), the pinned values open them. The pins live in the URL, so a reload restores them. The box keeps a fixed height so that dragging a control
 * never moves the page.
 */
import { formatQuantity, type Derivation } from "@roofline/core";
import { Fragment, type ComponentChildren } from "preact";
import { useContext, useLayoutEffect, useMemo, useRef, useState } from "preact/hooks";
import { downloadBlob, downloadText, slug } from "./download.ts";
import { ExplainContext } from "./explain.ts";
import { Num } from "./Num.tsx";
import { axisUnit } from "./chart-style.ts";
import { currentUrl, parsePins, PinContext, ScenarioContext, withChartPins, MAX_PINS_PER_CHART } from "./scenario.ts";
import { chartLayout, readoutXs, SvgChart, valuesAt, type AxisSpec, type ChartLayout, type ChartSpec } from "./svgchart.tsx";

export interface LegendItem {
  label: string;
  color: string;
  dash?: boolean;
}

export interface ChartProps {
  /** Stable id: file names, tests (data-chart) and golden SVGs. */
  id: string;
  title: string;
  /** The chart at this width and height (px). */
  spec: (width: number, height: number) => ChartSpec;
  height?: number;
  legend?: readonly LegendItem[];
  /** What the chart shows, when it is not the page's scenario (e.g. "every catalog chip, per chip"). */
  scenario?: string;
  /** The page's derivations at a point of the x axis: a pinned read-out opens them (lines name theirs by `key`). */
  explainAt?: (x: number) => Record<string, Derivation>;
  children?: ComponentChildren;
}

const XMLNS = "http://www.w3.org/2000/svg";

function svgOf(box: HTMLElement | null): SVGSVGElement | null {
  return box?.querySelector("svg") ?? null;
}

/** The chart alone as a standalone SVG document. */
export function svgText(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute("xmlns", XMLNS);
  for (const el of clone.querySelectorAll(".readout")) el.remove();
  return `<?xml version="1.0" encoding="UTF-8"?>\n${clone.outerHTML}\n`;
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Splits text into lines of at most `chars` characters at spaces (≈ 6.2 px a character at 11 px). */
function wrap(text: string, chars: number): string[] {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > chars) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}

/**
 * The export: title, scenario, legend, the chart, and the URL that reproduces it, in one SVG
 * document (the PNG is this, rasterised).
 */
export function exportSvgText(svg: SVGSVGElement, title: string, scenario: string | null, legend: readonly LegendItem[], url: string): { text: string; width: number; height: number } {
  const w = svg.width.baseVal.value || svg.getBoundingClientRect().width;
  const h = svg.height.baseVal.value || svg.getBoundingClientRect().height;
  const chars = Math.max(20, Math.floor((w - 16) / 6.4));
  const head: string[] = [];
  let y = 20;
  head.push(`<text x="8" y="${y}" font-size="14" font-weight="700" fill="#111827">${esc(title)}</text>`);
  for (const line of scenario ? wrap(scenario, chars) : []) {
    y += 16;
    head.push(`<text x="8" y="${y}" font-size="11" fill="#374151" class="export-scenario">${esc(line)}</text>`);
  }
  // Legend: items flow left to right, wrapping at the width.
  let lx = 8;
  let ly = y + 18;
  const items: string[] = [];
  for (const l of legend) {
    const itemW = 30 + l.label.length * 6.2 + 14;
    if (lx > 8 && lx + itemW > w - 8) {
      lx = 8;
      ly += 16;
    }
    items.push(
      `<g class="export-legend"><line x1="${lx}" y1="${ly - 4}" x2="${lx + 22}" y2="${ly - 4}" stroke="${esc(l.color)}" stroke-width="2.5"${l.dash ? ' stroke-dasharray="4 3"' : ""}/><text x="${lx + 28}" y="${ly}" font-size="11" fill="#111827">${esc(l.label)}</text></g>`,
    );
    lx += itemW;
  }
  const top = (legend.length ? ly : y) + 10;
  const clone = svg.cloneNode(true) as SVGSVGElement;
  for (const el of clone.querySelectorAll(".readout")) el.remove();
  clone.setAttribute("x", "0");
  clone.setAttribute("y", String(top));
  clone.removeAttribute("xmlns");
  const urlLines = wrap(url.replace(/&/g, "& "), chars + 8).map((s) => s.replace(/& /g, "&"));
  const footTop = top + h + 14;
  const foot = urlLines.map((line, i) => `<text x="8" y="${footTop + i * 13}" font-size="10" fill="#374151" class="export-url">${esc(line)}</text>`);
  const height = Math.ceil(footTop + urlLines.length * 13 + 4);
  const text = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="${XMLNS}" width="${w}" height="${height}" viewBox="0 0 ${w} ${height}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif">`,
    `<title>${esc(title)}${scenario ? ` — ${esc(scenario)}` : ""}</title>`,
    `<desc>${esc(url)}</desc>`,
    `<rect width="100%" height="100%" fill="white"/>`,
    ...head,
    ...items,
    clone.outerHTML,
    ...foot,
    `</svg>`,
    "",
  ].join("\n");
  return { text, width: w, height };
}

async function pngOf(doc: { text: string; width: number; height: number }, scale = 2): Promise<Blob> {
  const { width: w, height: h } = doc;
  const url = URL.createObjectURL(new Blob([doc.text], { type: "image/svg+xml" }));
  try {
    const img = new Image();
    img.width = w;
    img.height = h;
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error("the SVG could not be rasterised"));
      img.src = url;
    });
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(w * scale);
    canvas.height = Math.round(h * scale);
    const ctx = canvas.getContext("2d");
    if (!ctx) throw new Error("no 2D canvas");
    ctx.fillStyle = "white";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, w, h);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("PNG encoding failed"))), "image/png"));
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** A y value in the axis's unit, as the CLI prints it (4 significant digits), or the tick format. */
function readoutValue(axis: AxisSpec, v: number): string {
  const unit = axisUnit(axis);
  return unit ? formatQuantity(v, unit, 4) : axis.format(v);
}

function nearestIndex(xs: readonly number[], l: ChartLayout, px: number): number {
  let best = -1;
  let dist = Infinity;
  for (let i = 0; i < xs.length; i++) {
    const d = Math.abs(l.sx(xs[i] as number) - px);
    if (d < dist) {
      dist = d;
      best = i;
    }
  }
  return best;
}

export function Chart({ id, title, spec, height = 340, legend, scenario, explainAt, children }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [status, setStatus] = useState("");
  const [hover, setHover] = useState<number | null>(null);
  // The pinned points live in the URL when the app provides it (several per view), so a reload restores them.
  const [localPins, setLocalPins] = useState<number[]>([]);
  const pinApi = useContext(PinContext);
  const pins = pinApi ? parsePins(pinApi.pin).filter((p) => p.chart === id).map((p) => p.x) : localPins;
  /** The active pin (the last one): the read-out shows it when nothing is hovered; the keys move it. */
  const pinned = pins.length ? (pins[pins.length - 1] as number) : null;
  const setPins = (xs: readonly number[]) => {
    const kept = [...new Set(xs)].slice(-MAX_PINS_PER_CHART);
    if (pinApi) pinApi.setPin(withChartPins(pinApi.pin, id, kept));
    else setLocalPins(kept);
  };
  const pageScenario = useContext(ScenarioContext);
  const api = useContext(ExplainContext);
  const scenarioLine = scenario ?? pageScenario;

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    setWidth(Math.floor(el.clientWidth));
    const ro = new ResizeObserver(() => {
      const w = Math.floor(el.clientWidth);
      setWidth((old) => (Math.abs(old - w) > 1 ? w : old));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // A derivation opened from a pinned point (explain=<chart>.at.<x>.<key> in the URL) is registered at
  // once, before the chart has measured its width and drawn the read-out, so a reload reopens it.
  for (const x of explainAt ? pins : []) {
    if (!api.openId.startsWith(`${id}.at.${x}.`) || !explainAt) continue;
    const key = api.openId.slice(`${id}.at.${x}.`.length);
    api.register(api.openId, () => explainAt(x)[key] ?? null);
  }
  const drawn = width > 0 ? spec(width, height) : null;
  // Pinned points other than the read-out's are marked by thin rules.
  const built = drawn && pins.length > 1 ? { ...drawn, rulesX: [...(drawn.rulesX ?? []), ...pins.map((x) => ({ at: x, color: "#6b7280", dash: "1 3", width: 1.5 }))] } : drawn;
  const layout = useMemo(() => (built ? chartLayout(built) : null), [built]);
  const xs = useMemo(() => (layout ? readoutXs(layout) : []), [layout]);
  const yAxis = built && !("rows" in built.y) ? (built.y as AxisSpec) : null;
  const interactive = xs.length > 0 && yAxis !== null;
  // The read-out's x: the hovered one, else the active pin; snapped to a point that exists now.
  const snap = (x: number | null) => (x === null || !layout || xs.length === 0 ? null : (xs[nearestIndex(xs, layout, layout.sx(x))] ?? null));
  const shownX = snap(hover ?? pinned);
  const shownPinned = shownX !== null && pins.includes(shownX);

  const doExport = () => {
    const svg = svgOf(box.current);
    if (!svg) return null;
    return exportSvgText(svg, title, scenarioLine, legend ?? [], currentUrl());
  };
  const saveSvg = () => {
    const doc = doExport();
    if (doc) downloadText(`${slug(id)}.svg`, doc.text, "image/svg+xml");
  };
  const savePng = () => {
    const doc = doExport();
    if (!doc) return;
    pngOf(doc).then(
      (b) => {
        downloadBlob(`${slug(id)}.png`, b);
        setStatus("");
      },
      (e: Error) => setStatus(e.message),
    );
  };

  const xAt = (clientX: number): number | null => {
    const el = box.current;
    const svg = svgOf(el);
    if (!svg || !layout) return null;
    const r = svg.getBoundingClientRect();
    const px = ((clientX - r.left) / Math.max(1, r.width)) * layout.spec.width;
    if (px < layout.x0 - 12 || px > layout.x1 + 12) return null;
    const i = nearestIndex(xs, layout, px);
    return i >= 0 ? (xs[i] ?? null) : null;
  };
  const keyed = layout ? (layout.spec.lines ?? []).filter((l) => l.key) : [];
  const numId = (x: number, key: string) => `${id}.at.${x}.${key}`;
  /** Pins x (and opens its main derivation), or unpins it if it is pinned already. */
  const toggle = (x: number | null) => {
    if (x === null) return;
    if (pins.includes(x)) {
      setPins(pins.filter((p) => p !== x));
      return;
    }
    setPins([...pins, x]);
    const main = keyed[keyed.length - 1];
    if (explainAt && main?.key) api.open(numId(x, main.key));
  };
  const onKey = (e: KeyboardEvent) => {
    if (!interactive || !layout) return;
    const cur = shownX === null ? -1 : xs.indexOf(shownX);
    let next = cur;
    if (e.key === "ArrowRight") next = Math.min(xs.length - 1, cur + 1);
    else if (e.key === "ArrowLeft") next = cur < 0 ? xs.length - 1 : Math.max(0, cur - 1);
    else if (e.key === "Home") next = 0;
    else if (e.key === "End") next = xs.length - 1;
    else if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      toggle(shownX);
      return;
    } else if (e.key === "Escape") {
      // Escape unpins the point shown (or the active one) and stops the read-out.
      const x = shownPinned ? shownX : pinned;
      if (x !== null) setPins(pins.filter((p) => p !== x));
      setHover(null);
      return;
    } else return;
    e.preventDefault();
    setHover(xs[next] ?? null);
  };

  const xAxis = built?.x;
  const rows = shownX !== null && layout ? valuesAt(layout, shownX).filter((r) => r.line.label) : [];
  const xUnit = xAxis ? axisUnit(xAxis) : undefined;
  const xText = shownX !== null && xAxis ? `${xAxis.label.replace(/\s*[→↑]\s*/g, " ").trim()}: ${xUnit && xUnit !== "1" ? formatQuantity(shownX, xUnit, 6) : formatQuantity(shownX, "1", 6)}` : "";
  const leftPct = shownX !== null && layout ? (layout.sx(shownX) / layout.spec.width) * 100 : 0;

  return (
    <figure class="chart" data-chart={id}>
      <figcaption>
        <span class="chart-heading">
          <span class="chart-title">{title}</span>
          {scenarioLine ? (
            <span class="chart-scenario" data-scenario={scenarioLine}>
              {scenarioParts(scenarioLine)}
            </span>
          ) : null}
        </span>
        <span class="chart-actions">
          <button type="button" onClick={saveSvg} aria-label={`Save "${title}" as SVG`}>
            SVG
          </button>
          <button type="button" onClick={savePng} aria-label={`Save "${title}" as PNG`}>
            PNG
          </button>
          <span class="muted" role="status">
            {status}
          </span>
        </span>
      </figcaption>
      {legend && legend.length > 0 ? (
        <ul class="legend" aria-label="Legend">
          {legend.map((l) => (
            <li key={l.label}>
              <svg width="22" height="10" aria-hidden="true">
                <line x1="1" y1="5" x2="21" y2="5" stroke={l.color} stroke-width="2.5" stroke-dasharray={l.dash ? "4 3" : undefined} />
              </svg>
              {l.label}
            </li>
          ))}
        </ul>
      ) : null}
      <div
        class={interactive ? "chart-box chart-interactive" : "chart-box"}
        ref={box}
        style={{ height: `${height}px` }}
        tabIndex={interactive ? 0 : undefined}
        role={interactive ? "group" : undefined}
        aria-label={interactive ? `${title}: arrow keys read values off the chart, Enter pins a point` : undefined}
        onPointerMove={interactive ? (e) => setHover(xAt(e.clientX)) : undefined}
        onPointerDown={interactive ? (e) => e.pointerType !== "mouse" && setHover(xAt(e.clientX)) : undefined}
        onPointerLeave={interactive ? (e) => e.pointerType === "mouse" && setHover(null) : undefined}
        onClick={interactive ? (e) => toggle(xAt(e.clientX)) : undefined}
        onKeyDown={onKey}
      >
        {built ? <SvgChart spec={built} layout={layout ?? undefined} readoutX={shownX} /> : null}
        {shownX !== null && yAxis ? (
          <div class={leftPct > 55 ? "readout-box readout-left" : "readout-box"} style={{ left: `${leftPct}%` }} data-readout={String(shownX)} role="status" aria-live="polite" onClick={(e) => e.stopPropagation()}>
            <div class="readout-x">
              {xText}
              {shownPinned ? <span class="muted"> · pinned</span> : null}
            </div>
            <table>
              <tbody>
                {rows.map(({ line, y }, k) => (
                  <tr key={k} data-series={line.label}>
                    <td>
                      <span class="swatch" style={{ background: line.color }} aria-hidden="true" />
                      {line.label}
                    </td>
                    <td class="num-col" data-y={y === null ? "" : String(y)}>
                      {/* A pinned point's values open their derivations in the pinned table under the chart. */}
                      {y === null ? "—" : readoutValue(yAxis, y)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </div>
      {layout && yAxis && pins.length > 0 ? (
        <PinnedTable
          id={id}
          layout={layout}
          yAxis={yAxis}
          // Each pin at the curve's nearest point now (the curve's points move with the inputs); unpinning removes the pin as written.
          pins={pins.flatMap((p) => {
            const x = snap(p);
            return x === null ? [] : [{ pin: p, x }];
          })}
          explainAt={explainAt}
          numId={numId}
          unpin={(p) => setPins(pins.filter((q) => q !== p))}
        />
      ) : null}
      {children}
    </figure>
  );
}

/** Every pinned point's values, one column per point (x as the read-out prints it), each removable. */
function PinnedTable({ id, layout, yAxis, pins, explainAt, numId, unpin }: { id: string; layout: ChartLayout; yAxis: AxisSpec; pins: readonly { pin: number; x: number }[]; explainAt: ChartProps["explainAt"]; numId: (x: number, key: string) => string; unpin: (pin: number) => void }) {
  const xAxis = layout.spec.x;
  const xUnit = axisUnit(xAxis);
  const seen = new Set<number>();
  const cols = pins.filter((p) => (seen.has(p.x) ? false : (seen.add(p.x), true))).map(({ pin, x }) => ({ pin, x, rows: valuesAt(layout, x).filter((r) => r.line.label) }));
  const series = cols[0]?.rows.map((r) => r.line) ?? [];
  const xName = xAxis.label.replace(/\s*[→↑]\s*/g, " ").trim();
  return (
    <div class="table-scroll pinned-points">
      <table class="compare-table" data-pinned={id}>
        <caption class="small">Pinned points ({xName}); click a point again, or press Escape on it, to unpin</caption>
        <thead>
          <tr>
            <th scope="col">series</th>
            {cols.map(({ pin, x }) => (
              <th scope="col" key={x} data-pin-x={String(x)}>
                {formatQuantity(x, xUnit && xUnit !== "1" ? xUnit : "1", 6)}{" "}
                <button type="button" class="unpin" onClick={() => unpin(pin)} aria-label={`Unpin ${xName} ${formatQuantity(x, xUnit && xUnit !== "1" ? xUnit : "1", 6)}`}>
                  ×
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {series.map((line, k) => (
            <tr key={k} data-series={line.label}>
              <th scope="row">
                <span class="swatch" style={{ background: line.color }} aria-hidden="true" />
                {line.label}
              </th>
              {cols.map(({ x, rows }) => {
                const y = rows[k]?.y ?? null;
                return (
                  <td class="num-col" key={x} data-y={y === null ? "" : String(y)}>
                    {y === null ? "—" : explainAt && line.key ? <Num id={numId(x, line.key)} value={y} unit={axisUnit(yAxis) ?? "1"} text={readoutValue(yAxis, y)} d={() => explainAt(x)[line.key as string] ?? null} /> : readoutValue(yAxis, y)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The scenario's parts, each kept on one line, so that a changing number reflows one part at most. */
function scenarioParts(text: string) {
  const parts = text.split(" · ");
  // The separator stays outside the unbreakable part: the line may break after it.
  return parts.map((p, i) => (
    <Fragment key={i}>
      <span class="nowrap">
        {p}
        {i < parts.length - 1 ? " ·" : ""}
      </span>
      {i < parts.length - 1 ? " " : ""}
    </Fragment>
  ));
}

/** In place of a chart when the inputs give nothing to draw: says why, offers the next step, keeps the space. */
export function ChartMessage({ title, message, height = 340, children }: { title: string; message: string; height?: number; children?: ComponentChildren }) {
  const scenario = useContext(ScenarioContext);
  return (
    <figure class="chart">
      <figcaption>
        <span class="chart-heading">
          <span class="chart-title">{title}</span>
          {scenario ? <span class="chart-scenario">{scenarioParts(scenario)}</span> : null}
        </span>
      </figcaption>
      <div class="chart-box chart-message" style={{ height: `${height}px` }} role="note">
        <div>
          <p>{message}</p>
          {children}
        </div>
      </div>
    </figure>
  );
}
