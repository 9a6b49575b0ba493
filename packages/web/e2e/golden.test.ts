/**
 * Golden SVGs of the main charts for fixed inputs, committed under e2e/golden/ so that a change in a
 * curve, a marker or an axis shows up in `git diff` and is reviewed. Regenerate with UPDATE_GOLDEN=1.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, inject, it } from "vitest";
import { chartSvg, openPage, useBrowser } from "./browser.ts";

const base = inject("baseUrl");
const GOLDEN = fileURLToPath(new URL("./golden/", import.meta.url));
const UPDATE = process.env["UPDATE_GOLDEN"] === "1";

/** One element per line, so diffs read well. */
function pretty(svg: string): string {
  return `${svg.replace(/></g, ">\n<")}\n`;
}

const CASES: { file: string; query: string; chart: string }[] = [
  { file: "batch-time.svg", query: "page=batch", chart: "batch-time" },
  { file: "batch-cost.svg", query: "page=batch", chart: "batch-cost" },
  { file: "batch-time-h100-llama70b.svg", query: "page=batch&model=llama-3.1-70b&hw=nvidia-h100-sxm5-80gb&chips=8&ctx=2048", chart: "batch-time" },
  { file: "context-cost.svg", query: "page=context", chart: "context-cost" },
  { file: "context-cost-gpt-oss-120b.svg", query: "page=context&model=gpt-oss-120b&hw=nvidia-b200-hgx&chips=8", chart: "context-cost" },
  { file: "prefill-cost.svg", query: "page=prefill", chart: "prefill-cost" },
  { file: "prefill-time.svg", query: "page=prefill", chart: "prefill-time" },
  { file: "train-timeline.svg", query: "page=train", chart: "train-timeline" },
  { file: "hardware-flop-per-byte.svg", query: "page=hardware", chart: "hardware-flop-per-byte" },
  { file: "hardware-drain.svg", query: "page=hardware", chart: "hardware-drain" },
  { file: "hardware-scale-up.svg", query: "page=hardware", chart: "hardware-scale-up" },
  { file: "model-parts.svg", query: "page=model", chart: "model-parts" },
];

const browser = useBrowser({ width: 1280, height: 800 });

describe("golden chart SVGs at 1280×800", () => {
  for (const c of CASES) {
    it(`${c.file} (${c.query})`, async () => {
      const { page, errors } = await openPage(browser(), `${base}?${c.query}`);
      const svg = pretty(await chartSvg(page, c.chart));
      const path = join(GOLDEN, c.file);
      if (UPDATE) {
        mkdirSync(GOLDEN, { recursive: true });
        writeFileSync(path, svg);
      }
      expect(existsSync(path), `golden SVG ${path} is missing; run with UPDATE_GOLDEN=1 to write it`).toBe(true);
      expect(svg).toBe(readFileSync(path, "utf8"));
      expect(errors).toEqual([]);
      await page.close();
    });
  }
});
