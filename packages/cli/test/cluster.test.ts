import { describe, expect, it } from "vitest";
import { analyzeLayout, getHardware, getModel, searchLayouts } from "@roofline/core";
import { nonFinitePaths, runCli } from "./run-cli.ts";

describe("roofline layout", () => {
  it("prints the library's numbers as JSON", async () => {
    const r = await runCli("layout", "--model", "deepseek-v3", "--hardware", "gb200", "-E", "64", "-b", "256", "--context", "8192", "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    const lib = analyzeLayout({ model: getModel("deepseek-v3"), hardware: getHardware("gb200"), expertParallel: 64, microBatch: 256, contextTokens: 8192 });
    expect(j.time.tokenSeconds).toBe(lib.time.tokenSeconds);
    expect(j.memory.totalBytesPerChip).toBe(lib.memory.totalBytesPerChip);
    expect(j.derivations.expertsPerChip.value).toBe(4);
    expect(j.schedule.blocks.length).toBeGreaterThan(0);
    expect(nonFinitePaths(j)).toEqual([]);
  });

  it("prints the ideal and the expected side by side, and both in JSON", async () => {
    const r = await runCli("layout", "-b", "64", "--brief");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Ideal and expected/);
    expect(r.stdout).toMatch(/ideal \(a bound\) +expected/);
    expect(r.stdout).toMatch(/experts \(busiest chip\)/);
    expect(r.stdout).toMatch(/expected accuracy +leave-one-source-out/);
    const j = JSON.parse((await runCli("layout", "-b", "64", "--json", "--dispatch-bytes", "2", "--node-limit", "4", "--no-overlap")).stdout);
    const lib = analyzeLayout({ model: getModel("deepseek-v3"), hardware: getHardware("gb200"), microBatch: 64, dispatchBytes: 2, nodeLimit: 4, overlapCommunication: false });
    expect(j.expectedStepSeconds).toBe(lib.expectedStepSeconds);
    expect(j.stepSeconds).toBe(lib.stepSeconds);
    expect(j.expectedStepSeconds).toBeGreaterThan(j.stepSeconds);
    expect(j.expectedTokensPerSecond).toBe(lib.expectedTokensPerSecond);
    expect(j.expectedUsdPerMillionTokens).toBe(lib.expectedUsdPerMillionTokens);
    expect(j.communication.ideal).toMatchObject({ dispatchBytes: 2, nodeLimit: 4, overlap: "none" });
    expect(j.communication.expected.overlapChunks).toBe(1);
    expect(j.derivations.expectedCycleSeconds.value).toBe(lib.expectedStepSeconds);
  });

  it("keeps the JSON small: derivations by name, the first racks listed chip by chip", async () => {
    const r = await runCli("layout", "--json", "--data-parallel", "8192");
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBeLessThan(4e6);
    const j = JSON.parse(r.stdout);
    expect(j.placement.length).toBe(32);
    expect(j.placementNotListed.racks).toBe(j.system.domains - 32);
    expect(j.derivations.expectedCycleSeconds.children.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(["expectedTokenSeconds"]));
    expect(j.derivations.expectedTokenSeconds.formulaId).toBe("cluster.tokenSeconds");
  });

  it("shows the racks, the pipeline and the derivations as text", async () => {
    const r = await runCli("layout", "-P", "4", "-b", "64", "--uneven-stages", "--racks", "4");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/rack 0: 64\/72 chips used/);
    expect(r.stdout).toMatch(/rack 3: 64\/72 chips used/);
    expect(r.stdout).toMatch(/stage 3 │/);
    expect(r.stdout).toMatch(/rack-boundary test/);
    expect(r.stdout).toMatch(/M_w\/chip = /);
    expect(r.stdout).toMatch(/1:1[01]:\d\d/); // lecture timestamps in the sources
  });

  it("draws a training schedule with its bubble", async () => {
    const r = await runCli("layout", "-P", "4", "--uneven-stages", "--schedule", "1f1b", "--training-micro-batches", "8", "--brief");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/1f1b schedule, 4 stage\(s\) × 8 micro-batch\(es\): idle 27\.3%/);
    expect(r.stdout).toMatch(/B7/);
  });

  it("prints Markdown and CSV", async () => {
    const md = await runCli("layout", "--md", "--brief");
    expect(md.stdout).toMatch(/^# DeepSeek-V3/);
    expect(md.stdout).toMatch(/## Racks/);
    const csv = await runCli("layout", "--csv");
    expect(csv.stdout.split("\n")[0]).toBe("name,value,unit");
    expect(csv.stdout).toMatch(/\ntokenSeconds,/);
  });

  it("names the broken constraint and exits 2", async () => {
    const e = await runCli("layout", "-E", "72");
    expect(e.code).toBe(2);
    expect(e.stderr).toMatch(/--expert-parallel: got "72"\. Expected a divisor of the 256 routed experts/);
    expect(e.stderr).not.toMatch(/\n\s+at /);
    const t = await runCli("layout", "-E", "8", "-T", "3");
    expect(t.code).toBe(2);
    expect(t.stderr).toMatch(/--tensor-parallel.*128 attention heads/);
    const p = await runCli("layout", "-P", "4", "--no-uneven-stages");
    expect(p.code).toBe(2);
    expect(p.stderr).toMatch(/--pipeline.*divisor of the 61 layers.*--uneven-stages/);
    const big = await runCli("layout", "-E", "64", "-P", "61", "--racks", "2");
    expect(big.code).toBe(2);
    expect(big.stderr).toMatch(/--racks.*3,?904 chips.*144 chips/);
    const bad = await runCli("layout", "--schedule", "zigzag");
    expect(bad.code).toBe(2);
  });
});

