/**
 * Issue 11's "both numbers everywhere", from the CLI: every command that prints a step time, a
 * throughput or a cost along a curve prints the expected one beside the ideal (the bound), the
 * expected step's parts add up to it, and a reader that stops early (`| head`) gets no stack trace.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.ts";

const root = fileURLToPath(new URL("../../../", import.meta.url));

interface Point {
  x: number;
  stepSeconds: number;
  tokensPerSecond: number;
  usdPerMillionTokens: number | null;
}

/** The expected curve lies at or above the ideal one (it is slower and dearer), point for point. */
function expectAtOrAboveIdeal(ideal: readonly Point[], expected: readonly Point[]) {
  expect(expected.length).toBe(ideal.length);
  expect(ideal.length).toBeGreaterThan(5);
  ideal.forEach((p, i) => {
    const e = expected[i] as Point;
    expect(e.x).toBe(p.x);
    expect(e.stepSeconds).toBeGreaterThanOrEqual(p.stepSeconds * (1 - 1e-12));
    expect(e.tokensPerSecond).toBeLessThanOrEqual(p.tokensPerSecond * (1 + 1e-12));
    if (p.usdPerMillionTokens !== null) expect(e.usdPerMillionTokens as number).toBeGreaterThanOrEqual(p.usdPerMillionTokens * (1 - 1e-12));
  });
}

describe("step: the expected step's parts add up to it", () => {
  it("--json's expectedBreakdown sums to expectedStepSeconds, host time included (DeepSeek-V3 at a large batch, where host time dominates)", async () => {
    const j = JSON.parse((await runCli("step", "--model", "deepseek-v3", "--hardware", "gb200", "--chips", "64", "--batch", "4096", "--json")).stdout);
    const parts = j.expectedBreakdown as Record<string, number>;
    expect(Object.keys(parts).sort()).toEqual(["attentionSeconds", "commSeconds", "denseSeconds", "expertSeconds", "fixedSeconds", "hostSeconds"]);
    expect(parts["hostSeconds"]).toBeGreaterThan(0);
    const sum = Object.values(parts).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(j.expectedStepSeconds, 12);
  });
  it("the text lists every part, host time included", async () => {
    const text = (await runCli("step", "--model", "llama-3.1-70b", "--hardware", "h100", "--chips", "8", "--batch", "64", "--brief")).stdout;
    for (const part of ["Dense matmuls", "Attention", "Fixed time per pass", "Tensor-parallel all-reduces", "Host time per step"]) expect(text).toMatch(new RegExp(`expected: ${part}`));
  });
});

describe("curves: the expected step, throughput and cost beside the ideal", () => {
  it("batch: (exp.) columns in the text, expectedPoints in --json, and the expected train", async () => {
    const args = ["batch", "--model", "llama-3.1-70b", "--hardware", "h100", "--chips", "8", "--context", "4096"];
    const text = (await runCli(...args, "--brief")).stdout;
    expect(text).toMatch(/step \(exp\.\)\s+tokens\/s \(exp\.\)\s+\$\/Mtok \(exp\.\)/);
    expect(text).toMatch(/train \(expected step\): departs every/);
    expect(text).toMatch(/not a bound/);
    const j = JSON.parse((await runCli(...args, "--json")).stdout);
    expectAtOrAboveIdeal(j.points, j.expectedPoints);
    const csv = (await runCli(...args, "--csv")).stdout.split("\n");
    expect(csv[0]).toMatch(/,expectedStepSeconds,expectedTokensPerSecond,expectedUsdPerMillionTokens$/);
  });
  it("context: each attention series has its expected curve", async () => {
    const args = ["context", "--model", "gpt-oss-120b", "--hardware", "b200", "--chips", "8", "--batch", "64"];
    const text = (await runCli(...args, "--brief")).stdout;
    expect(text.match(/step \(exp\.\)/g)?.length).toBeGreaterThanOrEqual(2);
    const j = JSON.parse((await runCli(...args, "--json")).stdout);
    expect(j.series.length).toBeGreaterThanOrEqual(2);
    for (const s of j.series) expectAtOrAboveIdeal(s.points, s.expectedPoints);
  });
  it("prefill: the decode step and prefill pass, ideal and expected, and the expected pass-length curve", async () => {
    const args = ["prefill", "--model", "llama-3.1-70b", "--hardware", "h100", "--chips", "2", "--batch", "8"];
    const text = (await runCli(...args, "--brief")).stdout;
    expect(text).toMatch(/decode step \(expected\)/);
    expect(text).toMatch(/prefill pass of [0-9,]+ tokens \(expected\)/);
    const j = JSON.parse((await runCli(...args, "--json")).stdout);
    expectAtOrAboveIdeal(j.points, j.expectedPoints);
    expect(j.prefill.expectedStepSeconds).toBeGreaterThan(j.prefill.stepSeconds);
  });
  it("modes: the frontier's expected step, speed and cost, and a slow mode that saves nothing says 0%, not 1e-14%", async () => {
    const j = JSON.parse((await runCli("modes", "--json")).stdout);
    for (const p of j.frontier) {
      expect(p.expectedStepSeconds).toBeGreaterThanOrEqual(p.stepSeconds);
      expect(p.expectedTokensPerSecondPerSequence).toBeLessThanOrEqual(p.tokensPerSecondPerSequence);
      expect(p.expectedUsdPerMillionTokens).toBeGreaterThanOrEqual(p.usdPerMillionTokens);
    }
    const text = (await runCli("modes", "--brief")).stdout;
    expect(text).toMatch(/step \(exp\.\)\s+tok\/s per user \(exp\.\)\s+\$\/Mtok \(exp\.\)/);
    expect(text).not.toMatch(/saves [0-9.]+e-/);
  });
});

