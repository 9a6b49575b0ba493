/**
 * A chart: a caption, a legend, the SVG of the spec that `spec(width)` builds (svgchart.tsx), and
 * SVG/PNG downloads. The box keeps a fixed height so that dragging a control never moves the page.
 */
import type { ComponentChildren } from "preact";
import { useLayoutEffect, useRef, useState } from "preact/hooks";
import { downloadBlob, downloadText, slug } from "./download.ts";
import { SvgChart, type ChartSpec } from "./svgchart.tsx";

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
  children?: ComponentChildren;
}

const XMLNS = "http://www.w3.org/2000/svg";

function svgOf(box: HTMLElement | null): SVGSVGElement | null {
  return box?.querySelector("svg") ?? null;
}

/** The chart as a standalone SVG document. */
export function svgText(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute("xmlns", XMLNS);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${clone.outerHTML}\n`;
}

async function pngOf(svg: SVGSVGElement, scale = 2): Promise<Blob> {
  const w = svg.width.baseVal.value || svg.getBoundingClientRect().width;
  const h = svg.height.baseVal.value || svg.getBoundingClientRect().height;
  const url = URL.createObjectURL(new Blob([svgText(svg)], { type: "image/svg+xml" }));
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

export function Chart({ id, title, spec, height = 340, legend, children }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [status, setStatus] = useState("");

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

  const saveSvg = () => {
    const svg = svgOf(box.current);
    if (svg) downloadText(`${slug(id)}.svg`, svgText(svg), "image/svg+xml");
  };
  const savePng = () => {
    const svg = svgOf(box.current);
    if (!svg) return;
    pngOf(svg).then(
      (b) => {
        downloadBlob(`${slug(id)}.png`, b);
        setStatus("");
      },
      (e: Error) => setStatus(e.message),
    );
  };

  return (
    <figure class="chart" data-chart={id}>
      <figcaption>
        <span class="chart-title">{title}</span>
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
      <div class="chart-box" ref={box} style={{ height: `${height}px` }}>
        {width > 0 ? <SvgChart spec={spec(width, height)} /> : null}
      </div>
      {children}
    </figure>
  );
}

/** In place of a chart when the inputs give nothing to draw: says why, keeps the space. */
export function ChartMessage({ title, message, height = 340 }: { title: string; message: string; height?: number }) {
  return (
    <figure class="chart">
      <figcaption>
        <span class="chart-title">{title}</span>
      </figcaption>
      <div class="chart-box chart-message" style={{ height: `${height}px` }} role="note">
        {message}
      </div>
    </figure>
  );
}
