/**
 * One definition per input, seen from the pages: each page's controls are its input table's (one per
 * input, the same ids the CLI's flags come from: packages/cli/test/parity-cases.ts), and with
 * defaults alone a page shows the numbers its command prints.
 */
import { describe, expect, inject, it } from "vitest";
import { PARITY_CASES } from "../../cli/test/parity-cases.ts";
import { numValue, openPage, useBrowser } from "./browser.ts";
import { cliJson } from "./cli.ts";

const base = inject("baseUrl");
const browser = useBrowser();

function same(actual: number, expected: number) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.abs(expected) * 1e-12);
}

describe("each page's controls are its input table", () => {
  for (const c of PARITY_CASES.filter((x) => x.page)) {
    it(`${c.page}: a control per input of the ${c.table.analysis} table`, async () => {
      const { page, errors } = await openPage(browser(), `${base}?page=${c.page}`);
      await page.waitForSelector(".sidebar form.controls [data-input]");
      const shown = await page.$$eval(".sidebar form.controls [data-input]", (els) => els.map((e) => e.getAttribute("data-input") as string));
      const otherwise = c.pageShowsOtherwise ?? {};
      const expected = c.table.inputs.filter((d) => !(d.id in otherwise) && (d.kind !== "catalog" || d.id === "model" || d.catalog === "hardware" || d.catalog === "price-sheet") && d.kind !== "file").map((d) => d.id);
      expect([...shown].sort()).toEqual([...expected].sort());
      expect(errors).toEqual([]);
    });
  }
});

