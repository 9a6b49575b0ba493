import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { analyzeBatch, analyzeStep, getHardware, getModel } from "@roofline/core";
import { MODEL_CONFIGS } from "../../core/src/catalog/data/model-configs.ts";
import { nonFinitePaths, runCli } from "./run-cli.ts";

const example = (name: string) => fileURLToPath(new URL(`../../../examples/${name}`, import.meta.url));

describe("roofline step", () => {
  it("prints one JSON object with the scripted fields", async () => {
    const r = await runCli("step", "--model", "llama-3.1-70b", "--hardware", "h100", "--chips", "2", "--batch", "32", "--context", "4096", "--phase", "decode", "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    for (const k of ["computeSeconds", "weightReadSeconds", "kvReadSeconds", "stepSeconds", "bound", "tokensPerSecond", "usdPerMillionTokens"]) expect(j).toHaveProperty(k);
    expect(["compute", "memory"]).toContain(j.bound);
    expect(j.derivations.stepSeconds.formula.text).toBe("t_step = max(t_compute, t_mem)");
    expect(nonFinitePaths(j)).toEqual([]);
  });

  it("gives the library's numbers for the same inputs", async () => {
    const r = await runCli("step", "--model", "deepseek-v3", "--hardware", "gb200", "--chips", "64", "--batch", "256", "--context", "8192", "--weights", "fp8", "--kv", "fp8", "--json");
    const j = JSON.parse(r.stdout);
    const lib = analyzeStep({ model: getModel("deepseek-v3"), hardware: getHardware("nvidia-gb200-nvl72"), chips: 64, batch: 256, contextTokens: 8192, weightPrecision: "fp8", kvPrecision: "fp8" });
    expect(j.stepSeconds).toBe(lib.stepSeconds);
    expect(j.usdPerMillionTokens).toBe(lib.usdPerMillionTokens);
  });

  it("reads napkin model and hardware files", async () => {
    const r = await runCli("step", "--model", example("crib-70b-fp8.json"), "--hardware", example("my-h100.json"), "--chips", "1", "--batch", "1", "--context", "0", "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.tokensPerSecondPerSequence).toBeCloseTo(3.35e12 / 70e9, 9);
    expect(j.derivations.weightBytesRead.inputs.find((i: { name: string }) => i.name === "params").originText).toMatch(/crib-70b-fp8\.json: totalParams/);
  });

  it("reads a Hugging Face config.json path", async () => {
    // The catalog's own verbatim copy of Qwen3-30B-A3B's config.json, written where a user keeps one.
    const dir = mkdtempSync(join(tmpdir(), "roofline-cfg-"));
    const cfg = join(dir, "config.json");
    writeFileSync(cfg, JSON.stringify(MODEL_CONFIGS["qwen3-30b-a3b.json"]));
    try {
      const r = await runCli("step", "--model", cfg, "--hardware", "h100", "--chips", "1", "--json");
      expect(r.code).toBe(0);
      const j = JSON.parse(r.stdout);
      const catalog = JSON.parse((await runCli("step", "--model", "qwen3-30b-a3b", "--hardware", "h100", "--chips", "1", "--json")).stdout);
      expect(j.stepSeconds).toBe(catalog.stepSeconds);
      expect(j.derivations.weightBytesRead.inputs.map((i: { originText: string }) => i.originText).join(" ")).toContain("config.json");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("prints readable text with derivations by default", async () => {
    const r = await runCli("step", "--model", "llama-3.1-8b", "--hardware", "h100", "--chips", "1");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Step time/);
    expect(r.stdout).toMatch(/t_compute = T · F_tok \/ \(N · F · η_F\)/);
    expect(r.stdout).toMatch(/given: --chips/);
    expect(r.stdout).toMatch(/catalog hardware\/nvidia-h100-sxm5-80gb\.bf16_dense_TFLOPs/);
  });

  it("prints Markdown and CSV", async () => {
    const md = await runCli("step", "--md", "--brief");
    expect(md.stdout).toMatch(/^\| quantity \| value \|/m);
    const csv = await runCli("step", "--csv");
    expect(csv.stdout.split("\n")[0]).toBe("name,value,unit");
    expect(csv.stdout).toMatch(/^stepSeconds,[0-9.e-]+,s$/m);
  });

  it("warns, with the largest batch that fits, when the batch does not fit", async () => {
    const r = await runCli("step", "--model", "llama-3.1-70b", "--hardware", "h100", "--chips", "2", "--batch", "5000", "--context", "32768", "--json");
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: A batch of 5000 .* the largest batch that fits is \d+/);
  });
});

describe("roofline batch", () => {
  it("includes the closed-form and exact optimal batch, drain time and latency floor", async () => {
    const r = await runCli("batch", "--model", "deepseek-v3", "--hardware", "h200", "--chips", "8", "--context", "2048", "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    const lib = analyzeBatch({ model: getModel("deepseek-v3"), hardware: getHardware("h200"), chips: 8, contextTokens: 2048 });
    expect(j.closedFormOptimalBatch).toBe(lib.closedFormOptimalBatch);
    expect(j.optimalBatch).toBe(lib.optimalBatch);
    expect(j.hbmDrainSeconds).toBeCloseTo(141e9 / 4.8e12, 12);
    expect(j.latencyFloorSeconds).toBe(lib.latencyFloorSeconds);
    expect(j.points.length).toBeGreaterThan(20);
    expect(nonFinitePaths(j)).toEqual([]);
  });

  it("prints the curve as CSV", async () => {
    const r = await runCli("batch", "--csv", "--model", "llama-3.1-8b", "--hardware", "h100", "--chips", "1");
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^batch,computeSeconds,weightReadSeconds,kvReadSeconds,stepSeconds/);
    expect(lines.length).toBeGreaterThan(20);
  });
});

describe("roofline context, prefill, explain, catalog, seeds", () => {
  it("context finds the crossover", async () => {
    const r = await runCli("context", "--model", "llama-3.1-70b", "--hardware", "h100", "--chips", "2", "--batch", "32", "--json");
    const j = JSON.parse(r.stdout);
    expect(j.crossoverContextTokens).toBeGreaterThan(100);
    expect(Math.abs(j.crossoverContextTokens - j.closedFormCrossoverTokens)).toBeLessThan(2);
  });

  it("prefill reports the decode/prefill ratio", async () => {
    const r = await runCli("prefill", "--model", "llama-3.1-70b", "--hardware", "h100", "--chips", "2", "--json");
    const j = JSON.parse(r.stdout);
    expect(j.decodeToPrefillRatio).toBeGreaterThan(1);
  });

  it("explain prints one derivation in text, markdown, latex or json", async () => {
    const t = await runCli("explain", "hbmDrainSeconds", "--hardware", "h100", "--chips", "1", "--model", "llama-3.1-8b");
    expect(t.stdout).toMatch(/t_drain = C \/ BW/);
    expect(t.stdout).toMatch(/23\.88 ms/);
    const l = await runCli("explain", "optimalBatch", "--format", "latex", "--model", "llama-3.1-8b", "--hardware", "h100", "--chips", "1", "--context", "0");
    expect(l.stdout).toMatch(/\\begin\{align\*\}/);
    const j = await runCli("explain", "stepSeconds", "--format", "json", "--depth", "1");
    expect(JSON.parse(j.stdout).formulaId).toBe("roofline.stepSeconds");
    // numbers of the other analyses too: the world model's tick, the training split
    const w = await runCli("explain", "tickSeconds", "--depth", "0");
    expect(w.stdout).toMatch(/t_tick = n · t_pass/);
    const list = await runCli("explain", "--list");
    for (const a of ["step:", "batch:", "layout:", "kv-tiers:", "prices:", "train:", "specdec:", "worldmodel:"]) expect(list.stdout).toContain(a);
  });

  it("catalog lists and shows, with sources", async () => {
    const h = await runCli("catalog", "hardware", "--csv");
    expect(h.stdout.split("\n").length).toBeGreaterThan(20);
    const t = await runCli("catalog", "tiers", "--csv");
    expect(t.stdout.split("\n")[0]).toBe("tier,capacity,bandwidth,drain time,price,source");
    expect(t.stdout).toMatch(/^HBM \(NVIDIA H100 SXM5 80GB\),80000000000,3350000000000,0\.0238/m);
    const m = await runCli("catalog", "show", "deepseek-v3");
    expect(m.stdout).toMatch(/routed experts/);
    expect(m.stdout).toMatch(/source: /);
  });

  it("seeds sets each quoted number beside its derivation", async () => {
    const r = await runCli("seeds", "--json");
    const j = JSON.parse(r.stdout);
    expect(j.map((c: { id: string }) => c.id)).toContain("usd-per-million-output-tokens");
  });

  it("--version and --help", async () => {
    expect((await runCli("--version")).stdout.trim()).toBe("0.1.0");
    for (const c of ["step", "batch", "context", "prefill", "explain", "catalog", "seeds"]) {
      const r = await runCli(c, "--help");
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Usage: roofline/);
    }
  });
});

describe("bad input: one clear message, exit 2, no stack trace", () => {
  const cases: [string[], RegExp][] = [
    [["step", "--batch", "0"], /--batch: got "0"\. Expected a whole number of sequences in the batch, ≥ 1/],
    [["step", "--batch", "-3"], /--batch: got "-3"/],
    [["step", "--batch", "lots"], /--batch: got "lots"\. Expected/],
    [["step", "--batch", "2.5"], /--batch: got "2.5"\. Expected a whole number/],
    [["step", "--context", "1e12"], /--context: .*≤ 1e9/],
    [["step", "--model", "llama-70"], /--model: unknown id got "llama-70"\. .*Nearest ids: .*llama/],
    [["step", "--hardware", "h1OO"], /Nearest ids: .*h100/],
    [["step", "--weights", "fp7"], /--weights: got "fp7"\. Expected one of fp32, bf16/],
    [["step", "--compute-efficiency", "0"], /--compute-efficiency: got "0"\. Expected .*≥ 0\.001/],
    [["step", "--model", "/nonexistent/model.json"], /--model: .*nonexistent/],
    [["step", "--hardware", "nvidia-vera-rubin-nvl72", "--compute", "bf16"], /no value is known.*--flops/],
    [["step", "--phase", "train"], /--phase: got "train"\. Expected one of decode, prefill/],
    [["explain", "notANumber"], /name: unknown id got "notANumber"/],
  ];
  for (const [argv, message] of cases) {
    it(`${argv.join(" ")}`, async () => {
      const r = await runCli(...argv);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stdout).toBe("");
    });
  }

  it("a napkin file with a missing field names it", async () => {
    const { writeFileSync, mkdtempSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const dir = mkdtempSync(`${tmpdir()}/roofline-`);
    writeFileSync(`${dir}/m.json`, JSON.stringify({ name: "x", totalParams: 1e9, activeParams: 1e9, kvBytesPerToken: 10 }));
    const r = await runCli("step", "--model", `${dir}/m.json`);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/m\.json: weightBytesPerParam: missing\. Expected bytes per parameter/);
    writeFileSync(`${dir}/bad.json`, "{ not json");
    const b = await runCli("step", "--hardware", `${dir}/bad.json`);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/bad\.json: invalid\. Expected valid JSON/);
    writeFileSync(`${dir}/hw.json`, JSON.stringify({ name: "mine", flopsPerSecond: "fast", memoryBandwidthBytesPerSecond: 1e12, memoryCapacityBytes: 1e10 }));
    const h = await runCli("step", "--hardware", `${dir}/hw.json`);
    expect(h.stderr).toMatch(/hw\.json: flopsPerSecond: got "fast"\. Expected dense FLOP\/s per chip/);
  });

  it("an unknown flag is a usage error", async () => {
    const r = await runCli("step", "--batchsize", "3");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--batchsize'/);
  });
});
