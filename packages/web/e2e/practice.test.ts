/** The Practice and Lecture pages in a real browser: the CLI's problems and numbers, grading, review state in localStorage. */
import { describe, expect, inject, it } from "vitest";
import { MEMORY_WALL_INPUTS, PIPELINE_IMBALANCE_INPUTS, SCALE_UP_INPUTS } from "@roofline/core";
import { numValue, openPage, screenshotPath, useBrowser } from "./browser.ts";
import { cliJson } from "./cli.ts";

const base = inject("baseUrl");

interface CliGrade {
  problem: { id: string; prompt: string; answer: number; answerDisplay: string; choices: string[] | null };
  grade: { verdict: string; correct: boolean };
}

describe("practice page", () => {
  const browser = useBrowser({ width: 1280, height: 900 });

  it("shows the CLI's problem for a family and seed, grades an answer and opens the derivation", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=practice&x.family=drain-time&x.seed=7`);
    const cli = await cliJson<CliGrade>("practice", "--id", "drain-time:7", "--answer", "1", "--json", "--no-state");
    expect(await page.textContent("#practice-prompt")).toBe(cli.problem.prompt);
    // The engine's answer, typed as a student would (with its unit), is correct.
    await page.fill("#practice-input", cli.problem.answerDisplay);
    await page.click("#practice-check");
    expect(await page.getAttribute("#practice-result", "data-verdict")).toBe("correct");
    expect(await numValue(page, "practice.drain-time")).toBe(cli.problem.answer);
    await page.click('[data-num="practice.drain-time"]');
    expect(await page.textContent("body")).toContain("t_drain = C / BW");
    await page.screenshot({ path: screenshotPath("practice-answered"), fullPage: true });
    // The review is kept in localStorage and shown after a reload.
    const stored = await page.evaluate(() => localStorage.getItem("roofline.practice.v1"));
    expect(JSON.parse(stored ?? "{}").families["drain-time"].box).toBe(1);
    await page.reload();
    await page.waitForSelector("#practice-review");
    expect(await page.textContent('#practice-review tr[data-family="drain-time"]')).toContain("1/1");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("rejects an answer outside the tolerance, explains an unreadable one, and grades choices", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=practice&x.family=optimal-batch&x.seed=3`);
    const cli = await cliJson<CliGrade>("practice", "--id", "optimal-batch:3", "--answer", "1", "--json", "--no-state");
    await page.fill("#practice-input", "soon");
    await page.click("#practice-check");
    expect(await page.textContent("#practice-error")).toMatch(/answer/);
    await page.fill("#practice-input", String(Math.round(cli.problem.answer * 2)));
    await page.click("#practice-check");
    expect(await page.getAttribute("#practice-result", "data-verdict")).toBe("order-of-magnitude");

    const choice = await cliJson<CliGrade>("practice", "--id", "cache-tier:4", "--answer", "a", "--json", "--no-state");
    await page.goto(`${base}?page=practice&x.family=cache-tier&x.seed=4`);
    await page.waitForSelector("#practice-prompt");
    const right = (choice.problem.choices ?? []).indexOf(choice.problem.answerDisplay);
    await page.check(`input[name="practice-choice"][value="${right + 1}"]`);
    await page.click("#practice-check");
    expect(await page.getAttribute("#practice-result", "data-verdict")).toBe("correct");
    await page.screenshot({ path: screenshotPath("practice-choice"), fullPage: false });
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe("lecture page", () => {
  const browser = useBrowser({ width: 1280, height: 900 });

  it("shows `roofline lecture`'s scale-up, memory-wall and pipeline numbers", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=lecture&x.pmodel=gemma-3-27b`);
    const s = await cliJson<{ rows: { hardware: { id: string }; maxParamsAtLatency: number | null }[] }>("lecture", "scale-up", "--json");
    for (const r of s.rows) if (r.maxParamsAtLatency !== null) expect(await numValue(page, `lecture.${r.hardware.id}.maxParams`)).toBe(r.maxParamsAtLatency);
    const w = await cliJson<{ rackHbmBytes: number; weightBytes: number }>("lecture", "memory-wall", "--json");
    expect(await numValue(page, "lecture.wall.rack")).toBe(w.rackHbmBytes);
    expect(await numValue(page, "lecture.wall.weights")).toBe(w.weightBytes);
    const p = await cliJson<{ imbalance: number }>("lecture", "pipeline", "--model", "gemma-3-27b", "--json");
    expect(await numValue(page, "lecture.pipe.imbalance")).toBe(p.imbalance);
    await page.screenshot({ path: screenshotPath("lecture"), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("has a control per input of each argument's command table, with the flags' numbers (and its first x.pp key still read)", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=lecture&x.lat=0.05&x.wctx=8192&x.wkv=bf16&x.pmodel=gemma-3-27b&x.pp=2&x.pbatch=16`);
    const shown = await page.$$eval("section [data-input]", (els) => els.map((e) => e.getAttribute("data-input") as string));
    for (const t of [SCALE_UP_INPUTS, MEMORY_WALL_INPUTS, PIPELINE_IMBALANCE_INPUTS]) for (const d of t.inputs) if (d.kind !== "catalog") expect(shown, `${t.analysis}.${d.id}`).toContain(d.id);
    expect(await page.inputValue("#lecture-w-model")).toBe("kimi-k2");
    expect(await page.inputValue("#lecture-p-model")).toBe("gemma-3-27b");
    const s = await cliJson<{ rows: { hardware: { id: string }; maxParamsAtLatency: number | null }[] }>("lecture", "scale-up", "--latency", "0.05", "--json");
    for (const r of s.rows) if (r.maxParamsAtLatency !== null) expect(await numValue(page, `lecture.${r.hardware.id}.maxParams`)).toBe(r.maxParamsAtLatency);
    const w = await cliJson<{ optimalBatch: number; bytesLeft: number }>("lecture", "memory-wall", "--context", "8192", "--kv", "bf16", "--json");
    expect(await numValue(page, "lecture.wall.left")).toBe(w.bytesLeft);
    const p = await cliJson<{ imbalance: number }>("lecture", "pipeline", "--model", "gemma-3-27b", "--pp", "2", "--batch", "16", "--json");
    expect(await numValue(page, "lecture.pipe.imbalance")).toBe(p.imbalance);
    // Setting a control writes the section's key (the table's default, 4, would remove it).
    await page.fill("#lecture-p-pp", "3");
    await page.waitForURL(/x\.ppp=3/);
    expect(new URL(page.url()).searchParams.has("x.pp")).toBe(false);
    expect(errors).toEqual([]);
    await page.close();
  });
});
