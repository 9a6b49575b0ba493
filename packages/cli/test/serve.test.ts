import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { analyzeServing, capacitySearch, getHardware, getModel, parseLength, stepTimesFor } from "@roofline/core";
import { nonFinitePaths, runCli } from "./run-cli.ts";

const dir = mkdtempSync(join(tmpdir(), "roofline-serve-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe("roofline serve", () => {
  it("--json has the issue's fields, finite, and the library's numbers", async () => {
    const r = await runCli("serve", "--rate", "5", "--input-tokens", "1000", "--output-tokens", "1000", "--slo-ttft-ms", "2000", "--slo-tpot-ms", "50", "--requests", "2000", "--efficiency", "ideal", "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    for (const k of ["requestsPerSecond", "outputTokensPerSecond", "outputTokensPerSecondPerChip", "inputTokensPerSecond", "usdPerMillionOutputTokens", "usdPerMillionInputTokens", "meanBatch", "trainPeriodSeconds"]) expect(typeof j[k]).toBe("number");
    for (const k of ["ttftSeconds", "tpotSeconds", "e2eSeconds"]) for (const q of ["mean", "p50", "p90", "p99"]) expect(typeof j[k][q]).toBe("number");
    expect(typeof j.goodputRequestsPerSecond.total).toBe("number");
    expect(typeof j.goodputRequestsPerSecond.perClass.default).toBe("number");
    expect(nonFinitePaths(j)).toEqual([]);
    const cls = { name: "default", share: 1, input: parseLength("1000", "i"), output: parseLength("1000", "o"), prefixHitFraction: 0, sloTtftSeconds: 2, sloTpotSeconds: 0.05, percentile: 99 };
    const lib = analyzeServing({ model: getModel("llama-3.1-70b"), hardware: getHardware("h100"), chips: 8, workload: { classes: [cls], arrivals: { kind: "poisson", ratePerSecond: 5 } }, requests: 2000, seed: 1 });
    expect(j.e2eSeconds.p99).toBe(lib.e2eSeconds.p99);
    expect(j.derivations["simulated.tpotSeconds"].kind).toBe("simulated");
  });

  it("--efficiency ideal runs on the roofline bound and says so", async () => {
    const r = await runCli("serve", "--rate", "5", "--requests", "500", "--efficiency", "ideal", "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.stepTimes).toBe("ideal");
    expect(j.derivations["simulated.ttftSeconds"].assumptions[0]).toMatch(/ideal roofline step times/);
  });

  it("prints the table, classes, the lecture's train and derivations", async () => {
    const r = await runCli("serve", "--rate", "5", "--requests", "1000", "--slo-ttft-ms", "2000");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Llama 3\.1 70B on 8 × NVIDIA H100/);
    expect(r.stdout).toMatch(/TTFT .* p99/);
    expect(r.stdout).toMatch(/≈ HBM drain time/);
    expect(r.stdout).toMatch(/DP adds streams, never faster ticks/);
    expect(r.stdout).toMatch(/Highest sustainable rate/);
    expect(r.stdout).toMatch(/simulated: discrete-event simulation/);
  });

  it("--max-load, --frontier and --concurrency max", async () => {
    const m = await runCli("serve", "--rate", "1", "--slo-ttft-ms", "2000", "--slo-tpot-ms", "50", "--max-load", "--json");
    expect(m.code).toBe(0);
    const j = JSON.parse(m.stdout);
    expect(j.maxLoad).toBeGreaterThan(1);
    const f = await runCli("serve", "--concurrency", "max", "--output-tokens", "200", "--frontier", "--brief");
    expect(f.code).toBe(0);
    expect(f.stdout).toMatch(/tokens\/s per user/);
    const c = await runCli("serve", "--concurrency", "max", "--output-tokens", "200", "--requests", "2000", "--json");
    expect(c.code).toBe(0);
    expect(JSON.parse(c.stdout).arrivals).toMatch(/closed loop, \d+ users/);
  });

  it("reads traces and classes files", async () => {
    const trace = file("t.jsonl", Array.from({ length: 200 }, (_, i) => JSON.stringify({ arrivalSeconds: i * 0.2, inputTokens: 800, outputTokens: 200, class: i % 2 ? "chat" : "batch" })).join("\n"));
    const classes = file("c.json", JSON.stringify([{ name: "chat", share: 1, sloTtftMs: 500 }, { name: "batch", share: 1 }]));
    const r = await runCli("serve", "--trace", trace, "--classes", classes, "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j.goodputRequestsPerSecond.perClass).sort()).toEqual(["batch", "chat"]);
  });

  it("bad input: a named error and exit 2", async () => {
    const cases: [string[], RegExp][] = [
      [["--rate", "-3"], /--rate/],
      [["--rate", "abc"], /--rate/],
      [[], /--rate: no value/],
      [["--rate", "5", "--concurrency", "4"], /--rate\/--concurrency/],
      [["--rate", "5", "--scheduler", "fifo"], /--scheduler/],
      [["--rate", "5", "--input-tokens", "uniform:10"], /--input-tokens/],
      [["--rate", "5", "--slo-tpot-ms", "0.01"], /--slo-tpot-ms.*at least .* ms: the physical floor/],
      [["--rate", "5", "--slo-ttft-ms", "1"], /--slo-ttft-ms.*at least .* ms: the physical floor/],
      [["--trace", file("bad1.jsonl", '{"arrivalSeconds": 2, "inputTokens": 5, "outputTokens": 5}\n{"arrivalSeconds": 1, "inputTokens": 5, "outputTokens": 5}')], /line 2: arrivalSeconds.*in order/],
      [["--trace", file("bad2.jsonl", '{"arrivalSeconds": 2, "inputTokens": 5}')], /line 1: outputTokens: missing/],
      [["--trace", join(dir, "nope.jsonl")], /--trace/],
      [["--rate", "5", "--classes", file("bad.json", '[{"name": "a"}]')], /share/],
      [["--rate", "5", "--max-load"], /SLO/],
      [["--rate", "5", "--chips", "1"], /does-not-fit|HBM|weights/],
      [["--rate", "5", "--efficiency", "optimistic"], /--efficiency/],
    ];
    for (const [args, msg] of cases) {
      const r = await runCli("serve", ...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr, args.join(" ")).toMatch(msg);
      expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
    }
  });
});

describe("roofline serve --target-rate (capacity)", () => {
  it("--json: the cheapest plan with its derivation, the alternatives, the check, and the library's numbers", async () => {
    const r = await runCli("serve", "--target-rate", "20", "--slo-ttft-ms", "2000", "--slo-tpot-ms", "50", "--systems", "h100,b200", "--json");
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(nonFinitePaths(j)).toEqual([]);
    const c = j.chosen;
    expect(c.replicas).toBe(Math.ceil(20 / c.candidate.maxRatePerReplica) + j.addedReplicas);
    expect(c.totalChips).toBe(c.replicas * c.candidate.chipsPerReplica);
    expect(c.usdPerHour).toBeCloseTo(c.totalChips * c.candidate.usdPerChipHour, 9);
    expect(j.check.meets).toBe(true);
    expect(j.plans.length).toBeGreaterThan(1);
    expect(new Set(j.plans.map((p: { candidate: { hardware: { id: string } } }) => p.candidate.hardware.id)).size).toBe(2);
    for (const k of ["maxRatePerReplica", "replicas", "totalChips", "usdPerHour"]) expect(j.derivations[k].value).toBeTypeOf("number");
    const lib = capacitySearch({
      serve: { model: getModel("llama-3.1-70b"), hardware: getHardware("h100"), workload: { classes: [{ name: "default", share: 1, input: parseLength("1000", "i"), output: parseLength("1000", "o"), prefixHitFraction: 0, sloTtftSeconds: 2, sloTpotSeconds: 0.05, percentile: 99 }], arrivals: { kind: "poisson", ratePerSecond: 20 } }, stepTimes: stepTimesFor("expected"), seed: 1, requests: 20000, warmupFraction: 0.1 },
      targetRatePerSecond: 20,
      systems: [getHardware("h100"), getHardware("b200")],
    });
    expect(c.totalChips).toBe(lib.chosen.totalChips);
    expect(c.candidate.maxRatePerReplica).toBe(lib.chosen.candidate.maxRatePerReplica);
  });

  it("prints the cheapest plan's arithmetic and the table of alternatives", async () => {
    const r = await runCli("serve", "--target-rate", "20", "--slo-tpot-ms", "50", "--brief");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Cheapest: \d+ replica\(s\) × \d+ NVIDIA H100/);
    expect(r.stdout).toMatch(/replicas = ⌈20 ÷ [\d.]+⌉ = \d+/);
    expect(r.stdout).toMatch(/cost = \d+ × \d+ × \$2\/chip-hour = \$[\d.,]+\/hour/);
    expect(r.stdout).toMatch(/check: one replica at .* meets every SLO/);
    expect(r.stdout).toMatch(/Alternatives \(cheapest first\)/);
  });

  it("bad input: a named error and exit 2", async () => {
    const cases: [string[], RegExp][] = [
      [["--target-rate", "-1", "--slo-tpot-ms", "50"], /--target-rate: got "-1"/],
      [["--target-rate", "5"], /--slo-ttft-ms or --slo-tpot-ms: .*at least one SLO/],
      [["--target-rate", "5", "--slo-tpot-ms", "2"], /--target-rate: .*the floors .*TPOT [\d.]+ ms/],
      [["--target-rate", "5", "--rate", "5", "--slo-tpot-ms", "50"], /--rate\/--target-rate/],
      [["--target-rate", "5", "--concurrency", "4", "--slo-tpot-ms", "50"], /closed loop/],
      [["--target-rate", "5", "--slo-tpot-ms", "50", "--systems", "nope"], /--systems/],
      [["--target-rate", "5", "--slo-tpot-ms", "50", "--max-replica-chips", "0"], /--max-replica-chips/],
    ];
    for (const [args, msg] of cases) {
      const r = await runCli("serve", ...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr, args.join(" ")).toMatch(msg);
      expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
    }
  });
});
