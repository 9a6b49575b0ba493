/** The serving page: the closed form at once, the simulation in slices with progress, cancellable; charts and explained numbers. */
import { describe, expect, inject, it } from "vitest";
import { numValue, openPage, screenshotPath, useBrowser } from "./browser.ts";

const base = inject("baseUrl");
const browser = useBrowser();
const LLAMA = "&model=llama-3.1-70b&hw=nvidia-h100-sxm5-80gb&chips=8";

describe("serving page", () => {
  it("simulates, charts the train, the distributions, goodput against rate and the frontier", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=serving${LLAMA}&eff=ideal&rate=10&n=3000&ttft=2000&tpot=50`);
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
    const { page, errors } = await openPage(browser(), `${base}?page=serving${LLAMA}&eff=ideal&n=3000`);
    await page.waitForFunction(() => /simulations done/.test(document.querySelector("[data-serve-progress]")?.textContent ?? ""), null, { timeout: 60_000 });
    // Hold the page's job: its slices are timer callbacks (120 ms for the first, 0 ms after); the test
    // runs them one at a time, so the cancel lands between two slices however loaded the machine is.
    await page.evaluate(() => {
      const w = window as unknown as { setTimeout: (fn: () => void, ms?: number) => number; __held: (() => void)[]; __release: (n: number) => number };
      const original = w.setTimeout.bind(window);
      w.__held = [];
      w.setTimeout = (fn, ms) => {
        if (ms === 0 || ms === 120) {
          w.__held.push(fn);
          return -1;
        }
        return original(fn, ms);
      };
      w.__release = (n) => {
        let ran = 0;
        while (ran < n && w.__held.length > 0) {
          (w.__held.shift() as () => void)();
          ran++;
        }
        return ran;
      };
    });
    await page.fill("#c-rate", "8");
    await page.press("#c-rate", "Tab");
    await page.waitForURL(/[?&]rate=8/);
    await page.waitForSelector('[data-action="cancel-serve"]');
    expect(await page.$('progress[aria-label="Simulation progress"]')).not.toBeNull();
    // Two slices run (the main simulation, then one rate point); the third is waiting when Cancel is pressed.
    expect(await page.evaluate(() => (window as unknown as { __release: (n: number) => number }).__release(2))).toBe(2);
    await page.waitForFunction(() => /simulating 3 of/.test(document.querySelector("[data-serve-progress]")?.textContent ?? ""));
    expect(await numValue(page, "serving.rps")).toBeGreaterThan(7);
    await page.click('[data-action="cancel-serve"]');
    await page.waitForFunction(() => /cancelled after 2 of/.test(document.querySelector("[data-serve-progress]")?.textContent ?? ""));
    expect(await page.$('[data-action="cancel-serve"]')).toBeNull();
    // Whatever was still queued does nothing once cancelled: the count stays, what finished stays shown.
    await page.evaluate(() => (window as unknown as { __release: (n: number) => number }).__release(100));
    expect(await page.textContent("[data-serve-progress]")).toMatch(/cancelled after 2 of/);
    expect(await numValue(page, "serving.rps")).toBeGreaterThan(7);
    expect(errors).toEqual([]);
  });

  it("inputs come from the serve table: controls, URL keys, and the page's first x. keys still read", async () => {
    // An old link: x.in, x.out, x.sched, x.tpot read as the inputs; the address then carries the new keys only.
    const { page, errors } = await openPage(browser(), `${base}?page=serving${LLAMA}&x.in=2000&x.out=300&x.sched=chunked&x.rate=4&x.n=2000&x.tpot=60`);
    expect(await page.inputValue("#c-input-tokens")).toBe("2000");
    expect(await page.inputValue("#c-output-tokens")).toBe("300");
    expect(await page.inputValue("#c-scheduler")).toBe("chunked");
    expect(await page.inputValue("#c-slo-tpot-ms")).toBe("60");
    await page.waitForFunction(() => /simulations done/.test(document.querySelector("[data-serve-progress]")?.textContent ?? ""), null, { timeout: 60_000 });
    expect(await page.textContent("body")).toMatch(/chunked batching/);
    await page.fill("#c-seed", "2");
    await page.waitForURL(/[?&]seed=2/);
    const url = page.url();
    expect(url).toMatch(/[?&]in=2000/);
    expect(url).toMatch(/[?&]sched=chunked/);
    expect(url).not.toMatch(/x\.(in|out|sched|rate|n|tpot)=/);
    // A length distribution is text: a bad one is named beside its field.
    await page.fill("#c-input-tokens", "uniform:10");
    await page.press("#c-input-tokens", "Tab");
    await page.waitForSelector("[data-error]");
    expect(await page.textContent("[data-error]")).toMatch(/Input tokens/);
    expect(errors).toEqual([]);
  });

  it("an SLO below the physical floor is a named error with the floor", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=serving${LLAMA}&tpot=0.5`);
    await page.waitForSelector("[data-error]");
    expect(await page.textContent("[data-error]")).toMatch(/SLO TPOT.*at least .* ms: the physical floor/);
    expect(errors).toEqual([]);
  });
});