describe("with defaults alone, a page shows what its command prints", () => {
  it("API prices: the KV bytes per token the price sheet implies (one default chip: the table's H100)", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=prices`);
    const r = await cliJson<{ impliedKvBytesPerToken: number; outputToInputRatio: number }>("prices", "--json");
    same(await numValue(page, "prices.kvBytesPerToken"), r.impliedKvBytesPerToken);
    same(await numValue(page, "prices.outputToInputRatio"), r.outputToInputRatio);
    expect(await page.inputValue("#c-hardware")).toBe("nvidia-h100-sxm5-80gb");
    expect(errors).toEqual([]);
  });

  it("API prices: another sheet, under its table key and under the page's former x.sheet key, as --prices gives it", async () => {
    const r = await cliJson<{ outputToInputRatio: number; cacheHitDiscount: number }>("prices", "--prices", "anthropic-claude-opus-4.6", "--json");
    for (const q of ["sheet=anthropic-claude-opus-4.6", "x.sheet=anthropic-claude-opus-4.6"]) {
      const { page, errors } = await openPage(browser(), `${base}?page=prices&${q}`);
      expect(await page.inputValue("#c-prices")).toBe("anthropic-claude-opus-4.6");
      same(await numValue(page, "prices.outputToInputRatio"), r.outputToInputRatio);
      same(await numValue(page, "prices.cacheHitDiscount"), r.cacheHitDiscount);
      expect(errors).toEqual([]);
    }
  });

  it("Operators: the decode step at the one default batch, and the prefill pass", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=operators`);
    const decode = await cliJson<{ step: { stepSeconds: number; flop: number } }>("operators", "--json");
    same(await numValue(page, "operators.decode.stepSeconds"), decode.step.stepSeconds);
    same(await numValue(page, "operators.decode.total.flop"), decode.step.flop);
    const p2 = await openPage(browser(), `${base}?page=operators&x.phase=prefill`);
    const prefill = await cliJson<{ step: { stepSeconds: number; flop: number } }>("operators", "--phase", "prefill", "--json");
    same(await numValue(p2.page, "operators.prefill.stepSeconds"), prefill.step.stepSeconds);
    same(await numValue(p2.page, "operators.prefill.total.flop"), prefill.step.flop);
    expect([...errors, ...p2.errors]).toEqual([]);
  });

  it("KV tiers: the model's KV per token and the recompute cost, on the table's default chip", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=kv-tiers`);
    const r = await cliJson<{ kvBytesPerToken: number; recomputeUsdPerToken: number }>("kv-tiers", "--json");
    same(await numValue(page, "kvtiers.kvBytesPerToken"), r.kvBytesPerToken);
    same(await numValue(page, "kvtiers.recompute"), r.recomputeUsdPerToken);
    expect(errors).toEqual([]);
  });

  it("KV tiers: a host DRAM price, under its table key and under the page's former x.dram key, prices the DRAM tier as --dram-usd-per-gb-month does", async () => {
    const r = await cliJson<{ durations: { durationSeconds: number; impliedDiscount: number }[] }>("kv-tiers", "--dram-usd-per-gb-month", "3", "--json");
    for (const q of ["dram=3", "x.dram=3"]) {
      const { page, errors } = await openPage(browser(), `${base}?page=kv-tiers&${q}`);
      expect(await page.inputValue("#c-dram-usd-per-gb-month")).toBe("3");
      for (const d of r.durations) same(await numValue(page, `kvtiers.duration${d.durationSeconds}`), d.impliedDiscount);
      expect(errors).toEqual([]);
    }
  });

  it("Speculative decoding: the crib sheet's 70B on an H100 by default, and the page's former x.k key still sets k", async () => {
    for (const [q, flags] of [["", []], ["&x.k=5&x.alpha=0.6&conc=8", ["--draft-tokens", "5", "--acceptance", "0.6", "--concurrency", "8"]]] as const) {
      const { page, errors } = await openPage(browser(), `${base}?page=specdec${q}`);
      const r = await cliJson<{ speedup: number; unbatched: { tokensPerSecond: number } }>("specdec", ...flags, "--json");
      same(await numValue(page, "specdec.speedup"), r.speedup);
      same(await numValue(page, "specdec.unbatched"), r.unbatched.tokensPerSecond);
      expect(errors).toEqual([]);
    }
  });

  it("Fast & slow modes and the Training split show `roofline modes --json` and `roofline train --json`", async () => {
    const m = await openPage(browser(), `${base}?page=modes`);
    const modes = await cliJson<{ standard: { usdPerMillionTokens: number }; latencyFloor: { speedRatio: number; priceRatio: number }; slow: { savings: number } }>("modes", "--json");
    same(await numValue(m.page, "modes.standard"), modes.standard.usdPerMillionTokens);
    same(await numValue(m.page, "modes.floorSpeed"), modes.latencyFloor.speedRatio);
    same(await numValue(m.page, "modes.slowSavings"), modes.slow.savings);
    const t = await openPage(browser(), `${base}?page=training`);
    const train = await cliJson<{ training: { inferenceTokens: number; pretrainTokens: number; overtrainingFactor: number; run: { chipHours: number; usd: number; seconds: number } } }>("train", "--json");
    same(await numValue(t.page, "training.inferenceTokens"), train.training.inferenceTokens);
    same(await numValue(t.page, "training.overtrainingFactor"), train.training.overtrainingFactor);
    same(await numValue(t.page, "training.chipHours"), train.training.run.chipHours);
    same(await numValue(t.page, "training.usd"), train.training.run.usd);
    same(await numValue(t.page, "training.seconds"), train.training.run.seconds);
    expect([...m.errors, ...t.errors]).toEqual([]);
  });

  it("World models: `roofline worldmodel --json` with defaults alone, and the same numbers from the table's keys, the page's former x. keys and the flags", async () => {
    const cases: [string, string[]][] = [
      ["", []],
      ["&tp=8&mph=60&window=6", ["--tp", "8", "--speed-mph", "60", "--window-frames", "6"]],
      ["&x.tp=8&x.mph=60&x.window=6", ["--tp", "8", "--speed-mph", "60", "--window-frames", "6"]],
      ["&cameras=6&kv=bf16&teacher-steps=10", ["--cameras", "6", "--kv", "bf16", "--teacher-steps", "10"]],
    ];
    for (const [q, flags] of cases) {
      const { page, errors } = await openPage(browser(), `${base}?page=worldmodel${q}`);
      const r = await cliJson<{ teacherUsdPerMile: number; studentUsdPerMile: number; kvBytesPerWindow: number; branchesPerGpu: number; tickBudget: { tickSeconds: number }; validation: { totalUsd: number } }>("worldmodel", ...flags, "--json");
      same(await numValue(page, "worldmodel.teacherUsdPerMile"), r.teacherUsdPerMile);
      same(await numValue(page, "worldmodel.studentUsdPerMile"), r.studentUsdPerMile);
      same(await numValue(page, "worldmodel.kvBytesPerWindow"), r.kvBytesPerWindow);
      same(await numValue(page, "worldmodel.branchesPerGpu"), r.branchesPerGpu);
      same(await numValue(page, "worldmodel.tickSeconds"), r.tickBudget.tickSeconds);
      same(await numValue(page, "worldmodel.nightlyUsd"), r.validation.totalUsd);
      expect(errors).toEqual([]);
    }
  });

  it("Cluster layout: `roofline layout --json` with defaults alone, then the same layout from the table's keys, the page's former x. keys and the flags (old flags too)", async () => {
    const cases: [string, string[]][] = [
      ["", []],
      ["&ep=32&pp=4&mb=64&hop=5", ["--ep", "32", "--pp", "4", "--micro-batch", "64", "--hop-latency-ms", "5", "--uneven-stages"]],
      ["&x.E=32&x.P=4&x.b=64&x.hopMs=5", ["-E", "32", "-P", "4", "-b", "64", "--hop-latency-ms", "5", "--uneven-stages"]],
    ];
    for (const [q, flags] of cases) {
      const { page, errors } = await openPage(browser(), `${base}?page=layout${q}`);
      const r = await cliJson<{ time: { tokenSeconds: number }; expected: { tokenSeconds: number }; memory: { totalBytesPerChip: number } }>("layout", ...flags, "--json");
      same(await numValue(page, "layout.tokenSeconds"), r.time.tokenSeconds);
      same(await numValue(page, "layout.expectedTokenSeconds"), r.expected.tokenSeconds);
      expect(errors).toEqual([]);
    }
  });

  it("Training step: `roofline train-step --json` with defaults alone (one table: 64 H100s as DP 4 × TP 8 × PP 2, 8K sequences, 15T tokens), and from the page's keys as from the flags", async () => {
    const cases: [string, string[]][] = [
      ["", []],
      ["&dp=8&pp=1&zero=2&seq=4096", ["--dp", "8", "--pp", "1", "--zero", "2", "--seq-len", "4096"]],
      // Switches: checkboxes here, --x/--no-x there (the page's former x.rev key still reads).
      ["&rev=1&sp=0&fattn=0&recompute=selective", ["--reversible", "--no-sequence-parallel", "--unfused-attention", "--recompute", "selective"]],
      ["&x.rev=1", ["--reversible"]],
    ];
    for (const [q, flags] of cases) {
      const { page, errors } = await openPage(browser(), `${base}?page=train-step${q}`);
      const r = await cliJson<{ chips: number; layout: { dataParallel: number; tensorParallel: number; pipelineParallel: number; sequenceLength: number }; time: { stepSeconds: number; bubbleFraction: number }; tokensPerSecondPerChip: number; mfu: number; memory: { totalBytes: number; fits: boolean }; run: { chipHours: number; calendarSeconds: number } }>("train-step", ...flags, "--json");
      if (q === "") {
        expect(r.layout).toMatchObject({ dataParallel: 4, tensorParallel: 8, pipelineParallel: 2, sequenceLength: 8192 });
        expect(r.chips).toBe(64);
        expect(r.memory.fits).toBe(true);
      }
      same(await numValue(page, "train-step.stepSeconds"), r.time.stepSeconds);
      same(await numValue(page, "train-step.tokensPerSecondPerChip"), r.tokensPerSecondPerChip);
      same(await numValue(page, "train-step.mfu"), r.mfu);
      same(await numValue(page, "train-step.bubble"), r.time.bubbleFraction);
      same(await numValue(page, "train-step.memory"), r.memory.totalBytes);
      same(await numValue(page, "train-step.chipHours"), r.run.chipHours);
      same(await numValue(page, "train-step.calendar"), r.run.calendarSeconds);
      expect(await page.isChecked("#c-reversible")).toBe(q.includes("rev=1"));
      expect(await page.isChecked("#c-sequence-parallel")).toBe(!q.includes("sp=0"));
      expect(errors).toEqual([]);
      await page.close();
    }
  });

  it("Cluster layout: switches, phase and schedule from the page's keys as from the flags (uneven stages on by default; off refuses 4 stages of 61 layers, naming the checkbox)", async () => {
    const cases: [string, string[]][] = [
      ["&pp=4", ["--pp", "4"]],
      ["&pp=4&overlap=0", ["--pp", "4", "--no-overlap"]],
      ["&phase=prefill&prompt=2048", ["--phase", "prefill", "--prompt-tokens", "2048"]],
    ];
    for (const [q, flags] of cases) {
      const { page, errors } = await openPage(browser(), `${base}?page=layout${q}`);
      const r = await cliJson<{ time: { tokenSeconds: number }; expected: { tokenSeconds: number } }>("layout", ...flags, "--json");
      same(await numValue(page, "layout.tokenSeconds"), r.time.tokenSeconds);
      same(await numValue(page, "layout.expectedTokenSeconds"), r.expected.tokenSeconds);
      expect(await page.isChecked("#c-uneven-stages")).toBe(true);
      expect(await page.isChecked("#c-overlap")).toBe(!q.includes("overlap=0"));
      expect(errors).toEqual([]);
      await page.close();
    }
    // Off (the checkbox, its URL key, or the page's former x.uneven key): 4 stages of 61 layers are refused, as --no-uneven-stages refuses them.
    for (const q of ["uneven=0", "x.uneven=0"]) {
      const { page, errors } = await openPage(browser(), `${base}?page=layout&pp=4&${q}`);
      expect(await page.isChecked("#c-uneven-stages")).toBe(false);
      expect(await page.textContent("[data-error]")).toMatch(/divisor of the 61 layers.*Uneven stages allowed/s);
      expect(errors).toEqual([]);
      await page.close();
    }
    const { page, errors } = await openPage(browser(), `${base}?page=layout&pp=4`);
    await page.uncheck("#c-uneven-stages");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("uneven") === "0");
    await page.check("#c-uneven-stages");
    await page.waitForFunction(() => !new URL(location.href).searchParams.has("uneven"));
    // A training schedule drawn as `layout --schedule 1f1b --training-micro-batches 8` draws it.
    const t = await openPage(browser(), `${base}?page=layout&pp=4&schedule=1f1b&tmb=8`);
    expect(await t.page.textContent('[data-chart="layout.schedule"]')).toMatch(/1F1B training schedule/);
    expect([...errors, ...t.errors]).toEqual([]);
  });

  it("Cluster layout: the search panel's controls are the search table's (racks, SLO, step times), with its defaults and former x. keys", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=layout&x.racks=2&x.sloMs=40&x.eff=ideal`);
    const panel = await page.$$eval(".content [data-input]", (els) => els.map((e) => e.getAttribute("data-input") as string));
    expect([...panel].sort()).toEqual(["domains", "efficiency", "latencySloMs"]);
    expect(await page.inputValue("#layout-racks")).toBe("2");
    expect(await page.inputValue("#layout-slo-ms")).toBe("40");
    expect(await page.inputValue("#layout-efficiency")).toBe("ideal");
    const fresh = await openPage(browser(), `${base}?page=layout`);
    expect(await fresh.page.inputValue("#layout-racks")).toBe("8");
    expect([...errors, ...fresh.errors]).toEqual([]);
  });

  it("Serving: a concurrency of max (a word the table declares for the number) reads from the URL as --concurrency max does", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=serving&conc=max&n=200`);
    await page.waitForSelector("#c-concurrency");
    expect(await page.inputValue("#c-concurrency")).toBe("max");
    expect(await page.$("[data-error]")).toBeNull();
    await page.fill("#c-concurrency", "lots");
    expect(await page.textContent('[data-input="concurrency"] .field-error')).toMatch(/Concurrency: got "lots"\. Expected a whole number of concurrent users, ≥ 1 and ≤ 1e7, or max/);
    expect(errors).toEqual([]);
  });

  it("a chosen chip stays chosen across pages; none chosen follows each page's default", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=batch`);
    expect(await page.inputValue("#c-hardware")).toBe("nvidia-gb200-nvl72");
    await page.click('[data-page-link="prices"]');
    await page.waitForSelector('main[data-page="prices"] #c-hardware');
    expect(await page.inputValue("#c-hardware")).toBe("nvidia-h100-sxm5-80gb");
    await page.selectOption("#c-hardware", "amd-mi300x");
    await page.click('[data-page-link="batch"]');
    await page.waitForSelector('main[data-page="batch"] #c-hardware');
    expect(await page.inputValue("#c-hardware")).toBe("amd-mi300x");
    expect(errors).toEqual([]);
  });
});

