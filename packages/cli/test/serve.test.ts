import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { analyzeServing, getHardware, getModel, parseLength } from "@roofline/core";
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
    const r = await runCli("serve", "--rate", "5", "--input-tokens", "1000", "--output-tokens", "1000", "--slo-ttft-ms", "2000", "--slo-tpot-ms", "50", "--requests", "2000", "--json");
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
    expect(j.maxLoad).toBeGreaterThan(10);
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
    ];
    for (const [args, msg] of cases) {
      const r = await runCli("serve", ...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr, args.join(" ")).toMatch(msg);
      expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
    }
  });
});
