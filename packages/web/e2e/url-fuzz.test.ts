/**
 * The web app's URL state, fuzzed (issue 12): seeded random addresses over every page and every key the
 * URL carries (the fixed keys, each input of core's tables, each page's own `x.` keys read from the page
 * sources, so new keys are fuzzed without editing this file), with hostile values. Every address must
 * keep the page: no uncaught error, no NaN/Infinity/undefined in the text or in SVG attributes, and a
 * chart or a clear message, rendered within 20 s (a generous bound for a loaded machine: a frozen tab
 * never renders). The seed is printed; replay with URL_FUZZ_SEED=<seed>, more cases with URL_FUZZ_CASES.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { INPUT_TABLES, MEMORY_WALL_INPUTS, PIPELINE_IMBALANCE_INPUTS, SCALE_UP_INPUTS } from "@roofline/core";
import { URL_INPUTS, URL_KEYS } from "../src/state.ts";
import { useBrowser } from "./browser.ts";

const base = inject("baseUrl");
const browser = useBrowser();

const SEED = Number(process.env["URL_FUZZ_SEED"] ?? Math.floor(Date.now() / 86_400_000));
const CASES = Number(process.env["URL_FUZZ_CASES"] ?? 60);

/** mulberry32, as the CLI fuzzer uses. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PAGES_DIR = join(import.meta.dirname, "../src/pages");
/** Page ids, from the page registry. */
const PAGE_IDS = [...readFileSync(join(PAGES_DIR, "index.ts"), "utf8").matchAll(/\{ id: "([a-z-]+)"/g)].map((m) => m[1] as string);
/**
 * Each page's own URL keys (`x.<key>`): read from the page sources; the former x. keys the input tables
 * still read (urlAliases); and the Lecture page's per-argument keys, x.<prefix><table key> (pages/lecture.tsx:
 * scale-up "", memory wall "w", pipeline "p").
 */
const LOCAL_KEYS = [
  ...new Set([
    ...readdirSync(PAGES_DIR)
      .filter((f) => f.endsWith(".tsx"))
      .flatMap((f) => {
        const src = readFileSync(join(PAGES_DIR, f), "utf8");
        return [...src.matchAll(/localParam\(\s*state,\s*set,\s*"([A-Za-z0-9_-]+)"/g), ...src.matchAll(/local\["([A-Za-z0-9_-]+)"\]/g)].map((m) => m[1] as string);
      }),
    ...INPUT_TABLES.flatMap((t) => t.inputs.flatMap((d) => d.urlAliases ?? [])).map((a) => a.replace(/^x\./, "")),
    ...([["", SCALE_UP_INPUTS], ["w", MEMORY_WALL_INPUTS], ["p", PIPELINE_IMBALANCE_INPUTS]] as const).flatMap(([prefix, t]) => t.inputs.map((d) => `${prefix}${d.url}`)),
  ]),
];
const INPUT_KEYS = URL_INPUTS.map((d) => d.url);

const HOSTILE = ["0", "-0", "-1", "1e-300", "-1e-300", "1e308", "1e400", "-1e400", "NaN", "Infinity", "-Infinity", "", " ", "9".repeat(400), `0.${"0".repeat(300)}1`, "1e", "0x10", "1,5", "١٢", "abc", "\u001b[31m1", "<script>alert(1)</script>", '"><svg onload=alert(1)>', "../../etc/passwd", "%00", "x".repeat(3000), "4294967297", "1e9", "1e12", "2.5", "0.5", "8", "64", "4096", "32k", "1M", "1:2", "a:b;c:d", "constructor", "__proto__"];
const IDS: Record<string, string[]> = {
  [URL_KEYS.model]: ["deepseek-v3", "llama-3.1-8b", "gpt-oss-120b", "kimi-k2-instruct", "custom", "nope", "DEEPSEEK-V3"],
  [URL_KEYS.hardware]: ["h100", "b200", "gb200", "mi300x", "tpu-v5p", "nope", "H1OO"],
  [URL_KEYS.page]: [...PAGE_IDS, "nope", "BATCH", ""],
  [URL_KEYS.desc]: ["0", "1", "2", "yes"],
  [URL_KEYS.compare]: ["hw:amd-mi355x,chips:8", "eff:expected", "ep:64", "hw:nope", "chips:1e308", "kv:fp4;kv:fp8;hw:b200", "x".repeat(400)],
  [URL_KEYS.pin]: ["batch-cost:64", "context-cost:1e308", "x:NaN", "nope"],
  [URL_KEYS.explain]: ["step.stepSeconds", "optimalBatch", "nope", "<b>"],
  [URL_KEYS.config]: [
    '{"model_type":"llama","hidden_size":4096,"num_hidden_layers":1e8,"num_attention_heads":32,"intermediate_size":11008,"vocab_size":32000,"max_position_embeddings":4096}',
    '{"model_type":"llama","hidden_size":1e-300,"num_hidden_layers":32,"num_attention_heads":32,"intermediate_size":11008,"vocab_size":32000,"max_position_embeddings":4096}',
    '{"model_type":"llama","hidden_size":4096,"num_hidden_layers":32,"num_attention_heads":32,"intermediate_size":11008,"vocab_size":32000,"max_position_embeddings":4096,"time_step_limit":[0,Infinity]}',
    "[".repeat(500),
    "not json",
  ],
};
const FIXED = [URL_KEYS.model, URL_KEYS.hardware, URL_KEYS.desc, URL_KEYS.compare, URL_KEYS.pin, URL_KEYS.explain, URL_KEYS.config, URL_KEYS.sort];

function makeUrl(r: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const q = new URLSearchParams();
  q.set("page", r() < 0.95 ? pick(PAGE_IDS) : pick(IDS[URL_KEYS.page]!));
  const n = 1 + Math.floor(r() * 5);
  for (let i = 0; i < n; i++) {
    const kind = r();
    if (kind < 0.45) q.set(pick(INPUT_KEYS), pick(HOSTILE));
    else if (kind < 0.8 && LOCAL_KEYS.length) q.set(`x.${pick(LOCAL_KEYS)}`, pick(HOSTILE));
    else {
      const key = pick(FIXED);
      q.set(key, IDS[key] && r() < 0.7 ? pick(IDS[key]!) : pick(HOSTILE));
    }
  }
  if (q.get(URL_KEYS.config) !== null && r() < 0.8) q.set(URL_KEYS.model, "custom");
  return q.toString();
}

/** What a page shows when it has rendered: a chart, a table, or a message about the input. */
const RENDERED = "main[data-page] svg, main[data-page] table, [data-error], [data-url-problems], .field-error";

/** What a hostile URL must never produce: NaN/Infinity/undefined shown, in SVG attributes, or an empty page. */
async function inspect(page: import("playwright-core").Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const main = document.querySelector("main[data-page]");
    // Values echoed in quotes (`got "-Infinity"`) are the user's input repeated, not results.
    const text = (main?.textContent ?? "").replace(/"[^"]{0,500}"/g, '""');
    // (AMD's "Infinity Fabric" is a name, not a number.)
    const bad = /(^|[^A-Za-z_])(NaN|-?Infinity(?! Fabric)|undefined)([^A-Za-z_]|$)/.exec(text);
    if (bad) problems.push(`text shows ${bad[2]}: …${text.slice(Math.max(0, bad.index - 50), bad.index + 30)}…`);
    for (const e of document.querySelectorAll("svg, svg *")) {
      for (const a of e.attributes) if (/NaN|Infinity|undefined/.test(a.value)) problems.push(`${e.tagName}.${a.name}=${a.value.slice(0, 60)}`);
    }
    return problems.slice(0, 5);
  });
}

