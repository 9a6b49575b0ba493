/** The URL holds the whole view; hostile URL state is named, ignored and never becomes markup. */
import { describe, expect, inject, it } from "vitest";
import { chartSvg, numValue, openPage, useBrowser } from "./browser.ts";

const base = inject("baseUrl");
const browser = useBrowser();

async function numbers(page: import("playwright-core").Page): Promise<Record<string, string>> {
  return page.$$eval("[data-num]", (els) => Object.fromEntries(els.map((e) => [e.getAttribute("data-num") ?? "", e.getAttribute("data-value") ?? ""])));
}

describe("a copied URL restores the view", () => {
  it("controls, numbers, charts and the open derivation come back from the address alone", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=context`);
    await page.selectOption("#c-hardware", "nvidia-h200-sxm-141gb");
    await page.fill("#c-chips", "8");
    await page.fill("#c-context", "32k");
    await page.selectOption("#c-kv", "fp8");
    await page.click("text=More inputs");
    await page.selectOption("#c-attention", "dense");
    await page.fill("#c-usd-per-hour", "3.1");
    await page.click('[data-num="context.kvBytesPerToken"]');
    await page.waitForSelector("[data-panel]");
    await page.waitForURL(/explain=context\.kvBytesPerToken/);
    const url = page.url();
    expect(url).toContain("ctx=32000");
    const want = { nums: await numbers(page), svg: await chartSvg(page, "context-cost"), panel: await page.textContent("[data-panel]") };

    const copy = await openPage(browser(), url);
    await copy.page.waitForSelector("[data-panel]");
    expect(await numbers(copy.page)).toEqual(want.nums);
    expect(await chartSvg(copy.page, "context-cost")).toBe(want.svg);
    expect(await copy.page.textContent("[data-panel]")).toBe(want.panel);
    expect(await copy.page.inputValue("#c-chips")).toBe("8");
    expect(await copy.page.inputValue("#c-kv")).toBe("fp8");
    expect(await copy.page.inputValue("#c-attention")).toBe("dense");
    expect(errors).toEqual([]);
    expect(copy.errors).toEqual([]);
  });

  it("a page's own inputs (the layout's degrees, the world model's window) travel in the URL", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=layout`);
    await page.fill("#c-pp", "4");
    await page.fill("#c-micro-batch", "64");
    await page.waitForURL(/[?&]pp=4/);
    await page.waitForURL(/[?&]mb=64/);
    const want = await numbers(page);
    const copy = await openPage(browser(), page.url());
    expect(await copy.page.inputValue("#c-pp")).toBe("4");
    expect(await copy.page.inputValue("#c-micro-batch")).toBe("64");
    expect(await numbers(copy.page)).toEqual(want);

    const wm = await openPage(browser(), `${base}?page=worldmodel&x.window=6&x.question=open-loop`);
    // The page's former x. keys are aliases of its table's keys (window, question).
    expect(await wm.page.inputValue("#c-window-frames")).toBe("6");
    expect(await wm.page.inputValue("#c-question")).toBe("open-loop");
    expect(errors).toEqual([]);
    expect(copy.errors).toEqual([]);
    expect(wm.errors).toEqual([]);
  });

  it("back and forward move between pages with their state", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=batch&chips=16`);
    await page.click('[data-page-link="hardware"]');
    await page.waitForSelector('main[data-page="hardware"]');
    await page.goBack();
    await page.waitForSelector('main[data-page="batch"]');
    expect(await page.inputValue("#c-chips")).toBe("16");
    expect(errors).toEqual([]);
  });

  it("a pasted config.json travels in the URL", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=model`);
    const config = { model_type: "llama", hidden_size: 4096, num_hidden_layers: 32, num_attention_heads: 32, num_key_value_heads: 8, intermediate_size: 14336, vocab_size: 128256, max_position_embeddings: 131072, torch_dtype: "bfloat16", tie_word_embeddings: false };
    await page.fill("#config-text", JSON.stringify(config, null, 2));
    await page.click("text=Use this model");
    await page.waitForFunction(() => document.querySelector('[data-num="model.totalParams"]')?.textContent?.includes("8.03B"));
    await page.waitForURL(/model=custom/);
    const url = new URL(page.url());
    expect(url.searchParams.get("model")).toBe("custom");
    expect(JSON.parse(url.searchParams.get("config") ?? "{}")).toEqual(config);
    const copy = await openPage(browser(), page.url());
    expect(await numValue(copy.page, "model.totalParams")).toBe(8030261248);
    expect(await copy.page.textContent("main")).toContain("pasted config.json");
    expect(errors).toEqual([]);
    expect(copy.errors).toEqual([]);
  });

  it("a napkin model in the URL shows its given totals and KV bytes, with their origin", async () => {
    const napkin = { name: "napkin-1T", totalParams: 1e12, activeParams: 5e10, weightBytesPerParam: 1, kvBytesPerToken: 100000 };
    const q = new URLSearchParams({ page: "model", model: "custom", config: JSON.stringify(napkin), explain: "model.kvBytesPerToken" });
    const { page, errors } = await openPage(browser(), `${base}?${q.toString()}`);
    expect(await numValue(page, "model.totalParams")).toBe(1e12);
    expect(await numValue(page, "model.kvBytesPerToken")).toBe(100000);
    expect(await page.textContent("[data-panel]")).toContain("pasted config.json: kvBytesPerToken");
    expect(await page.textContent(".stats")).not.toContain("unknown");
    expect(errors).toEqual([]);
  });

  it("a bad pasted config is named and changes nothing", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=model`);
    await page.fill("#config-text", '{"hidden_size": "<img src=x onerror=alert(1)>"}');
    await page.click("text=Use this model");
    const msg = await page.textContent(".config-input .field-error");
    expect(msg).toContain("hidden_size");
    expect(await page.$("img")).toBeNull();
    expect(new URL(page.url()).searchParams.get("model")).toBeNull();
    expect(errors).toEqual([]);
  });
});

describe("hostile URL state", () => {
  const HOSTILE: [string, string, RegExp][] = [
    ["batch", "<script>alert(1)</script>", /batch: got "<script>alert\(1\)<\/script>"\. Expected a whole number of sequences in the batch, ≥ 1 and ≤ 1e7/],
    ["chips", "1e300", /chips: got "1e300"\. Expected a whole number of chips, ≥ 1 and ≤ 1e6/],
    ["ctx", "-5", /ctx: got "-5"\. Expected a whole number of tokens of context, ≥ 0/],
    ["usd", "NaN", /usd: got "NaN"/],
    ["ce", "Infinity", /ce: got "Infinity"\. Expected a number of fraction of peak FLOP\/s, ≥ 0\.001 and ≤ 10/],
    ["model", "<img src=x onerror=alert(1)>", /model: unknown id got "<img src=x onerror=alert\(1\)>"/],
    ["hw", "javascript:alert(1)", /hw: unknown id/],
    ["weights", "fp3", /weights: got "fp3"\. Expected one of fp32, bf16/],
    ["attn", "../../etc/passwd", /attn: got "..\/..\/etc\/passwd"\. Expected one of native, dense, sqrt/],
    ["explain", "<svg onload=alert(1)>", /explain: got "<svg onload=alert\(1\)>"/],
    ["page", "<iframe src=//evil>", /page: got "<iframe src=\/\/evil>"\. Expected one of batch, context/],
    ["config", "{\"totalParams\": 1e99}", /config/],
    ["x.E", "<b>64</b>", /x\.E: got "<b>64<\/b>"\. Expected a page input/],
  ];

  it("every bad parameter is named with its expected range, falls back to the default, and nothing is injected", async () => {
    const defaults = await openPage(browser(), `${base}?page=batch`);
    const want = await numbers(defaults.page);
    const q = new URLSearchParams();
    for (const [k, v] of HOSTILE) q.set(k, v);
    q.set("model", "<img src=x onerror=alert(1)>");
    q.append("model", "custom");
    const { page, errors } = await openPage(browser(), `${base}?${q.toString()}`);
    const banner = (await page.textContent("[data-url-problems]")) ?? "";
    for (const [k, , re] of HOSTILE) {
      if (k === "config") continue;
      expect(banner, k).toMatch(re);
    }
    expect(banner).toContain("Using the default");
    expect(await page.getAttribute("main", "data-page")).toBe("batch");
    expect(await numbers(page)).toEqual(want);
    expect(await page.evaluate(() => document.querySelectorAll("img, iframe, script:not([type=module])").length)).toBe(0);
    expect(await page.evaluate(() => [...document.querySelectorAll("*")].some((e) => [...e.attributes].some((a) => a.name.startsWith("on"))))).toBe(false);
    expect(errors).toEqual([]);
  });

  it("a custom model whose config has the wrong types is refused with the field named", async () => {
    const q = new URLSearchParams({ page: "model", model: "custom", config: JSON.stringify({ model_type: "llama", hidden_size: "<b>4096</b>", num_hidden_layers: 32 }) });
    const { page, errors } = await openPage(browser(), `${base}?${q.toString()}`);
    const banner = (await page.textContent("[data-url-problems]")) ?? "";
    expect(banner).toContain("hidden_size");
    expect(await page.$("main b")).toBeNull();
    expect(banner).toContain("Using the default model (deepseek-v3)");
    expect(await page.textContent("main")).toContain("DeepSeek-V3");
    expect(errors).toEqual([]);
  });

  it("an oversized config is refused before it is parsed", async () => {
    const q = new URLSearchParams({ page: "model", model: "custom", config: `{"a":"${"x".repeat(12_500)}"}` });
    const { page, errors } = await openPage(browser(), `${base}?${q.toString()}`);
    expect(await page.textContent("[data-url-problems]")).toContain("at most 12000 characters");
    expect(errors).toEqual([]);
  });

  it("a model that needs a value the hardware lacks says what to set, with no chart of garbage", async () => {
    const { page, errors } = await openPage(browser(), `${base}?page=batch&hw=nvidia-a100-sxm4-80gb&compute=fp4`);
    const msg = (await page.textContent("[data-error]")) ?? "";
    expect(msg).toMatch(/FP4|fp4/);
    expect(await page.$('[data-chart="batch-time"]')).toBeNull();
    expect(errors).toEqual([]);
  });
});
