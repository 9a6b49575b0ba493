/**
 * `roofline worldmodel` and `roofline specdec`: help, text with derivations, --json/--md/--csv, the
 * same numbers as the library, and bad input (one clear message, exit 2, no stack trace).
 */
import { describe, expect, it } from "vitest";
import { analyzeSpecDec, analyzeWorldModel } from "@roofline/core";
import { nonFinitePaths, runCli } from "./run-cli.ts";

describe("roofline worldmodel", () => {
  it("documents every flag with its unit and default", async () => {
    const r = await runCli("worldmodel", "--help");
    expect(r.code).toBe(0);
    for (const flag of ["--tick-hz", "--patch", "--window-frames", "--tokens-per-step", "--speed-mph", "--tp", "--question", "--audit-fraction"]) expect(r.stdout).toContain(flag);
    expect(r.stdout).toMatch(/--tick-hz <Hz>\s+simulation ticks per second; 0\.01 to 10000 1\/s\s+\(default: 10, the crib sheet's 10 Hz\)/);
  });

  it("prints the crib sheet's table with derivations and the quotes beside them", async () => {
    const r = await runCli("worldmodel");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Tokens per step\s+12,800 tokens/);
    expect(r.stdout).toMatch(/Teacher cost per mile\s+\$38\.4/);
    expect(r.stdout).toMatch(/Branches per GPU\s+8 branches/);
    expect(r.stdout).toMatch(/tokensPerStep\s+12K tokens \/ 100 ms step\s+12,800 tokens\s+\+6\.7%\s+12,000 tokens/);
    expect(r.stdout).toMatch(/teacherUsdPerMile\s+\$36\/mile\s+\$38\.4\s+\+6\.7%\s+\$36/);
    expect(r.stdout).toMatch(/Cheapest tier for a closed-loop-sensor question: Distilled student world model/);
    expect(r.stdout).toMatch(/misses the 100 ms budget/);
    expect(r.stdout).toMatch(/T_cam = w_lat \/ p · h_lat \/ p|T_cam = \(w_lat \/ p\) · \(h_lat \/ p\)/);
    expect(r.stdout).toMatch(/seed: Crib sheet/);
  });

  it("reproduces the quoted figures exactly with --tokens-per-step 12000", async () => {
    const r = await runCli("worldmodel", "--tokens-per-step", "12000", "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.teacherUsdPerMile).toBeCloseTo(36, 9);
    expect(j.studentUsdPerMile).toBeCloseTo(0.24, 12);
    expect(j.branchesPerGpu).toBe(9);
    expect(j.validation.studentUsd).toBeCloseTo(400, 9);
    expect(j.validation.auditUsd).toBeCloseTo(3000, 9);
  });

  it("prints one JSON object with the library's numbers and nothing non-finite", async () => {
    const r = await runCli("worldmodel", "--tp", "8", "--speed-mph", "60", "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    const lib = analyzeWorldModel({ tensorParallel: 8, speedMetersPerSecond: (60 * 1609.344) / 3600 });
    expect(j.tickBudget.tickSeconds).toBe(lib.tickBudget.tickSeconds);
    expect(j.stepsPerMile).toBeCloseTo(600, 9);
    expect(j.derivations.speedMetersPerSecond).toBeUndefined();
    expect(j.derivations.secondsPerMile.inputs.find((i: { name: string }) => i.name === "speedMetersPerSecond").originText).toMatch(/given: --speed-mph 60 mph/);
    expect(j.quoted).toEqual([]);
    expect(nonFinitePaths(j)).toEqual([]);
  });

  it("prints Markdown and CSV", async () => {
    const md = await runCli("worldmodel", "--md", "--brief");
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/^\| quantity \| value \|/m);
    expect(md.stdout).toMatch(/^## Tier ladder/m);
    const csv = await runCli("worldmodel", "--csv");
    expect(csv.stdout.split("\n")[0]).toBe("name,value,unit");
    expect(csv.stdout).toMatch(/^tokensPerStep,12800,token$/m);
    expect(csv.stdout).toMatch(/^branchesPerGpu,8,1$/m);
  });

  it("exits 2 with one clear message on a zero tick rate", async () => {
    const r = await runCli("worldmodel", "--tick-hz", "0");
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('roofline: error: --tick-hz: got "0". Expected a number of ticks per second (Hz), ≥ 0.01 and ≤ 10000.\n');
    expect(r.stdout).toBe("");
  });

  it("exits 2 when the window does not fit in one GPU", async () => {
    const r = await runCli("worldmodel", "--window-frames", "200");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^roofline: error: --window-frames: got "200"\. Expected a window whose KV fits in one GPU: at most 103 frames/);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it("exits 2 when the patch size does not divide the latent grid", async () => {
    const r = await runCli("worldmodel", "--patch", "3");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--patch: got "3"\. Expected a patch size that divides the 160×90 latent grid/);
  });

  it("exits 2 on unknown ids, bad choices and non-numbers", async () => {
    expect((await runCli("worldmodel", "--student", "stduent")).stderr).toMatch(/--student: unknown id.*Nearest: student/);
    expect((await runCli("worldmodel", "--question", "vibes")).code).toBe(2);
    expect((await runCli("worldmodel", "--cameras", "three")).stderr).toMatch(/--cameras: got "three"/);
  });
});

describe("roofline specdec", () => {
  it("prints the fit, the curve and the ceilings, with derivations", async () => {
    const r = await runCli("specdec");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Unbatched decode ceiling on NVIDIA H100 SXM5 80GB\s+47\.86 token\/s/);
    expect(r.stdout).toMatch(/Decode ceiling ratio\s+2\.39×/);
    expect(r.stdout).toMatch(/Fit to the crib sheet's EAGLE 3\.1 speedups/);
    expect(r.stdout).toMatch(/^16\s+1\.66×\s+0\.476/m);
    expect(r.stdout).toMatch(/E_tok = \(1 − α\^\(k \+ 1\)\) \/ \(1 − α\)/);
  });

  it("prints JSON equal to the library's", async () => {
    const r = await runCli("specdec", "--concurrency", "16", "--acceptance", "0.7", "--draft-tokens", "4", "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    const lib = analyzeSpecDec({ concurrency: 16, acceptanceRate: 0.7, draftTokens: 4 });
    expect(j.speedup).toBe(lib.speedup);
    expect(j.speedup).toBeLessThanOrEqual(5);
    expect(nonFinitePaths(j)).toEqual([]);
  });

  it("fits --measured pairs and prints CSV", async () => {
    const r = await runCli("specdec", "--measured", "1:2.2,8:1.9", "--json");
    expect(JSON.parse(r.stdout).fit.points.map((p: { concurrency: number }) => p.concurrency)).toEqual([1, 8]);
    const csv = await runCli("specdec", "--csv");
    expect(csv.stdout).toMatch(/^speedup,[0-9.]+,1$/m);
    expect(csv.stdout).toMatch(/^concurrency,targetStepSeconds,verifyStepSeconds/m);
  });

  it("exits 2 on an acceptance rate of 1 and on malformed --measured", async () => {
    const r = await runCli("specdec", "--acceptance", "1");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^roofline: error: --acceptance: got "1"\. Expected a number of acceptance rate per drafted token, ≥ 0 and ≤ 0\.999\./);
    expect((await runCli("specdec", "--measured", "1=2")).stderr).toMatch(/--measured: got "1=2"/);
  });
});
