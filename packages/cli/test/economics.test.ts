import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeTraining, getPriceSheet, invertPrices } from "@roofline/core";
import { nonFinitePaths, runCli } from "./run-cli.ts";

const dir = mkdtempSync(join(tmpdir(), "roofline-prices-"));
function sheetFile(name: string, json: unknown): string {
  const p = join(dir, name);
  writeFileSync(p, typeof json === "string" ? json : JSON.stringify(json));
  return p;
}
const good = { model: "example-1", inputUsdPerMillionTokens: 2, outputUsdPerMillionTokens: 12, contextWindowTokens: 1_000_000, longContext: { thresholdTokens: 200_000, inputUsdPerMillionTokens: 4, outputUsdPerMillionTokens: 18 } };

describe("roofline prices", () => {
  it("inverts Gemini's 200K tier into ~1.7 KB/token, as the library does", async () => {
    const r = await runCli("prices", "--prices", "gemini", "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    const lib = invertPrices({ sheet: getPriceSheet("gemini") });
    expect(j.impliedKvBytesPerToken).toBe(lib.impliedKvBytesPerToken);
    expect(j.impliedKvBytesPerToken).toBeGreaterThan(1600);
    expect(j.impliedKvBytesPerToken).toBeLessThan(1800);
    expect(j.derivations.impliedKvBytesPerToken.formula.text).toContain("kv*");
    expect(nonFinitePaths(j)).toEqual([]);
  });

  it("prints assumptions, plausibility, sources and derivations in text", async () => {
    const r = await runCli("prices");
    expect(r.code).toBe(0);
    for (const s of ["assumptions:", "plausibility:", "sources:", "Derivations", "8 KV heads × 128 dims", "memory-bound"]) expect(r.stdout).toContain(s);
  });

  it("takes the assumptions as flags: active parameters and BF16 compute double the estimate", async () => {
    const fp8 = JSON.parse((await runCli("prices", "--json")).stdout).impliedKvBytesPerToken as number;
    const bf16 = JSON.parse((await runCli("prices", "--compute", "bf16", "--json")).stdout).impliedKvBytesPerToken as number;
    expect(bf16 / fp8).toBeCloseTo(2, 2);
    const big = JSON.parse((await runCli("prices", "--active-params", "200G", "--json")).stdout).impliedKvBytesPerToken as number;
    expect(big / fp8).toBeCloseTo(2, 9);
  });

  it("lists the catalog's dated sheets with sources, as Markdown and CSV", async () => {
    const md = await runCli("prices", "--list", "--md");
    expect(md.code).toBe(0);
    expect(md.stdout).toContain("| id |");
    expect(md.stdout).toContain("https://platform.claude.com");
    const csv = await runCli("prices", "--list", "--csv");
    expect(csv.stdout.split("\n")[0]).toContain("inputUsdPerMillionTokens");
  });

  it("reads a user price sheet", async () => {
    const r = await runCli("prices", "--prices", sheetFile("good.json", good), "--json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).thresholdTokens).toBe(200_000);
  });

  it("rejects bad price sheets with one clear message naming the field", async () => {
    const missing = await runCli("prices", "--prices", sheetFile("missing.json", { model: "m", inputUsdPerMillionTokens: 2 }));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/outputUsdPerMillionTokens: missing/);
    const negative = await runCli("prices", "--prices", sheetFile("negative.json", { ...good, outputUsdPerMillionTokens: -3 }));
    expect(negative.code).toBe(2);
    expect(negative.stderr).toMatch(/outputUsdPerMillionTokens/);
    const beyond = await runCli("prices", "--prices", sheetFile("beyond.json", { ...good, longContext: { thresholdTokens: 5_000_000, inputUsdPerMillionTokens: 4 } }));
    expect(beyond.code).toBe(2);
    expect(beyond.stderr).toMatch(/longContext\.thresholdTokens.*context window/);
    const broken = await runCli("prices", "--prices", sheetFile("broken.json", "{ not json"));
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/valid JSON/);
    for (const r of [missing, negative, beyond, broken]) expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it("suggests ids for an unknown sheet and rejects non-numeric flags", async () => {
    const r = await runCli("prices", "--prices", "gemnii");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/gemini/);
    const n = await runCli("prices", "--active-params", "lots");
    expect(n.code).toBe(2);
    expect(n.stderr).toMatch(/--active-params/);
  });
});

describe("roofline kv-tiers", () => {
  it("tabulates the tiers and says when a price is unknown", async () => {
    const r = await runCli("kv-tiers", "--brief");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("host DRAM");
    expect(r.stderr).toMatch(/--dram-usd-per-gb-month/);
  });
  it("takes a DRAM price and a napkin KV size, and prints JSON without non-finite numbers", async () => {
    const r = await runCli("kv-tiers", "--kv-bytes-per-token", "1700", "--active-params", "100e9", "--dram-usd-per-gb-month", "2", "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.kvBytesPerToken).toBe(1700);
    expect(j.tiers.find((t: { kind: string }) => t.kind === "dram").priced).toBe(true);
    expect(nonFinitePaths(j)).toEqual([]);
  });
  it("prints the hold-time table as CSV", async () => {
    const r = await runCli("kv-tiers", "--csv");
    expect(r.stdout.split("\n")[0]).toBe("holdSeconds,hbmUsd,dramUsd,flashUsd,diskUsd,recomputeUsd,cheapest");
  });
  it("rejects a negative storage price", async () => {
    const r = await runCli("kv-tiers", "--flash-usd-per-gb-month", "-1");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--flash-usd-per-gb-month/);
  });
});

describe("roofline modes", () => {
  it("shows what 6× the price buys, the latency floor and the slow mode", async () => {
    const r = await runCli("modes", "--model", "llama-3.1-70b", "--hardware", "h100", "--chips", "8", "--context", "4096", "--weights", "fp8", "--kv", "fp8", "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.fast.priceRatio).toBeCloseTo(6, 6);
    expect(j.latencyFloor.batch).toBe(1);
    expect(j.slow.savings).toBeLessThan(0.5);
    const t = await runCli("modes", "--model", "llama-3.1-70b", "--hardware", "h100", "--chips", "8", "--brief");
    expect(t.stdout).toContain("fast mode (6× the price)");
    expect(t.stdout).toContain("latency floor");
  });
  it("rejects a price multiple of 1 or less", async () => {
    const r = await runCli("modes", "--price-multiple", "1");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--price-multiple/);
  });
});

describe("roofline train", () => {
  it("gives the library's split and the lecture's numbers", async () => {
    const r = await runCli("train", "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    const lib = analyzeTraining({});
    expect(j.training.inferenceTokens).toBe(lib.inferenceTokens);
    expect(j.training.inferenceTokens).toBe(2.592e14);
    expect(j.training.pretrainTokens / j.training.rlTokens).toBeCloseTo(1.5, 12);
    expect(j.training.overtrainingFactor).toBeCloseTo(129.6, 9);
    expect(j.fleet.margin).toBeLessThan(1);
    expect(nonFinitePaths(j)).toEqual([]);
  });
  it("converts deployment days at the edge and rejects an RL factor outside 2–6", async () => {
    const r = await runCli("train", "--traffic", "500M", "--deployment-days", "60", "--json");
    expect(JSON.parse(r.stdout).training.inferenceTokens).toBeCloseTo(2.592e15, 0);
    const bad = await runCli("train", "--rl-flop-per-param", "8");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--rl-flop-per-param/);
  });
  it("has help for every economics command", async () => {
    for (const c of ["prices", "kv-tiers", "modes", "train"]) {
      const r = await runCli(c, "--help");
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/--json/);
    }
  });
});
