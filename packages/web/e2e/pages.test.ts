/** Every registered page loads in a real browser with no console errors, at desktop and phone sizes. */
import { describe, expect, inject, it } from "vitest";
import { PAGES } from "../src/pages/index.ts";
import { openPage, screenshotPath, useBrowser } from "./browser.ts";

const base = inject("baseUrl");

describe.each([
  { name: "desktop", viewport: { width: 1280, height: 800 } },
  { name: "phone", viewport: { width: 390, height: 844 } },
])("every page at $name size", ({ name, viewport }) => {
  const browser = useBrowser(viewport);

  for (const p of PAGES) {
    it(`${p.id} loads with no console errors, draws its charts and numbers, and fits the width`, async () => {
      const { page, errors } = await openPage(browser(), `${base}?page=${p.id}`);
      expect(await page.getAttribute("main", "data-page")).toBe(p.id);
      expect(await page.textContent("h1")).toBe(p.title);
      const charts = await page.$$eval("[data-chart] .chart-box > svg", (els) => els.map((e) => e.querySelectorAll("path, circle, rect").length));
      for (const marks of charts) expect(marks).toBeGreaterThan(0);
      const nums = await page.$$eval("button[data-num]", (els) => els.map((e) => e.textContent ?? ""));
      expect(nums.length).toBeGreaterThan(0);
      for (const t of nums) expect(t).not.toMatch(/NaN|Infinity|undefined/);
      expect(await page.$("[data-error]")).toBeNull();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(1);
      await page.screenshot({ path: screenshotPath(name === "desktop" ? p.id : `${p.id}-${name}`), fullPage: name === "desktop" ? false : true });
      expect(errors).toEqual([]);
      await page.close();
    });
  }
});
