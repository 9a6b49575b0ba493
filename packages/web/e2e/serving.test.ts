/** The serving page: the closed form at once, the simulation in slices with progress, cancellable; charts and explained numbers. */
import { describe, expect, inject, it } from "vitest";
import { capacitySearch, getHardware, getModel, parseLength, stepTimesFor } from "@roofline/core";
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

  it("How many chips?: the capacity search on the page, as the library finds it", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=serving${LLAMA}&eff=ideal&n=1000&ttft=2000&tpot=50&target=20&systems=h100,b200`);
    await page.waitForFunction(() => /candidate replicas measured/.test(document.querySelector("[data-capacity-progress]")?.textContent ?? ""), null, { timeout: 60_000 });
    const cls = { name: "default", share: 1, input: parseLength("1000", "i"), output: parseLength("1000", "o"), prefixHitFraction: 0, sloTtftSeconds: 2, sloTpotSeconds: 0.05, percentile: 99 };
    const lib = capacitySearch({
      serve: { model: getModel("llama-3.1-70b"), hardware: getHardware("h100"), chips: 8, workload: { classes: [cls], arrivals: { kind: "poisson", ratePerSecond: 1 } }, stepTimes: stepTimesFor("ideal"), seed: 1 },
      targetRatePerSecond: 20,
      systems: [getHardware("h100"), getHardware("b200")],
    });
    expect(await numValue(page, "capacity.replicas")).toBe(lib.chosen.replicas);
    expect(await numValue(page, "capacity.chips")).toBe(lib.chosen.totalChips);
    expect(await numValue(page, "capacity.maxRate")).toBe(lib.chosen.candidate.maxRatePerReplica);
    expect(await numValue(page, "capacity.usd")).toBeCloseTo(lib.chosen.usdPerHour as number, 9);
    expect(await page.$$eval("[data-capacity-table] tbody tr", (rows) => rows.length)).toBe(lib.plans.length);
    expect(await page.textContent("[data-capacity-answer]")).toMatch(/meets every SLO/);
    // The replicas open their derivation: ⌈target ÷ max load⌉.
    await page.click('[data-num="capacity.replicas"]');
    await page.waitForSelector("[role=dialog], .derivation");
    expect(await page.textContent("body")).toMatch(/R = ⌈20 ÷/);
    await page.screenshot({ path: screenshotPath("serving-capacity"), fullPage: true });
    expect(errors).toEqual([]);
  });

  it("runs traffic classes (kept in the address) and a pasted JSON Lines trace", async () => {
    const mix = encodeURIComponent("chat share=3 in=1000 out=200 ttft=2000 tpot=50; batch share=1 in=3000 out=500");
    const { page, errors } = await openPage(browser(), `${base}?page=serving${LLAMA}&eff=ideal&rate=4&n=2000&mix=${mix}`);
    expect(await page.$$eval("[data-class-row]", (rows) => rows.map((r) => r.getAttribute("data-class-row")))).toEqual(["chat", "batch"]);
    await page.waitForFunction(() => /simulations done/.test(document.querySelector("[data-serve-progress]")?.textContent ?? ""), null, { timeout: 60_000 });
    const legend = await page.textContent('[data-chart="serving.ttftCdf"]');
    expect(legend).toMatch(/chat/);
    expect(legend).toMatch(/batch/);
    // A class is added in the table and travels in the address.
    await page.click('[data-action="add-class"]');
    await page.waitForURL(/mix=[^&]*class3/);
    await page.fill('[aria-label="input tokens of class class3"]', "500");
    await page.press('[aria-label="input tokens of class class3"]', "Tab");
    await page.waitForURL(/class3(\+|%20)share%3D1(\+|%20)in%3D500/);
    // A trace replaces the generated workload: one simulation of its requests, its classes from the trace.
    await page.goto(`${base}?page=serving${LLAMA}&eff=ideal`);
    await page.waitForSelector("main[data-page]");
    await page.click("[data-trace-input] summary");
    const lines = Array.from({ length: 300 }, (_, i) => JSON.stringify({ arrivalSeconds: i * 0.25, inputTokens: 800, outputTokens: 100, class: i % 3 ? "chat" : "batch" })).join("\n");
    await page.fill("#trace-text", lines);
    await page.click('[data-action="use-trace"]');
    await page.waitForFunction(() => /^1 simulations done/.test(document.querySelector("[data-serve-progress]")?.textContent ?? ""), null, { timeout: 60_000 });
    expect(await page.textContent("body")).toMatch(/trace of 300 requests/);
    expect(errors).toEqual([]);
  });
});
