/** The cluster layout page: degrees drive the numbers and the rack diagram; the search runs, draws its frontier, and can be cancelled. */
import { describe, expect, inject, it } from "vitest";
import { numValue, openPage, screenshotPath, useBrowser } from "./browser.ts";
import { cliJson } from "./cli.ts";

const base = inject("baseUrl");
const browser = useBrowser();

describe("cluster layout page", () => {
  it("pipelining across racks shrinks weights per chip, keeps KV per chip, and adds hops", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=layout`);
    const w1 = await numValue(page, "layout.lectureWeights");
    const kv1 = await numValue(page, "layout.lectureKv");
    const t1 = await numValue(page, "layout.tokenSeconds");
    expect(await page.$$eval(".rack-diagram rect", (els) => els.length)).toBeGreaterThan(72);
    await page.fill("#c-pp", "4");
    await page.waitForFunction((old) => document.querySelector('[data-num="layout.lectureWeights"]')?.getAttribute("data-value") !== old, String(w1));
    expect(await numValue(page, "layout.lectureWeights")).toBeCloseTo(w1 / 4, 0);
    expect(await numValue(page, "layout.lectureKv")).toBeCloseTo(kv1, 0);
    expect(await numValue(page, "layout.tokenSeconds")).toBeGreaterThan(t1);
    expect(await page.textContent(".rack-diagram figcaption")).toMatch(/pipeline stage/);
    expect(await page.$$eval(".rack-diagram svg > g", (els) => els.length)).toBe(4);
    await page.fill("#c-ep", "72");
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
    await page.waitForFunction(() => (document.querySelector("#c-ep") as HTMLInputElement | null)?.classList.contains("is-default") === false);
    expect(errors).toEqual([]);
  });

  it("shows the expected beside the ideal, never faster, with the CLI's numbers", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=layout&x.b=64`);
    const ideal = await numValue(page, "layout.tokenSeconds");
    const expected = await numValue(page, "layout.expectedTokenSeconds");
    expect(expected).toBeGreaterThanOrEqual(ideal);
    expect(await numValue(page, "layout.expectedSpeed")).toBeLessThanOrEqual(await numValue(page, "layout.speed"));
    expect(await numValue(page, "layout.expectedCost")).toBeGreaterThanOrEqual(await numValue(page, "layout.cost"));
    const cli = await cliJson<{ time: { tokenSeconds: number }; expected: { tokenSeconds: number } }>("layout", "-b", "64", "--json");
    expect(Math.abs(ideal - cli.time.tokenSeconds)).toBeLessThanOrEqual(1e-9 * ideal);
    expect(Math.abs(expected - cli.expected.tokenSeconds)).toBeLessThanOrEqual(1e-9 * expected);
    expect(await page.textContent("[data-expected-note]")).toMatch(/busiest chip.*leave-one-source-out|busiest chip.*not yet fitted/s);
    await page.screenshot({ path: screenshotPath("layout-expected"), clip: { x: 0, y: 0, width: 1280, height: 1000 } });
    expect(errors).toEqual([]);
  });

  it("ranks the search by expected step times by default, by the ideal when chosen (kept in the URL)", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=layout`);
    await page.fill("#layout-racks", "1");
    await page.click('[data-action="search"]');
    await page.waitForSelector("[data-search-efficiency]", { timeout: 30_000 });
    expect(await page.textContent("[data-search-efficiency]")).toBe("expected");
    await page.selectOption("#layout-efficiency", "ideal");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("eff") === "ideal");
    await page.click('[data-action="search"]');
    await page.waitForFunction(() => document.querySelector("[data-search-efficiency]")?.textContent === "ideal", undefined, { timeout: 30_000 });
    expect(errors).toEqual([]);
  });

  it("can cancel a running search", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=layout`);
    await page.fill("#layout-racks", "64");
    // The search runs in slices on zero-delay timers. Hold those timers and release them one at a time,
    // so that the search is certainly running (one slice done, more to do) when Cancel is clicked,
    // however fast or loaded the machine.
    await page.evaluate(() => {
      const w = window as unknown as { setTimeout: (fn: () => void, ms?: number) => number; __held: (() => void)[]; __release: () => number };
      const original = window.setTimeout.bind(window);
      w.__held = [];
      w.setTimeout = (fn, ms) => {
        if ((ms ?? 0) === 0) {
          w.__held.push(fn);
          return 0;
        }
        return original(fn, ms);
      };
      w.__release = () => {
        const fn = w.__held.shift();
        fn?.();
        return fn ? 1 : 0;
      };
    });
    await page.click('[data-action="search"]');
    await page.waitForSelector('[data-action="cancel-search"]');
    expect(await page.evaluate(() => (window as unknown as { __release: () => number }).__release())).toBe(1);
    await page.waitForFunction(() => Number(document.querySelector("progress")?.getAttribute("value") ?? 0) > 0);
    const progress = await page.$eval("progress", (el) => ({ value: Number(el.getAttribute("value")), max: Number(el.getAttribute("max")) }));
    expect(progress.value).toBeGreaterThan(0);
    expect(progress.value).toBeLessThan(progress.max);
    await page.click('[data-action="cancel-search"]');
    await page.waitForSelector("[data-search-stats]");
    const stats = (await page.textContent("[data-search-stats]")) ?? "";
    expect(stats).toMatch(/cancelled/);
    expect(Number((/([\d,]+) evaluated/.exec(stats)?.[1] ?? "0").replace(/,/g, ""))).toBeGreaterThan(0);
    // Nothing more runs after Cancel: a held slice released now does no work.
    await page.evaluate(() => (window as unknown as { __release: () => number }).__release());
    expect(await page.textContent("[data-search-stats]")).toBe(stats);
    expect(errors).toEqual([]);
  });
});
