/**
 * Accessibility and comfort on every page: a heading outline without jumps (h1 → h2 → h3), tap targets of
 * at least 24 × 24 px on a phone, and a dark theme that follows the system.
 */
import { describe, expect, inject, it } from "vitest";
import { openPage, useBrowser } from "./browser.ts";

const base = inject("baseUrl");
const PAGES = [
  "batch",
  "context",
  "prefill",
  "train",
  "hardware",
  "model",
  "operators",
  // The comparison and pinning views (their compare bars, tables and unpin buttons).
  "prices&model=llama-3.1-70b&chips=8&cmp=hw:nvidia-b200-hgx;kv:fp8",
  "kv-tiers&model=llama-3.1-70b&cmp=model:deepseek-v3",
  "training&cmp=hw:nvidia-b200-hgx;hw:amd-mi355x",
  "specdec&cmp=hw:nvidia-b200-hgx",
  "worldmodel&cmp=hw:nvidia-b200-hgx",
  "layout&cmp=hw:nvidia-b200-hgx",
  "lecture&cmp=model:deepseek-v3",
  "validation&cmp=eff:ideal",
  "batch&model=llama-3.1-70b&hw=nvidia-h100-sxm5-80gb&chips=8&pin=batch-time:64,batch-time:512",
];

describe("on a phone (390×844)", () => {
  const browser = useBrowser({ width: 390, height: 844 });
  for (const id of PAGES) {
    it(`${id}: headings never skip a level, and every control is at least 24 × 24 px`, async () => {
      const { page, errors } = await openPage(browser(), `${base}?page=${id}`);
      const levels = await page.$$eval("main h1, main h2, main h3, main h4", (hs) => hs.map((h) => Number(h.tagName.slice(1))));
      expect(levels[0]).toBe(1);
      levels.forEach((l, i) => i > 0 && expect(l - (levels[i - 1] as number), `heading h${levels[i - 1]} → h${l}`).toBeLessThanOrEqual(1));
      if (await page.locator(".controls-wrap > summary").count()) await page.click(".controls-wrap > summary");
      const small = await page.$$eval("main button, main select, main input:not([type=hidden]), main summary, main a[href]", (els) =>
        els
          .filter((e) => {
            const r = e.getBoundingClientRect();
            const style = getComputedStyle(e);
            // Inline links inside running text are exempt (WCAG 2.5.8); hidden file inputs too.
            if (r.width === 0 || r.height === 0 || style.visibility === "hidden" || (e as HTMLInputElement).type === "file") return false;
            if (e.tagName === "BUTTON" && e.classList.contains("num") && e.closest("p, li")) return false;
            return r.height < 23.5 || r.width < 23.5;
          })
          .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ""} "${(e.textContent ?? "").trim().slice(0, 30)}" ${Math.round(e.getBoundingClientRect().width)}×${Math.round(e.getBoundingClientRect().height)}`),
      );
      expect(small).toEqual([]);
      expect(errors).toEqual([]);
    });
  }
});

describe("dark mode", () => {
  it("follows the system: dark page, light text, charts repainted", async () => {
    const browser = await import("./browser.ts").then((m) => m.launch({ width: 1440, height: 900 }));
    try {
      const page = await browser.context.newPage();
      await page.emulateMedia({ colorScheme: "dark" });
      await page.goto(`${base}?page=batch`);
      await page.waitForSelector('main[data-page] [data-chart="batch-time"] .chart-box > svg');
      const colors = await page.evaluate(() => ({
        body: getComputedStyle(document.body).backgroundColor,
        text: getComputedStyle(document.body).color,
        svg: getComputedStyle(document.querySelector('[data-chart="batch-time"] .chart-box > svg') as Element).backgroundColor,
        tick: getComputedStyle(document.querySelector('[data-chart="batch-time"] .axis-x text') as Element).fill,
      }));
      const lum = (c: string) => {
        const [r, g, b] = (c.match(/\d+(\.\d+)?/g) ?? ["0", "0", "0"]).map(Number) as [number, number, number];
        return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
      };
      expect(lum(colors.body)).toBeLessThan(0.15);
      expect(lum(colors.text)).toBeGreaterThan(0.7);
      expect(lum(colors.svg)).toBeLessThan(0.15);
      expect(lum(colors.tick)).toBeGreaterThan(0.7);
    } finally {
      await browser.close();
    }
  });
});
