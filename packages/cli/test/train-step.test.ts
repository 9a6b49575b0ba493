/** `roofline train-step` (step, memory, run, search, validate) and `roofline train --tokens`, as a newcomer runs them. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeTrainStep, getHardware, getModel, searchTrainLayouts } from "@roofline/core";
import { nonFinitePaths, runCli } from "./run-cli.ts";

describe("roofline train-step", () => {
  it("prints the step, MFU and HFU with derivations, and the same numbers as the library in --json", async () => {
    const text = await runCli("train-step", "-m", "llama-3.1-70b", "-H", "h100", "--tp", "8", "--pp", "4", "--chips", "256", "--seq-len", "8192", "--micro-batches", "32");
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/DP 8 · TP 8 · PP 4/);
    expect(text.stdout).toMatch(/MFU \(model FLOP ÷ BF16 peak\)\s+\d+(\.\d+)?%/);
    expect(text.stdout).toMatch(/Training step time: /);
    const json = await runCli("train-step", "-m", "llama-3.1-70b", "-H", "h100", "--tp", "8", "--pp", "4", "--chips", "256", "--seq-len", "8192", "--micro-batches", "32", "--json");
    const r = JSON.parse(json.stdout);
    expect(nonFinitePaths(r)).toEqual([]);
    const lib = analyzeTrainStep({ model: getModel("llama-3.1-70b"), hardware: getHardware("h100"), layout: { tensorParallel: 8, pipelineParallel: 4, dataParallel: 8, sequenceLength: 8192, microBatches: 32 } });
    expect(r.time.stepSeconds).toBe(lib.time.stepSeconds);
    expect(r.mfu).toBe(lib.mfu);
    expect(r.mfu).toBeLessThanOrEqual(1);
  });

  it("memory: weights, gradients, optimizer state, activations and the largest micro-batch", async () => {
    const r = await runCli("train-step", "memory", "-m", "llama-3.1-70b", "-H", "h100", "--tp", "8", "--pp", "4", "--dp", "8", "--zero", "3", "--recompute", "full", "--brief");
    expect(r.code).toBe(0);
    for (const label of ["weights", "gradients", "optimizer state", "activations", "largest micro-batch that fits"]) expect(r.stdout).toContain(label);
    expect(r.stdout).toMatch(/ZeRO-3/);
  });

  it("run: chip-hours and calendar time on TPU v4 without a price (cost unknown, exit 0)", async () => {
    const r = await runCli("train-step", "run", "-m", "llama-3.1-8b", "-H", "tpu-v4", "--dp", "64", "--tp", "4", "--tokens", "1T", "--brief");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/chip-hours\s+[\d,]+/);
    expect(r.stdout).toMatch(/cost\s+unknown/);
    expect(r.stderr).toMatch(/No rental price for google-tpu-v4/);
  });

  it("search: the fastest layout on N chips, ranked", async () => {
    const r = await runCli("train-step", "search", "-m", "llama-3.1-8b", "-H", "h100", "--chips", "16", "--seq-len", "4096", "--global-batch-tokens", "1048576", "--top", "3", "--brief");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/fastest on all chips:/);
    expect(r.stdout).toMatch(/layouts that fit\s+\d+/);
    const csv = await runCli("train-step", "search", "-m", "llama-3.1-8b", "-H", "h100", "--chips", "16", "--seq-len", "4096", "--global-batch-tokens", "1048576", "--top", "3", "--csv");
    const lines = csv.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^chips,dp,tp,pp,cp,ep,/);
    expect(lines.length).toBe(4);
  });

  it("search --efficiency ideal ranks by the ideal step times (a bound), as the library does; the default is expected", async () => {
    const args = ["train-step", "search", "-m", "llama-3.1-8b", "-H", "h100", "--chips", "16", "--seq-len", "4096", "--global-batch-tokens", "1048576", "--top", "3"];
    const ideal = JSON.parse((await runCli(...args, "--efficiency", "ideal", "--json")).stdout);
    const expected = JSON.parse((await runCli(...args, "--json")).stdout);
    const lib = searchTrainLayouts({ model: getModel("llama-3.1-8b"), hardware: getHardware("h100"), chips: 16, sequenceLength: 4096, globalBatchTokens: 1048576, top: 3, efficiencyMode: "ideal" });
    expect(ideal.efficiency).toBe("ideal");
    expect(expected.efficiency).toBe("expected");
    expect(ideal.fastest.map((x: { stepSeconds: number }) => x.stepSeconds)).toEqual(lib.fastest.map((x) => x.stepSeconds));
    expect(ideal.fastest[0].stepSeconds).toBeLessThanOrEqual(expected.fastest[0].stepSeconds);
    const text = await runCli(...args, "--efficiency", "ideal", "--brief");
    expect(text.stdout).toMatch(/\(ideal step times: every efficiency term at its most optimistic, a bound\)/);
    expect((await runCli(...args, "--brief")).stdout).toMatch(/\(expected step times\)/);
    const bad = await runCli(...args, "--efficiency", "best");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--efficiency: got "best"\. Expected one of ideal, expected/);
  });

  it("names bad layouts and exits 2 without a stack trace", async () => {
    const tp = await runCli("train-step", "-m", "llama-3.1-70b", "--tp", "3");
    expect(tp.code).toBe(2);
    expect(tp.stderr).toMatch(/--tp: got "3"\. Expected a tensor-parallel degree that divides the 64 attention heads/);
    expect(tp.stderr).not.toMatch(/\n\s+at /);
    const chips = await runCli("train-step", "--tp", "8", "--pp", "1", "--chips", "100");
    expect(chips.code).toBe(2);
    expect(chips.stderr).toMatch(/--chips.*multiple of TP·PP·CP = 8/);
    const sched = await runCli("train-step", "--schedule", "zigzag");
    expect(sched.code).toBe(2);
    expect(sched.stderr).toMatch(/--schedule.*gpipe, 1f1b, interleaved/);
    const ep = await runCli("train-step", "-m", "llama-3.1-70b", "--ep", "2", "--dp", "2");
    expect(ep.code).toBe(2);
    expect(ep.stderr).toMatch(/--ep.*dense model/);
    const mode = await runCli("train-step", "fly");
    expect(mode.code).toBe(2);
    const noChips = await runCli("train-step", "search");
    expect(noChips.code).toBe(2);
    expect(noChips.stderr).toMatch(/--chips/);
  });

  it("validate: predicts training rows of a measurement folder and reports the error on MFU", async () => {
    const dir = mkdtempSync(join(tmpdir(), "roofline-meas-"));
    // A synthetic row (not a measurement): the test checks the plumbing, not the model's accuracy.
    const row = (id: string, value: number) => ({ id: `synthetic/${id}`, group: "training", hardware: "nvidia-h100-sxm5-80gb", chips: 64, parallelism: { tp: 4, pp: 4, cp: 1 }, model: "llama-3.1-70b", precision: { compute: "bf16" }, workload: { sequenceLength: 8192, globalBatchTokens: 128 * 8192, microBatch: 1 }, metric: { name: "tokens_per_second_per_chip", value, unit: "token/s", stat: "mean" }, exactness: "derived" });
    writeFileSync(join(dir, "synthetic-a.json"), JSON.stringify({ source: { id: "synthetic-a" }, rows: [row("a", 500)] }));
    writeFileSync(join(dir, "synthetic-b.json"), JSON.stringify({ source: { id: "synthetic-b" }, rows: [row("b", 400), { ...row("c", 1), group: "prefill" }] }));
    const r = await runCli("train-step", "validate", "--measurements", dir, "--json");
    expect(r.code).toBe(0);
    const v = JSON.parse(r.stdout);
    expect(v.predictions).toHaveLength(2);
    const p = v.predictions[0];
    expect(p.error).toBeCloseTo(p.predictedMfu / p.measuredMfu - 1, 12);
    expect(p.predicted / p.measured - 1).toBeCloseTo(p.error, 9);
    expect(v.loso.folds).toHaveLength(2);
    const text = await runCli("train-step", "validate", "--measurements", dir, "--no-loso");
    expect(text.stdout).toMatch(/training rows predicted\s+2/);
    const missing = await runCli("train-step", "validate", "--measurements", join(dir, "nope"));
    expect(missing.code).toBe(2);
  });
});

describe("roofline train", () => {
  it("takes the pre-training tokens directly and reports chip-hours on TPU v4 without a price", async () => {
    const r = await runCli("train", "--hardware", "tpu-v4", "--tokens", "15T", "--training-chips", "4096", "--brief");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/pre-training tokens \(given\)\s+1\.5×10¹³ tokens/);
    expect(r.stdout).toMatch(/pre-training run\s+[\d,]+ chip-hours on Google Cloud TPU v4; cost unknown/);
    expect(r.stdout).toMatch(/fleet\s+not shown: no price/);
  });
});
