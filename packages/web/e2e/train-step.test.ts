/** The Training step page: numbers from core with derivations, layout fields in the URL, the search and "use". */
import { describe, expect, inject, it } from "vitest";
import { openPage, screenshotPath, useBrowser } from "./browser.ts";

const base = inject("baseUrl");

describe("training step page", () => {
  const browser = useBrowser({ width: 1280, height: 900 });

  it("shows step time, MFU and memory per chip for Llama 3.1 70B on H100s, with the layout in the URL", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=train-step&model=llama-3.1-70b&hw=nvidia-h100-sxm5-80gb&x.tp=8&x.pp=4&x.dp=8&x.m=32&x.schedule=interleaved&x.v=5`);
    const mfu = await page.textContent('[data-num="train-step.mfu"]');
    expect(mfu).toMatch(/^\d+(\.\d+)?%$/);
    const pct = Number((mfu ?? "").replace("%", ""));
    expect(pct).toBeGreaterThan(5);
    expect(pct).toBeLessThan(100);
    expect(await page.textContent('[data-num="train-step.bubble"]')).toBe("1.84%");
    expect(await page.$$eval("[data-chart] .chart-box > svg", (els) => els.length)).toBe(3);
    await page.click('[data-num="train-step.stepSeconds"]');
    expect(await page.textContent("body")).toContain("t_step = t_pipe + t_DP,exp + t_opt");
    await page.screenshot({ path: screenshotPath("train-step-llama70b"), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("names a bad layout beside the inputs instead of drawing a chart", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=train-step&model=llama-3.1-70b&hw=nvidia-h100-sxm5-80gb&x.tp=3`);
    const msg = await page.textContent("[data-error]");
    expect(msg).toMatch(/tensor parallel \(T\).*divides the 64 attention heads/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("searches layouts on N chips and applies one to the inputs (and the URL)", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=train-step&model=llama-3.1-8b&hw=nvidia-h100-sxm5-80gb&x.seq=4096`);
    await page.fill("#train-step-search-chips", "16");
    await page.click('[data-action="train-search"]');
    await page.waitForSelector('[data-action="use-train-layout"]');
    await page.click('[data-action="use-train-layout"]');
    await page.waitForFunction(() => new URL(location.href).searchParams.has("x.zero"));
    const url = new URL(page.url());
    const d = Number(url.searchParams.get("x.dp"));
    const t = Number(url.searchParams.get("x.tp"));
    const p = Number(url.searchParams.get("x.pp"));
    const c = Number(url.searchParams.get("x.cp"));
    expect(d * t * p * c).toBe(16);
    expect(await page.$("[data-error]")).toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  });
});