describe(`fuzzing the URL state (seed ${SEED}, ${CASES} addresses, ${PAGE_IDS.length} pages, ${INPUT_KEYS.length} input keys, ${LOCAL_KEYS.length} page keys)`, () => {
  it("reads the keys it fuzzes from the app itself", () => {
    expect(PAGE_IDS.length).toBeGreaterThanOrEqual(20);
    expect(INPUT_KEYS.length).toBeGreaterThan(10);
    // Pages' x. keys move into input tables as pages are ported (their former keys stay, as aliases): inputs and page keys together.
    expect(LOCAL_KEYS.length).toBeGreaterThan(10);
    expect(INPUT_KEYS.length + LOCAL_KEYS.length).toBeGreaterThan(100);
  });

  it("every hostile address keeps the page: no uncaught error, no NaN/Infinity, a chart or a clear message, rendered within 20 s", { timeout: 30 * 60_000 }, async () => {
    console.log(`URL fuzz seed ${SEED} (replay: URL_FUZZ_SEED=${SEED})`);
    const r = rng(SEED);
    const failures: string[] = [];
    const page = await browser().context.newPage();
    let errors: string[] = [];
    page.on("pageerror", (e) => errors.push(`uncaught: ${e.message}`));
    page.on("dialog", (d) => {
      errors.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    for (let i = 0; i < CASES; i++) {
      const query = makeUrl(r);
      errors = [];
      let problems: string[] = [];
      try {
        await page.goto(`${base}?${query}`, { timeout: 20_000 });
        // Wait for the (lazily loaded) page to show something: a chart, a table or a message.
        await page.waitForSelector(RENDERED, { timeout: 20_000 });
        problems = await inspect(page);
      } catch (e) {
        problems = [`did not render within 20 s: ${(e as Error).message.split("\n")[0]}`];
      }
      const all = [...errors, ...problems];
      if (all.length) failures.push(`#${i} ?${query.slice(0, 400)}\n    ${all.join("\n    ")}`);
    }
    await page.close();
    expect(failures, `seed ${SEED}: ${failures.length} of ${CASES} addresses failed\n${failures.slice(0, 15).join("\n")}`).toEqual([]);
  });
});
