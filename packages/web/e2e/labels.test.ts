/**
 * Labels never collide and never run out of their chart: every text box of every golden chart is
 * measured by the browser (getBoundingClientRect of each <text>), at a desktop and a phone viewport;
 * any two that overlap, or one that leaves the SVG, fails the test with both texts named.
 */
import { describe, expect, inject, it } from "vitest";
import { openPage, useBrowser } from "./browser.ts";
import { GOLDEN_CASES } from "./golden-cases.ts";

const base = inject("baseUrl");

interface TextBox {
  text: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Pages whose charts are not golden: every chart on them is measured too (some with comparisons drawn). */
const MORE_PAGES = [
  "page=modes",
  "page=worldmodel",
  "page=kv-tiers",
  "page=prices",
  "page=training",
  "page=specdec",
  "page=kv-tiers&model=llama-3.1-70b&cmp=model:deepseek-v3",
  "page=prices&model=llama-3.1-70b&chips=8&cmp=hw:nvidia-b200-hgx;kv:fp8",
  "page=training&cmp=hw:nvidia-b200-hgx;hw:amd-mi355x",
  "page=specdec&cmp=hw:nvidia-b200-hgx;model:llama-3.1-8b",
  "page=validation&cmp=eff:ideal;eff:expected",
  "page=worldmodel&cmp=hw:nvidia-b200-hgx;hw:amd-mi355x",
  "page=context&model=llama-3.1-70b&hw=nvidia-h100-sxm5-80gb&chips=8&cmp=model:qwen3-30b-a3b",
  "page=layout&cmp=hw:nvidia-b200-hgx;kv:fp8",
  "page=train&model=llama-3.1-70b&hw=nvidia-h100-sxm5-80gb&chips=8&cmp=hw:nvidia-b200-hgx;eff:expected",
  "page=operators&model=deepseek-v3&hw=nvidia-h100-sxm5-80gb&chips=8&cmp=eff:expected",
];

async function measure(page: import("playwright-core").Page, selector: string): Promise<string[]> {
  const svg = page.locator(selector);
  await svg.waitFor();
  const { boxes, frame } = await svg.evaluate((el) => {
    const f = el.getBoundingClientRect();
    const bs = [...el.querySelectorAll("text")]
      .filter((t) => (t.textContent ?? "").trim() !== "" && !t.closest(".readout"))
      .map((t) => {
        const r = t.getBoundingClientRect();
        return { text: t.textContent ?? "", x: r.x, y: r.y, w: r.width, h: r.height };
      });
    return { boxes: bs, frame: { x: f.x, y: f.y, w: f.width, h: f.height } };
  });
  const problems: string[] = [];
  if (boxes.length < 3) problems.push(`only ${boxes.length} labels: is the chart drawn?`);
  const slack = 0.5;
  for (const b of boxes as TextBox[]) {
    if (b.x < frame.x - slack || b.y < frame.y - slack || b.x + b.w > frame.x + frame.w + slack || b.y + b.h > frame.y + frame.h + slack) problems.push(`clipped: "${b.text}"`);
  }
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i] as TextBox;
      const b = boxes[j] as TextBox;
      const ox = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
      const oy = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
      if (ox > 1 && oy > 1) problems.push(`overlap: "${a.text}" and "${b.text}"`);
    }
  }
  return problems;
}

const VIEWPORTS = [
  { name: "desktop 1440×900", width: 1440, height: 900 },
  { name: "phone 390×844", width: 390, height: 844 },
];

for (const vp of VIEWPORTS) {
  describe(`chart labels at ${vp.name}`, () => {
    const browser = useBrowser({ width: vp.width, height: vp.height });
    for (const c of GOLDEN_CASES) {
      it(`${c.chart} (${c.query}): no two labels overlap, none is clipped`, async () => {
        const { page, errors } = await openPage(browser(), `${base}?${c.query}`);
        const problems = await measure(page, `[data-chart="${c.chart}"] .chart-box > svg`);
        expect(problems).toEqual([]);
        expect(errors).toEqual([]);
        await page.close();
      });
    }
    for (const query of MORE_PAGES) {
      it(`every chart of ${query}: no two labels overlap, none is clipped`, async () => {
        const { page, errors } = await openPage(browser(), `${base}?${query}`);
        // Charts drawn by the SVG renderer (the layout page's rack diagram is a picture of its own).
        const charts = await page.$$eval("figure.chart[data-chart]", (els) => els.map((e) => e.getAttribute("data-chart") ?? ""));
        expect(charts.length).toBeGreaterThan(0);
        const problems: string[] = [];
        for (const chart of charts) for (const p of await measure(page, `[data-chart="${chart}"] .chart-box > svg`)) problems.push(`${chart}: ${p}`);
        expect(problems).toEqual([]);
        expect(errors).toEqual([]);
        await page.close();
      });
    }
    it("every chart of the Serving page with two comparisons simulated: no two labels overlap, none is clipped", async () => {
      const { page, errors } = await openPage(browser(), `${base}?page=serving&model=llama-3.1-70b&hw=nvidia-h100-sxm5-80gb&chips=8&x.rate=2&x.out=500&x.n=200&cmp=hw:nvidia-b200-hgx;eff:ideal`);
      // Wait for the comparisons' last simulations (their frontiers) to be drawn.
      await page.waitForFunction(() => [...document.querySelectorAll('[data-chart="serving.frontier"] svg path title')].filter((t) => (t.textContent ?? "").startsWith("vs ")).length === 2, null, { timeout: 120_000 });
      const charts = await page.$$eval("figure.chart[data-chart]", (els) => els.map((e) => e.getAttribute("data-chart") ?? ""));
      expect(charts.length).toBeGreaterThan(4);
      const problems: string[] = [];
      for (const chart of charts) for (const p of await measure(page, `[data-chart="${chart}"] .chart-box > svg`)) problems.push(`${chart}: ${p}`);
      expect(problems).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    });
  });
}
