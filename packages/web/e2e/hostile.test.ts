/**
 * URLs that broke the page (issue 12): efficiencies of 1e-300 ("Invalid array length", no chart),
 * a world-model speed of 1e-300 mph, a KV-tier price of 1e-300 (NaN in SVG attributes), and a shared
 * link with a 1e8-layer config (the tab froze for 12 s). Each now names the value and keeps the page.
 */
import { describe, expect, inject, it } from "vitest";
import { openPage, useBrowser } from "./browser.ts";

const base = inject("baseUrl");
const browser = useBrowser();

async function svgGarbage(page: import("playwright-core").Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll("svg, svg *")].flatMap((e) => [...e.attributes].filter((a) => /NaN|Infinity|undefined/.test(a.value)).map((a) => `${e.tagName}.${a.name}=${a.value}`)),
  );
}

describe("hostile URLs keep the page", () => {
  const URLS: [string, RegExp][] = [
    ["page=batch&be=1e-300", /(be|Bandwidth efficiency): got "1e-300"\. Expected a number of fraction of peak HBM bandwidth, ≥ 0\.001/],
    ["page=batch&ce=1e-300", /(ce|Compute efficiency): got "1e-300"\. Expected a number of fraction of peak FLOP\/s, ≥ 0\.001/],
    ["page=prefill&be=1e-300", /(be|Bandwidth efficiency): got "1e-300"/],
    ["page=prefill&ce=1e-300", /(ce|Compute efficiency): got "1e-300"/],
    ["page=prices&be=1e-300", /(be|Bandwidth efficiency): got "1e-300"/],
    ["page=prices&ce=1e-300", /(ce|Compute efficiency): got "1e-300"/],
    ["page=worldmodel&x.mph=1e-300", /speed \(mph\)|mph|m\/s/],
    ["page=kv-tiers&usd=1e-300", /usd|USD per chip-hour/],
  ];
  for (const [query, message] of URLS) {
    it(`?${query}: the value is named, no uncaught error, no NaN in the SVG`, async () => {
      const t = Date.now();
      const { page, errors } = await openPage(browser(), `${base}?${query}`);
      await page.waitForLoadState("networkidle");
      const text = (await page.textContent("body")) ?? "";
      expect(text).toMatch(message);
      expect(errors.filter((e) => e.startsWith("pageerror"))).toEqual([]);
      expect(await svgGarbage(page)).toEqual([]);
      expect(Date.now() - t).toBeLessThan(5000);
      await page.close();
    });
  }

  it("a shared link with a 1e8-layer config is refused at once, naming the field", async () => {
    const cfg = { model_type: "llama", hidden_size: 4096, num_hidden_layers: 1e8, num_attention_heads: 32, intermediate_size: 11008, vocab_size: 32000, max_position_embeddings: 4096 };
    const q = new URLSearchParams({ page: "batch", model: "custom", config: JSON.stringify(cfg) });
    const t = Date.now();
    const { page, errors } = await openPage(browser(), `${base}?${q.toString()}`);
    const banner = (await page.textContent("[data-url-problems]")) ?? "";
    expect(banner).toMatch(/num_hidden_layers: got "100000000"\. Expected a whole number ≥ 1 and ≤ 4,096 \(layers\)/);
    expect(Date.now() - t).toBeLessThan(3000);
    expect(errors.filter((e) => e.startsWith("pageerror"))).toEqual([]);
    await page.close();
  });

  it("a pasted config with Python's Infinity literal in an unused field loads; nested 100 deep is refused", async () => {
    const ok = '{"model_type":"llama","hidden_size":4096,"num_hidden_layers":32,"num_attention_heads":32,"intermediate_size":11008,"vocab_size":32000,"max_position_embeddings":4096,"time_step_limit":[0.0, Infinity]}';
    const a = await openPage(browser(), `${base}?${new URLSearchParams({ page: "model", model: "custom", config: ok }).toString()}`);
    expect((await a.page.textContent("[data-url-problems]").catch(() => null)) ?? "").not.toMatch(/config/);
    expect(a.errors.filter((e) => e.startsWith("pageerror"))).toEqual([]);
    await a.page.close();
    const deep = "[".repeat(100) + "]".repeat(100);
    const b = await openPage(browser(), `${base}?${new URLSearchParams({ page: "model", model: "custom", config: deep }).toString()}`);
    expect((await b.page.textContent("[data-url-problems]")) ?? "").toMatch(/nested at most 64 levels deep/);
    expect(b.errors.filter((e) => e.startsWith("pageerror"))).toEqual([]);
    await b.page.close();
  });
});
