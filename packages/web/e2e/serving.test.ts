/** The serving page: the closed form at once, the simulation in slices with progress, cancellable; charts and explained numbers. */
import { describe, expect, inject, it } from "vitest";
import { numValue, openPage, screenshotPath, useBrowser } from "./browser.ts";

const base = inject("baseUrl");
const browser = useBrowser();
const LLAMA = "&model=llama-3.1-70b&hw=nvidia-h100-sxm5-80gb&chips=8";

describe("serving page", () => {
  it("simulates, charts the train, the distributions, goodput against rate and the frontier", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=serving${LLAMA}&x.rate=10&x.n=3000`);
    // the closed form is there before any simulation
    expect(await numValue(page, "serving.cf.max")).toBeGreaterThan(10);
    await page.waitForFunction(() => /simulations done/.test(document.querySelector("[data-serve-progress]")?.textContent ?? ""), null, { timeout: 60_000 });
    const served = await numValue(page, "serving.rps");
    expect(served).toBeGreaterThan(9);
    expect(served).toBeLessThan(11);
    // goodput never exceeds throughput; the simulated TPOT sits near the closed form's
    expect(await numValue(page, "serving.goodput")).toBeLessThanOrEqual(served * (1 + 1e-12));
    expect(Math.abs((await numValue(page, "serving.tpot")) / (await numValue(page, "serving.cf.tpot")) - 1)).toBeLessThan(0.08);
    for (const id of ["serving.timeline", "serving.ttftCdf", "serving.tpotCdf", "serving.rate", "serving.frontier"]) {
      const marks = await page.$$eval(`[data-chart="${id}"] svg path, [data-chart="${id}"] svg rect, [data-chart="${id}"] svg circle`, (els) => els.length);
      expect(marks, id).toBeGreaterThan(0);
    }
    // the train: a span per step and per request phase
    expect(await page.$$eval('[data-chart="serving.timeline"] svg rect', (els) => els.length)).toBeGreaterThan(20);
    // a simulated number opens a derivation that says how it was simulated
    await page.click('[data-num="serving.ttft"]');
    await page.waitForSelector("[role=dialog], .derivation");
    expect(await page.textContent("body")).toMatch(/seed 1; 3000 requests simulated/);
    await page.screenshot({ path: screenshotPath("serving-simulated"), fullPage: true });
    expect(errors).toEqual([]);
  });

  it("can cancel a running simulation and keeps what finished", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=serving${LLAMA}&x.n=3000`);
    // stretch each slice so that the click always lands mid-run
    await page.evaluate(() => {
      const original = window.setTimeout.bind(window);
      (window as unknown as { setTimeout: (fn: () => void, ms?: number) => number }).setTimeout = (fn, ms) => original(fn, Math.max(ms ?? 0, 60));
    });
    await page.fill("#serve-rate", "8");
    // Let the address follow the new rate first (80 ms after the last change), so the run being
    // cancelled is the last one started.
    await page.waitForURL(/x\.rate=8/);
    await page.waitForTimeout(200);
    await page.waitForSelector('[data-action="cancel-serve"]', { timeout: 30_000 });
    expect(await page.$('progress[aria-label="Simulation progress"]')).not.toBeNull();
    await page.click('[data-action="cancel-serve"]');
    await page.waitForFunction(() => /cancelled after/.test(document.querySelector("[data-serve-progress]")?.textContent ?? ""));
    expect(await page.$('[data-action="cancel-serve"]')).toBeNull();
    expect(errors).toEqual([]);
  });

  it("an SLO below the physical floor is a named error with the floor", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=serving${LLAMA}&x.tpot=0.5`);
    await page.waitForSelector("[data-error]");
    expect(await page.textContent("[data-error]")).toMatch(/SLO p99 TPOT \(ms\).*at least .* ms: the physical floor/);
    expect(errors).toEqual([]);
  });
});