describe("roofline search", () => {
  const args = ["search", "--max-chips", "72", "--precisions", "fp8,fp4", "--batches", "1,16,256,2048"];

  it("prints the library's frontier as JSON, with the explained ends", async () => {
    const r = await runCli(...args, "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    const lib = searchLayouts({ model: getModel("deepseek-v3"), hardware: getHardware("gb200"), maxChips: 72, precisions: ["fp8", "fp4"], batches: [1, 16, 256, 2048] });
    expect(j.frontier.length).toBe(lib.frontier.length);
    expect(j.frontier[0].tokensPerSecondPerUser).toBe(lib.frontier[0]?.tokensPerSecondPerUser);
    expect(j.stats.configurationsPerSecond).toBeGreaterThan(0);
    expect(j.explained.length).toBeGreaterThanOrEqual(1);
    expect(j.explained[0].derivations.tokenSeconds.formula.text).toBe("t_token = P · t_stage + n_hop · t_hop");
    expect(nonFinitePaths(j)).toEqual([]);
  });

  it("ranks by expected step times by default, by the ideal with --efficiency ideal, and says which", async () => {
    const lib = (efficiency: "ideal" | "expected") => searchLayouts({ model: getModel("deepseek-v3"), hardware: getHardware("gb200"), maxChips: 72, precisions: ["fp8", "fp4"], batches: [1, 16, 256, 2048], efficiency });
    const expected = JSON.parse((await runCli(...args, "--json")).stdout);
    const ideal = JSON.parse((await runCli(...args, "--json", "--efficiency", "ideal")).stdout);
    expect(expected.efficiency).toBe("expected");
    expect(ideal.efficiency).toBe("ideal");
    expect(ideal.frontier[0].tokenSeconds).toBe(lib("ideal").frontier[0]?.tokenSeconds);
    expect(expected.frontier[0].tokenSeconds).toBe(lib("expected").frontier[0]?.tokenSeconds);
    expect(ideal.frontier[0].tokensPerSecondPerUser).toBeGreaterThan(expected.frontier[0].tokensPerSecondPerUser);
    const text = await runCli(...args, "--brief", "--efficiency", "ideal");
    expect(text.stdout).toMatch(/ranked by ideal step times/);
    expect(text.stdout).toMatch(/step times +ideal \(the roofline bound/);
    expect((await runCli(...args, "--brief")).stdout).toMatch(/ranked by expected step times/);
    const bad = await runCli("search", "--efficiency", "optimistic");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--efficiency.*one of ideal, expected/);
  });

  it("prints a table, CSV, and a progress bar on stderr", async () => {
    const t = await runCli(...args, "--progress", "always", "--brief");
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/Pareto frontier/);
    expect(t.stdout).toMatch(/tok\/s\/user/);
    expect(t.stderr).toMatch(/searching \[#+\] 100%/);
    const csv = await runCli(...args, "--csv");
    expect(csv.stdout.split("\n")[0]).toMatch(/^rank,chips,precision,expertParallel/);
    const quiet = await runCli(...args, "--progress", "never", "--brief");
    expect(quiet.stderr).toBe("");
  });

  it("rejects bad flags with exit 2", async () => {
    for (const bad of [
      ["--precisions", "fp9"],
      ["--batches", "0,4"],
      ["--slo-ms", "-1"],
      ["--max-chips", "72", "--racks", "2"],
      ["--progress", "sometimes"],
    ]) {
      const r = await runCli("search", ...bad);
      expect(r.code, bad.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/^roofline: error: /);
    }
  });

  it("has help for both commands", async () => {
    const l = await runCli("layout", "--help");
    expect(l.code).toBe(0);
    expect(l.stdout).toMatch(/--ep <G>[\s\S]*\(also -E,\s+--expert-parallel\)/);
    expect(l.stdout).toMatch(/--hop-latency-ms/);
    const s = await runCli("search", "--help");
    expect(s.code).toBe(0);
    expect(s.stdout).toMatch(/--slo-ms <ms>/);
  });
});
