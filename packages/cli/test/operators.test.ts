/** `roofline operators`: its totals are `roofline step`'s; step prints energy from TDP. */
import { describe, expect, it } from "vitest";
import { nonFinitePaths, runCli } from "./run-cli.ts";

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));

describe("roofline operators", () => {
  for (const args of [
    ["--model", "deepseek-v3", "--hardware", "gb200", "--chips", "64", "--batch", "256", "--context", "8192"],
    ["--model", "llama-3.1-70b", "--hardware", "h100", "--chips", "8", "--batch", "16", "--phase", "prefill", "--prompt-tokens", "2048"],
    ["--model", "gpt-oss-120b", "--hardware", "b200", "--chips", "8", "--batch", "64", "--context", "32768"],
  ]) {
    it(`totals equal step --json (${args.join(" ")})`, async () => {
      const ops = await runCli("operators", ...args, "--json");
      const step = await runCli("step", ...args, "--json");
      expect(ops.code).toBe(0);
      expect(step.code).toBe(0);
      const o = JSON.parse(ops.stdout);
      const s = JSON.parse(step.stdout);
      expect(nonFinitePaths(o)).toEqual([]);
      const sum = (k: string) => o.operators.reduce((a: number, r: Record<string, number>) => a + (r[k] as number), 0);
      expect(rel(sum("flop"), s.flopPerToken * s.batch * s.passTokens)).toBeLessThan(1e-9);
      expect(rel(sum("weightBytes"), s.weightBytesRead)).toBeLessThan(1e-9);
      expect(rel(sum("kvBytes"), s.kvBytesRead)).toBeLessThan(1e-9);
      expect(o.step.stepSeconds).toBe(s.stepSeconds);
      expect(sum("seconds")).toBeGreaterThanOrEqual(s.stepSeconds * (1 - 1e-12));
    });
  }

  it("prints a table with the ridge point, every operator and a bound", async () => {
    const r = await runCli("operators", "--model", "deepseek-v3", "--hardware", "h100", "--chips", "8", "--batch", "64", "--brief");
    expect(r.code).toBe(0);
    for (const s of ["ridge point", "QKV projections", "attention scores", "attention values", "router", "routed experts", "shared experts", "LM head", "memory", "Σ operators"]) expect(r.stdout).toContain(s);
  });

  it("refuses a bad batch with exit 2", async () => {
    const r = await runCli("operators", "--batch", "-1");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/batch/);
  });
});

describe("roofline step: energy", () => {
  it("prints joules per token and tokens/s per MW from TDP, as an upper bound", async () => {
    const r = await runCli("step", "--model", "llama-3.1-70b", "--hardware", "h100", "--chips", "8", "--batch", "32", "--brief");
    expect(r.stdout).toMatch(/Energy per token \(upper bound\)\s+[\d.]+ J\/token \(chips at TDP\)/);
    expect(r.stdout).toMatch(/per MW/);
    const j = JSON.parse((await runCli("step", "--model", "llama-3.1-70b", "--hardware", "h100", "--chips", "8", "--batch", "32", "--json")).stdout);
    expect(j.energy.powerWatts).toBe(8 * 700);
    expect(j.energy.joulesPerToken * j.tokensPerSecond).toBeCloseTo(5600, 6);
    // The expected column: the same chips at TDP over the expected (slower) throughput.
    expect(r.stdout).toMatch(/Energy per token \(upper bound\)\s+[\d.]+ J\/token \(chips at TDP\)\s+[\d.]+ J\/token \(chips at TDP\)/);
    expect(j.expectedEnergy.joulesPerToken * j.expectedTokensPerSecond).toBeCloseTo(5600, 6);
    expect(j.expectedEnergy.joulesPerToken).toBeGreaterThan(j.energy.joulesPerToken);
  });
});
