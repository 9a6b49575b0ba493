/** Controls drive the charts and numbers; numbers open their derivations; exports download real files. */
import { readFileSync } from "node:fs";
import { describe, expect, inject, it } from "vitest";
import { chartSvg, numValue, openPage, useBrowser } from "./browser.ts";

const base = inject("baseUrl");
const browser = useBrowser();

describe("controls", () => {
  it("typing a context changes the chart, the numbers and the URL", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=batch`);
    const svg0 = await chartSvg(page, "batch-time");
    const step0 = await numValue(page, "step.stepSeconds");
    await page.fill("#c-context", "65536");
    await page.waitForFunction((old) => document.querySelector('[data-num="step.stepSeconds"]')?.getAttribute("data-value") !== old, String(step0));
    expect(await numValue(page, "step.stepSeconds")).toBeGreaterThan(step0);
    expect(await chartSvg(page, "batch-time")).not.toBe(svg0);
    await page.waitForURL(/ctx=65536/);
    expect(errors).toEqual([]);
  });

  it("dragging the batch slider with the keyboard moves the marker and the numbers", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=batch`);
    const before = await numValue(page, "step.tokensPerSecond");
    const svg0 = await chartSvg(page, "batch-cost");
    await page.focus("#c-batch-slider");
    for (let i = 0; i < 40; i++) await page.keyboard.press("ArrowRight");
    await page.waitForTimeout(250);
    await page.waitForURL(/batch=/);
    const batch = Number(new URL(page.url()).searchParams.get("batch"));
    expect(batch).toBeGreaterThan(64);
    expect(await numValue(page, "step.tokensPerSecond")).toBeGreaterThan(before);
    expect(await chartSvg(page, "batch-cost")).not.toBe(svg0);
    expect(await page.inputValue("#c-batch")).toBe(String(batch));
    expect(errors).toEqual([]);
  });

  it("dragging a slider across its range never moves the charts or the sidebar", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=batch`);
    const boxes = () =>
      page.$$eval('[data-chart], .sidebar, .field', (els) => els.map((e) => {
        const r = e.getBoundingClientRect();
        return [Math.round(r.top), Math.round(r.left), Math.round(r.width), Math.round(r.height)].join(",");
      }));
    const before = await boxes();
    for (const v of [0, 150, 400, 650, 900, 1000, 500]) {
      await page.$eval("#c-batch-slider", (el, value) => {
        (el as HTMLInputElement).value = String(value);
        el.dispatchEvent(new Event("input", { bubbles: true }));
      }, v);
      expect(await boxes()).toEqual(before);
    }
    for (const v of [0, 300, 700, 1000]) {
      await page.$eval("#c-context-slider", (el, value) => {
        (el as HTMLInputElement).value = String(value);
        el.dispatchEvent(new Event("input", { bubbles: true }));
      }, v);
      expect(await boxes()).toEqual(before);
    }
    expect(errors).toEqual([]);
  });

  it("an invalid typed value is named beside its control and changes nothing", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=context`);
    const v0 = await numValue(page, "step.stepSeconds");
    await page.fill("#c-batch", "-3");
    const msg = await page.textContent("#c-batch-error");
    expect(msg).toContain("batch");
    expect(msg).toContain("≥ 1");
    expect(await numValue(page, "step.stepSeconds")).toBe(v0);
    expect(new URL(page.url()).searchParams.get("batch")).toBeNull();
    expect(errors).toEqual([]);
  });

  it("switching model and hardware re-derives everything, with no NaN anywhere", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=batch`);
    const ids = await page.$$eval("#c-model option", (os) => os.map((o) => (o as HTMLOptionElement).value));
    const hws = await page.$$eval("#c-hardware option", (os) => os.map((o) => (o as HTMLOptionElement).value));
    for (const [i, id] of ids.entries()) {
      await page.selectOption("#c-model", id);
      await page.selectOption("#c-hardware", hws[i % hws.length] as string);
      const text = await page.textContent("main");
      expect(text).not.toMatch(/NaN|Infinity|undefined/);
      const hasChart = await page.$('[data-chart="batch-time"] .chart-box > svg path');
      const hasError = await page.$("[data-error]");
      expect(Boolean(hasChart) || Boolean(hasError)).toBe(true);
    }
    expect(errors).toEqual([]);
  });
});

describe("derivations", () => {
  it("a number opens its derivation with Enter, and Escape closes it and returns focus", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=batch`);
    await page.focus('[data-num="batch.hbmDrainSeconds"]');
    await page.keyboard.press("Enter");
    await page.waitForSelector('[data-panel="batch.hbmDrainSeconds"]');
    expect(await page.textContent('[data-panel] [data-role="formula"]')).toContain("t_drain");
    expect(await page.textContent("[data-panel]")).toContain("catalog hardware/nvidia-gb200-nvl72");
    await page.waitForURL(/explain=batch\.hbmDrainSeconds/);
    await page.keyboard.press("Escape");
    await page.waitForSelector("[data-panel]", { state: "detached" });
    // Focus returns after the panel's removal has rendered (and the address has followed): wait for it.
    await page.waitForFunction(() => document.activeElement?.getAttribute("data-num") === "batch.hbmDrainSeconds", undefined, { timeout: 5_000 });
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-num"))).toBe("batch.hbmDrainSeconds");
    expect(errors).toEqual([]);
  });

  it("a table cell explains the curve at its point", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=context`);
    const cell = page.locator('[data-table="context-points"] button[data-num$=".stepSeconds"]').first();
    const id = await cell.getAttribute("data-num");
    await cell.click();
    await page.waitForSelector(`[data-panel="${id}"]`);
    expect(await page.textContent("[data-panel]")).toContain("a point of the curve");
    expect(errors).toEqual([]);
  });
});

describe("exports", () => {
  it("saves a chart as SVG and PNG, and a table as CSV", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=batch`);
    const svgDl = await Promise.all([page.waitForEvent("download"), page.click('[data-chart="batch-time"] button[aria-label*="SVG"]')]);
    const svg = readFileSync((await svgDl[0].path()) as string, "utf8");
    expect(svgDl[0].suggestedFilename()).toBe("batch-time.svg");
    expect(svg).toMatch(/^<\?xml/);
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    const pngDl = await Promise.all([page.waitForEvent("download"), page.click('[data-chart="batch-time"] button[aria-label*="PNG"]')]);
    const png = readFileSync((await pngDl[0].path()) as string);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.length).toBeGreaterThan(5000);
    const csvDl = await Promise.all([page.waitForEvent("download"), page.click('[data-table="batch-points"] button[aria-label*="CSV"]')]);
    const csv = readFileSync((await csvDl[0].path()) as string, "utf8").trim().split("\n");
    // The ideal curve's columns, then the expected step's beside them (issue 11: both numbers in every table).
    expect(csv[0]).toBe("batch,computeSeconds,weightReadSeconds,kvReadSeconds,stepSeconds,bound,tokensPerSecond,usdPerMillionTokens,fits,expectedStepSeconds,expectedTokensPerSecond,expectedUsdPerMillionTokens");
    expect(csv.length).toBeGreaterThan(10);
    expect(Number(csv[1]?.split(",")[4])).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });

  it("sorts the hardware table by a column, and the sort lives in the URL", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=hardware`);
    await page.click('[data-table="hardware-table"] button[data-sort="drain"]');
    await page.click('[data-table="hardware-table"] button[data-sort="drain"]');
    await page.waitForURL(/desc=1/);
    const url = new URL(page.url());
    expect(url.searchParams.get("sort")).toBe("drain");
    expect(url.searchParams.get("desc")).toBe("1");
    const drains = await page.$$eval('[data-table="hardware-table"] [data-num$=".drain"]', (els) => els.map((e) => e.getAttribute("data-value") ?? ""));
    const known = drains.filter((v) => v !== "").map(Number);
    expect(known).toEqual([...known].sort((x, y) => y - x));
    expect(drains.slice(known.length).every((v) => v === "")).toBe(true);
    expect(await page.textContent('[data-table="hardware-table"]')).toContain("unknown");
    expect(errors).toEqual([]);
  });
});
