/**
 * Golden SVGs of the main charts for fixed inputs, committed under e2e/golden/ so that a change in a
 * curve, a marker or an axis shows up in `git diff` and is reviewed. Regenerate with UPDATE_GOLDEN=1.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, inject, it } from "vitest";
import { chartSvg, openPage, useBrowser } from "./browser.ts";
import { GOLDEN_CASES as CASES } from "./golden-cases.ts";

const base = inject("baseUrl");
const GOLDEN = fileURLToPath(new URL("./golden/", import.meta.url));
const UPDATE = process.env["UPDATE_GOLDEN"] === "1";

/** One element per line, so diffs read well. */
function pretty(svg: string): string {
  return `${svg.replace(/></g, ">\n<")}\n`;
}


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