describe("a reader that stops early", () => {
  it("`roofline validate | head -1` prints one line and no stack trace", () => {
    const r = spawnSync("bash", ["-c", "set -o pipefail; node packages/cli/bin/roofline.js validate | head -1"], { cwd: root, encoding: "utf8", timeout: 120_000 });
    expect(r.stdout.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).not.toMatch(/EPIPE|at .*\.(m?js|ts):\d+/);
    expect(r.status).toBe(0);
  });
});

describe("train-step: the ideal (a bound) beside the expected step", () => {
  it("text rows and --json's ideal; the ideal is faster and its MFU higher", async () => {
    const args = ["train-step", "-m", "llama-3.1-8b", "-H", "h100", "--tp", "2", "--pp", "2", "--chips", "16", "--seq-len", "4096", "--micro-batches", "8"];
    const text = (await runCli(...args, "--brief")).stdout;
    expect(text).toMatch(/step time \(ideal: a bound\)/);
    expect(text).toMatch(/MFU \(ideal\)/);
    const j = JSON.parse((await runCli(...args, "--json")).stdout);
    expect(j.ideal.stepSeconds).toBeLessThan(j.time.stepSeconds);
    expect(j.ideal.mfu).toBeGreaterThan(j.mfu);
    expect(j.ideal.tokensPerSecondPerChip).toBeGreaterThan(j.tokensPerSecondPerChip);
  });
});

describe("the crib-sheet and lecture analyses: expected beside ideal, or why not", () => {
  it("specdec: the expected speedup and crossover in the text, the expected curve in --json and --csv", async () => {
    const text = await runCli("specdec", "--brief");
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Speculative speedup at the expected step times\s+[\d.]+×/);
    expect(text.stdout).toMatch(/Concurrency where speculation stops paying, expected\s+[\d.,]+ sequences/);
    expect(text.stdout).toMatch(/speedup \(exp\.\)/);
    const j = JSON.parse((await runCli("specdec", "--json")).stdout);
    expect(j.expected.speedup).toBe(j.derivations.expectedSpeedup.value);
    expect(j.expected.targetStepSeconds).toBeGreaterThanOrEqual(j.targetStepSeconds);
    for (const p of j.curve) expect(p.expectedTargetStepSeconds).toBeGreaterThanOrEqual(p.targetStepSeconds);
    const csv = (await runCli("specdec", "--csv")).stdout;
    expect(csv).toMatch(/expectedTargetStepSeconds,expectedVerifyStepSeconds,expectedSpeedup,expectedSpeculativeTokensPerSecondPerSequence/);
  });

  it("kv-tiers: the expected recompute cost and each cache duration's comparison with it; none without a model, saying why", async () => {
    const text = await runCli("kv-tiers", "-m", "llama-3.1-70b", "--brief");
    expect(text.stdout).toMatch(/recompute cost per token \(expected\)\s+\$[\d.×⁰-⁹⁻]+ \(the efficiency model's 4096-token prefill pass on one chip/);
    expect(text.stdout).toMatch(/5 min cache \(expected recompute\)\s+cheapest: /);
    const j = JSON.parse((await runCli("kv-tiers", "-m", "llama-3.1-70b", "--json")).stdout);
    expect(j.expectedRecomputeUsdPerToken).toBeGreaterThan(j.recomputeUsdPerToken);
    expect(j.derivations.expectedRecomputeUsdPerToken.value).toBe(j.expectedRecomputeUsdPerToken);
    const napkin = await runCli("kv-tiers", "--kv-bytes-per-token", "1700", "--model-active-params", "100G", "--brief");
    expect(napkin.stdout).toMatch(/recompute cost per token \(expected\)\s+none \(the efficiency model needs the model's shapes: give a model\)/);
  });

  it("train: the fleet at the expected train beside the ideal one; the split says why it has no expected version", async () => {
    const text = await runCli("train", "--brief");
    expect(text.stdout).toMatch(/fleet \(expected train\): replicas × chips\s+[\d,]+ × 64 = [\d,]+ chips/);
    expect(text.stdout).toMatch(/No expected numbers for the split or the run, by design/);
    const j = JSON.parse((await runCli("train", "--json")).stdout);
    expect(j.fleet.expected.replicas).toBeGreaterThanOrEqual(j.fleet.replicas);
    expect(j.training.expectedNote).toMatch(/by design/);
  });

  it("worldmodel and the lecture's three arguments say in one line why they show the roofline only", async () => {
    expect((await runCli("worldmodel", "--brief")).stdout).toMatch(/No expected numbers beside these: the teacher's, student's and training FLOP\/s are effective/);
    expect((await runCli("lecture", "scale-up", "--brief")).stdout).toMatch(/Bounds only: the largest model whose weights/);
    expect((await runCli("lecture", "memory-wall", "--brief")).stdout).toMatch(/No expected numbers: the memory wall is bytes/);
    expect((await runCli("lecture", "pipeline", "--brief")).stdout).toMatch(/Ideal stage steps only/);
    expect(JSON.parse((await runCli("lecture", "pipeline", "--json")).stdout).expectedNote).toMatch(/Ideal stage steps only/);
  });
});
