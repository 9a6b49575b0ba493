/** The Training step page: numbers from core with derivations, layout fields in the URL, the search and "use". */
import { describe, expect, inject, it } from "vitest";
import { numValue, openPage, screenshotPath, useBrowser } from "./browser.ts";
import { cliJson } from "./cli.ts";
import { formatQuantity } from "@roofline/core";

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
    expect(await page.$$eval("[data-chart] .chart-box > svg", (els) => els.length)).toBe(4);
    expect(await page.textContent("body")).toContain("reversible layers");
    await page.click('[data-num="train-step.stepSeconds"]');
    expect(await page.textContent("body")).toContain("t_step = t_pipe + t_DP,exp + t_opt");
    await page.screenshot({ path: screenshotPath("train-step-llama70b"), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows the CLI's numbers for the same layout (`roofline train-step --json`)", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=train-step&model=mixtral-8x7b&hw=nvidia-h100-sxm5-80gb&usd=3&x.dp=8&x.tp=2&x.pp=2&x.ep=8&x.m=16&x.seq=4096&x.precision=fp8&x.recompute=full&x.zero=2&x.tokens=2T`);
    const r = await cliJson<{ time: { stepSeconds: number; bubbleFraction: number }; tokensPerSecondPerChip: number; mfu: number; hfu: number; memory: { totalBytes: number; maxMicroBatch: number }; run: { chipHours: number; calendarSeconds: number; usd: number } }>(
      "train-step", "--json", "-m", "mixtral-8x7b", "-H", "nvidia-h100-sxm5-80gb", "--usd-per-hour", "3", "--dp", "8", "--tp", "2", "--pp", "2", "--ep", "8", "--micro-batches", "16", "--seq-len", "4096", "--precision", "fp8", "--recompute", "full", "--zero", "2", "--tokens", "2T",
    );
    const same = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(Math.abs(b) * 1e-12);
    same(await numValue(page, "train-step.stepSeconds"), r.time.stepSeconds);
    same(await numValue(page, "train-step.tokensPerSecondPerChip"), r.tokensPerSecondPerChip);
    same(await numValue(page, "train-step.mfu"), r.mfu);
    same(await numValue(page, "train-step.hfu"), r.hfu);
    same(await numValue(page, "train-step.bubble"), r.time.bubbleFraction);
    same(await numValue(page, "train-step.memory"), r.memory.totalBytes);
    same(await numValue(page, "train-step.chipHours"), r.run.chipHours);
    same(await numValue(page, "train-step.usd"), r.run.usd);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("names a bad layout beside the inputs instead of drawing a chart", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=train-step&model=llama-3.1-70b&hw=nvidia-h100-sxm5-80gb&x.tp=3`);
    const msg = await page.textContent("[data-error]");
    expect(msg).toMatch(/Tensor parallel T.*divides the 64 attention heads/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("searches layouts on N chips and applies one to the inputs (and the URL)", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=train-step&model=llama-3.1-8b&hw=nvidia-h100-sxm5-80gb&x.seq=4096`);
    await page.fill("#train-step-search-chips", "16");
    await page.click('[data-action="train-search"]');
    await page.waitForSelector('[data-action="use-train-layout"]');
    await page.click('[data-action="use-train-layout"]');
    await page.waitForFunction(() => new URL(location.href).searchParams.has("zero"));
    const url = new URL(page.url());
    const d = Number(url.searchParams.get("dp"));
    const t = Number(url.searchParams.get("tp"));
    const p = Number(url.searchParams.get("pp"));
    const c = Number(url.searchParams.get("cp"));
    expect(d * t * p * c).toBe(16);
    expect(await page.$("[data-error]")).toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  });

  it("ranks the search by the step times its panel chooses (ideal from the URL), as `train-step search --efficiency ideal` does", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=train-step&model=llama-3.1-8b&hw=nvidia-h100-sxm5-80gb&x.seq=4096&eff=ideal`);
    // The panel's control is the train-step table's `efficiency` input, read from the URL.
    expect(await page.inputValue("#train-search-efficiency")).toBe("ideal");
    await page.fill("#train-step-search-chips", "16");
    await page.click('[data-action="train-search"]');
    await page.waitForSelector('[data-action="use-train-layout"]');
    expect(await page.textContent("[data-search-efficiency]")).toBe("ideal");
    const r = await cliJson<{ efficiency: string; fastest: { stepSeconds: number }[] }>("train-step", "search", "--json", "-m", "llama-3.1-8b", "-H", "nvidia-h100-sxm5-80gb", "--seq-len", "4096", "--chips", "16", "--top", "10", "--efficiency", "ideal");
    expect(r.efficiency).toBe("ideal");
    const steps = await page.$$eval('[data-table="train-step.search"] tbody tr td:nth-child(2)', (els) => els.map((e) => e.textContent ?? ""));
    expect(steps).toEqual(r.fastest.map((x) => formatQuantity(x.stepSeconds, "s")));
    // Back to the default: expected step times, slower than the ideal's.
    await page.selectOption("#train-search-efficiency", "expected");
    await page.click('[data-action="train-search"]');
    await page.waitForFunction(() => document.querySelector("[data-search-efficiency]")?.textContent === "expected");
    expect(errors).toEqual([]);
    await page.close();
  });
});