/**
 * Messages as data: the web app names a control, never a CLI flag. Every page's visible text (defaults,
 * hints, notes, messages) is read for "--flag". The Serving page is read too, and two of its
 * refusals (serving's core errors carry input ids; each interface names the input its own way).
 */
describe("no page's text names a CLI flag", () => {
  const PAGES = ["batch", "context", "prefill", "train", "hardware", "model", "seeds", "prices", "kv-tiers", "modes", "training", "worldmodel", "specdec", "layout", "train-step", "operators", "lecture", "practice", "validation", "serving"];
  for (const id of PAGES) {
    it(id, async () => {
      const { page, errors } = await openPage(browser(), `${base}?page=${id}`);
      await page.waitForSelector(`main[data-page="${id}"]`);
      const text = (await page.evaluate(() => document.querySelector("main")?.innerText ?? "")) as string;
      expect(text.match(/(^|[\s(])--[a-z][a-z0-9-]+/gm) ?? []).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    });
  }
  // Serving's own refusals (a prefill pool of every chip; a closed loop with disaggregated pools) name the page's controls.
  for (const q of ["sched=disaggregated&chips=8&pchips=8", "sched=disaggregated&conc=4"]) {
    it(`serving refuses ${q} naming its control, not a flag`, async () => {
      const { page, errors } = await openPage(browser(), `${base}?page=serving&${q}`);
      await page.waitForSelector("main[data-page=serving] [data-error]", { timeout: 20_000 });
      const text = (await page.evaluate(() => document.querySelector("main [data-error]")?.textContent ?? "")) as string;
      expect(text).toMatch(q.includes("pchips") ? /Prefill chips/ : /Concurrency/);
      expect(text.match(/(^|[\s(])--[a-z][a-z0-9-]+/gm) ?? []).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    });
  }
});
