/** The cluster layout page: degrees drive the numbers and the rack diagram; the search runs, draws its frontier, and can be cancelled. */
import { describe, expect, inject, it } from "vitest";
import { numValue, openPage, screenshotPath, useBrowser } from "./browser.ts";

const base = inject("baseUrl");
const browser = useBrowser();

describe("cluster layout page", () => {
  it("pipelining across racks shrinks weights per chip, keeps KV per chip, and adds hops", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=layout`);
    const w1 = await numValue(page, "layout.lectureWeights");
    const kv1 = await numValue(page, "layout.lectureKv");
    const t1 = await numValue(page, "layout.tokenSeconds");
    expect(await page.$$eval(".rack-diagram rect", (els) => els.length)).toBeGreaterThan(72);
    await page.fill("#layout-p", "4");
    await page.waitForFunction((old) => document.querySelector('[data-num="layout.lectureWeights"]')?.getAttribute("data-value") !== old, String(w1));
    expect(await numValue(page, "layout.lectureWeights")).toBeCloseTo(w1 / 4, 0);
    expect(await numValue(page, "layout.lectureKv")).toBeCloseTo(kv1, 0);
    expect(await numValue(page, "layout.tokenSeconds")).toBeGreaterThan(t1);
    expect(await page.textContent(".rack-diagram figcaption")).toMatch(/pipeline stage/);
    expect(await page.$$eval(".rack-diagram svg > g", (els) => els.length)).toBe(4);
    await page.fill("#layout-e", "72");
    await page.waitForSelector("[data-error]");
    expect(await page.textContent("[data-error]")).toMatch(/divisor of the 256 routed experts/);
    expect(errors).toEqual([]);
  });

  it("searches, charts the frontier, and loads a frontier point", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=layout`);
    await page.fill("#layout-racks", "2");
    await page.click('[data-action="search"]');
    await page.waitForSelector("[data-search-stats]", { timeout: 30_000 });
    expect(await page.textContent("[data-search-stats]")).toMatch(/points on the frontier/);
    const dots = await page.$$eval('[data-chart="layout.pareto"] svg circle', (els) => els.length);
    expect(dots).toBeGreaterThan(3);
    await page.screenshot({ path: screenshotPath("layout-search"), fullPage: true });
    await page.click('[data-table="layout.frontier"] tbody tr:first-child button, table tbody tr:first-child button');
    await page.waitForFunction(() => (document.querySelector("#layout-e") as HTMLInputElement | null)?.value !== "");
    expect(errors).toEqual([]);
  });

  it("can cancel a running search", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=layout`);
    await page.fill("#layout-racks", "64");
    // The search runs in slices on zero-delay timers and can finish in ~150 ms on an idle machine;
    // stretch each slice to 25 ms so that the cancel click always lands mid-search.
    await page.evaluate(() => {
      const original = window.setTimeout.bind(window);
      (window as unknown as { setTimeout: (fn: () => void, ms?: number) => number }).setTimeout = (fn, ms) => original(fn, Math.max(ms ?? 0, 25));
    });
    await page.click('[data-action="search"]');
    await page.waitForSelector('[data-action="cancel-search"]');
    await page.click('[data-action="cancel-search"]');
    await page.waitForSelector("[data-search-stats]");
    expect(await page.textContent("[data-search-stats]")).toMatch(/cancelled/);
    expect(errors).toEqual([]);
  });
});
